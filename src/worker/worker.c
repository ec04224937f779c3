/* ferry: the worker: lanes, the session cache, questions (see worker.h
 * and src/INTERNALS.md). */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/mono.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/fileops.h"
#include "worker/wakeup.h"
#include "worker/worker.h"

/* Connected sessions kept for the next command, all lanes together. */
#define WORKER_SESSIONS		12
/* How often idle sessions are kept alive (FTP NOOP). */
#define WORKER_KEEPALIVE_MS	30000
/* A listing under way shows what it has (the pane's first screen) once it
 * has WORKER_LIST_SCREEN entries (more than a screen's rows) or has taken
 * WORKER_LIST_FIRST_MS, then says how many entries it has every
 * WORKER_LIST_COUNT_MS. */
#define WORKER_LIST_SCREEN	256
#define WORKER_LIST_FIRST_MS	200
#define WORKER_LIST_COUNT_MS	500
/* Jobs cancelled before a lane took them (a short memory is enough: a
 * lane takes a job within moments of its leaving the queue). */
#define WORKER_CANCELLED	64
/* How long a wait on the shared lock's condition lasts before the
 * waiter looks at its lane's cancel flag again. */
#define WORKER_POLL_MS		100

enum worker_lane_kind {
	WORKER_LANE_BROWSE,
	WORKER_LANE_TRANSFER,
};

struct worker_session {
	struct vfs	*fs;		/* NULL: free slot */
	char		*key;		/* scheme://user@host:port */
	int		 busy;		/* lent to a lane */
	uint64_t	 used;		/* for eviction: a counter */
};

/* A secret the user typed, or a trust answer "this time". */
struct worker_secret {
	char			*realm;
	char			*text;		/* NULL for a trust answer */
	struct worker_secret	*next;
};

struct worker;

/* One thread and what it runs.  job, cancel and cancel_wake are shared
 * with the front end's thread (worker_cancel_job); the rest is the
 * lane's own. */
struct worker_lane {
	struct worker		*w;
	pthread_t		 thread;
	int			 started;
	enum worker_lane_kind	 kind;
	struct msg_queue	*q;		/* where its commands wait */
	atomic_uint_fast64_t	 job;		/* under way, 0: idle */
	atomic_int		 cancel;	/* stop the job under way */
	struct wakeup		 cancel_wake;	/* readable: cancel (for the
						   backends' waits) */
	struct vfs_env		 env;		/* the worker's, with this
						   lane's cancel fd and arg */
	char			*realms[4];	/* secrets used by the
						   connect under way */
	int			 keepalive;	/* keeps the cache alive */
};

struct worker {
	struct msg_queue	 browse;	/* front end -> browse lanes */
	struct msg_queue	 transfer;	/* front end -> transfer lanes */
	struct msg_queue	 evs;		/* lanes -> front end */
	struct wakeup		 wake;		/* readable: evs not empty */
	atomic_uint_fast64_t	 next_id;
	atomic_int		 quitting;
	atomic_int		 woken;		/* wake signalled for events
						   not read yet (worker_emit) */
	struct vfs_env		 env;		/* every session's options */

	/* Everything below is under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* an answer came, a question
						   ended, a cancel */
	struct worker_session	 sessions[WORKER_SESSIONS];
	uint64_t		 uses;
	struct worker_secret	*secrets;
	int			 asking;	/* a question is open */
	uint64_t		 question;	/* its id */
	struct msg_cmd		*answer;	/* its answer, once here */
	uint64_t		 cancelled[WORKER_CANCELLED];
	size_t			 ncancelled;

	size_t			 nlanes;
	struct worker_lane	*lanes;
};

/* One wakeup for a run of events: set by the first event after the
 * reader found the queue empty (worker_next clears it then). */
static void
worker_emit(struct worker *w, struct msg_ev *ev)
{
	msg_queue_push_ev(&w->evs, ev);
	if (atomic_exchange(&w->woken, 1) == 0)
		wakeup_signal(&w->wake);
}

static int
worker_lane_cancelled(struct worker_lane *l)
{
	return (atomic_load(&l->cancel) || atomic_load(&l->w->quitting));
}

/* Wait on the shared condition for a moment (w->lock held). */
static void
worker_wait(struct worker *w)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += WORKER_POLL_MS * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&w->cond, &w->lock, &until);
}

/* ---------------------------------------------------------------- hooks */

/* The job's hooks for the engine: progress and notices tagged with it;
 * more sessions for the locations of a copy. */
struct worker_job {
	struct worker_lane	*lane;
	uint64_t		 id;
	const char		*src;
	const char		*dst;
};

static void
worker_hook_progress(void *arg, const struct xfer_progress *p)
{
	struct worker_job *j = arg;
	struct msg_ev *ev = msg_ev_new(ME_PROGRESS, j->id);

	ev->progress = *p;
	ev->progress.source = xstrdup(p->source);
	ev->progress.target = xstrdup(p->target);
	worker_emit(j->lane->w, ev);
}

static void
worker_hook_notice(void *arg, int info, const char *text)
{
	struct worker_job *j = arg;
	struct msg_ev *ev = msg_ev_new(ME_NOTICE, j->id);

	ev->info = info;
	ev->text = xstrdup(text != NULL ? text : "");
	worker_emit(j->lane->w, ev);
}

