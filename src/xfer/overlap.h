/* ferry: the overlap check, which makes sure the bytes already in a partial
 * target really belong to the source before anything is appended.
 *
 * Two windows are compared: the first bytes of the file, and the bytes just
 * before the resume offset.  For the head window both sides are read.  For
 * the tail window the source is read by the copy itself, which starts a
 * window early (no extra round trip on a download); overlap_tail_* compare
 * those first bytes with the target's. */
#ifndef FERRY_XFER_OVERLAP_H
#define FERRY_XFER_OVERLAP_H

#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"

/* Read exactly len bytes at off from path on fs (fewer only at the end of
 * the file: *got says how many). */
int	overlap_read(struct vfs *fs, const char *path, uint64_t off,
	    void *buf, size_t len, size_t *got, char **cause);
/* Compare [0, min(window, offset)) of source and target.  0 if equal,
 * FERR_MISMATCH (with *cause naming the first differing byte, and *at
 * set to it) if not. */
int	overlap_check_head(struct vfs *sfs, const char *spath,
	    struct vfs *dfs, const char *dpath, uint64_t offset,
	    uint32_t window, uint64_t *at, char **cause);
/* After a copy that resumed at seam: compare [seam - window, seam +
 * window) (clipped to [0, size)) of source and target, to catch a server
 * that went on writing from an old session after a cut.  0 if equal,
 * FERR_MISMATCH if not. */
int	overlap_check_seam(struct vfs *sfs, const char *spath,
	    struct vfs *dfs, const char *dpath, uint64_t seam, uint64_t size,
	    uint32_t window, char **cause);
/* Where the tail window starts for a resume at offset. */
uint64_t overlap_tail_start(uint64_t offset, uint32_t window);
/* Index of the first differing byte of a and b, or len if none. */
size_t	overlap_first_diff(const void *a, const void *b, size_t len);

#endif
