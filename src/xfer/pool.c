/* ferry: a tree copied by several threads at once.
 *
 * The caller's thread walks the tree (xfer_tree: it makes the target
 * directories and lists the source ones) over the sessions xfer_run was
 * given, and queues the files it finds; parallel - 1 threads ("hands"),
 * each over its own pair of sessions from hooks->session, copy them as
 * they come, so that listing and copying overlap.  When the walk is done
 * the caller's thread copies too.  Every file is an ordinary xfer_file:
 * the decision, the overlap check, the resume record and the retries are
 * those of a sequential copy.
 *
 * The caller's hooks are wrapped: progress, notice and cancelled are
 * called by one thread at a time and ask by one at a time; a cancel, or a
 * "cancel" answer, stops every thread; an "apply to all" answer holds for
 * every thread from then on.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/xfer_int.h"

/* Files waiting for a hand before the walker copies one itself. */
#define POOL_QUEUE_MAX	256

struct pool_item {
	char			*spath;
	char			*dpath;
	struct vfs_stat		 st;
	int			 fresh;		/* xfer_file_fresh */
	struct pool_item	*next;
};

/* One copying thread and its own context (sessions, result). */
struct pool_hand {
	struct xfer_pool	*p;
	pthread_t		 thread;
	int			 started;
	struct xfer_ctx		 ctx;
	struct xfer_result	 result;
};

struct xfer_pool {
	const struct xfer_hooks	*outer;		/* the caller's */
	struct xfer_hooks	 hooks;		/* the wrappers (arg: this) */
	pthread_mutex_t		 hook_lock;	/* progress, notice, cancelled */
	pthread_mutex_t		 ask_lock;	/* one question; sticky */
	enum xfer_policy	 sticky;	/* "apply to all" (ask_lock) */
	enum xfer_policy	 sticky_mismatch; /* the same for partials
						   whose check failed */
	atomic_int		 stop;
	atomic_int		 files_done;
	atomic_int		 told_no_settime;

	/* Under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* queued, walk ended, stop */
	struct pool_item	*head;
	struct pool_item	**tail;
	size_t			 queued;
	int			 walking;
	int			 alive;		/* hands that take work */
	int			 first;		/* first error of a file */

	struct pool_hand	*hands;
	size_t			 nhands;
	char			*beneath;	/* the walker's target's */

	/* Directories made by the walk, deepest first, whose times are
	 * given once every file in them is written (the walker's only). */
	struct pool_item	*dirs;
};

/* ---------------------------------------------------------------- hooks */

static void
pool_on_progress(void *arg, const struct xfer_progress *prog)
{
	struct xfer_pool *p = arg;
	struct xfer_progress copy = *prog;

	if (p->outer->progress == NULL)
		return;
	copy.files_done = atomic_load(&p->files_done);
	pthread_mutex_lock(&p->hook_lock);
	p->outer->progress(p->outer->arg, &copy);
	pthread_mutex_unlock(&p->hook_lock);
}

static void
pool_on_notice(void *arg, int info, const char *text)
{
	struct xfer_pool *p = arg;

	if (p->outer->notice == NULL)
		return;
	pthread_mutex_lock(&p->hook_lock);
	p->outer->notice(p->outer->arg, info, text);
	pthread_mutex_unlock(&p->hook_lock);
}

