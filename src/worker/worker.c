/* ferry: the worker thread (see worker.h). */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/wakeup.h"
#include "worker/worker.h"

/* Connected sessions kept for the next command (browsing a server must not
 * log in again for every listing). */
#define WORKER_SESSIONS		4
/* How often idle sessions are kept alive (FTP NOOP). */
#define WORKER_KEEPALIVE_MS	30000

struct worker_session {
	struct vfs	*fs;		/* NULL: free slot */
	char		*key;		/* the URL without path or password */
	int		 busy;		/* lent to the job under way */
	uint64_t	 used;		/* for eviction: a counter */
};

struct worker {
	pthread_t		 thread;
	struct msg_queue	 cmds;		/* front end -> worker */
	struct msg_queue	 evs;		/* worker -> front end */
	struct wakeup		 wake;		/* readable: evs not empty */
	atomic_uint_fast64_t	 next_id;
	atomic_int		 cancel;	/* stop the current job */
	struct msg_queue	 deferred;	/* came while a question was
						   open; run after the job */
	int			 quitting;
	struct wakeup		 cancel_wake;	/* readable: cancel (for the
						   backends' waits) */
	struct vfs_env		 env;		/* every session's options */
	uint64_t		 job;		/* the job under way */
	struct worker_session	 sessions[WORKER_SESSIONS];
	uint64_t		 uses;
};

/* The job under way, for the engine's hooks. */
struct worker_job {
	struct worker	*w;
	uint64_t	 id;
};

static void
worker_emit(struct worker *w, struct msg_ev *ev)
{
	msg_queue_push_ev(&w->evs, ev);
	wakeup_signal(&w->wake);
}

static void
worker_hook_progress(void *arg, const struct xfer_progress *p)
{
	struct worker_job *j = arg;
	struct msg_ev *ev = msg_ev_new(ME_PROGRESS, j->id);

	ev->progress = *p;
	ev->progress.source = xstrdup(p->source);
	ev->progress.target = xstrdup(p->target);
	worker_emit(j->w, ev);
}

static void
worker_hook_notice(void *arg, int info, const char *text)
{
	struct worker_job *j = arg;
	struct msg_ev *ev = msg_ev_new(ME_NOTICE, j->id);

	ev->info = info;
	ev->text = xstrdup(text != NULL ? text : "");
	worker_emit(j->w, ev);
}

static int
worker_hook_cancelled(void *arg)
{
	struct worker_job *j = arg;

	return (atomic_load(&j->w->cancel));
}

/* Keep a command that is not the awaited answer for after the job. */
static void
worker_defer(struct worker *w, struct msg_cmd *m)
{
	if (m->type == MC_QUIT) {
		w->quitting = 1;
		atomic_store(&w->cancel, 1);
		msg_cmd_free(m);
		return;
	}
	if (m->type == MC_ANSWER) {	/* a stale answer */
		msg_cmd_free(m);
		return;
	}
	msg_queue_push_cmd(&w->deferred, m);
}

/* Send a question (ev, for job) and wait for its answer: the MC_ANSWER
 * with its id, or NULL when the job was cancelled.  Other commands that
 * come meanwhile wait for the end of the job. */
static struct msg_cmd *
worker_ask(struct worker *w, struct msg_ev *ev)
{
	struct msg_cmd *m;
	uint64_t qid;

	qid = atomic_fetch_add(&w->next_id, 1);
	ev->id = qid;
	worker_emit(w, ev);
	for (;;) {
		if (atomic_load(&w->cancel))
			return (NULL);
		m = msg_queue_pop_cmd(&w->cmds, 1);
		if (m->type == MC_ANSWER && m->id == 0 &&
		    atomic_load(&w->cancel)) {
			msg_cmd_free(m);	/* worker_cancel's */
			return (NULL);
		}
		if (m->type == MC_ANSWER && (m->id == qid || m->id == 0))
			return (m);
		worker_defer(w, m);
	}
}

