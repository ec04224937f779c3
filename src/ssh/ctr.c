/* ferry: AES-CTR for libssh2 with the keystream made in runs (see
 * ctr.h). */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "ctr.h"

#define CTR_NAME	"ferry-ctr"
#define CTR_PROPS	"provider=" CTR_NAME
#define CTR_RUN		(16 * 1024)	/* keystream made at a time */
#define CTR_IVLEN	16

enum { CTR_128, CTR_192, CTR_256, CTR_N };

static const char *const ctr_names[CTR_N] = {
	"AES-128-CTR", "AES-192-CTR", "AES-256-CTR",
};
static const size_t ctr_keylens[CTR_N] = { 16, 24, 32 };

/* The default provider's, fetched once by ssh_ctr_install. */
static EVP_CIPHER *ctr_real[CTR_N];
/* What the keystream is made of: the counter's encryption, XOR zeros. */
static const unsigned char ctr_zeros[CTR_RUN];
/* Contexts made so far (ssh_ctr_made). */
static atomic_ulong ctr_made;

struct ctr_ctx {
	int		 alg;		/* CTR_128... */
	EVP_CIPHER_CTX	*real;		/* makes the keystream */
	int		 ready;		/* the real context has its cipher */
	size_t		 pos, len;	/* keystream used, made */
	unsigned char	 ks[CTR_RUN];
};

/* The next run of keystream: zeros through the real AES-CTR. */
static int
ctr_refill(struct ctr_ctx *c)
{
	int	n = 0;

	if (!c->ready || EVP_EncryptUpdate(c->real, c->ks, &n, ctr_zeros,
	    (int)sizeof c->ks) != 1 || n != (int)sizeof c->ks) {
		OPENSSL_cleanse(c->ks, sizeof c->ks);
		c->pos = c->len = 0;
		return (-1);
	}
	c->pos = 0;
	c->len = sizeof c->ks;
	return (0);
}

static int
ctr_xor(struct ctr_ctx *c, unsigned char *out, const unsigned char *in,
    size_t n)
{
	const unsigned char *ks;
	uint64_t a, b;
	size_t	 k, i;

	while (n > 0) {
		if (c->pos == c->len && ctr_refill(c) != 0)
			return (0);
		k = c->len - c->pos < n ? c->len - c->pos : n;
		ks = c->ks + c->pos;
		for (i = 0; i + 8 <= k; i += 8) {
			memcpy(&a, in + i, 8);
			memcpy(&b, ks + i, 8);
			a ^= b;
			memcpy(out + i, &a, 8);
		}
		for (; i < k; i++)
			out[i] = in[i] ^ ks[i];
		c->pos += k;
		in += k;
		out += k;
		n -= k;
	}
	return (1);
}

/* ---------------------------------------------------------------- cipher */

static void *
ctr_new(int alg)
{
	struct ctr_ctx *c = calloc(1, sizeof *c);

	if (c == NULL)
		return (NULL);
	c->alg = alg;
	if ((c->real = EVP_CIPHER_CTX_new()) == NULL) {
		free(c);
		return (NULL);
	}
	atomic_fetch_add(&ctr_made, 1);
	return (c);
}

static void *ctr_new128(void *p) { (void)p; return (ctr_new(CTR_128)); }
static void *ctr_new192(void *p) { (void)p; return (ctr_new(CTR_192)); }
static void *ctr_new256(void *p) { (void)p; return (ctr_new(CTR_256)); }

static void
ctr_free(void *vc)
{
	struct ctr_ctx *c = vc;

	if (c == NULL)
		return;
	EVP_CIPHER_CTX_free(c->real);
	OPENSSL_cleanse(c, sizeof *c);
	free(c);
}

static void *
ctr_dup(void *vc)
{
	struct ctr_ctx *c = vc, *d = ctr_new(c->alg);

	if (d == NULL)
		return (NULL);
	if (c->ready && EVP_CIPHER_CTX_copy(d->real, c->real) != 1) {
		ctr_free(d);
		return (NULL);
	}
	d->ready = c->ready;
	d->pos = c->pos;
	d->len = c->len;
	memcpy(d->ks, c->ks, sizeof d->ks);
	return (d);
}

/* Either direction: counter mode encrypts the counter both ways.  A key
 * or an IV may come alone (NULL for the other), as EVP allows. */
static int
ctr_init(void *vc, const unsigned char *key, size_t keylen,
    const unsigned char *iv, size_t ivlen, const OSSL_PARAM params[])
{
	struct ctr_ctx *c = vc;

	(void)params;
	if ((key != NULL && keylen != ctr_keylens[c->alg]) ||
	    (iv != NULL && ivlen != CTR_IVLEN))
		return (0);
	OPENSSL_cleanse(c->ks, sizeof c->ks);
	c->pos = c->len = 0;
	if (EVP_EncryptInit_ex(c->real, c->ready ? NULL : ctr_real[c->alg],
	    NULL, key, iv) != 1)
		return (0);
	c->ready = 1;
	return (1);
}

