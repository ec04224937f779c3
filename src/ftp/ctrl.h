/* ferry: the FTP control connection: commands out, replies in (framed by
 * reply.c), in clear or over TLS, every wait bounded.  Every command and
 * reply goes to the session's protocol log; a PASS command is logged as
 * "PASS ****".
 */
#ifndef FERRY_FTP_CTRL_H
#define FERRY_FTP_CTRL_H

#include "ftp/reply.h"
#include "net/net.h"

struct vfs;
struct tls_ctx;
struct tls_conn;

struct ftp_ctrl {
	const struct vfs	*fs;		/* for the log */
	int			 fd;
	struct tls_conn		*tls;		/* NULL in clear */
	struct net_limits	 lim;		/* the idle timeout */
	struct ftp_framer	*framer;
	int			 dead;		/* broken or 421: only
						   closing is left */
	int			 sent;		/* a command went out since
						   the last read */
	struct sockaddr_storage	 peer;		/* the server's address */
	socklen_t		 peerlen;	/* 0: not known yet */
};

/* Connect to host:port (and, for implicit FTPS, tc != NULL, shake hands
 * at once).  *c must be zeroed; free with ftp_ctrl_close. */
int	ftp_ctrl_open(struct ftp_ctrl *, const struct vfs *, const char *host,
	    unsigned port, struct tls_ctx *tc, char **cause);
/* Upgrade to TLS after AUTH TLS was accepted. */
int	ftp_ctrl_start_tls(struct ftp_ctrl *, struct tls_ctx *, char **cause);
void	ftp_ctrl_close(struct ftp_ctrl *);

/* Send one command (no CR or LF in it: FERR_USAGE), watching the cancel
 * fd of the session's env as it is now (also for the reply). */
int	ftp_ctrl_send(struct ftp_ctrl *, const char *line, char **cause);
/* Read the next reply.  A 421 makes the connection dead and is returned
 * as FERR_LOST (the server ends the session); so does any failure, a
 * cancel included: the reply is still owed, and the next one read would
 * be out of step. */
int	ftp_ctrl_reply(struct ftp_ctrl *, struct ftp_reply *, char **cause);
/* Send and read the reply to it, skipping no reply. */
int	ftp_ctrl_cmd(struct ftp_ctrl *, struct ftp_reply *, char **cause,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like ftp_ctrl_send and ftp_ctrl_reply with a wait of ms milliseconds
 * that the cancel fd does not end: for what runs after a cancel (the
 * ABOR dialogue, QUIT), which the cancel left readable. */
int	ftp_ctrl_send_within(struct ftp_ctrl *, int ms, const char *line,
	    char **cause);
int	ftp_ctrl_reply_within(struct ftp_ctrl *, int ms, struct ftp_reply *,
	    char **cause);
/* The message for an unexpected reply: "what: 550 text" (the server's
 * text made safe), with the FERR_* code the reply means. */
int	ftp_ctrl_fail(const struct ftp_reply *, int deflt, char **cause,
	    const char *what);

#endif
