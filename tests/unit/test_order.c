/* ferry: tests of a pane's view order (ui/order.c): sort keys, the
 * extension rules, filter and quick search matching, hidden names. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ui/order.h"
#include "util/match.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static void
utf8_locale(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
}

static const struct {
	const char	*name;
	const char	*ext;
} test_ext[] = {
	{ "a.txt", "txt" },
	{ "archive.tar.gz", "gz" },
	{ "README", "" },
	{ ".profile", "" },
	{ ".config.bak", "bak" },
	{ "trailing.", "" },
	{ "..", "" },
	{ "x.Y", "Y" },
	{ "", "" },
};

Test(order, the_extension_is_what_follows_the_last_dot_of_a_name)
{
	size_t	i;

	for (i = 0; i < NITEMS(test_ext); i++)
		cr_assert_str_eq(order_extension(test_ext[i].name),
		    test_ext[i].ext, "extension of \"%s\"", test_ext[i].name);
}

/* A listing: name, type, size (-1 unknown), time. */
struct spec {
	const char	*name;
	enum vfs_type	 type;
	long long	 size;
	long long	 mtime;
};

static const struct spec listing[] = {
	{ "src", VFS_DIR, 4096, 300 },
	{ ".git", VFS_DIR, 4096, 100 },
	{ "b.txt", VFS_FILE, 10, 500 },
	{ "a.c", VFS_FILE, 3000, 200 },
	{ "Zeta.txt", VFS_FILE, 3000, 900 },
	{ "noext", VFS_FILE, 1, VFS_MTIME_UNKNOWN },
	{ "unknown.bin", VFS_FILE, -1, 50 },
	{ ".hidden", VFS_FILE, 99, 400 },
	{ "docs", VFS_DIR, 4096, 800 },
};

static void
make_list(struct vfs_list *l)
{
	size_t	i;

	l->n = NITEMS(listing);
	l->v = calloc(l->n, sizeof *l->v);
	for (i = 0; i < l->n; i++) {
		l->v[i].name = strdup(listing[i].name);
		l->v[i].st.type = listing[i].type;
		l->v[i].st.size_known = listing[i].size >= 0;
		l->v[i].st.size = listing[i].size >= 0 ?
		    (uint64_t)listing[i].size : 0;
		l->v[i].st.mtime = listing[i].mtime;
	}
}

/* The names shown, joined with spaces, into buf. */
static const char *
shown(const struct order_opts *o, char *buf, size_t len)
{
	struct vfs_list	 l;
	size_t		 idx[NITEMS(listing)], n, i;

	make_list(&l);
	n = order_build(&l, o, idx);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, " ", len - strlen(buf) - 1);
		strncat(buf, l.v[idx[i]].name, len - strlen(buf) - 1);
	}
	vfs_list_free(&l);
	return (buf);
}

static const struct {
	enum order_key	 key;
	int		 reverse;
	const char	*want;
} test_sorts[] = {
	{ ORDER_NAME, 0,
	  ".git docs src .hidden Zeta.txt a.c b.txt noext unknown.bin" },
	{ ORDER_NAME, 1,
	  "src docs .git unknown.bin noext b.txt a.c Zeta.txt .hidden" },
	/* No extension first (""), then by extension, then by name. */
	{ ORDER_EXT, 0,
	  ".git docs src .hidden noext unknown.bin a.c Zeta.txt b.txt" },
	{ ORDER_EXT, 1,
	  "src docs .git b.txt Zeta.txt a.c unknown.bin noext .hidden" },
	/* Largest first, ties by name, unknown sizes last; directories by
	 * name. */
	{ ORDER_SIZE, 0,
	  ".git docs src Zeta.txt a.c .hidden b.txt noext unknown.bin" },
	{ ORDER_SIZE, 1,
	  "src docs .git unknown.bin noext b.txt .hidden a.c Zeta.txt" },
	/* Newest first, directories too; unknown times last. */
	{ ORDER_TIME, 0,
	  "docs src .git Zeta.txt b.txt .hidden a.c unknown.bin noext" },
	{ ORDER_TIME, 1,
	  ".git src docs noext unknown.bin a.c .hidden b.txt Zeta.txt" },
};

Test(order, every_sort_key_keeps_directories_first_and_breaks_ties_by_name)
{
	struct order_opts	o = { 0 };
	char			buf[512];
	size_t			i;

	for (i = 0; i < NITEMS(test_sorts); i++) {
		o.key = test_sorts[i].key;
		o.reverse = test_sorts[i].reverse;
		cr_assert_str_eq(shown(&o, buf, sizeof buf), test_sorts[i].want,
		    "key %d reverse %d", o.key, o.reverse);
	}
}

Test(order, sort_by_name_is_the_order_of_the_listing)
{
	struct vfs_list		l;
	struct order_opts	o = { 0 };
	size_t			idx[NITEMS(listing)], n, i;
	char			buf[512], want[512] = "";

	make_list(&l);
	vfs_list_sort(&l);
	for (i = 0; i < l.n; i++) {
		if (i > 0)
			strcat(want, " ");
		strcat(want, l.v[i].name);
	}
	n = order_build(&l, &o, idx);
	cr_assert_eq(n, l.n);
	for (i = 0; i < n; i++)
		cr_assert_eq(idx[i], i);
	vfs_list_free(&l);
	cr_assert_str_eq(shown(&o, buf, sizeof buf), want);
}

