/* ferry: an SSH connection with libssh2, driven non-blocking.
 *
 * Every libssh2 call that says EAGAIN is called again, with the same
 * arguments, after waiting (poll) for the directions libssh2 names; every
 * wait is bounded by a timeout (the connect timeout while connecting, the
 * idle timeout after) and ends early when the env's cancel fd is readable.
 * One thread at a time uses a connection.
 *
 * Connecting: TCP (net_connect), the SSH handshake with host key
 * algorithms in the order known_hosts holds for the host, the host key
 * checked against known_hosts (before any authentication), then
 * authentication in OpenSSH's order (auth.c).
 */
#ifndef FERRY_SSH_SESSION_H
#define FERRY_SSH_SESSION_H

#include <libssh2.h>

#include "ssh/config.h"

struct vfs;
struct ssh_auth;

struct ssh_conn {
	struct vfs		*fs;
	LIBSSH2_SESSION		*s;
	int			 fd;
	char			*host;		/* connected to (HostName) */
	unsigned		 port;
	char			*user;
	struct ssh_config	 cfg;		/* ~/.ssh/config for the host */
	int			 timeout_ms;	/* of one wait */
	int			 werr;		/* FERR_* of the failed wait */
	int			 dead;		/* a wait or the transport
						   failed: unusable */
	struct ssh_auth		*auth;		/* while authenticating */
};

/* Ciphers and MACs asked for, fastest first (measured: see
 * tests/bench/sftp.sh).  libssh2 1.10 calls the cipher once per 16-byte
 * block, so every AES-CTR key size costs about the same; HMAC-SHA1 (still
 * in OpenSSH's default lists, and sound as an HMAC) took a quarter less
 * client CPU per GiB uploaded than HMAC-SHA2-256 here. */
#define SSH_CIPHERS	"aes128-ctr,aes192-ctr,aes256-ctr,aes128-cbc," \
			"aes192-cbc,aes256-cbc"
#define SSH_MACS	"hmac-sha1,hmac-sha2-256,hmac-sha2-512"

/*
 * Call expr (a libssh2 call returning an int) until it stops saying
 * EAGAIN, waiting in between.  If a wait fails, rc stays EAGAIN and the
 * wait's error is in (c)->werr, its message in *cause: ssh_conn_fail turns
 * either into a FERR_* code.
 */
#define SSH_CALL(c, rc, expr, cause)					\
	do {								\
		(rc) = (expr);						\
	} while ((rc) == LIBSSH2_ERROR_EAGAIN &&			\
	    ssh_conn_wait((c), (cause)) == 0)

/* The same for calls that return a pointer, NULL on failure. */
#define SSH_CALLP(c, p, expr, cause)					\
	do {								\
		(p) = (expr);						\
	} while ((p) == NULL &&						\
	    libssh2_session_last_errno((c)->s) == LIBSSH2_ERROR_EAGAIN && \
	    ssh_conn_wait((c), (cause)) == 0)

/* Connect, check the host key and authenticate. */
int	ssh_conn_open(struct vfs *, struct ssh_conn **out, char **cause);
/* Say goodbye if the connection still works, and free everything. */
void	ssh_conn_close(struct ssh_conn *);
/* Wait for what libssh2 is blocked on; 0, or a FERR_* code (also kept in
 * c->werr; the connection is then dead). */
int	ssh_conn_wait(struct ssh_conn *, char **cause);
/* A FERR_* code and message for a failed libssh2 call (rc its result;
 * EAGAIN: a wait failed, whose message is already in *cause).  what says
 * what was being done, e.g. "cannot open f". */
int	ssh_conn_fail(struct ssh_conn *, int rc, const char *what,
	    char **cause);
/* Memory that libssh2 will free itself (keyboard-interactive answers). */
void	*ssh_conn_alloc(struct ssh_conn *, size_t);
/* $HOME, or the password database's home; never NULL. */
const char *ssh_conn_home(void);

/* auth.c: authenticate as c->user (ssh-agent, key files, keyboard-
 * interactive, password). */
int	ssh_auth(struct ssh_conn *, char **cause);

#endif
