/* ferry: the resume decision, tested as a table (see src/xfer/decide.h).
 *
 * The expected plans here are written from the rules, not taken from
 * decide.c:
 *   - a missing target is a fresh start, whatever the policy (but cancel);
 *   - a zero-byte target is a fresh start (skip and rename still hold);
 *   - a target equal in size is complete-or-changed: checked, not assumed
 *     (XA_VERIFY under the resume policy);
 *   - a target larger than the source cannot be resumed;
 *   - a directory is never a partial file;
 *   - a resume record whose source changed forbids resuming;
 *   - a partial whose check failed is no partial of the source: overwrite,
 *     rename or skip, never resume, never a choice by size or time.
 * The sweep covers source sizes 0, 1, 1 KiB, 1 MiB and 5 GiB + 3 against
 * target sizes 0, 1, 1 KiB, 1 MiB, size-1, equal and larger, with no record,
 * a matching record and a stale one, every policy, with and without
 * offset support, known and unknown sizes, and modification times either
 * way round.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "xfer/decide.h"

#define KIB	UINT64_C(1024)
#define MIB	(KIB * KIB)
#define GIB	(MIB * KIB)
#define BIG	(5 * GIB + 3)		/* past 4 GiB: nothing may wrap */
#define UNK	VFS_MTIME_UNKNOWN

#define ALWAYS	(XFER_CHOICE(XFER_OVERWRITE) | XFER_CHOICE(XFER_SKIP) | \
		 XFER_CHOICE(XFER_RENAME) | XFER_CHOICE(XFER_CANCEL))

/* Mismatches reported in full before the rest are only counted. */
#define MAX_REPORTED	20

static unsigned rows_checked;		/* xfer_decide calls compared */
static unsigned fields_checked;		/* plan fields compared */
static unsigned rows_failed;

static const char *const action_names[] = {
	[XA_FRESH] = "FRESH", [XA_RESUME] = "RESUME", [XA_VERIFY] = "VERIFY",
	[XA_OVERWRITE] = "OVERWRITE", [XA_SKIP] = "SKIP",
	[XA_RENAME] = "RENAME", [XA_ASK] = "ASK", [XA_REFUSE] = "REFUSE",
	[XA_CANCEL] = "CANCEL",
};

static const char *const reason_names[] = {
	[XR_NONE] = "NONE", [XR_SRC_MISSING] = "SRC_MISSING",
	[XR_SRC_NOT_FILE] = "SRC_NOT_FILE", [XR_DST_DIR] = "DST_DIR",
	[XR_DST_NOT_FILE] = "DST_NOT_FILE", [XR_DST_LARGER] = "DST_LARGER",
	[XR_SRC_CHANGED] = "SRC_CHANGED", [XR_NO_RESUME] = "NO_RESUME",
	[XR_SIZE_UNKNOWN] = "SIZE_UNKNOWN",
	[XR_MTIME_UNKNOWN] = "MTIME_UNKNOWN", [XR_EXISTS] = "EXISTS",
	[XR_MISMATCH] = "MISMATCH",
};

static const char *const policy_names[] = {
	[XFER_ASK] = "ask", [XFER_RESUME] = "resume",
	[XFER_OVERWRITE] = "overwrite", [XFER_SKIP] = "skip",
	[XFER_RENAME] = "rename", [XFER_NEWER] = "newer",
	[XFER_SIZE_DIFFERS] = "size-differs", [XFER_CANCEL] = "cancel",
};

static const char *
name_of(const char *const *names, size_t n, unsigned v)
{
	return (v < n && names[v] != NULL ? names[v] : "?");
}
#define NAME(names, v) name_of(names, sizeof names / sizeof names[0], (v))

static const char *
type_name(enum vfs_type t)
{
	static const char *const names[] = {
		[VFS_NONE] = "none", [VFS_FILE] = "file", [VFS_DIR] = "dir",
		[VFS_LINK] = "link", [VFS_OTHER] = "other",
	};

	return (NAME(names, t));
}

static void
describe_side(char *buf, size_t len, const char *what,
    const struct xfer_side *s)
{
	char size[32], mtime[32];

	if (s->size_known)
		snprintf(size, sizeof size, "%" PRIu64, s->size);
	else
		snprintf(size, sizeof size, "?(%" PRIu64 ")", s->size);
	if (s->mtime == UNK)
		snprintf(mtime, sizeof mtime, "?");
	else
		snprintf(mtime, sizeof mtime, "%" PRId64, s->mtime);
	snprintf(buf, len, "%s %s size %s mtime %s", what, type_name(s->type),
	    size, mtime);
}

static void
describe(char *buf, size_t len, const struct xfer_facts *f,
    enum xfer_policy pol)
{
	char src[96], dst[96];
	const char *rec;

	describe_side(src, sizeof src, "src", &f->src);
	describe_side(dst, sizeof dst, "dst", &f->dst);
	if (!f->rec.present)
		rec = "none";
	else
		rec = f->rec.src_same ? "matching" : "source-changed";
	snprintf(buf, len, "[%s | %s | record %s | can_resume %d | policy %s]",
	    src, dst, rec, f->can_resume, NAME(policy_names, pol));
}

static void
describe_plan(char *buf, size_t len, const struct xfer_plan *p)
{
	snprintf(buf, len, "%s reason %s offset %" PRIu64 " choices %#x "
	    "partial %d", NAME(action_names, p->action),
	    NAME(reason_names, p->reason), p->offset, p->choices, p->partial);
}

/*
 * The expectation, from the rules alone.  Kept flat: one question at a
 * time, in the order the rules give them.
 */
