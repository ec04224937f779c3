/* ferry: the file manager's main loop.
 *
 * One thread: it polls the terminal and the worker's wakeup fd; keys and
 * events change the state and mark it dirty; the screen is drawn once per
 * turn of the loop.  Every file-system operation is a command to the worker
 * (MC_LIST, MC_COPY); the answers come back as events.  Listings run in
 * the worker's browse lanes and copies in its transfer lanes, so browsing
 * goes on while the queue works.  Signal handlers only set flags. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wctype.h>

#include <curses.h>

#include "conf/qfile.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "xfer/record.h"
#include "app.h"
#include "ask.h"
#include "color.h"
#include "dialog.h"
#include "find.h"
#include "found.h"
#include "keymap.h"
#include "text.h"
#include "input.h"
#include "ui.h"
#include "view.h"
#include "viewer.h"
#include "welcome.h"

#define APP_ESCDELAY	100	/* ms to tell Esc from an escape sequence */
#define APP_LOG_MAX	2000	/* lines the message log keeps */

static volatile sig_atomic_t app_winch;
static volatile sig_atomic_t app_stop;	/* SIGINT, SIGTERM or SIGHUP */
static volatile sig_atomic_t app_tstp;
static volatile sig_atomic_t app_cont;

static void
app_on_signal(int sig)
{
	switch (sig) {
	case SIGWINCH:
		app_winch = 1;
		break;
	case SIGTSTP:
		app_tstp = 1;
		break;
	case SIGCONT:
		app_cont = 1;
		break;
	default:
		app_stop = sig;
		break;
	}
}

struct pane *
app_active(struct app *a)
{
	return (&a->pane[a->active]);
}

/* Keep a line in the log, with the time, dropping the oldest. */
void
app_log_only(struct app *a, const char *text)
{
	char stamp[16], *line;
	time_t now = time(NULL);
	struct tm tm;

	if (a->log == NULL)
		return;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	line = xasprintf("%s %s", stamp, text);
	view_add(a->log, line);
	free(line);
	if (a->log->n > APP_LOG_MAX)
		view_drop_first(a->log);
}

/* The message line says fmt's text, and the log keeps it if log. */
static void
app_vmessage(struct app *a, int log, const char *fmt, va_list ap)
{
	char	*text;

	if (vasprintf(&text, fmt, ap) == -1)
		text = NULL;
	free(a->message);
	a->message = text;
	if (text != NULL && log)
		app_log_only(a, text);
	a->dirty = 1;
}

void
app_message(struct app *a, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	app_vmessage(a, 1, fmt, ap);
	va_end(ap);
}

void
app_status(struct app *a, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	app_vmessage(a, 0, fmt, ap);
	va_end(ap);
}

/* A text from the worker: it may hold names, so it is made safe. */
static void
app_notice(struct app *a, const char *text, const char *fallback)
{
	char	*safe = fmt_safe_text(text != NULL ? text : fallback);

	app_message(a, "%s", safe);
	free(safe);
}

/* An error that may not fit the message line: shown whole in a box
 * (a changed host key says a lot), and in the log. */
void
app_error(struct app *a, const char *text, const char *fallback)
{
	const char *t = text != NULL ? text : fallback;
	char *safe = fmt_safe_name(t);

	app_notice(a, t, fallback);
	if (text_width(safe) > COLS - 2 && a->view == NULL) {
		a->view = view_new(_("Error"), _("any key closes this box"));
		view_add(a->view, safe);
	}
	free(safe);
}

/* Ask the worker for a listing of location for a pane; a listing of that
 * pane still under way is not wanted any more. */
static void
app_list(struct app *a, int side, const char *location, const char *select)
{
	struct pane	*p = &a->pane[side];
	struct msg_cmd	*m = msg_cmd_new(MC_LIST);
	char		*loc = xstrdup(location);
	uint64_t	 id;

	if (p->listing != 0)
		worker_cancel_job(a->w, p->listing);
	m->src = xstrdup(loc);
	m->partial = 1;		/* the first screen before the end */
	m->opts.record_dir = record_dir();	/* to mark partial copies */
	id = worker_send(a->w, m);
	pane_want(p, loc, select, id);
	free(loc);
	a->dirty = 1;
}

void
app_enter(struct app *a)
{
	struct pane		*p = app_active(a);
	const struct vfs_entry	*e = pane_current(p);
	char			*loc;

	if (e == NULL) {
		app_up(a);
		return;
	}
	if (e->st.type == VFS_FILE) {
		app_view(a);		/* as F3 */
		return;
	}
	if (e->st.type != VFS_DIR)
		return;
	if (!path_name_is_safe(e->name)) {
		app_message(a, "%s", _("this name cannot be used as a path"));
		return;
	}
	loc = url_child(p->location, e->name);
	app_list(a, a->active, loc, NULL);
	free(loc);
}

void
app_up(struct app *a)
{
	struct pane	*p = app_active(a);
	char		*parent, *name;

	if ((parent = url_parent(p->location)) == NULL)
		return;
	name = url_last_name(p->location);
	app_list(a, a->active, parent, name);
	free(name);
	free(parent);
}

void
app_relist(struct app *a)
{
	app_relist_side(a, APP_LEFT);
	app_relist_side(a, APP_RIGHT);
}

void
app_relist_side(struct app *a, int side)
{
	/* A listing under way will be fresh enough. */
	if (a->pane[side].listing == 0)
		app_list(a, side, a->pane[side].location, NULL);
}

