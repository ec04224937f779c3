/* ferry: one download over several connections (see segment.h). */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/chunks.h"
#include "xfer/overlap.h"
#include "xfer/segment.h"
#include "xfer/throttle.h"
#include "xfer/xfer_int.h"

#define SEG_WINDOW	(64u * 1024)		/* the digest window */
#define SEG_TICK_NS	(100 * 1000000LL)	/* progress, cancel */
#define SEG_RECORD_NS	(1000 * 1000000LL)	/* checkpoint */
#define SEG_BACKOFF_MAX	30			/* seconds */
#define SEG_REFILLS	10
#define SEG_READBACK	(256u * 1024)		/* read back at once */

enum seg_state {
	SEG_WAIT = 0,
	SEG_RUN,
	SEG_DONE,
};

/* One segment of the source.  done, tail and taillen under the lock. */
struct seg_part {
	uint64_t		 start;
	uint64_t		 end;
	uint64_t		 done;		/* [start, done) written */
	unsigned char		*tail;		/* the bytes before done,
						   within the segment */
	size_t			 taillen;
	struct chunks		 ch;		/* digests of [start, done)
						   from start (off: size 0) */
	size_t			 checked;	/* chunks read back and
						   compared before resuming */
	enum seg_state		 state;
};

struct seg_runner;

/* One thread with one source session. */
struct seg_hand {
	struct seg_runner	*r;
	pthread_t		 thread;
	int			 started;
	struct vfs		*sfs;
	int			 borrowed;	/* from hooks->session */
};

struct seg_runner {
	struct seg_job		*j;
	struct seg_part		*part;
	size_t			 n;
	struct seg_hand		*hand;
	size_t			 nhands;
	size_t			 bufsize;
	int64_t			 t_start;
	int64_t			 t_rate;	/* --limit-rate's base
						   (throttle.h) */

	pthread_mutex_t		 hook_lock;	/* one hook call at a time */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* a hand ended */
	atomic_int		 stop;
	int			 running;	/* hands alive (lock) */
	uint64_t		 moved;		/* this run (lock) */
	int			 rc;		/* the first error (lock) */
	char			*cause;

	/* The caller's thread only. */
	int64_t			 t_progress;
	int64_t			 t_record;
	uint64_t		 rate_done;
	double			 rate;
	struct vfs_file		*syncf;		/* the partial, to flush */
};

static int	seg_cancelled(struct seg_runner *);

static int64_t
seg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

static void
seg_notice(struct seg_runner *r, int info, const char *text)
{
	pthread_mutex_lock(&r->hook_lock);
	xfer_notice(r->j->ctx, info, text);
	pthread_mutex_unlock(&r->hook_lock);
}

static void __attribute__((format(printf, 3, 4)))
seg_noticef(struct seg_runner *r, int info, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) != -1) {
		seg_notice(r, info, text);
		free(text);
	}
	va_end(ap);
}

/* Remember the last SEG_WINDOW bytes of a segment written (lock held). */
static void
seg_tail_add(struct seg_part *p, const unsigned char *buf, size_t len)
{
	size_t w = SEG_WINDOW;

	if (len >= w) {
		memcpy(p->tail, buf + len - w, w);
		p->taillen = w;
		return;
	}
	if (p->taillen + len > w) {
		memmove(p->tail, p->tail + (p->taillen + len - w), w - len);
		p->taillen = w - len;
	}
	memcpy(p->tail + p->taillen, buf, len);
	p->taillen += len;
}

/* The window a segment's digest covers: [done - n, done). */
static size_t
seg_window(const struct seg_part *p)
{
	return (p->done - p->start < SEG_WINDOW ?
	    (size_t)(p->done - p->start) : SEG_WINDOW);
}

/* ------------------------------------------------------------- checks */

static int
seg_mismatch(struct seg_job *j, enum xfer_mismatch kind, uint64_t at,
    uint64_t from, uint64_t len, char **cause)
{
	char a[32];

	j->check = (struct xfer_check){ .kind = kind, .at = at,
	    .from = from, .len = len };
	fmt_bytes(at, a, sizeof a);
	if (kind == XM_SHORT)
		return (ferr_set(cause, FERR_MISMATCH, _("%s: the partial "
		    "target is shorter than a segment ferry wrote (resume "
		    "record): not resuming"), j->ddisp));
	if (kind == XM_RECORD)
		return (ferr_set(cause, FERR_MISMATCH, _("%s: the bytes before "
		    "byte %s, where a segment ends, changed since ferry wrote "
		    "them (resume record): not resuming"), j->ddisp, a));
	return (ferr_set(cause, FERR_MISMATCH, _("%s: the partial target "
	    "differs from the source at byte %llu: not resuming"), j->ddisp,
	    (unsigned long long)at));
}

