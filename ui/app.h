/* ferry: the state of the file manager, shared by its parts.  Only the UI
 * thread touches it (and curses). */
#ifndef FERRY_UI_APP_H
#define FERRY_UI_APP_H

#include "pane.h"
#include "progress.h"
#include "queue.h"

struct ask;
struct dialog;
struct worker;

#define APP_LEFT	0	/* this machine */
#define APP_RIGHT	1	/* a server, or another local directory */

struct app {
	struct worker	*w;
	struct pane	 pane[2];
	int		 active;	/* APP_LEFT or APP_RIGHT */
	int		 quit;
	int		 dirty;		/* redraw at the end of this turn */
	int		 help;		/* the help box is open */
	struct dialog	*dialog;	/* a question is open */
	struct ask	*ask;		/* a password or trust question */
	struct queue	 queue;
	struct progress	 progress;
	char		*message;	/* one line, safe to draw, or NULL */
	int		 noticed;	/* the copy under way sent a notice */
};

struct pane *app_active(struct app *);
/* A message for the message line (text already safe to draw). */
void	app_message(struct app *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The commands of the keymap that are more than a pane movement. */
void	app_enter(struct app *);	/* into the directory under the cursor */
void	app_up(struct app *);		/* to the parent directory */
void	app_relist(struct app *);	/* list both panes again */
void	app_copy(struct app *);		/* marked entries to the other pane */
void	app_cancel(struct app *);	/* stop the copy under way */
void	app_switch(struct app *);	/* the other pane becomes active */
void	app_help(struct app *);
void	app_quit(struct app *);

#endif
