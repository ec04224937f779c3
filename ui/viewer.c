/* ferry: the viewer (see viewer.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "text.h"
#include "view.h"
#include "viewer.h"

#define VIEWER_HEX_ROW	16	/* bytes a hex line */

/* Ask for len bytes from off (back: the piece before base). */
static void
viewer_read(struct viewer *vw, struct worker *w, uint64_t off, uint64_t len,
    int back)
{
	struct msg_cmd *m = msg_cmd_new(MC_READ);

	m->src = xstrdup(vw->location);
	m->offset = off;
	m->length = len;
	vw->back = back;
	vw->job = worker_send(w, m);
}

static void
viewer_request(struct viewer *vw, struct worker *w)
{
	if (vw->job != 0 || vw->eof)
		return;
	viewer_read(vw, w, vw->loaded, VIEWER_CHUNK, 0);
}

/* Ask for the piece before base (after a jump to the end), then scroll
 * up rows. */
static void
viewer_request_back(struct viewer *vw, struct worker *w, size_t rows)
{
	if (vw->base == 0 || (vw->job != 0 && !vw->back))
		return;
	if (vw->up_rows < rows)
		vw->up_rows = rows;
	if (vw->job != 0)
		return;			/* it is on its way */
	vw->back_off = vw->base > VIEWER_CHUNK ? vw->base - VIEWER_CHUNK : 0;
	viewer_read(vw, w, vw->back_off, vw->base - vw->back_off, 1);
}

/* Forget what was read and read on from off (a multiple of a hex line);
 * a reply on its way is dropped (its id is no longer awaited). */
static void
viewer_jump(struct viewer *vw, struct worker *w, uint64_t off)
{
	view_clear(vw->v);
	vw->v->follow = 0;
	free(vw->carry);
	free(vw->head);
	vw->carry = vw->head = NULL;
	vw->base = vw->loaded = off;
	vw->eof = 0;
	vw->job = 0;
	vw->up_rows = 0;
	vw->seeking = vw->paused = vw->wrapped = 0;
	vw->scan = vw->scan_from = 0;
	viewer_request(vw, w);
}

struct viewer *
viewer_open(struct worker *w, const char *location, const char *title,
    uint64_t size)
{
	struct viewer *vw = xcalloc(1, sizeof *vw);
	char *t;

	vw->location = xstrdup(location);
	vw->size = size;
	vw->w = w;
	t = xasprintf(_("View: %s"), title);
	vw->v = view_new(t, _("Up, Down, PgUp, PgDn, Home, End: scroll  "
	    "/: search  n: next  q: close"));
	free(t);
	viewer_request(vw, w);
	return (vw);
}

void
viewer_free(struct viewer *vw)
{
	if (vw == NULL)
		return;
	view_free(vw->v);
	free(vw->location);
	free(vw->carry);
	free(vw->head);
	free(vw->typing);
	free(vw->search);
	free(vw->note);
	free(vw);
}

static void
viewer_note(struct viewer *vw, char *note)
{
	free(vw->note);
	vw->note = note;
}

/* Look for the search from line scan on: the first line that holds it is
 * highlighted and scrolled to; else the next piece is asked for; at the
 * end of the file the search goes on from the start up to where it
 * began, then says it found nothing. */
static void
viewer_seek(struct viewer *vw)
{
	struct view *v = vw->v;
	size_t i, end;
	char *safe;

	for (;;) {
		end = vw->wrapped ? vw->scan_from : v->n;
		for (i = vw->scan; i < end; i++) {
			if (strcasestr(v->line[i], vw->search) == NULL)
				continue;
			v->mark = i;
			v->to_mark = 1;
			vw->scan = i + 1;
			vw->seeking = 0;
			viewer_note(vw, vw->wrapped ? xstrdup(_("search "
			    "wrapped to the start")) : NULL);
			vw->wrapped = 0;
			return;
		}
		vw->scan = end;
		if (vw->wrapped)
			break;
		if (!vw->eof && vw->loaded - vw->seek_base >=
		    VIEWER_SEEK_MAX) {
			/* Kept in memory as it is read: a pause at each
			 * 16 MiB, n goes on. */
			vw->seeking = 0;
			vw->paused = 1;
			viewer_note(vw, xasprintf(_("not found in the next "
			    "%d MiB: n reads on"), VIEWER_SEEK_MAX >> 20));
			return;
		}
		if (!vw->eof) {
			vw->seeking = 1;
			viewer_request(vw, vw->w);	/* unless one is on
							   its way */
			return;
		}
		if (vw->scan_from == 0)
			break;
		vw->wrapped = 1;
		vw->scan = 0;
	}
	vw->seeking = 0;
	vw->wrapped = 0;
	safe = fmt_safe_name(vw->search);
	if (vw->base > 0)	/* after End: only the end was read */
		viewer_note(vw, xasprintf(_("not found from byte %llu to "
		    "the end: %s"), (unsigned long long)vw->base, safe));
	else
		viewer_note(vw, xasprintf(_("not found: %s"), safe));
	free(safe);
}

