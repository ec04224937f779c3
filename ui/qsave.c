/* ferry: the file manager's queue kept on disk ($XDG_STATE_HOME/ferry/
 * queue, src/conf/qfile.c): written whenever the queue changes, so that a
 * crash, a kill or a quit loses nothing; the next start offers the items
 * that did not finish, and resumes them (their partial files are checked
 * against the source as every resume is). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "conf/qfile.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "app.h"
#include "dialog.h"
#include "text.h"

static enum qfile_state
qsave_state(enum queue_state s)
{
	switch (s) {
	case QS_RUNNING:
		return (QFILE_RUNNING);
	case QS_FAILED:
		return (QFILE_FAILED);
	case QS_DONE:
		return (QFILE_DONE);
	case QS_CANCELLED:
		return (QFILE_CANCELLED);
	default:
		return (QFILE_QUEUED);
	}
}

void
app_queue_save(struct app *a)
{
	struct qfile q = { NULL, 0 };
	struct qfile_item qi;
	struct queue_item *it;
	char *path, *cause = NULL;

	if (a->frozen || (path = qfile_path()) == NULL)
		return;
	for (it = a->queue.head; it != NULL; it = it->next) {
		if (it->edit)
			continue;	/* F4's copies end with this session */
		memset(&qi, 0, sizeof qi);
		qi.source = it->src;
		qi.target = it->dst;
		qi.kind = it->tree ? QFILE_TREE : QFILE_FILE;
		qi.op = QFILE_COPY;
		qi.state = qsave_state(it->state);
		qi.done = it->done;
		qi.total = it->total > 0 ? it->total : QFILE_SIZE_UNKNOWN;
		qi.message = it->message;
		qfile_add(&q, &qi);
	}
	if (qfile_save(path, &q, &cause) != 0) {
		app_message(a, "%s", cause);
		free(cause);
	}
	qfile_free(&q);
	free(path);
}

/* At start: the items that did not finish last time, offered. */
void
app_queue_offer(struct app *a)
{
	char *path, *warning = NULL;

	if ((path = qfile_path()) == NULL)
		return;
	a->restore = xcalloc(1, sizeof *a->restore);
	if (qfile_load(path, a->restore, &warning) != 0 && warning != NULL) {
		app_message(a, "%s", warning);
	}
	free(warning);
	free(path);
	if (a->restore->n == 0) {
		qfile_free(a->restore);
		free(a->restore);
		a->restore = NULL;
	}
}

static void
app_restore_end(struct app *a)
{
	qfile_free(a->restore);
	free(a->restore);
	a->restore = NULL;
	app_queue_changed(a);
}

/* The saved items into the queue as one batch, in state (with a
 * message, or NULL); our own partials: resumed after the usual check. */
static void
app_restore_add(struct app *a, enum queue_state state, const char *message)
{
	struct queue_item *it;
	enum qfile_direction d;
	size_t i;

	a->queue.batches++;
	for (i = 0; i < a->restore->n; i++) {
		d = qfile_direction(&a->restore->v[i]);
		it = queue_add(&a->queue, a->restore->v[i].source,
		    a->restore->v[i].target, d == QFILE_DOWNLOAD ||
		    d == QFILE_LOCAL ? APP_LEFT : APP_RIGHT,
		    d == QFILE_DOWNLOAD);
		it->tree = a->restore->v[i].kind == QFILE_TREE;
		it->policy = XFER_RESUME;
		it->state = state;
		if (message != NULL)
			queue_set_message(it, message);
	}
}

void
app_restore_key(struct app *a, int code, wint_t key)
{
	if (code)
		return;
	switch (towlower(key)) {
	case L'r':
		app_restore_add(a, QS_WAITING, NULL);
		app_message(a, P_("%zu transfer resumed from last time",
		    "%zu transfers resumed from last time", a->restore->n),
		    a->restore->n);
		app_restore_end(a);
		break;
	case L'd':
		app_message(a, "%s", _("the unfinished transfers of last time "
		    "were dropped (their partial files stay)"));
		app_restore_end(a);
		break;
	case L'l':
	case 27:
		/* In the queue, not started: r in the queue view resumes
		 * one; they stay in the file meanwhile. */
		app_restore_add(a, QS_FAILED, _("not finished last time: r "
		    "in the queue view (F2) resumes it"));
		app_restore_end(a);
		break;
	}
}

void
app_restore_draw(struct app *a)
{
	const struct qfile *q = a->restore;
	char *title, *line, *name, *safe;
	size_t i, shown;
	int w = COLS - 8 > 90 ? 90 : COLS - 8, h, y, x;

	shown = q->n > (size_t)(LINES - 10) ? (size_t)(LINES - 10) : q->n;
	h = (int)shown + 6;
	if (w < 30 || LINES < 10)
		return;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	title = xasprintf(P_("%zu transfer did not finish last time",
	    "%zu transfers did not finish last time", q->n), q->n);
	dialog_box(y, x, h, w, title);
	free(title);
	for (i = 0; i < shown; i++) {
		name = url_last_name(q->v[i].source);
		safe = fmt_safe_name(name);
		line = xasprintf("%s  %s", qfile_direction(&q->v[i]) ==
		    QFILE_DOWNLOAD ? "<-" : "->", safe);
		text_draw(y + 1 + (int)i, x + 2, line, w - 4, TEXT_LEFT);
		free(line);
		free(safe);
		free(name);
	}
	text_draw(y + h - 3, x + 2, _("Their partial files are checked "
	    "against the source before anything is appended."), w - 4,
	    TEXT_LEFT);
	text_draw(y + h - 2, x + 2, _("[r] resume them  [d] drop them  "
	    "[l] later (kept in the queue, F2)"), w - 4, TEXT_LEFT);
}
