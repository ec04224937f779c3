/* ferry: tests of the "go to" line, locations shown and completion
 * (src/util/loc.c). */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util/err.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "testdir.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static const char *
show(const char *s)
{
	return (s == NULL ? "(null)" : s);
}

static const struct {
	const char	*current;
	const char	*login_dir;	/* of current's server, or NULL */
	const char	*typed;
	const char	*out;		/* NULL: an error */
	const char	*password;
} test_resolve[] = {
	/* Local panes. */
	{ "/home/ana", NULL, "/etc", "/etc", NULL },
	{ "/home/ana", NULL, "dir", "/home/ana/dir", NULL },
	{ "/home/ana", NULL, "dir with spaces/", "/home/ana/dir with spaces",
	  NULL },
	{ "/home/ana", NULL, "..", "/home", NULL },
	{ "/home/ana", NULL, "../../../..", "/", NULL },
	{ "/home/ana", NULL, "/..", "/", NULL },
	{ "/home/ana", NULL, "./a//b/./../c/", "/home/ana/a/c", NULL },
	{ "/", NULL, "..", "/", NULL },
	{ "/", NULL, "x", "/x", NULL },
	{ "/home/ana", NULL, "~", "/home/test", NULL },
	{ "/home/ana", NULL, "~/", "/home/test", NULL },
	{ "/home/ana", NULL, "~/dl/../x", "/home/test/x", NULL },
	{ "/home/ana", NULL, "~bob", "/home/ana/~bob", NULL },
	{ "/home/ana", NULL, "%20", "/home/ana/%20", NULL },
	{ "/home/ana", NULL, "日本語/é", "/home/ana/日本語/é", NULL },
	{ "/home/ana", NULL, "", NULL, NULL },
	{ "relative", NULL, "x", NULL, NULL },
	{ "relative", NULL, "/x", "/x", NULL },
	/* URLs typed on a local pane. */
	{ "/home/ana", NULL, "file:///tmp/a%20b/../c", "/tmp/c", NULL },
	{ "/home/ana", NULL, "file://", "/", NULL },
	{ "/home/ana", NULL, "sftp://ana@h/pub", "sftp://ana@h/pub", NULL },
	{ "/home/ana", NULL, "sftp://ana:pw@h:2222//etc/../srv/",
	  "sftp://ana@h:2222//srv", "pw" },
	{ "/home/ana", NULL, "SFTP://h:22/", "sftp://h", NULL },
	{ "/home/ana", NULL, "ftp://h/%2F", "ftp://h//", NULL },
	{ "/home/ana", NULL, "ftps://h/a/../../b", "ftps://h/../b", NULL },
	{ "/home/ana", NULL, "ftpes://[::1]:2121/x y", "ftpes://[::1]:2121/x%20y",
	  NULL },
	{ "/home/ana", NULL, "http://h/", NULL, NULL },
	{ "/home/ana", NULL, "ftp://h/%zz", NULL, NULL },
	/* Remote panes, absolute. */
	{ "sftp://ana@host//home/ana", NULL, "dir",
	  "sftp://ana@host//home/ana/dir", NULL },
	{ "sftp://ana@host//home/ana", NULL, "dir with spaces",
	  "sftp://ana@host//home/ana/dir%20with%20spaces", NULL },
	{ "sftp://ana@host//home/ana", NULL, "a/b%2Fc",
	  "sftp://ana@host//home/ana/a/b%252Fc", NULL },
	{ "sftp://ana@host//home/ana", NULL, "..", "sftp://ana@host//home",
	  NULL },
	{ "sftp://ana@host//home/ana", NULL, "../../../..", "sftp://ana@host//",
	  NULL },
	{ "sftp://ana@host//home/ana", NULL, "/", "sftp://ana@host//", NULL },
	{ "sftp://ana@host//home/ana", NULL, "/etc/./ssh/",
	  "sftp://ana@host//etc/ssh", NULL },
	{ "sftp://ana@host//", NULL, "..", "sftp://ana@host//", NULL },
	{ "sftp://ana@host:2222//x", NULL, "y", "sftp://ana@host:2222//x/y",
	  NULL },
	{ "sftp://ana@host//x", NULL, "~", "sftp://ana@host", NULL },
	{ "sftp://ana@host//x", NULL, "~/a", "sftp://ana@host/a", NULL },
	{ "sftp://ana@host//x", "/home/ana", "~/a",
	  "sftp://ana@host//home/ana/a", NULL },
	{ "sftp://ana@host//x", NULL, "~b", "sftp://ana@host//x/~b", NULL },
	/* Remote panes in the login directory. */
	{ "sftp://ana@host", NULL, "dir", "sftp://ana@host/dir", NULL },
	{ "sftp://ana@host", NULL, "..", "sftp://ana@host/..", NULL },
	{ "sftp://ana@host/a", NULL, "../..", "sftp://ana@host/..", NULL },
	{ "sftp://ana@host/a", NULL, "..", "sftp://ana@host", NULL },
	{ "sftp://ana@host", NULL, "~x", "sftp://ana@host/%7Ex", NULL },
	{ "sftp://ana@host", "/home/ana", "dir",
	  "sftp://ana@host//home/ana/dir", NULL },
	{ "sftp://ana@host", "/home/ana", "..", "sftp://ana@host//home",
	  NULL },
	{ "sftp://ana@host/a", "/home/ana", "../../..", "sftp://ana@host//",
	  NULL },
	{ "sftp://ana@host", "relative", "..", "sftp://ana@host/..", NULL },
	{ "ftp://ana:pw@host/a", NULL, "b", "ftp://ana@host/a/b", "pw" },
	/* A typed URL of the same server uses its login directory. */
	{ "sftp://ana@host", "/home/ana", "sftp://ana@HOST:22/x",
	  "sftp://ana@HOST//home/ana/x", NULL },
	{ "sftp://ana@host", "/home/ana", "sftp://bob@host/x",
	  "sftp://bob@host/x", NULL },
	{ "sftp://ana@host", "/home/ana", "ftp://ana@host/x",
	  "ftp://ana@host/x", NULL },
	/* A file URL pane is a local pane. */
	{ "file:///srv", NULL, "x", "/srv/x", NULL },
	{ "sftp://", NULL, "x", NULL, NULL },
};

