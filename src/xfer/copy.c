/* ferry: copying one file, with the resume decision, the overlap check,
 * the resume record and retries (see xfer.h). */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/chunkcheck.h"
#include "xfer/chunks.h"
#include "xfer/overlap.h"
#include "xfer/record.h"
#include "xfer/segment.h"
#include "xfer/throttle.h"
#include "xfer/xfer_int.h"

/* The smallest buffer a small file is read with (see copy_loop). */
#define COPY_SMALL_BUF		8192
#define COPY_PROGRESS_NS	(100 * 1000000LL)	/* 10 a second */
#define COPY_RECORD_NS		(1000 * 1000000LL)	/* once a second */
#define COPY_BACKOFF_MAX	30			/* seconds */
#define COPY_RENAME_MAX		10000
#define COPY_RECORD_WINDOW	(64u * 1024)		/* digest window */
#define COPY_CHECK_BLOCK	(1024u * 1024)		/* compared at once */
/* The source's first bytes are hashed (copy_hash_source) in blocks that
 * stay in the cache between the read and the hash, as a partial read back
 * is (chunkcheck.c; a tenth faster than 1 MiB here). */
#define COPY_READBACK_BLOCK	(256u * 1024)
/* A partial with at least this many whole chunks has them checked beside
 * the transfer (chunkcheck.h); a smaller one is read back at once. */
#define COPY_BG_CHUNKS		2
/* An overwrite is written beside the target under this name, and renamed
 * over it once complete. */
#define COPY_PART_SUFFIX	".ferry-part"

#define COPY_SEAMS_MAX	16
/* How often progress may restore the retry budget of one file. */
#define COPY_REFILLS	10

/* One file being copied. */
struct copy_job {
	struct xfer_ctx		*ctx;
	const char		*spath;
	char			*dpath;		/* may change (rename, the
						   partial of an overwrite) */
	char			*sdisp;
	char			*ddisp;
	char			*final;		/* an overwrite by rename: the
						   target, dpath its partial;
						   NULL: dpath is the target */
	char			*fdisp;
	uint32_t		 final_mode;	/* the old target's, or 0 */
	struct vfs_stat		 sst;
	struct vfs_stat		 dst;

	char			*recpath;	/* NULL: no records */
	struct xfer_record	 rec;
	int			 have_rec;
	int			 rec_there;	/* a record file may be at
						   recpath (none was there
						   and none was written: not
						   removed at the end) */

	unsigned char		*tail;		/* last bytes before done */
	size_t			 taillen;
	int			 tail_ok;	/* tail holds them all */

	/* The digests of the target's chunks from byte 0 to done (off when
	 * not known: a remote target, no records, a partial ferry did not
	 * check every byte of), and how many of them this attempt read back
	 * and checked against the record before appending (0: none). */
	struct chunks		 chunks;
	size_t			 chunks_checked;

	/* The whole chunks below the resume offset, checked by a thread
	 * while this attempt appends (chunkcheck.h): how many the record
	 * had, the target's size when the attempt began (cut back to it if
	 * a chunk differs: bg_bad), and the -v note that waits for the
	 * check (bg_note, with the tail window's start). */
	struct chunk_check	 bg;
	size_t			 bg_nchunks;
	uint64_t		 bg_base;
	uint64_t		 bg_from;
	int			 bg_note;
	int			 bg_bad;
	int			 bg_unchecked;	/* stopped before its end: the
						   digests in chunks are the
						   record's, not yet compared */
	/* What reading the partial back and checking it (both threads),
	 * and keeping the digests of what is written, cost this attempt in
	 * CPU time (ns): -v says it, the benchmark weighs it.  Counted only
	 * in an attempt that read the partial back (cost_on): the thread's
	 * CPU clock is a system call, not for every plain download. */
	int			 cost_on;
	uint64_t		 check_ns;
	uint64_t		 digest_ns;
	/* The wall-clock time the overlap checks took, every attempt
	 * (before appending, and the seams after the copy): what checking
	 * adds to a resume, said by -v and weighed by the benchmark. */
	int64_t			 checks_ns;

	int			 can_resume;	/* both backends seek */
	int			 opened;	/* the target was opened for
						   writing (and so truncated,
						   where that was the plan) */
	int			 said_unfinished; /* the source was looked
						   up (copy_say_unfinished) */
	uint64_t		 done;		/* target bytes present */
	uint64_t		 start;		/* offset of this run */
	int64_t			 t_start;
	int64_t			 t_rate;	/* --limit-rate's base
						   (throttle.h) */
	int64_t			 t_progress;
	int64_t			 t_record;
	uint64_t		 rate_done;
	double			 rate;

	/* Where attempts resumed writing (checked again at the end when
	 * the target is remote); the first COPY_SEAMS_MAX. */
	uint64_t		 seams[COPY_SEAMS_MAX];
	int			 nseams;

	/* The server's digest of a remote partial, compared with the
	 * source's first bytes once a file (the first resume): the algorithm
	 * that matched and how many bytes it covered, or why it could not
	 * be had (translated; NULL: not asked). */
	int			 hash_tried;
	enum vfs_hash		 hash_ok;
	uint64_t		 hash_len;
	char			*hash_why;

	/* What the check before appending found, once it failed, and
	 * whether the user was asked about it. */
	struct xfer_check	 check;
	int			 asked_mismatch;
	char			*rename_to;	/* the name the user typed */

	int			 segs;		/* a segmented download: how
						   many segments (segment.h);
						   0: one stream */
};

static int64_t
copy_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

int
xfer_is_cancelled(const struct xfer_ctx *ctx)
{
	const struct xfer_hooks *h = ctx->hooks;

	return (h != NULL && h->cancelled != NULL && h->cancelled(h->arg));
}

void
xfer_notice(const struct xfer_ctx *ctx, int info, const char *text)
{
	const struct xfer_hooks *h = ctx->hooks;

	if (h != NULL && h->notice != NULL)
		h->notice(h->arg, info, text);
}

static void __attribute__((format(printf, 3, 4)))
copy_noticef(struct copy_job *j, int info, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) != -1) {
		xfer_notice(j->ctx, info, text);
		free(text);
	}
	va_end(ap);
}

/* Sleep for ms milliseconds unless cancelled first. */
static int
copy_sleep(struct copy_job *j, int64_t ms)
{
	struct timespec ts;

	while (ms > 0) {
		if (xfer_is_cancelled(j->ctx))
			return (FERR_CANCELLED);
		ts.tv_sec = 0;
		ts.tv_nsec = (ms < 50 ? ms : 50) * 1000000L;
		nanosleep(&ts, NULL);
		ms -= 50;
	}
	return (0);
}

/*
 * The same file must get the same key however its path was written
 * ("./f", "d/../f", a symlinked directory): the directory is resolved with
 * realpath (it exists: the file is being written into it).
 */
char *
xfer_location(struct vfs *fs, const char *path)
{
	const char *slash, *base;
	char *dir, *real, *out;

	if (!vfs_is_local(fs)) {
		/* One name however the path was written (relative to the
		 * login directory or absolute). */
		dir = vfs_absolute(fs, path);
		out = vfs_display(fs, dir);
		free(dir);
		return (out);
	}
	slash = strrchr(path, '/');
	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	base = slash == NULL ? path : slash + 1;
	if ((real = realpath(dir, NULL)) != NULL)
		out = path_join(real, base);
	else
		out = xstrdup(path);	/* no such directory: no record */
	free(real);
	free(dir);
	return (out);
}

static void
copy_progress(struct copy_job *j, int final)
{
	const struct xfer_hooks *h = j->ctx->hooks;
	struct xfer_progress p;
	int64_t now = copy_now();
	double dt, inst;

	if (!final && now - j->t_progress < COPY_PROGRESS_NS)
		return;
	dt = (now - j->t_progress) / 1e9;
	if (dt > 0) {
		inst = (j->done - j->rate_done) / dt;
		j->rate = j->rate == 0 ? inst : 0.7 * j->rate + 0.3 * inst;
	}
	j->t_progress = now;
	j->rate_done = j->done;
	if (h == NULL || h->progress == NULL)
		return;
	p = (struct xfer_progress){
		.source = j->sdisp,
		.target = j->ddisp,
		.done = j->done,
		.total = j->sst.size_known ? j->sst.size : 0,
		.start = j->start,
		.rate = j->rate,
		.eta = -1,
		.files_done = j->ctx->files_done,
	};
	if (final && now > j->t_start)
		p.rate = (j->done - j->start) / ((now - j->t_start) / 1e9);
	if (p.rate > 0 && p.total >= p.done)
		p.eta = (int64_t)((p.total - p.done) / p.rate);
	h->progress(h->arg, &p);
}

/* Remember the last window of bytes written, for the record's digest. */
static void
copy_tail_add(struct copy_job *j, const unsigned char *buf, size_t len)
{
	size_t w = COPY_RECORD_WINDOW;

	if (len >= w) {
		memcpy(j->tail, buf + len - w, w);
		j->taillen = w;
		j->tail_ok = 1;
		return;
	}
	if (j->taillen + len > w) {
		memmove(j->tail, j->tail + (j->taillen + len - w),
		    w - len);
		j->taillen = w - len;
	}
	memcpy(j->tail + j->taillen, buf, len);
	j->taillen += len;
	if (j->taillen == w || j->taillen == j->done)
		j->tail_ok = 1;
}

