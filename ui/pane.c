/* ferry: one pane (see pane.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "pane.h"
#include "text.h"

#define PANE_SIZE_COLS	10	/* "1023.9 MiB" */
#define PANE_TIME_COLS	16	/* "2026-10-29 14:02" */
#define PANE_NAME_MIN	12

void
pane_init(struct pane *p, const char *location)
{
	memset(p, 0, sizeof *p);
	p->location = xstrdup(location);
}

void
pane_free(struct pane *p)
{
	free(p->location);
	vfs_list_free(&p->list);
	free(p->marks);
	free(p->want);
	free(p->select);
	memset(p, 0, sizeof *p);
}

size_t
pane_rows(const struct pane *p)
{
	return (p->list.n + 1);
}

const struct vfs_entry *
pane_entry(const struct pane *p, size_t row)
{
	if (row == 0 || row > p->list.n)
		return (NULL);
	return (&p->list.v[row - 1]);
}

const struct vfs_entry *
pane_current(const struct pane *p)
{
	return (pane_entry(p, p->cursor));
}

void
pane_move(struct pane *p, long delta)
{
	size_t	last = pane_rows(p) - 1;

	if (delta < 0 && (size_t)-delta > p->cursor)
		p->cursor = 0;
	else if (delta < 0)
		p->cursor -= (size_t)-delta;
	else if ((size_t)delta > last - p->cursor)
		p->cursor = last;
	else
		p->cursor += (size_t)delta;
}

void
pane_page(struct pane *p, int dir)
{
	long	step = p->height > 1 ? p->height - 1 : 1;

	pane_move(p, dir * step);
}

void
pane_home(struct pane *p)
{
	p->cursor = 0;
}

void
pane_end(struct pane *p)
{
	p->cursor = pane_rows(p) - 1;
}

void
pane_toggle_mark(struct pane *p)
{
	if (p->cursor > 0 && p->cursor <= p->list.n)
		p->marks[p->cursor - 1] = !p->marks[p->cursor - 1];
	pane_move(p, 1);
}

int
pane_is_marked(const struct pane *p, size_t entry)
{
	return (entry < p->list.n && p->marks[entry]);
}

size_t
pane_marked(const struct pane *p, uint64_t *bytes)
{
	size_t	i, n = 0;

	if (bytes != NULL)
		*bytes = 0;
	for (i = 0; i < p->list.n; i++) {
		if (!p->marks[i])
			continue;
		n++;
		if (bytes != NULL && p->list.v[i].st.type == VFS_FILE)
			*bytes += p->list.v[i].st.size;
	}
	return (n);
}

void
pane_clear_marks(struct pane *p)
{
	if (p->list.n > 0)
		memset(p->marks, 0, p->list.n);
}

/* Row of a name in a listing, 0 if it is not there. */
static size_t
pane_find(const struct vfs_list *l, const char *name)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return (i + 1);
	}
	return (0);
}

/* Marks of the old listing carried over to the names of the new one. */
static unsigned char *
pane_carry_marks(const struct pane *p, const struct vfs_list *l, int same)
{
	unsigned char	*marks = xcalloc(l->n + 1, 1);
	size_t		 i, row;

	for (i = 0; same && i < p->list.n; i++) {
		if (p->marks[i] &&
		    (row = pane_find(l, p->list.v[i].name)) != 0)
			marks[row - 1] = 1;
	}
	return (marks);
}

void
pane_set_list(struct pane *p, struct vfs_list *l)
{
	const struct vfs_entry	*e = pane_current(p);
	const char		*name = p->select;
	unsigned char		*marks;
	size_t			 row = 0;
	int			 same;

	same = p->want == NULL || strcmp(p->want, p->location) == 0;
	marks = pane_carry_marks(p, l, same);
	if (name == NULL && same && e != NULL)
		name = e->name;
	if (name != NULL)
		row = pane_find(l, name);
	if (row == 0 && same)
		row = p->cursor < l->n + 1 ? p->cursor : l->n;
	p->cursor = row;
	if (!same)
		p->top = 0;

	vfs_list_free(&p->list);
	free(p->marks);
	p->list = *l;
	memset(l, 0, sizeof *l);
	p->marks = marks;
	if (p->want != NULL) {
		free(p->location);
		p->location = p->want;
		p->want = NULL;
	}
	free(p->select);
	p->select = NULL;
	p->listing = 0;
	p->loaded = 1;
}

