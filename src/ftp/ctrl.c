/* ferry: the FTP control connection (see ctrl.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ftp/ctrl.h"
#include "net/tls.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"

#define CTRL_LINE_MAX	2048	/* one command */
#define CTRL_READ	4096

/*
 * TLS on the control connection.  A handshake that times out or is cut
 * means that no trusted session could be made with the server: that is
 * "cannot connect" (exit 2), not a transfer that broke.
 */
static int
ftp_ctrl_tls(struct ftp_ctrl *c, struct tls_ctx *tc,
    const struct net_limits *lim, char **cause)
{
	int error;

	error = tls_connect(tc, c->fd, 0, lim, &c->tls, cause);
	if (error == FERR_LOST) {
		error = ferr_set(cause, FERR_CONNECT, _("TLS handshake: %s"),
		    cause != NULL && *cause != NULL ? *cause : "?");
	}
	if (error == 0)
		vfs_log(c->fs, "TLS: %s", tls_describe(c->tls));
	return (error);
}

int
ftp_ctrl_open(struct ftp_ctrl *c, const struct vfs *fs, const char *host,
    unsigned port, struct tls_ctx *tc, char **cause)
{
	struct net_limits lim = { vfs_connect_timeout_ms(fs),
	    fs->env->cancel_fd };
	int error;

	c->fs = fs;
	c->fd = -1;
	c->lim.timeout_ms = vfs_idle_timeout_ms(fs);
	c->lim.cancel_fd = fs->env->cancel_fd;
	c->framer = xmalloc(sizeof *c->framer);
	ftp_framer_init(c->framer);
	vfs_log(fs, _("connecting to %s port %u"), host, port);
	if ((error = net_connect(host, port, &lim, &c->fd, cause)) != 0)
		return (error);
	if (tc != NULL)
		return (ftp_ctrl_tls(c, tc, &lim, cause));
	return (0);
}

int
ftp_ctrl_start_tls(struct ftp_ctrl *c, struct tls_ctx *tc, char **cause)
{
	struct net_limits lim = { vfs_connect_timeout_ms(c->fs),
	    c->fs->env->cancel_fd };

	if (c->framer->len != 0)
		return (ferr_set(cause, FERR_CONNECT, _("the server sent more "
		    "than its answer to AUTH TLS")));
	return (ftp_ctrl_tls(c, tc, &lim, cause));
}

void
ftp_ctrl_close(struct ftp_ctrl *c)
{
	if (c->tls != NULL) {
		tls_conn_free(c->tls);
		c->tls = NULL;
	}
	net_close(&c->fd);
	free(c->framer);
	c->framer = NULL;
}

static int
ftp_ctrl_write(struct ftp_ctrl *c, const char *buf, size_t len,
    const struct net_limits *lim, char **cause)
{
	size_t done;
	int error;

	if (c->tls != NULL)
		error = tls_write(c->tls, buf, len, &done, lim, cause);
	else
		error = net_write(c->fd, buf, len, &done, lim, cause);
	if (error != 0)
		c->dead = 1;	/* maybe half a line went out */
	else
		c->sent = 1;
	return (error);
}

static int
ftp_ctrl_put(struct ftp_ctrl *c, const char *line,
    const struct net_limits *lim, char **cause)
{
	char buf[CTRL_LINE_MAX + 3], *safe;
	size_t len = strlen(line);

	if (c->dead)
		return (ferr_set(cause, FERR_LOST, _("the control connection "
		    "is closed")));
	if (strpbrk(line, "\r\n") != NULL) {
		safe = fmt_safe_name(line);
		ferr_set(cause, FERR_USAGE, _("a line break in a name cannot "
		    "be sent to an FTP server: %s"), safe);
		free(safe);
		return (FERR_USAGE);
	}
	if (len > CTRL_LINE_MAX)
		return (ferr_set(cause, FERR_USAGE, _("the FTP command is "
		    "longer than %d bytes"), CTRL_LINE_MAX));
	/* the secrets: the password and the account */
	if (strncasecmp(line, "PASS ", 5) == 0 ||
	    strncasecmp(line, "ACCT ", 5) == 0)
		vfs_log(c->fs, "> %.4s ****", line);
	else {
		safe = fmt_safe_name(line);
		vfs_log(c->fs, "> %s", safe);
		free(safe);
	}
	memcpy(buf, line, len);
	memcpy(buf + len, "\r\n", 2);
	return (ftp_ctrl_write(c, buf, len + 2, lim, cause));
}

int
ftp_ctrl_send(struct ftp_ctrl *c, const char *line, char **cause)
{
	/* the session may have moved to another thread (and env) since
	 * the last command: its cancel fd is the one to watch now */
	c->lim.cancel_fd = c->fs->env->cancel_fd;
	return (ftp_ctrl_put(c, line, &c->lim, cause));
}

int
ftp_ctrl_send_within(struct ftp_ctrl *c, int ms, const char *line,
    char **cause)
{
	struct net_limits lim = { ms, -1 };

	return (ftp_ctrl_put(c, line, &lim, cause));
}

