/* ferry: the INI-like text of the sites and queue files (see ini.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf/ini.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static int
ini_is_blank(int c)
{
	return (c == ' ' || c == '\t');
}

static int
ini_is_key_char(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-');
}

/* Unescape len bytes of s into a new string in *out (see ini.h). */
static int
ini_unescape(const char *s, size_t len, char **out, char **cause)
{
	char	*d;
	size_t	 i, n = 0;
	int	 hi, lo;

	*out = NULL;
	d = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] != '\\') {
			d[n++] = s[i];
			continue;
		}
		if (++i == len)
			goto bad;
		switch (s[i]) {
		case '\\':
			d[n++] = '\\';
			break;
		case 'n':
			d[n++] = '\n';
			break;
		case 't':
			d[n++] = '\t';
			break;
		case 'r':
			d[n++] = '\r';
			break;
		case 'x':
			hi = i + 1 < len ? fmt_hex_digit((unsigned char)s[i + 1])
			    : -1;
			lo = i + 2 < len ? fmt_hex_digit((unsigned char)s[i + 2])
			    : -1;
			if (hi == -1 || lo == -1 || (hi == 0 && lo == 0))
				goto bad;
			d[n++] = (char)(hi << 4 | lo);
			i += 2;
			break;
		default:
			goto bad;
		}
	}
	d[n] = '\0';
	*out = d;
	return (0);
bad:
	free(d);
	return (ferr_set(cause, FERR_USAGE, _("invalid backslash escape "
	    "(expected \\\\, \\n, \\t, \\r or \\x and two hexadecimal "
	    "digits)")));
}

/* Parse one line, trimmed to [s, s + len), that is not blank or a
 * comment. */
static int
ini_parse_one(const char *s, size_t len, struct ini_line *l, char **cause)
{
	const char	*eq, *close, *v;
	size_t		 klen, i;

	if (*s == '[') {
		for (close = s + len - 1; close > s && *close != ']'; close--)
			;
		if (close == s || close != s + len - 1)
			return (ferr_set(cause, FERR_USAGE, _("a section "
			    "name must end with \"]\"")));
		for (s++; s < close && ini_is_blank(*s); s++)
			;
		while (close > s && ini_is_blank(close[-1]))
			close--;
		l->kind = INI_SECTION;
		return (ini_unescape(s, (size_t)(close - s), &l->name, cause));
	}
	if ((eq = memchr(s, '=', len)) == NULL)
		return (ferr_set(cause, FERR_USAGE, _("expected \"[name]\" "
		    "or \"key = value\"")));
	for (klen = (size_t)(eq - s); klen > 0 && ini_is_blank(s[klen - 1]);
	    klen--)
		;
	for (i = 0; i < klen; i++) {
		if (!ini_is_key_char((unsigned char)s[i]))
			break;
	}
	if (klen == 0 || i != klen)
		return (ferr_set(cause, FERR_USAGE, _("invalid key before "
		    "\"=\" (letters, digits, \"_\" and \"-\" only)")));
	for (v = eq + 1; v < s + len && ini_is_blank(*v); v++)
		;
	l->kind = INI_PAIR;
	l->name = xstrndup(s, klen);
	return (ini_unescape(v, (size_t)(s + len - v), &l->value, cause));
}

/* Prefix *cause with "WHAT line N: ". */
static int
ini_where(int error, const char *what, unsigned long number, char **cause)
{
	char	*reason;

	if (cause == NULL)
		return (error);
	reason = *cause;
	*cause = NULL;
	ferr_set(cause, error, _("%s line %lu: %s"), what, number,
	    reason != NULL ? reason : _("invalid"));
	free(reason);
	return (error);
}

int
ini_parse(const char *text, size_t len, size_t line_max, const char *what,
    int (*fn)(struct ini_line *, void *, char **), void *arg,
    char **cause)
{
	struct ini_line	 l;
	const char	*p = text, *end = text + len, *nl, *s, *e;
	int		 error = 0;

	memset(&l, 0, sizeof l);
	while (p < end && error == 0) {
		l.number++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		s = p;
		e = nl;
		p = nl + 1;
		if ((size_t)(e - s) > line_max)
			error = ferr_set(cause, FERR_USAGE,
			    _("line too long (more than %zu bytes)"), line_max);
		else if (memchr(s, '\0', (size_t)(e - s)) != NULL)
			error = ferr_set(cause, FERR_USAGE,
			    _("NUL byte (not a text file)"));
		if (error != 0)
			break;
		while (s < e && ini_is_blank(*s))
			s++;
		while (e > s && (ini_is_blank(e[-1]) || e[-1] == '\r'))
			e--;
		if (s == e || *s == '#' || *s == ';')
			continue;
		if ((error = ini_parse_one(s, (size_t)(e - s), &l, cause)) == 0)
			error = fn(&l, arg, cause);
		free(l.name);
		free(l.value);
		l.name = l.value = NULL;
	}
	if (error == 0) {
		l.kind = INI_END;
		error = fn(&l, arg, cause);
	}
	if (error != 0)
		return (ini_where(error, what, l.number, cause));
	return (0);
}

void
ini_add(struct ini_buf *b, const char *text)
{
	size_t	len = strlen(text);

	if (b->len + len + 1 > b->size) {
		b->size = (b->len + len + 1) * 2;
		b->p = xreallocarray(b->p, b->size, 1);
	}
	memcpy(b->p + b->len, text, len + 1);
	b->len += len;
}

/* s escaped (see ini.h), appended to b. */
static void
ini_add_escaped(struct ini_buf *b, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s;
	char			 esc[5];
	size_t			 n = strlen(s);

	for (; *p != '\0'; p++) {
		if (*p == '\\')
			ini_add(b, "\\\\");
		else if (*p < 0x20 || *p == 0x7f ||
		    (ini_is_blank(*p) && (p == (const unsigned char *)s ||
		    p == (const unsigned char *)s + n - 1))) {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[*p >> 4];
			esc[3] = hex[*p & 0xf];
			esc[4] = '\0';
			ini_add(b, esc);
		} else {
			esc[0] = (char)*p;
			esc[1] = '\0';
			ini_add(b, esc);
		}
	}
}

void
ini_add_section(struct ini_buf *b, const char *name)
{
	if (b->len > 0)
		ini_add(b, "\n");
	ini_add(b, "[");
	ini_add_escaped(b, name);
	ini_add(b, "]\n");
}

void
ini_add_pair(struct ini_buf *b, const char *key, const char *value)
{
	ini_add(b, key);
	ini_add(b, " = ");
	ini_add_escaped(b, value);
	ini_add(b, "\n");
}
