/* ferry: the transfer engine, xfer_run (src/xfer/copy.c, src/xfer/tree.c),
 * driving real files through the local backend and, for faults, through
 * "flaky": a test-only backend that wraps the local one and drops
 * connections, runs out of space, misreports sizes or cannot seek. */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <criterion/criterion.h>
#include <dirent.h>
#include <openssl/evp.h>
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
#include "xfer/chunks.h"
#include "xfer/record.h"
#include "xfer/xfer.h"
#include "testdir.h"

#define KIB	((uint64_t)1024)
#define MIB	(1024 * KIB)
#define GIB	(1024 * MIB)

/* ------------------------------------------------------------ flaky */

/* What flaky is told to do, and what it saw.  Criterion runs every test
 * in its own process, so this starts out zeroed for each. */
struct flaky_ctl {
	/* A connection drops after lost_after bytes read on it (or written,
	 * with lost_writes); the first lost_conns connections do (-1: all,
	 * 0: none). */
	uint64_t	lost_after;
	int		lost_writes;
	int		lost_conns;
	int		lost_opens;	/* the next N open_reads fail: lost */
	int		refused_connects; /* after the first connect, the next
					   N are refused (server restarting) */
	int		nospc;		/* writes fail: no space ... */
	uint64_t	nospc_after;	/* ... after this many bytes in all */
	int64_t		size_delta;	/* stat lies about file sizes */
	int		read_delay_ms;	/* every read waits this long */
	/* Like a server still flushing a cut session's data: when a file
	 * written at an offset (a resume) is closed, the byte at stale_at
	 * is changed. */
	int		stale_flush;
	uint64_t	stale_at;
	char		stale_path[256];

	/* The server's digests (flaky_hash_ops): of these algorithms;
	 * failing (a refusal) with hash_fail, lying with hash_lie. */
	unsigned	hash_algos;
	int		hash_fail;
	int		hash_lie;
	int		hash_calls;
	uint64_t	hash_end;

	int		connects;
	int		disconnects;
	int		opens_write;
	int		offset_opens;	/* asked for an offset it cannot do */
	uint64_t	conn_read;	/* on this connection */
	uint64_t	conn_written;
	uint64_t	written;	/* in all */
};

static struct flaky_ctl flaky;

static int
flaky_connect(struct vfs *fs, char **cause)
{
	flaky.connects++;
	flaky.conn_read = flaky.conn_written = 0;
	if (flaky.connects > 1 && flaky.refused_connects > 0) {
		flaky.refused_connects--;
		return (ferr_set(cause, FERR_CONNECT, "connection refused "
		    "(flaky connect)"));
	}
	return (vfs_local_ops.connect(fs, cause));
}

static void
flaky_disconnect(struct vfs *fs)
{
	flaky.disconnects++;
	vfs_local_ops.disconnect(fs);
}

static int
flaky_stat(struct vfs *fs, const char *path, struct vfs_stat *out,
    char **cause)
{
	int rc;

	rc = vfs_local_ops.stat(fs, path, out, cause);
	if (rc == 0 && out->type == VFS_FILE)
		out->size = (uint64_t)((int64_t)out->size + flaky.size_delta);
	return (rc);
}

static int
flaky_list(struct vfs *fs, const char *path, struct vfs_list *out,
    char **cause)
{
	return (vfs_local_ops.list(fs, path, out, cause));
}

static int
flaky_open_read(struct vfs *fs, const char *path, uint64_t offset,
    struct vfs_file **out, char **cause)
{
	*out = NULL;
	if (flaky.lost_opens > 0) {
		flaky.lost_opens--;
		return (ferr_set(cause, FERR_LOST, "%s: connection lost (flaky "
		    "open)", path));
	}
	if (offset > 0 && !(fs->ops->caps & VFS_CAP_READ_AT)) {
		flaky.offset_opens++;
		return (ferr_set(cause, FERR_UNSUPPORTED, "%s: cannot read at "
		    "%llu", path, (unsigned long long)offset));
	}
	return (vfs_local_ops.open_read(fs, path, offset, out, cause));
}

static int
flaky_open_write(struct vfs *fs, const char *path, uint64_t offset,
    int flags, uint32_t mode, struct vfs_file **out, char **cause)
{
	*out = NULL;
	flaky.opens_write++;
	if (offset > 0 && !(fs->ops->caps & VFS_CAP_WRITE_AT)) {
		flaky.offset_opens++;
		return (ferr_set(cause, FERR_UNSUPPORTED, "%s: cannot write at "
		    "%llu", path, (unsigned long long)offset));
	}
	if (offset > 0 && flaky.stale_flush)
		snprintf(flaky.stale_path, sizeof flaky.stale_path, "%s",
		    path);
	return (vfs_local_ops.open_write(fs, path, offset, flags, mode, out,
	    cause));
}

/* This connection is one of those that drop. */
static int
flaky_dropping(void)
{
	return (flaky.lost_conns < 0 ||
	    (flaky.lost_conns > 0 && flaky.connects <= flaky.lost_conns));
}

static int
flaky_read(struct vfs_file *f, void *buf, size_t len, size_t *got,
    char **cause)
{
	int rc;

	*got = 0;
	if (flaky_dropping() && !flaky.lost_writes) {
		if (flaky.conn_read >= flaky.lost_after)
			return (ferr_set(cause, FERR_LOST, "connection lost "
			    "(flaky read)"));
		if (len > flaky.lost_after - flaky.conn_read)
			len = (size_t)(flaky.lost_after - flaky.conn_read);
	}
	if (flaky.read_delay_ms > 0) {
		struct timespec ts = { 0, flaky.read_delay_ms * 1000000L };

		nanosleep(&ts, NULL);
	}
	rc = vfs_local_ops.read(f, buf, len, got, cause);
	flaky.conn_read += *got;
	return (rc);
}

static int
flaky_write(struct vfs_file *f, const void *buf, size_t len, size_t *done,
    char **cause)
{
	size_t allow = len;
	int fail = 0, rc;

	*done = 0;
	if (flaky_dropping() && flaky.lost_writes &&
	    flaky.conn_written + len > flaky.lost_after) {
		allow = flaky.conn_written >= flaky.lost_after ? 0 :
		    (size_t)(flaky.lost_after - flaky.conn_written);
		fail = FERR_LOST;
	}
	if (flaky.nospc && flaky.written + allow > flaky.nospc_after) {
		allow = flaky.written >= flaky.nospc_after ? 0 :
		    (size_t)(flaky.nospc_after - flaky.written);
		fail = FERR_NOSPC;
	}
	if (allow > 0) {
		rc = vfs_local_ops.write(f, buf, allow, done, cause);
		flaky.conn_written += *done;
		flaky.written += *done;
		if (rc != 0)
			return (rc);
	}
	if (fail == FERR_NOSPC)
		return (ferr_set(cause, fail, "no space left (flaky write)"));
	if (fail != 0)
		return (ferr_set(cause, fail, "connection lost (flaky write)"));
	return (0);
}

static int
flaky_close(struct vfs_file *f, char **cause)
{
	unsigned char c;
	int rc, fd;

	rc = vfs_local_ops.close(f, cause);
	if (flaky.stale_path[0] != '\0' &&
	    (fd = open(flaky.stale_path, O_RDWR)) != -1) {
		if (pread(fd, &c, 1, (off_t)flaky.stale_at) == 1) {
			c ^= 0x5a;
			(void)pwrite(fd, &c, 1, (off_t)flaky.stale_at);
		}
		close(fd);
		flaky.stale_path[0] = '\0';
	}
	return (rc);
}

static void
flaky_abort(struct vfs_file *f)
{
	vfs_local_ops.abort(f);
}

static int
flaky_mkdir(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	return (vfs_local_ops.mkdir(fs, path, mode, cause));
}

static int
flaky_remove(struct vfs *fs, const char *path, char **cause)
{
	return (vfs_local_ops.remove(fs, path, cause));
}

static int
flaky_rmdir(struct vfs *fs, const char *path, char **cause)
{
	return (vfs_local_ops.rmdir(fs, path, cause));
}

static int
flaky_rename(struct vfs *fs, const char *from, const char *to, char **cause)
{
	return (vfs_local_ops.rename(fs, from, to, cause));
}

#define FLAKY_FUNCTIONS \
	.connect = flaky_connect,		\
	.disconnect = flaky_disconnect,		\
	.stat = flaky_stat,			\
	.list = flaky_list,			\
	.open_read = flaky_open_read,		\
	.open_write = flaky_open_write,		\
	.read = flaky_read,			\
	.write = flaky_write,			\
	.close = flaky_close,			\
	.abort = flaky_abort,			\
	.mkdir = flaky_mkdir,			\
	.remove = flaky_remove,			\
	.rmdir = flaky_rmdir,			\
	.rename = flaky_rename

static const struct vfs_ops flaky_ops = {
	.name = "flaky",
	.caps = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|VFS_CAP_MKDIR,
	FLAKY_FUNCTIONS,
};

static unsigned
flaky_hash_algos(struct vfs *fs, const char *path)
{
	(void)fs;
	(void)path;
	return (flaky.hash_algos);
}

/* The digest of [start, end) of the local file, as a server would give
 * it. */
static int
flaky_hash_range(struct vfs *fs, const char *path, enum vfs_hash algo,
    uint64_t start, uint64_t end, unsigned char *out, char **cause)
{
	const EVP_MD *md = algo == VFS_HASH_SHA256 ? EVP_sha256() :
	    algo == VFS_HASH_SHA1 ? EVP_sha1() : EVP_md5();
	unsigned char *buf;
	size_t got = 0;
	FILE *f;

	(void)fs;
	flaky.hash_calls++;
	flaky.hash_end = end;
	memset(out, 0, VFS_HASH_MAX);
	if (flaky.hash_fail)
		return (ferr_set(cause, FERR_IO, "%s: 550 no hash (flaky)",
		    path));
	if ((f = fopen(path, "rb")) == NULL)
		return (ferr_set(cause, FERR_NOENT, "%s: no such file", path));
	buf = xmalloc(end - start + 1);
	if (fseek(f, (long)start, SEEK_SET) == 0)
		got = fread(buf, 1, end - start, f);
	fclose(f);
	EVP_Digest(buf, got, out, NULL, md, NULL);
	free(buf);
	if (flaky.hash_lie)
		out[0] ^= 1;
	return (0);
}

/* A server that gives digests of a part of a file. */
static const struct vfs_ops flaky_hash_ops = {
	.name = "flaky-hash",
	.caps = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|VFS_CAP_MKDIR,
	FLAKY_FUNCTIONS,
	.hash_algos = flaky_hash_algos,
	.hash_range = flaky_hash_range,
};