/*
 * The seam of a segment confirmed up to p->done: the window before it in
 * the partial must still have the record's digest, and be the source's.
 * The window becomes the segment's tail, to go on from.
 */
static int
seg_check_seam(struct seg_runner *r, struct seg_part *p,
    const struct record_seg *rs, char **cause)
{
	struct seg_job *j = r->j;
	struct xfer_ctx *c = j->ctx;
	size_t n = seg_window(p), got, at;
	unsigned char *sbuf = NULL;
	char digest[65];
	int rc;

	if (n == 0)
		return (0);
	rc = overlap_read(c->dfs, j->dpath, p->done - n, p->tail, n, &got,
	    cause);
	if (rc != 0)
		return (rc);
	if (got != n)
		return (seg_mismatch(j, XM_SHORT, p->done - n + got,
		    p->done - n, n, cause));
	p->taillen = n;
	xfer_digest(p->tail, n, digest);
	if (rs->digest[0] != '\0' && strcmp(digest, rs->digest) != 0)
		return (seg_mismatch(j, XM_RECORD, p->done, p->done - n, n,
		    cause));
	if (!j->verify)
		return (0);
	/* the source's bytes there */
	if (n > c->opts->window)
		n = c->opts->window;
	sbuf = xmalloc(n);
	rc = overlap_read(c->sfs, j->spath, p->done - n, sbuf, n, &got, cause);
	if (rc == 0) {
		at = overlap_first_diff(sbuf, p->tail + p->taillen - n,
		    got < n ? got : n);
		if (got != n || at != n)
			rc = seg_mismatch(j, XM_TAIL, p->done - n + at,
			    p->done - n, n, cause);
	}
	free(sbuf);
	return (rc);
}

/* Chunk k of p (complete, or the last one under way) against rs's. */
static int
seg_chunk_same(const struct seg_part *p, const struct record_seg *rs,
    size_t k)
{
	unsigned char md[RECORD_CHUNK_LEN];

	if (k < p->ch.n)
		return (memcmp(p->ch.md[k], rs->chunk[k], sizeof md) == 0);
	chunks_current(&p->ch, md);
	return (memcmp(md, rs->chunk[k], sizeof md) == 0);
}

/*
 * Read back the bytes of segment p that the record confirms and compare
 * each chunk with its digest there; p->ch then holds them, to go on from.
 */
static int
seg_read_chunks(struct seg_runner *r, struct seg_part *p,
    const struct record_seg *rs, uint64_t size, char **cause)
{
	struct seg_job *j = r->j;
	struct vfs *fs = j->ctx->dfs;
	struct vfs_file *f = NULL;
	unsigned char *buf = NULL;
	uint64_t len = p->done - p->start, from;
	size_t n, got, k = 0;
	int rc = 0;

	chunks_start_as(&p->ch, size, j->rec->chunk_hash);
	if (len == 0)
		return (0);
	if ((rc = fs->ops->open_read(fs, j->dpath, p->start, &f, cause)) != 0)
		goto out;
	vfs_file_expect(f, p->done);
	buf = xmalloc(SEG_READBACK);
	while (p->ch.done < len) {
		if (seg_cancelled(r)) {
			rc = ferr_set(cause, FERR_CANCELLED, _("%s: stopped"),
			    j->ddisp);
			goto out;
		}
		n = len - p->ch.done < SEG_READBACK ?
		    (size_t)(len - p->ch.done) : SEG_READBACK;
		if ((rc = fs->ops->read(f, buf, n, &got, cause)) != 0)
			goto out;
		if (got == 0) {
			rc = seg_mismatch(j, XM_SHORT, p->start + p->ch.done,
			    p->start, len, cause);
			goto out;
		}
		chunks_add(&p->ch, buf, got);
		/* every chunk completed by now, the last one at the end */
		for (; k < p->ch.n || (p->ch.done == len && k < rs->nchunks);
		    k++) {
			if (!seg_chunk_same(p, rs, k)) {
				from = p->start + (uint64_t)k * size;
				rc = xfer_chunk_differs(&j->check, j->ddisp,
				    from, p->done - from < size ?
				    p->done - from : size, cause);
				goto out;
			}
		}
	}
	p->checked = k;
out:
	if (rc != 0)
		chunks_stop(&p->ch);
	if (f != NULL)
		fs->ops->abort(f);
	free(buf);
	return (rc);
}

