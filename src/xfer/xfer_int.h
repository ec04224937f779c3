/* ferry: the transfer engine's internals, shared by copy.c and tree.c. */
#ifndef FERRY_XFER_INT_H
#define FERRY_XFER_INT_H

#include "xfer/xfer.h"

struct xfer_pool;

/* One run of xfer_run: the sessions, the options and what was decided for
 * all the rest ("apply to all"). */
struct xfer_ctx {
	struct vfs		*sfs;
	struct vfs		*dfs;
	const struct xfer_opts	*opts;
	const struct xfer_hooks	*hooks;
	struct xfer_result	*result;
	enum xfer_policy	 sticky;	/* XFER_ASK: none yet */
	enum xfer_policy	 sticky_mismatch; /* the same for partials
						   whose check failed */
	int			 files_done;
	struct xfer_pool	*pool;		/* a tree copied in parallel
						   (pool.c), or NULL */
	int			 said_in_place;	/* the notice that overwrites
						   go in place was given */
	int			 records_any;	/* the record directory held a
						   record when the run began:
						   a source may be an
						   unfinished copy */
};

/* sst is the source's stat as the caller has it (from a stat or from the
 * listing it came in): it is not asked for again. */
int	xfer_file(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, char **cause);
/* The same for a file whose directory this copy has just made: nothing
 * can be at dpath yet, so it is not asked for (the open is exclusive, so
 * a file that appeared meanwhile is still not overwritten). */
int	xfer_file_fresh(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, char **cause);
int	xfer_tree(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, int depth,
	    char **cause);
/* Bytes [from, from + len) of the partial at ddisp differ from what
 * ferry wrote: fills *check (XM_CHUNK) and says so; FERR_MISMATCH.  For
 * a single stream and a segment alike (copy.c). */
int	xfer_chunk_differs(struct xfer_check *check, const char *ddisp,
	    uint64_t from, uint64_t len, char **cause);
/* pool.c: copy the tree at spath with opts->parallel threads, the
 * caller's listing its directories (xfer_tree) while the others copy the
 * files it found. */
int	xfer_pool_wanted(const struct xfer_ctx *);
int	xfer_pool_tree(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, char **cause);
/* A file the walk found: queued for a thread, or copied at once when
 * the queue is full (then its result, as xfer_file's). */
int	xfer_pool_add(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, int fresh,
	    char **cause);
/* A directory of the walk whose entries are done: its time is given once
 * the threads have copied its files. */
void	xfer_pool_dir_done(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath);
/* A tree copied in parallel: 1 if a thread has told already that the
 * target cannot keep times (and from now on, it has). */
int	xfer_pool_told_no_settime(struct xfer_ctx *);
int	xfer_is_cancelled(const struct xfer_ctx *);
/* Give dpath (a complete copy: a file, or a directory whose entries are
 * done) the source's modification time, if opts->preserve_time says so.
 * A source time known only to the minute or the day (an FTP listing) is
 * asked for again where the server may know the second (MDTM, MLST).
 * Failures are notices, never errors: a session that cannot set times is
 * told once (vfs->told_no_settime).  ddisp may be NULL. */
void	xfer_keep_time(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, const char *ddisp);
/* The hex SHA-256 of len bytes (a resume record's window digest). */
void	xfer_digest(const unsigned char *buf, size_t len, char out[65]);
/* Tell the front end a one-line note (see struct xfer_hooks). */
void	xfer_notice(const struct xfer_ctx *, int info, const char *text);

#endif
