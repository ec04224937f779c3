/* ferry: text measured and cut in display columns (wcwidth), not bytes,
 * so that wide characters, combining marks and translations line up.
 *
 * Text given here should already be safe for a terminal (names through
 * fmt_safe_name); what still does not convert or print is shown as '?'. */
#ifndef FERRY_UI_TEXT_H
#define FERRY_UI_TEXT_H

#include <wchar.h>

enum text_align {
	TEXT_LEFT,	/* pad on the right, cut the end ('~' marks a cut) */
	TEXT_RIGHT,	/* pad on the left, cut the end */
	TEXT_KEEP_END,	/* pad on the right, cut the start ('~' first) */
	TEXT_CUT_MIDDLE,	/* pad on the right, cut the middle out and
				   put '…' ('~' if the locale is not UTF-8)
				   there; the end after the last '.' (the
				   extension) is kept whole when it fits */
};

/* s as a wide string (malloc'd): bytes that do not convert and characters
 * that do not print become '?'. */
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
/* True if the locale's character set is UTF-8 (block and arrow glyphs). */
int	 text_utf8(void);

#endif