/* Before a segmented partial is resumed: every seam, then the head. */
static int
seg_check(struct seg_runner *r, char **cause)
{
	struct seg_job *j = r->j;
	struct xfer_ctx *c = j->ctx;
	uint64_t at;
	size_t i;
	int rc;

	for (i = 0; i < r->n; i++) {
		if (j->rec->chunk_size != 0 && (rc = seg_read_chunks(r,
		    &r->part[i], &j->rec->seg[i], j->rec->chunk_size,
		    cause)) != 0)
			return (rc);
		if ((rc = seg_check_seam(r, &r->part[i], &j->rec->seg[i],
		    cause)) != 0)
			return (rc);
	}
	if (!j->verify || r->part[0].done == 0)
		return (0);
	rc = overlap_check_head(c->sfs, j->spath, c->dfs, j->dpath,
	    r->part[0].done, c->opts->window, &at, cause);
	if (rc == FERR_MISMATCH)
		j->check = (struct xfer_check){ .kind = XM_HEAD, .at = at,
		    .len = r->part[0].done < c->opts->window ?
		    r->part[0].done : c->opts->window };
	return (rc);
}

/* -------------------------------------------------------- the record */

/* The digests of p's chunks into rs (lock held): those of [start, done),
 * or none when they are not known. */
static void
seg_chunks_record(struct seg_runner *r, const struct seg_part *p,
    struct record_seg *rs)
{
	uint64_t size = r->j->rec->chunk_size, len = p->done - p->start;
	size_t n;

	free(rs->chunk);
	rs->chunk = NULL;
	rs->nchunks = 0;
	if (size == 0 || p->ch.size != size || p->ch.done != len)
		return;
	n = (size_t)(len / size + (len % size != 0));
	if (n == 0)
		return;
	rs->chunk = xcalloc(n, sizeof *rs->chunk);
	if (p->ch.n > 0)	/* md is NULL before the first chunk ends */
		memcpy(rs->chunk, p->ch.md, p->ch.n * sizeof *rs->chunk);
	if (n > p->ch.n)
		chunks_current(&p->ch, rs->chunk[n - 1]);
	rs->nchunks = n;
}

/* A record keeps chunk digests for every segment or for none. */
static void
seg_chunks_all_or_none(struct seg_runner *r)
{
	struct xfer_record *rec = r->j->rec;
	uint64_t len;
	size_t i;

	if (rec->chunk_size == 0)
		return;
	for (i = 0; i < r->n; i++) {
		len = rec->seg[i].confirmed - rec->seg[i].start;
		if (rec->seg[i].nchunks != (size_t)(len / rec->chunk_size +
		    (len % rec->chunk_size != 0)))
			break;
	}
	if (i == r->n)
		return;
	for (i = 0; i < r->n; i++) {
		free(rec->seg[i].chunk);
		rec->seg[i].chunk = NULL;
		rec->seg[i].nchunks = 0;
	}
	rec->chunk_size = 0;
}

/* Write what is confirmed: the partial is flushed first, then the record
 * says how far each segment is.  done is taken before the flush. */
static void
seg_checkpoint(struct seg_runner *r)
{
	struct seg_job *j = r->j;
	struct xfer_record *rec = j->rec;
	struct vfs *dfs = j->ctx->dfs;
	struct seg_part *p;
	unsigned char *win = xmalloc(SEG_WINDOW);
	char *cause = NULL;
	size_t i, n;

	for (i = 0; i < r->n; i++) {
		p = &r->part[i];
		pthread_mutex_lock(&r->lock);
		seg_chunks_record(r, p, &rec->seg[i]);
		rec->seg[i].confirmed = p->done;
		n = seg_window(p);
		if (n > p->taillen)
			n = 0;		/* not known: no digest */
		memcpy(win, p->tail + p->taillen - n, n);
		pthread_mutex_unlock(&r->lock);
		rec->seg[i].digest[0] = '\0';
		if (n > 0)
			xfer_digest(win, n, rec->seg[i].digest);
	}
	free(win);
	seg_chunks_all_or_none(r);
	rec->confirmed = rec->seg[0].confirmed;
	memcpy(rec->digest, rec->seg[0].digest, sizeof rec->digest);
	rec->updated = time(NULL);
	r->t_record = seg_now();
	if (r->syncf != NULL && dfs->ops->sync != NULL &&
	    dfs->ops->sync(r->syncf, &cause) != 0)
		goto out;	/* the record keeps its older claim */
	if (j->recpath != NULL && record_save(j->recpath, rec, &cause) != 0) {
		/* said once; the record on disk (if any) claims less */
		seg_notice(r, 0, cause);
		j->recpath = NULL;
	}
out:
	free(cause);
}

