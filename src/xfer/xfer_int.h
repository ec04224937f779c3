/* ferry: the transfer engine's internals, shared by copy.c and tree.c. */
#ifndef FERRY_XFER_INT_H
#define FERRY_XFER_INT_H

#include "xfer/xfer.h"

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
};

/* sst is the source's stat as the caller has it (from a stat or from the
 * listing it came in): it is not asked for again. */
int	xfer_file(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, char **cause);
int	xfer_tree(struct xfer_ctx *, const char *spath,
	    const struct vfs_stat *sst, const char *dpath, int depth,
	    char **cause);
int	xfer_is_cancelled(const struct xfer_ctx *);
/* Tell the front end a one-line note (see struct xfer_hooks). */
void	xfer_notice(const struct xfer_ctx *, int info, const char *text);

#endif
