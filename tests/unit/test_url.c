/* ferry: tests of URL parsing and display (src/util/url.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "util/err.h"
#include "util/url.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* Strings that may be NULL: equal if both NULL or both the same text. */
static int
test_url_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

static const char *
test_url_show(const char *s)
{
	return (s == NULL ? "(null)" : s);
}

/* Parse s, which must succeed; abort the test with the case named if not. */
static void
test_url_parse_ok(const char *s, struct url *u)
{
	char	*cause = NULL;
	int	 error;

	error = url_parse(s, u, &cause);
	cr_assert_eq(error, 0, "\"%s\": parse failed: %s", s,
	    test_url_show(cause));
	cr_assert_null(cause, "\"%s\": cause set on success", s);
}

/* The struct is all zero (what a failed parse or url_free leaves). */
static int
test_url_is_clear(const struct url *u)
{
	return (u->scheme == NULL && u->user == NULL && u->password == NULL &&
	    u->host == NULL && u->port == 0 && u->path == NULL);
}

/* ---------------------------------------------------------- url_is_url */

Test(url, looks_like_a_url_only_with_a_scheme_and_two_slashes)
{
	static const struct {
		const char	*in;
		int		 expect;
	} cases[] = {
		{ "ftp://h", 1 },
		{ "sftp://", 1 },
		{ "FTP://H/x", 1 },
		{ "a+b-c.d9://h", 1 },
		{ "x://", 1 },
		{ "http://h", 1 },
		{ "", 0 },
		{ "ftp", 0 },
		{ "ftp:", 0 },
		{ "ftp:/h", 0 },
		{ "ftp:h", 0 },
		{ "ftp//h", 0 },
		{ "://h", 0 },
		{ "1ftp://h", 0 },
		{ "+ftp://h", 0 },
		{ "f_p://h", 0 },
		{ "ftp ://h", 0 },
		{ " ftp://h", 0 },
		{ "/tmp/ftp://h", 0 },
		{ "C:\\dir", 0 },
		{ "h:/x", 0 },
		{ "user@host:path", 0 },
	};
	size_t	i;

	for (i = 0; i < NITEMS(cases); i++)
		cr_assert_eq(!!url_is_url(cases[i].in), cases[i].expect,
		    "url_is_url(\"%s\") should be %d", cases[i].in,
		    cases[i].expect);
}

Test(url, a_null_string_is_not_a_url)
{
	cr_assert_eq(url_is_url(NULL), 0);
}

/* ---------------------------------------------------- url_default_port */

Test(url, each_scheme_has_its_default_port)
{
	static const struct {
		const char	*scheme;
		unsigned	 port;
	} cases[] = {
		{ "ftp", 21 },
		{ "ftpes", 21 },
		{ "ftps", 990 },
		{ "sftp", 22 },
		{ "FTPS", 990 },
		{ "file", 0 },
		{ "http", 0 },
		{ "", 0 },
		{ "ftpx", 0 },
		{ NULL, 0 },
	};
	size_t	i;

	for (i = 0; i < NITEMS(cases); i++)
		cr_assert_eq(url_default_port(cases[i].scheme), cases[i].port,
		    "default port of \"%s\" should be %u",
		    test_url_show(cases[i].scheme), cases[i].port);
}

/* ----------------------------------------------------- url_parse: good */

