/* ferry: the transfer queue (see queue.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "xfer/record.h"
#include "pane.h"
#include "queue.h"

void
queue_init(struct queue *q, int parallel, const struct xfer_opts *opts)
{
	memset(q, 0, sizeof *q);
	q->parallel = parallel > 0 ? parallel : 1;
	if (opts != NULL)
		q->opts = *opts;
	else
		xfer_opts_init(&q->opts);
	q->policy = q->opts.policy;
}

static void
queue_item_free(struct queue_item *it)
{
	free(it->src);
	free(it->dst);
	free(it->message);
	free(it);
}

void
queue_free(struct queue *q)
{
	struct queue_item *it;

	while ((it = q->head) != NULL) {
		q->head = it->next;
		queue_item_free(it);
	}
	q->tail = NULL;
}

struct queue_item *
queue_add(struct queue *q, const char *src, const char *dst, int target,
    int down)
{
	struct queue_item *it = xcalloc(1, sizeof *it);

	it->src = xstrdup(src);
	it->dst = xstrdup(dst);
	it->target = target;
	it->down = down;
	it->batch = q->batches;
	it->eta = -1;
	it->policy = XFER_ASK;
	if (q->tail != NULL)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	return (it);
}

static void
queue_push(struct queue *q, const struct pane *from,
    const struct vfs_entry *e, const struct pane *to, int target, int down)
{
	char *src = url_child(from->location, e->name);

	queue_add(q, src, to->location, target, down)->tree =
	    e->st.type == VFS_DIR;
	free(src);
}

int
queue_add_pane(struct queue *q, const struct pane *from,
    const struct pane *to, int target, int down, int skip_partial,
    int *unsafe)
{
	const struct vfs_entry	*e;
	size_t			 i;
	int			 n = 0, left_out = 0;

	*unsafe = 0;
	q->batches++;
	for (i = 0; i < from->list.n; i++) {
		if (!pane_is_marked(from, i))
			continue;
		e = &from->list.v[i];
		if (!path_name_is_safe(e->name)) {
			(*unsafe)++;
			continue;
		}
		if (skip_partial && e->partial && e->st.type != VFS_DIR) {
			left_out = 1;	/* marked: not the cursor's then */
			continue;
		}
		queue_push(q, from, e, to, target, down);
		n++;
	}
	if (n > 0 || *unsafe > 0 || left_out ||
	    (e = pane_current(from)) == NULL)
		return (n);
	if (skip_partial && e->partial && e->st.type != VFS_DIR)
		return (0);
	if (!path_name_is_safe(e->name)) {
		(*unsafe)++;
		return (0);
	}
	queue_push(q, from, e, to, target, down);
	return (1);
}

static void
queue_send(struct queue *q, struct queue_item *it, struct worker *w)
{
	struct msg_cmd *m = msg_cmd_new(MC_COPY);

	m->src = xstrdup(it->src);
	m->dst = xstrdup(it->dst);
	m->opts = q->opts;
	m->opts.policy = it->policy != XFER_ASK ? it->policy : q->policy;
	m->opts.recursive = 1;
	m->opts.record_dir = q->opts.record_dir != NULL ?
	    xstrdup(q->opts.record_dir) : record_dir();
	m->interactive = 1;
	it->state = QS_RUNNING;
	it->status = 0;
	it->done = it->total = 0;
	it->rate = 0;
	it->eta = -1;
	it->job = worker_send(w, m);
}

int
queue_start(struct queue *q, struct worker *w)
{
	struct queue_item *it;
	int running = (int)queue_count(q, QS_RUNNING), sent = 0;

	for (it = q->head; it != NULL && running < q->parallel;
	    it = it->next) {
		if (it->state != QS_WAITING)
			continue;
		queue_send(q, it, w);
		running++;
		sent++;
	}
	if (!queue_busy(q))
		q->policy = q->opts.policy;	/* "for all" ends with them */
	return (sent);
}

struct queue_item *
queue_find_job(struct queue *q, uint64_t job)
{
	struct queue_item *it;

	for (it = q->head; it != NULL; it = it->next)
		if (it->state == QS_RUNNING && it->job == job)
			return (it);
	return (NULL);
}

void
queue_set_message(struct queue_item *it, const char *text)
{
	free(it->message);
	it->message = text != NULL ? xstrdup(text) : NULL;
}

void
queue_finish(struct queue_item *it, int status, const char *text,
    const struct xfer_result *r)
{
	it->job = 0;
	it->status = status;
	it->rate = 0;
	it->eta = -1;
	if (r != NULL)
		it->result = *r;
	if (status == 0)
		it->state = QS_DONE;
	else if (status == FERR_CANCELLED)
		it->state = QS_CANCELLED;
	else
		it->state = QS_FAILED;
	if (text != NULL)
		queue_set_message(it, text);
}

