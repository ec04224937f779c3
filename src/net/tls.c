/* ferry: TLS client connections with OpenSSL (see tls.h). */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "net/tls.h"
#include "util/env.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define TLS_STORE_NAME	"certificates"
#define TLS_STORE_MAX	(1024 * 1024)
#define TLS_FP_LEN	96		/* 32 bytes as "AB:" */
#define TLS_SESSIONS	4
#define TLS_DRAIN_MAX	(1024 * 1024)	/* read after our close_notify */

struct tls_ctx {
	SSL_CTX			*ctx;
	const struct vfs_env	*env;
	char			*host;
	char			*hostport;	/* "host:port", the store key */
	SSL_SESSION		*sessions[TLS_SESSIONS]; /* see
						   tls_new_session */
	int			 nsessions;
	char			 accepted[TLS_FP_LEN]; /* "" or the
					   fingerprint accepted this session */
};

struct tls_conn {
	struct tls_ctx	*tc;
	SSL		*ssl;
	int		 fd;
	char		 desc[80];
};

static int tls_ctx_index = -1;

/*
 * Sessions for data connections to resume.  A TLS 1.2 session resumes any
 * number of times; a TLS 1.3 ticket only once (OpenSSL's client drops it
 * after use), but every connection gets new ones after its handshake (the
 * control connection two, by default): they are kept, newest last, and
 * each data connection takes the newest.
 */
static int
tls_new_session(SSL *ssl, SSL_SESSION *sess)
{
	struct tls_ctx *tc = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl),
	    tls_ctx_index);

	if (tc == NULL)
		return (0);
	if (tc->nsessions == TLS_SESSIONS) {
		SSL_SESSION_free(tc->sessions[0]);
		memmove(tc->sessions, tc->sessions + 1,
		    (TLS_SESSIONS - 1) * sizeof tc->sessions[0]);
		tc->nsessions--;
	}
	tc->sessions[tc->nsessions++] = sess;
	return (1);		/* the reference is ours */
}

/* The session for a data connection (a reference the caller frees). */
static SSL_SESSION *
tls_take_session(struct tls_ctx *tc)
{
	SSL_SESSION *sess;

	while (tc->nsessions > 0) {
		sess = tc->sessions[tc->nsessions - 1];
		if (!SSL_SESSION_is_resumable(sess)) {
			SSL_SESSION_free(sess);
			tc->nsessions--;
			continue;
		}
		if (SSL_SESSION_get_protocol_version(sess) >= TLS1_3_VERSION)
			tc->nsessions--;	/* for one use */
		else
			SSL_SESSION_up_ref(sess);
		return (sess);
	}
	return (NULL);
}

/* The last OpenSSL error as text (static storage). */
static const char *
tls_error_text(void)
{
	static char buf[256];
	unsigned long e = ERR_peek_last_error();

	if (e == 0)
		return (_("unknown TLS error"));
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return (buf);
}

int
tls_ctx_new(const struct vfs_env *env, const char *host, unsigned port,
    struct tls_ctx **out, char **cause)
{
	struct tls_ctx *tc;
	int error = 0;

