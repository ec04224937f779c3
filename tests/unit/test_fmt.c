/* ferry: tests of formatting and parsing (src/util/fmt.c). */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "util/err.h"
#include "util/fmt.h"
#include "vfs/vfs.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])
#define KIB		UINT64_C(1024)
#define MIB		(KIB * KIB)
#define GIB		(MIB * KIB)
#define TIB		(GIB * KIB)

/* ------------------------------------------------------------- fmt_size */

Test(fmt, sizes_are_shown_in_binary_units_with_one_decimal)
{
	static const struct {
		uint64_t	 bytes;
		const char	*expect;
	} cases[] = {
		{ 0, "0 B" },
		{ 1, "1 B" },
		{ 1023, "1023 B" },
		{ 1024, "1.0 KiB" },
		{ 1536, "1.5 KiB" },
		{ 1048524, "1023.9 KiB" },
		{ 1048525, "1.0 MiB" },		/* not "1024.0 KiB" */
		{ MIB - 1, "1.0 MiB" },
		{ MIB, "1.0 MiB" },
		{ 452138189, "431.2 MiB" },
		{ 2254857216u, "2.1 GiB" },
		{ GIB - 1, "1.0 GiB" },
		{ TIB, "1.0 TiB" },
		{ TIB * 1024, "1.0 PiB" },
		{ TIB * 1024 * 1024, "1.0 EiB" },
		{ UINT64_MAX, "16.0 EiB" },
	};
	char	buf[32];
	size_t	i;

	for (i = 0; i < NITEMS(cases); i++) {
		fmt_size(cases[i].bytes, buf, sizeof buf);
		cr_assert_str_eq(buf, cases[i].expect,
		    "%ju bytes shown as \"%s\", expected \"%s\"",
		    (uintmax_t)cases[i].bytes, buf, cases[i].expect);
	}
}

Test(fmt, a_size_is_cut_to_fit_a_small_buffer)
{
	char	buf[8];

	memset(buf, 'x', sizeof buf);
	fmt_size(UINT64_MAX, buf, 4);
	cr_assert_str_eq(buf, "16.");
	cr_assert_eq(buf[4], 'x', "wrote past the given length");
	fmt_size(1, buf, 1);
	cr_assert_str_eq(buf, "");
}

/* ------------------------------------------------------------ fmt_bytes */

Test(fmt, exact_byte_counts_are_not_grouped_in_the_c_locale)
{
	static const struct {
		uint64_t	 bytes;
		const char	*expect;
	} cases[] = {
		{ 0, "0" },
		{ 999, "999" },
		{ 2254857216u, "2254857216" },
		{ UINT64_MAX, "18446744073709551615" },
	};
	char	buf[64];
	size_t	i;

	cr_assert_not_null(setlocale(LC_ALL, "C"));
	for (i = 0; i < NITEMS(cases); i++) {
		fmt_bytes(cases[i].bytes, buf, sizeof buf);
		cr_assert_str_eq(buf, cases[i].expect, "%ju shown as \"%s\"",
		    (uintmax_t)cases[i].bytes, buf);
	}
}

Test(fmt, exact_byte_counts_follow_the_locale_grouping)
{
	char	buf[64];

	if (setlocale(LC_ALL, "en_US.UTF-8") == NULL)
		cr_skip_test("locale en_US.UTF-8 is not installed");
	fmt_bytes(2254857216u, buf, sizeof buf);
	cr_assert_str_eq(buf, "2,254,857,216");
	fmt_bytes(999, buf, sizeof buf);
	cr_assert_str_eq(buf, "999");
	fmt_bytes(UINT64_MAX, buf, sizeof buf);
	cr_assert_str_eq(buf, "18,446,744,073,709,551,615");
}

/* --------------------------------------------------------- fmt_time_iso */

Test(fmt, times_are_iso_8601_in_utc)
{
	static const struct {
		int64_t		 t;
		const char	*expect;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 1793282531, "2026-10-29T14:02:11Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ -1, "1969-12-31T23:59:59Z" },
		{ INT32_MAX, "2038-01-19T03:14:07Z" },
		{ (int64_t)INT32_MAX + 1, "2038-01-19T03:14:08Z" },
		{ VFS_MTIME_UNKNOWN, "-" },
		{ INT64_MAX, "-" },
		{ INT64_MIN + 1, "-" },
	};
	char	buf[64];
	size_t	i;

	for (i = 0; i < NITEMS(cases); i++) {
		fmt_time_iso(cases[i].t, buf, sizeof buf);
		cr_assert_str_eq(buf, cases[i].expect,
		    "time %jd shown as \"%s\", expected \"%s\"",
		    (intmax_t)cases[i].t, buf, cases[i].expect);
	}
}

