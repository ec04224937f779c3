/* ferry: a pane's history of locations, for Alt-y (back) and Alt-u
 * (forward) as in mc and a browser: each entry keeps the name the cursor
 * was on when the pane left it.  Pure (no curses); test_hist. */
#ifndef FERRY_UI_HIST_H
#define FERRY_UI_HIST_H

#include <stddef.h>

#define HIST_MAX	64	/* entries kept, the oldest dropped */

struct hist {
	char	**loc;		/* owned */
	char	**sel;		/* the cursor's name there, or NULL (owned) */
	size_t	  n;
	size_t	  pos;		/* the current entry (n > 0) */
	int	  nav;		/* going back or forward ... */
	size_t	  nav_to;	/* ... to this entry */
};

/* A listing of loc completed; leaving: the name the cursor was on where
 * the pane was (NULL: none).  A new location is added after the current
 * entry (those after it are dropped, as in a browser), the one that
 * hist_back or hist_forward went to becomes current, the current one
 * again (a reread) changes nothing. */
void	hist_visit(struct hist *, const char *loc, const char *leaving);
/* Where back (forward) goes, and the name to put the cursor on there
 * (*sel, may be NULL); NULL when there is nothing that way. */
const char *hist_back(struct hist *, const char **sel);
const char *hist_forward(struct hist *, const char **sel);
void	hist_free(struct hist *);

#endif
