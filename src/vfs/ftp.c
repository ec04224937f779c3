/* ferry: FTP and FTPS as a vfs backend (see ftp.h and vfs.h).
 *
 * One control connection per session and at most one transfer on it at a
 * time.  Resuming is REST + RETR or REST + STOR (APPE when the server
 * refuses REST + STOR and its size is exactly the offset); a REST that is
 * refused or ignored is reported, never turned into a restart at 0 or a
 * blind append.  Before an upload appends, the engine may ask for the
 * server's digest of the partial (hash_range: HASH, or XSHA256, XSHA1,
 * XMD5, as FEAT offers them; the replies are parsed in ftp/hash.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ftp/ctrl.h"
#include "ftp/data.h"
#include "ftp/ftptime.h"
#include "ftp/hash.h"
#include "ftp/listparse.h"
#include "ftp/reply.h"
#include "net/cred.h"
#include "net/net.h"
#include "net/tls.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/mono.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/ftp.h"

#define FTP_LIST_MAX	(64 * 1024 * 1024)	/* one listing */
#define FTP_LIST_CHUNK	(256 * 1024)
#define FTP_SETTLE_MS	700			/* between two SIZEs */
#define FTP_SETTLE_TRIES 8
#define FTP_ABOR_MS	4000			/* the ABOR dialogue, in all */

enum ftp_tls_mode {
	FTP_TLS_NONE,		/* ftp://: AUTH TLS if offered */
	FTP_TLS_EXPLICIT,	/* ftpes:// */
	FTP_TLS_IMPLICIT,	/* ftps:// */
};

struct ftp_sess {
	struct ftp_ctrl	 ctrl;
	struct tls_ctx	*tls;		/* NULL: clear text */
	int		 prot_p;	/* data connections over TLS */
	unsigned	 feats;
	int		 no_epsv;
	int		 no_mlst;
	int		 no_size;
	int		 no_chmod;
	int		 site_utime;	/* FEAT offered SITE UTIME */
	unsigned	 hash_algos;	/* FEAT offered HASH with these */
	enum vfs_hash	 hash_sel;	/* the one HASH uses now */
	int		 no_settime;	/* MFMT or SITE UTIME refused */
	int		 settle;	/* the next stat waits for a stable
					   size (a reconnect) */
	int		 busy;		/* a file is open */
};

struct ftp_file {
	struct vfs_file	 f;
	struct ftp_data	 data;
	char		*path;
	int		 writing;
	uint64_t	 start;		/* offset it was opened at */
	uint64_t	 moved;		/* bytes through the data connection */
	int		 expect_known;	/* reading: how many bytes REST
					   should leave */
	uint64_t	 expect;
};

/* fs->priv after a disconnect: the next connect is a reconnect.  Static,
 * so that a session freed while disconnected leaks nothing. */
static char ftp_was_connected;

static int	ftp_connect(struct vfs *, char **);
static void	ftp_disconnect(struct vfs *);
static int	ftp_stat(struct vfs *, const char *, struct vfs_stat *,
		    char **);
static int	ftp_list(struct vfs *, const char *, struct vfs_list *,
		    char **);
static int	ftp_list_dir(struct vfs *, const char *, struct vfs_list *,
		    char **);
static int	ftp_open_read(struct vfs *, const char *, uint64_t,
		    struct vfs_file **, char **);
static int	ftp_open_write(struct vfs *, const char *, uint64_t, int,
		    uint32_t, struct vfs_file **, char **);
static int	ftp_read(struct vfs_file *, void *, size_t, size_t *,
		    char **);
static int	ftp_write(struct vfs_file *, const void *, size_t, size_t *,
		    char **);
static int	ftp_close(struct vfs_file *, char **);
static void	ftp_abort(struct vfs_file *);
static int	ftp_mkdir(struct vfs *, const char *, uint32_t, char **);
static int	ftp_remove(struct vfs *, const char *, char **);
static int	ftp_rmdir(struct vfs *, const char *, char **);
static int	ftp_rename(struct vfs *, const char *, const char *, char **);
static int	ftp_chmod(struct vfs *, const char *, uint32_t, char **);
static int	ftp_keepalive(struct vfs *, char **);
static int	ftp_home(struct vfs *, char **, char **);
static int	ftp_setmtime(struct vfs *, const char *, int64_t, char **);
static unsigned	ftp_hash_algos(struct vfs *, const char *);
static int	ftp_hash_range(struct vfs *, const char *, enum vfs_hash,
		    uint64_t, uint64_t, unsigned char *, char **);

const struct vfs_ops vfs_ftp_ops = {
	.name = "ftp",
	/* RNFR/RNTO replace the target on vsftpd and proftpd (rename(2));
	 * a server that refuses leaves the overwrite's partial, and says */
	.caps = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|VFS_CAP_MKDIR|
	    VFS_CAP_CHMOD|VFS_CAP_SETTIME|VFS_CAP_REPLACE,

	.connect = ftp_connect,
	.disconnect = ftp_disconnect,
	.stat = ftp_stat,
	.list = ftp_list,
	.open_read = ftp_open_read,
	.open_write = ftp_open_write,
	.read = ftp_read,
	.write = ftp_write,
	.close = ftp_close,
	.abort = ftp_abort,
	.mkdir = ftp_mkdir,
	.remove = ftp_remove,
	.rmdir = ftp_rmdir,
	.rename = ftp_rename,
	.chmod = ftp_chmod,
	.home = ftp_home,
	.keepalive = ftp_keepalive,
	.setmtime = ftp_setmtime,
	.hash_algos = ftp_hash_algos,
	.hash_range = ftp_hash_range,
};

static struct ftp_sess *
ftp_sess(struct vfs *fs)
{
	return (fs->priv != &ftp_was_connected ? fs->priv : NULL);
}

static enum ftp_tls_mode
ftp_tls_mode(const struct vfs *fs)
{
	if (strcmp(fs->url->scheme, "ftps") == 0)
		return (FTP_TLS_IMPLICIT);
	if (strcmp(fs->url->scheme, "ftpes") == 0)
		return (FTP_TLS_EXPLICIT);
	return (FTP_TLS_NONE);
}

/* A path as FTP commands take it: "" is the login directory. */
static const char *
ftp_arg(const char *path)
{
	return (path != NULL && *path != '\0' ? path : ".");
}

/* "ftp://host/path" for messages. */
static char *
ftp_where(struct vfs *fs, const char *path)
{
	return (vfs_display(fs, path));
}

/* An unexpected reply as an error, naming what was being done. */
static int
ftp_fail(struct vfs *fs, const char *path, struct ftp_reply *r, int deflt,
    char **cause)
{
	char *where = ftp_where(fs, path);
	int error;

	error = ftp_ctrl_fail(r, deflt, cause, where);
	free(where);
	ftp_reply_free(r);
	return (error);
}

/* Send a command and read its reply (which the caller frees). */
#define ftp_cmd(s, r, cause, ...)	ftp_ctrl_cmd(&(s)->ctrl, r, cause, \
	__VA_ARGS__)

/* ---------------------------------------------------------------- connect */

static int
ftp_greeting(struct ftp_sess *s, struct vfs *fs, char **cause)
{
	struct ftp_reply r;
	int error;

	for (;;) {
		if ((error = ftp_ctrl_reply(&s->ctrl, &r, cause)) != 0)
			return (error);
		if (r.code != 120)	/* "ready in nnn minutes" */
			break;
		ftp_reply_free(&r);
	}
	if (r.code != 220)
		return (ftp_fail(fs, NULL, &r, FERR_CONNECT, cause));
	ftp_reply_free(&r);
	return (0);
}

