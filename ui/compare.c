/* ferry: comparing the two panes (see compare.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "compare.h"

/* Both times known to the second: only then does "newer" mean anything. */
static int
compare_times_known(const struct vfs_stat *a, const struct vfs_stat *b)
{
	return (a->mtime != VFS_MTIME_UNKNOWN &&
	    b->mtime != VFS_MTIME_UNKNOWN &&
	    a->mtime_prec >= VFS_PREC_SECOND &&
	    b->mtime_prec >= VFS_PREC_SECOND);
}

enum compare_why
compare_entry(const struct vfs_entry *a, const struct vfs_entry *b)
{
	int	adir = a->st.type == VFS_DIR, times;

	if (!adir && a->partial)
		return (CMP_PARTIAL);
	if (b == NULL)
		return (CMP_MISSING);
	if (adir != (b->st.type == VFS_DIR))
		return (CMP_OTHER_TYPE);
	if (adir)
		return (CMP_SAME);
	if (!a->st.size_known || !b->st.size_known)
		return (CMP_SAME);
	if (b->partial && b->st.size < a->st.size)
		return (CMP_RESUMABLE);
	times = compare_times_known(&a->st, &b->st);
	if (a->st.size != b->st.size)
		return (times && a->st.mtime < b->st.mtime ? CMP_SAME :
		    CMP_DIFFERS);
	return (times && a->st.mtime > b->st.mtime ? CMP_NEWER : CMP_SAME);
}

int
compare_marks(enum compare_why why)
{
	return (why == CMP_MISSING || why == CMP_RESUMABLE ||
	    why == CMP_DIFFERS || why == CMP_NEWER);
}

/* qsort and bsearch over the other listing's names, with their indexes
 * (no global state). */
struct compare_key {
	const char	*name;
	size_t		 i;
};

static int
compare_key_cmp(const void *x, const void *y)
{
	const struct compare_key *a = x, *b = y;

	return (strcmp(a->name, b->name));
}

size_t
compare_listings(const struct vfs_list *l, const size_t *idx, size_t n,
    const struct vfs_list *other, unsigned char *marks)
{
	struct compare_key	*keys, want, *hit;
	size_t			 i, marked = 0;

	keys = xcalloc(other->n > 0 ? other->n : 1, sizeof *keys);
	for (i = 0; i < other->n; i++) {
		keys[i].name = other->v[i].name;
		keys[i].i = i;
	}
	qsort(keys, other->n, sizeof *keys, compare_key_cmp);
	for (i = 0; i < n; i++) {
		if (idx[i] >= l->n)
			continue;
		want.name = l->v[idx[i]].name;
		hit = bsearch(&want, keys, other->n, sizeof *keys,
		    compare_key_cmp);
		marks[idx[i]] = compare_marks(compare_entry(&l->v[idx[i]],
		    hit != NULL ? &other->v[hit->i] : NULL));
		marked += marks[idx[i]];
	}
	free(keys);
	return (marked);
}
