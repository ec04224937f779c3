/* ferry: the state of the file manager, shared by its parts.  Only the UI
 * thread touches it (and curses). */
#ifndef FERRY_UI_APP_H
#define FERRY_UI_APP_H

#include <wchar.h>

#include "conf/recent.h"
#include "conf/sites.h"
#include "edit.h"
#include "hist.h"
#include "pane.h"
#include "progress.h"
#include "queue.h"

struct ask;
struct qfile;
struct dialog;
struct input;
struct msg_ev;
struct view;
struct viewer;
struct worker;

#define APP_LEFT	0	/* this machine */
#define APP_RIGHT	1	/* a server, or another local directory */

/* What the input line is for. */
enum app_input_kind {
	APP_IN_RENAME = 1,
	APP_IN_MKDIR,
	APP_IN_CHMOD,
	APP_IN_GOTO,
	APP_IN_FILTER,
	APP_IN_SEARCH,
	APP_IN_SORT,		/* the sort menu (ui/find.c) */
	APP_IN_SITE_NAME,
	APP_IN_SITE_URL,
	APP_IN_SITE_PASSWORD,
	APP_IN_MARK,		/* + and - (ui/find.c) */
	APP_IN_UNMARK,
	APP_IN_FIND,		/* Alt-? (ui/found.c) */
	APP_IN_MOVE,		/* F6 on marked entries */
	APP_IN_FOUND_MOVE,	/* F6 in the find box (ui/found.c) */
};

/* A site being added or edited (the input asks name, URL, password). */
struct site_edit {
	char		*old;		/* the name edited, NULL: a new one */
	char		*name;
	char		*url;
};

/* Locations sent to be counted (MC_COUNT), a job each (ui/fileop.c). */
struct app_counting {
	char		**what;		/* per job, the caller's (owned) */
	uint64_t	 *job;		/* 0 once it is back */
	size_t		  n;
	size_t		  waiting;	/* counts not back yet */
};

/* F8: what is counted, then confirmed, then deleted. */
struct app_delete {
	struct app_counting c;		/* what: the locations */
	uint64_t	  files, dirs, bytes;
	int		  failed;	/* a count failed: no question */
	int		  asking;	/* the confirmation is open */
	char		**found;	/* from the find box: the names (in
					   its list) of the entries being
					   deleted, as c.what (owned) */
	size_t		  found_n;
	unsigned	  found_gen;	/* that list's app_found.gen */
};

/* F5 over unfinished copies (files a resume record names, shown ◐):
 * asked first whether to copy them as they are. */
struct app_copyask {
	int		  asking;	/* the question is open */
	int		  chosen;	/* entries F5 would copy */
	int		  partials;	/* of them, unfinished copies */
	char		 *first;	/* the first of those (owned) */
	/* Where each of them came from, when every one's record says
	 * (r finishes them there), and its own location (owned); nsrc is
	 * 0 unless it is partials. */
	char		**src;
	char		**at;
	int		  nsrc;
	/* Directories among them that hold unfinished copies (asked
	 * about when no file chosen is one): how many, their first. */
	int		  dirs;
	size_t		  below;	/* the copies they hold */
	char		 *firstdir;	/* (owned) */
};

/* Ctrl-Space: directories counted, their sizes shown in the pane. */
struct app_dirsize {
	struct app_counting c;		/* what: the names */
	char		 *loc;		/* the pane's location then (owned) */
	int		  side;
	uint64_t	  files, bytes;
	size_t		  counted;	/* directories counted */
	size_t		  last;		/* the last one counted */
};

/* Alt-?: a find and what it found (ui/found.c). */
struct app_found {
	uint64_t	 job;		/* the MC_FIND under way, 0: none */
	char		*loc;		/* where it looks (owned) */
	char		*pattern;	/* owned */
	int		 side;		/* the pane it was asked in */
	struct vfs_list	 list;		/* names relative to loc */
	unsigned char	*marks;		/* one per entry of list (owned) */
	uint64_t	*pend;		/* one per entry: the delete or move
					   sent for it, awaited (0: none);
					   it leaves list once that is done,
					   and stays if it failed (owned) */
	size_t		 cursor;
	int		 height;	/* rows at the last draw */
	uint64_t	 dirs;		/* directories read */
	int		 open;		/* the box is shown */
	int		 truncated;
	int		 stopped;
	char		*error;		/* safe to draw (owned) */
	unsigned	 gen;		/* one more at each clear: which
					   list an F8 was asked in */
	size_t		 deleted;	/* entries F8 took out of list */
	size_t		 moved;		/* and F6 */
	char		**move;		/* F6 asking where: the names of the
					   entries being moved (owned) */
	size_t		 move_n;
	unsigned	 move_gen;	/* that list's gen */
};

