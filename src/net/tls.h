/* ferry: TLS client connections (OpenSSL) for FTPS.
 *
 * A tls_ctx is one per session: the trusted certificates (the system
 * store and env->cacert), TLS 1.2 or newer, and the TLS session that data
 * connections resume (vsftpd's require_ssl_reuse).  A certificate that
 * does not verify (or names another host) is accepted only if its SHA-256
 * fingerprint is in the store under the config directory
 * (env->config_dir, default $XDG_CONFIG_HOME/ferry, file "certificates")
 * or the user says so through env->ask_trust; with nobody to ask, the
 * connection fails with FERR_CONNECT and a message that gives the
 * fingerprint.
 *
 * Reads and writes wait as net.h does (timeout, cancel fd).  A stream
 * that ends without the peer's close_notify is a truncated one: tls_read
 * returns FERR_LOST for it.
 */
#ifndef FERRY_TLS_H
#define FERRY_TLS_H

#include <stddef.h>

#include "net/net.h"

struct vfs_env;
struct tls_ctx;
struct tls_conn;

/* A context for connections to host (for names, the host check and the
 * fingerprint store).  0 or FERR_CONNECT (bad --cacert ...). */
int	tls_ctx_new(const struct vfs_env *, const char *host, unsigned port,
	    struct tls_ctx **out, char **cause);
void	tls_ctx_free(struct tls_ctx *);

/* Handshake over connected socket fd (which stays the caller's to close
 * after tls_conn_free).  reuse: resume the session of the context's
 * first connection (a data connection).  The certificate is checked as
 * said above. */
int	tls_connect(struct tls_ctx *, int fd, int reuse,
	    const struct net_limits *, struct tls_conn **out, char **cause);
/* "TLSv1.3 TLS_AES_256_GCM_SHA384" for the log; static storage. */
const char *tls_describe(const struct tls_conn *);

/* As net_read and net_write.  *got is 0 only at a clean end (the peer's
 * close_notify). */
int	tls_read(struct tls_conn *, void *buf, size_t len, size_t *got,
	    const struct net_limits *, char **cause);
/* Like tls_read without waiting: 1 if nothing can be read now. */
int	tls_read_now(struct tls_conn *, void *buf, size_t len, size_t *got,
	    char **cause);
int	tls_write(struct tls_conn *, const void *buf, size_t len,
	    size_t *done, const struct net_limits *, char **cause);
/* Send close_notify (the end of an upload).  0 or FERR_LOST. */
int	tls_shutdown(struct tls_conn *, const struct net_limits *,
	    char **cause);
void	tls_conn_free(struct tls_conn *);

/* The hex SHA-256 fingerprint "AB:CD:..." of DER bytes, into buf (at
 * least 96 bytes).  Pure. */
void	tls_fingerprint_text(const unsigned char *md, size_t len, char *buf,
	    size_t size);
/* Whether a store text has a line "host:port FINGERPRINT".  Pure. */
int	tls_store_has(const char *text, const char *hostport,
	    const char *fingerprint);

#endif
