/* ferry: tests of how much the SFTP backend asks libssh2 to read
 * (sftp_read_ask in src/vfs/sftp.c). */
#include "config.h"

#include <stdint.h>

#include <criterion/criterion.h>

#include "vfs/sftp.h"

#define KIB	1024u
#define MIB	(1024u * KIB)

/* libssh2 1.10 keeps four times what it is asked for requested ahead. */
static uint64_t
requested_to(uint64_t pos, uint64_t end, size_t len)
{
	return (pos + 4 * (uint64_t)sftp_read_ask(pos, end, 1, len));
}

Test(sftp_read, an_unknown_end_gets_the_whole_buffer)
{
	cr_expect_eq(sftp_read_ask(0, 0, 0, MIB), MIB);
	cr_expect_eq(sftp_read_ask(123, 4 * KIB, 0, MIB), MIB);
}

Test(sftp_read, a_4_KiB_file_is_asked_for_no_more_than_its_size)
{
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, MIB), KIB);
	cr_expect_eq(requested_to(0, 4 * KIB, MIB), 4 * KIB);
}

Test(sftp_read, a_large_file_gets_the_whole_buffer_until_its_last_part)
{
	cr_expect_eq(sftp_read_ask(0, 1024 * (uint64_t)MIB, 1, MIB), MIB);
	cr_expect_eq(sftp_read_ask(0, 4 * (uint64_t)MIB, 1, MIB), MIB);
	cr_expect_eq(sftp_read_ask(MIB, 4 * (uint64_t)MIB, 1, MIB),
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
			cr_expect_geq(sftp_read_ask(pos, end, 1, MIB), 1);
			cr_expect_leq(requested_to(pos, end, MIB),
			    end - pos >= 4 ? end : pos + 4,
			    "end %llu pos %llu", (unsigned long long)end,
			    (unsigned long long)pos);
		}
	}
}

Test(sftp_read, at_the_end_one_byte_finds_the_end_of_the_file)
{
	cr_expect_eq(sftp_read_ask(0, 0, 1, MIB), 1);
	cr_expect_eq(sftp_read_ask(4 * KIB, 4 * KIB, 1, MIB), 1);
}

Test(sftp_read, past_the_expected_end_the_whole_buffer_again)
{
	cr_expect_eq(sftp_read_ask(4 * KIB + 1, 4 * KIB, 1, MIB), MIB);
}

Test(sftp_read, never_more_than_the_buffer_holds)
{
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, 100), 100);
	cr_expect_eq(sftp_read_ask(0, 4 * KIB, 1, 1), 1);
}