static int
ftp_feat(struct ftp_sess *s, char **cause)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "FEAT")) != 0)
		return (error);
	s->feats = r.code == 211 ? ftp_parse_feat(r.text) : 0;
	s->site_utime = r.code == 211 && ftp_feat_site_utime(r.text);
	s->hash_algos = r.code == 211 ? ftp_feat_hash(r.text, &s->hash_sel) :
	    0;
	ftp_reply_free(&r);
	return (0);
}

static int
ftp_auth_tls(struct ftp_sess *s, struct vfs *fs, char **cause)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "AUTH TLS")) != 0)
		return (error);
	if (r.code != 234)
		return (ftp_fail(fs, NULL, &r, FERR_CONNECT, cause));
	ftp_reply_free(&r);
	return (ftp_ctrl_start_tls(&s->ctrl, s->tls, cause));
}

/* The account the server asks for with 332, from whoever can be asked. */
static int
ftp_account(struct ftp_sess *s, struct vfs *fs, struct ftp_reply *r,
    char **cause)
{
	const struct vfs_env *env = fs->env;
	char *acct = NULL, *where = ftp_where(fs, ""), *prompt, *realm;
	int error;

	ftp_reply_free(r);
	if (env->ask_secret == NULL) {
		error = ferr_set(cause, FERR_CONNECT, _("%s asks for an account "
		    "(ACCT), and nobody can be asked for it"), where);
		free(where);
		return (error);
	}
	prompt = xasprintf(_("Account for %s: "), where);
	realm = xasprintf("ACCT %s", where);
	free(where);
	error = env->ask_secret(env->arg, realm, prompt, 1, &acct);
	free(realm);
	free(prompt);
	if (error != 0)
		return (ferr_set(cause, FERR_CONNECT, _("no account given")));
	error = ftp_cmd(s, r, cause, "ACCT %s", acct);
	cred_free(acct);
	return (error);
}

static int
ftp_is_anonymous(const char *user)
{
	return (strcasecmp(user, "anonymous") == 0 ||
	    strcasecmp(user, "ftp") == 0);
}

static int
ftp_pass(struct ftp_sess *s, struct vfs *fs, const char *user,
    struct ftp_reply *r, char **cause)
{
	char *pw = NULL;
	int error;

	ftp_reply_free(r);
	if (ftp_is_anonymous(user) && fs->url->password == NULL &&
	    fs->env->password_file == NULL)
		pw = xstrdup("ferry@");
	else if ((error = cred_password(fs->env, fs->url, user, &pw, cause)) != 0) {
		/* no password (or an unsafe file): no login */
		return (error == FERR_CANCELLED ? error : FERR_CONNECT);
	}
	error = ftp_cmd(s, r, cause, "PASS %s", pw);
	cred_free(pw);
	return (error);
}

static int
ftp_login(struct ftp_sess *s, struct vfs *fs, char **cause)
{
	struct ftp_reply r;
	char *user = NULL, *where;
	int error;

	cred_user(fs->url, "anonymous", &user);
	if ((error = ftp_cmd(s, &r, cause, "USER %s", user)) != 0)
		goto out;
	if (r.code == 331 && (error = ftp_pass(s, fs, user, &r, cause)) != 0)
		goto out;
	if (r.code == 332 && (error = ftp_account(s, fs, &r, cause)) != 0)
		goto out;
	if (r.code == 230 || r.code == 202) {
		ftp_reply_free(&r);
		goto out;
	}
	where = xasprintf(_("login as %s refused by %s"), user, fs->url->host);
	error = ftp_ctrl_fail(&r, r.code / 100 == 4 ? FERR_LOST : FERR_CONNECT,
	    cause, where);
	if (error == FERR_NOENT || error == FERR_PERM)
		error = FERR_CONNECT;
	free(where);
	ftp_reply_free(&r);
out:
	free(user);
	return (error);
}

/* A command whose failure does not matter (OPTS UTF8 ON). */
static int
ftp_try(struct ftp_sess *s, char **cause, const char *cmd)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "%s", cmd)) == 0)
		ftp_reply_free(&r);
	return (error);
}

/* A command that must get a 2xx. */
static int
ftp_must(struct ftp_sess *s, struct vfs *fs, int deflt, char **cause,
    const char *cmd)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "%s", cmd)) != 0)
		return (error);
	if (r.code / 100 != 2)
		return (ftp_fail(fs, NULL, &r, deflt, cause));
	ftp_reply_free(&r);
	return (0);
}

/* PBSZ 0 and PROT P (RFC 4217): data over TLS.  Refused: required for
 * ftps:// and ftpes://, a warning for ftp://. */
static int
ftp_prot(struct ftp_sess *s, struct vfs *fs, char **cause)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_try(s, cause, "PBSZ 0")) != 0)
		return (error);
	if ((error = ftp_cmd(s, &r, cause, "PROT P")) != 0)
		return (error);
	if (r.code / 100 == 2) {
		ftp_reply_free(&r);
		s->prot_p = 1;
		return (0);
	}
	if (ftp_tls_mode(fs) != FTP_TLS_NONE)
		return (ftp_fail(fs, NULL, &r, FERR_CONNECT, cause));
	ftp_reply_free(&r);
	vfs_warn(fs, _("%s: the server refused PROT P: file data goes in "
	    "clear text"), fs->url->host);
	return (0);
}

/* ftp://: TLS if the server offers it (FEAT before login). */
static int
ftp_opportunistic(struct ftp_sess *s, struct vfs *fs, unsigned port,
    char **cause)
{
	int error;

	if ((error = ftp_feat(s, cause)) != 0)
		return (error);
	if (!(s->feats & FTP_FEAT_AUTH_TLS)) {
		vfs_warn(fs, _("%s offers no TLS: the session, password "
		    "included, stays in clear text"), fs->url->host);
		return (0);
	}
	if ((error = tls_ctx_new(fs->env, fs->url->host, port, &s->tls,
	    cause)) != 0)
		return (error);
	return (ftp_auth_tls(s, fs, cause));
}

static int
ftp_setup(struct ftp_sess *s, struct vfs *fs, char **cause)
{
	enum ftp_tls_mode mode = ftp_tls_mode(fs);
	unsigned port = fs->url->port != 0 ? fs->url->port :
	    url_default_port(fs->url->scheme);
	int error;

	if (mode != FTP_TLS_NONE && (error = tls_ctx_new(fs->env,
	    fs->url->host, port, &s->tls, cause)) != 0)
		return (error);
	if ((error = ftp_ctrl_open(&s->ctrl, fs, fs->url->host, port,
	    mode == FTP_TLS_IMPLICIT ? s->tls : NULL, cause)) != 0)
		return (error);
	if ((error = ftp_greeting(s, fs, cause)) != 0)
		return (error);
	if (mode == FTP_TLS_EXPLICIT)
		error = ftp_auth_tls(s, fs, cause);
	else if (mode == FTP_TLS_NONE)
		error = ftp_opportunistic(s, fs, port, cause);
	if (error != 0 || (error = ftp_login(s, fs, cause)) != 0)
		return (error);
	if (s->tls != NULL && (error = ftp_prot(s, fs, cause)) != 0)
		return (error);
	if ((error = ftp_feat(s, cause)) != 0)
		return (error);
	if ((s->feats & FTP_FEAT_UTF8) &&
	    (error = ftp_try(s, cause, "OPTS UTF8 ON")) != 0)
		return (error);
	return (ftp_must(s, fs, FERR_CONNECT, cause, "TYPE I"));
}

