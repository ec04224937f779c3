/* ferry: UTC calendar arithmetic (src/util/utc.c) against the C library's
 * gmtime_r and timegm, over leap days, centuries, the epoch and far
 * times on either side of it. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <criterion/criterion.h>

#include "util/utc.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* u must be what gmtime_r says of t. */
static void
test_same_as_libc(int64_t t)
{
	struct utc_time u;
	struct tm tm;
	time_t tt = (time_t)t;

	cr_assert(gmtime_r(&tt, &tm) != NULL, "gmtime_r(%jd)", (intmax_t)t);
	utc_split(t, &u);
	cr_assert(u.year == (int64_t)tm.tm_year + 1900 &&
	    u.month == (unsigned)tm.tm_mon + 1 &&
	    u.day == (unsigned)tm.tm_mday && u.hour == (unsigned)tm.tm_hour &&
	    u.minute == (unsigned)tm.tm_min && u.second == (unsigned)tm.tm_sec,
	    "%jd: %jd-%u-%u %u:%u:%u, the C library says %d-%d-%d %d:%d:%d",
	    (intmax_t)t, (intmax_t)u.year, u.month, u.day, u.hour, u.minute,
	    u.second, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	/* and back: the day's number and the seconds in it */
	cr_assert_eq(utc_days_from_civil(u.year, u.month, u.day) * 86400 +
	    u.hour * 3600 + u.minute * 60 + u.second, t, "%jd back",
	    (intmax_t)t);
}

Test(utc, times_split_as_gmtime_r_splits_them)
{
	static const int64_t cases[] = {
		0, 1, -1, 59, 60, 86399, 86400, -86399, -86400, -86401,
		951782400,		/* 2000-02-29 */
		951868799,		/* its last second */
		951868800,		/* 2000-03-01 */
		4107542400LL,		/* 2100-03-01 (2100 is no leap year) */
		4107456000LL,		/* 2100-02-28 */
		-2203891200LL,		/* 1900-03-01 */
		-2203977600LL,		/* 1900-02-28 */
		INT32_MAX, (int64_t)INT32_MAX + 1, INT32_MIN,
		(int64_t)INT32_MIN - 1,
		253402300799LL,		/* 9999-12-31 23:59:59 */
		253402300800LL,		/* 10000-01-01 */
		-62135596800LL,		/* 0001-01-01 */
		-62135596801LL,		/* 0000-12-31 23:59:59 */
		-62167219200LL,		/* 0000-01-01 */
		-62167219201LL,		/* year -1 */
		1793282531,		/* 2026-10-29 14:02:11 */
	};
	size_t i;

	for (i = 0; i < NITEMS(cases); i++)
		test_same_as_libc(cases[i]);
}

Test(utc, every_day_of_four_centuries_splits_as_gmtime_r_splits_it)
{
	int64_t t;

	/* 1800 to 2200 a day at a time, at an odd second of the day */
	for (t = -5364662400LL + 45296; t < 7258118400LL; t += 86400)
		test_same_as_libc(t);
}

Test(utc, far_times_split_without_overflow)
{
	static const int64_t cases[] = { INT64_MAX, INT64_MIN, INT64_MIN + 1,
	    INT64_MAX - 86399 };
	struct utc_time u;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		utc_split(cases[i], &u);
		cr_assert(u.month >= 1 && u.month <= 12 && u.day >= 1 &&
		    u.day <= 31 && u.hour < 24 && u.minute < 60 &&
		    u.second < 60, "%jd", (intmax_t)cases[i]);
	}
	utc_split(INT64_MAX, &u);
	cr_assert_gt(u.year, 292000000000LL);
	utc_split(INT64_MIN, &u);
	cr_assert_lt(u.year, -292000000000LL);
}

Test(utc, civil_dates_count_days_as_timegm_does)
{
	static const struct { int y, m, d; } cases[] = {
		{ 1970, 1, 1 }, { 1969, 12, 31 }, { 2000, 2, 29 },
		{ 2000, 3, 1 }, { 1900, 2, 28 }, { 1900, 3, 1 },
		{ 2100, 2, 28 }, { 2100, 3, 1 }, { 1, 1, 1 }, { 9999, 12, 31 },
		{ 2038, 1, 19 }, { 1601, 1, 1 },
	};
	struct tm tm = { 0 };
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		tm.tm_year = cases[i].y - 1900;
		tm.tm_mon = cases[i].m - 1;
		tm.tm_mday = cases[i].d;
		cr_assert_eq(utc_days_from_civil(cases[i].y,
		    (unsigned)cases[i].m, (unsigned)cases[i].d) * 86400,
		    (int64_t)timegm(&tm), "%d-%d-%d", cases[i].y,
		    cases[i].m, cases[i].d);
	}
}
