/* ferry: tests for resume records (src/xfer/record.c). */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util/err.h"
#include "xfer/record.h"
#include "testdir.h"

#define DIGEST_A \
	"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* A valid record, one key a line, in the order record_save writes them. */
static const char *const good_lines[] = {
	"ferry-resume-record 1",
	"source sftp://ana@files.example.org/pub/a.iso",
	"target /home/ana/a.iso",
	"src_size 1000",
	"src_mtime 1700000000",
	"confirmed 500",
	"digest " DIGEST_A,
	"updated 1700000100",
};
#define NGOOD	(sizeof good_lines / sizeof good_lines[0])

static char	 tmpdir[] = "/tmp/ferry-test-record.XXXXXX";

static void
setup(void)
{
	testdir_make(tmpdir);
}

static void
teardown(void)
{
	testdir_remove(tmpdir);
}

TestSuite(record, .init = setup, .fini = teardown);

static char *
in_tmp(const char *name)
{
	char	*s;

	cr_assert_neq(asprintf(&s, "%s/%s", tmpdir, name), -1);
	return (s);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE	*f;

	cr_assert_not_null(f = fopen(path, "w"));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static char *
read_whole(const char *path)
{
	FILE	*f;
	char	*buf;
	size_t	 len;

	cr_assert_not_null(f = fopen(path, "r"));
	buf = calloc(1, 1024 * 1024);
	cr_assert_not_null(buf);
	len = fread(buf, 1, 1024 * 1024 - 1, f);
	buf[len] = '\0';
	fclose(f);
	return (buf);
}

static int
count_entries(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	cr_assert_not_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return (n);
}

/* The good record with line i replaced by line (or left out if NULL); with
 * i == NGOOD, line is added at the end. */
static char *
good_with(size_t i, const char *line)
{
	char	*s = NULL, *t;
	size_t	 j;

	cr_assert_neq(asprintf(&s, "%s", ""), -1);
	for (j = 0; j < NGOOD; j++) {
		if (j == i && line == NULL)
			continue;
		cr_assert_neq(asprintf(&t, "%s%s\n", s,
		    j == i ? line : good_lines[j]), -1);
		free(s);
		s = t;
	}
	if (i == NGOOD && line != NULL) {
		cr_assert_neq(asprintf(&t, "%s%s\n", s, line), -1);
		free(s);
		s = t;
	}
	return (s);
}

/* Load len bytes of text as a record; on failure check that nothing leaked
 * into *out and that a reason came back.  The text parser (what the fuzzer
 * calls) must say the same as the file's loader. */
static int
load_bytes(const char *text, size_t len)
{
	struct xfer_record	 r, rt;
	char			*path = in_tmp("r.rec"), *cause = NULL;
	char			*tcause = NULL;
	int			 error;

	write_file(path, text, len);
	memset(&r, 0xa5, sizeof r);
	memset(&rt, 0xa5, sizeof rt);
	error = record_load(path, &r, &cause);
	cr_assert_eq(record_parse_text(path, text, len, &rt, &tcause), error);
	if (error != 0) {
		cr_assert_null(r.source);
		cr_assert_null(r.target);
		cr_assert_eq(r.confirmed, 0);
		cr_assert_str_empty(r.digest);
		cr_assert_not_null(cause);
		cr_assert_not_null(strstr(cause, path), "cause: %s", cause);
		cr_assert_null(rt.source);
		cr_assert_str_eq(tcause, cause);
	} else {
		cr_assert_str_eq(rt.source, r.source);
		cr_assert_str_eq(rt.target, r.target);
		cr_assert_eq(rt.confirmed, r.confirmed);
		cr_assert_str_eq(rt.digest, r.digest);
		cr_assert_null(tcause);
	}
	record_free(&r);
	record_free(&rt);
	free(tcause);
	free(cause);
	free(path);
	return (error);
}

static int
load_text(const char *text)
{
	return (load_bytes(text, strlen(text)));
}

static void
sample(struct xfer_record *r, const char *source, const char *target)
{
	memset(r, 0, sizeof *r);
	r->source = (char *)source;
	r->target = (char *)target;
	r->src_size = 2254857216ULL;
	r->src_mtime = 1793282531;
	r->confirmed = 211488768;
	strcpy(r->digest, DIGEST_A);
	r->updated = 1795425647;
}

static void
assert_round_trip(const struct xfer_record *in)
{
	struct xfer_record	 out;
	char			*path = in_tmp("x.rec"), *cause = NULL;

	cr_assert_eq(record_save(path, in, &cause), 0, "%s", cause);
	cr_assert_eq(record_load(path, &out, &cause), 0, "%s", cause);
	cr_assert_str_eq(out.source, in->source);
	cr_assert_str_eq(out.target, in->target);
	cr_assert_eq(out.src_size, in->src_size);
	cr_assert_eq(out.src_mtime, in->src_mtime);
	cr_assert_eq(out.confirmed, in->confirmed);
	cr_assert_str_eq(out.digest, in->digest);
	cr_assert_eq(out.updated, in->updated);
	cr_assert_eq(out.chunk_size, in->chunk_size);
	cr_assert_eq(out.nchunks, in->nchunks);
	if (in->nchunks > 0)
		cr_assert_eq(memcmp(out.chunk, in->chunk,
		    in->nchunks * sizeof *in->chunk), 0);
	cr_assert_null(cause);
	record_free(&out);
	cr_assert_null(out.source);
	free(path);
}

/* ---------------------------------------------------------- round trips */

Test(record, a_saved_record_loads_back_the_same)
{
	struct xfer_record	r;

	sample(&r, "sftp://ana@files.example.org/pub/iso/fedora-41.iso",
	    "/home/ana/Downloads/fedora-41.iso");
	assert_round_trip(&r);
}

Test(record, names_with_newlines_and_backslashes_load_back_the_same)
{
	struct xfer_record	r;

	sample(&r, "ftp://h/a\nconfirmed 99999\\n\\\\x41\\",
	    "/tmp/t\n\nsource evil\r\t\\x00 end");
	assert_round_trip(&r);
}

Test(record, utf8_and_non_utf8_names_load_back_the_same)
{
	struct xfer_record	r;

	sample(&r, "sftp://h/\xc3\xa9t\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac/"
	    "\xf0\x9f\x93\x81.iso",
	    "/tmp/latin1-\xe9t\xe9 \xff\xfe \xc0\xaf \xed\xa0\x80 "
	    "\x7f\x01\x1b[");
	assert_round_trip(&r);
}

Test(record, sizes_above_4_gib_and_negative_mtimes_load_back_the_same)
{
	struct xfer_record	r;

	sample(&r, "s", "t");
	r.src_size = 5ULL * 1024 * 1024 * 1024 + 7;
	r.confirmed = 4294967297ULL;
	r.src_mtime = -86400;
	assert_round_trip(&r);

	r.src_size = UINT64_MAX;
	r.confirmed = UINT64_MAX;
	r.src_mtime = INT64_MIN;
	r.updated = INT64_MAX;
	assert_round_trip(&r);

	r.src_size = 0;
	r.confirmed = 0;
	r.src_mtime = INT64_MAX;
	r.updated = -1;
	assert_round_trip(&r);
}

Test(record, empty_names_and_an_empty_digest_load_back_the_same)
{
	struct xfer_record	r;

	sample(&r, "", "");
	r.digest[0] = '\0';
	assert_round_trip(&r);
}

Test(record, an_unset_update_time_is_stamped_with_now)
{
	struct xfer_record	r, out;
	char			*path = in_tmp("x.rec");
	time_t			 before = time(NULL);

	sample(&r, "s", "t");
	r.updated = 0;
	cr_assert_eq(record_save(path, &r, NULL), 0);
	cr_assert_eq(record_load(path, &out, NULL), 0);
	cr_assert_geq(out.updated, before);
	cr_assert_leq(out.updated, time(NULL));
	record_free(&out);
	free(path);
}

Test(record, the_file_is_one_line_a_key_whatever_the_names)
{
	struct xfer_record	 r;
	char			*path = in_tmp("x.rec"), *text, *p;
	int			 lines = 0;

	sample(&r, "a\nb\nc", "d\r\ne");
	cr_assert_eq(record_save(path, &r, NULL), 0);
	text = read_whole(path);
	cr_assert_eq(strncmp(text, "ferry-resume-record 2\n", 22), 0);
	for (p = text; *p != '\0'; p++) {
		if (*p == '\n')
			lines++;
		cr_assert_neq(*p, '\r');
	}
	cr_assert_eq(lines, 8, "%s", text);
	cr_assert_not_null(strstr(text, "\nsource a\\nb\\nc\n"), "%s", text);
	cr_assert_not_null(strstr(text, "\nsrc_size 2254857216\n"));
	free(text);
	free(path);
}

Test(record, unknown_keys_are_ignored)
{
	char	*text, *t;

	text = good_with(3, "src_size 1000\nfuture_key some value\nx");
	cr_assert_eq(load_text(text), 0);
	cr_assert_neq(asprintf(&t, "%smore_later 1\n", text), -1);
	cr_assert_eq(load_text(t), 0);
	free(t);
	free(text);
}

Test(record, the_written_good_lines_load)
{
	struct xfer_record	 r;
	char			*text = good_with(NGOOD, NULL);
	char			*path = in_tmp("r.rec");

	write_file(path, text, strlen(text));
	cr_assert_eq(record_load(path, &r, NULL), 0);
	cr_assert_str_eq(r.source, "sftp://ana@files.example.org/pub/a.iso");
	cr_assert_eq(r.src_size, 1000);
	cr_assert_eq(r.confirmed, 500);
	cr_assert_str_eq(r.digest, DIGEST_A);
	record_free(&r);
	free(path);
	free(text);
}

Test(record, the_text_parser_reads_only_len_bytes_and_leaves_them_alone)
{
	struct xfer_record	 r;
	char			*text = good_with(NGOOD, NULL), *copy, *cause = NULL;
	size_t			 len = strlen(text);

	/* What follows the len bytes is not read: here a bad line. */
	cr_assert_neq(asprintf(&copy, "%sjunk", text), -1);
	cr_assert_eq(record_parse_text("mem", copy, len, &r, &cause), 0,
	    "%s", cause);
	cr_assert_str_eq(r.target, "/home/ana/a.iso");
	cr_assert_eq(r.updated, 1700000100);
	cr_assert_eq(memcmp(copy, text, len), 0);
	record_free(&r);
	cr_assert_eq(record_parse_text("mem", copy, len - 1, &r, &cause),
	    FERR_IO);
	cr_assert_str_eq(cause, "resume record mem is damaged");
	cr_assert_null(r.source);
	free(cause);
	free(copy);
	free(text);
}

/* ---------------------------------------------------------- chunks */

#define CHUNK_A	"0011223344556677"
#define CHUNK_B	"0123456789abcdef"
#define CHUNK_C	"fedcba9876543210"

/* A version 2 record confirming 10000 bytes in chunks of 4096: three chunk
 * lines, the last one for 1808 bytes.  Line i replaced or left out as in
 * good_with. */
static const char *const v2_lines[] = {
	"ferry-resume-record 2",
	"source sftp://ana@files.example.org/pub/a.iso",
	"target /home/ana/a.iso",
	"src_size 20000",
	"src_mtime 1700000000",
	"confirmed 10000",
	"digest " DIGEST_A,
	"updated 1700000100",
	"chunk_hash xxh64",
	"chunk_size 4096",
	"chunk 0 " CHUNK_A,
	"chunk 1 " CHUNK_B,
	"chunk 2 " CHUNK_C,
};
#define NV2	(sizeof v2_lines / sizeof v2_lines[0])

static char *
v2_with(size_t i, const char *line)
{
	char	*s = NULL, *t;
	size_t	 j;

	cr_assert_neq(asprintf(&s, "%s", ""), -1);
	for (j = 0; j < NV2; j++) {
		if (j == i && line == NULL)
			continue;
		cr_assert_neq(asprintf(&t, "%s%s\n", s,
		    j == i ? line : v2_lines[j]), -1);
		free(s);
		s = t;
	}
	if (i == NV2 && line != NULL) {
		cr_assert_neq(asprintf(&t, "%s%s\n", s, line), -1);
		free(s);
		s = t;
	}
	return (s);
}

/* n chunk digests, each of its index's bytes (malloc'd). */
static unsigned char (*chunks_of(size_t n))[RECORD_CHUNK_LEN]
{
	unsigned char	(*c)[RECORD_CHUNK_LEN];
	size_t		 i;

	c = calloc(n ? n : 1, sizeof *c);
	cr_assert_not_null(c);
	for (i = 0; i < n; i++)
		memset(c[i], (int)(i * 7 + 1), RECORD_CHUNK_LEN);
	return (c);
}

Test(record, a_record_with_chunk_digests_loads_back_the_same)
{
	struct xfer_record	r;

	sample(&r, "sftp://h/a.iso", "/home/ana/a.iso");
	r.chunk_size = 4 * 1024 * 1024;
	r.confirmed = 3 * r.chunk_size + 1;
	r.nchunks = 4;
	r.chunk = chunks_of(4);
	assert_round_trip(&r);

	/* a multiple of the chunk size: no short chunk at the end */
	r.confirmed = 3 * r.chunk_size;
	r.nchunks = 3;
	assert_round_trip(&r);

	/* nothing confirmed: no chunk line, still the chunk size */
	r.confirmed = 0;
	r.nchunks = 0;
	assert_round_trip(&r);
	free(r.chunk);
}

Test(record, the_chunk_lines_come_last_one_a_chunk_in_order)
{
	struct xfer_record	 r;
	char			*path = in_tmp("x.rec"), *text, *want;

	sample(&r, "s", "t");
	r.chunk_size = 4096;
	r.confirmed = 8193;
	r.nchunks = 3;
	r.chunk = chunks_of(3);
	cr_assert_eq(record_save(path, &r, NULL), 0);
	text = read_whole(path);
	want = "\nupdated 1795425647\n"
	    "chunk_hash xxh3\n"
	    "chunk_size 4096\n"
	    "chunk 0 0101010101010101\n"
	    "chunk 1 0808080808080808\n"
	    "chunk 2 0f0f0f0f0f0f0f0f\n";
	cr_assert_not_null(strstr(text, want), "%s", text);
	cr_assert_str_eq(strstr(text, want) + strlen(want), "", "%s", text);
	free(text);
	free(r.chunk);
	free(path);
}

/* Both hashes load and are written back as they were: XXH3 (ferry's
 * now), XXH64 (ferry 0.1.0's records). */
Test(record, chunk_hash_xxh3_and_xxh64_load_and_are_saved_as_they_were)
{
	static const struct {
		const char		*line;
		enum record_hash	 hash;
	} t[] = {
		{ "chunk_hash xxh3", RECORD_HASH_XXH3 },
		{ "chunk_hash xxh64", RECORD_HASH_XXH64 },
	};
	struct xfer_record	 r;
	char			*text, *cause = NULL, *saved;
	char			*path = in_tmp("h.rec");
	size_t			 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		text = v2_with(8, t[i].line);
		cr_assert_eq(record_parse_text("mem", text, strlen(text), &r,
		    &cause), 0, "%s", cause);
		cr_expect_eq(r.chunk_hash, t[i].hash, "%s", t[i].line);
		cr_assert_eq(record_save(path, &r, NULL), 0);
		saved = read_whole(path);
		cr_expect_not_null(strstr(saved, t[i].line), "%s", saved);
		free(saved);
		record_free(&r);
		free(text);
	}
	free(path);
}

