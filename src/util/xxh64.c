/* ferry: XXH64 (see xxh64.h). */
#include "config.h"

#include <string.h>

#include "util/xxh64.h"
#include "util/xxhcommon.h"

static inline uint64_t
xxh_round(uint64_t acc, uint64_t input)
{
	acc += input * XXH_P64_2;
	acc = xxh_rotl64(acc, 31);
	return (acc * XXH_P64_1);
}

static uint64_t
xxh_merge(uint64_t acc, uint64_t val)
{
	acc ^= xxh_round(0, val);
	return (acc * XXH_P64_1 + XXH_P64_4);
}

/* The stripes of [p, end) (whole ones; returns where they end).  The
 * lanes are locals in the loop: kept in s->v, every byte read (an unsigned
 * char may alias them) made the compiler store and load them again, and
 * hashing ran at a quarter of the speed. */
static const unsigned char *
xxh_stripes(uint64_t v[4], const unsigned char *p, const unsigned char *end)
{
	uint64_t v0 = v[0], v1 = v[1], v2 = v[2], v3 = v[3];

	while (end - p >= 32) {
		v0 = xxh_round(v0, le64(p));
		v1 = xxh_round(v1, le64(p + 8));
		v2 = xxh_round(v2, le64(p + 16));
		v3 = xxh_round(v3, le64(p + 24));
		p += 32;
	}
	v[0] = v0;
	v[1] = v1;
	v[2] = v2;
	v[3] = v3;
	return (p);
}

void
xxh64_init(struct xxh64 *s, uint64_t seed)
{
	memset(s, 0, sizeof *s);
	s->seed = seed;
	s->v[0] = seed + XXH_P64_1 + XXH_P64_2;
	s->v[1] = seed + XXH_P64_2;
	s->v[2] = seed;
	s->v[3] = seed - XXH_P64_1;
}

void
xxh64_update(struct xxh64 *s, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	size_t take;

	s->total += len;
	if (s->buflen > 0) {
		take = 32 - s->buflen;
		if (take > len)
			take = len;
		memcpy(s->buf + s->buflen, p, take);
		s->buflen += take;
		p += take;
		if (s->buflen < 32)
			return;
		xxh_stripes(s->v, s->buf, s->buf + 32);
		s->buflen = 0;
	}
	p = xxh_stripes(s->v, p, end);
	if (p < end) {
		memcpy(s->buf, p, (size_t)(end - p));
		s->buflen = (size_t)(end - p);
	}
}

uint64_t
xxh64_digest(const struct xxh64 *s)
{
	const unsigned char *p = s->buf, *end = s->buf + s->buflen;
	uint64_t h;

	if (s->total >= 32) {
		h = xxh_rotl64(s->v[0], 1) + xxh_rotl64(s->v[1], 7) +
		    xxh_rotl64(s->v[2], 12) + xxh_rotl64(s->v[3], 18);
		h = xxh_merge(h, s->v[0]);
		h = xxh_merge(h, s->v[1]);
		h = xxh_merge(h, s->v[2]);
		h = xxh_merge(h, s->v[3]);
	} else
		h = s->seed + XXH_P64_5;
	h += s->total;
	while (end - p >= 8) {
		h ^= xxh_round(0, le64(p));
		h = xxh_rotl64(h, 27) * XXH_P64_1 + XXH_P64_4;
		p += 8;
	}
	if (end - p >= 4) {
		h ^= (uint64_t)le32(p) * XXH_P64_1;
		h = xxh_rotl64(h, 23) * XXH_P64_2 + XXH_P64_3;
		p += 4;
	}
	while (p < end) {
		h ^= *p++ * XXH_P64_5;
		h = xxh_rotl64(h, 11) * XXH_P64_1;
	}
	return (xxh_avalanche64(h));
}

uint64_t
xxh64(const void *data, size_t len, uint64_t seed)
{
	struct xxh64 s;

	xxh64_init(&s, seed);
	xxh64_update(&s, data, len);
	return (xxh64_digest(&s));
}
