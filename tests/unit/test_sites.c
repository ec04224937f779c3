/* ferry: tests of the sites and recent-locations files (src/conf/sites.c,
 * src/conf/recent.c, src/conf/ini.c, src/util/file.c). */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "conf/recent.h"
#include "conf/sites.h"
#include "util/err.h"
#include "util/xmalloc.h"
#include "testdir.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static char	 tmpdir[] = "/tmp/ferry-test-sites.XXXXXX";
static char	*path;

static void
setup(void)
{
	char	*dir;

	testdir_make(tmpdir);
	dir = xasprintf("%s/conf", tmpdir);
	cr_assert_eq(mkdir(dir, 0700), 0);
	free(dir);
	dir = xasprintf("%s/conf/ferry", tmpdir);
	cr_assert_eq(mkdir(dir, 0700), 0);
	free(dir);
	path = xasprintf("%s/conf/ferry/sites", tmpdir);
}

/* For the tests where the save makes the directories. */
static void
setup_empty(void)
{
	testdir_make(tmpdir);
	path = xasprintf("%s/conf/ferry/sites", tmpdir);
}

static void
teardown(void)
{
	free(path);
	testdir_remove(tmpdir);
}

static const char *
show(const char *s)
{
	return (s == NULL ? "(null)" : s);
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

static void
write_file(const char *p, const char *text, size_t len, mode_t mode)
{
	FILE	*f;

	f = fopen(p, "w");
	cr_assert_not_null(f, "cannot write %s", p);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(chmod(p, mode), 0);
}

/* The text of the file at p (malloc'd). */
static char *
read_text(const char *p)
{
	FILE	*f = fopen(p, "r");
	char	*buf = xmalloc(65536);
	size_t	 n;

	cr_assert_not_null(f, "cannot read %s", p);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

static void
add_ok(struct sites *l, const char *name, const char *url,
    const char *password, const char *note)
{
	struct site	s = { (char *)name, (char *)url, (char *)password,
			    (char *)note };
	char		*cause = NULL;

	cr_assert_eq(sites_add(l, &s, &cause), 0, "add \"%s\": %s", name,
	    show(cause));
}

/* Sites whose names and values hold what the syntax itself uses. */
static const struct site test_sites[] = {
	{ "plain", "sftp://ana@files.example.org:2222/pub", NULL, NULL },
	{ "with spaces  inside", "ftp://h/my dir/x y", NULL, "a note" },
	{ "Ünïcødé 日本語", "ftpes://ü@h/日本", NULL, "café = ☕" },
	{ "[bracketed] name]", "ftps://h", NULL, "[not a section]" },
	{ "a = b # c ; d", "sftp://h//etc", "p=w#d [x] \\ ;", "# not a "
	  "comment" },
	{ " blanks at the ends\t", "file:///tmp/x", " pw ", "  note  " },
	{ "new\nline\\back\rslash", "/local/path", "\x01\x7f", "tab\there" },
	{ "#hash first", "sftp://h/~/x", "", "=" },
	{ ";semicolon", "ftp://h", NULL, "" },
};

Test(sites, a_saved_list_loads_back_the_same, .init = setup,
    .fini = teardown)
{
	struct sites	 l = { NULL, 0 }, back;
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < NITEMS(test_sites); i++)
		add_ok(&l, test_sites[i].name, test_sites[i].url,
		    test_sites[i].password, test_sites[i].note);
	cr_assert_eq(sites_save(path, &l, &cause), 0, "%s", show(cause));
	cr_assert_eq(sites_load(path, &back, &cause), 0, "%s", show(cause));
	cr_assert_eq(back.n, NITEMS(test_sites));
	for (i = 0; i < back.n; i++) {
		cr_expect_str_eq(back.v[i].name, test_sites[i].name);
		cr_expect_str_eq(back.v[i].url, test_sites[i].url);
		cr_expect(same(back.v[i].password, test_sites[i].password),
		    "site %zu: password \"%s\"", i, show(back.v[i].password));
		cr_expect(same(back.v[i].note, test_sites[i].note),
		    "site %zu: note \"%s\"", i, show(back.v[i].note));
	}
	sites_free(&l);
	sites_free(&back);
}

/* Found by tests/fuzz/run sites: a note of 3,270 control bytes loaded,
 * was saved four times as long ("\x01" each) and the file then failed to
 * load with "line too long", losing every site. */
Test(sites, the_longest_fields_written_as_escapes_load_back, .init = setup,
    .fini = teardown)
{
	struct sites	 l = { NULL, 0 }, back;
	char		*cause = NULL, *name, *url, *controls;

	name = xmalloc(SITES_FIELD_MAX + 1);
	memset(name, ' ', SITES_FIELD_MAX);
	name[SITES_FIELD_MAX] = '\0';
	name[SITES_FIELD_MAX / 2] = 'x';
	url = xmalloc(SITES_FIELD_MAX + 1);
	memset(url, '\\', SITES_FIELD_MAX);
	url[SITES_FIELD_MAX] = '\0';
	url[0] = '/';
	controls = xmalloc(SITES_FIELD_MAX + 1);
	memset(controls, '\x01', SITES_FIELD_MAX);
	controls[SITES_FIELD_MAX] = '\0';
	add_ok(&l, name, url, controls, controls);
	cr_assert_eq(sites_save(path, &l, &cause), 0, "%s", show(cause));
	cr_assert_eq(sites_load(path, &back, &cause), 0, "%s", show(cause));
	cr_assert_eq(back.n, 1);
	cr_expect_str_eq(back.v[0].name, name);
	cr_expect_str_eq(back.v[0].url, url);
	cr_expect_str_eq(back.v[0].password, controls);
	cr_expect_str_eq(back.v[0].note, controls);
	sites_free(&back);
	sites_free(&l);
	free(name);
	free(url);
	free(controls);
}

Test(sites, a_field_longer_than_the_cap_is_refused_when_added_or_loaded,
    .init = setup, .fini = teardown)
{
	struct sites	 l = { NULL, 0 };
	struct site	 s = { "a", "ftp://h", NULL, NULL };
	char		*cause = NULL, *big, *text;

	big = xmalloc(SITES_FIELD_MAX + 2);
	memset(big, 'x', SITES_FIELD_MAX + 1);
	big[SITES_FIELD_MAX + 1] = '\0';
	s.note = big;
	cr_expect_eq(sites_add(&l, &s, &cause), FERR_USAGE);
	cr_expect_not_null(strstr(show(cause), "\"note\" in site \"a\""),
	    "%s", show(cause));
	free(cause);
	cause = NULL;
	s.note = NULL;
	s.name = big;
	cr_expect_eq(sites_add(&l, &s, NULL), FERR_USAGE);
	cr_expect_eq(l.n, 0);
	text = xasprintf("[a]\nurl = ftp://h\nnote = %s\n[b]\nurl = /b\n",
	    big);
	write_file(path, text, strlen(text), 0600);
	cr_expect_eq(sites_load(path, &l, &cause), FERR_USAGE);
	cr_expect_not_null(strstr(show(cause), "line 1: "), "%s",
	    show(cause));
	cr_expect_eq(l.n, 0);
	free(cause);
	free(text);
	free(big);
}

Test(sites, the_file_is_mode_0600_after_save_whatever_the_umask,
    .init = setup, .fini = teardown)
{
	struct sites	l = { NULL, 0 };
	struct stat	sb;

	umask(0);
	add_ok(&l, "a", "ftp://h", "secret", NULL);
	cr_assert_eq(sites_save(path, &l, NULL), 0);
	cr_assert_eq(chmod(path, 0666), 0);
	cr_assert_eq(sites_save(path, &l, NULL), 0);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0600, "mode %o",
	    (unsigned)(sb.st_mode & 07777));
	sites_free(&l);
}

