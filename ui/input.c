/* ferry: a one-line editor (see input.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "util/i18n.h"
#include "util/xmalloc.h"
#include "dialog.h"
#include "input.h"
#include "text.h"
#include "view.h"

#define INPUT_CTRL(c)	((c) & 0x1f)

struct input *
input_new(int kind, const char *title, const char *label, const char *text)
{
	struct input *in = xcalloc(1, sizeof *in);

	in->kind = kind;
	in->title = xstrdup(title);
	in->label = xstrdup(label != NULL ? label : "");
	input_set(in, text != NULL ? text : "");
	return (in);
}

void
input_free(struct input *in)
{
	if (in == NULL)
		return;
	free(in->title);
	free(in->label);
	if (in->buf != NULL)
		explicit_bzero(in->buf, in->cap * sizeof *in->buf);
	free(in->buf);
	free(in);
}

void
input_set(struct input *in, const char *text)
{
	wchar_t *ws = text_widen(text);

	if (in->buf != NULL)
		explicit_bzero(in->buf, in->cap * sizeof *in->buf);
	free(in->buf);
	in->buf = ws;
	in->len = in->pos = wcslen(ws);
	in->cap = in->len + 1;
}

char *
input_text(const struct input *in)
{
	size_t max = in->len * MB_CUR_MAX + 1, n;
	char *s = xmalloc(max);
	const wchar_t *p = in->buf;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	n = wcsrtombs(s, &p, max, &st);
	if (n == (size_t)-1)
		n = 0;
	s[n] = '\0';
	return (s);
}

static void
input_insert(struct input *in, wchar_t c)
{
	if (in->len + 2 > in->cap) {
		in->cap = (in->len + 2) * 2;
		in->buf = xreallocarray(in->buf, in->cap, sizeof *in->buf);
	}
	wmemmove(in->buf + in->pos + 1, in->buf + in->pos,
	    in->len - in->pos + 1);
	in->buf[in->pos++] = c;
	in->len++;
}

static void
input_delete(struct input *in, size_t at, size_t n)
{
	if (at >= in->len)
		return;
	if (at + n > in->len)
		n = in->len - at;
	wmemmove(in->buf + at, in->buf + at + n, in->len - at - n + 1);
	in->len -= n;
	if (in->pos > at + n)
		in->pos -= n;
	else if (in->pos > at)
		in->pos = at;
}

/* Ctrl-W: the word before the cursor. */
static void
input_delete_word(struct input *in)
{
	size_t end = in->pos, start = in->pos;

	while (start > 0 && in->buf[start - 1] == L' ')
		start--;
	while (start > 0 && in->buf[start - 1] != L' ' &&
	    in->buf[start - 1] != L'/')
		start--;
	input_delete(in, start, end - start);
}

static void
input_history(struct input *in, int dir)
{
	size_t want = in->hpos;

	if (dir > 0 && want < in->nhistory)
		want++;
	else if (dir < 0 && want > 0)
		want--;
	if (want == in->hpos || want == 0) {
		if (want == 0 && in->hpos != 0) {
			in->hpos = 0;
			input_set(in, "");
		}
		return;
	}
	in->hpos = want;
	input_set(in, in->history[want - 1]);
}

static void
input_complete(struct input *in)
{
	char *text, *done;

	if (in->complete == NULL)
		return;
	text = input_text(in);
	if ((done = in->complete(in->arg, text)) != NULL) {
		input_set(in, done);
		free(done);
	}
	free(text);
}

static int
input_edit_code(struct input *in, wint_t key)
{
	switch (key) {
	case KEY_LEFT:
		if (in->pos > 0)
			in->pos--;
		return (0);
	case KEY_RIGHT:
		if (in->pos < in->len)
			in->pos++;
		return (0);
	case KEY_HOME:
		in->pos = 0;
		return (0);
	case KEY_END:
		in->pos = in->len;
		return (0);
	case KEY_BACKSPACE:
		if (in->pos > 0)
			input_delete(in, in->pos - 1, 1);
		return (1);
	case KEY_DC:
		input_delete(in, in->pos, 1);
		return (1);
	case KEY_UP:
		input_history(in, 1);
		return (1);
	case KEY_DOWN:
		input_history(in, -1);
		return (1);
	case KEY_ENTER:
		return (2);
	}
	return (0);
}

