/* tests/it/abort.c: a cancelled transfer leaves the session usable.
 *
 *	abort [-kv] [-c cacert] [-p password-file] NAME URL LOCAL
 *
 * URL is a directory on a real server (started by tests/it/abort.sh)
 * holding big.bin, a copy of the local file LOCAL (a few tens of MiB).
 * Each case opens a transfer through the vfs API, moves a few MiB, then
 * does what Esc does in the file manager: the env's cancel fd becomes
 * readable, the transfer's next read or write sees it, and the file is
 * aborted (or closed, as the engine closes an upload).  The cancel is
 * then taken back (as the worker does before its next command), the
 * session reconnected if it says it is no longer connected (as the
 * worker does with a session that comes back so), and a listing, a stat
 * and the first bytes of big.bin must come back right at once.  With -k
 * the session must also have kept its connection (FTP: the ABOR dialogue
 * was read to its end, no reconnect needed); -v shows the protocol log
 * as comments.
 *
 * Prints TAP lines without numbers or plan (tests/it/abort.sh numbers
 * them); exits 1 when a check failed.  Every wait is bounded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libssh2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/err.h"
#include "util/path.h"
#include "vfs/vfs.h"

#define MiB		(1024 * 1024)
#define MOVE		(4 * MiB)	/* before the cancel */
#define CHUNK		(256 * 1024)
#define ABORT_MAX_MS	6000		/* the abort itself */
#define NEXT_MAX_MS	2500		/* reconnect, list, stat, read */

static const char	*name;
static int		 keep;		/* -k */
static int		 ntest, nfail;
static int		 cancel_pipe[2] = { -1, -1 };
static struct vfs_env	 env;
static unsigned char	*local;		/* LOCAL's bytes */
static uint64_t		 local_size;

static void
abort_ok(int ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
abort_ok(int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!ok)
		nfail++;
	printf("%sok - %s_%s\n", ok ? "" : "not ", name, what);
	if (!ok && fmt != NULL) {
		printf("# ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static int64_t
abort_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
abort_cancel(void)
{
	if (write(cancel_pipe[1], "x", 1) != 1)
		perror("write");
}

/* Take the cancel back, as the worker does before the next command. */
static void
abort_uncancel(void)
{
	char buf[16];

	while (read(cancel_pipe[0], buf, sizeof buf) > 0)
		;
}

static void
abort_log(void *arg, int info, const char *text)
{
	(void)arg;
	printf("#   %s%s\n", info ? "" : "warning: ", text);
}

static unsigned char *
abort_slurp(const char *path, uint64_t *size)
{
	unsigned char *buf;
	FILE *f;
	long n;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		exit(99);
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(99);
	}
	fclose(f);
	*size = (uint64_t)n;
	return (buf);
}

/*
 * After the cancel: the session answers at once (after a reconnect if
 * it dropped itself), with the right listing, stat and bytes.
 */
static void
abort_next(struct vfs *fs, const char *dir, const char *c)
{
	char what[128], *cause = NULL, *big = path_join(dir, "big.bin");
	struct vfs_list l = { 0 };
	struct vfs_stat st;
	struct vfs_file *f = NULL;
	unsigned char buf[64 * 1024];
	size_t got = 0, n, i;
	int64_t t0 = abort_now_ms(), ms;
	int rc, found = 0, reconnected = !fs->connected;

	if (keep) {
		snprintf(what, sizeof what, "%s_keeps_the_connection", c);
		abort_ok(fs->connected, what, "the session dropped itself");
	}
	if (!fs->connected && (rc = vfs_connect(fs, &cause)) != 0)
		goto out;
	if ((rc = fs->ops->list(fs, dir, &l, &cause)) != 0)
		goto out;
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, "big.bin") == 0 &&
		    l.v[i].st.size == local_size)
			found = 1;
	snprintf(what, sizeof what, "%s_lists_big_bin", c);
	abort_ok(found, what, "big.bin (%llu bytes) not in the %zu entries",
	    (unsigned long long)local_size, l.n);
	if ((rc = fs->ops->stat(fs, big, &st, &cause)) != 0)
		goto out;
	snprintf(what, sizeof what, "%s_stats_big_bin", c);
	abort_ok(st.type == VFS_FILE && st.size == local_size, what,
	    "type %d size %llu", (int)st.type, (unsigned long long)st.size);
	if ((rc = fs->ops->open_read(fs, big, 0, &f, &cause)) != 0)
		goto out;
	while (got < sizeof buf) {
		if ((rc = fs->ops->read(f, buf + got, sizeof buf - got, &n,
		    &cause)) != 0 || n == 0)
			break;
		got += n;
	}
	fs->ops->abort(f);
	if (rc != 0)
		goto out;
	snprintf(what, sizeof what, "%s_reads_the_first_bytes", c);
	abort_ok(got == sizeof buf && memcmp(buf, local, got) == 0, what,
	    "%zu bytes, %s", got, got == sizeof buf ? "different" : "short");
out:
	ms = abort_now_ms() - t0;
	snprintf(what, sizeof what, "%s_next_commands_succeed", c);
	abort_ok(rc == 0, what, "%s", cause != NULL ? cause : "?");
	snprintf(what, sizeof what, "%s_next_commands_answer_at_once", c);
	abort_ok(rc == 0 && ms <= NEXT_MAX_MS, what, "%lld ms (at most %d)%s",
	    (long long)ms, NEXT_MAX_MS, reconnected ? ", reconnected" : "");
	printf("# %s %s: next commands in %lld ms%s\n", name, c,
	    (long long)ms, reconnected ? " (after a reconnect)" : "");
	free(cause);
	free(big);
	vfs_list_free(&l);
}

