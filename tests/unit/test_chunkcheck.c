/* ferry: tests for the chunk check beside the transfer
 * (src/xfer/chunkcheck.c) and chunks_resume, on a file under /tmp. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "vfs/vfs.h"
#include "xfer/chunkcheck.h"
#include "xfer/chunks.h"
#include "xfer/record.h"
#include "testdir.h"

#define SIZE	((uint64_t)4096)	/* the chunk size of these tests */

static char		 test_dir[] = "/tmp/ferry-cc-XXXXXX";
static char		 test_path[64];
static struct vfs	*test_fs;
static unsigned char	*test_data;
static size_t		 test_len;
static struct xfer_record test_rec;

/* test_rec: the record of what was written, with digests of hash h. */
static void
test_record_as(enum record_hash h)
{
	struct chunks c;

	record_free(&test_rec);
	memset(&c, 0, sizeof c);
	chunks_start_as(&c, SIZE, h);
	chunks_add(&c, test_data, test_len);
	test_rec.confirmed = test_len;
	cr_assert_eq(chunks_record(&c, &test_rec), 11);
	cr_assert_eq(test_rec.chunk_hash, h);
	chunks_stop(&c);
}

static void
test_setup(void)
{
	uint32_t x = 12345;
	FILE *fp;
	size_t i;

	testdir_make(test_dir);
	snprintf(test_path, sizeof test_path, "%s/part", test_dir);
	test_len = 10 * SIZE + 100;	/* ten whole chunks and a bit */
	test_data = malloc(test_len);
	cr_assert_not_null(test_data);
	for (i = 0; i < test_len; i++) {
		x = x * 1664525u + 1013904223u;
		test_data[i] = (unsigned char)(x >> 24);
	}
	fp = fopen(test_path, "wb");
	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(test_data, 1, test_len, fp), test_len);
	cr_assert_eq(fclose(fp), 0);
	test_record_as(RECORD_HASH_XXH3);
	test_fs = vfs_new(&vfs_local_ops, NULL);
	cr_assert_eq(vfs_connect(test_fs, NULL), 0);
}

static void
test_teardown(void)
{
	vfs_free(test_fs);
	record_free(&test_rec);
	free(test_data);
	testdir_remove(test_dir);
}

TestSuite(chunkcheck, .init = test_setup, .fini = test_teardown);

/* Start a check of the first n chunks of the test file. */
static void
start(struct chunk_check *cc, size_t n)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(vfs_local_ops.open_read(test_fs, test_path, 0, &f, NULL),
	    0);
	cr_assert_eq(chunk_check_start(cc, f, "part", &test_rec, n, NULL), 0);
	cr_assert(cc->started);
}

static void
flip(uint64_t at)
{
	FILE *fp = fopen(test_path, "r+b");

	cr_assert_not_null(fp);
	cr_assert_eq(fseek(fp, (long)at, SEEK_SET), 0);
	cr_assert_neq(fputc(test_data[at] ^ 0x40, fp), EOF);
	cr_assert_eq(fclose(fp), 0);
}

Test(chunkcheck, an_intact_partial_matches_every_whole_chunk)
{
	struct chunk_check cc;
	uint64_t from = 1, len = 1;
	char *cause = NULL;

	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, &cause), 0);
	cr_expect_eq(from, 0);
	cr_expect_eq(len, 0);
	cr_expect_null(cause);
	cr_expect_not(cc.started, "waited for, it is idle again");
	/* idle: waiting again says 0 at once */
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, &cause), 0);
}

Test(chunkcheck, the_check_says_what_cpu_time_it_took)
{
	struct chunk_check cc;
	uint64_t from, len, cpu = 0;

	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, &cpu, NULL), 0);
	cr_expect_gt(cpu, 0, "reading and hashing take some CPU time");
	cr_expect_lt(cpu, 60ull * 1000000000u, "not a wall clock's count");
	/* idle: nothing */
	cpu = 1;
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, &cpu, NULL), 0);
	cr_expect_eq(cpu, 0);
}