Test(record, a_version_2_record_with_chunks_loads)
{
	struct xfer_record	 r;
	char			*text = v2_with(NV2, NULL), *cause = NULL;

	cr_assert_eq(load_text(text), 0);
	cr_assert_eq(record_parse_text("mem", text, strlen(text), &r, &cause),
	    0, "%s", cause);
	cr_assert_eq(r.chunk_size, 4096);
	cr_assert_eq(r.nchunks, 3);
	cr_assert_eq(r.chunk[0][0], 0x00);
	cr_assert_eq(r.chunk[0][RECORD_CHUNK_LEN - 1], 0x77);
	cr_assert_eq(r.chunk[2][0], 0xfe);
	record_free(&r);
	cr_assert_null(r.chunk);
	free(text);
}

Test(record, an_old_record_without_chunks_loads_as_windows_only)
{
	struct xfer_record	 r;
	char			*text = good_with(NGOOD, NULL), *cause = NULL;

	cr_assert_eq(record_parse_text("mem", text, strlen(text), &r, &cause),
	    0, "%s", cause);
	cr_assert_eq(r.confirmed, 500);
	cr_assert_eq(r.chunk_size, 0);
	cr_assert_eq(r.nchunks, 0);
	cr_assert_null(r.chunk);
	record_free(&r);
	free(text);

	/* version 2 without chunk lines: the same (a remote target) */
	text = good_with(0, "ferry-resume-record 2");
	cr_assert_eq(record_parse_text("mem", text, strlen(text), &r, &cause),
	    0, "%s", cause);
	cr_assert_eq(r.chunk_size, 0);
	record_free(&r);
	free(text);
}