static void
ftp_ctrl_log_reply(struct ftp_ctrl *c, const struct ftp_reply *r)
{
	const char *p = r->text, *nl;
	char *line, *safe;
	size_t n;

	if (c->fs->env->log == NULL || !c->fs->env->verbose)
		return;
	do {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, n);
		safe = fmt_safe_name(line);
		vfs_log(c->fs, "< %03d%c%s", r->code, nl != NULL ? '-' : ' ',
		    safe);
		free(safe);
		free(line);
		p = nl != NULL ? nl + 1 : p + n;
	} while (nl != NULL);
}

static int
ftp_ctrl_fill(struct ftp_ctrl *c, const struct net_limits *lim,
    char **cause)
{
	char buf[CTRL_READ];
	size_t got;
	int error;

	if (c->tls != NULL)
		error = tls_read(c->tls, buf, sizeof buf, &got, lim, cause);
	else {
		/* Just after a command its reply has not come yet: wait
		 * first, rather than read, find nothing and wait (a system
		 * call saved for every command, and an FTP tree sends four
		 * a file). */
		error = c->sent ? net_wait(c->fd, POLLIN, lim, cause) : 0;
		c->sent = 0;
		if (error == 0)
			error = net_read(c->fd, buf, sizeof buf, &got, lim,
			    cause);
	}
	if (error == 0 && got == 0)
		error = ferr_set(cause, FERR_LOST, _("the server closed the "
		    "control connection"));
	if (error == 0)
		error = ftp_framer_feed(c->framer, buf, got, cause);
	return (error);
}

/* Read a reply within lim. */
static int
ftp_ctrl_read(struct ftp_ctrl *c, const struct net_limits *lim,
    struct ftp_reply *r, char **cause)
{
	char *brief;
	int rc;

	r->code = 0;
	r->text = NULL;
	if (c->dead)
		return (ferr_set(cause, FERR_LOST, _("the control connection "
		    "is closed")));
	while ((rc = ftp_framer_next(c->framer, r, cause)) == 0) {
		if ((rc = ftp_ctrl_fill(c, lim, cause)) != 0)
			break;
	}
	if (rc < 0) {
		/* a broken framing or connection, or a reply still owed
		 * (cancelled), leaves nothing to read in step with the
		 * server */
		c->dead = 1;
		return (rc);
	}
	ftp_ctrl_log_reply(c, r);
	if (r->code == 421) {
		c->dead = 1;
		brief = ftp_reply_brief(r);
		ferr_set(cause, FERR_LOST, _("the server ends the session: "
		    "%s"), brief);
		free(brief);
		ftp_reply_free(r);
		return (FERR_LOST);
	}
	return (0);
}

int
ftp_ctrl_reply_within(struct ftp_ctrl *c, int ms, struct ftp_reply *r,
    char **cause)
{
	struct net_limits lim = { ms, -1 };

	return (ftp_ctrl_read(c, &lim, r, cause));
}

int
ftp_ctrl_reply(struct ftp_ctrl *c, struct ftp_reply *r, char **cause)
{
	return (ftp_ctrl_read(c, &c->lim, r, cause));
}

int
ftp_ctrl_cmd(struct ftp_ctrl *c, struct ftp_reply *r, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	char *line;
	int error;

	r->code = 0;
	r->text = NULL;
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) == -1)
		line = NULL;
	va_end(ap);
	if (line == NULL)
		return (ferr_set(cause, FERR_IO, "out of memory"));
	error = ftp_ctrl_send(c, line, cause);
	explicit_bzero(line, strlen(line));
	free(line);
	if (error == 0)
		error = ftp_ctrl_reply(c, r, cause);
	return (error);
}

/* The code a failure reply means; deflt where the code does not say. */
static int
ftp_ctrl_meaning(const struct ftp_reply *r, int deflt)
{
	const char *t = r->text != NULL ? r->text : "";

	switch (r->code) {
	case 421:
	case 425:
	case 426:
		return (FERR_LOST);
	case 452:
	case 552:
		return (FERR_NOSPC);
	case 530:
		return (FERR_CONNECT);
	case 532:
	case 553:
		return (FERR_PERM);
	case 500:
	case 502:
	case 504:
		return (FERR_UNSUPPORTED);
	case 450:
	case 550:
		if (strcasestr(t, "denied") != NULL ||
		    strcasestr(t, "permission") != NULL)
			return (FERR_PERM);
		if (strcasestr(t, "no such") != NULL ||
		    strcasestr(t, "not found") != NULL ||
		    strcasestr(t, "not exist") != NULL ||
		    strcasestr(t, "doesn't exist") != NULL)
			return (FERR_NOENT);
		if (strcasestr(t, "exists") != NULL)
			return (FERR_EXISTS);
		return (deflt);
	default:
		return (deflt);
	}
}

int
ftp_ctrl_fail(const struct ftp_reply *r, int deflt, char **cause,
    const char *what)
{
	char *brief = ftp_reply_brief(r);
	int error = ftp_ctrl_meaning(r, deflt);

	ferr_set(cause, error, "%s: %03d %s", what, r->code, brief);
	free(brief);
	return (error);
}
