/* ferry: XXH64, the 64-bit xxHash of Yann Collet's specification
 * (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
 * written here from the specification: a fast hash against accidental
 * change, not against an attacker.
 *
 * Streaming: xxh64_init, then xxh64_update as the bytes come, then
 * xxh64_digest (the state stays usable: more updates may follow). */
#ifndef FERRY_UTIL_XXH64_H
#define FERRY_UTIL_XXH64_H

#include <stddef.h>
#include <stdint.h>

struct xxh64 {
	uint64_t	total;		/* bytes seen */
	uint64_t	v[4];		/* the four lanes */
	unsigned char	buf[32];	/* a stripe not yet whole */
	size_t		buflen;
	uint64_t	seed;
};

void		xxh64_init(struct xxh64 *, uint64_t seed);
void		xxh64_update(struct xxh64 *, const void *, size_t);
uint64_t	xxh64_digest(const struct xxh64 *);
/* The hash of len bytes in one call. */
uint64_t	xxh64(const void *, size_t len, uint64_t seed);

#endif
