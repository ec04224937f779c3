/* ferry: the file manager's main loop.
 *
 * One thread: it polls the terminal and the worker's wakeup fd; keys and
 * events change the state and mark it dirty; the screen is drawn once per
 * turn of the loop.  Every file-system operation is a command to the worker
 * (MC_LIST, MC_COPY); the answers come back as events. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "xfer/record.h"
#include "app.h"
#include "ask.h"
#include "dialog.h"
#include "keymap.h"
#include "text.h"
#include "ui.h"

#define APP_ESCDELAY	100	/* ms to tell Esc from an escape sequence */

static volatile sig_atomic_t app_winch;

static void
app_on_winch(int sig)
{
	(void)sig;
	app_winch = 1;
}

struct pane *
app_active(struct app *a)
{
	return (&a->pane[a->active]);
}

void
app_message(struct app *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = NULL;
	va_end(ap);
	free(a->message);
	a->message = text;
	a->dirty = 1;
}

/* A text from the worker: it may hold names, so it is made safe. */
static void
app_notice(struct app *a, const char *text, const char *fallback)
{
	char	*safe = fmt_safe_text(text != NULL ? text : fallback);

	app_message(a, "%s", safe);
	free(safe);
}

/* Ask the worker for a listing of location for a pane. */
static void
app_list(struct app *a, int side, const char *location, const char *select)
{
	struct msg_cmd	*m = msg_cmd_new(MC_LIST);
	char		*loc = xstrdup(location);
	uint64_t	 id;

	m->src = xstrdup(loc);
	m->opts.record_dir = record_dir();	/* to mark partial copies */
	id = worker_send(a->w, m);
	pane_want(&a->pane[side], loc, select, id);
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
	if (e->st.type != VFS_DIR)
		return;
	if (!vfs_name_is_safe(e->name)) {
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
	int	i;

	for (i = 0; i < 2; i++) {
		/* A listing under way will be fresh enough. */
		if (a->pane[i].listing == 0)
			app_list(a, i, a->pane[i].location, NULL);
	}
}

/* Send the next copy of the queue, if none runs. */
static void
app_next_copy(struct app *a)
{
	const struct queue_item	*it;

	if ((it = queue_start(&a->queue, a->w)) != NULL)
		progress_start(&a->progress, it->src, it->down);
	else if (!queue_busy(&a->queue)) {
		progress_stop(&a->progress);
		a->queue.policy = XFER_ASK;
	}
	a->progress.queued = (int)queue_waiting(&a->queue);
	a->dirty = 1;
}

void
app_copy(struct app *a)
{
	struct pane	*from = app_active(a), *to = &a->pane[!a->active];
	int		 n, unsafe;

	if (strcmp(from->location, to->location) == 0) {
		app_message(a, "%s", _("both panes show the same directory"));
		return;
	}
	n = queue_add_pane(&a->queue, from, to, !a->active,
	    a->active == APP_RIGHT, &unsafe);
	if (unsafe > 0)
		app_message(a, P_("%d name left out: it is not safe as a "
		    "file name", "%d names left out: they are not safe as "
		    "file names", unsafe), unsafe);
	else if (n == 0)
		app_message(a, "%s", _("nothing to copy"));
	if (n == 0)
		return;
	pane_clear_marks(from);
	app_next_copy(a);
}

void
app_cancel(struct app *a)
{
	if (!queue_busy(&a->queue))
		return;
	worker_cancel(a->w);
	queue_clear(&a->queue);
	a->progress.queued = 0;
	app_message(a, "%s", _("stopping the copy..."));
}

void
app_switch(struct app *a)
{
	a->active = !a->active;
}

void
app_help(struct app *a)
{
	a->help = 1;
}

void
app_quit(struct app *a)
{
	a->quit = 1;
}

/* The dialog is answered: tell the worker. */
static void
app_answer(struct app *a, enum xfer_policy answer)
{
	struct msg_cmd	*m = msg_cmd_new(MC_ANSWER);
	int		 all = a->dialog->all;

	m->id = a->dialog->ev->id;
	m->answer = answer;
	m->all = all;
	worker_send(a->w, m);
	if (answer == XFER_CANCEL) {
		queue_clear(&a->queue);
		a->progress.queued = 0;
	} else if (all)
		a->queue.policy = answer;	/* for the items after this */
	dialog_free(a->dialog);
	a->dialog = NULL;
}

static void
app_key(struct app *a, int code, wint_t key)
{
	enum xfer_policy	answer;
	struct msg_cmd		*m;

	a->dirty = 1;
	if (code && key == KEY_RESIZE) {
		app_winch = 1;
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
		if (dialog_key(a->dialog, code, key, &answer))
			app_answer(a, answer);
		return;
	}
	if (a->help) {
		a->help = 0;
		return;
	}
	free(a->message);
	a->message = NULL;
	keymap_run(a, code, key);
}

static void
app_read_keys(struct app *a)
{
	wint_t	key;
	int	r;

	while (!a->quit && (r = get_wch(&key)) != ERR)
		app_key(a, r == KEY_CODE_YES, key);
}

static void
app_listed(struct app *a, struct msg_ev *ev)
{
	struct pane	*p;
	int		 i;

	for (i = 0; i < 2; i++) {
		p = &a->pane[i];
		if (p->listing == 0 || p->listing != ev->id)
			continue;
		if (ev->status == 0)
			pane_set_list(p, &ev->list);
		else {
			app_notice(a, ev->text, _("cannot list the directory"));
			pane_list_failed(p);
		}
	}
}

static void
app_done(struct app *a, struct msg_ev *ev)
{
	struct queue_item	*it;
	struct pane		*t;
	char			*name, *text, size[32];

	if ((it = queue_finish(&a->queue, ev->id)) == NULL)
		return;
	t = &a->pane[it->target];
	if (t->listing == 0)
		app_list(a, it->target, t->location, NULL);
	name = fmt_safe_name(vfs_basename(it->src));
	if (ev->status == FERR_CANCELLED) {
		queue_clear(&a->queue);
		app_message(a, _("%s: stopped"), name);
	} else if (ev->status != 0)
		app_notice(a, ev->text, _("the copy failed"));
	else if (a->noticed && a->message != NULL) {
		/* "resuming at byte N; ... match" says more than a count. */
		text = xstrdup(a->message);
		app_message(a, _("%s; done"), text);
		free(text);
	} else {
		fmt_size(ev->result.bytes, size, sizeof size);
		app_message(a, _("%s: %d copied, %d skipped, %s moved"), name,
		    ev->result.files, ev->result.skipped, size);
	}
	a->noticed = 0;
	free(name);
	queue_item_free(it);
	progress_stop(&a->progress);
	app_next_copy(a);
}

/* Handle an event; returns 0 if the event was kept (the dialog's). */
static int
app_event(struct app *a, struct msg_ev *ev)
{
	a->dirty = 1;
	switch (ev->type) {
	case ME_PROGRESS:
		if (ev->job == a->queue.job)
			progress_update(&a->progress, &ev->progress);
		break;
	case ME_NOTICE:
		app_notice(a, ev->text, "");
		if (ev->job == a->queue.job)
			a->noticed = 1;
		break;
	case ME_QUESTION:
		a->help = 0;
		if (ev->q.kind != MQ_EXISTS) {
			ask_free(a->ask);
			a->ask = ask_open(ev);
			return (0);
		}
		dialog_free(a->dialog);
		a->dialog = dialog_open(ev);
		return (0);
	case ME_LISTED:
		app_listed(a, ev);
		break;
	case ME_DONE:
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
app_draw(struct app *a)
{
	int	 rows = LINES, cols = COLS, ph, lw;
	char	*hints;

	erase();
	if (rows < 6 || cols < 24) {
		text_draw(0, 0, _("the window is too small"), cols, TEXT_LEFT);
		refresh();
		return;
	}
	ph = rows - 3;
	lw = (cols - 1) / 2;
	pane_draw(&a->pane[APP_LEFT], 0, 0, ph, lw, a->active == APP_LEFT);
	mvvline(0, lw, ACS_VLINE, ph);
	pane_draw(&a->pane[APP_RIGHT], 0, lw + 1, ph, cols - lw - 1,
	    a->active == APP_RIGHT);
	mvhline(ph, 0, ACS_HLINE, cols);
	if (a->progress.active)
		progress_draw(&a->progress, ph + 1, cols);
	else {
		hints = keymap_hints();
		text_draw(ph + 1, 0, hints, cols, TEXT_LEFT);
		free(hints);
	}
	if (a->message != NULL) {
		mvaddch(ph + 2, 0, ' ');
		text_draw(ph + 2, 1, a->message, cols - 1, TEXT_LEFT);
	}
	if (a->help)
		keymap_help_draw();
	if (a->dialog != NULL)
		dialog_draw(a->dialog);
	if (a->ask != NULL)
		ask_draw(a->ask);
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

/* Until quit: draw if dirty, wait for a key, an event or SIGWINCH (which
 * is blocked except while waiting, so that none is missed). */
static void
app_loop(struct app *a, const sigset_t *waitmask)
{
	struct pollfd	pfd[2];

	while (!a->quit) {
		if (app_winch) {
			app_winch = 0;
			app_resize(a);
		}
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
		if (pfd[0].revents & POLLIN)
			app_read_keys(a);
		else if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;		/* the terminal is gone */
		if (pfd[1].revents & POLLIN)
			app_read_events(a);
	}
}

/* Drop "." and "x/.." components and repeated or trailing slashes of an
 * absolute local path (string work only: links are not followed). */
static char *
app_clean_path(const char *path)
{
	char	*out = xmalloc(strlen(path) + 2), *copy, *tok, *save, *s;
	size_t	 n = 0;

	copy = xstrdup(path);
	out[0] = '\0';
	for (s = copy; (tok = strtok_r(s, "/", &save)) != NULL; s = NULL) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			while (n > 0 && out[--n] != '/')
				/* nothing */;
			out[n] = '\0';
			continue;
		}
		n += (size_t)sprintf(out + n, "/%s", tok);
	}
	if (n == 0)
		strcpy(out, "/");
	free(copy);
	return (out);
}

/* The location a pane starts at: URLs as given, paths made absolute. */
static char *
app_start_location(const char *location, const char *cwd)
{
	char	*joined, *clean;

	if (url_is_url(location))
		return (xstrdup(location));
	if (*location == '/')
		return (app_clean_path(location));
	if (*cwd != '/')
		return (xstrdup(location));
	joined = vfs_join(cwd, location);
	clean = app_clean_path(joined);
	free(joined);
	return (clean);
}

static void
app_curses_setup(void)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(APP_ESCDELAY);
	curs_set(0);
}

static void
app_free(struct app *a)
{
	dialog_free(a->dialog);
	ask_free(a->ask);
	queue_free(&a->queue);
	progress_stop(&a->progress);
	pane_free(&a->pane[APP_LEFT]);
	pane_free(&a->pane[APP_RIGHT]);
	free(a->message);
}

/* Start the panes and run the loop on a terminal that is set up. */
static void
app_run(struct app *a, const char *location)
{
	struct sigaction	 sa, oldsa;
	sigset_t		 winch, waitmask;
	char			*cwd, *right;

	if ((cwd = getcwd(NULL, 0)) == NULL)
		cwd = xstrdup(".");
	right = app_start_location(location != NULL ? location : cwd, cwd);
	pane_init(&a->pane[APP_LEFT], cwd);
	pane_init(&a->pane[APP_RIGHT], right);
	app_list(a, APP_LEFT, cwd, NULL);
	app_list(a, APP_RIGHT, right, NULL);
	free(right);
	free(cwd);

	/* SIGWINCH only sets a flag, and is let in only while waiting. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_on_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, &oldsa);
	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	sigprocmask(SIG_BLOCK, &winch, &waitmask);
	sigdelset(&waitmask, SIGWINCH);

	app_loop(a, &waitmask);

	sigprocmask(SIG_UNBLOCK, &winch, NULL);
	sigaction(SIGWINCH, &oldsa, NULL);
}

int
ui_main(const char *location, const struct worker_conf *conf)
{
	struct worker_conf wconf;
	struct app	 a;
	SCREEN		*scr;
	char		*cause = NULL;

	memset(&a, 0, sizeof a);
	queue_init(&a.queue);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ferry: %s\n", _("the file manager needs a "
		    "terminal (ferry --help lists the commands)"));
		return (1);
	}
	wconf = *conf;
	wconf.ask_secret = 1;
	wconf.ask_trust = 1;
	if (worker_start(&a.w, &wconf, &cause) != 0) {
		fprintf(stderr, "ferry: %s\n", cause);
		free(cause);
		return (1);
	}
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "ferry: %s\n", _("cannot use this terminal "
		    "(is TERM right?)"));
		worker_stop(a.w);
		return (1);
	}
	app_curses_setup();
	a.dirty = 1;
	app_run(&a, location);
	endwin();
	delscreen(scr);
	worker_stop(a.w);
	app_free(&a);
	return (0);
}
