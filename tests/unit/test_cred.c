/* ferry: tests of where credentials come from (src/net/cred.c). */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "net/cred.h"
#include "util/err.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"
#include "testdir.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static const char *
test_cred_show(const char *s)
{
	return (s == NULL ? "(null)" : s);
}

static int
test_cred_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

static const struct {
	const char	*text;
	const char	*host;
	const char	*user;		/* asked for, or NULL */
	int		 rc;
	const char	*login;
	const char	*password;
} test_cred_netrc[] = {
	{ "machine a login u password p\n", "a", NULL, 0, "u", "p" },
	{ "machine a login u password p\n", "A", NULL, 0, "u", "p" },
	{ "machine a login u password p\n", "b", NULL, FERR_NOENT, NULL,
	    NULL },
	/* Entries span lines, in any order of their tokens. */
	{ "machine a\n  password p\n  login u\n", "a", NULL, 0, "u", "p" },
	/* The first matching machine wins over later ones and default. */
	{ "default login d password dp\nmachine a login u password p\n"
	  "machine a login v password q\n", "a", NULL, 0, "u", "p" },
	{ "machine a login u password p\ndefault login d password dp\n",
	  "b", NULL, 0, "d", "dp" },
	/* A user asked for picks that user's entry. */
	{ "machine a login u password p\nmachine a login v password q\n",
	  "a", "v", 0, "v", "q" },
	{ "machine a login u password p\n", "a", "w", FERR_NOENT, NULL,
	    NULL },
	/* No login in the entry: it applies to any user. */
	{ "machine a password p\n", "a", "w", 0, NULL, "p" },
	/* Quoted words with spaces and escapes. */
	{ "machine a login \"my user\" password \"p w\\\"d\"\n", "a", NULL, 0,
	  "my user", "p w\"d" },
	/* A macro body is skipped, whatever words it holds. */
	{ "macdef init\nmachine a login x password y\n\nmachine a login u "
	  "password p\n", "a", NULL, 0, "u", "p" },
	/* account is read and ignored; unknown words too. */
	{ "machine a login u account acc password p port 21\n", "a", NULL, 0,
	  "u", "p" },
	/* A machine without a name at the end of the text. */
	{ "machine", "a", NULL, FERR_NOENT, NULL, NULL },
	{ "", "a", NULL, FERR_NOENT, NULL, NULL },
	/* Tabs and CRLF line ends. */
	{ "machine\ta\r\n\tlogin\tu\r\n\tpassword\tp\r\n", "a", NULL, 0, "u",
	  "p" },
};

Test(cred, netrc_entries_are_found_as_ftp_and_curl_find_them)
{
	char *login, *password;
	size_t i;
	int rc;

	for (i = 0; i < NITEMS(test_cred_netrc); i++) {
		rc = cred_netrc_parse(test_cred_netrc[i].text,
		    test_cred_netrc[i].host, test_cred_netrc[i].user, &login,
		    &password);
		cr_expect_eq(rc, test_cred_netrc[i].rc, "case %zu: rc %d", i,
		    rc);
		cr_expect(test_cred_same(login, test_cred_netrc[i].login),
		    "case %zu: login %s", i, test_cred_show(login));
		cr_expect(test_cred_same(password,
		    test_cred_netrc[i].password), "case %zu: password %s", i,
		    test_cred_show(password));
		free(login);
		cred_free(password);
	}
	cr_log_info("rows: %zu", NITEMS(test_cred_netrc));
}

static char test_cred_dir[] = "/tmp/ferry-cred-XXXXXX";

static void
test_cred_setup(void)
{
	testdir_make(test_cred_dir);
}

static void
test_cred_teardown(void)
{
	testdir_remove(test_cred_dir);
}

static char *
test_cred_write(const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", test_cred_dir, name);
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd != -1, "create %s", path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	cr_assert_eq(chmod(path, mode), 0);
	return (path);
}