	*out = NULL;
	if (tls_ctx_index == -1)
		tls_ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL,
		    NULL);
	tc = xcalloc(1, sizeof *tc);
	tc->env = env;
	tc->host = xstrdup(host);
	tc->hostport = xasprintf(strchr(host, ':') != NULL ? "[%s]:%u" :
	    "%s:%u", host, port);
	if ((tc->ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		error = ferr_set(cause, FERR_CONNECT, "TLS: %s",
		    tls_error_text());
		goto out;
	}
	SSL_CTX_set_ex_data(tc->ctx, tls_ctx_index, tc);
	SSL_CTX_set_min_proto_version(tc->ctx, TLS1_2_VERSION);
	/* AES-128-GCM first: as safe for file transfers, and its fewer
	 * rounds are a third less CPU per byte than AES-256 */
	SSL_CTX_set_ciphersuites(tc->ctx, "TLS_AES_128_GCM_SHA256:"
	    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
	SSL_CTX_set_verify(tc->ctx, SSL_VERIFY_NONE, NULL);	/* see
							   tls_check_peer */
	SSL_CTX_set_mode(tc->ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
	    SSL_MODE_ENABLE_PARTIAL_WRITE);
	SSL_CTX_set_read_ahead(tc->ctx, 1);
	SSL_CTX_set_default_read_buffer_len(tc->ctx, 64 * 1024);
	SSL_CTX_set_session_cache_mode(tc->ctx, SSL_SESS_CACHE_CLIENT |
	    SSL_SESS_CACHE_NO_INTERNAL_STORE);
	SSL_CTX_sess_set_new_cb(tc->ctx, tls_new_session);
	if (SSL_CTX_set_default_verify_paths(tc->ctx) != 1)
		ERR_clear_error();	/* no system store: --cacert may do */
	if (env->cacert != NULL && SSL_CTX_load_verify_locations(tc->ctx,
	    env->cacert, NULL) != 1) {
		error = ferr_set(cause, FERR_CONNECT, _("cannot load the CA "
		    "certificates in %s: %s"), env->cacert, tls_error_text());
		goto out;
	}
out:
	if (error != 0)
		tls_ctx_free(tc);
	else
		*out = tc;
	return (error);
}

void
tls_ctx_free(struct tls_ctx *tc)
{
	if (tc == NULL)
		return;
	while (tc->nsessions > 0)
		SSL_SESSION_free(tc->sessions[--tc->nsessions]);
	SSL_CTX_free(tc->ctx);
	free(tc->host);
	free(tc->hostport);
	free(tc);
}

void
tls_fingerprint_text(const unsigned char *md, size_t len, char *buf,
    size_t size)
{
	size_t i, o = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < len && o + 3 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, i == 0 ? "%02X" :
		    ":%02X", md[i]);
}

int
tls_store_has(const char *text, const char *hostport,
    const char *fingerprint)
{
	size_t hl = strlen(hostport), fl = strlen(fingerprint);
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (strncmp(p, hostport, hl) == 0 && p[hl] == ' ' &&
		    strncasecmp(p + hl + 1, fingerprint, fl) == 0 &&
		    (p[hl + 1 + fl] == '\n' || p[hl + 1 + fl] == '\0' ||
		    p[hl + 1 + fl] == '\r' || p[hl + 1 + fl] == ' '))
			return (1);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return (0);
}

/* The config directory: env's, else $XDG_CONFIG_HOME/ferry, else
 * ~/.config/ferry.  Malloc'd; NULL if there is no home. */
static char *
tls_config_dir(const struct vfs_env *env)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (env->config_dir != NULL)
		return (xstrdup(env->config_dir));
	if (x != NULL && *x == '/')
		return (xasprintf("%s/ferry", x));
	if (home != NULL && *home != '\0')
		return (xasprintf("%s/.config/ferry", home));
	return (NULL);
}

