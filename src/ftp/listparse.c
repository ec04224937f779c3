/* ferry: LIST and MLSD parsers (see listparse.h).  Pure functions. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ftp/listparse.h"
#include "ftp/reply.h"
#include "util/utc.h"
#include "util/xmalloc.h"

#define LIST_TOKENS	16		/* enough for any ls -l line */
#define LIST_FUTURE	(2 * 86400)	/* clock and time zone slack */

struct list_tok {
	const char	*p;
	size_t		 len;
};

static void
list_stat_clear(struct vfs_stat *st)
{
	memset(st, 0, sizeof *st);
	st->type = VFS_NONE;
	st->mtime = VFS_MTIME_UNKNOWN;
}

/* Split line at runs of spaces into at most max tokens; the count. */
static int
list_tokens(const char *line, struct list_tok *t, int max)
{
	const char *p = line;
	int n = 0;

	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		t[n].p = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		t[n].len = (size_t)(p - t[n].p);
		n++;
	}
	return (n);
}

/* All digits, at least one; the value in *v (capped at UINT64_MAX). */
static int
list_tok_number(const struct list_tok *t, uint64_t *v)
{
	size_t i;

	*v = 0;
	if (t->len == 0 || t->len > 20)
		return (0);
	for (i = 0; i < t->len; i++) {
		if (!isdigit((unsigned char)t->p[i]))
			return (0);
		if (*v > (UINT64_MAX - 9) / 10)
			return (0);
		*v = *v * 10 + (uint64_t)(t->p[i] - '0');
	}
	return (1);
}

static int
list_month(const struct list_tok *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m;

	if (t->len != 3)
		return (0);
	for (m = 0; m < 12; m++) {
		if (strncasecmp(t->p, months + 3 * m, 3) == 0)
			return (m + 1);
	}
	return (0);
}

/* The permission bits of "rwxr-xr-x" (with s, S, t, T). */
static int
list_perms(const char *p, uint32_t *mode)
{
	static const char ok[] = "-rwxsStTlL";
	int i;

	*mode = 0;
	for (i = 0; i < 9; i++) {
		if (p[i] == '\0' || strchr(ok, p[i]) == NULL)
			return (-1);
	}
	*mode |= (p[0] == 'r') << 8 | (p[1] == 'w') << 7 | (p[3] == 'r') << 5 |
	    (p[4] == 'w') << 4 | (p[6] == 'r') << 2 | (p[7] == 'w') << 1;
	*mode |= (p[2] == 'x' || p[2] == 's') << 6 |
	    (p[5] == 'x' || p[5] == 's') << 3 | (p[8] == 'x' || p[8] == 't');
	*mode |= (p[2] == 's' || p[2] == 'S') << 11 |
	    (p[5] == 's' || p[5] == 'S' || p[5] == 'l' || p[5] == 'L') << 10 |
	    (p[8] == 't' || p[8] == 'T') << 9;
	return (0);
}

static enum vfs_type
list_unix_type(char c)
{
	switch (c) {
	case '-':
		return (VFS_FILE);
	case 'd':
		return (VFS_DIR);
	case 'l':
		return (VFS_LINK);
	case 'b': case 'c': case 'p': case 's': case 'D':
		return (VFS_OTHER);
	default:
		return (VFS_NONE);
	}
}

/* "hh:mm" or "yyyy" after month m and day d: the time, with the year of a
 * "hh:mm" date the latest that is not after now (give or take). */
static int
list_unix_time(const struct list_tok *t, int m, int d, int64_t now,
    int64_t *out)
{
	struct utc_time u;
	int64_t y;
	long h, mi;

	if (t->len == 4 && isdigit((unsigned char)t->p[0]) &&
	    isdigit((unsigned char)t->p[1]) &&
	    isdigit((unsigned char)t->p[2]) &&
	    isdigit((unsigned char)t->p[3])) {
		y = strtol(t->p, NULL, 10);
		*out = utc_days_from_civil(y, (unsigned)m, (unsigned)d) *
		    86400;
		return (0);
	}
	if ((t->len != 5 && t->len != 4) || !isdigit((unsigned char)t->p[0]))
		return (-1);
	h = t->p[0] - '0';
	if (t->len == 5 && isdigit((unsigned char)t->p[1]))
		h = h * 10 + (t->p[1] - '0');
	else if (t->len == 5)
		return (-1);
	if (t->p[t->len - 3] != ':' || !isdigit((unsigned char)t->p[t->len - 2])
	    || !isdigit((unsigned char)t->p[t->len - 1]))
		return (-1);
	mi = (t->p[t->len - 2] - '0') * 10 + (t->p[t->len - 1] - '0');
	if (h > 23 || mi > 59)
		return (-1);
	/* the year of now, or the one before if that is in the future */
	utc_split(now, &u);
	y = u.year;
	*out = utc_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60;
	if (*out > now + LIST_FUTURE)
		*out = utc_days_from_civil(y - 1, (unsigned)m, (unsigned)d) *
		    86400 + h * 3600 + mi * 60;
	return (0);
}

