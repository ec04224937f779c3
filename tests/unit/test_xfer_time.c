/* ferry: copies keep the source's modification time (src/xfer/keeptime.c
 * through xfer_run), and the resume question shows each side's time at
 * the precision it has (src/xfer/evidence.c).  Real files through the
 * local backend and through "coarse": a test-only backend that wraps the
 * local one and gives times like an FTP server's LIST (to the minute or
 * the day), cannot set times, or runs out of space. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/err.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"
#include "xfer/evidence.h"
#include "xfer/xfer.h"
#include "testdir.h"

/* 2020-01-02 03:04:05 UTC: not on a minute. */
#define T_SRC		((int64_t)1577934245)
#define T_MINUTE	(T_SRC - T_SRC % 60)
#define T_DAY		(T_SRC - T_SRC % 86400)

/* ------------------------------------------------------------ coarse */

enum coarse_set {
	COARSE_SET_OK = 0,	/* setmtime works (the local one) */
	COARSE_SET_UNSUPPORTED,	/* like vsftpd: no MFMT */
	COARSE_SET_FAILS,	/* like a 550 to MFMT */
};

/* What coarse is told to do, and what it saw.  Criterion runs every test
 * in its own process, so this starts out zeroed for each. */
struct coarse_ctl {
	enum vfs_time_prec list_prec;	/* listings give times this precise */
	enum vfs_time_prec stat_prec;	/* and a stat of a file (MDTM) */
	int		   unknown;	/* no times at all */
	enum coarse_set	   set;
	int		   nospc;	/* writes fail after nospc_after */
	uint64_t	   nospc_after;

	int		   stats;
	int		   setmtimes;
	uint64_t	   written;
};

static struct coarse_ctl coarse;

/* A time as precise as prec: cut to the minute or the day. */
static void
coarse_time(struct vfs_stat *st, enum vfs_time_prec prec)
{
	if (coarse.unknown) {
		st->mtime = VFS_MTIME_UNKNOWN;
		st->mtime_prec = VFS_PREC_NONE;
		return;
	}
	if (prec == VFS_PREC_NONE)
		return;
	if (prec == VFS_PREC_MINUTE)
		st->mtime -= st->mtime % 60;
	else if (prec == VFS_PREC_DAY)
		st->mtime -= st->mtime % 86400;
	st->mtime_prec = prec;
}

static int
coarse_stat(struct vfs *fs, const char *path, struct vfs_stat *out,
    char **cause)
{
	int rc;

	coarse.stats++;
	rc = vfs_local_ops.stat(fs, path, out, cause);
	if (rc == 0)
		coarse_time(out, out->type == VFS_FILE ? coarse.stat_prec :
		    coarse.list_prec);
	return (rc);
}

static int
coarse_list(struct vfs *fs, const char *path, struct vfs_list *out,
    char **cause)
{
	size_t i;
	int rc;

	rc = vfs_local_ops.list(fs, path, out, cause);
	for (i = 0; rc == 0 && i < out->n; i++)
		coarse_time(&out->v[i].st, coarse.list_prec);
	return (rc);
}

static int
coarse_write(struct vfs_file *f, const void *buf, size_t len, size_t *done,
    char **cause)
{
	size_t allow = len;
	int rc;

	*done = 0;
	if (coarse.nospc && coarse.written + len > coarse.nospc_after)
		allow = (size_t)(coarse.nospc_after - coarse.written);
	rc = vfs_local_ops.write(f, buf, allow, done, cause);
	coarse.written += *done;
	if (rc == 0 && allow < len)
		rc = ferr_set(cause, FERR_NOSPC, "no space left (coarse)");
	return (rc);
}

static int
coarse_setmtime(struct vfs *fs, const char *path, int64_t mtime,
    char **cause)
{
	coarse.setmtimes++;
	switch (coarse.set) {
	case COARSE_SET_UNSUPPORTED:
		return (ferr_set(cause, FERR_UNSUPPORTED, "test: the server "
		    "cannot set modification times"));
	case COARSE_SET_FAILS:
		return (ferr_set(cause, FERR_PERM, "MFMT %s: 550 Permission "
		    "denied", path));
	default:
		return (vfs_local_ops.setmtime(fs, path, mtime, cause));
	}
}

/* The local backend's table with coarse's functions in it (a designated
 * initialiser cannot take the rest from another table). */
static struct vfs_ops coarse_ops;

