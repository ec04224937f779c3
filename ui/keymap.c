/* ferry: the keys of the file manager (see keymap.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "util/i18n.h"
#include "util/xmalloc.h"
#include "app.h"
#include "dialog.h"
#include "find.h"
#include "found.h"
#include "keymap.h"
#include "text.h"
#include "view.h"

#define KEYMAP_CTRL(c)	((c) & 0x1f)
#define KEYMAP_ESC	27
#define KEYMAP_DEL	127

static void
keymap_up(struct app *a)
{
	pane_move(app_active(a), -1);
}

static void
keymap_down(struct app *a)
{
	pane_move(app_active(a), 1);
}

static void
keymap_page_up(struct app *a)
{
	pane_page(app_active(a), -1);
}

static void
keymap_page_down(struct app *a)
{
	pane_page(app_active(a), 1);
}

static void
keymap_home(struct app *a)
{
	pane_home(app_active(a));
}

static void
keymap_end(struct app *a)
{
	pane_end(app_active(a));
}

static void
keymap_mark(struct app *a)
{
	pane_toggle_mark(app_active(a));
}

/* Entries with the same command follow each other: the help shows them on
 * one line. */
static const struct keymap_entry keymap_table[] = {
	{ 1, KEY_UP, "Up", NULL, N_("move the cursor up"), keymap_up },
	{ 1, KEY_DOWN, "Down", NULL, N_("move the cursor down"),
	  keymap_down },
	{ 1, KEY_PPAGE, "PgUp", NULL, N_("move a page up"), keymap_page_up },
	{ 1, KEY_NPAGE, "PgDn", NULL, N_("move a page down"),
	  keymap_page_down },
	{ 1, KEY_HOME, "Home", NULL, N_("go to the first entry"),
	  keymap_home },
	{ 1, KEY_END, "End", NULL, N_("go to the last entry"), keymap_end },
	{ 0, L'\t', "Tab", N_("Switch"), N_("switch to the other pane"),
	  app_switch },
	{ 0, L'\r', "Enter", NULL, N_("enter the directory under the cursor "
	  "(on /.. go up; on a file: view it, as F3)"), app_enter },
	{ 0, L'\n', "Enter", NULL, NULL, app_enter },
	{ 1, KEY_ENTER, "Enter", NULL, NULL, app_enter },
	{ 1, KEY_BACKSPACE, "Backspace", NULL,
	  N_("go to the parent directory"), app_up },
	{ 0, KEYMAP_DEL, "Backspace", NULL, NULL, app_up },
	{ 0, KEYMAP_CTRL('h'), "Backspace", NULL, NULL, app_up },
	{ 1, KEY_IC, "Insert", N_("Mark"), N_("mark or unmark the entry "
	  "under the cursor"), keymap_mark },
	{ 0, L' ', "Space", NULL, NULL, keymap_mark },
	{ 0, KEYMAP_CTRL('r'), "Ctrl-R", N_("Reread"),
	  N_("read both directories again"), app_relist },
	{ 0, KEYMAP_CTRL('u'), "Ctrl-U", NULL, N_("swap the panes' locations "
	  "(the cursor stays with its location)"), app_swap },
	{ 2, L'i', "Alt-i", NULL, N_("the other pane goes to this pane's "
	  "location"), app_other_here },
	{ 2, L'y', "Alt-y", NULL, N_("back to the previous place of this "
	  "pane (the cursor on the name it was on)"), app_back },
	{ 2, L'u', "Alt-u", NULL, N_("forward to the next place of this pane"),
	  app_forward },
	{ 2, L'o', "Alt-o", NULL, N_("the other pane opens the directory under "
	  "the cursor (else this pane's location)"), app_other_open },
	/* Finding and ordering (ui/find.c). */
	{ 0, KEYMAP_CTRL('s'), "Ctrl-S", NULL, N_("quick search: typed "
	  "letters move the cursor to the first name that starts with them "
	  "(else holds them), case ignored; Ctrl-S again: the next one; "
	  "Enter, Esc or a movement key end it"), find_search },
	{ 0, L'/', "/", NULL, N_("filter the active pane as you type (a part "
	  "of the name, or a glob such as *.iso); Enter keeps the filter, "
	  "Esc clears it; another directory starts without it"),
	  find_filter },
	{ 0, L's', "s", NULL, N_("sort the active pane by name, extension, "
	  "size (largest first) or time (newest first), or reverse the "
	  "order; directories stay first"), find_sort },
	{ 0, L'+', "+", NULL, N_("mark the files whose names match a pattern "
	  "(as the filter: *.iso, or a part of the name; end it with / for "
	  "directories)"), find_mark },
	{ 0, L'-', "-", NULL, N_("unmark the files whose names match a "
	  "pattern (the same way)"), find_unmark },
	{ 0, L'*', "*", NULL, N_("invert the marks of the files shown"),
	  find_invert },
	{ 0, 0, "Ctrl-Space", NULL, N_("count what the directory under the "
	  "cursor (or each marked one) holds, all the way down, and show its "
	  "size"), app_dirsize },
	{ 0, L'=', "=", NULL, N_("compare the panes: each marks what the "
	  "other lacks (files and directories), a file the other holds a "
	  "partial copy of, and a file of another size or newer (times to "
	  "the second); F5 then copies them"), find_compare },
	{ 2, L'?', "Alt-?", NULL, N_("find names under this pane's location, "
	  "all the way down (a part of the name, or a glob such as *.iso); "
	  "Enter on one goes there, F3 views, F5 copies and F8 deletes the "
	  "marked ones"), app_find },
	{ 0, L'F', "F", NULL, NULL, app_find },
	{ 0, L'.', ".", NULL, N_("hide or show the names starting with '.' "
	  "(shown at start)"), find_hidden },
	{ 1, KEY_F(3), "F3", N_("View"), N_("view the file under the cursor "
	  "(text, or hex for other files; read as you scroll)"), app_view },
	{ 1, KEY_F(4), "F4", N_("Edit"), N_("edit the file under the cursor "
	  "with $VISUAL or $EDITOR; a server's file is copied here first and "
	  "its changes copied back, after a question"), app_edit },
	{ 1, KEY_F(5), "F5", N_("Copy"), N_("copy the marked entries (or the "
	  "one under the cursor) to the other pane; an unfinished copy "
	  "among them is asked about first (r finishes it from where it "
	  "came from)"),
	  app_copy },
	{ 1, KEY_F(6), "F6", N_("RenMov"), N_("move the marked entries into a "
	  "directory (the other pane's unless another is typed); without "
	  "marks, rename the entry under the cursor or move it (a path or "
	  "URL; a directory's name moves it into it)"), app_rename },
	{ 1, KEY_F(7), "F7", N_("Mkdir"), N_("make a directory"), app_mkdir },
	{ 1, KEY_F(8), "F8", N_("Delete"), N_("delete the marked entries (or "
	  "the one under the cursor), directories with all they hold, after "
	  "a count and a question"), app_delete },
	{ 1, KEY_DC, "Delete", NULL, NULL, app_delete },
	{ 0, KEYMAP_CTRL('x'), "Ctrl-X", N_("Chmod"), N_("change the "
	  "permissions of the entry under the cursor"), app_chmod },
	{ 0, KEYMAP_ESC, "Esc", N_("Stop"), N_("stop the listing under way, "
	  "else the copies (they stay in the queue and can be resumed "
	  "later)"), app_cancel },
	{ 0, KEYMAP_CTRL('c'), "Ctrl-C", NULL, NULL, app_cancel },
	{ 1, KEY_F(2), "F2", N_("Queue"), N_("show or hide the transfer queue "
	  "(there: c cancel, r retry, d remove, x remove ended)"),
	  app_show_queue },
	{ 0, L'L', "L", N_("Log"), N_("show the messages of this session"),
	  app_show_log },
	{ 0, KEYMAP_CTRL('z'), "Ctrl-Z", NULL, N_("suspend ferry (fg brings "
	  "it back)"), app_suspend },
	{ 0, L'g', "g", NULL, N_("go to a path or URL in this pane (Up and "
	  "Down: recent places, Tab: complete a local path)"), app_goto },
	{ 0, 0x1c, "Ctrl-\\", NULL, N_("the site list: connect, add the "
	  "active pane's location, edit, delete"), app_sites },
	{ 1, KEY_F(9), "F9", N_("Sites"), NULL, app_sites },
	{ 1, KEY_F(1), "F1", N_("Help"), N_("show this help"), app_help },
	{ 0, L'?', "?", NULL, NULL, app_help },
	{ 1, KEY_F(10), "F10", N_("Quit"), N_("quit (asks first while "
	  "transfers run)"), app_quit },
	{ 0, L'q', "q", NULL, NULL, app_quit },
};
#define KEYMAP_N	(sizeof keymap_table / sizeof keymap_table[0])