Test(order, hidden_names_are_left_out_only_when_asked)
{
	struct order_opts	o = { .hide_dots = 1 };
	char			buf[512];

	cr_assert_str_eq(shown(&o, buf, sizeof buf),
	    "docs src Zeta.txt a.c b.txt noext unknown.bin");
}

static const struct {
	const char	*name;
	const char	*filter;
	int		 match;
} test_filter[] = {
	{ "Zeta.txt", "", 1 },
	{ "Zeta.txt", "zeta", 1 },
	{ "Zeta.txt", "ETA.T", 1 },
	{ "Zeta.txt", "txt", 1 },
	{ "Zeta.txt", "zz", 0 },
	{ "Zeta.txt", "*.TXT", 1 },
	{ "Zeta.txt", "*.c", 0 },
	{ "Zeta.txt", "z?ta*", 1 },
	{ "Zeta.txt", "[yz]eta.txt", 1 },
	/* A glob is the whole name, a plain filter a part of it. */
	{ "Zeta.txt", "eta*", 0 },
	{ "ÉCOLE.pdf", "école", 1 },
	{ "straße", "STRASSE", 0 },
	{ "caf\xe9", "caf\xe9", 1 },
	{ "caf\xe9", "cafe", 0 },
};

Test(order, the_filter_is_a_part_of_the_name_or_a_glob_and_ignores_case,
    .init = utf8_locale)
{
	size_t	i;

	for (i = 0; i < NITEMS(test_filter); i++)
		cr_assert_eq(match_filter(test_filter[i].name,
		    test_filter[i].filter), test_filter[i].match,
		    "\"%s\" ~ \"%s\"", test_filter[i].name,
		    test_filter[i].filter);
}

Test(order, quick_search_tells_a_start_from_a_part, .init = utf8_locale)
{
	cr_assert_eq(match_search("file-4321.dat", "FILE-43"), 2);
	cr_assert_eq(match_search("file-4321.dat", "4321"), 1);
	cr_assert_eq(match_search("file-4321.dat", "4322"), 0);
	cr_assert_eq(match_search("Ärger.txt", "ä"), 2);
	cr_assert_eq(match_search("anything", ""), 2);
}

Test(order, the_filter_applies_with_the_sort)
{
	struct order_opts	o = { .key = ORDER_SIZE, .filter = "t" };
	char			buf[512];

	cr_assert_str_eq(shown(&o, buf, sizeof buf),
	    ".git Zeta.txt b.txt noext");
}

/* Group marks: the names marked (in byte order) after each step, from
 * none marked; the entries idx are the listing's (in its order) but for
 * "unknown.bin", which a filter hides: it is never touched. */
static const struct {
	const char	*pattern;
	enum order_mark	 how;
	size_t		 changed;
	const char	*marked;
} test_groups[] = {
	{ "*.txt", ORDER_MARK, 2, "Zeta.txt b.txt" },
	/* again: nothing changes */
	{ "*.TXT", ORDER_MARK, 0, "Zeta.txt b.txt" },
	/* a part of the name, case ignored: files only, not "docs" */
	{ "O", ORDER_MARK, 1, "Zeta.txt b.txt noext" },
	/* a trailing '/': directories only */
	{ "s/", ORDER_MARK, 2, "Zeta.txt b.txt docs noext src" },
	{ "/", ORDER_MARK, 1, ".git Zeta.txt b.txt docs noext src" },
	{ "*", ORDER_UNMARK, 3, ".git docs src" },
	/* invert: files only; the hidden entry stays unmarked */
	{ "*", ORDER_INVERT, 5, ".git .hidden Zeta.txt a.c b.txt docs "
	  "noext src" },
	{ "[ab].*", ORDER_INVERT, 2, ".git .hidden Zeta.txt docs noext src" },
	{ "*/", ORDER_UNMARK, 3, ".hidden Zeta.txt noext" },
	{ "", ORDER_MARK, 0, ".hidden Zeta.txt noext" },
};

Test(order, group_marks_pick_files_or_with_a_slash_directories,
    .init = utf8_locale)
{
	struct vfs_list	 l;
	size_t		 idx[NITEMS(listing)], n = 0, i, j;
	unsigned char	 marks[NITEMS(listing)] = { 0 };
	char		 got[512], names[NITEMS(listing)][32];
	size_t		 nnames;

	make_list(&l);
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, "unknown.bin") != 0)
			idx[n++] = i;
	for (i = 0; i < NITEMS(test_groups); i++) {
		cr_assert_eq(order_group_mark(&l, idx, n, marks,
		    test_groups[i].pattern, test_groups[i].how),
		    test_groups[i].changed, "step %zu (\"%s\") changed", i,
		    test_groups[i].pattern);
		/* the marked names in byte order */
		nnames = 0;
		for (j = 0; j < l.n; j++)
			if (marks[j])
				snprintf(names[nnames++], sizeof names[0], "%s",
				    l.v[j].name);
		qsort(names, nnames, sizeof names[0],
		    (int (*)(const void *, const void *))strcmp);
		got[0] = '\0';
		for (j = 0; j < nnames; j++) {
			if (j > 0)
				strcat(got, " ");
			strcat(got, names[j]);
		}
		cr_assert_str_eq(got, test_groups[i].marked,
		    "step %zu (\"%s\")", i, test_groups[i].pattern);
	}
	vfs_list_free(&l);
}