/* Like a server that refuses REST: no reading or writing at an offset. */
static const struct vfs_ops flaky_noseek_ops = {
	.name = "flaky-noseek",
	.caps = VFS_CAP_RENAME|VFS_CAP_MKDIR,
	FLAKY_FUNCTIONS,
};

/* ------------------------------------------------------------ hooks */

struct test_log {
	int			 progress_calls;
	uint64_t		 last_done;
	uint64_t		 last_total;

	int			 notices;
	int			 retrying;	/* notices saying "retrying" */
	char			 text[8192];	/* all notices, one a line */

	const char		*cancel_path;	/* cancel once this file ... */
	uint64_t		 cancel_bytes;	/* ... holds this many bytes */

	int			 asks;
	struct xfer_facts	 q_facts;	/* of the first question */
	struct xfer_plan	 q_plan;
	int			 q_record;
	enum xfer_policy	 answer;
	int			 answer_all;
	const char		*answer_name;	/* typed for Rename */
	char			 q_suggest[256]; /* of the first question */

	/* Questions about a partial whose check failed. */
	int			 mismatch_asks;
	struct xfer_facts	 qm_facts;	/* of the first of them */
	struct xfer_plan	 qm_plan;
	enum xfer_policy	 mismatch_answer;
	int			 mismatch_all;
};

static struct test_log test_log;

static void
test_on_progress(void *arg, const struct xfer_progress *p)
{
	struct test_log *l = arg;

	l->progress_calls++;
	l->last_done = p->done;
	l->last_total = p->total;
}

static void
test_on_notice(void *arg, int info, const char *text)
{
	struct test_log *l = arg;
	size_t len = strlen(l->text);

	l->notices++;
	if (strstr(text, "retrying") != NULL)
		l->retrying++;
	snprintf(l->text + len, sizeof l->text - len, "%s\n", text);
}

static int
test_on_cancelled(void *arg)
{
	struct test_log *l = arg;
	struct stat sb;

	if (l->cancel_path == NULL || stat(l->cancel_path, &sb) != 0)
		return (0);
	return ((uint64_t)sb.st_size >= l->cancel_bytes);
}

static enum xfer_policy
test_on_ask(void *arg, const struct xfer_question *q, int *all, char **name)
{
	struct test_log *l = arg;

	*name = NULL;
	if (q->facts.check.kind != XM_NONE) {
		if (l->mismatch_asks++ == 0) {
			l->qm_facts = q->facts;
			l->qm_plan = q->plan;
		}
		*all = l->mismatch_all;
		if (l->mismatch_answer == XFER_RENAME &&
		    l->answer_name != NULL)
			*name = xstrdup(l->answer_name);
		return (l->mismatch_answer);
	}
	if (l->asks++ == 0) {
		l->q_facts = q->facts;
		l->q_plan = q->plan;
		l->q_record = q->record;
		snprintf(l->q_suggest, sizeof l->q_suggest, "%s",
		    q->suggest != NULL ? q->suggest : "(null)");
	}
	*all = l->answer_all;
	if (l->answer == XFER_RENAME && l->answer_name != NULL)
		*name = xstrdup(l->answer_name);
	return (l->answer);
}

static const struct xfer_hooks test_hooks = {
	.arg = &test_log,
	.progress = test_on_progress,
	.notice = test_on_notice,
	.cancelled = test_on_cancelled,
	.ask = test_on_ask,
};

static const struct xfer_hooks test_hooks_noask = {
	.arg = &test_log,
	.progress = test_on_progress,
	.notice = test_on_notice,
	.cancelled = test_on_cancelled,
};

/* ------------------------------------------------------------ fixture */

static char			 test_dir[] = "/tmp/ferry-xfer-XXXXXX";
static char			 test_recdir[PATH_MAX];
static struct vfs		*test_local;
static struct vfs		*test_flaky;
static char			*test_cause;
static struct xfer_opts		 test_opts;
static struct xfer_result	 test_res;
static const struct xfer_hooks	*test_hooksp = &test_hooks;

static void
test_setup(void)
{
	testdir_make(test_dir);
	snprintf(test_recdir, sizeof test_recdir, "%s/records", test_dir);
	test_local = vfs_new(&vfs_local_ops, NULL);
	xfer_opts_init(&test_opts);
	test_opts.record_dir = test_recdir;
	test_opts.bufsize = 64 * KIB;
	/* A lost connection sleeps 1, 2, 4 ... s: tests of retries set
	 * their own count. */
	test_opts.retries = 0;
}

static void
test_teardown(void)
{
	vfs_free(test_local);
	vfs_free(test_flaky);
	free(test_cause);
	testdir_remove(test_dir);
}

TestSuite(xfer, .init = test_setup, .fini = test_teardown);

/* A session on the flaky backend that looks remote (an sftp:// URL). */
static struct vfs *
test_flaky_new(const struct vfs_ops *ops)
{
	struct url *u;
	char *cause = NULL;

	u = xcalloc(1, sizeof *u);
	cr_assert_eq(url_parse("sftp://test/x", u, &cause), 0, "%s", cause);
	test_flaky = vfs_new(ops, u);
	cr_assert(!vfs_is_local(test_flaky));
	return (test_flaky);
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

/* Bytes that never repeat with a short period (so a shifted copy shows). */
static unsigned char *
test_data(size_t len, uint64_t seed)
{
	unsigned char *p;
	uint64_t x = seed * 2654435761u + 1;
	size_t i;

	p = xmalloc(len ? len : 1);
	for (i = 0; i < len; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		p[i] = (unsigned char)(x >> 56);
	}
	return (p);
}

static void
test_put(const char *name, const void *data, size_t len)
{
	const char *path = tp(name);
	int fd;

	fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	cr_assert_eq(close(fd), 0);
}

/* Size of a file, or -1 if it does not exist. */
static int64_t
test_size(const char *name)
{
	struct stat sb;

	if (stat(tp(name), &sb) != 0)
		return (-1);
	return ((int64_t)sb.st_size);
}

/* The whole file (malloc'd); *len its length. */
static unsigned char *
test_get(const char *name, size_t *len)
{
	unsigned char *p;
	int64_t size = test_size(name);
	ssize_t n;
	int fd;

	cr_assert_geq(size, 0, "%s does not exist", name);
	p = xmalloc(size ? (size_t)size : 1);
	fd = open(tp(name), O_RDONLY);
	cr_assert_neq(fd, -1);
	n = read(fd, p, (size_t)size);
	cr_assert_eq(n, (ssize_t)size);
	close(fd);
	*len = (size_t)size;
	return (p);
}

/* The file holds exactly len bytes of want. */
static void
test_expect_file(const char *name, const unsigned char *want, size_t len)
{
	unsigned char *got;
	size_t n, i;

	got = test_get(name, &n);
	cr_expect_eq(n, len, "%s: %zu bytes, want %zu", name, n, len);
	for (i = 0; i < n && i < len && got[i] == want[i]; i++)
		;
	cr_expect_eq(i, n < len ? n : len, "%s: first difference at byte %zu",
	    name, i);
	free(got);
}

/* The file is a prefix of want (possibly all of it); returns its size. */
static size_t
test_expect_prefix(const char *name, const unsigned char *want, size_t len)
{
	unsigned char *got;
	size_t n;

	got = test_get(name, &n);
	cr_expect_leq(n, len, "%s: %zu bytes, longer than the source (%zu)",
	    name, n, len);
	if (n <= len)
		cr_expect_eq(memcmp(got, want, n), 0, "%s is not a prefix of "
		    "the source", name);
	free(got);
	return (n);
}

/* Load the record for a target; 0 if there is one. */
static int
test_record(const char *name, struct xfer_record *rec)
{
	char *path, *cause = NULL;
	int rc;

	path = record_path(test_recdir, tp(name));
	cr_assert_not_null(path);
	rc = record_load(path, rec, &cause);
	free(path);
	free(cause);
	return (rc);
}

/* How many records the record directory holds. */
static int
test_record_count(void)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir(test_recdir)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".rec") != NULL)
			n++;
	}
	closedir(d);
	return (n);
}

static int
test_run(struct vfs *sfs, const char *src, struct vfs *dfs,
    const char *dst)
{
	const char *s = tp(src), *d = tp(dst);

	free(test_cause);
	test_cause = NULL;
	return (xfer_run(sfs, s, dfs, d, &test_opts, test_hooksp, &test_res,
	    &test_cause));
}

static double
test_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* ------------------------------------------------------------ plain copies */

Test(xfer, a_fresh_copy_arrives_byte_for_byte_and_leaves_no_record)
{
	size_t len = 3 * MIB + 12345;
	unsigned char *src = test_data(len, 1);
	int rc;

	test_put("src", src, len);
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.files, 1);
	cr_expect_eq(test_res.failed, 0);
	cr_expect_eq(test_res.bytes, len);
	cr_expect_gt(test_log.progress_calls, 0);
	cr_expect_eq(test_log.last_done, len);
	cr_expect_eq(test_log.last_total, len);
	cr_expect_eq(test_record_count(), 0);
	free(src);
}

/* A file that fits in one buffer is copied in one go: writing a record
 * first and removing it right after would only cost time.  The record
 * directory is a plain file here, so every attempt to write one is told. */
Test(xfer, a_file_that_fits_in_one_buffer_writes_no_resume_record)
{
	size_t len = 64 * KIB;	/* test_opts.bufsize */
	unsigned char *src = test_data(len + 1, 2);
	int rc;

	test_put("records", src, 1);
	test_put("small", src, len);
	rc = test_run(test_local, "small", test_local, "small.out");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("small.out", src, len);
	cr_expect_eq(test_log.notices, 0, "notices:\n%s", test_log.text);

	/* One byte more: a record is due (and cannot be written). */
	test_put("large", src, len + 1);
	rc = test_run(test_local, "large", test_local, "large.out");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("large.out", src, len + 1);
	cr_expect_neq(strstr(test_log.text, "resume record"), NULL,
	    "notices:\n%s", test_log.text);
	free(src);
}

Test(xfer, resume_works_from_every_partial_size)
{
	static const size_t have[] = { 0, 1, 1024, 64 * KIB - 1, 64 * KIB,
	    64 * KIB + 1, 200000, 256 * KIB + 6, 256 * KIB + 7 };
	size_t len = 256 * KIB + 7, i;
	unsigned char *src = test_data(len, 2);
	int rc;

	test_put("src", src, len);
	test_opts.policy = XFER_RESUME;
	for (i = 0; i < sizeof have / sizeof have[0]; i++) {
		test_put("dst", src, have[i]);
		rc = test_run(test_local, "src", test_local, "dst");
		cr_assert_eq(rc, 0, "partial of %zu: %s", have[i], test_cause);
		test_expect_file("dst", src, len);
		cr_expect_eq(test_res.files, 1, "partial of %zu", have[i]);
		cr_expect_eq(test_res.bytes, len - have[i], "partial of %zu: "
		    "%llu bytes moved", have[i],
		    (unsigned long long)test_res.bytes);
		cr_expect_eq(test_record_count(), 0, "partial of %zu",
		    have[i]);
	}
	free(src);
}

