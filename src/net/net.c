/* ferry: TCP sockets with timeouts and a cancel fd (see net.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/net.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/mono.h"

/* Socket buffers: large enough for loopback and fast links. */
#define NET_SOCKBUF	(4 * 1024 * 1024)

/* The options of every socket ferry makes (each is made non-blocking and
 * close-on-exec by socket(2) or accept4(2) itself). */
static void
net_sockopts(int fd)
{
	int on = 1, size = NET_SOCKBUF;

	/* libssh2 and FTP control replies suffer badly from Nagle. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

void
net_close(int *fdp)
{
	if (*fdp != -1) {
		close(*fdp);
		*fdp = -1;
	}
}

void
net_addr_text(const struct sockaddr *sa, socklen_t len, char *buf,
    size_t size)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(buf, size, "?");
		return;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(buf, size, "[%s]:%s", host, serv);
	else
		snprintf(buf, size, "%s:%s", host, serv);
}

int
net_addr_is_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in6 *s6;
	const unsigned char *b;

	if (sa->sa_family == AF_INET)
		return ((ntohl(((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr.s_addr) >> 24) == 127);
	if (sa->sa_family != AF_INET6)
		return (0);
	s6 = (const struct sockaddr_in6 *)(const void *)sa;
	if (IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr))
		return (1);
	b = s6->sin6_addr.s6_addr;
	return (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) && b[12] == 127);
}

int
net_peer_is_loopback(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (fd == -1 || getpeername(fd, (struct sockaddr *)&ss, &len) == -1)
		return (0);
	return (net_addr_is_loopback((struct sockaddr *)&ss));
}

int
net_wait(int fd, short events, const struct net_limits *lim, char **cause)
{
	struct pollfd pfd[2];
	int64_t deadline = 0, left;
	int n, timeout;

	if (lim->timeout_ms > 0)
		deadline = mono_ms() + lim->timeout_ms;
	for (;;) {
		pfd[0].fd = fd;
		pfd[0].events = events;
		pfd[0].revents = 0;
		pfd[1].fd = lim->cancel_fd;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		timeout = -1;
		if (deadline != 0) {
			left = deadline - mono_ms();
			if (left <= 0)
				return (ferr_set(cause, FERR_LOST,
				    _("no answer for %d seconds"),
				    lim->timeout_ms / 1000));
			timeout = (int)left;
		}
		n = poll(pfd, lim->cancel_fd >= 0 ? 2 : 1, timeout);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (ferr_set(cause, FERR_IO, "poll: %s",
			    strerror(errno)));
		if (lim->cancel_fd >= 0 && (pfd[1].revents & POLLIN))
			return (ferr_set(cause, FERR_CANCELLED,
			    _("cancelled")));
		/* Errors and hang-ups: let the caller's read or write see
		 * them, with their errno. */
		if (pfd[0].revents != 0)
			return (0);
	}
}

int
net_cancelled(int cancel_fd)
{
	struct pollfd pfd = { .fd = cancel_fd, .events = POLLIN };
	int n;

	if (cancel_fd < 0)
		return (0);
	while ((n = poll(&pfd, 1, 0)) == -1 && errno == EINTR)
		;
	return (n == 1 && (pfd.revents & POLLIN) != 0);
}

/* Finish a non-blocking connect: wait, then read SO_ERROR. */
static int
net_connect_finish(int fd, const struct net_limits *lim, char **cause)
{
	socklen_t len;
	int rc, err = 0;

	if ((rc = net_wait(fd, POLLOUT, lim, cause)) != 0)
		return (rc == FERR_LOST ? FERR_CONNECT : rc);
	len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err != 0)
		return (ferr_set(cause, FERR_CONNECT, "%s", strerror(err)));
	return (0);
}

int
net_connect_addr(const struct sockaddr *sa, socklen_t len,
    const struct net_limits *lim, int *fdp, char **cause)
{
	char where[INET6_ADDRSTRLEN + 16], *why = NULL;
	int fd, rc;

	*fdp = -1;
	net_addr_text(sa, len, where, sizeof where);
	if ((fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1)
		return (ferr_set(cause, FERR_CONNECT, _("%s: cannot make a "
		    "socket: %s"), where, strerror(errno)));
	net_sockopts(fd);
	if (connect(fd, sa, len) == 0)
		rc = 0;
	else if (errno == EINPROGRESS || errno == EINTR)
		rc = net_connect_finish(fd, lim, &why);
	else
		rc = ferr_set(&why, FERR_CONNECT, "%s", strerror(errno));
	if (rc != 0) {
		close(fd);
		if (rc == FERR_CANCELLED)
			ferr_set(cause, rc, "%s", why);
		else
			ferr_set(cause, rc, _("cannot connect to %s: %s"),
			    where, why);
		free(why);
		return (rc);
	}
	*fdp = fd;
	return (0);
}

int
net_connect(const char *host, unsigned port, const struct net_limits *lim,
    int *fdp, char **cause)
{
	struct addrinfo hints, *res = NULL, *ai;
	char serv[16];
	int rc, gai;

	*fdp = -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	snprintf(serv, sizeof serv, "%u", port);
	if (host[0] == '[') {	/* "[::1]" from a URL */
		char bare[NI_MAXHOST];
		size_t n = strcspn(host + 1, "]");

		snprintf(bare, sizeof bare, "%.*s", (int)n, host + 1);
		gai = getaddrinfo(bare, serv, &hints, &res);
	} else
		gai = getaddrinfo(host, serv, &hints, &res);
	if (gai != 0)
		return (ferr_set(cause, FERR_CONNECT, _("%s: cannot resolve "
		    "the host name: %s"), host, gai_strerror(gai)));
	rc = FERR_CONNECT;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		rc = net_connect_addr(ai->ai_addr, ai->ai_addrlen, lim, fdp,
		    cause);
		if (rc == 0 || rc == FERR_CANCELLED)
			break;
	}
	freeaddrinfo(res);
	return (rc);
}