/* Keys that version 1 did not know are ignored in a version 1 record, as
 * that version ignored them: its chunk lines count for nothing. */
Test(record, chunk_lines_in_an_old_record_are_ignored)
{
	struct xfer_record	 r;
	char			*text, *cause = NULL;

	text = v2_with(0, "ferry-resume-record 1");
	cr_assert_eq(record_parse_text("mem", text, strlen(text), &r, &cause),
	    0, "%s", cause);
	cr_assert_eq(r.chunk_size, 0);
	cr_assert_eq(r.nchunks, 0);
	record_free(&r);
	free(text);
}

Test(record, a_corrupt_chunk_line_is_damaged)
{
	static const struct {
		size_t		 i;	/* the line replaced */
		const char	*line;
	} bad[] = {
		{ 10, "chunk 1 " CHUNK_A },		/* wrong index */
		{ 11, "chunk 0 " CHUNK_B },		/* index repeated */
		{ 11, "chunk 2 " CHUNK_B },		/* index skipped */
		{ 10, "chunk -0 " CHUNK_A },
		{ 10, "chunk +0 " CHUNK_A },
		{ 10, "chunk 0  " CHUNK_A },
		{ 10, "chunk 0 " CHUNK_A " " },
		{ 10, "chunk 0 " CHUNK_A "0" },		/* too long */
		{ 10, "chunk 0 00112233445566778899aabbccddeef" },
		{ 10, "chunk 0 00112233445566778899AABBCCDDEEFF" },
		{ 10, "chunk 0 00112233445566778899aabbccddeefg" },
		{ 10, "chunk 0 " DIGEST_A },		/* a SHA-256 */
		{ 10, "chunk 0" },
		{ 10, "chunk 0 " },
		{ 10, "chunk" },
		{ 10, "chunk " CHUNK_A },
		{ 10, "chunk 18446744073709551616 " CHUNK_A },
		{ 12, NULL },				/* one too few */
		{ 12, "chunk 2 " CHUNK_C "\nchunk 3 " CHUNK_A }, /* too many */
		{ 9, "chunk_size 4095" },		/* under 4 KiB */
		{ 9, "chunk_size 6144" },		/* not a power of 2 */
		{ 9, "chunk_size 0" },
		{ 9, "chunk_size" },
		{ 9, "chunk_size 8192" },		/* two chunks cover it */
		{ 9, "chunk_size 2048" },
		{ 9, "chunk_size 9223372036854775808" },
		{ 9, "chunk_size 4096\nchunk_size 4096" },
		{ 9, NULL },				/* chunks, no size */
		{ 8, "chunk_hash sha256" },
		{ 8, "chunk_hash XXH64" },
		{ 8, "chunk_hash XXH3" },
		{ 8, "chunk_hash xxh128" },
		{ 8, "chunk_hash xxh3 " },
		{ 8, "chunk_hash xxh64 " },
		{ 8, "chunk_hash" },
		{ 8, "chunk_hash xxh64\nchunk_hash xxh64" },
		{ 8, NULL },				/* chunks, no hash */
		/* the known keys come before the chunk lines */
		{ 9, "chunk_size 4096\nupdated 1" },
		{ 12, "chunk 2 " CHUNK_C "\nconfirmed 10000" },
		{ 10, "chunk 0 " CHUNK_A "\ndigest" },
		/* a chunk line before the size */
		{ 8, "chunk 0 " CHUNK_A "\nchunk_hash xxh64" },
	};
	char	*text;
	size_t	 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = v2_with(bad[i].i, bad[i].line);
		cr_assert_eq(load_text(text), FERR_IO, "%s", text);
		free(text);
	}
	/* chunk lines for bytes the record does not confirm */
	text = v2_with(5, "confirmed 0");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
}