static const struct test_url_good {
	const char	*in;
	const char	*scheme;
	const char	*user;
	const char	*password;
	const char	*host;
	unsigned	 port;
	const char	*path;
} test_url_good[] = {
	/* Paths, RFC 1738: relative to the login directory. */
	{ "ftp://h", "ftp", NULL, NULL, "h", 0, "" },
	{ "ftp://h/", "ftp", NULL, NULL, "h", 0, "" },
	{ "ftp://h/pub/x", "ftp", NULL, NULL, "h", 0, "pub/x" },
	{ "ftp://h/pub/", "ftp", NULL, NULL, "h", 0, "pub/" },
	{ "ftp://h/%2Fetc/x", "ftp", NULL, NULL, "h", 0, "/etc/x" },
	{ "ftp://h/%2fetc/x", "ftp", NULL, NULL, "h", 0, "/etc/x" },
	{ "ftp://h//etc/x", "ftp", NULL, NULL, "h", 0, "/etc/x" },
	{ "ftp://h//", "ftp", NULL, NULL, "h", 0, "/" },
	{ "ftp://h/%2F", "ftp", NULL, NULL, "h", 0, "/" },
	{ "ftp://h///x", "ftp", NULL, NULL, "h", 0, "//x" },
	{ "ftp://h/a%20b", "ftp", NULL, NULL, "h", 0, "a b" },
	{ "ftp://h/a b", "ftp", NULL, NULL, "h", 0, "a b" },
	{ "ftp://h/caf%C3%A9", "ftp", NULL, NULL, "h", 0, "caf\xc3\xa9" },
	{ "ftp://h/100%25", "ftp", NULL, NULL, "h", 0, "100%" },
	{ "ftp://h/a%0Ab", "ftp", NULL, NULL, "h", 0, "a\nb" },
	{ "ftp://h/a@b:c", "ftp", NULL, NULL, "h", 0, "a@b:c" },
	{ "ftp://h/a?b#c", "ftp", NULL, NULL, "h", 0, "a?b#c" },
	/* "~" is the home directory, as curl has it. */
	{ "sftp://h/~/x", "sftp", NULL, NULL, "h", 0, "x" },
	{ "sftp://h/~/", "sftp", NULL, NULL, "h", 0, "" },
	{ "sftp://h/~", "sftp", NULL, NULL, "h", 0, "" },
	{ "ftp://h/~/pub", "ftp", NULL, NULL, "h", 0, "pub" },
	{ "sftp://h/~user/x", "sftp", NULL, NULL, "h", 0, "~user/x" },
	{ "sftp://h/x/~/y", "sftp", NULL, NULL, "h", 0, "x/~/y" },
	{ "sftp://h//~/x", "sftp", NULL, NULL, "h", 0, "/~/x" },
	{ "sftp://h/%7E/x", "sftp", NULL, NULL, "h", 0, "~/x" },
	/* Schemes. */
	{ "FTP://h", "ftp", NULL, NULL, "h", 0, "" },
	{ "SFtp://h", "sftp", NULL, NULL, "h", 0, "" },
	{ "ftps://h", "ftps", NULL, NULL, "h", 0, "" },
	{ "ftpes://h", "ftpes", NULL, NULL, "h", 0, "" },
	/* Users and passwords; the last '@' ends them. */
	{ "ftp://u@h", "ftp", "u", NULL, "h", 0, "" },
	{ "ftp://u:p@h/x", "ftp", "u", "p", "h", 0, "x" },
	{ "ftp://u:@h", "ftp", "u", "", "h", 0, "" },
	{ "ftp://u:p:q@h", "ftp", "u", "p:q", "h", 0, "" },
	{ "ftp://me@example.com@h/x", "ftp", "me@example.com", NULL, "h", 0,
	    "x" },
	{ "ftp://me@example.com:p@ss@h/x", "ftp", "me@example.com", "p@ss",
	    "h", 0, "x" },
	{ "ftp://me%40example.com@h", "ftp", "me@example.com", NULL, "h", 0,
	    "" },
	{ "ftp://a%3Ab:c%2Fd@h", "ftp", "a:b", "c/d", "h", 0, "" },
	{ "ftp://u%20v:p%25@h", "ftp", "u v", "p%", "h", 0, "" },
	/* Hosts and ports. */
	{ "ftp://host.example.org", "ftp", NULL, NULL, "host.example.org", 0,
	    "" },
	{ "ftp://My-Host_1~", "ftp", NULL, NULL, "My-Host_1~", 0, "" },
	{ "ftp://192.0.2.1:21/", "ftp", NULL, NULL, "192.0.2.1", 21, "" },
	{ "ftp://[::1]/x", "ftp", NULL, NULL, "::1", 0, "x" },
	{ "ftp://[::1]:2121/x", "ftp", NULL, NULL, "::1", 2121, "x" },
	{ "sftp://u@[2001:DB8::1]", "sftp", "u", NULL, "2001:DB8::1", 0, "" },
	{ "ftp://[::ffff:192.0.2.1]/", "ftp", NULL, NULL, "::ffff:192.0.2.1",
	    0, "" },
	{ "ftps://h:990", "ftps", NULL, NULL, "h", 990, "" },
	{ "ftpes://u@h:2121/x", "ftpes", "u", NULL, "h", 2121, "x" },
	{ "ftp://h:1", "ftp", NULL, NULL, "h", 1, "" },
	{ "ftp://h:65535", "ftp", NULL, NULL, "h", 65535, "" },
	{ "ftp://h:00021", "ftp", NULL, NULL, "h", 21, "" },
	/* Local files. */
	{ "file:///tmp/x", "file", NULL, NULL, "", 0, "/tmp/x" },
	{ "file://localhost/tmp/x", "file", NULL, NULL, "", 0, "/tmp/x" },
	{ "FILE://LocalHost/tmp/x", "file", NULL, NULL, "", 0, "/tmp/x" },
	{ "file:///tmp/a%20b", "file", NULL, NULL, "", 0, "/tmp/a b" },
	{ "file:///", "file", NULL, NULL, "", 0, "/" },
	{ "file://", "file", NULL, NULL, "", 0, "" },
	{ "file:////x", "file", NULL, NULL, "", 0, "//x" },
};