void
queue_cancel(struct queue_item *it, struct worker *w)
{
	if (it->state == QS_RUNNING)
		worker_cancel_job(w, it->job);
	else if (it->state == QS_WAITING)
		queue_finish(it, FERR_CANCELLED, NULL, NULL);
}

void
queue_cancel_all(struct queue *q, struct worker *w)
{
	struct queue_item *it;

	for (it = q->head; it != NULL; it = it->next)
		queue_cancel(it, w);
	q->policy = q->opts.policy;
}

int
queue_retry(struct queue_item *it)
{
	if (it->state == QS_WAITING || it->state == QS_RUNNING)
		return (FERR_USAGE);
	it->state = QS_WAITING;
	it->status = 0;
	memset(&it->result, 0, sizeof it->result);
	queue_set_message(it, NULL);
	return (0);
}

int
queue_remove(struct queue *q, struct queue_item *it)
{
	struct queue_item **pp, *prev = NULL;

	if (it->state == QS_RUNNING)
		return (FERR_USAGE);
	for (pp = &q->head; *pp != NULL; prev = *pp, pp = &(*pp)->next) {
		if (*pp != it)
			continue;
		*pp = it->next;
		if (q->tail == it)
			q->tail = prev;
		queue_item_free(it);
		return (0);
	}
	return (FERR_NOENT);
}

void
queue_clean(struct queue *q)
{
	struct queue_item *it, *next;

	for (it = q->head; it != NULL; it = next) {
		next = it->next;
		if (it->state == QS_DONE || it->state == QS_FAILED ||
		    it->state == QS_CANCELLED)
			queue_remove(q, it);
	}
}

size_t
queue_count(const struct queue *q, enum queue_state s)
{
	const struct queue_item *it;
	size_t n = 0;

	for (it = q->head; it != NULL; it = it->next)
		n += it->state == s;
	return (n);
}

size_t
queue_length(const struct queue *q)
{
	const struct queue_item *it;
	size_t n = 0;

	for (it = q->head; it != NULL; it = it->next)
		n++;
	return (n);
}

struct queue_item *
queue_nth(const struct queue *q, size_t n)
{
	struct queue_item *it;

	for (it = q->head; it != NULL && n > 0; it = it->next)
		n--;
	return (it);
}

int
queue_busy(const struct queue *q)
{
	return (queue_count(q, QS_RUNNING) + queue_count(q, QS_WAITING) > 0);
}

int
queue_batch_ended(const struct queue *q, unsigned batch)
{
	const struct queue_item *it;

	for (it = q->head; it != NULL; it = it->next)
		if (it->batch == batch && (it->state == QS_WAITING ||
		    it->state == QS_RUNNING))
			return (0);
	return (1);
}

/* Append ", " and a part to a summary. */
static void
queue_summary_add(char **s, const char *part)
{
	char *t;

	if (*s == NULL)
		*s = xstrdup(part);
	else {
		t = xasprintf("%s, %s", *s, part);
		free(*s);
		*s = t;
	}
}

char *
queue_batch_summary(const struct queue *q, unsigned batch)
{
	const struct queue_item *it;
	int copied = 0, resumed = 0, refused = 0, failed = 0, skipped = 0;
	int cancelled = 0;
	char *s = NULL, *part;

	for (it = q->head; it != NULL; it = it->next) {
		if (it->batch != batch)
			continue;
		skipped += it->result.skipped;
		if (it->state == QS_CANCELLED)
			cancelled++;
		else if (it->status == FERR_MISMATCH)
			refused++;
		else if (it->state == QS_FAILED)
			failed++;
		else if (it->state == QS_DONE && it->resumed)
			resumed++;
		else if (it->state == QS_DONE && it->result.files > 0)
			copied += it->result.files;
	}
#define QUEUE_PART(n, fmt1, fmtn) do {					\
	if ((n) > 0) {							\
		part = xasprintf(P_(fmt1, fmtn, (n)), (n));		\
		queue_summary_add(&s, part);				\
		free(part);						\
	}								\
} while (0)
	QUEUE_PART(copied, "%d copied", "%d copied");
	QUEUE_PART(resumed, "%d resumed", "%d resumed");
	QUEUE_PART(refused, "%d refused: its partial differs",
	    "%d refused: their partials differ");
	QUEUE_PART(failed, "%d failed", "%d failed");
	QUEUE_PART(skipped, "%d skipped", "%d skipped");
	QUEUE_PART(cancelled, "%d cancelled", "%d cancelled");
#undef QUEUE_PART
	if (s == NULL)
		s = xstrdup(_("nothing was copied"));
	return (s);
}

const char *
queue_state_name(enum queue_state s)
{
	switch (s) {
	case QS_WAITING:
		return (_("waiting"));
	case QS_RUNNING:
		return (_("running"));
	case QS_DONE:
		return (_("done"));
	case QS_FAILED:
		return (_("failed"));
	case QS_CANCELLED:
		return (_("cancelled"));
	}
	return ("?");
}