Test(sites, a_save_leaves_no_temporary_file_and_makes_the_directory_0700,
    .init = setup_empty, .fini = teardown)
{
	struct sites	 l = { NULL, 0 };
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		*dir;
	int		 n = 0;

	umask(0);
	add_ok(&l, "a", "ftp://h", NULL, NULL);
	cr_assert_eq(sites_save(path, &l, NULL), 0);
	cr_assert_eq(sites_save(path, &l, NULL), 0);
	dir = xasprintf("%s/conf/ferry", tmpdir);
	cr_assert_eq(stat(dir, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0700);
	cr_assert_not_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.')
			n++;
	}
	closedir(d);
	cr_expect_eq(n, 1, "%d files in %s", n, dir);
	free(dir);
	sites_free(&l);
}

Test(sites, a_password_in_the_url_is_never_stored, .init = setup,
    .fini = teardown)
{
	struct sites	 l = { NULL, 0 };
	char		*text;

	add_ok(&l, "a", "sftp://ana:hunter2@h/x", NULL, NULL);
	cr_expect_str_eq(l.v[0].url, "sftp://ana@h/x");
	cr_expect_null(l.v[0].password);
	cr_assert_eq(sites_save(path, &l, NULL), 0);
	text = read_text(path);
	cr_expect_null(strstr(text, "hunter2"), "file: %s", text);
	cr_expect_null(strstr(text, "password ="), "file: %s", text);
	free(text);
	sites_free(&l);
}