/* The month token of an ls -l line: the first place (after the links,
 * owner and size, at least) where month, day and time or year follow a
 * size, with a name after them.  -1 if none. */
static int
list_unix_date(const struct list_tok *t, int n)
{
	uint64_t v;
	int i;

	for (i = 3; i + 2 < n; i++) {
		if (list_month(&t[i]) == 0 || !list_tok_number(&t[i - 1], &v))
			continue;
		if (!list_tok_number(&t[i + 1], &v) || v < 1 || v > 31)
			continue;
		/* one space, then a name (which may start with spaces) */
		if (t[i + 2].p[t[i + 2].len] == ' ' &&
		    t[i + 2].p[t[i + 2].len + 1] != '\0')
			return (i);
	}
	return (-1);
}

static enum ftp_line_kind
list_unix(const char *line, int64_t now, char **name, struct vfs_stat *st)
{
	struct list_tok t[LIST_TOKENS];
	const char *nm, *arrow;
	uint64_t size, day;
	int n, i;

	if (strlen(line) < 10 || (st->type = list_unix_type(line[0])) ==
	    VFS_NONE || list_perms(line + 1, &st->mode) != 0)
		return (FTP_LINE_BAD);
	n = list_tokens(line, t, LIST_TOKENS);
	if ((i = list_unix_date(t, n)) < 0)
		return (FTP_LINE_BAD);
	list_tok_number(&t[i + 1], &day);
	if (list_unix_time(&t[i + 2], list_month(&t[i]), (int)day, now,
	    &st->mtime) != 0)
		return (FTP_LINE_BAD);
	/* "hh:mm" for recent files, the year alone for the others */
	st->mtime_prec = memchr(t[i + 2].p, ':', t[i + 2].len) != NULL ?
	    VFS_PREC_MINUTE : VFS_PREC_DAY;
	list_tok_number(&t[i - 1], &size);
	/* "perms links owner [group] size": the owner when it is there */
	if (i >= 4)
		snprintf(st->owner, sizeof st->owner, "%.*s",
		    (int)t[2].len, t[2].p);
	/* devices show "major, minor" where files show a size */
	if (st->type == VFS_FILE || st->type == VFS_DIR ||
	    st->type == VFS_LINK) {
		st->size = size;
		st->size_known = 1;
	}
	/* the name: after exactly one space, spaces in it kept */
	nm = t[i + 2].p + t[i + 2].len + 1;
	if (st->type == VFS_LINK) {
		st->is_link = 1;
		st->size_known = 0;
		if ((arrow = strstr(nm, " -> ")) != NULL) {
			*name = xstrndup(nm, (size_t)(arrow - nm));
			return (FTP_LINE_ENTRY);
		}
	}
	*name = xstrdup(nm);
	return (FTP_LINE_ENTRY);
}

/* n digits and a separator; advances *pp.  -1 if not there. */
static long
list_digits(const char **pp, int min, int max)
{
	const char *p = *pp;
	long v = 0;
	int k = 0;

	while (k < max && isdigit((unsigned char)p[k])) {
		v = v * 10 + (p[k] - '0');
		k++;
	}
	if (k < min)
		return (-1);
	*pp = p + k;
	return (v);
}

static const char *
list_skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return (p);
}