static void
coarse_init(void)
{
	coarse_ops = vfs_local_ops;
	coarse_ops.name = "coarse";
	coarse_ops.caps = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|
	    VFS_CAP_MKDIR|VFS_CAP_SETTIME;
	coarse_ops.stat = coarse_stat;
	coarse_ops.list = coarse_list;
	coarse_ops.write = coarse_write;
	coarse_ops.setmtime = coarse_setmtime;
}

/* ------------------------------------------------------------ hooks */

struct test_log {
	int	 warnings;		/* notices with info 0 */
	char	 text[8192];		/* all notices, "0 text" or "1 text" */
};

static struct test_log test_log;

static void
test_on_notice(void *arg, int info, const char *text)
{
	struct test_log *l = arg;
	size_t len = strlen(l->text);

	if (info == 0)
		l->warnings++;
	snprintf(l->text + len, sizeof l->text - len, "%d %s\n", info, text);
}

static const struct xfer_hooks test_hooks = {
	.arg = &test_log,
	.notice = test_on_notice,
};

/* ------------------------------------------------------------ fixture */

static char			 test_dir[] = "/tmp/ferry-time-XXXXXX";
static struct vfs		*test_local;
static struct vfs		*test_coarse;
static char			*test_cause;
static struct xfer_opts		 test_opts;
static struct xfer_result	 test_res;

static void
test_setup(void)
{
	testdir_make(test_dir);
	test_local = vfs_new(&vfs_local_ops, NULL);
	coarse_init();
	xfer_opts_init(&test_opts);
	test_opts.bufsize = 4096;
	test_opts.retries = 0;
}

static void
test_teardown(void)
{
	vfs_free(test_local);
	vfs_free(test_coarse);
	free(test_cause);
	testdir_remove(test_dir);
}

TestSuite(keeptime, .init = test_setup, .fini = test_teardown);

/* A session on coarse that looks remote (an ftp:// URL). */
static struct vfs *
test_coarse_new(void)
{
	struct url *u;
	char *cause = NULL;

	u = xcalloc(1, sizeof *u);
	cr_assert_eq(url_parse("ftp://test/x", u, &cause), 0, "%s", cause);
	test_coarse = vfs_new(&coarse_ops, u);
	cr_assert(!vfs_is_local(test_coarse));
	return (test_coarse);
}

/* A path in the test directory (four live at a time). */
static const char *
tp(const char *name)
{
	static char	buf[4][PATH_MAX];
	static int	next;
	char		*p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", test_dir, name);
	return (p);
}

/* A file of len bytes with modification time t. */
static void
test_put(const char *name, size_t len, int64_t t)
{
	struct timespec ts[2] = { { .tv_sec = (time_t)t },
	    { .tv_sec = (time_t)t } };
	const char *path = tp(name);
	char buf[256];
	size_t n;
	int fd;

	memset(buf, 'x', sizeof buf);
	fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1, "%s: %s", path, strerror(errno));
	for (; len > 0; len -= n) {
		n = len < sizeof buf ? len : sizeof buf;
		cr_assert_eq(write(fd, buf, n), (ssize_t)n);
	}
	cr_assert_eq(close(fd), 0);
	cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void
test_mkdir(const char *name)
{
	cr_assert_eq(mkdir(tp(name), 0755), 0, "%s", strerror(errno));
}

static void
test_touch(const char *name, int64_t t)
{
	struct timespec ts[2] = { { .tv_sec = (time_t)t },
	    { .tv_sec = (time_t)t } };

	cr_assert_eq(utimensat(AT_FDCWD, tp(name), ts, 0), 0);
}

static int64_t
test_mtime(const char *name)
{
	struct stat sb;

	cr_assert_eq(stat(tp(name), &sb), 0, "%s: %s", name, strerror(errno));
	return ((int64_t)sb.st_mtime);
}

static int64_t
test_size(const char *name)
{
	struct stat sb;

	cr_assert_eq(stat(tp(name), &sb), 0, "%s: %s", name, strerror(errno));
	return ((int64_t)sb.st_size);
}

static int
test_run(struct vfs *sfs, const char *src, struct vfs *dfs,
    const char *dst)
{
	free(test_cause);
	test_cause = NULL;
	return (xfer_run(sfs, tp(src), dfs, tp(dst), &test_opts, &test_hooks,
	    &test_res, &test_cause));
}

/* A time that is now, give or take the test's run. */
static void
test_expect_now(const char *name)
{
	int64_t t = test_mtime(name), now = (int64_t)time(NULL);

	cr_expect(t >= now - 60 && t <= now + 1, "%s: time %lld, now %lld",
	    name, (long long)t, (long long)now);
}

/* ------------------------------------------------------------ the engine */

