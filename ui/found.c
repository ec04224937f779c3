/* ferry: Alt-? (or F), find: names under the active pane's location that
 * match a pattern, all the way down, found by a browse lane (MC_FIND) and
 * listed in a box as they come; Enter goes to one (see found.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "app.h"
#include "dialog.h"
#include "found.h"
#include "input.h"
#include "pane.h"
#include "queue.h"
#include "viewer.h"
#include "text.h"

void
found_clear(struct app *a)
{
	struct app_found *f = &a->found;
	unsigned gen = f->gen;

	if (f->job != 0)
		worker_cancel_job(a->w, f->job);
	free(f->loc);
	free(f->pattern);
	free(f->error);
	free(f->marks);
	free(f->pend);
	found_names_free(f->move, f->move_n);
	vfs_list_free(&f->list);
	memset(f, 0, sizeof *f);
	f->gen = gen + 1;
}

void
found_op_ended(struct app *a, uint64_t job, int status, int moved)
{
	struct app_found *f = &a->found;
	size_t i, rest;

	for (i = 0; i < f->list.n && f->pend[i] != job; i++)
		continue;
	if (job == 0 || i == f->list.n)
		return;
	f->pend[i] = 0;
	if (status != 0)
		return;			/* it stays, the error is said */
	free(f->list.v[i].name);
	free(f->list.v[i].partial_src);
	rest = f->list.n - i - 1;
	memmove(f->list.v + i, f->list.v + i + 1, rest * sizeof *f->list.v);
	memmove(f->marks + i, f->marks + i + 1, rest);
	memmove(f->pend + i, f->pend + i + 1, rest * sizeof *f->pend);
	f->list.n--;
	if (moved)
		f->moved++;
	else
		f->deleted++;
	if (f->cursor > i)
		f->cursor--;		/* it stays on its row */
	if (f->cursor >= f->list.n)
		f->cursor = f->list.n > 0 ? f->list.n - 1 : 0;
}

void
app_find(struct app *a)
{
	app_input_open(a, APP_IN_FIND, _("Find"), _("Names matching (a part, "
	    "or a glob such as *.iso):"),
	    a->found.pattern != NULL ? a->found.pattern : "");
}

void
found_start(struct app *a, const char *pattern)
{
	struct pane *p = app_active(a);
	struct msg_cmd *m;

	if (*pattern == '\0')
		return;
	/* The same search in the same place: its results again. */
	if (a->found.loc != NULL && strcmp(a->found.loc, p->location) == 0 &&
	    strcmp(a->found.pattern, pattern) == 0 && a->found.error == NULL) {
		a->found.open = 1;
		return;
	}
	found_clear(a);
	a->found.loc = xstrdup(p->location);
	a->found.pattern = xstrdup(pattern);
	a->found.side = a->active;
	m = msg_cmd_new(MC_FIND);
	m->src = xstrdup(p->location);
	m->text = xstrdup(pattern);
	a->found.job = worker_send(a->w, m);
	a->found.open = 1;
}

int
found_event(struct app *a, struct msg_ev *ev)
{
	struct app_found *f = &a->found;
	size_t i;

	if (f->job == 0 || ev->id != f->job)
		return (0);
	if (ev->type == ME_LISTING) {
		for (i = 0; i < ev->list.n; i++)
			vfs_list_add(&f->list, ev->list.v[i].name,
			    &ev->list.v[i].st);
		f->marks = xreallocarray(f->marks, f->list.n + 1, 1);
		memset(f->marks + (f->list.n - ev->list.n), 0, ev->list.n);
		f->pend = xreallocarray(f->pend, f->list.n + 1,
		    sizeof *f->pend);
		memset(f->pend + (f->list.n - ev->list.n), 0,
		    ev->list.n * sizeof *f->pend);
		f->dirs = ev->listed;
		return (1);
	}
	if (ev->type != ME_DONE)
		return (0);
	f->job = 0;
	f->dirs = ev->dirs;
	f->truncated = ev->truncated;
	if (ev->status != 0 && ev->status != FERR_CANCELLED)
		f->error = fmt_safe_name(ev->text != NULL ? ev->text :
		    _("the search failed"));
	else if (ev->status == FERR_CANCELLED)
		f->stopped = 1;
	return (1);
}

/* The location of the directory that holds rel (a name relative to
 * where the search looked), and its last name there. */
static char *
found_where_rel(const struct app_found *f, const char *rel, char **name)
{
	const char *slash;
	char *loc = xstrdup(f->loc), *part, *next;

	while ((slash = strchr(rel, '/')) != NULL) {
		part = xstrndup(rel, (size_t)(slash - rel));
		next = url_child(loc, part);
		free(part);
		free(loc);
		loc = next;
		rel = slash + 1;
	}
	*name = xstrdup(rel);
	return (loc);
}