static void
expect(const struct xfer_facts *f, enum xfer_policy pol, struct xfer_plan *w)
{
	const struct xfer_side *s = &f->src, *d = &f->dst;
	int sizes_known, mtimes_known, stale;
	enum xfer_reason no_resume;

	memset(w, 0, sizeof *w);
	w->action = XA_FRESH;
	w->reason = XR_NONE;

	if (pol == XFER_CANCEL) {
		w->action = XA_CANCEL;
		return;
	}
	w->action = XA_REFUSE;
	if (s->type == VFS_NONE) {
		w->reason = XR_SRC_MISSING;
		return;
	}
	if (s->type != VFS_FILE) {
		w->reason = XR_SRC_NOT_FILE;
		return;
	}
	if (d->type == VFS_NONE) {
		w->action = XA_FRESH;
		return;
	}
	if (d->type == VFS_DIR) {
		w->reason = XR_DST_DIR;
		return;
	}
	if (d->type != VFS_FILE) {
		w->reason = XR_DST_NOT_FILE;
		return;
	}

	/* A zero-byte target: nothing to resume, nothing to lose. */
	if (d->size_known && d->size == 0) {
		w->reason = XR_NONE;
		if (pol == XFER_SKIP)
			w->action = XA_SKIP;
		else if (pol == XFER_RENAME)
			w->action = XA_RENAME;
		else
			w->action = XA_FRESH;
		return;
	}

	/* A regular target with (perhaps) some bytes in it. */
	sizes_known = s->size_known && d->size_known;
	mtimes_known = s->mtime != UNK && d->mtime != UNK;
	stale = f->rec.present && !f->rec.src_same;
	if (!sizes_known)
		no_resume = XR_SIZE_UNKNOWN;
	else if (d->size > s->size)
		no_resume = XR_DST_LARGER;
	else if (stale)
		no_resume = XR_SRC_CHANGED;
	else if (!f->can_resume)
		no_resume = XR_NO_RESUME;
	else
		no_resume = XR_NONE;

	w->offset = d->size;
	w->partial = sizes_known && d->size < s->size && !stale;
	w->reason = XR_NONE;

	switch (pol) {
	case XFER_ASK:
		w->action = XA_ASK;
		w->reason = no_resume;
		w->choices = ALWAYS;
		if (no_resume == XR_NONE)
			w->choices |= XFER_CHOICE(XFER_RESUME);
		if (mtimes_known)
			w->choices |= XFER_CHOICE(XFER_NEWER);
		if (sizes_known)
			w->choices |= XFER_CHOICE(XFER_SIZE_DIFFERS);
		break;
	case XFER_RESUME:
		if (no_resume != XR_NONE) {
			w->action = XA_REFUSE;
			w->reason = no_resume;
		} else if (d->size == s->size)
			w->action = XA_VERIFY;
		else
			w->action = XA_RESUME;
		break;
	case XFER_OVERWRITE:
		w->action = XA_OVERWRITE;
		break;
	case XFER_SKIP:
		w->action = XA_SKIP;
		break;
	case XFER_RENAME:
		w->action = XA_RENAME;
		break;
	case XFER_NEWER:
		if (no_resume == XR_NONE && f->rec.present &&
		    f->rec.src_same && d->size < s->size)
			w->action = XA_RESUME;	/* finished, not judged */
		else if (!mtimes_known) {
			w->action = XA_REFUSE;
			w->reason = XR_MTIME_UNKNOWN;
		} else
			w->action = s->mtime > d->mtime ? XA_OVERWRITE : XA_SKIP;
		break;
	case XFER_SIZE_DIFFERS:
		if (no_resume == XR_NONE && f->rec.present &&
		    f->rec.src_same && d->size < s->size)
			w->action = XA_RESUME;
		else if (!sizes_known) {
			w->action = XA_REFUSE;
			w->reason = XR_SIZE_UNKNOWN;
		} else
			w->action = s->size != d->size ? XA_OVERWRITE : XA_SKIP;
		break;
	default:
		cr_assert_fail("no expectation for policy %d", (int)pol);
	}
}

/*
 * Run xfer_decide on one row and compare: action, reason and partial
 * always; offset where it means something (resume, verify, ask, with the
 * target size known); choices for ask.
 */
static void
check(const char *label, const struct xfer_facts *f, enum xfer_policy pol,
    const struct xfer_plan *w)
{
	struct xfer_plan got;
	char row[320], want_s[160], got_s[160];
	int bad = 0;

	memset(&got, 0xa5, sizeof got);		/* every field must be set */
	xfer_decide(f, pol, &got);
	rows_checked++;

	fields_checked += 3;
	bad |= got.action != w->action;
	bad |= got.reason != w->reason;
	bad |= !got.partial != !w->partial;
	if ((w->action == XA_RESUME || w->action == XA_VERIFY ||
	    w->action == XA_ASK) && f->dst.size_known) {
		fields_checked++;
		bad |= got.offset != w->offset;
	}
	if (w->action == XA_ASK) {
		fields_checked++;
		bad |= got.choices != w->choices;
	}
	if (!bad)
		return;

	if (++rows_failed <= MAX_REPORTED) {
		describe(row, sizeof row, f, pol);
		describe_plan(want_s, sizeof want_s, w);
		describe_plan(got_s, sizeof got_s, &got);
		cr_expect_fail("%s%s%s\n  want %s\n  got  %s",
		    label != NULL ? label : "", label != NULL ? ": " : "",
		    row, want_s, got_s);
	}
}

static void
check_expected(const struct xfer_facts *f, enum xfer_policy pol)
{
	struct xfer_plan w;

	expect(f, pol, &w);
	check(NULL, f, pol, &w);
}