static void
ftp_sess_free(struct ftp_sess *s)
{
	ftp_ctrl_close(&s->ctrl);
	tls_ctx_free(s->tls);
	free(s);
}

static int
ftp_connect(struct vfs *fs, char **cause)
{
	struct ftp_sess *s;
	int again = fs->priv == &ftp_was_connected, error;

	s = xcalloc(1, sizeof *s);
	s->ctrl.fd = -1;
	s->settle = again;
	if ((error = ftp_setup(s, fs, cause)) != 0) {
		ftp_sess_free(s);
		fs->priv = again ? &ftp_was_connected : NULL;
		return (error);
	}
	fs->priv = s;
	fs->loopback = net_peer_is_loopback(s->ctrl.fd);
	return (0);
}

static void
ftp_disconnect(struct vfs *fs)
{
	struct ftp_sess *s = ftp_sess(fs);
	struct ftp_reply r;

	if (s == NULL)
		return;
	/* QUIT, briefly: a session that is gone has nothing to say */
	if (!s->ctrl.dead && !s->busy && ftp_ctrl_send_within(&s->ctrl, 2000,
	    "QUIT", NULL) == 0 && ftp_ctrl_reply_within(&s->ctrl, 2000, &r,
	    NULL) == 0)
		ftp_reply_free(&r);
	ftp_sess_free(s);
	fs->priv = &ftp_was_connected;
}

/* Every operation but connect starts here. */
static int
ftp_ready(struct vfs *fs, struct ftp_sess **sp, char **cause)
{
	struct ftp_sess *s = ftp_sess(fs);

	*sp = s;
	if (s == NULL || s->ctrl.dead)
		return (ferr_set(cause, FERR_LOST, _("%s: not connected"),
		    fs->url->host));
	if (s->busy)
		return (ferr_set(cause, FERR_IO, _("%s: a transfer is under "
		    "way on this session"), fs->url->host));
	return (0);
}

/*
 * Every operation but connect ends here: a control connection that broke
 * or is out of step (a reply still owed) is dropped, and the session says
 * it is not connected, so that whoever holds it connects again before the
 * next command (the worker does at once) instead of hearing "not
 * connected" until an idle keep-alive gives up on it.  Not while a file
 * is open: its close or abort comes here.
 */
static int
ftp_done(struct vfs *fs, int error)
{
	struct ftp_sess *s = ftp_sess(fs);

	if (s != NULL && s->ctrl.dead && !s->busy) {
		vfs_log(fs, _("%s: closing the control connection"),
		    fs->url->host);
		vfs_lost(fs);
	}
	return (error);
}

/* ---------------------------------------------------------------- stat */

static void
ftp_stat_clear(struct vfs_stat *st)
{
	memset(st, 0, sizeof *st);
	st->type = VFS_NONE;
	st->mtime = VFS_MTIME_UNKNOWN;
}

/* MLST: 250 with the facts on the line between the first and the last.
 * 1 if the server does not know MLST after all. */
static int
ftp_stat_mlst(struct ftp_sess *s, struct vfs *fs, const char *path,
    struct vfs_stat *st, char **cause)
{
	struct ftp_reply r;
	const char *line;
	char *name = NULL, *copy;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "MLST %s", ftp_arg(path))) != 0)
		return (error);
	if (r.code == 500 || r.code == 502 || r.code == 504) {
		ftp_reply_free(&r);
		s->no_mlst = 1;
		return (1);
	}
	if (r.code != 250)
		return (ftp_fail(fs, path, &r, FERR_NOENT, cause));
	line = strchr(r.text, '\n');
	copy = line != NULL ? xstrndup(line + 1, strcspn(line + 1, "\n")) :
	    xstrdup("");
	if (ftp_mlsx_line(copy, &name, st) != FTP_LINE_ENTRY) {
		ftp_stat_clear(st);
		error = ferr_set(cause, FERR_IO, _("%s: the server's MLST "
		    "answer cannot be read"), fs->url->host);
	}
	free(name);
	free(copy);
	ftp_reply_free(&r);
	return (error);
}

/* SIZE; 1 if it gave none (a directory, or no SIZE at all). */
static int
ftp_size(struct ftp_sess *s, const char *path, uint64_t *size, int *code,
    char **cause)
{
	struct ftp_reply r;
	int error;

	*code = 0;
	if (s->no_size)
		return (1);
	if ((error = ftp_cmd(s, &r, cause, "SIZE %s", ftp_arg(path))) != 0)
		return (error);
	*code = r.code;
	if (r.code == 500 || r.code == 502)
		s->no_size = 1;
	error = r.code == 213 && ftp_parse_size(r.text, size) == 0 ? 0 : 1;
	ftp_reply_free(&r);
	return (error);
}

static int
ftp_mdtm(struct ftp_sess *s, const char *path, int64_t *t, char **cause)
{
	struct ftp_reply r;
	int error;

	if (!(s->feats & FTP_FEAT_MDTM))
		return (0);
	if ((error = ftp_cmd(s, &r, cause, "MDTM %s", ftp_arg(path))) != 0)
		return (error);
	if (r.code != 213 || ftp_parse_time(r.text, t) != 0)
		*t = VFS_MTIME_UNKNOWN;
	ftp_reply_free(&r);
	return (0);
}

/* The entry for path in a listing of its parent. */
static int
ftp_stat_parent(struct vfs *fs, const char *path, struct vfs_stat *st,
    char **cause)
{
	const char *base = path_basename(path);
	struct vfs_list l = { 0 };
	char *parent, *where;
	size_t i;
	int error;

	parent = xstrndup(path, (size_t)(base - path));
	error = ftp_list_dir(fs, parent, &l, cause);
	free(parent);
	if (error == FERR_NOENT || error == 0) {
		error = FERR_NOENT;
		for (i = 0; i < l.n; i++) {
			if (strcmp(l.v[i].name, base) == 0) {
				*st = l.v[i].st;
				error = 0;
				break;
			}
		}
	}
	if (error == FERR_NOENT) {
		where = ftp_where(fs, path);
		ferr_set(cause, FERR_NOENT, _("%s: no such file or directory"),
		    where);
		free(where);
	}
	vfs_list_free(&l);
	return (error);
}

/* Sleep ms milliseconds (between two SIZEs). */
static void
ftp_nap(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1)
		;
}

/*
 * After a reconnect during an upload, the old session on the server may
 * still be writing what it had received: the size counts once two
 * readings a little apart agree.
 */
static int
ftp_settle(struct ftp_sess *s, struct vfs *fs, const char *path,
    struct vfs_stat *st, char **cause)
{
	uint64_t size;
	int code, i, error;

	for (i = 0; i < FTP_SETTLE_TRIES; i++) {
		ftp_nap(FTP_SETTLE_MS);
		if ((error = ftp_size(s, path, &size, &code, cause)) < 0)
			return (error);
		if (error == 1 || size == st->size)
			return (0);
		vfs_log(fs, _("the size is still changing (%llu, then %llu)"),
		    (unsigned long long)st->size, (unsigned long long)size);
		st->size = size;
	}
	return (0);
}

static int
ftp_stat_file(struct ftp_sess *s, struct vfs *fs, const char *path,
    struct vfs_stat *st, char **cause)
{
	int error, code;