Test(url, every_part_is_parsed_and_decoded)
{
	const struct test_url_good	*c;
	struct url			 u;
	size_t				 i;

	for (i = 0; i < NITEMS(test_url_good); i++) {
		c = &test_url_good[i];
		test_url_parse_ok(c->in, &u);
		cr_assert_str_eq(u.scheme, c->scheme, "\"%s\": scheme \"%s\"",
		    c->in, u.scheme);
		cr_assert(test_url_same(u.user, c->user),
		    "\"%s\": user \"%s\", expected \"%s\"", c->in,
		    test_url_show(u.user), test_url_show(c->user));
		cr_assert(test_url_same(u.password, c->password),
		    "\"%s\": password \"%s\", expected \"%s\"", c->in,
		    test_url_show(u.password), test_url_show(c->password));
		cr_assert_str_eq(u.host, c->host, "\"%s\": host \"%s\"",
		    c->in, u.host);
		cr_assert_eq(u.port, c->port, "\"%s\": port %u", c->in,
		    u.port);
		cr_assert_str_eq(u.path, c->path, "\"%s\": path \"%s\"",
		    c->in, u.path);
		url_free(&u);
	}
}

Test(url, success_leaves_the_cause_alone)
{
	struct url	 u;
	char		*cause = strdup("earlier message");

	cr_assert_eq(url_parse("ftp://h/x", &u, &cause), 0);
	cr_assert_str_eq(cause, "earlier message");
	free(cause);
	url_free(&u);
}

/* ------------------------------------------------------ url_parse: bad */

