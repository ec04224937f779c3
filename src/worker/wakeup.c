/* ferry: wakeup fd between threads (see wakeup.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

#include "util/err.h"
#include "util/i18n.h"
#include "worker/wakeup.h"

int
wakeup_init(struct wakeup *w, char **cause)
{
	int fds[2];

#ifdef __linux__
	w->rfd = w->wfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->rfd != -1)
		return (0);
#endif
	if (pipe(fds) == -1)
		return (ferr_set(cause, FERR_IO, _("cannot make a pipe: %s"),
		    strerror(errno)));
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	w->rfd = fds[0];
	w->wfd = fds[1];
	return (0);
}

void
wakeup_signal(struct wakeup *w)
{
	uint64_t one = 1;

	/* EAGAIN: the counter or the pipe is full, so it is signalled. */
	while (write(w->wfd, &one, w->rfd == w->wfd ? sizeof one : 1) == -1 &&
	    errno == EINTR)
		;
}

void
wakeup_drain(struct wakeup *w)
{
	char buf[64];
	ssize_t n;

	/* An eventfd is reset by one read; a pipe is read until empty. */
	while ((n = read(w->rfd, buf, sizeof buf)) > 0 ||
	    (n == -1 && errno == EINTR)) {
		if (n > 0 && w->rfd == w->wfd)
			break;
	}
}

void
wakeup_close(struct wakeup *w)
{
	if (w->wfd != w->rfd)
		close(w->wfd);
	close(w->rfd);
	w->rfd = w->wfd = -1;
}
