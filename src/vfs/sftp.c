/* ferry: SFTP as a vfs backend, with libssh2 (see vfs.h, sftp.h).
 *
 * Paths go to the server as they are: relative ones are relative to the
 * login directory, "" is the login directory itself.  Transfers keep many
 * requests in flight: libssh2 pipelines a read or write given a large
 * buffer (reads ask ahead up to four times the buffer, in 30000-byte
 * requests; writes send all of the buffer as 30000-byte requests and
 * return as the acknowledgements come back, in order).  Where the reader
 * said where it stops (a file's size), reads ask for no more than that
 * (sftp_read_ask): a small file costs one read request and one that finds
 * the end, both in flight at once, not a window meant for large files.  A write that says
 * EAGAIN or takes only part of the data gets the same data again; reads
 * return data in file order, so what reaches a target is always a
 * contiguous prefix.
 */
#include "config.h"

#include <sys/socket.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libssh2.h>
#include <libssh2_sftp.h>

#include "net/net.h"
#include "ssh/session.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/sftp.h"

/* A name in a listing, at most (bytes, with its NUL). */
#define SFTP_NAME_MAX		4096
/* Attribute flags no server sends (libssh2 clears them for an entry). */
#define SFTP_ATTR_UNTOUCHED	(~0UL)
/* Entries in one listing, at most. */
#define SFTP_LIST_MAX		1000000
/* A keepalive round trip after this many seconds without one. */
#define SFTP_KEEPALIVE_S	15
/* How long a keepalive round trip may take (ms). */
#define SFTP_KEEPALIVE_MS	10000
/* How long closing may take when giving up on a file (ms). */
#define SFTP_ABORT_MS		2000
/* Shutdown rounds that may say EAGAIN on a dead connection. */
#define SFTP_SHUTDOWN_ROUNDS	100

struct sftp_priv {
	struct ssh_conn	*c;
	LIBSSH2_SFTP	*sftp;
	time_t		 used;		/* last round trip */
};

/* An open file; the vfs_file comes first so the two convert. */
struct sftp_file {
	struct vfs_file		 f;
	LIBSSH2_SFTP_HANDLE	*h;
	char			*path;	/* for messages */
	size_t			 cap;	/* reads asked no longer than this
					   (0: any length); see sftp_read */
	size_t			 last;	/* bytes of the last read */
	int			 shortened; /* times cap was lowered */
	int			 exact;	/* reads no longer ask beyond the
					   expected end (sftp_read_ask) */
};

/* Times a server's short reads may lower the length asked for. */
#define SFTP_SHORT_TRIES	16
/* The longest read request libssh2 makes (its MAX_SFTP_READ_SIZE). */
#define SFTP_READ_MAX		30000

static int	sftp_connect(struct vfs *, char **);
static void	sftp_disconnect(struct vfs *);
static int	sftp_stat(struct vfs *, const char *, struct vfs_stat *,
		    char **);
static int	sftp_list(struct vfs *, const char *, struct vfs_list *,
		    char **);
static int	sftp_open_read(struct vfs *, const char *, uint64_t,
		    struct vfs_file **, char **);
static int	sftp_open_write(struct vfs *, const char *, uint64_t, int,
		    uint32_t, struct vfs_file **, char **);
static int	sftp_read(struct vfs_file *, void *, size_t, size_t *,
		    char **);
static int	sftp_write(struct vfs_file *, const void *, size_t, size_t *,
		    char **);
static int	sftp_close(struct vfs_file *, char **);
static void	sftp_abort(struct vfs_file *);
static int	sftp_mkdir(struct vfs *, const char *, uint32_t, char **);
static int	sftp_remove(struct vfs *, const char *, char **);
static int	sftp_home(struct vfs *, char **, char **);
static int	sftp_rmdir(struct vfs *, const char *, char **);
static int	sftp_rename(struct vfs *, const char *, const char *,
		    char **);
static int	sftp_chmod(struct vfs *, const char *, uint32_t, char **);
static int	sftp_keepalive(struct vfs *, char **);
static int	sftp_setmtime(struct vfs *, const char *, int64_t, char **);

/* Overwrites go beside the target only where rename can replace it:
 * posix-rename@openssh.com, which libssh2 sends from 1.11 on. */
#if LIBSSH2_VERSION_NUM >= 0x010b00
#define SFTP_CAP_REPLACE	VFS_CAP_REPLACE
#else
#define SFTP_CAP_REPLACE	0
#endif