void
app_goto_location(struct app *a, int side, const char *location)
{
	app_list(a, side, location, NULL);
}

void
app_goto_select(struct app *a, int side, const char *location,
    const char *name)
{
	app_list(a, side, location, name);
}

void
app_relist_all(struct app *a)
{
	int	i;

	for (i = 0; i < 2; i++)
		app_list(a, i, a->pane[i].location, NULL);
}

/* The progress line follows one running item; the others are counted. */
static void
app_progress_follow(struct app *a)
{
	struct queue_item	*it;
	size_t			 running = queue_count(&a->queue, QS_RUNNING);
	int			 queued;

	queued = (int)(queue_count(&a->queue, QS_WAITING) +
	    (running > 0 ? running - 1 : 0));
	if (!a->progress.active ||
	    queue_find_job(&a->queue, a->progress.job) == NULL) {
		progress_stop(&a->progress);
		for (it = a->queue.head; it != NULL; it = it->next) {
			if (it->state != QS_RUNNING)
				continue;
			progress_start(&a->progress, it->src, it->down);
			a->progress.job = it->job;
			a->progress.done = it->done;
			a->progress.total = it->total;
			break;
		}
	}
	a->progress.queued = queued;
}

/* Send what may run now, and quit when asked to once all has ended. */
void
app_queue_changed(struct app *a)
{
	queue_start(&a->queue, a->w);
	app_queue_save(a);
	app_progress_follow(a);
	if (a->quitting == APP_QUIT_WHEN_IDLE && !queue_busy(&a->queue))
		a->quit = 1;
	a->dirty = 1;
}

/* F5's entries queued, the unfinished copies among them left out if
 * skip_partial. */
static void
app_copy_go(struct app *a, int skip_partial)
{
	struct pane	*from = app_active(a), *to = &a->pane[!a->active];
	int		 n, unsafe;

	n = queue_add_pane(&a->queue, from, to, !a->active,
	    a->active == APP_RIGHT, skip_partial, &unsafe);
	if (unsafe > 0)
		app_message(a, P_("%d name left out: it is not safe as a "
		    "file name", "%d names left out: they are not safe as "
		    "file names", unsafe), unsafe);
	else if (n == 0)
		app_message(a, "%s", _("nothing to copy"));
	if (n == 0)
		return;
	pane_clear_marks(from);
	app_queue_changed(a);
}

void
app_copyask_clear(struct app *a)
{
	int i;

	for (i = 0; i < a->cpask.nsrc; i++) {
		free(a->cpask.src[i]);
		free(a->cpask.at[i]);
	}
	free(a->cpask.src);
	free(a->cpask.at);
	free(a->cpask.first);
	free(a->cpask.firstdir);
	memset(&a->cpask, 0, sizeof a->cpask);
}

/* r in F5's question: each unfinished copy finished, resumed from where
 * its record says it came from (checked as every resume is); the other
 * entries chosen are copied as F5 copies them. */
static void
app_copyask_finish(struct app *a)
{
	struct queue_item *it;
	char *safe = fmt_safe_name(a->cpask.first);
	int i, n = a->cpask.nsrc;

	a->queue.batches++;
	for (i = 0; i < n; i++) {
		it = queue_add(&a->queue, a->cpask.src[i], a->cpask.at[i],
		    a->active, a->active == APP_LEFT);
		it->policy = XFER_RESUME;
	}
	app_queue_changed(a);
	if (a->cpask.chosen > n)
		app_copy_go(a, 1);
	pane_clear_marks(app_active(a));
	if (n == 1)
		app_message(a, _("finishing %s: resumed from where it came "
		    "from"), safe);
	else
		app_message(a, P_("finishing %d unfinished copy: resumed from "
		    "where it came from", "finishing %d unfinished copies: "
		    "each resumed from where it came from", (unsigned long)n),
		    n);
	free(safe);
}

/* F5 over the chosen entry e: a partial is counted, and where it came
 * from kept while every one so far has a record that says; a directory
 * that holds some is counted apart. */
static void
app_copyask_partial(struct app *a, const struct pane *from,
    const struct vfs_entry *e)
{
	struct app_copyask *c = &a->cpask;

	if (e->st.type == VFS_DIR ? e->partial_below == 0 : !e->partial)
		return;

	if (e->st.type == VFS_DIR) {	/* it holds some, below */
		if (c->dirs++ == 0)
			c->firstdir = xstrdup(e->name);
		c->below += e->partial_below;
		return;
	}

	if (c->partials++ == 0)
		c->first = xstrdup(e->name);
	if (e->partial_src == NULL || c->nsrc + 1 != c->partials)
		return;
	c->src = xreallocarray(c->src, (size_t)c->nsrc + 1, sizeof *c->src);
	c->at = xreallocarray(c->at, (size_t)c->nsrc + 1, sizeof *c->at);
	c->src[c->nsrc] = xstrdup(e->partial_src);
	c->at[c->nsrc++] = url_child(from->location, e->name);
}

/* F5: what F5 copies counted first: unfinished copies (◐, the partial
 * target of a copy that was cut off) are asked about before they are
 * copied as if they were whole. */