void
xfer_digest(const unsigned char *buf, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	int i;

	EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void
copy_record_save(struct copy_job *j)
{
	char *cause = NULL;

	if (j->recpath == NULL)
		return;
	free(j->rec.source);
	free(j->rec.target);
	j->rec.source = xfer_location(j->ctx->sfs, j->spath);
	j->rec.target = xfer_location(j->ctx->dfs, j->dpath);
	j->rec.src_size = j->sst.size;
	j->rec.src_mtime = j->sst.mtime;
	j->rec.confirmed = j->done;
	j->rec.updated = time(NULL);
	j->rec.digest[0] = '\0';
	/* one stream: no segments (the partial of a segmented download
	 * that is overwritten now) */
	record_segs_free(&j->rec);
	if (j->tail_ok && j->taillen > 0)
		xfer_digest(j->tail, j->taillen, j->rec.digest);
	/* the chunk digests cover exactly the bytes confirmed, or are left
	 * out */
	(void)chunks_record(&j->chunks, &j->rec);
	j->rec_there = 1;
	if (record_save(j->recpath, &j->rec, &cause) != 0) {
		/* Resuming still works without it: say so, once. */
		xfer_notice(j->ctx, 0, cause);
		free(j->recpath);
		j->recpath = NULL;
	}
	free(cause);
	j->t_record = copy_now();
}

/*
 * The target's bytes are made durable before the record says they are
 * there (once a second, with the record).  A failed flush is a failed
 * write: the record keeps its older claim.
 */
static int
copy_checkpoint(struct copy_job *j, struct vfs_file *df, char **cause)
{
	int rc;

	if (df->fs->ops->sync != NULL &&
	    (rc = df->fs->ops->sync(df, cause)) != 0)
		return (rc);
	copy_record_save(j);
	return (0);
}

static int
copy_record_load(struct copy_job *j)
{
	const struct xfer_opts *o = j->ctx->opts;
	char *key, *cause = NULL;
	int rc;

	/* another target (or its partial): its digests are not known */
	chunks_stop(&j->chunks);
	if (o->record_dir == NULL)
		return (0);
	key = xfer_location(j->ctx->dfs, j->dpath);
	free(j->recpath);
	j->recpath = record_path(o->record_dir, key);
	free(key);
	record_free(&j->rec);
	rc = record_load(j->recpath, &j->rec, &cause);
	j->have_rec = rc == 0;
	j->rec_there = rc != FERR_NOENT;
	free(cause);
	return (0);
}

/* Keep to the rate limit: sleep until this run's bytes are due. */
static int
copy_throttle(struct copy_job *j)
{
	uint64_t limit = j->ctx->opts->rate_limit;
	int64_t wait;

	if (limit == 0)
		return (0);
	wait = throttle_wait_ns(&j->t_rate, j->done - j->start, limit,
	    copy_now());
	if (wait == 0)
		return (0);
	return (copy_sleep(j, wait / 1000000 + 1));
}

/*
 * The source stream was opened at from, before offset: its bytes up to
 * offset must equal the target's.  That is the tail window, and where
 * chunk digests are kept also the bytes written after the record's last
 * checkpoint, which no digest vouches for (compared in blocks: after a
 * failed record save they can be many).  They join the digests.
 */
static int
copy_check_tail(struct copy_job *j, struct vfs_file *sf, uint64_t from,
    uint64_t offset, char **cause)
{
	struct vfs *dfs = j->ctx->dfs;
	struct vfs_file *df = NULL;
	uint64_t pos = from;
	size_t len, sgot = 0, dgot = 0, at = 0;
	unsigned char *sbuf, *dbuf;
	int rc;

	len = offset - from < COPY_CHECK_BLOCK ? (size_t)(offset - from) :
	    COPY_CHECK_BLOCK;
	sbuf = xmalloc(len ? len : 1);
	dbuf = xmalloc(len ? len : 1);
	if ((rc = dfs->ops->open_read(dfs, j->dpath, from, &df, cause)) != 0)
		goto out;
	vfs_file_expect(df, offset);
	for (; rc == 0 && pos < offset; pos += len) {
		len = offset - pos < COPY_CHECK_BLOCK ? (size_t)(offset - pos) :
		    COPY_CHECK_BLOCK;
		if ((rc = vfs_read_full(df, dbuf, len, &dgot, cause)) != 0 ||
		    (rc = vfs_read_full(sf, sbuf, len, &sgot, cause)) != 0)
			break;
		at = overlap_first_diff(sbuf, dbuf, sgot < dgot ? sgot : dgot);
		if (sgot != len || dgot != len || at != len)
			break;
		copy_tail_add(j, dbuf, len);
		chunks_add_at(&j->chunks, pos, dbuf, len);
	}
	if (rc == 0 && pos < offset) {
		j->check = (struct xfer_check){ .kind = XM_TAIL,
		    .at = pos + (at < len ? at : (sgot < dgot ? sgot : dgot)),
		    .from = from, .len = offset - from };
		rc = ferr_set(cause, FERR_MISMATCH, _("%s: the partial target "
		    "differs from the source at byte %llu: not resuming"),
		    j->ddisp, (unsigned long long)j->check.at);
	}
out:
	/* Stop the transfer early: an FTP backend sends ABOR here. */
	if (df != NULL)
		dfs->ops->abort(df);
	free(sbuf);
	free(dbuf);
	return (rc);
}

/* The partial holds have bytes, fewer than ferry wrote (claimed). */
static int
copy_short(struct copy_job *j, uint64_t have, uint64_t claimed,
    char **cause)
{
	char h[32], c[32];

	fmt_bytes(have, h, sizeof h);
	fmt_bytes(claimed, c, sizeof c);
	j->check = (struct xfer_check){ .kind = XM_SHORT, .at = have,
	    .len = claimed };
	return (ferr_set(cause, FERR_MISMATCH, _("%s: the partial target "
	    "holds %s bytes, but ferry wrote %s (resume record): not "
	    "resuming"), j->ddisp, h, c));
}

int
xfer_chunk_differs(struct xfer_check *check, const char *ddisp,
    uint64_t from, uint64_t len, char **cause)
{
	char a[32], b[32];

	fmt_bytes(from, a, sizeof a);
	fmt_bytes(from + len - 1, b, sizeof b);
	*check = (struct xfer_check){ .kind = XM_CHUNK, .at = from,
	    .from = from, .len = len };
	return (ferr_set(cause, FERR_MISMATCH, _("%s: bytes %s to %s of the "
	    "partial target differ from what ferry wrote (resume record): "
	    "not resuming"), ddisp, a, b));
}

static void	copy_note_start(struct copy_job *, uint64_t, uint64_t, int);

/*
 * Start checking the whole chunks below the record's confirmed offset in a
 * thread (at least COPY_BG_CHUNKS of them): j->chunks goes on from their
 * digests in the record, taken on trust until the thread has compared
 * them (copy_bg_end).  Returns the byte the rest is read back from here:
 * 0 if no thread was started.
 */
static uint64_t
copy_bg_start(struct copy_job *j, uint64_t offset)
{
	const struct xfer_record *r = &j->rec;
	struct vfs *fs = j->ctx->dfs;
	struct vfs_file *f = NULL;
	size_t k = (size_t)(r->confirmed / r->chunk_size);

	if (k < COPY_BG_CHUNKS || k > r->nchunks ||
	    fs->ops->open_read(fs, j->dpath, 0, &f, NULL) != 0)
		return (0);
	vfs_file_expect(f, (uint64_t)k * r->chunk_size);
	if (chunk_check_start(&j->bg, f, j->ddisp, r, k, NULL) != 0)
		return (0);
	chunks_resume(&j->chunks, r->chunk_size, r->chunk_hash,
	    (const unsigned char (*)[RECORD_CHUNK_LEN])r->chunk, k);
	j->bg_nchunks = r->nchunks;
	j->bg_base = offset;
	j->bg_note = j->bg_bad = 0;
	return ((uint64_t)k * r->chunk_size);
}

/*
 * End the check beside the transfer, if one runs (waiting for it; asking
 * it to stop first if stop) and fold its answer into rc: a chunk that
 * differs (or a partial that shrank) wins over rc, and sets bg_bad: what
 * this attempt appended must be taken back (copy_bg_undo).  Stopped before
 * its end, it leaves the record's digests in j->chunks unchecked
 * (bg_unchecked): a retry reads the partial back again.
 */
static int
copy_bg_end(struct copy_job *j, int rc, int stop, char **cause)
{
	uint64_t from, len, cpu;
	char *why = NULL;
	int bg;

	if (!j->bg.started)
		return (rc);
	bg = chunk_check_wait(&j->bg, stop, &from, &len, &cpu, &why);
	j->check_ns += cpu;
	if (bg == FERR_CANCELLED) {
		j->bg_unchecked = 1;	/* compared again before trusted */
		j->bg_note = 0;
	} else if (bg == 0) {
		j->chunks_checked = j->bg_nchunks;
		if (j->bg_note) {
			j->bg_note = 0;
			copy_note_start(j, j->bg_base, j->bg_from, 1);
		}
	} else {
		j->bg_bad = 1;
		j->bg_note = 0;
		j->chunks_checked = 0;
		chunks_stop(&j->chunks);
		if (bg == 1)
			rc = xfer_chunk_differs(&j->check, j->ddisp, from, len,
			    cause);
		else {
			if (bg == FERR_MISMATCH)
				j->check = (struct xfer_check){
				    .kind = XM_SHORT, .at = from,
				    .len = j->bg_base };
			rc = bg;
			if (cause != NULL) {
				free(*cause);
				*cause = why;
				why = NULL;
			}
		}
	}
	free(why);
	return (rc);
}

/* A chunk below the resume offset differed: cut the target back to what it
 * held before this attempt appended to it. */
static void
copy_bg_undo(struct copy_job *j, struct vfs_file *df)
{
	char *cause = NULL;

	j->bg_bad = 0;
	if (df->fs->ops->truncate == NULL ||
	    df->fs->ops->truncate(df, j->bg_base, &cause) != 0)
		copy_noticef(j, 0, _("%s: what was appended before the check "
		    "ended could not be taken back: %s"), j->ddisp,
		    cause != NULL ? cause : _("not supported"));
	else
		j->done = j->start = j->bg_base;
	free(cause);
}

/* chunk_check_read's stop: the job is cancelled. */
static int
copy_stopped(void *ctx)
{
	return (xfer_is_cancelled(ctx));
}

/*
 * Read back the bytes the record confirms and compare each chunk with its
 * digest there; the whole chunks of a large partial are compared by a
 * thread beside the transfer (copy_bg_start), the rest here.  On success
 * j->chunks holds the digests up to the confirmed offset, to go on from.
 */
static int
copy_read_chunks(struct copy_job *j, uint64_t offset, char **cause)
{
	const struct xfer_record *r = &j->rec;
	struct vfs *fs = j->ctx->dfs;
	struct vfs_file *f = NULL;
	uint64_t from, len, first, t0 = chunk_check_cpu_ns();
	int rc;

	j->bg_unchecked = 0;
	j->cost_on = 1;
	if ((first = copy_bg_start(j, offset)) == 0)
		chunks_start_as(&j->chunks, r->chunk_size, r->chunk_hash);
	if (r->confirmed == first)
		return (0);
	if ((rc = fs->ops->open_read(fs, j->dpath, first, &f, cause)) != 0)
		goto out;
	vfs_file_expect(f, r->confirmed);
	rc = chunk_check_read(f, &j->chunks, r, r->confirmed, copy_stopped,
	    j->ctx, &from, &len, cause);
	if (rc == 1)
		rc = xfer_chunk_differs(&j->check, j->ddisp, from, len,
		    cause);
	else if (rc == FERR_MISMATCH)
		rc = copy_short(j, from, r->confirmed, cause);
	else if (rc == FERR_CANCELLED)
		rc = ferr_set(cause, FERR_CANCELLED, _("%s: stopped"),
		    j->ddisp);
	else if (rc == 0 && !j->bg.started)
		j->chunks_checked = r->nchunks;
out:
	if (rc != 0) {	/* the digests stop, as on every failure */
		(void)copy_bg_end(j, rc, 1, NULL);
		chunks_stop(&j->chunks);
	}
	if (f != NULL)
		fs->ops->abort(f);
	j->check_ns += chunk_check_cpu_ns() - t0;
	return (rc);
}

/*
 * Every byte of a local partial that its resume record confirms is checked
 * against the record's chunk digests before anything is appended.  On a
 * retry in the same run, the digests of what this run wrote are still at
 * hand and the partial is not read again (unless a check beside the
 * transfer was stopped before its end: bg_unchecked).  Without chunk digests (no
 * record, a record of version 1, a remote target) there is nothing to
 * compare here: the windows are all there is.
 */
static int
copy_check_chunks(struct copy_job *j, uint64_t offset, char **cause)
{
	const struct xfer_record *r = &j->rec;

	if (j->chunks.size != 0 && !j->bg_unchecked) {
		if (j->chunks.done > offset)
			return (copy_short(j, offset, j->chunks.done, cause));
		return (0);
	}
	if (!j->have_rec || r->chunk_size == 0 ||
	    !vfs_is_local(j->ctx->dfs) ||
	    r->src_size != j->sst.size || r->src_mtime != j->sst.mtime)
		return (0);
	if (r->confirmed > offset)
		return (copy_short(j, offset, r->confirmed, cause));
	return (copy_read_chunks(j, offset, cause));
}

/* The size of the chunks to keep digests of, for a write from byte 0: a
 * local target of known size, with a record to keep them in; else 0. */
static uint64_t
copy_chunk_size(const struct copy_job *j)
{
	if (!vfs_is_local(j->ctx->dfs) || !j->sst.size_known ||
	    j->recpath == NULL)
		return (0);
	return (chunks_size_for(j->sst.size));
}

/*
 * Which digest of a remote partial its server can give, to compare with
 * the source's first bytes: none for a local target (read back instead),
 * nor for a source that is not on this machine (reading it would cost
 * what sending it again does).
 */
static enum vfs_hash
copy_hash_algo(const struct copy_job *j)
{
	struct vfs *dfs = j->ctx->dfs;

	if (vfs_is_local(dfs) || !vfs_is_local(j->ctx->sfs) ||
	    dfs->ops->hash_algos == NULL || dfs->ops->hash_range == NULL)
		return (VFS_HASH_NONE);
	return (vfs_hash_best(dfs->ops->hash_algos(dfs, j->dpath)));
}

static const EVP_MD *
copy_hash_md(enum vfs_hash a)
{
	switch (a) {
	case VFS_HASH_SHA256:
		return (EVP_sha256());
	case VFS_HASH_SHA1:
		return (EVP_sha1());
	case VFS_HASH_MD5:
		return (EVP_md5());
	default:
		return (NULL);
	}
}

/* The digest of the source's first len bytes, read here. */
static int
copy_hash_source(struct copy_job *j, enum vfs_hash a, uint64_t len,
    unsigned char *out, char **cause)
{
	struct vfs *fs = j->ctx->sfs;
	struct vfs_file *f = NULL;
	unsigned char *buf = xmalloc(COPY_READBACK_BLOCK);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint64_t done = 0;
	size_t n, got;
	int rc;

	if (md == NULL || EVP_DigestInit_ex(md, copy_hash_md(a), NULL) != 1) {
		rc = ferr_set(cause, FERR_IO, _("%s: cannot compute %s"),
		    j->sdisp, vfs_hash_name(a));
		goto out;
	}
	if ((rc = fs->ops->open_read(fs, j->spath, 0, &f, cause)) != 0)
		goto out;
	vfs_file_expect(f, len);
	while (done < len) {
		if (xfer_is_cancelled(j->ctx)) {
			rc = ferr_set(cause, FERR_CANCELLED, _("%s: stopped"),
			    j->ddisp);
			goto out;
		}
		n = len - done < COPY_READBACK_BLOCK ? (size_t)(len - done) :
		    COPY_READBACK_BLOCK;
		if ((rc = vfs_read_full(f, buf, n, &got, cause)) != 0)
			goto out;
		if (got < n) {
			rc = ferr_set(cause, FERR_IO, _("%s: the source ended "
			    "at byte %llu of %llu"), j->sdisp,
			    (unsigned long long)(done + got),
			    (unsigned long long)len);
			goto out;
		}
		EVP_DigestUpdate(md, buf, got);
		done += got;
	}
	EVP_DigestFinal_ex(md, out, NULL);
out:
	if (f != NULL)
		fs->ops->abort(f);
	EVP_MD_CTX_free(md);
	free(buf);
	return (rc);
}

/*
 * A remote partial whose server gives a digest of it: that digest of all
 * of its offset bytes must be the source's, or nothing is appended.  A
 * server that offers one but does not give it (a refusal, a reply that is
 * no such digest) leaves the windows to check, and says so (-v).  Asked
 * once a file: a retry in the same run goes on from bytes it wrote.
 */
static int
copy_check_hash(struct copy_job *j, uint64_t offset, char **cause)
{
	struct vfs *dfs = j->ctx->dfs;
	enum vfs_hash a = copy_hash_algo(j);
	unsigned char theirs[VFS_HASH_MAX], ours[VFS_HASH_MAX];
	char size[32], *why = NULL;
	int rc;

	if (a == VFS_HASH_NONE || j->hash_tried || offset == 0)
		return (0);
	j->hash_tried = 1;
	rc = dfs->ops->hash_range(dfs, j->dpath, a, 0, offset, theirs, &why);
	if (rc != 0 && rc != FERR_CANCELLED) {
		/* TRANSLATORS: after a message saying why the server's digest
		   of the partial could not be had */
		copy_noticef(j, 1, _("%s; only the windows are compared"),
		    why != NULL ? why : j->ddisp);
		j->hash_why = xasprintf(_("the server's %s of it failed"),
		    vfs_hash_name(a));
	}
	/* a lost connection is retried (with the windows only) */
	if (rc == FERR_CANCELLED || ferr_is_transient(rc)) {
		free(*cause);
		*cause = why;
		return (rc);
	}
	free(why);
	if (rc != 0)
		return (0);
	if ((rc = copy_hash_source(j, a, offset, ours, cause)) != 0)
		return (rc);
	if (memcmp(ours, theirs, vfs_hash_size(a)) != 0) {
		j->check = (struct xfer_check){ .kind = XM_HASH, .from = 0,
		    .len = offset, .algo = a };
		fmt_size(offset, size, sizeof size);
		return (ferr_set(cause, FERR_MISMATCH, _("%s: the server's %s "
		    "of the %s already there is not the source's: not "
		    "resuming"), j->ddisp, vfs_hash_name(a), size));
	}
	j->hash_ok = a;
	j->hash_len = offset;
	return (0);
}

/*
 * The resume record's digest covers the window before the bytes it
 * confirmed: if the target's bytes there changed since, someone else wrote
 * to the partial, and it is not resumed.
 */
static int
copy_check_record(struct copy_job *j, uint64_t offset, char **cause)
{
	const struct xfer_record *r = &j->rec;
	size_t n, got;
	unsigned char *buf;
	char digest[65];
	int rc;

	if (!j->have_rec || r->digest[0] == '\0' || r->confirmed == 0 ||
	    r->confirmed > offset || r->src_size != j->sst.size ||
	    r->src_mtime != j->sst.mtime)
		return (0);
	n = r->confirmed < COPY_RECORD_WINDOW ? (size_t)r->confirmed :
	    COPY_RECORD_WINDOW;
	buf = xmalloc(n);
	rc = overlap_read(j->ctx->dfs, j->dpath, r->confirmed - n, buf, n,
	    &got, cause);
	if (rc == 0) {
		xfer_digest(buf, got, digest);
		if (got != n || strcmp(digest, r->digest) != 0) {
			j->check = (struct xfer_check){ .kind = XM_RECORD,
			    .from = r->confirmed - n, .len = n };
			rc = ferr_set(cause, FERR_MISMATCH, _("%s: the partial "
			    "target changed since ferry wrote it (resume "
			    "record): not resuming"), j->ddisp);
		}
	}
	free(buf);
	return (rc);
}

/*
 * How many of got bytes just read fit within the size the source
 * announced: what comes past it is not written (the source grew, or its
 * server's size was wrong: which bytes belong to the file is unknown).
 */
static size_t
copy_clip(const struct copy_job *j, size_t got)
{
	if (!j->sst.size_known || j->done + got <= j->sst.size)
		return (got);
	return (j->done < j->sst.size ? (size_t)(j->sst.size - j->done) : 0);
}

static int
copy_past_end(const struct copy_job *j, char **cause)
{
	return (ferr_set(cause, FERR_IO, _("%s: the source goes on past the "
	    "%llu bytes its size announced (it grew, or the server's size "
	    "is wrong): only those were kept"), j->sdisp,
	    (unsigned long long)j->sst.size));
}

/* The low-speed limit of one attempt (see struct xfer_opts). */
struct copy_speed {
	uint64_t	 limit;		/* bytes/s, 0: none */
	int64_t		 span;		/* ns */
	int64_t		 since;		/* start of this period */
	uint64_t	 done;		/* j->done then */
};

static void
copy_speed_init(const struct copy_job *j, struct copy_speed *sp)
{
	const struct xfer_opts *o = j->ctx->opts;
	int secs = o->speed_time;

	sp->limit = o->speed_limit;
	/* never below what --limit-rate itself asks for */
	if (o->rate_limit != 0 && sp->limit > o->rate_limit / 2)
		sp->limit = o->rate_limit / 2;
	if (vfs_is_local(j->ctx->sfs) && vfs_is_local(j->ctx->dfs))
		sp->limit = 0;	/* nothing to reconnect */
	if (secs <= 0)
		secs = vfs_idle_timeout_ms(vfs_is_local(j->ctx->sfs) ?
		    j->ctx->dfs : j->ctx->sfs) / 1000;
	sp->span = (int64_t)(secs > 0 ? secs : 1) * 1000000000LL;
	sp->since = copy_now();
	sp->done = j->done;
}

/* A whole period slower than the limit: a stall, retried like a cut. */
static int
copy_speed_check(const struct copy_job *j, struct copy_speed *sp,
    char **cause)
{
	int64_t now = copy_now();
	uint64_t moved = j->done - sp->done;

	if (sp->limit == 0 || now - sp->since < sp->span)
		return (0);
	if ((double)moved * 1e9 < (double)sp->limit * (now - sp->since))
		return (ferr_set(cause, FERR_LOST, _("%s: less than %llu "
		    "bytes a second for %lld s: stalled (see --speed-limit "
		    "and --speed-time)"), j->ddisp,
		    (unsigned long long)sp->limit,
		    (long long)((now - sp->since) / 1000000000LL)));
	sp->since = now;
	sp->done = j->done;
	return (0);
}

/* Move the bytes: source stream to target stream. */
static int
copy_loop(struct copy_job *j, struct vfs_file *sf, struct vfs_file *df,
    char **cause)
{
	const struct xfer_opts *o = j->ctx->opts;
	size_t chunk = o->bufsize, got, keep, put;
	struct copy_speed sp;
	unsigned char *buf;
	uint64_t t0;
	int rc = 0;

	copy_speed_init(j, &sp);
	if (o->rate_limit != 0 && chunk > o->rate_limit / 10 + 4096)
		chunk = o->rate_limit / 10 + 4096;
	/* A small file gets a buffer of its size (and a byte to see the
	 * end), but no less than COPY_SMALL_BUF (room for SFTP's read that
	 * finds the end in the same round trip: sftp_read_ask): not a
	 * megabyte allocated and freed for each. */
	if (j->sst.size_known && j->sst.size >= j->done &&
	    j->sst.size - j->done < chunk) {
		size_t need = (size_t)(j->sst.size - j->done) + 1;

		if (need < COPY_SMALL_BUF)
			need = COPY_SMALL_BUF;
		if (need < chunk)
			chunk = need;
	}
	buf = xmalloc(chunk);
	for (;;) {
		if (xfer_is_cancelled(j->ctx)) {
			rc = ferr_set(cause, FERR_CANCELLED,
			    _("%s: stopped"), j->ddisp);
			break;
		}
		if ((rc = sf->fs->ops->read(sf, buf, chunk, &got, cause)) != 0)
			break;
		if (got == 0)
			break;
		put = 0;
		if ((keep = copy_clip(j, got)) > 0)
			rc = df->fs->ops->write(df, buf, keep, &put, cause);
		j->done += put;
		j->ctx->result->bytes += put;
		copy_tail_add(j, buf, put);
		t0 = j->cost_on ? chunk_check_cpu_ns() : 0;
		chunks_add(&j->chunks, buf, put);
		if (j->cost_on)
			j->digest_ns += chunk_check_cpu_ns() - t0;
		if (rc == 0 && keep < got)
			rc = copy_past_end(j, cause);
		if (rc == 0)
			rc = copy_speed_check(j, &sp, cause);
		if (rc != 0)
			break;
		copy_progress(j, 0);
		/* the record vouches for nothing new before the check beside
		 * the transfer has ended */
		if (chunk_check_finished(&j->bg) &&
		    (rc = copy_bg_end(j, 0, 0, cause)) != 0)
			break;
		if (!j->bg.started &&
		    copy_now() - j->t_record >= COPY_RECORD_NS &&
		    (rc = copy_checkpoint(j, df, cause)) != 0)
			break;
		if ((rc = copy_throttle(j)) != 0) {
			ferr_set(cause, rc, _("%s: stopped"), j->ddisp);
			break;
		}
	}
	free(buf);
	return (rc);
}

/* The source ended where its size said it would. */
static int
copy_check_end(struct copy_job *j, char **cause)
{
	if (!j->sst.size_known || j->done == j->sst.size)
		return (0);
	return (ferr_set(cause, vfs_is_local(j->ctx->sfs) ? FERR_IO :
	    FERR_LOST, _("%s: the source ended at byte %llu of %llu"),
	    j->sdisp, (unsigned long long)j->done,
	    (unsigned long long)j->sst.size));
}

static uint32_t
copy_mode(const struct copy_job *j)
{
	uint32_t m = j->final_mode != 0 ? j->final_mode & 0777 :
	    j->sst.mode & 0777;

	return (m != 0 ? m : 0644);
}

/* Why only the windows of a partial were checked (translated). */
static void
copy_why_windows(const struct copy_job *j, char *buf, size_t len)
{
	struct vfs *dfs = j->ctx->dfs;
	const char *why;

	if (vfs_is_local(dfs)) {
		if (j->chunks.size != 0)
			why = _("the bytes before were written in this run");
		else if (!j->have_rec)
			why = _("no resume record");
		else
			why = _("the resume record has no chunk digests");
	} else if (j->hash_why != NULL)
		why = j->hash_why;
	else if (dfs->ops->hash_algos == NULL ||
	    dfs->ops->hash_algos(dfs, j->dpath) == 0)
		why = _("a remote partial is not read back, and its server "
		    "offers no hash of it");
	else if (!vfs_is_local(j->ctx->sfs))
		why = _("a remote partial is not read back, and the source is "
		    "not on this machine to hash");
	else
		why = _("a remote partial is not read back");
	snprintf(buf, len, "%s", why);
}

/* Say (-v) what was checked before appending at offset where a server's
 * digest vouched for the first hash_len bytes. */
static void
copy_note_hash(struct copy_job *j, uint64_t offset, const char *at,
    const char *head, const char *tail)
{
	char len[32];

	fmt_size(j->hash_len, len, sizeof len);
	if (j->hash_len == offset)
		copy_noticef(j, 1, _("%s: resuming at byte %s (checked: the "
		    "whole %s already there matches the source (server %s); "
		    "so do its first %s and the %s just before byte %s)"),
		    j->ddisp, at, len, vfs_hash_name(j->hash_ok), head, tail,
		    at);
	else
		copy_noticef(j, 1, _("%s: resuming at byte %s (checked: its "
		    "first %s matched the source earlier in this run (server "
		    "%s), the rest this run wrote; its first %s and the %s "
		    "just before byte %s match the source)"), j->ddisp, at, len,
		    vfs_hash_name(j->hash_ok), head, tail, at);
}

/* Say (-v) what was checked before appending at offset. */
static void
copy_note_start(struct copy_job *j, uint64_t offset, uint64_t from,
    int verify)
{
	char at[32], head[32], tail[32], why[256];
	uint32_t w = j->ctx->opts->window;
	size_t n = j->chunks_checked;

	if (offset == 0)
		return;
	j->ctx->result->resumed++;
	fmt_bytes(offset, at, sizeof at);
	if (!verify) {
		copy_noticef(j, 1, _("%s: resuming at byte %s without checking "
		    "the overlap"), j->ddisp, at);
		return;
	}
	fmt_size(offset < w ? offset : w, head, sizeof head);
	fmt_size(offset - from, tail, sizeof tail);
	if (j->hash_ok != VFS_HASH_NONE) {
		copy_note_hash(j, offset, at, head, tail);
		return;
	}
	if (n == 0 && from == 0)
		copy_noticef(j, 1, _("%s: resuming at byte %s (checked: all of "
		    "the partial matches the source)"), j->ddisp, at);
	else if (n > 0)
		copy_noticef(j, 1, P_("%s: resuming at byte %s (checked: every "
		    "byte of the partial against its resume record, %zu chunk; "
		    "its first %s and the %s just before byte %s match the "
		    "source)", "%s: resuming at byte %s (checked: every byte of "
		    "the partial against its resume record, %zu chunks; its "
		    "first %s and the %s just before byte %s match the source)",
		    n), j->ddisp, at, n, head, tail, at);
	else {
		copy_why_windows(j, why, sizeof why);
		copy_noticef(j, 1, _("%s: resuming at byte %s (checked: only "
		    "its first %s and the %s just before byte %s, against the "
		    "source: %s)"), j->ddisp, at, head, tail, at, why);
	}
}

/* -v: what checking the partial against its record cost (the read-back,
 * in whichever thread, and the digests of what was appended), in CPU time:
 * the figure the benchmark weighs against the transfer's time. */
static void
copy_note_cost(struct copy_job *j, uint64_t offset)
{
	char written[32];

	fmt_size(j->done - offset, written, sizeof written);
	copy_noticef(j, 1, _("%s: checking the partial against its record "
	    "took %.3f s of CPU, keeping the digests of the %s written "
	    "%.3f s"), j->ddisp, (double)j->check_ns / 1e9, written,
	    (double)j->digest_ns / 1e9);
}

/*
 * One attempt: check the overlap if asked, then copy from offset.  The
 * target is opened for writing only after the check passed.
 */
static int
copy_once(struct copy_job *j, enum xfer_action action, uint64_t offset,
    int wflags, int verify, char **cause)
{
	struct xfer_ctx *c = j->ctx;
	struct vfs_file *sf = NULL, *df = NULL;
	uint64_t from = offset, at;
	int64_t t0 = 0;
	int rc, rc2;

	j->done = j->start = offset;
	j->taillen = 0;
	j->tail_ok = offset == 0;
	j->chunks_checked = 0;
	j->bg_bad = 0;
	j->cost_on = 0;
	j->check_ns = j->digest_ns = 0;
	if (offset == 0)
		chunks_start(&j->chunks, copy_chunk_size(j));
	else if (!verify && j->chunks.done != offset)
		chunks_stop(&j->chunks);	/* appended to blindly */
	if (verify && offset > 0) {
		t0 = copy_now();
		if ((rc = copy_check_record(j, offset, cause)) != 0 ||
		    (rc = copy_check_chunks(j, offset, cause)) != 0)
			return (rc);
		rc = overlap_check_head(c->sfs, j->spath, c->dfs, j->dpath,
		    offset, c->opts->window, &at, cause);
		if (rc == FERR_MISMATCH)
			j->check = (struct xfer_check){ .kind = XM_HEAD,
			    .at = at, .len = offset < c->opts->window ?
			    offset : c->opts->window };
		/* (a check beside the transfer, started by
		 * copy_check_chunks, ends with the attempt) */
		if (rc != 0 || (rc = copy_check_hash(j, offset, cause)) != 0)
			return (copy_bg_end(j, rc, 1, cause));
		from = overlap_tail_start(offset, c->opts->window);
		/* what no digest vouches for is compared with the source */
		if (j->chunks.size != 0 && j->chunks.done < from)
			from = j->chunks.done;
	}
	rc = c->sfs->ops->open_read(c->sfs, j->spath, from, &sf, cause);
	if (rc != 0)
		return (copy_bg_end(j, rc, 1, cause));
	if (j->sst.size_known)
		vfs_file_expect(sf, j->sst.size);
	if (from != offset &&
	    (rc = copy_check_tail(j, sf, from, offset, cause)) != 0)
		goto out;
	if (t0 != 0)
		j->checks_ns += copy_now() - t0;
	if (action == XA_VERIFY)
		goto out;
	if (j->bg.started) {	/* said once the check has ended */
		j->bg_note = 1;
		j->bg_from = from;
	} else
		copy_note_start(j, offset, from, verify);
	rc = c->dfs->ops->open_write(c->dfs, j->dpath, offset, wflags,
	    copy_mode(j), &df, cause);
	if (rc != 0)
		goto out;
	j->opened = 1;
	if (offset > 0 && j->nseams < COPY_SEAMS_MAX)
		j->seams[j->nseams++] = offset;
	j->t_start = j->t_rate = j->t_progress = j->t_record = copy_now();
	j->rate_done = offset;
	/* What fits in one buffer is done in one go: its record would be
	 * removed at once (one is written if it fails, or an old one is
	 * replaced). */
	if (j->have_rec || !j->sst.size_known ||
	    j->sst.size - offset > c->opts->bufsize)
		copy_record_save(j);
	rc = copy_loop(j, sf, df, cause);
	rc = copy_bg_end(j, rc, rc == FERR_CANCELLED, cause);
	if (rc == 0 && j->cost_on)
		copy_note_cost(j, offset);
	if (j->bg_bad)
		copy_bg_undo(j, df);
	/* What this attempt wrote is confirmed; an attempt that wrote
	 * nothing leaves the record (and its digest) as it was. */
	if (rc != 0 && j->done > j->start)
		(void)copy_checkpoint(j, df, NULL);
	/* an overwrite's partial is durable before it replaces the target */
	if (rc == 0 && j->final != NULL && df->fs->ops->sync != NULL)
		rc = df->fs->ops->sync(df, cause);
out:
	/* not past copy_loop (nothing appended): a check beside it ends */
	rc = copy_bg_end(j, rc, rc != 0, cause);
	if (df != NULL) {
		rc2 = c->dfs->ops->close(df, rc == 0 ? cause : NULL);
		if (rc == 0)
			rc = rc2;
	}
	if (rc == 0) {
		rc = c->sfs->ops->close(sf, cause);
		if (rc == 0 && action != XA_VERIFY)
			rc = copy_check_end(j, cause);
	} else
		c->sfs->ops->abort(sf);
	return (rc);
}

static int
copy_refuse(struct copy_job *j, enum xfer_reason why, char **cause)
{
	int code;

	switch (why) {
	case XR_DST_LARGER:
	case XR_SRC_CHANGED:
	case XR_MISMATCH:
		code = FERR_MISMATCH;
		break;
	case XR_SRC_MISSING:
		code = FERR_NOENT;
		break;
	case XR_SRC_NOT_FILE:
	case XR_DST_DIR:
		code = FERR_ISDIR;
		break;
	case XR_EXISTS:
		code = FERR_EXISTS;
		break;
	default:
		code = FERR_IO;
		break;
	}
	return (ferr_set(cause, code, _("%s: %s"), why == XR_SRC_MISSING ||
	    why == XR_SRC_NOT_FILE ? j->sdisp : j->ddisp,
	    xfer_reason_text(why)));
}

static void	copy_drop_part(struct copy_job *, const struct vfs_stat *);

/* The first free name: TARGET.1, TARGET.2 ... (malloc'd in *out), named
 * after the target even while its partial is dpath. */
static int
copy_free_name(struct copy_job *j, char **out, char **cause)
{
	struct vfs *fs = j->ctx->dfs;
	const char *target = j->final != NULL ? j->final : j->dpath;
	struct vfs_stat st;
	char *name;
	int i, rc;

	*out = NULL;
	for (i = 1; i < COPY_RENAME_MAX; i++) {
		name = xasprintf("%s.%d", target, i);
		rc = fs->ops->stat(fs, name, &st, NULL);
		if (rc == FERR_NOENT) {
			*out = name;
			return (0);
		}
		free(name);
		if (rc != 0)
			break;
	}
	return (ferr_set(cause, FERR_IO, _("%s: no free name to rename to"),
	    j->ddisp));
}

/*
 * The name the user typed, in the target's directory (malloc'd in *out):
 * one path component that does not exist yet (Rename never replaces a
 * file; the target is opened with VFS_WR_EXCL as well).
 */
static int
copy_typed_name(struct copy_job *j, char **out, char **cause)
{
	struct vfs *fs = j->ctx->dfs;
	const char *slash = strrchr(j->dpath, '/');
	struct vfs_stat st;
	char *name, *disp, *why = NULL;
	int rc;

	*out = NULL;
	disp = fmt_safe_name(j->rename_to);
	if (!path_name_is_safe(j->rename_to)) {
		rc = ferr_set(cause, FERR_USAGE, _("%s: not a name for a file "
		    "in the target's directory"), disp);
		goto out;
	}
	name = slash == NULL ? xstrdup(j->rename_to) : xasprintf("%.*s/%s",
	    (int)(slash - j->dpath), j->dpath, j->rename_to);
	rc = fs->ops->stat(fs, name, &st, &why);
	if (rc == FERR_NOENT) {
		*out = name;
		rc = 0;
		goto out;
	}
	free(name);
	if (rc == 0)
		rc = ferr_set(cause, FERR_EXISTS, _("%s exists: Rename never "
		    "replaces a file (%s is left as it was)"), disp, j->ddisp);
	else {
		free(*cause);
		*cause = why;
		why = NULL;
	}
out:
	free(why);
	free(disp);
	return (rc);
}

/* Write to a name of its own: the one typed, or the first free one. */
static int
copy_rename(struct copy_job *j, char **cause)
{
	struct vfs *fs = j->ctx->dfs;
	char *name;
	int rc;

	/* The question was about the partial of an overwrite: that partial
	 * is left as it is, and nothing is renamed over the target. */
	if (j->final != NULL)
		copy_drop_part(j, &j->dst);
	if (j->rename_to != NULL)
		rc = copy_typed_name(j, &name, cause);
	else
		rc = copy_free_name(j, &name, cause);
	if (rc != 0)
		return (rc);
	free(j->dpath);
	j->dpath = name;
	free(j->ddisp);
	j->ddisp = vfs_display(fs, name);
	return (copy_record_load(j));
}

/* The chunk digests of a segmented record, all segments together. */
static uint64_t
copy_seg_chunks(const struct xfer_record *r)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < r->nsegs; i++)
		n += r->seg[i].nchunks;
	return (n);
}