const struct vfs_ops vfs_sftp_ops = {
	.name = "sftp",
	.caps = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|
	    VFS_CAP_MKDIR|VFS_CAP_CHMOD|VFS_CAP_SETTIME|SFTP_CAP_REPLACE,

	.connect = sftp_connect,
	.disconnect = sftp_disconnect,
	.stat = sftp_stat,
	.list = sftp_list,
	.open_read = sftp_open_read,
	.open_write = sftp_open_write,
	.read = sftp_read,
	.write = sftp_write,
	.close = sftp_close,
	.abort = sftp_abort,
	.mkdir = sftp_mkdir,
	.remove = sftp_remove,
	.rmdir = sftp_rmdir,
	.rename = sftp_rename,
	.chmod = sftp_chmod,
	.home = sftp_home,
	.keepalive = sftp_keepalive,
	.setmtime = sftp_setmtime,
};

/* The login directory is "." to the server. */
static const char *
sftp_path(const char *path)
{
	return (path == NULL || *path == '\0' ? "." : path);
}

static const char *
sftp_status_text(unsigned long fx)
{
	switch (fx) {
	case LIBSSH2_FX_EOF:
		return (_("end of file"));
	case LIBSSH2_FX_NO_SUCH_FILE:
	case LIBSSH2_FX_NO_SUCH_PATH:
		return (_("no such file or directory"));
	case LIBSSH2_FX_PERMISSION_DENIED:
	case LIBSSH2_FX_WRITE_PROTECT:
		return (_("permission denied"));
	case LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM:
		return (_("no space left on the server"));
	case LIBSSH2_FX_QUOTA_EXCEEDED:
		return (_("quota exceeded"));
	case LIBSSH2_FX_FILE_ALREADY_EXISTS:
		return (_("file exists"));
	case LIBSSH2_FX_OP_UNSUPPORTED:
		return (_("not supported by the server"));
	case LIBSSH2_FX_NOT_A_DIRECTORY:
		return (_("not a directory"));
	case LIBSSH2_FX_DIR_NOT_EMPTY:
		return (_("directory not empty"));
	case LIBSSH2_FX_NO_CONNECTION:
	case LIBSSH2_FX_CONNECTION_LOST:
		return (_("connection lost"));
	default:
		return (_("failure"));
	}
}

static int
sftp_status_code(unsigned long fx)
{
	switch (fx) {
	case LIBSSH2_FX_NO_SUCH_FILE:
	case LIBSSH2_FX_NO_SUCH_PATH:
		return (FERR_NOENT);
	case LIBSSH2_FX_PERMISSION_DENIED:
	case LIBSSH2_FX_WRITE_PROTECT:
		return (FERR_PERM);
	case LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM:
	case LIBSSH2_FX_QUOTA_EXCEEDED:
		return (FERR_NOSPC);
	case LIBSSH2_FX_FILE_ALREADY_EXISTS:
		return (FERR_EXISTS);
	case LIBSSH2_FX_OP_UNSUPPORTED:
		return (FERR_UNSUPPORTED);
	case LIBSSH2_FX_NOT_A_DIRECTORY:
		return (FERR_ISDIR);
	case LIBSSH2_FX_NO_CONNECTION:
	case LIBSSH2_FX_CONNECTION_LOST:
		return (FERR_LOST);
	default:
		return (FERR_IO);
	}
}

/* A failed call: an SFTP status, or whatever the connection says. */
static int
sftp_fail(struct sftp_priv *p, int rc, const char *what, char **cause)
{
	unsigned long fx;

	if (rc != LIBSSH2_ERROR_SFTP_PROTOCOL)
		return (ssh_conn_fail(p->c, rc, what, cause));
	fx = libssh2_sftp_last_error(p->sftp);
	return (ferr_set(cause, sftp_status_code(fx), "%s: %s", what,
	    sftp_status_text(fx)));
}

static int __attribute__((format(printf, 4, 5)))
sftp_failf(struct sftp_priv *p, int rc, char **cause, const char *fmt, ...)
{
	va_list ap;
	char *what;
	int error;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) == -1)
		abort();
	va_end(ap);
	error = sftp_fail(p, rc, what, cause);
	free(what);
	return (error);
}

/* A dead connection is reported, not used (the engine reconnects). */
static int
sftp_alive(struct vfs *fs, char **cause)
{
	struct sftp_priv *p = fs->priv;
	char *where;
	int rc;

	if (p != NULL && p->c != NULL && !p->c->dead)
		return (0);
	where = vfs_display(fs, NULL);
	rc = ferr_set(cause, FERR_LOST, _("%s: the connection was lost"),
	    where);
	free(where);
	return (rc);
}