/* ---------------------------------------------------------- progress */

static uint64_t
seg_present(struct seg_runner *r)
{
	uint64_t sum = 0;
	size_t i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->n; i++)
		sum += r->part[i].done - r->part[i].start;
	pthread_mutex_unlock(&r->lock);
	return (sum);
}

static void
seg_progress(struct seg_runner *r, int final)
{
	struct seg_job *j = r->j;
	const struct xfer_hooks *h = j->ctx->hooks;
	struct xfer_progress p;
	int64_t now = seg_now();
	uint64_t done = seg_present(r);
	double dt = (now - r->t_progress) / 1e9;

	if (!final && now - r->t_progress < SEG_TICK_NS)
		return;
	if (dt > 0) {
		double inst = (done - r->rate_done) / dt;

		r->rate = r->rate == 0 ? inst : 0.7 * r->rate + 0.3 * inst;
	}
	r->t_progress = now;
	r->rate_done = done;
	j->done = done;
	if (h == NULL || h->progress == NULL)
		return;
	p = (struct xfer_progress){
		.source = j->sdisp, .target = j->ddisp,
		.done = done, .total = j->sst->size, .start = j->start,
		.rate = r->rate, .eta = -1,
		.files_done = j->ctx->files_done,
	};
	if (final && now > r->t_start)
		p.rate = (done - j->start) / ((now - r->t_start) / 1e9);
	if (p.rate > 0 && p.total >= p.done)
		p.eta = (int64_t)((p.total - p.done) / p.rate);
	pthread_mutex_lock(&r->hook_lock);
	h->progress(h->arg, &p);
	pthread_mutex_unlock(&r->hook_lock);
}

static int
seg_cancelled(struct seg_runner *r)
{
	int stop;

	pthread_mutex_lock(&r->hook_lock);
	stop = xfer_is_cancelled(r->j->ctx);
	pthread_mutex_unlock(&r->hook_lock);
	return (stop);
}

/* ------------------------------------------------------------- hands */

/* Sleep ms milliseconds unless stopped first. */
static int
seg_sleep(struct seg_runner *r, int64_t ms)
{
	struct timespec ts;

	while (ms > 0) {
		if (atomic_load(&r->stop))
			return (FERR_CANCELLED);
		ts.tv_sec = 0;
		ts.tv_nsec = (ms < 50 ? ms : 50) * 1000000L;
		nanosleep(&ts, NULL);
		ms -= 50;
	}
	return (0);
}

/* Keep to the rate limit, shared by all segments. */
static int
seg_throttle(struct seg_runner *r)
{
	uint64_t limit = r->j->ctx->opts->rate_limit;
	int64_t wait;

	if (limit == 0)
		return (0);
	pthread_mutex_lock(&r->lock);
	wait = throttle_wait_ns(&r->t_rate, r->moved, limit, seg_now());
	pthread_mutex_unlock(&r->lock);
	if (wait == 0)
		return (0);
	return (seg_sleep(r, wait / 1000000 + 1));
}

/* After a retry: the window before where a segment goes on is compared
 * with the source again (the server may have changed it meanwhile). */
static int
seg_recheck(struct seg_hand *h, struct seg_part *p, char **cause)
{
	struct seg_job *j = h->r->j;
	struct xfer_ctx *c = j->ctx;
	unsigned char *sbuf, *dbuf;
	size_t n = seg_window(p), got, dgot, at;
	int rc;

	if (n > c->opts->window)
		n = c->opts->window;
	if (!j->verify || n == 0)
		return (0);
	sbuf = xmalloc(n);
	dbuf = xmalloc(n);
	rc = overlap_read(h->sfs, j->spath, p->done - n, sbuf, n, &got, cause);
	if (rc == 0)
		rc = overlap_read(c->dfs, j->dpath, p->done - n, dbuf, n, &dgot,
		    cause);
	if (rc == 0 && (got != n || dgot != n ||
	    (at = overlap_first_diff(sbuf, dbuf, n)) != n))
		rc = ferr_set(cause, FERR_MISMATCH, _("%s: the partial target "
		    "differs from the source at byte %llu: not resuming"),
		    j->ddisp, (unsigned long long)(p->done - n +
		    (got == n && dgot == n ? at : 0)));
	free(sbuf);
	free(dbuf);
	return (rc);
}

