/* ferry: SSH connections with libssh2 (see session.h). */
#include "config.h"

#include <sys/socket.h>

#include <poll.h>
#include <stddef.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/cred.h"
#include "net/net.h"
#include "ssh/knownhosts.h"
#include "ssh/ctr.h"
#include "ssh/session.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"

/* A wait when libssh2 names no direction, in milliseconds. */
#define SSH_WAIT_NODIR_MS	10
/* How long a goodbye may take, in milliseconds. */
#define SSH_BYE_MS		2000
/* Rounds of libssh2_session_free that may say EAGAIN. */
#define SSH_FREE_ROUNDS		100
/* Key types looked for in known_hosts. */
#define SSH_KNOWN_TYPES_MAX	8

/*
 * Every block libssh2 allocates for a session is kept on a list, so that
 * what libssh2 1.10 leaves behind when a connection breaks (handles that
 * it could not close) is freed with the session all the same.
 */
struct ssh_conn_block {
	struct ssh_conn_block	*prev;
	struct ssh_conn_block	*next;
	max_align_t	 align[];
};

struct ssh_conn_mem {
	struct ssh_conn	 c;
	struct ssh_conn_block	 head;		/* circular list */
};

/* The block header in front of what libssh2 got. */
static struct ssh_conn_block *
ssh_conn_mem_block(void *p)
{
	return ((struct ssh_conn_block *)((char *)p -
	    offsetof(struct ssh_conn_block, align)));
}

static struct ssh_conn_block *
ssh_conn_mem_head(void **abstract)
{
	return (&((struct ssh_conn_mem *)*abstract)->head);
}

static void *
ssh_conn_mem_alloc(size_t n, void **abstract)
{
	struct ssh_conn_block *m, *head = ssh_conn_mem_head(abstract);

	if ((m = malloc(sizeof *m + n)) == NULL)
		return (NULL);
	m->next = head->next;
	m->prev = head;
	head->next->prev = m;
	head->next = m;
	return (m->align);
}

static void
ssh_conn_mem_free(void *p, void **abstract)
{
	struct ssh_conn_block *m;

	(void)abstract;
	if (p == NULL)
		return;
	m = ssh_conn_mem_block(p);
	m->prev->next = m->next;
	m->next->prev = m->prev;
	free(m);
}

static void *
ssh_conn_mem_realloc(void *p, size_t n, void **abstract)
{
	struct ssh_conn_block *m, *nm;

	if (p == NULL)
		return (ssh_conn_mem_alloc(n, abstract));
	m = ssh_conn_mem_block(p);
	if ((nm = realloc(m, sizeof *m + n)) == NULL)
		return (NULL);
	nm->prev->next = nm;
	nm->next->prev = nm;
	return (nm->align);
}

static void
ssh_conn_mem_free_all(struct ssh_conn_mem *cm)
{
	struct ssh_conn_block *m, *next;

	for (m = cm->head.next; m != &cm->head; m = next) {
		next = m->next;
		free(m);
	}
	cm->head.next = cm->head.prev = &cm->head;
}

void *
ssh_conn_alloc(struct ssh_conn *c, size_t n)
{
	void *abstract = c;

	return (ssh_conn_mem_alloc(n, &abstract));
}

const char *
ssh_conn_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && *home != '\0')
		return (home);
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return (pw->pw_dir);
	return ("/");
}

