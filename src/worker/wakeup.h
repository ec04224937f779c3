/* ferry: a file descriptor one thread makes readable to wake another that
 * sleeps in poll() (an eventfd, or a pipe where there is none). */
#ifndef FERRY_WAKEUP_H
#define FERRY_WAKEUP_H

struct wakeup {
	int	rfd;
	int	wfd;	/* == rfd for an eventfd */
};

int	wakeup_init(struct wakeup *, char **cause);
/* Make rfd readable; safe from any thread.  EAGAIN means "already
 * signalled", which is fine. */
void	wakeup_signal(struct wakeup *);
/* Make rfd unreadable again (the reader, before looking at its queue). */
void	wakeup_drain(struct wakeup *);
void	wakeup_close(struct wakeup *);

#endif