/* The same for found entry i. */
static char *
found_where(const struct app_found *f, size_t i, char **name)
{
	return (found_where_rel(f, f->list.v[i].name, name));
}

/* The location of rel (malloc'd). */
static char *
found_loc_rel(const struct app_found *f, const char *rel)
{
	char *name, *dir = found_where_rel(f, rel, &name), *loc;

	loc = url_child(dir, name);
	free(dir);
	free(name);
	return (loc);
}

/* Found entry i's own location (malloc'd). */
static char *
found_loc(const struct app_found *f, size_t i)
{
	return (found_loc_rel(f, f->list.v[i].name));
}

/* What F5, F6 and F8 act on: sel[i] set for the marked entries, else
 * for the one under the cursor, but none with a delete or a move on its
 * way (malloc'd, one per entry); *n: how many. */
static unsigned char *
found_chosen(const struct app_found *f, size_t *n)
{
	unsigned char *sel = xcalloc(f->list.n > 0 ? f->list.n : 1, 1);
	size_t i;
	int any = 0;

	for (i = 0; i < f->list.n && !any; i++)
		any = f->marks[i] && f->pend[i] == 0;
	*n = 0;
	for (i = 0; i < f->list.n; i++) {
		sel[i] = (any ? f->marks[i] : i == f->cursor) &&
		    f->pend[i] == 0;
		*n += sel[i];
	}
	return (sel);
}

/* The relative names of the n entries sel marks (malloc'd): what a
 * question asked first acts on, by name, since the list may lose
 * entries while it is open. */
static char **
found_chosen_names(const struct app_found *f, const unsigned char *sel,
    size_t n)
{
	char **names = xreallocarray(NULL, n > 0 ? n : 1, sizeof *names);
	size_t i, k = 0;

	for (i = 0; i < f->list.n && k < n; i++)
		if (sel[i])
			names[k++] = xstrdup(f->list.v[i].name);
	return (names);
}

void
found_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
}

/* The list's entries by name, for found_sent (bsearch). */
struct found_key {
	const char	*name;
	size_t		 i;
};

static int
found_key_cmp(const void *x, const void *y)
{
	return (strcmp(((const struct found_key *)x)->name,
	    ((const struct found_key *)y)->name));
}

void
found_sent(struct app *a, char *const *names, size_t n, unsigned gen,
    const uint64_t *job)
{
	struct app_found *f = &a->found;
	struct found_key *keys, want, *hit;
	size_t i;

	if (gen != f->gen || f->list.n == 0)
		return;			/* another search since */
	keys = xreallocarray(NULL, f->list.n, sizeof *keys);
	for (i = 0; i < f->list.n; i++) {
		keys[i].name = f->list.v[i].name;
		keys[i].i = i;
	}
	qsort(keys, f->list.n, sizeof *keys, found_key_cmp);
	for (i = 0; i < n; i++) {
		want.name = names[i];
		if (job[i] == 0 || (hit = bsearch(&want, keys, f->list.n,
		    sizeof *keys, found_key_cmp)) == NULL)
			continue;
		f->pend[hit->i] = job[i];
		f->marks[hit->i] = 0;
	}
	free(keys);
}

/* F5: the marked ones, else the one under the cursor, to the other
 * pane's location through the queue. */
static void
found_copy(struct app *a)
{
	struct app_found *f = &a->found;
	int target = !f->side;
	const char *to = a->pane[target].location;
	size_t i, n;
	unsigned char *sel = found_chosen(f, &n);
	char *src;

	if (n == 0) {
		free(sel);
		return;
	}
	a->queue.batches++;
	for (i = 0; i < f->list.n; i++) {
		if (!sel[i])
			continue;
		src = found_loc(f, i);
		queue_add(&a->queue, src, to, target, target == APP_LEFT)->tree =
		    f->list.v[i].st.type == VFS_DIR;
		free(src);
	}
	free(sel);
	memset(f->marks, 0, f->list.n);
	app_queue_changed(a);
	app_message(a, P_("%d copy queued", "%d copies queued",
	    (unsigned long)n), (int)n);
}

/* F8: the marked ones, else the one under the cursor, counted, then the
 * question (app_delete_key), as F8 in a pane. */