/* Read the store (at most TLS_STORE_MAX bytes); "" if there is none. */
static char *
tls_store_read(const char *path)
{
	char *text = xmalloc(TLS_STORE_MAX + 1);
	ssize_t n;
	size_t len = 0;
	int fd;

	text[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (text);
	while (len < TLS_STORE_MAX) {
		n = read(fd, text + len, TLS_STORE_MAX - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	text[len] = '\0';
	return (text);
}

static int
tls_store_known(struct tls_ctx *tc, const char *fp)
{
	char *dir, *path, *text;
	int found;

	if ((dir = tls_config_dir(tc->env)) == NULL)
		return (0);
	path = xasprintf("%s/%s", dir, TLS_STORE_NAME);
	text = tls_store_read(path);
	found = tls_store_has(text, tc->hostport, fp);
	free(text);
	free(path);
	free(dir);
	return (found);
}

/* Make dir (and its parent) with mode 0700 where missing. */
static int
tls_mkdirs(const char *dir)
{
	char *parent, *slash;
	int rc;

	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return (0);
	if (errno != ENOENT)
		return (-1);
	parent = xstrdup(dir);
	if ((slash = strrchr(parent, '/')) == NULL || slash == parent) {
		free(parent);
		return (-1);
	}
	*slash = '\0';
	rc = tls_mkdirs(parent);
	free(parent);
	if (rc != 0)
		return (-1);
	return (mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1);
}

static int
tls_store_add(struct tls_ctx *tc, const char *fp, char **cause)
{
	char *dir, *path = NULL, *line = NULL;
	int fd = -1, error = 0;
	size_t len;

	if ((dir = tls_config_dir(tc->env)) == NULL)
		return (ferr_set(cause, FERR_IO, _("no home directory to keep "
		    "the accepted certificate in")));
	path = xasprintf("%s/%s", dir, TLS_STORE_NAME);
	line = xasprintf("%s %s\n", tc->hostport, fp);
	len = strlen(line);
	if (tls_mkdirs(dir) != 0 || (fd = open(path, O_WRONLY | O_CREAT |
	    O_APPEND | O_CLOEXEC, 0600)) == -1 ||
	    write(fd, line, len) != (ssize_t)len) {
		error = ferr_set(cause, FERR_IO, _("cannot save the accepted "
		    "certificate in %s: %s"), path, strerror(errno));
	}
	if (fd != -1 && close(fd) == -1 && error == 0)
		error = ferr_set(cause, FERR_IO, _("cannot save the accepted "
		    "certificate in %s: %s"), path, strerror(errno));
	free(line);
	free(path);
	free(dir);
	return (error);
}

/* Ask the user, if someone can be asked. */
static int
tls_ask(struct tls_ctx *tc, const char *why, const char *fp, char **cause)
{
	const struct vfs_env *env = tc->env;
	enum vfs_trust answer;
	char *question, *details;
	int error = 0;

	if (env->ask_trust == NULL)
		return (ferr_set(cause, FERR_CONNECT, _("the certificate of %s "
		    "is not trusted (%s); its SHA-256 fingerprint is %s: use "
		    "--cacert FILE, or accept it in the file manager"),
		    tc->hostport, why, fp));
	question = xasprintf(_("The certificate of %s is not trusted (%s)."),
	    tc->hostport, why);
	details = xasprintf(_("SHA-256 fingerprint: %s"), fp);
	answer = env->ask_trust(env->arg, question, details);
	free(question);
	free(details);
	switch (answer) {
	case VFS_TRUST_ALWAYS:
		error = tls_store_add(tc, fp, cause);
		/* FALLTHROUGH */
	case VFS_TRUST_ONCE:
		snprintf(tc->accepted, sizeof tc->accepted, "%s", fp);
		break;
	default:
		error = ferr_set(cause, FERR_CONNECT, _("the certificate of %s "
		    "was not accepted"), tc->hostport);
		break;
	}
	return (error);
}

/* After the handshake: a verified certificate for our host name, or one
 * whose fingerprint was accepted. */
static int
tls_check_peer(struct tls_conn *c, char **cause)
{
	struct tls_ctx *tc = c->tc;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char fp[TLS_FP_LEN];
	X509 *cert;
	long v;
	int error = 0;

	if ((cert = SSL_get1_peer_certificate(c->ssl)) == NULL)
		return (ferr_set(cause, FERR_CONNECT, _("%s sent no "
		    "certificate"), tc->hostport));
	if ((v = SSL_get_verify_result(c->ssl)) == X509_V_OK)
		goto out;
	X509_digest(cert, EVP_sha256(), md, &mdlen);
	tls_fingerprint_text(md, mdlen, fp, sizeof fp);
	if (strcmp(fp, tc->accepted) == 0 || tls_store_known(tc, fp)) {
		snprintf(tc->accepted, sizeof tc->accepted, "%s", fp);
		goto out;
	}
	error = tls_ask(tc, X509_verify_cert_error_string(v), fp, cause);
out:
	X509_free(cert);
	return (error);
}

/* Wait for what OpenSSL asks for after a call returned rc. */
static int
tls_wait(struct tls_conn *c, int rc, const struct net_limits *lim,
    const char *what, char **cause)
{
	int e = SSL_get_error(c->ssl, rc);

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return (net_wait(c->fd, POLLIN, lim, cause));
	case SSL_ERROR_WANT_WRITE:
		return (net_wait(c->fd, POLLOUT, lim, cause));
	case SSL_ERROR_ZERO_RETURN:
		return (ferr_set(cause, FERR_LOST, _("%s: the server closed "
		    "the TLS connection"), what));
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_last_error() == 0)
			return (ferr_set(cause, FERR_LOST, _("%s: the "
			    "connection broke: %s"), what, errno != 0 ?
			    strerror(errno) : _("end of stream")));
		/* FALLTHROUGH */
	default:
		/* a TLS alert or a protocol error: trying again would
		 * meet the same */
		return (ferr_set(cause, FERR_CONNECT, "%s: %s", what,
		    tls_error_text()));
	}
}

static void
tls_set_host(SSL *ssl, const char *host)
{
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	unsigned char addr[16];

	if (inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1) {
		X509_VERIFY_PARAM_set1_ip_asc(param, host);
		return;
	}
	SSL_set_tlsext_host_name(ssl, host);
	SSL_set1_host(ssl, host);
}

int
tls_connect(struct tls_ctx *tc, int fd, int reuse,
    const struct net_limits *lim, struct tls_conn **out, char **cause)
{
	struct tls_conn *c;
	SSL_SESSION *sess;
	int rc, error = 0;

	*out = NULL;
	c = xcalloc(1, sizeof *c);
	c->tc = tc;
	c->fd = fd;
	if ((c->ssl = SSL_new(tc->ctx)) == NULL || SSL_set_fd(c->ssl, fd) !=
	    1) {
		error = ferr_set(cause, FERR_CONNECT, "TLS: %s",
		    tls_error_text());
		goto out;
	}
	tls_set_host(c->ssl, tc->host);
	if (reuse && (sess = tls_take_session(tc)) != NULL) {
		SSL_set_session(c->ssl, sess);
		SSL_SESSION_free(sess);
	}
	ERR_clear_error();
	while ((rc = SSL_connect(c->ssl)) != 1) {
		errno = 0;
		if ((error = tls_wait(c, rc, lim, _("TLS handshake"),
		    cause)) == FERR_LOST) {
			/* No answer, or a close, where the server should
			 * have spoken TLS: it cannot (or will not) here,
			 * and asking again would meet the same.  A
			 * connect failure (exit 2), not a cut to retry. */
			char *why = *cause;

			*cause = NULL;
			error = ferr_set(cause, FERR_CONNECT, "%s: %s",
			    _("TLS handshake"), why);
			free(why);
		}
		if (error != 0)
			goto out;
	}
	if ((error = tls_check_peer(c, cause)) != 0)
		goto out;
	snprintf(c->desc, sizeof c->desc, "%s %s%s", SSL_get_version(c->ssl),
	    SSL_get_cipher_name(c->ssl), SSL_session_reused(c->ssl) ?
	    " (resumed)" : "");
out:
	if (error != 0)
		tls_conn_free(c);
	else
		*out = c;
	return (error);
}

const char *
tls_describe(const struct tls_conn *c)
{
	return (c->desc);
}

/* One SSL_read: 0 (with *got 0 at a clean end), 1 with the poll event
 * to wait for, or an error. */
static int
tls_read_once(struct tls_conn *c, void *buf, size_t len, size_t *got,
    short *wait, char **cause)
{
	int rc;

	*got = 0;
	ERR_clear_error();
	errno = 0;
	if (SSL_read_ex(c->ssl, buf, len, got) == 1)
		return (0);
	*got = 0;
	rc = SSL_get_error(c->ssl, 0);
	if (rc == SSL_ERROR_ZERO_RETURN)
		return (0);	/* close_notify: a clean end */
	if (rc == SSL_ERROR_WANT_READ || rc == SSL_ERROR_WANT_WRITE) {
		*wait = rc == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
		return (1);
	}
	if (rc == SSL_ERROR_SYSCALL || ERR_GET_REASON(ERR_peek_last_error()) ==
	    SSL_R_UNEXPECTED_EOF_WHILE_READING) {
		ERR_clear_error();
		return (ferr_set(cause, FERR_LOST, _("the TLS stream ended "
		    "without close_notify: the data may be truncated")));
	}
	return (ferr_set(cause, FERR_LOST, "TLS: %s", tls_error_text()));
}

int
tls_read(struct tls_conn *c, void *buf, size_t len, size_t *got,
    const struct net_limits *lim, char **cause)
{
	short wait = POLLIN;
	int rc;

	while ((rc = tls_read_once(c, buf, len, got, &wait, cause)) == 1) {
		if ((rc = net_wait(c->fd, wait, lim, cause)) != 0)
			return (rc);
	}
	return (rc);
}

int
tls_read_now(struct tls_conn *c, void *buf, size_t len, size_t *got,
    char **cause)
{
	short wait;

	return (tls_read_once(c, buf, len, got, &wait, cause));
}

int
tls_write(struct tls_conn *c, const void *buf, size_t len, size_t *done,
    const struct net_limits *lim, char **cause)
{
	size_t n;
	int error;

	*done = 0;
	while (*done < len) {
		ERR_clear_error();
		errno = 0;
		if (SSL_write_ex(c->ssl, (const char *)buf + *done,
		    len - *done, &n) == 1) {
			*done += n;
			continue;
		}
		if ((error = tls_wait(c, 0, lim, _("TLS write"), cause)) != 0)
			return (error == FERR_CONNECT ? FERR_LOST : error);
	}
	return (0);
}

/*
 * Send close_notify and end our direction; then read until the peer's
 * close_notify or end of stream.  Reading matters: the server's session
 * tickets wait unread in the socket, and closing a socket with unread
 * data resets the connection, which can lose the last bytes of an upload
 * on the server's side.
 */
int
tls_shutdown(struct tls_conn *c, const struct net_limits *lim,
    char **cause)
{
	char buf[16384];
	size_t got, total = 0;
	int rc, error;

	for (;;) {
		ERR_clear_error();
		rc = SSL_shutdown(c->ssl);
		if (rc >= 0)
			break;		/* ours is sent */
		if ((error = tls_wait(c, rc, lim, _("TLS shutdown"),
		    cause)) != 0)
			return (error == FERR_CONNECT ? FERR_LOST : error);
	}
	shutdown(c->fd, SHUT_WR);
	while (rc == 0 && total < TLS_DRAIN_MAX) {
		ERR_clear_error();
		if (SSL_read_ex(c->ssl, buf, sizeof buf, &got) == 1) {
			total += got;
			continue;
		}
		rc = SSL_get_error(c->ssl, 0);
		if (rc != SSL_ERROR_WANT_READ)
			break;		/* the end, clean or not */
		if (net_wait(c->fd, POLLIN, lim, NULL) != 0)
			break;
		rc = 0;
	}
	ERR_clear_error();
	return (0);
}

void
tls_conn_free(struct tls_conn *c)
{
	if (c == NULL)
		return;
	/* OpenSSL drops the session of a connection freed without a
	 * shutdown (SSL_free), and the next data connection could not
	 * resume it: a quiet shutdown sends nothing and keeps it. */
	if (c->ssl != NULL && SSL_is_init_finished(c->ssl)) {
		SSL_set_quiet_shutdown(c->ssl, 1);
		SSL_shutdown(c->ssl);
	}
	SSL_free(c->ssl);
	free(c);
}
