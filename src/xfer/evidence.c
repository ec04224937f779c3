/* ferry: the evidence for a "target exists" question (see evidence.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/utc.h"
#include "util/xmalloc.h"
#include "xfer/evidence.h"

static void
evidence_add(struct evidence *e, char *line)
{
	if (e->n < EVIDENCE_LINES)
		e->line[e->n++] = line;
	else
		free(line);
}

/* A time as precise as the side knows it, UTC: "2026-10-29 14:02:07",
 * "2026-10-29 14:02" (LIST), "2026-10-29" (LIST, an older file), or
 * "unknown". */
void
evidence_time(int64_t t, enum vfs_time_prec prec, char *buf, size_t len)
{
	struct utc_time u;
	int n = -1;

	/* not gmtime_r and strftime (utc.h) */
	utc_split(t, &u);
	if (t == VFS_MTIME_UNKNOWN || u.year < 0 || u.year > 9999)
		n = -1;
	else if (prec == VFS_PREC_DAY)
		n = snprintf(buf, len, "%04d-%02u-%02u UTC", (int)u.year,
		    u.month, u.day);
	else if (prec == VFS_PREC_MINUTE)
		n = snprintf(buf, len, "%04d-%02u-%02u %02u:%02u UTC",
		    (int)u.year, u.month, u.day, u.hour, u.minute);
	else
		n = snprintf(buf, len, "%04d-%02u-%02u %02u:%02u:%02u UTC",
		    (int)u.year, u.month, u.day, u.hour, u.minute, u.second);
	if (n < 0 || (size_t)n >= len)
		snprintf(buf, len, "%s", _("unknown"));
}

/* "source  LOCATION" and "        N bytes, modified TIME". */
static void
evidence_side(struct evidence *e, const char *what, const char *where,
    const struct xfer_side *s)
{
	char size[64], when[64], *safe;

	/* A URL as the panes show it: decoded, "/~" for the login
	 * directory, never a password. */
	safe = url_is_url(where) ? loc_display(where) : fmt_safe_name(where);

	if (s->size_known)
		fmt_bytes(s->size, size, sizeof size);
	else
		snprintf(size, sizeof size, "?");
	evidence_time(s->mtime, s->mtime_prec, when, sizeof when);
	evidence_add(e, xasprintf("%-7s %s", what, safe));
	/* TRANSLATORS: a size in bytes and a modification time, under the
	   location of the source or target. */
	evidence_add(e, xasprintf(_("        %s bytes, modified %s"), size,
	    when));
	free(safe);
}

/* What the target looks like, and what the resume record says. */
static char *
evidence_state(const struct xfer_facts *f, const struct xfer_plan *p,
    int record)
{
	const char *rec;
	char what[256];

	if (f->check.kind != XM_NONE)
		snprintf(what, sizeof what, "%s",
		    _("not a partial copy of this source"));
	else if (p->partial && f->src.size > 0)
		snprintf(what, sizeof what, _("looks partial (%.1f %%)"),
		    100.0 * (double)f->dst.size / (double)f->src.size);
	else if (f->src.size_known && f->dst.size_known &&
	    f->dst.size == f->src.size)
		snprintf(what, sizeof what, "%s",
		    _("same size: complete, or changed"));
	else
		snprintf(what, sizeof what, "%s",
		    _("does not look like a partial copy"));
	if (record > 0)
		rec = _("resume record: same source size and time");
	else if (record < 0)
		rec = _("resume record: the source changed since");
	else
		rec = _("no resume record");
	/* TRANSLATORS: what the target looks like; what the resume record
	   says. */
	return (xasprintf(_("%s; %s"), what, rec));
}