static int
ctr_update(void *vc, unsigned char *out, size_t *outl, size_t outsize,
    const unsigned char *in, size_t inl)
{
	if (outsize < inl || !ctr_xor(vc, out, in, inl))
		return (0);
	*outl = inl;
	return (1);
}

static int
ctr_final(void *vc, unsigned char *out, size_t *outl, size_t outsize)
{
	(void)vc;
	(void)out;
	(void)outsize;
	*outl = 0;
	return (1);
}

/* Key and IV lengths, where params asks for them. */
static int
ctr_lengths(OSSL_PARAM params[], int alg)
{
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_KEYLEN)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, ctr_keylens[alg]))
		return (0);
	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_IVLEN)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, CTR_IVLEN))
		return (0);
	return (1);
}

/* What EVP caches of the algorithm when it is fetched: the mode, the
 * lengths, a block of one byte (a stream), and no to every flag. */
static int
ctr_params(OSSL_PARAM params[], int alg)
{
	static const char *const no[] = {
		OSSL_CIPHER_PARAM_AEAD, OSSL_CIPHER_PARAM_CUSTOM_IV,
		OSSL_CIPHER_PARAM_CTS, OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK,
		OSSL_CIPHER_PARAM_HAS_RAND_KEY,
	};
	OSSL_PARAM *p;
	size_t	i;

	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_MODE)) != NULL &&
	    !OSSL_PARAM_set_uint(p, EVP_CIPH_CTR_MODE))
		return (0);
	if ((p = OSSL_PARAM_locate(params,
	    OSSL_CIPHER_PARAM_BLOCK_SIZE)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, 1))
		return (0);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if ((p = OSSL_PARAM_locate(params, no[i])) != NULL &&
		    !OSSL_PARAM_set_int(p, 0))
			return (0);
	return (ctr_lengths(params, alg));
}

static int ctr_params128(OSSL_PARAM p[]) { return (ctr_params(p, CTR_128)); }
static int ctr_params192(OSSL_PARAM p[]) { return (ctr_params(p, CTR_192)); }
static int ctr_params256(OSSL_PARAM p[]) { return (ctr_params(p, CTR_256)); }

static const OSSL_PARAM ctr_gettable[] = {
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_MODE, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_IVLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_BLOCK_SIZE, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_AEAD, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_CUSTOM_IV, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_CTS, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK, NULL),
	OSSL_PARAM_int(OSSL_CIPHER_PARAM_HAS_RAND_KEY, NULL),
	OSSL_PARAM_END
};

static const OSSL_PARAM *
ctr_gettable_params(void *provctx)
{
	(void)provctx;
	return (ctr_gettable);
}

/* A context's key and IV lengths; the IV itself is not told (the real
 * context's counter runs ahead of what was used). */
static int
ctr_get_ctx_params(void *vc, OSSL_PARAM params[])
{
	return (ctr_lengths(params, ((struct ctr_ctx *)vc)->alg));
}

/* Padding means nothing to a stream; another key length is refused. */
static int
ctr_set_ctx_params(void *vc, const OSSL_PARAM params[])
{
	struct ctr_ctx *c = vc;
	const OSSL_PARAM *p;
	size_t	n;

	if ((p = OSSL_PARAM_locate_const(params,
	    OSSL_CIPHER_PARAM_KEYLEN)) != NULL &&
	    (!OSSL_PARAM_get_size_t(p, &n) || n != ctr_keylens[c->alg]))
		return (0);
	return (1);
}

static const OSSL_PARAM ctr_ctx_gettable[] = {
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_IVLEN, NULL),
	OSSL_PARAM_END
};

static const OSSL_PARAM ctr_ctx_settable[] = {
	OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
	OSSL_PARAM_uint(OSSL_CIPHER_PARAM_PADDING, NULL),
	OSSL_PARAM_END
};

static const OSSL_PARAM *
ctr_gettable_ctx_params(void *vc, void *provctx)
{
	(void)vc;
	(void)provctx;
	return (ctr_ctx_gettable);
}

static const OSSL_PARAM *
ctr_settable_ctx_params(void *vc, void *provctx)
{
	(void)vc;
	(void)provctx;
	return (ctr_ctx_settable);
}