static void
sftp_shutdown(struct sftp_priv *p)
{
	int rc, i;

	if (p->sftp == NULL)
		return;
	if (!p->c->dead) {
		p->c->timeout_ms = SFTP_ABORT_MS;
		SSH_CALL(p->c, rc, libssh2_sftp_shutdown(p->sftp), NULL);
		if (rc == 0) {
			p->sftp = NULL;
			return;
		}
		p->c->dead = 1;
	}
	/* Dead: make every send fail at once, so that this ends. */
	shutdown(p->c->fd, SHUT_RDWR);
	for (i = 0; i < SFTP_SHUTDOWN_ROUNDS; i++) {
		if (libssh2_sftp_shutdown(p->sftp) != LIBSSH2_ERROR_EAGAIN)
			break;
	}
	p->sftp = NULL;
}

static void
sftp_disconnect(struct vfs *fs)
{
	struct sftp_priv *p = fs->priv;

	if (p == NULL)
		return;
	if (p->c != NULL) {
		sftp_shutdown(p);
		ssh_conn_close(p->c);
	}
	free(p);
	fs->priv = NULL;
}

static int
sftp_connect(struct vfs *fs, char **cause)
{
	struct sftp_priv *p;
	int rc;

	if (fs->priv != NULL)
		sftp_disconnect(fs);
	p = xcalloc(1, sizeof *p);
	fs->priv = p;
	if ((rc = ssh_conn_open(fs, &p->c, cause)) != 0)
		goto out;
	SSH_CALLP(p->c, p->sftp, libssh2_sftp_init(p->c->s), cause);
	if (p->sftp == NULL) {
		rc = ssh_conn_fail(p->c, libssh2_session_last_errno(p->c->s),
		    _("cannot start SFTP"), cause);
		goto out;
	}
	vfs_log(fs, "SFTP: ready");
	fs->loopback = net_peer_is_loopback(p->c->fd);
	p->used = time(NULL);
	rc = 0;
out:
	if (rc != 0)
		sftp_disconnect(fs);
	return (rc);
}

static void
sftp_stat_clear(struct vfs_stat *st)
{
	memset(st, 0, sizeof *st);
	st->type = VFS_NONE;
	st->mtime = VFS_MTIME_UNKNOWN;
}

static void
sftp_fill(const LIBSSH2_SFTP_ATTRIBUTES *a, struct vfs_stat *st)
{
	sftp_stat_clear(st);
	st->type = VFS_OTHER;
	if (a->flags & LIBSSH2_SFTP_ATTR_PERMISSIONS) {
		if (LIBSSH2_SFTP_S_ISREG(a->permissions))
			st->type = VFS_FILE;
		else if (LIBSSH2_SFTP_S_ISDIR(a->permissions))
			st->type = VFS_DIR;
		else if (LIBSSH2_SFTP_S_ISLNK(a->permissions))
			st->type = VFS_LINK;
		st->mode = (uint32_t)(a->permissions & 07777);
	} else
		st->type = VFS_FILE;	/* a guess servers leave us */
	if (a->flags & LIBSSH2_SFTP_ATTR_SIZE) {
		st->size_known = 1;
		st->size = a->filesize;
	}
	if (a->flags & LIBSSH2_SFTP_ATTR_ACMODTIME) {
		st->mtime = (int64_t)a->mtime;
		st->mtime_prec = VFS_PREC_SECOND;
	}
}

/* One stat or lstat; the libssh2 result. */
static int
sftp_stat_raw(struct sftp_priv *p, const char *path, int how,
    LIBSSH2_SFTP_ATTRIBUTES *a, char **cause)
{
	int rc;

	memset(a, 0, sizeof *a);
	SSH_CALL(p->c, rc, libssh2_sftp_stat_ex(p->sftp, path,
	    (unsigned)strlen(path), how, a), cause);
	return (rc);
}

/* A symlink's target, for its type; a dangling one stays VFS_LINK. */
static int
sftp_follow(struct sftp_priv *p, const char *path, struct vfs_stat *st,
    char **cause)
{
	LIBSSH2_SFTP_ATTRIBUTES a;
	int rc;

	rc = sftp_stat_raw(p, path, LIBSSH2_SFTP_STAT, &a, cause);
	if (rc == 0) {
		sftp_fill(&a, st);
		st->is_link = 1;
		return (0);
	}
	if (rc == LIBSSH2_ERROR_SFTP_PROTOCOL) {
		st->type = VFS_LINK;
		st->is_link = 1;
		return (0);
	}
	return (sftp_failf(p, rc, cause, _("cannot stat %s"), path));
}

static int
sftp_stat(struct vfs *fs, const char *path, struct vfs_stat *out,
    char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_ATTRIBUTES a;
	const char *sp = sftp_path(path);
	int rc;

	sftp_stat_clear(out);
	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	rc = sftp_stat_raw(p, sp, LIBSSH2_SFTP_LSTAT, &a, cause);
	if (rc != 0)
		return (sftp_failf(p, rc, cause, _("cannot stat %s"), sp));
	p->used = time(NULL);
	sftp_fill(&a, out);
	if (out->type == VFS_LINK)
		return (sftp_follow(p, sp, out, cause));
	return (0);
}