Test(chunkcheck, a_changed_byte_names_its_chunk)
{
	struct chunk_check cc;
	uint64_t from, len;

	flip(7 * SIZE + 5);
	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, NULL), 1);
	cr_expect_eq(from, 7 * SIZE);
	cr_expect_eq(len, SIZE);
}

Test(chunkcheck, the_first_of_two_changed_chunks_is_named)
{
	struct chunk_check cc;
	uint64_t from, len;

	flip(8 * SIZE);
	flip(2 * SIZE + SIZE - 1);
	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, NULL), 1);
	cr_expect_eq(from, 2 * SIZE);
}

Test(chunkcheck, only_the_chunks_asked_for_are_checked)
{
	struct chunk_check cc;
	uint64_t from, len;

	flip(9 * SIZE + 1);	/* the tenth chunk */
	start(&cc, 9);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, NULL), 0);
}

Test(chunkcheck, a_partial_that_shrank_is_a_mismatch_with_its_end)
{
	struct chunk_check cc;
	uint64_t from, len;
	char *cause = NULL;

	cr_assert_eq(truncate(test_path, 5 * SIZE + 10), 0);
	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, &cause),
	    FERR_MISMATCH);
	cr_expect_eq(from, 5 * SIZE + 10);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "part: the partial target ended at byte "
	    "20490") != NULL, "%s", cause);
	free(cause);
}

Test(chunkcheck, a_check_asked_to_stop_says_cancelled_or_what_it_found)
{
	struct chunk_check cc;
	uint64_t from, len;
	int rc;

	start(&cc, 10);
	rc = chunk_check_wait(&cc, 1, &from, &len, NULL, NULL);
	cr_expect(rc == FERR_CANCELLED || rc == 0, "rc %d", rc);
	cr_expect_not(cc.started);
}

Test(chunkcheck, finished_is_set_by_the_thread_and_never_when_idle)
{
	struct chunk_check cc;
	uint64_t from, len;
	int i;

	memset(&cc, 0, sizeof cc);
	cr_expect_not(chunk_check_finished(&cc));
	start(&cc, 10);
	for (i = 0; i < 5000 && !chunk_check_finished(&cc); i++)
		usleep(1000);
	cr_expect(chunk_check_finished(&cc), "not done after 5 s");
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, NULL), 0);
	cr_expect_not(chunk_check_finished(&cc));
}

/* chunks_resume goes on from a record's digests as if it had added the
 * bytes itself. */
Test(chunkcheck, chunks_resume_gives_the_digests_of_adding_from_byte_0)
{
	struct chunks c;
	struct xfer_record r;

	memset(&c, 0, sizeof c);
	memset(&r, 0, sizeof r);
	chunks_resume(&c, SIZE, test_rec.chunk_hash,
	    (const unsigned char (*)[RECORD_CHUNK_LEN])test_rec.chunk, 3);
	cr_expect_eq(c.done, 3 * SIZE);
	cr_expect_eq(c.n, 3);
	chunks_add(&c, test_data + 3 * SIZE, test_len - 3 * SIZE);
	r.confirmed = test_len;
	cr_assert_eq(chunks_record(&c, &r), 11);
	cr_expect_eq(memcmp(r.chunk, test_rec.chunk, 11 * RECORD_CHUNK_LEN),
	    0);
	record_free(&r);
	chunks_stop(&c);
}

/* A record of ferry 0.1.0 (XXH64 digests) is checked with XXH64: intact,
 * it matches; a changed byte is found in its chunk. */
Test(chunkcheck, a_record_of_xxh64_digests_is_checked_with_xxh64)
{
	struct chunk_check cc;
	uint64_t from, len;

	test_record_as(RECORD_HASH_XXH64);
	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, NULL), 0);
	flip(4 * SIZE + 3);
	start(&cc, 10);
	cr_expect_eq(chunk_check_wait(&cc, 0, &from, &len, NULL, NULL), 1);
	cr_expect_eq(from, 4 * SIZE);
	cr_expect_eq(len, SIZE);
}
