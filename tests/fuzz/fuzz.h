/* ferry: what the fuzz targets in tests/fuzz/ share.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput for one parser.  Built
 * with --enable-fuzzing (clang), libFuzzer calls it; otherwise replay.c
 * calls it once per corpus file, so make check replays the corpora with
 * whatever compiler and sanitizers the build uses.
 *
 * Targets check what must hold for any input with fuzz_check: a failure
 * aborts, which both libFuzzer and the replay report as a crash.
 */
#ifndef FERRY_FUZZ_H
#define FERRY_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_check(cond) \
	((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

static inline void __attribute__((noreturn))
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	abort();
}

/* The input as a C string (it stops at the first NUL); malloc'd. */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return (s);
}

#endif