static int
worker_hook_cancelled(void *arg)
{
	struct worker_job *j = arg;

	return (worker_lane_cancelled(j->lane));
}

/*
 * Send a question and wait for its answer: the MC_ANSWER with its id, or
 * NULL when the lane's job was cancelled.  One question is open at a time
 * for the whole worker: a lane that has one to ask waits for the one
 * before to be answered (a second password question for the same server
 * then finds the first answer in the cache).
 */
static struct msg_cmd *
worker_ask(struct worker_lane *l, struct msg_ev *ev)
{
	struct worker *w = l->w;
	struct msg_cmd *m = NULL;

	pthread_mutex_lock(&w->lock);
	while (w->asking && !worker_lane_cancelled(l))
		worker_wait(w);
	if (worker_lane_cancelled(l)) {
		pthread_mutex_unlock(&w->lock);
		msg_ev_free(ev);
		return (NULL);
	}
	w->asking = 1;
	w->question = ev->id = atomic_fetch_add(&w->next_id, 1);
	pthread_mutex_unlock(&w->lock);

	worker_emit(w, ev);

	pthread_mutex_lock(&w->lock);
	while (w->answer == NULL && !worker_lane_cancelled(l))
		worker_wait(w);
	m = w->answer;
	w->answer = NULL;
	w->asking = 0;
	w->question = 0;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return (m);
}

static enum xfer_policy
worker_hook_ask(void *arg, const struct xfer_question *q, int *all,
    char **name)
{
	struct worker_job *j = arg;
	struct msg_ev *ev;
	struct msg_cmd *m;
	enum xfer_policy answer;

	*name = NULL;
	ev = msg_ev_new(ME_QUESTION, j->id);
	ev->q.kind = MQ_EXISTS;
	ev->q.source = xstrdup(q->source);
	ev->q.target = xstrdup(q->target);
	ev->q.facts = q->facts;
	ev->q.plan = q->plan;
	ev->q.record = q->record;
	if (q->suggest != NULL)
		ev->q.suggest = xstrdup(q->suggest);
	if ((m = worker_ask(j->lane, ev)) == NULL)
		return (XFER_CANCEL);
	answer = m->answer;
	*all = m->all;
	if (answer == XFER_RENAME && m->text != NULL) {
		*name = m->text;	/* a name, not a secret */
		m->text = NULL;
	}
	msg_cmd_free(m);
	return (answer);
}

/* ---------------------------------------------------------------- secrets */

static struct worker_secret *
worker_secret_find(struct worker *w, const char *realm, int trust)
{
	struct worker_secret *s;

	for (s = w->secrets; s != NULL; s = s->next)
		if (strcmp(s->realm, realm) == 0 && (s->text == NULL) == trust)
			return (s);
	return (NULL);
}

static void
worker_secret_add(struct worker *w, const char *realm, const char *text)
{
	struct worker_secret *s = xcalloc(1, sizeof *s);

	s->realm = xstrdup(realm);
	s->text = text != NULL ? xstrdup(text) : NULL;
	s->next = w->secrets;
	w->secrets = s;
}

static void
worker_secret_free(struct worker_secret *s)
{
	if (s->text != NULL) {
		explicit_bzero(s->text, strlen(s->text));
		free(s->text);
	}
	free(s->realm);
	free(s);
}

/* Forget a secret (it did not open what it was for). */
static void
worker_secret_forget(struct worker *w, const char *realm)
{
	struct worker_secret **sp, *s;

	for (sp = &w->secrets; (s = *sp) != NULL; ) {
		if (s->text != NULL && strcmp(s->realm, realm) == 0) {
			*sp = s->next;
			worker_secret_free(s);
		} else
			sp = &s->next;
	}
}

/* The lane's connect used the secret of realm: if it fails, that secret
 * is forgotten (a wrong password is asked again, not reused). */
static void
worker_lane_note_realm(struct worker_lane *l, const char *realm)
{
	size_t i;

	/* Under the lock: the threads of a parallel copy connect at once. */
	pthread_mutex_lock(&l->w->lock);
	for (i = 0; i < sizeof l->realms / sizeof l->realms[0]; i++) {
		if (l->realms[i] == NULL) {
			l->realms[i] = xstrdup(realm);
			break;
		}
	}
	pthread_mutex_unlock(&l->w->lock);
}

static void
worker_lane_end_connect(struct worker_lane *l, int failed)
{
	size_t i;

	pthread_mutex_lock(&l->w->lock);
	for (i = 0; i < sizeof l->realms / sizeof l->realms[0]; i++) {
		if (l->realms[i] == NULL)
			continue;
		if (failed)
			worker_secret_forget(l->w, l->realms[i]);
		free(l->realms[i]);
		l->realms[i] = NULL;
	}
	pthread_mutex_unlock(&l->w->lock);
}

/* The sessions' hooks (struct vfs_env): questions and log lines for the
 * front end, tagged with the lane's job. */