Test(record, a_chunk_size_line_alone_covers_nothing_confirmed)
{
	static const char text[] =
	    "ferry-resume-record 2\n"
	    "source s\ntarget t\nsrc_size 1\nsrc_mtime 1\n"
	    "confirmed 0\ndigest\nupdated 1\n"
	    "chunk_size 4096\nchunk_hash xxh64\n"
	    "unknown_later more\n";

	cr_assert_eq(load_text(text), 0);
}

Test(record, the_most_chunks_fit_with_the_longest_names)
{
	struct xfer_record	 r;
	char			*big;

	big = malloc(8100);
	cr_assert_not_null(big);
	memset(big, 'n', 8099);
	big[8099] = '\0';
	sample(&r, big, big);
	r.chunk_size = 1ULL << 40;
	r.nchunks = RECORD_CHUNKS_MAX;
	r.confirmed = r.chunk_size * RECORD_CHUNKS_MAX;
	r.chunk = chunks_of(RECORD_CHUNKS_MAX);
	assert_round_trip(&r);
	free(r.chunk);
	free(big);
}

Test(record, more_chunks_than_a_record_holds_are_damaged)
{
	char	*text, *t;
	size_t	 i;

	/* RECORD_CHUNKS_MAX + 1 chunk lines of 4 KiB */
	cr_assert_neq(asprintf(&text, "ferry-resume-record 2\nsource s\n"
	    "target t\nsrc_size 9999999\nsrc_mtime 1\nconfirmed %d\n"
	    "digest\nupdated 1\nchunk_hash xxh64\nchunk_size 4096\n",
	    (RECORD_CHUNKS_MAX + 1) * 4096), -1);
	for (i = 0; i <= RECORD_CHUNKS_MAX; i++) {
		cr_assert_neq(asprintf(&t, "%schunk %zu " CHUNK_A "\n", text,
		    i), -1);
		free(text);
		text = t;
	}
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
}

