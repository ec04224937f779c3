/* ferry: UTC calendar arithmetic (see utc.h); H. Hinnant's algorithms
 * (days_from_civil, civil_from_days).  Pure. */
#include "config.h"

#include "util/utc.h"

int64_t
utc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

void
utc_split(int64_t t, struct utc_time *u)
{
	int64_t days = t / 86400, secs = t % 86400, z, era, doe, yoe, doy, mp;

	if (secs < 0) {		/* before the epoch: round the day down */
		secs += 86400;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mp = (5 * doy + 2) / 153;			/* [0, 11], from March */
	u->day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	u->month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	u->year = yoe + era * 400 + (u->month <= 2);
	u->hour = (unsigned)(secs / 3600);
	u->minute = (unsigned)(secs / 60 % 60);
	u->second = (unsigned)(secs % 60);
}
