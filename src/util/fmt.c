/* ferry: formatting and parsing of numbers, times and untrusted names (see
 * fmt.h). */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/env.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/utc.h"
#include "util/xmalloc.h"

static const char *const fmt_units[] = {
	N_("B"), N_("KiB"), N_("MiB"), N_("GiB"), N_("TiB"), N_("PiB"),
	N_("EiB"),
};
#define FMT_NUNITS	(sizeof fmt_units / sizeof fmt_units[0])

/* Size suffixes accepted by fmt_parse_size, with their power of 1024. */
static const struct fmt_suffix {
	const char	*name;
	unsigned	 shift;
} fmt_suffixes[] = {
	{ .name = "", .shift = 0 },
	{ .name = "B", .shift = 0 },
	{ .name = "k", .shift = 10 },
	{ .name = "K", .shift = 10 },
	{ .name = "KiB", .shift = 10 },
	{ .name = "m", .shift = 20 },
	{ .name = "M", .shift = 20 },
	{ .name = "MiB", .shift = 20 },
	{ .name = "g", .shift = 30 },
	{ .name = "G", .shift = 30 },
	{ .name = "GiB", .shift = 30 },
	{ .name = "t", .shift = 40 },
	{ .name = "T", .shift = 40 },
	{ .name = "TiB", .shift = 40 },
};

void
fmt_size(uint64_t bytes, char *buf, size_t len)
{
	double	v;
	size_t	u = 1;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 " %s", bytes, _(fmt_units[0]));
		return;
	}
	/* Move up a unit where one decimal would round to 1024.0. */
	v = (double)bytes / 1024;
	while (v >= 1023.95 && u + 1 < FMT_NUNITS) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, _(fmt_units[u]));
}

void
fmt_bytes(uint64_t bytes, char *buf, size_t len)
{
	snprintf(buf, len, "%'" PRIu64, bytes);
}

/* One rwx triplet; special: the set-id or sticky bit, with its letter. */
static void
fmt_mode_triplet(uint32_t bits, int special, char letter, char *out)
{
	out[0] = bits & 4 ? 'r' : '-';
	out[1] = bits & 2 ? 'w' : '-';
	if (special)
		out[2] = bits & 1 ? letter : letter - 'a' + 'A';
	else
		out[2] = bits & 1 ? 'x' : '-';
}

void
fmt_mode(uint32_t mode, char *buf, size_t len)
{
	if (len < 10) {
		if (len > 0)
			buf[0] = '\0';
		return;
	}
	fmt_mode_triplet(mode >> 6 & 7, (mode & 04000) != 0, 's', buf);
	fmt_mode_triplet(mode >> 3 & 7, (mode & 02000) != 0, 's', buf + 3);
	fmt_mode_triplet(mode & 7, (mode & 01000) != 0, 't', buf + 6);
	buf[9] = '\0';
}

void
fmt_time_iso(int64_t t, char *buf, size_t len)
{
	struct utc_time u;

	if (len == 0)
		return;
	/* not gmtime_r and strftime (utc.h); years of four digits, as the
	 * tests and parsers expect */
	utc_split(t, &u);
	if (t == ENV_TIME_UNKNOWN || u.year < 0 || u.year > 9999 ||
	    snprintf(buf, len, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)u.year,
	    u.month, u.day, u.hour, u.minute, u.second) >= (int)len)
		snprintf(buf, len, "-");
}

void
fmt_duration(int64_t secs, char *buf, size_t len)
{
	if (secs < 0)
		snprintf(buf, len, "-:--");
	else if (secs < 3600)
		snprintf(buf, len, "%d:%02d", (int)(secs / 60),
		    (int)(secs % 60));
	else
		snprintf(buf, len, "%" PRId64 ":%02d:%02d", secs / 3600,
		    (int)(secs / 60 % 60), (int)(secs % 60));
}

int
fmt_parse_size(const char *s, uint64_t *out)
{
	uint64_t	v = 0;
	unsigned	d;
	size_t		i;

	*out = 0;
	if (s == NULL || *s < '0' || *s > '9')
		return (FERR_USAGE);
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return (FERR_USAGE);
		v = v * 10 + d;
	}
	for (i = 0; i < sizeof fmt_suffixes / sizeof fmt_suffixes[0]; i++) {
		if (strcmp(s, fmt_suffixes[i].name) != 0)
			continue;
		if (v > UINT64_MAX >> fmt_suffixes[i].shift)
			return (FERR_USAGE);
		*out = v << fmt_suffixes[i].shift;
		return (0);
	}
	return (FERR_USAGE);
}

/*
 * Length of the UTF-8 sequence at s and its code point in *cp; 0 if s does
 * not start with a valid, shortest-form sequence of a scalar value.
 */
static size_t
fmt_utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t	min;
	size_t		n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		*cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		*cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		*cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return (0);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return (0);
	return (n);
}

/*
 * True if a terminal may be sent the code point: not a C0 or C1 control,
 * DEL, a line or paragraph separator, or a bidirectional embedding,
 * override or isolate (which can make a name display as another).
 */
static int
fmt_is_printable(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return (0);
	if (cp == 0x2028 || cp == 0x2029)
		return (0);
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return (0);
	return (1);
}

/* The work of fmt_safe_name and fmt_safe_text: a backslash is doubled
 * only with quote_backslash. */
static char *
fmt_safe(const char *name, int quote_backslash)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*s = (const unsigned char *)name;
	char			*d;
	size_t			 n = 0, k;
	uint32_t		 cp;

	d = xmalloc(4 * strlen(name) + 1);
	while (*s != '\0') {
		k = fmt_utf8_decode(s, &cp);
		if (k != 0 && cp == '\\' && quote_backslash) {
			d[n++] = '\\';
			d[n++] = '\\';
		} else if (k != 0 && fmt_is_printable(cp)) {
			memcpy(d + n, s, k);
			n += k;
		} else {
			k = 1;
			d[n++] = '\\';
			d[n++] = 'x';
			d[n++] = hex[*s >> 4];
			d[n++] = hex[*s & 0xf];
		}
		s += k;
	}
	d[n] = '\0';
	return (d);
}

char *
fmt_safe_name(const char *name)
{
	return (fmt_safe(name, 1));
}

char *
fmt_safe_text(const char *text)
{
	return (fmt_safe(text, 0));
}

int
fmt_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}