	if (!s->no_mlst && (s->feats & FTP_FEAT_MLST)) {
		error = ftp_stat_mlst(s, fs, path, st, cause);
		if (error != 1)
			return (error);
	}
	error = ftp_size(s, path, &st->size, &code, cause);
	if (error < 0)
		return (error);
	if (error == 0) {
		st->type = VFS_FILE;
		st->size_known = 1;
		error = ftp_mdtm(s, path, &st->mtime, cause);
		if (error == 0 && st->mtime != VFS_MTIME_UNKNOWN)
			st->mtime_prec = VFS_PREC_SECOND;
		return (error);
	}
	/* a directory, something missing, or no SIZE: the listing says */
	return (ftp_stat_parent(fs, path, st, cause));
}

static int
ftp_stat(struct vfs *fs, const char *path, struct vfs_stat *out,
    char **cause)
{
	struct ftp_sess *s;
	struct vfs_stat st;
	char *p;
	size_t n;
	int error, settle;

	ftp_stat_clear(out);
	ftp_stat_clear(&st);
	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	settle = s->settle;
	s->settle = 0;
	/* "dir/" is "dir" (the listing of its parent says "dir") */
	for (n = strlen(path); n > 1 && path[n - 1] == '/'; n--)
		;
	p = xstrndup(path, n);
	if (*p == '\0' || strcmp(p, "/") == 0 || strcmp(p, ".") == 0) {
		out->type = VFS_DIR;
		goto out;
	}
	if ((error = ftp_stat_file(s, fs, p, &st, cause)) != 0)
		goto out;
	if (settle && st.type == VFS_FILE && st.size_known &&
	    (error = ftp_settle(s, fs, p, &st, cause)) != 0)
		goto out;
	*out = st;
out:
	free(p);
	return (ftp_done(fs, error));
}

/* ---------------------------------------------------------------- data */

/* The final reply of a transfer: 226 or 250. */
static int
ftp_transfer_end(struct ftp_sess *s, struct vfs *fs, const char *path,
    char **cause)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_ctrl_reply(&s->ctrl, &r, cause)) != 0)
		return (error);
	if (r.code == 226 || r.code == 250) {
		ftp_reply_free(&r);
		return (0);
	}
	return (ftp_fail(fs, path, &r, r.code / 100 == 4 ? FERR_LOST :
	    FERR_IO, cause));
}

/*
 * On a prepared data connection: send cmd, read the 1xx, start (accept,
 * TLS).  The data connection is closed on failure.
 */
static int
ftp_transfer_cmd(struct ftp_sess *s, struct vfs *fs, const char *path,
    struct ftp_data *d, int deflt, char **cause, const char *cmd)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "%s", cmd)) != 0)
		goto out;
	if (r.code != 125 && r.code != 150) {
		/* "not found" is for 5xx; a 4xx is some other trouble */
		error = ftp_fail(fs, path, &r, r.code / 100 == 4 &&
		    deflt == FERR_NOENT ? FERR_IO : deflt, cause);
		goto out;
	}
	ftp_reply_free(&r);
	error = ftp_data_start(d, s->prot_p ? s->tls : NULL, cause);
	if (error == 0 && d->tls != NULL)
		vfs_log(fs, "data TLS: %s", tls_describe(d->tls));
	if (error != 0) {
		/* the server waits for a data connection that failed: it
		 * will answer 425 or 426 in its own time; do not wait */
		s->ctrl.dead = 1;
	}
out:
	if (error != 0)
		ftp_data_close(d);
	return (error);
}

/* Prepare a data connection and start cmd on it. */
static int
ftp_transfer_open(struct ftp_sess *s, struct vfs *fs, const char *path,
    struct ftp_data *d, int deflt, char **cause, const char *cmd)
{
	int error;

	if ((error = ftp_data_prepare(&s->ctrl, fs->env->ftp_active,
	    &s->no_epsv, d, cause)) != 0)
		return (error);
	return (ftp_transfer_cmd(s, fs, path, d, deflt, cause, cmd));
}

/* ---------------------------------------------------------------- list */

/* Parse n bytes of whole lines into out; count the lines that cannot be
 * read in *nbad and keep the first of them in *bad. */
static void
ftp_list_take(const char *text, size_t n, int mlsd, int64_t now,
    struct vfs_list *out, size_t *nbad, char **bad)
{
	char *b;

	*nbad += ftp_list_parse(text, n, mlsd, now, out, &b);
	if (*bad == NULL)
		*bad = b;
	else
		free(b);
}

/*
 * Read a listing, parsing each complete line as soon as it is there (a
 * last line without its LF at the end): out grows as the data comes, for
 * vfs_list_progress, and only the unparsed rest is kept.  Lines that
 * cannot be read are counted in *nbad, the first kept in *bad.
 */
static int
ftp_list_read(struct ftp_data *d, struct vfs *fs, int mlsd,
    struct vfs_list *out, size_t *nbad, char **bad, char **cause)
{
	size_t cap = FTP_LIST_CHUNK, len = 0, got, used;
	uint64_t total = 0;
	int64_t now = (int64_t)time(NULL);
	char *text = xmalloc(cap), *nl;
	int error;

	*nbad = 0;
	*bad = NULL;
	for (;;) {
		if (len == cap) {	/* one line longer than the buffer */
			cap *= 2;
			text = xreallocarray(text, cap, 1);
		}
		if ((error = ftp_data_read(d, text + len, cap - len, &got,
		    cause)) != 0 || got == 0)
			break;
		if ((total += got) > FTP_LIST_MAX) {
			error = ferr_set(cause, FERR_IO, _("%s: the listing "
			    "is longer than %d MiB"), fs->url->host,
			    FTP_LIST_MAX >> 20);
			break;
		}
		len += got;
		if ((nl = memrchr(text, '\n', len)) == NULL)
			continue;
		used = (size_t)(nl - text) + 1;
		ftp_list_take(text, used, mlsd, now, out, nbad, bad);
		memmove(text, text + used, len - used);
		len -= used;
		vfs_list_progress(fs, out);
	}
	if (error == 0 && len > 0)	/* a last line without LF */
		ftp_list_take(text, len, mlsd, now, out, nbad, bad);
	free(text);
	return (error);
}

static void
ftp_list_report(struct vfs *fs, const char *path, size_t nbad,
    const char *bad)
{
	char *where = ftp_where(fs, path), *safe = fmt_safe_name(bad);

	vfs_warn(fs, P_("%s: %zu line of the listing cannot be read and was "
	    "left out: %s", "%s: %zu lines of the listing cannot be read and "
	    "were left out; the first: %s", nbad), where, nbad, safe);
	free(safe);
	free(where);
}

/* One listing command, parsed as it is read. */
static int
ftp_list_cmd(struct ftp_sess *s, struct vfs *fs, const char *path, int mlsd,
    const char *cmd, struct vfs_list *out, char **cause)
{
	struct ftp_data d;
	char *bad = NULL;
	size_t nbad = 0;
	int error;

	error = ftp_transfer_open(s, fs, path, &d, FERR_NOENT, cause, cmd);
	if (error != 0)
		return (error);
	s->busy = 1;
	error = ftp_list_read(&d, fs, mlsd, out, &nbad, &bad, cause);
	ftp_data_close(&d);
	s->busy = 0;
	if (error != 0) {
		/* what the server says after a broken listing is not
		 * worth waiting for */
		s->ctrl.dead = 1;
		goto out;
	}
	if ((error = ftp_transfer_end(s, fs, path, cause)) != 0)
		goto out;
	if (nbad > 0)
		ftp_list_report(fs, path, nbad, bad);
out:
	free(bad);
	return (error);
}

