/* ferry: the progress line (see progress.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/xfer.h"
#include "progress.h"
#include "text.h"

#define PROGRESS_BAR_MIN	6
#define PROGRESS_BAR_MAX	40

static void
progress_set_name(struct progress *p, const char *location)
{
	free(p->name);
	p->name = fmt_safe_name(path_basename(location));
}

void
progress_start(struct progress *p, const char *location, int down)
{
	progress_stop(p);
	p->active = 1;
	p->down = down;
	p->eta = -1;
	progress_set_name(p, location);
}

void
progress_update(struct progress *p, const struct xfer_progress *xp)
{
	if (!p->active)
		return;
	if (xp->target != NULL && *xp->target != '\0')
		progress_set_name(p, xp->target);
	p->done = xp->done;
	p->total = xp->total;
	p->rate = xp->rate;
	p->eta = xp->eta;
}

void
progress_stop(struct progress *p)
{
	free(p->name);
	memset(p, 0, sizeof *p);
}

/* "1.0/2.1 GiB" when both have the same unit, else "512.0 KiB/2.1 GiB". */
static void
progress_amounts(const struct progress *p, char *buf, size_t len)
{
	char		 done[32], total[32];
	const char	*du, *tu;

	fmt_size(p->done, done, sizeof done);
	if (p->total == 0) {
		snprintf(buf, len, "%s", done);
		return;
	}
	fmt_size(p->total, total, sizeof total);
	du = strrchr(done, ' ');
	tu = strrchr(total, ' ');
	if (du != NULL && tu != NULL && strcmp(du, tu) == 0)
		snprintf(buf, len, "%.*s/%s", (int)(du - done), done, total);
	else
		snprintf(buf, len, "%s/%s", done, total);
}

/* The bar, filled to pct, in width columns (malloc'd). */
static char *
progress_bar(int pct, int width)
{
	const char	*full = "#", *empty = "-";
	char		*bar, *d;
	size_t		 fl, el;
	int		 i, n = width * pct / 100;

	if (text_utf8()) {
		full = "\xe2\x96\x88";	/* U+2588 FULL BLOCK */
		empty = "\xe2\x96\x91";	/* U+2591 LIGHT SHADE */
	}
	fl = strlen(full);
	el = strlen(empty);
	bar = d = xmalloc((size_t)width * (fl > el ? fl : el) + 3);
	*d++ = '[';
	for (i = 0; i < width; i++) {
		memcpy(d, i < n ? full : empty, i < n ? fl : el);
		d += i < n ? fl : el;
	}
	*d++ = ']';
	*d = '\0';
	return (bar);
}

void
progress_draw(const struct progress *p, int y, int w)
{
	char		 amounts[64], rate[32], eta[32], right[192], left[64];
	char		*bar;
	const char	*arrow;
	size_t		 n;
	int		 pct = 0, rw, nw, bw, x;

	if (!p->active || w < 4)
		return;
	if (p->total > 0)
		pct = (int)((double)p->done * 100 / (double)p->total);
	if (pct > 100)
		pct = 100;
	progress_amounts(p, amounts, sizeof amounts);
	fmt_size((uint64_t)(p->rate > 0 ? p->rate : 0), rate, sizeof rate);
	fmt_duration(p->eta, eta, sizeof eta);
	snprintf(right, sizeof right, _("%3d%%  %s  %s/s  ETA %s"), pct,
	    amounts, rate, eta);
	if (p->queued > 0) {
		n = strlen(right);
		snprintf(right + n, sizeof right - n, _("  (+%d queued)"),
		    p->queued);
	}
	if (text_utf8())
		arrow = p->down ? "\xe2\x86\x93" : "\xe2\x86\x91"; /* ↓ ↑ */
	else
		arrow = p->down ? "v" : "^";
	snprintf(left, sizeof left, " %s ", arrow);

	x = text_width(left);
	text_draw(y, 0, left, x, TEXT_LEFT);
	rw = text_width(right);
	nw = text_width(p->name);
	if (nw > w / 4)
		nw = w / 4 > 8 ? w / 4 : 8;
	bw = w - x - nw - 1 - rw - 3 - 1;
	if (bw > PROGRESS_BAR_MAX)
		bw = PROGRESS_BAR_MAX;
	if (bw < PROGRESS_BAR_MIN) {
		/* No room for the bar: the name, then what fits. */
		nw = w - x - rw - 1;
		if (nw > 0) {
			text_draw(y, x, p->name, nw, TEXT_LEFT);
			x += nw + 1;
		}
		text_draw(y, x, right, w - x, TEXT_LEFT);
		return;
	}
	text_draw(y, x, p->name, nw, TEXT_LEFT);
	x += nw + 1;
	bar = progress_bar(pct, bw);
	text_draw(y, x, bar, bw + 2, TEXT_LEFT);
	free(bar);
	x += bw + 3;
	text_draw(y, x, right, w - x, TEXT_LEFT);
}