void
app_copy(struct app *a)
{
	struct pane	*from = app_active(a), *to = &a->pane[!a->active];
	const struct vfs_entry *e;
	size_t		 i;
	int		 marked = 0;

	if (strcmp(from->location, to->location) == 0) {
		app_message(a, "%s", _("both panes show the same directory"));
		return;
	}
	app_copyask_clear(a);
	/* the entries queue_add_pane would take */
	for (i = 0; i < from->list.n; i++) {
		if (!pane_is_marked(from, i))
			continue;
		marked = 1;
		e = &from->list.v[i];
		if (!path_name_is_safe(e->name))
			continue;
		a->cpask.chosen++;
		app_copyask_partial(a, from, e);
	}
	if (!marked && (e = pane_current(from)) != NULL &&
	    path_name_is_safe(e->name)) {
		a->cpask.chosen = 1;
		app_copyask_partial(a, from, e);
	}
	if (a->cpask.partials == 0 && a->cpask.dirs > 0) {
		a->cpask.asking = 1;	/* only directories that hold some */
		return;
	}
	if (a->cpask.partials == 0) {
		app_copyask_clear(a);
		app_copy_go(a, 0);
		return;
	}
	a->cpask.asking = 1;
}

void
app_copyask_key(struct app *a, int code, wint_t key)
{
	int some = a->cpask.chosen > a->cpask.partials;
	int files = a->cpask.partials > 0;	/* not directories only */

	if (code)
		return;
	if (towlower(key) == L'r' && files &&
	    a->cpask.nsrc == a->cpask.partials) {
		app_copyask_finish(a);
		app_copyask_clear(a);
	} else if (towlower(key) == L'y') {
		app_copyask_clear(a);
		app_copy_go(a, 0);
	} else if (files && some && towlower(key) == L's') {
		app_copyask_clear(a);
		app_copy_go(a, 1);
	} else if (towlower(key) == L'n' || key == 27) {
		app_copyask_clear(a);
		app_message(a, "%s", _("nothing was copied"));
	}
}

void
app_copyask_draw(struct app *a)
{
	const struct app_copyask *c = &a->cpask;
	char *l1, *safe, *from = NULL;
	const char *l2, *l3, *l4;
	int finish = c->nsrc == c->partials;

	if (c->partials == 0) {		/* directories that hold some */
		safe = fmt_safe_name(c->firstdir);
		if (c->dirs == 1)
			l1 = xasprintf(P_("%s %s holds %zu unfinished copy:",
			    "%s %s holds %zu unfinished copies:",
			    (unsigned long)c->below), text_partial_mark(), safe,
			    c->below);
		else
			l1 = xasprintf(P_("%s the %d directories hold %zu "
			    "unfinished copy:", "%s the %d directories hold %zu "
			    "unfinished copies:", (unsigned long)c->below),
			    text_partial_mark(), c->dirs, c->below);
		dialog_lines(_("Copy"), (const char *[]){ l1,
		    _("copies into them were cut off; they would be copied "
		    "as they are."), _("To finish them, F5 on each where it "
		    "is (r finishes it from where it came from)."), NULL,
		    _("[y] copy all as it is  [n] copy nothing") }, 5);
		free(l1);
		free(safe);
		return;
	}
	safe = fmt_safe_name(c->first);
	if (finish && c->chosen == 1)
		l1 = xasprintf(_("%s %s is an unfinished copy of"),
		    text_partial_mark(), safe);
	else if (c->partials == 1 && c->chosen == 1)
		l1 = xasprintf(_("%s %s is an unfinished copy:"),
		    text_partial_mark(), safe);
	else if (c->partials == 1)
		l1 = xasprintf(_("%s %s, one of the %d entries, is an "
		    "unfinished copy:"), text_partial_mark(), safe, c->chosen);
	else
		l1 = xasprintf(_("%s %d of the %d entries are unfinished "
		    "copies:"), text_partial_mark(), c->partials, c->chosen);
	l2 = c->partials == 1 ? _("a copy into it was cut off; the rest of "
	    "it is missing.") : _("copies into them were cut off; the rest "
	    "of them is missing.");
	l3 = c->partials == 1 ? _("To finish it, copy it again from where it "
	    "came from.") : _("To finish them, copy them again from where "
	    "they came from.");
	if (finish && c->chosen == 1) {
		from = fmt_safe_name(c->src[0]);
		l2 = from;
		l3 = _("a copy from there was cut off; the rest is missing.");
		l4 = _("[r] finish it (resume)  [y] copy as it is  [n] do not "
		    "copy");
	} else if (finish) {
		/* their records say where they came from */
		l3 = c->partials == 1 ? _("r finishes it from where its record "
		    "says it came from.") : _("r finishes each from where its "
		    "record says it came from.");
		if (c->chosen == c->partials)
			l4 = _("[r] finish them (resume)  [y] copy as they are  "
			    "[n] do not copy");
		else if (c->partials == 1)
			l4 = _("[r] finish it  [y] copy it too  [s] leave it out  "
			    "[n] copy nothing");
		else
			l4 = _("[r] finish them  [y] copy them too  [s] leave "
			    "them out  [n] copy nothing");
	} else if (c->chosen == c->partials)
		l4 = _("[y] copy as it is  [n] do not copy");
	else if (c->partials == 1)
		l4 = _("[y] copy it too  [s] leave it out  [n] copy nothing");
	else
		l4 = _("[y] copy them too  [s] leave them out  [n] copy "
		    "nothing");
	dialog_lines(_("Copy"), (const char *[]){ l1, l2, l3, NULL, l4 }, 5);
	free(l1);
	free(from);
	free(safe);
}

/* Esc: stop the listing of the active pane if one is under way, else
 * every copy (they stay in the queue, to retry or resume later). */