static void
found_delete(struct app *a)
{
	struct app_found *f = &a->found;
	unsigned char *sel;
	size_t i, n;
	char *loc;

	if (f->list.n == 0)
		return;
	app_delete_clear(a);
	sel = found_chosen(f, &n);
	if (n == 0) {
		free(sel);
		app_message(a, "%s", _("it is being deleted or moved"));
		return;
	}
	a->del.found = found_chosen_names(f, sel, n);
	a->del.found_n = n;
	a->del.found_gen = f->gen;
	for (i = 0; i < f->list.n; i++) {
		if (!sel[i])
			continue;
		loc = found_loc(f, i);
		app_delete_at(a, loc);
		free(loc);
	}
	free(sel);
	app_message(a, "%s", _("counting what would be deleted..."));
}

/* F6: the marked ones, else the one under the cursor, moved into a
 * directory (the other pane's unless another is typed), as F6 on marked
 * entries in a pane: asked where first (found_move_done). */
static void
found_move(struct app *a)
{
	struct app_found *f = &a->found;
	unsigned char *sel;
	char *label;
	size_t n;

	if (f->list.n == 0)
		return;
	sel = found_chosen(f, &n);
	if (n == 0) {
		free(sel);
		app_message(a, "%s", _("it is being deleted or moved"));
		return;
	}
	found_names_free(f->move, f->move_n);
	f->move = found_chosen_names(f, sel, n);
	f->move_n = n;
	f->move_gen = f->gen;
	free(sel);
	label = xasprintf(P_("Move the %d found entry into the directory (a "
	    "path or URL):", "Move the %d found entries into the directory "
	    "(a path or URL):", (unsigned long)n), (int)n);
	app_input_open(a, APP_IN_FOUND_MOVE, _("Move"), label,
	    a->pane[!f->side].location);
	free(label);
}

void
found_move_done(struct app *a, const char *text)
{
	struct app_found *f = &a->found;
	char **names = f->move, *to, *from;
	size_t i, n = f->move_n;
	uint64_t *job;
	int across = 0;

	f->move = NULL;
	f->move_n = 0;
	if (names == NULL || f->move_gen != f->gen || *text == '\0' ||
	    (to = app_resolve(a, f->side, text)) == NULL) {
		found_names_free(names, n);
		return;
	}
	job = xreallocarray(NULL, n > 0 ? n : 1, sizeof *job);
	app_op_begin(a, APP_OP_MOVE);
	for (i = 0; i < n; i++) {
		from = found_loc_rel(f, names[i]);
		job[i] = app_move_into(a, from, to, &across);
		free(from);
	}
	free(to);
	found_sent(a, names, n, f->gen, job);
	free(job);
	found_names_free(names, n);
	if (across)
		app_message(a, "%s", _("moving: copied first, deleted at the "
		    "source once the copy is complete"));
}

/* F3: view the one under the cursor. */
static void
found_view(struct app *a)
{
	struct app_found *f = &a->found;
	char *src, *safe;

	if (f->cursor >= f->list.n || f->list.v[f->cursor].st.type == VFS_DIR)
		return;
	src = found_loc(f, f->cursor);
	safe = fmt_safe_name(f->list.v[f->cursor].name);
	viewer_free(a->viewer);
	a->viewer = viewer_open(a->w, src, safe, f->list.v[f->cursor].st.size);
	free(safe);
	free(src);
}

void
found_key(struct app *a, int code, wint_t key)
{
	struct app_found *f = &a->found;
	size_t n = f->list.n, page = f->height > 1 ? (size_t)f->height - 1 : 1;
	size_t k;
	char *loc, *name;

	if (code && key == KEY_UP && f->cursor > 0)
		f->cursor--;
	else if (code && key == KEY_DOWN && f->cursor + 1 < n)
		f->cursor++;
	else if (code && key == KEY_PPAGE)
		f->cursor = f->cursor > page ? f->cursor - page : 0;
	else if (code && key == KEY_NPAGE)
		f->cursor = f->cursor + page < n ? f->cursor + page :
		    (n > 0 ? n - 1 : 0);
	else if (code && key == KEY_HOME)
		f->cursor = 0;
	else if (code && key == KEY_END)
		f->cursor = n > 0 ? n - 1 : 0;
	else if ((code && key == KEY_IC) || (!code && key == L' ')) {
		if (f->cursor < n) {
			f->marks[f->cursor] = !f->marks[f->cursor];
			if (f->cursor + 1 < n)
				f->cursor++;
		}
	} else if (!code && key == L'*') {
		for (k = 0; k < n; k++)		/* mc's invert */
			f->marks[k] = !f->marks[k];
	} else if (code && key == KEY_F(5))
		found_copy(a);
	else if ((code && (key == KEY_F(8) || key == KEY_DC)))
		found_delete(a);
	else if (code && key == KEY_F(6))
		found_move(a);
	else if (code && key == KEY_F(3))
		found_view(a);
	else if ((code && key == KEY_ENTER) ||
	    (!code && (key == L'\r' || key == L'\n'))) {
		if (n == 0)
			return;
		/* To the directory that holds it, the cursor on it; the
		 * search goes on, Alt-? and Enter show it again. */
		loc = found_where(f, f->cursor, &name);
		a->active = f->side;
		app_goto_select(a, f->side, loc, name);
		free(loc);
		free(name);
		f->open = 0;
	} else if ((!code && (key == 27 || key == L'q')) ||
	    (code && key == KEY_F(10))) {
		if (f->job != 0) {	/* stopped: its results stay */
			worker_cancel_job(a->w, f->job);
		}
		f->open = 0;
	}
}

