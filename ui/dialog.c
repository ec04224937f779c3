/* ferry: the "target exists" dialog (see dialog.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "worker/msg.h"
#include "xfer/choice.h"
#include "xfer/evidence.h"
#include "dialog.h"
#include "input.h"
#include "text.h"
#include "view.h"

#define DIALOG_KEY_ESC	27


void
dialog_box_centered(int h, int w, const char *title, int *y, int *x)
{
	*y = (LINES - h) / 2;
	*x = (COLS - w) / 2;
	dialog_box(*y, *x, h, w, title);
}

void
dialog_lines(const char *title, const char *const *line, int n)
{
	int i, w = 0, y, x;

	for (i = 0; i < n; i++)
		if (line[i] != NULL && text_width(line[i]) > w)
			w = text_width(line[i]);
	w += 6;
	if (w < 40)
		w = 40;
	if (w > COLS)
		w = COLS;
	dialog_box_centered(n + 3, w, title, &y, &x);
	for (i = 0; i < n; i++)
		if (line[i] != NULL)
			text_draw(y + 1 + i, x + 2, line[i], w - 4,
			    TEXT_CUT_MIDDLE);
}

void
dialog_box(int y, int x, int h, int w, const char *title)
{
	int	i, tw;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title == NULL || *title == '\0' || w < 8)
		return;		/* no title: the border unbroken */
	tw = text_width(title) + 2;
	if (tw > w - 4)
		tw = w - 4;
	attron(A_BOLD);
	mvaddch(y, x + (w - tw) / 2, ' ');
	text_draw(y, x + (w - tw) / 2 + 1, title, tw - 2, TEXT_LEFT);
	mvaddch(y, x + (w - tw) / 2 + tw - 1, ' ');
	attroff(A_BOLD);
}

/* The first choice offered, from Resume on. */
static enum xfer_policy
dialog_first(unsigned choices)
{
	enum xfer_policy	p;

	for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
		if (choices & XFER_CHOICE(p))
			return (p);
	}
	return (XFER_CANCEL);
}

struct dialog *
dialog_open(struct msg_ev *ev)
{
	struct dialog	*d = xcalloc(1, sizeof *d);

	d->ev = ev;
	/* Cancel is always an answer, whatever the plan says. */
	d->ev->q.plan.choices |= XFER_CHOICE(XFER_CANCEL);
	d->sel = dialog_first(ev->q.plan.choices);
	return (d);
}

void
dialog_free(struct dialog *d)
{
	if (d == NULL)
		return;
	input_free(d->name);
	msg_ev_free(d->ev);
	free(d);
}

/* Columns a choice takes: its label with "[k]" for "&k". */
static int
dialog_choice_width(const char *label)
{
	return (text_width(label) - 1 + 2 + 2);	/* '&' out, "[]" in, gap */
}

/* Draw one choice at (y, x): "Re[n]ame", highlighted if selected. */
static void
dialog_choice_draw(const char *label, int y, int x, int selected)
{
	char	*before, key[8];
	size_t	 nb, nk;
	int	 w;

	if (selected)
		attron(A_REVERSE);
	choice_label_split(label, &nb, &nk);
	if (nk == 0 || nk >= sizeof key) {
		text_draw(y, x, label, text_width(label), TEXT_LEFT);
		goto out;
	}
	before = xstrndup(label, nb);
	w = text_width(before);
	text_draw(y, x, before, w, TEXT_LEFT);
	free(before);
	snprintf(key, sizeof key, "%.*s", (int)nk, label + nb + 1);
	mvaddch(y, x + w, '[');
	attron(A_BOLD);
	text_draw(y, x + w + 1, key, text_width(key), TEXT_LEFT);
	attroff(A_BOLD);
	x += w + 1 + text_width(key);
	mvaddch(y, x, ']');
	text_draw(y, x + 1, label + nb + 1 + nk,
	    text_width(label + nb + 1 + nk), TEXT_LEFT);
out:
	if (selected)
		attroff(A_REVERSE);
}