void
app_cancel(struct app *a)
{
	struct pane *p = app_active(a);

	if (p->listing != 0) {
		worker_cancel_job(a->w, p->listing);
		return;
	}
	if (!queue_busy(&a->queue))
		return;
	queue_cancel_all(&a->queue, a->w);
	app_message(a, "%s", _("stopping the copies..."));
	app_progress_follow(a);
}

void
app_switch(struct app *a)
{
	a->active = !a->active;
}

/* The location a pane is showing, or going to. */
static const char *
app_location(const struct pane *p)
{
	return (p->listing != 0 && p->want != NULL ? p->want : p->location);
}

void
app_other_here(struct app *a)
{
	app_list(a, !a->active, app_location(app_active(a)), NULL);
}

void
app_other_open(struct app *a)
{
	struct pane		*p = app_active(a);
	const struct vfs_entry	*e = pane_current(p);
	char			*loc;

	if (p->listing != 0 || e == NULL || e->st.type != VFS_DIR) {
		app_other_here(a);
		return;
	}
	if (!path_name_is_safe(e->name)) {
		app_message(a, "%s", _("this name cannot be used as a path"));
		return;
	}
	loc = url_child(p->location, e->name);
	app_list(a, !a->active, loc, NULL);
	free(loc);
}

/* To the place back (or forward) in the active pane's history. */
static void
app_hist_go(struct app *a, int forward)
{
	struct hist *h = &a->hist[a->active];
	const char *loc, *sel;

	loc = forward ? hist_forward(h, &sel) : hist_back(h, &sel);
	if (loc != NULL)
		app_list(a, a->active, loc, sel);
	else if (forward)
		app_message(a, "%s", _("no later place in this pane"));
	else
		app_message(a, "%s", _("no earlier place in this pane"));
}

void
app_back(struct app *a)
{
	app_hist_go(a, 0);
}

void
app_forward(struct app *a)
{
	app_hist_go(a, 1);
}

void
app_swap(struct app *a)
{
	struct pane		*l = &a->pane[0], *r = &a->pane[1];
	const struct vfs_entry	*e;
	struct hist		 hist;
	char			*loc[2], *sel[2];
	enum order_key		 sort;
	int			 i, reverse, hide;

	for (i = 0; i < 2; i++) {
		loc[i] = xstrdup(app_location(&a->pane[i]));
		e = a->pane[i].listing == 0 ? pane_current(&a->pane[i]) : NULL;
		sel[i] = e != NULL ? xstrdup(e->name) : NULL;
	}
	/* The panes' ways of showing go with them. */
	sort = l->sort, reverse = l->reverse, hide = l->hide_dots;
	l->sort = r->sort, l->reverse = r->reverse, l->hide_dots = r->hide_dots;
	r->sort = sort, r->reverse = reverse, r->hide_dots = hide;
	hist = a->hist[0];		/* the places go with the panes */
	a->hist[0] = a->hist[1];
	a->hist[1] = hist;
	app_list(a, 0, loc[1], sel[1]);
	app_list(a, 1, loc[0], sel[0]);
	a->active = !a->active;		/* the same location stays active */
	for (i = 0; i < 2; i++) {
		free(loc[i]);
		free(sel[i]);
	}
}

void
app_help(struct app *a)
{
	view_free(a->view);
	a->view = keymap_help_view();
}

void
app_show_log(struct app *a)
{
	size_t i;

	view_free(a->view);
	a->view = view_new(_("Messages"), NULL);
	for (i = 0; i < a->log->n; i++)
		view_add(a->view, a->log->line[i]);
	a->view->follow = 1;
}

void
app_show_queue(struct app *a)
{
	a->qview = !a->qview;
	if (a->qcursor >= queue_length(&a->queue))
		a->qcursor = 0;
}

void
app_quit(struct app *a)
{
	if (queue_busy(&a->queue)) {
		a->quitting = APP_QUIT_ASKED;
		return;
	}
	a->quit = 1;
}

/* The answer to "transfers are running": s stop now, w wait, c cancel. */
static void
app_quit_key(struct app *a, int code, wint_t key)
{
	if (code)
		return;
	switch (towlower(key)) {
	case L's':
		/* The file keeps them as unfinished, to offer next time. */
		app_queue_save(a);
		a->frozen = 1;
		queue_cancel_all(&a->queue, a->w);
		a->quit = 1;
		break;
	case L'w':
		a->quitting = APP_QUIT_WHEN_IDLE;
		app_message(a, "%s", _("ferry quits when the transfers have "
		    "ended"));
		return;
	case L'c':
	case 27:
		a->quitting = APP_RUNNING;
		return;
	default:
		return;
	}
}

static void
app_quit_draw(void)
{
	const char *l1 = _("Transfers are running.");
	const char *l2 = _("[s] stop them now (they can be resumed later)");
	const char *l3 = _("[w] wait until they end, then quit");
	const char *l4 = _("[c] do not quit");

	dialog_lines(_("Quit"), (const char *[]){ l1, l2, l3, l4 }, 4);
}

/* Ctrl-Z (the terminal is raw, so it arrives as a key) or SIGTSTP:
 * give the terminal back, stop, and redraw when continued. */
void
app_suspend(struct app *a)
{
	sigset_t set, old;

	endwin();
	signal(SIGTSTP, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, &old);
	raise(SIGTSTP);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGTSTP, app_on_signal);
	app_cont = 0;
	app_terminal_back(a);
}

void
app_terminal_back(struct app *a)
{
	clearok(curscr, TRUE);
	refresh();
	app_winch = 1;
	a->dirty = 1;
}

