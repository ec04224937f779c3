/* ferry: what XXH64 (xxh64.c) and XXH3 (xxh3.c) share, from xxHash's
 * specification: little-endian reads of unaligned bytes, whatever the
 * machine (inline: gcc -O2 called such a function once per 8 bytes;
 * inlined, it is one load on a little-endian machine), the 64-bit primes,
 * a rotation and XXH64's final mix (XXH3's "avalanche_XXH64"). */
#ifndef FERRY_UTIL_XXHCOMMON_H
#define FERRY_UTIL_XXHCOMMON_H

#include <stdint.h>

#define XXH_P64_1	0x9E3779B185EBCA87ULL
#define XXH_P64_2	0xC2B2AE3D27D4EB4FULL
#define XXH_P64_3	0x165667B19E3779F9ULL
#define XXH_P64_4	0x85EBCA77C2B2AE63ULL
#define XXH_P64_5	0x27D4EB2F165667C5ULL

static inline uint64_t
le64(const unsigned char *p)
{
	return ((uint64_t)p[0] | (uint64_t)p[1] << 8 |
	    (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	    (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	    (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56);
}

static inline uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

static inline uint64_t
xxh_rotl64(uint64_t x, int r)
{
	return ((x << r) | (x >> (64 - r)));
}

static inline uint64_t
xxh_avalanche64(uint64_t h)
{
	h ^= h >> 33;
	h *= XXH_P64_2;
	h ^= h >> 29;
	h *= XXH_P64_3;
	return (h ^ (h >> 32));
}

#endif
