/* ferry: the connection questions of the file manager: a password or
 * passphrase (typed without echo), and whether to trust an unknown host
 * key or certificate (with its fingerprint). */
#ifndef FERRY_UI_ASK_H
#define FERRY_UI_ASK_H

#include <stddef.h>
#include <wchar.h>

struct msg_ev;
struct msg_cmd;

struct ask {
	struct msg_ev	*ev;		/* the ME_QUESTION (owned) */
	char		*input;		/* what was typed (MQ_SECRET) */
	size_t		 len, cap;
};

/* Open for an MQ_SECRET or MQ_TRUST question; it owns ev from now on. */
struct ask *ask_open(struct msg_ev *ev);
void	ask_free(struct ask *);		/* wipes the input */
void	ask_draw(const struct ask *);
/* A key; returns 1 once answered, with *answer a new MC_ANSWER for the
 * worker (text or trust set; Esc answers "no" / no password). */
int	ask_key(struct ask *, int code, wint_t key, struct msg_cmd **answer);

#endif