/* The dialog is answered: tell the worker.  An answer for all about a
 * partial whose check failed is for the later ones of its run only (the
 * engine keeps it): the items after it still resume. */
static void
app_answer(struct app *a, enum xfer_policy answer, char *name)
{
	struct msg_cmd		*m = msg_cmd_new(MC_ANSWER);
	struct queue_item	*it, *asking;
	int			 all = a->dialog->all;

	m->id = a->dialog->ev->id;
	m->answer = answer;
	m->all = all;
	m->text = name;
	if (a->dialog->ev->q.facts.check.kind != XM_NONE)
		all = 0;
	asking = queue_find_job(&a->queue, a->dialog->ev->job);
	worker_send(a->w, m);
	if (answer == XFER_CANCEL && asking != NULL) {
		/* Cancel stops this item and the rest of its batch. */
		for (it = a->queue.head; it != NULL; it = it->next)
			if (it->batch == asking->batch &&
			    it->state == QS_WAITING)
				queue_cancel(it, a->w);
	} else if (all)
		a->queue.policy = answer;	/* for the items after this */
	dialog_free(a->dialog);
	a->dialog = NULL;
}

static void
app_input_key(struct app *a, int code, wint_t key)
{
	struct input	*in = a->input;
	char		*text;

	if (find_input_key(a, code, key))
		return;
	switch (input_key(in, code, key)) {
	case INPUT_EDITING:
		return;
	case INPUT_CANCEL:
		a->input = NULL;
		app_site_input_cancel(a, in->kind);
		break;
	case INPUT_DONE:
		text = input_text(in);
		a->input = NULL;
		if (in->kind == APP_IN_GOTO)
			app_go(a, text, NULL);
		else if (!app_site_input_done(a, in->kind, text) &&
		    !find_input_done(a, in->kind, text))
			app_input_done(a, in->kind, text);
		explicit_bzero(text, strlen(text));
		free(text);
		break;
	}
	if (a->input == in)
		a->input = NULL;
	input_free(in);
}

static void	app_mouse(struct app *);

static void
app_key(struct app *a, int code, wint_t key)
{
	enum xfer_policy	answer;
	struct msg_cmd		*m;
	char			*name;

	a->dirty = 1;
	if (code && key == KEY_RESIZE) {
		app_winch = 1;
		return;
	}
	if (code && key == KEY_MOUSE) {
		app_mouse(a);
		return;
	}
	if (a->ask != NULL) {
		if (ask_key(a->ask, code, key, &m)) {
			worker_send(a->w, m);
			ask_free(a->ask);
			a->ask = NULL;
		}
		return;
	}
	if (a->dialog != NULL) {
		if (dialog_key(a->dialog, code, key, &answer, &name))
			app_answer(a, answer, name);
		return;
	}
	if (a->quitting == APP_QUIT_ASKED) {
		app_quit_key(a, code, key);
		return;
	}
	if (a->restore != NULL) {
		app_restore_key(a, code, key);
		return;
	}
	if (a->del.asking) {
		app_delete_key(a, code, key);
		return;
	}
	if (a->cpask.asking) {
		app_copyask_key(a, code, key);
		return;
	}
	if (app_edit_asking(a)) {
		app_edit_key(a, code, key);
		return;
	}
	if (a->input != NULL) {
		app_input_key(a, code, key);
		return;
	}
	if (a->sitelist) {
		app_sites_key(a, code, key);
		return;
	}
	if (a->viewer != NULL) {
		if (viewer_key(a->viewer, a->w, code, key)) {
			viewer_free(a->viewer);
			a->viewer = NULL;
		}
		return;
	}
	if (a->view != NULL) {
		if (view_key(a->view, code, key)) {
			view_free(a->view);
			a->view = NULL;
		}
		return;
	}
	free(a->message);
	a->message = NULL;
	if (a->found.open) {
		found_key(a, code, key);
		return;
	}
	if (a->qview) {
		qview_key(a, code, key);
		return;
	}
	keymap_run(a, code, key);
}

static int	app_modal(struct app *);

/* A click in a pane puts the cursor there (and makes it the active one),
 * a double click opens what is there, the wheel moves by three; a click
 * on the hint line runs that key.  Boxes and lines take no clicks. */
