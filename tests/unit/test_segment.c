/* ferry: tests for segmented downloads' pure parts: how a file is split
 * (src/xfer/segplan.c) and the segments of a version 3 resume record
 * (src/xfer/record.c). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util/err.h"
#include "xfer/record.h"
#include "xfer/segment.h"

#define MiB	(1024u * 1024)
#define DIGEST_A \
	"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define DIGEST_B \
	"5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* ------------------------------------------------------------ seg_count */

Test(segment, one_or_less_asked_is_one_stream)
{
	cr_assert_eq(seg_count(1024ull * MiB, 0), 1);
	cr_assert_eq(seg_count(1024ull * MiB, 1), 1);
	cr_assert_eq(seg_count(1024ull * MiB, -3), 1);
}

Test(segment, a_file_below_two_minimal_segments_is_one_stream)
{
	cr_assert_eq(seg_count(0, 4), 1);
	cr_assert_eq(seg_count(2ull * SEG_MIN - 1, 4), 1);
	cr_assert_eq(seg_count(2ull * SEG_MIN, 4), 2);
}

Test(segment, each_segment_has_at_least_the_minimum)
{
	cr_assert_eq(seg_count(3ull * SEG_MIN + 5, 16), 3);
	cr_assert_eq(seg_count(4ull * SEG_MIN - 1, 4), 3);
	cr_assert_eq(seg_count(4ull * SEG_MIN, 4), 4);
}

Test(segment, more_than_the_maximum_is_the_maximum)
{
	cr_assert_eq(seg_count(UINT64_MAX, 100), SEG_MAX);
	cr_assert_eq(seg_count(1ull << 40, SEG_MAX + 1), SEG_MAX);
}

/* ------------------------------------------------------------- seg_plan */

/* The plan of n segments for size bytes is a valid record's segments:
 * from 0 to size, in order, aligned but the end, none confirmed, sizes
 * differing by less than one alignment unit plus the remainder. */
static void
check_plan(uint64_t size, int n)
{
	struct xfer_record r = { .src_size = size };
	uint64_t each;
	int i;

	r.source = "s";
	r.target = "t";
	cr_assert_eq(seg_plan(&r, n), 0, "size %llu n %d",
	    (unsigned long long)size, n);
	cr_assert_eq(r.nsegs, (size_t)n);
	cr_assert(record_segs_ok(&r), "size %llu n %d",
	    (unsigned long long)size, n);
	each = r.seg[0].end;
	for (i = 0; i < n; i++) {
		cr_assert_eq(r.seg[i].confirmed, r.seg[i].start);
		cr_assert_str_empty(r.seg[i].digest);
		if (i < n - 1) {
			cr_assert_eq(r.seg[i].end % SEG_ALIGN, 0);
			cr_assert_eq(r.seg[i].end - r.seg[i].start, each);
		}
	}
	cr_assert_geq(r.seg[n - 1].end - r.seg[n - 1].start, each);
	cr_assert_lt(r.seg[n - 1].end - r.seg[n - 1].start,
	    each + (uint64_t)n * SEG_ALIGN);
	cr_assert_eq(record_confirmed_total(&r), 0);
	free(r.seg);
}

Test(segment, plans_cover_the_file_in_order_for_every_count)
{
	static const uint64_t sizes[] = {
		2ull * SEG_MIN, 2ull * SEG_MIN + 1, 40ull * MiB + 12345,
		1ull << 30, (1ull << 30) - 1, 4700000000ull, 1ull << 50,
	};
	size_t i;
	int n;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		for (n = 2; n <= SEG_MAX; n++)
			check_plan(sizes[i], n);
}

Test(segment, a_plan_that_cannot_be_made_is_refused)
{
	struct xfer_record r = { .src_size = 1ull << 30 };

	cr_assert_eq(seg_plan(&r, 1), -1);
	cr_assert_eq(seg_plan(&r, SEG_MAX + 1), -1);
	r.src_size = 3 * SEG_ALIGN - 1;
	cr_assert_eq(seg_plan(&r, 3), -1);
	cr_assert_null(r.seg);
	cr_assert_eq(r.nsegs, 0);
}

/* ------------------------------------------------------ version 3 records */

static const char good3[] =
    "ferry-resume-record 3\n"
    "source sftp://ana@files.example.org/pub/a.iso\n"
    "target /home/ana/a.iso.ferry-part\n"
    "src_size 100000000\n"
    "src_mtime 1700000000\n"
    "confirmed 5000\n"
    "digest " DIGEST_A "\n"
    "updated 1700000100\n"
    "segments 3\n"
    "segment 0 0 33554432 5000 " DIGEST_A "\n"
    "segment 1 33554432 67108864 33554432\n"
    "segment 2 67108864 100000000 70000000 " DIGEST_B "\n";

static int
parse(const char *text, struct xfer_record *r)
{
	char *cause = NULL;
	int rc = record_parse_text("t.rec", text, strlen(text), r, &cause);

	cr_assert_eq(rc != 0, cause != NULL);
	free(cause);
	return (rc);
}

