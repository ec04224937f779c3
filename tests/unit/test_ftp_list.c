/* ferry: tests of the FTP listing parsers (src/ftp/listparse.c) from
 * fixture files: tests/unit/fixtures/ftp/NAME.input is a listing as a
 * server sends it, NAME.expected one line per entry ("type size mtime
 * mode is_link name") and last "bad COUNT [first bad line]". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ftp/listparse.h"
#include "util/fmt.h"
#include "util/xmalloc.h"

/* 2024-03-15T12:00:00Z: "Mon dd hh:mm" dates are placed before it. */
#define TEST_NOW	1710504000

static char *
test_list_read(const char *name, const char *ext, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char *path, *buf;
	FILE *f;
	long n;

	path = xasprintf("%s/tests/unit/fixtures/ftp/%s.%s",
	    top != NULL ? top : ".", name, ext);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	free(path);
	*len = (size_t)n;
	return (buf);
}

static const char *
test_list_type(enum vfs_type t)
{
	switch (t) {
	case VFS_FILE:
		return ("file");
	case VFS_DIR:
		return ("dir");
	case VFS_LINK:
		return ("link");
	case VFS_OTHER:
		return ("other");
	default:
		return ("none");
	}
}

/* The parse of NAME.input, written as NAME.expected is. */
static char *
test_list_show(const char *name, int mlsd)
{
	struct vfs_list l = { 0 };
	char *in, *bad, *out, *tmp, size[32], when[32];
	size_t len, nbad, i;

	in = test_list_read(name, "input", &len);
	nbad = ftp_list_parse(in, len, mlsd, TEST_NOW, &l, &bad);
	out = xstrdup("");
	for (i = 0; i < l.n; i++) {
		const struct vfs_stat *st = &l.v[i].st;

		if (st->size_known)
			snprintf(size, sizeof size, "%llu",
			    (unsigned long long)st->size);
		else
			snprintf(size, sizeof size, "-");
		fmt_time_iso(st->mtime, when, sizeof when);
		tmp = xasprintf("%s%s %s %s %04o %d %s\n", out,
		    test_list_type(st->type), size, when, (unsigned)st->mode,
		    st->is_link, l.v[i].name);
		free(out);
		out = tmp;
	}
	tmp = xasprintf("%sbad %zu%s%s\n", out, nbad, bad != NULL ? " " : "",
	    bad != NULL ? bad : "");
	free(out);
	free(bad);
	free(in);
	vfs_list_free(&l);
	return (tmp);
}

static void
test_list_fixture(const char *name, int mlsd)
{
	char *got, *want;
	size_t len;

	got = test_list_show(name, mlsd);
	want = test_list_read(name, "expected", &len);
	cr_assert_str_eq(got, want, "%s: got\n%s\nexpected\n%s", name, got,
	    want);
	free(got);
	free(want);
}

Test(ftp_list, unix_lines_with_both_date_forms_give_their_entries)
{
	test_list_fixture("unix", 0);
}

Test(ftp_list, dos_and_iis_lines_give_their_entries)
{
	test_list_fixture("dos", 0);
}

Test(ftp_list, eplf_lines_give_their_entries)
{
	test_list_fixture("eplf", 0);
}

Test(ftp_list, mlsd_facts_give_entries_and_lines_without_type_are_bad)
{
	test_list_fixture("mlsd", 1);
}

Test(ftp_list, garbage_lines_are_counted_never_guessed)
{
	test_list_fixture("garbage", 0);
}

Test(ftp_list, a_recent_date_in_january_seen_in_december_is_this_year)
{
	struct vfs_stat st;
	char *name, when[32];

	/* now: 2023-12-31T23:00:00Z */
	cr_assert_eq(ftp_list_line("-rw-r--r-- 1 a b 1 Jan  3 10:00 x",
	    1704063600, &name, &st), FTP_LINE_ENTRY);
	fmt_time_iso(st.mtime, when, sizeof when);
	cr_assert_str_eq(when, "2023-01-03T10:00:00Z");
	free(name);
}

Test(ftp_list, an_mlst_fact_line_with_a_leading_space_is_read)
{
	struct vfs_stat st;
	char *name;

	cr_assert_eq(ftp_mlsx_line(" type=file;size=4294967297;"
	    "modify=20240315120000; /pub/big", &name, &st), FTP_LINE_ENTRY);
	cr_assert_str_eq(name, "/pub/big");
	cr_assert_eq(st.size, 4294967297ULL);
	cr_assert_eq(st.mtime, 1710504000);
	free(name);
}

Test(ftp_list, a_nul_inside_a_line_makes_it_bad)
{
	static const char in[] = "type=file;size=1; a\0b\r\n"
	    "type=file;size=2; ok\r\n";
	struct vfs_list l = { 0 };
	char *bad;

	cr_assert_eq(ftp_list_parse(in, sizeof in - 1, 1, 0, &l, &bad), 1);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.v[0].name, "ok");
	free(bad);
	vfs_list_free(&l);
}

Test(ftp_list, a_last_line_without_its_end_still_counts)
{
	static const char in[] = "type=file;size=1; a\r\ntype=dir; b";
	struct vfs_list l = { 0 };
	char *bad;

	cr_assert_eq(ftp_list_parse(in, sizeof in - 1, 1, 0, &l, &bad), 0);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(l.v[1].name, "b");
	cr_assert_null(bad);
	vfs_list_free(&l);
}

Test(ftp_list, a_unix_line_gives_its_owner_when_it_has_one)
{
	struct vfs_stat st;
	char *name;

	cr_assert_eq(ftp_list_line("-rw-r--r-- 1 ana staff 10 Jan  3 10:00 x",
	    1704063600, &name, &st), FTP_LINE_ENTRY);
	cr_assert_str_eq(st.owner, "ana");
	free(name);
	cr_assert_eq(ftp_list_line("-rw-r--r-- 1 an-owner-name-longer-than-31-"
	    "bytes staff 10 Jan  3 10:00 x", 1704063600, &name, &st),
	    FTP_LINE_ENTRY);
	cr_assert_str_eq(st.owner, "an-owner-name-longer-than-31-by");
	free(name);
	/* "perms owner size": too few columns to tell the owner. */
	cr_assert_eq(ftp_list_line("-rw-r--r-- ana 10 Jan  3 10:00 x",
	    1704063600, &name, &st), FTP_LINE_ENTRY);
	cr_assert_str_eq(st.owner, "");
	free(name);
}