Test(loc, typed_paths_and_urls_resolve_against_the_pane)
{
	struct loc_ctx	 ctx;
	char		*out, *password, *cause;
	size_t		 i;
	int		 error;

	for (i = 0; i < NITEMS(test_resolve); i++) {
		ctx.home = "/home/test/";
		ctx.login_dir = test_resolve[i].login_dir;
		cause = NULL;
		error = loc_resolve(test_resolve[i].current,
		    test_resolve[i].typed, &ctx, &out, &password, &cause);
		if (test_resolve[i].out == NULL) {
			cr_expect_eq(error, FERR_USAGE, "case %zu: \"%s\" on "
			    "\"%s\" gave \"%s\"", i, test_resolve[i].typed,
			    test_resolve[i].current, show(out));
			cr_expect_null(out);
			cr_expect_null(password);
			cr_expect_not_null(cause, "case %zu", i);
		} else {
			cr_expect_eq(error, 0, "case %zu: %s", i, show(cause));
			cr_expect_str_eq(show(out), test_resolve[i].out,
			    "case %zu: \"%s\" on \"%s\" gave \"%s\", not "
			    "\"%s\"", i, test_resolve[i].typed,
			    test_resolve[i].current, show(out),
			    test_resolve[i].out);
			cr_expect_str_eq(show(password),
			    show(test_resolve[i].password), "case %zu", i);
		}
		free(out);
		free(password);
		free(cause);
	}
}

Test(loc, the_tilde_uses_home_when_no_home_is_given)
{
	char	*out, *password;

	setenv("HOME", "/home/env", 1);
	cr_assert_eq(loc_resolve("/x", "~/a", NULL, &out, &password, NULL),
	    0);
	cr_expect_str_eq(out, "/home/env/a");
	free(out);
	unsetenv("HOME");
	cr_expect_eq(loc_resolve("/x", "~/a", NULL, &out, &password, NULL),
	    FERR_USAGE);
	cr_expect_null(out);
}