/* Read the entries of an open directory into out. */
static int
sftp_list_read(struct sftp_priv *p, LIBSSH2_SFTP_HANDLE *h,
    const char *path, struct vfs_list *out, char **cause)
{
	LIBSSH2_SFTP_ATTRIBUTES a;
	struct vfs_stat st;
	char name[SFTP_NAME_MAX], *full;
	int rc;

	for (;;) {
		/* libssh2 says 0 both at the end and for an entry with an
		 * empty name; only an entry fills in the attributes. */
		a.flags = SFTP_ATTR_UNTOUCHED;
		SSH_CALL(p->c, rc, libssh2_sftp_readdir_ex(h, name, sizeof name,
		    NULL, 0, &a), cause);
		if (rc == 0 && a.flags == SFTP_ATTR_UNTOUCHED)
			return (0);
		if (rc < 0)
			return (sftp_failf(p, rc, cause, _("cannot list %s"),
			    path));
		if (rc == 0) {
			vfs_warn(p->c->fs, _("%s: the server listed an entry "
			    "without a name; left out"), path);
			continue;
		}
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (out->n >= SFTP_LIST_MAX)
			return (ferr_set(cause, FERR_IO, _("cannot list %s: "
			    "more than %d entries"), path, SFTP_LIST_MAX));
		sftp_fill(&a, &st);
		if (st.type == VFS_LINK) {
			full = path_join(path, name);
			rc = sftp_follow(p, full, &st, cause);
			free(full);
			if (rc != 0)
				return (rc);
		}
		vfs_list_add(out, name, &st);
		vfs_list_progress(p->c->fs, out);
	}
}

static int
sftp_list(struct vfs *fs, const char *path, struct vfs_list *out,
    char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_HANDLE *h;
	const char *sp = sftp_path(path);
	int rc, rc2;

	memset(out, 0, sizeof *out);
	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: list %s", sp);
	SSH_CALLP(p->c, h, libssh2_sftp_open_ex(p->sftp, sp,
	    (unsigned)strlen(sp), 0, 0, LIBSSH2_SFTP_OPENDIR), cause);
	if (h == NULL)
		return (sftp_failf(p, libssh2_session_last_errno(p->c->s),
		    cause, _("cannot list %s"), sp));
	rc = sftp_list_read(p, h, sp, out, cause);
	if (!p->c->dead) {
		SSH_CALL(p->c, rc2, libssh2_sftp_close_handle(h), NULL);
		if (rc == 0 && rc2 != 0)
			rc = sftp_failf(p, rc2, cause, _("cannot list %s"), sp);
	}
	if (rc != 0)
		vfs_list_free(out);
	else
		p->used = time(NULL);
	return (rc);
}

static struct vfs_file *
sftp_file_new(struct vfs *fs, const char *path, LIBSSH2_SFTP_HANDLE *h,
    uint64_t pos)
{
	struct sftp_file *sf;

	sf = xcalloc(1, sizeof *sf);
	sf->f.fs = fs;
	sf->f.pos = pos;
	sf->h = h;
	sf->path = xstrdup(path);
	return (&sf->f);
}

static void
sftp_file_free(struct sftp_file *sf)
{
	free(sf->path);
	free(sf);
}

/* Open a file; *hp NULL on failure (with the FERR_* code returned). */
static int
sftp_open(struct sftp_priv *p, const char *path, unsigned long flags,
    long mode, LIBSSH2_SFTP_HANDLE **hp, char **cause)
{
	SSH_CALLP(p->c, *hp, libssh2_sftp_open_ex(p->sftp, path,
	    (unsigned)strlen(path), flags, mode, LIBSSH2_SFTP_OPENFILE),
	    cause);
	if (*hp != NULL)
		return (0);
	return (sftp_failf(p, libssh2_session_last_errno(p->c->s), cause,
	    _("cannot open %s"), path));
}

static int
sftp_open_read(struct vfs *fs, const char *path, uint64_t offset,
    struct vfs_file **out, char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_HANDLE *h;
	const char *sp = sftp_path(path);
	int rc;

	*out = NULL;
	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: open %s for reading at byte %llu", sp,
	    (unsigned long long)offset);
	if ((rc = sftp_open(p, sp, LIBSSH2_FXF_READ, 0, &h, cause)) != 0)
		return (rc);
	libssh2_sftp_seek64(h, offset);
	*out = sftp_file_new(fs, sp, h, offset);
	return (0);
}