static int
worker_env_secret(void *arg, const char *realm, const char *prompt,
    int echo, char **answer)
{
	struct worker_lane *l = arg;
	struct worker *w = l->w;
	struct worker_secret *s;
	struct msg_ev *ev;
	struct msg_cmd *m;

	*answer = NULL;
	if (realm != NULL) {
		pthread_mutex_lock(&w->lock);
		/* Another lane may be asking the same thing right now. */
		while (w->asking && !worker_lane_cancelled(l))
			worker_wait(w);
		if ((s = worker_secret_find(w, realm, 0)) != NULL)
			*answer = xstrdup(s->text);
		pthread_mutex_unlock(&w->lock);
		if (*answer != NULL) {
			worker_lane_note_realm(l, realm);
			return (0);
		}
	}
	ev = msg_ev_new(ME_QUESTION, atomic_load(&l->job));
	ev->q.kind = MQ_SECRET;
	ev->q.prompt = xstrdup(prompt);
	ev->q.echo = echo;
	if ((m = worker_ask(l, ev)) == NULL)
		return (FERR_CANCELLED);
	if (m->text == NULL) {
		msg_cmd_free(m);
		return (FERR_CANCELLED);
	}
	if (realm != NULL) {
		pthread_mutex_lock(&w->lock);
		worker_secret_forget(w, realm);
		worker_secret_add(w, realm, m->text);
		pthread_mutex_unlock(&w->lock);
		worker_lane_note_realm(l, realm);
	}
	*answer = m->text;
	m->text = NULL;
	msg_cmd_free(m);
	return (0);
}

static enum vfs_trust
worker_env_trust(void *arg, const char *question, const char *details)
{
	struct worker_lane *l = arg;
	struct worker *w = l->w;
	struct msg_ev *ev;
	struct msg_cmd *m;
	enum vfs_trust answer;
	char *realm;
	int known;

	realm = xasprintf("%s\n%s", question, details != NULL ? details : "");
	pthread_mutex_lock(&w->lock);
	while (w->asking && !worker_lane_cancelled(l))
		worker_wait(w);
	known = worker_secret_find(w, realm, 1) != NULL;
	pthread_mutex_unlock(&w->lock);
	if (known) {
		free(realm);
		return (VFS_TRUST_ONCE);
	}
	ev = msg_ev_new(ME_QUESTION, atomic_load(&l->job));
	ev->q.kind = MQ_TRUST;
	ev->q.prompt = xstrdup(question);
	ev->q.details = xstrdup(details != NULL ? details : "");
	if ((m = worker_ask(l, ev)) == NULL) {
		free(realm);
		return (VFS_TRUST_NO);
	}
	answer = m->trust;
	msg_cmd_free(m);
	if (answer == VFS_TRUST_ONCE) {
		pthread_mutex_lock(&w->lock);
		worker_secret_add(w, realm, NULL);
		pthread_mutex_unlock(&w->lock);
	}
	free(realm);
	return (answer);
}

static void
worker_env_log(void *arg, int info, const char *text)
{
	struct worker_lane *l = arg;
	struct msg_ev *ev = msg_ev_new(ME_NOTICE, atomic_load(&l->job));

	ev->info = info;
	ev->text = xstrdup(text);
	worker_emit(l->w, ev);
}

/* ---------------------------------------------------------------- sessions */

/* The cache key of a session: scheme, user, host and port (the URL
 * without path or password); NULL for local sessions, which are not
 * kept. */
static char *
worker_session_key(const struct vfs *fs)
{
	if (fs->url == NULL)
		return (NULL);
	return (url_display(fs->url, ""));
}

static void
worker_session_drop(struct worker_session *s)
{
	vfs_free(s->fs);
	free(s->key);
	memset(s, 0, sizeof *s);
}

/* Give a session back: kept for later when it is still connected and
 * keep is set (evicting the least recently used idle one), else closed,
 * so that the next command connects anew at once. */
static void
worker_session_release(struct worker *w, struct vfs *fs, int keep)
{
	struct worker_session *s, *victim = NULL;
	struct vfs *gone = NULL;
	size_t i;

	vfs_set_env(fs, &w->env);	/* the lane's cancel fd is not its */
	keep = keep && fs->connected && fs->url != NULL;
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < WORKER_SESSIONS; i++) {
		s = &w->sessions[i];
		if (s->fs != fs)
			continue;
		s->busy = 0;
		if (!keep) {
			free(s->key);
			memset(s, 0, sizeof *s);
		}
		pthread_mutex_unlock(&w->lock);
		if (!keep)
			vfs_free(fs);
		return;
	}
	for (i = 0; keep && i < WORKER_SESSIONS; i++) {
		s = &w->sessions[i];
		if (s->fs == NULL) {
			victim = s;
			break;
		}
		if (!s->busy && (victim == NULL || s->used < victim->used))
			victim = s;
	}
	if (victim == NULL) {
		pthread_mutex_unlock(&w->lock);
		vfs_free(fs);
		return;
	}
	gone = victim->fs;
	free(victim->key);
	victim->fs = fs;
	victim->key = worker_session_key(fs);
	victim->busy = 0;
	victim->used = ++w->uses;
	pthread_mutex_unlock(&w->lock);
	vfs_free(gone);		/* a logout may wait: not under the lock */
}

/* A lane gives a session back.  One whose job was cancelled is closed:
 * an interrupted exchange leaves it in no state worth trusting. */
static void
worker_session_put(struct worker_lane *l, struct vfs *fs)
{
	worker_session_release(l->w, fs, !worker_lane_cancelled(l));
}