static void
check_done(void)
{
	cr_assert_eq(rows_failed, 0, "%u of %u rows differ (first %d shown)",
	    rows_failed, rows_checked, MAX_REPORTED);
	cr_log_info("%u rows, %u fields checked", rows_checked,
	    fields_checked);
}

static struct xfer_side
side(enum vfs_type type, uint64_t size, int64_t mtime)
{
	return ((struct xfer_side){ .type = type, .size_known = 1,
	    .size = size, .mtime = mtime });
}

/* The same side, its time of that precision. */
static struct xfer_side
prec(struct xfer_side s, enum vfs_time_prec p)
{
	s.mtime_prec = p;
	return (s);
}

static struct xfer_facts
facts(struct xfer_side src, struct xfer_side dst)
{
	return ((struct xfer_facts){ .src = src, .dst = dst,
	    .can_resume = 1 });
}

static struct xfer_plan
plan(enum xfer_action action, enum xfer_reason reason, uint64_t offset,
    int partial)
{
	return ((struct xfer_plan){ .action = action, .reason = reason,
	    .offset = offset, .partial = partial });
}

/* ------------------------------------------------------------ the sweep */

static const uint64_t src_sizes[] = { 0, 1, KIB, MIB, BIG };
#define SIZE_PAIRS	28	/* distinct (source, target) pairs below */

/* 0, 1, 1 KiB, 1 MiB, size-1, equal, larger; without duplicates. */
static size_t
target_sizes(uint64_t s, uint64_t *out)
{
	const uint64_t cand[] = { 0, 1, KIB, MIB, s - 1, s, s + 1 };
	size_t i, j, n = 0;

	for (i = 0; i < sizeof cand / sizeof cand[0]; i++) {
		if (i == 4 && s == 0)
			continue;		/* no size-1 below zero */
		for (j = 0; j < n && out[j] != cand[i]; j++)
			;
		if (j == n)
			out[n++] = cand[i];
	}
	return (n);
}

static const struct {
	int64_t src, dst;
} mtimes[] = {
	{ 2000000000, 1000000000 },	/* source newer */
	{ 1000000000, 2000000000 },	/* source older */
	{ 1500000000, 1500000000 },	/* same second */
	{ UNK, 1000000000 },
	{ 1000000000, UNK },
	{ UNK, UNK },
};

static const struct {
	int src, dst;
} knowns[] = { { 1, 1 }, { 0, 1 }, { 1, 0 }, { 0, 0 } };

enum { REC_NONE, REC_MATCHING, REC_CHANGED, REC_COUNT };

static void
sweep_one(uint64_t ssize, uint64_t dsize)
{
	struct xfer_facts f;
	size_t m, k;
	int rec, cr, pol;

	for (m = 0; m < sizeof mtimes / sizeof mtimes[0]; m++)
	for (k = 0; k < sizeof knowns / sizeof knowns[0]; k++)
	for (rec = 0; rec < REC_COUNT; rec++)
	for (cr = 0; cr <= 1; cr++)
	for (pol = 0; pol < XFER_POLICY_COUNT; pol++) {
		f = facts(side(VFS_FILE, ssize, mtimes[m].src),
		    side(VFS_FILE, dsize, mtimes[m].dst));
		f.src.size_known = knowns[k].src;
		f.dst.size_known = knowns[k].dst;
		f.can_resume = cr;
		f.rec.present = rec != REC_NONE;
		f.rec.src_same = rec == REC_MATCHING;
		f.rec.confirmed = rec != REC_NONE ? dsize : 0;
		check_expected(&f, (enum xfer_policy)pol);
	}
}

Test(decide, the_table_of_sizes_records_and_policies_follows_the_rules)
{
	uint64_t t[8];
	size_t i, j, n, pairs = 0;

	for (i = 0; i < sizeof src_sizes / sizeof src_sizes[0]; i++) {
		n = target_sizes(src_sizes[i], t);
		for (j = 0; j < n; j++, pairs++)
			sweep_one(src_sizes[i], t[j]);
	}
	cr_assert_eq(pairs, SIZE_PAIRS);
	cr_assert_eq(rows_checked, SIZE_PAIRS *
	    (sizeof mtimes / sizeof mtimes[0]) *
	    (sizeof knowns / sizeof knowns[0]) * REC_COUNT * 2 *
	    XFER_POLICY_COUNT);
	check_done();
}

/* The other kinds of source and target, against every size and policy. */
Test(decide, sources_and_targets_that_are_not_regular_files_follow_the_rules)
{
	static const enum vfs_type types[] = {
		VFS_NONE, VFS_FILE, VFS_DIR, VFS_LINK, VFS_OTHER,
	};
	struct xfer_facts f;
	size_t si, di, i;
	int rec, pol;

	for (si = 0; si < sizeof types / sizeof types[0]; si++)
	for (di = 0; di < sizeof types / sizeof types[0]; di++)
	for (i = 0; i < sizeof src_sizes / sizeof src_sizes[0]; i++)
	for (rec = 0; rec < REC_COUNT; rec++)
	for (pol = 0; pol < XFER_POLICY_COUNT; pol++) {
		f = facts(side(types[si], src_sizes[i], 1000),
		    side(types[di], src_sizes[i] / 2, 2000));
		f.rec.present = rec != REC_NONE;
		f.rec.src_same = rec == REC_MATCHING;
		check_expected(&f, (enum xfer_policy)pol);
	}
	check_done();
}

/* ------------------------------------------------- rows written by hand */

struct named_row {
	const char		*name;
	struct xfer_facts	 f;
	enum xfer_policy	 policy;
	struct xfer_plan	 want;
};

