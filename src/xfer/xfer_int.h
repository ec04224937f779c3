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
	int			 files_done;
};

int	xfer_file(struct xfer_ctx *, const char *spath, const char *dpath,
	    char **cause);
int	xfer_tree(struct xfer_ctx *, const char *spath, const char *dpath,
	    int depth, char **cause);
int	xfer_is_cancelled(const struct xfer_ctx *);

#endif
