/* ferry: one download over several connections (--segments).
 *
 * A large file of known size, from a server to a local target, is split
 * into segments, byte ranges of the source that follow each other from
 * byte 0 to its end.  Each is read over a connection of its own (FTP:
 * REST and RETR, then ABOR at the segment's end; SFTP: a read handle at
 * its offset) and written at its place in a partial beside the target
 * (TARGET.ferry-part, positioned writes past the end: VFS_WR_HOLE).  The
 * resume record (version 3) keeps, for every segment, how far it is
 * confirmed and the digest of the window before that end: the bytes past
 * a segment's confirmed end are holes, never data.  The partial replaces
 * the target only when every segment is complete.
 *
 * Before a segmented partial is resumed, every segment's seam (the window
 * before its confirmed end) is checked against the record's digest and
 * against the source, and the head of the file against the source, before
 * anything is written.
 *
 * The threads ("hands") take segments from a list until none is left:
 * the first over the session xfer_file was given, the others over sessions
 * from hooks->session.  A hand that cannot connect leaves its segments to
 * the others.  The caller's thread meanwhile polls the cancel hook, draws
 * the progress of all segments together and writes the record once a
 * second, after flushing the partial.
 *
 * seg_count and seg_plan are pure (tests/unit/test_segment.c).
 */
#ifndef FERRY_XFER_SEGMENT_H
#define FERRY_XFER_SEGMENT_H

#include <stdint.h>

#include "xfer/decide.h"
#include "xfer/record.h"

/* Bytes a segment must have at least: below that, the extra connection
 * (an SSH handshake, a login) costs more than it brings. */
#define SEG_MIN		(8u * 1024 * 1024)
/* Segment boundaries fall on multiples of this. */
#define SEG_ALIGN	(64u * 1024)
#define SEG_MAX		RECORD_SEGS_MAX

/* How many segments a download of size bytes is split into when want
 * are asked for: at most want and SEG_MAX, each at least SEG_MIN bytes;
 * 1 (one stream, as without segments) when fewer than 2 fit. */
int	seg_count(uint64_t size, int want);
/* Give r (source size src_size set) n segments (2 to SEG_MAX) of about
 * equal size covering [0, r->src_size), each on a multiple of SEG_ALIGN
 * but the end, none confirmed yet (r->seg malloc'd, replaced).  Returns
 * 0, or -1 if n or the size do not allow it. */
int	seg_plan(struct xfer_record *r, int n);

struct xfer_ctx;

/* One segmented download, as copy.c hands it over. */
struct seg_job {
	struct xfer_ctx		*ctx;
	const char		*spath;
	const char		*dpath;		/* the partial */
	const char		*sdisp;
	const char		*ddisp;
	const struct vfs_stat	*sst;
	uint32_t		 mode;		/* of a new partial */
	int			 wflags;	/* fresh: how to open the
						   partial at byte 0 */
	int			 resume;	/* go on from rec's segments */
	int			 verify;	/* check the seams first */
	int			 nsegs;		/* fresh: how many */
	const char		*recpath;	/* NULL: no record */
	struct xfer_record	*rec;		/* resume: the partial's;
						   filled as the copy goes */
	/* What happened. */
	int			 opened;	/* the partial was written to */
	uint64_t		 start;		/* bytes present before */
	uint64_t		 done;		/* bytes present now */
	struct xfer_check	 check;		/* a failed seam check */
};

/* Carry out a segmented download: 0 when every segment is complete (the
 * partial then holds the whole file, flushed), or a FERR_* code with
 * *cause (FERR_MISMATCH with j->check, nothing written, when a seam
 * differs).  The record is kept with what is confirmed. */
int	seg_run(struct seg_job *j, char **cause);

#endif