static unsigned long
sftp_write_flags(int flags, uint64_t offset)
{
	unsigned long fx = LIBSSH2_FXF_WRITE;

	/* Resuming never creates: a new file would be shorter than the
	 * offset.  Never LIBSSH2_FXF_APPEND: some servers then ignore the
	 * offset. */
	if ((flags & VFS_WR_CREATE) && offset == 0)
		fx |= LIBSSH2_FXF_CREAT;
	if (flags & VFS_WR_TRUNC)
		fx |= LIBSSH2_FXF_TRUNC;
	if (flags & VFS_WR_EXCL)
		fx |= LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL;
	return (fx);
}

/* A resume must not start beyond what the server has. */
static int
sftp_resume_at(struct sftp_priv *p, LIBSSH2_SFTP_HANDLE *h,
    const char *path, uint64_t offset, char **cause)
{
	LIBSSH2_SFTP_ATTRIBUTES a;
	int rc;

	memset(&a, 0, sizeof a);
	SSH_CALL(p->c, rc, libssh2_sftp_fstat_ex(h, &a, 0), cause);
	if (rc != 0)
		return (sftp_failf(p, rc, cause, _("cannot resume %s"), path));
	if (!(a.flags & LIBSSH2_SFTP_ATTR_SIZE))
		return (0);	/* the server does not say: trust the caller */
	if (offset > a.filesize)
		return (ferr_set(cause, FERR_IO, _("cannot resume %s at byte "
		    "%llu beyond its end (%llu bytes)"), path,
		    (unsigned long long)offset,
		    (unsigned long long)a.filesize));
	return (0);
}

static void
sftp_handle_close(struct sftp_priv *p, LIBSSH2_SFTP_HANDLE *h)
{
	int rc, saved;

	if (p->c->dead)
		return;		/* freed with the session */
	saved = p->c->timeout_ms;
	p->c->timeout_ms = SFTP_ABORT_MS;
	SSH_CALL(p->c, rc, libssh2_sftp_close_handle(h), NULL);
	(void)rc;
	p->c->timeout_ms = saved;
}

static int
sftp_open_write(struct vfs *fs, const char *path, uint64_t offset,
    int flags, uint32_t mode, struct vfs_file **out, char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_HANDLE *h;
	const char *sp = sftp_path(path);
	int rc;

	*out = NULL;
	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	if (offset != 0 && (flags & (VFS_WR_TRUNC|VFS_WR_EXCL|VFS_WR_HOLE)))
		return (ferr_set(cause, FERR_USAGE, _("cannot write %s at byte "
		    "%llu of a new or emptied file"), sp,
		    (unsigned long long)offset));
	vfs_log(fs, "SFTP: open %s for writing at byte %llu%s%s", sp,
	    (unsigned long long)offset, flags & VFS_WR_TRUNC ?
	    " (truncate)" : "", flags & VFS_WR_EXCL ? " (new)" : "");
	rc = sftp_open(p, sp, sftp_write_flags(flags, offset),
	    mode != 0 ? (long)(mode & 07777) : 0644, &h, cause);
	if (rc != 0) {
		/* SFTP v3 servers say "failure" for an existing file. */
		if ((flags & VFS_WR_EXCL) && rc == FERR_IO &&
		    sftp_stat(fs, sp, &(struct vfs_stat){ 0 }, NULL) == 0)
			rc = ferr_set(cause, FERR_EXISTS, _("cannot open %s "
			    "for writing: %s"), sp, _("file exists"));
		return (rc);
	}
	if (offset != 0 &&
	    (rc = sftp_resume_at(p, h, sp, offset, cause)) != 0) {
		sftp_handle_close(p, h);
		return (rc);
	}
	libssh2_sftp_seek64(h, offset);
	*out = sftp_file_new(fs, sp, h, offset);
	return (0);
}

size_t
sftp_read_ask(uint64_t pos, uint64_t end, int end_known, int find_end,
    size_t len)
{
	uint64_t quarter;

	if (!end_known || pos > end)
		return (len);
	if (find_end && end > pos && end - pos <= SFTP_READ_MAX)
		return (SFTP_READ_MAX / 4 + 1 < len ? SFTP_READ_MAX / 4 + 1 :
		    len);
	quarter = (end - pos) / 4;
	if (quarter == 0)
		quarter = 1;
	return (quarter < len ? (size_t)quarter : len);
}

/*
 * A server may answer a read with fewer bytes than asked for before the
 * end of the file (the protocol allows it: some cap a read at 16 or 32
 * KiB).  libssh2 1.10 then fails the next of its read-ahead requests ("Read
 * Packet At Unexpected Offset", an SFTP protocol error): its requests were
 * made for the full length.  1 if that was the error: the read-ahead is
 * dropped (seek flushes it), and from now on no read asks for more than
 * the server gave last time (halved when that is not known), so the
 * requests in flight meet.  pos is the first byte not read yet.  0 for
 * any other error, or after SFTP_SHORT_TRIES such errors.
 *
 * libssh2 says this error once: a caller that has bytes already must
 * still handle it at once (its requests are left in a state that waits
 * for replies that never come).
 */