void
pane_want(struct pane *p, const char *location, const char *select,
    uint64_t id)
{
	free(p->want);
	free(p->select);
	p->want = xstrdup(location);
	p->select = select != NULL ? xstrdup(select) : NULL;
	p->listing = id;
}

void
pane_list_failed(struct pane *p)
{
	if (!p->loaded && p->want != NULL) {
		free(p->location);
		p->location = p->want;
		p->want = NULL;
	}
	free(p->want);
	free(p->select);
	p->want = p->select = NULL;
	p->listing = 0;
}

/* The location as the header shows it, safe to draw (malloc'd): a URL
 * decoded, absolute where known, never with its password; a path under
 * $HOME with "~". */
static char *
pane_display(const char *location)
{
	const char	*home = getenv("HOME");
	size_t		 n;
	char		*out, *raw;

	if (url_is_url(location))
		return (loc_display(location));
	if (home == NULL || *home != '/' || strcmp(home, "/") == 0)
		return (fmt_safe_name(location));
	n = strlen(home);
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (strncmp(location, home, n) == 0 &&
	    (location[n] == '\0' || location[n] == '/'))
		raw = xasprintf("~%s", location + n);
	else
		raw = xstrdup(location);
	out = fmt_safe_name(raw);
	free(raw);
	return (out);
}

/* Columns of the size and time fields for a pane width (0: not shown). */
static void
pane_columns(int w, int *name, int *size, int *when)
{
	*size = *when = 0;
	if (w >= 2 + PANE_NAME_MIN + 2 + PANE_SIZE_COLS + PANE_TIME_COLS + 1)
		*when = PANE_TIME_COLS;
	if (w >= 2 + 8 + 1 + PANE_SIZE_COLS + 1)
		*size = PANE_SIZE_COLS;
	/* The mark column on the left, a blank column on the right. */
	*name = w - 2 - (*size ? *size + 1 : 0) - (*when ? *when + 1 : 0);
	if (*name < 0)
		*name = 0;
}

