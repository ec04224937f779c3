/* ferry: the order a pane shows its listing in, as pure functions (no
 * curses): sort keys and their comparison, the filter and the quick
 * search's matching, hidden names.  The listing itself is never changed:
 * order_build writes the indexes of the entries shown, in the order shown.
 * Tested in tests/unit/test_order.c. */
#ifndef FERRY_UI_ORDER_H
#define FERRY_UI_ORDER_H

#include <stddef.h>

#include "vfs/vfs.h"

enum order_key {
	ORDER_NAME = 0,		/* byte order, as the listing comes */
	ORDER_EXT,		/* extension, then name */
	ORDER_SIZE,		/* largest first, then name */
	ORDER_TIME,		/* newest first, then name */
};

struct order_opts {
	enum order_key	 key;
	int		 reverse;	/* the key's order turned round */
	int		 hide_dots;	/* names starting with '.' left out */
	const char	*filter;	/* NULL or "": everything */
};

/* The extension of a name: what follows its last '.', "" when there is
 * none, when the only '.' starts the name (".profile") or ends it. */
const char *order_extension(const char *name);
/* Compare two entries for a sort key: directories always come first (by
 * name, or by time for ORDER_TIME), ties are broken by name; reverse
 * turns round all but "directories first". */
int	order_compare(const struct vfs_entry *, const struct vfs_entry *,
	    enum order_key, int reverse);
/* Group marks (the keys +, - and *): does pattern pick the entry?  A
 * pattern that ends in '/' picks directories by the rest of it (a lone
 * "/": all of them); any other picks the entries that are not
 * directories (files, links, devices).  Names match as the filter's do:
 * a glob when the pattern holds '*', '?' or '[', else a part of the name,
 * case ignored. */
int	order_group_match(const struct vfs_entry *, const char *pattern);
enum order_mark {
	ORDER_UNMARK = 0,
	ORDER_MARK,
	ORDER_INVERT,
};
/* Mark, unmark or invert the marks of the entries idx[0..n-1] of l that
 * pattern picks (marks: one flag per entry of l).  Returns how many marks
 * changed. */
size_t	order_group_mark(const struct vfs_list *l, const size_t *idx,
	    size_t n, unsigned char *marks, const char *pattern,
	    enum order_mark how);
/* Is an entry shown under these options? */
int	order_shown(const struct vfs_entry *, const struct order_opts *);
/* The entries of l shown under opts, in order: their indexes into out
 * (room for l->n).  Returns how many. */
size_t	order_build(const struct vfs_list *l, const struct order_opts *,
	    size_t *out);
/* The name of a sort key, translated ("name", "size"...). */
const char *order_key_name(enum order_key);

#endif
