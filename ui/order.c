/* ferry: a pane's view order (see order.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "util/i18n.h"
#include "util/match.h"
#include "util/xmalloc.h"
#include "order.h"

const char *
order_extension(const char *name)
{
	const char	*dot = strrchr(name, '.');

	if (dot == NULL || dot == name || dot[1] == '\0')
		return ("");
	return (dot + 1);
}

static int
order_is_dir(const struct vfs_entry *e)
{
	return (e->st.type == VFS_DIR);
}

/* Larger first; an unknown size counts as the smallest. */
static int
order_by_size(const struct vfs_entry *a, const struct vfs_entry *b)
{
	uint64_t	sa = a->st.size_known ? a->st.size : 0;
	uint64_t	sb = b->st.size_known ? b->st.size : 0;

	if (a->st.size_known != b->st.size_known)
		return (b->st.size_known - a->st.size_known);
	return (sa < sb ? 1 : sa > sb ? -1 : 0);
}

/* Newer first; an unknown time counts as the oldest. */
static int
order_by_time(const struct vfs_entry *a, const struct vfs_entry *b)
{
	int64_t	ta = a->st.mtime, tb = b->st.mtime;
	int	ka = ta != VFS_MTIME_UNKNOWN, kb = tb != VFS_MTIME_UNKNOWN;

	if (ka != kb)
		return (kb - ka);
	return (ta < tb ? 1 : ta > tb ? -1 : 0);
}

int
order_compare(const struct vfs_entry *a, const struct vfs_entry *b,
    enum order_key key, int reverse)
{
	int	r = 0;

	if (order_is_dir(a) != order_is_dir(b))
		return (order_is_dir(b) - order_is_dir(a));
	switch (key) {
	case ORDER_NAME:
		break;
	case ORDER_EXT:
		if (!order_is_dir(a))
			r = strcmp(order_extension(a->name),
			    order_extension(b->name));
		break;
	case ORDER_SIZE:
		if (!order_is_dir(a))
			r = order_by_size(a, b);
		break;
	case ORDER_TIME:
		r = order_by_time(a, b);
		break;
	}
	if (r == 0)
		r = strcmp(a->name, b->name);
	if (r != 0)
		r = r < 0 ? -1 : 1;
	return (reverse ? -r : r);
}

int
order_group_match(const struct vfs_entry *e, const char *pattern)
{
	size_t	len = pattern != NULL ? strlen(pattern) : 0;
	char	*dirs;
	int	r;

	if (len == 0)
		return (0);
	if (pattern[len - 1] != '/')
		return (!order_is_dir(e) && match_filter(e->name,
		    pattern));
	if (!order_is_dir(e))
		return (0);
	/* "/" alone: every directory (the filter matches all with "") */
	dirs = xstrndup(pattern, len - 1);
	r = match_filter(e->name, dirs);
	free(dirs);
	return (r);
}

size_t
order_group_mark(const struct vfs_list *l, const size_t *idx, size_t n,
    unsigned char *marks, const char *pattern, enum order_mark how)
{
	size_t	i, changed = 0;
	unsigned char was;

	for (i = 0; i < n; i++) {
		if (idx[i] >= l->n ||
		    !order_group_match(&l->v[idx[i]], pattern))
			continue;
		was = marks[idx[i]];
		marks[idx[i]] = how == ORDER_INVERT ? !was : how == ORDER_MARK;
		changed += marks[idx[i]] != was;
	}
	return (changed);
}

int
order_shown(const struct vfs_entry *e, const struct order_opts *o)
{
	if (o->hide_dots && e->name[0] == '.')
		return (0);
	return (match_filter(e->name, o->filter));
}

/* Merge sort of indexes (stable, no global state for the key). */
static void
order_sort(const struct vfs_list *l, const struct order_opts *o,
    size_t *v, size_t *tmp, size_t n)
{
	size_t	h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	order_sort(l, o, v, tmp, h);
	order_sort(l, o, v + h, tmp, n - h);
	while (i < h && j < n) {
		if (order_compare(&l->v[v[j]], &l->v[v[i]], o->key,
		    o->reverse) < 0)
			tmp[k++] = v[j++];
		else
			tmp[k++] = v[i++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

size_t
order_build(const struct vfs_list *l, const struct order_opts *o,
    size_t *out)
{
	size_t	i, n = 0, *tmp;

	for (i = 0; i < l->n; i++) {
		if (order_shown(&l->v[i], o))
			out[n++] = i;
	}
	tmp = xcalloc(n + 1, sizeof *tmp);
	order_sort(l, o, out, tmp, n);
	free(tmp);
	return (n);
}

const char *
order_key_name(enum order_key key)
{
	switch (key) {
	case ORDER_EXT:
		return (_("extension"));
	case ORDER_SIZE:
		return (_("size"));
	case ORDER_TIME:
		return (_("time"));
	default:
		return (_("name"));
	}
}
