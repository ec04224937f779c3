/* ferry: the transfer queue of the file manager.
 *
 * F5 queues one item per entry.  The queue keeps every item until the user
 * removes it: waiting, running, done, failed or cancelled, with its bytes,
 * rate, ETA and last message.  At most `parallel` items run at once: the
 * queue sends the next MC_COPY when one ends (the worker's transfer lanes
 * run them side by side).  An answer "for all the rest" applies to the
 * items sent after it.
 *
 * No curses here: the view is ui/qview.c. */
#ifndef FERRY_UI_QUEUE_H
#define FERRY_UI_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "xfer/xfer.h"

struct pane;
struct worker;

enum queue_state {
	QS_WAITING = 0,
	QS_RUNNING,
	QS_DONE,
	QS_FAILED,
	QS_CANCELLED,
};

struct queue_item {
	char			*src;		/* location of the entry */
	char			*dst;		/* the other pane's directory */
	int			 target;	/* pane to list again when done,
						   -1: none */
	int			 down;		/* towards this machine */
	unsigned		 batch;		/* the F5 it came from */
	enum queue_state	 state;
	uint64_t		 job;		/* worker job while running */
	int			 status;	/* 0 or FERR_* when ended */
	int			 resumed;	/* it resumed a partial */
	int			 tree;		/* a directory and all it holds */
	int			 edit;		/* F4's copy (ui/edit.h) */
	enum xfer_policy	 policy;	/* for its target, XFER_ASK: the
						   queue's */
	uint64_t		 done;		/* bytes of the target */
	uint64_t		 total;		/* 0: unknown */
	double			 rate;
	int64_t			 eta;
	char			*message;	/* last one, safe (owned) */
	struct xfer_result	 result;
	struct queue_item	*next;
};

struct queue {
	struct queue_item	*head;		/* every item, in order */
	struct queue_item	*tail;
	int			 parallel;	/* at most this many run */
	unsigned		 batches;
	enum xfer_policy	 policy;	/* for the rest: XFER_ASK, or an
						   answer "for all" */
	struct xfer_opts	 opts;		/* options of every copy
						   (record_dir not owned) */
};

/* An empty queue running up to parallel items (0: one) with opts. */
void	queue_init(struct queue *, int parallel, const struct xfer_opts *);
/* Drop every item (call after the worker stops). */
void	queue_free(struct queue *);
/* Queue the marked entries of from (or the one under its cursor) to the
 * directory of to, as one batch.  Returns how many; names that are not
 * safe as one path component are left out and counted in *unsafe, and so
 * are unfinished copies (files a resume record names) if skip_partial. */
int	queue_add_pane(struct queue *, const struct pane *from,
	    const struct pane *to, int target, int down, int skip_partial,
	    int *unsafe);
/* Queue one item (from a saved queue); the caller gives the strings. */
struct queue_item *queue_add(struct queue *, const char *src,
	    const char *dst, int target, int down);
/* Send waiting items while fewer than parallel run.  Returns how many
 * were sent. */
int	queue_start(struct queue *, struct worker *);
/* The running item of a worker job, or NULL. */
struct queue_item *queue_find_job(struct queue *, uint64_t job);
/* A job ended (its ME_DONE): the item's state, status and result. */
void	queue_finish(struct queue_item *, int status, const char *text,
	    const struct xfer_result *);
/* Stop an item: a running one through the worker (its ME_DONE follows),
 * a waiting one at once. */
void	queue_cancel(struct queue_item *, struct worker *);
/* Stop every item that is running or waiting, and forget "for all". */
void	queue_cancel_all(struct queue *, struct worker *);
/* Put an ended item (failed, cancelled, done) back to waiting. */
int	queue_retry(struct queue_item *);
/* Take an ended or waiting item out of the queue and free it; a running
 * one stays (0 if it was removed). */
int	queue_remove(struct queue *, struct queue_item *);
/* Remove every ended item. */
void	queue_clean(struct queue *);
void	queue_set_message(struct queue_item *, const char *safe_text);

size_t	queue_count(const struct queue *, enum queue_state);
size_t	queue_length(const struct queue *);
/* The n-th item (0 first), NULL past the end. */
struct queue_item *queue_nth(const struct queue *, size_t n);
/* Items running or waiting. */
int	queue_busy(const struct queue *);
/* Whether every item of a batch has ended. */
int	queue_batch_ended(const struct queue *, unsigned batch);
/* "3 copied, 1 resumed, 1 refused: its partial differs, 2 skipped": the
 * summary of a batch, translated (malloc'd). */
char	*queue_batch_summary(const struct queue *, unsigned batch);
/* The translated name of a state ("waiting", "running", ...). */
const char *queue_state_name(enum queue_state);

#endif