/* ftp_list, also for ftp_stat (which ends with ftp_done itself). */
static int
ftp_list_dir(struct vfs *fs, const char *path, struct vfs_list *out,
    char **cause)
{
	struct ftp_sess *s;
	char *cmd;
	int error, mlsd;

	memset(out, 0, sizeof *out);
	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	mlsd = (s->feats & FTP_FEAT_MLST) && !s->no_mlst;
	/* LIST -a: the files whose names start with a dot too */
	if (mlsd)
		cmd = *path != '\0' ? xasprintf("MLSD %s", path) :
		    xstrdup("MLSD");
	else
		cmd = *path != '\0' ? xasprintf("LIST -a %s", path) :
		    xstrdup("LIST -a");
	error = ftp_list_cmd(s, fs, path, mlsd, cmd, out, cause);
	free(cmd);
	if (error == FERR_NOENT && !mlsd) {
		/* a server that takes "-a" for a name: once more without */
		vfs_list_free(out);
		cmd = *path != '\0' ? xasprintf("LIST %s", path) :
		    xstrdup("LIST");
		error = ftp_list_cmd(s, fs, path, mlsd, cmd, out, cause);
		free(cmd);
	}
	if (error != 0)
		vfs_list_free(out);
	else
		vfs_list_sort(out);
	return (error);
}

static int
ftp_list(struct vfs *fs, const char *path, struct vfs_list *out,
    char **cause)
{
	return (ftp_done(fs, ftp_list_dir(fs, path, out, cause)));
}

/* ---------------------------------------------------------------- files */

static struct ftp_file *
ftp_file_new(struct vfs *fs, const char *path, uint64_t offset, int writing)
{
	struct ftp_file *ff = xcalloc(1, sizeof *ff);

	ff->f.fs = fs;
	ff->f.pos = offset;
	ff->path = xstrdup(path);
	ff->start = offset;
	ff->writing = writing;
	ff->data.fd = ff->data.lfd = -1;
	return (ff);
}

static void
ftp_file_free(struct ftp_file *ff)
{
	ftp_data_close(&ff->data);
	free(ff->path);
	free(ff);
}

/* REST offset, which must be accepted (350). */
static int
ftp_rest(struct ftp_sess *s, struct vfs *fs, const char *path,
    uint64_t offset, char **cause)
{
	struct ftp_reply r;
	char *where, *brief;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "REST %llu",
	    (unsigned long long)offset)) != 0)
		return (error);
	if (r.code == 350) {
		ftp_reply_free(&r);
		return (0);
	}
	where = ftp_where(fs, path);
	brief = ftp_reply_brief(&r);
	error = ferr_set(cause, r.code == 421 ? FERR_LOST : FERR_UNSUPPORTED,
	    _("%s: the server refused to restart at byte %llu (REST: %03d "
	    "%s): not starting over"), where, (unsigned long long)offset,
	    r.code, brief);
	free(brief);
	free(where);
	ftp_reply_free(&r);
	return (error);
}

static int
ftp_open_read(struct vfs *fs, const char *path, uint64_t offset,
    struct vfs_file **out, char **cause)
{
	struct ftp_sess *s;
	struct ftp_file *ff;
	uint64_t size;
	char *cmd;
	int error, code;

	*out = NULL;
	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	ff = ftp_file_new(fs, path, offset, 0);
	if (offset > 0) {
		/* what REST should leave, to see a server that ignores it */
		error = ftp_size(s, path, &size, &code, cause);
		if (error < 0)
			goto out;
		if (error == 0 && size >= offset) {
			ff->expect_known = 1;
			ff->expect = size - offset;
		}
	}
	if ((error = ftp_data_prepare(&s->ctrl, fs->env->ftp_active,
	    &s->no_epsv, &ff->data, cause)) != 0)
		goto out;
	if (offset > 0 && (error = ftp_rest(s, fs, path, offset, cause)) != 0)
		goto out;
	cmd = xasprintf("RETR %s", path);
	error = ftp_transfer_cmd(s, fs, path, &ff->data, FERR_NOENT, cause,
	    cmd);
	free(cmd);
	/* a refused RETR may leave the REST for the next transfer */
	if (error != 0 && offset > 0 && !s->ctrl.dead)
		(void)ftp_try(s, NULL, "REST 0");
out:
	if (error != 0) {
		ftp_file_free(ff);
		return (ftp_done(fs, error));
	}
	s->busy = 1;
	*out = &ff->f;
	return (0);
}

static int
ftp_read(struct vfs_file *f, void *buf, size_t len, size_t *got,
    char **cause)
{
	struct ftp_file *ff = (struct ftp_file *)f;
	char *where;
	int error;

	if ((error = ftp_data_read(&ff->data, buf, len, got, cause)) != 0)
		return (error);
	ff->moved += *got;
	f->pos += *got;
	if (ff->expect_known && ff->moved > ff->expect) {
		where = ftp_where(f->fs, ff->path);
		error = ferr_set(cause, FERR_IO, _("%s: the server ignored the "
		    "restart at byte %llu (it sends more than the %llu bytes "
		    "that follow it)"), where, (unsigned long long)ff->start,
		    (unsigned long long)ff->expect);
		free(where);
		*got = 0;
		return (error);
	}
	return (0);
}

static int
ftp_write(struct vfs_file *f, const void *buf, size_t len, size_t *done,
    char **cause)
{
	struct ftp_file *ff = (struct ftp_file *)f;
	int error;

	error = ftp_data_write(&ff->data, buf, len, done, cause);
	ff->moved += *done;
	f->pos += *done;
	return (error);
}

/* The next reply of the ABOR dialogue, within what is left of it. */
static int
ftp_stop_reply(struct ftp_sess *s, int64_t deadline, int *code)
{
	struct ftp_reply r;
	int64_t left = deadline - mono_ms();

	*code = 0;
	if (left <= 0 || ftp_ctrl_reply_within(&s->ctrl, (int)left, &r,
	    NULL) != 0)
		return (-1);
	*code = r.code;
	ftp_reply_free(&r);
	return (0);
}

/*
 * Stop a transfer whose data connection is closed already (RFC 959 4.1.3,
 * ABOR), and read every reply it leaves, so that the control connection
 * is in step for the next command.
 *
 * RFC 959 has the Telnet IP and Synch (urgent data) sent before ABOR for
 * servers that do not read the control connection during a transfer.  We
 * send plain ABOR, as curl and lftp do: vsftpd looks for urgent data only
 * with async_abor_enable (off by default), proftpd reads the control
 * connection during a transfer anyway, and over TLS an urgent byte would
 * land in the middle of the TLS stream.  What stops a server that does
 * not read the control connection is the data connection closed first:
 * it sees the end (426 for a download; 226 for an upload, whose bytes so
 * far it keeps), then reads ABOR and answers 225 or 226.  A server that
 * reads ABOR during the transfer answers 426, then 226 (RFC 959); one
 * whose transfer had ended answers 226 alone.  So how many replies come
 * is not known: after the first, NOOP goes out, and its 200 marks the end
 * of what the server had to say (NOOP only after the first reply: proftpd
 * answers a command read during a transfer with 450, not 200).
 *
 * Each wait is within FTP_ABOR_MS in all, and the cancel fd does not end
 * it (a cancel is why we are here and leaves it readable).  A server that
 * says something else, or nothing in time, leaves the control connection
 * out of step: it is marked dead, and ftp_done drops it.
 */
