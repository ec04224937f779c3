/* ferry: F4, edit a file (see edit.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wctype.h>

#include <curses.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "util/xxh3.h"
#include "app.h"
#include "dialog.h"
#include "edit.h"
#include "pane.h"
#include "queue.h"
#include "text.h"

/* The editor's command: $VISUAL, $EDITOR, Debian's editor, vi. */
static const char *
edit_command(void)
{
	const char *ed;

	if ((ed = getenv("VISUAL")) != NULL && *ed != '\0')
		return (ed);
	if ((ed = getenv("EDITOR")) != NULL && *ed != '\0')
		return (ed);
	return (access("/usr/bin/editor", X_OK) == 0 ? "editor" : "vi");
}

/* XXH3 of a file's bytes; 0 and *ok = 0 if it cannot be read. */
static uint64_t
edit_digest(const char *path, int *ok)
{
	struct xxh3	h;
	char		buf[65536];
	ssize_t		n;
	int		fd;

	*ok = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	xxh3_init(&h);
	while ((n = read(fd, buf, sizeof buf)) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			xxh3_update(&h, buf, (size_t)n);
	close(fd);
	*ok = n == 0;
	return (xxh3_digest(&h));
}

/*
 * Run the editor on path with the terminal, in a process group of its
 * own in the foreground (a shell's job control: the terminal's signals
 * go to it, not to ferry).  The worker's threads go on.  Everything the
 * child runs before exec is async-signal-safe: the command is made
 * before the fork.  A stopped editor is continued: ferry has no shell to
 * come back to.  Returns the exit status, or -1 if it could not run.
 */
static int
edit_run(struct app *a, const char *path)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP,
	    SIGTSTP, SIGCONT, SIGWINCH, SIGTTOU, SIGTTIN, SIGPIPE };
	struct sigaction dfl, ign, oldttou;
	sigset_t	 none;
	char		*cmd;
	size_t		 i;
	pid_t		 pid;
	int		 st = -1, tty = isatty(STDIN_FILENO);

	cmd = xasprintf("%s \"$1\"", edit_command());
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&none);
	def_prog_mode();
	endwin();
	/* the terminal comes back through tcsetpgrp from the background */
	sigaction(SIGTTOU, &ign, &oldttou);
	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		if (tty)
			tcsetpgrp(STDIN_FILENO, getpid());
		for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			sigaction(sigs[i], &dfl, NULL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		setpgid(pid, pid);
		if (tty)
			tcsetpgrp(STDIN_FILENO, pid);
		for (;;) {
			if (waitpid(pid, &st, WUNTRACED) == -1) {
				if (errno == EINTR)
					continue;
				st = -1;
				break;
			}
			if (!WIFSTOPPED(st))
				break;
			kill(-pid, SIGCONT);
		}
		if (tty)
			tcsetpgrp(STDIN_FILENO, getpgrp());
	}
	sigaction(SIGTTOU, &oldttou, NULL);
	free(cmd);
	reset_prog_mode();
	app_terminal_back(a);
	if (pid == -1 || st == -1)
		return (-1);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* Say what the editor's end status means, if anything; 0 if it ran. */
static int
edit_ran(struct app *a, int st)
{
	if (st == 0)
		return (0);
	if (st == -1 || st == 127)
		app_message(a, _("cannot run the editor (%s): set VISUAL or "
		    "EDITOR"), edit_command());
	else
		app_message(a, _("the editor exited with status %d"), st);
	return (1);
}

static void
edit_clear(struct app *a)
{
	free(a->edit.remote);
	free(a->edit.dir);
	free(a->edit.local);
	memset(&a->edit, 0, sizeof a->edit);
}

/* The edited copy is no longer needed: remove it and its directory. */
static void
edit_remove(struct app *a)
{
	if (a->edit.local != NULL)
		unlink(a->edit.local);
	if (a->edit.dir != NULL)
		rmdir(a->edit.dir);
	edit_clear(a);
}

/* The edit's copy is no longer in the queue (removed by hand). */
static int
edit_lost(struct app *a)
{
	struct queue_item *it;

	for (it = a->queue.head; it != NULL; it = it->next)
		if (it->edit)
			return (0);
	return (1);
}

/* Queue the copy of src into the directory dst, as a batch of its own,
 * overwriting; the pane target is listed again when it is done (-1:
 * none). */
static void
edit_queue(struct app *a, const char *src, const char *dst, int target,
    int down)
{
	struct queue_item *it;

	a->queue.batches++;
	it = queue_add(&a->queue, src, dst, target, down);
	it->policy = XFER_OVERWRITE;
	it->edit = 1;
	app_queue_changed(a);
}

