/* ferry: XXH3-64 (see xxh3.h). */
#include "config.h"

#include <stdatomic.h>
#include <string.h>

#include "util/xxh3.h"
#include "util/xxhcommon.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define XXH3_AVX2	1
#include <immintrin.h>
#endif

#define P32_1	0x9E3779B1U
#define P32_2	0x85EBCA77U
#define P32_3	0xC2B2AE3DU
#define MX1	0x165667919E3779F9ULL
#define MX2	0x9FB21C651E98DF25ULL

#define SECRET_LEN	192
#define STRIPE		64
#define BLOCK_STRIPES	((SECRET_LEN - STRIPE) / 8)	/* 16 */
#define MIDSIZE_MAX	240

/* The specification's default secret. */
static const unsigned char xxh3_secret[SECRET_LEN] = {
	0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe,
	0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
	0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb,
	0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
	0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78,
	0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
	0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e,
	0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
	0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb,
	0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
	0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e,
	0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
	0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f,
	0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
	0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31,
	0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
	0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3,
	0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
	0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49,
	0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
	0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc,
	0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
	0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28,
	0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
};

/* The widest lanes to use (xxh3_lanes). */
static atomic_int xxh3_widest = XXH3_LANES_AVX512;

static inline uint32_t
bswap32(uint32_t x)
{
	return ((x >> 24) | ((x >> 8) & 0xff00U) | ((x << 8) & 0xff0000U) |
	    (x << 24));
}

static inline uint64_t
bswap64(uint64_t x)
{
	return ((uint64_t)bswap32((uint32_t)x) << 32 |
	    bswap32((uint32_t)(x >> 32)));
}

/* The 128-bit product of a and b, its halves xored. */
static inline uint64_t
mul_fold(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 m = (unsigned __int128)a * b;

	return ((uint64_t)m ^ (uint64_t)(m >> 64));
#else
	uint64_t al = a & 0xffffffffU, ah = a >> 32;
	uint64_t bl = b & 0xffffffffU, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffU) + (hl & 0xffffffffU);
	uint64_t lo = (mid << 32) | (ll & 0xffffffffU);
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);

	return (lo ^ hi);
#endif
}

static inline uint64_t
avalanche(uint64_t x)
{
	x ^= x >> 37;
	x *= MX1;
	return (x ^ (x >> 32));
}

/* 16 bytes of data with 16 of the secret (seed 0). */
static inline uint64_t
mix16(const unsigned char *p, size_t soff)
{
	return (mul_fold(le64(p) ^ le64(xxh3_secret + soff),
	    le64(p + 8) ^ le64(xxh3_secret + soff + 8)));
}

/* Inputs of 0 to 240 bytes. */
static uint64_t
xxh3_short(const unsigned char *p, size_t len)
{
	const unsigned char *s = xxh3_secret;
	uint64_t acc, v;
	uint32_t c;
	size_t i, n;

	if (len == 0)
		return (xxh_avalanche64(le64(s + 56) ^ le64(s + 64)));
	if (len <= 3) {
		c = (uint32_t)p[len - 1] | (uint32_t)len << 8 |
		    (uint32_t)p[0] << 16 | (uint32_t)p[len >> 1] << 24;
		return (xxh_avalanche64((uint64_t)(le32(s) ^ le32(s + 4)) ^
		    c));
	}
	if (len <= 8) {
		v = (le64(s + 8) ^ le64(s + 16)) ^
		    ((uint64_t)le32(p + len - 4) | (uint64_t)le32(p) << 32);
		v ^= xxh_rotl64(v, 49) ^ xxh_rotl64(v, 24);
		v *= MX2;
		v ^= (v >> 35) + len;
		v *= MX2;
		return (v ^ (v >> 28));
	}
	if (len <= 16) {
		uint64_t lo = (le64(s + 24) ^ le64(s + 32)) ^ le64(p);
		uint64_t hi = (le64(s + 40) ^ le64(s + 48)) ^
		    le64(p + len - 8);

		return (avalanche(len + bswap64(lo) + hi + mul_fold(lo, hi)));
	}
	acc = len * XXH_P64_1;
	if (len <= 128) {
		for (i = (len - 1) >> 5; ; i--) {
			acc += mix16(p + 16 * i, 32 * i);
			acc += mix16(p + len - 16 * i - 16, 32 * i + 16);
			if (i == 0)
				break;
		}
		return (avalanche(acc));
	}
	n = len >> 4;
	for (i = 0; i < 8; i++)
		acc += mix16(p + 16 * i, 16 * i);
	acc = avalanche(acc);
	for (i = 8; i < n; i++)
		acc += mix16(p + 16 * i, 16 * (i - 8) + 3);
	acc += mix16(p + len - 16, 119);
	return (avalanche(acc));
}