Test(sites, a_password_is_stored_when_the_caller_gives_it, .init = setup,
    .fini = teardown)
{
	struct sites	 l = { NULL, 0 };
	char		*text;

	add_ok(&l, "a", "sftp://ana@h/x", "hunter2", NULL);
	cr_assert_eq(sites_save(path, &l, NULL), 0);
	text = read_text(path);
	cr_expect_not_null(strstr(text, "password = hunter2\n"), "file: %s",
	    text);
	free(text);
	sites_free(&l);
}

static const struct {
	const char	*text;
	mode_t		 mode;
	int		 error;		/* FERR_PERM: refused */
} test_modes[] = {
	{ "[a]\nurl = ftp://h\npassword = p\n", 0600, 0 },
	{ "[a]\nurl = ftp://h\npassword = p\n", 0400, 0 },
	{ "[a]\nurl = ftp://h\npassword = p\n", 0640, FERR_PERM },
	{ "[a]\nurl = ftp://h\npassword = p\n", 0604, FERR_PERM },
	{ "[a]\nurl = ftp://h\npassword = p\n", 0644, FERR_PERM },
	{ "[a]\nurl = ftp://h\npassword = p\n", 0620, FERR_PERM },
	/* An empty password is a password. */
	{ "[a]\nurl = ftp://h\npassword =\n", 0644, FERR_PERM },
	/* So is one written into the url by hand. */
	{ "[a]\nurl = ftp://u:p@h\n", 0644, FERR_PERM },
	/* Without passwords the mode does not matter. */
	{ "[a]\nurl = ftp://h\n", 0644, 0 },
	{ "[a]\nurl = ftp://u@h\nnote = password = x\n", 0666, 0 },
};

Test(sites, a_file_holding_a_password_is_refused_if_others_may_read_it,
    .init = setup, .fini = teardown)
{
	struct sites	 l;
	char		*cause;
	size_t		 i;
	int		 error;

	for (i = 0; i < NITEMS(test_modes); i++) {
		cause = NULL;
		write_file(path, test_modes[i].text,
		    strlen(test_modes[i].text), test_modes[i].mode);
		error = sites_load(path, &l, &cause);
		cr_expect_eq(error, test_modes[i].error, "case %zu (mode %o): "
		    "%d %s", i, (unsigned)test_modes[i].mode, error,
		    show(cause));
		if (error != 0) {
			cr_expect_eq(l.n, 0);
			cr_expect_not_null(cause);
			cr_expect_not_null(strstr(cause, path), "%s", cause);
			cr_expect_not_null(strstr(cause, "chmod 600"), "%s",
			    cause);
		} else {
			cr_expect_eq(l.n, 1);
			cr_expect_null(cause);
		}
		if (l.n == 1)
			cr_expect_null(strstr(l.v[0].url, ":p@"), "url %s",
			    l.v[0].url);
		sites_free(&l);
		free(cause);
	}
}

