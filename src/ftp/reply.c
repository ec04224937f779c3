/* ferry: FTP reply framing and the parsers of reply text (see reply.h). */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ftp/reply.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/utc.h"
#include "util/xmalloc.h"

#define FTP_BRIEF_MAX	200

void
ftp_framer_init(struct ftp_framer *f)
{
	f->len = 0;
	f->scanned = 0;
	f->code = 0;
}

int
ftp_framer_feed(struct ftp_framer *f, const void *data, size_t len,
    char **cause)
{
	if (len > sizeof f->buf - f->len)
		return (ferr_set(cause, FERR_IO, _("the server's reply is "
		    "longer than %u bytes"), (unsigned)FTP_REPLY_MAX));
	memcpy(f->buf + f->len, data, len);
	f->len += len;
	return (0);
}

/* The code a line starts with ("123 " or "123-" or "123" alone), 0 if
 * none; *sep gets the character after the digits ('\0' at the end). */
static int
ftp_line_code(const char *line, size_t len, char *sep)
{
	int code;

	if (len < 3 || !isdigit((unsigned char)line[0]) ||
	    !isdigit((unsigned char)line[1]) ||
	    !isdigit((unsigned char)line[2]))
		return (0);
	*sep = len > 3 ? line[3] : '\0';
	if (*sep != ' ' && *sep != '-' && *sep != '\0')
		return (0);
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	return (code >= 100 && code < 600 ? code : 0);
}

/* The text of the reply held in buf[0, end): lines joined by '\n', CRs
 * dropped, the code taken off the first and the last line (and off the
 * lines between that repeat it with a '-'). */
static char *
ftp_framer_text(const char *buf, size_t end)
{
	char *text = xmalloc(end + 1), *o = text;
	const char *p = buf, *nl, *lim = buf + end;
	size_t n;
	int first = 1;

	while (p < lim) {
		nl = memchr(p, '\n', (size_t)(lim - p));
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (first || nl + 1 == lim ||
		    (n >= 4 && memcmp(p, buf, 3) == 0 && p[3] == '-')) {
			/* "123-" or "123 " (or a bare "123") goes, and
			 * "123-" on the lines between */
			p += n >= 4 ? 4 : n;
			n -= n >= 4 ? 4 : n;
		}
		if (!first)
			*o++ = '\n';
		/* a NUL from the server would cut the text short */
		while (n-- > 0) {
			*o++ = *p != '\0' ? *p : ' ';
			p++;
		}
		first = 0;
		p = nl + 1;
	}
	*o = '\0';
	return (text);
}

/*
 * Look at the whole lines not yet looked at.  The first line must start
 * with a code; a multi-line reply ends with a line that starts with the
 * same code and a space (RFC 959 4.2), anything else in between is text.
 */
int
ftp_framer_next(struct ftp_framer *f, struct ftp_reply *out, char **cause)
{
	const char *line, *nl;
	size_t llen, end;
	char sep;
	int code;

	out->code = 0;
	out->text = NULL;
	for (;;) {
		line = f->buf + f->scanned;
		nl = memchr(line, '\n', f->len - f->scanned);
		if (nl == NULL) {
			if (f->len == sizeof f->buf)
				return (ferr_set(cause, FERR_IO, _("the "
				    "server's reply is longer than %u bytes"),
				    (unsigned)FTP_REPLY_MAX));
			return (0);
		}
		llen = (size_t)(nl - line);
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		f->scanned = (size_t)(nl - f->buf) + 1;
		code = ftp_line_code(line, llen, &sep);
		if (f->code == 0) {
			if (code == 0)
				return (ferr_set(cause, FERR_IO, _("the server "
				    "sent a line that is not a reply")));
			f->code = code;
			if (sep == '-')
				continue;
		} else if (code != f->code || sep == '-')
			continue;
		break;
	}
	end = f->scanned;
	out->code = f->code;
	out->text = ftp_framer_text(f->buf, end);
	memmove(f->buf, f->buf + end, f->len - end);
	f->len -= end;
	f->scanned = 0;
	f->code = 0;
	return (1);
}

void
ftp_reply_free(struct ftp_reply *r)
{
	free(r->text);
	r->text = NULL;
	r->code = 0;
}

char *
ftp_reply_brief(const struct ftp_reply *r)
{
	char line[FTP_BRIEF_MAX + 1];
	size_t n;

	if (r->text == NULL)
		return (xstrdup(""));
	n = strcspn(r->text, "\n");
	if (n > FTP_BRIEF_MAX)
		n = FTP_BRIEF_MAX;
	memcpy(line, r->text, n);
	line[n] = '\0';
	return (fmt_safe_name(line));
}