Test(segment, a_version_3_record_loads_its_segments)
{
	struct xfer_record r;

	cr_assert_eq(parse(good3, &r), 0);
	cr_assert_eq(r.nsegs, 3);
	cr_assert_eq(r.seg[1].start, 33554432);
	cr_assert_eq(r.seg[1].confirmed, 33554432);
	cr_assert_str_empty(r.seg[1].digest);
	cr_assert_eq(r.seg[2].end, 100000000);
	cr_assert_eq(r.seg[2].confirmed, 70000000);
	cr_assert_str_eq(r.seg[2].digest, DIGEST_B);
	cr_assert_eq(record_confirmed_total(&r), 5000 + 70000000 - 67108864);
	record_free(&r);
}

Test(segment, a_version_3_record_saves_and_loads_back_the_same)
{
	char dir[] = "/tmp/ferry-test-segment.XXXXXX", *path, *cause = NULL;
	struct xfer_record r, again;
	FILE *f;
	char buf[4096];
	size_t n, i;

	cr_assert_not_null(mkdtemp(dir));
	cr_assert_neq(asprintf(&path, "%s/r.rec", dir), -1);
	cr_assert_eq(parse(good3, &r), 0);
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
	cr_assert_eq(record_load(path, &again, &cause), 0, "%s", cause);
	cr_assert_eq(again.nsegs, r.nsegs);
	for (i = 0; i < r.nsegs; i++) {
		cr_assert_eq(again.seg[i].start, r.seg[i].start);
		cr_assert_eq(again.seg[i].end, r.seg[i].end);
		cr_assert_eq(again.seg[i].confirmed, r.seg[i].confirmed);
		cr_assert_str_eq(again.seg[i].digest, r.seg[i].digest);
		cr_assert_eq(again.seg[i].nchunks, 0);
	}
	/* the text is the one it was made from */
	cr_assert_not_null(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	cr_assert_str_eq(buf, good3);
	record_free(&again);
	record_free(&r);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* good3 with the line starting with from replaced by to (NULL: removed). */
static char *
good3_with(const char *from, const char *to)
{
	const char *at = strstr(good3, from), *nl;
	char *out;

	cr_assert_not_null(at, "%s", from);
	nl = strchr(at, '\n') + 1;
	cr_assert_neq(asprintf(&out, "%.*s%s%s%s", (int)(at - good3), good3,
	    to != NULL ? to : "", to != NULL ? "\n" : "", nl), -1);
	return (out);
}

Test(segment, a_damaged_version_3_record_is_refused)
{
	static const struct { const char *from, *to; } cases[] = {
		/* a segment missing, or one too many */
		{ "segment 2 ", NULL },
		{ "segments 3", "segments 4" },
		{ "segments 3", "segments 1" },
		{ "segments 3", "segments 17" },
		/* not from 0, a gap, an overlap, not to the size */
		{ "segment 0 ", "segment 0 1 33554432 5000" },
		{ "segment 1 ", "segment 1 33554433 67108864 33554433" },
		{ "segment 1 ", "segment 1 33554431 67108864 33554431" },
		{ "segment 2 ", "segment 2 67108864 99999999 70000000" },
		/* confirmed outside the segment, or not the first's */
		{ "segment 2 ", "segment 2 67108864 100000000 60000000" },
		{ "segment 2 ", "segment 2 67108864 100000000 100000001" },
		{ "confirmed ", "confirmed 4999" },
		/* out of order, junk, a bad digest */
		{ "segment 1 ", "segment 2 33554432 67108864 33554432" },
		{ "segment 1 ", "segment 1 33554432 67108864 x" },
		{ "segment 1 ", "segment 1 33554432 67108864" },
		{ "segment 1 ", "segment 1 33554432 67108864 33554432 abc" },
		{ "segment 1 ", "segment 1 33554432 67108864 33554432 "
		    DIGEST_A " more" },
		/* no segments at all in a version 3 record; chunk lines */
		{ "segments 3", "chunk_hash xxh64" },
		/* a key after the segments */
		{ "segment 0 ", "segment 0 0 33554432 5000\nupdated 1" },
	};
	struct xfer_record r;
	char *text;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = good3_with(cases[i].from, cases[i].to);
		cr_assert_neq(parse(text, &r), 0, "case %zu:\n%s", i, text);
		cr_assert_null(r.seg);
		free(text);
	}
}

Test(segment, segment_lines_in_a_version_2_record_are_ignored)
{
	struct xfer_record r;
	char *text;

	text = good3_with("ferry-resume-record 3", "ferry-resume-record 2");
	cr_assert_eq(parse(text, &r), 0);
	cr_assert_eq(r.nsegs, 0);
	cr_assert_null(r.seg);
	cr_assert_eq(record_confirmed_total(&r), 5000);
	record_free(&r);
	free(text);
}

Test(segment, save_refuses_segments_that_do_not_fit)
{
	char *cause = NULL;
	struct xfer_record r;

	cr_assert_eq(parse(good3, &r), 0);
	r.seg[1].confirmed = r.seg[1].end + 1;
	cr_assert_eq(record_save("/nonexistent/r.rec", &r, &cause),
	    FERR_USAGE);
	free(cause);
	record_free(&r);
}

/* Segments with chunk digests (chunk_size 16 MiB): segment 0 confirms
 * 5000 bytes (1 chunk), segment 1 none, segment 2 2891136 bytes (1). */
static const char good3c[] =
    "ferry-resume-record 3\n"
    "source sftp://ana@files.example.org/pub/a.iso\n"
    "target /home/ana/a.iso.ferry-part\n"
    "src_size 100000000\n"
    "src_mtime 1700000000\n"
    "confirmed 5000\n"
    "digest " DIGEST_A "\n"
    "updated 1700000100\n"
    "chunk_hash xxh64\n"
    "chunk_size 16777216\n"
    "segments 3\n"
    "segment 0 0 33554432 5000 " DIGEST_A "\n"
    "segment 1 33554432 67108864 33554432\n"
    "segment 2 67108864 100000000 70000000 " DIGEST_B "\n"
    "segchunk 0 0 0123456789abcdef\n"
    "segchunk 2 0 fedcba9876543210\n";

Test(segment, segment_chunk_digests_load_and_save_back_the_same)
{
	char dir[] = "/tmp/ferry-test-segment.XXXXXX", *path, *cause = NULL;
	struct xfer_record r, again;
	FILE *f;
	char buf[4096];
	size_t n;

	cr_assert_eq(parse(good3c, &r), 0);
	cr_assert_eq(r.chunk_size, 16777216);
	cr_assert_eq(r.nchunks, 0);
	cr_assert_eq(r.seg[0].nchunks, 1);
	cr_assert_eq(r.seg[1].nchunks, 0);
	cr_assert_eq(r.seg[2].nchunks, 1);
	cr_assert_eq(r.seg[2].chunk[0][0], 0xfe);
	cr_assert_eq(r.seg[2].chunk[0][7], 0x10);
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_neq(asprintf(&path, "%s/r.rec", dir), -1);
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
	cr_assert_eq(record_load(path, &again, &cause), 0, "%s", cause);
	cr_assert_eq(memcmp(again.seg[0].chunk, r.seg[0].chunk, 8), 0);
	cr_assert_eq(memcmp(again.seg[2].chunk, r.seg[2].chunk, 8), 0);
	cr_assert_not_null(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	cr_assert_str_eq(buf, good3c);
	record_free(&again);
	record_free(&r);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* good3c with the line starting with from replaced by to (NULL: gone). */
static char *
good3c_with(const char *from, const char *to)
{
	const char *at = strstr(good3c, from), *nl;
	char *out;

	cr_assert_not_null(at, "%s", from);
	nl = strchr(at, '\n') + 1;
	cr_assert_neq(asprintf(&out, "%.*s%s%s%s", (int)(at - good3c), good3c,
	    to != NULL ? to : "", to != NULL ? "\n" : "", nl), -1);
	return (out);
}

Test(segment, damaged_segment_chunk_digests_are_refused)
{
	static const struct { const char *from, *to; } cases[] = {
		/* one missing, one too many, out of order, a bad digest */
		{ "segchunk 2 0", NULL },
		{ "segchunk 0 0", "segchunk 0 0 0123456789abcdef\n"
		    "segchunk 0 1 0123456789abcdef" },
		{ "segchunk 0 0", "segchunk 2 0 0123456789abcdef\n"
		    "segchunk 0 0 0123456789abcdef" },
		{ "segchunk 0 0", "segchunk 0 0 0123456789abcdeg" },
		{ "segchunk 0 0", "segchunk 0 0 0123456789abcdef0" },
		/* for a segment that confirms nothing, or none that exists */
		{ "segchunk 0 0", "segchunk 1 0 0123456789abcdef" },
		{ "segchunk 0 0", "segchunk 3 0 0123456789abcdef" },
		/* a record-wide chunk line, a segment after the digests */
		{ "segchunk 0 0", "chunk 0 0123456789abcdef" },
		{ "segchunk 2 0", "segchunk 2 0 fedcba9876543210\n"
		    "segment 2 67108864 100000000 70000000" },
		/* digests without their hash or size */
		{ "chunk_hash xxh64", NULL },
		{ "chunk_size 16777216", "chunk_size 1000" },
		/* the chunk keys after the segments */
		{ "chunk_size 16777216", NULL },
	};
	struct xfer_record r;
	char *text;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = good3c_with(cases[i].from, cases[i].to);
		if (i == sizeof cases / sizeof cases[0] - 1) {
			char *more = NULL;

			cr_assert_neq(asprintf(&more, "%schunk_size 16777216\n",
			    text), -1);
			free(text);
			text = more;
		}
		cr_assert_neq(parse(text, &r), 0, "case %zu:\n%s", i, text);
		cr_assert_null(r.seg);
		free(text);
	}
}
