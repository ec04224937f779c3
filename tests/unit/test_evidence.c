/* ferry: the evidence lines of a "target exists" question
 * (src/xfer/evidence.c): what a failed check says differs. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "xfer/evidence.h"

#define KIB	UINT64_C(1024)
#define MIB	(KIB * KIB)

/* The facts of a 1 MiB source and a 300 KiB partial, as decided when
 * asked, with the check given. */
static void
test_build(struct evidence *e, const struct xfer_check *c)
{
	struct xfer_facts f = {
		.src = { .type = VFS_FILE, .size_known = 1, .size = MIB,
		    .mtime = 1000 },
		.dst = { .type = VFS_FILE, .size_known = 1, .size = 300 * KIB,
		    .mtime = 2000 },
		.can_resume = 1,
	};
	struct xfer_plan p;

	if (c != NULL)
		f.check = *c;
	xfer_decide(&f, XFER_ASK, &p);
	evidence_build(e, "/src/f", "/dst/f", &f, &p, 0);
}

/* The line that starts with prefix, or NULL. */
static const char *
test_line(const struct evidence *e, const char *prefix)
{
	int i;

	for (i = 0; i < e->n; i++) {
		if (strncmp(e->line[i], prefix, strlen(prefix)) == 0)
			return (e->line[i]);
	}
	return (NULL);
}

/* The "cannot resume" line, or "(none)". */
static const char *
test_cannot(const struct evidence *e)
{
	const char *l = test_line(e, "cannot resume");

	return (l != NULL ? l : "(none)");
}

Test(evidence, a_passed_check_says_nothing_about_differences)
{
	struct evidence e;

	test_build(&e, NULL);
	cr_expect_null(test_line(&e, "cannot resume"));
	cr_expect_not_null(test_line(&e, "looks partial"));
	evidence_free(&e);
}

Test(evidence, a_differing_first_window_says_where_it_differs)
{
	struct xfer_check c = { .kind = XM_HEAD, .at = 1234, .from = 0,
	    .len = 64 * KIB };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_str_eq(test_cannot(&e),
	    "cannot resume: the first 64.0 KiB differ at byte 1234");
	cr_expect_not_null(test_line(&e, "not a partial copy of this source"));
	cr_expect_null(test_line(&e, "looks partial"));
	evidence_free(&e);
}

Test(evidence, a_differing_window_before_the_offset_says_which_window)
{
	struct xfer_check c = { .kind = XM_TAIL, .at = 300 * KIB - 7,
	    .from = 236 * KIB, .len = 64 * KIB };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_str_eq(test_cannot(&e),
	    "cannot resume: the 64.0 KiB before byte 307200 differ at byte "
	    "307193");
	evidence_free(&e);
}

Test(evidence, a_record_digest_that_does_not_match_says_so)
{
	struct xfer_check c = { .kind = XM_RECORD, .from = 200 * KIB,
	    .len = 64 * KIB };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_str_eq(test_cannot(&e),
	    "cannot resume: the resume record's digest does not match the "
	    "64.0 KiB before byte 270336");
	evidence_free(&e);
}

Test(evidence, every_line_of_a_mismatch_fits_the_evidence)
{
	struct xfer_check c = { .kind = XM_TAIL, .at = 5, .from = 0,
	    .len = 10 };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_eq(e.n, 6, "%d lines", e.n);
	cr_expect_str_eq(test_cannot(&e),
	    "cannot resume: the 10 B before byte 10 differ at byte 5");
	evidence_free(&e);
}
