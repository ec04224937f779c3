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
		start = text_suffix(ws, width - 1, &used);
		out[0] = L'~';
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
