/* ferry: one pane, a directory listing with a cursor and marks.
 *
 * The pane never reads a directory itself: the application asks the worker
 * (MC_LIST) and hands the listing over with pane_set_list.  Row 0 is "/..",
 * row i + 1 is entry i of the listing (directories first). */
#ifndef FERRY_UI_PANE_H
#define FERRY_UI_PANE_H

#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"

struct pane {
	char		*location;	/* shown: a path or a URL (owned) */
	struct vfs_list	 list;		/* owned */
	unsigned char	*marks;		/* one flag per entry (owned) */
	size_t		 cursor;	/* row under the cursor */
	size_t		 top;		/* first row shown */
	int		 height;	/* entry rows at the last draw */
	int		 loaded;	/* a listing has arrived once */
	uint64_t	 listing;	/* the MC_LIST awaited, 0 if none */
	char		*want;		/* location being listed (owned) */
	char		*select;	/* name to put the cursor on (owned) */
};

void	pane_init(struct pane *, const char *location);
void	pane_free(struct pane *);

/* Rows, "/.." included. */
size_t	pane_rows(const struct pane *);
/* The entry at a row, NULL for "/..". */
const struct vfs_entry *pane_entry(const struct pane *, size_t row);
const struct vfs_entry *pane_current(const struct pane *);

/* Move the cursor by delta rows (clamped), by a page (dir -1 or 1), or to
 * the first or last row. */
void	pane_move(struct pane *, long delta);
void	pane_page(struct pane *, int dir);
void	pane_home(struct pane *);
void	pane_end(struct pane *);

/* Toggle the mark under the cursor ("/.." has none) and move down. */
void	pane_toggle_mark(struct pane *);
/* Marked entries and the bytes of the marked files. */
size_t	pane_marked(const struct pane *, uint64_t *bytes);
int	pane_is_marked(const struct pane *, size_t entry);
void	pane_clear_marks(struct pane *);

/* A listing of want arrived: the pane takes it over (*list is cleared),
 * shows want, keeps the marks of names still there and puts the cursor on
 * select, or on the name it was on. */
void	pane_set_list(struct pane *, struct vfs_list *list);
/* Start listing a location: remember it and the name to select. */
void	pane_want(struct pane *, const char *location, const char *select,
	    uint64_t id);
/* The listing's location is known as an absolute one now (a server's
 * login directory): the pane shows that, so ".." can go above it. */
void	pane_set_location(struct pane *, const char *location);
/* Put the cursor on name once the next listing arrives. */
void	pane_want_select(struct pane *, const char *name);
/* The listing failed: keep what is shown (or show the location, if nothing
 * was ever listed). */
void	pane_list_failed(struct pane *);

/* Draw in the rectangle (y, x, h, w): header, column titles, entries,
 * footer.  The cursor is highlighted in the active pane only. */
void	pane_draw(struct pane *, int y, int x, int h, int w, int active);

#endif