int
ssh_conn_wait(struct ssh_conn *c, char **cause)
{
	struct net_limits lim = {
		.timeout_ms = c->timeout_ms,
		.cancel_fd = c->fs->env->cancel_fd,
	};
	int dirs, rc, waited;
	short ev = 0;
	char *why = NULL;

	dirs = libssh2_session_block_directions(c->s);
	if (dirs & LIBSSH2_SESSION_BLOCK_INBOUND)
		ev |= POLLIN;
	if (dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND)
		ev |= POLLOUT;
	if (ev != 0)
		rc = net_wait(c->fd, ev, &lim, cause);
	else {
		/* No direction named: look again soon, within the limit. */
		for (waited = 0;; waited += SSH_WAIT_NODIR_MS) {
			lim.timeout_ms = SSH_WAIT_NODIR_MS;
			rc = net_wait(c->fd, POLLIN, &lim, &why);
			if (rc != FERR_LOST || waited >= c->timeout_ms)
				break;
			if (libssh2_session_block_directions(c->s) != 0)
				break;
		}
		if (rc == FERR_LOST && waited < c->timeout_ms)
			rc = 0;
		if (rc != 0)
			ferr_set(cause, rc, "%s", why);
		free(why);
	}
	if (rc != 0) {
		c->werr = rc;
		c->dead = 1;
	}
	return (rc);
}

/* FERR_* for a libssh2 error code. */
static int
ssh_conn_code(int rc)
{
	switch (rc) {
	case LIBSSH2_ERROR_SOCKET_SEND:
	case LIBSSH2_ERROR_SOCKET_RECV:
	case LIBSSH2_ERROR_SOCKET_DISCONNECT:
	case LIBSSH2_ERROR_SOCKET_TIMEOUT:
	case LIBSSH2_ERROR_TIMEOUT:
	case LIBSSH2_ERROR_CHANNEL_CLOSED:
	case LIBSSH2_ERROR_CHANNEL_EOF_SENT:
	case LIBSSH2_ERROR_CHANNEL_FAILURE:
	case LIBSSH2_ERROR_DECRYPT:
	case LIBSSH2_ERROR_BAD_USE:
		return (FERR_LOST);
	case LIBSSH2_ERROR_AUTHENTICATION_FAILED:
	case LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED:
	case LIBSSH2_ERROR_PASSWORD_EXPIRED:
	case LIBSSH2_ERROR_HOSTKEY_INIT:
	case LIBSSH2_ERROR_HOSTKEY_SIGN:
	case LIBSSH2_ERROR_KEX_FAILURE:
	case LIBSSH2_ERROR_BANNER_RECV:
	case LIBSSH2_ERROR_BANNER_SEND:
	case LIBSSH2_ERROR_METHOD_NONE:
		return (FERR_CONNECT);
	default:
		return (FERR_IO);
	}
}

int
ssh_conn_fail(struct ssh_conn *c, int rc, const char *what, char **cause)
{
	char *msg = NULL;
	int code;

	if (rc == LIBSSH2_ERROR_EAGAIN) {
		code = c->werr != 0 ? c->werr : FERR_LOST;
		c->dead = 1;
		if (cause != NULL && *cause != NULL)
			return (ferr_set(cause, code, "%s: %s", what, *cause));
		return (ferr_set(cause, code, _("%s: no answer"), what));
	}
	code = ssh_conn_code(rc);
	if (code == FERR_LOST)
		c->dead = 1;
	libssh2_session_last_error(c->s, &msg, NULL, 0);
	if (msg == NULL || *msg == '\0')
		return (ferr_set(cause, code, _("%s: SSH error %d"), what, rc));
	return (ferr_set(cause, code, "%s: %s", what, msg));
}

/* Host, port and user: the URL's, else ~/.ssh/config's, else defaults. */
static int
ssh_conn_resolve(struct ssh_conn *c, char **cause)
{
	const struct url *u = c->fs->url;
	struct passwd *pw;
	char *path;
	int rc;

	path = xasprintf("%s/.ssh/config", ssh_conn_home());
	rc = ssh_config_load(path, u->host, ssh_conn_home(), &c->cfg, cause);
	free(path);
	if (rc != 0)
		return (rc);
	c->host = xstrdup(c->cfg.hostname != NULL ? c->cfg.hostname :
	    u->host);
	c->port = u->port != 0 ? u->port : c->cfg.port != 0 ? c->cfg.port :
	    22;
	if (u->user != NULL && *u->user != '\0')
		c->user = xstrdup(u->user);
	else if (c->cfg.user != NULL)
		c->user = xstrdup(c->cfg.user);
	else {
		pw = getpwuid(getuid());
		cred_user(c->fs->url, pw != NULL ? pw->pw_name : NULL, &c->user);
	}
	if (c->user == NULL)
		return (ferr_set(cause, FERR_CONNECT, _("%s: no user name"),
		    u->host));
	return (0);
}