static enum xfer_policy
worker_hook_ask(void *arg, const struct xfer_question *q, int *all)
{
	struct worker_job *j = arg;
	struct msg_ev *ev;
	struct msg_cmd *m;
	enum xfer_policy answer;

	ev = msg_ev_new(ME_QUESTION, j->id);
	ev->q.kind = MQ_EXISTS;
	ev->q.source = xstrdup(q->source);
	ev->q.target = xstrdup(q->target);
	ev->q.facts = q->facts;
	ev->q.plan = q->plan;
	ev->q.record = q->record;
	if ((m = worker_ask(j->w, ev)) == NULL)
		return (XFER_CANCEL);
	answer = m->answer;
	*all = m->all;
	msg_cmd_free(m);
	return (answer);
}

/* The sessions' hooks (struct vfs_env): questions and log lines for the
 * front end, tagged with the job under way. */
static int
worker_env_secret(void *arg, const char *prompt, int echo, char **answer)
{
	struct worker *w = arg;
	struct msg_ev *ev = msg_ev_new(ME_QUESTION, w->job);
	struct msg_cmd *m;

	*answer = NULL;
	ev->q.kind = MQ_SECRET;
	ev->q.prompt = xstrdup(prompt);
	ev->q.echo = echo;
	if ((m = worker_ask(w, ev)) == NULL)
		return (FERR_CANCELLED);
	if (m->text == NULL) {
		msg_cmd_free(m);
		return (FERR_CANCELLED);
	}
	*answer = m->text;
	m->text = NULL;
	msg_cmd_free(m);
	return (0);
}

static enum vfs_trust
worker_env_trust(void *arg, const char *question, const char *details)
{
	struct worker *w = arg;
	struct msg_ev *ev = msg_ev_new(ME_QUESTION, w->job);
	struct msg_cmd *m;
	enum vfs_trust answer;

	ev->q.kind = MQ_TRUST;
	ev->q.prompt = xstrdup(question);
	ev->q.details = xstrdup(details != NULL ? details : "");
	if ((m = worker_ask(w, ev)) == NULL)
		return (VFS_TRUST_NO);
	answer = m->trust;
	msg_cmd_free(m);
	return (answer);
}

static void
worker_env_log(void *arg, int info, const char *text)
{
	struct worker *w = arg;
	struct msg_ev *ev = msg_ev_new(ME_NOTICE, w->job);

	ev->info = info;
	ev->text = xstrdup(text);
	worker_emit(w, ev);
}

/* ---------------------------------------------------------------- sessions */

/* The cache key of a session: its URL without path and password; NULL for
 * local sessions, which are not kept. */
static char *
worker_session_key(const struct vfs *fs)
{
	if (fs->url == NULL)
		return (NULL);
	return (url_display(fs->url, NULL));
}

static void
worker_session_drop(struct worker_session *s)
{
	vfs_free(s->fs);
	free(s->key);
	memset(s, 0, sizeof *s);
}

/* Keep a connected session for later (evicting the least recently used
 * idle one), or free it. */
static void
worker_session_put(struct worker *w, struct vfs *fs)
{
	struct worker_session *s, *victim = NULL;
	size_t i;

	for (i = 0; i < WORKER_SESSIONS; i++) {
		s = &w->sessions[i];
		if (s->fs == fs) {
			s->busy = 0;
			if (!fs->connected)
				worker_session_drop(s);
			return;
		}
	}
	if (fs->url == NULL || !fs->connected) {
		vfs_free(fs);
		return;
	}
	for (i = 0; i < WORKER_SESSIONS; i++) {
		s = &w->sessions[i];
		if (s->fs == NULL) {
			victim = s;
			break;
		}
		if (!s->busy && (victim == NULL || s->used < victim->used))
			victim = s;
	}
	if (victim == NULL) {
		vfs_free(fs);
		return;
	}
	if (victim->fs != NULL)
		worker_session_drop(victim);
	victim->fs = fs;
	victim->key = worker_session_key(fs);
	victim->used = ++w->uses;
}

/* A connected session for a location, from the cache when one is idle
 * there, and the path in it.  Give it back with worker_session_put. */