/* The low-speed limit of one attempt at a segment (--speed-limit and
 * --speed-time, as for a whole file): a whole period slower than the
 * limit is a stall, retried like a cut. */
struct seg_speed {
	uint64_t	 limit;		/* bytes/s, 0: none */
	int64_t		 span;		/* ns */
	int64_t		 since;
	uint64_t	 done;
};

static void
seg_speed_init(struct seg_hand *h, const struct seg_part *p,
    struct seg_speed *sp)
{
	const struct xfer_opts *o = h->r->j->ctx->opts;
	int secs = o->speed_time;

	sp->limit = o->speed_limit;
	/* never above what this segment's share of --limit-rate allows */
	if (o->rate_limit != 0 && sp->limit > o->rate_limit / 2 / h->r->n)
		sp->limit = o->rate_limit / 2 / h->r->n;
	if (secs <= 0)
		secs = vfs_idle_timeout_ms(h->sfs) / 1000;
	sp->span = (int64_t)(secs > 0 ? secs : 1) * 1000000000LL;
	sp->since = seg_now();
	sp->done = p->done;
}

static int
seg_speed_check(struct seg_hand *h, const struct seg_part *p,
    struct seg_speed *sp, char **cause)
{
	int64_t now = seg_now();

	if (sp->limit == 0 || now - sp->since < sp->span)
		return (0);
	if ((double)(p->done - sp->done) * 1e9 <
	    (double)sp->limit * (now - sp->since))
		return (ferr_set(cause, FERR_LOST, _("%s: less than %llu "
		    "bytes a second for %lld s: stalled (see --speed-limit "
		    "and --speed-time)"), h->r->j->ddisp,
		    (unsigned long long)sp->limit,
		    (long long)((now - sp->since) / 1000000000LL)));
	sp->since = now;
	sp->done = p->done;
	return (0);
}

/* Move the bytes of one segment from sf to df, up to its end. */
static int
seg_loop(struct seg_hand *h, struct seg_part *p, struct vfs_file *sf,
    struct vfs_file *df, unsigned char *buf, char **cause)
{
	struct seg_runner *r = h->r;
	struct seg_job *j = r->j;
	struct seg_speed sp;
	size_t want, got, put;
	int rc = 0;

	seg_speed_init(h, p, &sp);
	while (rc == 0 && p->done < p->end) {
		if (atomic_load(&r->stop))
			return (ferr_set(cause, FERR_CANCELLED, _("%s: stopped"),
			    j->ddisp));
		want = p->end - p->done < r->bufsize ?
		    (size_t)(p->end - p->done) : r->bufsize;
		if ((rc = sf->fs->ops->read(sf, buf, want, &got, cause)) != 0)
			break;
		if (got == 0)
			return (ferr_set(cause, FERR_LOST, _("%s: the source "
			    "ended at byte %llu of %llu"), j->sdisp,
			    (unsigned long long)p->done,
			    (unsigned long long)j->sst->size));
		put = 0;
		rc = df->fs->ops->write(df, buf, got, &put, cause);
		pthread_mutex_lock(&r->lock);
		seg_tail_add(p, buf, put);
		chunks_add(&p->ch, buf, put);
		p->done += put;
		r->moved += put;
		pthread_mutex_unlock(&r->lock);
		if (rc == 0)
			rc = seg_speed_check(h, p, &sp, cause);
		if (rc == 0 && (rc = seg_throttle(r)) != 0)
			rc = ferr_set(cause, rc, _("%s: stopped"), j->ddisp);
	}
	return (rc);
}

/* One attempt at a segment, from where it is. */
static int
seg_once(struct seg_hand *h, struct seg_part *p, int again,
    unsigned char *buf, char **cause)
{
	struct seg_job *j = h->r->j;
	struct vfs *dfs = j->ctx->dfs;
	struct vfs_file *sf = NULL, *df = NULL;
	int rc, rc2;

	if (again && (rc = seg_recheck(h, p, cause)) != 0)
		return (rc);
	rc = h->sfs->ops->open_read(h->sfs, j->spath, p->done, &sf, cause);
	if (rc != 0)
		return (rc);
	vfs_file_expect(sf, p->end);
	rc = dfs->ops->open_write(dfs, j->dpath, p->done, VFS_WR_HOLE, j->mode,
	    &df, cause);
	if (rc == 0)
		rc = seg_loop(h, p, sf, df, buf, cause);
	if (df != NULL) {
		rc2 = dfs->ops->close(df, rc == 0 ? cause : NULL);
		if (rc == 0)
			rc = rc2;
	}
	/* a segment before the last stops reading at its end: the backend
	 * aborts the transfer (FTP: ABOR) */
	if (rc == 0)
		rc = h->sfs->ops->close(sf, cause);
	else
		h->sfs->ops->abort(sf);
	return (rc);
}