Test(sites, blank_lines_comments_indentation_and_crlf_are_tolerated,
    .init = setup, .fini = teardown)
{
	static const char text[] =
	    "# ferry sites\n"
	    "\n"
	    "   ; another comment\r\n"
	    "\t[ first site ]  \r\n"
	    "\n"
	    "  url\t=   sftp://ana@h/x  \r\n"
	    "# note = not read\n"
	    "note=n=1\n"
	    "colour = blue\n"
	    "[second]\n"
	    "url = /tmp\n"
	    "\n\n";
	struct sites	 l;
	char		*cause = NULL;

	write_file(path, text, sizeof text - 1, 0600);
	cr_assert_eq(sites_load(path, &l, &cause), 0, "%s", show(cause));
	cr_assert_eq(l.n, 2);
	cr_expect_str_eq(l.v[0].name, "first site");
	cr_expect_str_eq(l.v[0].url, "sftp://ana@h/x");
	cr_expect_str_eq(l.v[0].note, "n=1");
	cr_expect_null(l.v[0].password);
	cr_expect_str_eq(l.v[1].name, "second");
	cr_expect_str_eq(l.v[1].url, "/tmp");
	cr_expect_null(l.v[1].note);
	sites_free(&l);
}

Test(sites, a_missing_file_is_an_empty_list, .init = setup,
    .fini = teardown)
{
	struct sites	 l;
	char		*cause = NULL;

	cr_assert_eq(sites_load(path, &l, &cause), 0);
	cr_expect_eq(l.n, 0);
	cr_expect_null(cause);
}

static const struct {
	const char	*text;
	size_t		 len;		/* 0: strlen(text) */
	unsigned long	 line;		/* the line the message names */
} test_corrupt[] = {
	{ "url = ftp://h\n", 0, 1 },
	{ "[a\nurl = ftp://h\n", 0, 1 },
	{ "[a]x\nurl = ftp://h\n", 0, 1 },
	{ "[a]\njust some words\n", 0, 2 },
	{ "[a]\n= value\n", 0, 2 },
	{ "[a]\nur l = ftp://h\n", 0, 2 },
	{ "[a]\nurl = ftp://h\nurl = ftp://i\n", 0, 3 },
	{ "[a]\nurl = ftp://h\n\n[a]\nurl = ftp://i\n", 0, 4 },
	/* A site without url is blamed on its header. */
	{ "[a]\nnote = n\n\n[b]\nurl = ftp://h\n", 0, 1 },
	{ "# x\n[a]\nnote = n\n", 0, 2 },
	{ "[]\nurl = ftp://h\n", 0, 1 },
	{ "[a]\nurl = http://h\n", 0, 2 },
	{ "[a]\nurl = ftp://\n", 0, 2 },
	{ "[a]\nurl = relative/path\n", 0, 2 },
	{ "[a]\nurl = ftp://h\nnote = bad \\q escape\n", 0, 3 },
	{ "[a]\nurl = ftp://h\nnote = \\x0\n", 0, 3 },
	{ "[a]\nurl = ftp://h\nnote = \\x00\n", 0, 3 },
	{ "[a]\nurl = ftp://h\nnote = end\\\n", 0, 3 },
	{ "[a]\nurl = ftp://h\nnote = a\0b\n", 27, 3 },
	{ "\x7f" "ELF\x02\x01\x01\0\0\0", 10, 1 },
	{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, 1 },
};

Test(sites, a_corrupt_file_gives_an_error_naming_the_line, .init = setup,
    .fini = teardown)
{
	struct sites	 l;
	char		*cause, *want;
	size_t		 i, len;
	int		 error;

	for (i = 0; i < NITEMS(test_corrupt); i++) {
		cause = NULL;
		len = test_corrupt[i].len != 0 ? test_corrupt[i].len :
		    strlen(test_corrupt[i].text);
		write_file(path, test_corrupt[i].text, len, 0600);
		error = sites_load(path, &l, &cause);
		cr_expect_eq(error, FERR_USAGE, "case %zu: %d %s", i, error,
		    show(cause));
		cr_expect_eq(l.n, 0, "case %zu", i);
		cr_expect_null(l.v, "case %zu", i);
		want = xasprintf("%s line %lu: ", path, test_corrupt[i].line);
		cr_expect(cause != NULL && strstr(cause, want) != NULL,
		    "case %zu: \"%s\" should say \"%s\"", i, show(cause), want);
		free(want);
		free(cause);
	}
}

