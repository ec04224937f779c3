/* ferry: the server's digest of a range over FTP (src/ftp/hash.c): the
 * HASH line of FEAT, and the replies to HASH and to XSHA256, XSHA1, XMD5,
 * right and wrong, as tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ftp/hash.h"
#include "ftp/reply.h"
#include "util/err.h"

/* SHA-256, SHA-1 and MD5 of "abc", in hex and as bytes. */
#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223" \
	"b00361a396177a9cb410ff61f20015ad"
#define SHA1_ABC "a9993e364706816aba3e25717850c26c9cd0d89d"
#define MD5_ABC "900150983cd24fb0d6963f7d28e17f72"

static void
test_unhex(const char *hex, unsigned char *out)
{
	size_t i;

	for (i = 0; hex[2 * i] != '\0'; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

/* ------------------------------------------------------------ FEAT */

static const struct {
	const char	*text;
	unsigned	 algos;
	enum vfs_hash	 selected;
} feat_cases[] = {
	{ "Features:\n HASH SHA-256;SHA-512;SHA-1*;MD5\nEnd",
	  VFS_HASH_BIT(VFS_HASH_SHA256) | VFS_HASH_BIT(VFS_HASH_SHA1) |
	  VFS_HASH_BIT(VFS_HASH_MD5), VFS_HASH_SHA1 },
	/* proftpd 1.3.8: a ';' after the last, names ferry does not use */
	{ "Features:\n EPSV\n HASH CRC32;MD5;SHA-1*;SHA-256;SHA-512;\n"
	  " RANG STREAM\nEnd",
	  VFS_HASH_BIT(VFS_HASH_SHA256) | VFS_HASH_BIT(VFS_HASH_SHA1) |
	  VFS_HASH_BIT(VFS_HASH_MD5), VFS_HASH_SHA1 },
	{ "Features:\n hash sha-256*\nEnd", VFS_HASH_BIT(VFS_HASH_SHA256),
	  VFS_HASH_SHA256 },
	/* no space before the feature (some servers), spaces in the list */
	{ "Features:\nHASH MD5* ; SHA-1\nEnd",
	  VFS_HASH_BIT(VFS_HASH_MD5) | VFS_HASH_BIT(VFS_HASH_SHA1),
	  VFS_HASH_MD5 },
	{ "Features:\n HASH CRC32*;SHA-512\nEnd", 0, VFS_HASH_NONE },
	{ "Features:\n HASH SHA-256\nEnd", VFS_HASH_BIT(VFS_HASH_SHA256),
	  VFS_HASH_NONE },
	{ "Features:\n HASH\nEnd", 0, VFS_HASH_NONE },
	{ "Features:\n HASHES SHA-256*\nEnd", 0, VFS_HASH_NONE },
	{ "Features:\n XSHA256\n SIZE\nEnd", 0, VFS_HASH_NONE },
	{ "Features:\n HASH SHA-2560;SHA-1X;MD\nEnd", 0, VFS_HASH_NONE },
	{ "Features:\n HASH ;;*;\nEnd", 0, VFS_HASH_NONE },
	{ "", 0, VFS_HASH_NONE },
};

Test(ftp_hash, the_hash_line_of_feat_says_what_is_offered_and_selected)
{
	enum vfs_hash sel;
	size_t i;

	for (i = 0; i < sizeof feat_cases / sizeof feat_cases[0]; i++) {
		cr_expect_eq(ftp_feat_hash(feat_cases[i].text, &sel),
		    feat_cases[i].algos, "%s", feat_cases[i].text);
		cr_expect_eq(sel, feat_cases[i].selected, "%s",
		    feat_cases[i].text);
	}
}

Test(ftp_hash, feat_offers_rang_and_the_x_commands)
{
	unsigned f = ftp_parse_feat("Features:\n RANG STREAM\n XSHA256\n"
	    " XSHA1\n XMD5\n XSHA512\n XSHA\nEnd");

	cr_expect(f & FTP_FEAT_RANG);
	cr_expect(f & FTP_FEAT_XSHA256);
	cr_expect(f & FTP_FEAT_XSHA1);
	cr_expect(f & FTP_FEAT_XMD5);
	f = ftp_parse_feat("Features:\n RANG\n XSHA2560\n XSHA\n XMD\nEnd");
	cr_expect_eq(f & (FTP_FEAT_RANG | FTP_FEAT_XSHA256 | FTP_FEAT_XSHA1 |
	    FTP_FEAT_XMD5), 0);
}

/* ------------------------------------------------------------ HASH */

static const struct {
	const char	*text;
	enum vfs_hash	 algo;
	uint64_t	 start, end;
	int		 ok;
	const char	*hex;		/* what it gives, if ok */
} hash_cases[] = {
	/* the draft: the end is the last byte */
	{ "SHA-256 0-2 " SHA256_ABC " f.bin", VFS_HASH_SHA256, 0, 3, 1,
	  SHA256_ABC },
	/* proftpd: the end is one past it, after a "213-" line */
	{ "Computing SHA-256 digest\nSHA-256 0-3 " SHA256_ABC " f.bin",
	  VFS_HASH_SHA256, 0, 3, 1, SHA256_ABC },
	{ "SHA-1 0-2 " SHA1_ABC " a name with spaces", VFS_HASH_SHA1, 0, 3,
	  1, SHA1_ABC },
	{ "md5 0-2 900150983CD24FB0D6963F7D28E17F72 f", VFS_HASH_MD5, 0, 3, 1,
	  MD5_ABC },
	{ "MD5 0-2 " MD5_ABC, VFS_HASH_MD5, 0, 3, 1, MD5_ABC },
	{ "SHA-256 4096-8191 " SHA256_ABC " f", VFS_HASH_SHA256, 4096, 8192,
	  1, SHA256_ABC },
	/* another algorithm than asked for */
	{ "SHA-1 0-2 " SHA1_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-512 0-2 " SHA256_ABC SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0,
	  NULL },
	/* another range */
	{ "SHA-256 0-4 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-1 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 1-3 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-99999999999999999999999 " SHA256_ABC " f",
	  VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 -2 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0--2 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0 2 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	/* not the digest: short, long, not hex, cut, nothing */
	{ "SHA-256 0-2 " SHA1_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-2 " SHA256_ABC "00 f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-2 " SHA256_ABC "x f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-2 zz7816bf8f01cfea414140de5dae2223"
	  "b00361a396177a9cb410ff61f20015ad f", VFS_HASH_SHA256, 0, 3, 0,
	  NULL },
	{ "SHA-256 0-2 ba7816bf8f01cfea414140de5dae2223"
	  "b00361a396177a9cb410ff61f20015a", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-2 ba7816bf8f01cfea414140de5dae2223\x1b[2J"
	  "b00361a396177a9cb410ff61f20015ad f", VFS_HASH_SHA256, 0, 3, 0,
	  NULL },
	{ "SHA-256 0-2  " SHA256_ABC " f", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256 0-2", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "SHA-256", VFS_HASH_SHA256, 0, 3, 0, NULL },
	{ "", VFS_HASH_SHA256, 0, 3, 0, NULL },
	/* the digest on a line before the last is not the answer */
	{ "SHA-256 0-2 " SHA256_ABC " f\nEnd", VFS_HASH_SHA256, 0, 3, 0,
	  NULL },
	/* nothing was asked for */
	{ "SHA-256 0-2 " SHA256_ABC " f", VFS_HASH_NONE, 0, 3, 0, NULL },
	{ "SHA-256 0-0 " SHA256_ABC " f", VFS_HASH_SHA256, 0, 0, 0, NULL },
};

Test(ftp_hash, a_hash_reply_gives_the_digest_of_the_range_asked_or_nothing)
{
	unsigned char out[VFS_HASH_MAX], want[VFS_HASH_MAX], zero[VFS_HASH_MAX];
	size_t i;
	int rc;

	memset(zero, 0, sizeof zero);
	for (i = 0; i < sizeof hash_cases / sizeof hash_cases[0]; i++) {
		memset(out, 0xee, sizeof out);
		rc = ftp_hash_parse(hash_cases[i].text, hash_cases[i].algo,
		    hash_cases[i].start, hash_cases[i].end, out);
		if (!hash_cases[i].ok) {
			cr_expect_eq(rc, FERR_IO, "%s", hash_cases[i].text);
			cr_expect_arr_eq(out, zero, sizeof out, "%s",
			    hash_cases[i].text);
			continue;
		}
		cr_expect_eq(rc, 0, "%s", hash_cases[i].text);
		memset(want, 0, sizeof want);
		test_unhex(hash_cases[i].hex, want);
		cr_expect_arr_eq(out, want, vfs_hash_size(hash_cases[i].algo),
		    "%s", hash_cases[i].text);
	}
}

/* ------------------------------------------------------------ XSHA */

static const struct {
	const char	*text;
	enum vfs_hash	 algo;
	const char	*hex;		/* NULL: no digest */
} xhash_cases[] = {
	{ "Computing SHA256 digest\nBA7816BF8F01CFEA414140DE5DAE2223"
	  "B00361A396177A9CB410FF61F20015AD", VFS_HASH_SHA256, SHA256_ABC },
	{ SHA256_ABC, VFS_HASH_SHA256, SHA256_ABC },
	{ SHA256_ABC " f.bin", VFS_HASH_SHA256, SHA256_ABC },
	{ "Computing SHA1 digest\nComputing...\n" SHA1_ABC, VFS_HASH_SHA1,
	  SHA1_ABC },
	{ MD5_ABC, VFS_HASH_MD5, MD5_ABC },
	{ SHA1_ABC, VFS_HASH_SHA256, NULL },
	{ SHA256_ABC, VFS_HASH_SHA1, NULL },
	{ MD5_ABC "0", VFS_HASH_MD5, NULL },
	{ "Computing SHA256 digest", VFS_HASH_SHA256, NULL },
	{ SHA256_ABC "\nComputing...", VFS_HASH_SHA256, NULL },
	{ " " SHA256_ABC, VFS_HASH_SHA256, NULL },
	{ "0x" MD5_ABC, VFS_HASH_MD5, NULL },
	{ "", VFS_HASH_MD5, NULL },
	{ MD5_ABC, VFS_HASH_NONE, NULL },
};

Test(ftp_hash, an_x_reply_gives_exactly_one_digest_or_nothing)
{
	unsigned char out[VFS_HASH_MAX], want[VFS_HASH_MAX], zero[VFS_HASH_MAX];
	size_t i;
	int rc;

	memset(zero, 0, sizeof zero);
	for (i = 0; i < sizeof xhash_cases / sizeof xhash_cases[0]; i++) {
		memset(out, 0xee, sizeof out);
		rc = ftp_xhash_parse(xhash_cases[i].text, xhash_cases[i].algo,
		    out);
		if (xhash_cases[i].hex == NULL) {
			cr_expect_eq(rc, FERR_IO, "%s", xhash_cases[i].text);
			cr_expect_arr_eq(out, zero, sizeof out, "%s",
			    xhash_cases[i].text);
			continue;
		}
		cr_expect_eq(rc, 0, "%s", xhash_cases[i].text);
		memset(want, 0, sizeof want);
		test_unhex(xhash_cases[i].hex, want);
		cr_expect_arr_eq(out, want, vfs_hash_size(xhash_cases[i].algo),
		    "%s", xhash_cases[i].text);
	}
}

Test(ftp_hash, names_sizes_verbs_and_the_preference)
{
	cr_expect_str_eq(vfs_hash_name(VFS_HASH_SHA256), "SHA-256");
	cr_expect_str_eq(vfs_hash_name(VFS_HASH_SHA1), "SHA-1");
	cr_expect_str_eq(vfs_hash_name(VFS_HASH_MD5), "MD5");
	cr_expect_eq(vfs_hash_size(VFS_HASH_SHA256), 32);
	cr_expect_eq(vfs_hash_size(VFS_HASH_SHA1), 20);
	cr_expect_eq(vfs_hash_size(VFS_HASH_MD5), 16);
	cr_expect_eq(vfs_hash_size(VFS_HASH_NONE), 0);
	cr_expect_str_eq(ftp_xhash_verb(VFS_HASH_SHA256), "XSHA256");
	cr_expect_str_eq(ftp_xhash_verb(VFS_HASH_SHA1), "XSHA1");
	cr_expect_str_eq(ftp_xhash_verb(VFS_HASH_MD5), "XMD5");
	cr_expect_null(ftp_xhash_verb(VFS_HASH_NONE));
	cr_expect_eq(vfs_hash_best(VFS_HASH_BIT(VFS_HASH_MD5) |
	    VFS_HASH_BIT(VFS_HASH_SHA1)), VFS_HASH_SHA1);
	cr_expect_eq(vfs_hash_best(VFS_HASH_BIT(VFS_HASH_MD5) |
	    VFS_HASH_BIT(VFS_HASH_SHA256)), VFS_HASH_SHA256);
	cr_expect_eq(vfs_hash_best(VFS_HASH_BIT(VFS_HASH_MD5)), VFS_HASH_MD5);
	cr_expect_eq(vfs_hash_best(0), VFS_HASH_NONE);
}