static void
copy_facts(const struct copy_job *j, struct xfer_facts *f)
{
	memset(f, 0, sizeof *f);
	xfer_side_from_stat(&f->src, &j->sst);
	xfer_side_from_stat(&f->dst, &j->dst);
	f->can_resume = j->can_resume;
	f->dst_local = vfs_is_local(j->ctx->dfs);
	f->window = j->ctx->opts->verify ? j->ctx->opts->window : 0;
	f->dst_hash = f->window != 0 ? copy_hash_algo(j) : VFS_HASH_NONE;
	if (j->have_rec) {
		f->rec.present = 1;
		f->rec.src_same = j->rec.src_size == j->sst.size &&
		    j->rec.src_mtime == j->sst.mtime;
		f->rec.confirmed = j->rec.confirmed;
		/* a remote partial is not read back */
		f->rec.chunked = vfs_is_local(j->ctx->dfs) &&
		    j->rec.chunk_size != 0;
		f->rec.chunks = f->rec.chunked ? j->rec.nchunks : 0;
		if (j->rec.nsegs > 0 && j->dst.type == VFS_FILE) {
			/* a segmented partial: as big as the bytes its
			 * segments confirm (its size says nothing: holes) */
			f->rec.confirmed = record_confirmed_total(&j->rec);
			f->dst.size = f->rec.confirmed;
			f->rec.segments = j->rec.nsegs;
			f->rec.chunks = copy_seg_chunks(&j->rec);
		}
	}
}

