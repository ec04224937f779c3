/* ferry: the "target exists" dialog, drawn in the middle of the screen
 * with its evidence (locations, exact sizes, times, whether the target looks
 * partial, the resume record) and the choices the plan offers. */
#ifndef FERRY_UI_DIALOG_H
#define FERRY_UI_DIALOG_H

#include <wchar.h>

#include "xfer/decide.h"

struct msg_ev;
struct input;

struct dialog {
	struct msg_ev		*ev;	/* the ME_QUESTION (owned) */
	int			 all;	/* "apply to all remaining items" */
	enum xfer_policy	 sel;	/* the choice Enter takes */
	struct input		*name;	/* Rename: the name being typed,
					   prefilled with the suggestion */
};

/* Open a dialog for a question; it owns ev from now on. */
struct dialog *dialog_open(struct msg_ev *ev);
void	dialog_free(struct dialog *);
void	dialog_draw(const struct dialog *);
/* A key (code: a KEY_* code, not a character).  Returns 1 once the
 * question is answered, with the answer in *answer (XFER_CANCEL for Esc).
 * Rename first asks for the name (Esc there goes back to the choices):
 * *name is the name typed (malloc'd), NULL when it was left empty. */
int	dialog_key(struct dialog *, int code, wint_t key,
	    enum xfer_policy *answer, char **name);

/* A cleared box with a border and a title in it (also for the help). */
void	dialog_box(int y, int x, int h, int w, const char *title);
/* The same in the middle of the screen; its top left in *y and *x. */
void	dialog_box_centered(int h, int w, const char *title, int *y, int *x);
/* A question in the middle of the screen: n lines (NULL: an empty one)
 * and an empty one below, as wide as the widest (40 columns at least,
 * the screen at most; a longer line loses its middle, so that a location
 * keeps its name). */
void	dialog_lines(const char *title, const char *const *line, int n);

#endif