static void
app_mouse(struct app *a)
{
	MEVENT		 me;
	struct pane	*p;
	int		 ph = LINES - 3, lw = (COLS - 1) / 2, side, i;

	if (getmouse(&me) != OK)
		return;
	if (app_modal(a)) {
		/* The wheel scrolls a box that scrolls (the viewer, help,
		 * queue, find) as the arrow keys do. */
		if ((me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) &&
		    (a->viewer != NULL || a->view != NULL || a->qview ||
		    a->found.open) && a->input == NULL && a->dialog == NULL &&
		    a->ask == NULL)
			for (i = 0; i < 3; i++)
				app_key(a, 1, me.bstate & BUTTON4_PRESSED ?
				    KEY_UP : KEY_DOWN);
		return;
	}
	if (me.y == ph + 1 && !a->progress.active &&
	    (me.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED))) {
		keymap_hint_run(a, COLS, me.x);
		return;
	}
	if (me.y >= ph || me.x == lw)
		return;
	side = me.x < lw ? APP_LEFT : APP_RIGHT;
	p = &a->pane[side];
	if (me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		pane_move(p, me.bstate & BUTTON4_PRESSED ? -3 : 3);
		return;
	}
	if (!(me.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return;
	a->active = side;
	i = me.y - 2;			/* the header and the titles */
	if (i < 0 || i >= p->height || p->top + (size_t)i >= pane_rows(p))
		return;
	p->cursor = p->top + (size_t)i;
	if (me.bstate & BUTTON1_DOUBLE_CLICKED)
		app_enter(a);
}

/* Something holds the keys: a question, a dialog, a box, a line. */
static int
app_modal(struct app *a)
{
	return (a->ask != NULL || a->dialog != NULL ||
	    a->quitting == APP_QUIT_ASKED || a->restore != NULL ||
	    a->del.asking || a->cpask.asking || app_edit_asking(a) ||
	    a->input != NULL ||
	    a->sitelist || a->viewer != NULL || a->view != NULL || a->qview ||
	    a->found.open);
}

/* Alt and a key: the file manager's Alt keys.  In a box or a line, Esc
 * then the key, as they were typed (a slow link may bring them at once). */
static void
app_alt_key(struct app *a, int code, wint_t key)
{
	a->dirty = 1;
	if (app_modal(a)) {
		app_key(a, 0, 27);
		app_key(a, code, key);
		return;
	}
	free(a->message);
	a->message = NULL;
	keymap_run(a, code ? KEYMAP_CODE_ALT_KEY : KEYMAP_CODE_ALT, key);
}

static void
app_read_keys(struct app *a)
{
	wint_t	key, next;
	int	r, r2;

	while (!a->quit && (r = get_wch(&key)) != ERR) {
		/*
		 * Alt and a key come as Esc and the key at once (the pair is
		 * no escape sequence curses knows): never Esc, which stops
		 * the copies.  Esc twice at once is one Esc, as in mc.
		 */
		if (r == OK && key == 27 && (r2 = get_wch(&next)) != ERR) {
			if (r2 == OK && next == 27)
				app_key(a, 0, key);
			else
				app_alt_key(a, r2 == KEY_CODE_YES, next);
			continue;
		}
		app_key(a, r == KEY_CODE_YES, key);
	}
}

/* A listing under way: its first entries, or how many there are now. */
static void
app_listing(struct app *a, struct msg_ev *ev)
{
	int	i;

	for (i = 0; i < 2; i++) {
		if (a->pane[i].listing != 0 && a->pane[i].listing == ev->id)
			pane_set_partial(&a->pane[i], &ev->list, ev->listed);
	}
}

static void
app_listed(struct app *a, struct msg_ev *ev)
{
	const struct vfs_entry	*e;
	struct pane		*p;
	char			*leaving;
	int			 i;

	for (i = 0; i < 2; i++) {
		p = &a->pane[i];
		if (p->listing == 0 || p->listing != ev->id)
			continue;
		if (ev->status == 0) {
			/* The name the cursor was on where the pane was
			 * (before a partial listing took its place). */
			e = pane_current(p->before != NULL ? p->before : p);
			leaving = e != NULL ? xstrdup(e->name) : NULL;
			pane_set_list(p, &ev->list);
			if (ev->where != NULL)
				pane_set_location(p, ev->where);
			app_recent_add(a, p->location);
			hist_visit(&a->hist[i], p->location, leaving);
			free(leaving);
		}
		else if (ev->status == FERR_CANCELLED) {
			app_message(a, "%s", _("listing stopped"));
			pane_list_failed(p);
		} else {
			app_error(a, ev->text, _("cannot list the directory"));
			pane_list_failed(p);
		}
	}
}

/* A question whose job ended is not waited for any more. */
static void
app_close_question(struct app *a, uint64_t job)
{
	if (a->dialog != NULL && a->dialog->ev->job == job) {
		dialog_free(a->dialog);
		a->dialog = NULL;
	}
	if (a->ask != NULL && a->ask->ev->job == job) {
		ask_free(a->ask);
		a->ask = NULL;
	}
}

static void
app_done(struct app *a, struct msg_ev *ev)
{
	struct queue_item	*it;
	char			*name, *safe, *summary, size[32];

	app_close_question(a, ev->job);
	if ((it = queue_find_job(&a->queue, ev->id)) == NULL)
		return;
	safe = ev->text != NULL ? fmt_safe_name(ev->text) : NULL;
	it->resumed = ev->result.resumed > 0;
	queue_finish(it, ev->status, safe, &ev->result);
	free(safe);
	if (it->target >= 0)
		app_relist_side(a, it->target);
	name = fmt_safe_name(path_basename(it->src));
	if (ev->status == FERR_CANCELLED)
		app_message(a, _("%s: stopped"), name);
	else if (ev->status != 0)
		app_error(a, ev->text, _("the copy failed"));
	else if (!queue_batch_ended(&a->queue, it->batch)) {
		fmt_size(ev->result.bytes, size, sizeof size);
		app_message(a, _("%s: %d copied, %d skipped, %s moved"), name,
		    ev->result.files, ev->result.skipped, size);
	}
	if (ev->status == 0 && it->message == NULL)
		queue_set_message(it, a->message);
	/* The last of a batch: what the batch did, as a whole. */
	if (queue_batch_ended(&a->queue, it->batch) &&
	    ev->status != FERR_CANCELLED) {
		summary = queue_batch_summary(&a->queue, it->batch);
		if (ev->status == 0)
			app_message(a, "%s: %s", name, summary);
		else
			app_log_only(a, summary);
		free(summary);
	}
	free(name);
	(void)app_edit_copy_ended(a, it, ev->status);
	app_queue_changed(a);
}

static void
app_progress(struct app *a, struct msg_ev *ev)
{
	struct queue_item *it;

	if ((it = queue_find_job(&a->queue, ev->job)) == NULL)
		return;
	it->done = ev->progress.done;
	it->total = ev->progress.total;
	it->rate = ev->progress.rate;
	it->eta = ev->progress.eta;
	if (a->progress.active && a->progress.job == ev->job)
		progress_update(&a->progress, &ev->progress);
}

static void
app_item_notice(struct app *a, struct msg_ev *ev)
{
	struct queue_item *it;

	app_notice(a, ev->text, "");
	if ((it = queue_find_job(&a->queue, ev->job)) != NULL)
		queue_set_message(it, a->message);
}

/* Handle an event; returns 0 if the event was kept (the dialog's). */
static int
app_event(struct app *a, struct msg_ev *ev)
{
	a->dirty = 1;
	if (found_event(a, ev))
		return (1);
	switch (ev->type) {
	case ME_PROGRESS:
		app_progress(a, ev);
		break;
	case ME_NOTICE:
		app_item_notice(a, ev);
		break;
	case ME_QUESTION:
		if (ev->q.kind != MQ_EXISTS) {
			ask_free(a->ask);
			a->ask = ask_open(ev);
			return (0);
		}
		dialog_free(a->dialog);
		a->dialog = dialog_open(ev);
		return (0);
	case ME_LISTING:
		app_listing(a, ev);
		break;
	case ME_LISTED:
		app_close_question(a, ev->job);
		app_listed(a, ev);
		break;
	case ME_DONE:
		if (!app_fileop_event(a, ev))
			app_done(a, ev);
		break;
	}
	return (1);
}

static void
app_read_events(struct app *a)
{
	struct msg_ev	*ev;

	while ((ev = worker_next(a->w)) != NULL) {
		if (app_event(a, ev))
			msg_ev_free(ev);
	}
}

static void
app_draw_bottom(struct app *a, int ph, int cols)
{
	char	*hints;

	if (a->qview)
		mvhline(ph, 0, ACS_HLINE, cols);
	else
		pane_draw_info(app_active(a), ph, 0, cols);
	if (a->progress.active)
		progress_draw(&a->progress, ph + 1, cols);
	else {
		hints = keymap_hints(cols);
		text_draw(ph + 1, 0, hints, cols, TEXT_LEFT);
		free(hints);
	}
	if (a->message != NULL) {
		mvaddch(ph + 2, 0, ' ');
		text_draw(ph + 2, 1, a->message, cols - 1, TEXT_LEFT);
	}
}

static void
app_draw(struct app *a)
{
	int	 rows = LINES, cols = COLS, ph, lw;

	erase();
	curs_set(0);
	if (rows < 6 || cols < 24) {
		view_note(_("the window is too small: ferry needs 24 columns "
		    "and 6 rows"));
		refresh();
		return;
	}
	ph = rows - 3;
	lw = (cols - 1) / 2;
	if (a->qview)
		qview_draw(a, 0, ph, cols);
	else {
		pane_draw(&a->pane[APP_LEFT], 0, 0, ph, lw,
		    a->active == APP_LEFT);
		mvvline(0, lw, ACS_VLINE, ph);
		pane_draw(&a->pane[APP_RIGHT], 0, lw + 1, ph, cols - lw - 1,
		    a->active == APP_RIGHT);
	}
	app_draw_bottom(a, ph, cols);
	if (a->found.open)
		found_draw(a);
	if (a->viewer != NULL)
		viewer_draw(a->viewer);
	if (a->view != NULL)
		view_draw(a->view, 0);
	if (a->del.asking)
		app_delete_draw(a);
	if (a->cpask.asking)
		app_copyask_draw(a);
	if (app_edit_asking(a))
		app_edit_draw(a);
	if (a->sitelist)
		app_sites_draw(a);
	if (a->quitting == APP_QUIT_ASKED)
		app_quit_draw();
	if (a->restore != NULL)
		app_restore_draw(a);
	if (a->dialog != NULL)
		dialog_draw(a->dialog);
	if (a->ask != NULL)
		ask_draw(a->ask);
	else if (a->input != NULL && a->dialog == NULL)
		input_draw(a->input, find_input_bottom(a->input->kind));
	refresh();
}

static void
app_resize(struct app *a)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	a->dirty = 1;
}