static int
sftp_read_short(struct sftp_file *sf, int rc, uint64_t pos)
{
	struct sftp_priv *p = sf->f.fs->priv;
	char *msg = NULL;
	size_t was;

	if (rc != LIBSSH2_ERROR_SFTP_PROTOCOL ||
	    sf->shortened >= SFTP_SHORT_TRIES)
		return (0);
	libssh2_session_last_error(p->c->s, &msg, NULL, 0);
	if (msg == NULL || strstr(msg, "Unexpected Offset") == NULL)
		return (0);
	was = sf->cap != 0 ? sf->cap : SFTP_READ_MAX;
	sf->cap = sf->last != 0 && sf->last < was ? sf->last : was / 2;
	if (sf->cap < 512)
		sf->cap = 512;
	sf->shortened++;
	sf->last = 0;
	vfs_log(sf->f.fs, "SFTP: %s: the server gives shorter reads than "
	    "asked; reading %zu bytes at a time from byte %llu", sf->path,
	    sf->cap, (unsigned long long)pos);
	libssh2_sftp_seek64(sf->h, pos);
	return (1);
}

/*
 * Read what is there, up to len: after the first bytes, more only as long
 * as libssh2 has them without waiting.  Each call to libssh2 gets the same
 * arguments again after EAGAIN (they depend only on *got, which has not
 * moved).
 */
static int
sftp_read(struct vfs_file *f, void *buf, size_t len, size_t *got,
    char **cause)
{
	struct sftp_file *sf = (struct sftp_file *)f;
	struct sftp_priv *p = f->fs->priv;
	size_t ask;
	ssize_t n;
	int rc;

	*got = 0;
	if ((rc = sftp_alive(f->fs, cause)) != 0)
		return (rc);
	while (*got < len) {
		ask = sftp_read_ask(f->pos + *got, f->end, f->end_known,
		    !sf->exact, len - *got);
		if (sf->cap != 0 && ask > sf->cap)
			ask = sf->cap;
		n = libssh2_sftp_read(sf->h, (char *)buf + *got, ask);
		if (n > 0) {
			sf->last = (size_t)n;
			*got += (size_t)n;
			/* Longer than expected (it grew): the usual pace. */
			if (f->end_known && f->pos + *got > f->end)
				f->end_known = 0;
			continue;
		}
		/*
		 * The end, found by the request beyond the expected end while
		 * the server gave less than the rest (it caps its reads, or
		 * the file shrank): look again at the exact place, without
		 * asking beyond it; a real end says 0 again.
		 */
		if (n == 0 && f->end_known && f->pos + *got < f->end &&
		    !sf->exact) {
			sf->exact = 1;
			libssh2_sftp_seek64(sf->h, f->pos + *got);
			continue;
		}
		if (n == 0)
			break;		/* the end of the file */
		if (sftp_read_short(sf, (int)n, f->pos + *got)) {
			if (*got > 0)
				break;
			continue;
		}
		if (*got > 0)
			break;		/* an error comes back next time */
		if (n != LIBSSH2_ERROR_EAGAIN)
			return (sftp_failf(p, (int)n, cause,
			    _("cannot read %s"), sf->path));
		if (ssh_conn_wait(p->c, cause) != 0)
			return (sftp_failf(p, LIBSSH2_ERROR_EAGAIN, cause,
			    _("cannot read %s"), sf->path));
	}
	f->pos += *got;
	p->used = time(NULL);
	return (0);
}

/*
 * Write all of buf.  libssh2 sends the whole buffer as pipelined requests
 * and returns what the server acknowledged; the rest is passed again (it
 * knows which part it has sent already).
 */
static int
sftp_write(struct vfs_file *f, const void *buf, size_t len, size_t *done,
    char **cause)
{
	struct sftp_file *sf = (struct sftp_file *)f;
	struct sftp_priv *p = f->fs->priv;
	ssize_t n;
	int rc;

	*done = 0;
	if ((rc = sftp_alive(f->fs, cause)) != 0)
		return (rc);
	while (*done < len) {
		n = libssh2_sftp_write(sf->h, (const char *)buf + *done,
		    len - *done);
		if (n > 0) {
			*done += (size_t)n;
			f->pos += (uint64_t)n;
			continue;
		}
		if (n == LIBSSH2_ERROR_EAGAIN) {
			if (ssh_conn_wait(p->c, cause) != 0)
				return (sftp_failf(p, (int)n, cause,
				    _("cannot write %s"), sf->path));
			continue;
		}
		if (n == 0)
			return (ferr_set(cause, FERR_IO, _("cannot write %s: "
			    "no progress"), sf->path));
		return (sftp_failf(p, (int)n, cause, _("cannot write %s"),
		    sf->path));
	}
	p->used = time(NULL);
	return (0);
}