Test(fmt, a_time_does_not_depend_on_the_local_time_zone)
{
	char	buf[64];

	cr_assert_eq(setenv("TZ", "Pacific/Kiritimati", 1), 0);
	fmt_time_iso(1793282531, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-10-29T14:02:11Z");
}

Test(fmt, a_time_too_long_for_the_buffer_is_not_overrun)
{
	char	buf[8];

	memset(buf, 'x', sizeof buf);
	fmt_time_iso(0, buf, 4);
	cr_assert_eq(buf[4], 'x', "wrote past the given length");
	cr_assert(memchr(buf, '\0', 4) != NULL, "not terminated");
	buf[0] = 'x';
	fmt_time_iso(0, buf, 0);
	cr_assert_eq(buf[0], 'x', "wrote to a buffer of length 0");
}

/* --------------------------------------------------------- fmt_duration */

Test(fmt, durations_are_minutes_and_seconds_then_hours)
{
	static const struct {
		int64_t		 secs;
		const char	*expect;
	} cases[] = {
		{ -1, "-:--" },
		{ INT64_MIN, "-:--" },
		{ 0, "0:00" },
		{ 3, "0:03" },
		{ 59, "0:59" },
		{ 60, "1:00" },
		{ 754, "12:34" },
		{ 3599, "59:59" },
		{ 3600, "1:00:00" },
		{ 3723, "1:02:03" },
		{ 86399, "23:59:59" },
		{ 360000, "100:00:00" },
		{ INT64_MAX, "2562047788015215:30:07" },
	};
	char	buf[64];
	size_t	i;

	for (i = 0; i < NITEMS(cases); i++) {
		fmt_duration(cases[i].secs, buf, sizeof buf);
		cr_assert_str_eq(buf, cases[i].expect,
		    "%jd seconds shown as \"%s\", expected \"%s\"",
		    (intmax_t)cases[i].secs, buf, cases[i].expect);
	}
}

/* ------------------------------------------------------- fmt_parse_size */

Test(fmt, sizes_with_binary_suffixes_are_parsed)
{
	static const struct {
		const char	*in;
		uint64_t	 expect;
	} cases[] = {
		{ "0", 0 },
		{ "1", 1 },
		{ "007", 7 },
		{ "1048576", MIB },
		{ "5B", 5 },
		{ "64k", 64 * KIB },
		{ "64K", 64 * KIB },
		{ "2KiB", 2 * KIB },
		{ "10m", 10 * MIB },
		{ "10M", 10 * MIB },
		{ "3MiB", 3 * MIB },
		{ "1g", GIB },
		{ "1G", GIB },
		{ "1GiB", GIB },
		{ "1t", TIB },
		{ "2T", 2 * TIB },
		{ "1TiB", TIB },
		{ "0k", 0 },
		{ "18446744073709551615", UINT64_MAX },
		{ "16777215T", UINT64_MAX - TIB + 1 },
		{ "17179869183G", UINT64_MAX - GIB + 1 },
	};
	uint64_t	v;
	size_t		i;
	int		error;

	for (i = 0; i < NITEMS(cases); i++) {
		v = 42;
		error = fmt_parse_size(cases[i].in, &v);
		cr_assert_eq(error, 0, "\"%s\" refused", cases[i].in);
		cr_assert_eq(v, cases[i].expect, "\"%s\" is %ju, expected %ju",
		    cases[i].in, (uintmax_t)v, (uintmax_t)cases[i].expect);
	}
}

Test(fmt, junk_negative_and_overflowing_sizes_are_refused)
{
	static const char *const cases[] = {
		"", "k", "K", "B", "-1", "+1", " 1", "1 ", "1 k", "\t1",
		"1kb", "1KB", "1MB", "1kib", "1Kib", "1KIB", "1bb", "1BB",
		"1P", "1PiB", "1E", "1x", "1KiBx", "1kk", "1.5M", "1,000",
		"1e3", "0x10", "1_000", "--1",
		"18446744073709551616", "99999999999999999999999",
		"184467440737095516150", "16777216T", "17179869184G",
		"17592186044416M", "18014398509481984k", "1\n",
	};
	uint64_t	v;
	size_t		i;
	int		error;

	for (i = 0; i < NITEMS(cases); i++) {
		v = 42;
		error = fmt_parse_size(cases[i], &v);
		cr_assert_eq(error, FERR_USAGE, "\"%s\" accepted as %ju",
		    cases[i], (uintmax_t)v);
		cr_assert_eq(v, 0, "\"%s\": *out not cleared", cases[i]);
	}
}

Test(fmt, a_null_size_string_is_refused)
{
	uint64_t	v = 42;

	cr_assert_eq(fmt_parse_size(NULL, &v), FERR_USAGE);
	cr_assert_eq(v, 0);
}

Test(fmt, a_size_of_a_million_digits_is_refused)
{
	uint64_t	 v;
	char		*s = malloc(1000001);

	cr_assert_not_null(s);
	memset(s, '0', 1000000);
	s[1000000] = '\0';
	cr_assert_eq(fmt_parse_size(s, &v), 0, "leading zeros are fine");
	cr_assert_eq(v, 0);
	s[0] = '1';
	cr_assert_eq(fmt_parse_size(s, &v), FERR_USAGE);
	free(s);
}

/* -------------------------------------------------------- fmt_safe_name */

static const struct {
	const char	*in;
	const char	*expect;
} test_fmt_names[] = {
	{ "", "" },
	{ "plain.txt", "plain.txt" },
	{ " spaced name ~!@#$%^&*()", " spaced name ~!@#$%^&*()" },
	{ "a\\b", "a\\\\b" },
	{ "\\x41", "\\\\x41" },
	/* C0 controls and DEL. */
	{ "a\nb", "a\\x0ab" },
	{ "tab\there", "tab\\x09here" },
	{ "\x1b[31mred", "\\x1b[31mred" },
	{ "\x01\x1f", "\\x01\\x1f" },
	{ "del\x7f", "del\\x7f" },
	{ "cr\r", "cr\\x0d" },
	/* Printable UTF-8, 2, 3 and 4 bytes long. */
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "\xc2\xa0nbsp", "\xc2\xa0nbsp" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "\xef\xbf\xbd", "\xef\xbf\xbd" },
	{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },
	{ "\xed\x9f\xbf", "\xed\x9f\xbf" },		/* U+D7FF */
	{ "\xee\x80\x80", "\xee\x80\x80" },		/* U+E000 */
	/* C1 controls (U+0085 NEL, U+009B CSI), U+2028, U+2029. */
	{ "\xc2\x80", "\\xc2\\x80" },
	{ "a\xc2\x85z", "a\\xc2\\x85z" },
	{ "\xc2\x9b" "2J", "\\xc2\\x9b2J" },
	{ "\xc2\x9f", "\\xc2\\x9f" },
	{ "\xe2\x80\xa8", "\\xe2\\x80\\xa8" },
	{ "\xe2\x80\xa9", "\\xe2\\x80\\xa9" },
	{ "\xe2\x80\xa7", "\xe2\x80\xa7" },		/* U+2027 is fine */
	/* Bidirectional overrides and isolates. */
	{ "a\xe2\x80\xaetxt.exe", "a\\xe2\\x80\\xaetxt.exe" },
	{ "\xe2\x81\xa6", "\\xe2\\x81\\xa6" },
	{ "\xe2\x81\xa9", "\\xe2\\x81\\xa9" },
	/* Invalid: overlong, surrogates, beyond U+10FFFF, stray bytes. */
	{ "\xc0\xaf", "\\xc0\\xaf" },
	{ "\xc1\xbf", "\\xc1\\xbf" },
	{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf" },
	{ "\xe0\x9f\xbf", "\\xe0\\x9f\\xbf" },
	{ "\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf" },
	{ "\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf" },
	{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },
	{ "\xed\xbf\xbf", "\\xed\\xbf\\xbf" },
	{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" },
	{ "\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80" },
	{ "\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80" },
	{ "\xff\xfe", "\\xff\\xfe" },
	{ "\x80", "\\x80" },
	{ "a\xbf" "b", "a\\xbfb" },
	/* Truncated sequences, at the end and before other text. */
	{ "\xe6\x97", "\\xe6\\x97" },
	{ "\xe6\x97" "a", "\\xe6\\x97a" },
	{ "\xf0\x9f\x98", "\\xf0\\x9f\\x98" },
	{ "\xc3", "\\xc3" },
	{ "\xc3\xc3\xa9", "\\xc3\xc3\xa9" },
	{ "\xe6\x97\xc3\xa9", "\\xe6\\x97\xc3\xa9" },
};

Test(fmt, names_keep_printable_utf8_and_escape_the_rest)
{
	char	*s;
	size_t	 i;

	for (i = 0; i < NITEMS(test_fmt_names); i++) {
		s = fmt_safe_name(test_fmt_names[i].in);
		cr_assert_str_eq(s, test_fmt_names[i].expect,
		    "case %zu: got \"%s\", expected \"%s\"", i, s,
		    test_fmt_names[i].expect);
		free(s);
	}
}

Test(fmt, a_message_holding_safe_names_keeps_their_backslashes_single)
{
	static const struct {
		const char	*in;
		const char	*expect;
	} cases[] = {
		{ "", "" },
		{ "a\\b", "a\\b" },
		{ "f: refusing bad\\x0dname", "f: refusing bad\\x0dname" },
		{ "still\x1b[2Jsafe\r", "still\\x1b[2Jsafe\\x0d" },
		{ "caf\xc3\xa9 \xc2\x9b", "caf\xc3\xa9 \\xc2\\x9b" },
	};
	char *s, *name;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		s = fmt_safe_text(cases[i].in);
		cr_expect_str_eq(s, cases[i].expect, "case %zu: got \"%s\"", i,
		    s);
		free(s);
	}
	/* a name made safe once and put in a message shows as made safe */
	name = fmt_safe_name("back\\slash\r");
	s = fmt_safe_text(name);
	cr_expect_str_eq(s, "back\\\\slash\\x0d");
	free(s);
	free(name);
}

Test(fmt, names_are_made_safe_the_same_way_in_any_locale)
{
	static const char *const locales[] = { "C", "C.UTF-8", "POSIX" };
	char	*s;
	size_t	 i, j;

	for (j = 0; j < NITEMS(locales); j++) {
		if (setlocale(LC_ALL, locales[j]) == NULL)
			continue;
		for (i = 0; i < NITEMS(test_fmt_names); i++) {
			s = fmt_safe_name(test_fmt_names[i].in);
			cr_assert_str_eq(s, test_fmt_names[i].expect,
			    "locale %s, case %zu: got \"%s\"", locales[j], i,
			    s);
			free(s);
		}
	}
}

/* True if s would be safe on a terminal: no C0, DEL or C1 (as UTF-8). */
static int
test_fmt_terminal_safe(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return (0);
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return (0);
	}
	return (1);
}

