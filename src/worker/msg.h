/* ferry: the messages between the front end (TUI or command line) and the
 * worker thread.
 *
 * Commands go to the worker, events come back.  Both are heap objects
 * handed over with the queue: whoever takes one from a queue owns it and
 * frees it with msg_cmd_free / msg_ev_free.  All strings inside are owned
 * by the message.
 */
#ifndef FERRY_MSG_H
#define FERRY_MSG_H

#include <pthread.h>
#include <stdint.h>

#include "vfs/vfs.h"
#include "xfer/xfer.h"

/* The first member of every message: its link in a queue. */
struct msg_link {
	struct msg_link	*next;
};

enum msg_cmd_type {
	MC_COPY,	/* copy src to dst with opts (a transfer lane) */
	MC_MOVE,	/* copy src to dst, then delete src once the copy
			   completed (a transfer lane; across servers) */
	MC_LIST,	/* list src (opts.record_dir: mark partials) */
	MC_MKDIR,	/* make the directory src */
	MC_RENAME,	/* rename src to dst on one server, never replacing */
	MC_DELETE,	/* delete src, a directory with all it holds */
	MC_COUNT,	/* what deleting src would remove (ME_DONE count) */
	MC_CHMOD,	/* set the permission bits of src to mode */
	MC_READ,	/* length bytes of src from offset (ME_DONE data) */
	MC_FIND,	/* names under src matching text, all the way down
			   (ME_LISTING: list, listed = directories read;
			   ME_DONE: files = matches, dirs, truncated) */
	MC_ANSWER,	/* answer to the question with id */
	MC_SECRET,	/* text is the secret of realm src (a password
			   the user typed in a URL), kept in memory */
	MC_QUIT,
};

/* MC_RENAME and MC_MOVE's mode: dst is a directory that must exist, and
 * src goes into it under its own name (F6 on marked entries); without it,
 * a dst that is a directory is gone into as well, as mv does. */
#define MC_INTO		0x1
/* MC_DELETE's mode: a directory is refused (the command line's rm
 * without -r); without it, it goes with all it holds. */
#define MC_FILE_ONLY	0x1

struct msg_cmd {
	struct msg_link		 link;		/* first */
	enum msg_cmd_type	 type;
	uint64_t		 id;		/* job, or question answered */
	char			*src;		/* location (URL or path) */
	char			*dst;
	struct xfer_opts	 opts;		/* MC_COPY; record_dir owned */
	int			 interactive;	/* MC_COPY: questions answered */
	int			 partial;	/* MC_LIST: ME_LISTING events
						   while it grows */
	enum xfer_policy	 answer;	/* MC_ANSWER to MQ_EXISTS */
	int			 all;		/* MC_ANSWER: for all the rest */
	enum vfs_trust		 trust;		/* MC_ANSWER to MQ_TRUST */
	uint32_t		 mode;		/* MC_CHMOD, MC_MKDIR (0: default);
						   MC_RENAME, MC_MOVE: MC_INTO;
						   MC_DELETE: MC_FILE_ONLY */
	uint64_t		 offset;	/* MC_READ */
	uint64_t		 length;	/* MC_READ */
	char			*text;		/* MC_ANSWER to MQ_SECRET (NULL:
						   none given); wiped when
						   freed.  To MQ_EXISTS with
						   XFER_RENAME: the name typed
						   (NULL: q.suggest) */
};

enum msg_ev_type {
	ME_PROGRESS,
	ME_NOTICE,	/* text */
	ME_QUESTION,	/* question; answer with MC_ANSWER and this id */
	ME_LISTING,	/* a listing under way (MC_LIST with partial): its
			   entries so far in list, sorted, the first time
			   only; after that only how many (listed) */
	ME_LISTED,	/* list (for MC_LIST) */
	ME_DONE,	/* status, text (the error), result */
};

enum msg_question_kind {
	MQ_EXISTS = 0,	/* the target exists: source, target, facts, plan */
	MQ_SECRET,	/* a password: prompt, echo */
	MQ_TRUST,	/* an unknown host key or certificate: prompt,
			   details */
};

struct msg_question {
	enum msg_question_kind	 kind;
	char			*prompt;	/* MQ_SECRET, MQ_TRUST */
	char			*details;	/* MQ_TRUST: '\n' separated */
	int			 echo;		/* MQ_SECRET */
	char			*source;
	char			*target;
	struct xfer_facts	 facts;
	struct xfer_plan	 plan;
	int			 record;
	char			*suggest;	/* MQ_EXISTS: the name Rename
						   takes if none is typed
						   (NULL: none free) */
};

struct msg_ev {
	struct msg_link		 link;		/* first */
	enum msg_ev_type	 type;
	uint64_t		 id;		/* the job, or the question */
	uint64_t		 job;
	struct xfer_progress	 progress;	/* strings owned: src, target */
	struct msg_question	 q;
	struct vfs_list		 list;
	char			*text;
	int			 info;		/* ME_NOTICE: not a warning */
	int			 status;	/* 0 or FERR_* */
	struct xfer_result	 result;
	uint64_t		 files;		/* MC_COUNT, MC_DELETE: files, */
	uint64_t		 dirs;		/* directories */
	uint64_t		 bytes;		/* and bytes of the files */
	int			 truncated;	/* MC_FIND: stopped at its
						   most */
	char			*where;		/* ME_LISTED: the location as an
						   absolute URL, when known */
	size_t			 listed;	/* ME_LISTING: entries so far */
	char			*data;		/* MC_READ: the bytes read */
	size_t			 len;
};

/* A queue of either kind, with a mutex and a condition variable. */
struct msg_queue {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct msg_link	*head;
	struct msg_link	*tail;
};

void	msg_queue_init(struct msg_queue *);
/* Free what is still queued, then the queue's lock. */
void	msg_queue_destroy_cmds(struct msg_queue *);
void	msg_queue_destroy_evs(struct msg_queue *);
/* Append; the queue owns the message until it is popped. */
void	msg_queue_push_cmd(struct msg_queue *, struct msg_cmd *);
void	msg_queue_push_ev(struct msg_queue *, struct msg_ev *);
/* Take the command with this id out of the queue (NULL: not there). */
struct msg_cmd *msg_queue_remove_cmd(struct msg_queue *, uint64_t id);
/* Take the first, or NULL; _wait blocks until there is one. */
struct msg_cmd *msg_queue_pop_cmd(struct msg_queue *, int wait);
/* Wait at most wait_ms for a command; NULL if none came. */
struct msg_cmd *msg_queue_pop_cmd_timed(struct msg_queue *, int wait_ms);
struct msg_ev *msg_queue_pop_ev(struct msg_queue *);

struct msg_cmd *msg_cmd_new(enum msg_cmd_type);
void	msg_cmd_free(struct msg_cmd *);
struct msg_ev *msg_ev_new(enum msg_ev_type, uint64_t job);
void	msg_ev_free(struct msg_ev *);

#endif