Test(sites, a_huge_line_or_file_is_refused_without_reading_it_all,
    .init = setup, .fini = teardown)
{
	struct sites	 l;
	char		*cause = NULL, *text;
	size_t		 len = SITES_FILE_MAX + 100;

	text = xmalloc(len);
	memset(text, 'x', len);
	memcpy(text, "[a]\nnote = ", 11);
	write_file(path, text, SITES_LINE_MAX + 100, 0600);
	cr_expect_eq(sites_load(path, &l, &cause), FERR_USAGE);
	cr_expect_not_null(strstr(show(cause), "line 2: "), "%s",
	    show(cause));
	free(cause);
	cause = NULL;
	write_file(path, text, len, 0600);
	cr_expect_neq(sites_load(path, &l, &cause), 0);
	cr_expect_eq(l.n, 0);
	cr_expect_not_null(cause);
	free(cause);
	free(text);
}

Test(sites, a_directory_in_place_of_the_file_is_an_error_not_a_crash,
    .init = setup, .fini = teardown)
{
	struct sites	 l;
	char		*cause = NULL;

	cr_assert_eq(mkdir(path, 0700), 0);
	cr_expect_neq(sites_load(path, &l, &cause), 0);
	cr_expect_not_null(cause);
	cr_expect_eq(l.n, 0);
	free(cause);
}

Test(sites, sites_are_found_edited_renamed_and_deleted_by_name)
{
	struct sites	 l = { NULL, 0 };
	struct site	 s = { "b", "ftp://other", NULL, "n" };
	char		*cause = NULL;

	add_ok(&l, "a", "ftp://a", NULL, NULL);
	add_ok(&l, "b", "ftp://b", "pw", NULL);
	add_ok(&l, "c", "ftp://c", NULL, NULL);
	cr_expect_str_eq(sites_find(&l, "b")->url, "ftp://b");
	cr_expect_null(sites_find(&l, "B"));

	cr_expect_eq(sites_edit(&l, "b", &s, &cause), 0, "%s", show(cause));
	cr_expect_str_eq(sites_find(&l, "b")->url, "ftp://other");
	cr_expect_null(sites_find(&l, "b")->password);
	cr_expect_str_eq(sites_find(&l, "b")->note, "n");

	s.name = "renamed";
	cr_expect_eq(sites_edit(&l, "b", &s, NULL), 0);
	cr_expect_null(sites_find(&l, "b"));
	cr_expect_str_eq(l.v[1].name, "renamed");

	cr_expect_eq(sites_edit(&l, "renamed", &(struct site){ "a",
	    "ftp://x", NULL, NULL }, &cause), FERR_EXISTS);
	cr_expect_not_null(strstr(show(cause), "\"a\""));
	cr_expect_eq(sites_edit(&l, "nope", &s, NULL), FERR_NOENT);
	cr_expect_eq(sites_add(&l, &(struct site){ "c", "ftp://y", NULL,
	    NULL }, NULL), FERR_EXISTS);
	cr_expect_eq(sites_add(&l, &(struct site){ "", "ftp://y", NULL,
	    NULL }, NULL), FERR_USAGE);
	cr_expect_eq(sites_add(&l, &(struct site){ "d", "gopher://y", NULL,
	    NULL }, NULL), FERR_USAGE);
	cr_expect_eq(sites_add(&l, &(struct site){ "d", NULL, NULL,
	    NULL }, NULL), FERR_USAGE);
	cr_expect_eq(l.n, 3);

	cr_expect_eq(sites_delete(&l, "a", NULL), 0);
	cr_expect_eq(sites_delete(&l, "a", NULL), FERR_NOENT);
	cr_assert_eq(l.n, 2);
	cr_expect_str_eq(l.v[0].name, "renamed");
	cr_expect_str_eq(l.v[1].name, "c");
	free(cause);
	sites_free(&l);
}

Test(sites, the_file_lives_under_xdg_config_home_or_dot_config)
{
	char	*p;

	setenv("XDG_CONFIG_HOME", "/x/conf//", 1);
	p = sites_path();
	cr_expect_str_eq(p, "/x/conf/ferry/sites");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/ana", 1);
	p = sites_path();
	cr_expect_str_eq(p, "/home/ana/.config/ferry/sites");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = sites_path();
	cr_expect_str_eq(p, "/home/ana/.config/ferry/sites");
	free(p);
}

/* ---------------------------------------------------------- recent */

