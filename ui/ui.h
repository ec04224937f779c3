/* ferry: the interactive file manager (the only code that uses curses). */
#ifndef FERRY_UI_H
#define FERRY_UI_H

#include "xfer/xfer.h"

struct worker_conf;

/* What the command line gives the file manager. */
struct ui_conf {
	const struct worker_conf *worker;  /* the session options */
	struct xfer_opts	 opts;	   /* every copy's: retries, rate,
					      window, verify, and the answer
					      for existing targets (policy,
					      XFER_ASK: ask) */
	int			 parallel; /* transfers at once (0: 2) */
	const char		*ignored;  /* options given that do not
					      apply here ("-q"), or NULL */
	int			 no_mouse; /* --no-mouse: no clicks */
};

/* Run the file manager; right pane at location (NULL: the current
 * directory).  Returns the exit status: 0, or 128 + the signal that
 * ended it (SIGINT, SIGTERM, SIGHUP), 1 when it cannot start. */
int	ui_main(const char *location, const struct ui_conf *);

#endif