/*
 * Ask the user about the plan (XA_ASK) made from f, and decide again with
 * the answer; an answer for all is kept in *sticky.  A name typed for
 * Rename is kept in j->rename_to.
 */
static void
copy_ask(struct copy_job *j, const struct xfer_facts *f,
    struct xfer_plan *plan, enum xfer_policy *sticky)
{
	const struct xfer_hooks *h = j->ctx->hooks;
	struct xfer_question q;
	enum xfer_policy answer;
	char *suggest = NULL, *name = NULL;
	int all = 0;

	/* A Rename with nothing typed takes the same free name. */
	(void)copy_free_name(j, &suggest, NULL);
	q = (struct xfer_question){
		.source = j->sdisp,
		.target = j->ddisp,
		.facts = *f,
		.plan = *plan,
		.record = !f->rec.present ? 0 : f->rec.src_same ? 1 : -1,
		.suggest = suggest != NULL ? path_basename(suggest) : NULL,
	};
	answer = h->ask(h->arg, &q, &all, &name);
	if (answer == XFER_ASK || answer >= XFER_POLICY_COUNT ||
	    !(plan->choices & XFER_CHOICE(answer)))
		answer = XFER_CANCEL;
	if (all && answer != XFER_CANCEL)
		*sticky = answer;
	free(j->rename_to);
	j->rename_to = NULL;
	if (answer == XFER_RENAME && name != NULL && *name != '\0') {
		j->rename_to = name;
		name = NULL;
	}
	free(name);
	free(suggest);
	xfer_decide(f, answer, plan);
}

