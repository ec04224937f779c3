/* ferry: tests for the chunk digests of a local partial
 * (src/xfer/chunks.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "util/xxh3.h"
#include "util/xxh64.h"
#include "xfer/chunks.h"
#include "xfer/record.h"

#define KIB	((uint64_t)1024)
#define MIB	(1024 * KIB)
#define GIB	(1024 * MIB)

static unsigned char *
data(size_t len, unsigned seed)
{
	unsigned char	*p = malloc(len ? len : 1);
	uint32_t	 x = seed * 2654435761u + 1;
	size_t		 i;

	cr_assert_not_null(p);
	for (i = 0; i < len; i++) {
		x = x * 1664525u + 1013904223u;
		p[i] = (unsigned char)(x >> 24);
	}
	return (p);
}

/* The XXH3 of len bytes, big-endian, as a record keeps it (the XXH64 with
 * xxh_64). */
static void
xxh_as(const void *p, size_t len, unsigned char *out, int x64)
{
	uint64_t	h = x64 ? xxh64(p, len, 0) : xxh3(p, len);
	int		i;

	for (i = 0; i < RECORD_CHUNK_LEN; i++)
		out[i] = (unsigned char)(h >> (8 * (RECORD_CHUNK_LEN - 1 - i)));
}

static void
xxh(const void *p, size_t len, unsigned char *out)
{
	xxh_as(p, len, out, 0);
}

/* xxh64.c against the reference implementation's values (libxxhash 0.8.1,
 * and the xxHash documentation's "spammish repetition"). */