/* The abort (or close) itself: bounded. */
static void
abort_timed(const char *c, int64_t t0)
{
	char what[128];
	int64_t ms = abort_now_ms() - t0;

	snprintf(what, sizeof what, "%s_abort_is_quick", c);
	abort_ok(ms <= ABORT_MAX_MS, what, "%lld ms", (long long)ms);
}

/* A download: read MOVE bytes, cancel, one more read, abort. */
static void
abort_download(struct vfs *fs, const char *dir)
{
	char *cause = NULL, *big = path_join(dir, "big.bin");
	unsigned char *buf = malloc(CHUNK);
	struct vfs_file *f;
	size_t n, done = 0;
	int64_t t0;
	int rc;

	rc = fs->ops->open_read(fs, big, 0, &f, &cause);
	abort_ok(rc == 0, "download_opens", "%s", cause);
	if (rc != 0)
		goto out;
	while (done < MOVE && (rc = fs->ops->read(f, buf, CHUNK, &n,
	    &cause)) == 0 && n > 0)
		done += n;
	abort_ok(done >= MOVE, "download_moves_some_mib", "%zu bytes: %s",
	    done, cause != NULL ? cause : "");
	abort_cancel();
	(void)fs->ops->read(f, buf, CHUNK, &n, NULL);
	t0 = abort_now_ms();
	fs->ops->abort(f);
	abort_timed("download", t0);
	abort_uncancel();
	abort_next(fs, dir, "after_a_cancelled_download");
out:
	free(cause);
	free(buf);
	free(big);
}

/* An upload: write MOVE bytes, cancel, one more write, then abort, or
 * close as the engine does with a target (close 1). */
static void
abort_upload(struct vfs *fs, const char *dir, int close)
{
	char *cause = NULL, *up = path_join(dir, "up.bin"), c[64];
	struct vfs_file *f;
	size_t n, done = 0;
	int64_t t0;
	int rc;

	snprintf(c, sizeof c, "upload_%s", close ? "closed" : "aborted");
	rc = fs->ops->open_write(fs, up, 0, VFS_WR_CREATE | VFS_WR_TRUNC,
	    0644, &f, &cause);
	abort_ok(rc == 0, "upload_opens", "%s", cause);
	if (rc != 0)
		goto out;
	while (done < MOVE && (rc = fs->ops->write(f, local + done, CHUNK, &n,
	    &cause)) == 0)
		done += n;
	abort_ok(done >= MOVE, "upload_moves_some_mib", "%zu bytes: %s",
	    done, cause != NULL ? cause : "");
	abort_cancel();
	(void)fs->ops->write(f, local + done, CHUNK, &n, NULL);
	t0 = abort_now_ms();
	if (close)
		(void)fs->ops->close(f, NULL);
	else
		fs->ops->abort(f);
	abort_timed(c, t0);
	abort_uncancel();
	snprintf(c, sizeof c, "after_a_%s_upload", close ? "cancelled_closed" :
	    "cancelled");
	abort_next(fs, dir, c);
out:
	free(cause);
	free(up);
}

int
main(int argc, char **argv)
{
	struct vfs *fs = NULL;
	char *dir = NULL, *cause = NULL;
	int ch, rc, i;

	signal(SIGPIPE, SIG_IGN);
	if (libssh2_init(0) != 0)
		return (99);
	while ((ch = getopt(argc, argv, "c:kp:v")) != -1) {
		switch (ch) {
		case 'c':
			env.cacert = optarg;
			break;
		case 'k':
			keep = 1;
			break;
		case 'p':
			env.password_file = optarg;
			break;
		case 'v':
			env.verbose = 1;
			break;
		default:
			return (99);
		}
	}
	if (argc - optind != 3) {
		fprintf(stderr, "usage: abort [-kv] [-c cacert] [-p password-file] "
		    "NAME URL LOCAL\n");
		return (99);
	}
	name = argv[optind];
	local = abort_slurp(argv[optind + 2], &local_size);
	if (local_size < 3 * MOVE) {
		fprintf(stderr, "%s: too small\n", argv[optind + 2]);
		return (99);
	}
	if (pipe(cancel_pipe) != 0 ||
	    fcntl(cancel_pipe[0], F_SETFL, O_NONBLOCK) != 0)
		return (99);
	env.cancel_fd = cancel_pipe[0];
	env.idle_timeout = 60;
	env.connect_timeout = 10;
	env.log = abort_log;
	for (i = 0; i < 3; i++) {
		/* a session of its own for each case: one that fails does
		 * not hide the next */
		if ((rc = vfs_resolve(argv[optind + 1], &fs, &dir,
		    &cause)) != 0) {
			printf("Bail out! %s\n", cause);
			return (1);
		}
		vfs_set_env(fs, &env);
		rc = vfs_connect(fs, &cause);
		abort_ok(rc == 0, "connects", "%s", cause);
		if (rc == 0 && i == 0)
			abort_download(fs, dir);
		else if (rc == 0)
			abort_upload(fs, dir, i == 2);
		vfs_free(fs);
		free(dir);
		free(cause);
		cause = NULL;
	}
	free(local);
	libssh2_exit();
	return (nfail != 0);
}
