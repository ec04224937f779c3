/* ferry: fuzz target for the parsers of FTP reply text (src/ftp/reply.c):
 * 227, 229, 257, 213 (SIZE), MDTM times and FEAT.  The input is a reply's
 * text as the framer hands it over (lines joined by '\n').
 */
#include "config.h"

#include <inttypes.h>

#include "ftp/reply.h"
#include "fuzz.h"

/* 0000-01-01 and 9999-12-31T23:59:60: what 14 digits can say. */
#define FUZZ_TIME_MIN	(-62167219200LL)
#define FUZZ_TIME_MAX	(253402300800LL)

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
	free(text);
	return (0);
}