/* n stripes at p into acc, with the secret from sec on (8 bytes further
 * each stripe).  The lanes are locals: kept in memory, every byte read (an
 * unsigned char may alias them) would store and load them again. */
static void
accum_plain(uint64_t *acc, const unsigned char *p, size_t n,
    const unsigned char *sec)
{
	uint64_t a[8], d, k;
	int i;

	memcpy(a, acc, sizeof a);
	for (; n > 0; n--, p += STRIPE, sec += 8)
		for (i = 0; i < 8; i++) {
			d = le64(p + 8 * i);
			k = d ^ le64(sec + 8 * i);
			a[i ^ 1] += d;
			a[i] += (k & 0xffffffffU) * (k >> 32);
		}
	memcpy(acc, a, sizeof a);
}

#ifdef XXH3_AVX2
/*
 * run() (below) four lanes a register, the lanes kept in registers from
 * the first stripe to the last: a stripe's 32x32-bit products in two
 * instructions, its lanes swapped in pairs (i ^ 1) in two; the scramble
 * multiplies by P32_1 in two 32-bit halves.  Little-endian, as x86 is.
 */
__attribute__((target("avx2"))) static void
run_avx2(uint64_t *acc, size_t *stripes, const unsigned char *p, size_t n)
{
	const unsigned char *sec, *end = xxh3_secret + SECRET_LEN - STRIPE;
	const __m256i prime = _mm256_set1_epi32((int)P32_1);
	const __m256i e0 = _mm256_loadu_si256((const __m256i *)end);
	const __m256i e1 = _mm256_loadu_si256((const __m256i *)(end + 32));
	__m256i a0 = _mm256_loadu_si256((const __m256i *)acc);
	__m256i a1 = _mm256_loadu_si256((const __m256i *)(acc + 4));
	__m256i d0, d1, k0, k1;
	size_t k;

	while (n > 0) {
		k = BLOCK_STRIPES - *stripes;
		if (k > n)
			k = n;
		sec = xxh3_secret + *stripes * 8;
		n -= k;
		*stripes += k;
		for (; k > 0; k--, p += STRIPE, sec += 8) {
			d0 = _mm256_loadu_si256((const __m256i *)p);
			d1 = _mm256_loadu_si256((const __m256i *)(p + 32));
			k0 = _mm256_xor_si256(d0,
			    _mm256_loadu_si256((const __m256i *)sec));
			k1 = _mm256_xor_si256(d1,
			    _mm256_loadu_si256((const __m256i *)(sec + 32)));
			a0 = _mm256_add_epi64(a0, _mm256_shuffle_epi32(d0,
			    _MM_SHUFFLE(1, 0, 3, 2)));
			a1 = _mm256_add_epi64(a1, _mm256_shuffle_epi32(d1,
			    _MM_SHUFFLE(1, 0, 3, 2)));
			a0 = _mm256_add_epi64(a0,
			    _mm256_mul_epu32(k0, _mm256_srli_epi64(k0, 32)));
			a1 = _mm256_add_epi64(a1,
			    _mm256_mul_epu32(k1, _mm256_srli_epi64(k1, 32)));
		}
		if (*stripes == BLOCK_STRIPES) {
			k0 = _mm256_xor_si256(_mm256_xor_si256(a0,
			    _mm256_srli_epi64(a0, 47)), e0);
			k1 = _mm256_xor_si256(_mm256_xor_si256(a1,
			    _mm256_srli_epi64(a1, 47)), e1);
			a0 = _mm256_add_epi64(_mm256_mul_epu32(k0, prime),
			    _mm256_slli_epi64(_mm256_mul_epu32(
			    _mm256_srli_epi64(k0, 32), prime), 32));
			a1 = _mm256_add_epi64(_mm256_mul_epu32(k1, prime),
			    _mm256_slli_epi64(_mm256_mul_epu32(
			    _mm256_srli_epi64(k1, 32), prime), 32));
			*stripes = 0;
		}
	}
	_mm256_storeu_si256((__m256i *)acc, a0);
	_mm256_storeu_si256((__m256i *)(acc + 4), a1);
}