static void
edit_start_remote(struct app *a, const char *location, const char *name)
{
	const char	*tmp = getenv("TMPDIR");
	char		*tmpl;

	if (a->edit.state != EDIT_NONE && !edit_lost(a)) {
		app_message(a, "%s", _("a file of a server is being edited: "
		    "one at a time"));
		return;
	}
	/* its copy was taken out of the queue: nothing was edited before
	 * an upload, which keeps the edited copy */
	if (a->edit.state == EDIT_DOWN)
		edit_remove(a);
	else if (a->edit.state != EDIT_NONE)
		edit_clear(a);
	tmpl = xasprintf("%s/ferry-edit.XXXXXX", tmp != NULL && *tmp == '/' ?
	    tmp : "/tmp");
	if (mkdtemp(tmpl) == NULL) {
		app_message(a, _("cannot make a directory to edit in: %s"),
		    strerror(errno));
		free(tmpl);
		return;
	}
	a->edit.dir = tmpl;
	a->edit.local = path_join(tmpl, name);
	a->edit.remote = url_child(location, name);
	a->edit.pane = a->active;
	a->edit.state = EDIT_DOWN;
	/* into the private directory, which no pane shows */
	edit_queue(a, a->edit.remote, a->edit.dir, -1, 1);
}

void
app_edit(struct app *a)
{
	const struct pane	*p = app_active(a);
	const struct vfs_entry	*e = pane_current(p);
	char			*path;

	if (e == NULL) {
		app_message(a, "%s", _("no entry under the cursor"));
		return;
	}
	if (!path_name_is_safe(e->name)) {
		app_message(a, "%s", _("this name cannot be used as a path"));
		return;
	}
	if (e->st.type == VFS_DIR) {
		app_message(a, "%s", _("F4 edits files, not directories"));
		return;
	}
	if (url_is_url(p->location)) {
		edit_start_remote(a, p->location, e->name);
		return;
	}
	path = path_join(p->location, e->name);
	(void)edit_ran(a, edit_run(a, path));
	free(path);
	/* listed again, even if a listing is under way (it may have read
	 * the file before the edit); the other pane is as it was */
	app_goto_location(a, a->active, p->location);
}

int
app_edit_copy_ended(struct app *a, struct queue_item *it, int status)
{
	uint64_t	 before, after;
	int		 ok1, ok2;
	char		*safe;

	if (!it->edit)
		return (0);
	it->edit = 0;
	if (a->edit.state == EDIT_DOWN) {
		if (status != 0) {
			edit_remove(a);
			return (1);	/* the copy's failure is said */
		}
		before = edit_digest(a->edit.local, &ok1);
		if (edit_ran(a, edit_run(a, a->edit.local))) {
			edit_remove(a);
			return (1);
		}
		after = edit_digest(a->edit.local, &ok2);
		if (ok1 && ok2 && before == after) {
			app_message(a, "%s", _("not changed: nothing to "
			    "upload"));
			edit_remove(a);
			return (1);
		}
		a->edit.state = EDIT_ASK;
		a->dirty = 1;
		return (1);
	}
	if (a->edit.state == EDIT_UP) {
		safe = fmt_safe_name(a->edit.local);
		if (status == 0) {
			app_message(a, "%s", _("the changes are uploaded"));
			edit_remove(a);
		} else {
			app_message(a, _("the upload failed; the edited copy "
			    "is %s"), safe);
			edit_clear(a);
		}
		free(safe);
	}
	return (1);
}

int
app_edit_asking(const struct app *a)
{
	return (a->edit.state == EDIT_ASK);
}

void
app_edit_key(struct app *a, int code, wint_t key)
{
	char *safe, *rdir;

	if (code)
		return;
	if (towlower(key) == L'y') {
		a->edit.state = EDIT_UP;
		rdir = url_parent(a->edit.remote);
		edit_queue(a, a->edit.local, rdir, a->edit.pane, 0);
		free(rdir);
	} else if (towlower(key) == L'n' || key == 27) {
		safe = fmt_safe_name(a->edit.local);
		app_message(a, _("not uploaded; the edited copy is %s"), safe);
		free(safe);
		edit_clear(a);
	}
}

void
app_edit_draw(struct app *a)
{
	char	*where, *l1;

	where = fmt_safe_name(a->edit.remote);
	l1 = xasprintf(_("Upload the changes to %s?"), where);
	dialog_lines(_("Edited"), (const char *[]){ l1, NULL,
	    _("[y] upload  [n] keep them here only") }, 3);
	free(where);
	free(l1);
}

void
app_edit_free(struct app *a)
{
	if (a->edit.state == EDIT_DOWN)
		edit_remove(a);
	else
		edit_clear(a);
}
