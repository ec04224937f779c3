/* ferry: the command line's "target exists" question, on the terminal. */
#ifndef FERRY_CLI_PROMPT_H
#define FERRY_CLI_PROMPT_H

#include <stdio.h>

#include "worker/msg.h"

/* Show the evidence on out, read the answer from in.  Returns the choice
 * (XFER_CANCEL at end of input); *all is set when the answer was given in
 * capitals ("for all the rest").  For Rename a name is asked for next:
 * *name is the one typed (malloc'd), or NULL for q->suggest (Enter). */
enum xfer_policy prompt_ask(FILE *in, FILE *out,
	    const struct msg_question *q, int *all, char **name);
/* Describe the two files and what ferry knows (a few lines, translated). */
void	prompt_evidence(FILE *out, const struct msg_question *q);

/* Ask for a secret on a terminal, without echo unless echo is set.
 * Returns the line (malloc'd; the caller wipes and frees it) or NULL at
 * end of input. */
char	*prompt_secret(FILE *in, FILE *out, const char *prompt, int echo);
/* The same on the controlling terminal (/dev/tty), or on stdin and
 * stderr when there is none. */
char	*prompt_secret_tty(const char *prompt, int echo);

#endif
