/* ferry: FTP data connections (see data.h). */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ftp/ctrl.h"
#include "ftp/data.h"
#include "ftp/reply.h"
#include "net/tls.h"
#include "util/err.h"
#include "util/i18n.h"
#include "vfs/vfs.h"

#define FTP_DATA_SEND	(64 * 1024)

static int
ftp_data_refused(int code)
{
	return (code == 500 || code == 501 || code == 502 || code == 504 ||
	    code == 522);
}

/* The control connection's peer (asked once a connection: it is the
 * same for every data connection). */
static int
ftp_data_ctrl_peer(struct ftp_ctrl *c, struct sockaddr_storage *ss,
    socklen_t *len, char **cause)
{
	if (c->peerlen == 0) {
		c->peerlen = sizeof c->peer;
		if (getpeername(c->fd, (struct sockaddr *)&c->peer,
		    &c->peerlen) == -1) {
			c->peerlen = 0;
			return (ferr_set(cause, FERR_LOST, "getpeername: %s",
			    strerror(errno)));
		}
	}
	memcpy(ss, &c->peer, sizeof *ss);
	*len = c->peerlen;
	return (0);
}

/* The control connection's peer with another port. */
static int
ftp_data_peer(struct ftp_ctrl *c, unsigned port, struct sockaddr_storage *ss,
    socklen_t *len, char **cause)
{
	int error;

	if ((error = ftp_data_ctrl_peer(c, ss, len, cause)) != 0)
		return (error);
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	else if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		return (ferr_set(cause, FERR_IO, _("unknown address family")));
	return (0);
}

static int
ftp_data_passive(struct ftp_ctrl *c, int *no_epsv, struct ftp_data *d,
    char **cause)
{
	struct net_limits lim = { vfs_connect_timeout_ms(c->fs),
	    c->fs->env->cancel_fd };
	struct sockaddr_storage ss;
	struct ftp_reply r;
	socklen_t len;
	unsigned port = 0;
	int error;

	if (!*no_epsv) {
		if ((error = ftp_ctrl_cmd(c, &r, cause, "EPSV")) != 0)
			return (error);
		if (r.code == 229 && ftp_parse_229(r.text, &port) == 0)
			goto connect;
		/* a 229 without a port that can be read: as if refused */
		if (r.code == 229)
			vfs_log(c->fs, _("EPSV: no port in the reply; trying "
			    "PASV"));
		else if (!ftp_data_refused(r.code)) {
			error = ftp_ctrl_fail(&r, FERR_IO, cause, "EPSV");
			ftp_reply_free(&r);
			return (error);
		}
		ftp_reply_free(&r);
		*no_epsv = 1;
	}
	if ((error = ftp_ctrl_cmd(c, &r, cause, "PASV")) != 0)
		return (error);
	if (r.code != 227 || ftp_parse_227(r.text, &port) != 0) {
		error = ftp_ctrl_fail(&r, FERR_IO, cause, "PASV");
		ftp_reply_free(&r);
		return (error);
	}
connect:
	ftp_reply_free(&r);
	/* the address in the reply is not trusted: the control peer's */
	if ((error = ftp_data_peer(c, port, &ss, &len, cause)) != 0)
		return (error);
	return (net_connect_addr((struct sockaddr *)&ss, len, &lim, &d->fd,
	    cause));
}

static int
ftp_data_active(struct ftp_ctrl *c, int *no_epsv, struct ftp_data *d,
    char **cause)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct ftp_reply r;
	char arg[128];
	int error, ext;

	if ((error = ftp_data_ctrl_peer(c, &d->peer, &len, cause)) != 0)
		return (error);
	if ((error = net_listen_beside(c->fd, &d->lfd, cause)) != 0)
		return (error);
	len = sizeof ss;
	if (getsockname(d->lfd, (struct sockaddr *)&ss, &len) == -1)
		return (ferr_set(cause, FERR_IO, "getsockname: %s",
		    strerror(errno)));
	for (ext = !*no_epsv; ext >= 0; ext--) {
		if (ftp_format_port((struct sockaddr *)&ss, ext, arg,
		    sizeof arg) != 0)
			continue;
		if ((error = ftp_ctrl_cmd(c, &r, cause, "%s %s", ext ? "EPRT" :
		    "PORT", arg)) != 0)
			return (error);
		if (r.code == 200) {
			ftp_reply_free(&r);
			return (0);
		}
		if (!ext || !ftp_data_refused(r.code)) {
			error = ftp_ctrl_fail(&r, FERR_IO, cause, ext ?
			    "EPRT" : "PORT");
			ftp_reply_free(&r);
			return (error);
		}
		ftp_reply_free(&r);
		*no_epsv = 1;
	}
	return (ferr_set(cause, FERR_UNSUPPORTED, _("active mode needs EPRT "
	    "for this address")));
}