/* A signal that ends the file manager: stop the transfers (their partial
 * files and records stay, to resume later) and leave. */
static void
app_signalled(struct app *a, int sig)
{
	app_queue_save(a);
	a->frozen = 1;
	queue_cancel_all(&a->queue, a->w);
	a->status = 128 + sig;
	a->quit = 1;
}

static void
app_flags(struct app *a)
{
	if (app_stop != 0) {
		app_signalled(a, app_stop);
		app_stop = 0;
	}
	if (app_tstp) {
		app_tstp = 0;
		app_suspend(a);
	}
	if (app_cont) {
		app_cont = 0;
		clearok(curscr, TRUE);
		app_winch = 1;
	}
	if (app_winch) {
		app_winch = 0;
		app_resize(a);
	}
}

/* Until quit: draw if dirty, wait for a key, an event or a signal (the
 * handled signals are blocked except while waiting, so that none is
 * missed). */
static void
app_loop(struct app *a, const sigset_t *waitmask)
{
	struct pollfd	pfd[2];

	while (!a->quit) {
		app_flags(a);
		if (a->quit)
			break;
		if (a->dirty) {
			app_draw(a);
			a->dirty = 0;
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = worker_fd(a->w);
		pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		if (ppoll(pfd, 2, NULL, waitmask) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* The terminal is gone (a hang-up may come with POLLIN that
		 * reads nothing): as SIGHUP, before reading. */
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			app_signalled(a, SIGHUP);
			break;
		}
		if (pfd[0].revents & POLLIN)
			app_read_keys(a);
		if (pfd[1].revents & POLLIN)
			app_read_events(a);
	}
}

static void
app_curses_setup(int mouse)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(APP_ESCDELAY);
	curs_set(0);
	color_init();
	/* As mc: a click, a double click (Enter), the wheel; Shift and the
	 * mouse still select text in most terminals.  --no-mouse: none. */
	if (mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED |
		    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
}

static void
app_free(struct app *a)
{
	dialog_free(a->dialog);
	ask_free(a->ask);
	view_free(a->view);
	view_free(a->log);
	input_free(a->input);
	viewer_free(a->viewer);
	if (a->restore != NULL) {
		qfile_free(a->restore);
		free(a->restore);
	}
	recent_free(&a->recent);
	sites_free(&a->sites);
	free(a->siteedit.old);
	free(a->siteedit.name);
	free(a->siteedit.url);
	app_delete_clear(a);
	app_copyask_clear(a);
	app_dirsize_clear(a);
	found_clear(a);
	app_ops_free(a);
	hist_free(&a->hist[0]);
	hist_free(&a->hist[1]);
	app_edit_free(a);
	queue_free(&a->queue);
	progress_stop(&a->progress);
	pane_free(&a->pane[APP_LEFT]);
	pane_free(&a->pane[APP_RIGHT]);
	free(a->message);
	free((char *)a->queue.opts.record_dir);
}

/* The handled signals only set flags, and are let in only while
 * waiting. */
static const int app_signals[] = {
	SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT,
};
#define APP_NSIGNALS (sizeof app_signals / sizeof app_signals[0])

static void
app_signals_catch(struct sigaction *old, sigset_t *waitmask)
{
	struct sigaction	sa;
	sigset_t		set;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	for (i = 0; i < APP_NSIGNALS; i++) {
		sigaction(app_signals[i], &sa, &old[i]);
		sigaddset(&set, app_signals[i]);
	}
	sigprocmask(SIG_BLOCK, &set, waitmask);
	for (i = 0; i < APP_NSIGNALS; i++)
		sigdelset(waitmask, app_signals[i]);
}

static void
app_signals_restore(const struct sigaction *old)
{
	sigset_t	set;
	size_t		i;

	sigemptyset(&set);
	for (i = 0; i < APP_NSIGNALS; i++) {
		sigaction(app_signals[i], &old[i], NULL);
		sigaddset(&set, app_signals[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Start the panes and run the loop on a terminal that is set up. */
static void
app_run(struct app *a, const char *location, const struct ui_conf *uc)
{
	struct sigaction	 old[APP_NSIGNALS];
	sigset_t		 waitmask;
	char			*cwd, *cause = NULL;

	if ((cwd = getcwd(NULL, 0)) == NULL)
		cwd = xstrdup("/");
	pane_init(&a->pane[APP_LEFT], cwd);
	pane_init(&a->pane[APP_RIGHT], cwd);
	app_list(a, APP_LEFT, cwd, NULL);
	/* The right pane: the location given, resolved as if typed in the
	 * location line (a password in a URL goes to the worker). */
	app_go_side(a, APP_RIGHT, location != NULL ? location : cwd, NULL);
	free(cwd);
	if (uc->ignored != NULL)
		app_message(a, _("not used by the file manager: %s"),
		    uc->ignored);
	app_recent_load(a);
	app_queue_offer(a);
	if (welcome_open(getenv("FERRY_WELCOME"), &a->view, &cause) != 0)
		app_message(a, "%s", cause);
	free(cause);

	app_signals_catch(old, &waitmask);
	app_loop(a, &waitmask);
	app_signals_restore(old);
}

int
ui_main(const char *location, const struct ui_conf *uc)
{
	struct worker_conf wconf;
	struct xfer_opts opts;
	struct app	 a;
	SCREEN		*scr;
	char		*cause = NULL;

	memset(&a, 0, sizeof a);
	opts = uc->opts;
	opts.record_dir = record_dir();
	queue_init(&a.queue, uc->parallel > 0 ? uc->parallel :
	    WORKER_TRANSFERS, &opts);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ferry: %s\n", _("the file manager needs a "
		    "terminal (ferry --help lists the commands)"));
		app_free(&a);
		return (1);
	}
	wconf = *uc->worker;
	wconf.ask_secret = 1;
	wconf.ask_trust = 1;
	wconf.transfers = a.queue.parallel;
	if (worker_start(&a.w, &wconf, &cause) != 0) {
		fprintf(stderr, "ferry: %s\n", cause);
		free(cause);
		app_free(&a);
		return (1);
	}
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "ferry: %s\n", _("cannot use this terminal "
		    "(is TERM right?)"));
		worker_stop(a.w);
		app_free(&a);
		return (1);
	}
	a.log = view_new(_("Messages"), NULL);
	app_curses_setup(!uc->no_mouse);
	a.dirty = 1;
	app_run(&a, location, uc);
	endwin();
	delscreen(scr);
	/* Stops every transfer: partial files and their records stay. */
	worker_stop(a.w);
	app_free(&a);
	return (a.status);
}