Test(chunks, xxh64_gives_the_reference_values)
{
	static const char spam[] = "Nobody inspects the spammish repetition";
	unsigned char	b[200];
	size_t		i;

	for (i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	cr_expect_eq(xxh64("", 0, 0), 0xef46db3751d8e999ULL);
	cr_expect_eq(xxh64("abc", 3, 0), 0x44bc2cf5ad770999ULL);
	cr_expect_eq(xxh64(spam, sizeof spam - 1, 0), 0xfbcea83c8a378bf1ULL);
	cr_expect_eq(xxh64(b, 100, 1), 0x3d19a3a2098a7023ULL);
	cr_expect_eq(xxh64(b, 200, 0), 0x50dc1079b99e879cULL);
	cr_expect_eq(xxh64(b, 37, 7), 0x69e0c889396afaf7ULL);
}

/* Fed in pieces of any length, the same as in one go. */
Test(chunks, xxh64_in_pieces_is_xxh64_at_once)
{
	size_t		len = 100000, off, k, n;
	unsigned char	*p = data(len, 3);
	struct xxh64	s;

	for (k = 1; k < 80; k += 13) {
		xxh64_init(&s, k);
		for (off = 0; off < len; off += n) {
			n = (off / 7 + k) % 71;
			if (n > len - off)
				n = len - off;
			xxh64_update(&s, p + off, n);
		}
		cr_expect_eq(xxh64_digest(&s), xxh64(p, len, k),
		    "pieces of up to %zu bytes", k);
	}
	free(p);
}

/* The digests (hash h) of len bytes in chunks of size, added at once, as
 * a record confirming all of them. */
static void
recorded_as(const unsigned char *p, size_t len, uint64_t size,
    enum record_hash h, struct xfer_record *r)
{
	struct chunks	c = { 0 };

	memset(r, 0, sizeof *r);
	chunks_start_as(&c, size, h);
	chunks_add(&c, p, len);
	r->confirmed = len;
	cr_assert_eq(chunks_record(&c, r), (len + size - 1) / size);
	chunks_stop(&c);
}

/* The same with XXH3, the hash of new records. */
static void
recorded(const unsigned char *p, size_t len, uint64_t size,
    struct xfer_record *r)
{
	recorded_as(p, len, size, RECORD_HASH_XXH3, r);
}

Test(chunks, the_chunk_size_is_4_mib_until_a_file_needs_more_than_1024)
{
	cr_assert_eq(chunks_size_for(0), 4 * MIB);
	cr_assert_eq(chunks_size_for(1), 4 * MIB);
	cr_assert_eq(chunks_size_for(4 * GIB), 4 * MIB);
	cr_assert_eq(chunks_size_for(4 * GIB + 1), 8 * MIB);
	cr_assert_eq(chunks_size_for(1024 * GIB), GIB);
	cr_assert_eq(chunks_size_for(UINT64_MAX), (uint64_t)1 << 54);
}

Test(chunks, each_digest_is_the_xxh3_of_its_chunk)
{
	size_t		 len = 10000, size = 4096;
	unsigned char	*p = data(len, 1), md[RECORD_CHUNK_LEN];
	struct xfer_record r;

	recorded(p, len, size, &r);
	cr_assert_eq(r.chunk_size, size);
	cr_assert_eq(r.chunk_hash, RECORD_HASH_XXH3);
	cr_assert_eq(r.nchunks, 3);
	xxh(p, size, md);
	cr_assert_eq(memcmp(r.chunk[0], md, sizeof md), 0);
	xxh(p + size, size, md);
	cr_assert_eq(memcmp(r.chunk[1], md, sizeof md), 0);
	xxh(p + 2 * size, len - 2 * size, md);	/* the short last one */
	cr_assert_eq(memcmp(r.chunk[2], md, sizeof md), 0);
	record_free(&r);
	free(p);
}

Test(chunks, the_digests_do_not_depend_on_how_the_bytes_arrive)
{
	size_t		 len = 3 * 4096 + 5, i, step;
	unsigned char	*p = data(len, 2);
	struct xfer_record want, got;
	struct chunks	 c = { 0 };

	recorded(p, len, 4096, &want);
	for (step = 1; step < 9000; step = step * 3 + 1) {
		memset(&got, 0, sizeof got);
		chunks_start(&c, 4096);
		for (i = 0; i < len; i += step)
			chunks_add(&c, p + i, len - i < step ? len - i : step);
		got.confirmed = len;
		cr_assert_eq(chunks_record(&c, &got), want.nchunks);
		cr_assert_eq(memcmp(got.chunk, want.chunk,
		    want.nchunks * sizeof *want.chunk), 0, "step %zu", step);
		record_free(&got);
	}
	chunks_stop(&c);
	record_free(&want);
	free(p);
}

Test(chunks, a_record_gets_digests_only_for_exactly_the_bytes_it_confirms)
{
	unsigned char	*p = data(8192, 3);
	struct xfer_record r;
	struct chunks	 c = { 0 };

	memset(&r, 0, sizeof r);
	chunks_start(&c, 4096);
	chunks_add(&c, p, 8192);
	r.confirmed = 8191;
	cr_assert_eq(chunks_record(&c, &r), 0);
	cr_assert_eq(r.chunk_size, 0);
	cr_assert_null(r.chunk);
	r.confirmed = 8192;
	cr_assert_eq(chunks_record(&c, &r), 2);	/* no empty third chunk */
	cr_assert_eq(r.chunk_size, 4096);
	/* off: none, and the old ones are dropped */
	chunks_stop(&c);
	cr_assert_eq(chunks_record(&c, &r), 0);
	cr_assert_eq(r.nchunks, 0);
	cr_assert_null(r.chunk);
	/* nothing written yet: the size, no digest */
	chunks_start(&c, 4096);
	r.confirmed = 0;
	cr_assert_eq(chunks_record(&c, &r), 0);
	cr_assert_eq(r.chunk_size, 4096);
	chunks_stop(&c);
	record_free(&r);
	free(p);
}

/* The same bytes read back match; one byte changed anywhere is found in
 * its chunk, and so is a change in the short last chunk. */
Test(chunks, a_changed_byte_is_found_in_its_chunk)
{
	static const size_t at[] = { 0, 4095, 4096, 6000, 8191, 8192, 9999 };
	size_t		 len = 10000, i, k;
	unsigned char	*p = data(len, 4);
	struct xfer_record r;
	struct chunks	 c = { 0 };
	uint64_t	 from, n;

	recorded(p, len, 4096, &r);
	chunks_start(&c, 4096);
	chunks_add(&c, p, len);
	cr_assert_eq(chunks_compare(&c, &r, 0, &from, &n), 0);
	for (k = 0; k < sizeof at / sizeof at[0]; k++) {
		p[at[k]] ^= 0x10;
		chunks_start(&c, 4096);
		/* compared as it is read, a block at a time */
		for (i = 0; i < len; i += 1000) {
			chunks_add(&c, p + i, len - i < 1000 ? len - i : 1000);
			if (chunks_compare(&c, &r, 0, &from, &n) != 0)
				break;
		}
		cr_assert_lt(i, len, "byte %zu: not found", at[k]);
		cr_assert_eq(from, at[k] / 4096 * 4096, "byte %zu", at[k]);
		cr_assert_eq(n, at[k] < 8192 ? 4096 : len - 8192);
		p[at[k]] ^= 0x10;
	}
	chunks_stop(&c);
	record_free(&r);
	free(p);
}

Test(chunks, only_the_chunks_from_first_on_are_compared)
{
	size_t		 len = 3 * 4096;
	unsigned char	*p = data(len, 5);
	struct xfer_record r;
	struct chunks	 c = { 0 };
	uint64_t	 from, n;

	recorded(p, len, 4096, &r);
	r.chunk[0][3] ^= 1;
	chunks_start(&c, 4096);
	chunks_add(&c, p, len);
	cr_assert_eq(chunks_compare(&c, &r, 0, &from, &n), -1);
	cr_assert_eq(from, 0);
	cr_assert_eq(chunks_compare(&c, &r, 1, &from, &n), 0);
	chunks_stop(&c);
	record_free(&r);
	free(p);
}

Test(chunks, bytes_added_again_are_skipped_and_a_gap_turns_them_off)
{
	size_t		 len = 9000;
	unsigned char	*p = data(len, 6);
	struct xfer_record want, got;
	struct chunks	 c = { 0 };

	recorded(p, len, 4096, &want);
	memset(&got, 0, sizeof got);
	chunks_start(&c, 4096);
	chunks_add_at(&c, 0, p, 5000);
	chunks_add_at(&c, 3000, p + 3000, 4000);	/* 2000 already in */
	chunks_add_at(&c, 100, p + 100, 10);		/* all already in */
	chunks_add_at(&c, 7000, p + 7000, len - 7000);
	got.confirmed = len;
	cr_assert_eq(chunks_record(&c, &got), want.nchunks);
	cr_assert_eq(memcmp(got.chunk, want.chunk,
	    want.nchunks * sizeof *want.chunk), 0);
	chunks_add_at(&c, len + 1, p, 1);		/* a gap */
	cr_assert_eq(c.size, 0);
	cr_assert_eq(chunks_record(&c, &got), 0);
	chunks_add(&c, p, 10);				/* off: nothing */
	cr_assert_eq(c.done, 0);
	record_free(&got);
	record_free(&want);
	free(p);
}

Test(chunks, past_the_most_a_record_holds_the_digests_stop)
{
	unsigned char	*p = data(4096, 7);
	struct chunks	 c = { 0 };
	size_t		 i;

	chunks_start(&c, 4096);
	for (i = 0; i < RECORD_CHUNKS_MAX; i++)
		chunks_add(&c, p, 4096);
	cr_assert_eq(c.n, RECORD_CHUNKS_MAX);
	chunks_add(&c, p, 1);		/* the next chunk begins: fine */
	cr_assert_eq(c.size, 4096);
	chunks_add(&c, p, 4095);	/* and ends: one too many */
	cr_assert_eq(c.size, 0);
	cr_assert_null(c.md);
	free(p);
}

Test(chunks, a_zeroed_set_is_off_and_stopping_it_is_harmless)
{
	struct chunks	c;
	unsigned char	b = 1;

	memset(&c, 0, sizeof c);
	chunks_add(&c, &b, 1);
	chunks_stop(&c);
	chunks_stop(&c);
	chunks_start(&c, 0);
	cr_assert_eq(c.size, 0);
	cr_assert_eq(c.n, 0);
	cr_assert_null(c.md);
}

/* A record of ferry 0.1.0 has XXH64 digests: started as it, the digests
 * are XXH64's, the record they make says so, and they match it; XXH3's do
 * not (a record of one hash is never compared with digests of the other). */
Test(chunks, a_record_of_xxh64_digests_is_checked_and_continued_with_xxh64)
{
	size_t		 len = 10000, size = 4096;
	unsigned char	*p = data(len, 5), md[RECORD_CHUNK_LEN];
	struct xfer_record r, r3;
	struct chunks	 c = { 0 };
	uint64_t	 from, flen;
	enum record_hash h;

	recorded_as(p, len, size, RECORD_HASH_XXH64, &r);
	cr_assert_eq(r.chunk_hash, RECORD_HASH_XXH64);
	xxh_as(p + size, size, md, 1);
	cr_assert_eq(memcmp(r.chunk[1], md, sizeof md), 0);
	xxh_as(p + 2 * size, len - 2 * size, md, 1);
	cr_assert_eq(memcmp(r.chunk[2], md, sizeof md), 0);

	/* the same bytes hashed each way: only XXH64's match the record */
	for (h = RECORD_HASH_XXH3; h <= RECORD_HASH_XXH64; h++) {
		chunks_start_as(&c, size, h);
		chunks_add(&c, p, len);
		cr_assert_eq(chunks_compare(&c, &r, 0, &from, &flen),
		    h == RECORD_HASH_XXH64 ? 0 : -1, "hash %d", (int)h);
		chunks_stop(&c);
	}

	/* going on from the record's two whole chunks: still XXH64 */
	chunks_resume(&c, size, RECORD_HASH_XXH64,
	    (const unsigned char (*)[RECORD_CHUNK_LEN])r.chunk, 2);
	chunks_add(&c, p + 2 * size, len - 2 * size);
	memset(&r3, 0, sizeof r3);
	r3.confirmed = len;
	cr_assert_eq(chunks_record(&c, &r3), 3);
	cr_assert_eq(r3.chunk_hash, RECORD_HASH_XXH64);
	cr_assert_eq(memcmp(r3.chunk[2], r.chunk[2], RECORD_CHUNK_LEN), 0);
	chunks_stop(&c);
	record_free(&r);
	record_free(&r3);
	free(p);
}