enum input_result
input_key(struct input *in, int code, wint_t key)
{
	int r;

	in->changed = 0;
	if (code) {
		r = input_edit_code(in, key);
		if (r == 2)
			return (INPUT_DONE);
		in->changed = r;
		return (INPUT_EDITING);
	}
	switch (key) {
	case 27:
		return (INPUT_CANCEL);
	case L'\r':
	case L'\n':
		return (INPUT_DONE);
	case 0x7f:
	case INPUT_CTRL('h'):
		if (in->pos > 0)
			input_delete(in, in->pos - 1, 1);
		break;
	case INPUT_CTRL('u'):
		input_delete(in, 0, in->len);
		break;
	case INPUT_CTRL('w'):
		input_delete_word(in);
		break;
	case INPUT_CTRL('a'):
		in->pos = 0;
		return (INPUT_EDITING);
	case INPUT_CTRL('e'):
		in->pos = in->len;
		return (INPUT_EDITING);
	case L'\t':
		input_complete(in);
		break;
	default:
		if (key < 0x20 || key == 0x7f)
			return (INPUT_EDITING);
		input_insert(in, (wchar_t)key);
		break;
	}
	in->changed = 1;
	return (INPUT_EDITING);
}

void
input_draw(const struct input *in, int bottom)
{
	char *text = in->secret ? xcalloc(1, in->len + 1) : input_text(in);
	wchar_t *head;
	int w, y, x, lw, fw, cx, tw, hw;
	char **row;
	size_t i, n, shown;

	lw = text_width(in->label);
	if (bottom) {
		y = LINES - 1;
		x = 0;
		w = COLS;
		mvhline(y, 0, ' ', w);
		text_draw(y, 0, in->label, w, TEXT_LEFT);
		fw = w - lw - 1;
		cx = lw;
	} else {
		/* the label wrapped (three rows at most), then the line */
		w = COLS - 4 > 76 ? 76 : COLS - 4;
		row = view_wrap(in->label, w - 4 > 1 ? w - 4 : 1, &n);
		shown = n > 3 ? 3 : n;
		if ((size_t)LINES < shown + 4)
			shown = LINES > 5 ? (size_t)LINES - 4 : 1;
		y = (LINES - 4 - (int)shown) / 2;
		x = (COLS - w) / 2;
		dialog_box(y, x, 4 + (int)shown, w, in->title);
		for (i = 0; i < n; i++) {
			if (i < shown)
				text_draw(y + 1 + (int)i, x + 2, row[i], w - 4,
				    TEXT_LEFT);
			free(row[i]);
		}
		free(row);
		fw = w - 4;
		cx = x + 2;
		y += 1 + (int)shown;
	}
	if (fw < 4) {
		free(text);
		return;
	}
	if (in->secret)
		memset(text, '*', in->len);
	/* Text that is too long keeps its end (where one types) in sight. */
	tw = text_width(text);
	attron(A_UNDERLINE);
	mvhline(y, cx, ' ', fw);
	text_draw(y, cx, text, fw, tw >= fw ? TEXT_KEEP_END : TEXT_LEFT);
	attroff(A_UNDERLINE);
	/* The cursor: where pos falls. */
	head = xcalloc(in->pos + 1, sizeof *head);
	wmemcpy(head, in->buf, in->pos);
	hw = in->secret ? (int)in->pos : text_wwidth(head);
	free(head);
	if (tw < fw)
		cx += hw;
	else if (fw - 1 - (tw - hw) > 0)
		cx += fw - 1 - (tw - hw);
	move(y, cx);
	free(text);
	curs_set(1);
}
