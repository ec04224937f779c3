/* ferry: display-width helpers (see text.h). */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include <curses.h>

#include "util/xmalloc.h"
#include "text.h"

/* The converter that goes on after an invalid byte (mbstowcs gives up on
 * the whole string): the byte is written "\xNN".  Returns the characters
 * written. */
static size_t
text_widen_slow(const char *s, wchar_t *ws)
{
	static const wchar_t	hex[] = L"0123456789abcdef";
	mbstate_t		st;
	size_t			k, n = 0;
	unsigned char		b;

	memset(&st, 0, sizeof st);
	while (*s != '\0') {
		k = mbrtowc(&ws[n], s, strlen(s), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			b = (unsigned char)*s;
			ws[n++] = L'\\';
			ws[n++] = L'x';
			ws[n++] = hex[b >> 4];
			ws[n] = hex[b & 0xf];
			k = 1;
		}
		n++;
		s += k;
	}
	ws[n] = L'\0';
	return (n);
}

wchar_t *
text_widen(const char *s)
{
	size_t	 len = strlen(s), i;
	wchar_t	*ws;

	/* A byte never gives more than four wide characters ("\xNN"). */
	ws = xcalloc(4 * len + 1, sizeof *ws);
	if (mbstowcs(ws, s, len + 1) == (size_t)-1)
		text_widen_slow(s, ws);
	for (i = 0; ws[i] != L'\0'; i++) {
		if (wcwidth(ws[i]) < 0)
			ws[i] = L'?';
	}
	return (ws);
}

int
text_wwidth(const wchar_t *ws)
{
	int	w = 0, cw;

	for (; *ws != L'\0'; ws++) {
		if ((cw = wcwidth(*ws)) > 0)
			w += cw;
	}
	return (w);
}

int
text_width(const char *s)
{
	wchar_t	*ws = text_widen(s);
	int	 w = text_wwidth(ws);

	free(ws);
	return (w);
}

/* The first characters of ws that fit in width columns: how many. */
static size_t
text_prefix(const wchar_t *ws, int width, int *used)
{
	size_t	n = 0;
	int	w = 0, cw;

	for (; ws[n] != L'\0'; n++) {
		cw = wcwidth(ws[n]);
		if (cw < 0)
			cw = 0;
		if (w + cw > width)
			break;
		w += cw;
	}
	*used = w;
	return (n);
}

/* Where the last characters of ws that fit in width columns start. */
static size_t
text_suffix(const wchar_t *ws, int width, int *used)
{
	size_t	n = wcslen(ws);
	int	w = 0, cw;

	while (n > 0) {
		cw = wcwidth(ws[n - 1]);
		if (cw < 0)
			cw = 0;
		if (w + cw > width)
			break;
		w += cw;
		n--;
	}
	/* Combining marks never start a string. */
	while (ws[n] != L'\0' && wcwidth(ws[n]) == 0)
		n++;
	*used = w;
	return (n);
}

/* Copy n characters of src into out, then pad with spaces. */
static wchar_t *
text_pad(wchar_t *out, const wchar_t *src, size_t n, int spaces)
{
	wmemcpy(out, src, n);
	out += n;
	while (spaces-- > 0)
		*out++ = L' ';
	*out = L'\0';
	return (out);
}

/* Columns the end of ws from its last '.' takes (0 if none, or if the
 * only '.' starts it: ".profile" has no extension). */
static int
text_extension_width(const wchar_t *ws)
{
	const wchar_t	*dot = wcsrchr(ws, L'.');

	if (dot == NULL || dot == ws)
		return (0);
	return (text_wwidth(dot));
}

/* ws (wider than width columns) with its middle replaced by a mark, into
 * out, padded to width columns. */
static void
text_cut_middle(wchar_t *out, const wchar_t *ws, int width)
{
	wchar_t	mark = text_utf8() ? L'\u2026' : L'~';
	size_t	n, start;
	int	avail = width - 1, tail = avail / 2, ext, head_used, tail_used;

	/* Keep the extension whole if the start still gets a column. */
	ext = text_extension_width(ws);
	if (ext > tail && ext < avail)
		tail = ext;
	n = text_prefix(ws, avail - tail, &head_used);
	start = text_suffix(ws, avail - head_used, &tail_used);
	if (start < n)
		start = n;	/* cannot happen for a text too wide */
	out = text_pad(out, ws, n, 0);
	*out++ = mark;
	text_pad(out, ws + start, wcslen(ws + start),
	    avail - head_used - tail_used);
}