/* Decide, asking the user where the policy says so. */
static int
copy_decide(struct copy_job *j, struct xfer_plan *plan, char **cause)
{
	struct xfer_ctx *c = j->ctx;
	const struct xfer_hooks *h = c->hooks;
	enum xfer_policy policy;
	struct xfer_facts f;

	copy_facts(j, &f);
	policy = c->sticky != XFER_ASK ? c->sticky : c->opts->policy;
	xfer_decide(&f, policy, plan);
	if (plan->action != XA_ASK)
		return (0);
	if (h == NULL || h->ask == NULL) {
		return (ferr_set(cause, FERR_EXISTS, _("%s exists: use "
		    "--resume, --overwrite, --skip or --rename"), j->ddisp));
	}
	copy_ask(j, &f, plan, &c->sticky);
	return (0);
}

/*
 * The check before appending failed (rc FERR_MISMATCH, nothing written):
 * with someone to ask, ask again, offering Overwrite, Rename and Skip and
 * saying what differs, or take the answer given for all of them.  Returns
 * 1 with a new plan to carry out (*cause cleared), 0 when rc stands
 * (without anyone to ask, a mismatch is refused: exit 5).
 */
static int
copy_mismatch(struct copy_job *j, struct xfer_plan *plan, int rc,
    char **cause)
{
	struct xfer_ctx *c = j->ctx;
	const struct xfer_hooks *h = c->hooks;
	struct xfer_facts f;

	if (rc != FERR_MISMATCH || j->check.kind == XM_NONE || j->opened ||
	    j->asked_mismatch || h == NULL || h->ask == NULL)
		return (0);
	j->asked_mismatch = 1;
	copy_facts(j, &f);
	f.check = j->check;
	xfer_decide(&f, c->sticky_mismatch, plan);
	if (plan->action == XA_ASK)
		copy_ask(j, &f, plan, &c->sticky_mismatch);
	free(*cause);
	*cause = NULL;
	return (1);
}

