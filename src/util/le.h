/* ferry: little-endian reads of unaligned bytes, whatever the machine
 * (inline: gcc -O2 called such a function once per 8 bytes; inlined, it
 * is one load on a little-endian machine).  For the hashes (xxh64.c,
 * xxh3.c). */
#ifndef FERRY_UTIL_LE_H
#define FERRY_UTIL_LE_H

#include <stdint.h>

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

#endif
