/* ferry: the transfer engine.
 *
 * Copies one file (or a tree) between two vfs sessions, deciding with
 * xfer_decide what to do with an existing target, checking the overlap
 * before appending, keeping a resume record, retrying after a lost
 * connection.  It never talks to the user: it calls the hooks, which the
 * worker turns into events and questions.
 */
#ifndef FERRY_XFER_H
#define FERRY_XFER_H

#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"
#include "xfer/decide.h"

#define XFER_WINDOW_DEFAULT	(64u * 1024)
#define XFER_BUFSIZE_DEFAULT	(1024u * 1024)
#define XFER_RETRIES_DEFAULT	5
/* Bytes a second below which a transfer counts as stalled (curl's
 * --speed-limit); over the idle timeout unless speed_time says. */
#define XFER_SPEED_LIMIT_DEFAULT 1024
/* Files of a tree copied at once (opts->parallel 0), each over its own
 * pair of sessions: xfer_lanes_default. */
#define XFER_PARALLEL_DEFAULT	4
#define XFER_PARALLEL_MAX	16
#define XFER_SEGMENTS_MAX	16

struct xfer_opts {
	enum xfer_policy policy;	/* for every existing target */
	int		 verify;	/* check the overlap before appending */
	uint32_t	 window;	/* bytes per overlap window */
	int		 retries;	/* reconnect-and-resume attempts */
	size_t		 bufsize;
	uint64_t	 rate_limit;	/* bytes/s, 0 for none */
	/* Slower than speed_limit bytes/s (0: no limit) for speed_time
	 * seconds (0: the sessions' idle timeout) is as good as cut: the
	 * connection is made again and the copy resumed, within retries.
	 * Only where a side is remote. */
	uint64_t	 speed_limit;
	int		 speed_time;
	int		 recursive;
	/* A tree: files copied at once, each thread over its own pair of
	 * sessions from hooks->session (0: XFER_PARALLEL_DEFAULT; 1, or no
	 * session hook: one after the other). */
	int		 parallel;
	/* A download of a large file to a local target: over up to this
	 * many connections at once, each moving a segment of the file
	 * (segment.h; 0 or 1: one; more only with hooks->session). */
	int		 segments;
	const char	*record_dir;	/* NULL: no resume records */
	int		 preserve_time;	/* give a complete copy the source's
					   modification time (default on) */
};

struct xfer_progress {
	const char	*source;	/* display location */
	const char	*target;
	uint64_t	 done;		/* bytes of the target now present */
	uint64_t	 total;		/* source size, 0 if unknown */
	uint64_t	 start;		/* offset this run started at */
	double		 rate;		/* bytes/s over the last seconds */
	int64_t		 eta;		/* seconds, -1 if unknown */
	int		 files_done;	/* in a tree */
};

/* Everything a "target exists" question shows.  Asked again, without
 * Resume, when the check before appending failed (facts.check says what
 * differs). */
struct xfer_question {
	const char		*source;
	const char		*target;
	struct xfer_facts	 facts;
	struct xfer_plan	 plan;		/* XA_ASK with its choices */
	int			 record;	/* 0 none, 1 matches, -1 differs */
	const char		*suggest;	/* Rename: the first free name
						   in the target's directory,
						   "NAME.1" ... (NULL: none) */
};

struct xfer_hooks {
	void	*arg;
	/* Called at most a few times a second and at the end. */
	void	(*progress)(void *arg, const struct xfer_progress *);
	/* A one-line, translated note: a warning or error that the run
	 * goes on after (info 0), or what was done (info 1: "resuming at
	 * byte N, overlap checked"), which front ends may show only when
	 * asked to be verbose. */
	void	(*notice)(void *arg, int info, const char *text);
	/* Polled between blocks: non-zero stops the transfer. */
	int	(*cancelled)(void *arg);
	/* Target exists and the policy is "ask", or the check of a partial
	 * failed: return the choice (one of q->plan.choices, or
	 * XFER_CANCEL); *all set to 1 applies it to every later question
	 * of the same kind in this run.  For XFER_RENAME, *name may be set
	 * to the name to write to instead of q->suggest: a name in the
	 * target's directory (malloc'd, the engine frees it; never one
	 * that exists).  NULL hook: exit status 3 for an existing target,
	 * 5 for a failed check. */
	enum xfer_policy (*ask)(void *arg, const struct xfer_question *q,
		    int *all, char **name);
	/* Optional, for a tree with opts->parallel > 1 and the segments of
	 * a download (opts->segments > 1): another connected
	 * session for one side of the copy (XFER_SOURCE or XFER_TARGET),
	 * on the same server as the one given to xfer_run, for a thread of
	 * its own; given back with release (keep: fit for reuse).  Called
	 * from several threads at once; the other hooks are called by one
	 * thread at a time. */
	int	(*session)(void *arg, int side, struct vfs **fs, char **cause);
	void	(*release)(void *arg, struct vfs *fs, int keep);
};

#define XFER_SOURCE	0
#define XFER_TARGET	1

struct xfer_result {
	int		files;		/* copied (fully) */
	int		skipped;
	int		failed;
	int		resumed;	/* attempts that appended to a
					   partial */
	uint64_t	bytes;		/* moved in this run */
};

/*
 * Copy spath on sfs to dpath on dfs.  dpath names the target itself (the
 * caller has already appended the source's base name where the target was a
 * directory).  With opts->recursive a source directory is copied as a tree.
 * Returns 0 or a FERR_* code (the first error of a tree); *cause says why.
 */
int	xfer_run(struct vfs *sfs, const char *spath, struct vfs *dfs,
	    const char *dpath, const struct xfer_opts *,
	    const struct xfer_hooks *, struct xfer_result *, char **cause);

void	xfer_opts_init(struct xfer_opts *);
/* Files of a tree at once when opts->parallel is 0: XFER_PARALLEL_DEFAULT,
 * or for servers on this host (loopback) one a core of ncpu, from 2 up to
 * that (pool.c says why).  ncpu < 1: unknown. */
int	xfer_lanes_default(int loopback, long ncpu);
/* A stable name for a file, as resume records key it: an absolute local
 * path, or the URL without password (malloc'd). */
char	*xfer_location(struct vfs *, const char *path);
/* Set ->partial on the files of a listing of dir that a resume record
 * names as its target: partial copies left by interrupted transfers. */
void	xfer_mark_partials(const char *record_dir, struct vfs *,
	    const char *dir, struct vfs_list *);

#endif
