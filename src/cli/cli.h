/* ferry: the one-shot commands (get, put, ls), run through the same worker
 * and engine as the file manager, with a plain progress line. */
#ifndef FERRY_CLI_H
#define FERRY_CLI_H

#include "cli/args.h"
#include "worker/worker.h"

/* The worker's session options from the command line (the file manager
 * uses them too); the strings stay a's. */
void	cli_worker_conf(const struct cli_args *a, struct worker_conf *);
/* Run a parsed command line; returns the exit status. */
int	cli_run(struct cli_args *);

#endif