int
keymap_run(struct app *a, int code, wint_t key)
{
	size_t	i;

	for (i = 0; i < KEYMAP_N; i++) {
		if (keymap_table[i].code == code &&
		    keymap_table[i].key == key) {
			keymap_table[i].fn(a);
			return (1);
		}
	}
	return (0);
}

/* The hints in the order the line shows them (the function keys F1 to
 * F10, then the others), with the table entry of each in idx. */
static size_t
keymap_hint_list(struct text_hint *h, size_t *idx)
{
	size_t	i, n = 0, fkey;

	for (fkey = 1; fkey <= 12; fkey++) {
		for (i = 0; i < KEYMAP_N; i++) {
			if (keymap_table[i].hint == NULL ||
			    keymap_table[i].code != 1 ||
			    keymap_table[i].key != (wint_t)KEY_F(fkey))
				continue;
			h[n].key = keymap_table[i].name;
			h[n].label = _(keymap_table[i].hint);
			h[n].fkey = (int)fkey;
			idx[n++] = i;
		}
	}
	for (i = 0; i < KEYMAP_N; i++) {
		if (keymap_table[i].hint == NULL || (keymap_table[i].code == 1 &&
		    keymap_table[i].key >= (wint_t)KEY_F(1) &&
		    keymap_table[i].key <= (wint_t)KEY_F(12)))
			continue;
		h[n].key = keymap_table[i].name;
		h[n].label = _(keymap_table[i].hint);
		h[n].fkey = 0;
		idx[n++] = i;
	}
	return (n);
}

