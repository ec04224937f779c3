/* ferry: fuzz target for the parsers of FTP reply text (src/ftp/reply.c):
 * 227, 229, 257, 213 (SIZE), MDTM times and FEAT, and of src/ftp/hash.c:
 * the HASH line of FEAT, the replies to HASH and XSHA256.  The input is a
 * reply's
 * text as the framer hands it over (lines joined by '\n').
 */
#include "config.h"

#include <inttypes.h>

#include "ftp/hash.h"
#include "ftp/reply.h"
#include "fuzz.h"

/* 0000-01-01 and 9999-12-31T23:59:60: what 14 digits can say. */
#define FUZZ_TIME_MIN	(-62167219200LL)
#define FUZZ_TIME_MAX	(253402300800LL)

/* A digest is given only where the reply holds one, and a refused reply
 * leaves nothing behind. */
static void
fuzz_hashes(const char *text)
{
	unsigned char out[VFS_HASH_MAX], zero[VFS_HASH_MAX] = { 0 };
	enum vfs_hash sel;
	unsigned algos;
	int a;

	algos = ftp_feat_hash(text, &sel);
	fuzz_check(algos < VFS_HASH_BIT(VFS_HASH_COUNT));
	fuzz_check(sel == VFS_HASH_NONE || (algos & VFS_HASH_BIT(sel)));
	for (a = VFS_HASH_NONE + 1; a < VFS_HASH_COUNT; a++) {
		if (ftp_hash_parse(text, a, 0, 3, out) == 0)
			fuzz_check(strcasestr(text, vfs_hash_name(a)) != NULL);
		else
			fuzz_check(memcmp(out, zero, sizeof out) == 0);
		if (ftp_xhash_parse(text, a, out) == 0)
			fuzz_check(strlen(text) >= 2 * vfs_hash_size(a));
		else
			fuzz_check(memcmp(out, zero, sizeof out) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), *path, num[32];
	const char *p;
	unsigned port;
	uint64_t v;
	int64_t t;

	if (ftp_parse_227(text, &port) == 0)
		fuzz_check(port > 0 && port < 65536);
	else
		fuzz_check(port == 0);
	if (ftp_parse_229(text, &port) == 0)
		fuzz_check(port > 0 && port < 65536);
	else
		fuzz_check(port == 0);
	if (ftp_parse_257(text, &path) == 0) {
		fuzz_check(strlen(path) < strlen(text));
		fuzz_check(strchr(path, '\n') == NULL);
		free(path);
	} else
		fuzz_check(path == NULL);
	/* A size read back is the digits that were there. */
	if (ftp_parse_size(text, &v) == 0) {
		snprintf(num, sizeof num, "%" PRIu64, v);
		for (p = text; *p == ' ' || (*p == '0' && p[1] >= '0' &&
		    p[1] <= '9'); p++)
			;
		fuzz_check(strncmp(p, num, strlen(num)) == 0);
	} else
		fuzz_check(v == 0);
	if (ftp_parse_time(text, &t) == 0)
		fuzz_check(t >= FUZZ_TIME_MIN && t <= FUZZ_TIME_MAX);
	else
		fuzz_check(t == 0);
	(void)ftp_parse_feat(text);
	fuzz_hashes(text);
	free(text);
	return (0);
}