wchar_t *
text_fit(const char *s, int width, enum text_align how)
{
	wchar_t	*ws, *out;
	size_t	 n, start;
	int	 total, used;

	if (width < 0)
		width = 0;
	ws = text_widen(s);
	total = text_wwidth(ws);
	out = xcalloc(wcslen(ws) + (size_t)width + 2, sizeof *out);
	if (total <= width) {
		if (how == TEXT_RIGHT) {
			text_pad(out, L"", 0, width - total);
			text_pad(out + (width - total), ws, wcslen(ws), 0);
		} else
			text_pad(out, ws, wcslen(ws), width - total);
	} else if (width == 0)
		out[0] = L'\0';
	else if (how == TEXT_CUT_MIDDLE)
		text_cut_middle(out, ws, width);
	else if (how == TEXT_KEEP_END) {
		/* Not '~' where it can be helped: "~ads/isos" would read as
		 * a home directory. */
		start = text_suffix(ws, width - 1, &used);
		out[0] = text_utf8() ? L'\u2026' : L'~';
		text_pad(out + 1, ws + start, wcslen(ws + start),
		    width - 1 - used);
	} else {
		n = text_prefix(ws, width - 1, &used);
		text_pad(out, ws, n, 0);
		out[n] = L'~';
		text_pad(out + n + 1, L"", 0, width - 1 - used);
	}
	free(ws);
	return (out);
}

void
text_draw(int y, int x, const char *s, int width, enum text_align how)
{
	wchar_t	*ws;

	if (width <= 0)
		return;
	ws = text_fit(s, width, how);
	mvaddnwstr(y, x, ws, -1);
	free(ws);
}

const char *
text_partial_mark(void)
{
	return (text_utf8() ? "\u25d0" : "%");
}

