/* ferry: tests for XXH3-64 (src/util/xxh3.c): the reference
 * implementation's values (libxxhash 0.8.1's XXH3_64bits, the lengths
 * around each of the specification's cases and block edges), fed in
 * pieces or at once, with AVX2 and with the plain lanes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <criterion/criterion.h>

#include "util/xxh3.h"

#define MAXLEN	(3 * 1024 * 1024 + 77)

static const struct {
	size_t		len;
	uint64_t	want;
} vectors[] = {
		{ 0, 0x2d06800538d394c2ULL },
		{ 1, 0xc44bdff4074eecdbULL },
		{ 2, 0x1ca5cfa6a6d57dc2ULL },
		{ 3, 0xa1c4a8259b827291ULL },
		{ 4, 0xbb4e3d89ee0b271dULL },
		{ 5, 0xdafb9806147ded6fULL },
		{ 7, 0xe8317720ff435eceULL },
		{ 8, 0x79d02238b80e37b1ULL },
		{ 9, 0xf64cecc4271ff461ULL },
		{ 15, 0x6f72fd6b5d066049ULL },
		{ 16, 0x222e9aead6bddd51ULL },
		{ 17, 0x47aad6b375eb4bbaULL },
		{ 31, 0x001cb9f64cb08212ULL },
		{ 32, 0x774140158f21ff0aULL },
		{ 33, 0x537e7ed26d825e92ULL },
		{ 63, 0x625b8b75eeeaf221ULL },
		{ 64, 0x70a70e66815e67e5ULL },
		{ 65, 0x4b4ce7050eeb9559ULL },
		{ 96, 0xa97f9ae93c0ff67aULL },
		{ 97, 0x0dd88db1bbaf7326ULL },
		{ 127, 0xb931ee7057194e63ULL },
		{ 128, 0x421a9c905c6e66baULL },
		{ 129, 0x9e2414800f83768aULL },
		{ 200, 0x20a87db907ce74e4ULL },
		{ 239, 0x11c20fc75e84087bULL },
		{ 240, 0xb714c5fd22744964ULL },
		{ 241, 0xbc424a2c480dd281ULL },
		{ 242, 0x3fea34e88547cb8fULL },
		{ 255, 0x155baa5891f7606fULL },
		{ 256, 0x2d040b1ab40f0d78ULL },
		{ 257, 0xd0515fbec69efb50ULL },
		{ 300, 0x8aedfd28145098a4ULL },
		{ 511, 0xf3848293e35ddb39ULL },
		{ 512, 0x17ec4809d1a9ad43ULL },
		{ 513, 0x8f6e87d203da15b7ULL },
		{ 959, 0x1ab4a7259c69e4e3ULL },
		{ 960, 0x480a7fc74c6002a4ULL },
		{ 961, 0x15e7e30992d937eeULL },
		{ 1023, 0x3071307bafa2f8f4ULL },
		{ 1024, 0x1fd15e7d36f5e1bcULL },
		{ 1025, 0xfe08e5a874d23fd2ULL },
		{ 1087, 0x31bd71b326693b7fULL },
		{ 1088, 0x0ac7cf3a6009bab5ULL },
		{ 1089, 0xb246626fdf150fcbULL },
		{ 2047, 0x00e9914a63660650ULL },
		{ 2048, 0x81ec4a6a9ee23d55ULL },
		{ 2049, 0x9156a1fd2d1a8c37ULL },
		{ 4096, 0x84d9e7ce664c8217ULL },
		{ 65536, 0x32152aa15c5ff65aULL },
		{ 1000000, 0x35cf531245410a44ULL },
		{ 3145805, 0xf44b23d5a6fe1bc9ULL },
};
#define NVEC	(sizeof vectors / sizeof vectors[0])

/* The bytes the reference values were taken of. */
static unsigned char *
pattern(void)
{
	unsigned char	*b = malloc(MAXLEN);
	uint64_t	 i;

	cr_assert_not_null(b);
	for (i = 0; i < MAXLEN; i++)
		b[i] = (unsigned char)(i * 2654435761u >> 13);
	return (b);
}

static const char *const lanes_name[] = { "plain", "AVX2", "AVX-512" };

/* Use the lanes widest (or skip: the CPU has not got them). */
static void
lanes(int widest)
{
	if (xxh3_lanes(widest) != widest) {
		(void)xxh3_lanes(XXH3_LANES_AVX512);
		cr_skip_test("this CPU has no %s", lanes_name[widest]);
	}
}

static void
at_once(int widest)
{
	unsigned char	*b = pattern();
	size_t		 i;

	lanes(widest);
	for (i = 0; i < NVEC; i++)
		cr_expect_eq(xxh3(b, vectors[i].len), vectors[i].want,
		    "%zu bytes (%s): %016llx", vectors[i].len,
		    lanes_name[widest],
		    (unsigned long long)xxh3(b, vectors[i].len));
	(void)xxh3_lanes(XXH3_LANES_AVX512);
	free(b);
}

Test(xxh3, gives_the_reference_values_with_avx512)
{
	at_once(XXH3_LANES_AVX512);
}

Test(xxh3, gives_the_reference_values_with_avx2)
{
	at_once(XXH3_LANES_AVX2);
}

Test(xxh3, gives_the_reference_values_with_the_plain_lanes)
{
	at_once(XXH3_LANES_PLAIN);
}

/* Pieces of every size up to a few stripes and of a few blocks, the digest
 * asked on the way too (the state stays usable). */
static void
in_pieces(int widest)
{
	unsigned char	*b = pattern();
	struct xxh3	 s;
	size_t		 i, off, n, k;
	uint32_t	 x = 1;

	lanes(widest);
	for (i = 0; i < NVEC; i++) {
		for (k = 1; k <= 3; k++) {
			xxh3_init(&s);
			for (off = 0; off < vectors[i].len; off += n) {
				x = x * 1664525u + 1013904223u;
				n = (x >> 8) % (k == 1 ? 70 : k == 2 ? 300 : 5000);
				if (n > vectors[i].len - off)
					n = vectors[i].len - off;
				xxh3_update(&s, b + off, n);
				if ((x & 0xff) == 0 && off + n < 20000)
					cr_expect_eq(xxh3_digest(&s),
					    xxh3(b, off + n), "%zu bytes",
					    off + n);
			}
			cr_expect_eq(xxh3_digest(&s), vectors[i].want,
			    "%zu bytes in pieces (%zu)", vectors[i].len, k);
		}
	}
	(void)xxh3_lanes(XXH3_LANES_AVX512);
	free(b);
}

Test(xxh3, in_pieces_is_xxh3_at_once_with_avx512)
{
	in_pieces(XXH3_LANES_AVX512);
}

Test(xxh3, in_pieces_is_xxh3_at_once_with_avx2)
{
	in_pieces(XXH3_LANES_AVX2);
}

Test(xxh3, in_pieces_is_xxh3_at_once_with_the_plain_lanes)
{
	in_pieces(XXH3_LANES_PLAIN);
}