Test(xfer, a_target_larger_than_the_source_is_refused_untouched)
{
	unsigned char *src = test_data(100 * KIB, 3);
	int rc;

	test_put("src", src, 50 * KIB);
	test_put("dst", src, 100 * KIB);
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, 100 * KIB);
	cr_expect_eq(test_res.files, 0);
	cr_expect_eq(test_res.failed, 1);
	free(src);
}

/* ------------------------------------------------------------ lost connections */

Test(xfer, a_source_connection_dropped_midway_is_resumed_after_reconnecting)
{
	size_t len = 3 * MIB + 777;
	unsigned char *src = test_data(len, 4);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB;
	flaky.lost_conns = 1;
	test_opts.retries = 2;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(flaky.connects, 2, "%d connects", flaky.connects);
	cr_expect_eq(test_log.retrying, 1, "notices:\n%s", test_log.text);
	cr_expect_not_null(strstr(test_log.text, "checked"), "no overlap "
	    "check was reported:\n%s", test_log.text);
	/* Every byte moved once: nothing sent again, the overlap windows
	 * not counted. */
	cr_expect_eq(test_res.bytes, len, "%llu bytes",
	    (unsigned long long)test_res.bytes);
	cr_expect_eq(test_res.files, 1);
	cr_expect_eq(test_record_count(), 0);
	free(src);
}

Test(xfer, a_target_connection_dropped_midway_is_resumed_after_reconnecting)
{
	size_t len = 3 * MIB + 4321;
	unsigned char *src = test_data(len, 5);
	struct vfs *dfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB + 1000;		/* within a block */
	flaky.lost_writes = 1;
	flaky.lost_conns = 1;
	test_opts.retries = 2;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(flaky.connects, 2, "%d connects", flaky.connects);
	cr_expect_eq(test_log.retrying, 1, "notices:\n%s", test_log.text);
	cr_expect_eq(test_res.bytes, len, "%llu bytes",
	    (unsigned long long)test_res.bytes);
	cr_expect_eq(test_record_count(), 0);
	free(src);
}

/* The server wrote stale bytes after the resume point: ferry reads the
 * seam again at the end and says the target is damaged. */
Test(xfer, stale_bytes_near_where_an_upload_resumed_are_reported)
{
	size_t len = 3 * MIB;
	unsigned char *src = test_data(len, 15);
	struct vfs *dfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB + 1000;
	flaky.lost_writes = 1;
	flaky.lost_conns = 1;
	flaky.stale_flush = 1;
	flaky.stale_at = MIB + 1000 + 17;	/* just after the seam */
	test_opts.retries = 2;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect(test_cause != NULL && strstr(test_cause, "damaged") !=
	    NULL, "cause: %s", test_cause != NULL ? test_cause : "(null)");
	cr_expect_eq(test_res.files, 0);
	free(src);
}

/* The same copy with a server that does not do that succeeds, and says
 * (in an info notice) that it checked. */
Test(xfer, the_seam_of_a_resumed_upload_is_checked_again_and_passes)
{
	size_t len = 3 * MIB;
	unsigned char *src = test_data(len, 16);
	struct vfs *dfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB + 1000;
	flaky.lost_writes = 1;
	flaky.lost_conns = 1;
	test_opts.retries = 2;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect(strstr(test_log.text, "checked again") != NULL,
	    "notices:\n%s", test_log.text);
	free(src);
}

/* Each connection drops before it gets past the overlap window again: no
 * retry moves data, so --retries is the whole budget. */
Test(xfer, drops_beyond_the_retries_fail_as_lost_and_keep_a_record)
{
	size_t len = 4 * MIB;
	unsigned char *src = test_data(len, 6);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	struct xfer_record rec;
	size_t have;
	int rc;

	test_put("src", src, len);
	flaky.lost_after = 32 * KIB;
	flaky.lost_conns = -1;
	test_opts.retries = 2;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_LOST, "rc %d: %s", rc, test_cause);
	cr_expect_eq(flaky.connects, test_opts.retries + 1, "%d connects",
	    flaky.connects);
	cr_expect_eq(test_log.retrying, test_opts.retries, "notices:\n%s",
	    test_log.text);
	have = test_expect_prefix("dst", src, len);
	cr_expect_eq(have, 32 * KIB, "%zu bytes after three attempts", have);
	cr_expect_eq(test_res.files, 0);
	cr_expect_eq(test_res.failed, 1);
	cr_expect_eq(test_res.bytes, have);
	cr_assert_eq(test_record("dst", &rec), 0,
	    "no resume record");
	cr_expect_gt(rec.confirmed, 0);
	cr_expect_leq(rec.confirmed, have, "record confirms %llu of %zu",
	    (unsigned long long)rec.confirmed, have);
	cr_expect_eq(rec.src_size, len);
	record_free(&rec);
	free(src);
}

/* The server is down for a moment after the cut: the refused reconnects
 * cost attempts, and the copy still completes within --retries. */
Test(xfer, a_refused_reconnect_costs_an_attempt_and_does_not_end_the_job)
{
	size_t len = 2 * MIB;
	unsigned char *src = test_data(len, 18);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB;
	flaky.lost_conns = 1;
	flaky.refused_connects = 1;
	test_opts.retries = 3;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(flaky.connects, 3, "%d connects", flaky.connects);
	free(src);
}

/* Without attempts left, a refused reconnect ends it (and says why). */
Test(xfer, refused_reconnects_beyond_the_retries_end_the_job)
{
	size_t len = 2 * MIB;
	unsigned char *src = test_data(len, 19);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB;
	flaky.lost_conns = 1;
	flaky.refused_connects = 100;
	test_opts.retries = 2;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_CONNECT, "rc %d: %s", rc, test_cause);
	cr_expect_eq(flaky.connects, 1 + test_opts.retries, "%d connects",
	    flaky.connects);
	free(src);
}

/* Every connection drops, but each moves another MiB: retries that make
 * progress restore the budget, so a bad link still finishes the file. */
Test(xfer, retries_that_make_progress_restore_the_budget)
{
	size_t len = 4 * MIB;
	unsigned char *src = test_data(len, 17);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB;
	flaky.lost_conns = -1;
	test_opts.retries = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	cr_expect_gt(flaky.connects, 2, "%d connects", flaky.connects);
	free(src);
}

Test(xfer, no_space_is_not_retried)
{
	size_t len = 2 * MIB;
	unsigned char *src = test_data(len, 7);
	struct vfs *dfs = test_flaky_new(&flaky_ops);
	size_t have;
	int rc;

	test_put("src", src, len);
	flaky.nospc = 1;
	flaky.nospc_after = MIB;
	test_opts.retries = 2;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, FERR_NOSPC, "rc %d: %s", rc, test_cause);
	cr_expect_eq(flaky.opens_write, 1, "%d attempts", flaky.opens_write);
	cr_expect_eq(flaky.connects, 1);
	cr_expect_eq(test_log.retrying, 0, "notices:\n%s", test_log.text);
	have = test_expect_prefix("dst", src, len);
	cr_expect_eq(have, MIB);
	cr_expect_eq(test_res.failed, 1);
	free(src);
}

/* ------------------------------------------------------------ cancel */

Test(xfer, a_cancelled_copy_leaves_a_prefix_and_a_record_of_it)
{
	size_t len = 4 * MIB;
	unsigned char *src = test_data(len, 8);
	struct xfer_record rec;
	size_t have;
	int rc;

	test_put("src", src, len);
	test_log.cancel_path = tp("dst");
	test_log.cancel_bytes = MIB;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	have = test_expect_prefix("dst", src, len);
	cr_expect_geq(have, MIB);
	cr_expect_lt(have, len);
	cr_expect_eq(test_res.files, 0);
	cr_assert_eq(test_record("dst", &rec), 0, "no resume record");
	cr_expect_eq(rec.confirmed, have, "record confirms %llu of %zu",
	    (unsigned long long)rec.confirmed, have);
	cr_expect_eq(rec.src_size, len);
	cr_expect_eq(strlen(rec.digest), 64, "digest \"%s\"", rec.digest);
	record_free(&rec);
	free(src);
}

/* ------------------------------------------------------------ asking */

/* A source of len bytes and a target holding its first have. */
static unsigned char *
test_partial(size_t len, size_t have, uint64_t seed)
{
	unsigned char *src = test_data(len, seed);

	test_put("src", src, len);
	test_put("dst", src, have);
	return (src);
}

Test(xfer, the_ask_hook_sees_the_facts_and_resume_completes_the_file)
{
	size_t len = MIB + 99, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 9);
	int rc;

	test_log.answer = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect_eq(test_log.asks, 1);
	cr_expect_eq(test_log.q_facts.src.size, len);
	cr_expect_eq(test_log.q_facts.dst.size, have);
	cr_expect(test_log.q_facts.can_resume);
	cr_expect_eq(test_log.q_plan.action, XA_ASK);
	cr_expect(test_log.q_plan.partial);
	cr_expect(test_log.q_plan.choices & XFER_CHOICE(XFER_RESUME));
	cr_expect(test_log.q_plan.choices & XFER_CHOICE(XFER_OVERWRITE));
	cr_expect(test_log.q_plan.choices & XFER_CHOICE(XFER_SKIP));
	cr_expect_eq(test_log.q_record, 0);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.bytes, len - have);
	cr_expect_eq(test_res.files, 1);
	free(src);
}

Test(xfer, the_ask_hook_answering_skip_leaves_the_target)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 10);
	int rc;

	test_log.answer = XFER_SKIP;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect_eq(test_log.asks, 1);
	test_expect_file("dst", src, have);
	cr_expect_eq(test_res.skipped, 1);
	cr_expect_eq(test_res.files, 0);
	cr_expect_eq(test_res.bytes, 0);
	free(src);
}

Test(xfer, the_ask_hook_answering_overwrite_replaces_the_target)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_data(len, 11);
	unsigned char *old = test_data(have, 12);
	int rc;

	test_put("src", src, len);
	test_put("dst", old, have);		/* not even a partial */
	test_log.answer = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect_eq(test_log.asks, 1);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.bytes, len);
	cr_expect_eq(test_res.files, 1);
	free(src);
	free(old);
}