Test(record, save_refuses_chunks_that_do_not_cover_the_confirmed_bytes)
{
	struct xfer_record	 r;
	char			*path = in_tmp("c.rec"), *cause = NULL;

	sample(&r, "s", "t");
	r.chunk_size = 4096;
	r.confirmed = 4097;
	r.nchunks = 1;			/* two cover it */
	r.chunk = chunks_of(2);
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	cr_assert_not_null(cause);
	free(cause);
	cause = NULL;
	r.nchunks = 3;
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	free(cause);
	cause = NULL;
	r.nchunks = 2;
	r.chunk_size = 3000;		/* not a power of two */
	r.confirmed = 5000;
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	free(cause);
	cause = NULL;
	r.chunk_size = 0;		/* digests without a size */
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	free(cause);
	cr_assert_eq(access(path, F_OK), -1);
	free(r.chunk);
	free(path);
}

/* ---------------------------------------------------------- record_dir */

Test(record, record_dir_honours_xdg_state_home)
{
	char	*d;

	setenv("XDG_STATE_HOME", "/srv/state", 1);
	setenv("HOME", "/home/ana", 1);
	d = record_dir();
	cr_assert_str_eq(d, "/srv/state/ferry");
	free(d);

	setenv("XDG_STATE_HOME", "/srv/state/", 1);
	d = record_dir();
	cr_assert_str_eq(d, "/srv/state/ferry");
	free(d);
}

Test(record, record_dir_falls_back_to_home_local_state_ferry)
{
	char	*d;

	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/ana", 1);
	d = record_dir();
	cr_assert_str_eq(d, "/home/ana/.local/state/ferry");
	free(d);
}

Test(record, record_dir_ignores_a_relative_or_empty_xdg_state_home)
{
	char	*d;

	setenv("HOME", "/home/ana", 1);
	setenv("XDG_STATE_HOME", "state", 1);
	d = record_dir();
	cr_assert_str_eq(d, "/home/ana/.local/state/ferry");
	free(d);

	setenv("XDG_STATE_HOME", "", 1);
	d = record_dir();
	cr_assert_str_eq(d, "/home/ana/.local/state/ferry");
	free(d);
}

Test(record, record_dir_without_home_uses_the_password_entry)
{
	struct passwd	*pw;
	char		*d, *want;

	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	d = record_dir();
	pw = getpwuid(getuid());
	if (pw == NULL || pw->pw_dir == NULL || *pw->pw_dir == '\0') {
		cr_assert_null(d);	/* nowhere to put records */
		return;
	}
	cr_assert_neq(asprintf(&want, "%s/.local/state/ferry", pw->pw_dir), -1);
	cr_assert_str_eq(d, want);
	free(want);
	free(d);
}

/* ---------------------------------------------------------- record_path */

static void
assert_record_name(const char *path, const char *dir)
{
	const char	*name;
	size_t		 i;

	cr_assert_eq(strncmp(path, dir, strlen(dir)), 0);
	cr_assert_eq(path[strlen(dir)], '/');
	name = path + strlen(dir) + 1;
	cr_assert_eq(strlen(name), 64 + 4, "%s", name);
	for (i = 0; i < 64; i++)
		cr_assert(strchr("0123456789abcdef", name[i]) != NULL);
	cr_assert_str_eq(name + 64, ".rec");
}