static const char *const test_url_bad[] = {
	/* Not URLs, or unknown schemes. */
	"", "h", "/tmp/x", "ftp:/h", "ftp:h", "://h", "1ftp://h",
	"http://h", "gopher://h/x", "ftpx://h", "sftp2://h", "fil://x",
	/* Missing host. */
	"ftp://", "ftp:///x", "ftp://u@", "ftp://u@/x", "ftp://u:p@/x",
	"sftp://:22/x", "ftp://[]/x",
	/* Ports. */
	"ftp://h:99999", "ftp://h:65536", "ftp://h:0", "ftp://h:00",
	"ftp://h:", "ftp://h:/x", "ftp://h:-1", "ftp://h:+21", "ftp://h: 21",
	"ftp://h:21a", "ftp://h:0x15", "ftp://h:21:22",
	"ftp://h:18446744073709551637", "ftp://h:4294967317",
	/* IPv6. */
	"ftp://[::1", "ftp://[::1/x", "ftp://[::1]x", "ftp://[::1]:",
	"ftp://[::1]:0", "ftp://[::1]:99999", "ftp://[h]", "ftp://[zz::1]",
	"ftp://[::1%25eth0]", "ftp://[[::1]]", "ftp://::1/", "ftp://[::1]]",
	/* Host characters. */
	"ftp://h h/", "ftp://h\n/", "ftp://h\t", "ftp://h%41/", "ftp://h?x",
	"ftp://h#x", "ftp://h\\x", "ftp://h\x1b[2J/", "ftp://h\xc3\xa9/",
	/* Percent escapes and NUL bytes. */
	"ftp://h/%zz", "ftp://h/%", "ftp://h/%2", "ftp://h/a%g0",
	"ftp://h/%%41", "ftp://h/a%00b", "ftp://h/%00", "ftp://h//%00",
	"ftp://u%00@h", "ftp://u:p%00@h", "ftp://u%zz@h", "ftp://u:p%@h",
	"file:///tmp/%00", "file:///tmp/%z",
	/* User names. */
	"ftp://@h", "ftp://:p@h", "ftp://:@h",
	/* Local files. */
	"file://remote/x", "file://u@/x", "file://u@localhost/x",
	"file://:21/x", "file://localhost:21/x", "file://[::1]/x",
};

Test(url, bad_urls_are_usage_errors_with_a_reason)
{
	struct url	 u;
	char		*cause;
	size_t		 i;
	int		 error;

	for (i = 0; i < NITEMS(test_url_bad); i++) {
		cause = NULL;
		memset(&u, 0xa5, sizeof u);
		error = url_parse(test_url_bad[i], &u, &cause);
		cr_assert_eq(error, FERR_USAGE, "\"%s\": returned %d",
		    test_url_bad[i], error);
		cr_assert(cause != NULL && *cause != '\0',
		    "\"%s\": no reason given", test_url_bad[i]);
		cr_assert(test_url_is_clear(&u), "\"%s\": *out not cleared",
		    test_url_bad[i]);
		free(cause);
	}
}

Test(url, failing_without_a_cause_pointer_is_allowed)
{
	struct url	u;

	cr_assert_eq(url_parse("ftp://h:99999", &u, NULL), FERR_USAGE);
	cr_assert(test_url_is_clear(&u));
}

Test(url, a_failure_replaces_an_earlier_cause)
{
	struct url	 u;
	char		*cause = strdup("earlier message");

	cr_assert_eq(url_parse("ftp://", &u, &cause), FERR_USAGE);
	cr_assert_str_neq(cause, "earlier message");
	free(cause);
}

Test(url, an_unknown_scheme_is_named_in_the_reason)
{
	struct url	 u;
	char		*cause = NULL;

	cr_assert_eq(url_parse("gopher://h/x", &u, &cause), FERR_USAGE);
	cr_assert_not_null(strstr(cause, "gopher"), "reason: %s", cause);
	free(cause);
}

Test(url, a_bad_port_is_reported_as_a_port_problem)
{
	struct url	 u;
	char		*cause = NULL;

	cr_assert_eq(url_parse("ftp://h:99999/x", &u, &cause), FERR_USAGE);
	cr_assert_not_null(strstr(cause, "port"), "reason: %s", cause);
	free(cause);
}