/* "MM-DD-YY" or "MM-DD-YYYY" (or with '/'), or "YYYY-MM-DD". */
static int
list_dos_date(const char **pp, int64_t *days)
{
	const char *p = *pp;
	long a, b, c, y, m, d;

	if ((a = list_digits(&p, 2, 4)) < 0 || (*p != '-' && *p != '/'))
		return (-1);
	p++;
	if ((b = list_digits(&p, 2, 2)) < 0 || (*p != '-' && *p != '/'))
		return (-1);
	p++;
	if ((c = list_digits(&p, 2, 4)) < 0 || *p != ' ')
		return (-1);
	if (a >= 1000)
		y = a, m = b, d = c;
	else
		m = a, d = b, y = c < 70 ? 2000 + c : c < 100 ? 1900 + c : c;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return (-1);
	*days = utc_days_from_civil(y, (unsigned)m, (unsigned)d);
	*pp = p;
	return (0);
}

/* "11:14AM", "03:19PM", "23:05" (seconds allowed): seconds of the day,
 * and how precise they are. */
static int
list_dos_time(const char **pp, int64_t *secs, enum vfs_time_prec *prec)
{
	const char *p = *pp;
	long h, mi, s = 0;

	if ((h = list_digits(&p, 1, 2)) < 0 || *p++ != ':' ||
	    (mi = list_digits(&p, 2, 2)) < 0)
		return (-1);
	*prec = VFS_PREC_MINUTE;
	if (*p == ':') {
		p++;
		if ((s = list_digits(&p, 2, 2)) < 0)
			return (-1);
		*prec = VFS_PREC_SECOND;
	}
	if (*p == ' ' && (p[1] == 'A' || p[1] == 'P' || p[1] == 'a' ||
	    p[1] == 'p') && (p[2] == 'M' || p[2] == 'm'))
		p++;
	if ((p[0] == 'A' || p[0] == 'a') && (p[1] == 'M' || p[1] == 'm')) {
		if (h < 1 || h > 12)
			return (-1);
		h = h == 12 ? 0 : h;
		p += 2;
	} else if ((p[0] == 'P' || p[0] == 'p') &&
	    (p[1] == 'M' || p[1] == 'm')) {
		if (h < 1 || h > 12)
			return (-1);
		h = h == 12 ? 12 : h + 12;
		p += 2;
	}
	if (h > 23 || mi > 59 || s > 60 || *p != ' ')
		return (-1);
	*secs = h * 3600 + mi * 60 + s;
	*pp = p;
	return (0);
}

static enum ftp_line_kind
list_dos(const char *line, char **name, struct vfs_stat *st)
{
	const char *p = line;
	int64_t days, secs;
	enum vfs_time_prec prec = VFS_PREC_NONE;
	uint64_t size = 0;

	if (list_dos_date(&p, &days) != 0)
		return (FTP_LINE_BAD);
	p = list_skip_spaces(p);
	if (list_dos_time(&p, &secs, &prec) != 0)
		return (FTP_LINE_BAD);
	p = list_skip_spaces(p);
	if (strncasecmp(p, "<DIR>", 5) == 0) {
		st->type = VFS_DIR;
		p += 5;
	} else {
		if (!isdigit((unsigned char)*p))
			return (FTP_LINE_BAD);
		for (; isdigit((unsigned char)*p) || *p == ','; p++) {
			if (*p == ',')
				continue;
			if (size > (UINT64_MAX - 9) / 10)
				return (FTP_LINE_BAD);
			size = size * 10 + (uint64_t)(*p - '0');
		}
		st->type = VFS_FILE;
		st->size = size;
		st->size_known = 1;
	}
	if (*p != ' ')
		return (FTP_LINE_BAD);
	p = list_skip_spaces(p);
	if (*p == '\0')
		return (FTP_LINE_BAD);
	st->mtime = days * 86400 + secs;
	st->mtime_prec = prec;
	*name = xstrdup(p);
	return (FTP_LINE_ENTRY);
}

/* The decimal (base 10) or octal (8) number of a fact that runs from p to
 * end: digits only (strtoull alone would take a sign or blanks, and "-1"
 * as the largest size), and no overflow.  -1 if it is not one. */
static int
list_fact_number(const char *p, const char *end, int base,
    unsigned long long *v)
{
	char *e;

	if (p == end || !isdigit((unsigned char)*p))
		return (-1);
	errno = 0;
	*v = strtoull(p, &e, base);
	return (e == end && errno == 0 ? 0 : -1);
}