Test(cred, password_file_gives_its_first_line, .init = test_cred_setup,
    .fini = test_cred_teardown)
{
	char *path = test_cred_write("pw", "s3cret\nsecond\n", 0600);
	char *pw = NULL, *cause = NULL;

	cr_assert_eq(cred_password_file(path, &pw, &cause), 0, "%s",
	    test_cred_show(cause));
	cr_expect_str_eq(pw, "s3cret");
	cred_free(pw);
	free(path);
}

Test(cred, password_file_readable_by_others_is_refused,
    .init = test_cred_setup, .fini = test_cred_teardown)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0660 };
	char *path, *pw = NULL, *cause = NULL;
	size_t i;

	for (i = 0; i < NITEMS(modes); i++) {
		path = test_cred_write("pw", "s3cret\n", modes[i]);
		cr_expect_eq(cred_password_file(path, &pw, &cause), FERR_PERM,
		    "mode %o", (unsigned)modes[i]);
		cr_expect_null(pw);
		cr_expect(cause != NULL && strstr(cause, "chmod 600") != NULL,
		    "cause: %s", test_cred_show(cause));
		cr_expect(cause == NULL || strstr(cause, "s3cret") == NULL);
		free(cause);
		cause = NULL;
		free(path);
	}
}

Test(cred, missing_password_file_says_so, .init = test_cred_setup,
    .fini = test_cred_teardown)
{
	char *pw = NULL, *cause = NULL;
	char *path = xasprintf("%s/none", test_cred_dir);

	cr_expect_eq(cred_password_file(path, &pw, &cause), FERR_NOENT);
	cr_expect_not_null(cause);
	free(cause);
	free(path);
}

/* The order: URL, password file, .netrc, and no prompt without a hook. */
Test(cred, password_sources_are_tried_in_order, .init = test_cred_setup,
    .fini = test_cred_teardown)
{
	struct vfs_env env = vfs_env_default;
	struct url *u = xcalloc(1, sizeof *u);
	struct vfs *fs;
	char *netrc, *pwfile, *pw = NULL, *cause = NULL;

	netrc = test_cred_write("netrc", "machine h login bob password "
	    "fromnetrc\n", 0600);
	pwfile = test_cred_write("pw", "fromfile\n", 0600);
	setenv("NETRC", netrc, 1);
	cr_assert_eq(url_parse("ftp://bob:fromurl@h/x", u, NULL), 0);
	fs = vfs_new(&vfs_local_ops, u);
	vfs_set_env(fs, &env);
	env.password_file = pwfile;

	cr_assert_eq(cred_password(fs->env, fs->url, "bob", &pw, &cause), 0);
	cr_expect_str_eq(pw, "fromurl");
	cred_free(pw);
	free(fs->url->password);
	fs->url->password = NULL;
	cr_assert_eq(cred_password(fs->env, fs->url, "bob", &pw, &cause), 0);
	cr_expect_str_eq(pw, "fromfile");
	cred_free(pw);
	env.password_file = NULL;
	cr_assert_eq(cred_password(fs->env, fs->url, "bob", &pw, &cause), 0);
	cr_expect_str_eq(pw, "fromnetrc");
	cred_free(pw);
	cr_expect_eq(cred_password(fs->env, fs->url, "alice", &pw, &cause), FERR_CONNECT);
	cr_expect_null(pw);
	cr_expect(cause != NULL && strstr(cause, "--password-file") != NULL);
	free(cause);
	unsetenv("NETRC");
	vfs_free(fs);
	free(netrc);
	free(pwfile);
}

/* Without a URL (no caller passes none today) the question still names
 * something and nothing is dereferenced. */
Test(cred, a_password_for_no_url_is_refused_with_a_message,
    .init = test_cred_setup, .fini = test_cred_teardown)
{
	struct vfs_env env = vfs_env_default;
	char *pw = NULL, *cause = NULL;

	setenv("NETRC", "/nonexistent/netrc", 1);
	cr_expect_eq(cred_password(&env, NULL, "bob", &pw, &cause),
	    FERR_CONNECT);
	cr_expect_null(pw);
	cr_expect(cause != NULL && strstr(cause, "the server: a password is "
	    "needed") != NULL, "%s", cause != NULL ? cause : "(none)");
	free(cause);
	unsetenv("NETRC");
}
