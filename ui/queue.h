/* ferry: the copy queue of the file manager.
 *
 * F5 queues one copy per entry; the worker gets one MC_COPY at a time, the
 * next when the ME_DONE of the one before arrives. */
#ifndef FERRY_UI_QUEUE_H
#define FERRY_UI_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "xfer/decide.h"

struct pane;
struct worker;

struct queue_item {
	char			*src;		/* location of the entry */
	char			*dst;		/* the other pane's directory */
	int			 target;	/* pane to list again when done */
	int			 down;		/* towards this machine */
	struct queue_item	*next;
};

struct queue {
	struct queue_item	*head;		/* waiting */
	struct queue_item	*tail;
	struct queue_item	*running;	/* sent, ME_DONE awaited */
	uint64_t		 job;		/* id of the one running */
	enum xfer_policy	 policy;	/* for the rest: XFER_ASK, or an
						   answer "for all" */
};

void	queue_init(struct queue *);
/* Drop everything (the running item too: call after the worker stops). */
void	queue_free(struct queue *);
/* Queue the marked entries of from (or the one under its cursor) to the
 * directory of to.  Returns how many; names that are not safe as one path
 * component are left out and counted in *unsafe. */
int	queue_add_pane(struct queue *, const struct pane *from,
	    const struct pane *to, int target, int down, int *unsafe);
/* If nothing runs, send the next item.  Returns it, or NULL. */
const struct queue_item *queue_start(struct queue *, struct worker *);
/* The running item, if id is its job: the caller owns it now. */
struct queue_item *queue_finish(struct queue *, uint64_t id);
/* Forget the items that wait (the running one stays) and any answer
 * "for all". */
void	queue_clear(struct queue *);
int	queue_busy(const struct queue *);
size_t	queue_waiting(const struct queue *);
void	queue_item_free(struct queue_item *);

#endif
