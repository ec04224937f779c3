/* ferry: tests of comparing the two panes (ui/compare.c): which entry is
 * marked against which, and the same through whole listings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ui/compare.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* An entry: type, size (-1 unknown), time (-1 unknown), its precision,
 * partial. */
struct spec {
	const char		*name;
	enum vfs_type		 type;
	long long		 size;
	long long		 mtime;
	enum vfs_time_prec	 prec;
	int			 partial;
};

#define F(sz, t)	{ "f", VFS_FILE, sz, t, VFS_PREC_SECOND, 0 }
#define FP(sz, t, p)	{ "f", VFS_FILE, sz, t, p, 0 }
#define PART(sz, t)	{ "f", VFS_FILE, sz, t, VFS_PREC_SECOND, 1 }
#define DIR		{ "f", VFS_DIR, 4096, 100, VFS_PREC_SECOND, 0 }

static void
set(struct vfs_entry *e, const struct spec *s)
{
	memset(e, 0, sizeof *e);
	e->name = (char *)s->name;
	e->st.type = s->type;
	e->st.size_known = s->size >= 0;
	e->st.size = s->size >= 0 ? (uint64_t)s->size : 0;
	e->st.mtime = s->mtime >= 0 ? s->mtime : VFS_MTIME_UNKNOWN;
	e->st.mtime_prec = s->mtime >= 0 ? s->prec : VFS_PREC_NONE;
	e->partial = s->partial;
}

static const struct {
	struct spec		a;
	int			b_there;
	struct spec		b;
	enum compare_why	want;
} cases[] = {
	/* missing on the other side */
	{ F(10, 100), 0, F(0, 0), CMP_MISSING },
	{ DIR, 0, F(0, 0), CMP_MISSING },
	/* a partial copy is never marked, even alone */
	{ PART(5, 200), 0, F(0, 0), CMP_PARTIAL },
	{ PART(5, 200), 1, F(10, 100), CMP_PARTIAL },
	/* the other side's partial copy of it: resume */
	{ F(10, 100), 1, PART(5, 200), CMP_RESUMABLE },
	/* a "partial" as large or larger is no resume: by size and time */
	{ F(10, 300), 1, PART(10, 200), CMP_NEWER },
	{ F(10, 100), 1, PART(12, 200), CMP_SAME },
	/* the same size and time; older; newer */
	{ F(10, 100), 1, F(10, 100), CMP_SAME },
	{ F(10, 100), 1, F(10, 101), CMP_SAME },
	{ F(10, 101), 1, F(10, 100), CMP_NEWER },
	/* another size: marked unless older */
	{ F(11, 100), 1, F(10, 100), CMP_DIFFERS },
	{ F(9, 100), 1, F(10, 100), CMP_DIFFERS },
	{ F(11, 200), 1, F(10, 100), CMP_DIFFERS },
	{ F(11, 100), 1, F(10, 200), CMP_SAME },
	/* times to the minute (LIST): another size is marked, whatever the
	 * times say; the same size is not, even "newer" */
	{ FP(11, 100, VFS_PREC_MINUTE), 1, F(10, 200), CMP_DIFFERS },
	{ F(10, 500), 1, FP(10, 60, VFS_PREC_MINUTE), CMP_SAME },
	{ FP(10, 500, VFS_PREC_DAY), 1, F(10, 60), CMP_SAME },
	/* unknown time or size */
	{ F(10, -1), 1, F(10, 100), CMP_SAME },
	{ F(11, -1), 1, F(10, 100), CMP_DIFFERS },
	{ F(-1, 100), 1, F(10, 50), CMP_SAME },
	/* a file against a directory of its name, and directories */
	{ F(10, 100), 1, DIR, CMP_OTHER_TYPE },
	{ DIR, 1, F(10, 100), CMP_OTHER_TYPE },
	{ DIR, 1, DIR, CMP_SAME },
};

Test(compare, each_case_gives_its_reason_and_its_mark)
{
	struct vfs_entry	a, b;
	size_t			i;
	enum compare_why	got;

	for (i = 0; i < NITEMS(cases); i++) {
		set(&a, &cases[i].a);
		set(&b, &cases[i].b);
		got = compare_entry(&a, cases[i].b_there ? &b : NULL);
		cr_assert_eq(got, cases[i].want, "case %zu: %d, not %d", i,
		    got, cases[i].want);
		cr_assert_eq(compare_marks(got), cases[i].want == CMP_MISSING ||
		    cases[i].want == CMP_RESUMABLE ||
		    cases[i].want == CMP_DIFFERS || cases[i].want == CMP_NEWER,
		    "case %zu", i);
	}
}

static void
make_list(struct vfs_list *l, const struct spec *s, size_t n)
{
	size_t	i;

	l->n = n;
	l->v = calloc(n, sizeof *l->v);
	for (i = 0; i < n; i++)
		set(&l->v[i], &s[i]);
}