/* What resuming checks before it appends (Resume is offered). */
static char *
evidence_checks(const struct xfer_facts *f)
{
	const struct xfer_record_facts *r = &f->rec;
	char w[32];

	if (r->present && r->src_same && r->segments > 0 && r->chunks > 0)
		return (xasprintf(f->window == 0 ? P_("resume checks every "
		    "byte of its %llu segment against the resume record",
		    "resume checks every byte of its %llu segments against "
		    "the resume record", r->segments) : P_("resume checks "
		    "every byte of its %llu segment against the resume "
		    "record, and where it ends against the source", "resume "
		    "checks every byte of its %llu segments against the "
		    "resume record, and where each ends against the source",
		    r->segments), (unsigned long long)r->segments));
	if (r->present && r->src_same && r->segments > 0 && f->window == 0)
		return (xasprintf(P_("resume checks the bytes before where its "
		    "%llu segment ends against the resume record only",
		    "resume checks the bytes before where each of its %llu "
		    "segments ends against the resume record only",
		    r->segments), (unsigned long long)r->segments));
	if (r->present && r->src_same && r->segments > 0)
		return (xasprintf(P_("resume checks the bytes before where its "
		    "%llu segment ends against the resume record and the "
		    "source", "resume checks the bytes before where each of "
		    "its %llu segments ends against the resume record and the "
		    "source", r->segments), (unsigned long long)r->segments));
	if (f->window == 0)
		return (xstrdup(_("resume checks nothing (--no-verify)")));
	if (r->present && r->src_same && r->chunks > 0)
		return (xasprintf(P_("resume checks every byte against the "
		    "resume record (%llu chunk)", "resume checks every byte "
		    "against the resume record (%llu chunks)", r->chunks),
		    (unsigned long long)r->chunks));
	if (f->dst_hash != VFS_HASH_NONE && !f->dst_local) {
		fmt_size(f->dst.size, w, sizeof w);
		/* TRANSLATORS: "resume checks all of the 5.0 MiB already there
		   against the source (server SHA-256)" */
		return (xasprintf(_("resume checks all of the %s already there "
		    "against the source (server %s)"), w,
		    vfs_hash_name(f->dst_hash)));
	}
	/* the two windows cover it all, or the record confirms no byte
	   and the source is read from byte 0 */
	if ((f->dst.size_known && f->dst.size <= 2 * (uint64_t)f->window) ||
	    (r->present && r->src_same && r->chunked))
		return (xstrdup(_("resume checks all of the partial against "
		    "the source")));
	fmt_size(f->window, w, sizeof w);
	/* TRANSLATORS: "resume checks only the first and last 64.0 KiB:
	   no resume record" */
	return (xasprintf(_("resume checks only the first and last %s: %s"),
	    w, !f->dst_local ? _("a remote partial is not read back") :
	    !r->present ? _("no resume record") :
	    _("no chunk digests in the resume record")));
}

/* Exactly what the check before appending found (a failed check). */
static char *
evidence_mismatch(const struct xfer_check *c)
{
	char len[32], at[32], end[32];

	fmt_size(c->len, len, sizeof len);
	fmt_bytes(c->at, at, sizeof at);
	fmt_bytes(c->from + c->len, end, sizeof end);
	switch (c->kind) {
	case XM_HEAD:
		/* TRANSLATORS: "the first 64 KiB differ at byte 1234" (from
		   the source's bytes) */
		return (xasprintf(_("the first %s differ at byte %s"), len,
		    at));
	case XM_TAIL:
		/* TRANSLATORS: "the 64 KiB before byte 300000 differ at byte
		   299000" (from the source's bytes) */
		return (xasprintf(_("the %s before byte %s differ at byte %s"),
		    len, end, at));
	case XM_RECORD:
		/* TRANSLATORS: "... digest does not match the 64 KiB before
		   byte 300000" */
		return (xasprintf(_("the resume record's digest does not match "
		    "the %s before byte %s"), len, end));
	case XM_CHUNK:
		fmt_bytes(c->from + c->len - 1, end, sizeof end);
		/* TRANSLATORS: "bytes 4,194,304 to 8,388,607 differ from what
		   ferry wrote (its resume record's digest)" */
		return (xasprintf(_("bytes %s to %s differ from what ferry "
		    "wrote (its resume record's digest)"), at, end));
	case XM_SHORT:
		fmt_bytes(c->len, end, sizeof end);
		/* TRANSLATORS: "it holds 1,000 bytes, but ferry wrote 2,000
		   (resume record)" */
		return (xasprintf(_("it holds %s bytes, but ferry wrote %s "
		    "(resume record)"), at, end));
	case XM_HASH:
		/* TRANSLATORS: "the server's SHA-256 of all 5.0 MiB already
		   there is not the source's" */
		return (xasprintf(_("the server's %s of all %s already there "
		    "is not the source's"), vfs_hash_name(c->algo), len));
	default:
		return (xstrdup(xfer_reason_text(XR_MISMATCH)));
	}
}

void
evidence_build(struct evidence *e, const char *source, const char *target,
    const struct xfer_facts *f, const struct xfer_plan *p, int record)
{
	char *why;

	memset(e, 0, sizeof *e);
	evidence_side(e, _("source"), source, &f->src);
	evidence_side(e, _("target"), target, &f->dst);
	evidence_add(e, evidence_state(f, p, record));
	if (f->check.kind != XM_NONE) {
		why = evidence_mismatch(&f->check);
		evidence_add(e, xasprintf(_("cannot resume: %s"), why));
		free(why);
	} else if (!(p->choices & XFER_CHOICE(XFER_RESUME)) &&
	    p->reason != XR_NONE)
		evidence_add(e, xasprintf(_("cannot resume: %s"),
		    xfer_reason_text(p->reason)));
	else if (p->choices & XFER_CHOICE(XFER_RESUME))
		evidence_add(e, evidence_checks(f));
}

void
evidence_free(struct evidence *e)
{
	int i;

	for (i = 0; i < e->n; i++)
		free(e->line[i]);
	memset(e, 0, sizeof *e);
}
