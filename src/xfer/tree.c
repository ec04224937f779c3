/* ferry: copying a directory tree, file by file, through xfer_file (or,
 * with opts->parallel, through the threads of pool.c). */
#include "config.h"

#include <stdlib.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/xfer_int.h"

#define TREE_DEPTH_MAX	64

/* Make the target directory unless it is one already; *made says
 * whether this call made it. */
static int
tree_mkdir(struct xfer_ctx *c, const char *dpath, uint32_t mode, int *made,
    char **cause)
{
	struct vfs_stat st;
	char *d;
	int rc;

	rc = c->dfs->ops->stat(c->dfs, dpath, &st, NULL);
	/* a directory entered: not a link planted there */
	if (rc == 0 && st.type == VFS_DIR && c->dfs->ops->check_target != NULL)
		return (c->dfs->ops->check_target(c->dfs, dpath, 1, cause));
	if (rc == 0 && st.type == VFS_DIR)
		return (0);
	if (rc == 0) {
		d = vfs_display(c->dfs, dpath);
		rc = ferr_set(cause, FERR_ISDIR, _("%s exists and is not a "
		    "directory"), d);
		free(d);
		return (rc);
	}
	rc = c->dfs->ops->mkdir(c->dfs, dpath, mode, cause);
	*made = rc == 0;
	return (rc);
}

/* Copy one entry of a listing. */
static int
tree_entry(struct xfer_ctx *c, const char *sdir, const char *ddir,
    const struct vfs_entry *e, int depth, int fresh, char **cause)
{
	char *spath, *dpath, *safe;
	int rc;

	if (!path_name_is_safe(e->name)) {
		safe = fmt_safe_name(e->name);
		rc = ferr_set(cause, FERR_IO, _("%s: refusing an unsafe name "
		    "in a listing"), safe);
		free(safe);
		c->result->failed++;
		return (rc);
	}
	spath = path_join(sdir, e->name);
	dpath = path_join(ddir, e->name);
	if (e->st.type == VFS_DIR)
		rc = xfer_tree(c, spath, &e->st, dpath, depth + 1, cause);
	else if (e->st.type == VFS_FILE && c->pool != NULL)
		rc = xfer_pool_add(c, spath, &e->st, dpath, fresh, cause);
	else if (e->st.type == VFS_FILE && fresh)
		rc = xfer_file_fresh(c, spath, &e->st, dpath, cause);
	else if (e->st.type == VFS_FILE)
		rc = xfer_file(c, spath, &e->st, dpath, cause);
	else {
		safe = fmt_safe_name(spath);
		rc = ferr_set(cause, FERR_IO, _("%s: not a regular file"),
		    safe);
		free(safe);
		c->result->failed++;
	}
	free(spath);
	free(dpath);
	/* The name came from the server: one that cannot be asked for
	 * (a line break in an FTP name) is the server's fault, not a
	 * usage error. */
	return (rc == FERR_USAGE ? FERR_IO : rc);
}

/* Open the directories of one level: make the target, list the source. */
static int
tree_open(struct xfer_ctx *c, const char *spath, const struct vfs_stat *sst,
    const char *dpath, int depth, struct vfs_list *l, int *fresh,
    char **cause)
{
	int rc;

	if (depth > TREE_DEPTH_MAX) {
		return (ferr_set(cause, FERR_IO, _("%s: directories nested "
		    "too deep"), spath));
	}
	if ((rc = tree_mkdir(c, dpath, (sst->mode & 0777) | 0700, fresh,
	    cause)) != 0)
		return (rc);
	return (c->sfs->ops->list(c->sfs, spath, l, cause));
}

/*
 * Every failure is told through the notice hook where it happens and the
 * copy goes on with the rest, as cp -r does; the first error code is
 * returned, with no message in *cause (xfer_run sums them up).
 */
int
xfer_tree(struct xfer_ctx *c, const char *spath, const struct vfs_stat *sst,
    const char *dpath, int depth, char **cause)
{
	struct vfs_list l = { 0 };
	char *why = NULL;
	int rc, first, made, fresh = 0;
	size_t i;

	if (depth == 0 && c->pool == NULL && xfer_pool_wanted(c))
		return (xfer_pool_tree(c, spath, sst, dpath, cause));
	if ((first = tree_open(c, spath, sst, dpath, depth, &l, &fresh,
	    &why)) != 0) {
		c->result->failed++;
		xfer_notice(c, 0, why);
	}
	made = first == 0;
	for (i = 0; i < l.n && first != FERR_CANCELLED; i++) {
		rc = tree_entry(c, spath, dpath, &l.v[i], depth, fresh, &why);
		if (rc == 0)
			continue;
		/* A directory has told its own failures already (unless
		 * its name was refused before it was entered). */
		if ((l.v[i].st.type != VFS_DIR ||
		    !path_name_is_safe(l.v[i].name)) && rc != FERR_CANCELLED)
			xfer_notice(c, 0, why);
		if (first == 0 || rc == FERR_CANCELLED)
			first = rc;
		if (xfer_is_cancelled(c))
			first = FERR_CANCELLED;
		free(why);
		why = NULL;
	}
	free(why);
	vfs_list_free(&l);
	/* Last: writing the entries changed the directory's time. */
	if (made && first != FERR_CANCELLED && c->pool != NULL)
		xfer_pool_dir_done(c, spath, sst, dpath);
	else if (made && first != FERR_CANCELLED)
		xfer_keep_time(c, spath, sst, dpath, NULL);
	return (first);
}
