/* ferry: trees copied by several threads at once (src/xfer/pool.c),
 * through "faulty": a test-only backend that wraps the local one, looks
 * remote, refuses to read files named bad*, reads slowly when asked, and
 * counts its sessions; every thread of the pool gets its own from the
 * session hook. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/err.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"
#include "xfer/xfer.h"
#include "testdir.h"

/* ------------------------------------------------------------ faulty */

static struct {
	atomic_int	connects;
	atomic_int	lent;		/* sessions out of the session hook */
	atomic_int	refuse;		/* the session hook fails */
	atomic_int	read_delay_ms;
	atomic_int	opens;
	atomic_int	reading;	/* reads under way now */
	atomic_int	most_reading;	/* the most at once */
	atomic_int	no_times;	/* targets cannot set times */
} faulty;

static int
faulty_connect(struct vfs *fs, char **cause)
{
	atomic_fetch_add(&faulty.connects, 1);
	return (vfs_local_ops.connect(fs, cause));
}

static int
faulty_open_read(struct vfs *fs, const char *path, uint64_t offset,
    struct vfs_file **out, char **cause)
{
	*out = NULL;
	atomic_fetch_add(&faulty.opens, 1);
	if (strncmp(path_basename(path), "bad", 3) == 0)
		return (ferr_set(cause, FERR_IO, "%s: permission denied "
		    "(faulty)", path));
	return (vfs_local_ops.open_read(fs, path, offset, out, cause));
}

static int
faulty_read(struct vfs_file *f, void *buf, size_t len, size_t *got,
    char **cause)
{
	int ms = atomic_load(&faulty.read_delay_ms), now, most, rc;

	now = atomic_fetch_add(&faulty.reading, 1) + 1;
	most = atomic_load(&faulty.most_reading);
	while (now > most &&
	    !atomic_compare_exchange_weak(&faulty.most_reading, &most, now))
		;
	if (ms > 0) {
		struct timespec ts = { 0, ms * 1000000L };

		nanosleep(&ts, NULL);
	}
	rc = vfs_local_ops.read(f, buf, len > 4096 ? 4096 : len, got, cause);
	atomic_fetch_sub(&faulty.reading, 1);
	return (rc);
}

/* The local operations but for these (filled in by test_setup). */
static struct vfs_ops faulty_table;
/* Local targets that cannot set times. */
static struct vfs_ops notimes_table;

static struct vfs *
test_target(void)
{
	return (vfs_new(atomic_load(&faulty.no_times) ? &notimes_table :
	    &vfs_local_ops, NULL));
}

/* A session that looks remote (an sftp:// URL). */
static struct vfs *
faulty_new(void)
{
	struct url *u = xcalloc(1, sizeof *u);
	char *cause = NULL;

	cr_assert_eq(url_parse("sftp://test/x", u, &cause), 0, "%s", cause);
	return (vfs_new(&faulty_table, u));
}

/* ------------------------------------------------------------ hooks */

struct test_log {
	atomic_int	 inside;	/* hooks running now */
	atomic_int	 overlapped;	/* a hook ran while another did */
	atomic_int	 progress;
	atomic_int	 last_files_done;
	atomic_int	 notices;
	atomic_int	 info_notices;
	atomic_int	 asks;
	atomic_int	 cancel_after;	/* cancel after this many progress
					   calls (0: never) */
	enum xfer_policy answer;
	int		 answer_all;
	int		 answer_ms;	/* the user takes this long */
	pthread_mutex_t	 lock;
	char		 text[16384];
};

static struct test_log test_log = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void
test_enter(void)
{
	if (atomic_fetch_add(&test_log.inside, 1) != 0)
		atomic_store(&test_log.overlapped, 1);
}

static void
test_leave(void)
{
	atomic_fetch_sub(&test_log.inside, 1);
}

static void
test_on_progress(void *arg, const struct xfer_progress *p)
{
	(void)arg;
	test_enter();
	atomic_fetch_add(&test_log.progress, 1);
	atomic_store(&test_log.last_files_done, p->files_done);
	test_leave();
}

