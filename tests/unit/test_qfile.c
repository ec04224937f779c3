/* ferry: tests of the transfer queue file (src/conf/qfile.c). */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "conf/qfile.h"
#include "util/err.h"
#include "util/xmalloc.h"
#include "testdir.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static char	 tmpdir[] = "/tmp/ferry-test-qfile.XXXXXX";
static char	*path;

static void
setup(void)
{
	testdir_make(tmpdir);
	path = xasprintf("%s/state/ferry/queue", tmpdir);
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

static void
write_file(const char *text, size_t len)
{
	char	*dir = xasprintf("%s/state", tmpdir);
	FILE	*f;

	(void)mkdir(dir, 0700);
	free(dir);
	dir = xasprintf("%s/state/ferry", tmpdir);
	(void)mkdir(dir, 0700);
	free(dir);
	cr_assert_not_null(f = fopen(path, "w"));
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static char *
read_text(void)
{
	FILE	*f = fopen(path, "r");
	char	*buf = xmalloc(65536);
	size_t	 n;

	cr_assert_not_null(f);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

static const struct qfile_item test_items[] = {
	{ "sftp://ana@files.example.org:2222//pub/a.iso", "/home/ana/a.iso",
	  QFILE_FILE, QFILE_COPY, QFILE_QUEUED, 0, 2254857216ULL, NULL },
	{ "/home/ana/dir with spaces", "ftps://u@h/up/dir with spaces",
	  QFILE_TREE, QFILE_MOVE, QFILE_FAILED, 5000000000ULL,
	  QFILE_SIZE_UNKNOWN, "550 permission denied: = # [x] \\ ;" },
	{ "/tmp/Ünïcødé 日本語\nnewline", "/tmp/b\\c\t",
	  QFILE_FILE, QFILE_COPY, QFILE_QUEUED, 1, 1, "" },
	{ "file:///tmp/x", "sftp://h/rel/x", QFILE_TREE, QFILE_COPY,
	  QFILE_QUEUED, 0, 0, "  blanks  " },
};

Test(qfile, a_saved_queue_loads_back_the_same, .init = setup,
    .fini = teardown)
{
	struct qfile	 q = { NULL, 0 }, back;
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < NITEMS(test_items); i++)
		qfile_add(&q, &test_items[i]);
	cr_assert_eq(qfile_save(path, &q, &cause), 0, "%s", show(cause));
	cr_assert_eq(qfile_load(path, &back, &cause), 0, "%s", show(cause));
	cr_expect_null(cause);
	cr_assert_eq(back.n, NITEMS(test_items));
	for (i = 0; i < back.n; i++) {
		cr_expect_str_eq(back.v[i].source, test_items[i].source);
		cr_expect_str_eq(back.v[i].target, test_items[i].target);
		cr_expect_eq(back.v[i].kind, test_items[i].kind, "item %zu", i);
		cr_expect_eq(back.v[i].op, test_items[i].op, "item %zu", i);
		cr_expect_eq(back.v[i].state, test_items[i].state);
		cr_expect_eq(back.v[i].done, test_items[i].done);
		cr_expect_eq(back.v[i].total, test_items[i].total);
		if (test_items[i].message == NULL)
			cr_expect_null(back.v[i].message);
		else
			cr_expect_str_eq(back.v[i].message,
			    test_items[i].message);
	}
	qfile_free(&q);
	qfile_free(&back);
}

Test(qfile, ended_items_are_not_kept_and_running_ones_come_back_queued,
    .init = setup, .fini = teardown)
{
	static const enum qfile_state states[] = {
		QFILE_DONE, QFILE_RUNNING, QFILE_CANCELLED, QFILE_FAILED,
		QFILE_QUEUED,
	};
	struct qfile		q = { NULL, 0 }, back;
	struct qfile_item	it = test_items[0];
	size_t			i;

	for (i = 0; i < NITEMS(states); i++) {
		it.state = states[i];
		it.done = i;
		qfile_add(&q, &it);
	}
	cr_assert_eq(qfile_save(path, &q, NULL), 0);
	cr_assert_eq(qfile_load(path, &back, NULL), 0);
	cr_assert_eq(back.n, 3);
	cr_expect_eq(back.v[0].state, QFILE_QUEUED);
	cr_expect_eq(back.v[0].done, 1);
	cr_expect_eq(back.v[1].state, QFILE_FAILED);
	cr_expect_eq(back.v[2].state, QFILE_QUEUED);
	cr_expect_eq(back.v[2].done, 4);
	qfile_free(&q);
	qfile_free(&back);
}

Test(qfile, passwords_are_stripped_before_they_reach_the_file,
    .init = setup, .fini = teardown)
{
	struct qfile		 q = { NULL, 0 }, back;
	struct qfile_item	 it = test_items[0];
	char			*text;

	it.source = "sftp://ana:hunter2@h//x";
	it.target = "ftp://bob:s3cr%40t@[::1]:2121/y";
	qfile_add(&q, &it);
	/* Also when the caller changed the item after adding it. */
	free(q.v[0].target);
	q.v[0].target = xstrdup("ftp://bob:s3cr%40t@[::1]:2121/y");
	cr_assert_eq(qfile_save(path, &q, NULL), 0);
	text = read_text();
	cr_expect_null(strstr(text, "hunter2"), "%s", text);
	cr_expect_null(strstr(text, "s3cr"), "%s", text);
	free(text);
	cr_assert_eq(qfile_load(path, &back, NULL), 0);
	cr_assert_eq(back.n, 1);
	cr_expect_str_eq(back.v[0].source, "sftp://ana@h//x");
	cr_expect_str_eq(back.v[0].target, "ftp://bob@[::1]:2121/y");
	qfile_free(&back);

	/* A file edited by hand: stripped on load. */
	text = "version = 1\n[item]\nsource = ftp://u:pw@h/x\n"
	    "target = /t\nkind = file\nop = copy\nstate = queued\ndone = 0\n"
	    "total = unknown\n[end]\n";
	write_file(text, strlen(text));
	cr_assert_eq(qfile_load(path, &back, NULL), 0);
	cr_assert_eq(back.n, 1);
	cr_expect_str_eq(back.v[0].source, "ftp://u@h/x");
	qfile_free(&back);
	qfile_free(&q);
}

Test(qfile, a_message_is_kept_as_one_line_of_bounded_length)
{
	struct qfile		 q = { NULL, 0 };
	struct qfile_item	 it = test_items[0];
	char			*long_msg;

	it.message = "first line\r\nsecond line";
	qfile_add(&q, &it);
	cr_expect_str_eq(q.v[0].message, "first line");
	/* 'é' is two bytes: the cut never splits it. */
	long_msg = xmalloc(2 * QFILE_MESSAGE_MAX + 2);
	long_msg[0] = 'x';
	for (size_t i = 0; i < QFILE_MESSAGE_MAX; i++)
		memcpy(long_msg + 1 + 2 * i, "é", 2);
	long_msg[2 * QFILE_MESSAGE_MAX + 1] = '\0';
	it.message = long_msg;
	qfile_add(&q, &it);
	cr_expect_leq(strlen(q.v[1].message), QFILE_MESSAGE_MAX);
	cr_expect_eq(strlen(q.v[1].message) % 2, 1);
	free(long_msg);
	qfile_free(&q);
}

Test(qfile, a_missing_file_is_an_empty_queue_without_warning,
    .init = setup, .fini = teardown)
{
	struct qfile	 q;
	char		*warning = NULL;

	cr_expect_eq(qfile_load(path, &q, &warning), 0);
	cr_expect_eq(q.n, 0);
	cr_expect_null(warning);
}

/* The load gives a warning and an empty queue, whatever the file held. */
static void
expect_warning_and_empty(const char *what)
{
	struct qfile	 q;
	char		*warning = NULL;

	cr_expect_lt(qfile_load(path, &q, &warning), 0, "%s", what);
	cr_expect_eq(q.n, 0, "%s", what);
	cr_expect_null(q.v, "%s", what);
	cr_expect_not_null(warning, "%s", what);
	cr_expect_not_null(strstr(show(warning), path), "%s: %s", what,
	    show(warning));
	cr_expect_not_null(strstr(show(warning), "queue starts empty"),
	    "%s: %s", what, show(warning));
	free(warning);
	/* And NULL for the warning is allowed. */
	cr_expect_lt(qfile_load(path, &q, NULL), 0, "%s", what);
}

/* A location of QFILE_LOCATION_MAX control bytes (four bytes each in the
 * file) loads back; a longer one is neither saved nor loaded.  Before,
 * such a location loaded, and the file saved from it failed to load with
 * "line too long", losing the whole queue. */
Test(qfile, the_longest_locations_load_back_and_longer_ones_are_left_out,
    .init = setup, .fini = teardown)
{
	struct qfile		 q = { NULL, 0 }, back;
	struct qfile_item	 it = test_items[0];
	char			*at_cap, *over, *text;

	at_cap = xmalloc(QFILE_LOCATION_MAX + 1);
	memset(at_cap, '\x01', QFILE_LOCATION_MAX);
	at_cap[0] = '/';
	at_cap[QFILE_LOCATION_MAX] = '\0';
	over = xmalloc(QFILE_LOCATION_MAX + 2);
	memset(over, 'x', QFILE_LOCATION_MAX + 1);
	over[0] = '/';
	over[QFILE_LOCATION_MAX + 1] = '\0';
	it.source = at_cap;
	it.target = at_cap;
	qfile_add(&q, &it);
	it.target = over;
	qfile_add(&q, &it);
	cr_assert_eq(qfile_save(path, &q, NULL), 0);
	cr_assert_eq(qfile_load(path, &back, NULL), 0);
	cr_assert_eq(back.n, 1);
	cr_expect_str_eq(back.v[0].source, at_cap);
	cr_expect_str_eq(back.v[0].target, at_cap);
	qfile_free(&back);

	text = xasprintf("version = 1\n[item]\nsource = /a\ntarget = %s\n"
	    "kind = file\nop = copy\nstate = queued\ndone = 0\ntotal = 1\n"
	    "[end]\n", over);
	write_file(text, strlen(text));
	expect_warning_and_empty("location over the cap");
	free(text);
	free(over);
	free(at_cap);
	qfile_free(&q);
}

static const char *const test_corrupt[] = {
	"garbage\n",
	"version = 2\n[item]\n",
	"[item]\nsource = /a\n",
	"version = 1\nversion = 1\n",
	"version = 1\n[other]\n",
	"version = 1\n[item]\nsource = /a\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = 0\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = folder\n"
	    "op = copy\nstate = queued\ndone = 0\ntotal = 1\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = paused\ndone = 0\ntotal = 1\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = -1\ntotal = 1\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = 2\ntotal = 1\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = 0\ntotal = 99999999999999999999\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = 0\ntotal = 18446744073709551615\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = 0\ntotal = 1\ntotal = 1\n",
	"version = 1\n[item]\nsource = relative\ntarget = /b\n",
	"version = 1\n[item]\nsource = http://h/x\ntarget = /b\n",
	"version = 1\n[item]\nsource = /a\\\n",
	"version = 1\n[end]\n[item]\n",
	"version = 1\n[end]\nversion = 1\n",
	"version = 1\n[end\n",
	"version = 1\n[item]\nsource = /a\ntarget = /b\nkind = file\nop = copy\n"
	    "state = queued\ndone = 0\ntotal = 1\n",
};

Test(qfile, a_corrupt_file_gives_a_warning_and_an_empty_queue,
    .init = setup, .fini = teardown)
{
	char	what[32];
	size_t	i;

	for (i = 0; i < NITEMS(test_corrupt); i++) {
		write_file(test_corrupt[i], strlen(test_corrupt[i]));
		snprintf(what, sizeof what, "case %zu", i);
		expect_warning_and_empty(what);
	}
}

Test(qfile, a_truncated_file_never_loads_half_an_item, .init = setup,
    .fini = teardown)
{
	struct qfile	 q = { NULL, 0 }, back;
	char		*text, *warning;
	size_t		 i, len, j;
	int		 error;

	for (i = 0; i < NITEMS(test_items); i++)
		qfile_add(&q, &test_items[i]);
	cr_assert_eq(qfile_save(path, &q, NULL), 0);
	text = read_text();
	len = strlen(text);
	for (j = 0; j < len; j++) {
		write_file(text, j);
		warning = NULL;
		error = qfile_load(path, &back, &warning);
		if (error != 0) {
			cr_expect_eq(back.n, 0, "cut at %zu", j);
			cr_expect_lt(j, len - 1);
			cr_expect_not_null(warning, "cut at %zu", j);
		} else {
			/* Only what is cut from "[end]\n" after its ']'. */
			cr_expect_geq(j, len - 1, "cut at %zu of %zu loaded",
			    j, len);
			cr_expect_eq(back.n, NITEMS(test_items));
		}
		qfile_free(&back);
		free(warning);
	}
	free(text);
	qfile_free(&q);
}

Test(qfile, binary_data_gives_a_warning_and_an_empty_queue, .init = setup,
    .fini = teardown)
{
	unsigned char	buf[4096];
	size_t		i;

	for (i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	write_file((char *)buf, sizeof buf);
	expect_warning_and_empty("binary");
	write_file("version = 1\n\0\0\0\0", 16);
	expect_warning_and_empty("NUL bytes");
}

Test(qfile, a_huge_line_or_file_gives_a_warning_and_an_empty_queue,
    .init = setup, .fini = teardown)
{
	size_t	 len = QFILE_FILE_MAX + 10;
	char	*text = xmalloc(len);

	memset(text, '#', len);
	write_file(text, QFILE_LINE_MAX + 1);
	expect_warning_and_empty("huge line");
	for (size_t i = 0; i < len; i += 80)
		text[i] = '\n';
	write_file(text, len);
	expect_warning_and_empty("huge file");
	free(text);
}

/* As root, mode 000 does not stop reading: these places do. */
Test(qfile, an_unreadable_file_gives_a_warning_and_an_empty_queue,
    .init = setup, .fini = teardown)
{
	write_file("", 0);
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(mkdir(path, 0700), 0);
	expect_warning_and_empty("a directory");
	cr_assert_eq(rmdir(path), 0);
	cr_assert_eq(mkfifo(path, 0600), 0);
	expect_warning_and_empty("a FIFO");
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(symlink(path, path), 0);
	expect_warning_and_empty("a symbolic link loop");
}

Test(qfile, the_file_is_mode_0600_after_save, .init = setup,
    .fini = teardown)
{
	struct qfile	q = { NULL, 0 };
	struct stat	sb;

	umask(0);
	write_file("", 0);
	cr_assert_eq(chmod(path, 0666), 0);
	qfile_add(&q, &test_items[0]);
	cr_assert_eq(qfile_save(path, &q, NULL), 0);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_mode & 07777, 0600);
	qfile_free(&q);
}

Test(qfile, the_direction_follows_from_the_two_locations)
{
	static const struct {
		const char		*source, *target;
		enum qfile_direction	 dir;
	} cases[] = {
		{ "/a", "/b", QFILE_LOCAL },
		{ "file:///a", "/b", QFILE_LOCAL },
		{ "sftp://h/a", "/b", QFILE_DOWNLOAD },
		{ "/a", "ftp://h/b", QFILE_UPLOAD },
		{ "ftps://h/a", "sftp://i/b", QFILE_REMOTE },
	};
	struct qfile_item	it = test_items[0];
	size_t			i;

	for (i = 0; i < NITEMS(cases); i++) {
		it.source = (char *)cases[i].source;
		it.target = (char *)cases[i].target;
		cr_expect_eq(qfile_direction(&it), cases[i].dir, "case %zu",
		    i);
	}
}

Test(qfile, the_file_lives_under_xdg_state_home)
{
	char	*p;

	setenv("XDG_STATE_HOME", "/st/", 1);
	p = qfile_path();
	cr_expect_str_eq(p, "/st/ferry/queue");
	free(p);
}