/* The same, eight lanes a register. */
__attribute__((target("avx512f"))) static void
run_avx512(uint64_t *acc, size_t *stripes, const unsigned char *p, size_t n)
{
	const unsigned char *sec, *end = xxh3_secret + SECRET_LEN - STRIPE;
	const __m512i prime = _mm512_set1_epi32((int)P32_1);
	const __m512i e = _mm512_loadu_si512((const void *)end);
	__m512i a = _mm512_loadu_si512((const void *)acc);
	__m512i d, k;
	size_t m;

	while (n > 0) {
		m = BLOCK_STRIPES - *stripes;
		if (m > n)
			m = n;
		sec = xxh3_secret + *stripes * 8;
		n -= m;
		*stripes += m;
		for (; m > 0; m--, p += STRIPE, sec += 8) {
			d = _mm512_loadu_si512((const void *)p);
			k = _mm512_xor_si512(d,
			    _mm512_loadu_si512((const void *)sec));
			a = _mm512_add_epi64(a, _mm512_shuffle_epi32(d,
			    (_MM_PERM_ENUM)_MM_SHUFFLE(1, 0, 3, 2)));
			a = _mm512_add_epi64(a,
			    _mm512_mul_epu32(k, _mm512_srli_epi64(k, 32)));
		}
		if (*stripes == BLOCK_STRIPES) {
			k = _mm512_xor_si512(_mm512_xor_si512(a,
			    _mm512_srli_epi64(a, 47)), e);
			a = _mm512_add_epi64(_mm512_mul_epu32(k, prime),
			    _mm512_slli_epi64(_mm512_mul_epu32(
			    _mm512_srli_epi64(k, 32), prime), 32));
			*stripes = 0;
		}
	}
	_mm512_storeu_si512((void *)acc, a);
}
#endif

/* The widest lanes both this CPU and xxh3_lanes allow. */
static int
xxh3_lanes_used(void)
{
	int w = atomic_load_explicit(&xxh3_widest, memory_order_relaxed);

#ifdef XXH3_AVX2
	if (w >= XXH3_LANES_AVX512 && __builtin_cpu_supports("avx512f"))
		return (XXH3_LANES_AVX512);
	if (w >= XXH3_LANES_AVX2 && __builtin_cpu_supports("avx2"))
		return (XXH3_LANES_AVX2);
#endif
	(void)w;
	return (XXH3_LANES_PLAIN);
}

int
xxh3_lanes(int widest)
{
	atomic_store(&xxh3_widest, widest);
	return (xxh3_lanes_used());
}

static void
scramble(uint64_t *acc)
{
	const unsigned char *sec = xxh3_secret + SECRET_LEN - STRIPE;
	uint64_t a;
	int i;

	for (i = 0; i < 8; i++) {
		a = acc[i];
		a ^= a >> 47;
		a ^= le64(sec + 8 * i);
		acc[i] = a * P32_1;
	}
}

/*
 * n stripes of a large input, none of them its last 64 bytes' stripe:
 * *stripes into the current block of 16 on, the lanes scrambled as each
 * block completes.  (The specification's rounds of whole blocks, then the
 * whole stripes of the last block: every stripe of the input but the last
 * one, scrambled after each 16th, whichever way the input is cut.)
 */
