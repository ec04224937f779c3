/* ferry: a pane's history of locations (see hist.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "hist.h"

static void
hist_set_sel(struct hist *h, size_t i, const char *sel)
{
	free(h->sel[i]);
	h->sel[i] = sel != NULL ? xstrdup(sel) : NULL;
}

/* Drop the entries from i on. */
static void
hist_cut(struct hist *h, size_t i)
{
	while (h->n > i) {
		h->n--;
		free(h->loc[h->n]);
		free(h->sel[h->n]);
	}
}

void
hist_visit(struct hist *h, const char *loc, const char *leaving)
{
	int nav = h->nav;

	h->nav = 0;
	if (h->n > 0 && strcmp(h->loc[h->pos], loc) == 0)
		return;				/* read again */
	if (h->n > 0)
		hist_set_sel(h, h->pos, leaving);
	if (nav && h->nav_to < h->n && strcmp(h->loc[h->nav_to], loc) == 0) {
		h->pos = h->nav_to;
		return;
	}
	if (h->n > 0)
		hist_cut(h, h->pos + 1);
	if (h->n == HIST_MAX) {		/* the oldest goes */
		free(h->loc[0]);
		free(h->sel[0]);
		memmove(h->loc, h->loc + 1, (h->n - 1) * sizeof *h->loc);
		memmove(h->sel, h->sel + 1, (h->n - 1) * sizeof *h->sel);
		h->n--;
	}
	h->loc = xreallocarray(h->loc, h->n + 1, sizeof *h->loc);
	h->sel = xreallocarray(h->sel, h->n + 1, sizeof *h->sel);
	h->loc[h->n] = xstrdup(loc);
	h->sel[h->n] = NULL;
	h->pos = h->n++;
}

static const char *
hist_go(struct hist *h, size_t to, const char **sel)
{
	h->nav = 1;
	h->nav_to = to;
	*sel = h->sel[to];
	return (h->loc[to]);
}

const char *
hist_back(struct hist *h, const char **sel)
{
	*sel = NULL;
	if (h->n == 0 || h->pos == 0)
		return (NULL);
	return (hist_go(h, h->pos - 1, sel));
}

const char *
hist_forward(struct hist *h, const char **sel)
{
	*sel = NULL;
	if (h->pos + 1 >= h->n)
		return (NULL);
	return (hist_go(h, h->pos + 1, sel));
}

void
hist_free(struct hist *h)
{
	hist_cut(h, 0);
	free(h->loc);
	free(h->sel);
	memset(h, 0, sizeof *h);
}
