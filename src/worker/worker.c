/* ferry: the worker thread (see worker.h). */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "worker/wakeup.h"
#include "worker/worker.h"

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

static enum xfer_policy
worker_hook_ask(void *arg, const struct xfer_question *q, int *all)
{
	struct worker_job *j = arg;
	struct worker *w = j->w;
	struct msg_ev *ev;
	struct msg_cmd *m;
	enum xfer_policy answer;
	uint64_t qid;

	qid = atomic_fetch_add(&w->next_id, 1);
	ev = msg_ev_new(ME_QUESTION, j->id);
	ev->id = qid;
	ev->q.source = xstrdup(q->source);
	ev->q.target = xstrdup(q->target);
	ev->q.facts = q->facts;
	ev->q.plan = q->plan;
	ev->q.record = q->record;
	worker_emit(w, ev);
	for (;;) {
		if (atomic_load(&w->cancel))
			return (XFER_CANCEL);
		m = msg_queue_pop_cmd(&w->cmds, 1);
		if (m->type == MC_ANSWER && (m->id == qid || m->id == 0))
			break;
		worker_defer(w, m);
	}
	answer = m->answer;
	*all = m->all;
	msg_cmd_free(m);
	return (answer);
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

	if ((rc = vfs_resolve(m->src, &sfs, &spath, cause)) != 0 ||
	    (rc = vfs_resolve(m->dst, &dfs, &dpath, cause)) != 0)
		goto out;
	worker_trim_slashes(spath);
	if ((rc = vfs_connect(dfs, cause)) != 0)
		goto out;
	if (dfs->ops->stat(dfs, dpath, &st, NULL) == 0 &&
	    st.type == VFS_DIR) {
		full = vfs_join(dpath, vfs_basename(spath));
		free(dpath);
		dpath = full;
	}
	rc = xfer_run(sfs, spath, dfs, dpath, &m->opts, &hooks, r, cause);
out:
	free(spath);
	free(dpath);
	if (sfs != NULL)
		vfs_free(sfs);
	if (dfs != NULL)
		vfs_free(dfs);
	return (rc);
}

static int
worker_list(struct msg_cmd *m, struct vfs_list *l, char **cause)
{
	struct vfs *fs = NULL;
	char *path = NULL;
	int rc;

	if ((rc = vfs_resolve(m->src, &fs, &path, cause)) == 0 &&
	    (rc = vfs_connect(fs, cause)) == 0)
		rc = fs->ops->list(fs, path, l, cause);
	if (rc == 0) {
		vfs_list_sort(l);
		if (m->opts.record_dir != NULL)
			xfer_mark_partials(m->opts.record_dir, fs, path, l);
	}
	free(path);
	if (fs != NULL)
		vfs_free(fs);
	return (rc);
}

static void
worker_run(struct worker *w, struct msg_cmd *m)
{
	struct msg_ev *ev = msg_ev_new(ME_DONE, m->id);
	char *cause = NULL;

	atomic_store(&w->cancel, 0);
	if (m->type == MC_COPY)
		ev->status = worker_copy(w, m, &ev->result, &cause);
	else if (m->type == MC_LIST) {
		ev->status = worker_list(m, &ev->list, &cause);
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
			m = msg_queue_pop_cmd(&w->cmds, 1);
		if (m->type == MC_QUIT)
			w->quitting = 1;
		else
			worker_run(w, m);
		msg_cmd_free(m);
	}
	return (NULL);
}

int
worker_start(struct worker **wp, char **cause)
{
	struct worker *w = xcalloc(1, sizeof *w);
	sigset_t all, old;
	int rc;

	*wp = NULL;
	if ((rc = wakeup_init(&w->wake, cause)) != 0) {
		free(w);
		return (rc);
	}
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
	worker_send(w, msg_cmd_new(MC_QUIT));
	pthread_join(w->thread, NULL);
	msg_queue_destroy_cmds(&w->deferred);
	msg_queue_destroy_cmds(&w->cmds);
	msg_queue_destroy_evs(&w->evs);
	wakeup_close(&w->wake);
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
