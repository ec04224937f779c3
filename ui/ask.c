/* ferry: password and trust questions (see ask.h). */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "worker/msg.h"
#include "xfer/choice.h"
#include "ask.h"
#include "dialog.h"
#include "text.h"
#include "view.h"

#define ASK_KEY_ESC	27
#define ASK_INPUT_MAX	1024	/* bytes of a typed secret */

/* A wide string back to the locale's multibyte text (malloc'd). */
static char *
ask_narrow(const wchar_t *ws)
{
	size_t n = wcstombs(NULL, ws, 0);
	char *s;

	if (n == (size_t)-1)
		return (xstrdup("?"));
	s = xmalloc(n + 1);
	wcstombs(s, ws, n + 1);
	return (s);
}

struct ask *
ask_open(struct msg_ev *ev)
{
	struct ask *k = xcalloc(1, sizeof *k);

	k->ev = ev;
	k->cap = ASK_INPUT_MAX + 8;
	k->input = xcalloc(1, k->cap);
	return (k);
}

void
ask_free(struct ask *k)
{
	if (k == NULL)
		return;
	explicit_bzero(k->input, k->cap);
	free(k->input);
	msg_ev_free(k->ev);
	free(k);
}

/* The lines of the details, each made safe to draw and cut into pieces of
 * at most width columns (a fingerprint is long); returns the count. */
static int
ask_details(const struct ask *k, int width, char **line, int max)
{
	const char *p = k->ev->q.details != NULL ? k->ev->q.details : "";
	char *one, *safe;
	wchar_t *ws, *w, save;
	size_t n, len, brk, b;
	int i = 0, cols;

	while (*p != '\0' && i < max) {
		n = strcspn(p, "\n");
		one = xstrndup(p, n);
		safe = fmt_safe_name(one);
		ws = text_widen(safe);
		for (w = ws; *w != L'\0' && i < max; w += len) {
			for (len = 0, cols = 0; w[len] != L'\0'; len++) {
				if (cols + wcwidth(w[len]) > width && len > 0)
					break;
				cols += wcwidth(w[len]) > 0 ? wcwidth(w[len]) : 0;
			}
			/* Break at the last blank of the piece, if any. */
			brk = len;
			if (w[len] != L'\0')
				for (b = len; b > 0; b--)
					if (w[b] == L' ') {
						brk = b;
						break;
					}
			save = w[brk];
			w[brk] = L'\0';
			line[i++] = ask_narrow(w);
			w[brk] = save;
			len = brk < len ? brk + 1 : len;
		}
		free(ws);
		free(safe);
		free(one);
		p += n;
		if (*p == '\n')
			p++;
	}
	return (i);
}

/* Bytes in the longest line of text (columns, for the ASCII of keys and
 * fingerprints). */
static int
ask_longest(const char *text)
{
	size_t n, most = 0;

	while (text != NULL && *text != '\0') {
		n = strcspn(text, "\n");
		if (n > most)
			most = n;
		text += n;
		if (*text == '\n')
			text++;
	}
	return ((int)most);
}

/* The answers to a trust question, hotkeys from the translations. */
static const char *
ask_trust_label(enum vfs_trust t)
{
	switch (t) {
	case VFS_TRUST_ONCE:
		return (_("&Yes, once"));
	case VFS_TRUST_ALWAYS:
		return (_("&Always (remember it)"));
	default:
		return (_("&No"));
	}
}

/* "[y]es, once   [a]lways (remember it)   [n]o   Esc: no" */
static void
ask_trust_keys(int y, int x, int width)
{
	static const enum vfs_trust order[] = { VFS_TRUST_ONCE,
	    VFS_TRUST_ALWAYS, VFS_TRUST_NO };
	char line[512], one[128];
	size_t i, n = 0;

	line[0] = '\0';
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		choice_label_bracketed(ask_trust_label(order[i]), one,
		    sizeof one);
		n += (size_t)snprintf(line + n, sizeof line - n, "%s   ", one);
		if (n >= sizeof line)
			n = sizeof line - 1;
	}
	snprintf(line + n, sizeof line - n, "%s", _("Esc: no"));
	text_draw(y, x, line, width, TEXT_LEFT);
}