Test(keeptime, a_copy_gets_the_source_time_to_the_second)
{
	test_put("src", 10000, T_SRC);
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_mtime("dst"), T_SRC);
	cr_expect_eq(test_log.warnings, 0, "%s", test_log.text);
}

Test(keeptime, without_preserve_time_a_copy_has_the_time_it_was_written)
{
	test_opts.preserve_time = 0;
	test_put("src", 10000, T_SRC);
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	test_expect_now("dst");
}

Test(keeptime, preserve_time_is_on_by_default)
{
	struct xfer_opts o;

	xfer_opts_init(&o);
	cr_expect(o.preserve_time);
}

Test(keeptime, a_resume_that_completes_gets_the_source_time)
{
	test_put("src", 10000, T_SRC);
	test_put("dst", 4000, T_SRC + 5000);
	test_opts.policy = XFER_RESUME;
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_res.resumed, 1);
	cr_expect_eq(test_size("dst"), 10000);
	cr_expect_eq(test_mtime("dst"), T_SRC);
}

Test(keeptime, a_failed_copy_is_never_given_the_source_time)
{
	struct vfs *fs = test_coarse_new();

	coarse.nospc = 1;
	coarse.nospc_after = 5000;
	test_put("src", 10000, T_SRC);
	cr_assert_eq(test_run(test_local, "src", fs, "dst"), FERR_NOSPC);
	cr_expect_eq(test_size("dst"), 5000);
	cr_expect_eq(coarse.setmtimes, 0);
	test_expect_now("dst");
}

Test(keeptime, a_skipped_target_keeps_its_own_time)
{
	test_put("src", 100, T_SRC);
	test_put("dst", 50, T_SRC + 5000);
	test_opts.policy = XFER_SKIP;
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_mtime("dst"), T_SRC + 5000);
}