Test(loc, a_resolved_remote_location_is_what_url_parse_reads_back)
{
	static const char *const typed[] = {
		"dir with spaces", "/abs/with spaces/#?%", "x y/~", "..",
		"a;b=c", "日本",
	};
	struct url	 u;
	char		*out, *password;
	size_t		 i;

	for (i = 0; i < NITEMS(typed); i++) {
		cr_assert_eq(loc_resolve("sftp://ana@h//home/ana", typed[i],
		    NULL, &out, &password, NULL), 0);
		cr_assert_eq(url_parse(out, &u, NULL), 0, "%s", out);
		cr_expect_eq(u.path[0], '/', "%s", out);
		url_free(&u);
		free(out);
	}
	cr_assert_eq(loc_resolve("sftp://ana@h//", "#?%", NULL, &out,
	    &password, NULL), 0);
	cr_assert_eq(url_parse(out, &u, NULL), 0);
	cr_expect_str_eq(u.path, "/#?%");
	url_free(&u);
	free(out);
}

static const struct {
	const char	*location;
	const char	*display;
	const char	*edit;
} test_display[] = {
	{ "/home/ana/dir with spaces", "/home/ana/dir with spaces",
	  "/home/ana/dir with spaces" },
	{ "/tmp/a\nb\x1b[31m", "/tmp/a\\x0ab\\x1b[31m", "/tmp/a\nb\x1b[31m" },
	{ "sftp://ana@host//home/ana/dir%20with%20spaces",
	  "sftp://ana@host/home/ana/dir with spaces",
	  "/home/ana/dir with spaces" },
	{ "sftp://ana@host/%2Fhome/a%2Fb", "sftp://ana@host/home/a/b",
	  "/home/a/b" },
	{ "sftp://ana@host", "sftp://ana@host/~", "~" },
	{ "sftp://ana@host/dl/x", "sftp://ana@host/~/dl/x", "~/dl/x" },
	{ "sftp://ana@host/%7Ex", "sftp://ana@host/~/~x", "~/~x" },
	{ "sftp://ana:secret@host:2222//", "sftp://ana@host:2222/", "/" },
	{ "ftp://a%40b@[::1]:21//x%0Ay", "ftp://a@b@[::1]/x\\x0ay",
	  "/x\ny" },
	{ "ftp://h//%E6%97%A5", "ftp://h/日", "/日" },
	{ "ftp://h//%FF", "ftp://h/\\xff", "/\xff" },
	{ "file:///tmp/a%20b", "file:///tmp/a b", "/tmp/a b" },
	/* Not a valid URL: shown as it is, without the password. */
	{ "ftp://u:pw@h/%zz", "ftp://u@h/%zz", "ftp://u@h/%zz" },
};

Test(loc, locations_are_shown_decoded_absolute_and_safe)
{
	char	*s;
	size_t	 i;

	for (i = 0; i < NITEMS(test_display); i++) {
		s = loc_display(test_display[i].location);
		cr_expect_str_eq(s, test_display[i].display, "case %zu: \"%s\""
		    " shown as \"%s\"", i, test_display[i].location, s);
		free(s);
		s = loc_edit_text(test_display[i].location);
		cr_expect_str_eq(s, test_display[i].edit, "case %zu: edit "
		    "text \"%s\"", i, s);
		free(s);
	}
}

Test(loc, the_edit_text_typed_on_the_same_pane_gives_the_location_back)
{
	static const char *const locations[] = {
		"/home/ana/dir with spaces", "/", "sftp://ana@host//home/ana/a%20b",
		"sftp://ana@host//", "sftp://ana@host", "sftp://ana@host/dl/x",
		"sftp://ana@host/%7Ex", "sftp://ana@host/../x",
		"ftp://h:2121//x%23y",
	};
	char	*edit, *out, *password;
	size_t	 i;

	for (i = 0; i < NITEMS(locations); i++) {
		edit = loc_edit_text(locations[i]);
		cr_assert_eq(loc_resolve(locations[i], edit, NULL, &out,
		    &password, NULL), 0, "\"%s\"", edit);
		cr_expect_str_eq(out, locations[i], "\"%s\" gave \"%s\"",
		    edit, out);
		free(edit);
		free(out);
	}
}