/* EPLF (https://cr.yp.to/ftp/list/eplf.html): "+facts,\tname". */
static enum ftp_line_kind
list_eplf(const char *line, char **name, struct vfs_stat *st)
{
	const char *p = line + 1, *tab, *end;
	unsigned long long v;

	if ((tab = strchr(p, '\t')) == NULL || tab[1] == '\0')
		return (FTP_LINE_BAD);
	st->type = VFS_NONE;
	while (p < tab) {
		end = memchr(p, ',', (size_t)(tab - p));
		if (end == NULL)
			end = tab;
		switch (*p) {
		case 'r':
			if (st->type == VFS_NONE)
				st->type = VFS_FILE;
			break;
		case '/':
			st->type = VFS_DIR;
			break;
		case 's':
			if (list_fact_number(p + 1, end, 10, &v) != 0)
				return (FTP_LINE_BAD);
			st->size = v;
			st->size_known = 1;
			break;
		case 'm':
			if (list_fact_number(p + 1, end, 10, &v) != 0 ||
			    v > INT64_MAX)
				return (FTP_LINE_BAD);
			st->mtime = (int64_t)v;
			st->mtime_prec = VFS_PREC_SECOND;
			break;
		case 'u':
			if (p[1] == 'p') {
				if (list_fact_number(p + 2, end, 8, &v) != 0)
					return (FTP_LINE_BAD);
				st->mode = (uint32_t)(v & 07777);
			}
			break;
		default:	/* i (identity) and unknown facts */
			break;
		}
		p = end + 1;
	}
	if (st->type == VFS_NONE)
		st->type = VFS_OTHER;	/* neither retrievable nor a dir */
	*name = xstrdup(tab + 1);
	return (FTP_LINE_ENTRY);
}

enum ftp_line_kind
ftp_list_line(const char *line, int64_t now, char **name,
    struct vfs_stat *st)
{
	enum ftp_line_kind k;
	const char *p;

	*name = NULL;
	list_stat_clear(st);
	p = list_skip_spaces(line);
	if (*p == '\0' || (strncasecmp(p, "total ", 6) == 0 &&
	    isdigit((unsigned char)p[6])))
		return (FTP_LINE_SKIP);
	if (line[0] == '+')
		k = list_eplf(line, name, st);
	else if (isdigit((unsigned char)line[0]))
		k = list_dos(line, name, st);
	else
		k = list_unix(line, now, name, st);
	if (k != FTP_LINE_ENTRY) {
		list_stat_clear(st);
		return (k);
	}
	if (**name == '\0' || strcmp(*name, ".") == 0 ||
	    strcmp(*name, "..") == 0) {
		k = **name == '\0' ? FTP_LINE_BAD : FTP_LINE_SKIP;
		free(*name);
		*name = NULL;
		list_stat_clear(st);
	}
	return (k);
}

/* The value of an MLSx "type" fact. */
static enum ftp_line_kind
mlsx_type(const char *v, size_t len, struct vfs_stat *st)
{
	if (len == 4 && strncasecmp(v, "file", 4) == 0)
		st->type = VFS_FILE;
	else if (len == 3 && strncasecmp(v, "dir", 3) == 0)
		st->type = VFS_DIR;
	else if ((len == 4 && strncasecmp(v, "cdir", 4) == 0) ||
	    (len == 4 && strncasecmp(v, "pdir", 4) == 0))
		return (FTP_LINE_SKIP);
	else if ((len == 15 && strncasecmp(v, "OS.unix=symlink", 15) == 0) ||
	    (len >= 13 && strncasecmp(v, "OS.unix=slink", 13) == 0)) {
		st->type = VFS_LINK;
		st->is_link = 1;
	} else
		st->type = VFS_OTHER;
	return (FTP_LINE_ENTRY);
}