Test(keeptime, a_time_from_a_listing_is_asked_again_to_the_second)
{
	struct vfs *fs = test_coarse_new();

	coarse.list_prec = VFS_PREC_MINUTE;	/* LIST */
	coarse.stat_prec = VFS_PREC_SECOND;	/* MDTM */
	test_mkdir("d");
	test_put("d/f", 1000, T_SRC);
	test_touch("d", T_SRC);
	test_opts.recursive = 1;
	cr_assert_eq(test_run(fs, "d", test_local, "e"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_mtime("e/f"), T_SRC);
	/* a directory's time is the listing's: MDTM knows no directories */
	cr_expect_eq(test_mtime("e"), T_MINUTE);
	cr_expect_eq(test_log.warnings, 0, "%s", test_log.text);
}

Test(keeptime, a_time_known_to_the_minute_is_kept_and_said_so_in_verbose)
{
	struct vfs *fs = test_coarse_new();

	coarse.list_prec = coarse.stat_prec = VFS_PREC_MINUTE;
	test_put("src", 1000, T_SRC);
	cr_assert_eq(test_run(fs, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_mtime("dst"), T_MINUTE);
	cr_expect_eq(test_log.warnings, 0, "%s", test_log.text);
	cr_expect_not_null(strstr(test_log.text, "1 "), "%s", test_log.text);
	cr_expect_not_null(strstr(test_log.text, "to the minute"), "%s",
	    test_log.text);
}

Test(keeptime, a_time_known_to_the_day_is_kept_and_said_so_in_verbose)
{
	struct vfs *fs = test_coarse_new();

	coarse.list_prec = coarse.stat_prec = VFS_PREC_DAY;
	test_put("src", 1000, T_SRC);
	cr_assert_eq(test_run(fs, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_mtime("dst"), T_DAY);
	cr_expect_not_null(strstr(test_log.text, "to the day"), "%s",
	    test_log.text);
}

Test(keeptime, an_unknown_source_time_leaves_the_copy_its_own)
{
	struct vfs *src = test_coarse_new();

	coarse.unknown = 1;
	test_put("src", 1000, T_SRC);
	cr_assert_eq(test_run(src, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	test_expect_now("dst");
	cr_expect_eq(test_log.warnings, 0, "%s", test_log.text);
}

Test(keeptime, a_server_that_cannot_set_times_is_told_once_for_a_tree)
{
	struct vfs *fs = test_coarse_new();
	const char *first;

	coarse.set = COARSE_SET_UNSUPPORTED;
	test_mkdir("d");
	test_mkdir("d/sub");
	test_put("d/a", 100, T_SRC);
	test_put("d/b", 200, T_SRC);
	test_put("d/sub/c", 300, T_SRC);
	test_opts.recursive = 1;
	cr_assert_eq(test_run(test_local, "d", fs, "e"), 0, "%s", test_cause);
	cr_expect_eq(test_res.files, 3);
	cr_expect_eq(test_res.failed, 0);
	cr_expect_eq(test_log.warnings, 1, "%s", test_log.text);
	first = strstr(test_log.text, "0 test: the server cannot set");
	cr_expect_not_null(first, "%s", test_log.text);
	cr_expect_eq(coarse.setmtimes, 5);	/* 3 files, 2 directories */
	test_expect_now("e/a");
}

Test(keeptime, a_refused_time_is_a_warning_once_and_the_copy_succeeds)
{
	struct vfs *fs = test_coarse_new();

	coarse.set = COARSE_SET_FAILS;
	test_put("src", 100, T_SRC);
	cr_assert_eq(test_run(test_local, "src", fs, "dst"), 0, "%s",
	    test_cause);
	cr_assert_eq(test_run(test_local, "src", fs, "dst2"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_res.files, 1);
	cr_expect_eq(test_log.warnings, 1, "%s", test_log.text);
	cr_expect_not_null(strstr(test_log.text, "0 MFMT"), "%s",
	    test_log.text);
	cr_expect_not_null(strstr(test_log.text, "1 MFMT"), "%s",
	    test_log.text);
}

Test(keeptime, a_tree_keeps_the_times_of_its_files_and_directories)
{
	test_mkdir("d");
	test_mkdir("d/sub");
	test_put("d/a", 100, T_SRC - 100);
	test_put("d/sub/b", 100, T_SRC - 200);
	test_touch("d/sub", T_SRC - 300);
	test_touch("d", T_SRC - 400);
	test_opts.recursive = 1;
	cr_assert_eq(test_run(test_local, "d", test_local, "e"), 0, "%s",
	    test_cause);
	cr_expect_eq(test_mtime("e/a"), T_SRC - 100);
	cr_expect_eq(test_mtime("e/sub/b"), T_SRC - 200);
	cr_expect_eq(test_mtime("e/sub"), T_SRC - 300);
	cr_expect_eq(test_mtime("e"), T_SRC - 400);
}

/* ------------------------------------------------------------ evidence */

Test(keeptime, evidence_shows_a_time_at_the_precision_it_has)
{
	char buf[64];

	evidence_time(T_SRC, VFS_PREC_SECOND, buf, sizeof buf);
	cr_expect_str_eq(buf, "2020-01-02 03:04:05 UTC");
	evidence_time(T_MINUTE, VFS_PREC_MINUTE, buf, sizeof buf);
	cr_expect_str_eq(buf, "2020-01-02 03:04 UTC");
	evidence_time(T_DAY, VFS_PREC_DAY, buf, sizeof buf);
	cr_expect_str_eq(buf, "2020-01-02 UTC");
	evidence_time(VFS_MTIME_UNKNOWN, VFS_PREC_NONE, buf, sizeof buf);
	cr_expect_str_eq(buf, "unknown");
	/* a time whose precision nobody said: as precise as it is */
	evidence_time(T_SRC, VFS_PREC_NONE, buf, sizeof buf);
	cr_expect_str_eq(buf, "2020-01-02 03:04:05 UTC");
}

Test(keeptime, the_resume_question_shows_each_side_at_its_precision)
{
	struct xfer_facts f = {
		.src = { .type = VFS_FILE, .size_known = 1, .size = 100,
		    .mtime = T_SRC, .mtime_prec = VFS_PREC_SECOND },
		.dst = { .type = VFS_FILE, .size_known = 1, .size = 50,
		    .mtime = T_MINUTE, .mtime_prec = VFS_PREC_MINUTE },
		.can_resume = 1,
	};
	struct xfer_plan p;
	struct evidence e;
	int i, src = -1, dst = -1;

	xfer_decide(&f, XFER_ASK, &p);
	evidence_build(&e, "ftp://h/f", "f", &f, &p, 0);
	for (i = 0; i < e.n; i++) {
		if (strstr(e.line[i], "modified 2020-01-02 03:04:05 UTC"))
			src = i;
		else if (strstr(e.line[i], "modified 2020-01-02 03:04 UTC"))
			dst = i;
	}
	cr_expect_eq(src, 1);
	cr_expect_eq(dst, 3);
	evidence_free(&e);
	f.dst.mtime = VFS_MTIME_UNKNOWN;
	f.dst.mtime_prec = VFS_PREC_NONE;
	evidence_build(&e, "ftp://h/f", "f", &f, &p, 0);
	cr_expect_not_null(strstr(e.line[3], "modified unknown"), "%s",
	    e.line[3]);
	evidence_free(&e);
}