static char *
ssh_conn_known_path(const struct ssh_conn *c)
{
	if (c->fs->env->known_hosts != NULL)
		return (xstrdup(c->fs->env->known_hosts));
	return (xasprintf("%s/.ssh/known_hosts", ssh_conn_home()));
}

/* Whether name is one of the n algorithms in algs. */
static int
ssh_conn_alg_in(const char **algs, int n, const char *name, size_t len)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strlen(algs[i]) == len && strncmp(algs[i], name, len) == 0)
			return (1);
	}
	return (0);
}

/*
 * Ask for the algorithms of wanted (comma separated) that this libssh2
 * has, in that order.  Those it lacks are left out here: libssh2 1.10
 * removes them itself with an overlapping memcpy.
 */
static int
ssh_conn_pref(struct ssh_conn *c, int method, const char *what,
    const char *wanted)
{
	const char **algs = NULL, *p, *end;
	char *list;
	size_t n = 0, len;
	int nalgs, set = 0;

	if ((nalgs = libssh2_session_supported_algs(c->s, method, &algs)) <= 0)
		return (0);
	list = xmalloc(strlen(wanted) + 1);
	for (p = wanted; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		if (len == 0 || !ssh_conn_alg_in(algs, nalgs, p, len))
			continue;
		if (n > 0)
			list[n++] = ',';
		memcpy(list + n, p, len);
		n += len;
	}
	list[n] = '\0';
	libssh2_free(c->s, algs);
	if (n > 0 && libssh2_session_method_pref(c->s, method, list) == 0) {
		vfs_log(c->fs, "SSH: %s %s", what, list);
		set = 1;
	}
	free(list);
	return (set);
}

/*
 * Host key algorithms (only those of the types known_hosts holds for the
 * host, if any), ciphers and MACs.  0 when a host with known key types
 * cannot be asked for any of them.
 */
static int
ssh_conn_prefs(struct ssh_conn *c, const int *masks, size_t n)
{
	char *prefs;
	int set;

	prefs = ssh_known_prefs(masks, n);
	set = ssh_conn_pref(c, LIBSSH2_METHOD_HOSTKEY, "host key algorithms",
	    prefs);
	free(prefs);
	if (!set && n > 0)
		return (0);
	ssh_conn_pref(c, LIBSSH2_METHOD_CRYPT_CS, "ciphers", SSH_CIPHERS);
	ssh_conn_pref(c, LIBSSH2_METHOD_CRYPT_SC, "ciphers (in)", SSH_CIPHERS);
	ssh_conn_pref(c, LIBSSH2_METHOD_MAC_CS, "MACs", SSH_MACS);
	ssh_conn_pref(c, LIBSSH2_METHOD_MAC_SC, "MACs (in)", SSH_MACS);
	return (1);
}

/* The names of the key types in masks, comma separated; malloc'd. */
static char *
ssh_conn_typenames(const int *masks, size_t n)
{
	const char *t;
	char *list = NULL, *s;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((t = ssh_known_typename(masks[i])) == NULL)
			continue;
		s = list == NULL ? xstrdup(t) : xasprintf("%s, %s", list, t);
		free(list);
		list = s;
	}
	return (list != NULL ? list : xstrdup("?"));
}

/*
 * The host is known, but only under key types that cannot be used now: a
 * key of another type proves nothing, and --accept-new-host-key is for
 * hosts with no entry at all.  Say how to check and replace the entry.
 */
