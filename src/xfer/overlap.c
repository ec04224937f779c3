/* ferry: the overlap check (see overlap.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/overlap.h"

int
overlap_read(struct vfs *fs, const char *path, uint64_t off, void *buf,
    size_t len, size_t *got, char **cause)
{
	struct vfs_file *f;
	int rc;

	*got = 0;
	if ((rc = fs->ops->open_read(fs, path, off, &f, cause)) != 0)
		return (rc);
	vfs_file_expect(f, off + len);
	rc = vfs_read_full(f, buf, len, got, cause);
	/* Stop the transfer early: an FTP backend sends ABOR here. */
	fs->ops->abort(f);
	return (rc);
}

size_t
overlap_first_diff(const void *a, const void *b, size_t len)
{
	const unsigned char *p = a, *q = b;
	size_t i;

	if (memcmp(a, b, len) == 0)
		return (len);
	for (i = 0; i < len && p[i] == q[i]; i++)
		;
	return (i);
}

uint64_t
overlap_tail_start(uint64_t offset, uint32_t window)
{
	return (offset > window ? offset - window : 0);
}

int
overlap_check_head(struct vfs *sfs, const char *spath, struct vfs *dfs,
    const char *dpath, uint64_t offset, uint32_t window, uint64_t *diff_at,
    char **cause)
{
	size_t len = offset < window ? (size_t)offset : window;
	size_t sgot, dgot, at;
	char *sbuf, *dbuf;
	int rc;

	*diff_at = 0;
	sbuf = xmalloc(len);
	dbuf = xmalloc(len);
	if ((rc = overlap_read(sfs, spath, 0, sbuf, len, &sgot, cause)) != 0)
		goto out;
	if ((rc = overlap_read(dfs, dpath, 0, dbuf, len, &dgot, cause)) != 0)
		goto out;
	at = overlap_first_diff(sbuf, dbuf, sgot < dgot ? sgot : dgot);
	if (sgot != len || dgot != len || at != len) {
		*diff_at = at < len ? at : (sgot < dgot ? sgot : dgot);
		rc = ferr_set(cause, FERR_MISMATCH,
		    _("%s: the partial target differs from the source at "
		    "byte %llu: not resuming"), path_basename(dpath),
		    (unsigned long long)*diff_at);
	}
out:
	free(sbuf);
	free(dbuf);
	return (rc);
}

int
overlap_check_seam(struct vfs *sfs, const char *spath, struct vfs *dfs,
    const char *dpath, uint64_t seam, uint64_t size, uint32_t window,
    char **cause)
{
	uint64_t from = overlap_tail_start(seam, window);
	uint64_t to = size - seam > window ? seam + window : size;
	size_t len = (size_t)(to - from), sgot, dgot, at;
	char *sbuf, *dbuf;
	int rc;

	if (len == 0)
		return (0);
	sbuf = xmalloc(len);
	dbuf = xmalloc(len);
	if ((rc = overlap_read(sfs, spath, from, sbuf, len, &sgot, cause)) !=
	    0 ||
	    (rc = overlap_read(dfs, dpath, from, dbuf, len, &dgot, cause)) !=
	    0)
		goto out;
	at = overlap_first_diff(sbuf, dbuf, sgot < dgot ? sgot : dgot);
	if (sgot != len || dgot != len || at != len) {
		rc = ferr_set(cause, FERR_MISMATCH,
		    _("%s: after the copy, the bytes near where it resumed "
		    "(byte %llu) differ from the source at byte %llu: the "
		    "target is damaged"), path_basename(dpath),
		    (unsigned long long)seam, (unsigned long long)(from +
		    (at < len ? at : (sgot < dgot ? sgot : dgot))));
	}
out:
	free(sbuf);
	free(dbuf);
	return (rc);
}
