/* ferry: worker messages and their queues (see msg.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xmalloc.h"
#include "worker/msg.h"

void
msg_queue_init(struct msg_queue *q)
{
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	q->head = q->tail = NULL;
}

void
msg_queue_destroy_cmds(struct msg_queue *q)
{
	struct msg_cmd *m;

	while ((m = msg_queue_pop_cmd(q, 0)) != NULL)
		msg_cmd_free(m);
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
}

void
msg_queue_destroy_evs(struct msg_queue *q)
{
	struct msg_ev *m;

	while ((m = msg_queue_pop_ev(q)) != NULL)
		msg_ev_free(m);
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
}

static void
msg_queue_push(struct msg_queue *q, struct msg_link *m)
{
	m->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->tail != NULL)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

/* Take the first message; wait_ms 0: do not wait, < 0: wait as long as
 * it takes, else at most that long. */
static struct msg_link *
msg_queue_pop(struct msg_queue *q, int wait_ms)
{
	struct msg_link *m;
	struct timespec until;

	if (wait_ms > 0) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
	}
	pthread_mutex_lock(&q->lock);
	while (wait_ms != 0 && q->head == NULL) {
		if (wait_ms < 0)
			pthread_cond_wait(&q->cond, &q->lock);
		else if (pthread_cond_timedwait(&q->cond, &q->lock,
		    &until) != 0)
			break;
	}
	if ((m = q->head) != NULL) {
		q->head = m->next;
		if (q->head == NULL)
			q->tail = NULL;
		m->next = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return (m);
}

/* The link is the first member, so a message and its link share an
 * address. */
void
msg_queue_push_cmd(struct msg_queue *q, struct msg_cmd *m)
{
	msg_queue_push(q, &m->link);
}

void
msg_queue_push_ev(struct msg_queue *q, struct msg_ev *m)
{
	msg_queue_push(q, &m->link);
}

struct msg_cmd *
msg_queue_pop_cmd(struct msg_queue *q, int wait)
{
	return ((struct msg_cmd *)msg_queue_pop(q, wait ? -1 : 0));
}

struct msg_cmd *
msg_queue_pop_cmd_timed(struct msg_queue *q, int wait_ms)
{
	return ((struct msg_cmd *)msg_queue_pop(q, wait_ms));
}

struct msg_cmd *
msg_queue_remove_cmd(struct msg_queue *q, uint64_t id)
{
	struct msg_link *l, *prev = NULL;
	struct msg_cmd *m = NULL;

	pthread_mutex_lock(&q->lock);
	for (l = q->head; l != NULL; prev = l, l = l->next) {
		if (((struct msg_cmd *)l)->id != id)
			continue;
		if (prev != NULL)
			prev->next = l->next;
		else
			q->head = l->next;
		if (q->tail == l)
			q->tail = prev;
		l->next = NULL;
		m = (struct msg_cmd *)l;
		break;
	}
	pthread_mutex_unlock(&q->lock);
	return (m);
}

struct msg_ev *
msg_queue_pop_ev(struct msg_queue *q)
{
	return ((struct msg_ev *)msg_queue_pop(q, 0));
}

struct msg_cmd *
msg_cmd_new(enum msg_cmd_type type)
{
	struct msg_cmd *m = xcalloc(1, sizeof *m);

	m->type = type;
	xfer_opts_init(&m->opts);
	return (m);
}

void
msg_cmd_free(struct msg_cmd *m)
{
	if (m == NULL)
		return;
	free(m->src);
	free(m->dst);
	if (m->text != NULL) {		/* may be a secret */
		explicit_bzero(m->text, strlen(m->text));
		free(m->text);
	}
	free((char *)m->opts.record_dir);
	free(m);
}

struct msg_ev *
msg_ev_new(enum msg_ev_type type, uint64_t job)
{
	struct msg_ev *m = xcalloc(1, sizeof *m);

	m->type = type;
	m->id = m->job = job;
	return (m);
}

void
msg_ev_free(struct msg_ev *m)
{
	if (m == NULL)
		return;
	free((char *)m->progress.source);
	free((char *)m->progress.target);
	free(m->q.source);
	free(m->q.target);
	free(m->q.suggest);
	free(m->q.prompt);
	free(m->q.details);
	vfs_list_free(&m->list);
	free(m->data);
	free(m->where);
	free(m->text);
	free(m);
}