static int
worker_session_get(struct worker *w, const char *location, struct vfs **fsp,
    char **pathp, char **cause)
{
	struct worker_session *s;
	struct vfs *fs;
	char *key;
	size_t i;
	int rc;

	*fsp = NULL;
	if ((rc = vfs_resolve(location, &fs, pathp, cause)) != 0)
		return (rc);
	vfs_set_env(fs, &w->env);
	if ((key = worker_session_key(fs)) != NULL) {
		for (i = 0; i < WORKER_SESSIONS; i++) {
			s = &w->sessions[i];
			if (s->fs != NULL && !s->busy &&
			    strcmp(s->key, key) == 0 && s->fs->connected) {
				vfs_free(fs);
				fs = s->fs;
				s->busy = 1;
				s->used = ++w->uses;
				break;
			}
		}
		free(key);
	}
	if ((rc = vfs_connect(fs, cause)) != 0) {
		worker_session_put(w, fs);
		free(*pathp);
		*pathp = NULL;
		return (rc);
	}
	*fsp = fs;
	return (0);
}

/* Idle: keep the cached sessions alive; drop those that died. */
static void
worker_sessions_keepalive(struct worker *w)
{
	struct worker_session *s;
	size_t i;

	for (i = 0; i < WORKER_SESSIONS; i++) {
		s = &w->sessions[i];
		if (s->fs == NULL || s->busy || s->fs->ops->keepalive == NULL)
			continue;
		if (s->fs->ops->keepalive(s->fs, NULL) != 0)
			worker_session_drop(s);
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

/* "dir/" -> "dir", so that its base name is "dir" ("/" stays). */
static void
worker_trim_slashes(char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
}

/* Copy: a target that is a directory gets the source's name inside it. */
static int
worker_copy(struct worker *w, struct msg_cmd *m, struct xfer_result *r,
    char **cause)
{
	struct worker_job job = { .w = w, .id = m->id };
	struct xfer_hooks hooks = {
		.arg = &job,
		.progress = worker_hook_progress,
		.notice = worker_hook_notice,
		.cancelled = worker_hook_cancelled,
		.ask = m->interactive ? worker_hook_ask : NULL,
	};
	struct vfs *sfs = NULL, *dfs = NULL;
	char *spath = NULL, *dpath = NULL, *full;
	struct vfs_stat st;
	int rc;

	/* Two sessions even for one server: each carries one transfer. */
	if ((rc = worker_session_get(w, m->src, &sfs, &spath, cause)) != 0 ||
	    (rc = worker_session_get(w, m->dst, &dfs, &dpath, cause)) != 0)
		goto out;
	worker_trim_slashes(spath);
	if (dfs->ops->stat(dfs, dpath, &st, NULL) == 0 &&
	    st.type == VFS_DIR) {
		full = path_join(dpath, path_basename(spath));
		free(dpath);
		dpath = full;
	}
	rc = xfer_run(sfs, spath, dfs, dpath, &m->opts, &hooks, r, cause);
out:
	free(spath);
	free(dpath);
	if (sfs != NULL)
		worker_session_put(w, sfs);
	if (dfs != NULL)
		worker_session_put(w, dfs);
	return (rc);
}

static int
worker_list(struct worker *w, struct msg_cmd *m, struct vfs_list *l,
    char **cause)
{
	struct vfs *fs = NULL;
	char *path = NULL;
	int rc;

	if ((rc = worker_session_get(w, m->src, &fs, &path, cause)) == 0) {
		rc = fs->ops->list(fs, path, l, cause);
		/* A kept session may have timed out on the server's side. */
		if (rc == FERR_LOST && vfs_reconnect(fs, NULL) == 0) {
			vfs_list_free(l);
			rc = fs->ops->list(fs, path, l, cause);
		}
	}
	if (rc == 0) {
		vfs_list_sort(l);
		if (m->opts.record_dir != NULL)
			xfer_mark_partials(m->opts.record_dir, fs, path, l);
	}
	free(path);
	if (fs != NULL)
		worker_session_put(w, fs);
	return (rc);
}

static void
worker_run(struct worker *w, struct msg_cmd *m)
{
	struct msg_ev *ev = msg_ev_new(ME_DONE, m->id);
	char *cause = NULL;

	atomic_store(&w->cancel, 0);
	wakeup_drain(&w->cancel_wake);
	w->job = m->id;
	if (m->type == MC_COPY)
		ev->status = worker_copy(w, m, &ev->result, &cause);
	else if (m->type == MC_LIST) {
		ev->status = worker_list(w, m, &ev->list, &cause);
		ev->type = ME_LISTED;
	} else {
		/* An answer nobody waits for any more. */
		msg_ev_free(ev);
		return;
	}
	ev->text = cause;
	worker_emit(w, ev);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct msg_cmd *m;

	while (!w->quitting) {
		if ((m = msg_queue_pop_cmd(&w->deferred, 0)) == NULL)
			m = msg_queue_pop_cmd_timed(&w->cmds,
			    WORKER_KEEPALIVE_MS);
		if (m == NULL) {
			/* A cancel of the last job must not cut these short. */
			atomic_store(&w->cancel, 0);
			wakeup_drain(&w->cancel_wake);
			worker_sessions_keepalive(w);
			continue;
		}
		if (m->type == MC_QUIT)
			w->quitting = 1;
		else
			worker_run(w, m);
		msg_cmd_free(m);
	}
	worker_sessions_close(w);
	return (NULL);
}

int
worker_start(struct worker **wp, const struct worker_conf *conf,
    char **cause)
{
	struct worker *w = xcalloc(1, sizeof *w);
	sigset_t all, old;
	int rc;

	*wp = NULL;
	if ((rc = wakeup_init(&w->wake, cause)) != 0) {
		free(w);
		return (rc);
	}
	if ((rc = wakeup_init(&w->cancel_wake, cause)) != 0) {
		wakeup_close(&w->wake);
		free(w);
		return (rc);
	}
	if (conf != NULL)
		w->env = conf->env;
	else
		w->env = vfs_env_default;
	w->env.cancel_fd = w->cancel_wake.rfd;
	w->env.arg = w;
	w->env.log = worker_env_log;
	w->env.ask_secret = conf != NULL && conf->ask_secret ?
	    worker_env_secret : NULL;
	w->env.ask_trust = conf != NULL && conf->ask_trust ?
	    worker_env_trust : NULL;
	msg_queue_init(&w->cmds);
	msg_queue_init(&w->evs);
	msg_queue_init(&w->deferred);
	atomic_init(&w->next_id, 1);
	atomic_init(&w->cancel, 0);
	/* The thread inherits the mask: signals stay with the front end. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		wakeup_close(&w->wake);
		wakeup_close(&w->cancel_wake);
		msg_queue_destroy_cmds(&w->cmds);
		msg_queue_destroy_cmds(&w->deferred);
		msg_queue_destroy_evs(&w->evs);
		free(w);
		return (ferr_set(cause, FERR_IO, _("cannot start a thread: "
		    "%s"), strerror(rc)));
	}
	*wp = w;
	return (0);
}

void
worker_stop(struct worker *w)
{
	if (w == NULL)
		return;
	atomic_store(&w->cancel, 1);
	wakeup_signal(&w->cancel_wake);
	worker_send(w, msg_cmd_new(MC_QUIT));
	pthread_join(w->thread, NULL);
	msg_queue_destroy_cmds(&w->deferred);
	msg_queue_destroy_cmds(&w->cmds);
	msg_queue_destroy_evs(&w->evs);
	wakeup_close(&w->wake);
	wakeup_close(&w->cancel_wake);
	free(w);
}

uint64_t
worker_send(struct worker *w, struct msg_cmd *m)
{
	uint64_t id;

	if (m->id == 0 && (m->type == MC_COPY || m->type == MC_LIST))
		m->id = atomic_fetch_add(&w->next_id, 1);
	id = m->id;
	msg_queue_push_cmd(&w->cmds, m);
	return (id);
}

void
worker_cancel(struct worker *w)
{
	struct msg_cmd *m = msg_cmd_new(MC_ANSWER);

	atomic_store(&w->cancel, 1);
	wakeup_signal(&w->cancel_wake);	/* wakes a backend's wait */
	m->answer = XFER_CANCEL;	/* id 0: whatever question is open */
	worker_send(w, m);
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

	wakeup_drain(&w->wake);
	ev = msg_queue_pop_ev(&w->evs);
	/* More may have come with a single wakeup: stay readable until a
	 * call finds the queue empty. */
	if (ev != NULL)
		wakeup_signal(&w->wake);
	return (ev);
}