Test(url, a_missing_host_is_reported_as_such)
{
	struct url	 u;
	char		*cause = NULL;

	cr_assert_eq(url_parse("sftp:///x", &u, &cause), FERR_USAGE);
	cr_assert_not_null(strstr(cause, "host"), "reason: %s", cause);
	free(cause);
}

/* ------------------------------------------------------ hostile inputs */

/* A string of n copies of c between prefix and suffix. */
static char *
test_url_long(const char *prefix, int c, size_t n, const char *suffix)
{
	size_t	 plen = strlen(prefix), slen = strlen(suffix);
	char	*s = malloc(plen + n + slen + 1);

	cr_assert_not_null(s);
	memcpy(s, prefix, plen);
	memset(s + plen, c, n);
	memcpy(s + plen + n, suffix, slen + 1);
	return (s);
}

Test(url, a_megabyte_path_is_parsed_whole)
{
	struct url	 u;
	char		*s = test_url_long("ftp://h/", 'a', 1 << 20, "/%41");

	test_url_parse_ok(s, &u);
	cr_assert_eq(strlen(u.path), (1 << 20) + 2);
	cr_assert_str_eq(u.path + (1 << 20), "/A");
	url_free(&u);
	free(s);
}

Test(url, a_long_user_name_full_of_at_signs_is_one_user)
{
	struct url	 u;
	char		*s = test_url_long("ftp://", '@', 100000, "h/x");

	test_url_parse_ok(s, &u);
	cr_assert_eq(strlen(u.user), 99999);
	cr_assert_str_eq(u.host, "h");
	cr_assert_str_eq(u.path, "x");
	url_free(&u);
	free(s);
}

Test(url, a_host_name_longer_than_dns_allows_is_refused)
{
	struct url	 u;
	char		*ok = test_url_long("ftp://", 'a', 255, "/x");
	char		*bad = test_url_long("ftp://", 'a', 256, "/x");

	test_url_parse_ok(ok, &u);
	url_free(&u);
	cr_assert_eq(url_parse(bad, &u, NULL), FERR_USAGE);
	cr_assert(test_url_is_clear(&u));
	free(ok);
	free(bad);
}

Test(url, a_port_of_ten_thousand_digits_is_refused)
{
	struct url	 u;
	char		*s = test_url_long("ftp://h:", '9', 10000, "/x");

	cr_assert_eq(url_parse(s, &u, NULL), FERR_USAGE);
	free(s);
}

Test(url, a_long_unknown_scheme_is_refused)
{
	struct url	 u;
	char		*s = test_url_long("", 'x', 100000, "://h");
	char		*cause = NULL;

	cr_assert_eq(url_parse(s, &u, &cause), FERR_USAGE);
	cr_assert_not_null(cause);
	free(cause);
	free(s);
}

Test(url, a_bad_escape_at_the_end_of_a_long_path_is_refused)
{
	struct url	 u;
	char		*s = test_url_long("ftp://u:p@h/", '%', 3, "");
	char		*t = test_url_long("ftp://u:p@h/", 'b', 1 << 16, "%z");

	cr_assert_eq(url_parse(s, &u, NULL), FERR_USAGE);
	cr_assert_eq(url_parse(t, &u, NULL), FERR_USAGE);
	cr_assert(test_url_is_clear(&u));
	free(s);
	free(t);
}

/* ---------------------------------------------------------- url_display */