char *
keymap_hints(int width)
{
	struct text_hint	h[KEYMAP_N];
	size_t			idx[KEYMAP_N], n = keymap_hint_list(h, idx);

	return (text_hints(h, n, width));
}

int
keymap_hint_run(struct app *a, int width, int x)
{
	struct text_hint	h[KEYMAP_N];
	size_t			idx[KEYMAP_N], n = keymap_hint_list(h, idx);
	int			i = text_hint_at(h, n, width, x);

	if (i < 0)
		return (0);
	keymap_table[idx[i]].fn(a);
	return (1);
}

/* One line of the help: the names of the keys of a command. */
struct keymap_help {
	char		 keys[64];
	const char	*desc;
};

/* Group the table by command.  Returns the number of lines. */
static size_t
keymap_help_lines(struct keymap_help *h, size_t max)
{
	const struct keymap_entry	*e;
	size_t				 i, n = 0, len;

	for (i = 0; i < KEYMAP_N; i++) {
		e = &keymap_table[i];
		if (n > 0 && keymap_table[i - 1].fn == e->fn) {
			if (strcmp(keymap_table[i - 1].name, e->name) == 0)
				continue;
			len = strlen(h[n - 1].keys);
			snprintf(h[n - 1].keys + len,
			    sizeof h[n - 1].keys - len, ", %s", e->name);
			continue;
		}
		if (n == max)
			break;
		snprintf(h[n].keys, sizeof h[n].keys, "%s", e->name);
		h[n++].desc = e->desc != NULL ? _(e->desc) : "";
	}
	return (n);
}

struct view *
keymap_help_view(void)
{
	struct keymap_help	help[KEYMAP_N];
	size_t			i, n = keymap_help_lines(help, KEYMAP_N);
	struct view		*v;
	char			*line;
	int			kw = 0;

	for (i = 0; i < n; i++)
		if (text_width(help[i].keys) > kw)
			kw = text_width(help[i].keys);
	v = view_new(_("Help"), _("Up, Down, PgUp, PgDn: scroll  any other "
	    "key closes this help"));
	v->indent = kw + 2;	/* descriptions in a column of their own */
	for (i = 0; i < n; i++) {
		line = xasprintf("%s%*s  %s", help[i].keys,
		    kw - text_width(help[i].keys), "", help[i].desc);
		view_add(v, line);
		free(line);
	}
	return (v);
}
