/* ferry: FTP data connections: passive (EPSV, then PASV when refused,
 * remembered for the session) connecting to the control connection's peer
 * whatever address the server names, or active (EPRT, then PORT); in clear
 * or over TLS resuming the control connection's TLS session.  An active
 * data connection is accepted only from the control connection's peer
 * host; others are turned away while the wait goes on.
 *
 * The order: ftp_data_prepare (before the transfer command), the command
 * and its 1xx reply (the caller's), ftp_data_start, reads or writes,
 * ftp_data_finish (which for TLS makes sure the stream ended with
 * close_notify), then the caller reads the final reply.
 */
#ifndef FERRY_FTP_DATA_H
#define FERRY_FTP_DATA_H

#include <stddef.h>
#include <sys/socket.h>

#include "net/net.h"

struct ftp_ctrl;
struct tls_ctx;
struct tls_conn;

struct ftp_data {
	int			 fd;
	int			 lfd;		/* active: listening */
	struct sockaddr_storage	 peer;		/* active: the control
						   connection's peer, the
						   only host accepted */
	struct tls_conn		*tls;
	struct net_limits	 lim;
	int			 eof;		/* the end was seen */
	int			 broken;	/* an error after good bytes:
						   the next read fails */
};

/* Before the command.  *no_epsv is the session's memory that EPSV (or
 * EPRT) was refused. */
int	ftp_data_prepare(struct ftp_ctrl *, int active, int *no_epsv,
	    struct ftp_data *, char **cause);
/* After the 1xx reply: accept (active) and shake hands (tc != NULL). */
int	ftp_data_start(struct ftp_data *, struct tls_ctx *, char **cause);
/* *got 0 at the end; FERR_LOST for a TLS stream cut without
 * close_notify. */
int	ftp_data_read(struct ftp_data *, void *buf, size_t len, size_t *got,
	    char **cause);
int	ftp_data_write(struct ftp_data *, const void *buf, size_t len,
	    size_t *done, char **cause);
/* The end of an upload: close_notify, then the socket is closed. */
int	ftp_data_finish(struct ftp_data *, char **cause);
/* Close without ceremony (abort, errors, and after reads). */
void	ftp_data_close(struct ftp_data *);

#endif