Test(record, record_path_ends_with_64_lowercase_hex_digits_and_rec)
{
	char	*p;

	p = record_path("/srv/state/ferry", "/home/ana/a.iso");
	cr_assert_not_null(p);
	assert_record_name(p, "/srv/state/ferry");
	free(p);

	p = record_path("/d", "");
	assert_record_name(p, "/d");
	free(p);
}

Test(record, record_path_is_the_sha256_of_the_target)
{
	char	*p;

	p = record_path("/d", "abc");
	cr_assert_str_eq(p, "/d/ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad.rec");
	free(p);
}

Test(record, record_path_is_stable_and_differs_between_targets)
{
	char	*a, *b, *c;

	a = record_path("/d", "/home/ana/a.iso");
	b = record_path("/d", "/home/ana/a.iso");
	c = record_path("/d", "/home/ana/b.iso");
	cr_assert_str_eq(a, b);
	cr_assert_str_neq(a, c);
	free(a);
	free(b);
	free(c);
}

/* ---------------------------------------------------------- damage */

Test(record, loading_a_missing_record_gives_noent)
{
	struct xfer_record	 r;
	char			*path = in_tmp("none.rec"), *cause = NULL;

	memset(&r, 0xa5, sizeof r);
	cr_assert_eq(record_load(path, &r, &cause), FERR_NOENT);
	cr_assert_null(r.source);
	cr_assert_null(r.target);
	free(cause);
	free(path);
}

Test(record, every_truncation_of_a_record_is_damaged)
{
	struct xfer_record	 r;
	char			*path = in_tmp("x.rec"), *text;
	size_t			 len, i;

	sample(&r, "sftp://h/a", "/t/a");
	cr_assert_eq(record_save(path, &r, NULL), 0);
	text = read_whole(path);
	len = strlen(text);
	for (i = 0; i < len; i++)
		cr_assert_eq(load_bytes(text, i), FERR_IO, "cut at %zu", i);
	cr_assert_eq(load_bytes(text, len), 0);
	free(text);
	free(path);
}

Test(record, junk_numbers_are_damaged)
{
	static const char *const bad[] = {
		"src_size", "src_size ", "src_size 12x", "src_size -1",
		"src_size +5", "src_size  5", "src_size 5 ", "src_size 0x10",
		"src_size 18446744073709551616",
		"src_size 99999999999999999999999",
		"src_mtime 9223372036854775808",
		"src_mtime -9223372036854775809", "src_mtime -",
		"src_mtime --1",
		"src_mtime 1.5", "src_mtime 1e9",
	};
	char	*text;
	size_t	 i, key;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		key = strncmp(bad[i], "src_size", 8) == 0 ? 3 : 4;
		text = good_with(key, bad[i]);
		cr_assert_eq(load_text(text), FERR_IO, "%s", bad[i]);
		free(text);
	}
	text = good_with(5, "confirmed ");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
	text = good_with(7, "updated never");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
}

Test(record, the_largest_and_smallest_numbers_load)
{
	char	*text;

	text = good_with(3, "src_size 18446744073709551615");
	cr_assert_eq(load_text(text), 0);
	free(text);
	text = good_with(4, "src_mtime -9223372036854775808");
	cr_assert_eq(load_text(text), 0);
	free(text);
	text = good_with(4, "src_mtime 0009223372036854775807");
	cr_assert_eq(load_text(text), 0);
	free(text);
}

Test(record, a_wrong_first_line_is_damaged)
{
	static const char *const bad[] = {
		"ferry-resume-record 3", "ferry-resume-record 0",
		"ferry-resume-record", "hello", "", " ferry-resume-record 1",
		"ferry-resume-record 1 ", "ferry-resume-record 1\r",
		"ferry-resume-record 2 ", "ferry-resume-record 02",
	};
	char	*text;
	size_t	 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = good_with(0, bad[i]);
		cr_assert_eq(load_text(text), FERR_IO, "%s", bad[i]);
		free(text);
	}
	cr_assert_eq(load_text(""), FERR_IO);
	cr_assert_eq(load_text("\n"), FERR_IO);
	cr_assert_eq(load_text("garbage\x01\x02\xff"), FERR_IO);
}

Test(record, a_bad_digest_is_damaged)
{
	static const char *const bad[] = {
		"digest 9F86D081884C7D659A2FEAA0C55AD015A3"
		    "BF4F1B2B0B822CD15D6C15B0F00A08",
		"digest 9f86d081884c7d659a2feaa0c55ad015a3"
		    "bf4f1b2b0b822cd15d6c15b0f00a0",
		"digest 9f86d081884c7d659a2feaa0c55ad015a3"
		    "bf4f1b2b0b822cd15d6c15b0f00a088",
		"digest 9f86d081884c7d659a2feaa0c55ad015a3"
		    "bf4f1b2b0b822cd15d6c15b0f00a0g",
		"digest  9f86d081884c7d659a2feaa0c55ad015a"
		    "3bf4f1b2b0b822cd15d6c15b0f00a0",
		"digest xyz", "digest -",
	};
	char	*text;
	size_t	 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = good_with(6, bad[i]);
		cr_assert_eq(load_text(text), FERR_IO, "%s", bad[i]);
		free(text);
	}
	text = good_with(6, "digest");
	cr_assert_eq(load_text(text), 0);
	free(text);
	text = good_with(6, "digest ");
	cr_assert_eq(load_text(text), 0);
	free(text);
}

