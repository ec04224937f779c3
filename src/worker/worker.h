/* ferry: the worker, which owns every session and runs every command in
 * its own threads, so that the front end never blocks on a file or the
 * network.
 *
 * The worker has lanes (threads): browse lanes run listings and file
 * operations (everything but copies), transfer lanes run copies, N at
 * once.  A listing never waits behind a copy.  All lanes take connected
 * sessions from one cache, keyed by scheme, user, host and port (never the
 * path), and lend each to one lane at a time.  A password or passphrase
 * the user typed, and a trust answer "this time", are kept in memory for
 * the life of the worker and reused by every lane (wiped when it stops).
 * src/INTERNALS.md draws the threads, queues and who owns what.
 *
 * The front end sends commands (worker_send) and reads events
 * (worker_next) when worker_fd() is readable.  Questions ("the target
 * exists: what now?", "password?") arrive as ME_QUESTION events, one at a
 * time for the whole worker; the lane that asked waits for the MC_ANSWER
 * with the same id. */
#ifndef FERRY_WORKER_H
#define FERRY_WORKER_H

#include <stdint.h>

#include "worker/msg.h"

struct worker;

/* Lanes: how many of each kind (0: the default). */
#define WORKER_BROWSE_LANES	2
#define WORKER_TRANSFERS	2	/* --parallel's default */
#define WORKER_TRANSFERS_MAX	16

/* How the worker opens sessions. */
struct worker_conf {
	struct vfs_env	env;		/* options; the worker sets the hooks
					   and cancel_fd (strings must outlive
					   the worker) */
	int		ask_secret;	/* the front end answers MQ_SECRET */
	int		ask_trust;	/* the front end answers MQ_TRUST */
	int		transfers;	/* transfer lanes (0: default) */
};

/* Start the threads (all signals blocked in them); conf may be NULL. */
int	worker_start(struct worker **, const struct worker_conf *,
	    char **cause);
/* Stop every job, finish the threads and free everything (the secrets
 * the user typed are wiped). */
void	worker_stop(struct worker *);
/* Hand a command over (the worker owns it now).  Returns its id: the one
 * set in the command, or a new one for a job.  MC_COPY goes to the
 * transfer lanes, other jobs to the browse lanes, in order. */
uint64_t worker_send(struct worker *, struct msg_cmd *);
/* Stop every job, those under way and those waiting (each still ends
 * with its ME_DONE or ME_LISTED, status FERR_CANCELLED). */
void	worker_cancel(struct worker *);
/* Stop one job: under way, waiting for its turn, or asking a question.
 * Returns 0 if the worker knew the job, FERR_NOENT if not (it ended). */
int	worker_cancel_job(struct worker *, uint64_t id);
/* Readable when events wait. */
int	worker_fd(const struct worker *);
/* The next event (caller frees with msg_ev_free), or NULL. */
struct msg_ev *worker_next(struct worker *);

#endif
