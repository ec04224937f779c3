/* ferry: fuzz target for the display sanitizer fmt_safe_name
 * (src/util/fmt.c), and the size parser beside it.
 *
 * The input is a name from a server.  What fmt_safe_name makes of it must
 * be safe for a terminal (valid UTF-8, no C0 or C1 control, DEL, line or
 * paragraph separator, bidirectional control) and must say exactly what
 * the name was: undoing its "\\" and "\xNN" gives the name back.
 */
#include "config.h"

#include "fuzz.h"
#include "util/fmt.h"

/* One UTF-8 sequence at s, checked independently of fmt.c: its length,
 * and its code point in *cp; 0 if it is not valid UTF-8. */
static size_t
fuzz_utf8(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;

	if (s[0] < 0x80)
		n = 1, *cp = s[0];
	else if ((s[0] & 0xe0) == 0xc0)
		n = 2, *cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, *cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, *cp = s[0] & 0x07;
	else
		return (0);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && *cp < 0x10000) || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return (0);
	return (n);
}

static int
fuzz_terminal_safe(uint32_t cp)
{
	return (cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f) &&
	    cp != 0x2028 && cp != 0x2029 && !(cp >= 0x202a && cp <= 0x202e) &&
	    !(cp >= 0x2066 && cp <= 0x2069));
}

static int
fuzz_hex(int c)
{
	return (c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : -1);
}

static void
fuzz_safe_name(const char *name)
{
	char *safe, *back, *o;
	const unsigned char *p;
	size_t k;
	uint32_t cp;

	safe = fmt_safe_name(name);
	for (p = (const unsigned char *)safe; *p != '\0'; p += k) {
		fuzz_check((k = fuzz_utf8(p, &cp)) != 0);
		fuzz_check(fuzz_terminal_safe(cp));
	}
	/* Undo the escapes: the name again. */
	o = back = xmalloc(strlen(safe) + 1);
	for (p = (const unsigned char *)safe; *p != '\0'; p++) {
		if (*p != '\\') {
			*o++ = (char)*p;
			continue;
		}
		if (p[1] == '\\') {
			*o++ = '\\';
			p++;
			continue;
		}
		fuzz_check(p[1] == 'x' && fuzz_hex(p[2]) >= 0 &&
		    fuzz_hex(p[3]) >= 0);
		*o++ = (char)(fuzz_hex(p[2]) << 4 | fuzz_hex(p[3]));
		p += 3;
	}
	*o = '\0';
	fuzz_check(strcmp(back, name) == 0);
	free(back);
	free(safe);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = fuzz_string(data, size), buf[64];
	uint64_t v;

	fuzz_safe_name(name);
	if (fmt_parse_size(name, &v) == 0) {
		fmt_size(v, buf, sizeof buf);
		fmt_bytes(v, buf, sizeof buf);
	} else
		fuzz_check(v == 0);
	free(name);
	return (0);
}