/* Search again from line from. */
static void
viewer_seek_from(struct viewer *vw, size_t from)
{
	vw->scan = vw->scan_from = from;
	vw->wrapped = 0;
	vw->paused = 0;
	vw->seek_base = vw->loaded;
	viewer_seek(vw);
}

/* What is typed so far, as UTF-8 (malloc'd; "" if it cannot be). */
static char *
viewer_typed(const struct viewer *vw)
{
	size_t len = wcstombs(NULL, vw->typing, 0);
	char *text;

	if (len == (size_t)-1)
		return (xstrdup(""));
	text = xmalloc(len + 1);
	wcstombs(text, vw->typing, len + 1);
	return (text);
}

/* A key while the search is typed. */
static void
viewer_typing_key(struct viewer *vw, int code, wint_t key)
{
	char *text;

	if ((!code && (key == L'\r' || key == L'\n')) ||
	    (code && key == KEY_ENTER)) {
		text = viewer_typed(vw);
		if (*text != '\0') {
			free(vw->search);
			vw->search = text;
			viewer_seek_from(vw, vw->v->top_line);
		} else
			free(text);
		free(vw->typing);
		vw->typing = NULL;
	} else if (!code && key == 27) {
		free(vw->typing);
		vw->typing = NULL;
	} else if ((code && key == KEY_BACKSPACE) ||
	    (!code && (key == 127 || key == 8))) {
		if (vw->ntyped > 0)
			vw->typing[--vw->ntyped] = L'\0';
	} else if (!code && key >= 0x20 && vw->ntyped < 200) {
		vw->typing = xreallocarray(vw->typing, vw->ntyped + 2,
		    sizeof *vw->typing);
		vw->typing[vw->ntyped++] = (wchar_t)key;
		vw->typing[vw->ntyped] = L'\0';
	}
}

/* Text or not: no NUL, and valid UTF-8 (or the locale's text). */
static int
viewer_is_binary(const char *buf, size_t len)
{
	char *copy;
	size_t n;

	if (memchr(buf, '\0', len) != NULL)
		return (1);
	copy = xstrndup(buf, len);
	/* A multibyte character cut at the end of the piece is fine. */
	n = mbstowcs(NULL, copy, 0);
	if (n == (size_t)-1 && len > 4) {
		copy[len - 4] = '\0';
		n = mbstowcs(NULL, copy, 0);
	}
	free(copy);
	return (n == (size_t)-1);
}

/* One text line: tabs to spaces, the rest made safe. */
static void
viewer_add_line(struct view *to, const char *line)
{
	char *exp, *safe;
	size_t i, n = 0, col = 0;

	exp = xmalloc(strlen(line) * 8 + 1);
	for (i = 0; line[i] != '\0'; i++) {
		if (line[i] == '\t') {
			do
				exp[n++] = ' ';
			while (++col % 8 != 0);
			continue;
		}
		if (line[i] != '\r' || line[i + 1] != '\0')
			exp[n++] = line[i];
		col++;
	}
	exp[n] = '\0';
	safe = fmt_safe_name(exp);
	view_add(to, safe);
	free(safe);
	free(exp);
}

/* Every line of text, the last one included (it ends where the text
 * does). */
static void
viewer_lines(struct view *to, char *text)
{
	char *p, *nl;

	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		viewer_add_line(to, p);
	}
	viewer_add_line(to, p);
}