static void
pool_stop(struct xfer_pool *p)
{
	atomic_store(&p->stop, 1);
	pthread_mutex_lock(&p->lock);
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

static int
pool_on_cancelled(void *arg)
{
	struct xfer_pool *p = arg;
	int stop;

	if (atomic_load(&p->stop))
		return (1);
	if (p->outer->cancelled == NULL)
		return (0);
	pthread_mutex_lock(&p->hook_lock);
	stop = p->outer->cancelled(p->outer->arg);
	pthread_mutex_unlock(&p->hook_lock);
	if (stop)
		pool_stop(p);
	return (stop);
}

/* Sessions for the segments of a download: the caller's hook, which may
 * be called from several threads at once. */
static int
pool_on_session(void *arg, int side, struct vfs **fs, char **cause)
{
	struct xfer_pool *p = arg;

	return (p->outer->session(p->outer->arg, side, fs, cause));
}

static void
pool_on_release(void *arg, struct vfs *fs, int keep)
{
	struct xfer_pool *p = arg;

	p->outer->release(p->outer->arg, fs, keep);
}

/*
 * One question at a time.  An "apply to all" answer given while another
 * thread was already deciding its file answers that thread's question
 * too, where it is one of the choices offered (else the question is
 * asked).
 */
static enum xfer_policy
pool_on_ask(void *arg, const struct xfer_question *q, int *all, char **name)
{
	struct xfer_pool *p = arg;
	enum xfer_policy answer, *sticky;

	pthread_mutex_lock(&p->ask_lock);
	/* A partial whose check failed is a question of its own kind. */
	sticky = q->facts.check.kind != XM_NONE ? &p->sticky_mismatch :
	    &p->sticky;
	if (atomic_load(&p->stop))
		answer = XFER_CANCEL;
	else if (*sticky != XFER_ASK &&
	    (q->plan.choices & XFER_CHOICE(*sticky))) {
		answer = *sticky;
		*all = 1;
	} else {
		answer = p->outer->ask(p->outer->arg, q, all, name);
		if (answer == XFER_ASK || answer >= XFER_POLICY_COUNT ||
		    !(q->plan.choices & XFER_CHOICE(answer)))
			answer = XFER_CANCEL;
		if (*all && answer != XFER_CANCEL)
			*sticky = answer;
	}
	/* stopped before the next thread can ask: a cancel is asked once
	 * (p->lock is never held while ask_lock is taken) */
	if (answer == XFER_CANCEL)
		pool_stop(p);
	pthread_mutex_unlock(&p->ask_lock);
	return (answer);
}

/* ---------------------------------------------------------------- work */

static void
pool_item_free(struct pool_item *it)
{
	free(it->spath);
	free(it->dpath);
	free(it);
}

/* The next file to copy; NULL once the walk is done and nothing waits,
 * or on a stop. */
static struct pool_item *
pool_take(struct xfer_pool *p)
{
	struct pool_item *it = NULL;

	pthread_mutex_lock(&p->lock);
	while (p->head == NULL && p->walking && !atomic_load(&p->stop))
		pthread_cond_wait(&p->cond, &p->lock);
	if (p->head != NULL && !atomic_load(&p->stop)) {
		it = p->head;
		if ((p->head = it->next) == NULL)
			p->tail = &p->head;
		p->queued--;
	}
	pthread_mutex_unlock(&p->lock);
	return (it);
}

/* Copy one file in the context of a thread; "apply to all" answers of
 * the other threads hold. */
static int
pool_copy(struct xfer_pool *p, struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *st, const char *dpath, int fresh, char **cause)
{
	int before = c->result->files, rc;

	pthread_mutex_lock(&p->ask_lock);
	c->sticky = p->sticky;
	c->sticky_mismatch = p->sticky_mismatch;
	pthread_mutex_unlock(&p->ask_lock);
	rc = fresh ? xfer_file_fresh(c, spath, st, dpath, cause) :
	    xfer_file(c, spath, st, dpath, cause);
	atomic_fetch_add(&p->files_done, c->result->files - before);
	if (rc == FERR_CANCELLED)
		pool_stop(p);
	return (rc);
}

/* Copy queued files until there are none (as xfer_tree's loop does: a
 * failure is told and the rest goes on). */
static void
pool_work(struct xfer_pool *p, struct xfer_ctx *c)
{
	struct pool_item *it;
	char *why = NULL;
	int rc;

	while ((it = pool_take(p)) != NULL) {
		rc = pool_copy(p, c, it->spath, &it->st, it->dpath, it->fresh,
		    &why);
		/* The name came from the server (see tree.c). */
		if (rc == FERR_USAGE)
			rc = FERR_IO;
		if (rc != 0 && rc != FERR_CANCELLED)
			xfer_notice(c, 0, why);
		pthread_mutex_lock(&p->lock);
		if (rc != 0 && (p->first == 0 || rc == FERR_CANCELLED))
			p->first = rc;
		pthread_mutex_unlock(&p->lock);
		free(why);
		why = NULL;
		pool_item_free(it);
	}
}

int
xfer_pool_add(struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *sst, const char *dpath, int fresh, char **cause)
{
	struct xfer_pool *p = c->pool;
	struct pool_item *it;

	if (atomic_load(&p->stop))
		return (ferr_set(cause, FERR_CANCELLED, "%s", _("stopped")));
	pthread_mutex_lock(&p->lock);
	if (p->alive > 0 && p->queued < POOL_QUEUE_MAX) {
		it = xcalloc(1, sizeof *it);
		it->spath = xstrdup(spath);
		it->dpath = xstrdup(dpath);
		it->st = *sst;
		it->fresh = fresh;
		*p->tail = it;
		p->tail = &it->next;
		p->queued++;
		pthread_cond_signal(&p->cond);
		pthread_mutex_unlock(&p->lock);
		return (0);
	}
	pthread_mutex_unlock(&p->lock);
	return (pool_copy(p, c, spath, sst, dpath, fresh, cause));
}

/* ---------------------------------------------------------------- hands */

static int
pool_hand_connect(struct pool_hand *h, char **cause)
{
	const struct xfer_hooks *o = h->p->outer;
	int rc;

	rc = o->session(o->arg, XFER_SOURCE, &h->ctx.sfs, cause);
	if (rc == 0)
		rc = o->session(o->arg, XFER_TARGET, &h->ctx.dfs, cause);
	/* no link followed below the tree's directory, as by the walker */
	if (rc == 0)
		vfs_set_beneath(h->ctx.dfs, h->p->beneath);
	return (rc);
}

static void
pool_hand_release(struct pool_hand *h)
{
	const struct xfer_hooks *o = h->p->outer;
	int keep = !atomic_load(&h->p->stop);

	if (h->ctx.sfs != NULL)
		o->release(o->arg, h->ctx.sfs, keep);
	if (h->ctx.dfs != NULL) {
		vfs_set_beneath(h->ctx.dfs, NULL);
		o->release(o->arg, h->ctx.dfs, keep);
	}
	h->ctx.sfs = h->ctx.dfs = NULL;
}

/* A hand that could not connect leaves its share to the others: the
 * server may allow fewer connections than asked for. */
static void *
pool_hand_run(void *arg)
{
	struct pool_hand *h = arg;
	struct xfer_pool *p = h->p;
	char *why = NULL;

	if (pool_hand_connect(h, &why) == 0)
		pool_work(p, &h->ctx);
	else if (!atomic_load(&p->stop)) {
		char *text = xasprintf(_("%s; copying over fewer connections"),
		    why != NULL ? why : "");

		xfer_notice(&h->ctx, 1, text);
		free(text);
	}
	free(why);
	pool_hand_release(h);
	pthread_mutex_lock(&p->lock);
	p->alive--;
	pthread_mutex_unlock(&p->lock);
	return (NULL);
}

static void
pool_start(struct xfer_pool *p, const struct xfer_ctx *c, size_t n)
{
	struct pool_hand *h;
	size_t i;

	p->hands = xcalloc(n, sizeof *p->hands);
	p->nhands = n;
	for (i = 0; i < n; i++) {
		h = &p->hands[i];
		h->p = p;
		h->ctx = (struct xfer_ctx){
			.opts = c->opts, .hooks = &p->hooks,
			.result = &h->result, .sticky = XFER_ASK,
			.sticky_mismatch = XFER_ASK, .pool = p,
			.records_any = c->records_any,
		};
		pthread_mutex_lock(&p->lock);
		p->alive++;
		pthread_mutex_unlock(&p->lock);
		if (pthread_create(&h->thread, NULL, pool_hand_run, h) == 0)
			h->started = 1;
		else {
			pthread_mutex_lock(&p->lock);
			p->alive--;
			pthread_mutex_unlock(&p->lock);
		}
	}
}

/* Wait for the hands and add up what they did. */
static void
pool_finish(struct xfer_pool *p, struct xfer_ctx *c)
{
	struct xfer_result *r = c->result, *hr;
	size_t i;

	for (i = 0; i < p->nhands; i++) {
		if (!p->hands[i].started)
			continue;
		pthread_join(p->hands[i].thread, NULL);
		hr = &p->hands[i].result;
		r->files += hr->files;
		r->skipped += hr->skipped;
		r->failed += hr->failed;
		r->resumed += hr->resumed;
		r->bytes += hr->bytes;
	}
	c->files_done = atomic_load(&p->files_done);
}

static struct xfer_pool *
pool_new(const struct xfer_ctx *c)
{
	struct xfer_pool *p = xcalloc(1, sizeof *p);

	p->outer = c->hooks;
	p->hooks = (struct xfer_hooks){
		.arg = p,
		.progress = pool_on_progress,
		.notice = pool_on_notice,
		.cancelled = pool_on_cancelled,
		.ask = c->hooks->ask != NULL ? pool_on_ask : NULL,
		/* the segments of a file a thread downloads (segment.h) */
		.session = c->hooks->session != NULL ? pool_on_session : NULL,
		.release = c->hooks->release != NULL ? pool_on_release : NULL,
	};
	pthread_mutex_init(&p->hook_lock, NULL);
	pthread_mutex_init(&p->ask_lock, NULL);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->sticky = c->sticky;
	p->sticky_mismatch = c->sticky_mismatch;
	if (c->dfs->beneath != NULL)
		p->beneath = xstrdup(c->dfs->beneath);
	atomic_init(&p->stop, 0);
	atomic_init(&p->files_done, c->files_done);
	atomic_init(&p->told_no_settime, 0);
	p->tail = &p->head;
	p->walking = 1;
	return (p);
}

static void
pool_free(struct xfer_pool *p)
{
	struct pool_item *it;

	while ((it = p->head) != NULL) {
		p->head = it->next;
		pool_item_free(it);
	}
	while ((it = p->dirs) != NULL) {
		p->dirs = it->next;
		pool_item_free(it);
	}
	pthread_mutex_destroy(&p->hook_lock);
	pthread_mutex_destroy(&p->ask_lock);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->hands);
	free(p->beneath);
	free(p);
}

