/* ferry: quick search, filter, sort menu and hidden names (see find.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "util/i18n.h"
#include "app.h"
#include "find.h"
#include "found.h"
#include "input.h"
#include "keymap.h"
#include "pane.h"

#define FIND_CTRL(c)	((c) & 0x1f)
#define FIND_ESC	27

static void
find_open(struct app *a, int kind, const char *label, const char *text)
{
	input_free(a->input);
	a->input = input_new(kind, label, label, text);
}

static void
find_close(struct app *a)
{
	input_free(a->input);
	a->input = NULL;
}

void
find_search(struct app *a)
{
	find_open(a, APP_IN_SEARCH, _("Search: "), NULL);
}

void
find_filter(struct app *a)
{
	find_open(a, APP_IN_FILTER, _("Filter: "), app_active(a)->filter);
}

void
find_sort(struct app *a)
{
	find_open(a, APP_IN_SORT, _("Sort by: n name, e extension, s size, "
	    "t time; r reverse; Esc keep "), NULL);
}

void
find_hidden(struct app *a)
{
	struct pane *p = app_active(a);

	pane_toggle_hidden(p);
	if (p->hide_dots)
		app_message(a, "%s", _("names starting with '.' are hidden"));
	else
		app_message(a, "%s", _("names starting with '.' are shown"));
}

void
find_mark(struct app *a)
{
	find_open(a, APP_IN_MARK, _("Mark the files matching (Enter: all "
	    "files): "), NULL);
}

void
find_unmark(struct app *a)
{
	find_open(a, APP_IN_UNMARK, _("Unmark the files matching (Enter: "
	    "all files): "), NULL);
}

/* What the marks of the active pane are now, after changed of them
 * changed. */
static void
find_marked_say(struct app *a, size_t changed)
{
	size_t	n = pane_marked(app_active(a), NULL);

	app_message(a, P_("%zu mark changed, %zu marked",
	    "%zu marks changed, %zu marked", changed), changed, n);
}

void
find_invert(struct app *a)
{
	find_marked_say(a, pane_mark_group(app_active(a), "*",
	    ORDER_INVERT));
}

void
find_compare(struct app *a)
{
	struct pane	*l = &a->pane[APP_LEFT], *r = &a->pane[APP_RIGHT];
	size_t		 nl, nr;

	if (!l->loaded || !r->loaded || l->listing != 0 || r->listing != 0) {
		app_message(a, "%s", _("compare: wait until both panes are "
		    "listed"));
		return;
	}
	nl = pane_compare(l, r);
	nr = pane_compare(r, l);
	app_message(a, _("compared: marked %zu on the left, %zu on the "
	    "right (missing on the other side, resumable, another size or "
	    "newer)"), nl, nr);
}

int
find_input_done(struct app *a, int kind, const char *text)
{
	if (kind == APP_IN_FIND) {
		found_start(a, text);
		return (1);
	}
	if (kind != APP_IN_MARK && kind != APP_IN_UNMARK)
		return (0);
	find_marked_say(a, pane_mark_group(app_active(a),
	    *text != '\0' ? text : "*",
	    kind == APP_IN_MARK ? ORDER_MARK : ORDER_UNMARK));
	return (1);
}

/* Enter, in any of its forms. */
static int
find_is_enter(int code, wint_t key)
{
	return (code ? key == KEY_ENTER : key == L'\r' || key == L'\n');
}

/* A key that edits the search text (the others leave the search). */
static int
find_is_edit(int code, wint_t key)
{
	if (code)
		return (key == KEY_BACKSPACE || key == KEY_DC);
	if (key >= 0x20)
		return (1);	/* letters, and DEL (Backspace) */
	return (key == FIND_CTRL('h') || key == FIND_CTRL('u') ||
	    key == FIND_CTRL('w'));
}

/* The search text changed: the first name that matches it, or the text
 * as it was (and a beep) when none does. */
static void
find_search_again(struct app *a, const char *before)
{
	struct pane	*p = app_active(a);
	char		*text = input_text(a->input);
	size_t		 row;

	if (*text != '\0') {
		if ((row = pane_search(p, text, 1, 0)) != 0)
			p->cursor = row;
		else {
			input_set(a->input, before);
			beep();
		}
	}
	free(text);
}

static void
find_search_key(struct app *a, int code, wint_t key)
{
	struct pane	*p = app_active(a);
	char		*text;
	size_t		 row;

	if (find_is_enter(code, key) || (!code && key == FIND_ESC)) {
		find_close(a);
		return;
	}
	if (!code && key == FIND_CTRL('s')) {
		text = input_text(a->input);
		if (*text != '\0' &&
		    (row = pane_search(p, text, p->cursor + 1, 1)) != 0)
			p->cursor = row;
		free(text);
		return;
	}
	if (!find_is_edit(code, key)) {
		/* A movement or a command: the search ends and it acts. */
		find_close(a);
		keymap_run(a, code, key);
		return;
	}
	text = input_text(a->input);
	input_key(a->input, code, key);
	if (a->input->changed)
		find_search_again(a, text);
	free(text);
}

static void
find_filter_key(struct app *a, int code, wint_t key)
{
	struct pane	*p = app_active(a);
	char		*text;

	if (!code && key == FIND_ESC) {
		pane_set_filter(p, NULL);
		find_close(a);
		return;
	}
	text = input_text(a->input);
	if (find_is_enter(code, key)) {
		pane_set_filter(p, text);
		find_close(a);
	} else {
		input_key(a->input, code, key);
		if (a->input->changed) {
			free(text);
			text = input_text(a->input);
			pane_set_filter(p, text);
		}
	}
	free(text);
}

static void
find_sort_key(struct app *a, int code, wint_t key)
{
	struct pane	*p = app_active(a);

	if (code)
		return;
	switch (towlower(key)) {
	case L'n':
		pane_set_sort(p, ORDER_NAME, 0);
		break;
	case L'e':
		pane_set_sort(p, ORDER_EXT, 0);
		break;
	case L's':
		pane_set_sort(p, ORDER_SIZE, 0);
		break;
	case L't':
		pane_set_sort(p, ORDER_TIME, 0);
		break;
	case L'r':
		pane_set_sort(p, p->sort, !p->reverse);
		break;
	case FIND_ESC:
	case L'\r':
	case L'\n':
		break;
	default:
		return;
	}
	find_close(a);
}

int
find_input_key(struct app *a, int code, wint_t key)
{
	if (a->input == NULL)
		return (0);
	switch (a->input->kind) {
	case APP_IN_SEARCH:
		find_search_key(a, code, key);
		return (1);
	case APP_IN_FILTER:
		find_filter_key(a, code, key);
		return (1);
	case APP_IN_SORT:
		find_sort_key(a, code, key);
		return (1);
	}
	return (0);
}

int
find_input_bottom(int kind)
{
	return (kind == APP_IN_SEARCH || kind == APP_IN_FILTER ||
	    kind == APP_IN_SORT || kind == APP_IN_MARK ||
	    kind == APP_IN_UNMARK);
}