static void
viewer_text(struct viewer *vw, const char *buf, size_t len, int last)
{
	char *all, *p, *nl;

	all = xasprintf("%s%.*s", vw->carry != NULL ? vw->carry : "",
	    (int)len, buf);
	free(vw->carry);
	vw->carry = NULL;
	p = all;
	if (vw->base > 0 && vw->head == NULL) {
		/* Read from the middle: the first line began before base,
		 * and is shown whole once the piece before has come.  A
		 * line longer than a piece is shown from base. */
		if ((nl = strchr(p, '\n')) != NULL) {
			*nl = '\0';
			vw->head = xstrdup(p);
			p = nl + 1;
		} else
			vw->head = xstrdup("");
	}
	if ((nl = strrchr(p, '\n')) != NULL) {	/* the lines ended */
		*nl = '\0';
		viewer_lines(vw->v, p);
		p = nl + 1;
	}
	if (*p != '\0') {
		if (last)
			viewer_add_line(vw->v, p);
		else
			vw->carry = xstrdup(p);
	}
	free(all);
}

static void
viewer_hex(struct view *to, const unsigned char *buf, size_t len,
    uint64_t off)
{
	char line[128];
	size_t i, j, n;

	for (i = 0; i < len; i += VIEWER_HEX_ROW) {
		/* 76 columns: a row of an 80-column screen's box. */
		n = (size_t)snprintf(line, sizeof line, "%08llx",
		    (unsigned long long)(off + i));
		for (j = 0; j < VIEWER_HEX_ROW; j++) {
			if (i + j < len)
				n += (size_t)snprintf(line + n, sizeof line - n,
				    " %02x", buf[i + j]);
			else
				n += (size_t)snprintf(line + n, sizeof line - n,
				    "   ");
		}
		n += (size_t)snprintf(line + n, sizeof line - n, "  |");
		for (j = 0; j < VIEWER_HEX_ROW && i + j < len; j++)
			line[n++] = buf[i + j] >= 0x20 && buf[i + j] < 0x7f ?
			    (char)buf[i + j] : '.';
		line[n++] = '|';
		line[n] = '\0';
		view_add(to, line);
	}
}

/* Why a read failed, safe to draw (malloc'd). */
static char *
viewer_error(const struct msg_ev *ev)
{
	return (fmt_safe_name(ev->text != NULL ? ev->text :
	    _("cannot read the file")));
}

/* The piece before base came: its lines go in front, what was in sight
 * stays, then the view scrolls up as the key that asked for it would
 * have. */
static void
viewer_back_data(struct viewer *vw, struct msg_ev *ev)
{
	struct view *v = vw->v, *tmp;
	const char *buf = ev->data != NULL ? ev->data : "";
	char *all, *p, *nl;
	size_t k, rows = vw->up_rows;

	vw->up_rows = 0;
	if (ev->status != 0) {
		viewer_note(vw, viewer_error(ev));
		return;
	}
	tmp = view_new("", NULL);
	if (vw->hex)
		viewer_hex(tmp, (const unsigned char *)buf, ev->len,
		    vw->back_off);
	else {
		all = xasprintf("%.*s%s", (int)ev->len, buf,
		    vw->head != NULL ? vw->head : "");
		p = all;
		free(vw->head);
		vw->head = NULL;
		if (vw->back_off > 0) {
			/* Its first line began before it, unless the
			 * whole piece is the end of one line. */
			if ((nl = strchr(p, '\n')) != NULL) {
				*nl = '\0';
				vw->head = xstrdup(p);
				viewer_lines(tmp, nl + 1);
			} else
				vw->head = xstrdup(p);
		} else
			viewer_lines(tmp, p);
		free(all);
	}
	vw->base = vw->back_off;
	k = tmp->n;
	view_prepend(v, tmp);
	vw->scan += k;
	vw->scan_from += k;
	v->top = v->top > rows ? v->top - rows : 0;
	if (rows > 0)
		v->follow = 0;
}

void
viewer_data(struct viewer *vw, struct msg_ev *ev)
{
	char *safe;

	vw->job = 0;
	if (vw->back) {
		vw->back = 0;
		viewer_back_data(vw, ev);
		if (vw->seeking)	/* begun while it was on its way */
			viewer_seek(vw);
		return;
	}
	if (ev->status != 0) {
		safe = viewer_error(ev);
		view_add(vw->v, safe);
		free(safe);
		vw->eof = 1;
		vw->seeking = 0;
		return;
	}
	if (vw->loaded == 0)
		vw->hex = viewer_is_binary(ev->data != NULL ? ev->data : "",
		    ev->len);
	vw->eof = ev->len < VIEWER_CHUNK;
	if (vw->hex)
		viewer_hex(vw->v, (const unsigned char *)ev->data, ev->len,
		    vw->loaded);
	else
		viewer_text(vw, ev->data != NULL ? ev->data : "", ev->len,
		    vw->eof);
	vw->loaded += ev->len;
	if (vw->eof && vw->v->n == 0)
		view_add(vw->v, _("(empty)"));
	else if (vw->v->follow && !vw->eof)
		viewer_request(vw, vw->w);	/* End: on to the last byte */
	if (vw->seeking)
		viewer_seek(vw);
}