static int
ssh_conn_other_type(struct ssh_conn *c, const char *khpath,
    const int *masks, size_t n, const char *offered, char **cause)
{
	char *name, *types;
	int rc;

	name = ssh_known_name(c->host, c->port);
	types = ssh_conn_typenames(masks, n);
	rc = ferr_set(cause, FERR_CONNECT, _("%s is known in %s only by a "
	    "host key of type %s, and %s: not connecting (a key of another "
	    "type proves nothing). Ask the server's administrator for its "
	    "fingerprints and compare them with \"ssh-keyscan -p %u %s | "
	    "ssh-keygen -lf -\"; if they match, remove the old entry with "
	    "\"ssh-keygen -R '%s' -f %s\" and connect again to add the new "
	    "key."), name, khpath, types, offered, c->port, c->host, name,
	    khpath);
	free(types);
	free(name);
	return (rc);
}

static const char *
ssh_conn_method(struct ssh_conn *c, int which)
{
	const char *m = libssh2_session_methods(c->s, which);

	return (m != NULL ? m : "?");
}

static void
ssh_conn_log_methods(struct ssh_conn *c)
{
	const char *banner = libssh2_session_banner_get(c->s);
	char *safe = NULL, *p;

	if (banner != NULL) {
		safe = xstrdup(banner);
		for (p = safe; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	}
	vfs_log(c->fs, "SSH: server %s", safe != NULL ? safe : "?");
	free(safe);
	vfs_log(c->fs, "SSH: kex %s, host key %s, cipher %s/%s, MAC %s/%s",
	    ssh_conn_method(c, LIBSSH2_METHOD_KEX),
	    ssh_conn_method(c, LIBSSH2_METHOD_HOSTKEY),
	    ssh_conn_method(c, LIBSSH2_METHOD_CRYPT_CS),
	    ssh_conn_method(c, LIBSSH2_METHOD_CRYPT_SC),
	    ssh_conn_method(c, LIBSSH2_METHOD_MAC_CS),
	    ssh_conn_method(c, LIBSSH2_METHOD_MAC_SC));
	/* the keys are in place: an AES-CTR context was made by then */
	if (ssh_ctr_made() > 0)
		vfs_log(c->fs, "SSH: AES-CTR through ferry-ctr (keystream "
		    "made 16 KiB at a time)");
}

/* A new key: ask, or take it with --accept-new-host-key, or refuse. */
static int
ssh_conn_new_key(struct ssh_conn *c, const char *khpath, const char *name,
    const char *type, const char *fp, const unsigned char *blob,
    size_t len, char **cause)
{
	const struct vfs_env *env = c->fs->env;
	enum vfs_trust answer;
	char *question, *details, *line;
	int rc = 0;

	if (env->ask_trust != NULL) {
		question = xasprintf(_("The authenticity of host '%s' can't be "
		    "established."), name);
		details = xasprintf(_("%s key fingerprint is %s.\nTrusting it "
		    "always adds it to %s."), type, fp, khpath);
		answer = env->ask_trust(env->arg, question, details);
		free(question);
		free(details);
	} else if (env->accept_new_host_key)
		answer = VFS_TRUST_ALWAYS;
	else {
		return (ferr_set(cause, FERR_CONNECT, _("%s: unknown host key "
		    "(%s key fingerprint %s): not connecting; check the "
		    "fingerprint and use --accept-new-host-key to trust it"),
		    name, type, fp));
	}
	if (answer == VFS_TRUST_NO)
		return (ferr_set(cause, FERR_CONNECT, _("%s: host key not "
		    "trusted (%s key fingerprint %s)"), name, type, fp));
	if (answer == VFS_TRUST_ALWAYS) {
		if ((line = ssh_known_line(c->host, c->port, blob, len)) ==
		    NULL)
			return (ferr_set(cause, FERR_CONNECT,
			    _("%s: malformed host key"), name));
		rc = ssh_known_append(khpath, line, cause);
		free(line);
		if (rc == 0)
			vfs_warn(c->fs, _("Permanently added '%s' (%s) to the "
			    "list of known hosts (%s)."), name, type, khpath);
	}
	return (rc);
}

/* Check the server's host key, right after the handshake. */
static int
ssh_conn_hostkey(struct ssh_conn *c, struct ssh_known *k,
    const char *khpath, char **cause)
{
	const unsigned char *blob;
	char fp[SSH_FP_SIZE], type[64], *name, *offered;
	int masks[SSH_KNOWN_TYPES_MAX];
	size_t len, n;
	int ktype, line, rc = 0;

	blob = (const unsigned char *)libssh2_session_hostkey(c->s, &len,
	    &ktype);
	name = ssh_known_name(c->host, c->port);
	if (blob == NULL ||
	    ssh_known_blob_type(blob, len, type, sizeof type) != 0) {
		rc = ferr_set(cause, FERR_CONNECT, _("%s: the server sent no "
		    "usable host key"), name);
		goto out;
	}
	ssh_known_fingerprint(blob, len, fp);
	switch (ssh_known_check(k, c->host, c->port, blob, len, &line)) {
	case SSH_KNOWN_MATCH:
		vfs_log(c->fs, "SSH: host key %s %s matches %s:%d", type, fp,
		    khpath, line);
		break;
	case SSH_KNOWN_REVOKED:
		rc = ferr_set(cause, FERR_CONNECT, _("%s: the %s host key %s "
		    "is marked as revoked in %s: not connecting"), name, type,
		    fp, khpath);
		break;
	case SSH_KNOWN_CHANGED:
		rc = ferr_set(cause, FERR_CONNECT, _("WARNING: REMOTE HOST "
		    "IDENTIFICATION HAS CHANGED! The %s host key of %s is now "
		    "%s, not the one in %s:%d. Someone could be eavesdropping "
		    "on you right now (man-in-the-middle attack), or the host "
		    "key has just been changed. Not connecting, nothing was "
		    "sent; if the change is expected, remove line %d of %s."),
		    type, name, fp, khpath, line, line, khpath);
		break;
	case SSH_KNOWN_OTHER_TYPE:
		ssh_known_types(k, c->host, c->port, masks,
		    SSH_KNOWN_TYPES_MAX, &n);
		offered = xasprintf(_("the server sent a %s key (%s)"), type,
		    fp);
		rc = ssh_conn_other_type(c, khpath, masks, n, offered, cause);
		free(offered);
		break;
	case SSH_KNOWN_NEW:
		vfs_log(c->fs, "SSH: host key %s %s is not in %s", type, fp,
		    khpath);
		rc = ssh_conn_new_key(c, khpath, name, type, fp, blob, len,
		    cause);
		break;
	}
out:
	free(name);
	return (rc);
}

/* Whether a failed handshake found no host key algorithm in common. */
static int
ssh_conn_no_hostkey_alg(struct ssh_conn *c, int rc)
{
	char *msg = NULL;

	if (rc != LIBSSH2_ERROR_KEX_FAILURE && rc != LIBSSH2_ERROR_METHOD_NONE)
		return (0);
	libssh2_session_last_error(c->s, &msg, NULL, 0);
	vfs_log(c->fs, "SSH: handshake: %s", msg != NULL ? msg : "?");
	return (1);
}

/* The handshake, with the host key algorithms known_hosts suggests. */
static int
ssh_conn_handshake(struct ssh_conn *c, char **cause)
{
	struct ssh_known *k = NULL;
	char *khpath, *where;
	int masks[SSH_KNOWN_TYPES_MAX], rc, skipped;
	size_t n;

	khpath = ssh_conn_known_path(c);
	if ((rc = ssh_known_load(c->s, khpath, &k, &skipped, cause)) != 0)
		goto out;
	if (skipped > 0)
		vfs_log(c->fs, "SSH: %s: %d lines not understood, skipped",
		    khpath, skipped);
	ssh_known_types(k, c->host, c->port, masks, SSH_KNOWN_TYPES_MAX, &n);
	if (!ssh_conn_prefs(c, masks, n)) {
		rc = ssh_conn_other_type(c, khpath, masks, n,
		    _("this build of libssh2 cannot check such a key"), cause);
		goto out;
	}
	SSH_CALL(c, rc, libssh2_session_handshake(c->s, c->fd), cause);
	if (rc != 0 && n > 0 && ssh_conn_no_hostkey_alg(c, rc)) {
		rc = ssh_conn_other_type(c, khpath, masks, n,
		    _("the server offers no key of that type (the handshake "
		    "found no host key or key exchange method in common)"),
		    cause);
		goto out;
	}
	if (rc != 0) {
		where = xasprintf(_("%s port %u: SSH handshake failed"),
		    c->host, c->port);
		rc = ssh_conn_fail(c, rc, where, cause);
		free(where);
		/* Not worth retrying: no SSH server, or no common ground. */
		if (rc == FERR_IO || rc == FERR_LOST)
			rc = FERR_CONNECT;
		goto out;
	}
	ssh_conn_log_methods(c);
	rc = ssh_conn_hostkey(c, k, khpath, cause);
out:
	ssh_known_free(k);
	free(khpath);
	return (rc);
}

static struct ssh_conn *
ssh_conn_new(struct vfs *fs)
{
	struct ssh_conn_mem *cm;

	cm = xcalloc(1, sizeof *cm);
	cm->head.next = cm->head.prev = &cm->head;
	cm->c.fs = fs;
	cm->c.fd = -1;
	cm->c.timeout_ms = vfs_connect_timeout_ms(fs);
	return (&cm->c);
}

int
ssh_conn_open(struct vfs *fs, struct ssh_conn **out, char **cause)
{
	struct net_limits lim = {
		.timeout_ms = vfs_connect_timeout_ms(fs),
		.cancel_fd = fs->env->cancel_fd,
	};
	struct ssh_conn *c;
	int rc;

	*out = NULL;
	c = ssh_conn_new(fs);
	if ((rc = ssh_conn_resolve(c, cause)) != 0)
		goto out;
	vfs_log(fs, "SSH: connecting to %s port %u as %s", c->host, c->port,
	    c->user);
	if ((rc = net_connect(c->host, c->port, &lim, &c->fd, cause)) != 0)
		goto out;
	c->s = libssh2_session_init_ex(ssh_conn_mem_alloc, ssh_conn_mem_free,
	    ssh_conn_mem_realloc, c);
	if (c->s == NULL) {
		rc = ferr_set(cause, FERR_CONNECT, _("%s: cannot start an SSH "
		    "session"), c->host);
		goto out;
	}
	libssh2_session_set_blocking(c->s, 0);
	if ((rc = ssh_conn_handshake(c, cause)) != 0)
		goto out;
	if ((rc = ssh_auth(c, cause)) != 0)
		goto out;
	c->timeout_ms = vfs_idle_timeout_ms(fs);
	*out = c;
out:
	if (rc != 0) {
		c->dead = 1;
		ssh_conn_close(c);
	}
	return (rc);
}

void
ssh_conn_close(struct ssh_conn *c)
{
	struct ssh_conn_mem *cm = (struct ssh_conn_mem *)c;
	int rc, i;

	if (c == NULL)
		return;
	if (c->s != NULL && !c->dead) {
		c->timeout_ms = SSH_BYE_MS;
		SSH_CALL(c, rc, libssh2_session_disconnect(c->s, "bye"), NULL);
		(void)rc;
	}
	/* Whatever libssh2 still wants to send now fails at once. */
	if (c->fd != -1)
		shutdown(c->fd, SHUT_RDWR);
	if (c->s != NULL) {
		for (i = 0; i < SSH_FREE_ROUNDS; i++) {
			if (libssh2_session_free(c->s) != LIBSSH2_ERROR_EAGAIN)
				break;
		}
	}
	ssh_conn_mem_free_all(cm);
	net_close(&c->fd);
	ssh_config_free(&c->cfg);
	free(c->host);
	free(c->user);
	free(cm);
}