static void
test_on_notice(void *arg, int info, const char *text)
{
	size_t len;

	(void)arg;
	test_enter();
	atomic_fetch_add(info ? &test_log.info_notices : &test_log.notices,
	    1);
	pthread_mutex_lock(&test_log.lock);
	len = strlen(test_log.text);
	snprintf(test_log.text + len, sizeof test_log.text - len, "%s\n",
	    text);
	pthread_mutex_unlock(&test_log.lock);
	test_leave();
}

static int
test_on_cancelled(void *arg)
{
	int after = atomic_load(&test_log.cancel_after);

	(void)arg;
	test_enter();
	test_leave();
	return (after > 0 && atomic_load(&test_log.progress) >= after);
}

static enum xfer_policy
test_on_ask(void *arg, const struct xfer_question *q, int *all, char **name)
{
	(void)arg;
	(void)q;
	(void)name;
	atomic_fetch_add(&test_log.asks, 1);
	if (test_log.answer_ms > 0)
		usleep((useconds_t)test_log.answer_ms * 1000);
	*all = test_log.answer_all;
	return (test_log.answer);
}

static int
test_session(void *arg, int side, struct vfs **fsp, char **cause)
{
	struct vfs *fs;
	int rc;

	(void)arg;
	*fsp = NULL;
	if (atomic_load(&faulty.refuse))
		return (ferr_set(cause, FERR_CONNECT, "too many connections "
		    "(faulty)"));
	fs = side == XFER_SOURCE ? faulty_new() : test_target();
	if ((rc = vfs_connect(fs, cause)) != 0) {
		vfs_free(fs);
		return (rc);
	}
	atomic_fetch_add(&faulty.lent, 1);
	*fsp = fs;
	return (0);
}

static void
test_release(void *arg, struct vfs *fs, int keep)
{
	(void)arg;
	(void)keep;
	atomic_fetch_sub(&faulty.lent, 1);
	vfs_free(fs);
}

static const struct xfer_hooks test_hooks = {
	.arg = &test_log,
	.progress = test_on_progress,
	.notice = test_on_notice,
	.cancelled = test_on_cancelled,
	.ask = test_on_ask,
	.session = test_session,
	.release = test_release,
};

/* ------------------------------------------------------------ fixture */

static char			 test_dir[] = "/tmp/ferry-pool-XXXXXX";
static struct vfs		*test_src;
static struct vfs		*test_dst;
static char			*test_cause;
static struct xfer_opts		 test_opts;
static struct xfer_result	 test_res;

static void
test_setup(void)
{
	testdir_make(test_dir);
	faulty_table = vfs_local_ops;
	faulty_table.name = "faulty";
	faulty_table.connect = faulty_connect;
	faulty_table.open_read = faulty_open_read;
	faulty_table.read = faulty_read;
	notimes_table = vfs_local_ops;
	notimes_table.caps &= ~VFS_CAP_SETTIME;
	test_src = faulty_new();
	test_dst = vfs_new(&vfs_local_ops, NULL);
	xfer_opts_init(&test_opts);
	test_opts.recursive = 1;
	test_opts.parallel = 4;
	test_opts.retries = 0;
	test_opts.bufsize = 64 * 1024;
}

static void
test_teardown(void)
{
	vfs_free(test_src);
	vfs_free(test_dst);
	free(test_cause);
	testdir_remove(test_dir);
}

TestSuite(pool, .init = test_setup, .fini = test_teardown);

static const char *
tp(const char *name)
{
	static char	buf[4][PATH_MAX];
	static int	next;
	char		*p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", test_dir, name);
	return (p);
}

/* A file of the first have of len bytes that depend on seed. */
static void
test_file(const char *name, size_t len, size_t have, unsigned seed)
{
	unsigned char *buf = xmalloc(len ? len : 1);
	uint64_t x = seed * 2654435761u + 1;
	size_t i;
	int fd;

	for (i = 0; i < len; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[i] = (unsigned char)(x >> 56);
	}
	fd = open(tp(name), O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1, "%s", name);
	cr_assert_eq(write(fd, buf, have), (ssize_t)have);
	close(fd);
	free(buf);
}