Test(record, a_missing_or_repeated_key_is_damaged)
{
	char	*text;
	size_t	 i;

	for (i = 1; i < NGOOD; i++) {
		text = good_with(i, NULL);
		cr_assert_eq(load_text(text), FERR_IO, "without %s",
		    good_lines[i]);
		free(text);
	}
	text = good_with(3, "src_size 1000\nsrc_size 1000");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
	text = good_with(1, "source a\nsource b");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
}

Test(record, bad_escapes_and_stray_bytes_are_damaged)
{
	static const char *const bad[] = {
		"source a\\", "source a\\q", "source \\x", "source \\x4",
		"source \\xg0", "source \\x00", "source \\X41",
	};
	char	*text;
	size_t	 i, len;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = good_with(1, bad[i]);
		cr_assert_eq(load_text(text), FERR_IO, "%s", bad[i]);
		free(text);
	}
	text = good_with(1, "source a\\x41\\\\b");
	cr_assert_eq(load_text(text), 0);
	free(text);

	/* A NUL inside the file. */
	text = good_with(1, "source abc");
	len = strlen(text);
	text[strlen(good_lines[0]) + 1 + strlen("source a")] = '\0';
	cr_assert_eq(load_bytes(text, len), FERR_IO);
	free(text);

	/* Blank lines and lines without a key. */
	text = good_with(3, "src_size 1000\n");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
	text = good_with(3, "src_size 1000\n no key");
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
}

Test(record, a_line_over_8_kib_is_damaged)
{
	char	*line, *text;
	size_t	 n = 8 * 1024;

	line = malloc(n + 2);
	cr_assert_not_null(line);
	memset(line, 'a', n + 1);
	memcpy(line, "x ", 2);
	line[n] = '\0';			/* exactly 8 KiB: fine */
	text = good_with(NGOOD, line);
	cr_assert_eq(load_text(text), 0);
	free(text);

	line[n] = 'a';
	line[n + 1] = '\0';		/* one byte more: damaged */
	text = good_with(NGOOD, line);
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);

	memcpy(line, "source ", 7);	/* a known key, too */
	text = good_with(1, line);
	cr_assert_eq(load_text(text), FERR_IO);
	free(text);
	free(line);
}

Test(record, a_file_over_128_kib_is_damaged)
{
	char	*text, *p;
	size_t	 len, want;

	/* Valid, with unknown keys filling it to exactly 128 KiB. */
	want = 128 * 1024;
	text = malloc(want + 2);
	cr_assert_not_null(text);
	p = good_with(NGOOD, NULL);
	len = strlen(p);
	memcpy(text, p, len);
	free(p);
	while (want - len > 100) {
		memcpy(text + len, "pad ", 4);
		memset(text + len + 4, 'x', 89);
		text[len + 93] = '\n';
		len += 94;
	}
	memcpy(text + len, "pad ", 4);
	memset(text + len + 4, 'x', want - len - 5);
	text[want - 1] = '\n';
	cr_assert_eq(load_bytes(text, want), 0);

	/* One byte more. */
	text[want - 1] = 'x';
	text[want] = '\n';
	cr_assert_eq(load_bytes(text, want + 1), FERR_IO);
	free(text);
}

