/* ferry: TCP sockets for the protocol backends.
 *
 * Every socket is non-blocking with TCP_NODELAY; every wait is bounded by
 * a timeout and ends early when cancel_fd (may be -1) becomes readable.
 * Functions return 0 or a negative FERR_* code with a translated *cause:
 * FERR_CANCELLED when cancel_fd fired, FERR_LOST for a timeout or a
 * connection that broke (worth a reconnect), FERR_CONNECT when a connection
 * cannot be made at all.  Never prints, never touches the UI.
 */
#ifndef FERRY_NET_H
#define FERRY_NET_H

#include <stddef.h>
#include <sys/socket.h>

/* Readiness a net_wait caller wants (poll(2) bits). */
#include <poll.h>

/* How long to wait and what stops the wait early. */
struct net_limits {
	int	timeout_ms;	/* <= 0: wait forever */
	int	cancel_fd;	/* -1: none */
};

/* Resolve host and connect to port (any address family, in the order
 * getaddrinfo gives).  *fdp gets the connected socket. */
int	net_connect(const char *host, unsigned port,
	    const struct net_limits *, int *fdp, char **cause);
/* Connect to an address (e.g. the control connection's peer with the port
 * of a passive reply). */
int	net_connect_addr(const struct sockaddr *, socklen_t,
	    const struct net_limits *, int *fdp, char **cause);
/* Wait until fd is ready for events (POLLIN, POLLOUT).  0 when ready. */
int	net_wait(int fd, short events, const struct net_limits *,
	    char **cause);
/* 1 when cancel_fd (may be -1) is readable now: a cancel is under way,
 * and every wait that it may end would end at once. */
int	net_cancelled(int cancel_fd);
/* Read what is there (at most len), waiting for something first; *got is 0
 * at the end of the stream. */
int	net_read(int fd, void *buf, size_t len, size_t *got,
	    const struct net_limits *, char **cause);
/* Write all of buf; *done says how much went out, also on failure. */
int	net_write(int fd, const void *buf, size_t len, size_t *done,
	    const struct net_limits *, char **cause);
/* A listening socket on the address family and local address of fd (the
 * control connection), on a port the kernel picks: for active FTP. */
int	net_listen_beside(int fd, int *lfdp, char **cause);
/* Accept one connection on a listening socket, from the host of peer
 * only (any port; NULL: from anyone).  Connections from other hosts are
 * closed at once and the wait goes on, within the one timeout. */
int	net_accept(int lfd, const struct sockaddr *peer,
	    const struct net_limits *, int *fdp, char **cause);
/* "host:port" or "[v6]:port" of an address, for messages. */
void	net_addr_text(const struct sockaddr *, socklen_t, char *buf,
	    size_t len);
/* 1 if sa is a loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104):
 * a server on this very host. */
int	net_addr_is_loopback(const struct sockaddr *sa);
/* 1 if fd's peer is a loopback address; 0 if not, or unknown. */
int	net_peer_is_loopback(int fd);
void	net_close(int *fdp);	/* close and set -1; -1 is a no-op */

#endif