/* s/ with n files in nested directories (and nbad files that cannot be
 * read); with partials, d/ has the same directories and a 1-byte partial
 * of every file.  Returns the bytes of the good files. */
static uint64_t
test_tree(int n, int nbad, int partials)
{
	static const char *const dirs[] = { "a", "a/b", "c", "c/d e", "",
	    "empty" };
	char name[256];
	uint64_t bytes = 0;
	size_t i, len;

	cr_assert_eq(mkdir(tp("s"), 0755), 0);
	if (partials)
		cr_assert_eq(mkdir(tp("d"), 0755), 0);
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (dirs[i][0] == '\0')
			continue;
		snprintf(name, sizeof name, "s/%s", dirs[i]);
		cr_assert_eq(mkdir(tp(name), 0755), 0);
		name[0] = 'd';
		cr_assert(!partials || mkdir(tp(name), 0755) == 0);
	}
	for (i = 0; i < (size_t)n; i++) {
		len = i % 7 == 0 ? 200000 + i : 4096 + i % 3;
		snprintf(name, sizeof name, "s/%s/f%zu", dirs[i % 5], i);
		test_file(name, len, len, (unsigned)i);
		name[0] = 'd';
		if (partials)
			test_file(name, len, 1, (unsigned)i);
		bytes += len;
	}
	for (i = 0; i < (size_t)nbad; i++) {
		snprintf(name, sizeof name, "s/%s/bad%zu", dirs[i % 5], i);
		test_file(name, 100, 100, 7);
	}
	return (bytes);
}

static int
test_run(void)
{
	free(test_cause);
	test_cause = NULL;
	return (xfer_run(test_src, tp("s"), test_dst, tp("d"), &test_opts,
	    &test_hooks, &test_res, &test_cause));
}

/* Both trees hold the same names and bytes (diff -r). */
static int
test_same(const char *a, const char *b)
{
	char *cmd = xasprintf("diff -r '%s' '%s' >/dev/null 2>&1", tp(a),
	    tp(b));
	int rc = system(cmd);

	free(cmd);
	return (rc == 0);
}

static int
test_count_files(const char *dir)
{
	char *cmd = xasprintf("find '%s' -type f | wc -l", tp(dir));
	FILE *f = popen(cmd, "r");
	int n = -1;

	cr_assert_not_null(f);
	cr_assert_eq(fscanf(f, "%d", &n), 1);
	pclose(f);
	free(cmd);
	return (n);
}

static double
test_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* ------------------------------------------------------------ tests */

Test(pool, a_tree_copied_by_four_threads_arrives_whole)
{
	uint64_t bytes = test_tree(300, 0, 0);
	int rc;

	rc = test_run();
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect(test_same("s", "d"), "the trees differ");
	cr_expect_eq(test_res.files, 300);
	cr_expect_eq(test_res.failed, 0);
	cr_expect_eq(test_res.bytes, bytes);
	/* the caller's pair and three more */
	cr_expect_eq(atomic_load(&faulty.connects), 1 + 3);
	cr_expect_eq(atomic_load(&faulty.lent), 0, "sessions not given back");
	cr_expect_eq(atomic_load(&test_log.overlapped), 0,
	    "two hooks ran at once");
	/* the last report comes with (nearly) all the others done */
	cr_expect_geq(atomic_load(&test_log.last_files_done), 300 - 4,
	    "the last progress counts %d files done",
	    atomic_load(&test_log.last_files_done));
}

/* Every directory gets its source's time after the threads have written
 * its files (a time given while a thread still wrote into it would be
 * lost). */
