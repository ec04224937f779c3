/* ferry: tests/it/xxh64chunks FILE CHUNK_SIZE LEN prints the chunk lines a
 * resume record of ferry 0.1.0 kept of the first LEN bytes of FILE: "chunk
 * I HEX", the XXH64 (seed 0) of each chunk of CHUNK_SIZE bytes, the last
 * one ending at LEN, as big-endian hex.  tests/cli/chunks.sh turns a
 * record of today's (XXH3) into one of 0.1.0 with it. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xxh64.h"

int
main(int argc, char **argv)
{
	unsigned char *buf;
	uint64_t cs, len, done = 0;
	size_t n, want, i = 0;
	FILE *fp;

	if (argc != 4) {
		fprintf(stderr, "usage: xxh64chunks FILE CHUNK_SIZE LEN\n");
		return (2);
	}
	cs = strtoull(argv[2], NULL, 10);
	len = strtoull(argv[3], NULL, 10);
	if (cs == 0 || cs > 64u * 1024 * 1024 ||
	    (fp = fopen(argv[1], "rb")) == NULL ||
	    (buf = malloc((size_t)cs)) == NULL) {
		fprintf(stderr, "xxh64chunks: cannot read %s\n", argv[1]);
		return (1);
	}
	while (done < len) {
		want = len - done < cs ? (size_t)(len - done) : (size_t)cs;
		if ((n = fread(buf, 1, want, fp)) != want) {
			fprintf(stderr, "xxh64chunks: %s is shorter than %"
			    PRIu64 " bytes\n", argv[1], len);
			return (1);
		}
		printf("chunk %zu %016" PRIx64 "\n", i++, xxh64(buf, n, 0));
		done += n;
	}
	free(buf);
	return (fclose(fp) != 0);
}