static int
copy_stat_target(struct copy_job *j, char **cause)
{
	struct vfs *fs = j->ctx->dfs;
	char *why = NULL;
	int rc;

	rc = fs->ops->stat(fs, j->dpath, &j->dst, &why);
	if (rc == FERR_NOENT) {
		memset(&j->dst, 0, sizeof j->dst);
		j->dst.type = VFS_NONE;
		j->dst.mtime = VFS_MTIME_UNKNOWN;
		rc = 0;
	} else if (rc != 0) {
		free(*cause);
		*cause = why;
		why = NULL;
	}
	free(why);
	return (rc);
}

/* Wait, reconnect, and find out how much of the target is there. */
static int
copy_recover(struct copy_job *j, int attempt, char **cause)
{
	struct xfer_ctx *c = j->ctx;
	int64_t secs = (int64_t)1 << (attempt < 5 ? attempt : 5);
	int rc;

	if (secs > COPY_BACKOFF_MAX)
		secs = COPY_BACKOFF_MAX;
	copy_noticef(j, 0, _("%s; retrying in %lld s (%d of %d)"),
	    *cause != NULL ? *cause : j->ddisp, (long long)secs, attempt + 1,
	    c->opts->retries);
	if ((rc = copy_sleep(j, secs * 1000)) != 0)
		return (ferr_set(cause, rc, _("%s: stopped"), j->ddisp));
	if (!vfs_is_local(c->sfs) &&
	    (rc = vfs_reconnect(c->sfs, cause)) != 0)
		return (rc);
	if (!vfs_is_local(c->dfs) &&
	    (rc = vfs_reconnect(c->dfs, cause)) != 0)
		return (rc);
	return (copy_stat_target(j, cause));
}

/*
 * A remote target that was written in more than one go: its size must be
 * the source's, and the bytes around each place where writing resumed must
 * be the source's.  A server may still have been writing from the session
 * that was cut when the new one appended (seen with lftp: a corrupt file
 * and exit 0).
 */
static int
copy_check_seams(struct copy_job *j, char **cause)
{
	struct xfer_ctx *c = j->ctx;
	struct vfs_stat st;
	int64_t t0;
	int i, rc;

	if (j->nseams == 0 || vfs_is_local(c->dfs) || !c->opts->verify)
		return (0);
	t0 = copy_now();
	if ((rc = c->dfs->ops->stat(c->dfs, j->dpath, &st, cause)) != 0)
		return (rc);
	if (st.size_known && j->sst.size_known && st.size != j->sst.size)
		return (ferr_set(cause, FERR_MISMATCH, _("%s: after the copy "
		    "the target has %llu bytes, the source %llu: the target "
		    "is damaged"), j->ddisp, (unsigned long long)st.size,
		    (unsigned long long)j->sst.size));
	for (i = 0; i < j->nseams; i++) {
		rc = overlap_check_seam(c->sfs, j->spath, c->dfs, j->dpath,
		    j->seams[i], j->done, c->opts->window, cause);
		if (rc != 0)
			return (rc);
	}
	j->checks_ns += copy_now() - t0;
	copy_noticef(j, 1, P_("%s: checked again where the copy resumed (%d "
	    "place)", "%s: checked again where the copy resumed (%d places)",
	    j->nseams), j->ddisp, j->nseams);
	return (0);
}

/* A segmented download (segment.h), fresh or resumed; its segments
 * retry on their own. */
static int
copy_segments(struct copy_job *j, const struct xfer_plan *plan,
    char **cause)
{
	struct seg_job s = {
		.ctx = j->ctx,
		.spath = j->spath,
		.dpath = j->dpath,
		.sdisp = j->sdisp,
		.ddisp = j->ddisp,
		.sst = &j->sst,
		.mode = copy_mode(j),
		.wflags = VFS_WR_CREATE | (j->dst.type == VFS_NONE ?
		    VFS_WR_EXCL : VFS_WR_TRUNC),
		.resume = plan->action == XA_RESUME ||
		    plan->action == XA_VERIFY,
		.verify = j->ctx->opts->verify,
		.nsegs = j->segs,
		.recpath = j->recpath,
		.rec = &j->rec,
	};
	int rc;

	j->rec_there = 1;	/* segments keep their own records */
	rc = seg_run(&s, cause);
	j->opened = s.opened;
	j->start = s.start;
	j->done = s.done;
	j->check = s.check;
	return (rc);
}

/* Carry out the plan, with retries after a lost connection. */
static int
copy_execute(struct copy_job *j, struct xfer_plan *plan, char **cause)
{
	const struct xfer_opts *o = j->ctx->opts;
	enum xfer_action action = plan->action;
	uint64_t offset = 0, before;
	int wflags, verify = 0, attempt, refills = 0, rc;

	if (j->segs > 0)
		return (copy_segments(j, plan, cause));

	switch (action) {
	case XA_RESUME:
	case XA_VERIFY:
		offset = plan->offset;
		verify = o->verify;
		wflags = 0;
		break;
	case XA_FRESH:
		/* nothing was there a moment ago (copy_stat_target, or a
		 * directory this copy made) */
		wflags = VFS_WR_CREATE | (j->dst.type == VFS_NONE ?
		    VFS_WR_EXCL | VFS_WR_CHECKED : VFS_WR_TRUNC);
		break;
	case XA_RENAME:
		wflags = VFS_WR_CREATE | VFS_WR_EXCL;
		break;
	default:
		wflags = VFS_WR_CREATE | VFS_WR_TRUNC;
		break;
	}
	/* attempt counts the retries since the last one that moved data
	 * (the budget of --retries); a retry that moved data starts it
	 * again, but never more than COPY_REFILLS times for one file. */
	for (attempt = 0;; attempt++) {
		before = j->done;
		rc = copy_once(j, action, offset, wflags, verify, cause);
		if (rc == 0 || !ferr_is_transient(rc))
			break;
		if (j->done > before && attempt > 0 && refills < COPY_REFILLS) {
			attempt = 0;
			refills++;
		}
		/* A server that is down for a moment refuses the reconnect
		 * too: that costs an attempt, it does not end the job. */
		while (attempt < o->retries &&
		    (rc = copy_recover(j, attempt, cause)) != 0 &&
		    (rc == FERR_LOST || rc == FERR_CONNECT))
			attempt++;
		if (rc != 0 || attempt >= o->retries)
			break;
		/* Until the target was opened (and truncated, for an
		 * overwrite), the plan is still to be carried out as it was. */
		if (!j->opened)
			continue;
		if (j->can_resume && j->dst.type == VFS_FILE &&
		    j->dst.size > 0) {
			/* Go on from what is there, checked like a resume. */
			action = XA_RESUME;
			offset = j->dst.size;
			wflags = 0;
			verify = o->verify;
		} else {
			action = XA_OVERWRITE;
			offset = 0;
			wflags = VFS_WR_CREATE | VFS_WR_TRUNC;
			verify = 0;
		}
	}
	if (rc == 0 && action != XA_VERIFY)
		rc = copy_check_seams(j, cause);
	if (rc == 0 && action != XA_VERIFY && j->checks_ns > 0)
		copy_noticef(j, 1, _("%s: checking the overlap took %.3f s"),
		    j->ddisp, (double)j->checks_ns / 1e9);
	return (rc);
}

static int	copy_record_exists(const char *, const char *);

/* Whether the record directory dir holds a record at all. */
static int
copy_records_any(const char *dir)
{
	DIR *d;
	struct dirent *e;
	size_t n;
	int any = 0;

	if (dir == NULL || (d = opendir(dir)) == NULL)
		return (0);
	while (!any && (e = readdir(d)) != NULL)
		any = (n = strlen(e->d_name)) > 4 &&
		    strcmp(e->d_name + n - 4, ".rec") == 0;
	closedir(d);
	return (any);
}

/*
 * A source that a resume record names as its target is the partial of a
 * copy that was cut off: copied as it is (it was asked for), but said, as
 * the file manager's F5 asks.  Looked for only where records exist.
 */
static void
copy_say_unfinished(struct copy_job *j)
{
	const struct xfer_ctx *c = j->ctx;
	char *key;

	if (!c->records_any || j->said_unfinished ||
	    c->opts->record_dir == NULL)
		return;
	j->said_unfinished = 1;
	key = xfer_location(c->sfs, j->spath);
	if (copy_record_exists(c->opts->record_dir, key))
		copy_noticef(j, 0, _("%s is an unfinished copy (a resume "
		    "record names it as the target of a copy that was cut "
		    "off): copied as it is"), j->sdisp);
	free(key);
}