static const struct {
	const char	*in;
	const char	*path;		/* NULL: the URL's own */
	const char	*expect;
} test_url_displays[] = {
	{ "ftp://h", NULL, "ftp://h" },
	{ "ftp://h/", NULL, "ftp://h" },
	{ "ftp://h/pub/x", NULL, "ftp://h/pub/x" },
	{ "ftp://u:secret@h/pub", NULL, "ftp://u@h/pub" },
	{ "ftp://u:@h", NULL, "ftp://u@h" },
	{ "ftp://h:21/x", NULL, "ftp://h/x" },
	{ "ftpes://h:21/x", NULL, "ftpes://h/x" },
	{ "ftps://h:990/x", NULL, "ftps://h/x" },
	{ "sftp://h:22", NULL, "sftp://h" },
	{ "ftps://h:21/x", NULL, "ftps://h:21/x" },
	{ "ftp://h:2121", NULL, "ftp://h:2121" },
	{ "sftp://[::1]:2222/x", NULL, "sftp://[::1]:2222/x" },
	{ "sftp://[::1]", NULL, "sftp://[::1]" },
	{ "ftp://192.0.2.1:2121/", NULL, "ftp://192.0.2.1:2121" },
	{ "ftp://h//etc/x", NULL, "ftp://h/%2Fetc/x" },
	{ "ftp://h/%2Fetc/x", NULL, "ftp://h/%2Fetc/x" },
	{ "ftp://h//", NULL, "ftp://h/%2F" },
	{ "ftp://h/a%20b%23c%3F%25", NULL, "ftp://h/a%20b%23c%3F%25" },
	{ "ftp://h/a:b@c;d=e,f+g!$&'()*~_-.", NULL,
	    "ftp://h/a:b@c;d=e,f+g!$&'()*~_-." },
	{ "ftp://h/a%22b%3Cc%3E%5C%5B%5D%60%7B%7C%7D%5E", NULL,
	    "ftp://h/a%22b%3Cc%3E%5C%5B%5D%60%7B%7C%7D%5E" },
	{ "ftp://h/caf%c3%a9", NULL, "ftp://h/caf%C3%A9" },
	{ "ftp://h/a%0Ab%1B%7F", NULL, "ftp://h/a%0Ab%1B%7F" },
	{ "ftp://h/~/x", NULL, "ftp://h/x" },
	{ "ftp://h/%7E/x", NULL, "ftp://h/%7E/x" },
	{ "ftp://h/~x", NULL, "ftp://h/%7Ex" },
	{ "ftp://h/a~b", NULL, "ftp://h/a~b" },
	{ "ftp://me@example.com@h", NULL, "ftp://me%40example.com@h" },
	{ "ftp://a%3Ab%2Fc%20d:p@h", NULL, "ftp://a%3Ab%2Fc%20d@h" },
	{ "ftp://u!$&'()*+,;=@h", NULL, "ftp://u!$&'()*+,;=@h" },
	{ "file:///tmp/x", NULL, "file:///tmp/x" },
	{ "file://localhost/tmp/a%20b", NULL, "file:///tmp/a%20b" },
	{ "file://", NULL, "file://" },
	/* The path argument replaces the URL's own. */
	{ "ftp://h/x", "a/b", "ftp://h/a/b" },
	{ "ftp://h/x", "/etc/y", "ftp://h/%2Fetc/y" },
	{ "ftp://h/x", "/", "ftp://h/%2F" },
	{ "ftp://h/x", "", "ftp://h" },
	{ "ftp://u:pw@h:2121/x", "dir/my file#1",
	    "ftp://u@h:2121/dir/my%20file%231" },
	{ "ftp://h/x", "a\nb", "ftp://h/a%0Ab" },
	{ "file:///x", "/tmp/y z", "file:///tmp/y%20z" },
};

Test(url, display_hides_the_password_and_encodes_the_path)
{
	struct url	 u;
	char		*s;
	size_t		 i;

	for (i = 0; i < NITEMS(test_url_displays); i++) {
		test_url_parse_ok(test_url_displays[i].in, &u);
		s = url_display(&u, test_url_displays[i].path);
		cr_assert_str_eq(s, test_url_displays[i].expect,
		    "\"%s\" with path \"%s\" shown as \"%s\"",
		    test_url_displays[i].in,
		    test_url_show(test_url_displays[i].path), s);
		free(s);
		url_free(&u);
	}
}

