/* ferry: the progress line of the copy under way:
 *   "↓ name [████░░░░]  48%  1.0/2.1 GiB  387.0 MiB/s  ETA 0:03" */
#ifndef FERRY_UI_PROGRESS_H
#define FERRY_UI_PROGRESS_H

#include <stdint.h>

struct xfer_progress;

struct progress {
	int		 active;
	int		 down;		/* towards this machine (left pane) */
	char		*name;		/* the file, made safe (owned) */
	uint64_t	 done;
	uint64_t	 total;
	double		 rate;
	int64_t		 eta;
	int		 queued;	/* items waiting after this one */
	uint64_t	 job;		/* the worker job it follows */
};

/* A copy starts: show its location's last component. */
void	progress_start(struct progress *, const char *location, int down);
void	progress_update(struct progress *, const struct xfer_progress *);
void	progress_stop(struct progress *);
/* Draw on row y across w columns. */
void	progress_draw(const struct progress *, int y, int w);

#endif