/*
 * Files of a tree at once when --parallel does not say.  The lanes hide
 * round trips: a small file costs a few, and a lane waits through them
 * while the others work.  A server on this very host (its address is a
 * loopback one) has no round trips worth hiding, and its sessions run on
 * the cores ferry runs on: there more lanes than cores only take turns.
 * Measured on the benchmark's 2 cores (10,000 files of 4 KiB, proftpd and
 * sshd on loopback, medians of 3): 2 lanes were as fast as 4 or faster on
 * every row, and an FTP upload took 5.25 s with 2 lanes, 5.76 s with 4
 * (the servers used three quarters of the CPU time).  So one lane a core
 * there (at least 2, at most XFER_PARALLEL_DEFAULT), and the default
 * elsewhere.  ncpu < 1: unknown.
 */
int
xfer_lanes_default(int loopback, long ncpu)
{
	if (!loopback || ncpu < 1)
		return (XFER_PARALLEL_DEFAULT);
	if (ncpu < 2)
		return (2);
	return (ncpu < XFER_PARALLEL_DEFAULT ? (int)ncpu :
	    XFER_PARALLEL_DEFAULT);
}

/* Every remote end of the copy is a server on this host. */
static int
pool_loopback(const struct xfer_ctx *c)
{
	int remote = 0;

	if (!vfs_is_local(c->sfs)) {
		if (!c->sfs->loopback)
			return (0);
		remote = 1;
	}
	if (!vfs_is_local(c->dfs)) {
		if (!c->dfs->loopback)
			return (0);
		remote = 1;
	}
	return (remote);
}