Test(recent, the_newest_comes_first_and_the_list_stops_at_its_cap)
{
	struct recent	 r = { NULL, 0 };
	char		 loc[64];
	int		 i;

	for (i = 0; i < RECENT_MAX + 5; i++) {
		snprintf(loc, sizeof loc, "/dir/%d", i);
		recent_add(&r, loc);
	}
	cr_assert_eq(r.n, RECENT_MAX);
	snprintf(loc, sizeof loc, "/dir/%d", RECENT_MAX + 4);
	cr_expect_str_eq(r.v[0], loc);
	cr_expect_str_eq(r.v[RECENT_MAX - 1], "/dir/5");
	recent_free(&r);
}

Test(recent, a_location_visited_again_moves_to_the_front_once)
{
	struct recent	r = { NULL, 0 };

	recent_add(&r, "/a");
	recent_add(&r, "sftp://ana@h//x");
	recent_add(&r, "/b");
	recent_add(&r, "sftp://ana:secret@h//x");
	cr_assert_eq(r.n, 3);
	cr_expect_str_eq(r.v[0], "sftp://ana@h//x");
	cr_expect_str_eq(r.v[1], "/b");
	cr_expect_str_eq(r.v[2], "/a");
	recent_add(&r, "/a");
	cr_expect_str_eq(r.v[0], "/a");
	cr_expect_eq(r.n, 3);
	recent_free(&r);
}

Test(recent, passwords_are_stripped_and_never_saved, .init = setup,
    .fini = teardown)
{
	struct recent	 r = { NULL, 0 }, back;
	char		*text, *cause = NULL;
	struct stat	 sb;

	recent_add(&r, "ftp://u:hunter2@[::1]:2121/x:y@z");
	recent_add(&r, "sftp://:hunter2@h/");
	recent_add(&r, "/local/with:colon@at");
	cr_expect_str_eq(r.v[0], "/local/with:colon@at");
	cr_expect_str_eq(r.v[1], "sftp://@h/");
	cr_expect_str_eq(r.v[2], "ftp://u@[::1]:2121/x:y@z");
	cr_assert_eq(recent_save(path, &r, &cause), 0, "%s", show(cause));
	text = read_text(path);
	cr_expect_null(strstr(text, "hunter2"), "%s", text);
	free(text);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0600);
	cr_assert_eq(recent_load(path, &back, &cause), 0, "%s", show(cause));
	cr_assert_eq(back.n, 3);
	cr_expect_str_eq(back.v[0], r.v[0]);
	cr_expect_str_eq(back.v[2], r.v[2]);
	recent_free(&r);
	recent_free(&back);
}

Test(recent, a_file_edited_by_hand_is_capped_deduplicated_and_stripped,
    .init = setup, .fini = teardown)
{
	struct recent	 r;
	char		*cause = NULL;
	char		 text[4096] = "# recent\n";
	int		 i;

	strcat(text, "location = ftp://u:pw@h/\nlocation = /same\n"
	    "location = /same\nlocation = ftp://u@h/\n");
	for (i = 0; i < RECENT_MAX + 3; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "location = /n%d\n", i);
	write_file(path, text, strlen(text), 0644);
	cr_assert_eq(recent_load(path, &r, &cause), 0, "%s", show(cause));
	cr_assert_eq(r.n, RECENT_MAX);
	cr_expect_str_eq(r.v[0], "ftp://u@h/");
	cr_expect_str_eq(r.v[1], "/same");
	cr_expect_str_eq(r.v[2], "/n0");
	recent_free(&r);
}

Test(recent, a_corrupt_file_gives_an_error_naming_the_line_and_no_list,
    .init = setup, .fini = teardown)
{
	struct recent	 r;
	char		*cause = NULL;

	write_file(path, "location = /a\n[section]\n", 24, 0600);
	cr_expect_eq(recent_load(path, &r, &cause), FERR_USAGE);
	cr_expect_not_null(strstr(show(cause), "line 2: "), "%s",
	    show(cause));
	cr_expect_eq(r.n, 0);
	free(cause);
}

Test(recent, the_file_lives_under_xdg_state_home_or_dot_local_state)
{
	char	*p;

	setenv("XDG_STATE_HOME", "/st", 1);
	p = recent_path();
	cr_expect_str_eq(p, "/st/ferry/recent");
	free(p);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/ana/", 1);
	p = recent_path();
	cr_expect_str_eq(p, "/home/ana/.local/state/ferry/recent");
	free(p);
}
