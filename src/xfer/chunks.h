/* ferry: chunk digests of a local partial.
 *
 * While ferry writes a local target, each chunk of it (chunks_size_for:
 * 4 MiB, or a larger power of two so that a file has at most
 * RECORD_CHUNKS_MAX chunks) gets a digest, and the resume record keeps
 * them for the confirmed bytes.  Before appending to the partial, the
 * engine reads it back and compares every chunk: a byte changed anywhere
 * since ferry wrote it is found, not only one in the overlap windows.
 *
 * The hash is XXH3-64 (src/util/xxh3.c, written from xxHash's
 * specification: no library beyond the four the project uses), not
 * SHA-256; records of ferry 0.1.0 hold XXH64 digests (src/util/xxh64.c),
 * which are still checked, and a resume of one goes on with XXH64
 * (record.h's chunk_hash).  What it guards against is a partial that changed by accident
 * (a disk or file system that lost or garbled blocks, a crash before the
 * data reached the disk, another program writing into the file) or by
 * someone's hand.  For the accidents a 64-bit hash of good quality misses
 * a changed chunk with odds of 2^-64.  Against someone who means it, a
 * cryptographic hash would not help either: whoever can write the partial
 * can replace the finished file, and whoever can write the record (the
 * same user: it lives in their 0700 state directory) can rewrite its
 * digests.  What is left is speed: XXH3 runs at about 27 GB/s a core on
 * the benchmark machine with AVX2 (XXH64 at 14, in the same test),
 * SHA-256 (with SHA-NI) at about 0.8 to 1.7: up to 1.3 s of hashing for
 * 1 GiB, a fifth of a 1 GiB SFTP download there (about 6 s) before any
 * reading back, where the budget for hashing what is written and reading
 * the partial back is 2 %.  With XXH3: about 0.02 s for 512 MiB written,
 * and 0.08 to 0.11 s of CPU to read back and check a 512 MiB partial (the
 * read itself is most of it); with XXH64 it was 0.03 to 0.04 and 0.10 to
 * 0.13.
 *
 * Pure: no I/O (copy.c reads the partial back and feeds it here).
 */
#ifndef FERRY_XFER_CHUNKS_H
#define FERRY_XFER_CHUNKS_H

#include <stddef.h>
#include <stdint.h>

#include "util/xxh3.h"
#include "util/xxh64.h"
#include "xfer/record.h"

#define CHUNKS_MIN	(4u * 1024 * 1024)	/* bytes of the smallest chunk */

/* The digests of bytes [0, done) of a file, chunk by chunk.  Zeroed, it is
 * off (size 0): adding does nothing. */
struct chunks {
	uint64_t	 size;		/* bytes a chunk covers; 0: off */
	uint64_t	 done;		/* bytes added, from byte 0 */
	size_t		 n;		/* complete chunks, digests in md */
	size_t		 alloc;
	unsigned char	(*md)[RECORD_CHUNK_LEN];
	enum record_hash hash;
	union {
		struct xxh3	x3;
		struct xxh64	x64;
	}		 state;		/* of the chunk under way */
};

/* The chunk size for a file of total bytes: CHUNKS_MIN, doubled until at
 * most RECORD_CHUNKS_MAX chunks cover it. */
uint64_t chunks_size_for(uint64_t total);
/* Start again from byte 0 with chunks of size bytes (a power of two, at
 * least 4 KiB; 0: off), hashed with XXH3. */
void	 chunks_start(struct chunks *, uint64_t size);
/* The same with a record's hash (to compare with its digests, or to go on
 * from them). */
void	 chunks_start_as(struct chunks *, uint64_t size, enum record_hash);
/* Start at byte n * size, after n whole chunks whose digests are md (a
 * record's, of hash h, taken on trust: chunkcheck.h checks them beside the
 * transfer). */
void	 chunks_resume(struct chunks *, uint64_t size, enum record_hash h,
	    const unsigned char (*md)[RECORD_CHUNK_LEN], size_t n);
/* Off, everything freed. */
void	 chunks_stop(struct chunks *);
/* The next len bytes.  Past RECORD_CHUNKS_MAX chunks the digests stop
 * (off): a record could not hold them. */
void	 chunks_add(struct chunks *, const void *, size_t);
/* Bytes [at, at + len): what lies past done is added; a gap before them
 * (at > done) turns the digests off. */
void	 chunks_add_at(struct chunks *, uint64_t at, const void *, size_t);
/* The digest of the chunk under way (its done % size bytes). */
void	 chunks_current(const struct chunks *, unsigned char *out);
/* Give r the digests (chunk_size, chunk_hash, nchunks, chunk: replaced) if
 * they cover exactly the bytes it confirms; else none.  Returns how many it
 * got. */
size_t	 chunks_record(const struct chunks *, struct xfer_record *r);
/* Compare the digests of c from chunk first on with r's (c->done must not
 * pass r->confirmed; the chunk under way counts once c->done is
 * r->confirmed; c must use r's hash: else none matches).  0 if they
 * match; -1 if not, with the bytes of the first chunk that differs in
 * [*from, *from + *len). */
int	 chunks_compare(const struct chunks *, const struct xfer_record *r,
	    size_t first, uint64_t *from, uint64_t *len);

#endif