Test(url, display_never_shows_the_password)
{
	struct url	 u;
	char		*s;

	test_url_parse_ok("sftp://user:hunter2@h:2222/hunter2x", &u);
	s = url_display(&u, "elsewhere");
	cr_assert_null(strstr(s, "hunter2"), "password shown in \"%s\"", s);
	free(s);
	url_free(&u);
}

Test(url, display_of_a_built_struct_shows_an_ipv6_host_in_brackets)
{
	struct url	 u = {
		.scheme = (char *)"sftp", .host = (char *)"fe80::1",
		.port = 22, .path = (char *)"x",
	};
	char		*s = url_display(&u, NULL);

	cr_assert_str_eq(s, "sftp://[fe80::1]/x");
	free(s);
}

/* Parse, display, parse again: the same URL but for the password. */
static const char *const test_url_roundtrip[] = {
	"ftp://h", "ftp://h/pub/x", "ftp://h//etc/x", "ftp://h/%2F",
	"ftp://u:p@h:2121/a%20b", "ftp://me@example.com@h/~/x",
	"sftp://a%3Ab@[::1]:2222/%7E/x", "sftp://h/~x", "ftps://h/%25%2500",
	"ftp://h/caf%C3%A9/%0A/%3F%23", "ftp://h/a%2Fb", "file:///tmp/x%20y",
	"ftpes://u@h:990/%7E",
};

Test(url, a_displayed_url_parses_back_to_the_same_place)
{
	struct url	 a, b;
	char		*s;
	size_t		 i;

	for (i = 0; i < NITEMS(test_url_roundtrip); i++) {
		test_url_parse_ok(test_url_roundtrip[i], &a);
		s = url_display(&a, NULL);
		test_url_parse_ok(s, &b);
		cr_assert_str_eq(a.scheme, b.scheme, "%s", s);
		cr_assert(test_url_same(a.user, b.user), "%s", s);
		cr_assert_null(b.password, "%s", s);
		cr_assert_str_eq(a.host, b.host, "%s", s);
		cr_assert(a.port == b.port ||
		    (b.port == 0 && a.port == url_default_port(a.scheme)),
		    "%s: port %u then %u", s, a.port, b.port);
		cr_assert_str_eq(a.path, b.path, "\"%s\" then \"%s\" via %s",
		    a.path, b.path, s);
		url_free(&a);
		url_free(&b);
		free(s);
	}
}

/* --------------------------------------------------- url_dup, url_free */

Test(url, a_duplicate_owns_copies_of_every_string)
{
	struct url	 u, *d;

	test_url_parse_ok("ftp://me:pw@h:2121/pub/x", &u);
	d = url_dup(&u);
	cr_assert_not_null(d);
	cr_assert_neq(d->scheme, u.scheme);
	cr_assert_neq(d->user, u.user);
	cr_assert_neq(d->password, u.password);
	cr_assert_neq(d->host, u.host);
	cr_assert_neq(d->path, u.path);
	url_free(&u);
	cr_assert_str_eq(d->scheme, "ftp");
	cr_assert_str_eq(d->user, "me");
	cr_assert_str_eq(d->password, "pw");
	cr_assert_str_eq(d->host, "h");
	cr_assert_eq(d->port, 2121);
	cr_assert_str_eq(d->path, "pub/x");
	url_free(d);
	free(d);
}

Test(url, a_duplicate_keeps_missing_parts_missing)
{
	struct url	 u, *d;

	test_url_parse_ok("sftp://h", &u);
	d = url_dup(&u);
	cr_assert_null(d->user);
	cr_assert_null(d->password);
	cr_assert_eq(d->port, 0);
	cr_assert_str_eq(d->path, "");
	url_free(d);
	free(d);
	url_free(&u);
	cr_assert_null(url_dup(NULL));
}

Test(url, freeing_clears_the_struct_and_may_be_repeated)
{
	struct url	u;

	test_url_parse_ok("ftp://u:p@h:2121/x", &u);
	url_free(&u);
	cr_assert(test_url_is_clear(&u));
	url_free(&u);
	cr_assert(test_url_is_clear(&u));
	url_free(NULL);
}