#define CTR_FN(f)	((void (*)(void))(f))
#define CTR_DISPATCH(newfn, paramsfn)					\
	{ OSSL_FUNC_CIPHER_NEWCTX, CTR_FN(newfn) },			\
	{ OSSL_FUNC_CIPHER_FREECTX, CTR_FN(ctr_free) },			\
	{ OSSL_FUNC_CIPHER_DUPCTX, CTR_FN(ctr_dup) },			\
	{ OSSL_FUNC_CIPHER_ENCRYPT_INIT, CTR_FN(ctr_init) },		\
	{ OSSL_FUNC_CIPHER_DECRYPT_INIT, CTR_FN(ctr_init) },		\
	{ OSSL_FUNC_CIPHER_UPDATE, CTR_FN(ctr_update) },		\
	{ OSSL_FUNC_CIPHER_FINAL, CTR_FN(ctr_final) },			\
	{ OSSL_FUNC_CIPHER_CIPHER, CTR_FN(ctr_update) },		\
	{ OSSL_FUNC_CIPHER_GET_PARAMS, CTR_FN(paramsfn) },		\
	{ OSSL_FUNC_CIPHER_GETTABLE_PARAMS, CTR_FN(ctr_gettable_params) }, \
	{ OSSL_FUNC_CIPHER_GET_CTX_PARAMS, CTR_FN(ctr_get_ctx_params) }, \
	{ OSSL_FUNC_CIPHER_SET_CTX_PARAMS, CTR_FN(ctr_set_ctx_params) }, \
	{ OSSL_FUNC_CIPHER_GETTABLE_CTX_PARAMS,				\
	    CTR_FN(ctr_gettable_ctx_params) },				\
	{ OSSL_FUNC_CIPHER_SETTABLE_CTX_PARAMS,				\
	    CTR_FN(ctr_settable_ctx_params) },				\
	{ 0, NULL }

static const OSSL_DISPATCH ctr_fns128[] = { CTR_DISPATCH(ctr_new128,
    ctr_params128) };
static const OSSL_DISPATCH ctr_fns192[] = { CTR_DISPATCH(ctr_new192,
    ctr_params192) };
static const OSSL_DISPATCH ctr_fns256[] = { CTR_DISPATCH(ctr_new256,
    ctr_params256) };

static const OSSL_ALGORITHM ctr_algs[] = {
	{ "AES-128-CTR", CTR_PROPS, ctr_fns128, NULL },
	{ "AES-192-CTR", CTR_PROPS, ctr_fns192, NULL },
	{ "AES-256-CTR", CTR_PROPS, ctr_fns256, NULL },
	{ NULL, NULL, NULL, NULL }
};

/* ---------------------------------------------------------------- provider */

static const OSSL_ALGORITHM *
ctr_query(void *provctx, int op, int *no_cache)
{
	(void)provctx;
	*no_cache = 0;
	return (op == OSSL_OP_CIPHER ? ctr_algs : NULL);
}

static const OSSL_DISPATCH ctr_provider[] = {
	{ OSSL_FUNC_PROVIDER_QUERY_OPERATION, CTR_FN(ctr_query) },
	{ 0, NULL }
};

static int
ctr_provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
    const OSSL_DISPATCH **out, void **provctx)
{
	(void)in;
	*out = ctr_provider;
	*provctx = (void *)handle;
	return (1);
}

static pthread_once_t	ctr_once = PTHREAD_ONCE_INIT;
static int		ctr_installed;
static OSSL_PROVIDER	*ctr_default, *ctr_ours;

/* What ctr_install took, given back (also by OPENSSL_cleanup at exit:
 * the references would otherwise keep both providers alive). */
static void
ctr_release(void)
{
	int	i;

	for (i = 0; i < CTR_N; i++) {
		EVP_CIPHER_free(ctr_real[i]);
		ctr_real[i] = NULL;
	}
	if (ctr_ours != NULL)
		OSSL_PROVIDER_unload(ctr_ours);
	if (ctr_default != NULL)
		OSSL_PROVIDER_unload(ctr_default);
	ctr_ours = ctr_default = NULL;
}

static void
ctr_install(void)
{
	int	i;

	if (EVP_default_properties_is_fips_enabled(NULL) ||
	    (ctr_default = OSSL_PROVIDER_load(NULL, "default")) == NULL)
		return;
	for (i = 0; i < CTR_N; i++) {
		ctr_real[i] = EVP_CIPHER_fetch(NULL, ctr_names[i],
		    "provider=default");
		if (ctr_real[i] == NULL)
			goto fail;
	}
	if (OSSL_PROVIDER_add_builtin(NULL, CTR_NAME,
	    ctr_provider_init) == 1 &&
	    (ctr_ours = OSSL_PROVIDER_load(NULL, CTR_NAME)) != NULL &&
	    OPENSSL_atexit(ctr_release) == 1 &&
	    EVP_set_default_properties(NULL, "?" CTR_PROPS) == 1) {
		ctr_installed = 1;
		return;
	}
fail:
	ctr_release();
}

unsigned long
ssh_ctr_made(void)
{
	return (atomic_load(&ctr_made));
}

int
ssh_ctr_install(void)
{
	pthread_once(&ctr_once, ctr_install);
	return (ctr_installed);
}
