/* ferry: the worker thread, which owns every session and runs every
 * command, so that the front end never blocks on a file or the network.
 *
 * The front end sends commands (worker_send) and reads events
 * (worker_next) when worker_fd() is readable.  Questions from the engine
 * ("the target exists: what now?") arrive as ME_QUESTION events; the worker
 * waits for the MC_ANSWER with the same id. */
#ifndef FERRY_WORKER_H
#define FERRY_WORKER_H

#include <stdint.h>

#include "worker/msg.h"

struct worker;

/* How the worker opens sessions. */
struct worker_conf {
	struct vfs_env	env;		/* options; the worker sets the hooks
					   and cancel_fd (strings must outlive
					   the worker) */
	int		ask_secret;	/* the front end answers MQ_SECRET */
	int		ask_trust;	/* the front end answers MQ_TRUST */
};

/* Start the thread (all signals blocked in it); conf may be NULL. */
int	worker_start(struct worker **, const struct worker_conf *,
	    char **cause);
/* Stop the current job, finish the thread and free everything. */
void	worker_stop(struct worker *);
/* Hand a command over (the worker owns it now).  Returns its id: the one
 * set in the command, or a new one for MC_COPY and MC_LIST. */
uint64_t worker_send(struct worker *, struct msg_cmd *);
/* Stop the job under way and any question it is waiting on. */
void	worker_cancel(struct worker *);
/* Readable when events wait. */
int	worker_fd(const struct worker *);
/* The next event (caller frees with msg_ev_free), or NULL. */
struct msg_ev *worker_next(struct worker *);

#endif
