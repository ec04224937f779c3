/* ferry: the evidence lines of a "target exists" question
 * (src/xfer/evidence.c): what a failed check says differs, and what
 * resuming would check. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "xfer/evidence.h"

#define KIB	UINT64_C(1024)
#define MIB	(KIB * KIB)

/* The facts of a 1 MiB source and a 300 KiB local partial without a
 * record, checked with 64 KiB windows. */
static struct xfer_facts
test_facts(void)
{
	struct xfer_facts f = {
		.src = { .type = VFS_FILE, .size_known = 1, .size = MIB,
		    .mtime = 1000 },
		.dst = { .type = VFS_FILE, .size_known = 1, .size = 300 * KIB,
		    .mtime = 2000 },
		.can_resume = 1,
		.dst_local = 1,
		.window = 64 * KIB,
	};

	return (f);
}

/* The evidence of f as decided when asked. */
static void
test_build_facts(struct evidence *e, const struct xfer_facts *f)
{
	struct xfer_plan p;

	xfer_decide(f, XFER_ASK, &p);
	evidence_build(e, "/src/f", "/dst/f", f, &p,
	    !f->rec.present ? 0 : f->rec.src_same ? 1 : -1);
}

/* The same with the check given. */
static void
test_build(struct evidence *e, const struct xfer_check *c)
{
	struct xfer_facts f = test_facts();

	if (c != NULL)
		f.check = *c;
	test_build_facts(e, &f);
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

/* The "resume checks" line, or "(none)". */
static const char *
test_checks(const struct evidence *e)
{
	const char *l = test_line(e, "resume checks");

	return (l != NULL ? l : "(none)");
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

Test(evidence, a_chunk_that_differs_names_its_bytes)
{
	struct xfer_check c = { .kind = XM_CHUNK, .at = 4 * MIB,
	    .from = 4 * MIB, .len = 4 * MIB };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_str_eq(test_cannot(&e),
	    "cannot resume: bytes 4194304 to 8388607 differ from what ferry "
	    "wrote (its resume record's digest)");
	cr_expect_str_eq(test_checks(&e), "(none)");
	evidence_free(&e);
}

Test(evidence, a_partial_shorter_than_its_record_says_how_much_is_missing)
{
	struct xfer_check c = { .kind = XM_SHORT, .at = 1000, .len = 2000 };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_str_eq(test_cannot(&e),
	    "cannot resume: it holds 1000 bytes, but ferry wrote 2000 (resume "
	    "record)");
	evidence_free(&e);
}

Test(evidence, with_chunk_digests_resume_checks_every_byte)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.rec = (struct xfer_record_facts){ .present = 1, .src_same = 1,
	    .confirmed = 300 * KIB, .chunked = 1, .chunks = 1 };
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e),
	    "resume checks every byte against the resume record (1 chunk)");
	evidence_free(&e);
	f.rec.chunks = 3;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e),
	    "resume checks every byte against the resume record (3 chunks)");
	cr_expect_eq(e.n, 6, "%d lines", e.n);
	evidence_free(&e);
}

Test(evidence, without_chunk_digests_resume_says_it_checks_only_the_windows)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks only the first and "
	    "last 64.0 KiB: no resume record");
	evidence_free(&e);

	f.rec = (struct xfer_record_facts){ .present = 1, .src_same = 1,
	    .confirmed = 300 * KIB };
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks only the first and "
	    "last 64.0 KiB: no chunk digests in the resume record");
	evidence_free(&e);

	f.dst_local = 0;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks only the first and "
	    "last 64.0 KiB: a remote partial is not read back");
	evidence_free(&e);
}

Test(evidence, a_partial_the_windows_cover_is_checked_all)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.dst.size = 128 * KIB;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e),
	    "resume checks all of the partial against the source");
	evidence_free(&e);

	/* a record of chunk digests that confirms no byte yet: the source
	 * is read from byte 0 */
	f.dst.size = 300 * KIB;
	f.rec = (struct xfer_record_facts){ .present = 1, .src_same = 1,
	    .chunked = 1 };
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e),
	    "resume checks all of the partial against the source");
	evidence_free(&e);
}

