/* ferry: a scrollable box of text lines: the message log, a message too
 * long for the message line, the help.  Lines are wrapped to the box's
 * width at blanks (inside a word only when it is wider than the box).
 *
 * The view owns copies of its lines; text given to it must already be
 * safe to draw (fmt_safe_name). */
#ifndef FERRY_UI_VIEW_H
#define FERRY_UI_VIEW_H

#include <stddef.h>
#include <wchar.h>

struct view {
	char	*title;
	char	**line;		/* owned */
	size_t	 n;
	size_t	 cap;		/* lines allocated */
	int	 indent;	/* columns the rows after a line's first are
				   indented by (the help) */
	size_t	 top;		/* first wrapped row shown */
	int	 follow;	/* keep the end in sight (a log) */
	int	 rows;		/* wrapped rows at the last draw */
	int	 height;	/* text rows at the last draw */
	char	*footer;	/* the keys line (owned) */
	int	 any_key;	/* with nothing to scroll, every key closes
				   it (scroll keys too) */
	size_t	 mark;		/* a line shown highlighted (a match), or
				   VIEW_NONE */
	int	 to_mark;	/* the next draw scrolls to it */
	size_t	 top_line;	/* the line of the first row shown, at the
				   last draw */
	/* The rows of the lines at width wrap_w, counted for the first
	 * nwrapped lines (view_draw). */
	size_t	*row_start;	/* owned */
	size_t	 row_cap;
	size_t	 nwrapped;
	int	 wrap_w;
};

#define VIEW_NONE	((size_t)-1)

struct view *view_new(const char *title, const char *footer);
void	view_free(struct view *);
/* Add a line (copied); '\n' in it starts new lines. */
void	view_add(struct view *, const char *text);
/* Drop every line (the viewer jumps elsewhere in a file). */
void	view_clear(struct view *);
/* Move from's lines in front of v's (from is freed); what was in sight
 * stays in sight, the highlighted line stays the same line. */
void	view_prepend(struct view *, struct view *from);
/* Drop the first line (a log that keeps its last lines). */
void	view_drop_first(struct view *);
/* Draw it centred, as wide as needed up to the screen (full is set: the
 * whole screen). */
void	view_draw(struct view *, int full);
/* Scroll keys; returns 1 when the key closes the view: any other key,
 * or any key at all when any_key is set and everything is in sight. */
int	view_key(struct view *, int code, wint_t key);
/* The rows of text wrapped to width columns (malloc'd array of malloc'd
 * strings; *n rows).  Pure: no curses. */
char	**view_wrap(const char *text, int width, size_t *n);
/* text wrapped over the screen from its first row (when the window is
 * too small for anything else). */
void	view_note(const char *text);

#endif
