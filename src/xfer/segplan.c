/* ferry: how a download is split into segments (see segment.h).  Pure:
 * no I/O. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "xfer/segment.h"

int
seg_count(uint64_t size, int want)
{
	uint64_t fit = size / SEG_MIN;

	if (want > SEG_MAX)
		want = SEG_MAX;
	if (want < 2 || fit < 2)
		return (1);
	return ((uint64_t)want < fit ? want : (int)fit);
}

int
seg_plan(struct xfer_record *r, int n)
{
	uint64_t each, at = 0;
	int i;

	if (n < 2 || n > SEG_MAX || r->src_size / (uint64_t)n < SEG_ALIGN)
		return (-1);
	each = r->src_size / (uint64_t)n / SEG_ALIGN * SEG_ALIGN;
	record_segs_free(r);
	r->seg = xcalloc((size_t)n, sizeof *r->seg);
	r->nsegs = (size_t)n;
	for (i = 0; i < n; i++) {
		r->seg[i].start = r->seg[i].confirmed = at;
		at = i == n - 1 ? r->src_size : at + each;
		r->seg[i].end = at;
	}
	r->confirmed = 0;
	r->digest[0] = '\0';
	return (0);
}