int
ftp_data_prepare(struct ftp_ctrl *c, int active, int *no_epsv,
    struct ftp_data *d, char **cause)
{
	int error;

	memset(d, 0, sizeof *d);
	d->fd = d->lfd = -1;
	d->lim.timeout_ms = c->lim.timeout_ms;
	d->lim.cancel_fd = c->fs->env->cancel_fd;	/* the env's now */
	if (active)
		error = ftp_data_active(c, no_epsv, d, cause);
	else
		error = ftp_data_passive(c, no_epsv, d, cause);
	if (error != 0)
		ftp_data_close(d);
	return (error);
}

int
ftp_data_start(struct ftp_data *d, struct tls_ctx *tc, char **cause)
{
	int error;

	if (d->fd == -1) {
		if ((error = net_accept(d->lfd,
		    (struct sockaddr *)&d->peer, &d->lim, &d->fd, cause)) != 0)
			return (error);
		net_close(&d->lfd);
	}
	if (tc != NULL)
		return (tls_connect(tc, d->fd, 1, &d->lim, &d->tls, cause));
	return (0);
}

/* Read what can be read without waiting, after the first bytes: 1 when
 * nothing more is there now. */
static int
ftp_data_more(struct ftp_data *d, char *buf, size_t len, size_t *got,
    char **cause)
{
	ssize_t n;

	if (d->tls != NULL)
		return (tls_read_now(d->tls, buf, len, got, cause));
	*got = 0;
	do
		n = recv(d->fd, buf, len, MSG_DONTWAIT);
	while (n == -1 && errno == EINTR);
	if (n >= 0) {
		*got = (size_t)n;
		return (0);
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return (1);
	return (ferr_set(cause, FERR_LOST, _("the connection broke: %s"),
	    strerror(errno)));
}

/*
 * Fill as much of buf as is there: one wait for the first bytes, then no
 * more waits.  Bigger reads mean fewer (and bigger) writes downstream.
 */
int
ftp_data_read(struct ftp_data *d, void *buf, size_t len, size_t *got,
    char **cause)
{
	size_t n;
	int error;

	*got = 0;
	if (d->eof)
		return (0);
	if (d->broken)
		return (ferr_set(cause, FERR_LOST, _("the data connection "
		    "broke")));
	if (d->tls != NULL)
		error = tls_read(d->tls, buf, len, got, &d->lim, cause);
	else
		error = net_read(d->fd, buf, len, got, &d->lim, cause);
	if (error != 0)
		return (error);
	if (*got == 0) {
		d->eof = 1;
		return (0);
	}
	while (*got < len) {
		error = ftp_data_more(d, (char *)buf + *got, len - *got, &n,
		    cause);
		if (error == 1)
			break;
		if (error != 0) {
			/* what came before the error is good: give it now,
			 * and the error with the next read */
			if (cause != NULL) {
				free(*cause);
				*cause = NULL;
			}
			d->broken = 1;
			break;
		}
		if (n == 0) {
			d->eof = 1;
			break;
		}
		*got += n;
	}
	return (0);
}

/*
 * Written in pieces of FTP_DATA_SEND: a server reading 64 KiB at a time
 * (vsftpd) keeps pace better with a steady stream than with bursts of the
 * engine's 1 MiB (measured: about a fifth faster over loopback).
 */
int
ftp_data_write(struct ftp_data *d, const void *buf, size_t len,
    size_t *done, char **cause)
{
	const char *p = buf;
	size_t n, k;
	int error = 0;

	*done = 0;
	while (*done < len && error == 0) {
		k = len - *done < FTP_DATA_SEND ? len - *done : FTP_DATA_SEND;
		if (d->tls != NULL)
			error = tls_write(d->tls, p + *done, k, &n, &d->lim,
			    cause);
		else
			error = net_write(d->fd, p + *done, k, &n, &d->lim,
			    cause);
		*done += n;
	}
	return (error);
}

int
ftp_data_finish(struct ftp_data *d, char **cause)
{
	int error = 0;

	if (d->tls != NULL)
		error = tls_shutdown(d->tls, &d->lim, cause);
	ftp_data_close(d);
	return (error);
}

void
ftp_data_close(struct ftp_data *d)
{
	if (d->tls != NULL) {
		tls_conn_free(d->tls);
		d->tls = NULL;
	}
	net_close(&d->fd);
	net_close(&d->lfd);
}