/* An idle cached session for key, now lent to the caller, or NULL. */
static struct vfs *
worker_session_take(struct worker *w, const char *key)
{
	struct worker_session *s;
	struct vfs *fs = NULL;
	size_t i;

	pthread_mutex_lock(&w->lock);
	for (i = 0; i < WORKER_SESSIONS; i++) {
		s = &w->sessions[i];
		if (s->fs != NULL && !s->busy && s->fs->connected &&
		    strcmp(s->key, key) == 0) {
			s->busy = 1;
			s->used = ++w->uses;
			fs = s->fs;
			break;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return (fs);
}

/* A connected session for a location, from the cache when one is idle
 * there, and the path in it.  Give it back with worker_session_put. */
static int
worker_session_get(struct worker_lane *l, const char *location,
    struct vfs **fsp, char **pathp, char **cause)
{
	struct vfs *fs, *cached = NULL;
	char *key;
	int rc;

	*fsp = NULL;
	if ((rc = vfs_resolve(location, &fs, pathp, cause)) != 0)
		return (rc);
	if ((key = worker_session_key(fs)) != NULL) {
		cached = worker_session_take(l->w, key);
		free(key);
	}
	if (cached != NULL) {
		vfs_free(fs);
		fs = cached;
	}
	vfs_set_env(fs, &l->env);
	if (!fs->connected) {
		rc = vfs_connect(fs, cause);
		worker_lane_end_connect(l, rc != 0);
		if (rc != 0) {
			worker_session_put(l, fs);
			free(*pathp);
			*pathp = NULL;
			return (rc);
		}
	}
	*fsp = fs;
	return (0);
}

/* Idle: keep the cached sessions alive; drop those that died. */
static void
worker_sessions_keepalive(struct worker_lane *l)
{
	struct worker *w = l->w;
	struct worker_session *s;
	struct vfs *fs;
	size_t i;

	for (i = 0; i < WORKER_SESSIONS; i++) {
		pthread_mutex_lock(&w->lock);
		s = &w->sessions[i];
		fs = NULL;
		if (s->fs != NULL && !s->busy &&
		    s->fs->ops->keepalive != NULL) {
			s->busy = 1;
			fs = s->fs;
		}
		pthread_mutex_unlock(&w->lock);
		if (fs == NULL)
			continue;
		vfs_set_env(fs, &l->env);
		worker_session_release(w, fs,
		    fs->ops->keepalive(fs, NULL) == 0);
	}
}

static void
worker_sessions_close(struct worker *w)
{
	size_t i;

	for (i = 0; i < WORKER_SESSIONS; i++)
		if (w->sessions[i].fs != NULL)
			worker_session_drop(&w->sessions[i]);
}

/* ---------------------------------------------------------------- jobs */

/* "dir/" -> "dir", so that its base name is "dir" ("/" stays). */
static void
worker_trim_slashes(char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
}

/* Another session for a thread of a parallel tree copy (see struct
 * xfer_hooks); called by several threads at once. */
static int
worker_hook_session(void *arg, int side, struct vfs **fsp, char **cause)
{
	struct worker_job *j = arg;
	char *path = NULL;
	int rc;

	rc = worker_session_get(j->lane, side == XFER_SOURCE ? j->src :
	    j->dst, fsp, &path, cause);
	free(path);
	return (rc);
}

static void
worker_hook_release(void *arg, struct vfs *fs, int keep)
{
	struct worker_job *j = arg;

	worker_session_release(j->lane->w, fs, keep &&
	    !worker_lane_cancelled(j->lane));
}

/* A target that ends with a slash and is not there names a directory
 * that is missing: a file is not written under that name (open would
 * say "Is a directory"); a directory copied there is made. */
static int
worker_no_such_dir(struct vfs *sfs, const char *spath, struct vfs *dfs,
    const char *dpath, char **cause)
{
	struct vfs_stat st;
	size_t n = strlen(dpath);
	char *d;
	int rc;

	/* (a source that is not there is said by the copy itself) */
	if (n < 2 || dpath[n - 1] != '/' ||
	    sfs->ops->stat(sfs, spath, &st, NULL) != 0 || st.type == VFS_DIR)
		return (0);
	d = vfs_display(dfs, dpath);
	rc = ferr_set(cause, FERR_NOENT, _("%s: no such directory (to copy "
	    "the file there under that name, leave out the final /)"), d);
	free(d);
	return (rc);
}

/* Copy: a target that is a directory gets the source's name inside it. */
static int
worker_copy(struct worker_lane *l, struct msg_cmd *m, struct xfer_result *r,
    char **cause)
{
	struct worker_job job = { .lane = l, .id = m->id, .src = m->src,
	    .dst = m->dst };
	struct xfer_hooks hooks = {
		.arg = &job,
		.progress = worker_hook_progress,
		.notice = worker_hook_notice,
		.cancelled = worker_hook_cancelled,
		.ask = m->interactive ? worker_hook_ask : NULL,
		.session = worker_hook_session,
		.release = worker_hook_release,
	};
	struct vfs *sfs = NULL, *dfs = NULL;
	char *spath = NULL, *dpath = NULL, *full;
	struct vfs_stat st;
	int rc, there;

	/* Two sessions even for one server: each carries one transfer. */
	if ((rc = worker_session_get(l, m->src, &sfs, &spath, cause)) != 0 ||
	    (rc = worker_session_get(l, m->dst, &dfs, &dpath, cause)) != 0)
		goto out;
	worker_trim_slashes(spath);
	there = dfs->ops->stat(dfs, dpath, &st, NULL) == 0;
	if (there && st.type == VFS_DIR) {
		full = path_join(dpath, path_basename(spath));
		free(dpath);
		dpath = full;
	} else if (m->mode & MC_INTO) {
		full = vfs_display(dfs, dpath);
		rc = fileops_not_a_dir(full, cause);
		free(full);
		goto out;
	} else if (!there && (rc = worker_no_such_dir(sfs, spath, dfs, dpath,
	    cause)) != 0)
		goto out;
	rc = xfer_run(sfs, spath, dfs, dpath, &m->opts, &hooks, r, cause);
out:
	free(spath);
	free(dpath);
	if (sfs != NULL)
		worker_session_put(l, sfs);
	if (dfs != NULL)
		worker_session_put(l, dfs);
	return (rc);
}

/* A listing under way, for the file manager (vfs list_watch). */
struct worker_watch {
	struct worker	*w;
	uint64_t	 id;
	long		 start;		/* ms */
	long		 next;		/* ms: the next count */
	int		 sent;		/* the first entries went out */
};


/*
 * A listing with WORKER_LIST_SCREEN entries, or one that takes longer than
 * WORKER_LIST_FIRST_MS, sends the entries it has (sorted: the pane's first
 * screen), once; after that only how many there are, every
 * WORKER_LIST_COUNT_MS.  A short listing that completes sooner sends
 * nothing but its ME_LISTED.  (Called for every entry: a clock read.)
 */
static void
worker_list_watch(void *arg, const struct vfs_list *sofar)
{
	struct worker_watch *ww = arg;
	struct msg_ev *ev;
	long now;
	size_t i;

	if (sofar->n == 0)
		return;
	now = (long)mono_ms();
	if (ww->sent ? now < ww->next : sofar->n < WORKER_LIST_SCREEN &&
	    now - ww->start < WORKER_LIST_FIRST_MS)
		return;
	ev = msg_ev_new(ME_LISTING, ww->id);
	ev->listed = sofar->n;
	if (!ww->sent) {
		for (i = 0; i < sofar->n; i++)
			vfs_list_add(&ev->list, sofar->v[i].name,
			    &sofar->v[i].st);
		vfs_list_sort(&ev->list);
		ww->sent = 1;
	}
	ww->next = now + WORKER_LIST_COUNT_MS;
	worker_emit(ww->w, ev);
}

static int
worker_list_once(struct vfs *fs, const char *path, struct worker_watch *ww,
    struct vfs_list *out, char **cause)
{
	int rc;

	if (ww != NULL) {
		fs->list_watch = worker_list_watch;
		fs->list_watch_arg = ww;
	}
	rc = fs->ops->list(fs, path, out, cause);
	fs->list_watch = NULL;
	fs->list_watch_arg = NULL;
	return (rc);
}

static int
worker_list(struct worker_lane *l, struct msg_cmd *m, struct msg_ev *ev,
    char **cause)
{
	struct worker_watch ww = { .w = l->w, .id = m->id,
	    .start = (long)mono_ms() };
	struct vfs_list *out = &ev->list;
	char *abs;
	struct vfs *fs = NULL;
	char *path = NULL;
	int rc;

	if ((rc = worker_session_get(l, m->src, &fs, &path, cause)) == 0) {
		rc = worker_list_once(fs, path, m->partial ? &ww : NULL, out,
		    cause);
		/* A kept session may have timed out on the server's side. */
		if (rc == FERR_LOST && !worker_lane_cancelled(l) &&
		    vfs_reconnect(fs, NULL) == 0) {
			vfs_list_free(out);
			free(*cause);
			*cause = NULL;
			rc = worker_list_once(fs, path, m->partial ? &ww :
			    NULL, out, cause);
		}
	}
	if (rc == 0) {
		vfs_list_sort(out);
		if (m->opts.record_dir != NULL)
			xfer_mark_partials(m->opts.record_dir, fs, path, out);
		if (fs->url != NULL && fs->home != NULL) {
			abs = vfs_absolute(fs, path);
			ev->where = url_location(fs->url, abs);
			free(abs);
		}
	}
	if (rc != 0 && worker_lane_cancelled(l)) {
		free(*cause);
		*cause = NULL;
		rc = ferr_set(cause, FERR_CANCELLED, "%s", _("stopped"));
	}
	free(path);
	if (fs != NULL)
		worker_session_put(l, fs);
	return (rc);
}

static int
worker_lane_stop_fn(void *arg)
{
	return (worker_lane_cancelled(arg));
}

/* A find's matches so far, to the front end. */
struct worker_found {
	struct worker	*w;
	uint64_t	 id;
};

static void
worker_found(void *arg, struct vfs_list *batch, uint64_t dirs)
{
	struct worker_found *wf = arg;
	struct msg_ev *ev = msg_ev_new(ME_LISTING, wf->id);

	ev->list = *batch;
	memset(batch, 0, sizeof *batch);
	ev->listed = (size_t)dirs;
	worker_emit(wf->w, ev);
}

/* A file operation of the browse lanes on the session of m->src. */
static int
worker_fileop(struct worker_lane *l, struct msg_cmd *m, struct msg_ev *ev,
    char **cause)
{
	struct fileops_count c = { 0, 0, 0, 0 };
	struct fileops_find fc;
	struct vfs *fs = NULL, *dfs = NULL;
	char *path = NULL, *dpath = NULL;
	int rc;

	if ((rc = worker_session_get(l, m->src, &fs, &path, cause)) != 0)
		return (rc);
	switch (m->type) {
	case MC_MKDIR:
		rc = fs->ops->mkdir == NULL ? ferr_set(cause,
		    FERR_UNSUPPORTED, "%s", _("this server cannot make "
		    "directories")) : fs->ops->mkdir(fs, path, m->mode, cause);
		break;
	case MC_CHMOD:
		rc = fs->ops->chmod == NULL || !(fs->ops->caps &
		    VFS_CAP_CHMOD) ? ferr_set(cause, FERR_UNSUPPORTED, "%s",
		    _("this server cannot change permissions")) :
		    fs->ops->chmod(fs, path, m->mode, cause);
		break;
	case MC_COUNT:
		rc = fileops_count(fs, path, worker_lane_stop_fn, l, &c,
		    cause);
		break;
	case MC_FIND:
		rc = fileops_find(fs, path, m->text != NULL ? m->text : "",
		    worker_lane_stop_fn, l, worker_found,
		    &(struct worker_found){ l->w, m->id }, &fc, cause);
		c.files = fc.matches;
		c.dirs = fc.dirs;
		ev->truncated = fc.truncated;
		break;
	case MC_DELETE:
		rc = fileops_delete(fs, path, !(m->mode & MC_FILE_ONLY),
		    worker_lane_stop_fn, l, &c, cause);
		break;
	case MC_READ:
		rc = fileops_read(fs, path, m->offset, (size_t)m->length,
		    &ev->data, &ev->len, cause);
		break;
	case MC_RENAME:
		if (!url_same_server(m->src, m->dst)) {
			rc = ferr_set(cause, FERR_USAGE, "%s", _("a rename "
			    "stays on one server"));
			break;
		}
		if ((rc = vfs_resolve(m->dst, &dfs, &dpath, cause)) == 0)
			rc = fileops_rename(fs, path, dpath,
			    (m->mode & MC_INTO) != 0, cause);
		vfs_free(dfs);
		free(dpath);
		break;
	default:
		rc = ferr_set(cause, FERR_UNSUPPORTED, "%s",
		    _("unknown command"));
		break;
	}
	ev->files = c.files;
	ev->dirs = c.dirs;
	ev->bytes = c.bytes;
	free(path);
	worker_session_put(l, fs);
	return (rc);
}

/* Move across servers: copy, and delete the source only when every file
 * of it arrived (the engine checked what it resumed). */
static int
worker_move(struct worker_lane *l, struct msg_cmd *m, struct msg_ev *ev,
    char **cause)
{
	struct fileops_count c;
	struct vfs *fs = NULL;
	char *path = NULL;
	int rc;

	m->opts.recursive = 1;
	if ((rc = worker_copy(l, m, &ev->result, cause)) != 0)
		return (rc);
	if (ev->result.failed > 0 || ev->result.skipped > 0)
		return (ferr_set(cause, FERR_IO, "%s", _("not everything was "
		    "copied: the source is kept")));
	if ((rc = worker_session_get(l, m->src, &fs, &path, cause)) != 0)
		return (rc);
	rc = fileops_delete(fs, path, 1, worker_lane_stop_fn, l, &c, cause);
	free(path);
	worker_session_put(l, fs);
	return (rc);
}

/* A job the front end cancelled before a lane took it (w->lock held). */
static int
worker_was_cancelled(struct worker *w, uint64_t id)
{
	size_t i;

	for (i = 0; i < w->ncancelled && i < WORKER_CANCELLED; i++)
		if (w->cancelled[i] == id)
			return (1);
	return (0);
}

/* The event that ends a job. */
static struct msg_ev *
worker_end_event(const struct msg_cmd *m)
{
	return (msg_ev_new(m->type == MC_LIST ? ME_LISTED : ME_DONE, m->id));
}

/* End a job that never ran: cancelled. */
static void
worker_end_cancelled(struct worker *w, struct msg_cmd *m)
{
	struct msg_ev *ev;

	if (m->type == MC_ANSWER || m->type == MC_QUIT) {
		msg_cmd_free(m);
		return;
	}
	ev = worker_end_event(m);
	ev->status = FERR_CANCELLED;
	ev->text = xstrdup(_("stopped"));
	worker_emit(w, ev);
	msg_cmd_free(m);
}

static void
worker_run(struct worker_lane *l, struct msg_cmd *m)
{
	struct worker *w = l->w;
	struct msg_ev *ev;
	char *cause = NULL;
	int gone;

	pthread_mutex_lock(&w->lock);
	gone = worker_was_cancelled(w, m->id);
	atomic_store(&l->cancel, 0);
	wakeup_drain(&l->cancel_wake);
	atomic_store(&l->job, m->id);
	pthread_mutex_unlock(&w->lock);
	if (gone || atomic_load(&w->quitting)) {
		atomic_store(&l->job, 0);
		worker_end_cancelled(w, m);
		return;
	}
	ev = worker_end_event(m);
	if (m->type == MC_COPY)
		ev->status = worker_copy(l, m, &ev->result, &cause);
	else if (m->type == MC_MOVE)
		ev->status = worker_move(l, m, ev, &cause);
	else if (m->type == MC_LIST)
		ev->status = worker_list(l, m, ev, &cause);
	else
		ev->status = worker_fileop(l, m, ev, &cause);
	ev->text = cause;
	pthread_mutex_lock(&w->lock);
	atomic_store(&l->job, 0);
	atomic_store(&l->cancel, 0);
	wakeup_drain(&l->cancel_wake);
	pthread_mutex_unlock(&w->lock);
	worker_emit(w, ev);
	msg_cmd_free(m);
}

static void *
worker_lane_main(void *arg)
{
	struct worker_lane *l = arg;
	struct worker *w = l->w;
	struct msg_cmd *m;
	long next = (long)mono_ms() + WORKER_KEEPALIVE_MS, left;

	for (;;) {
		left = l->keepalive ? next - (long)mono_ms() : -1;
		if (left == 0)
			left = 1;
		if (left < 0 && l->keepalive)
			m = NULL;
		else if (left < 0)
			m = msg_queue_pop_cmd(l->q, 1);
		else
			m = msg_queue_pop_cmd_timed(l->q, (int)left);
		if (m == NULL) {
			if (!atomic_load(&w->quitting))
				worker_sessions_keepalive(l);
			next = (long)mono_ms() + WORKER_KEEPALIVE_MS;
			continue;
		}
		if (m->type == MC_QUIT) {
			msg_cmd_free(m);
			break;
		}
		if (atomic_load(&w->quitting))
			worker_end_cancelled(w, m);
		else
			worker_run(l, m);
	}
	return (NULL);
}

/* ---------------------------------------------------------------- the API */

static void
worker_free(struct worker *w)
{
	struct worker_secret *s;
	size_t i;

	for (i = 0; i < w->nlanes; i++)
		wakeup_close(&w->lanes[i].cancel_wake);
	free(w->lanes);
	worker_sessions_close(w);
	while ((s = w->secrets) != NULL) {
		w->secrets = s->next;
		worker_secret_free(s);
	}
	msg_cmd_free(w->answer);
	msg_queue_destroy_cmds(&w->browse);
	msg_queue_destroy_cmds(&w->transfer);
	msg_queue_destroy_evs(&w->evs);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	wakeup_close(&w->wake);
	free(w);
}

static void
worker_env_init(struct worker *w, const struct worker_conf *conf)
{
	w->env = conf != NULL ? conf->env : vfs_env_default;
	w->env.cancel_fd = -1;
	w->env.arg = NULL;
	w->env.log = NULL;
	w->env.ask_secret = NULL;
	w->env.ask_trust = NULL;
}

static void
worker_lane_init(struct worker *w, struct worker_lane *l,
    enum worker_lane_kind kind, const struct worker_conf *conf)
{
	l->w = w;
	l->kind = kind;
	l->q = kind == WORKER_LANE_BROWSE ? &w->browse : &w->transfer;
	atomic_init(&l->job, 0);
	atomic_init(&l->cancel, 0);
	l->env = w->env;
	l->env.cancel_fd = l->cancel_wake.rfd;
	l->env.arg = l;
	l->env.log = worker_env_log;
	l->env.ask_secret = conf != NULL && conf->ask_secret ?
	    worker_env_secret : NULL;
	l->env.ask_trust = conf != NULL && conf->ask_trust ?
	    worker_env_trust : NULL;
}

static int
worker_lanes_start(struct worker *w, char **cause)
{
	sigset_t all, old;
	size_t i;
	int rc = 0;

	/* The threads inherit the mask: signals stay with the front end. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < w->nlanes && rc == 0; i++) {
		rc = pthread_create(&w->lanes[i].thread, NULL,
		    worker_lane_main, &w->lanes[i]);
		w->lanes[i].started = rc == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return (ferr_set(cause, FERR_IO, _("cannot start a thread: "
		    "%s"), strerror(rc)));
	return (0);
}

static void
worker_lanes_join(struct worker *w)
{
	size_t i;

	for (i = 0; i < w->nlanes; i++)
		msg_queue_push_cmd(w->lanes[i].q, msg_cmd_new(MC_QUIT));
	for (i = 0; i < w->nlanes; i++)
		if (w->lanes[i].started)
			pthread_join(w->lanes[i].thread, NULL);
}

int
worker_start(struct worker **wp, const struct worker_conf *conf,
    char **cause)
{
	struct worker *w = xcalloc(1, sizeof *w);
	size_t i, ntransfer;
	int rc;

	*wp = NULL;
	ntransfer = conf != NULL && conf->transfers > 0 ?
	    (size_t)conf->transfers : WORKER_TRANSFERS;
	if (ntransfer > WORKER_TRANSFERS_MAX)
		ntransfer = WORKER_TRANSFERS_MAX;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	msg_queue_init(&w->browse);
	msg_queue_init(&w->transfer);
	msg_queue_init(&w->evs);
	atomic_init(&w->next_id, 1);
	atomic_init(&w->quitting, 0);
	worker_env_init(w, conf);
	w->nlanes = WORKER_BROWSE_LANES + ntransfer;
	w->lanes = xcalloc(w->nlanes, sizeof *w->lanes);
	for (i = 0; i < w->nlanes; i++)
		w->lanes[i].cancel_wake.rfd = w->lanes[i].cancel_wake.wfd = -1;
	w->wake.rfd = w->wake.wfd = -1;
	if ((rc = wakeup_init(&w->wake, cause)) != 0)
		goto fail;
	for (i = 0; i < w->nlanes; i++) {
		if ((rc = wakeup_init(&w->lanes[i].cancel_wake, cause)) != 0)
			goto fail;
		worker_lane_init(w, &w->lanes[i], i < WORKER_BROWSE_LANES ?
		    WORKER_LANE_BROWSE : WORKER_LANE_TRANSFER, conf);
	}
	w->lanes[0].keepalive = 1;
	if ((rc = worker_lanes_start(w, cause)) != 0) {
		atomic_store(&w->quitting, 1);
		worker_lanes_join(w);
		goto fail;
	}
	*wp = w;
	return (0);
fail:
	worker_free(w);
	return (rc);
}

void
worker_stop(struct worker *w)
{
	if (w == NULL)
		return;
	atomic_store(&w->quitting, 1);
	worker_cancel(w);
	worker_lanes_join(w);
	worker_free(w);
}

/* Remember that a job was cancelled before a lane took it (lock held). */
static void
worker_remember_cancel(struct worker *w, uint64_t id)
{
	w->cancelled[w->ncancelled++ % WORKER_CANCELLED] = id;
}

/* Stop what a lane runs (lock held). */
static void
worker_lane_stop(struct worker_lane *l)
{
	atomic_store(&l->cancel, 1);
	wakeup_signal(&l->cancel_wake);	/* wakes a backend's wait */
}

int
worker_cancel_job(struct worker *w, uint64_t id)
{
	struct msg_cmd *m;
	size_t i;
	int found = 0;

	if (id == 0)
		return (FERR_NOENT);
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < w->nlanes; i++) {
		if (atomic_load(&w->lanes[i].job) == id) {
			worker_lane_stop(&w->lanes[i]);
			found = 1;
		}
	}
	if (!found)
		worker_remember_cancel(w, id);
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (found)
		return (0);
	if ((m = msg_queue_remove_cmd(&w->transfer, id)) == NULL)
		m = msg_queue_remove_cmd(&w->browse, id);
	if (m == NULL)
		return (FERR_NOENT);
	worker_end_cancelled(w, m);
	return (0);
}

void
worker_cancel(struct worker *w)
{
	struct msg_cmd *m;
	size_t i;

	pthread_mutex_lock(&w->lock);
	for (i = 0; i < w->nlanes; i++)
		if (atomic_load(&w->lanes[i].job) != 0)
			worker_lane_stop(&w->lanes[i]);
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	while ((m = msg_queue_pop_cmd(&w->transfer, 0)) != NULL)
		worker_end_cancelled(w, m);
	while ((m = msg_queue_pop_cmd(&w->browse, 0)) != NULL)
		worker_end_cancelled(w, m);
}

/* An answer: to the open question, if its id is that one's. */
static void
worker_answer(struct worker *w, struct msg_cmd *m)
{
	pthread_mutex_lock(&w->lock);
	if (w->asking && w->answer == NULL && m->id == w->question) {
		w->answer = m;
		m = NULL;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	msg_cmd_free(m);		/* a stale answer */
}

uint64_t
worker_send(struct worker *w, struct msg_cmd *m)
{
	uint64_t id;

	if (m->id == 0 && m->type != MC_ANSWER && m->type != MC_QUIT &&
	    m->type != MC_SECRET)
		m->id = atomic_fetch_add(&w->next_id, 1);
	id = m->id;
	switch (m->type) {
	case MC_ANSWER:
		worker_answer(w, m);
		break;
	case MC_QUIT:
		msg_cmd_free(m);	/* worker_stop ends the lanes */
		break;
	case MC_SECRET:
		if (m->src != NULL && m->text != NULL) {
			pthread_mutex_lock(&w->lock);
			worker_secret_forget(w, m->src);
			worker_secret_add(w, m->src, m->text);
			pthread_mutex_unlock(&w->lock);
		}
		msg_cmd_free(m);
		break;
	case MC_COPY:
	case MC_MOVE:
		msg_queue_push_cmd(&w->transfer, m);
		break;
	default:
		msg_queue_push_cmd(&w->browse, m);
		break;
	}
	return (id);
}

int
worker_fd(const struct worker *w)
{
	return (w->wake.rfd);
}

struct msg_ev *
worker_next(struct worker *w)
{
	struct msg_ev *ev;

	/* The fd stays readable while events wait: only a call that finds
	 * the queue empty drains it (a system call or three less for each
	 * event, and a tree of small files makes a few a file). */
	if ((ev = msg_queue_pop_ev(&w->evs)) != NULL)
		return (ev);
	atomic_store(&w->woken, 0);
	wakeup_drain(&w->wake);
	/* one pushed before the flag was cleared did not signal, and the
	 * drain may have taken the signal of another: look again */
	if ((ev = msg_queue_pop_ev(&w->evs)) != NULL) {
		atomic_store(&w->woken, 1);
		wakeup_signal(&w->wake);
	}
	return (ev);
}