/* A segment with retries after a lost connection (--retries, as for a
 * file: a retry that moved data starts the count again, at most
 * SEG_REFILLS times). */
static int
seg_copy(struct seg_hand *h, struct seg_part *p, char **cause)
{
	struct seg_runner *r = h->r;
	int retries = r->j->ctx->opts->retries, attempt, refills = 0, rc;
	int64_t secs;
	uint64_t before;
	unsigned char *buf = xmalloc(r->bufsize);

	for (attempt = 0;; attempt++) {
		before = p->done;
		rc = seg_once(h, p, attempt > 0, buf, cause);
		if (rc == 0 || !ferr_is_transient(rc) ||
		    atomic_load(&r->stop))
			break;
		if (p->done > before && attempt > 0 &&
		    refills < SEG_REFILLS) {
			attempt = 0;
			refills++;
		}
		for (;; attempt++) {
			if (attempt >= retries)
				goto out;
			secs = (int64_t)1 << (attempt < 5 ? attempt : 5);
			if (secs > SEG_BACKOFF_MAX)
				secs = SEG_BACKOFF_MAX;
			seg_noticef(r, 0, _("%s; retrying in %lld s (%d of %d)"),
			    *cause != NULL ? *cause : r->j->ddisp,
			    (long long)secs, attempt + 1, retries);
			free(*cause);
			*cause = NULL;
			if ((rc = seg_sleep(r, secs * 1000)) != 0) {
				ferr_set(cause, rc, _("%s: stopped"),
				    r->j->ddisp);
				goto out;
			}
			rc = vfs_reconnect(h->sfs, cause);
			if (rc == 0)
				break;
			if (rc != FERR_LOST && rc != FERR_CONNECT)
				goto out;
		}
	}
out:
	free(buf);
	return (rc);
}

/* The next segment waiting for a hand, taken (-1: none). */
static long
seg_next(struct seg_runner *r)
{
	long i, found = -1;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < (long)r->n && found == -1; i++) {
		if (r->part[i].state == SEG_WAIT) {
			r->part[i].state = SEG_RUN;
			found = i;
		}
	}
	pthread_mutex_unlock(&r->lock);
	return (found);
}

