/* ferry: F4, edit a file with $VISUAL or $EDITOR (else editor, else vi).
 *
 * A local file is edited where it is.  A file on a server is copied into
 * a private directory (0700, under $TMPDIR or /tmp) by the queue, edited
 * there once the copy is complete, and, if its bytes changed, copied back
 * after a question [y/n], over the server's file: an overwrite writes
 * beside the target and renames it into place where the server can, so
 * the server's file is replaced whole or not at all.  Declined or failed,
 * the edited copy stays where it is and the message says where; uploaded,
 * it is removed.  One edit of a server's file at a time.
 *
 * The editor gets the terminal in its own process group (Ctrl-C and
 * Ctrl-Z reach it, not ferry); the copies of the queue go on meanwhile. */
#ifndef FERRY_UI_EDIT_H
#define FERRY_UI_EDIT_H

#include <stdint.h>
#include <wchar.h>

struct app;
struct queue_item;

enum edit_state {
	EDIT_NONE = 0,
	EDIT_DOWN,		/* the server's file is being copied here */
	EDIT_ASK,		/* edited: upload the changes? */
	EDIT_UP,		/* the changes are being copied back */
};

struct app_edit {
	enum edit_state	 state;
	char		*remote;	/* the file's URL (owned) */
	char		*dir;		/* the private directory (owned) */
	char		*local;		/* dir/name (owned) */
	int		 pane;		/* the pane it was in */
};

/* F4 on the entry under the cursor. */
void	app_edit(struct app *);
/* A copy of the queue ended: 1 if it was the edit's (then handled). */
int	app_edit_copy_ended(struct app *, struct queue_item *, int status);
/* The question is open. */
int	app_edit_asking(const struct app *);
void	app_edit_key(struct app *, int code, wint_t key);
void	app_edit_draw(struct app *);
/* Forget the edit (at exit: the private directory is left if it holds an
 * edited copy that was not uploaded). */
void	app_edit_free(struct app *);

#endif