int
text_utf8(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* head whole, then the mark, then as much of the end of rest as fits:
 * exactly width columns, or NULL when head, the mark and a column of rest
 * do not fit. */
static wchar_t *
text_fit_after_head(const char *head, const char *rest, int width)
{
	wchar_t	*wh = text_widen(head), *wr = text_widen(rest), *out, *p;
	wchar_t	 mark = text_utf8() ? L'\u2026' : L'~';
	int	 hw = text_wwidth(wh), used;
	size_t	 start;

	if (hw + 2 > width) {
		free(wh);
		free(wr);
		return (NULL);
	}
	start = text_suffix(wr, width - hw - 1, &used);
	out = xcalloc(wcslen(wh) + wcslen(wr) + (size_t)width + 2,
	    sizeof *out);
	p = text_pad(out, wh, wcslen(wh), 0);
	*p++ = mark;
	text_pad(p, wr + start, wcslen(wr + start), width - hw - 1 - used);
	free(wh);
	free(wr);
	return (out);
}

/* Where the parts of a URL "scheme://user@host:port/path" are: the end of
 * the authority (the start of the path), the host's start and end.  0 if s
 * is no such URL. */
static int
text_url_parts(const char *s, size_t *path, size_t *host, size_t *hend)
{
	const char	*sep = strstr(s, "://"), *a, *e, *at, *c;

	if (sep == NULL || sep == s)
		return (0);
	a = sep + 3;
	e = a + strcspn(a, "/");
	for (at = NULL, c = a; c < e; c++)
		if (*c == '@')
			at = c;
	if (at != NULL)
		a = at + 1;
	if (*a == '[') {			/* [v6]:port */
		for (c = a; c < e && *c != ']'; c++)
			;
		if (c < e)
			c++;
	} else
		for (c = a; c < e && *c != ':'; c++)
			;
	if (c == a)
		return (0);
	*path = (size_t)(e - s);
	*host = (size_t)(a - s);
	*hend = (size_t)(c - s);
	return (1);
}

wchar_t *
text_fit_location(const char *s, int width)
{
	size_t	 path, host, hend;
	char	*head, *rest;
	wchar_t	*out = NULL;
	int	 tail = 12;

	if (width < 0)
		width = 0;
	if (text_width(s) <= width || !text_url_parts(s, &path, &host, &hend))
		return (text_fit(s, width, TEXT_KEEP_END));
	/* The whole "scheme://user@host:port", with a part of the path. */
	head = xstrndup(s, path);
	if (text_width(head) + 1 + tail <= width)
		out = text_fit_after_head(head, s + path, width);
	free(head);
	if (out != NULL)
		return (out);
	/* "host:" and the end of the path. */
	head = xstrndup(s + host, hend - host);
	rest = xasprintf(":%s", s + path);
	if (text_width(head) + 1 + tail <= width)
		out = text_fit_after_head(head, rest, width);
	free(head);
	free(rest);
	return (out != NULL ? out : text_fit(s, width, TEXT_KEEP_END));
}

/* One hint as "F5 Copy" (full) or "5Copy" (brief, function keys only). */
static char *
text_hint_item(const struct text_hint *h, int brief)
{
	if (brief && h->fkey > 0)
		return (xasprintf("%d%s", h->fkey, h->label));
	return (xasprintf("%s %s", h->key, h->label));
}

/* Columns the function keys take in a row, each after sep. */
static int
text_hints_fkeys_width(const struct text_hint *h, size_t n, int brief,
    int sep)
{
	size_t	 i;
	char	*item;
	int	 w = 0;

	for (i = 0; i < n; i++) {
		if (h[i].fkey <= 0)
			continue;
		item = text_hint_item(&h[i], brief);
		w += sep + text_width(item);
		free(item);
	}
	return (w);
}

/* Append to line (*w columns) the hints of h that are function keys (or
 * not), in order, each after sep spaces, skipping those that no longer
 * fit in width.  Returns the new line. */
static char *
text_hints_add(char *line, int *w, const struct text_hint *h, size_t n,
    int fkeys, int brief, int sep, int width, int *start, int *end)
{
	size_t	 i;
	char	*item, *next;
	int	 iw, gap;

	for (i = 0; i < n; i++) {
		if ((h[i].fkey > 0) != fkeys)
			continue;
		item = text_hint_item(&h[i], brief);
		gap = *w > 1 ? sep : 0;
		iw = text_width(item);
		if (*w + gap + iw <= width) {
			next = xasprintf("%s%*s%s", line, gap, "", item);
			free(line);
			line = next;
			if (start != NULL) {
				start[i] = *w + gap;
				end[i] = *w + gap + iw;
			}
			*w += gap + iw;
		}
		free(item);
	}
	return (line);
}

/* The line, and the columns [start[i], end[i]) each hint shown takes
 * (start[i] -1: not shown; start and end may be NULL). */
static char *
text_hints_layout(const struct text_hint *h, size_t n, int width, int *start,
    int *end)
{
	char	*line;
	size_t	 i;
	int	 w = 1, brief;

	for (i = 0; start != NULL && i < n; i++)
		start[i] = -1;
	if (width < 1)
		return (xstrdup(""));
	line = xstrdup(" ");
	/* The function keys first, in full when they all fit ("F1 Help"),
	 * else brief as mc shows them ("1Help"); then the other keys, each
	 * where it still fits.  The line starts with a space. */
	brief = 1 + text_hints_fkeys_width(h, n, 0, 2) - 2 > width;
	line = text_hints_add(line, &w, h, n, 1, brief, brief ? 1 : 2,
	    width, start, end);
	return (text_hints_add(line, &w, h, n, 0, 0, 2, width, start, end));
}

char *
text_hints(const struct text_hint *h, size_t n, int width)
{
	return (text_hints_layout(h, n, width, NULL, NULL));
}

int
text_hint_at(const struct text_hint *h, size_t n, int width, int x)
{
	int	*start = xreallocarray(NULL, 2 * n + 1, sizeof *start);
	int	*end = start + n, found = -1;
	size_t	 i;

	free(text_hints_layout(h, n, width, start, end));
	for (i = 0; i < n && found < 0; i++)
		if (start[i] >= 0 && x >= start[i] && x < end[i])
			found = (int)i;
	free(start);
	return (found);
}
