/* ferry: a scrollable box of text (see view.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "util/i18n.h"
#include "util/xmalloc.h"
#include "dialog.h"
#include "keymap.h"
#include "text.h"
#include "view.h"

struct view *
view_new(const char *title, const char *footer)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->title = xstrdup(title);
	v->mark = VIEW_NONE;
	v->footer = xstrdup(footer != NULL ? footer :
	    _("Up, Down, PgUp, PgDn: scroll  Esc: close"));
	return (v);
}

void
view_free(struct view *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		free(v->line[i]);
	free(v->line);
	free(v->row_start);
	free(v->title);
	free(v->footer);
	free(v);
}

/* Room for n lines, doubling: a file viewed grows. */
static void
view_reserve(struct view *v, size_t n)
{
	if (n <= v->cap)
		return;
	while (n > v->cap)
		v->cap = v->cap > 0 ? 2 * v->cap : 64;
	v->line = xreallocarray(v->line, v->cap, sizeof *v->line);
}

/* Room for the rows of every line held, and the total after them. */
static void
view_reserve_rows(struct view *v)
{
	if (v->cap + 1 <= v->row_cap)
		return;
	v->row_cap = v->cap + 1;
	v->row_start = xreallocarray(v->row_start, v->row_cap,
	    sizeof *v->row_start);
}

void
view_add(struct view *v, const char *text)
{
	const char *nl;

	do {
		nl = strchr(text, '\n');
		view_reserve(v, v->n + 1);
		v->line[v->n++] = nl != NULL ?
		    xstrndup(text, (size_t)(nl - text)) : xstrdup(text);
		text = nl != NULL ? nl + 1 : NULL;
	} while (text != NULL);
}


/* One row of ws that fits width: its length in wide characters, cut at
 * the last blank when there is one. */
static size_t
view_row(const wchar_t *ws, int width)
{
	size_t i, blank = 0;
	int w = 0, c;

	for (i = 0; ws[i] != L'\0'; i++) {
		c = wcwidth(ws[i]);
		if (c < 0)
			c = 1;
		if (w + c > width)
			break;
		w += c;
		if (ws[i] == L' ')
			blank = i;
	}
	if (ws[i] == L'\0' || i == 0)
		return (i == 0 && ws[0] != L'\0' ? 1 : i);
	return (blank > 0 ? blank + 1 : i);
}

static char *
view_narrow(const wchar_t *ws, size_t k)
{
	size_t max = k * MB_CUR_MAX + 1, len;
	char *s = xmalloc(max);
	wchar_t *part = xcalloc(k + 1, sizeof *part);
	const wchar_t *p = part;
	mbstate_t st;

	wmemcpy(part, ws, k);
	memset(&st, 0, sizeof st);
	len = wcsrtombs(s, &p, max, &st);
	if (len == (size_t)-1)
		len = 0;
	s[len] = '\0';
	free(part);
	return (s);
}

char **
view_wrap(const char *text, int width, size_t *n)
{
	wchar_t *ws = text_widen(text), *p;
	char **rows = NULL;
	size_t k;

	*n = 0;
	if (width < 1)
		width = 1;
	p = ws;
	do {
		k = view_row(p, width);
		rows = xreallocarray(rows, *n + 1, sizeof *rows);
		rows[(*n)++] = view_narrow(p, k);
		p += k;
	} while (*p != L'\0');
	free(ws);
	return (rows);
}

static void
view_rows_free(char **rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

/* A line's rows: wrapped to width, the rows after the first indented by
 * v->indent columns (a hanging indent: the help's descriptions). */
static char **
view_line_rows(const struct view *v, const char *text, int width, size_t *n)
{
	char **rows, **rest, *tail, *next;
	size_t i, k;

	rows = view_wrap(text, width, n);
	if (v->indent <= 0 || *n < 2 || width - v->indent < 20)
		return (rows);
	/* The rows after the first, together, wrapped again narrower. */
	tail = xstrdup("");
	for (i = 1; i < *n; i++) {
		next = xasprintf("%s%s", tail, rows[i]);
		free(tail);
		tail = next;
		free(rows[i]);
	}
	rest = view_wrap(tail, width - v->indent, &k);
	free(tail);
	rows = xreallocarray(rows, k + 1, sizeof *rows);
	for (i = 0; i < k; i++) {
		rows[i + 1] = xasprintf("%*s%s", v->indent, "", rest[i]);
		free(rest[i]);
	}
	free(rest);
	*n = k + 1;
	return (rows);
}

/* The widest line, in columns. */
static int
view_widest(const struct view *v)
{
	size_t i;
	int w = text_width(v->title) + 4, k;

	if ((k = text_width(v->footer)) > w)
		w = k;
	for (i = 0; i < v->n; i++)
		if ((k = text_width(v->line[i])) > w)
			w = k;
	return (w);
}

/* The rows each line takes at width tw, counted once: for the lines added
 * since the last draw, or for all of them after a change of width (a file
 * viewed grows by pieces; wrapping all of it at each draw would make each
 * piece cost more than the last).  row_start[i] is line i's first row,
 * row_start[n] all the rows. */
static void
view_count_rows(struct view *v, int tw)
{
	char **part;
	size_t i, k;

	if (tw != v->wrap_w || v->nwrapped > v->n) {
		v->wrap_w = tw;
		v->nwrapped = 0;
	}
	view_reserve_rows(v);
	if (v->nwrapped == 0)
		v->row_start[0] = 0;
	for (i = v->nwrapped; i < v->n; i++) {
		part = view_line_rows(v, v->line[i], tw, &k);
		view_rows_free(part, k);
		v->row_start[i + 1] = v->row_start[i] + k;
	}
	v->nwrapped = v->n;
}

/* The line that holds row r (< all the rows; row_start counted). */
static size_t
view_line_of(const struct view *v, size_t r)
{
	size_t lo = 0, hi = v->n, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (v->row_start[mid] <= r)
			lo = mid;
		else
			hi = mid;
	}
	return (lo);
}