static void
copy_job_free(struct copy_job *j)
{
	free(j->final);
	free(j->fdisp);
	free(j->dpath);
	free(j->sdisp);
	free(j->ddisp);
	free(j->recpath);
	free(j->tail);
	free(j->rename_to);
	free(j->hash_why);
	record_free(&j->rec);
	(void)copy_bg_end(j, 0, 1, NULL);
	chunks_stop(&j->chunks);
}

static void
copy_notice_complete(struct copy_job *j)
{
	size_t n = j->chunks_checked;

	if (j->ctx->opts->verify && j->hash_ok != VFS_HASH_NONE &&
	    j->hash_len == j->dst.size)
		copy_noticef(j, 0, _("%s: already complete (all of it matches "
		    "the source (server %s))"), j->ddisp,
		    vfs_hash_name(j->hash_ok));
	else if (j->ctx->opts->verify && n > 0)
		copy_noticef(j, 0, P_("%s: already complete (every byte "
		    "checked against its resume record, %zu chunk; the first "
		    "and the last bytes match the source)", "%s: already "
		    "complete (every byte checked against its resume record, "
		    "%zu chunks; the first and the last bytes match the "
		    "source)", n), j->ddisp, n);
	else if (j->ctx->opts->verify)
		copy_noticef(j, 0, _("%s: already complete (the first and "
		    "the last bytes match the source)"), j->ddisp);
	else
		copy_noticef(j, 0, _("%s: already complete (not checked)"),
		    j->ddisp);
}

/*
 * The overwrite is complete (and checked): its partial replaces the
 * target in one step.  On failure both stay, with the record.
 */
static int
copy_part_finish(struct copy_job *j, char **cause)
{
	struct vfs *fs = j->ctx->dfs;
	char *why = NULL;
	int rc;

	if ((rc = fs->ops->rename(fs, j->dpath, j->final, &why)) == 0)
		return (0);
	ferr_set(cause, rc, _("%s; the new copy is complete in %s, %s is "
	    "unchanged"), why != NULL ? why : j->ddisp, j->ddisp, j->fdisp);
	free(why);
	return (rc);
}

/* A record left of path as a partial (an overwrite of a partial is
 * written beside it, under a record of its own) no longer holds once path
 * is a complete copy. */
static void
copy_record_drop(struct copy_job *j, const char *path)
{
	const char *dir = j->ctx->opts->record_dir;
	char *key, *rec;

	if (dir == NULL)
		return;
	key = xfer_location(j->ctx->dfs, path);
	if ((rec = record_path(dir, key)) != NULL)
		(void)record_remove(rec);
	free(rec);
	free(key);
}

static int
copy_done(struct copy_job *j, struct xfer_plan *plan, int rc,
    char **cause)
{
	struct xfer_result *r = j->ctx->result;
	char kept[32];

	if (rc == 0 && j->final != NULL)
		rc = copy_part_finish(j, cause);
	if (rc == 0) {
		/* a record that was never there is not removed: a tree of
		 * small files is copied without a record, each in one go */
		if (j->recpath != NULL && j->rec_there)
			record_remove(j->recpath);
		if (j->final != NULL)
			copy_record_drop(j, j->final);
		copy_progress(j, 1);
		if (plan->action == XA_VERIFY)
			copy_notice_complete(j);
		/* the partial of an overwrite is the target now */
		xfer_keep_time(j->ctx, j->spath, &j->sst,
		    j->final != NULL ? j->final : j->dpath,
		    j->final != NULL ? j->fdisp : j->ddisp);
		r->files++;
		j->ctx->files_done++;
	} else if (j->opened && *cause != NULL && j->segs > 0) {
		fmt_bytes(j->done, kept, sizeof kept);
		ferr_set(cause, rc, P_("%s; %s keeps %s bytes of the new copy "
		    "in %d segment (its resume record says which)", "%s; %s "
		    "keeps %s bytes of the new copy in %d segments (its resume "
		    "record says which)", j->segs), *cause, j->ddisp, kept,
		    j->segs);
	} else if (j->opened && *cause != NULL && j->final != NULL) {
		fmt_bytes(j->done, kept, sizeof kept);
		ferr_set(cause, rc, _("%s; %s is unchanged, and %s keeps the "
		    "first %s bytes of the new copy"), *cause, j->fdisp,
		    j->ddisp, kept);
	} else if (j->opened && *cause != NULL) {
		/* Say what is safe: the target is a prefix of the source. */
		fmt_bytes(j->done, kept, sizeof kept);
		ferr_set(cause, rc, _("%s; the target keeps its first %s "
		    "bytes"), *cause, kept);
	}
	return (rc);
}

/* Whether an overwrite can be written beside the target and renamed over
 * it in one step. */
static int
copy_can_replace(const struct copy_job *j)
{
	return ((j->ctx->dfs->ops->caps & VFS_CAP_REPLACE) != 0);
}

/* From now on write the partial beside the target: dpath becomes
 * TARGET.ferry-part, with its own stat and resume record. */
static int
copy_use_part(struct copy_job *j, char **cause)
{
	struct vfs *fs = j->ctx->dfs;

	j->final_mode = j->dst.type == VFS_FILE ? j->dst.mode : 0;
	j->final = j->dpath;
	j->fdisp = j->ddisp;
	j->dpath = xasprintf("%s%s", j->final, COPY_PART_SUFFIX);
	j->ddisp = vfs_display(fs, j->dpath);
	copy_record_load(j);
	return (copy_stat_target(j, cause));
}

/* Back to writing the target itself. */
static void
copy_drop_part(struct copy_job *j, const struct vfs_stat *dst)
{
	free(j->dpath);
	free(j->ddisp);
	j->dpath = j->final;
	j->ddisp = j->fdisp;
	j->final = j->fdisp = NULL;
	j->final_mode = 0;
	j->dst = *dst;
	copy_record_load(j);
}

/*
 * An overwrite of this source to this target that was interrupted left
 * TARGET.ferry-part and a record naming it: resuming (or overwriting, or
 * asking) goes on with that partial, which replaces the target when done.
 */
static int
copy_find_part(struct copy_job *j, enum xfer_policy policy, char **cause)
{
	struct vfs_stat dst = j->dst;
	char *src;
	int found, rc;

	if (!copy_can_replace(j) || (policy != XFER_RESUME &&
	    policy != XFER_OVERWRITE && policy != XFER_ASK))
		return (0);
	if ((rc = copy_use_part(j, cause)) != 0)
		return (rc);
	src = xfer_location(j->ctx->sfs, j->spath);
	/* without a target, only the partial of a segmented download (an
	 * overwrite's partial without its target is left alone) */
	found = j->dst.type == VFS_FILE && j->have_rec &&
	    j->rec.source != NULL && strcmp(j->rec.source, src) == 0 &&
	    (dst.type != VFS_NONE || j->rec.nsegs > 0);
	free(src);
	if (!found)
		copy_drop_part(j, &dst);
	return (0);
}

/*
 * An overwrite of an existing file: written beside it, so that the old
 * file stays whole until the new one is; in place (and said so) where the
 * backend cannot rename over a file.
 */
static int
copy_plan_part(struct copy_job *j, const struct xfer_plan *plan,
    char **cause)
{
	if (plan->action != XA_OVERWRITE || j->final != NULL ||
	    j->dst.type != VFS_FILE)
		return (0);
	if (copy_can_replace(j))
		return (copy_use_part(j, cause));
	if (!j->ctx->said_in_place) {
		copy_noticef(j, 0, _("%s: this server cannot replace a file "
		    "in one step: overwriting in place (an interrupted "
		    "overwrite loses the old file)"), j->ddisp);
		j->ctx->said_in_place = 1;
	}
	return (0);
}

/* Whether a download could go in segments: a remote source that reads at
 * an offset, of known size, to a local target that can be replaced in one
 * step (the partial is renamed into place). */
static int
copy_can_segment(const struct copy_job *j)
{
	const struct xfer_ctx *c = j->ctx;

	return (!vfs_is_local(c->sfs) && vfs_is_local(c->dfs) &&
	    (c->sfs->ops->caps & VFS_CAP_READ_AT) && j->sst.size_known &&
	    copy_can_replace(j));
}

/*
 * Whether this copy goes in segments (--segments; j->segs): a segmented
 * partial resumes in its own segments whatever the option says; a fresh
 * download of a file large enough is split, and written to a partial
 * beside the target (its holes are never at the target's name).
 */
static int
copy_plan_segments(struct copy_job *j, const struct xfer_plan *plan,
    char **cause)
{
	const struct xfer_opts *o = j->ctx->opts;
	char size[32], min[32];
	int n;

	j->segs = 0;
	if (plan->action == XA_RESUME || plan->action == XA_VERIFY) {
		if (j->have_rec && j->rec.nsegs > 0)
			j->segs = (int)j->rec.nsegs;
		return (0);
	}
	if ((plan->action != XA_FRESH && plan->action != XA_OVERWRITE) ||
	    o->segments < 2 || !copy_can_segment(j))
		return (0);
	if ((n = seg_count(j->sst.size, o->segments)) < 2) {
		fmt_size(j->sst.size, size, sizeof size);
		fmt_size(2 * (uint64_t)SEG_MIN, min, sizeof min);
		copy_noticef(j, 1, _("%s: %s, copied over one connection (a "
		    "file is split into segments from %s on)"), j->sdisp, size,
		    min);
		return (0);
	}
	if (j->final == NULL) {
		int rc = copy_use_part(j, cause);

		if (rc != 0)
			return (rc);
	}
	j->segs = n;
	return (0);
}

/*
 * An existing target that the plan writes in place (resume, overwrite) or
 * reads to compare: the backend refuses a link planted at it before any
 * of its bytes are read.
 */
static int
copy_check_target(struct copy_job *j, const struct xfer_plan *plan,
    char **cause)
{
	struct vfs *fs = j->ctx->dfs;
	struct vfs_stat st;
	int rc;

	if (fs->ops->check_target == NULL)
		return (0);
	if (plan->action != XA_FRESH && plan->action != XA_RESUME &&
	    plan->action != XA_VERIFY && plan->action != XA_OVERWRITE)
		return (0);
	/* the target an overwrite's partial will replace: no link there
	 * either */
	if (j->final != NULL && fs->ops->stat(fs, j->final, &st, NULL) == 0 &&
	    (rc = fs->ops->check_target(fs, j->final, 0, cause)) != 0)
		return (rc);
	if (j->dst.type == VFS_NONE)
		return (0);
	return (fs->ops->check_target(fs, j->dpath, 0, cause));
}