static void
pane_format_time(int64_t t, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	buf[0] = '\0';
	if (t == VFS_MTIME_UNKNOWN || (int64_t)tt != t ||
	    localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		buf[0] = '\0';
}

/* The name column: a type character, then the name made safe. */
static char *
pane_label(const struct vfs_entry *e)
{
	char	*safe, *out, type;

	if (e == NULL)
		return (xstrdup("/.."));
	/* As mc: '~' a link to a directory, '@' to something else, '!' a
	 * link whose target cannot be read. */
	switch (e->st.type) {
	case VFS_DIR:
		type = e->st.is_link ? '~' : '/';
		break;
	case VFS_LINK:
		type = '!';
		break;
	case VFS_OTHER:
		type = '|';
		break;
	default:
		type = e->st.is_link ? '@' : ' ';
		break;
	}
	safe = fmt_safe_name(e->name);
	out = xasprintf("%c%s", type, safe);
	free(safe);
	return (out);
}

static void
pane_draw_row(const struct pane *p, size_t row, int y, int x, int w)
{
	const struct vfs_entry	*e = pane_entry(p, row);
	char			*label, size[32] = "", when[32] = "";
	int			 nw, sw, tw, marked;

	pane_columns(w, &nw, &sw, &tw);
	marked = e != NULL && pane_is_marked(p, row - 1);
	if (e != NULL && e->st.type != VFS_DIR) {
		if (e->st.size_known)
			fmt_size(e->st.size, size, sizeof size);
		else
			snprintf(size, sizeof size, "?");
	}
	if (e != NULL)
		pane_format_time(e->st.mtime, when, sizeof when);
	if (marked)
		attron(A_BOLD);
	/* The mark column: '*' marked, '◐' a partial copy (a resume record
	 * names it). */
	text_draw(y, x, marked ? "*" : e != NULL && e->partial ? "◐" : " ",
	    1, TEXT_LEFT);
	label = pane_label(e);
	text_draw(y, x + 1, label, nw, TEXT_LEFT);
	free(label);
	if (sw > 0) {
		mvaddch(y, x + 1 + nw, ' ');
		text_draw(y, x + 2 + nw, size, sw, TEXT_RIGHT);
	}
	if (tw > 0) {
		mvaddch(y, x + 2 + nw + sw, ' ');
		text_draw(y, x + 3 + nw + sw, when, tw, TEXT_LEFT);
	}
	if (marked)
		attroff(A_BOLD);
}

static void
pane_draw_titles(int y, int x, int w)
{
	int	nw, sw, tw;

	pane_columns(w, &nw, &sw, &tw);
	text_draw(y, x + 1, _("Name"), nw, TEXT_LEFT);
	if (sw > 0)
		text_draw(y, x + 2 + nw, _("Size"), sw, TEXT_RIGHT);
	if (tw > 0)
		text_draw(y, x + 3 + nw + sw, _("Modified"), tw, TEXT_LEFT);
}

/* Entries that are partial copies. */
static size_t
pane_partials(const struct pane *p)
{
	size_t i, k = 0;

	for (i = 0; i < p->list.n; i++)
		k += p->list.v[i].partial != 0;
	return (k);
}

static void
pane_draw_footer(const struct pane *p, int y, int x, int w)
{
	char		 left[128], right[64], size[32];
	uint64_t	 bytes;
	size_t		 n = pane_marked(p, &bytes), k = pane_partials(p);
	int		 rw, len;

	if (p->listing != 0)
		len = snprintf(left, sizeof left, "%s", _("listing..."));
	else if (n > 0) {
		fmt_size(bytes, size, sizeof size);
		len = snprintf(left, sizeof left, _("%zu marked, %s"), n,
		    size);
	} else
		len = snprintf(left, sizeof left, P_("%zu entry",
		    "%zu entries", p->list.n), p->list.n);
	if (k > 0 && p->listing == 0 && len >= 0 && (size_t)len < sizeof left)
		snprintf(left + len, sizeof left - len, P_(", ◐ %zu partial",
		    ", ◐ %zu partial", k), k);
	snprintf(right, sizeof right, "%zu/%zu", p->cursor + 1, pane_rows(p));
	rw = text_width(right);
	if (rw + 3 > w)
		rw = 0;
	text_draw(y, x + 1, left, w - 2 - rw - (rw ? 1 : 0), TEXT_LEFT);
	if (rw > 0)
		text_draw(y, x + w - rw - 1, right, rw, TEXT_RIGHT);
}

/* Keep the cursor in the rows shown. */
static void
pane_scroll(struct pane *p, int rows)
{
	size_t	n = pane_rows(p), h = rows > 0 ? (size_t)rows : 1;

	if (p->cursor >= n)
		p->cursor = n - 1;
	if (p->cursor < p->top)
		p->top = p->cursor;
	if (p->cursor >= p->top + h)
		p->top = p->cursor - h + 1;
	if (p->top > 0 && n - p->top < h)
		p->top = n > h ? n - h : 0;
}

void
pane_draw(struct pane *p, int y, int x, int h, int w, int active)
{
	char	*safe;
	int	 rows = h - 3, i;
	size_t	 row;

	if (h < 1 || w < 2)
		return;
	safe = pane_display(p->location);
	if (active)
		attron(A_BOLD);
	text_draw(y, x, safe, w, TEXT_KEEP_END);
	if (active)
		attroff(A_BOLD);
	free(safe);
	if (rows < 1)
		return;
	pane_draw_titles(y + 1, x, w);
	p->height = rows;
	pane_scroll(p, rows);
	for (i = 0; i < rows; i++) {
		row = p->top + (size_t)i;
		if (row >= pane_rows(p))
			break;
		if (active && row == p->cursor)
			attron(A_REVERSE);
		pane_draw_row(p, row, y + 2 + i, x, w);
		if (active && row == p->cursor)
			attroff(A_REVERSE);
	}
	pane_draw_footer(p, y + h - 1, x, w);
}

void
pane_want_select(struct pane *p, const char *name)
{
	free(p->select);
	p->select = xstrdup(name);
}

void
pane_set_location(struct pane *p, const char *location)
{
	free(p->location);
	p->location = xstrdup(location);
}