Test(xfer, without_an_ask_hook_an_existing_target_is_refused_untouched)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 13);
	int rc;

	test_hooksp = &test_hooks_noask;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_EXISTS, "rc %d: %s", rc, test_cause);
	cr_expect_not_null(test_cause);
	test_expect_file("dst", src, have);
	cr_expect_eq(test_res.bytes, 0);
	cr_expect_eq(test_res.files, 0);
	free(src);
}

Test(xfer, apply_to_all_asks_once_for_a_tree_of_partials)
{
	static const char *const names[] = { "a", "b", "c" };
	static const size_t have[] = { 100 * KIB, 1, 300 * KIB - 1 };
	size_t len = 300 * KIB, moved = 0, i;
	unsigned char *src[3];
	char name[64];
	int rc;

	cr_assert_eq(mkdir(tp("s"), 0755), 0);
	cr_assert_eq(mkdir(tp("d"), 0755), 0);
	for (i = 0; i < 3; i++) {
		src[i] = test_data(len, 20 + i);
		snprintf(name, sizeof name, "s/%s", names[i]);
		test_put(name, src[i], len);
		snprintf(name, sizeof name, "d/%s", names[i]);
		test_put(name, src[i], have[i]);
		moved += len - have[i];
	}
	test_opts.recursive = 1;
	test_log.answer = XFER_RESUME;
	test_log.answer_all = 1;
	rc = test_run(test_local, "s", test_local, "d");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect_eq(test_log.asks, 1, "asked %d times", test_log.asks);
	cr_expect_eq(test_res.files, 3);
	cr_expect_eq(test_res.bytes, moved);
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "d/%s", names[i]);
		test_expect_file(name, src[i], len);
		free(src[i]);
	}
}

/* ------------------------------------------------------------ overlap */

/* A partial of have bytes with the byte at bad changed. */
static unsigned char *
test_bad_partial(size_t len, size_t have, size_t bad, unsigned char **dstp)
{
	unsigned char *src = test_data(len, 30), *dst;

	dst = xmalloc(have);
	memcpy(dst, src, have);
	dst[bad] ^= 0x5a;
	test_put("src", src, len);
	test_put("dst", dst, have);
	*dstp = dst;
	return (src);
}

Test(xfer, a_partial_whose_first_byte_differs_is_not_resumed)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 0, &dst);
	int rc;

	test_hooksp = &test_hooks_noask;	/* nobody to ask */
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", dst, have);
	cr_expect_eq(test_res.bytes, 0);
	cr_expect_eq(test_res.failed, 1);
	free(src);
	free(dst);
}

Test(xfer, a_partial_whose_last_byte_differs_is_not_resumed)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, have - 1, &dst);
	int rc;

	test_hooksp = &test_hooks_noask;	/* nobody to ask */
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect_not_null(test_cause);
	test_expect_file("dst", dst, have);
	cr_expect_eq(test_res.bytes, 0);
	free(src);
	free(dst);
}

Test(xfer, without_verify_a_differing_partial_is_appended_to)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, have - 1, &dst);
	unsigned char *want;
	int rc;

	test_opts.policy = XFER_RESUME;
	test_opts.verify = 0;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	want = xmalloc(len);
	memcpy(want, dst, have);
	memcpy(want + have, src + have, len - have);
	test_expect_file("dst", want, len);
	cr_expect_eq(test_res.bytes, len - have);
	free(want);
	free(src);
	free(dst);
}

/* A refusal wrote nothing: no record may vouch for the partial
 * afterwards (the next question would say "resume record: same source"). */
Test(xfer, a_refused_resume_leaves_no_record_vouching_for_the_partial)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, have - 1, &dst);
	int rc;

	test_hooksp = &test_hooks_noask;	/* nobody to ask */
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_record_count(), 0, "a record was written for a "
	    "partial that does not match its source");
	free(src);
	free(dst);
}

/* ------------------------------------------------------------ record digest */

/* Copy src (len bytes) to dst, cancelled after about have bytes; returns
 * the record's confirmed offset, which is dst's size. */
static size_t
test_cancelled_partial(const unsigned char *src, size_t len, size_t have)
{
	struct xfer_record rec;
	size_t confirmed;
	int rc;

	test_put("src", src, len);
	test_log.cancel_path = tp("dst");
	test_log.cancel_bytes = have;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	test_log.cancel_path = NULL;
	cr_assert_eq(test_record("dst", &rec), 0, "no resume record");
	confirmed = (size_t)rec.confirmed;
	cr_assert_eq((int64_t)confirmed, test_size("dst"));
	cr_assert_gt(confirmed, 128 * KIB);
	record_free(&rec);
	return (confirmed);
}

/* Change the byte at off, inside the record's digest window (the 64 KiB
 * before confirmed) but outside the 4 KiB overlap windows. */
static void
test_poke(const char *name, size_t off)
{
	unsigned char c;
	int fd;

	fd = open(tp(name), O_RDWR);
	cr_assert_neq(fd, -1);
	cr_assert_eq(pread(fd, &c, 1, (off_t)off), 1);
	c ^= 0xa5;
	cr_assert_eq(pwrite(fd, &c, 1, (off_t)off), 1);
	close(fd);
}

Test(xfer, a_partial_changed_under_the_record_digest_is_not_resumed)
{
	size_t len = 2 * MIB, have, confirmed;
	unsigned char *src = test_data(len, 40), *before;
	int rc;

	confirmed = test_cancelled_partial(src, len, MIB);
	test_poke("dst", confirmed - 32 * KIB);
	before = test_get("dst", &have);
	test_hooksp = &test_hooks_noask;	/* nobody to ask */
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect(test_cause != NULL && strstr(test_cause, "record") != NULL,
	    "cause: %s", test_cause);
	test_expect_file("dst", before, have);
	cr_expect_eq(test_res.bytes, 0);
	free(before);
	free(src);
}

Test(xfer, an_unchanged_partial_with_a_record_resumes)
{
	size_t len = 2 * MIB, confirmed;
	unsigned char *src = test_data(len, 41);
	int rc;

	confirmed = test_cancelled_partial(src, len, MIB);
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.bytes, len - confirmed);
	cr_expect_eq(test_record_count(), 0);
	free(src);
}

/* The refusal must not rewrite the record it refused by: asked again, the
 * engine refuses again. */
Test(xfer, a_digest_refusal_holds_on_a_second_try)
{
	size_t len = 2 * MIB, have, confirmed;
	unsigned char *src = test_data(len, 42), *before;
	struct xfer_record rec;
	int rc;

	confirmed = test_cancelled_partial(src, len, MIB);
	test_poke("dst", confirmed - 32 * KIB);
	before = test_get("dst", &have);
	test_hooksp = &test_hooks_noask;	/* nobody to ask */
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_assert_eq(test_record("dst", &rec), 0, "the record is gone");
	cr_expect_eq(strlen(rec.digest), 64, "the refusal rewrote the record's "
	    "digest to \"%s\"", rec.digest);
	record_free(&rec);
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "second try: rc %d: %s", rc,
	    test_cause);
	test_expect_file("dst", before, have);
	free(before);
	free(src);
}

/* ------------------------------------------------------------ chunk digests */

/* The digests of the first len bytes of a file, as chunks.c makes them
 * while writing, in a record confirming them. */
static void
test_chunks_of(const char *name, size_t len, uint64_t size,
    struct xfer_record *want)
{
	struct chunks c = { 0 };
	unsigned char *p;
	size_t have;

	p = test_get(name, &have);
	cr_assert_geq(have, len);
	memset(want, 0, sizeof *want);
	chunks_start(&c, size);
	chunks_add(&c, p, len);
	want->confirmed = len;
	chunks_record(&c, want);
	chunks_stop(&c);
	free(p);
}

Test(xfer, the_record_of_a_local_partial_keeps_a_digest_of_every_chunk)
{
	size_t len = 10 * MIB, confirmed;
	unsigned char *src = test_data(len, 60);
	struct xfer_record rec, want;

	confirmed = test_cancelled_partial(src, len, 6 * MIB);
	cr_assert_eq(test_record("dst", &rec), 0);
	cr_expect_eq(rec.chunk_size, CHUNKS_MIN);
	cr_expect_eq(rec.nchunks, (confirmed + CHUNKS_MIN - 1) / CHUNKS_MIN);
	test_chunks_of("dst", confirmed, CHUNKS_MIN, &want);
	cr_assert_eq(rec.nchunks, want.nchunks);
	cr_expect_eq(memcmp(rec.chunk, want.chunk,
	    want.nchunks * sizeof *want.chunk), 0);
	record_free(&want);
	record_free(&rec);
	free(src);
}

/* A byte changed in the middle of a partial, far from both windows, is
 * found by its chunk's digest: not resumed, left as it was, and the cause
 * names the bytes of that chunk. */
Test(xfer, a_byte_changed_between_the_windows_is_found_by_its_chunk)
{
	size_t len = 10 * MIB, have, confirmed;
	unsigned char *src = test_data(len, 61), *before;
	struct xfer_record rec;
	int rc;

	confirmed = test_cancelled_partial(src, len, 6 * MIB);
	test_poke("dst", 5 * MIB);
	before = test_get("dst", &have);
	test_hooksp = &test_hooks_noask;	/* nobody to ask */
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect(test_cause != NULL && strstr(test_cause, "bytes 4194304 to ")
	    != NULL && strstr(test_cause, "differ from what ferry wrote") !=
	    NULL, "cause: %s", test_cause);
	test_expect_file("dst", before, have);
	cr_expect_eq(test_res.bytes, 0);
	/* the refusal leaves the record as it was */
	cr_assert_eq(test_record("dst", &rec), 0);
	cr_expect_eq(rec.confirmed, confirmed);
	cr_expect_eq(rec.nchunks, 2);
	record_free(&rec);
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "second try: rc %d: %s", rc,
	    test_cause);
	test_expect_file("dst", before, have);
	free(before);
	free(src);
}

Test(xfer, a_byte_changed_in_the_first_chunk_names_it)
{
	size_t len = 10 * MIB, have;
	unsigned char *src = test_data(len, 62), *before;
	int rc;

	(void)test_cancelled_partial(src, len, 6 * MIB);
	test_poke("dst", MIB + 3);
	before = test_get("dst", &have);
	test_hooksp = &test_hooks_noask;
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect(test_cause != NULL && strstr(test_cause, "bytes 0 to "
	    "4194303 ") != NULL, "cause: %s", test_cause);
	test_expect_file("dst", before, have);
	free(before);
	free(src);
}

