/* ferry: fuzz target for resume records (src/xfer/record.c).  The input
 * is a record file's contents (version 1, 2 with chunk digests, or 3
 * with segments).  A
 * record that loads must save and load back the same. */
#include "config.h"

#include <unistd.h>

#include "fuzz.h"
#include "xfer/record.h"

static char fuzz_dir[] = "/tmp/ferry-fuzz-record.XXXXXX";

static void
fuzz_remove_dir(void)
{
	(void)rmdir(fuzz_dir);
}

/* Save r in a scratch directory (removed at exit) and load it again: the
 * same fields. */
static void
fuzz_round_trip(const struct xfer_record *r)
{
	static int made;
	struct xfer_record again;
	char *path, *cause = NULL;
	size_t i;

	if (!made) {
		fuzz_check(mkdtemp(fuzz_dir) != NULL);
		atexit(fuzz_remove_dir);
		made = 1;
	}
	path = xasprintf("%s/r.rec", fuzz_dir);
	if (record_save(path, r, &cause) != 0) {
		/* Only a name over the line cap is refused. */
		fuzz_check(strlen(r->source) > 2000 ||
		    strlen(r->target) > 2000);
		free(cause);
		free(path);
		return;
	}
	fuzz_check(record_load(path, &again, &cause) == 0);
	fuzz_check(strcmp(again.source, r->source) == 0);
	fuzz_check(strcmp(again.target, r->target) == 0);
	fuzz_check(again.src_size == r->src_size);
	fuzz_check(again.src_mtime == r->src_mtime);
	fuzz_check(again.confirmed == r->confirmed);
	fuzz_check(strcmp(again.digest, r->digest) == 0);
	fuzz_check(again.chunk_size == r->chunk_size);
	fuzz_check(again.nchunks == r->nchunks);
	fuzz_check(r->nchunks == 0 || memcmp(again.chunk, r->chunk,
	    r->nchunks * sizeof *r->chunk) == 0);
	fuzz_check(again.nsegs == r->nsegs);
	for (i = 0; i < r->nsegs; i++) {
		fuzz_check(again.seg[i].start == r->seg[i].start);
		fuzz_check(again.seg[i].end == r->seg[i].end);
		fuzz_check(again.seg[i].confirmed == r->seg[i].confirmed);
		fuzz_check(strcmp(again.seg[i].digest, r->seg[i].digest) == 0);
		fuzz_check(again.seg[i].nchunks == r->seg[i].nchunks);
		fuzz_check(r->seg[i].nchunks == 0 ||
		    memcmp(again.seg[i].chunk, r->seg[i].chunk,
		    r->seg[i].nchunks * sizeof *r->seg[i].chunk) == 0);
	}
	record_free(&again);
	(void)unlink(path);
	free(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xfer_record r;
	char *cause = NULL;

	if (record_parse_text("fuzz", (const char *)data, size, &r,
	    &cause) == 0) {
		fuzz_check(cause == NULL);
		fuzz_check(r.source != NULL && r.target != NULL);
		fuzz_check(strlen(r.digest) == 0 || strlen(r.digest) == 64);
		/* chunk digests cover exactly the confirmed bytes (a
		 * segmented record's: each segment's, none of its own) */
		fuzz_check(r.chunk_size != 0 || r.nchunks == 0);
		fuzz_check(r.chunk_size == 0 || r.nsegs > 0 || r.nchunks ==
		    r.confirmed / r.chunk_size +
		    (r.confirmed % r.chunk_size != 0));
		fuzz_check(r.nsegs == 0 || r.nchunks == 0);
		fuzz_check(r.nchunks <= RECORD_CHUNKS_MAX);
		/* segments follow each other from 0 to the size */
		fuzz_check(record_segs_ok(&r));
		fuzz_check(r.nsegs == 0 || (r.seg[0].start == 0 &&
		    r.seg[r.nsegs - 1].end == r.src_size &&
		    r.confirmed == r.seg[0].confirmed));
		fuzz_round_trip(&r);
		record_free(&r);
	} else {
		fuzz_check(cause != NULL);
		fuzz_check(r.source == NULL && r.target == NULL);
		free(cause);
	}
	return (0);
}
