/* ferry: the session environment: the options and the front end's hooks
 * that every session (struct vfs, and the net/ and ssh/ code under it)
 * receives from whoever creates sessions (the worker).
 *
 * It sits below net/ so that the layers point down: net/, ssh/, ftp/ and
 * vfs/ all include it; it includes nothing of ferry's.
 */
#ifndef FERRY_ENV_H
#define FERRY_ENV_H

#include <stdint.h>

/* A time nobody knows (a listing without one), in seconds since the
 * epoch like every time in ferry. */
#define ENV_TIME_UNKNOWN INT64_MIN

/* Answers to a trust question (an unknown host key or certificate). */
enum vfs_trust {
	VFS_TRUST_NO = 0,	/* refuse: the connection fails (exit 2) */
	VFS_TRUST_ONCE,		/* this session only */
	VFS_TRUST_ALWAYS,	/* remember it (known_hosts, fingerprint) */
};

/*
 * What a session needs from outside: options and the front end's hooks.
 * Set by whoever creates sessions (the worker) and shared by all of them;
 * strings are owned by the setter and outlive the sessions.  A session
 * with no env uses vfs_env_default (no hooks, no options).
 *
 * The hooks run in the worker thread and may block until the user
 * answers; a NULL hook means nobody can be asked (no terminal).
 */
struct vfs_env {
	const char	*password_file;	/* --password-file */
	const char	*cacert;	/* --cacert: extra trusted CAs */
	const char	*known_hosts;	/* --known-hosts (default
					   ~/.ssh/known_hosts) */
	const char	*identity;	/* -i: SSH private key file */
	const char	*config_dir;	/* accepted certificates are kept here
					   (default $XDG_CONFIG_HOME/ferry) */
	int		 accept_new_host_key;
	int		 ftp_active;	/* EPRT/PORT instead of EPSV/PASV */
	int		 connect_timeout; /* seconds (0: 30) */
	int		 idle_timeout;	/* seconds without progress (0: 60) */
	int		 cancel_fd;	/* readable: stop what is under way;
					   -1 for none */
	int		 verbose;	/* log the protocol through ->log */

	void		*arg;		/* for the hooks */
	/* Ask for a secret (password, passphrase; echo 0) or a reply to a
	 * keyboard-interactive prompt (echo as the server says).  realm names
	 * what the secret opens ("sftp://ana@host", "key /home/ana/.ssh/id"),
	 * so that the front end can reuse one the user typed for the life of
	 * the process; NULL when it must be asked each time (a one-time code).
	 * Returns 0 and a malloc'd *answer (the caller wipes and frees it),
	 * FERR_CANCELLED, or FERR_UNSUPPORTED when nobody can be asked. */
	int	(*ask_secret)(void *arg, const char *realm, const char *prompt,
		    int echo, char **answer);
	/* Ask whether to trust something: question is one translated line,
	 * details a few more (fingerprint ...), '\n' separated. */
	enum vfs_trust (*ask_trust)(void *arg, const char *question,
		    const char *details);
	/* A line for the user: info 1 for the protocol log (shown with -v;
	 * never a password: "PASS ****"), info 0 for a warning that the
	 * session goes on after ("the session stays in clear text"). */
	void	(*log)(void *arg, int info, const char *text);
};

/* A warning for the user through env->log (info 0); printf-like. */
void	env_warn(const struct vfs_env *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
