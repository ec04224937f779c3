/* ferry: tests of the ~/.ssh/config reader (src/ssh/config.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ssh/config.h"
#include "util/err.h"

static void
parse(const char *text, const char *host, struct ssh_config *c)
{
	cr_assert_eq(ssh_config_parse(text, host, "/home/ana", c), 0);
}

Test(ssh_config, star_and_question_mark_match_like_openssh)
{
	cr_assert(ssh_config_pattern("*", "anything"));
	cr_assert(ssh_config_pattern("*.example.org", "files.example.org"));
	cr_assert_not(ssh_config_pattern("*.example.org", "example.org"));
	cr_assert(ssh_config_pattern("host?", "host1"));
	cr_assert_not(ssh_config_pattern("host?", "host12"));
	cr_assert(ssh_config_pattern("a*b*c", "aXXbYYc"));
	cr_assert_not(ssh_config_pattern("a*b*c", "aXXbYY"));
	cr_assert(ssh_config_pattern("", ""));
	cr_assert_not(ssh_config_pattern("", "x"));
}

/* One table row: a pattern, a name, whether it matches. */
struct pattern_case {
	const char	*pattern;
	const char	*name;
	int		 match;
};

static const struct pattern_case pattern_cases[] = {
	{ "*", "", 1 },
	{ "**", "x", 1 },
	{ "?", "", 0 },
	{ "*?", "", 0 },
	{ "*?", "a", 1 },
	{ "a*", "a", 1 },
	{ "*a", "ba", 1 },
	{ "*a", "ab", 0 },
	{ "a*a", "a", 0 },
	{ "a*a", "aa", 1 },
	{ "*.example.*", "www.example.org", 1 },
	{ "*.example.*", "www.example", 0 },
	{ "f*s.*.org", "files.eu.example.org", 1 },
	{ "f*s.*.org", "files.eu.example.net", 0 },
	{ "*ab*ab", "xabyabab", 1 },
	{ "*ab*ab", "xabyaba", 0 },
	{ "h?st*1", "HOST-01", 1 },
	{ "10.0.*.?", "10.0.12.7", 1 },
	{ "10.0.*.?", "10.0.12.77", 0 },
};

Test(ssh_config, patterns_match_as_the_table_says)
{
	size_t i;

	for (i = 0; i < sizeof pattern_cases / sizeof pattern_cases[0]; i++) {
		const struct pattern_case *t = &pattern_cases[i];

		cr_expect_eq(ssh_config_pattern(t->pattern, t->name), t->match,
		    "\"%s\" against \"%s\": expected %d", t->pattern, t->name,
		    t->match);
	}
}

/* A dozen "*a" pairs and a long name that almost matches: exponential
 * matching took minutes on this; it must take well under a second. */