/* Files at once; *near: the default for a server on this host gave it. */
static int
pool_size(const struct xfer_ctx *c, int *near)
{
	int n = c->opts->parallel;

	*near = 0;
	if (n <= 0) {
		*near = pool_loopback(c);
		n = xfer_lanes_default(*near, sysconf(_SC_NPROCESSORS_ONLN));
	}
	return (n < XFER_PARALLEL_MAX ? n : XFER_PARALLEL_MAX);
}

int
xfer_pool_wanted(const struct xfer_ctx *c)
{
	const struct xfer_hooks *h = c->hooks;
	int near;

	return (pool_size(c, &near) > 1 && h != NULL && h->session != NULL &&
	    h->release != NULL);
}


int
xfer_pool_told_no_settime(struct xfer_ctx *c)
{
	return (atomic_exchange(&c->pool->told_no_settime, 1));
}

/* A directory the walk has made and filled: its time is given after the
 * hands have written its files (tree.c), else they would change it. */
void
xfer_pool_dir_done(struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *sst, const char *dpath)
{
	struct pool_item *it = xcalloc(1, sizeof *it);

	it->spath = xstrdup(spath);
	it->dpath = xstrdup(dpath);
	it->st = *sst;
	/* Appended in the walk's order (a directory after those below
	 * it), kept as a stack and reversed when given. */
	it->next = c->pool->dirs;
	c->pool->dirs = it;
}

static void
pool_keep_dir_times(struct xfer_pool *p, struct xfer_ctx *c)
{
	struct pool_item *rev = NULL, *it;

	while ((it = p->dirs) != NULL) {
		p->dirs = it->next;
		it->next = rev;
		rev = it;
	}
	while ((it = rev) != NULL) {
		rev = it->next;
		xfer_keep_time(c, it->spath, &it->st, it->dpath, NULL);
		pool_item_free(it);
	}
}

/* As xfer_tree: the first error (a stop first of all), told already. */
int
xfer_pool_tree(struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *sst, const char *dpath, char **cause)
{
	struct xfer_pool *p = pool_new(c);
	int rc, near, n = pool_size(c, &near);
	char *note;

	note = xasprintf(near ?
	    _("copying %d files at once (the server is on this host: one "
	    "a core)") : _("copying %d files at once"), n);
	xfer_notice(c, 1, note);
	free(note);
	c->pool = p;
	c->hooks = &p->hooks;
	pool_start(p, c, (size_t)n - 1);
	rc = xfer_tree(c, spath, sst, dpath, 0, cause);
	pthread_mutex_lock(&p->lock);
	p->walking = 0;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pool_work(p, c);
	pool_finish(p, c);
	if (rc != FERR_CANCELLED && p->first != 0 &&
	    (rc == 0 || p->first == FERR_CANCELLED))
		rc = p->first;
	if (rc == 0 && atomic_load(&p->stop))
		rc = FERR_CANCELLED;
	c->hooks = p->outer;
	if (rc != FERR_CANCELLED)
		pool_keep_dir_times(p, c);
	c->sticky = p->sticky;
	c->sticky_mismatch = p->sticky_mismatch;
	c->pool = NULL;
	pool_free(p);
	return (rc);
}