void
found_draw(struct app *a)
{
	struct app_found *f = &a->found;
	char *title, *shown, *line, *name, size[32];
	int h = LINES - 3, w = COLS, y = 0, x = 0, rows, i, nw;
	size_t top = 0, k;

	if (h < 6 || w < 20)
		return;
	shown = loc_display(f->loc);
	title = xasprintf(_("Find %s under %s"), f->pattern, shown);
	line = fmt_safe_name(title);
	dialog_box(y, x, h, w, "");
	attron(A_BOLD);
	/* as wide as it is: the border goes on after it */
	text_draw(y, x + 2, line, text_width(line) < w - 4 ?
	    text_width(line) : w - 4, TEXT_KEEP_END);
	attroff(A_BOLD);
	free(line);
	free(title);
	free(shown);
	rows = h - 4;
	f->height = rows;
	if (f->cursor >= f->list.n)
		f->cursor = f->list.n > 0 ? f->list.n - 1 : 0;
	if (f->cursor >= (size_t)rows)
		top = f->cursor - (size_t)rows + 1;
	nw = w - 4 - 11;
	for (i = 0; i < rows && top + (size_t)i < f->list.n; i++) {
		k = top + (size_t)i;
		name = fmt_safe_name(f->list.v[k].name);
		if (f->list.v[k].st.type == VFS_DIR) {
			line = xasprintf("%s/", name);
			size[0] = '\0';
		} else {
			line = xstrdup(name);
			fmt_size(f->list.v[k].st.size, size, sizeof size);
		}
		if (k == f->cursor)
			attron(A_REVERSE);
		if (f->pend[k] != 0)	/* being deleted or moved */
			attron(A_DIM);
		text_draw(y + 1 + i, x + 1, f->marks[k] ? "*" : " ", 1,
		    TEXT_LEFT);
		text_draw(y + 1 + i, x + 2, line, nw, TEXT_CUT_MIDDLE);
		text_draw(y + 1 + i, x + 2 + nw, size, 11, TEXT_RIGHT);
		attroff(A_REVERSE | A_DIM);
		free(line);
		free(name);
	}
	if (f->error != NULL)
		line = xstrdup(f->error);
	else if (f->job != 0)
		line = xasprintf(_("searching... %zu found in %llu "
		    "directories"), f->list.n, (unsigned long long)f->dirs);
	else if (f->list.n == 0 && f->deleted > 0 && f->moved == 0)
		line = xasprintf(P_("found %zu in %llu directories, and "
		    "deleted it", "found %zu in %llu directories, and deleted "
		    "them all", f->deleted), f->deleted,
		    (unsigned long long)f->dirs);
	else if (f->list.n == 0 && f->moved > 0 && f->deleted == 0)
		line = xasprintf(P_("found %zu in %llu directories, and "
		    "moved it", "found %zu in %llu directories, and moved "
		    "them all", f->moved), f->moved,
		    (unsigned long long)f->dirs);
	else if (f->deleted > 0 || f->moved > 0)
		line = xasprintf(_("%zu found in %llu directories, %zu "
		    "deleted, %zu moved"), f->list.n + f->deleted + f->moved,
		    (unsigned long long)f->dirs, f->deleted, f->moved);
	else if (f->list.n == 0)
		line = xasprintf(_("nothing found in %llu directories%s"),
		    (unsigned long long)f->dirs, f->stopped ?
		    _(" (stopped)") : "");
	else
		line = xasprintf(_("%zu found in %llu directories%s"),
		    f->list.n, (unsigned long long)f->dirs, f->truncated ?
		    _(" (the first ones only)") : f->stopped ?
		    _(" (stopped)") : "");
	text_draw(y + h - 3, x + 2, line, w - 4, TEXT_LEFT);
	free(line);
	text_draw(y + h - 2, x + 2, _("Enter go  Ins mark  * invert  F3 view  "
	    "F5 copy  F6 move  F8 del  Esc close"), w - 4, TEXT_LEFT);
}