/* A segment ended: done, or the first error, which stops every hand. */
static void
seg_ended(struct seg_runner *r, struct seg_part *p, int rc, char *cause)
{
	pthread_mutex_lock(&r->lock);
	p->state = rc == 0 ? SEG_DONE : SEG_WAIT;
	if (rc != 0 && (r->rc == 0 || r->rc == FERR_CANCELLED) &&
	    rc != r->rc) {
		r->rc = rc;
		free(r->cause);
		r->cause = cause;
		cause = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	if (rc != 0)
		atomic_store(&r->stop, 1);
	free(cause);
}

static void *
seg_hand_run(void *arg)
{
	struct seg_hand *h = arg;
	struct seg_runner *r = h->r;
	const struct xfer_hooks *hk = r->j->ctx->hooks;
	char *cause = NULL;
	long i;
	int rc = 0;

	if (h->borrowed && (rc = hk->session(hk->arg, XFER_SOURCE, &h->sfs,
	    &cause)) != 0) {
		h->sfs = NULL;
		if (!atomic_load(&r->stop))
			seg_noticef(r, 1, _("%s; copying over fewer "
			    "connections"), cause != NULL ? cause : "");
		free(cause);
		goto out;
	}
	while (!atomic_load(&r->stop) && (i = seg_next(r)) != -1) {
		cause = NULL;
		rc = seg_copy(h, &r->part[i], &cause);
		seg_ended(r, &r->part[i], rc, cause);
	}
	if (h->borrowed)
		hk->release(hk->arg, h->sfs, rc == 0 &&
		    !atomic_load(&r->stop));
out:
	pthread_mutex_lock(&r->lock);
	r->running--;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return (NULL);
}

/* -------------------------------------------------------------- run */

/* The chunk size of r's segments: chunks_size_for the file, doubled
 * until the segments' chunks fit in a record. */
static uint64_t
seg_chunk_size(const struct xfer_record *r)
{
	uint64_t size = chunks_size_for(r->src_size), n;
	size_t i;

	for (;; size *= 2) {
		for (i = 0, n = 0; i < r->nsegs; i++)
			n += (r->seg[i].end - r->seg[i].start + size - 1) /
			    size;
		if (n <= RECORD_CHUNKS_MAX)
			return (size);
	}
}

/* A fresh partial: its segments planned, the file made (empty). */
static int
seg_fresh(struct seg_job *j, char **cause)
{
	struct vfs *dfs = j->ctx->dfs;
	struct vfs_file *df = NULL;
	int rc;

	record_free(j->rec);
	j->rec->src_size = j->sst->size;
	if (seg_plan(j->rec, j->nsegs) != 0)
		return (ferr_set(cause, FERR_USAGE, _("%s: cannot be split "
		    "into %d segments"), j->sdisp, j->nsegs));
	/* digests only where a record keeps them */
	j->rec->chunk_size = j->recpath != NULL ?
	    seg_chunk_size(j->rec) : 0;
	if ((rc = dfs->ops->open_write(dfs, j->dpath, 0, j->wflags, j->mode,
	    &df, cause)) != 0)
		return (rc);
	j->opened = 1;
	return (dfs->ops->close(df, cause));
}

static void
seg_runner_init(struct seg_runner *r, struct seg_job *j)
{
	const struct xfer_opts *o = j->ctx->opts;
	size_t i;

	memset(r, 0, sizeof *r);
	r->j = j;
	r->bufsize = o->bufsize;
	if (o->rate_limit != 0 && r->bufsize > o->rate_limit / 10 + 4096)
		r->bufsize = o->rate_limit / 10 + 4096;
	r->n = j->rec->nsegs;
	r->part = xcalloc(r->n, sizeof *r->part);
	for (i = 0; i < r->n; i++) {
		r->part[i].start = j->rec->seg[i].start;
		r->part[i].end = j->rec->seg[i].end;
		r->part[i].done = j->rec->seg[i].confirmed;
		r->part[i].tail = xmalloc(SEG_WINDOW);
		/* fresh: digests from the start (resumed: from the
		 * read-back, seg_read_chunks) */
		if (!j->resume)
			chunks_start_as(&r->part[i].ch, j->rec->chunk_size,
			    j->rec->chunk_hash);
		r->part[i].state = r->part[i].done == r->part[i].end ?
		    SEG_DONE : SEG_WAIT;
	}
	pthread_mutex_init(&r->hook_lock, NULL);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	atomic_init(&r->stop, 0);
}

static void
seg_runner_free(struct seg_runner *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->part[i].tail);
		chunks_stop(&r->part[i].ch);
	}
	free(r->part);
	free(r->hand);
	free(r->cause);
	pthread_mutex_destroy(&r->hook_lock);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
}

/* Start a hand for each segment left (one without the session hook). */
static void
seg_start(struct seg_runner *r)
{
	const struct xfer_hooks *hk = r->j->ctx->hooks;
	size_t i, left = 0;

	for (i = 0; i < r->n; i++)
		left += r->part[i].state == SEG_WAIT;
	if (hk == NULL || hk->session == NULL || hk->release == NULL)
		left = left > 0;
	r->hand = xcalloc(left > 0 ? left : 1, sizeof *r->hand);
	r->t_start = r->t_rate = r->t_progress = r->t_record = seg_now();
	for (i = 0; i < left; i++) {
		r->hand[i].r = r;
		r->hand[i].borrowed = i > 0;
		r->hand[i].sfs = i == 0 ? r->j->ctx->sfs : NULL;
		pthread_mutex_lock(&r->lock);
		r->running++;
		pthread_mutex_unlock(&r->lock);
		if (pthread_create(&r->hand[i].thread, NULL, seg_hand_run,
		    &r->hand[i]) != 0) {
			pthread_mutex_lock(&r->lock);
			r->running--;
			pthread_mutex_unlock(&r->lock);
			break;
		}
		r->hand[i].started = 1;
		r->nhands++;
	}
}

/* The caller's thread while the hands copy: cancel, progress, record. */
static void
seg_watch(struct seg_runner *r)
{
	struct timespec ts;

	pthread_mutex_lock(&r->lock);
	while (r->running > 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += SEG_TICK_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&r->cond, &r->lock, &ts);
		pthread_mutex_unlock(&r->lock);
		if (!atomic_load(&r->stop) && seg_cancelled(r))
			atomic_store(&r->stop, 1);
		seg_progress(r, 0);
		if (seg_now() - r->t_record >= SEG_RECORD_NS)
			seg_checkpoint(r);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
}