/* One "name=value" fact of an MLSx line. */
static enum ftp_line_kind
mlsx_fact(const char *f, size_t len, struct vfs_stat *st)
{
	const char *eq, *v;
	char num[32];
	size_t nlen, vlen;
	unsigned long long m;

	if ((eq = memchr(f, '=', len)) == NULL)
		return (FTP_LINE_BAD);
	nlen = (size_t)(eq - f);
	v = eq + 1;
	vlen = len - nlen - 1;
	if (nlen == 4 && strncasecmp(f, "type", 4) == 0)
		return (mlsx_type(v, vlen, st));
	if (vlen == 0 || vlen >= sizeof num)
		return (FTP_LINE_ENTRY);	/* not one we read */
	memcpy(num, v, vlen);
	num[vlen] = '\0';
	if ((nlen == 4 && strncasecmp(f, "size", 4) == 0) ||
	    (nlen == 4 && strncasecmp(f, "sizd", 4) == 0)) {
		if (ftp_parse_size(num, &st->size) != 0 || num[0] == ' ')
			return (FTP_LINE_BAD);
		st->size_known = 1;
	} else if (nlen == 6 && strncasecmp(f, "modify", 6) == 0) {
		if (ftp_parse_time(num, &st->mtime) != 0)
			return (FTP_LINE_BAD);
		st->mtime_prec = VFS_PREC_SECOND;
	} else if (nlen == 9 && strncasecmp(f, "UNIX.mode", 9) == 0) {
		if (list_fact_number(num, num + vlen, 8, &m) != 0)
			return (FTP_LINE_BAD);
		st->mode = (uint32_t)(m & 07777);
	}
	return (FTP_LINE_ENTRY);
}

/* RFC 3659 7.2: "fact=value;fact=value; name" (the facts may be none). */
enum ftp_line_kind
ftp_mlsx_line(const char *line, char **name, struct vfs_stat *st)
{
	enum ftp_line_kind k = FTP_LINE_ENTRY, fk;
	const char *p = line, *sp, *semi;
	int has_type = 0;

	*name = NULL;
	list_stat_clear(st);
	if (*p == '\0')
		return (FTP_LINE_SKIP);
	if (*p == ' ' && strchr(p + 1, ' ') != NULL && strchr(p + 1, '=') !=
	    NULL && strchr(p + 1, '=') < strchr(p + 1, ' '))
		p++;		/* an MLST reply's line: " facts name" */
	if ((sp = strchr(p, ' ')) == NULL || sp[1] == '\0')
		return (FTP_LINE_BAD);
	while (p < sp) {
		if ((semi = memchr(p, ';', (size_t)(sp - p))) == NULL)
			return (FTP_LINE_BAD);	/* facts end with ';' */
		if (semi - p > 4 && strncasecmp(p, "type=", 5) == 0) {
			if (has_type) {
				/* two types: which is it? */
				list_stat_clear(st);
				return (FTP_LINE_BAD);
			}
			has_type = 1;
		}
		fk = mlsx_fact(p, (size_t)(semi - p), st);
		if (fk == FTP_LINE_BAD) {
			list_stat_clear(st);
			return (fk);
		}
		if (fk == FTP_LINE_SKIP)
			k = fk;
		p = semi + 1;
	}
	if (!has_type || k == FTP_LINE_SKIP || strcmp(sp + 1, ".") == 0 ||
	    strcmp(sp + 1, "..") == 0) {
		list_stat_clear(st);
		return (has_type ? FTP_LINE_SKIP : FTP_LINE_BAD);
	}
	if (st->type == VFS_LINK)
		st->size_known = 0;
	*name = xstrdup(sp + 1);
	return (FTP_LINE_ENTRY);
}

size_t
ftp_list_parse(const char *text, size_t len, int mlsd, int64_t now,
    struct vfs_list *out, char **bad)
{
	const char *p = text, *nl, *end = text + len;
	struct vfs_stat st;
	enum ftp_line_kind k;
	size_t n, nbad = 0;
	char *line, *name;

	*bad = NULL;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL ? nl : end) - p;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		line = xstrndup(p, n);
		if (memchr(p, '\0', n) != NULL)
			k = FTP_LINE_BAD;	/* no NUL in a name */
		else if (mlsd)
			k = ftp_mlsx_line(line, &name, &st);
		else
			k = ftp_list_line(line, now, &name, &st);
		if (k == FTP_LINE_ENTRY) {
			vfs_list_add(out, name, &st);
			free(name);
		} else if (k == FTP_LINE_BAD && nbad++ == 0)
			*bad = xstrdup(line);
		free(line);
		p = nl != NULL ? nl + 1 : end;
	}
	return (nbad);
}
