/* ferry: the resume decision (see decide.h). */
#include "config.h"

#include <string.h>
#include <wctype.h>

#include "util/i18n.h"
#include "xfer/decide.h"

/* Why resuming is not possible, or XR_NONE if it is. */
static enum xfer_reason
decide_resume_reason(const struct xfer_facts *f)
{
	if (f->check.kind != XM_NONE)
		return (XR_MISMATCH);
	if (!f->src.size_known || !f->dst.size_known)
		return (XR_SIZE_UNKNOWN);
	if (f->dst.size > f->src.size)
		return (XR_DST_LARGER);
	if (f->rec.present && !f->rec.src_same)
		return (XR_SRC_CHANGED);
	if (!f->can_resume)
		return (XR_NO_RESUME);
	return (XR_NONE);
}

static unsigned
decide_choices(const struct xfer_facts *f, enum xfer_reason why)
{
	unsigned c;

	c = XFER_CHOICE(XFER_OVERWRITE) | XFER_CHOICE(XFER_SKIP) |
	    XFER_CHOICE(XFER_RENAME) | XFER_CHOICE(XFER_CANCEL);
	if (why == XR_NONE)
		c |= XFER_CHOICE(XFER_RESUME);
	/* A target whose bytes differ is no copy of the source: whether it
	 * is newer or of another size says nothing useful. */
	if (f->check.kind != XM_NONE)
		return (c);
	if (f->src.mtime != VFS_MTIME_UNKNOWN &&
	    f->dst.mtime != VFS_MTIME_UNKNOWN)
		c |= XFER_CHOICE(XFER_NEWER);
	if (f->src.size_known && f->dst.size_known)
		c |= XFER_CHOICE(XFER_SIZE_DIFFERS);
	return (c);
}

static void
decide_set(struct xfer_plan *p, enum xfer_action a, enum xfer_reason r)
{
	p->action = a;
	p->reason = r;
}

/* How far from the truth a time of this precision may be, in seconds (a
 * LIST time "Dec  6 11:17" stands for any second of that minute). */
static int64_t
decide_grain(enum vfs_time_prec prec)
{
	switch (prec) {
	case VFS_PREC_DAY:
		return (86400);
	case VFS_PREC_MINUTE:
		return (60);
	default:
		return (1);
	}
}

/* The source is newer than the target by more than the coarser of the
 * two times can tell (both known). */
static int
decide_newer(const struct xfer_side *s, const struct xfer_side *d)
{
	int64_t	g = decide_grain(s->mtime_prec);

	if (decide_grain(d->mtime_prec) > g)
		g = decide_grain(d->mtime_prec);
	return (s->mtime > d->mtime &&
	    (uint64_t)s->mtime - (uint64_t)d->mtime >= (uint64_t)g);
}

/* The target is an unfinished copy of this very source (its record names
 * the source as it is now) and can be resumed: to "newer" and "size
 * differs" that means finishing it, not judging it by the time or the
 * size the interruption left it with. */
static int
decide_unfinished(const struct xfer_facts *f, enum xfer_reason why)
{
	return (why == XR_NONE && f->rec.present && f->rec.src_same &&
	    f->dst.size < f->src.size);
}

/* The target exists, is a regular file and holds at least one byte. */
static void
decide_existing(const struct xfer_facts *f, enum xfer_policy policy,
    struct xfer_plan *p)
{
	enum xfer_reason why = decide_resume_reason(f);

	p->offset = f->dst.size;
	p->partial = f->src.size_known && f->dst.size_known &&
	    f->dst.size < f->src.size && !(f->rec.present && !f->rec.src_same) &&
	    f->check.kind == XM_NONE;

