/* ferry: FTP times: the argument of MFMT and SITE UTIME, the MFMT reply,
 * SITE UTIME in FEAT (src/ftp/ftptime.c), and how precise the times of
 * listings and MDTM are (src/ftp/listparse.c, src/ftp/reply.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ftp/ftptime.h"
#include "ftp/listparse.h"
#include "ftp/reply.h"
#include "util/err.h"

/* 2024-03-15T12:00:00Z: "Mon dd hh:mm" dates are placed before it. */
#define TEST_NOW	1710504000

/* ------------------------------------------------------------ MFMT */

Test(ftp_time, a_time_is_written_as_mfmt_takes_it)
{
	char buf[16];

	cr_assert_eq(ftp_time_format(1577934245, buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "20200102030405");
	cr_assert_eq(ftp_time_format(0, buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "19700101000000");
}

Test(ftp_time, what_mdtm_says_reads_back_as_the_same_second)
{
	static const int64_t times[] = { 0, 1, 59, 1577934245, 1710504000,
	    4102444799 /* 2099-12-31T23:59:59Z */, -86400 };
	char buf[16];
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof times / sizeof times[0]; i++) {
		cr_assert_eq(ftp_time_format(times[i], buf, sizeof buf), 0);
		cr_assert_eq(ftp_parse_time(buf, &t), 0, "%s", buf);
		cr_expect_eq(t, times[i], "%s", buf);
	}
}

Test(ftp_time, a_time_outside_four_digit_years_is_not_written)
{
	char buf[16];

	cr_expect_eq(ftp_time_format(-62135596800LL - 1, buf, sizeof buf),
	    FERR_UNSUPPORTED);	/* before year 1 */
	cr_expect_eq(ftp_time_format(253402300800LL, buf, sizeof buf),
	    FERR_UNSUPPORTED);	/* year 10000 */
	cr_expect_str_eq(buf, "");
	cr_expect_eq(ftp_time_format(1577934245, buf, 14), FERR_UNSUPPORTED,
	    "no room for the NUL");
}

Test(ftp_time, the_mfmt_reply_says_which_time_was_set)
{
	int64_t t;

	cr_assert_eq(ftp_mfmt_parse("Modify=20200102030405; f.txt", &t), 0);
	cr_expect_eq(t, 1577934245);
	cr_assert_eq(ftp_mfmt_parse("modify=20200102030405.123; a b", &t), 0);
	cr_expect_eq(t, 1577934245);
	cr_expect_eq(ftp_mfmt_parse("File modification time set", &t),
	    FERR_IO);
	cr_expect_eq(ftp_mfmt_parse("Modify=2020; f", &t), FERR_IO);
	cr_expect_eq(ftp_mfmt_parse("Modify=20201302030405; f", &t), FERR_IO);
}

Test(ftp_time, feat_offers_site_utime_only_where_it_says_so)
{
	cr_expect(ftp_feat_site_utime("Features:\n SITE UTIME\nEnd"));
	cr_expect(ftp_feat_site_utime("Features:\n SITE CHMOD;UTIME;SYMLINK"
	    "\nEnd"));
	cr_expect(ftp_feat_site_utime("Features:\nsite utime\nEnd"));
	/* proftpd, vsftpd */
	cr_expect_not(ftp_feat_site_utime("Features:\n MFMT\n MDTM\n SIZE\n"
	    " SITE COPY\nEnd"));
	cr_expect_not(ftp_feat_site_utime("Features:\n EPRT\n EPSV\n MDTM\n"
	    " PASV\n REST STREAM\n SIZE\n TVFS\nEnd"));
	cr_expect_not(ftp_feat_site_utime("Features:\n SITE UTIME2\nEnd"));
	cr_expect_not(ftp_feat_site_utime(" UTIME\n SITEUTIME\n"));
	cr_expect_not(ftp_feat_site_utime(""));
}

/* ------------------------------------------------------------ precision */

static enum vfs_time_prec
test_list_prec(const char *line)
{
	struct vfs_stat st;
	char *name = NULL;

	cr_assert_eq(ftp_list_line(line, TEST_NOW, &name, &st),
	    FTP_LINE_ENTRY, "%s", line);
	free(name);
	return (st.mtime_prec);
}

Test(ftp_time, a_list_time_of_day_is_known_to_the_minute)
{
	cr_expect_eq(test_list_prec("-rw-r--r-- 1 0 0 6 Mar 15 11:58 a.txt"),
	    VFS_PREC_MINUTE);
	cr_expect_eq(test_list_prec("06-05-03  03:19PM  1973 readme.txt"),
	    VFS_PREC_MINUTE);
}

Test(ftp_time, a_list_year_is_known_to_the_day)
{
	cr_expect_eq(test_list_prec("-rw-r--r-- 1 0 0 6 Jan  2  2020 big"),
	    VFS_PREC_DAY);
}

Test(ftp_time, dos_seconds_eplf_mlsd_and_mdtm_are_known_to_the_second)
{
	struct vfs_stat st;
	char *name = NULL;

	cr_expect_eq(test_list_prec("2019-03-04  10:05:07  12 f"),
	    VFS_PREC_SECOND);
	cr_expect_eq(test_list_prec("+i1.2,m1000000000,r,s1,\tf"),
	    VFS_PREC_SECOND);
	cr_assert_eq(ftp_mlsx_line("type=file;size=1;modify=20240315120000; f",
	    &name, &st), FTP_LINE_ENTRY);
	cr_expect_eq(st.mtime_prec, VFS_PREC_SECOND);
	free(name);
}

Test(ftp_time, a_listing_without_a_time_says_none)
{
	struct vfs_stat st;
	char *name = NULL;

	cr_assert_eq(ftp_mlsx_line("type=file;size=1; f", &name, &st),
	    FTP_LINE_ENTRY);
	cr_expect_eq(st.mtime, VFS_MTIME_UNKNOWN);
	cr_expect_eq(st.mtime_prec, VFS_PREC_NONE);
	free(name);
	cr_expect_eq(test_list_prec("+r,s0,up644,\tempty file"),
	    VFS_PREC_NONE);
}