void
view_draw(struct view *v, int full)
{
	char **part;
	size_t i, j, k, nrows;
	int w, h, y, x, tw, drawn = 0;

	w = full ? COLS : view_widest(v) + 4;
	if (w > COLS)
		w = COLS;
	tw = w - 4;
	if (tw < 1)
		tw = 1;
	view_count_rows(v, tw);
	nrows = v->row_start[v->n];
	v->rows = (int)nrows;
	h = full ? LINES : v->rows + 4;
	if (h > LINES)
		h = LINES;
	if (w < 12 || h < 5)
		return;
	v->height = h - 4;
	if (v->to_mark && v->mark < v->n) {
		v->top = v->row_start[v->mark];
		v->follow = 0;
	}
	v->to_mark = 0;
	if (v->follow && v->rows > v->height)
		v->top = (size_t)(v->rows - v->height);
	if (v->rows <= v->height)
		v->top = 0;
	else if ((int)v->top > v->rows - v->height)
		v->top = (size_t)(v->rows - v->height);
	dialog_box_centered(h, w, v->title, &y, &x);
	/* Only the lines in sight are wrapped again, to be drawn. */
	v->top_line = v->n > 0 ? view_line_of(v, v->top) : 0;
	for (i = v->top_line; i < v->n && drawn < v->height; i++) {
		part = view_line_rows(v, v->line[i], tw, &k);
		j = i == v->top_line ? v->top - v->row_start[i] : 0;
		for (; j < k && drawn < v->height; j++, drawn++) {
			if (i == v->mark)
				attron(A_REVERSE);
			text_draw(y + 1 + drawn, x + 2, part[j], tw,
			    TEXT_LEFT);
			if (i == v->mark)
				attroff(A_REVERSE);
		}
		view_rows_free(part, k);
	}
	text_draw(y + h - 2, x + 2, v->footer, tw, TEXT_LEFT);
}

int
view_key(struct view *v, int code, wint_t key)
{
	long max = v->rows - v->height, top = (long)v->top;

	if (max < 0)
		max = 0;
	if (v->any_key && max == 0)
		return (1);
	if (code && key == KEY_UP)
		top--;
	else if (code && key == KEY_DOWN)
		top++;
	else if (code && key == KEY_PPAGE)
		top -= v->height > 1 ? v->height - 1 : 1;
	else if (code && key == KEY_NPAGE)
		top += v->height > 1 ? v->height - 1 : 1;
	else if (code && key == KEY_HOME)
		top = 0;
	else if (code && key == KEY_END)
		top = max;
	else
		return (1);
	if (top < 0)
		top = 0;
	if (top > max)
		top = max;
	v->top = (size_t)top;
	v->follow = top == max && v->follow;
	return (0);
}

void
view_clear(struct view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->line[i]);
	v->n = 0;
	v->top = v->top_line = 0;
	v->nwrapped = 0;
	v->mark = VIEW_NONE;
	v->to_mark = 0;
}

void
view_prepend(struct view *v, struct view *from)
{
	size_t i, k = from->n, added = 0, *rows = NULL, r;
	char **part;
	int counted = v->wrap_w > 0 && v->nwrapped == v->n;

	if (k == 0) {
		view_free(from);
		return;
	}
	if (counted) {		/* the new lines' rows, at the same width */
		rows = xcalloc(k, sizeof *rows);
		for (i = 0; i < k; i++) {
			part = view_line_rows(v, from->line[i], v->wrap_w,
			    &rows[i]);
			view_rows_free(part, rows[i]);
			added += rows[i];
		}
	}
	view_reserve(v, v->n + k);
	memmove(v->line + k, v->line, v->n * sizeof *v->line);
	memcpy(v->line, from->line, k * sizeof *v->line);
	if (counted) {
		/* Shifted, not counted again: the view keeps its place. */
		view_reserve_rows(v);
		memmove(v->row_start + k, v->row_start,
		    (v->n + 1) * sizeof *v->row_start);
		for (i = k; i <= v->n + k; i++)
			v->row_start[i] += added;
		for (r = 0, i = 0; i < k; i++) {
			v->row_start[i] = r;
			r += rows[i];
		}
		v->nwrapped = v->n + k;
		v->top += added;
	} else
		v->nwrapped = 0;	/* counted again at the next draw */
	v->n += k;
	v->top_line += k;
	if (v->mark != VIEW_NONE)
		v->mark += k;
	free(rows);
	from->n = 0;
	view_free(from);
}

void
view_drop_first(struct view *v)
{
	size_t i;

	if (v->n == 0)
		return;
	free(v->line[0]);
	for (i = 1; i < v->n; i++)
		v->line[i - 1] = v->line[i];
	v->n--;
	v->nwrapped = 0;	/* the rows are counted again */
}

void
view_note(const char *text)
{
	char **row;
	size_t i, n;

	row = view_wrap(text, COLS > 0 ? COLS : 1, &n);
	for (i = 0; i < n; i++) {
		if (i < (size_t)LINES)
			text_draw((int)i, 0, row[i], COLS, TEXT_LEFT);
		free(row[i]);
	}
	free(row);
}