Test(evidence, with_no_verify_resume_says_it_checks_nothing)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.window = 0;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e),
	    "resume checks nothing (--no-verify)");
	evidence_free(&e);
}

Test(evidence, where_resume_is_not_offered_nothing_is_said_of_its_checks)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.rec = (struct xfer_record_facts){ .present = 1, .src_same = 0,
	    .chunked = 1, .chunks = 2 };
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "(none)");
	cr_expect_not_null(test_line(&e, "cannot resume"));
	evidence_free(&e);
}

Test(evidence, a_segmented_partial_says_each_seam_is_checked)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.rec = (struct xfer_record_facts){ .present = 1, .src_same = 1,
	    .confirmed = 300 * KIB, .segments = 4 };
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks the bytes before "
	    "where each of its 4 segments ends against the resume record "
	    "and the source");
	evidence_free(&e);
	f.window = 0;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks the bytes before "
	    "where each of its 4 segments ends against the resume record "
	    "only");
	evidence_free(&e);
	/* a record of another source: not resumed, nothing said */
	f.window = 64 * KIB;
	f.rec.src_same = 0;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "(none)");
	evidence_free(&e);
}

Test(evidence, a_segmented_partial_with_chunk_digests_says_every_byte)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.rec = (struct xfer_record_facts){ .present = 1, .src_same = 1,
	    .confirmed = 300 * KIB, .segments = 2, .chunks = 3 };
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks every byte of its 2 "
	    "segments against the resume record, and where each ends "
	    "against the source");
	evidence_free(&e);
	f.window = 0;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks every byte of its 2 "
	    "segments against the resume record");
	evidence_free(&e);
}

Test(evidence, a_remote_partial_whose_server_hashes_it_is_checked_all)
{
	struct xfer_facts f = test_facts();
	struct evidence e;

	f.dst_local = 0;
	f.dst_hash = VFS_HASH_SHA256;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks all of the 300.0 KiB "
	    "already there against the source (server SHA-256)");
	evidence_free(&e);
	f.dst_hash = VFS_HASH_MD5;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e), "resume checks all of the 300.0 KiB "
	    "already there against the source (server MD5)");
	evidence_free(&e);
	/* --no-verify: nothing, whatever the server offers */
	f.window = 0;
	test_build_facts(&e, &f);
	cr_expect_str_eq(test_checks(&e),
	    "resume checks nothing (--no-verify)");
	evidence_free(&e);
}

Test(evidence, a_partial_the_servers_digest_refutes_says_which_digest)
{
	struct xfer_check c = { .kind = XM_HASH, .from = 0, .len = 300 * KIB,
	    .algo = VFS_HASH_SHA1 };
	struct evidence e;

	test_build(&e, &c);
	cr_expect_str_eq(test_cannot(&e), "cannot resume: the server's SHA-1 "
	    "of all 300.0 KiB already there is not the source's");
	cr_expect_str_eq(test_checks(&e), "(none)");
	evidence_free(&e);
}

Test(evidence, a_url_is_shown_as_the_panes_show_it)
{
	struct xfer_facts f = test_facts();
	struct xfer_plan p;
	struct evidence e;

	xfer_decide(&f, XFER_ASK, &p);
	evidence_build(&e, "sftp://ana:secret@h.example/%2Fsrv/a%20b.iso",
	    "ftp://h.example/~/in/a%20b.iso", &f, &p, 0);
	cr_assert_geq(e.n, 3);
	/* Decoded, absolute after the host, no password. */
	cr_expect_str_eq(e.line[0], "source  sftp://ana@h.example/srv/a b.iso");
	cr_expect_str_eq(e.line[2], "target  ftp://h.example/~/in/a b.iso");
	evidence_free(&e);
}