int
net_read(int fd, void *buf, size_t len, size_t *got,
    const struct net_limits *lim, char **cause)
{
	ssize_t n;
	int rc;

	*got = 0;
	for (;;) {
		n = recv(fd, buf, len, 0);
		if (n >= 0) {
			*got = (size_t)n;
			return (0);
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return (ferr_set(cause, FERR_LOST,
			    _("the connection broke: %s"), strerror(errno)));
		if ((rc = net_wait(fd, POLLIN, lim, cause)) != 0)
			return (rc);
	}
}

int
net_write(int fd, const void *buf, size_t len, size_t *done,
    const struct net_limits *lim, char **cause)
{
	const char *p = buf;
	ssize_t n;
	int rc;

	*done = 0;
	while (*done < len) {
		n = send(fd, p + *done, len - *done, MSG_NOSIGNAL);
		if (n >= 0) {
			*done += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return (ferr_set(cause, FERR_LOST,
			    _("the connection broke: %s"), strerror(errno)));
		if ((rc = net_wait(fd, POLLOUT, lim, cause)) != 0)
			return (rc);
	}
	return (0);
}

int
net_listen_beside(int fd, int *lfdp, char **cause)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int lfd;

	*lfdp = -1;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return (ferr_set(cause, FERR_IO, "getsockname: %s",
		    strerror(errno)));
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = 0;
	else if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = 0;
	if ((lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1)
		return (ferr_set(cause, FERR_IO, _("cannot make a socket: "
		    "%s"), strerror(errno)));
	if (bind(lfd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(lfd, 1) == -1) {
		int e = errno;

		close(lfd);
		return (ferr_set(cause, FERR_IO, _("cannot listen for the "
		    "data connection: %s"), strerror(e)));
	}
	net_sockopts(lfd);
	*lfdp = lfd;
	return (0);
}

/* Whether a and b are the same host (the ports may differ). */
static int
net_same_host(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return (0);
	if (a->ss_family == AF_INET)
		return (memcmp(&((const struct sockaddr_in *)a)->sin_addr,
		    &((const struct sockaddr_in *)b)->sin_addr,
		    sizeof(struct in_addr)) == 0);
	if (a->ss_family == AF_INET6)
		return (memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)b)->sin6_addr,
		    sizeof(struct in6_addr)) == 0);
	return (0);
}

/* No connection from the right peer in time; name the last one turned
 * away, if any. */
static int
net_accept_timeout(const struct net_limits *lim, const char *dropped,
    char **cause)
{
	if (dropped[0] == '\0')
		return (ferr_set(cause, FERR_LOST, _("no answer for %d seconds"),
		    lim->timeout_ms / 1000));
	return (ferr_set(cause, FERR_LOST, _("no data connection from the "
	    "server for %d seconds (one from %s was refused)"),
	    lim->timeout_ms / 1000, dropped));
}

int
net_accept(int lfd, const struct sockaddr *peer,
    const struct net_limits *lim, int *fdp, char **cause)
{
	struct sockaddr_storage ss;
	struct net_limits left = *lim;
	char dropped[INET6_ADDRSTRLEN + 16] = "";
	socklen_t len;
	int64_t deadline = 0;
	int fd, rc;

	*fdp = -1;
	if (lim->timeout_ms > 0)
		deadline = mono_ms() + lim->timeout_ms;
	for (;;) {
		len = sizeof ss;
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		    SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd != -1 && (peer == NULL || net_same_host(&ss, peer)))
			break;
		if (fd != -1) {
			/* not the server: drop it, keep listening */
			net_addr_text((struct sockaddr *)&ss, len, dropped,
			    sizeof dropped);
			close(fd);
			if (deadline != 0 && mono_ms() >= deadline)
				return (net_accept_timeout(lim, dropped,
				    cause));
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return (ferr_set(cause, FERR_LOST, "accept: %s",
			    strerror(errno)));
		if (deadline != 0 && (left.timeout_ms = (int)(deadline -
		    mono_ms())) <= 0)
			return (net_accept_timeout(lim, dropped, cause));
		if ((rc = net_wait(lfd, POLLIN, &left, cause)) == FERR_LOST)
			return (net_accept_timeout(lim, dropped, cause));
		if (rc != 0)
			return (rc);
	}
	net_sockopts(fd);
	*fdp = fd;
	return (0);
}
