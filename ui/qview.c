/* ferry: the queue view: every item of the transfer queue, one a line,
 * with its state, bytes, rate, ETA and last message; keys act on the
 * selected item (see app.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "app.h"
#include "text.h"

#define QVIEW_KEYS	N_("c cancel  r retry  d remove  x remove ended  " \
			    "F2/Esc back")

#define QVIEW_STATE_W	12	/* cells for the state */

/* "12.0/64.0 MiB  3.1 MiB/s  0:17" for a running item, the bytes moved
 * for an ended one. */
static void
qview_amounts(const struct queue_item *it, char *buf, size_t len)
{
	char done[32], total[32], rate[32], eta[32];

	fmt_size(it->done, done, sizeof done);
	if (it->state != QS_RUNNING) {
		if (it->state == QS_DONE)
			fmt_size(it->result.bytes, done, sizeof done);
		snprintf(buf, len, "%s", it->state == QS_WAITING ? "" : done);
		return;
	}
	fmt_size(it->total, total, sizeof total);
	fmt_size((uint64_t)(it->rate > 0 ? it->rate : 0), rate, sizeof rate);
	if (it->eta >= 0)
		fmt_duration(it->eta, eta, sizeof eta);
	else
		snprintf(eta, sizeof eta, "-");
	snprintf(buf, len, "%s/%s  %s/s  %s", done, it->total > 0 ? total :
	    "?", rate, eta);
}

/* The state, or for one done what it came to: resumed, skipped. */
static const char *
qview_state(const struct queue_item *it)
{
	if (it->state == QS_DONE && it->resumed)
		return (_("resumed"));
	if (it->state == QS_DONE && it->result.files == 0 &&
	    it->result.skipped > 0)
		return (_("skipped"));
	return (queue_state_name(it->state));
}

static void
qview_line(const struct queue_item *it, int y, int w, int selected)
{
	char		 amounts[256], *name, *line;
	const char	*arrow = it->down ? "<-" : "->";

	if (text_utf8())
		arrow = it->down ? "\xe2\x86\x93" : "\xe2\x86\x91";
	qview_amounts(it, amounts, sizeof amounts);
	name = url_last_name(it->src);
	line = fmt_safe_name(name);
	free(name);
	name = xasprintf("%s %s", arrow, line);
	free(line);
	if (selected)
		attron(A_REVERSE);
	mvhline(y, 0, ' ', w);
	/* the state in a column of its own, measured in cells (a
	 * translation's "übersprungen" is 12 of them, 13 bytes) */
	text_draw(y, 1, qview_state(it), QVIEW_STATE_W, TEXT_LEFT);
	if (w / 2 - 2 - QVIEW_STATE_W > 0)
		text_draw(y, 2 + QVIEW_STATE_W, name, w / 2 - 2 -
		    QVIEW_STATE_W, TEXT_LEFT);
	text_draw(y, w / 2, amounts, w - w / 2 - 1, TEXT_LEFT);
	if (selected)
		attroff(A_REVERSE);
	free(name);
}

void
qview_draw(struct app *a, int y, int h, int w)
{
	struct queue_item	*it, *sel;
	size_t			 n = queue_length(&a->queue), i, top = 0;
	int			 rows = h - 4;
	char			*title;

	title = xasprintf(_("Transfer queue: %zu running, %zu waiting, %zu "
	    "done, %zu failed, %zu cancelled"),
	    queue_count(&a->queue, QS_RUNNING),
	    queue_count(&a->queue, QS_WAITING),
	    queue_count(&a->queue, QS_DONE),
	    queue_count(&a->queue, QS_FAILED),
	    queue_count(&a->queue, QS_CANCELLED));
	attron(A_BOLD);
	text_draw(y, 0, title, w, TEXT_LEFT);
	attroff(A_BOLD);
	free(title);
	if (n == 0) {
		text_draw(y + 2, 1, _("the queue is empty (F5 copies)"), w - 1,
		    TEXT_LEFT);
	}
	if (a->qcursor >= n)
		a->qcursor = n > 0 ? n - 1 : 0;
	if (rows < 1)
		rows = 1;
	if (a->qcursor >= (size_t)rows)
		top = a->qcursor - (size_t)rows + 1;
	for (i = 0, it = a->queue.head; it != NULL; it = it->next, i++) {
		if (i < top || i >= top + (size_t)rows)
			continue;
		qview_line(it, y + 1 + (int)(i - top), w, i == a->qcursor);
	}
	/* The selected item's whole story, and the keys. */
	if ((sel = queue_nth(&a->queue, a->qcursor)) != NULL) {
		title = url_is_url(sel->src) ? loc_display(sel->src) :
		    fmt_safe_name(sel->src);
		text_draw(y + h - 3, 1, title, w - 1, TEXT_KEEP_END);
		free(title);
		if (sel->message != NULL)
			text_draw(y + h - 2, 1, sel->message, w - 1,
			    TEXT_LEFT);
	}
	text_draw(y + h - 1, 1, _(QVIEW_KEYS), w - 1, TEXT_LEFT);
}

void
qview_key(struct app *a, int code, wint_t key)
{
	struct queue_item	*it = queue_nth(&a->queue, a->qcursor);
	size_t			 n = queue_length(&a->queue);

	if (code && key == KEY_UP && a->qcursor > 0)
		a->qcursor--;
	else if (code && key == KEY_DOWN && a->qcursor + 1 < n)
		a->qcursor++;
	else if (code && key == KEY_HOME)
		a->qcursor = 0;
	else if (code && key == KEY_END)
		a->qcursor = n > 0 ? n - 1 : 0;
	else if ((code && key == KEY_F(2)) || (!code && key == 27))
		a->qview = 0;
	else if ((code && key == KEY_F(10)) || (!code && key == L'q'))
		app_quit(a);
	else if (it == NULL || code)
		return;
	else if (towlower(key) == L'c')
		queue_cancel(it, a->w);
	else if (towlower(key) == L'r') {
		if (queue_retry(it) == 0)
			app_message(a, "%s", _("queued again"));
	} else if (towlower(key) == L'd' || key == 0x7f) {
		if (queue_remove(&a->queue, it) != 0)
			app_message(a, "%s", _("a running item cannot be "
			    "removed: cancel it first (c)"));
	} else if (towlower(key) == L'x')
		queue_clean(&a->queue);
	app_queue_changed(a);
}
