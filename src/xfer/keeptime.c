/* ferry: a copy keeps the source's modification time (see xfer_int.h). */
#include "config.h"

#include <stdlib.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/xfer_int.h"

/* The source's time as precisely as it can be had: a time from a
 * listing (FTP LIST: the minute or the day) is asked for again, since a
 * stat of one file asks MDTM or MLST, which give the second. */
static void
keeptime_best(struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *sst, int64_t *t, enum vfs_time_prec *prec)
{
	struct vfs_stat st;

	*t = sst->mtime;
	*prec = *t == VFS_MTIME_UNKNOWN ? VFS_PREC_NONE : sst->mtime_prec;
	if (sst->type != VFS_FILE || *prec == VFS_PREC_SECOND ||
	    vfs_is_local(c->sfs))
		return;
	if (c->sfs->ops->stat(c->sfs, spath, &st, NULL) != 0 ||
	    st.mtime == VFS_MTIME_UNKNOWN)
		return;
	if (*t == VFS_MTIME_UNKNOWN || st.mtime_prec > *prec) {
		*t = st.mtime;
		*prec = st.mtime_prec;
	}
}

static int
keeptime_set(struct xfer_ctx *c, const char *dpath, int64_t t,
    char **cause)
{
	const struct vfs_ops *ops = c->dfs->ops;

	if (ops->setmtime == NULL || !(ops->caps & VFS_CAP_SETTIME))
		return (ferr_set(cause, FERR_UNSUPPORTED, _("%s cannot set "
		    "modification times"), ops->name));
	return (ops->setmtime(c->dfs, dpath, t, cause));
}

/* -v: a time kept, but less precise than the second. */
static void
keeptime_note_coarse(struct xfer_ctx *c, const char *ddisp,
    enum vfs_time_prec prec)
{
	char *text;

	switch (prec) {
	case VFS_PREC_SECOND:
		return;
	case VFS_PREC_MINUTE:
		text = xasprintf(_("%s: modification time kept to the minute "
		    "(the server's listing gives no seconds)"), ddisp);
		break;
	case VFS_PREC_DAY:
		text = xasprintf(_("%s: modification time kept to the day "
		    "(the server's listing gives no time of day)"), ddisp);
		break;
	default:
		text = xasprintf(_("%s: modification time kept (how precise "
		    "the source's time is, is unknown)"), ddisp);
		break;
	}
	xfer_notice(c, 1, text);
	free(text);
}

/* A failure: said once per target session, or per tree copied over
 * several (later ones only with -v). */
static void
keeptime_note_failure(struct xfer_ctx *c, int rc, const char *why)
{
	char *text;
	int told;

	if (rc == FERR_UNSUPPORTED)
		text = xasprintf(_("%s (copies there keep the time they were "
		    "written)"), why);
	else
		text = xasprintf(_("%s; the copy keeps the time it was "
		    "written"), why);
	told = c->dfs->told_no_settime;
	/* A tree copied over several sessions tells it once too. */
	if (c->pool != NULL && xfer_pool_told_no_settime(c))
		told = 1;
	xfer_notice(c, told ? 1 : 0, text);
	c->dfs->told_no_settime = 1;
	free(text);
}

void
xfer_keep_time(struct xfer_ctx *c, const char *spath,
    const struct vfs_stat *sst, const char *dpath, const char *ddisp)
{
	enum vfs_time_prec prec;
	char *cause = NULL, *d = NULL;
	int64_t t;
	int rc;

	if (!c->opts->preserve_time || xfer_is_cancelled(c))
		return;
	if (ddisp == NULL)
		ddisp = d = vfs_display(c->dfs, dpath);
	keeptime_best(c, spath, sst, &t, &prec);
	if (t == VFS_MTIME_UNKNOWN) {
		cause = xasprintf(_("%s: the source's modification time is "
		    "unknown: not kept"), ddisp);
		xfer_notice(c, 1, cause);
	} else if ((rc = keeptime_set(c, dpath, t, &cause)) != 0)
		keeptime_note_failure(c, rc, cause != NULL ? cause : ddisp);
	else
		keeptime_note_coarse(c, ddisp, prec);
	free(cause);
	free(d);
}