Test(pool, directories_keep_their_times_after_the_threads_are_done)
{
	static const char *const dirs[] = { "", "/a", "/a/b", "/c",
	    "/c/d e", "/empty" };
	struct timespec old[2] = { { 978307200, 0 }, { 978307200, 0 } };
	char name[64];
	struct stat st;
	size_t i;

	test_tree(60, 0, 0);
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(name, sizeof name, "s%s", dirs[i]);
		old[0].tv_sec = old[1].tv_sec = 978307200 + (time_t)i * 3600;
		cr_assert_eq(utimensat(AT_FDCWD, tp(name), old, 0), 0);
	}
	atomic_store(&faulty.read_delay_ms, 5);
	cr_assert_eq(test_run(), 0, "%s", test_cause);
	cr_expect(test_same("s", "d"), "the trees differ");
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(name, sizeof name, "d%s", dirs[i]);
		cr_assert_eq(stat(tp(name), &st), 0, "%s", name);
		cr_expect_eq(st.st_mtime, 978307200 + (time_t)i * 3600,
		    "%s has the time %lld", name, (long long)st.st_mtime);
	}
}

/* A target that cannot keep times is told once for the tree, not once
 * per thread's session (later ones are for -v). */
Test(pool, a_target_without_times_is_told_once_for_the_tree)
{
	const char *p;
	int n = 0;

	atomic_store(&faulty.no_times, 1);
	vfs_free(test_dst);
	test_dst = test_target();
	test_tree(80, 0, 0);
	atomic_store(&faulty.read_delay_ms, 5);
	cr_assert_eq(test_run(), 0, "%s", test_cause);
	cr_expect(test_same("s", "d"), "the trees differ");
	cr_expect_gt(atomic_load(&faulty.most_reading), 1,
	    "the files were not copied at once");
	for (p = test_log.text; (p = strstr(p, "keep the time")) != NULL; p++)
		n++;
	cr_expect_geq(n, 2, "told %d times in all", n);
	cr_expect_eq(atomic_load(&test_log.notices), 1,
	    "%d notices without -v:\n%s", atomic_load(&test_log.notices),
	    test_log.text);
}

Test(pool, files_are_read_over_several_sessions_at_once)
{
	test_tree(40, 0, 0);
	atomic_store(&faulty.read_delay_ms, 10);
	cr_assert_eq(test_run(), 0, "%s", test_cause);
	cr_expect(test_same("s", "d"), "the trees differ");
	cr_expect_geq(atomic_load(&faulty.most_reading), 2,
	    "at most %d reads at once", atomic_load(&faulty.most_reading));
	cr_expect_leq(atomic_load(&faulty.most_reading), 4);
}

Test(pool, failures_of_some_files_do_not_stop_the_others)
{
	test_tree(100, 10, 0);
	cr_assert_eq(test_run(), FERR_IO);
	cr_expect_eq(test_res.files, 100);
	cr_expect_eq(test_res.failed, 10);
	cr_expect_eq(test_count_files("d"), 100);
	cr_expect_eq(atomic_load(&test_log.notices), 10, "%s", test_log.text);
	cr_expect_not_null(strstr(test_log.text, "bad9"), "%s",
	    test_log.text);
	cr_expect_not_null(strstr(test_cause, "10 items"), "%s", test_cause);
	cr_expect_eq(atomic_load(&faulty.lent), 0);
}

Test(pool, a_cancel_stops_every_thread_soon)
{
	double t0;
	int rc;

	test_tree(200, 0, 0);
	atomic_store(&faulty.read_delay_ms, 20);
	atomic_store(&test_log.cancel_after, 10);
	t0 = test_clock();
	rc = test_run();
	cr_assert_eq(rc, FERR_CANCELLED, "%d %s", rc, test_cause);
	cr_expect_lt(test_clock() - t0, 3.0, "took %.1f s",
	    test_clock() - t0);
	cr_expect_lt(test_res.files, 50, "%d files copied after the cancel",
	    test_res.files);
	/* no file was started after the cancel */
	cr_expect_leq(atomic_load(&faulty.opens), test_res.files + 4 + 4);
	cr_expect_eq(atomic_load(&test_log.notices), 0, "%s", test_log.text);
	cr_expect_eq(atomic_load(&faulty.lent), 0);
}

