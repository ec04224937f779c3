/* ferry: text measured and cut in display columns (wcwidth), not bytes,
 * so that wide characters, combining marks and translations line up.
 *
 * Text given here should already be safe for a terminal (names through
 * fmt_safe_name).  What still does not convert to the locale's character
 * set is written as visible escapes, "\xNN" per byte (UTF-8 names under a
 * non-UTF-8 locale), and a character that does not print as '?'. */
#ifndef FERRY_UI_TEXT_H
#define FERRY_UI_TEXT_H

#include <wchar.h>

enum text_align {
	TEXT_LEFT,	/* pad on the right, cut the end ('~' marks a cut) */
	TEXT_RIGHT,	/* pad on the left, cut the end */
	TEXT_KEEP_END,	/* pad on the right, cut the start ('…' first,
			   '~' if the locale is not UTF-8) */
	TEXT_CUT_MIDDLE,	/* pad on the right, cut the middle out and
				   put '…' ('~' if the locale is not UTF-8)
				   there; the end after the last '.' (the
				   extension) is kept whole when it fits */
};

/* s as a wide string (malloc'd): a byte that does not convert becomes
 * "\xNN", a character that does not print '?'. */
wchar_t	*text_widen(const char *s);
/* Columns the text takes. */
int	 text_width(const char *s);
int	 text_wwidth(const wchar_t *ws);
/* s cut or padded to exactly width columns (malloc'd).  A cut never
 * splits a wide character or a character from its combining marks. */
wchar_t	*text_fit(const char *s, int width, enum text_align how);
/* Draw s at (y, x) in exactly width columns with the current attributes. */
void	 text_draw(int y, int x, const char *s, int width,
	    enum text_align how);
/* A location (a path or URL) in exactly width columns: what does not fit
 * is cut from the start of the path, keeping a URL's "scheme://user@host:
 * port" (else its host) ahead of the end of the path (malloc'd). */
wchar_t	*text_fit_location(const char *s, int width);

/* One key of the hint line. */
struct text_hint {
	const char	*key;		/* "F5", "Tab" */
	const char	*label;		/* "Copy", translated */
	int		 fkey;		/* 5 for F5, 0: not a function key */
};
/* The hint line in at most width columns (malloc'd): the function keys in
 * the order given, in full ("F5 Copy") when they all fit, else brief as
 * mc shows them ("5Copy"); then the other keys, each that still fits.
 * Never cuts a hint. */
char	*text_hints(const struct text_hint *, size_t n, int width);
/* Which hint of that line column x falls on (an index of h), or -1. */
int	text_hint_at(const struct text_hint *, size_t n, int width, int x);
/* True if the locale's character set is UTF-8 (block and arrow glyphs). */
int	 text_utf8(void);
/* The mark of a partial copy: "\u25d0" (a half circle), or "%" when the
 * locale is not UTF-8. */
const char *text_partial_mark(void);

#endif