/* A decimal number of at most max, at *pp; advances *pp.  -1 if none. */
static long
ftp_number(const char **pp, long max)
{
	const char *p = *pp;
	long v = 0;

	if (!isdigit((unsigned char)*p))
		return (-1);
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		if (v > max)
			return (-1);
	}
	*pp = p;
	return (v);
}

/* Six numbers "a,b,c,d,e,f" at p; the last two are the port. */
static int
ftp_parse_six(const char *p, unsigned *port)
{
	long v[6];
	int i;

	for (i = 0; i < 6; i++) {
		if (i > 0) {
			while (*p == ' ')
				p++;
			if (*p++ != ',')
				return (FERR_IO);
			while (*p == ' ')
				p++;
		}
		if ((v[i] = ftp_number(&p, 255)) < 0)
			return (FERR_IO);
	}
	/* exactly six: a seventh number makes it something else */
	while (*p == ' ')
		p++;
	if (*p == ',') {
		for (p++; *p == ' '; p++)
			;
		if (isdigit((unsigned char)*p))
			return (FERR_IO);
	}
	*port = (unsigned)(v[4] * 256 + v[5]);
	return (*port != 0 ? 0 : FERR_IO);
}

/* Whether the number at p follows another one ("4," or "4 , " before). */
static int
ftp_follows_number(const char *text, const char *p)
{
	while (p > text && p[-1] == ' ')
		p--;
	if (p == text || p[-1] != ',')
		return (0);
	for (p--; p > text && p[-1] == ' '; p--)
		;
	return (p > text && isdigit((unsigned char)p[-1]));
}

/* RFC 959 does not fix where the numbers are: the first place in the
 * text where six of them, and no more, follow each other. */
int
ftp_parse_227(const char *text, unsigned *port)
{
	const char *p;

	*port = 0;
	for (p = text; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) ||
		    (p > text && isdigit((unsigned char)p[-1])) ||
		    ftp_follows_number(text, p))
			continue;
		if (ftp_parse_six(p, port) == 0)
			return (0);
		*port = 0;
	}
	return (FERR_IO);
}

/* RFC 2428: "(<d><d><d><port><d>)", d any printable but a digit. */
int
ftp_parse_229(const char *text, unsigned *port)
{
	const char *p;
	char d;
	long v;

	*port = 0;
	if ((p = strchr(text, '(')) == NULL)
		return (FERR_IO);
	d = p[1];
	if (d < 33 || d > 126 || isdigit((unsigned char)d) || p[2] != d ||
	    p[3] != d)
		return (FERR_IO);
	p += 4;
	if ((v = ftp_number(&p, 65535)) <= 0 || p[0] != d || p[1] != ')')
		return (FERR_IO);
	*port = (unsigned)v;
	return (0);
}

/* RFC 959 appendix II: the name is quoted, quotes in it doubled. */
int
ftp_parse_257(const char *text, char **path)
{
	const char *p;
	char *o;

	*path = NULL;
	if ((p = strchr(text, '"')) == NULL)
		return (FERR_IO);
	o = *path = xmalloc(strlen(p));
	for (p++; *p != '\0'; p++) {
		if (*p == '"' && p[1] == '"')
			*o++ = *p++;
		else if (*p == '"')
			break;
		else if (*p == '\n')
			break;
		else
			*o++ = *p;
	}
	*o = '\0';
	if (*p != '"') {
		free(*path);
		*path = NULL;
		return (FERR_IO);
	}
	return (0);
}

int
ftp_parse_size(const char *text, uint64_t *size)
{
	const char *p = text;
	uint64_t v = 0;

	*size = 0;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return (FERR_IO);
	for (; isdigit((unsigned char)*p); p++) {
		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 &&
		    (uint64_t)(*p - '0') > UINT64_MAX % 10))
			return (FERR_IO);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p != '\0' && *p != ' ' && *p != '\r' && *p != '\n')
		return (FERR_IO);
	*size = v;
	return (0);
}

/* n digits at p as a number; -1 if they are not all digits. */
static long
ftp_digits(const char *p, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return (-1);
		v = v * 10 + (p[i] - '0');
	}
	return (v);
}