static void
ftp_stop(struct ftp_sess *s)
{
	int64_t deadline = mono_ms() + FTP_ABOR_MS;
	int i, code;

	if (s->ctrl.dead)
		return;
	if (ftp_ctrl_send_within(&s->ctrl, FTP_ABOR_MS, "ABOR", NULL) != 0 ||
	    ftp_stop_reply(s, deadline, &code) != 0)
		goto dead;
	if (code != 225 && code != 226 && code != 426 && code != 450 &&
	    code != 451 && code != 500 && code != 502)
		goto dead;	/* not an answer to ABOR or to the transfer */
	if (ftp_ctrl_send_within(&s->ctrl, FTP_ABOR_MS, "NOOP", NULL) != 0)
		goto dead;
	for (i = 0; i < 4; i++) {
		if (ftp_stop_reply(s, deadline, &code) != 0)
			goto dead;
		if (code == 200)
			return;
		if (code / 100 != 2 && code / 100 != 4 && code / 100 != 5)
			goto dead;
	}
dead:
	s->ctrl.dead = 1;
}

static void
ftp_abort(struct vfs_file *f)
{
	struct ftp_file *ff = (struct ftp_file *)f;
	struct vfs *fs = f->fs;
	struct ftp_sess *s = ftp_sess(fs);

	ftp_data_close(&ff->data);
	ftp_file_free(ff);
	if (s != NULL) {
		ftp_stop(s);
		s->busy = 0;
		(void)ftp_done(fs, 0);
	}
}

/* After a finished upload: the server's size must be what was sent. */
static int
ftp_check_size(struct ftp_sess *s, struct ftp_file *ff, char **cause)
{
	uint64_t size, want = ff->start + ff->moved;
	char *where;
	int error, code;

	if ((error = ftp_size(s, ff->path, &size, &code, cause)) != 0)
		return (error < 0 ? error : 0);	/* no SIZE: cannot tell */
	if (size == want)
		return (0);
	where = ftp_where(ff->f.fs, ff->path);
	if (ff->start > 0 && size == ff->moved)
		error = ferr_set(cause, FERR_IO, _("%s: the server ignored the "
		    "restart at byte %llu and wrote from byte 0: it now has "
		    "only the %llu bytes sent last"), where,
		    (unsigned long long)ff->start,
		    (unsigned long long)ff->moved);
	else
		error = ferr_set(cause, FERR_IO, _("%s: the server has %llu "
		    "bytes after the upload, not %llu"), where,
		    (unsigned long long)size, (unsigned long long)want);
	free(where);
	return (error);
}

static int
ftp_close(struct vfs_file *f, char **cause)
{
	struct ftp_file *ff = (struct ftp_file *)f;
	struct vfs *fs = f->fs;
	struct ftp_sess *s = ftp_sess(fs);
	int error;

	if (s == NULL) {
		ftp_file_free(ff);
		return (ferr_set(cause, FERR_LOST, _("not connected")));
	}
	if (net_cancelled(fs->env->cancel_fd)) {
		/* cancelled (the engine closes an upload it stops): every
		 * wait would end at once, the final reply unread */
		ftp_abort(f);
		return (ferr_set(cause, FERR_CANCELLED, _("cancelled")));
	}
	if (!ff->writing && !ff->data.eof) {
		/* closed before the end (a check that needed only the
		 * first bytes): that is an abort, and no failure */
		ftp_abort(f);
		return (0);
	}
	if (ff->writing)
		error = ftp_data_finish(&ff->data, cause);
	else {
		ftp_data_close(&ff->data);
		error = 0;
	}
	if (error != 0)
		s->ctrl.dead = 1;	/* the server may wait on it */
	else
		error = ftp_transfer_end(s, f->fs, ff->path, cause);
	s->busy = 0;
	if (error == 0 && ff->writing)
		error = ftp_check_size(s, ff, cause);
	ftp_file_free(ff);
	return (ftp_done(fs, error));
}

/* Whether path exists (for VFS_WR_EXCL): 0 no, 1 yes, or an error. */
static int
ftp_exists(struct ftp_sess *s, struct vfs *fs, const char *path,
    char **cause)
{
	struct vfs_stat st;
	char *why = NULL;
	int error;

	ftp_stat_clear(&st);
	error = ftp_stat_file(s, fs, path, &st, &why);
	if (error == FERR_NOENT) {
		free(why);
		return (0);
	}
	if (error != 0) {
		free(*cause);
		*cause = why;
		return (error);
	}
	free(why);
	return (1);
}

/* The upload goes on with APPE, after a refused REST + STOR, only when
 * the server's file has exactly offset bytes. */
static int
ftp_append(struct ftp_sess *s, struct vfs *fs, struct ftp_file *ff,
    uint64_t size, int size_known, const struct ftp_reply *why,
    char **cause)
{
	char *where = ftp_where(fs, ff->path), *brief = ftp_reply_brief(why);
	char *cmd, *appe = NULL;
	int error;

	if (!size_known || size != ff->start) {
		error = ferr_set(cause, FERR_UNSUPPORTED, _("%s: the server "
		    "refused to restart the upload at byte %llu (%03d %s), and "
		    "its size is not that offset: not appending"), where,
		    (unsigned long long)ff->start, why->code, brief);
		goto out;
	}
	vfs_log(fs, _("REST + STOR refused; trying APPE"));
	ftp_data_close(&ff->data);
	cmd = xasprintf("APPE %s", ff->path);
	error = ftp_transfer_open(s, fs, ff->path, &ff->data, FERR_IO, &appe,
	    cmd);
	free(cmd);
	if (error == FERR_LOST || error == FERR_CANCELLED) {
		free(*cause);
		*cause = appe;
		appe = NULL;
		goto out;
	}
	if (error != 0) {
		error = ferr_set(cause, FERR_UNSUPPORTED, _("%s: the server "
		    "refused to restart the upload at byte %llu (REST + STOR: "
		    "%03d %s) and to append to it (APPE): it does not resume "
		    "uploads; nothing was written"), where,
		    (unsigned long long)ff->start, why->code, brief);
		goto out;
	}
	vfs_warn(fs, _("%s: the server refused to restart the upload at byte "
	    "%llu (%03d %s); appending (APPE) to its %llu bytes instead"),
	    where, (unsigned long long)ff->start, why->code, brief,
	    (unsigned long long)size);
out:
	free(appe);
	free(brief);
	free(where);
	return (error);
}

/* REST offset + STOR, or APPE where the server refuses that. */
static int
ftp_store_at(struct ftp_sess *s, struct vfs *fs, struct ftp_file *ff,
    char **cause)
{
	struct ftp_reply r;
	uint64_t size = 0;
	char *cmd;
	int error, code, size_known;

	error = ftp_size(s, ff->path, &size, &code, cause);
	if (error < 0)
		return (error);
	size_known = error == 0;
	if (size_known && size < ff->start) {
		char *where = ftp_where(fs, ff->path);

		error = ferr_set(cause, FERR_IO, _("cannot resume %s at byte "
		    "%llu beyond its end (%llu bytes)"), where,
		    (unsigned long long)ff->start, (unsigned long long)size);
		free(where);
		return (error);
	}
	if ((error = ftp_data_prepare(&s->ctrl, fs->env->ftp_active,
	    &s->no_epsv, &ff->data, cause)) != 0)
		return (error);
	if ((error = ftp_cmd(s, &r, cause, "REST %llu",
	    (unsigned long long)ff->start)) != 0)
		return (error);
	if (r.code != 350) {
		error = ftp_append(s, fs, ff, size, size_known, &r, cause);
		ftp_reply_free(&r);
		return (error);
	}
	ftp_reply_free(&r);
	cmd = xasprintf("STOR %s", ff->path);
	error = ftp_cmd(s, &r, cause, "%s", cmd);
	free(cmd);
	if (error != 0)
		return (error);
	if (r.code == 125 || r.code == 150) {
		ftp_reply_free(&r);
		error = ftp_data_start(&ff->data, s->prot_p ? s->tls : NULL,
		    cause);
		if (error == 0 && ff->data.tls != NULL)
			vfs_log(fs, "data TLS: %s", tls_describe(ff->data.tls));
		if (error != 0)
			s->ctrl.dead = 1;	/* the server waits on it */
		return (error);
	}
	if (r.code / 100 != 4 && r.code / 100 != 5) {
		error = ftp_fail(fs, ff->path, &r, FERR_IO, cause);
		return (error);
	}
	/* the REST may still be pending on some servers: clear it */
	error = ftp_try(s, cause, "REST 0");
	if (error == 0)
		error = ftp_append(s, fs, ff, size, size_known, &r, cause);
	ftp_reply_free(&r);
	return (error);
}