Test(xfer, a_chunk_mismatch_is_asked_about_and_overwrite_gives_the_source)
{
	size_t len = 10 * MIB, confirmed;
	unsigned char *src = test_data(len, 63);
	int rc;

	confirmed = test_cancelled_partial(src, len, 6 * MIB);
	test_poke("dst", 5 * MIB);
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	test_log.mismatch_answer = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.mismatch_asks, 1);
	cr_expect_eq(test_log.qm_facts.check.kind, XM_CHUNK);
	cr_expect_eq(test_log.qm_facts.check.from, 4 * MIB);
	cr_expect_eq(test_log.qm_facts.check.len, confirmed - 4 * MIB);
	cr_expect_eq(test_log.qm_plan.choices, XFER_CHOICE(XFER_OVERWRITE) |
	    XFER_CHOICE(XFER_SKIP) | XFER_CHOICE(XFER_RENAME) |
	    XFER_CHOICE(XFER_CANCEL));
	test_expect_file("dst", src, len);
	cr_expect_eq(test_record_count(), 0);
	free(src);
}

/* A record that claims bytes the disk does not hold (the partial was
 * cut short since) is a failed check, not a resume from the shorter
 * size. */
Test(xfer, a_partial_shorter_than_its_record_says_is_not_resumed)
{
	size_t len = 10 * MIB, have, confirmed;
	unsigned char *src = test_data(len, 64), *before;
	int rc;

	confirmed = test_cancelled_partial(src, len, 6 * MIB);
	cr_assert_eq(truncate(tp("dst"), (off_t)(confirmed - 1000)), 0);
	before = test_get("dst", &have);
	test_hooksp = &test_hooks_noask;
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect(test_cause != NULL && strstr(test_cause, "but ferry wrote")
	    != NULL, "cause: %s", test_cause);
	test_expect_file("dst", before, have);

	test_hooksp = &test_hooks;
	test_log.mismatch_answer = XFER_SKIP;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.qm_facts.check.kind, XM_SHORT);
	cr_expect_eq(test_log.qm_facts.check.at, confirmed - 1000);
	cr_expect_eq(test_log.qm_facts.check.len, confirmed);
	free(before);
	free(src);
}

/* Bytes written after the record's last checkpoint have no digest: they
 * are compared with the source, all of them, not only the tail window. */
Test(xfer, bytes_written_after_the_last_checkpoint_are_compared_with_the_source)
{
	size_t len = 10 * MIB, confirmed, extra = MIB + 5, have;
	unsigned char *src = test_data(len, 65), *part;
	int fd;

	confirmed = test_cancelled_partial(src, len, 3 * MIB);
	/* as if written, but not yet confirmed, when ferry was killed */
	fd = open(tp("dst"), O_WRONLY|O_APPEND);
	cr_assert_neq(fd, -1);
	cr_assert_eq(write(fd, src + confirmed, extra), (ssize_t)extra);
	close(fd);
	part = test_get("dst", &have);
	test_hooksp = &test_hooks_noask;
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.bytes, len - have);

	/* the same with a byte changed there, outside the tail window */
	free(part);
	cr_assert_eq(unlink(tp("dst")), 0);
	confirmed = test_cancelled_partial(src, len, 3 * MIB);
	part = xmalloc(confirmed + extra);
	memcpy(part, src, confirmed + extra);
	part[confirmed + 10] ^= 0x42;
	test_put("dst", part, confirmed + extra);
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"),
	    FERR_MISMATCH, "%s", test_cause);
	test_expect_file("dst", part, confirmed + extra);
	free(part);
	free(src);
}

/* What was checked is said (-v): every byte against the record, or only
 * the windows and why. */
Test(xfer, a_resume_says_exactly_what_it_checked)
{
	size_t len = 10 * MIB, confirmed;
	unsigned char *src = test_data(len, 67);
	char want[256];

	confirmed = test_cancelled_partial(src, len, 6 * MIB);
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	test_log.text[0] = '\0';
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	snprintf(want, sizeof want, "resuming at byte %zu (checked: every "
	    "byte of the partial against its resume record, 2 chunks; its "
	    "first 4.0 KiB and the 4.0 KiB just before byte %zu match the "
	    "source)", confirmed, confirmed);
	cr_expect_not_null(strstr(test_log.text, want), "notices:\n%s",
	    test_log.text);
	test_expect_file("dst", src, len);

	/* the same partial without its record */
	test_put("dst", src, confirmed);
	test_log.text[0] = '\0';
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	snprintf(want, sizeof want, "resuming at byte %zu (checked: only its "
	    "first 4.0 KiB and the 4.0 KiB just before byte %zu, against the "
	    "source: no resume record)", confirmed, confirmed);
	cr_expect_not_null(strstr(test_log.text, want), "notices:\n%s",
	    test_log.text);
	test_expect_file("dst", src, len);
	free(src);
}

/* A record that was written before its first checkpoint confirms no byte:
 * the whole partial is compared with the source. */
Test(xfer, a_partial_its_record_confirms_nothing_of_is_compared_whole)
{
	size_t len = 10 * MIB;
	unsigned char *src = test_data(len, 68);
	struct xfer_record rec;
	char *path;

	(void)test_cancelled_partial(src, len, 3 * MIB);
	cr_assert_eq(test_record("dst", &rec), 0);
	rec.confirmed = 0;
	rec.digest[0] = '\0';
	free(rec.chunk);
	rec.chunk = NULL;
	rec.nchunks = 0;
	path = record_path(test_recdir, tp("dst"));
	cr_assert_eq(record_save(path, &rec, NULL), 0);
	record_free(&rec);
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_not_null(strstr(test_log.text, "(checked: all of the "
	    "partial matches the source)"), "notices:\n%s", test_log.text);
	test_expect_file("dst", src, len);

	/* and a byte changed in the middle of it is found */
	cr_assert_eq(unlink(tp("dst")), 0);
	(void)test_cancelled_partial(src, len, 3 * MIB);
	cr_assert_eq(test_record("dst", &rec), 0);
	rec.confirmed = 0;
	free(rec.chunk);
	rec.chunk = NULL;
	rec.nchunks = 0;
	cr_assert_eq(record_save(path, &rec, NULL), 0);
	record_free(&rec);
	test_poke("dst", MIB);
	test_hooksp = &test_hooks_noask;
	cr_expect_eq(test_run(test_local, "src", test_local, "dst"),
	    FERR_MISMATCH, "%s", test_cause);
	free(path);
	free(src);
}

/* A complete target that a record still names (a crash after the last
 * byte) is checked whole against the record. */
Test(xfer, a_complete_target_with_a_record_is_checked_every_byte)
{
	size_t len = 10 * MIB;
	unsigned char *src = test_data(len, 69);
	struct xfer_record rec, all;
	char *path;

	(void)test_cancelled_partial(src, len, 3 * MIB);
	cr_assert_eq(test_record("dst", &rec), 0);
	test_put("dst", src, len);
	test_chunks_of("dst", len, CHUNKS_MIN, &all);
	free(rec.chunk);
	rec.chunk = all.chunk;
	rec.nchunks = all.nchunks;
	rec.confirmed = len;
	rec.digest[0] = '\0';
	path = record_path(test_recdir, tp("dst"));
	cr_assert_eq(record_save(path, &rec, NULL), 0);
	record_free(&rec);
	test_opts.policy = XFER_RESUME;
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	cr_expect_not_null(strstr(test_log.text, "already complete (every "
	    "byte checked against its resume record, 3 chunks"),
	    "notices:\n%s", test_log.text);
	cr_expect_eq(test_record_count(), 0);
	free(path);
	free(src);
}

/* A remote partial is not read back: its record keeps no chunk
 * digests. */
Test(xfer, the_record_of_a_remote_target_keeps_no_chunk_digests)
{
	size_t len = 4 * MIB;
	unsigned char *src = test_data(len, 66);
	struct vfs *dfs = test_flaky_new(&flaky_ops);
	struct xfer_record rec;
	struct dirent *de;
	char *path = NULL;
	DIR *d;
	int rc;

	test_put("src", src, len);
	test_log.cancel_path = tp("dst");
	test_log.cancel_bytes = MIB;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	cr_assert_not_null(d = opendir(test_recdir));
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".rec") != NULL)
			path = xasprintf("%s/%s", test_recdir, de->d_name);
	}
	closedir(d);
	cr_assert_not_null(path, "no record");
	cr_assert_eq(record_load(path, &rec, NULL), 0);
	cr_expect_gt(rec.confirmed, 0);
	cr_expect_eq(rec.chunk_size, 0);
	cr_expect_eq(rec.nchunks, 0);
	record_free(&rec);
	free(path);
	free(src);
}

/* ------------------------------------------------------------ asked again */

#define MISMATCH_CHOICES (XFER_CHOICE(XFER_OVERWRITE) | \
	XFER_CHOICE(XFER_SKIP) | XFER_CHOICE(XFER_RENAME) | \
	XFER_CHOICE(XFER_CANCEL))

Test(xfer, a_mismatch_is_asked_again_without_resume_saying_where)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 1234, &dst);
	int rc;

	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_SKIP;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.asks, 0);
	cr_expect_eq(test_log.mismatch_asks, 1);
	cr_expect_eq(test_log.qm_plan.action, XA_ASK);
	cr_expect_eq(test_log.qm_plan.reason, XR_MISMATCH);
	cr_expect_eq(test_log.qm_plan.choices, MISMATCH_CHOICES,
	    "choices %#x", test_log.qm_plan.choices);
	cr_expect_eq(test_log.qm_facts.check.kind, XM_HEAD);
	cr_expect_eq(test_log.qm_facts.check.at, 1234);
	cr_expect_eq(test_log.qm_facts.check.len, XFER_WINDOW_DEFAULT);
	free(src);
	free(dst);
}

Test(xfer, a_mismatch_answered_overwrite_gives_the_source_bytes)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 0, &dst);
	int rc;

	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.files, 1);
	cr_expect_eq(test_res.failed, 0);
	cr_expect_eq(test_res.bytes, len);
	cr_expect_eq(test_record_count(), 0);
	free(src);
	free(dst);
}

Test(xfer, a_mismatch_answered_skip_leaves_the_partial)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, have - 1, &dst);
	int rc;

	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_SKIP;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.qm_facts.check.kind, XM_TAIL);
	cr_expect_eq(test_log.qm_facts.check.at, have - 1);
	cr_expect_eq(test_log.qm_facts.check.from + test_log.qm_facts.check.len,
	    have);
	test_expect_file("dst", dst, have);
	cr_expect_eq(test_res.skipped, 1);
	cr_expect_eq(test_res.failed, 0);
	cr_expect_eq(test_res.bytes, 0);
	free(src);
	free(dst);
}

Test(xfer, a_mismatch_answered_rename_writes_a_free_name_and_leaves_the_partial)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 7, &dst);
	int rc;

	test_put("dst.1", "taken", 5);
	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_RENAME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", dst, have);
	test_expect_file("dst.1", (const unsigned char *)"taken", 5);
	test_expect_file("dst.2", src, len);
	cr_expect_eq(test_res.files, 1);
	free(src);
	free(dst);
}