/* What a user's file operation does, for what is said when it ends. */
enum app_op_kind {
	APP_OP_OTHER = 0,	/* a rename, F7, Ctrl-X: "done" */
	APP_OP_DELETE,		/* F8's y */
	APP_OP_MOVE,		/* F6 into a directory */
};

/* One user action (F8's y on 40 marked entries, an F6, an F7): its jobs
 * are awaited together; the panes are read again, and what it did is
 * said, once the last has ended. */
struct app_opbatch {
	unsigned	 num;
	enum app_op_kind kind;
	size_t		 total;		/* jobs sent */
	size_t		 left;		/* not ended yet */
	size_t		 failed;
};

/* The file operations awaited (app_op_begin, app_send). */
struct app_ops {
	uint64_t	*id;		/* the jobs, ... */
	unsigned	*batch;		/* ... each one's batch */
	size_t		 n, alloc;
	struct app_opbatch *b;		/* the batches with jobs awaited */
	size_t		 nb;
	enum app_op_kind kind;		/* of the batch app_send adds to, */
	unsigned	 cur;		/* its number (0: made at the next
					   app_send) */
	unsigned	 next;		/* the last number given */
};

/* The question asked before quitting while transfers run. */
enum app_quit_state {
	APP_RUNNING = 0,
	APP_QUIT_ASKED,		/* the "transfers are running" box is open */
	APP_QUIT_WHEN_IDLE,	/* quit once the queue has ended */
};

struct app {
	struct worker	*w;
	struct pane	 pane[2];
	int		 active;	/* APP_LEFT or APP_RIGHT */
	int		 quit;
	int		 status;	/* exit status */
	int		 dirty;		/* redraw at the end of this turn */
	enum app_quit_state quitting;
	struct dialog	*dialog;	/* a question is open */
	struct ask	*ask;		/* a password or trust question */
	struct view	*view;		/* help, log or a long message */
	struct view	*log;		/* every message (kept) */
	struct input	*input;		/* a line being typed */
	struct viewer	*viewer;	/* F3 */
	struct app_delete del;
	struct app_copyask cpask;
	struct app_dirsize sz;
	struct app_found found;
	struct hist	 hist[2];	/* each pane's places (Alt-y, Alt-u) */
	struct app_edit	 edit;		/* F4 of a server's file */
	struct app_ops	 ops;		/* file operations awaited */
	struct qfile	*restore;	/* unfinished items of last time,
					   offered at start */
	int		 frozen;	/* the queue file keeps what it had
					   when quitting began */
	struct recent	 recent;	/* places visited, newest first */
	struct sites	 sites;
	int		 sitelist;	/* the site list is open */
	size_t		 sitecur;
	int		 siterows;	/* its rows at the last draw */
	int		 sitedel;	/* d asked: delete sitecur? */
	struct site_edit siteedit;
	int		 qview;		/* the queue is shown */
	size_t		 qcursor;	/* its selected item */
	struct queue	 queue;
	struct progress	 progress;
	char		*message;	/* one line, safe to draw, or NULL */
};