void
ask_draw(const struct ask *k)
{
	const struct msg_question *q = &k->ev->q;
	char *line[12], *prompt, *shown;
	int i, n, w, h, y, x, longest;

	prompt = fmt_safe_name(q->prompt != NULL ? q->prompt : "");
	/* As wide as the prompt, at least 60 columns, at most the screen;
	 * longer detail lines are cut into pieces. */
	w = text_width(prompt) + 4;
	if (w < 60)
		w = 60;
	if ((longest = ask_longest(q->details)) + 4 > w)
		w = longest + 4;
	if (w > COLS - 2)
		w = COLS - 2;
	n = q->kind == MQ_TRUST && w > 4 ? ask_details(k, w - 4, line, 12) :
	    0;
	h = n + 6;
	if (w < 20 || h > LINES) {
		view_note(_("the window is too small for the question"));
		goto out;
	}
	dialog_box_centered(h, w, q->kind == MQ_TRUST ?
	    _("Trust this server?") : _("Log in"), &y, &x);
	text_draw(y + 1, x + 2, prompt, w - 4, TEXT_LEFT);
	for (i = 0; i < n; i++)
		text_draw(y + 2 + i, x + 2, line[i], w - 4, TEXT_LEFT);
	if (q->kind == MQ_TRUST) {
		ask_trust_keys(y + h - 2, x + 2, w - 4);
		goto out;
	}
	/* A secret shows one '*' per character typed; a reply the server
	 * asked to echo shows as typed. */
	if (q->echo)
		shown = fmt_safe_name(k->input);
	else {
		shown = xcalloc(1, k->len + 1);
		memset(shown, '*', mbstowcs(NULL, k->input, 0) == (size_t)-1 ?
		    k->len : mbstowcs(NULL, k->input, 0));
	}
	attron(A_REVERSE);
	text_draw(y + 3, x + 2, shown, w - 4, TEXT_KEEP_END);
	attroff(A_REVERSE);
	free(shown);
	text_draw(y + h - 2, x + 2, _("Enter: log in  Esc: cancel"), w - 4,
	    TEXT_LEFT);
out:
	for (i = 0; i < n; i++)
		free(line[i]);
	free(prompt);
}

/* Remove the last character typed (a whole multibyte one). */
static void
ask_backspace(struct ask *k)
{
	while (k->len > 0) {
		k->len--;
		/* Stop at the first byte of a character. */
		if (((unsigned char)k->input[k->len] & 0xc0) != 0x80)
			break;
	}
	explicit_bzero(k->input + k->len, k->cap - k->len);
}

static void
ask_type(struct ask *k, wint_t key)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || k->len + n > ASK_INPUT_MAX)
		return;
	memcpy(k->input + k->len, mb, n);
	k->len += n;
	explicit_bzero(mb, sizeof mb);
}

static int
ask_key_trust(struct ask *k, wint_t key, struct msg_cmd *m)
{
	static const enum vfs_trust all[] = { VFS_TRUST_ONCE,
	    VFS_TRUST_ALWAYS, VFS_TRUST_NO };
	size_t i;

	(void)k;
	if (key == ASK_KEY_ESC) {
		m->trust = VFS_TRUST_NO;
		return (1);
	}
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (towlower(key) ==
		    choice_label_hotkey(ask_trust_label(all[i]))) {
			m->trust = all[i];
			return (1);
		}
	}
	return (0);
}

static int
ask_key_secret(struct ask *k, int code, wint_t key, struct msg_cmd *m)
{
	if ((code && key == KEY_ENTER) || (!code && (key == L'\r' ||
	    key == L'\n'))) {
		m->text = xstrdup(k->input);
		return (1);
	}
	if (!code && key == ASK_KEY_ESC)
		return (1);	/* no text: cancelled */
	if ((code && key == KEY_BACKSPACE) || (!code && (key == 127 ||
	    key == 8)))
		ask_backspace(k);
	else if (!code && key == 21) {	/* ^U: start again */
		k->len = 0;
		explicit_bzero(k->input, k->cap);
	}
	else if (!code && iswprint(key))
		ask_type(k, key);
	return (0);
}

int
ask_key(struct ask *k, int code, wint_t key, struct msg_cmd **answer)
{
	struct msg_cmd *m = msg_cmd_new(MC_ANSWER);
	int done;

	m->id = k->ev->id;
	if (k->ev->q.kind == MQ_TRUST)
		done = !code && ask_key_trust(k, key, m);
	else
		done = ask_key_secret(k, code, key, m);
	if (!done) {
		msg_cmd_free(m);
		return (0);
	}
	*answer = m;
	return (1);
}