Test(xfer, a_mismatch_answered_cancel_leaves_the_partial_and_stops)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 7, &dst);
	int rc;

	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_CANCEL;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", dst, have);
	cr_expect_eq(test_res.bytes, 0);
	free(src);
	free(dst);
}

Test(xfer, a_mismatch_answered_resume_is_not_taken)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 7, &dst);
	int rc;

	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_RESUME;	/* not on offer */
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", dst, have);
	free(src);
	free(dst);
}

Test(xfer, an_answer_resume_then_a_mismatch_asks_a_second_question)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 99, &dst);
	int rc;

	test_log.answer = XFER_RESUME;
	test_log.mismatch_answer = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.asks, 1);
	cr_expect_eq(test_log.mismatch_asks, 1);
	cr_expect(test_log.q_plan.choices & XFER_CHOICE(XFER_RESUME));
	test_expect_file("dst", src, len);
	free(src);
	free(dst);
}

Test(xfer, a_record_digest_mismatch_is_asked_and_overwritten)
{
	size_t len = 2 * MIB, confirmed;
	unsigned char *src = test_data(len, 43);
	int rc;

	confirmed = test_cancelled_partial(src, len, MIB);
	test_poke("dst", confirmed - 32 * KIB);
	test_opts.policy = XFER_RESUME;
	test_opts.window = 4096;
	test_log.mismatch_answer = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.mismatch_asks, 1);
	cr_expect_eq(test_log.qm_facts.check.kind, XM_RECORD);
	cr_expect_eq(test_log.qm_facts.check.from + test_log.qm_facts.check.len,
	    confirmed);
	test_expect_file("dst", src, len);
	free(src);
}

/* Three partials in a tree, two of them bad: "overwrite for all" is asked
 * once and applies to the second bad one; the good one still resumes. */
Test(xfer, a_mismatch_answer_for_all_applies_to_later_mismatches_in_a_tree)
{
	static const char *const names[] = { "a", "b", "c" };
	static const int bad[] = { 1, 0, 1 };
	size_t len = 300 * KIB, have = 100 * KIB, i;
	unsigned char *src[3], *part;
	char name[64];
	int rc;

	cr_assert_eq(mkdir(tp("s"), 0755), 0);
	cr_assert_eq(mkdir(tp("d"), 0755), 0);
	for (i = 0; i < 3; i++) {
		src[i] = test_data(len, 50 + i);
		snprintf(name, sizeof name, "s/%s", names[i]);
		test_put(name, src[i], len);
		part = xmalloc(have);
		memcpy(part, src[i], have);
		if (bad[i])
			part[10] ^= 1;
		snprintf(name, sizeof name, "d/%s", names[i]);
		test_put(name, part, have);
		free(part);
	}
	test_opts.recursive = 1;
	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_OVERWRITE;
	test_log.mismatch_all = 1;
	rc = test_run(test_local, "s", test_local, "d");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.mismatch_asks, 1, "asked %d times",
	    test_log.mismatch_asks);
	cr_expect_eq(test_res.files, 3);
	cr_expect_eq(test_res.resumed, 1);
	cr_expect_eq(test_res.bytes, 2 * len + (len - have));
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "d/%s", names[i]);
		test_expect_file(name, src[i], len);
		free(src[i]);
	}
}

/* The same tree, "skip" for this one only: the second bad one asks too. */
Test(xfer, a_mismatch_answer_for_one_asks_again_for_the_next)
{
	static const char *const names[] = { "a", "b" };
	size_t len = 300 * KIB, have = 100 * KIB, i;
	unsigned char *src, *part;
	char name[64];
	int rc;

	cr_assert_eq(mkdir(tp("s"), 0755), 0);
	cr_assert_eq(mkdir(tp("d"), 0755), 0);
	for (i = 0; i < 2; i++) {
		src = test_data(len, 60 + i);
		snprintf(name, sizeof name, "s/%s", names[i]);
		test_put(name, src, len);
		part = xmalloc(have);
		memcpy(part, src, have);
		part[have - 1] ^= 1;
		snprintf(name, sizeof name, "d/%s", names[i]);
		test_put(name, part, have);
		free(part);
		free(src);
	}
	test_opts.recursive = 1;
	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_SKIP;
	rc = test_run(test_local, "s", test_local, "d");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.mismatch_asks, 2);
	cr_expect_eq(test_res.skipped, 2);
	cr_expect_eq(test_size("d/a"), (int64_t)have);
	cr_expect_eq(test_size("d/b"), (int64_t)have);
}

/* ------------------------------------------------------------ typed names */

Test(xfer, rename_suggests_the_first_free_name)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 70);
	int rc;

	test_put("dst.1", "x", 1);
	test_log.answer = XFER_RENAME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_str_eq(test_log.q_suggest, "dst.2");
	test_expect_file("dst.2", src, len);
	test_expect_file("dst", src, have);
	free(src);
}

Test(xfer, rename_with_a_typed_name_writes_that_name_and_leaves_the_partial)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 71);
	int rc;

	test_log.answer = XFER_RENAME;
	test_log.answer_name = "chosen name";
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("chosen name", src, len);
	test_expect_file("dst", src, have);
	cr_expect_eq(test_size("dst.1"), -1);
	cr_expect_eq(test_res.files, 1);
	free(src);
}

Test(xfer, rename_to_a_typed_name_that_exists_is_refused_untouched)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 72);
	int rc;

	test_put("taken", "old", 3);
	test_log.answer = XFER_RENAME;
	test_log.answer_name = "taken";
	rc = test_run(test_local, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_EXISTS, "rc %d: %s", rc, test_cause);
	cr_expect(test_cause != NULL && strstr(test_cause, "taken") != NULL,
	    "cause: %s", test_cause);
	test_expect_file("taken", (const unsigned char *)"old", 3);
	test_expect_file("dst", src, have);
	cr_expect_eq(test_res.failed, 1);
	free(src);
}

Test(xfer, rename_to_a_typed_path_is_refused)
{
	static const char *const bad[] = { "../up", "a/b", ".", "..", "/abs" };
	size_t len = KIB, have = 10, i;
	unsigned char *src = test_partial(len, have, 73);
	int rc;

	test_log.answer = XFER_RENAME;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		test_log.answer_name = bad[i];
		rc = test_run(test_local, "src", test_local, "dst");
		cr_expect_eq(rc, FERR_USAGE, "%s: rc %d: %s", bad[i], rc,
		    test_cause);
	}
	test_expect_file("dst", src, have);
	cr_expect_eq(test_size("up"), -1);
	free(src);
}

Test(xfer, a_mismatch_answered_rename_with_a_typed_name_writes_that_name)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 3, &dst);
	int rc;

	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_RENAME;
	test_log.answer_name = "fresh";
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("fresh", src, len);
	test_expect_file("dst", dst, have);
	cr_expect_eq(test_size("dst.1"), -1);
	free(src);
	free(dst);
}

/* ------------------------------------------------------------ lying sources */

Test(xfer, a_remote_source_shorter_than_its_size_is_an_error)
{
	size_t len = MIB;
	unsigned char *src = test_data(len, 50);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.size_delta = 1000;
	test_opts.retries = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_expect_neq(rc, 0, "a short source counted as a complete copy");
	cr_expect_not_null(test_cause);
	cr_expect_eq(test_res.files, 0);
	cr_expect_eq(test_res.failed, 1);
	test_expect_file("dst", src, len);
	free(src);
}

Test(xfer, a_source_longer_than_its_size_keeps_only_the_announced_bytes)
{
	size_t len = MIB, said = MIB - 1000;
	unsigned char *src = test_data(len, 51);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.size_delta = -1000;
	test_opts.retries = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_IO, "got %d: %s", rc, test_cause);
	cr_assert_not_null(test_cause);
	cr_expect(strstr(test_cause, "grew") != NULL, "%s", test_cause);
	cr_expect(strstr(test_cause, "ended at byte") == NULL, "%s",
	    test_cause);
	cr_expect_eq(test_log.retrying, 0, "a lying size was retried");
	cr_expect_eq(test_res.files, 0);
	cr_expect_eq(test_res.failed, 1);
	/* only what is consistent with the size: the first said bytes */
	test_expect_file("dst", src, said);
	free(src);
}

/* ------------------------------------------------------------ no seeking */

Test(xfer, resume_is_refused_where_a_backend_cannot_seek)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 60);
	struct vfs *dfs = test_flaky_new(&flaky_noseek_ops);
	int rc;

	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_expect_neq(rc, 0, "resumed on a backend without WRITE_AT");
	cr_expect_not_null(test_cause);
	test_expect_file("dst", src, have);
	cr_expect_eq(flaky.opens_write, 0);
	cr_expect_eq(flaky.offset_opens, 0);
	free(src);
}

Test(xfer, overwrite_works_where_a_backend_cannot_seek)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_partial(len, have, 61);
	struct vfs *dfs = test_flaky_new(&flaky_noseek_ops);
	int rc;

	test_opts.policy = XFER_OVERWRITE;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_res.bytes, len);
	cr_expect_eq(flaky.offset_opens, 0);
	free(src);
}

/* A server without REST cannot resume after a drop: it must start over
 * (or give up), never be asked for an offset. */
Test(xfer, a_retry_never_asks_a_backend_that_cannot_seek_for_an_offset)
{
	size_t len = 2 * MIB;
	unsigned char *src = test_data(len, 62);
	struct vfs *sfs = test_flaky_new(&flaky_noseek_ops);
	int rc;

	test_put("src", src, len);
	flaky.lost_after = MIB;
	flaky.lost_conns = 1;
	test_opts.retries = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_expect_eq(flaky.offset_opens, 0, "asked %d times for an offset; "
	    "rc %d: %s", flaky.offset_opens, rc, test_cause);
	cr_expect_eq(rc, 0, "the retry did not start over: %s", test_cause);
	if (rc == 0)
		test_expect_file("dst", src, len);
	free(src);
}

/* ------------------------------------------------------------ overwrite retries */

/* The connection drops before the overwrite truncated anything: the old
 * target is not a partial of this source, so the retry must overwrite it,
 * not resume from it. */
Test(xfer, an_overwrite_lost_before_it_began_still_overwrites)
{
	size_t len = MIB, have = 300 * KIB;
	unsigned char *src = test_data(len, 70), *old = test_data(have, 71);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	test_put("dst", old, have);
	flaky.lost_opens = 1;
	test_opts.policy = XFER_OVERWRITE;
	test_opts.retries = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_expect_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	free(src);
	free(old);
}