int
viewer_key(struct viewer *vw, struct worker *w, int code, wint_t key)
{
	struct view *v = vw->v;
	size_t step, short_by = 0;

	if (vw->typing != NULL) {
		viewer_typing_key(vw, code, key);
		return (0);
	}
	if (!code && key == 27 && vw->seeking) {
		vw->seeking = 0;
		viewer_note(vw, xstrdup(_("search stopped")));
		return (0);
	}
	viewer_note(vw, NULL);
	if ((!code && key == L'/') || (code && key == KEY_F(7))) {
		vw->typing = xcalloc(1, sizeof *vw->typing);
		vw->ntyped = 0;
		return (0);
	}
	if (!code && key == L'n' && vw->paused) {
		vw->paused = 0;
		vw->seek_base = vw->loaded;
		viewer_seek(vw);	/* on from where it paused */
		return (0);
	}
	if (!code && key == L'n') {
		if (vw->search != NULL)
			viewer_seek_from(vw, vw->v->mark != VIEW_NONE &&
			    vw->v->mark >= vw->v->top_line ? vw->v->mark + 1 :
			    vw->v->top_line);
		return (0);
	}
	if ((!code && (key == L'q' || key == 27)) ||
	    (code && (key == KEY_F(3) || key == KEY_F(10))))
		return (1);
	/* A first piece has come (text or hex is decided), and more than
	 * another is left: End reads the last one, not all before it. */
	if (code && key == KEY_END && !vw->eof && vw->loaded > 0 &&
	    vw->size > vw->loaded + VIEWER_CHUNK) {
		viewer_jump(vw, w, (vw->size - VIEWER_CHUNK) &
		    ~(uint64_t)(VIEWER_HEX_ROW - 1));
		v->follow = 1;
		return (0);
	}
	if (code && key == KEY_HOME && vw->base > 0) {
		viewer_jump(vw, w, 0);
		return (0);
	}
	if (code && (key == KEY_UP || key == KEY_PPAGE) && vw->base > 0) {
		step = key == KEY_UP || v->height <= 1 ? 1 :
		    (size_t)v->height - 1;
		short_by = v->top < step ? step - v->top : 0;
	}
	if (view_key(v, code, key))
		return (0);		/* other keys do nothing here */
	/* Near the end: the next piece; near the top (after End): the one
	 * before, and what the key could not scroll yet. */
	if ((long)v->top + 2L * v->height >= v->rows)
		viewer_request(vw, w);
	if (vw->base > 0 && (short_by > 0 || (long)v->top < v->height))
		viewer_request_back(vw, w, short_by);
	return (0);
}

void
viewer_draw(struct viewer *vw)
{
	char *line, *text;

	view_draw(vw->v, 1);
	if (vw->typing != NULL) {
		text = viewer_typed(vw);
		line = xasprintf(_("Search: %s"), text);
		text_draw(LINES - 1, 2, line, COLS - 4, TEXT_KEEP_END);
		free(line);
		free(text);
	} else if (vw->seeking) {
		line = xasprintf(_("searching... (%llu bytes read)"),
		    (unsigned long long)vw->loaded);
		text_draw(LINES - 1, 2, line, COLS - 4, TEXT_LEFT);
		free(line);
	} else if (vw->note != NULL)
		text_draw(LINES - 1, 2, vw->note, COLS - 4, TEXT_LEFT);
	else if (vw->job != 0)
		mvaddstr(LINES - 1, 2, _("reading..."));
	else if (vw->base > 0) {
		line = xasprintf(_("from byte %llu of %llu  Home: the "
		    "start"), (unsigned long long)vw->base,
		    (unsigned long long)vw->size);
		text_draw(LINES - 1, 2, line, COLS - 4, TEXT_LEFT);
		free(line);
	}
}