static int
seg_all_done(const struct seg_runner *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->part[i].done != r->part[i].end)
			return (0);
	return (1);
}

static void
seg_say_start(struct seg_runner *r)
{
	struct seg_job *j = r->j;
	char at[32];

	if (!j->resume) {
		seg_noticef(r, 1, P_("%s: in %zu segment", "%s: in %zu segments",
		    r->n), j->ddisp, r->n);
		return;
	}
	j->ctx->result->resumed++;
	fmt_bytes(j->start, at, sizeof at);
	if (j->rec->chunk_size != 0 && j->verify)
		seg_noticef(r, 1, P_("%s: resuming %zu segment with %s bytes "
		    "confirmed (checked: every byte of it against the chunk "
		    "digests of its resume record; the window before each "
		    "segment's confirmed end and the head of the file against "
		    "the source)", "%s: resuming %zu segments with %s bytes "
		    "confirmed (checked: every byte of them against the chunk "
		    "digests of its resume record; the window before each "
		    "segment's confirmed end and the head of the file against "
		    "the source)", r->n), j->ddisp, r->n, at);
	else if (j->rec->chunk_size != 0)
		seg_noticef(r, 1, P_("%s: resuming %zu segment with %s bytes "
		    "confirmed (checked: every byte of it against the chunk "
		    "digests of its resume record only)", "%s: resuming %zu "
		    "segments with %s bytes confirmed (checked: every byte of "
		    "them against the chunk digests of its resume record "
		    "only)", r->n), j->ddisp, r->n, at);
	else if (j->verify)
		seg_noticef(r, 1, P_("%s: resuming %zu segment with %s bytes "
		    "confirmed (checked: the window before each segment's "
		    "confirmed end against its resume record and the source, "
		    "and the head of the file)", "%s: resuming %zu segments "
		    "with %s bytes confirmed (checked: the window before each "
		    "segment's confirmed end against its resume record and the "
		    "source, and the head of the file)", r->n), j->ddisp, r->n,
		    at);
	else
		seg_noticef(r, 1, P_("%s: resuming %zu segment with %s bytes "
		    "confirmed (checked: the window before each segment's "
		    "confirmed end against its resume record only)", "%s: "
		    "resuming %zu segments with %s bytes confirmed (checked: "
		    "the window before each segment's confirmed end against its "
		    "resume record only)", r->n), j->ddisp, r->n, at);
}

int
seg_run(struct seg_job *j, char **cause)
{
	struct seg_runner r;
	struct xfer_ctx *c = j->ctx;
	size_t i;
	int rc;

	j->check = (struct xfer_check){ .kind = XM_NONE };
	if (!j->resume && (rc = seg_fresh(j, cause)) != 0)
		return (rc);
	seg_runner_init(&r, j);
	j->start = j->done = seg_present(&r);
	if (j->resume && (rc = seg_check(&r, cause)) != 0)
		goto out;
	free(j->rec->source);
	free(j->rec->target);
	j->rec->source = xfer_location(c->sfs, j->spath);
	j->rec->target = xfer_location(c->dfs, j->dpath);
	j->rec->src_size = j->sst->size;
	j->rec->src_mtime = j->sst->mtime;
	j->opened = 1;
	if ((rc = c->dfs->ops->open_read(c->dfs, j->dpath, 0, &r.syncf,
	    cause)) != 0)
		goto out;
	seg_say_start(&r);
	seg_checkpoint(&r);
	seg_start(&r);
	seg_watch(&r);
	for (i = 0; i < r.nhands; i++)
		pthread_join(r.hand[i].thread, NULL);
	c->result->bytes += r.moved;
	seg_progress(&r, 1);
	if (seg_all_done(&r)) {
		rc = c->dfs->ops->sync != NULL ?
		    c->dfs->ops->sync(r.syncf, cause) : 0;
		goto out;
	}
	seg_checkpoint(&r);
	rc = r.rc != 0 ? r.rc : FERR_CANCELLED;
	if (r.cause != NULL) {
		free(*cause);
		*cause = r.cause;
		r.cause = NULL;
	} else
		ferr_set(cause, rc, r.rc != 0 ? _("%s: every connection "
		    "failed") : _("%s: stopped"), j->ddisp);
out:
	if (r.syncf != NULL)
		c->dfs->ops->abort(r.syncf);
	seg_runner_free(&r);
	return (rc);
}