Test(compare, listings_mark_the_entries_shown_by_name)
{
	static const struct spec left[] = {
		{ "same", VFS_FILE, 10, 100, VFS_PREC_SECOND, 0 },
		{ "only-left", VFS_FILE, 1, 100, VFS_PREC_SECOND, 0 },
		{ "bigger", VFS_FILE, 20, 100, VFS_PREC_SECOND, 0 },
		{ "dir", VFS_DIR, 0, 100, VFS_PREC_SECOND, 0 },
		{ "newdir", VFS_DIR, 0, 100, VFS_PREC_SECOND, 0 },
		{ "hidden", VFS_FILE, 1, 100, VFS_PREC_SECOND, 0 },
		{ "iso", VFS_FILE, 1000, 100, VFS_PREC_SECOND, 0 },
		{ "Same", VFS_FILE, 10, 100, VFS_PREC_SECOND, 0 },
	};
	static const struct spec right[] = {
		{ "iso", VFS_FILE, 400, 200, VFS_PREC_SECOND, 1 },
		{ "dir", VFS_DIR, 0, 100, VFS_PREC_SECOND, 0 },
		{ "bigger", VFS_FILE, 10, 100, VFS_PREC_SECOND, 0 },
		{ "same", VFS_FILE, 10, 100, VFS_PREC_SECOND, 0 },
		{ "only-right", VFS_FILE, 1, 100, VFS_PREC_SECOND, 0 },
	};
	struct vfs_list	 l, r;
	/* "hidden" is not shown (a filter): its mark stays as it was */
	size_t		 shown[] = { 0, 1, 2, 3, 4, 6, 7 }, rshown[] = { 0, 1,
			     2, 3, 4 };
	unsigned char	 lm[NITEMS(left)], rm[NITEMS(right)];
	static const unsigned char want_l[] = { 0, 1, 1, 0, 1, 1, 1, 1 };
	static const unsigned char want_r[] = { 0, 0, 1, 0, 1 };
	size_t		 i;

	memset(lm, 1, sizeof lm);	/* marks set before are reset */
	memset(rm, 0, sizeof rm);
	make_list(&l, left, NITEMS(left));
	make_list(&r, right, NITEMS(right));
	/* only-left, bigger, newdir, iso (resumable), Same (case counts) */
	cr_assert_eq(compare_listings(&l, shown, NITEMS(shown), &r, lm), 5);
	/* the smaller "bigger" (same time: not older), only-right; not the
	 * partial copy */
	cr_assert_eq(compare_listings(&r, rshown, NITEMS(rshown), &l, rm), 2);
	for (i = 0; i < NITEMS(left); i++)
		cr_assert_eq(lm[i], want_l[i], "left %s", left[i].name);
	for (i = 0; i < NITEMS(right); i++)
		cr_assert_eq(rm[i], want_r[i], "right %s", right[i].name);
	free(l.v);
	free(r.v);
}

Test(compare, an_empty_side_marks_everything_on_the_other)
{
	static const struct spec one[] = {
		{ "a", VFS_FILE, 1, 100, VFS_PREC_SECOND, 0 },
		{ "b", VFS_DIR, 0, 100, VFS_PREC_SECOND, 0 },
	};
	struct vfs_list	 l, none = { NULL, 0 };
	size_t		 shown[] = { 0, 1 };
	unsigned char	 m[2] = { 0, 0 }, dummy = 0;

	make_list(&l, one, NITEMS(one));
	cr_assert_eq(compare_listings(&l, shown, 2, &none, m), 2);
	cr_assert_eq(compare_listings(&none, shown, 0, &l, &dummy), 0);
	free(l.v);
}

/* 100,000 names a side, every other one missing on the other: the index
 * makes it n log n (a quadratic search would take minutes). */
Test(compare, large_listings_are_compared_by_an_index, .timeout = 30)
{
	enum { N = 100000 };
	struct vfs_list	 l, r;
	size_t		*shown = calloc(N, sizeof *shown), i;
	unsigned char	*m = calloc(N, 1);
	char		 name[32];

	l.n = r.n = N;
	l.v = calloc(N, sizeof *l.v);
	r.v = calloc(N, sizeof *r.v);
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof name, "entry-%06zu", i);
		l.v[i].name = strdup(name);
		snprintf(name, sizeof name, "entry-%06zu", N - 1 - i +
		    (i % 2 ? N : 0));
		r.v[i].name = strdup(name);
		l.v[i].st.type = r.v[i].st.type = VFS_FILE;
		shown[i] = i;
	}
	cr_assert_eq(compare_listings(&l, shown, N, &r, m), N / 2);
	vfs_list_free(&l);
	vfs_list_free(&r);
	free(shown);
	free(m);
}
