/* ferry: UTC calendar arithmetic (proleptic Gregorian), without the C
 * library's time zone machinery (gmtime_r, strftime: tzset and its lock)
 * for what is always UTC: the MFMT argument of every file an FTP upload
 * keeps the time of, ls's times, the dates of the resume dialog, and the
 * dates of LIST lines.  Pure. */
#ifndef FERRY_UTC_H
#define FERRY_UTC_H

#include <stdint.h>

/* A time's calendar fields in UTC. */
struct utc_time {
	int64_t		year;
	unsigned	month;		/* 1-12 */
	unsigned	day;		/* 1-31 */
	unsigned	hour;
	unsigned	minute;
	unsigned	second;
};

/* Days since 1970-01-01 of a civil date. */
int64_t	utc_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The fields of t (seconds since the epoch); any t. */
void	utc_split(int64_t t, struct utc_time *);

#endif