/*
 * The end of a file's life: a connection whose wait failed (a cancel
 * included) is dropped, and the session says it is not connected, so that
 * whoever holds it connects again before the next command (the worker
 * does at once) instead of hearing "the connection was lost" until an
 * idle keep-alive gives up on it.
 *
 * Why not drain what is outstanding and go on on the same connection, as
 * FTP's ABOR does: a wait that a cancel ends leaves libssh2 1.10 in the
 * middle of a call (an SFTP packet half written to the channel, or an SSH
 * packet half sent, which it refuses to follow with any other), and only
 * the same call with the same arguments can finish it; the vfs_file has
 * neither the caller's buffer nor a bound on what finishing would write.
 * A new connection on a reachable server takes a fraction of a second.
 */
static int
sftp_done(struct vfs *fs, int error)
{
	struct sftp_priv *p = fs->priv;

	if (p != NULL && p->c != NULL && p->c->dead) {
		vfs_log(fs, "SFTP: dropping the connection");
		vfs_lost(fs);
	}
	return (error);
}

static int
sftp_close(struct vfs_file *f, char **cause)
{
	struct sftp_file *sf = (struct sftp_file *)f;
	struct vfs *fs = f->fs;
	struct sftp_priv *p = fs->priv;
	int rc;

	if ((rc = sftp_alive(fs, cause)) != 0) {
		sftp_file_free(sf);
		return (sftp_done(fs, rc));
	}
	SSH_CALL(p->c, rc, libssh2_sftp_close_handle(sf->h), cause);
	if (rc != 0)
		rc = sftp_failf(p, rc, cause, _("cannot close %s"), sf->path);
	sftp_file_free(sf);
	return (sftp_done(fs, rc));
}

static void
sftp_abort(struct vfs_file *f)
{
	struct sftp_file *sf = (struct sftp_file *)f;
	struct vfs *fs = f->fs;

	if (fs->priv != NULL)
		sftp_handle_close(fs->priv, sf->h);
	sftp_file_free(sf);
	(void)sftp_done(fs, 0);
}

static int
sftp_mkdir(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	struct sftp_priv *p = fs->priv;
	struct vfs_stat st;
	const char *sp = sftp_path(path);
	int rc;

	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: mkdir %s", sp);
	SSH_CALL(p->c, rc, libssh2_sftp_mkdir_ex(p->sftp, sp,
	    (unsigned)strlen(sp), mode != 0 ? (long)(mode & 07777) : 0777),
	    cause);
	if (rc == 0)
		return (0);
	rc = sftp_failf(p, rc, cause, _("cannot create directory %s"), sp);
	/* SFTP v3 servers say "failure" for an existing name. */
	if (rc == FERR_IO && sftp_stat(fs, sp, &st, NULL) == 0)
		rc = ferr_set(cause, FERR_EXISTS, _("cannot create directory "
		    "%s: %s"), sp, _("file exists"));
	return (rc);
}

static int
sftp_home(struct vfs *fs, char **path, char **cause)
{
	struct sftp_priv *p = fs->priv;
	char buf[4096];
	int rc;

	*path = NULL;
	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	SSH_CALL(p->c, rc, libssh2_sftp_symlink_ex(p->sftp, ".", 1, buf,
	    sizeof buf - 1, LIBSSH2_SFTP_REALPATH), cause);
	if (rc < 0)
		return (sftp_failf(p, rc, cause, "%s",
		    _("cannot find the login directory")));
	buf[rc] = '\0';
	if (buf[0] != '/' || memchr(buf, '\0', (size_t)rc) != NULL)
		return (ferr_set(cause, FERR_IO, "%s", _("the server named "
		    "no absolute login directory")));
	*path = xstrdup(buf);
	return (0);
}

static int
sftp_remove(struct vfs *fs, const char *path, char **cause)
{
	struct sftp_priv *p = fs->priv;
	const char *sp = sftp_path(path);
	int rc;

	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: remove %s", sp);
	SSH_CALL(p->c, rc, libssh2_sftp_unlink_ex(p->sftp, sp,
	    (unsigned)strlen(sp)), cause);
	if (rc != 0)
		return (sftp_failf(p, rc, cause, _("cannot remove %s"), sp));
	return (0);
}