static int
copy_file(struct xfer_ctx *c, const char *spath, const struct vfs_stat *sst,
    const char *dpath, int fresh, char **cause)
{
	struct copy_job j = { .ctx = c, .spath = spath, .sst = *sst };
	struct xfer_plan plan;
	enum xfer_policy pol;
	int rc;

	j.dpath = xstrdup(dpath);
	j.can_resume = (c->sfs->ops->caps & VFS_CAP_READ_AT) &&
	    (c->dfs->ops->caps & VFS_CAP_WRITE_AT);
	j.sdisp = vfs_display(c->sfs, spath);
	j.ddisp = vfs_display(c->dfs, dpath);
	j.tail = xmalloc(COPY_RECORD_WINDOW);
	/* In a directory this copy made, nothing is there yet: the target
	 * is not asked for (one round trip less per file of a tree; the
	 * open is exclusive all the same). */
	if (fresh) {
		j.dst.type = VFS_NONE;
		j.dst.mtime = VFS_MTIME_UNKNOWN;
	} else if ((rc = copy_stat_target(&j, cause)) != 0)
		goto out;
	copy_record_load(&j);
	if ((j.dst.type != VFS_NONE || vfs_is_local(c->dfs)) &&
	    (rc = copy_find_part(&j,
	    c->sticky != XFER_ASK ? c->sticky : c->opts->policy, cause)) != 0)
		goto out;
	if ((rc = copy_decide(&j, &plan, cause)) != 0)
		goto out;
decided:
	switch (plan.action) {
	case XA_SKIP:
		c->result->skipped++;
		pol = c->sticky != XFER_ASK ? c->sticky : c->opts->policy;
		if (pol == XFER_NEWER)
			copy_noticef(&j, 1, _("%s exists and is not older than "
			    "the source: skipped"), j.ddisp);
		else if (pol == XFER_SIZE_DIFFERS)
			copy_noticef(&j, 1, _("%s exists with the source's "
			    "size: skipped"), j.ddisp);
		else
			copy_noticef(&j, 1, _("%s exists: skipped"), j.ddisp);
		goto out;
	case XA_CANCEL:
		rc = ferr_set(cause, FERR_CANCELLED, _("%s: canceled"),
		    j.ddisp);
		goto out;
	case XA_REFUSE:
		rc = copy_refuse(&j, plan.reason, cause);
		goto out;
	case XA_RENAME:
		if ((rc = copy_rename(&j, cause)) != 0)
			goto out;
		copy_noticef(&j, 1, _("writing to %s"), j.ddisp);
		break;
	default:
		if ((rc = copy_check_target(&j, &plan, cause)) != 0 ||
		    (rc = copy_plan_part(&j, &plan, cause)) != 0 ||
		    (rc = copy_plan_segments(&j, &plan, cause)) != 0 ||
		    (rc = copy_check_target(&j, &plan, cause)) != 0)
			goto out;
		break;
	}
	copy_say_unfinished(&j);
	rc = copy_done(&j, &plan, copy_execute(&j, &plan, cause), cause);
	/* A partial whose check failed: asked once more, without Resume. */
	if (copy_mismatch(&j, &plan, rc, cause)) {
		rc = 0;
		goto decided;
	}
out:
	if (rc != 0 && rc != FERR_CANCELLED)
		c->result->failed++;
	copy_job_free(&j);
	return (rc);
}

int
xfer_file(struct xfer_ctx *c, const char *spath, const struct vfs_stat *sst,
    const char *dpath, char **cause)
{
	return (copy_file(c, spath, sst, dpath, 0, cause));
}

int
xfer_file_fresh(struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *sst, const char *dpath, char **cause)
{
	return (copy_file(c, spath, sst, dpath, 1, cause));
}

void
xfer_opts_init(struct xfer_opts *o)
{
	*o = (struct xfer_opts){
		.policy = XFER_ASK,
		.verify = 1,
		.window = XFER_WINDOW_DEFAULT,
		.retries = XFER_RETRIES_DEFAULT,
		.speed_limit = XFER_SPEED_LIMIT_DEFAULT,
		.bufsize = XFER_BUFSIZE_DEFAULT,
		.preserve_time = 1,
	};
}

int
xfer_run(struct vfs *sfs, const char *spath, struct vfs *dfs,
    const char *dpath, const struct xfer_opts *opts,
    const struct xfer_hooks *hooks, struct xfer_result *result,
    char **cause)
{
	struct xfer_ctx c = {
		.sfs = sfs, .dfs = dfs, .opts = opts, .hooks = hooks,
		.result = result, .sticky = XFER_ASK,
		.records_any = copy_records_any(opts->record_dir),
	};
	struct vfs_stat st;
	char *ignored = NULL;
	int rc;

	if (cause == NULL)
		cause = &ignored;
	memset(result, 0, sizeof *result);
	if ((rc = vfs_connect(sfs, cause)) != 0 ||
	    (rc = vfs_connect(dfs, cause)) != 0)
		goto out;
	if ((rc = sfs->ops->stat(sfs, spath, &st, cause)) != 0)
		goto out;
	if (st.type != VFS_DIR)
		rc = xfer_file(&c, spath, &st, dpath, cause);
	else if (opts->recursive) {
		/* Below the directory the tree goes into, no link is followed
		 * (each component is entered from there: vfs_set_beneath). */
		char *root = path_parent(dpath);
		char *was = dfs->beneath != NULL ? xstrdup(dfs->beneath) : NULL;

		vfs_set_beneath(dfs, root);
		rc = xfer_tree(&c, spath, &st, dpath, 0, cause);
		vfs_set_beneath(dfs, was);
		free(was);
		free(root);
		if (rc != 0 && rc != FERR_CANCELLED)
			ferr_set(cause, rc, P_("%d item was not copied",
			    "%d items were not copied", result->failed),
			    result->failed);
		else if (rc == FERR_CANCELLED)
			ferr_set(cause, rc, _("stopped"));
	}
	else {
		char *d = vfs_display(sfs, spath);

		rc = ferr_set(cause, FERR_ISDIR, _("%s is a directory (use "
		    "--recursive)"), d);
		free(d);
	}
out:
	free(ignored);
	return (rc);
}

static int
copy_record_exists(const char *record_dir, const char *key)
{
	struct stat sb;
	char *rec = record_path(record_dir, key);
	int found = rec != NULL && stat(rec, &sb) == 0;

	free(rec);
	return (found);
}

/* Whether a record names key (one read: a damaged record counts, as it
 * exists), and its source in *src (malloc'd) where it says one. */
static int
copy_record_source(const char *record_dir, const char *key, char **src)
{
	struct xfer_record r;
	char *rec = record_path(record_dir, key);
	int rc = rec != NULL ? record_load(rec, &r, NULL) : FERR_NOENT;

	*src = NULL;
	if (rc == 0) {
		if (r.source != NULL && *r.source != '\0')
			*src = xstrdup(r.source);
		record_free(&r);
	}
	free(rec);
	return (rc != FERR_NOENT);
}

/* The targets every resume record in record_dir names (malloc'd, *n of
 * them; NULL when there is none). */
static char **
copy_record_targets(const char *record_dir, size_t *n)
{
	struct xfer_record r;
	struct dirent *e;
	char **t = NULL, *path;
	size_t len;
	DIR *d;

	*n = 0;
	if (record_dir == NULL || (d = opendir(record_dir)) == NULL)
		return (NULL);
	while ((e = readdir(d)) != NULL) {
		if ((len = strlen(e->d_name)) <= 4 ||
		    strcmp(e->d_name + len - 4, ".rec") != 0)
			continue;
		path = path_join(record_dir, e->d_name);
		if (record_load(path, &r, NULL) == 0) {
			if (r.target != NULL && *r.target != '\0') {
				t = xreallocarray(t, *n + 1, sizeof *t);
				t[(*n)++] = xstrdup(r.target);
			}
			record_free(&r);
		}
		free(path);
	}
	closedir(d);
	return (t);
}

/* How many of the n targets lie below the directory key. */
static size_t
copy_targets_below(char *const *t, size_t n, const char *key)
{
	size_t i, k = 0, len = strlen(key);

	for (i = 0; i < n; i++)
		k += strncmp(t[i], key, len) == 0 && t[i][len] == '/';
	return (k);
}

/*
 * A local directory is resolved once (xfer_location would resolve it again
 * for every entry); a remote name needs no I/O to make its key.  A partial
 * gets its record's source too (partial_src), for the file manager to
 * offer to finish it; a directory how many records name a target below it
 * (partial_below: the records are read once, and only when a directory is
 * listed).
 */
void
xfer_mark_partials(const char *record_dir, struct vfs *fs, const char *dir,
    struct vfs_list *l)
{
	char *real = NULL, *path, *key, **targets = NULL;
	size_t i, ntargets = 0;
	int dirs = 0;

	if (vfs_is_local(fs) && (real = realpath(dir, NULL)) == NULL)
		return;		/* no such directory: no records */
	for (i = 0; i < l->n && !dirs; i++)
		dirs = l->v[i].st.type == VFS_DIR;
	if (dirs)
		targets = copy_record_targets(record_dir, &ntargets);
	for (i = 0; i < l->n; i++) {
		l->v[i].partial = 0;
		l->v[i].partial_below = 0;
		free(l->v[i].partial_src);
		l->v[i].partial_src = NULL;
		if ((l->v[i].st.type != VFS_FILE &&
		    (l->v[i].st.type != VFS_DIR || ntargets == 0)) ||
		    !path_name_is_safe(l->v[i].name))
			continue;
		if (real != NULL)
			key = path_join(real, l->v[i].name);
		else {
			/* Named as records name it: absolute. */
			path = path_join(dir, l->v[i].name);
			key = xfer_location(fs, path);
			free(path);
		}
		if (l->v[i].st.type == VFS_DIR)
			l->v[i].partial_below = copy_targets_below(targets,
			    ntargets, key);
		else
			l->v[i].partial = copy_record_source(record_dir, key,
			    &l->v[i].partial_src);
		free(key);
	}
	for (i = 0; i < ntargets; i++)
		free(targets[i]);
	free(targets);
	free(real);
}
