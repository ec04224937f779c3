/* ferry: tests of a pane's history of locations (ui/hist.c): back and
 * forward as in a browser, the cursor's name kept per entry. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ui/hist.h"

/* One step: 'v' visit loc leaving sel, 'b' back, 'f' forward; then where
 * back or forward went (loc, sel), "-" for nowhere. */
static const struct {
	char		 op;
	const char	*loc;
	const char	*sel;
} steps[] = {
	{ 'b', "-", NULL },			/* nothing yet */
	{ 'v', "/a", NULL },
	{ 'b', "-", NULL },			/* one entry: nowhere */
	{ 'v', "/a", "x" },			/* a reread: nothing */
	{ 'v', "/a/b", "b" },			/* left /a on "b" */
	{ 'v', "/a/b/c", "c" },
	{ 'b', "/a/b", "c" },			/* back: cursor on "c" */
	{ 'v', "/a/b", "k" },			/* arrived; left /a/b/c on k */
	{ 'b', "/a", "b" },
	{ 'v', "/a", "q" },
	{ 'b', "-", NULL },
	{ 'f', "/a/b", "q" },			/* forward: where it left */
	{ 'v', "/a/b", NULL },
	{ 'f', "/a/b/c", "k" },
	{ 'v', "/a/b/c", NULL },
	{ 'f', "-", NULL },			/* the end */
	{ 'b', "/a/b", NULL },
	{ 'v', "/a/b", NULL },
	{ 'v', "/z", "m" },			/* new: /a/b/c dropped */
	{ 'f', "-", NULL },
	{ 'b', "/a/b", "m" },
	/* Back was asked but another place came first: a new entry after
	 * the current one (/z). */
	{ 'v', "/y", NULL },
	{ 'b', "/z", NULL },
	{ 'v', "/z", "n" },
	{ 'f', "/y", "n" },
};

Test(hist, back_and_forward_go_as_in_a_browser)
{
	struct hist h;
	const char *loc, *sel;
	size_t i;

	memset(&h, 0, sizeof h);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i].op == 'v') {
			hist_visit(&h, steps[i].loc, steps[i].sel);
			continue;
		}
		loc = steps[i].op == 'b' ? hist_back(&h, &sel) :
		    hist_forward(&h, &sel);
		cr_expect_str_eq(loc != NULL ? loc : "-", steps[i].loc,
		    "step %zu", i);
		if (steps[i].sel == NULL)
			cr_expect_null(sel, "step %zu: %s", i, sel);
		else
			cr_expect_str_eq(sel != NULL ? sel : "(null)",
			    steps[i].sel, "step %zu", i);
	}
	hist_free(&h);
}

Test(hist, the_oldest_entries_go_past_the_most)
{
	struct hist h;
	const char *loc, *sel;
	char name[32];
	int i;

	memset(&h, 0, sizeof h);
	for (i = 0; i < HIST_MAX + 10; i++) {
		snprintf(name, sizeof name, "/d%d", i);
		hist_visit(&h, name, "s");
	}
	cr_assert_eq(h.n, HIST_MAX);
	for (i = 0; (loc = hist_back(&h, &sel)) != NULL; i++)
		hist_visit(&h, loc, NULL);
	cr_expect_eq(i, HIST_MAX - 1);
	cr_expect_str_eq(h.loc[h.pos], "/d10");
	hist_free(&h);
}
