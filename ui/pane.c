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
#include "util/match.h"
#include "util/xmalloc.h"
#include "color.h"
#include "compare.h"
#include "pane.h"
#include "text.h"

#define PANE_SIZE_COLS	10	/* "1023.9 MiB" */
#define PANE_TIME_COLS	16	/* "2026-10-29 14:02" */
#define PANE_TIME_NARROW 11	/* "10-29 14:02", "2026-10-29" */
#define PANE_NAME_MIN	12

void
pane_init(struct pane *p, const char *location)
{
	memset(p, 0, sizeof *p);
	p->location = xstrdup(location);
}

/* What a partial listing keeps to go back to, dropped. */
static void
pane_drop_before(struct pane *p)
{
	if (p->before == NULL)
		return;
	pane_free(p->before);
	free(p->before);
	p->before = NULL;
}

void
pane_free(struct pane *p)
{
	pane_drop_before(p);
	free(p->location);
	vfs_list_free(&p->list);
	free(p->marks);
	free(p->want);
	free(p->select);
	free(p->order);
	free(p->row_of);
	free(p->filter);
	free(p->dirsize);
	memset(p, 0, sizeof *p);
}

size_t
pane_rows(const struct pane *p)
{
	return (p->nview + 1);
}

/* The index into the listing of the entry at a row, or -1 ("/.."). */
static size_t
pane_index(const struct pane *p, size_t row)
{
	if (row == 0 || row > p->nview)
		return ((size_t)-1);
	return (p->order[row - 1]);
}

const struct vfs_entry *
pane_entry(const struct pane *p, size_t row)
{
	size_t	i = pane_index(p, row);

	return (i == (size_t)-1 ? NULL : &p->list.v[i]);
}

const struct vfs_entry *
pane_current(const struct pane *p)
{
	return (pane_entry(p, p->cursor));
}

/* Build the view order; the cursor stays on the entry it was on (given
 * as an index into the listing, -1 for none) if that is still shown. */
static void
pane_view(struct pane *p, size_t keep)
{
	struct order_opts	o;
	size_t			i;

	o.key = p->sort;
	o.reverse = p->reverse;
	o.hide_dots = p->hide_dots;
	o.filter = p->filter;
	free(p->order);
	free(p->row_of);
	p->order = xcalloc(p->list.n + 1, sizeof *p->order);
	p->row_of = xcalloc(p->list.n + 1, sizeof *p->row_of);
	p->nview = order_build(&p->list, &o, p->order);
	for (i = 0; i < p->nview; i++)
		p->row_of[p->order[i]] = i + 1;
	if (keep != (size_t)-1 && keep < p->list.n && p->row_of[keep] != 0)
		p->cursor = p->row_of[keep];
	else if (p->cursor > p->nview)
		p->cursor = p->nview;
}

void
pane_set_sort(struct pane *p, enum order_key key, int reverse)
{
	p->sort = key;
	p->reverse = reverse;
	pane_view(p, pane_index(p, p->cursor));
}

void
pane_toggle_hidden(struct pane *p)
{
	p->hide_dots = !p->hide_dots;
	pane_view(p, pane_index(p, p->cursor));
}

void
pane_set_filter(struct pane *p, const char *filter)
{
	free(p->filter);
	p->filter = filter != NULL && *filter != '\0' ? xstrdup(filter) :
	    NULL;
	pane_view(p, (size_t)-1);
	p->cursor = p->filter != NULL && p->nview > 0 ? 1 : 0;
	p->top = 0;
}

size_t
pane_search(const struct pane *p, const char *text, size_t from, int any)
{
	size_t	i, row, n = p->nview, part = 0;
	int	m;

	if (n == 0)
		return (0);
	if (from < 1 || from > n)
		from = 1;
	for (i = 0; i < n; i++) {
		row = 1 + (from - 1 + i) % n;
		m = match_search(pane_entry(p, row)->name, text);
		if (m == 2 || (m == 1 && any))
			return (row);
		if (m == 1 && part == 0)
			part = row;
	}
	return (part);
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
	size_t	i = pane_index(p, p->cursor);

	if (i != (size_t)-1)
		p->marks[i] = !p->marks[i];
	pane_move(p, 1);
}