Test(record, a_huge_file_is_damaged_without_reading_it_all)
{
	char	*path = in_tmp("r.rec");
	FILE	*f;
	char	*text = good_with(NGOOD, NULL);
	struct xfer_record r;

	cr_assert_not_null(f = fopen(path, "w"));
	fputs(text, f);
	cr_assert_eq(fseeko(f, (off_t)8 << 30, SEEK_SET), 0); /* sparse */
	fputc('\n', f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(record_load(path, &r, NULL), FERR_IO);
	free(text);
	free(path);
}

Test(record, a_directory_or_fifo_in_its_place_is_an_error_not_a_hang)
{
	struct xfer_record	 r;
	char			*path = in_tmp("fifo.rec"), *cause = NULL;

	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_assert_eq(record_load(path, &r, &cause), FERR_IO);
	cr_assert_not_null(cause);
	free(path);

	path = in_tmp("dir.rec");
	cr_assert_eq(mkdir(path, 0700), 0);
	cr_assert_lt(record_load(path, &r, &cause), 0);
	cr_assert_null(r.source);
	free(cause);
	free(path);
}

/* ---------------------------------------------------------- save */

Test(record, the_directory_is_created_0700_with_parents_and_the_file_is_0600)
{
	struct xfer_record	 r;
	struct stat		 sb;
	char			*top = in_tmp("state"), *dir, *path;
	char			*cause = NULL;

	umask(0);
	cr_assert_neq(asprintf(&dir, "%s/deeper/ferry", top), -1);
	path = record_path(dir, "/t/a");
	sample(&r, "s", "/t/a");
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);

	cr_assert_eq(stat(top, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0700);
	cr_assert_eq(stat(dir, &sb), 0);
	cr_assert(S_ISDIR(sb.st_mode));
	cr_assert_eq(sb.st_mode & 07777, 0700);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert(S_ISREG(sb.st_mode));
	cr_assert_eq(sb.st_mode & 07777, 0600);
	free(path);
	free(dir);
	free(top);
}

Test(record, the_modes_hold_whatever_the_umask)
{
	struct xfer_record	 r, out;
	struct stat		 sb;
	char			*dir = in_tmp("state"), *path;
	char			*cause = NULL;

	umask(0277);
	path = record_path(dir, "t");
	sample(&r, "s", "t");
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
	cr_assert_eq(stat(dir, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0700);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0600);
	cr_assert_eq(record_save(path, &r, &cause), 0, "%s", cause);
	cr_assert_eq(record_load(path, &out, NULL), 0);
	record_free(&out);
	free(path);
	free(dir);
}

Test(record, an_existing_directory_keeps_its_mode)
{
	struct xfer_record	 r;
	struct stat		 sb;
	char			*dir = in_tmp("shared"), *path;

	cr_assert_eq(mkdir(dir, 0755), 0);
	cr_assert_eq(chmod(dir, 0755), 0);
	path = record_path(dir, "t");
	sample(&r, "s", "t");
	cr_assert_eq(record_save(path, &r, NULL), 0);
	cr_assert_eq(stat(dir, &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0755);
	free(path);
	free(dir);
}

Test(record, saving_twice_replaces_and_leaves_no_temporary_files)
{
	struct xfer_record	 r, out;
	char			*dir = in_tmp("state"), *path;

	path = record_path(dir, "/t/a");
	sample(&r, "s", "/t/a");
	cr_assert_eq(record_save(path, &r, NULL), 0);
	r.confirmed = 6000000000ULL;
	r.digest[0] = '\0';
	cr_assert_eq(record_save(path, &r, NULL), 0);
	cr_assert_eq(count_entries(dir), 1);
	cr_assert_eq(record_load(path, &out, NULL), 0);
	cr_assert_eq(out.confirmed, 6000000000ULL);
	cr_assert_str_empty(out.digest);
	record_free(&out);
	free(path);
	free(dir);
}

Test(record, a_failed_rename_leaves_no_temporary_file)
{
	struct xfer_record	 r;
	char			*dir = in_tmp("state"), *path, *inner;
	char			*cause = NULL;

	cr_assert_eq(mkdir(dir, 0700), 0);
	path = record_path(dir, "t");
	/* A non-empty directory where the record goes: rename must fail. */
	cr_assert_eq(mkdir(path, 0700), 0);
	cr_assert_neq(asprintf(&inner, "%s/keep", path), -1);
	cr_assert_eq(mkdir(inner, 0700), 0);
	sample(&r, "s", "t");
	cr_assert_lt(record_save(path, &r, &cause), 0);
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, path), "%s", cause);
	cr_assert_eq(count_entries(dir), 1);
	free(cause);
	free(inner);
	free(path);
	free(dir);
}

Test(record, a_directory_that_cannot_be_made_is_an_error_with_a_reason)
{
	struct xfer_record	 r;
	char			*file = in_tmp("plain"), *path;
	char			*cause = NULL;

	write_file(file, "x", 1);
	cr_assert_neq(asprintf(&path, "%s/ferry/x.rec", file), -1);
	sample(&r, "s", "t");
	cr_assert_lt(record_save(path, &r, &cause), 0);
	cr_assert_not_null(cause);
	free(cause);
	free(path);
	free(file);
}

Test(record, save_refuses_what_load_would_call_damaged)
{
	struct xfer_record	 r;
	char			*dir = in_tmp("state"), *path;
	char			*cause = NULL;
	char			*big;

	path = record_path(dir, "t");
	sample(&r, "s", "t");
	strcpy(r.digest, "ABC");
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	cr_assert_not_null(cause);

	sample(&r, "s", NULL);
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);

	big = malloc(9000);
	cr_assert_not_null(big);
	memset(big, 'n', 8999);
	big[8999] = '\0';
	sample(&r, "s", big);
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	/* Escaping makes it longer: 3000 newlines are 6000 bytes. */
	memset(big, '\n', 3000);
	big[3000] = '\0';
	sample(&r, big, "t");
	assert_round_trip(&r);
	memset(big, '\x01', 3000);
	sample(&r, big, "t");
	cr_assert_eq(record_save(path, &r, &cause), FERR_USAGE);
	cr_assert_eq(access(path, F_OK), -1);

	free(big);
	free(cause);
	free(path);
	free(dir);
}

/* ---------------------------------------------------------- remove */

Test(record, removing_a_missing_record_is_not_an_error)
{
	char	*path = in_tmp("none.rec");

	cr_assert_eq(record_remove(path), 0);
	free(path);
}

Test(record, removing_a_record_deletes_it)
{
	struct xfer_record	 r, out;
	char			*dir = in_tmp("state"), *path;

	path = record_path(dir, "t");
	sample(&r, "s", "t");
	cr_assert_eq(record_save(path, &r, NULL), 0);
	cr_assert_eq(record_remove(path), 0);
	cr_assert_eq(record_load(path, &out, NULL), FERR_NOENT);
	cr_assert_eq(count_entries(dir), 0);
	free(path);
	free(dir);
}

Test(record, record_free_clears_and_accepts_an_empty_record)
{
	struct xfer_record	r;

	memset(&r, 0, sizeof r);
	record_free(&r);
	record_free(NULL);
	r.source = strdup("a");
	r.target = strdup("b");
	r.confirmed = 5;
	record_free(&r);
	cr_assert_null(r.source);
	cr_assert_null(r.target);
	cr_assert_eq(r.confirmed, 0);
}
