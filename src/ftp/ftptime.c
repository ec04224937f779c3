/* ferry: FTP times for MFMT and SITE UTIME (see ftptime.h).  Pure. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ftp/ftptime.h"
#include "ftp/reply.h"
#include "util/err.h"
#include "util/utc.h"

int
ftp_time_format(int64_t t, char *buf, size_t len)
{
	struct utc_time u;

	/* not gmtime_r and strftime (utc.h) */
	utc_split(t, &u);
	if (len > 0)
		buf[0] = '\0';
	if (u.year < 1000 || u.year > 9999 || len < 15)
		return (FERR_UNSUPPORTED);
	snprintf(buf, len, "%04d%02u%02u%02u%02u%02u", (int)u.year, u.month,
	    u.day, u.hour, u.minute, u.second);
	return (0);
}

int
ftp_mfmt_parse(const char *text, int64_t *t)
{
	const char *p = text;

	*t = 0;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "Modify=", 7) != 0)
		return (FERR_IO);
	return (ftp_parse_time(p + 7, t));
}

/* One FEAT line: "SITE" and a list of words, UTIME among them. */
static int
ftp_feat_site_line(const char *p, size_t len)
{
	size_t n;

	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	if (len < 5 || strncasecmp(p, "SITE ", 5) != 0)
		return (0);
	p += 5;
	len -= 5;
	while (len > 0) {
		for (n = 0; n < len && p[n] != ' ' && p[n] != ';' &&
		    p[n] != ',' && p[n] != '\r'; n++)
			;
		if (n == 5 && strncasecmp(p, "UTIME", 5) == 0)
			return (1);
		if (n < len)
			n++;
		p += n;
		len -= n;
	}
	return (0);
}

int
ftp_feat_site_utime(const char *text)
{
	const char *p = text, *nl;
	size_t n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (ftp_feat_site_line(p, n))
			return (1);
		p += n;
		if (*p == '\n')
			p++;
	}
	return (0);
}
