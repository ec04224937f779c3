/* ferry: comparing the two panes (the key =), as a pure function (no
 * curses): which entries of one listing to mark against another, so that
 * F5 then copies what the other side lacks.  Tested in
 * tests/unit/test_compare.c. */
#ifndef FERRY_UI_COMPARE_H
#define FERRY_UI_COMPARE_H

#include <stddef.h>

#include "vfs/vfs.h"

/* Why an entry is marked, or not. */
enum compare_why {
	CMP_SAME = 0,		/* not marked: the same size and time, or
				   older, or a directory on both sides */
	CMP_MISSING,		/* the other side has no entry of its name */
	CMP_RESUMABLE,		/* the other side's is a partial copy of it
				   (a resume record names it) */
	CMP_DIFFERS,		/* another size, and not older */
	CMP_NEWER,		/* the same size, newer (both times to the
				   second) */
	CMP_PARTIAL,		/* not marked: itself a partial copy */
	CMP_OTHER_TYPE,		/* not marked: a file on one side, a
				   directory on the other */
};

/* Compare entry a with the entry of the same name on the other side (b,
 * NULL if there is none).  A partial copy is never marked, not even where
 * the other side has none.  Files: marked when b is missing, when b is a
 * partial copy of a (smaller, named by a resume record: resume it), when
 * the sizes differ and a is not older than b, or when a is newer with the
 * same size.  Times count only when both are known to the second (a LIST
 * time is the server's local time, to the minute at best).  Directories:
 * marked only when missing on the other side (their contents are not
 * compared). */
enum compare_why compare_entry(const struct vfs_entry *a,
	    const struct vfs_entry *b);
/* Is an entry marked for this reason? */
int	compare_marks(enum compare_why);

/* The entries idx[0..n-1] of l compared with the whole listing other:
 * marks[idx[i]] set to whether compare_entry marks it (the other marks
 * are left as they are).  Returns how many are marked.  Names are
 * compared byte for byte; other is searched through a sorted index, so
 * 100,000 entries a side take a fraction of a second. */
size_t	compare_listings(const struct vfs_list *l, const size_t *idx,
	    size_t n, const struct vfs_list *other, unsigned char *marks);

#endif
