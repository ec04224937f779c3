/* ferry: tests of how much the SFTP backend asks libssh2 to read
 * (sftp_read_ask in src/vfs/sftp.c). */
#include "config.h"

#include <stdint.h>

#include <criterion/criterion.h>

#include "vfs/sftp.h"

#define KIB	1024u
#define MIB	(1024u * KIB)

/* libssh2 1.10 keeps four times what it is asked for requested ahead
 * (without find_end). */
static uint64_t
requested_to(uint64_t pos, uint64_t end, size_t len)
{
	return (pos + 4 * (uint64_t)sftp_read_ask(pos, end, 1, 0, len));
}

Test(sftp_read, an_unknown_end_gets_the_whole_buffer)
{
	cr_expect_eq(sftp_read_ask(0, 0, 0, 0, MIB), MIB);
	cr_expect_eq(sftp_read_ask(123, 4 * KIB, 0, 0, MIB), MIB);
}

Test(sftp_read, a_4_KiB_file_is_asked_for_no_more_than_its_size)
{
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, 0, MIB), KIB);
	cr_expect_eq(requested_to(0, 4 * KIB, MIB), 4 * KIB);
}

Test(sftp_read, a_large_file_gets_the_whole_buffer_until_its_last_part)
{
	cr_expect_eq(sftp_read_ask(0, 1024 * (uint64_t)MIB, 1, 0, MIB), MIB);
	cr_expect_eq(sftp_read_ask(0, 4 * (uint64_t)MIB, 1, 0, MIB), MIB);
	cr_expect_eq(sftp_read_ask(MIB, 4 * (uint64_t)MIB, 1, 0, MIB),
	    3 * MIB / 4);
}

Test(sftp_read, no_ask_reaches_past_the_end_but_by_the_last_3_bytes)
{
	static const uint64_t ends[] = { 1, 2, 3, 4, 5, 4095, 4096, 4097,
	    29999, 30000, 30001, MIB - 1, MIB, MIB + 1, 5 * (uint64_t)MIB + 7 };
	size_t i;
	uint64_t pos, end;

	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		end = ends[i];
		for (pos = 0; pos < end; pos += 1 + pos / 3) {
			cr_expect_geq(sftp_read_ask(pos, end, 1, 0, MIB), 1);
			cr_expect_leq(requested_to(pos, end, MIB),
			    end - pos >= 4 ? end : pos + 4,
			    "end %llu pos %llu", (unsigned long long)end,
			    (unsigned long long)pos);
		}
	}
}

Test(sftp_read, at_the_end_one_byte_finds_the_end_of_the_file)
{
	cr_expect_eq(sftp_read_ask(0, 0, 1, 0, MIB), 1);
	cr_expect_eq(sftp_read_ask(4 * KIB, 4 * KIB, 1, 0, MIB), 1);
}

Test(sftp_read, past_the_expected_end_the_whole_buffer_again)
{
	cr_expect_eq(sftp_read_ask(4 * KIB + 1, 4 * KIB, 1, 0, MIB), MIB);
}

Test(sftp_read, never_more_than_the_buffer_holds)
{
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, 0, 100), 100);
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, 0, 1), 1);
}

/* libssh2 1.10's requests for a read call asking for ask bytes with
 * nothing in flight: chunks of max(count, ask) capped at 30000 bytes, for
 * count = 4 * ask in all.  The offset where its last request ends. */
static uint64_t
requested_with_find_end(uint64_t pos, uint64_t end, size_t len)
{
	size_t ask = sftp_read_ask(pos, end, 1, 1, len);
	uint64_t count = 4 * (uint64_t)ask, size, at = pos;

	while (count > 0) {
		size = count < ask ? ask : count;
		if (size > 30000)
			size = 30000;
		at += size;
		count -= size < count ? size : count;
	}
	return (at);
}

Test(sftp_read, with_find_end_the_last_part_is_asked_with_a_request_beyond)
{
	static const uint64_t ends[] = { 1, 4, 4095, 4096, 4097, 7501,
	    29999, 30000 };
	size_t i;

	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		/* one request covers the rest, the next starts at or past
		 * the end: its "end of file" comes in the same round trip */
		cr_expect_eq(sftp_read_ask(0, ends[i], 1, 1, MIB), 7501,
		    "end %llu", (unsigned long long)ends[i]);
		cr_expect_gt(requested_with_find_end(0, ends[i], MIB),
		    ends[i] < 30000 ? 30000 : ends[i],
		    "end %llu", (unsigned long long)ends[i]);
	}
}

Test(sftp_read, with_find_end_more_than_a_request_left_is_asked_as_before)
{
	cr_expect_eq(sftp_read_ask(0, 30001, 1, 1, MIB), 7500);
	/* at the end one request finds it: an empty file costs one */
	cr_expect_eq(sftp_read_ask(0, 0, 1, 1, MIB), 1);
	cr_expect_eq(sftp_read_ask(4 * KIB, 4 * KIB, 1, 1, MIB), 1);
	cr_expect_eq(sftp_read_ask(0, 4 * (uint64_t)MIB, 1, 1, MIB), MIB);
	cr_expect_eq(sftp_read_ask(0, 0, 0, 1, MIB), MIB);
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, 1, 100), 100);
}
