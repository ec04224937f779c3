/* ferry: tests of the pure parts of src/net/tls.c: the fingerprint text
 * and the store of accepted certificates. */
#include "config.h"

#include <string.h>

#include <criterion/criterion.h>

#include "net/tls.h"

Test(ftp_tls, a_fingerprint_is_upper_case_hex_with_colons)
{
	unsigned char md[32];
	char buf[96];
	size_t i;

	for (i = 0; i < sizeof md; i++)
		md[i] = (unsigned char)(i * 8 + 10);
	tls_fingerprint_text(md, sizeof md, buf, sizeof buf);
	cr_assert_eq(strlen(buf), 95);
	cr_assert_eq(strncmp(buf, "0A:12:1A:22", 11), 0, "%s", buf);
	cr_assert_str_eq(buf + 90, "FA:02");
}

Test(ftp_tls, a_short_buffer_holds_a_shorter_fingerprint)
{
	unsigned char md[32] = { 0xab, 0xcd };
	char buf[8];

	tls_fingerprint_text(md, sizeof md, buf, sizeof buf);
	cr_assert_str_eq(buf, "AB:CD");
}

Test(ftp_tls, the_store_matches_host_port_and_fingerprint_exactly)
{
	static const char store[] =
	    "# accepted by ferry\n"
	    "files.example.org:21 AA:BB:CC\n"
	    "127.0.0.1:2121 11:22:33\r\n"
	    "[::1]:990 DD:EE\n";

	cr_assert(tls_store_has(store, "files.example.org:21", "AA:BB:CC"));
	cr_assert(tls_store_has(store, "files.example.org:21", "aa:bb:cc"));
	cr_assert(tls_store_has(store, "127.0.0.1:2121", "11:22:33"));
	cr_assert(tls_store_has(store, "[::1]:990", "DD:EE"));
	cr_assert_not(tls_store_has(store, "files.example.org:990",
	    "AA:BB:CC"));
	cr_assert_not(tls_store_has(store, "files.example.org:21",
	    "AA:BB"));
	cr_assert_not(tls_store_has(store, "example.org:21", "AA:BB:CC"));
	cr_assert_not(tls_store_has(store, "127.0.0.1:2121", "11:22:34"));
	cr_assert_not(tls_store_has("", "127.0.0.1:2121", "11:22:33"));
}
