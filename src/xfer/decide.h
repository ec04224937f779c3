/* ferry: the resume decision, a pure function.
 *
 * Facts about the source and the target (and the resume record, if one
 * exists) and a policy go in; a plan comes out.  No I/O, no globals: it is
 * tested as a table (tests/unit/test_decide.c).
 */
#ifndef FERRY_XFER_DECIDE_H
#define FERRY_XFER_DECIDE_H

#include <stdint.h>
#include <wchar.h>

#include "vfs/vfs.h"

enum xfer_policy {
	XFER_ASK = 0,		/* ask (or, without a terminal, refuse) */
	XFER_RESUME,		/* resume after checking the overlap */
	XFER_OVERWRITE,
	XFER_SKIP,
	XFER_RENAME,		/* write to NAME.1, NAME.2 ... */
	XFER_NEWER,		/* overwrite if the source is newer, else skip */
	XFER_SIZE_DIFFERS,	/* overwrite if the sizes differ, else skip */
	XFER_CANCEL,		/* stop the whole queue (an answer only) */
	XFER_POLICY_COUNT
};
#define XFER_CHOICE(p)	(1u << (p))

enum xfer_action {
	XA_FRESH = 0,		/* target missing or empty: write from byte 0 */
	XA_RESUME,		/* check the overlap, then append at offset */
	XA_VERIFY,		/* same size: check the windows, then done */
	XA_OVERWRITE,		/* replace the target */
	XA_SKIP,
	XA_RENAME,
	XA_ASK,			/* ask, offering plan.choices */
	XA_REFUSE,		/* cannot be done: plan.reason says why */
	XA_CANCEL,
};

enum xfer_reason {
	XR_NONE = 0,
	XR_SRC_MISSING,		/* source does not exist */
	XR_SRC_NOT_FILE,	/* source is a directory or special file */
	XR_DST_DIR,		/* target is a directory */
	XR_DST_NOT_FILE,	/* target is a special file */
	XR_DST_LARGER,		/* target larger than source: not a partial */
	XR_SRC_CHANGED,		/* resume record: source size/mtime changed */
	XR_NO_RESUME,		/* a backend cannot read/write at an offset */
	XR_SIZE_UNKNOWN,	/* source size unknown: cannot resume */
	XR_MTIME_UNKNOWN,	/* "newer" needs both modification times */
	XR_EXISTS,		/* target exists, policy is ask, no one to ask */
	XR_MISMATCH,		/* the bytes already there differ from the
				   source's (facts.check says where) */
};

struct xfer_side {
	enum vfs_type	type;		/* VFS_NONE: does not exist */
	int		size_known;
	uint64_t	size;
	int64_t		mtime;		/* VFS_MTIME_UNKNOWN if unknown */
	enum vfs_time_prec mtime_prec;	/* as the server gave it */
};

struct xfer_record_facts {
	int		present;	/* a record exists for this target */
	int		src_same;	/* its source size and mtime match */
	uint64_t	confirmed;	/* bytes it says are written */
	int		chunked;	/* it keeps chunk digests of a local
					   partial (of none yet if it confirms
					   no byte: the source is compared) */
	uint64_t	chunks;		/* how many: every byte can be
					   checked */
	uint64_t	segments;	/* a segmented download's partial:
					   how many segments (0: none); its
					   holes are known, each segment's
					   seam is checked */
};

/* What the check before appending found, once it failed. */
enum xfer_mismatch {
	XM_NONE = 0,		/* not checked, or it passed */
	XM_HEAD,		/* the first window differs at byte at */
	XM_TAIL,		/* the window before the resume offset
				   differs at byte at */
	XM_RECORD,		/* the window before the bytes the resume
				   record confirmed no longer has its digest */
	XM_CHUNK,		/* a chunk of the bytes the resume record
				   confirmed no longer has its digest */
	XM_SHORT,		/* the partial holds fewer bytes (at) than
				   the resume record confirmed (len) */
	XM_HASH,		/* the server's digest (algo) of the partial,
				   all its len bytes, is not the source's */
};

struct xfer_check {
	enum xfer_mismatch	 kind;
	uint64_t		 at;		/* XM_HEAD, XM_TAIL: the first
						   byte that differs; XM_SHORT:
						   the partial's size */
	uint64_t		 from;		/* the window compared: its */
	uint64_t		 len;		/* start and length */
	enum vfs_hash		 algo;		/* XM_HASH: the digest */
};

struct xfer_facts {
	struct xfer_side	 src;
	struct xfer_side	 dst;
	int			 can_resume;	/* src READ_AT and dst WRITE_AT */
	int			 dst_local;	/* the target is on this machine:
						   a partial can be read back */
	enum vfs_hash		 dst_hash;	/* a remote partial: its server
						   gives this digest of it,
						   and resume compares all of
						   it with the source's (NONE:
						   only the windows) */
	uint32_t		 window;	/* bytes of each overlap window
						   compared with the source; 0:
						   not checked (--no-verify) */
	struct xfer_record_facts rec;
	struct xfer_check	 check;		/* a failed check: resuming is
						   off, and so are the choices
						   that compare sizes or
						   times */
};

struct xfer_plan {
	enum xfer_action action;
	uint64_t	 offset;	/* XA_RESUME, XA_VERIFY: target size */
	unsigned	 choices;	/* XA_ASK: XFER_CHOICE() bits */
	enum xfer_reason reason;	/* XA_REFUSE (and why resume is not
					   offered, for XA_ASK) */
	int		 partial;	/* the target looks like a partial copy */
};

void	xfer_decide(const struct xfer_facts *, enum xfer_policy,
	    struct xfer_plan *out);
/* Facts of a stat result. */
void	xfer_side_from_stat(struct xfer_side *, const struct vfs_stat *);
/* Translated one-line text for a reason. */
const char *xfer_reason_text(enum xfer_reason);
const char *xfer_policy_name(enum xfer_policy);	/* "resume", ... */
#endif
