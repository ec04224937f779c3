/* ferry: the copy queue (see queue.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "xfer/record.h"
#include "pane.h"
#include "queue.h"

void
queue_init(struct queue *q)
{
	memset(q, 0, sizeof *q);
}

void
queue_item_free(struct queue_item *it)
{
	if (it == NULL)
		return;
	free(it->src);
	free(it->dst);
	free(it);
}

void
queue_clear(struct queue *q)
{
	struct queue_item	*it;

	while ((it = q->head) != NULL) {
		q->head = it->next;
		queue_item_free(it);
	}
	q->tail = NULL;
	q->policy = XFER_ASK;
}

void
queue_free(struct queue *q)
{
	queue_clear(q);
	queue_item_free(q->running);
	q->running = NULL;
	q->job = 0;
}

static void
queue_push(struct queue *q, const struct pane *from, const char *name,
    const struct pane *to, int target, int down)
{
	struct queue_item	*it = xcalloc(1, sizeof *it);

	it->src = url_child(from->location, name);
	it->dst = xstrdup(to->location);
	it->target = target;
	it->down = down;
	if (q->tail != NULL)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
}

int
queue_add_pane(struct queue *q, const struct pane *from,
    const struct pane *to, int target, int down, int *unsafe)
{
	const struct vfs_entry	*e;
	size_t			 i;
	int			 n = 0;

	*unsafe = 0;
	for (i = 0; i < from->list.n; i++) {
		if (!pane_is_marked(from, i))
			continue;
		e = &from->list.v[i];
		if (!path_name_is_safe(e->name)) {
			(*unsafe)++;
			continue;
		}
		queue_push(q, from, e->name, to, target, down);
		n++;
	}
	if (n > 0 || *unsafe > 0 || (e = pane_current(from)) == NULL)
		return (n);
	if (!path_name_is_safe(e->name)) {
		(*unsafe)++;
		return (0);
	}
	queue_push(q, from, e->name, to, target, down);
	return (1);
}

const struct queue_item *
queue_start(struct queue *q, struct worker *w)
{
	struct queue_item	*it;
	struct msg_cmd		*m;

	if (q->running != NULL || (it = q->head) == NULL)
		return (NULL);
	q->head = it->next;
	if (q->head == NULL)
		q->tail = NULL;
	it->next = NULL;

	m = msg_cmd_new(MC_COPY);
	m->src = xstrdup(it->src);
	m->dst = xstrdup(it->dst);
	m->opts.policy = q->policy;
	m->opts.recursive = 1;
	m->opts.record_dir = record_dir();
	m->interactive = 1;
	q->running = it;
	q->job = worker_send(w, m);
	return (it);
}

struct queue_item *
queue_finish(struct queue *q, uint64_t id)
{
	struct queue_item	*it = q->running;

	if (it == NULL || id != q->job)
		return (NULL);
	q->running = NULL;
	q->job = 0;
	return (it);
}

int
queue_busy(const struct queue *q)
{
	return (q->running != NULL);
}

size_t
queue_waiting(const struct queue *q)
{
	const struct queue_item	*it;
	size_t			 n = 0;

	for (it = q->head; it != NULL; it = it->next)
		n++;
	return (n);
}