Test(xfer, an_overwrite_lost_before_it_began_never_appends_to_the_old_target)
{
	size_t len = MIB, have = 300 * KIB, got;
	unsigned char *src = test_data(len, 72), *old = test_data(have, 73);
	unsigned char *dst;
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	test_put("dst", old, have);
	flaky.lost_opens = 1;
	test_opts.policy = XFER_OVERWRITE;
	test_opts.verify = 0;		/* about resumes; nothing to resume */
	test_opts.retries = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	dst = test_get("dst", &got);
	cr_expect(got < have || memcmp(dst, old, have) != 0, "rc %d, and the "
	    "target still starts with the old file's %zu bytes", rc, have);
	if (rc == 0)
		test_expect_file("dst", src, len);
	free(dst);
	free(src);
	free(old);
}

/* ------------------------------------------------------------ rate limit */

Test(xfer, the_rate_limit_slows_the_copy_down)
{
	size_t len = MIB;
	unsigned char *src = test_data(len, 80);
	double t0, dt;
	int rc;

	test_put("src", src, len);
	test_opts.rate_limit = 2 * MIB;
	t0 = test_clock();
	rc = test_run(test_local, "src", test_local, "dst");
	dt = test_clock() - t0;
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_geq(dt, 0.4, "1 MiB at 2 MiB/s took %.3f s", dt);
	free(src);
}

Test(xfer, a_copy_slower_than_the_speed_limit_is_a_stall_that_keeps_a_prefix)
{
	size_t len = MIB;
	unsigned char *src = test_data(len, 81);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.read_delay_ms = 100;	/* 64 KiB a tenth of a second */
	test_opts.speed_limit = 100 * MIB;
	test_opts.speed_time = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_expect_eq(rc, FERR_LOST, "got %d: %s", rc, test_cause);
	cr_assert_not_null(test_cause);
	cr_expect(strstr(test_cause, "stalled") != NULL, "%s", test_cause);
	cr_expect_lt(test_size("dst"), len);
	test_expect_prefix("dst", src, len);
	free(src);
}

Test(xfer, a_speed_limit_of_0_never_stalls)
{
	size_t len = 256 * KIB;
	unsigned char *src = test_data(len, 82);
	struct vfs *sfs = test_flaky_new(&flaky_ops);
	int rc;

	test_put("src", src, len);
	flaky.read_delay_ms = 300;
	test_opts.speed_limit = 0;
	test_opts.speed_time = 1;
	rc = test_run(sfs, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	free(src);
}

/* ------------------------------------------------------------ large files */

/* A sparse file of size bytes with data at the head and the last tail
 * bytes; 0 if the file system stored it sparse. */
static int
test_sparse(const char *name, uint64_t size, const unsigned char *head,
    size_t hlen, const unsigned char *tail, size_t tlen)
{
	struct stat sb;
	int fd;

	fd = open(tp(name), O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1);
	if (ftruncate(fd, (off_t)size) != 0 || fstat(fd, &sb) != 0 ||
	    (uint64_t)sb.st_blocks * 512 > 64 * MIB) {
		close(fd);
		unlink(tp(name));
		return (-1);
	}
	cr_assert_eq(pwrite(fd, head, hlen, 0), (ssize_t)hlen);
	if (tlen > 0)
		cr_assert_eq(pwrite(fd, tail, tlen, (off_t)(size - tlen)),
		    (ssize_t)tlen);
	cr_assert_eq(close(fd), 0);
	return (0);
}

Test(xfer, a_partial_past_4_gib_resumes_with_only_the_missing_bytes)
{
	uint64_t size = 5 * GIB;
	unsigned char *head = test_data(64 * KIB, 90);
	unsigned char *tail = test_data(MIB, 91), *got;
	int fd, rc;

	if (test_sparse("src", size, head, 64 * KIB, tail, MIB) != 0 ||
	    test_sparse("dst", size - MIB, head, 64 * KIB, NULL, 0) != 0) {
		free(head);
		free(tail);
		cr_skip_test("this file system makes no sparse files");
	}
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect_eq(test_res.bytes, MIB, "%llu bytes moved",
	    (unsigned long long)test_res.bytes);
	cr_expect_eq(test_size("dst"), (int64_t)size);
	got = xmalloc(MIB);
	fd = open(tp("dst"), O_RDONLY);
	cr_assert_neq(fd, -1);
	cr_assert_eq(pread(fd, got, MIB, (off_t)(size - MIB)), (ssize_t)MIB);
	close(fd);
	cr_expect_eq(memcmp(got, tail, MIB), 0, "the last MiB differs");
	cr_expect_eq(test_log.last_done, size);
	free(got);
	free(head);
	free(tail);
}

Test(xfer, a_file_has_one_record_key_however_its_path_is_written)
{
	char *a, *b, *c, *d, *real;
	char cwd[PATH_MAX];

	cr_assert_eq(mkdir(tp("sub"), 0700), 0);
	cr_assert_eq(symlink(test_dir, tp("link")), 0);
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	cr_assert_eq(chdir(test_dir), 0);
	a = xfer_location(test_local, "f");
	b = xfer_location(test_local, "./f");
	c = xfer_location(test_local, "sub/../f");
	d = xfer_location(test_local, "link/f");
	cr_assert_eq(chdir(cwd), 0);
	real = realpath(test_dir, NULL);
	cr_assert_not_null(real);
	cr_assert_eq(a[0], '/', "%s is not absolute", a);
	cr_assert_str_eq(b, a);
	cr_assert_str_eq(c, a);
	cr_assert_str_eq(d, a);
	cr_assert_eq(strncmp(a, real, strlen(real)), 0, "%s", a);
	free(a);
	free(b);
	free(c);
	free(d);
	free(real);
}

/* Whether a listing of the test directory, written as "dir/./", marks
 * name as partial. */
static int
test_listed_partial(const char *name)
{
	struct vfs_list l = { 0 };
	char *dir, *cause = NULL;
	int found = 0;
	size_t i;

	dir = xasprintf("%s/./", test_dir);
	cr_assert_eq(vfs_local_ops.list(test_local, dir, &l, &cause), 0,
	    "%s", cause);
	xfer_mark_partials(test_recdir, test_local, dir, &l);
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, name) == 0)
			found = l.v[i].partial;
	vfs_list_free(&l);
	free(dir);
	return (found);
}

Test(xfer, a_listing_knows_a_partial_by_its_record)
{
	struct xfer_record r = { 0 };
	char *key, *path, *cause = NULL;

	test_put("part.bin", "x", 1);
	test_put("other", "y", 1);
	key = xfer_location(test_local, tp("part.bin"));
	path = record_path(test_recdir, key);
	cr_assert(!test_listed_partial("part.bin"));
	r.source = "src";
	r.target = key;
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
	cr_assert(test_listed_partial("part.bin"));
	cr_assert(!test_listed_partial("other"));
	free(key);
	free(path);
}

/* ------------------------------------------------------------ overwrite */

Test(xfer, an_overwrite_stopped_midway_leaves_the_old_target_whole)
{
	size_t len = 4 * MIB, oldlen = 3 * MIB, have;
	unsigned char *src = test_data(len, 40), *old = test_data(oldlen, 41);
	struct xfer_record rec;
	int rc;

	test_put("src", src, len);
	test_put("dst", old, oldlen);
	test_opts.policy = XFER_OVERWRITE;
	test_log.cancel_path = tp("dst.ferry-part");
	test_log.cancel_bytes = MIB;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", old, oldlen);
	have = test_expect_prefix("dst.ferry-part", src, len);
	cr_expect_geq(have, MIB);
	cr_expect_lt(have, len);
	cr_assert_not_null(strstr(test_cause, "dst is unchanged"), "%s",
	    test_cause);
	cr_assert_eq(test_record("dst.ferry-part", &rec), 0, "no record for "
	    "the partial");
	cr_expect_eq(rec.confirmed, have);
	cr_expect_eq(test_record_count(), 1);
	record_free(&rec);

	/* --resume goes on with the partial and puts it in place */
	test_log.cancel_path = NULL;
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_size("dst.ferry-part"), -1);
	cr_expect_eq(test_res.bytes, len - have);
	cr_expect_eq(test_record_count(), 0);
	free(src);
	free(old);
}

/* Rename never replaces a file: not when the question was about the
 * partial of a stopped overwrite either. */
Test(xfer, rename_after_a_stopped_overwrite_leaves_the_target_and_its_partial)
{
	size_t len = 4 * MIB, oldlen = 3 * MIB, have;
	unsigned char *src = test_data(len, 46), *old = test_data(oldlen, 47);
	unsigned char *part;
	int rc;

	test_put("src", src, len);
	test_put("dst", old, oldlen);
	test_opts.policy = XFER_OVERWRITE;
	test_log.cancel_path = tp("dst.ferry-part");
	test_log.cancel_bytes = MIB;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, FERR_CANCELLED, "rc %d: %s", rc, test_cause);
	part = test_get("dst.ferry-part", &have);

	test_log.cancel_path = NULL;
	test_opts.policy = XFER_ASK;
	test_log.answer = XFER_RENAME;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_expect_str_eq(test_log.q_suggest, "dst.1");
	test_expect_file("dst", old, oldlen);
	test_expect_file("dst.1", src, len);
	test_expect_file("dst.ferry-part", part, have);
	cr_expect_eq(test_size("dst.ferry-part.1"), -1);
	free(part);
	free(src);
	free(old);
}

Test(xfer, a_complete_overwrite_replaces_the_target_and_leaves_nothing_beside)
{
	size_t len = MIB + 3;
	unsigned char *src = test_data(len, 42), *old = test_data(len, 43);
	struct stat sb;
	int rc;

	test_put("src", src, len);
	test_put("dst", old, len);
	cr_assert_eq(chmod(tp("dst"), 0600), 0);
	test_opts.policy = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_size("dst.ferry-part"), -1);
	cr_expect_eq(test_record_count(), 0);
	cr_assert_eq(stat(tp("dst"), &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600, "the old target's mode is kept");
	free(src);
	free(old);
}

/* The partial of an overwrite is renamed over the target before the
 * source's time is given: the target gets it, and nobody is told about a
 * TARGET.ferry-part that is gone. */
