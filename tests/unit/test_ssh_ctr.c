/* ferry: tests of the AES-CTR provider for libssh2 (src/ssh/ctr.c): once
 * installed, the way libssh2 1.10 uses AES-CTR (EVP_CipherInit with
 * EVP_aes_*_ctr(), then EVP_Cipher on one 16-byte block at a time) gets
 * it, and gives the bytes of OpenSSL's own AES-CTR, whatever the sizes of
 * the calls, across runs of keystream, after a new key and IV, and from a
 * copied context. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "ssh/ctr.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])
#define DATA		(100 * 1024 + 48)	/* past six runs of keystream */

static const EVP_CIPHER *(*const legacy[])(void) = {
	EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr,
};
static const char *const names[] = {
	"AES-128-CTR", "AES-192-CTR", "AES-256-CTR",
};
static const int keylens[] = { 16, 24, 32 };

static void
install(void)
{
	cr_assert_eq(ssh_ctr_install(), 1, "the provider is installed");
}

/* What OpenSSL's default provider makes of in, in one call. */
static void
reference(int alg, const unsigned char *key, const unsigned char *iv,
    const unsigned char *in, unsigned char *out, size_t n)
{
	EVP_CIPHER	*c = EVP_CIPHER_fetch(NULL, names[alg],
			    "provider=default");
	EVP_CIPHER_CTX	*ctx = EVP_CIPHER_CTX_new();
	int		 len = 0;

	cr_assert_not_null(c);
	cr_assert_eq(EVP_EncryptInit_ex(ctx, c, NULL, key, iv), 1);
	cr_assert_eq(EVP_EncryptUpdate(ctx, out, &len, in, (int)n), 1);
	cr_assert_eq((size_t)len, n);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

/* As libssh2 1.10 does it (openssl.c): a context made with the legacy
 * cipher, then EVP_Cipher in pieces of the sizes given in turn. */
static EVP_CIPHER_CTX *
libssh2_like(int alg, const unsigned char *key, const unsigned char *iv,
    int enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	cr_assert_eq(EVP_CipherInit(ctx, legacy[alg](), key, iv, enc), 1);
	return (ctx);
}

static void
pieces(EVP_CIPHER_CTX *ctx, const unsigned char *in, unsigned char *out,
    size_t n, const size_t *sizes, size_t nsizes)
{
	size_t	done = 0, k, i = 0;

	while (done < n) {
		k = sizes[i++ % nsizes];
		if (k > n - done)
			k = n - done;
		cr_assert_neq(EVP_Cipher(ctx, out + done, in + done,
		    (unsigned int)k), -1, "EVP_Cipher at %zu", done);
		done += k;
	}
}

Test(ssh_ctr, libssh2s_contexts_get_the_provider, .init = install)
{
	unsigned char	 key[32] = { 1 }, iv[16] = { 2 };
	EVP_CIPHER_CTX	*ctx;
	const OSSL_PROVIDER *p;
	size_t		 alg;

	for (alg = 0; alg < NITEMS(names); alg++) {
		ctx = libssh2_like((int)alg, key, iv, 0);
		p = EVP_CIPHER_get0_provider(EVP_CIPHER_CTX_get0_cipher(ctx));
		cr_assert_not_null(p);
		cr_assert_str_eq(OSSL_PROVIDER_get0_name(p), "ferry-ctr");
		cr_assert_eq(EVP_CIPHER_CTX_get_key_length(ctx), keylens[alg]);
		cr_assert_eq(EVP_CIPHER_CTX_get_iv_length(ctx), 16);
		cr_assert_eq(EVP_CIPHER_CTX_get_mode(ctx), EVP_CIPH_CTR_MODE);
		EVP_CIPHER_CTX_free(ctx);
	}
}

/* Call sizes: libssh2's one block at a time, and odd ones across the
 * runs' edges. */
static const size_t blocks[] = { 16 };
static const size_t odd[] = { 1, 7, 16, 4096 + 5, 16384, 3, 40000 };

Test(ssh_ctr, the_bytes_are_openssls_whatever_the_calls, .init = install)
{
	unsigned char	 key[32], iv[16], *in, *want, *got;
	EVP_CIPHER_CTX	*ctx;
	size_t		 alg;
	int		 enc;

	in = malloc(DATA);
	want = malloc(DATA);
	got = malloc(DATA);
	for (alg = 0; alg < NITEMS(names); alg++) {
		cr_assert_eq(RAND_bytes(key, sizeof key), 1);
		cr_assert_eq(RAND_bytes(iv, sizeof iv), 1);
		/* a counter about to wrap its low 64 bits */
		memset(iv + 8, 0xff, 8);
		cr_assert_eq(RAND_bytes(in, DATA), 1);
		reference((int)alg, key, iv, in, want, DATA);
		for (enc = 0; enc < 2; enc++) {
			ctx = libssh2_like((int)alg, key, iv, enc);
			pieces(ctx, in, got, DATA, blocks, NITEMS(blocks));
			cr_assert_arr_eq(got, want, DATA, "%s, 16 at a time",
			    names[alg]);
			EVP_CIPHER_CTX_free(ctx);
			ctx = libssh2_like((int)alg, key, iv, enc);
			memset(got, 0, DATA);
			pieces(ctx, in, got, DATA, odd, NITEMS(odd));
			cr_assert_arr_eq(got, want, DATA, "%s, odd sizes",
			    names[alg]);
			EVP_CIPHER_CTX_free(ctx);
		}
	}
	free(in);
	free(want);
	free(got);
}

Test(ssh_ctr, a_new_key_and_iv_start_a_new_stream, .init = install)
{
	unsigned char	 k1[16] = { 1 }, k2[16] = { 2 }, iv1[16] = { 3 };
	unsigned char	 iv2[16] = { 4 }, in[4096] = { 0 }, got[4096];
	unsigned char	 want[4096];
	EVP_CIPHER_CTX	*ctx = libssh2_like(0, k1, iv1, 1);

	pieces(ctx, in, got, 100, blocks, 1);	/* part of a run used */
	cr_assert_eq(EVP_CipherInit_ex(ctx, NULL, NULL, k2, iv2, 1), 1);
	pieces(ctx, in, got, sizeof got, blocks, 1);
	reference(0, k2, iv2, in, want, sizeof want);
	cr_assert_arr_eq(got, want, sizeof want);
	/* a new IV alone, the key kept */
	cr_assert_eq(EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv1, 1), 1);
	pieces(ctx, in, got, sizeof got, odd, NITEMS(odd));
	reference(0, k2, iv1, in, want, sizeof want);
	cr_assert_arr_eq(got, want, sizeof want);
	EVP_CIPHER_CTX_free(ctx);
}