/* ------------------------------------------------ locations for browsing */

Test(url, a_child_of_a_url_is_percent_encoded_and_of_a_path_is_not)
{
	static const struct {
		const char *loc, *name, *want;
	} t[] = {
		{ "/tmp", "a b", "/tmp/a b" },
		{ "/", "etc", "/etc" },
		{ "rel", "x%y", "rel/x%y" },
		{ "sftp://h/pub", "a b", "sftp://h/pub/a%20b" },
		{ "sftp://h/pub/", "50%#?", "sftp://h/pub/50%25%23%3F" },
		{ "ftp://h", "x", "ftp://h/x" },
		{ "ftp://h/", "é", "ftp://h/%C3%A9" },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		got = url_child(t[i].loc, t[i].name);
		cr_assert_str_eq(got, t[i].want, "child of %s + %s", t[i].loc,
		    t[i].name);
		free(got);
	}
}

Test(url, the_parent_of_the_top_is_none)
{
	static const struct {
		const char *loc, *want;	/* want NULL: at the top */
	} t[] = {
		{ "/tmp/a/b", "/tmp/a" },
		{ "/tmp/a/b/", "/tmp/a" },
		{ "/tmp", "/" },
		{ "/", NULL },
		{ "rel/x", "rel" },
		{ "rel", NULL },
		{ "sftp://h/pub/iso", "sftp://h/pub" },
		{ "sftp://h/pub", "sftp://h/" },
		{ "sftp://h/", NULL },
		{ "sftp://h", NULL },
		{ "sftp://h//etc/x", "sftp://h//etc" },
		{ "sftp://h//etc", "sftp://h//" },
		{ "sftp://h//", NULL },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		got = url_parent(t[i].loc);
		if (t[i].want == NULL)
			cr_assert_null(got, "parent of %s is %s", t[i].loc, got);
		else {
			cr_assert_not_null(got, "no parent of %s", t[i].loc);
			cr_assert_str_eq(got, t[i].want, "parent of %s",
			    t[i].loc);
		}
		free(got);
	}
}

Test(url, the_last_name_of_a_url_is_decoded)
{
	static const struct {
		const char *loc, *want;
	} t[] = {
		{ "/tmp/a b/", "a b" },
		{ "/tmp/x%41", "x%41" },
		{ "sftp://h/pub/a%20b", "a b" },
		{ "sftp://h/pub/bad%zz", "bad%zz" },
		{ "sftp://h/pub/nul%00", "nul%00" },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		got = url_last_name(t[i].loc);
		cr_assert_str_eq(got, t[i].want, "last name of %s", t[i].loc);
		free(got);
	}
}

/* ------------------------------------------------- url_strip_password */

Test(url, a_stripped_location_keeps_all_but_the_password)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "sftp://ana:pw@h/x", "sftp://ana@h/x" },
		{ "sftp://ana:p:w@h:22//etc", "sftp://ana@h:22//etc" },
		{ "ftp://a:b@c@h/d", "ftp://a@h/d" },
		{ "ftp://:pw@h", "ftp://@h" },
		{ "ftp://ana@h/x:y@z", "ftp://ana@h/x:y@z" },
		{ "ftp://h/a:b@c", "ftp://h/a:b@c" },
		{ "ftp://[::1]:21/", "ftp://[::1]:21/" },
		{ "ftp://u:p@[::1]:21/", "ftp://u@[::1]:21/" },
		{ "/local/u:p@h", "/local/u:p@h" },
		{ "", "" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < NITEMS(cases); i++) {
		s = url_strip_password(cases[i].in);
		cr_expect_str_eq(s, cases[i].out, "\"%s\" gave \"%s\"",
		    cases[i].in, s);
		free(s);
	}
}