Test(ssh_config, a_pathological_pattern_is_matched_fast, .timeout = 5)
{
	char pattern[64], name[4096];
	size_t i;

	pattern[0] = '\0';
	for (i = 0; i < 12; i++)
		strcat(pattern, "*a");
	strcat(pattern, "*b");
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	for (i = 0; i < 50; i++)
		cr_assert_not(ssh_config_pattern(pattern, name));
	name[sizeof name - 2] = 'b';
	cr_assert(ssh_config_pattern(pattern, name));
	cr_assert_not(ssh_config_host_matches(pattern, "aaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

Test(ssh_config, host_names_compare_without_case)
{
	cr_assert(ssh_config_pattern("Files.Example.ORG", "files.example.org"));
	cr_assert(ssh_config_host_matches("FILES", "files"));
}

Test(ssh_config, a_negated_pattern_wins_over_a_match)
{
	cr_assert(ssh_config_host_matches("*.org !secret.org", "a.org"));
	cr_assert_not(ssh_config_host_matches("*.org !secret.org",
	    "secret.org"));
	/* a negation alone selects nothing */
	cr_assert_not(ssh_config_host_matches("!secret.org", "other.org"));
}

Test(ssh_config, any_of_several_patterns_selects)
{
	cr_assert(ssh_config_host_matches("alpha beta gamma", "beta"));
	cr_assert_not(ssh_config_host_matches("alpha beta gamma", "delta"));
}

Test(ssh_config, the_matching_block_gives_hostname_user_port)
{
	struct ssh_config c;

	parse("Host other\n"
	    "  HostName wrong.example\n"
	    "Host files\n"
	    "  HostName files.example.org\n"
	    "  User ana\n"
	    "  Port 2222\n", "files", &c);
	cr_assert_str_eq(c.hostname, "files.example.org");
	cr_assert_str_eq(c.user, "ana");
	cr_assert_eq(c.port, 2222);
	cr_assert_eq(c.nidentity, 0);
	ssh_config_free(&c);
}

Test(ssh_config, the_first_value_wins_as_in_openssh)
{
	struct ssh_config c;

	parse("Host files\n"
	    "  User first\n"
	    "  Port 10\n"
	    "Host *\n"
	    "  User second\n"
	    "  Port 22\n"
	    "  HostName fallback.example\n", "files", &c);
	cr_assert_str_eq(c.user, "first");
	cr_assert_eq(c.port, 10);
	cr_assert_str_eq(c.hostname, "fallback.example");
	ssh_config_free(&c);
}

Test(ssh_config, identity_files_add_up_in_order_with_tilde_expanded)
{
	struct ssh_config c;

	parse("Host *\n"
	    "  IdentityFile ~/.ssh/work_ed25519\n"
	    "  IdentityFile \"/keys/with space\"\n"
	    "  IdentityFile %d/.ssh/%h.key\n", "files", &c);
	cr_assert_eq(c.nidentity, 3);
	cr_assert_str_eq(c.identity[0], "/home/ana/.ssh/work_ed25519");
	cr_assert_str_eq(c.identity[1], "/keys/with space");
	cr_assert_str_eq(c.identity[2], "/home/ana/.ssh/files.key");
	ssh_config_free(&c);
}

Test(ssh_config, keywords_ignore_case_and_take_an_equals_sign)
{
	struct ssh_config c;

	parse("host files\n"
	    "HOSTNAME=h1.example\n"
	    "user = bob\n"
	    "pOrT\t=\t2200\n", "files", &c);
	cr_assert_str_eq(c.hostname, "h1.example");
	cr_assert_str_eq(c.user, "bob");
	cr_assert_eq(c.port, 2200);
	ssh_config_free(&c);
}

Test(ssh_config, lines_before_any_host_apply_to_every_host)
{
	struct ssh_config c;

	parse("# a comment\n\nUser global\nHost x\nUser onlyx\n", "y", &c);
	cr_assert_str_eq(c.user, "global");
	ssh_config_free(&c);
}

Test(ssh_config, match_blocks_are_skipped_except_match_all)
{
	struct ssh_config c;

	parse("Match host files exec \"true\"\n"
	    "  User frommatch\n"
	    "Match all\n"
	    "  Port 2022\n", "files", &c);
	cr_assert_null(c.user);
	cr_assert_eq(c.port, 2022);
	ssh_config_free(&c);
}

Test(ssh_config, a_bad_port_is_ignored)
{
	struct ssh_config c;

	parse("Port 99999\nPort abc\nPort 0\nPort 2201\n", "h", &c);
	cr_assert_eq(c.port, 2201);
	ssh_config_free(&c);
}

Test(ssh_config, crlf_lines_and_no_final_newline_are_read)
{
	struct ssh_config c;

	parse("Host h\r\n  User crlf\r\n  Port 23", "h", &c);
	cr_assert_str_eq(c.user, "crlf");
	cr_assert_eq(c.port, 23);
	ssh_config_free(&c);
}

Test(ssh_config, a_host_that_nothing_selects_gets_nothing)
{
	struct ssh_config c;

	parse("Host a b\n  User x\n  IdentityFile ~/k\n", "c", &c);
	cr_assert_null(c.user);
	cr_assert_null(c.hostname);
	cr_assert_eq(c.port, 0);
	cr_assert_eq(c.nidentity, 0);
	ssh_config_free(&c);
}

Test(ssh_config, a_missing_file_gives_no_settings_and_no_error)
{
	struct ssh_config c;
	char *cause = NULL;

	cr_assert_eq(ssh_config_load("/nonexistent/ferry/ssh_config", "h",
	    "/home/ana", &c, &cause), 0);
	cr_assert_null(cause);
	cr_assert_null(c.user);
	ssh_config_free(&c);
}

Test(ssh_config, a_file_is_read_like_text)
{
	struct ssh_config c;
	char path[] = "/tmp/ferry-sshcfg-XXXXXX", *cause = NULL;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fputs("Host files\n  HostName 127.0.0.1\n  Port 2022\n", f);
	fclose(f);
	cr_assert_eq(ssh_config_load(path, "files", "/h", &c, &cause), 0);
	remove(path);
	cr_assert_str_eq(c.hostname, "127.0.0.1");
	cr_assert_eq(c.port, 2022);
	ssh_config_free(&c);
}