Test(ssh_ctr, a_copied_context_goes_on_from_the_same_place, .init = install)
{
	unsigned char	 key[16] = { 9 }, iv[16] = { 8 }, in[40000];
	unsigned char	 a[40000], b[40000], want[40000];
	EVP_CIPHER_CTX	*ctx = libssh2_like(0, key, iv, 1);
	EVP_CIPHER_CTX	*dup = EVP_CIPHER_CTX_new();

	memset(in, 0x5a, sizeof in);
	reference(0, key, iv, in, want, sizeof want);
	pieces(ctx, in, a, 20000, blocks, 1);
	cr_assert_eq(EVP_CIPHER_CTX_copy(dup, ctx), 1);
	pieces(ctx, in + 20000, a + 20000, 20000, odd, NITEMS(odd));
	memcpy(b, a, 20000);
	pieces(dup, in + 20000, b + 20000, 20000, blocks, 1);
	cr_assert_arr_eq(a, want, sizeof want);
	cr_assert_arr_eq(b, want, sizeof want);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_CTX_free(dup);
}

/* What the rest of OpenSSL fetches is the default provider's as before. */
Test(ssh_ctr, other_ciphers_are_not_touched, .init = install)
{
	EVP_CIPHER		*c = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
	const OSSL_PROVIDER	*p;

	cr_assert_not_null(c);
	p = EVP_CIPHER_get0_provider(c);
	cr_assert_str_eq(OSSL_PROVIDER_get0_name(p), "default");
	EVP_CIPHER_free(c);
}