static int
sftp_rmdir(struct vfs *fs, const char *path, char **cause)
{
	struct sftp_priv *p = fs->priv;
	const char *sp = sftp_path(path);
	int rc;

	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: rmdir %s", sp);
	SSH_CALL(p->c, rc, libssh2_sftp_rmdir_ex(p->sftp, sp,
	    (unsigned)strlen(sp)), cause);
	if (rc != 0)
		return (sftp_failf(p, rc, cause,
		    _("cannot remove directory %s"), sp));
	return (0);
}

/*
 * posix-rename@openssh.com (replaces the target atomically) where libssh2
 * can send it (1.11 and later); libssh2 1.10 has no call for extensions,
 * and its plain rename asks for overwriting, which SFTP v3 cannot say.
 */
static int
sftp_rename_call(struct sftp_priv *p, const char *from, const char *to)
{
#if LIBSSH2_VERSION_NUM >= 0x010b00
	return (libssh2_sftp_posix_rename_ex(p->sftp, from,
	    (unsigned)strlen(from), to, (unsigned)strlen(to)));
#else
	return (libssh2_sftp_rename_ex(p->sftp, from, (unsigned)strlen(from),
	    to, (unsigned)strlen(to), LIBSSH2_SFTP_RENAME_OVERWRITE |
	    LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE));
#endif
}

static int
sftp_rename(struct vfs *fs, const char *from, const char *to, char **cause)
{
	struct sftp_priv *p = fs->priv;
	const char *sf = sftp_path(from), *st = sftp_path(to);
	char *what;
	int rc;

	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: rename %s to %s", sf, st);
	SSH_CALL(p->c, rc, sftp_rename_call(p, sf, st), cause);
	if (rc == 0)
		return (0);
	what = xasprintf(_("cannot rename %s to %s"), sf, st);
	rc = sftp_fail(p, rc, what, cause);
	free(what);
	return (rc);
}

static int
sftp_chmod(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_ATTRIBUTES a;
	const char *sp = sftp_path(path);
	int rc;

	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: chmod %04o %s", (unsigned)(mode & 07777), sp);
	memset(&a, 0, sizeof a);
	a.flags = LIBSSH2_SFTP_ATTR_PERMISSIONS;
	a.permissions = mode & 07777;
	SSH_CALL(p->c, rc, libssh2_sftp_stat_ex(p->sftp, sp,
	    (unsigned)strlen(sp), LIBSSH2_SFTP_SETSTAT, &a), cause);
	if (rc != 0)
		return (sftp_failf(p, rc, cause, _("cannot change the mode of "
		    "%s"), sp));
	return (0);
}

/* A round trip now and then: the server still answers. */
static int
sftp_keepalive(struct vfs *fs, char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_ATTRIBUTES a;
	int rc, saved;

	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	if (time(NULL) - p->used < SFTP_KEEPALIVE_S)
		return (0);
	/* The worker waits meanwhile: not for a whole idle timeout. */
	saved = p->c->timeout_ms;
	if (p->c->timeout_ms > SFTP_KEEPALIVE_MS)
		p->c->timeout_ms = SFTP_KEEPALIVE_MS;
	rc = sftp_stat_raw(p, ".", LIBSSH2_SFTP_STAT, &a, cause);
	p->c->timeout_ms = saved;
	if (rc != 0)
		return (sftp_failf(p, rc, cause, _("cannot stat %s"), "."));
	p->used = time(NULL);
	return (0);
}

/* SETSTAT with the times (SFTP v3 carries both, 32 bits each): the access
 * time becomes now. */
static int
sftp_setmtime(struct vfs *fs, const char *path, int64_t mtime, char **cause)
{
	struct sftp_priv *p = fs->priv;
	LIBSSH2_SFTP_ATTRIBUTES a;
	const char *sp = sftp_path(path);
	int rc;

	if (mtime < 0 || mtime > (int64_t)UINT32_MAX)
		return (ferr_set(cause, FERR_IO, _("cannot set the "
		    "modification time of %s: out of range"), sp));
	if ((rc = sftp_alive(fs, cause)) != 0)
		return (rc);
	vfs_log(fs, "SFTP: setstat mtime %lld %s", (long long)mtime, sp);
	memset(&a, 0, sizeof a);
	a.flags = LIBSSH2_SFTP_ATTR_ACMODTIME;
	a.atime = (unsigned long)time(NULL);
	a.mtime = (unsigned long)mtime;
	SSH_CALL(p->c, rc, libssh2_sftp_stat_ex(p->sftp, sp,
	    (unsigned)strlen(sp), LIBSSH2_SFTP_SETSTAT, &a), cause);
	if (rc != 0)
		return (sftp_failf(p, rc, cause, _("cannot set the "
		    "modification time of %s"), sp));
	p->used = time(NULL);
	return (0);
}