Test(fmt, no_pair_of_bytes_gets_a_control_character_through)
{
	char		 in[3];
	char		*s;
	unsigned	 a, b;

	for (a = 1; a < 256; a++) {
		for (b = 1; b < 256; b++) {
			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = '\0';
			s = fmt_safe_name(in);
			cr_assert(test_fmt_terminal_safe(s),
			    "bytes %02x %02x gave \"%s\"", a, b, s);
			free(s);
		}
	}
}

Test(fmt, a_megabyte_of_escapes_fits)
{
	size_t	 n = 1 << 20, i;
	char	*in = malloc(n + 1), *s;

	cr_assert_not_null(in);
	memset(in, 0x1b, n);
	in[n] = '\0';
	s = fmt_safe_name(in);
	cr_assert_eq(strlen(s), 4 * n);
	for (i = 0; i < 4 * n; i += 4)
		cr_assert(memcmp(s + i, "\\x1b", 4) == 0, "at offset %zu", i);
	free(s);
	free(in);
}

static const struct {
	uint32_t	 mode;
	const char	*want;
} test_modes[] = {
	{ 0644, "rw-r--r--" },
	{ 0755, "rwxr-xr-x" },
	{ 0, "---------" },
	{ 0100600, "rw-------" },	/* the file type bits do not show */
	{ 04755, "rwsr-xr-x" },
	{ 04644, "rwSr--r--" },
	{ 02750, "rwxr-s---" },
	{ 02640, "rw-r-S---" },
	{ 01777, "rwxrwxrwt" },
	{ 01776, "rwxrwxrwT" },
	{ 07777, "rwsrwsrwt" },
};

Test(fmt, permissions_are_written_as_ls_writes_them)
{
	char	buf[16];
	size_t	i;

	for (i = 0; i < sizeof test_modes / sizeof test_modes[0]; i++) {
		fmt_mode(test_modes[i].mode, buf, sizeof buf);
		cr_assert_str_eq(buf, test_modes[i].want, "mode %o",
		    test_modes[i].mode);
	}
	fmt_mode(0777, buf, 9);
	cr_assert_str_eq(buf, "");
}