static int
ftp_open_write(struct vfs *fs, const char *path, uint64_t offset,
    int flags, uint32_t mode, struct vfs_file **out, char **cause)
{
	struct ftp_sess *s;
	struct ftp_file *ff;
	char *cmd;
	int error;

	*out = NULL;
	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if (offset != 0 && (flags & (VFS_WR_TRUNC|VFS_WR_EXCL|VFS_WR_HOLE)))
		return (ferr_set(cause, FERR_USAGE, _("cannot write %s at "
		    "byte %llu of a new or emptied file"), path,
		    (unsigned long long)offset));
	if ((flags & VFS_WR_EXCL) && !(flags & VFS_WR_CHECKED) &&
	    (error = ftp_exists(s, fs, path, cause)) != 0) {
		if (error == 1) {
			char *where = ftp_where(fs, path);

			error = ferr_set(cause, FERR_EXISTS, _("%s exists"),
			    where);
			free(where);
		}
		return (ftp_done(fs, error));
	}
	ff = ftp_file_new(fs, path, offset, 1);
	if (offset > 0)
		error = ftp_store_at(s, fs, ff, cause);
	else {
		cmd = xasprintf("STOR %s", path);
		error = ftp_transfer_open(s, fs, path, &ff->data, FERR_IO,
		    cause, cmd);
		free(cmd);
	}
	if (error != 0) {
		ftp_file_free(ff);
		return (ftp_done(fs, error));
	}
	(void)mode;	/* the server's umask decides; see ftp_chmod */
	s->busy = 1;
	*out = &ff->f;
	return (0);
}

/* ---------------------------------------------------------------- others */

/* A command on path that must answer want. */
static int
ftp_simple(struct vfs *fs, const char *path, int want, int deflt,
    char **cause, const char *cmd)
{
	struct ftp_sess *s;
	struct ftp_reply r;
	int error;

	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if ((error = ftp_cmd(s, &r, cause, "%s %s", cmd, path)) != 0)
		return (ftp_done(fs, error));
	if (r.code != want && !(want == 250 && r.code == 200))
		return (ftp_fail(fs, path, &r, deflt, cause));
	ftp_reply_free(&r);
	return (0);
}

static int
ftp_mkdir(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	(void)mode;
	return (ftp_simple(fs, path, 257, FERR_IO, cause, "MKD"));
}

static int
ftp_remove(struct vfs *fs, const char *path, char **cause)
{
	return (ftp_simple(fs, path, 250, FERR_IO, cause, "DELE"));
}

static int
ftp_rmdir(struct vfs *fs, const char *path, char **cause)
{
	return (ftp_simple(fs, path, 250, FERR_IO, cause, "RMD"));
}

static int
ftp_rename(struct vfs *fs, const char *from, const char *to, char **cause)
{
	int error;

	if ((error = ftp_simple(fs, from, 350, FERR_IO, cause, "RNFR")) != 0)
		return (error);
	return (ftp_simple(fs, to, 250, FERR_IO, cause, "RNTO"));
}

static int
ftp_chmod(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	struct ftp_sess *s;
	struct ftp_reply r;
	int error;

	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if (s->no_chmod)
		return (ferr_set(cause, FERR_UNSUPPORTED, _("%s: the server "
		    "cannot change modes"), fs->url->host));
	if ((error = ftp_cmd(s, &r, cause, "SITE CHMOD %04o %s",
	    (unsigned)(mode & 07777), path)) != 0)
		return (ftp_done(fs, error));
	if (r.code / 100 == 2) {
		ftp_reply_free(&r);
		return (0);
	}
	if (r.code == 500 || r.code == 502 || r.code == 504)
		s->no_chmod = 1;
	return (ftp_fail(fs, path, &r, FERR_UNSUPPORTED, cause));
}

/* PWD: the login directory (the session never changes directory). */
static int
ftp_home(struct vfs *fs, char **path, char **cause)
{
	struct ftp_sess *s;
	struct ftp_reply r;
	int error;

	*path = NULL;
	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if ((error = ftp_cmd(s, &r, cause, "PWD")) != 0)
		return (error);
	if (r.code != 257 || ftp_parse_257(r.text, path) != 0 ||
	    **path != '/' || strpbrk(*path, "\r\n") != NULL) {
		free(*path);
		*path = NULL;
		return (ftp_fail(fs, NULL, &r, FERR_UNSUPPORTED, cause));
	}
	ftp_reply_free(&r);
	return (0);
}

static int
ftp_keepalive(struct vfs *fs, char **cause)
{
	struct ftp_sess *s;
	struct ftp_reply r;
	int error;

	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if ((error = ftp_cmd(s, &r, cause, "NOOP")) != 0)
		return (ftp_done(fs, error));
	ftp_reply_free(&r);
	return (0);
}

/* ---------------------------------------------------------------- times */

/* MFMT, or SITE UTIME (atime, mtime and ctime all the same), as FEAT
 * offered; a server that offers neither or refuses the command is asked
 * no more in this session. */
static int
ftp_setmtime(struct vfs *fs, const char *path, int64_t mtime, char **cause)
{
	struct ftp_sess *s;
	struct ftp_reply r;
	char when[16], got[16];
	int64_t set;
	int error;

	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if (s->no_settime || (!(s->feats & FTP_FEAT_MFMT) && !s->site_utime))
		return (ferr_set(cause, FERR_UNSUPPORTED, _("%s: the server "
		    "cannot set modification times"), fs->url->host));
	if (ftp_time_format(mtime, when, sizeof when) != 0)
		return (ferr_set(cause, FERR_IO, _("cannot set the "
		    "modification time of %s: out of range"), path));
	if (s->feats & FTP_FEAT_MFMT)
		error = ftp_cmd(s, &r, cause, "MFMT %s %s", when,
		    ftp_arg(path));
	else
		error = ftp_cmd(s, &r, cause, "SITE UTIME %s %s %s %s UTC",
		    ftp_arg(path), when, when, when);
	if (error != 0)
		return (error);
	if (r.code / 100 == 2) {
		if (ftp_mfmt_parse(r.text, &set) == 0 && set != mtime &&
		    ftp_time_format(set, got, sizeof got) == 0)
			vfs_log(fs, _("the server set the time %s, not %s"),
			    got, when);
		ftp_reply_free(&r);
		return (0);
	}
	if (r.code == 500 || r.code == 502 || r.code == 504) {
		s->no_settime = 1;
		return (ftp_fail(fs, path, &r, FERR_UNSUPPORTED, cause));
	}
	return (ftp_fail(fs, path, &r, FERR_IO, cause));
}