static void
run(uint64_t *acc, size_t *stripes, const unsigned char *p, size_t n)
{
	size_t k;

#ifdef XXH3_AVX2
	switch (xxh3_lanes_used()) {
	case XXH3_LANES_AVX512:
		run_avx512(acc, stripes, p, n);
		return;
	case XXH3_LANES_AVX2:
		run_avx2(acc, stripes, p, n);
		return;
	}
#endif
	while (n > 0) {
		k = BLOCK_STRIPES - *stripes;
		if (k > n)
			k = n;
		accum_plain(acc, p, k, xxh3_secret + *stripes * 8);
		p += k * STRIPE;
		n -= k;
		*stripes += k;
		if (*stripes == BLOCK_STRIPES) {
			scramble(acc);
			*stripes = 0;
		}
	}
}

/* The end of a large input of total bytes: its last 64 bytes, then the
 * lanes merged. */
static uint64_t
finish(uint64_t *acc, const unsigned char *last, uint64_t total)
{
	const unsigned char *sec = xxh3_secret + 11;
	uint64_t r = total * XXH_P64_1;
	int i;

	accum_plain(acc, last, 1, xxh3_secret + SECRET_LEN - STRIPE - 7);
	for (i = 0; i < 4; i++)
		r += mul_fold(acc[2 * i] ^ le64(sec + 16 * i),
		    acc[2 * i + 1] ^ le64(sec + 16 * i + 8));
	return (avalanche(r));
}

static const uint64_t xxh3_acc0[8] = {
	P32_3, XXH_P64_1, XXH_P64_2, XXH_P64_3, XXH_P64_4, P32_2, XXH_P64_5,
	P32_1,
};

void
xxh3_init(struct xxh3 *s)
{
	memset(s, 0, sizeof *s);
	memcpy(s->acc, xxh3_acc0, sizeof s->acc);
}

/*
 * A stripe is hashed once a byte after it has come (the last 64 bytes of
 * the input are hashed their own way), so buf keeps 1 to 256 bytes back
 * (all of them while the input is short: a short one is hashed whole at
 * the end), and last the 64 bytes before them.
 */
void
xxh3_update(struct xxh3 *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t fill, n;

	if (len == 0)
		return;
	s->total += len;
	if (s->buflen + len <= XXH3_BUF) {
		memcpy(s->buf + s->buflen, p, len);
		s->buflen += len;
		return;
	}
	if (s->buflen > 0) {
		fill = XXH3_BUF - s->buflen;
		memcpy(s->buf + s->buflen, p, fill);
		p += fill;
		len -= fill;
		run(s->acc, &s->stripes, s->buf, XXH3_BUF / STRIPE);
		memcpy(s->last, s->buf + XXH3_BUF - STRIPE, STRIPE);
		s->buflen = 0;
	}
	if (len > STRIPE) {
		n = (len - 1) / STRIPE;
		run(s->acc, &s->stripes, p, n);
		memcpy(s->last, p + n * STRIPE - STRIPE, STRIPE);
		p += n * STRIPE;
		len -= n * STRIPE;
	}
	memcpy(s->buf, p, len);
	s->buflen = len;
}

uint64_t
xxh3_digest(const struct xxh3 *s)
{
	unsigned char tail[STRIPE];
	const unsigned char *last;
	uint64_t acc[8];
	size_t stripes = s->stripes;

	if (s->total <= MIDSIZE_MAX)
		return (xxh3_short(s->buf, s->buflen));
	memcpy(acc, s->acc, sizeof acc);
	run(acc, &stripes, s->buf, (s->buflen - 1) / STRIPE);
	if (s->buflen >= STRIPE)
		last = s->buf + s->buflen - STRIPE;
	else {
		memcpy(tail, s->last + s->buflen, STRIPE - s->buflen);
		memcpy(tail + STRIPE - s->buflen, s->buf, s->buflen);
		last = tail;
	}
	return (finish(acc, last, s->total));
}

uint64_t
xxh3(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t acc[8];
	size_t stripes = 0;

	if (len <= MIDSIZE_MAX)
		return (xxh3_short(p, len));
	memcpy(acc, xxh3_acc0, sizeof acc);
	run(acc, &stripes, p, (len - 1) / STRIPE);
	return (finish(acc, p + len - STRIPE, len));
}