int
ftp_parse_time(const char *text, int64_t *t)
{
	const char *p = text;
	long y, mo, d, h, mi, s;

	*t = 0;
	while (*p == ' ')
		p++;
	if (strspn(p, "0123456789") < 14)
		return (FERR_IO);
	y = ftp_digits(p, 4);
	mo = ftp_digits(p + 4, 2);
	d = ftp_digits(p + 6, 2);
	h = ftp_digits(p + 8, 2);
	mi = ftp_digits(p + 10, 2);
	s = ftp_digits(p + 12, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return (FERR_IO);
	p += 14;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if (*p != '\0' && *p != ' ' && *p != ';' && *p != '\r' && *p != '\n')
		return (FERR_IO);
	*t = utc_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + s;
	return (0);
}

/* The feature names of a FEAT reply, each on its own line after a space;
 * the first word decides, except for REST and AUTH, which need their
 * argument. */
static const struct {
	const char	*line;
	size_t		 len;		/* 0: the whole word */
	unsigned	 bit;
} ftp_feats[] = {
	{ "MLST", 0, FTP_FEAT_MLST },
	{ "SIZE", 0, FTP_FEAT_SIZE },
	{ "MDTM", 0, FTP_FEAT_MDTM },
	{ "REST STREAM", 11, FTP_FEAT_REST },
	{ "EPSV", 0, FTP_FEAT_EPSV },
	{ "EPRT", 0, FTP_FEAT_EPRT },
	{ "UTF8", 0, FTP_FEAT_UTF8 },
	{ "AUTH", 0, 0 },		/* see ftp_feat_auth */
	{ "PBSZ", 0, FTP_FEAT_PBSZ },
	{ "PROT", 0, FTP_FEAT_PROT },
	{ "MFMT", 0, FTP_FEAT_MFMT },
	{ "RANG STREAM", 11, FTP_FEAT_RANG },
	{ "XSHA256", 0, FTP_FEAT_XSHA256 },
	{ "XSHA1", 0, FTP_FEAT_XSHA1 },
	{ "XMD5", 0, FTP_FEAT_XMD5 },
};

/* "AUTH TLS", "AUTH SSL;TLS", "AUTH TLS-C;TLS". */
static unsigned
ftp_feat_auth(const char *args, size_t len)
{
	const char *p = args, *end = args + len;
	size_t n;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == ';' || *p == ','))
			p++;
		for (n = 0; p + n < end && p[n] != ' ' && p[n] != ';' &&
		    p[n] != ','; n++)
			;
		if ((n == 3 && strncasecmp(p, "TLS", 3) == 0) ||
		    (n == 5 && strncasecmp(p, "TLS-C", 5) == 0))
			return (FTP_FEAT_AUTH_TLS);
		p += n;
	}
	return (0);
}

static unsigned
ftp_feat_line(const char *p, size_t len)
{
	size_t i, w;

	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	for (w = 0; w < len && p[w] != ' '; w++)
		;
	if (w == 4 && strncasecmp(p, "AUTH", 4) == 0)
		return (ftp_feat_auth(p + 4, len - 4));
	for (i = 0; i < sizeof ftp_feats / sizeof ftp_feats[0]; i++) {
		if (ftp_feats[i].len != 0) {
			if (len >= ftp_feats[i].len && strncasecmp(p,
			    ftp_feats[i].line, ftp_feats[i].len) == 0)
				return (ftp_feats[i].bit);
		} else if (w == strlen(ftp_feats[i].line) &&
		    strncasecmp(p, ftp_feats[i].line, w) == 0)
			return (ftp_feats[i].bit);
	}
	return (0);
}

const char *
ftp_text_line(const char **p, size_t *n)
{
	const char *line = *p, *nl;

	if (*line == '\0')
		return (NULL);
	nl = strchr(line, '\n');
	*n = nl != NULL ? (size_t)(nl - line) : strlen(line);
	*p = line + *n + (nl != NULL);
	return (line);
}

unsigned
ftp_parse_feat(const char *text)
{
	const char *p = text, *line;
	unsigned feats = 0;
	size_t n;

	/* The first line is "Features:" or similar and the last "End";
	 * feature lines start with a space (RFC 2389), but some servers
	 * forget it, so every line is looked at. */
	while ((line = ftp_text_line(&p, &n)) != NULL)
		feats |= ftp_feat_line(line, n);
	return (feats);
}

int
ftp_format_port(const struct sockaddr *sa, int extended, char *buf,
    size_t len)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
	char host[INET6_ADDRSTRLEN];
	const unsigned char *a;
	unsigned port;
	int n;

	if (sa->sa_family == AF_INET) {
		port = ntohs(sin->sin_port);
		if (extended) {
			inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
			n = snprintf(buf, len, "|1|%s|%u|", host, port);
		} else {
			a = (const unsigned char *)&sin->sin_addr;
			n = snprintf(buf, len, "%u,%u,%u,%u,%u,%u", a[0], a[1],
			    a[2], a[3], port >> 8, port & 0xff);
		}
	} else if (sa->sa_family == AF_INET6 && extended) {
		port = ntohs(sin6->sin6_port);
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		n = snprintf(buf, len, "|2|%s|%u|", host, port);
	} else
		return (FERR_UNSUPPORTED);
	return (n > 0 && (size_t)n < len ? 0 : FERR_IO);
}