#define FILE_(sz, mt)	side(VFS_FILE, (sz), (mt))

static void
check_rows(const struct named_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check(rows[i].name, &rows[i].f, rows[i].policy,
		    &rows[i].want);
	check_done();
}

Test(decide, a_missing_or_irregular_source_is_refused)
{
	const struct named_row rows[] = {
		{ "missing source", facts(side(VFS_NONE, 0, UNK),
		    FILE_(KIB, 1)), XFER_OVERWRITE,
		    plan(XA_REFUSE, XR_SRC_MISSING, 0, 0) },
		{ "missing source, missing target", facts(side(VFS_NONE, 0,
		    UNK), side(VFS_NONE, 0, UNK)), XFER_RESUME,
		    plan(XA_REFUSE, XR_SRC_MISSING, 0, 0) },
		{ "missing source, cancel still cancels",
		    facts(side(VFS_NONE, 0, UNK), FILE_(KIB, 1)),
		    XFER_CANCEL, plan(XA_CANCEL, XR_NONE, 0, 0) },
		{ "source is a directory", facts(side(VFS_DIR, 4096, 1),
		    FILE_(1, 1)), XFER_RESUME,
		    plan(XA_REFUSE, XR_SRC_NOT_FILE, 0, 0) },
		{ "source is a directory, target missing",
		    facts(side(VFS_DIR, 4096, 1), side(VFS_NONE, 0, UNK)),
		    XFER_OVERWRITE, plan(XA_REFUSE, XR_SRC_NOT_FILE, 0, 0) },
		{ "source is a fifo", facts(side(VFS_OTHER, 0, 1),
		    side(VFS_NONE, 0, UNK)), XFER_ASK,
		    plan(XA_REFUSE, XR_SRC_NOT_FILE, 0, 0) },
		{ "source is an unreadable link", facts(side(VFS_LINK, 0, 1),
		    FILE_(MIB, 1)), XFER_OVERWRITE,
		    plan(XA_REFUSE, XR_SRC_NOT_FILE, 0, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, a_target_that_is_a_special_file_is_refused_even_with_overwrite)
{
	const struct named_row rows[] = {
		{ "target is a device", facts(FILE_(MIB, 2),
		    side(VFS_OTHER, 0, 1)), XFER_OVERWRITE,
		    plan(XA_REFUSE, XR_DST_NOT_FILE, 0, 0) },
		{ "target is a device, resume", facts(FILE_(MIB, 2),
		    side(VFS_OTHER, KIB, 1)), XFER_RESUME,
		    plan(XA_REFUSE, XR_DST_NOT_FILE, 0, 0) },
		{ "target is a device, ask", facts(FILE_(MIB, 2),
		    side(VFS_OTHER, KIB, 1)), XFER_ASK,
		    plan(XA_REFUSE, XR_DST_NOT_FILE, 0, 0) },
		{ "target is an unreadable link", facts(FILE_(MIB, 2),
		    side(VFS_LINK, 7, 1)), XFER_SKIP,
		    plan(XA_REFUSE, XR_DST_NOT_FILE, 0, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, a_directory_is_never_a_partial_file)
{
	struct xfer_facts f;
	struct xfer_plan w;
	size_t i;
	int pol, rec;

	/* Smaller than the source, with a matching record: still refused. */
	for (i = 0; i < sizeof src_sizes / sizeof src_sizes[0]; i++)
	for (rec = 0; rec < REC_COUNT; rec++)
	for (pol = 0; pol < XFER_POLICY_COUNT; pol++) {
		f = facts(FILE_(src_sizes[i] + 8192, 2000),
		    side(VFS_DIR, 4096, 1000));
		f.rec.present = rec != REC_NONE;
		f.rec.src_same = rec == REC_MATCHING;
		if (pol == XFER_CANCEL)
			w = plan(XA_CANCEL, XR_NONE, 0, 0);
		else
			w = plan(XA_REFUSE, XR_DST_DIR, 0, 0);
		check(NULL, &f, (enum xfer_policy)pol, &w);
	}
	check_done();
}

Test(decide, a_missing_target_is_a_fresh_start_for_every_policy_but_cancel)
{
	struct xfer_facts f;
	struct xfer_plan w;
	size_t i, k;
	int pol, cr;

	/* Even with sizes and times unknown and no offset support. */
	for (i = 0; i < sizeof src_sizes / sizeof src_sizes[0]; i++)
	for (k = 0; k < sizeof knowns / sizeof knowns[0]; k++)
	for (cr = 0; cr <= 1; cr++)
	for (pol = 0; pol < XFER_POLICY_COUNT; pol++) {
		f = facts(FILE_(src_sizes[i], UNK), side(VFS_NONE, 0, UNK));
		f.src.size_known = knowns[k].src;
		f.dst.size_known = knowns[k].dst;
		f.can_resume = cr;
		if (pol == XFER_CANCEL)
			w = plan(XA_CANCEL, XR_NONE, 0, 0);
		else
			w = plan(XA_FRESH, XR_NONE, 0, 0);
		check(NULL, &f, (enum xfer_policy)pol, &w);
	}
	check_done();
}

Test(decide, a_zero_byte_target_is_a_fresh_start)
{
	struct xfer_facts f;
	struct xfer_plan w;
	size_t i;
	int pol, rec;

	for (i = 0; i < sizeof src_sizes / sizeof src_sizes[0]; i++)
	for (rec = 0; rec < REC_COUNT; rec++)
	for (pol = 0; pol < XFER_POLICY_COUNT; pol++) {
		/* Target newer, so "newer" alone would have skipped it. */
		f = facts(FILE_(src_sizes[i], 1000), FILE_(0, 2000));
		f.rec.present = rec != REC_NONE;
		f.rec.src_same = rec == REC_MATCHING;
		switch (pol) {
		case XFER_CANCEL:
			w = plan(XA_CANCEL, XR_NONE, 0, 0);
			break;
		case XFER_SKIP:		/* told to leave targets alone */
			w = plan(XA_SKIP, XR_NONE, 0, 0);
			break;
		case XFER_RENAME:
			w = plan(XA_RENAME, XR_NONE, 0, 0);
			break;
		default:
			w = plan(XA_FRESH, XR_NONE, 0, 0);
			break;
		}
		check(NULL, &f, (enum xfer_policy)pol, &w);
	}
	check_done();
}

/* A facts struct with a resume record and offset support chosen. */
static struct xfer_facts
facts_rec(struct xfer_side src, struct xfer_side dst, int present,
    int src_same, int can_resume)
{
	struct xfer_facts f = facts(src, dst);

	f.rec.present = present;
	f.rec.src_same = src_same;
	f.rec.confirmed = present ? dst.size : 0;
	f.can_resume = can_resume;
	return (f);
}

static struct xfer_plan
ask(enum xfer_reason reason, uint64_t offset, unsigned choices, int partial)
{
	struct xfer_plan p = plan(XA_ASK, reason, offset, partial);

	p.choices = choices;
	return (p);
}

#define C(p)	XFER_CHOICE(XFER_##p)
#define ALL	(ALWAYS | C(RESUME) | C(NEWER) | C(SIZE_DIFFERS))

Test(decide, a_target_equal_in_size_is_verified_not_assumed_complete)
{
	const struct named_row rows[] = {
		{ "1 byte, no record", facts_rec(FILE_(1, 1), FILE_(1, 2),
		    0, 0, 1), XFER_RESUME, plan(XA_VERIFY, XR_NONE, 1, 0) },
		{ "1 MiB, matching record", facts_rec(FILE_(MIB, 1),
		    FILE_(MIB, 2), 1, 1, 1), XFER_RESUME,
		    plan(XA_VERIFY, XR_NONE, MIB, 0) },
		{ "5 GiB + 3, matching record", facts_rec(FILE_(BIG, 1),
		    FILE_(BIG, 2), 1, 1, 1), XFER_RESUME,
		    plan(XA_VERIFY, XR_NONE, BIG, 0) },
		{ "1 MiB, matching record, asked: resume is offered",
		    facts_rec(FILE_(MIB, 1), FILE_(MIB, 2), 1, 1, 1),
		    XFER_ASK, ask(XR_NONE, MIB, ALL, 0) },
		{ "1 KiB, record says the source changed", facts_rec(
		    FILE_(KIB, 1), FILE_(KIB, 2), 1, 0, 1), XFER_RESUME,
		    plan(XA_REFUSE, XR_SRC_CHANGED, KIB, 0) },
		{ "1 KiB, cannot read at an offset to check", facts_rec(
		    FILE_(KIB, 1), FILE_(KIB, 2), 0, 0, 0), XFER_RESUME,
		    plan(XA_REFUSE, XR_NO_RESUME, KIB, 0) },
		{ "equal sizes under size-differs: skipped",
		    facts_rec(FILE_(MIB, 1), FILE_(MIB, 2), 1, 1, 1),
		    XFER_SIZE_DIFFERS, plan(XA_SKIP, XR_NONE, MIB, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, a_target_larger_than_the_source_cannot_be_resumed)
{
	const struct named_row rows[] = {
		{ "1 byte over an empty source", facts_rec(FILE_(0, 1),
		    FILE_(1, 2), 0, 0, 1), XFER_RESUME,
		    plan(XA_REFUSE, XR_DST_LARGER, 1, 0) },
		{ "one byte larger, matching record", facts_rec(FILE_(MIB, 1),
		    FILE_(MIB + 1, 2), 1, 1, 1), XFER_RESUME,
		    plan(XA_REFUSE, XR_DST_LARGER, MIB + 1, 0) },
		{ "larger past 4 GiB", facts_rec(FILE_(BIG, 1),
		    FILE_(BIG + 1, 2), 0, 0, 1), XFER_RESUME,
		    plan(XA_REFUSE, XR_DST_LARGER, BIG + 1, 0) },
		{ "larger, asked: no resume on offer", facts_rec(FILE_(KIB, 1),
		    FILE_(MIB, 2), 0, 0, 1), XFER_ASK,
		    ask(XR_DST_LARGER, MIB, ALL & ~C(RESUME), 0) },
		{ "larger and no offsets: the size is the reason",
		    facts_rec(FILE_(KIB, 1), FILE_(KIB + 1, 2), 0, 0, 0),
		    XFER_RESUME, plan(XA_REFUSE, XR_DST_LARGER, KIB + 1, 0) },
		{ "larger, overwrite still overwrites", facts_rec(FILE_(1, 1),
		    FILE_(KIB, 2), 0, 0, 1), XFER_OVERWRITE,
		    plan(XA_OVERWRITE, XR_NONE, KIB, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, a_smaller_target_resumes_unless_something_forbids_it)
{
	const struct named_row rows[] = {
		{ "1 KiB of 1 MiB, no record", facts_rec(FILE_(MIB, 1),
		    FILE_(KIB, 2), 0, 0, 1), XFER_RESUME,
		    plan(XA_RESUME, XR_NONE, KIB, 1) },
		{ "1 byte short, matching record", facts_rec(FILE_(MIB, 1),
		    FILE_(MIB - 1, 2), 1, 1, 1), XFER_RESUME,
		    plan(XA_RESUME, XR_NONE, MIB - 1, 1) },
		{ "record says the source changed", facts_rec(FILE_(MIB, 1),
		    FILE_(KIB, 2), 1, 0, 1), XFER_RESUME,
		    plan(XA_REFUSE, XR_SRC_CHANGED, KIB, 0) },
		{ "record says the source changed, asked", facts_rec(
		    FILE_(MIB, 1), FILE_(KIB, 2), 1, 0, 1), XFER_ASK,
		    ask(XR_SRC_CHANGED, KIB, ALL & ~C(RESUME), 0) },
		{ "backend cannot write at an offset", facts_rec(FILE_(MIB, 1),
		    FILE_(KIB, 2), 0, 0, 0), XFER_RESUME,
		    plan(XA_REFUSE, XR_NO_RESUME, KIB, 1) },
		{ "backend cannot write at an offset, asked", facts_rec(
		    FILE_(MIB, 1), FILE_(KIB, 2), 1, 1, 0), XFER_ASK,
		    ask(XR_NO_RESUME, KIB, ALL & ~C(RESUME), 1) },
		{ "asked with everything known", facts_rec(FILE_(MIB, 1),
		    FILE_(1, 2), 0, 0, 1), XFER_ASK, ask(XR_NONE, 1, ALL, 1) },
		{ "asked, one time unknown: no newer", facts_rec(
		    FILE_(MIB, UNK), FILE_(1, 2), 0, 0, 1), XFER_ASK,
		    ask(XR_NONE, 1, ALL & ~C(NEWER), 1) },
		{ "rename keeps the partial", facts_rec(FILE_(MIB, 1),
		    FILE_(KIB, 2), 1, 1, 1), XFER_RENAME,
		    plan(XA_RENAME, XR_NONE, KIB, 1) },
		{ "skip leaves the partial", facts_rec(FILE_(MIB, 1),
		    FILE_(KIB, 2), 0, 0, 1), XFER_SKIP,
		    plan(XA_SKIP, XR_NONE, KIB, 1) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, newer_compares_modification_times_both_ways)
{
	const struct named_row rows[] = {
		{ "source newer", facts(FILE_(MIB, 200), FILE_(KIB, 100)),
		    XFER_NEWER, plan(XA_OVERWRITE, XR_NONE, KIB, 1) },
		{ "source older", facts(FILE_(MIB, 100), FILE_(KIB, 200)),
		    XFER_NEWER, plan(XA_SKIP, XR_NONE, KIB, 1) },
		{ "same second", facts(FILE_(MIB, 100), FILE_(KIB, 100)),
		    XFER_NEWER, plan(XA_SKIP, XR_NONE, KIB, 1) },
		{ "times before 1970", facts(FILE_(KIB, -5), FILE_(1, -10)),
		    XFER_NEWER, plan(XA_OVERWRITE, XR_NONE, 1, 1) },
		{ "source time unknown", facts(FILE_(MIB, UNK),
		    FILE_(KIB, 100)), XFER_NEWER,
		    plan(XA_REFUSE, XR_MTIME_UNKNOWN, KIB, 1) },
		{ "target time unknown", facts(FILE_(MIB, 100),
		    FILE_(KIB, UNK)), XFER_NEWER,
		    plan(XA_REFUSE, XR_MTIME_UNKNOWN, KIB, 1) },
		/* a time to the minute (LIST) stands for any second of it:
		 * newer only by a minute or more */
		{ "target to the minute, source 42 s later", facts(
		    FILE_(MIB, 60042), prec(FILE_(KIB, 60000),
		    VFS_PREC_MINUTE)), XFER_NEWER,
		    plan(XA_SKIP, XR_NONE, KIB, 1) },
		{ "target to the minute, source a minute later", facts(
		    FILE_(MIB, 60060), prec(FILE_(KIB, 60000),
		    VFS_PREC_MINUTE)), XFER_NEWER,
		    plan(XA_OVERWRITE, XR_NONE, KIB, 1) },
		{ "source to the minute, 59 s later", facts(
		    prec(FILE_(MIB, 60059), VFS_PREC_MINUTE),
		    FILE_(KIB, 60000)), XFER_NEWER,
		    plan(XA_SKIP, XR_NONE, KIB, 1) },
		{ "target to the day, source an hour later", facts(
		    FILE_(MIB, 90000), prec(FILE_(KIB, 86400),
		    VFS_PREC_DAY)), XFER_NEWER,
		    plan(XA_SKIP, XR_NONE, KIB, 1) },
		{ "target to the day, source a day later", facts(
		    FILE_(MIB, 172800), prec(FILE_(KIB, 86400),
		    VFS_PREC_DAY)), XFER_NEWER,
		    plan(XA_OVERWRITE, XR_NONE, KIB, 1) },
		/* an unfinished copy of this source is finished, whatever
		 * time the interruption left it with */
		{ "unfinished copy, younger than the source", facts_rec(
		    FILE_(MIB, 100), FILE_(KIB, 200), 1, 1, 1), XFER_NEWER,
		    plan(XA_RESUME, XR_NONE, KIB, 1) },
		{ "unfinished copy, its time unknown", facts_rec(
		    FILE_(MIB, 100), FILE_(KIB, UNK), 1, 1, 1), XFER_NEWER,
		    plan(XA_RESUME, XR_NONE, KIB, 1) },
		{ "unfinished copy, size-differs finishes it too", facts_rec(
		    FILE_(MIB, 100), FILE_(KIB, 200), 1, 1, 1),
		    XFER_SIZE_DIFFERS, plan(XA_RESUME, XR_NONE, KIB, 1) },
		{ "a record of another source: judged by time", facts_rec(
		    FILE_(MIB, 100), FILE_(KIB, 200), 1, 0, 1), XFER_NEWER,
		    plan(XA_SKIP, XR_NONE, KIB, 0) },
		{ "no record: judged by time", facts_rec(FILE_(MIB, 100),
		    FILE_(KIB, 200), 0, 0, 1), XFER_NEWER,
		    plan(XA_SKIP, XR_NONE, KIB, 1) },
		{ "unfinished, but no offsets here: judged by time",
		    facts_rec(FILE_(MIB, 300), FILE_(KIB, 200), 1, 1, 0),
		    XFER_NEWER, plan(XA_OVERWRITE, XR_NONE, KIB, 1) },
		{ "both to the second, a second apart", facts(
		    prec(FILE_(MIB, 101), VFS_PREC_SECOND),
		    prec(FILE_(KIB, 100), VFS_PREC_SECOND)), XFER_NEWER,
		    plan(XA_OVERWRITE, XR_NONE, KIB, 1) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* The same side, its size unknown (the number left as a stat gave it). */
static struct xfer_side
size_unknown(struct xfer_side s)
{
	s.size_known = 0;
	return (s);
}

Test(decide, unknown_sizes_never_resume)
{
	const struct named_row rows[] = {
		{ "source size unknown", facts(size_unknown(FILE_(MIB, 1)),
		    FILE_(KIB, 2)), XFER_RESUME,
		    plan(XA_REFUSE, XR_SIZE_UNKNOWN, KIB, 0) },
		{ "target size unknown", facts(FILE_(MIB, 1),
		    size_unknown(FILE_(KIB, 2))), XFER_RESUME,
		    plan(XA_REFUSE, XR_SIZE_UNKNOWN, KIB, 0) },
		{ "both unknown", facts(size_unknown(FILE_(MIB, 1)),
		    size_unknown(FILE_(KIB, 2))), XFER_RESUME,
		    plan(XA_REFUSE, XR_SIZE_UNKNOWN, KIB, 0) },
		{ "source size unknown, asked",
		    facts(size_unknown(FILE_(MIB, 1)), FILE_(KIB, 2)),
		    XFER_ASK, ask(XR_SIZE_UNKNOWN, KIB, ALWAYS | C(NEWER), 0) },
		{ "source size unknown, size-differs",
		    facts(size_unknown(FILE_(MIB, 1)), FILE_(KIB, 2)),
		    XFER_SIZE_DIFFERS,
		    plan(XA_REFUSE, XR_SIZE_UNKNOWN, KIB, 0) },
		{ "source size unknown, newer",
		    facts(size_unknown(FILE_(MIB, 1)), FILE_(KIB, 0)),
		    XFER_NEWER, plan(XA_OVERWRITE, XR_NONE, KIB, 0) },
		{ "source size unknown, empty target: fresh",
		    facts(size_unknown(FILE_(MIB, 1)), FILE_(0, 2)),
		    XFER_RESUME, plan(XA_FRESH, XR_NONE, 0, 0) },
		{ "target size unknown is not an empty target",
		    facts(FILE_(MIB, 1), size_unknown(FILE_(0, 2))),
		    XFER_OVERWRITE, plan(XA_OVERWRITE, XR_NONE, 0, 0) },
		{ "target size unknown, skip", facts(FILE_(MIB, 1),
		    size_unknown(FILE_(0, 2))), XFER_SKIP,
		    plan(XA_SKIP, XR_NONE, 0, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, offsets_past_4_gib_are_kept_exactly)
{
	const uint64_t four = 4 * GIB;
	const struct named_row rows[] = {
		{ "4 GiB + 1 of 5 GiB + 3", facts(FILE_(BIG, 1),
		    FILE_(four + 1, 2)), XFER_RESUME,
		    plan(XA_RESUME, XR_NONE, four + 1, 1) },
		{ "exactly 4 GiB", facts(FILE_(BIG, 1), FILE_(four, 2)),
		    XFER_RESUME, plan(XA_RESUME, XR_NONE, four, 1) },
		{ "one byte short of 5 GiB + 3", facts(FILE_(BIG, 1),
		    FILE_(BIG - 1, 2)), XFER_RESUME,
		    plan(XA_RESUME, XR_NONE, BIG - 1, 1) },
		{ "1 byte of 5 GiB + 3 (would wrap to 4 GiB + 1 on 32 bits)",
		    facts(FILE_(four + 1, 1), FILE_(1, 2)), XFER_RESUME,
		    plan(XA_RESUME, XR_NONE, 1, 1) },
		{ "past 2^63", facts(FILE_(UINT64_MAX, 1),
		    FILE_(UINT64_MAX - 1, 2)), XFER_RESUME,
		    plan(XA_RESUME, XR_NONE, UINT64_MAX - 1, 1) },
		{ "asked past 4 GiB", facts(FILE_(BIG, 1),
		    FILE_(BIG - 1, 2)), XFER_ASK,
		    ask(XR_NONE, BIG - 1, ALL, 1) },
		{ "sizes 4 GiB apart differ", facts(FILE_(four + KIB, 1),
		    FILE_(KIB, 2)), XFER_SIZE_DIFFERS,
		    plan(XA_OVERWRITE, XR_NONE, KIB, 1) },
		{ "4 GiB larger is larger, not equal", facts(FILE_(KIB, 1),
		    FILE_(four + KIB, 2)), XFER_RESUME,
		    plan(XA_REFUSE, XR_DST_LARGER, four + KIB, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

Test(decide, cancel_cancels_whatever_the_facts)
{
	const struct named_row rows[] = {
		{ "missing target", facts(FILE_(KIB, 1),
		    side(VFS_NONE, 0, UNK)), XFER_CANCEL,
		    plan(XA_CANCEL, XR_NONE, 0, 0) },
		{ "partial target", facts(FILE_(MIB, 1), FILE_(KIB, 1)),
		    XFER_CANCEL, plan(XA_CANCEL, XR_NONE, 0, 0) },
		{ "directory source", facts(side(VFS_DIR, 0, 1),
		    FILE_(KIB, 1)), XFER_CANCEL,
		    plan(XA_CANCEL, XR_NONE, 0, 0) },
	};

	check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* ------------------------------------------------------ a failed check */

/* Facts of a partial whose check before appending failed. */
static struct xfer_facts
facts_bad(uint64_t ssize, uint64_t dsize, enum xfer_mismatch kind,
    int present, int src_same)
{
	struct xfer_facts f = facts_rec(FILE_(ssize, 1000), FILE_(dsize, 2000),
	    present, src_same, 1);

	f.check.kind = kind;
	f.check.at = dsize / 2;
	f.check.from = 0;
	f.check.len = dsize;
	return (f);
}

Test(decide, a_failed_check_offers_overwrite_rename_and_skip_never_resume)
{
	static const enum xfer_mismatch kinds[] = {
		XM_HEAD, XM_TAIL, XM_RECORD, XM_CHUNK, XM_SHORT, XM_HASH,
	};
	static const uint64_t sizes[][2] = {
		{ MIB, KIB }, { MIB, MIB - 1 }, { MIB, MIB }, { BIG, BIG - 1 },
		{ BIG, 1 },
	};
	struct xfer_facts f;
	struct xfer_plan w;
	size_t k, i;
	int rec;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
	for (rec = 0; rec < REC_COUNT; rec++) {
		f = facts_bad(sizes[i][0], sizes[i][1], kinds[k],
		    rec != REC_NONE, rec != REC_CHANGED);
		/* Asked: the reason is what the check found, whatever the
		 * record says; the choices are the same whatever the times
		 * and sizes (none compares them). */
		w = ask(XR_MISMATCH, sizes[i][1], ALWAYS, 0);
		check(NULL, &f, XFER_ASK, &w);
		w = plan(XA_REFUSE, XR_MISMATCH, sizes[i][1], 0);
		check(NULL, &f, XFER_RESUME, &w);
		w = plan(XA_OVERWRITE, XR_NONE, sizes[i][1], 0);
		check(NULL, &f, XFER_OVERWRITE, &w);
		w = plan(XA_RENAME, XR_NONE, sizes[i][1], 0);
		check(NULL, &f, XFER_RENAME, &w);
		w = plan(XA_SKIP, XR_NONE, sizes[i][1], 0);
		check(NULL, &f, XFER_SKIP, &w);
		w = plan(XA_CANCEL, XR_NONE, 0, 0);
		check(NULL, &f, XFER_CANCEL, &w);
	}
	check_done();
}

Test(decide, a_failed_check_never_offers_resume_even_where_offsets_work)
{
	const struct named_row rows[] = {
		{ "first window differs", facts_bad(MIB, 300 * KIB, XM_HEAD, 0,
		    0), XFER_ASK, ask(XR_MISMATCH, 300 * KIB, ALWAYS, 0) },
		{ "window before the offset differs", facts_bad(MIB, 300 * KIB,
		    XM_TAIL, 1, 1), XFER_ASK,
		    ask(XR_MISMATCH, 300 * KIB, ALWAYS, 0) },
		{ "record digest differs", facts_bad(MIB, 300 * KIB, XM_RECORD,
		    1, 1), XFER_ASK, ask(XR_MISMATCH, 300 * KIB, ALWAYS, 0) },
		{ "same size, not what it seemed", facts_bad(MIB, MIB, XM_HEAD,
		    0, 0), XFER_ASK, ask(XR_MISMATCH, MIB, ALWAYS, 0) },
		{ "resume is refused by the check, not the sizes",
		    facts_bad(MIB, MIB - 1, XM_TAIL, 0, 0), XFER_RESUME,
		    plan(XA_REFUSE, XR_MISMATCH, MIB - 1, 0) },
	};

	struct xfer_plan p;
	size_t i;

	check_rows(rows, sizeof rows / sizeof rows[0]);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		xfer_decide(&rows[i].f, XFER_ASK, &p);
		cr_expect_eq(p.choices & (C(RESUME) | C(NEWER) |
		    C(SIZE_DIFFERS)), 0, "%s", rows[i].name);
	}
}

/* ----------------------------------------------------------- the words */

Test(decide, every_reason_but_none_has_text)
{
	enum xfer_reason r;
	const char *s;

	cr_assert_not_null(xfer_reason_text(XR_NONE));
	for (r = XR_SRC_MISSING; r <= XR_MISMATCH; r++) {
		s = xfer_reason_text(r);
		cr_assert_not_null(s, "reason %s", NAME(reason_names, r));
		cr_assert_gt(strlen(s), 1, "reason %s has no text",
		    NAME(reason_names, r));
		cr_assert_str_neq(s, "?", "reason %s", NAME(reason_names, r));
	}
}

Test(decide, every_policy_has_its_own_name)
{
	enum xfer_policy p, q;

	for (p = 0; p < XFER_POLICY_COUNT; p++) {
		cr_assert_not_null(xfer_policy_name(p));
		cr_assert_str_eq(xfer_policy_name(p), policy_names[p],
		    "policy %d", (int)p);
		for (q = 0; q < p; q++)
			cr_assert_str_neq(xfer_policy_name(p),
			    xfer_policy_name(q));
	}
	cr_assert_str_eq(xfer_policy_name(XFER_POLICY_COUNT), "?");
}