struct pane *app_active(struct app *);
/* A message for the message line and the log (text already safe). */
void	app_message(struct app *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The same for the message line only: how far something under way is
 * (the log keeps what it came to). */
void	app_status(struct app *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The commands of the keymap that are more than a pane movement. */
void	app_enter(struct app *);	/* into the directory under the cursor */
void	app_up(struct app *);		/* to the parent directory */
void	app_relist(struct app *);	/* list both panes again */
/* List a pane's location again, unless a listing of it is under way. */
void	app_relist_side(struct app *, int side);
void	app_copy(struct app *);		/* marked entries to the other pane */
void	app_cancel(struct app *);	/* stop the listing or copies */
void	app_switch(struct app *);	/* the other pane becomes active */
/* The other pane goes to the active pane's location (mc's Alt-i); to the
 * directory under the cursor (Alt-o: else as Alt-i); the panes trade
 * their locations, sorts and the active pane stays with its location
 * (Ctrl-U). */
void	app_other_here(struct app *);
/* The active pane's previous (next) place in its history, the cursor on
 * the name it was on there (mc's Alt-y, Alt-u). */
void	app_back(struct app *);
void	app_forward(struct app *);
void	app_other_open(struct app *);
void	app_swap(struct app *);
void	app_help(struct app *);
void	app_show_log(struct app *);	/* the message log */
void	app_show_queue(struct app *);	/* the queue view, on and off */
void	app_suspend(struct app *);	/* Ctrl-Z */
/* The terminal is ferry's again (after Ctrl-Z or an editor): redraw it
 * all, at its size now. */
void	app_terminal_back(struct app *);
void	app_quit(struct app *);
/* The queue changed (an item added, retried, removed): run what may run
 * now. */
void	app_queue_changed(struct app *);

/* File operations (ui/fileop.c). */
void	app_view(struct app *);		/* F3 */
void	app_rename(struct app *);	/* F6 */
void	app_mkdir(struct app *);	/* F7 */
void	app_delete(struct app *);	/* F8 */
void	app_chmod(struct app *);	/* Ctrl-X */
/* The input line was answered (Enter) with text. */
void	app_input_done(struct app *, int kind, const char *text);
/* An event for a file operation: 1 if it was one. */
int	app_fileop_event(struct app *, struct msg_ev *);
/* The delete confirmation: a key. */
void	app_copyask_key(struct app *, int code, wint_t key);
void	app_copyask_draw(struct app *);
void	app_copyask_clear(struct app *);
void	app_delete_key(struct app *, int code, wint_t key);
void	app_delete_draw(struct app *);
void	app_delete_clear(struct app *);
/* F8 in the find box: count loc (a location) for the question. */
void	app_delete_at(struct app *, const char *loc);
/* The next file operations sent make one batch of kind (see struct
 * app_ops). */
void	app_op_begin(struct app *, enum app_op_kind kind);
void	app_ops_free(struct app *);
/* Move from into the directory dir: a rename on one server, else copied
 * then deleted (*across set); its job.  The directory must exist. */
uint64_t app_move_into(struct app *, const char *from, const char *dir,
	    int *across);
void	app_dirsize(struct app *);	/* Ctrl-Space */
void	app_dirsize_clear(struct app *);
/* Relist a pane if it shows location's directory (or both, NULL). */
void	app_relist_all(struct app *);
void	app_error(struct app *, const char *text, const char *fallback);

/* Going anywhere (ui/goto.c). */
void	app_goto(struct app *);		/* g: the location line */
void	app_go(struct app *, const char *typed, const char *password);
void	app_go_side(struct app *, int side, const char *typed,
	    const char *password);
/* What was typed in a pane, resolved against it (malloc'd), or NULL
 * with a message; a password in a URL goes to the worker, not into the
 * location. */
char	*app_resolve(struct app *, int side, const char *typed);
char	*app_resolve_with(struct app *, int side, const char *typed,
	    const char *password);
void	app_sites(struct app *);	/* Ctrl-\: the site list */
void	app_sites_key(struct app *, int code, wint_t key);
void	app_sites_draw(struct app *);
int	app_site_input_done(struct app *, int kind, const char *text);
void	app_site_input_cancel(struct app *, int kind);
void	app_recent_load(struct app *);
void	app_recent_add(struct app *, const char *location);
/* List location in a pane as its new directory. */
void	app_goto_location(struct app *, int side, const char *location);
/* The same, with the cursor on name once listed. */
void	app_goto_select(struct app *, int side, const char *location,
	    const char *name);
void	app_input_open(struct app *, int kind, const char *title,
	    const char *label, const char *text);
/* A line for the log only (safe text). */
void	app_log_only(struct app *, const char *text);

/* The saved queue (ui/qsave.c): written on every change; offered again
 * at the next start. */
void	app_queue_save(struct app *);
void	app_queue_offer(struct app *);
void	app_restore_key(struct app *, int code, wint_t key);
void	app_restore_draw(struct app *);

/* The queue view (ui/qview.c). */
void	qview_draw(struct app *, int y, int h, int w);
void	qview_key(struct app *, int code, wint_t key);

#endif