int
pane_is_marked(const struct pane *p, size_t entry)
{
	return (entry < p->list.n && p->marks[entry] &&
	    p->row_of[entry] != 0);
}

size_t
pane_marked(const struct pane *p, uint64_t *bytes)
{
	size_t	i, n = 0;

	if (bytes != NULL)
		*bytes = 0;
	for (i = 0; i < p->list.n; i++) {
		if (!pane_is_marked(p, i))
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
	size_t	i;

	for (i = 0; i < p->nview; i++)
		p->marks[p->order[i]] = 0;
}

size_t
pane_compare(struct pane *p, const struct pane *other)
{
	return (compare_listings(&p->list, p->order, p->nview, &other->list,
	    p->marks));
}

size_t
pane_mark_group(struct pane *p, const char *pattern, enum order_mark how)
{
	return (order_group_mark(&p->list, p->order, p->nview, p->marks,
	    pattern, how));
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
	if (!same) {
		/* Another directory: its own filter, from its top. */
		p->top = p->cursor = 0;
		free(p->filter);
		p->filter = NULL;
	}

	vfs_list_free(&p->list);
	free(p->marks);
	free(p->dirsize);
	p->dirsize = NULL;	/* counted for the old listing */
	p->list = *l;
	memset(l, 0, sizeof *l);
	p->marks = marks;
	pane_view(p, row - 1);
	if (p->want != NULL) {
		free(p->location);
		p->location = p->want;
		p->want = NULL;
	}
	free(p->select);
	p->select = NULL;
	p->listing = 0;
	p->partial = 0;
	p->loaded = 1;
	pane_drop_before(p);	/* complete: no going back */
}

/* Leave a partial listing: the pane is again what it was before it. */
static void
pane_restore(struct pane *p)
{
	struct pane *b = p->before;

	if (b == NULL)
		return;
	p->before = NULL;
	pane_free(p);
	*p = *b;
	free(b);
}

void
pane_set_partial(struct pane *p, struct vfs_list *l, size_t count)
{
	struct pane *b;
	uint64_t id = p->listing;
	char *select = NULL;

	if (p->want == NULL && p->before == NULL)
		return;		/* a reread: the old entries stay */
	p->partial = count;
	/* (past the return above, want is set where before is not) */
	if (l->n == 0 || p->before != NULL ||
	    (p->location != NULL && strcmp(p->want, p->location) == 0))
		return;
	/* Keep the pane as it is, whole, and start this one afresh, showing
	 * the location being listed. */
	b = xmalloc(sizeof *b);
	*b = *p;
	b->want = b->select = NULL;
	b->listing = 0;
	b->partial = 0;
	p->location = xstrdup(b->location != NULL ? b->location : "");
	memset(&p->list, 0, sizeof p->list);
	p->marks = NULL;
	p->dirsize = NULL;
	p->order = p->row_of = NULL;
	p->nview = 0;
	p->filter = NULL;	/* another location: pane_set_list drops it */
	/* the name to select may come later: wait for it */
	if (p->select != NULL && pane_find(l, p->select) == 0)
		select = xstrdup(p->select);
	pane_set_list(p, l);
	p->before = b;		/* (pane_set_list drops one) */
	p->listing = id;
	p->select = select;
	p->partial = count;
}

void
pane_want(struct pane *p, const char *location, const char *select,
    uint64_t id)
{
	pane_restore(p);
	free(p->want);
	free(p->select);
	p->want = xstrdup(location);
	p->select = select != NULL ? xstrdup(select) : NULL;
	p->listing = id;
}

void
pane_list_failed(struct pane *p)
{
	pane_restore(p);
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

/* Columns of the size and time fields for a pane width (0: not shown).
 * The time narrows ("10-29 14:02") before it goes. */
static void
pane_columns(int w, int *name, int *size, int *when)
{
	*size = *when = 0;
	if (w >= 2 + PANE_NAME_MIN + 2 + PANE_SIZE_COLS + PANE_TIME_COLS + 1)
		*when = PANE_TIME_COLS;
	else if (w >= 2 + PANE_NAME_MIN + 2 + PANE_SIZE_COLS +
	    PANE_TIME_NARROW + 1)
		*when = PANE_TIME_NARROW;
	if (w >= 2 + 8 + 1 + PANE_SIZE_COLS + 1)
		*size = PANE_SIZE_COLS;
	/* The mark column on the left, a blank column on the right. */
	*name = w - 2 - (*size ? *size + 1 : 0) - (*when ? *when + 1 : 0);
	if (*name < 0)
		*name = 0;
}

/* The time in cols columns: "2026-10-29 14:02", or in the narrow form
 * "10-29 14:02" within half a year of now, else "2026-10-29". */
static void
pane_format_time(int64_t t, int cols, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t, now = time(NULL);
	size_t		n;

	buf[0] = '\0';
	if (t == VFS_MTIME_UNKNOWN || (int64_t)tt != t ||
	    localtime_r(&tt, &tm) == NULL)
		return;
	if (cols >= PANE_TIME_COLS)
		n = strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	else if (tt <= now + 3600 && now - tt < 180 * 86400)
		n = strftime(buf, len, "%m-%d %H:%M", &tm);
	else
		n = strftime(buf, len, "%Y-%m-%d", &tm);
	if (n == 0)
		buf[0] = '\0';
}

/* The type character of an entry, as mc: '/' a directory, '~' a link to
 * a directory, '@' to something else, '!' a link whose target cannot be
 * read, '|' anything else that is not a file. */
static char
pane_type_char(const struct vfs_entry *e)
{
	switch (e->st.type) {
	case VFS_DIR:
		return (e->st.is_link ? '~' : '/');
	case VFS_LINK:
		return ('!');
	case VFS_OTHER:
		return ('|');
	default:
		return (e->st.is_link ? '@' : ' ');
	}
}

/* The name column: a type character, then the name made safe. */
static char *
pane_label(const struct vfs_entry *e)
{
	char	*safe, *out;

	if (e == NULL)
		return (xstrdup("/.."));
	safe = fmt_safe_name(e->name);
	out = xasprintf("%c%s", pane_type_char(e), safe);
	free(safe);
	return (out);
}

/* The colour of a name (none on the cursor's row: it is in reverse). */
static attr_t
pane_name_attr(const struct vfs_entry *e, int marked, int cursor)
{
	if (marked)
		return (cursor ? A_BOLD : color_attr(COLOR_ROLE_MARKED));
	if (cursor || e == NULL)
		return (0);
	if (e->st.type == VFS_LINK || e->st.type == VFS_OTHER)
		return (color_attr(COLOR_ROLE_OTHER));
	if (e->st.is_link)
		return (color_attr(COLOR_ROLE_LINK));
	if (e->st.type == VFS_DIR)
		return (color_attr(COLOR_ROLE_DIR));
	return (0);
}

/* The mark column: '*' marked, the partial mark (a resume record names
 * the file, or a file below the directory). */
static void
pane_draw_mark(const struct vfs_entry *e, int marked, int cursor, int y,
    int x)
{
	attr_t	attr = 0;
	int	part = e != NULL && (e->partial || e->partial_below > 0);

	if (!marked && part && !cursor)
		attr = color_attr(COLOR_ROLE_PARTIAL);
	attron(attr);
	text_draw(y, x, marked ? "*" : part ? text_partial_mark() : " ", 1,
	    TEXT_LEFT);
	attroff(attr);
}

static void
pane_draw_row(const struct pane *p, size_t row, int y, int x, int w,
    int cursor)
{
	const struct vfs_entry	*e = pane_entry(p, row);
	char			*label, size[32] = "", when[32] = "";
	uint64_t		 bytes;
	int			 nw, sw, tw, marked;
	attr_t			 attr;

	pane_columns(w, &nw, &sw, &tw);
	marked = e != NULL && pane_is_marked(p, pane_index(p, row));
	if (e != NULL && e->st.type == VFS_DIR) {
		if (pane_dirsize(p, pane_index(p, row), &bytes))
			fmt_size(bytes, size, sizeof size);
	} else if (e != NULL) {
		if (e->st.size_known)
			fmt_size(e->st.size, size, sizeof size);
		else
			snprintf(size, sizeof size, "?");
	}
	if (e != NULL)
		pane_format_time(e->st.mtime, tw, when, sizeof when);
	pane_draw_mark(e, marked, cursor, y, x);
	attr = pane_name_attr(e, marked, cursor);
	attron(attr);
	label = pane_label(e);
	text_draw(y, x + 1, label, nw, TEXT_CUT_MIDDLE);
	free(label);
	attroff(attr);
	attr = marked ? pane_name_attr(e, marked, cursor) : 0;
	attron(attr);
	if (sw > 0) {
		mvaddch(y, x + 1 + nw, ' ');
		text_draw(y, x + 2 + nw, size, sw, TEXT_RIGHT);
	}
	if (tw > 0) {
		mvaddch(y, x + 2 + nw + sw, ' ');
		text_draw(y, x + 3 + nw + sw, when, tw, TEXT_LEFT);
	}
	attroff(attr);
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

/* Entries shown that are partial copies. */
static size_t
pane_partials(const struct pane *p)
{
	size_t i, k = 0;

	for (i = 0; i < p->nview; i++)
		k += p->list.v[p->order[i]].partial != 0;
	return (k);
}

/* The left of the footer: the filter, then what is marked or shown, then
 * the partial copies (malloc'd). */
static char *
pane_footer_text(const struct pane *p)
{
	char		 size[32], *filter = NULL, *what, *out;
	uint64_t	 bytes;
	size_t		 n = pane_marked(p, &bytes), k = pane_partials(p);

	if (p->listing != 0 && p->partial > 0)
		return (xasprintf(P_("listing... %zu entry so far",
		    "listing... %zu entries so far", p->partial), p->partial));
	if (p->listing != 0)
		return (xstrdup(_("listing...")));
	if (n > 0) {
		fmt_size(bytes, size, sizeof size);
		what = xasprintf(_("%zu marked, %s"), n, size);
	} else if (p->nview < p->list.n)
		what = xasprintf(P_("%zu of %zu entry", "%zu of %zu entries",
		    p->list.n), p->nview, p->list.n);
	else
		what = xasprintf(P_("%zu entry", "%zu entries", p->list.n),
		    p->list.n);
	if (p->filter != NULL) {
		filter = fmt_safe_name(p->filter);
		out = xasprintf(_("filter: %s, %s"), filter, what);
		free(what);
		what = out;
	}
	if (k > 0) {
		out = xasprintf(P_("%s, %s %zu partial", "%s, %s %zu partial",
		    k), what, text_partial_mark(), k);
		free(what);
		what = out;
	}
	free(filter);
	return (what);
}

static void
pane_draw_footer(const struct pane *p, int y, int x, int w)
{
	char		*left = pane_footer_text(p), right[64];
	int		 rw;

	snprintf(right, sizeof right, "%zu/%zu", p->cursor + 1, pane_rows(p));
	rw = text_width(right);
	if (rw + 3 > w)
		rw = 0;
	if (p->filter != NULL)
		attron(color_attr(COLOR_ROLE_TAG));
	text_draw(y, x + 1, left, w - 2 - rw - (rw ? 1 : 0), TEXT_LEFT);
	if (p->filter != NULL)
		attroff(color_attr(COLOR_ROLE_TAG));
	if (rw > 0)
		text_draw(y, x + w - rw - 1, right, rw, TEXT_RIGHT);
	free(left);
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

/* The header: the location, and the sort on the right ("[size]"). */
static void
pane_draw_header(const struct pane *p, int y, int x, int w, int active)
{
	char	*shown, *safe, *tag;
	wchar_t	*loc;
	int	 tw;

	shown = pane_display(p->location);
	safe = fmt_safe_name(shown);
	free(shown);
	if (p->reverse)
		tag = xasprintf(_("[%s, reversed]"), order_key_name(p->sort));
	else
		tag = xasprintf("[%s]", order_key_name(p->sort));
	tw = text_width(tag);
	if (tw + 8 > w)
		tw = 0;
	if (active)
		attron(A_BOLD);
	loc = text_fit_location(safe, w - (tw ? tw + 1 : 0));
	mvaddnwstr(y, x, loc, -1);
	free(loc);
	if (active)
		attroff(A_BOLD);
	if (tw > 0) {
		mvaddch(y, x + w - tw - 1, ' ');
		attron(color_attr(COLOR_ROLE_TAG));
		text_draw(y, x + w - tw, tag, tw, TEXT_LEFT);
		attroff(color_attr(COLOR_ROLE_TAG));
	}
	free(tag);
	free(safe);
}

void
pane_draw(struct pane *p, int y, int x, int h, int w, int active)
{
	int	 rows = h - 3, i, cursor;
	size_t	 row;

	if (h < 1 || w < 2)
		return;
	pane_draw_header(p, y, x, w, active);
	if (rows < 1)
		return;
	pane_draw_titles(y + 1, x, w);
	p->height = rows;
	pane_scroll(p, rows);
	for (i = 0; i < rows; i++) {
		row = p->top + (size_t)i;
		if (row >= pane_rows(p))
			break;
		cursor = active && row == p->cursor;
		if (cursor)
			attron(A_REVERSE);
		pane_draw_row(p, row, y + 2 + i, x, w, cursor);
		if (cursor)
			attroff(A_REVERSE);
	}
	pane_draw_footer(p, y + h - 1, x, w);
}

/* The info line's text for an entry: type and permissions, owner, the
 * exact size, the name (malloc'd, safe). */
static char *
pane_info_text(const struct pane *p, const struct vfs_entry *e)
{
	char		mode[16], bytes[32], *size, *name, *out, *where;
	char		type;
	uint64_t	n = 0;
	int		known;

	if (e == NULL) {
		where = pane_display(p->location);
		out = fmt_safe_name(where);
		free(where);
		return (out);
	}
	type = e->st.type == VFS_DIR ? 'd' : e->st.is_link ? 'l' :
	    e->st.type == VFS_FILE ? '-' : '?';
	if (e->st.mode != 0 || e->st.type == VFS_FILE)
		fmt_mode(e->st.mode, mode, sizeof mode);
	else
		snprintf(mode, sizeof mode, "?");
	if (e->st.type == VFS_DIR)
		known = pane_dirsize(p, (size_t)(e - p->list.v), &n);
	else if ((known = e->st.size_known) != 0)
		n = e->st.size;
	if (!known)
		size = xstrdup("");
	else {
		fmt_bytes(n, bytes, sizeof bytes);
		size = xasprintf(P_("%s byte  ", "%s bytes  ",
		    (unsigned long)n), bytes);
	}
	name = fmt_safe_name(e->name);
	if (e->st.owner[0] != '\0') {
		where = fmt_safe_name(e->st.owner);
		out = xasprintf("%c%s  %s  %s%s", type, mode, where, size,
		    name);
		free(where);
	} else
		out = xasprintf("%c%s  %s%s", type, mode, size, name);
	free(name);
	free(size);
	return (out);
}

void
pane_draw_info(const struct pane *p, int y, int x, int w)
{
	char	*text = pane_info_text(p, pane_current(p));

	mvhline(y, x, ' ', w);
	attron(color_attr(COLOR_ROLE_INFO));
	text_draw(y, x + 1, text, w - 2, TEXT_CUT_MIDDLE);
	attroff(color_attr(COLOR_ROLE_INFO));
	free(text);
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

void
pane_set_dirsize(struct pane *p, const char *name, uint64_t bytes)
{
	size_t	row = pane_find(&p->list, name), i;

	if (row == 0 || p->list.v[row - 1].st.type != VFS_DIR)
		return;
	if (p->dirsize == NULL) {
		p->dirsize = xreallocarray(NULL, p->list.n, sizeof *p->dirsize);
		for (i = 0; i < p->list.n; i++)
			p->dirsize[i] = PANE_NO_SIZE;
	}
	p->dirsize[row - 1] = bytes;
}

int
pane_dirsize(const struct pane *p, size_t entry, uint64_t *bytes)
{
	if (p->dirsize == NULL || entry >= p->list.n ||
	    p->dirsize[entry] == PANE_NO_SIZE)
		return (0);
	*bytes = p->dirsize[entry];
	return (1);
}