Test(xfer, a_complete_overwrite_gives_the_target_the_source_time)
{
	size_t len = MIB + 3;
	unsigned char *src = test_data(len, 44), *old = test_data(len, 45);
	struct timespec ts[2] = { { 1500000000, 0 }, { 1500000000, 0 } };
	struct stat sb;
	int rc;

	test_put("src", src, len);
	cr_assert_eq(utimensat(AT_FDCWD, tp("src"), ts, 0), 0);
	test_put("dst", old, len);
	test_opts.policy = XFER_OVERWRITE;
	rc = test_run(test_local, "src", test_local, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	cr_assert_eq(stat(tp("dst"), &sb), 0);
	cr_expect_eq(sb.st_mtime, 1500000000);
	cr_expect_eq(strstr(test_log.text, "ferry-part"), NULL,
	    "notices:\n%s", test_log.text);
	free(src);
	free(old);
}

/* Overwriting a partial that has a record goes through a partial of its
 * own: once that replaced the target, the old record, which still said
 * the target was a partial, is gone too. */
Test(xfer, an_overwrite_of_a_recorded_partial_leaves_no_record_of_it)
{
	size_t len = 10 * MIB;
	unsigned char *src = test_data(len, 46);
	struct xfer_record rec;

	(void)test_cancelled_partial(src, len, 3 * MIB);
	cr_assert_eq(test_record("dst", &rec), 0);
	record_free(&rec);
	test_opts.policy = XFER_OVERWRITE;
	cr_assert_eq(test_run(test_local, "src", test_local, "dst"), 0, "%s",
	    test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_record_count(), 0);
	free(src);
}

Test(xfer, a_backend_that_cannot_replace_overwrites_in_place_and_says_so)
{
	size_t len = MIB;
	unsigned char *src = test_data(len, 44), *old = test_data(len, 45);
	int rc;

	test_put("src", src, len);
	test_put("dst", old, len);
	test_opts.policy = XFER_OVERWRITE;
	test_flaky_new(&flaky_ops);
	rc = test_run(test_local, "src", test_flaky, "dst");
	cr_assert_eq(rc, 0, "%s", test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(test_size("dst.ferry-part"), -1);
	cr_expect_not_null(strstr(test_log.text, "overwriting in place"), "%s",
	    test_log.text);
	free(src);
	free(old);
}

/* A remote listing names its directory relative to the login directory;
 * records name remote files by absolute path (xfer_location): the mark
 * must find them all the same. */
Test(xfer, a_remote_listing_knows_a_partial_by_its_absolute_name)
{
	struct xfer_record r = { 0 };
	struct vfs_stat st = { .type = VFS_FILE };
	struct vfs_list l = { 0 };
	struct vfs *fs = NULL;
	char *key, *path, *dir = NULL, *cause = NULL;

	cr_assert_eq(vfs_resolve("sftp://ana@127.0.0.1:2222/pub", &fs, &dir,
	    &cause), 0, "%s", cause);
	fs->home = xstrdup("/srv/ana");
	key = xfer_location(fs, "/srv/ana/pub/part.bin");
	cr_assert_not_null(strstr(key, "srv/ana/pub/part.bin"), "%s", key);
	path = record_path(test_recdir, key);
	r.source = "src";
	r.target = key;
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
	vfs_list_add(&l, "part.bin", &st);
	vfs_list_add(&l, "other", &st);
	xfer_mark_partials(test_recdir, fs, dir, &l);
	cr_assert_str_eq(l.v[0].name, "part.bin");
	cr_assert(l.v[0].partial, "%s in %s is not marked", key, dir);
	cr_assert(!l.v[1].partial);
	/* with its record's source, for the file manager to finish it */
	cr_assert_str_eq(l.v[0].partial_src, "src");
	cr_assert_null(l.v[1].partial_src);
	/* marked again (a second pass over the same list): no leak, and
	 * the same answer */
	xfer_mark_partials(test_recdir, fs, dir, &l);
	cr_assert_str_eq(l.v[0].partial_src, "src");
	vfs_list_free(&l);
	vfs_free(fs);
	free(dir);
	free(key);
	free(path);
}

/* A directory that holds the target of a record, however deep, counts
 * it (partial_below); a directory whose name only starts the same does
 * not, nor does a file. */
Test(xfer, a_directory_counts_the_records_of_targets_below_it)
{
	struct xfer_record r = { 0 };
	struct vfs_stat dirst = { .type = VFS_DIR };
	struct vfs_stat filest = { .type = VFS_FILE };
	struct vfs_list l = { 0 };
	struct vfs *fs = NULL;
	const char *const target[] = { "/srv/ana/pub/a/x.iso",
	    "/srv/ana/pub/a/deep/y.iso", "/srv/ana/pub/ab/z.iso" };
	char *key, *path, *dir = NULL, *cause = NULL;
	size_t i;

	cr_assert_eq(vfs_resolve("sftp://ana@127.0.0.1:2222/pub", &fs, &dir,
	    &cause), 0, "%s", cause);
	fs->home = xstrdup("/srv/ana");
	for (i = 0; i < 3; i++) {
		key = xfer_location(fs, target[i]);
		path = record_path(test_recdir, key);
		r.source = "src";
		r.target = key;
		cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
		free(path);
		free(key);
	}
	vfs_list_add(&l, "a", &dirst);
	vfs_list_add(&l, "ab", &dirst);
	vfs_list_add(&l, "c", &dirst);
	vfs_list_add(&l, "a.iso", &filest);
	xfer_mark_partials(test_recdir, fs, dir, &l);
	cr_assert_eq(l.v[0].partial_below, 2, "a holds x.iso and deep/y.iso");
	cr_assert_eq(l.v[1].partial_below, 1, "ab holds z.iso, not a's");
	cr_assert_eq(l.v[2].partial_below, 0);
	cr_assert_eq(l.v[3].partial_below, 0);
	cr_assert(!l.v[0].partial, "a directory is no partial file");
	vfs_list_free(&l);
	vfs_free(fs);
	free(dir);
}

/* ------------------------------------------------------------ digests */

/* A remote partial with a byte changed where no window looks: only the
 * server's digest of all of it sees that. */
Test(xfer, a_remote_partial_the_servers_digest_refutes_is_not_resumed)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 250 * KIB,
	    &dst);
	struct vfs *dfs = test_flaky_new(&flaky_hash_ops);
	int rc;

	flaky.hash_algos = VFS_HASH_BIT(VFS_HASH_MD5) |
	    VFS_HASH_BIT(VFS_HASH_SHA1);
	test_hooksp = &test_hooks_noask;
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	cr_expect_not_null(test_cause != NULL ? strstr(test_cause, "the "
	    "server's SHA-1 of the 500.0 KiB already there is not the "
	    "source's") : NULL, "%s", test_cause);
	cr_expect_eq(flaky.hash_calls, 1);
	cr_expect_eq(flaky.hash_end, have);
	test_expect_file("dst", dst, have);
	cr_expect_eq(test_res.bytes, 0);
	free(src);
	free(dst);
}

Test(xfer, a_digest_mismatch_is_asked_again_saying_which_digest)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *dst, *src = test_bad_partial(len, have, 250 * KIB,
	    &dst);
	struct vfs *dfs = test_flaky_new(&flaky_hash_ops);
	int rc;

	flaky.hash_algos = VFS_HASH_BIT(VFS_HASH_SHA256);
	test_opts.policy = XFER_RESUME;
	test_log.mismatch_answer = XFER_SKIP;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	cr_expect_eq(test_log.mismatch_asks, 1);
	cr_expect_eq(test_log.qm_facts.check.kind, XM_HASH);
	cr_expect_eq(test_log.qm_facts.check.algo, VFS_HASH_SHA256);
	cr_expect_eq(test_log.qm_facts.check.len, have);
	cr_expect_eq(test_log.qm_facts.dst_hash, VFS_HASH_SHA256);
	test_expect_file("dst", dst, have);
	free(src);
	free(dst);
}

Test(xfer, an_intact_remote_partial_is_resumed_after_the_servers_digest)
{
	size_t len = MIB + 7, have = 500 * KIB;
	unsigned char *src = test_data(len, 31);
	struct vfs *dfs = test_flaky_new(&flaky_hash_ops);
	int rc;

	flaky.hash_algos = VFS_HASH_BIT(VFS_HASH_SHA256) |
	    VFS_HASH_BIT(VFS_HASH_MD5);
	test_put("src", src, len);
	test_put("dst", src, have);
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(flaky.hash_calls, 1);
	cr_expect_not_null(strstr(test_log.text, "(checked: the whole 500.0 "
	    "KiB already there matches the source (server SHA-256); so do its "
	    "first 64.0 KiB and the 64.0 KiB just before byte"), "%s",
	    test_log.text);
	free(src);
}

/* A digest that cannot be had is no match: the windows, and saying so. */
Test(xfer, a_digest_that_fails_leaves_the_windows_and_says_so)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *src = test_data(len, 32);
	struct vfs *dfs = test_flaky_new(&flaky_hash_ops);
	int rc;

	flaky.hash_algos = VFS_HASH_BIT(VFS_HASH_SHA256);
	flaky.hash_fail = 1;
	test_put("src", src, len);
	test_put("dst", src, have);
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	cr_expect_not_null(strstr(test_log.text, "550 no hash (flaky); only "
	    "the windows are compared"), "%s", test_log.text);
	cr_expect_not_null(strstr(test_log.text, "against the source: the "
	    "server's SHA-256 of it failed)"), "%s", test_log.text);
	free(src);
}

/* A lying digest of an intact partial: refused, never appended to. */
Test(xfer, a_wrong_digest_of_an_intact_partial_is_a_mismatch)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *src = test_data(len, 33);
	struct vfs *dfs = test_flaky_new(&flaky_hash_ops);
	int rc;

	flaky.hash_algos = VFS_HASH_BIT(VFS_HASH_SHA256);
	flaky.hash_lie = 1;
	test_put("src", src, len);
	test_put("dst", src, have);
	test_hooksp = &test_hooks_noask;
	test_opts.policy = XFER_RESUME;
	rc = test_run(test_local, "src", dfs, "dst");
	cr_expect_eq(rc, FERR_MISMATCH, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, have);
	free(src);
}

/* The source is not on this machine: not read to hash it. */
Test(xfer, a_remote_source_is_not_read_to_compare_digests)
{
	size_t len = MIB, have = 500 * KIB;
	unsigned char *src = test_data(len, 34);
	struct vfs *dfs = test_flaky_new(&flaky_hash_ops);
	struct vfs *sfs = vfs_new(&flaky_hash_ops, NULL);
	struct url *u = xcalloc(1, sizeof *u);
	int rc;

	cr_assert_eq(url_parse("sftp://other/x", u, NULL), 0);
	sfs->url = u;
	flaky.hash_algos = VFS_HASH_BIT(VFS_HASH_SHA256);
	test_put("src", src, len);
	test_put("dst", src, have);
	test_opts.policy = XFER_RESUME;
	rc = test_run(sfs, "src", dfs, "dst");
	cr_assert_eq(rc, 0, "rc %d: %s", rc, test_cause);
	test_expect_file("dst", src, len);
	cr_expect_eq(flaky.hash_calls, 0);
	cr_expect_not_null(strstr(test_log.text, "the source is not on this "
	    "machine to hash"), "%s", test_log.text);
	vfs_free(sfs);
	free(src);
}
