/* ferry: one pane, a directory listing with a cursor and marks.
 *
 * The pane never reads a directory itself: the application asks the worker
 * (MC_LIST) and hands the listing over with pane_set_list.  Row 0 is "/..";
 * the rows after it show the entries in the pane's view order (sort key,
 * reverse, hidden names, filter: see order.h), an index array over the
 * listing: the listing itself and its marks (one per entry) stay as they
 * came, so pane_entry and pane_current are the only way from a row to an
 * entry. */
#ifndef FERRY_UI_PANE_H
#define FERRY_UI_PANE_H

#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"
#include "order.h"

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
	size_t		*order;		/* row r > 0 shows entry order[r - 1]
					   (owned) */
	size_t		 nview;		/* entries shown */
	size_t		*row_of;	/* entry -> its row, 0 if not shown
					   (owned) */
	enum order_key	 sort;		/* kept across listings */
	int		 reverse;
	int		 hide_dots;	/* names starting with '.' hidden */
	char		*filter;	/* owned; NULL: none.  Cleared when
					   the pane shows another location */
	/* A listing of another location shows its first entries while it
	 * is under way (pane_set_partial): what the pane showed before is
	 * kept here, whole, to go back to if the listing fails or is left
	 * (owned; NULL: no partial listing shown). */
	struct pane	*before;
	size_t		 partial;	/* entries listed so far, while a
					   partial listing is shown */
	uint64_t	*dirsize;	/* per entry: the bytes a directory
					   holds, counted (Ctrl-Space), or
					   PANE_NO_SIZE; NULL: none counted.
					   Dropped with the listing (owned) */
};

#define PANE_NO_SIZE	UINT64_MAX

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

/* The view order: sort key and direction, hidden names shown or not, the
 * filter (NULL or "" clears it).  The cursor stays on its entry while it
 * is shown; a new filter puts it on the first entry that matches. */
void	pane_set_sort(struct pane *, enum order_key, int reverse);
void	pane_toggle_hidden(struct pane *);
void	pane_set_filter(struct pane *, const char *filter);
/* Quick search: the row of the first entry from row from on (wrapping)
 * whose name starts with text, else of the first that holds it (any: the
 * first that does either); 0 if none does. */
size_t	pane_search(const struct pane *, const char *text, size_t from,
	    int any);

/* Toggle the mark under the cursor ("/.." has none) and move down. */
void	pane_toggle_mark(struct pane *);
/* Marked entries and the bytes of the marked files.  Only entries shown
 * count: a mark on an entry the filter hides stays, but no command acts
 * on it. */
size_t	pane_marked(const struct pane *, uint64_t *bytes);
/* entry: an index into list.v. */
int	pane_is_marked(const struct pane *, size_t entry);
/* Clear the marks of the entries shown. */
void	pane_clear_marks(struct pane *);
/* Mark the entries shown that compare_listings marks against other's
 * whole listing (and unmark the others shown); how many are marked. */
size_t	pane_compare(struct pane *, const struct pane *other);
/* Mark, unmark or invert the entries shown that pattern picks
 * (order_group_match); how many marks changed. */
size_t	pane_mark_group(struct pane *, const char *pattern,
	    enum order_mark how);

/* A listing of want arrived: the pane takes it over (*list is cleared),
 * shows want, keeps the marks of names still there and puts the cursor on
 * select, or on the name it was on. */
void	pane_set_list(struct pane *, struct vfs_list *list);
/* The listing awaited is under way: count entries so far, and the first
 * of them in *list (sorted; taken over) the first time (l->n > 0).  A
 * listing of another location shows them at once, keeping what was shown
 * before to go back to; a listing of the location shown (a reread) keeps
 * showing the old entries until it is complete. */
void	pane_set_partial(struct pane *, struct vfs_list *list, size_t count);
/* Start listing a location: remember it and the name to select (a partial
 * listing shown is left first: the pane goes back to what it showed). */
void	pane_want(struct pane *, const char *location, const char *select,
	    uint64_t id);
/* The listing's location is known as an absolute one now (a server's
 * login directory): the pane shows that, so ".." can go above it. */
void	pane_set_location(struct pane *, const char *location);
/* Put the cursor on name once the next listing arrives. */
void	pane_want_select(struct pane *, const char *name);
/* The counted size of the directory name in this listing (Ctrl-Space);
 * pane_dirsize: 1 and *bytes if entry (an index of list) was counted. */
void	pane_set_dirsize(struct pane *, const char *name, uint64_t bytes);
int	pane_dirsize(const struct pane *, size_t entry, uint64_t *bytes);
/* The listing failed: keep what is shown (or show the location, if nothing
 * was ever listed; or what was shown before a partial listing). */
void	pane_list_failed(struct pane *);

/* Draw in the rectangle (y, x, h, w): header, column titles, entries,
 * footer.  The cursor is highlighted in the active pane only. */
void	pane_draw(struct pane *, int y, int x, int h, int w, int active);
/* The info line of the entry under the cursor, in row y from column x in
 * w columns: type and permissions, owner where known, the exact size in
 * bytes, the full name. */
void	pane_draw_info(const struct pane *, int y, int x, int w);

#endif