/* ---------------------------------------------------------- completion */

static char	 tmpdir[] = "/tmp/ferry-test-loc.XXXXXX";

static void
touch(const char *name, int dir)
{
	char	*p = xasprintf("%s/%s", tmpdir, name);
	int	 fd;

	if (dir)
		cr_assert_eq(mkdir(p, 0700), 0, "%s", p);
	else {
		cr_assert_geq(fd = open(p, O_CREAT | O_WRONLY, 0600), 0);
		close(fd);
	}
	free(p);
}

static void
setup(void)
{
	char	*p;

	testdir_make(tmpdir);
	touch("alpha", 1);
	touch("alpine.txt", 0);
	touch("beta", 0);
	touch(".hidden", 0);
	touch("日本語", 1);
	touch("日本人.txt", 0);
	touch("alpha/inner", 0);
	p = xasprintf("%s/link-to-alpha", tmpdir);
	cr_assert_eq(symlink("alpha", p), 0);
	free(p);
}

static void
teardown(void)
{
	testdir_remove(tmpdir);
}

static const struct {
	const char	*typed;		/* "@" stands for tmpdir */
	const char	*cands;		/* joined with '|' */
	const char	*common;
} test_complete[] = {
	{ "al", "alpha/|alpine.txt", "alp" },
	{ "alph", "alpha/", "alpha/" },
	{ "b", "beta", "beta" },
	{ "z", "", "z" },
	{ "", "alpha/|alpine.txt|beta|link-to-alpha/|日本人.txt|日本語/", "" },
	{ ".", ".hidden", ".hidden" },
	{ "日本", "日本人.txt|日本語/", "日本" },
	{ "alpha/", "alpha/inner", "alpha/inner" },
	{ "./alpha/../be", "./alpha/../beta", "./alpha/../beta" },
	{ "link", "link-to-alpha/", "link-to-alpha/" },
	{ "@/be", "@/beta", "@/beta" },
	{ "~/alpha/i", "~/alpha/inner", "~/alpha/inner" },
	{ "~", "~/", "~/" },
};

/* s with "@" replaced by tmpdir (malloc'd). */
static char *
expand(const char *s)
{
	if (*s == '@')
		return (xasprintf("%s%s", tmpdir, s + 1));
	return (xstrdup(s));
}

Test(loc, local_paths_complete_to_entries_and_their_common_prefix,
    .init = setup, .fini = teardown)
{
	struct loc_completion	 c;
	char			*typed, *want, *joined, *common, *cause;
	size_t			 i, k;

	for (i = 0; i < NITEMS(test_complete); i++) {
		typed = expand(test_complete[i].typed);
		cause = NULL;
		cr_assert_eq(loc_complete(typed, tmpdir, tmpdir, &c, &cause),
		    0, "case %zu: %s", i, show(cause));
		joined = xstrdup("");
		for (k = 0; k < c.n; k++) {
			want = joined;
			joined = xasprintf("%s%s%s", want, k > 0 ? "|" : "",
			    c.v[k]);
			free(want);
		}
		/* Each candidate carries the directory part as typed. */
		want = expand(test_complete[i].cands);
		cr_expect_str_eq(joined, want, "case %zu \"%s\": %s", i, typed,
		    joined);
		common = expand(test_complete[i].common);
		cr_expect_str_eq(c.common, common, "case %zu: common \"%s\"",
		    i, c.common);
		free(common);
		free(want);
		free(joined);
		free(typed);
		loc_completion_free(&c);
	}
}

Test(loc, an_unreadable_directory_gives_an_error_and_no_candidates,
    .init = setup, .fini = teardown)
{
	struct loc_completion	 c;
	char			*cause = NULL;

	cr_expect_eq(loc_complete("nope/x", tmpdir, tmpdir, &c, &cause),
	    FERR_NOENT);
	cr_expect_eq(c.n, 0);
	cr_expect_null(c.common);
	cr_expect_not_null(strstr(show(cause), "nope"), "%s", show(cause));
	free(cause);
	cause = NULL;
	cr_expect_neq(loc_complete("beta/x", tmpdir, tmpdir, &c, &cause), 0);
	cr_expect_eq(c.n, 0);
	free(cause);
}