	switch (policy) {
	case XFER_RESUME:
		if (why != XR_NONE)
			decide_set(p, XA_REFUSE, why);
		else if (f->dst.size == f->src.size)
			decide_set(p, XA_VERIFY, XR_NONE);
		else
			decide_set(p, XA_RESUME, XR_NONE);
		break;
	case XFER_OVERWRITE:
		decide_set(p, XA_OVERWRITE, XR_NONE);
		break;
	case XFER_SKIP:
		decide_set(p, XA_SKIP, XR_NONE);
		break;
	case XFER_RENAME:
		decide_set(p, XA_RENAME, XR_NONE);
		break;
	case XFER_NEWER:
		if (decide_unfinished(f, why))
			decide_set(p, XA_RESUME, XR_NONE);
		else if (f->src.mtime == VFS_MTIME_UNKNOWN ||
		    f->dst.mtime == VFS_MTIME_UNKNOWN)
			decide_set(p, XA_REFUSE, XR_MTIME_UNKNOWN);
		else if (decide_newer(&f->src, &f->dst))
			decide_set(p, XA_OVERWRITE, XR_NONE);
		else
			decide_set(p, XA_SKIP, XR_NONE);
		break;
	case XFER_SIZE_DIFFERS:
		if (decide_unfinished(f, why))
			decide_set(p, XA_RESUME, XR_NONE);
		else if (!f->src.size_known || !f->dst.size_known)
			decide_set(p, XA_REFUSE, XR_SIZE_UNKNOWN);
		else if (f->src.size != f->dst.size)
			decide_set(p, XA_OVERWRITE, XR_NONE);
		else
			decide_set(p, XA_SKIP, XR_NONE);
		break;
	default:
		decide_set(p, XA_ASK, why);
		p->choices = decide_choices(f, why);
		break;
	}
}

void
xfer_decide(const struct xfer_facts *f, enum xfer_policy policy,
    struct xfer_plan *p)
{
	*p = (struct xfer_plan){ .action = XA_FRESH };

	if (policy == XFER_CANCEL)
		decide_set(p, XA_CANCEL, XR_NONE);
	else if (f->src.type == VFS_NONE)
		decide_set(p, XA_REFUSE, XR_SRC_MISSING);
	else if (f->src.type != VFS_FILE)
		decide_set(p, XA_REFUSE, XR_SRC_NOT_FILE);
	else if (f->dst.type == VFS_NONE)
		decide_set(p, XA_FRESH, XR_NONE);
	else if (f->dst.type == VFS_DIR)
		decide_set(p, XA_REFUSE, XR_DST_DIR);
	else if (f->dst.type != VFS_FILE)
		decide_set(p, XA_REFUSE, XR_DST_NOT_FILE);
	else if (f->dst.size_known && f->dst.size == 0) {
		/* Nothing to lose and nothing to resume: start afresh,
		 * unless the user said to leave targets alone. */
		if (policy == XFER_SKIP)
			decide_set(p, XA_SKIP, XR_NONE);
		else if (policy == XFER_RENAME)
			decide_set(p, XA_RENAME, XR_NONE);
		else
			decide_set(p, XA_FRESH, XR_NONE);
	} else
		decide_existing(f, policy, p);
}

void
xfer_side_from_stat(struct xfer_side *s, const struct vfs_stat *st)
{
	s->type = st->type;
	s->size_known = st->size_known;
	s->size = st->size;
	s->mtime = st->mtime;
	s->mtime_prec = st->mtime_prec;
}

const char *
xfer_reason_text(enum xfer_reason r)
{
	switch (r) {
	case XR_NONE:
		return ("");
	case XR_SRC_MISSING:
		return (_("the source does not exist"));
	case XR_SRC_NOT_FILE:
		return (_("the source is not a regular file"));
	case XR_DST_DIR:
		return (_("the target is a directory"));
	case XR_DST_NOT_FILE:
		return (_("the target is not a regular file"));
	case XR_DST_LARGER:
		return (_("the target is larger than the source"));
	case XR_SRC_CHANGED:
		return (_("the source changed since the partial was written"));
	case XR_NO_RESUME:
		return (_("this server cannot read or write at an offset"));
	case XR_SIZE_UNKNOWN:
		return (_("the size of the source or the target is unknown"));
	case XR_MTIME_UNKNOWN:
		return (_("a modification time is unknown"));
	case XR_EXISTS:
		return (_("the target exists"));
	case XR_MISMATCH:
		return (_("the bytes already in the target differ from the "
		    "source"));
	}
	return ("?");
}

const char *
xfer_policy_name(enum xfer_policy p)
{
	static const char *const names[XFER_POLICY_COUNT] = {
		[XFER_ASK] = "ask",
		[XFER_RESUME] = "resume",
		[XFER_OVERWRITE] = "overwrite",
		[XFER_SKIP] = "skip",
		[XFER_RENAME] = "rename",
		[XFER_NEWER] = "newer",
		[XFER_SIZE_DIFFERS] = "size-differs",
		[XFER_CANCEL] = "cancel",
	};

	return ((unsigned)p < XFER_POLICY_COUNT ? names[p] : "?");
}