/* Columns of the choices on one line. */
static int
dialog_choices_width(const struct dialog *d)
{
	enum xfer_policy	p;
	int			w = 0;

	for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
		if (d->ev->q.plan.choices & XFER_CHOICE(p))
			w += dialog_choice_width(choice_label(p));
	}
	return (w > 2 ? w - 2 : w);
}

/* Lay the choices out in width columns from (y, x); draw them if asked.
 * Returns the rows they take. */
static int
dialog_choices(const struct dialog *d, int y, int x, int width, int draw)
{
	unsigned		 choices = d->ev->q.plan.choices;
	enum xfer_policy	 p;
	const char		*label;
	int			 cx = 0, rows = 1, cw;

	for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
		if (!(choices & XFER_CHOICE(p)))
			continue;
		label = choice_label(p);
		cw = dialog_choice_width(label);
		if (cx > 0 && cx + cw - 2 > width) {
			cx = 0;
			rows++;
		}
		if (draw)
			dialog_choice_draw(label, y + rows - 1, x + cx,
			    p == d->sel);
		cx += cw;
	}
	return (rows);
}

/*
 * One line of the evidence in width columns at (y, x), drawn if draw;
 * the rows it takes.  One that fits is one row.  A "label  location"
 * line too wide keeps its label and cuts its location in the middle
 * (the server and the name stay); any other is wrapped.
 */
static int
dialog_evidence_line(const char *line, int y, int x, int width, int draw)
{
	const char *gap = strstr(line, "  ");
	char *label, **row;
	size_t n, k;
	int lw;

	if (text_width(line) <= width) {
		if (draw)
			text_draw(y, x, line, width, TEXT_LEFT);
		return (1);
	}
	if (gap != NULL && gap > line && line[0] != ' ') {
		label = xstrndup(line, (size_t)(gap - line) + 2);
		lw = text_width(label);
		if (lw <= 16 && lw < width / 2) {
			if (draw) {
				text_draw(y, x, label, lw, TEXT_LEFT);
				text_draw(y, x + lw, gap + 2, width - lw,
				    TEXT_CUT_MIDDLE);
			}
			free(label);
			return (1);
		}
		free(label);
	}
	row = view_wrap(line, width, &n);
	for (k = 0; k < n; k++) {
		if (draw)
			text_draw(y + (int)k, x, row[k], width, TEXT_LEFT);
		free(row[k]);
	}
	free(row);
	return ((int)n);
}

void
dialog_draw(const struct dialog *d)
{
	const struct msg_question	*q = &d->ev->q;
	struct evidence			 t;
	char				*title, *name, *all;
	int				 w = 0, h, y, x, i, rows, lines;

	evidence_build(&t, q->source, q->target, &q->facts, &q->plan,
	    q->record);
	for (i = 0; i < t.n; i++) {
		if (text_width(t.line[i]) > w)
			w = text_width(t.line[i]);
	}
	if (dialog_choices_width(d) > w)
		w = dialog_choices_width(d);
	w += 4;
	if (w < 64)
		w = 64;
	if (w > COLS - 2)
		w = COLS - 2;
	rows = dialog_choices(d, 0, 0, w - 4, 0);
	for (i = 0, lines = 0; i < t.n; i++)
		lines += dialog_evidence_line(t.line[i], 0, 0, w - 4, 0);
	h = lines + rows + 5;
	if (w < 12 || h > LINES) {
		evidence_free(&t);
		view_note(_("the window is too small for the question"));
		return;
	}
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	name = fmt_safe_name(path_basename(d->ev->q.target));
	title = xasprintf(q->facts.check.kind != XM_NONE ?
	    _("%s differs from the source") : _("%s already exists"), name);
	dialog_box(y, x, h, w, title);
	free(title);
	free(name);
	for (i = 0, lines = 0; i < t.n; i++)
		lines += dialog_evidence_line(t.line[i], y + 1 + lines, x + 2,
		    w - 4, 1);
	dialog_choices(d, y + 2 + lines, x + 2, w - 4, 1);
	all = xasprintf("[%c] %s", d->all ? 'x' : ' ',
	    _("apply to all remaining items (x)"));
	text_draw(y + 2 + lines + rows, x + 2, all, w - 4, TEXT_LEFT);
	free(all);
	text_draw(y + h - 2, x + 2, _("letter: choose  Enter: the highlighted "
	    "one  Esc: cancel"), w - 4, TEXT_LEFT);
	evidence_free(&t);
	if (d->name != NULL)
		input_draw(d->name, 0);
}