Test(pool, apply_to_all_is_asked_once_for_every_thread)
{
	test_tree(60, 0, 1);
	test_log.answer = XFER_RESUME;
	test_log.answer_all = 1;
	cr_assert_eq(test_run(), 0, "%s", test_cause);
	cr_expect_eq(atomic_load(&test_log.asks), 1, "asked %d times",
	    atomic_load(&test_log.asks));
	cr_expect_eq(test_res.resumed, 60);
	cr_expect(test_same("s", "d"), "the trees differ");
}

Test(pool, a_cancel_answer_stops_every_thread)
{
	test_tree(60, 0, 1);
	test_log.answer = XFER_CANCEL;
	cr_assert_eq(test_run(), FERR_CANCELLED, "%s", test_cause);
	cr_expect_eq(atomic_load(&test_log.asks), 1, "asked %d times",
	    atomic_load(&test_log.asks));
	cr_expect_eq(test_res.files, 0);
}

/* While the user thinks, the other threads wait to ask their own
 * question: a Cancel must not let the next of them ask again (it did, in
 * the moment between the answer and the stop: 10 runs of 30 before the
 * fix, 0 of 30 after). */
Test(pool, a_slow_cancel_answer_is_asked_once)
{
	test_tree(60, 0, 1);
	test_log.answer = XFER_CANCEL;
	test_log.answer_ms = 300;
	cr_assert_eq(test_run(), FERR_CANCELLED, "%s", test_cause);
	cr_expect_eq(atomic_load(&test_log.asks), 1, "asked %d times",
	    atomic_load(&test_log.asks));
	cr_expect_eq(test_res.files, 0);
}

Test(pool, threads_that_cannot_connect_leave_the_copy_to_the_others)
{
	test_tree(50, 0, 0);
	atomic_store(&faulty.refuse, 1);
	cr_assert_eq(test_run(), 0, "%s", test_cause);
	cr_expect(test_same("s", "d"), "the trees differ");
	cr_expect_eq(test_res.files, 50);
	cr_expect_eq(atomic_load(&test_log.notices), 0, "%s", test_log.text);
	/* how many at once, then the three that could not connect */
	cr_expect_eq(atomic_load(&test_log.info_notices), 4, "%s",
	    test_log.text);
	cr_expect_not_null(strstr(test_log.text, "copying 4 files at once"));
	cr_expect_not_null(strstr(test_log.text, "fewer connections"));
}

Test(pool, parallel_1_copies_over_the_callers_sessions_alone)
{
	test_tree(30, 0, 0);
	test_opts.parallel = 1;
	cr_assert_eq(test_run(), 0, "%s", test_cause);
	cr_expect(test_same("s", "d"), "the trees differ");
	cr_expect_eq(atomic_load(&faulty.connects), 1);
	cr_expect_eq(atomic_load(&faulty.most_reading), 1);
}

/* The lanes of a tree when --parallel does not say: the default for a
 * remote server (or unknown cores); one a core, 2 to the default, for a
 * server on this host. */
Test(pool, the_default_lanes_follow_the_cores_only_for_a_server_on_this_host)
{
	static const struct {
		int	loopback;
		long	ncpu;
		int	want;
	} t[] = {
		{ 0, 1, XFER_PARALLEL_DEFAULT },
		{ 0, 2, XFER_PARALLEL_DEFAULT },
		{ 0, 64, XFER_PARALLEL_DEFAULT },
		{ 1, -1, XFER_PARALLEL_DEFAULT },	/* sysconf failed */
		{ 1, 0, XFER_PARALLEL_DEFAULT },
		{ 1, 1, 2 },
		{ 1, 2, 2 },
		{ 1, 3, 3 },
		{ 1, XFER_PARALLEL_DEFAULT, XFER_PARALLEL_DEFAULT },
		{ 1, 64, XFER_PARALLEL_DEFAULT },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		cr_expect_eq(xfer_lanes_default(t[i].loopback, t[i].ncpu),
		    t[i].want, "loopback %d, %ld cores: %d lanes, not %d",
		    t[i].loopback, t[i].ncpu,
		    xfer_lanes_default(t[i].loopback, t[i].ncpu), t[i].want);
}