/* ---------------------------------------------------------------- hashes */

/* Which command gives algo's digest: HASH where FEAT lists algo with it,
 * else XSHA256, XSHA1 or XMD5 where FEAT offers it and the path is one
 * word (proftpd takes the word after the verb as the path). */
static const char *
ftp_hash_verb(const struct ftp_sess *s, const char *path, enum vfs_hash a)
{
	static const unsigned xfeat[VFS_HASH_COUNT] = {
		[VFS_HASH_SHA256] = FTP_FEAT_XSHA256,
		[VFS_HASH_SHA1] = FTP_FEAT_XSHA1,
		[VFS_HASH_MD5] = FTP_FEAT_XMD5,
	};

	if (a <= VFS_HASH_NONE || a >= VFS_HASH_COUNT)
		return (NULL);
	if (s->hash_algos & VFS_HASH_BIT(a))
		return ("HASH");
	if ((s->feats & xfeat[a]) && strchr(ftp_arg(path), ' ') == NULL)
		return (ftp_xhash_verb(a));
	return (NULL);
}

static unsigned
ftp_hash_algos(struct vfs *fs, const char *path)
{
	struct ftp_sess *s = ftp_sess(fs);
	unsigned algos = 0;
	int a;

	if (s == NULL)
		return (0);
	for (a = VFS_HASH_NONE + 1; a < VFS_HASH_COUNT; a++)
		if (ftp_hash_verb(s, path, a) != NULL)
			algos |= VFS_HASH_BIT(a);
	return (algos);
}

/* A reply that is not the digest asked for: its last line, made safe and
 * cut short, says what it was. */
static int
ftp_hash_bad(struct vfs *fs, const char *path, const char *verb,
    enum vfs_hash a, struct ftp_reply *r, char **cause)
{
	const char *last = strrchr(r->text, '\n');
	char *where = ftp_where(fs, path), *line, *safe;
	int error;

	line = xstrndup(last != NULL ? last + 1 : r->text, 120);
	safe = fmt_safe_name(line);
	error = ferr_set(cause, FERR_IO, _("%s: the reply to %s is no %s of "
	    "the partial: %03d %s"), where, verb, vfs_hash_name(a), r->code,
	    safe);
	free(safe);
	free(line);
	free(where);
	ftp_reply_free(r);
	return (error);
}

/* OPTS HASH ALGO, unless it is selected already. */
static int
ftp_hash_select(struct ftp_sess *s, struct vfs *fs, const char *path,
    enum vfs_hash a, char **cause)
{
	struct ftp_reply r;
	int error;

	if (s->hash_sel == a)
		return (0);
	if ((error = ftp_cmd(s, &r, cause, "OPTS HASH %s",
	    vfs_hash_name(a))) != 0)
		return (error);
	if (r.code / 100 != 2)
		return (ftp_fail(fs, path, &r, FERR_UNSUPPORTED, cause));
	ftp_reply_free(&r);
	s->hash_sel = a;
	return (0);
}

/* RANG START END-1 (the draft's end is inclusive): 1 if the server took
 * it (350), 0 if it did not (HASH then hashes the whole file, and its
 * reply says so). */
static int
ftp_hash_rang(struct ftp_sess *s, uint64_t start, uint64_t end, int *set,
    char **cause)
{
	struct ftp_reply r;
	int error;

	*set = 0;
	if (!(s->feats & FTP_FEAT_RANG))
		return (0);
	if ((error = ftp_cmd(s, &r, cause, "RANG %llu %llu",
	    (unsigned long long)start, (unsigned long long)(end - 1))) != 0)
		return (error);
	*set = r.code == 350;
	ftp_reply_free(&r);
	return (0);
}

/* RANG 1 0: the range is forgotten before the next transfer (proftpd's
 * HASH ignores it and would leave it to the next STOR or RETR).  A server
 * that does not forget it is not used again. */
static int
ftp_hash_unrang(struct ftp_sess *s, struct vfs *fs, char **cause)
{
	struct ftp_reply r;
	int error, code;

	if ((error = ftp_cmd(s, &r, cause, "RANG 1 0")) != 0)
		return (error);
	code = r.code;
	ftp_reply_free(&r);
	if (code == 350)
		return (0);
	s->ctrl.dead = 1;
	return (ferr_set(cause, FERR_LOST, _("%s: the server did not reset "
	    "the byte range after HASH (%03d)"), fs->url->host, code));
}

/* [OPTS HASH ALGO,] [RANG START END-1,] HASH PATH [, RANG 1 0]. */
static int
ftp_hash_cmd(struct ftp_sess *s, struct vfs *fs, const char *path,
    enum vfs_hash a, uint64_t start, uint64_t end, unsigned char *out,
    char **cause)
{
	struct ftp_reply r;
	int error, ranged;

	if ((error = ftp_hash_select(s, fs, path, a, cause)) != 0 ||
	    (error = ftp_hash_rang(s, start, end, &ranged, cause)) != 0)
		return (error);
	if ((error = ftp_cmd(s, &r, cause, "HASH %s", ftp_arg(path))) != 0)
		return (error);
	if (ranged && (error = ftp_hash_unrang(s, fs, cause)) != 0) {
		ftp_reply_free(&r);
		return (error);
	}
	if (r.code / 100 != 2)
		return (ftp_fail(fs, path, &r, FERR_IO, cause));
	if (ftp_hash_parse(r.text, a, start, end, out) != 0)
		return (ftp_hash_bad(fs, path, "HASH", a, &r, cause));
	ftp_reply_free(&r);
	return (0);
}

/* XSHA256 PATH START END (proftpd: END is one past the last byte). */
static int
ftp_xhash_cmd(struct ftp_sess *s, struct vfs *fs, const char *path,
    const char *verb, enum vfs_hash a, uint64_t start, uint64_t end,
    unsigned char *out, char **cause)
{
	struct ftp_reply r;
	int error;

	if ((error = ftp_cmd(s, &r, cause, "%s %s %llu %llu", verb,
	    ftp_arg(path), (unsigned long long)start,
	    (unsigned long long)end)) != 0)
		return (error);
	if (r.code / 100 != 2)
		return (ftp_fail(fs, path, &r, FERR_IO, cause));
	if (ftp_xhash_parse(r.text, a, out) != 0)
		return (ftp_hash_bad(fs, path, verb, a, &r, cause));
	ftp_reply_free(&r);
	return (0);
}

static int
ftp_hash_range(struct vfs *fs, const char *path, enum vfs_hash a,
    uint64_t start, uint64_t end, unsigned char *out, char **cause)
{
	struct ftp_sess *s;
	const char *verb;
	int error;

	memset(out, 0, VFS_HASH_MAX);
	if ((error = ftp_ready(fs, &s, cause)) != 0)
		return (error);
	if ((verb = ftp_hash_verb(s, path, a)) == NULL || end <= start)
		return (ferr_set(cause, FERR_UNSUPPORTED, _("%s: the server "
		    "offers no %s of a part of a file"), fs->url->host,
		    vfs_hash_name(a)));
	if (strcmp(verb, "HASH") == 0)
		error = ftp_hash_cmd(s, fs, path, a, start, end, out, cause);
	else
		error = ftp_xhash_cmd(s, fs, path, verb, a, start, end, out,
		    cause);
	if (error != 0)
		memset(out, 0, VFS_HASH_MAX);
	return (ftp_done(fs, error));
}