/* Move the selection to the next (dir 1) or previous offered choice. */
static void
dialog_move(struct dialog *d, int dir)
{
	unsigned	choices = d->ev->q.plan.choices;
	int		p = (int)d->sel;

	do {
		p += dir;
		if (p < XFER_RESUME)
			p = XFER_POLICY_COUNT - 1;
		if (p >= XFER_POLICY_COUNT)
			p = XFER_RESUME;
	} while (!(choices & XFER_CHOICE(p)));
	d->sel = (enum xfer_policy)p;
}

/* The name Rename suggests: the engine's first free one, else NAME.1. */
static char *
dialog_suggest(const struct dialog *d)
{
	const struct msg_question *q = &d->ev->q;

	if (q->suggest != NULL)
		return (xstrdup(q->suggest));
	return (xasprintf("%s.1", path_basename(q->target)));
}

/* A choice was taken: Rename asks for the name first (returns 0). */
static int
dialog_take(struct dialog *d, enum xfer_policy p, enum xfer_policy *answer)
{
	char	*text;

	if (p != XFER_RENAME) {
		*answer = p;
		return (1);
	}
	d->sel = p;
	text = dialog_suggest(d);
	d->name = input_new(0, _("Rename"), _("Write the copy to the name:"),
	    text);
	free(text);
	return (0);
}

/* A key while the name is typed. */
static int
dialog_name_key(struct dialog *d, int code, wint_t key,
    enum xfer_policy *answer, char **name)
{
	char	*text;

	switch (input_key(d->name, code, key)) {
	case INPUT_EDITING:
		return (0);
	case INPUT_CANCEL:
		break;
	case INPUT_DONE:
		text = input_text(d->name);
		if (*text != '\0')
			*name = text;
		else
			free(text);
		*answer = XFER_RENAME;
		input_free(d->name);
		d->name = NULL;
		return (1);
	}
	input_free(d->name);
	d->name = NULL;
	return (0);
}

int
dialog_key(struct dialog *d, int code, wint_t key, enum xfer_policy *answer,
    char **name)
{
	unsigned		choices = d->ev->q.plan.choices;
	enum xfer_policy	p;

	*name = NULL;
	if (d->name != NULL)
		return (dialog_name_key(d, code, key, answer, name));
	if (code) {
		if (key == KEY_LEFT || key == KEY_BTAB)
			dialog_move(d, -1);
		else if (key == KEY_RIGHT)
			dialog_move(d, 1);
		else if (key == KEY_ENTER)
			return (dialog_take(d, d->sel, answer));
		return (0);
	}
	if (key == DIALOG_KEY_ESC) {
		*answer = XFER_CANCEL;
		return (1);
	}
	if (key == L'\r' || key == L'\n')
		return (dialog_take(d, d->sel, answer));
	if (key == L'\t') {
		dialog_move(d, 1);
		return (0);
	}
	for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
		if ((choices & XFER_CHOICE(p)) &&
		    choice_hotkey(p) == towlower(key))
			return (dialog_take(d, p, answer));
	}
	if (key == L'x' || key == L'X' || key == L' ')
		d->all = !d->all;
	return (0);
}
