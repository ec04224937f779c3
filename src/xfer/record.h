/* ferry: resume records.
 *
 * While a transfer runs, a small text file under $XDG_STATE_HOME/ferry/
 * (default ~/.local/state/ferry/) says what the target is a copy of and how
 * much of it is written.  It is replaced atomically (write, then rename) and
 * removed when the transfer completes.  After a crash it tells ferry which
 * targets are partial and whether their source changed since.
 *
 * The digest is SHA-256 over the first window of the target and the window
 * just before the confirmed offset (the same windows the overlap check
 * reads), so a later resume can tell that the bytes it relies on are still
 * the ones written.
 *
 * A record of a local target (version 2) also keeps a digest of every
 * chunk of the confirmed bytes (see chunks.h): the chunks of chunk_size
 * bytes from byte 0, the last one ending at the confirmed offset (so it
 * may be shorter).  A version 1 record, or one of a remote target, has
 * none (chunk_size 0): only the windows can be checked.
 *
 * A record of a segmented download (version 3, --segments) keeps each
 * segment's range [start, end) of the source, how far it is confirmed
 * ([start, confirmed) written and durable) and the SHA-256 of the window
 * just before its confirmed end (its seam), within the segment.  The
 * bytes between one segment's confirmed end and the next one's start are
 * holes: never data.  Its "confirmed" is the first segment's (the
 * contiguous prefix).  Its chunk digests, if any, are each segment's:
 * chunks of chunk_size bytes from the segment's start, the last ending at
 * its confirmed end; none in the record's own list (nchunks 0).
 */
#ifndef FERRY_XFER_RECORD_H
#define FERRY_XFER_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define RECORD_CHUNK_LEN	8	/* bytes of one chunk digest */
#define RECORD_CHUNKS_MAX	1024	/* chunk digests in one record */
#define RECORD_SEGS_MAX		16	/* segments of one download */

/* The hash of the chunk digests ("chunk_hash"): XXH3-64, or XXH64 in the
 * records of ferry 0.1.0 and before (still read, and a resume of one goes
 * on with it).  Zeroed: XXH3. */
enum record_hash {
	RECORD_HASH_XXH3,
	RECORD_HASH_XXH64,
};

/* One segment of a segmented download (version 3). */
struct record_seg {
	uint64_t	 start;		/* its first byte */
	uint64_t	 end;		/* past its last byte */
	uint64_t	 confirmed;	/* [start, confirmed) written */
	char		 digest[65];	/* hex SHA-256 of the bytes
					   [max(start, confirmed - 64 KiB),
					   confirmed); "" if none */
	size_t		 nchunks;	/* with the record's chunk_size:
					   ceil((confirmed - start) /
					   chunk_size), else 0 */
	unsigned char	(*chunk)[RECORD_CHUNK_LEN]; /* the digest
					   (chunk_hash) of each chunk of the
					   segment's confirmed bytes, from
					   start; malloc'd */
};

struct xfer_record {
	char		*source;	/* display location of the source */
	char		*target;	/* display location of the target */
	uint64_t	 src_size;
	int64_t		 src_mtime;
	uint64_t	 confirmed;	/* bytes known written, contiguous */
	char		 digest[65];	/* hex SHA-256, "" if none */
	int64_t		 updated;	/* when this was written */
	uint64_t	 chunk_size;	/* bytes a chunk digest covers (a
					   power of two), 0: no chunk
					   digests */
	enum record_hash chunk_hash;	/* the digests' hash */
	size_t		 nchunks;	/* ceil(confirmed / chunk_size) */
	unsigned char	(*chunk)[RECORD_CHUNK_LEN]; /* the digest
					   of each chunk, canonical
					   (big-endian);
					   malloc'd, freed by record_free */
	size_t		 nsegs;		/* 0: not segmented; else 2 to
					   RECORD_SEGS_MAX, in order, from
					   byte 0 to src_size, each after
					   the one before */
	struct record_seg *seg;		/* malloc'd, freed by record_free */
};

/* The directory records live in (malloc'd), from $XDG_STATE_HOME or HOME. */
char	*record_dir(void);
/* The record file for a target (malloc'd): DIR/<sha256 of target>.rec. */
char	*record_path(const char *dir, const char *target);
/* Load; FERR_NOENT if there is none.  *out is cleared first. */
int	 record_load(const char *path, struct xfer_record *out, char **cause);
/* Pure: the same from a record file's len bytes of text (path names it in
 * messages); FERR_IO if it is damaged.  *out is cleared first. */
int	 record_parse_text(const char *path, const char *text, size_t len,
	    struct xfer_record *out, char **cause);
/* Write atomically and durably (creating the directory, mode 0700; file
 * mode 0600): the file and its directory are flushed (fsync).  Refuses
 * (FERR_USAGE) chunk digests that do not cover exactly the confirmed
 * bytes, and segments that are not as struct xfer_record says. */
int	 record_save(const char *path, const struct xfer_record *,
	    char **cause);
int	 record_remove(const char *path);
void	 record_free(struct xfer_record *);
/* Free r's segments and their chunk digests (r->nsegs 0). */
void	 record_segs_free(struct xfer_record *r);
/* Pure: whether r's segments are as struct xfer_record says (none is
 * fine). */
int	 record_segs_ok(const struct xfer_record *r);
/* The bytes r's segments confirm, all together (r->confirmed if it has
 * none). */
uint64_t record_confirmed_total(const struct xfer_record *r);

#endif
