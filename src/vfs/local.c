/* ferry: the local file system as a vfs backend (see vfs.h).
 *
 * Nothing here ever truncates a file unless the caller asked for
 * VFS_WR_TRUNC, and a resume never starts beyond what is on disk.
 *
 * Writing never follows a link planted at the target: files are opened
 * with O_NOFOLLOW, and an existing file is written (resumed, truncated)
 * only when it is a regular file with one link, owned by the user; the
 * check is made on the open descriptor, before any truncation.
 *
 * Below fs->beneath (the directory a tree is copied into), every
 * directory on the way to a path is entered with openat(O_NOFOLLOW |
 * O_DIRECTORY) from there, and the last component is made, opened,
 * renamed, removed or dated relative to its parent's descriptor
 * (local_at): a link planted, or swapped in after a check, anywhere
 * below that directory is refused, never followed.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"

/* Files over 4 GiB: the build must define _FILE_OFFSET_BITS=64. */
_Static_assert(sizeof(off_t) >= 8, "off_t must be 64 bits");

/* A file read no longer than this gains nothing from POSIX_FADV_SEQUENTIAL
 * (the kernel's default read-ahead window). */
#define LOCAL_READAHEAD		(128 * 1024)

/* An open file; the vfs_file comes first so the two convert. */
struct local_file {
	struct vfs_file	 f;
	int		 fd;
	char		*path;		/* for messages */
};

static int	local_connect(struct vfs *, char **);
static void	local_disconnect(struct vfs *);
static int	local_stat(struct vfs *, const char *, struct vfs_stat *,
		    char **);
static int	local_list(struct vfs *, const char *, struct vfs_list *,
		    char **);
static int	local_open_read(struct vfs *, const char *, uint64_t,
		    struct vfs_file **, char **);
static int	local_open_write(struct vfs *, const char *, uint64_t, int,
		    uint32_t, struct vfs_file **, char **);
static int	local_read(struct vfs_file *, void *, size_t, size_t *,
		    char **);
static int	local_write(struct vfs_file *, const void *, size_t, size_t *,
		    char **);
static int	local_close(struct vfs_file *, char **);
static void	local_abort(struct vfs_file *);
static int	local_sync(struct vfs_file *, char **);
static int	local_truncate(struct vfs_file *, uint64_t, char **);
static int	local_mkdir(struct vfs *, const char *, uint32_t, char **);
static int	local_remove(struct vfs *, const char *, char **);
static int	local_rmdir(struct vfs *, const char *, char **);
static int	local_rename(struct vfs *, const char *, const char *,
		    char **);
static int	local_setmtime(struct vfs *, const char *, int64_t, char **);
static int	local_check_target(struct vfs *, const char *, int, char **);
static int	local_chmod(struct vfs *, const char *, uint32_t, char **);

const struct vfs_ops vfs_local_ops = {
	.name = "local",
	.caps = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|VFS_CAP_MKDIR|
	    VFS_CAP_SETTIME|VFS_CAP_REPLACE|VFS_CAP_CHMOD,

	.connect = local_connect,
	.disconnect = local_disconnect,
	.stat = local_stat,
	.list = local_list,
	.open_read = local_open_read,
	.open_write = local_open_write,
	.read = local_read,
	.write = local_write,
	.close = local_close,
	.abort = local_abort,
	.sync = local_sync,
	.truncate = local_truncate,
	.mkdir = local_mkdir,
	.chmod = local_chmod,
	.remove = local_remove,
	.rmdir = local_rmdir,
	.rename = local_rename,
	.setmtime = local_setmtime,
	.check_target = local_check_target,
};

static int
local_connect(struct vfs *fs, char **cause)
{
	return (0);
}

static void
local_disconnect(struct vfs *fs)
{
}

static int
local_openat(int dfd, const char *path, int flags, mode_t mode)
{
	int fd;

	do
		fd = openat(dfd, path, flags, mode);
	while (fd == -1 && errno == EINTR);
	return (fd);
}

static int
local_open(const char *path, int flags, mode_t mode)
{
	return (local_openat(AT_FDCWD, path, flags, mode));
}

/* Where a path is: the descriptor of its parent and its last name. */
struct local_at {
	int		 dfd;	/* AT_FDCWD, or the parent, to close */
	const char	*name;	/* into the path */
};

/* The part of path below root, or NULL if it is not below it. */
static const char *
local_below(const char *root, const char *path)
{
	size_t n = strlen(root);
	const char *rel;

	if (strcmp(root, ".") == 0 && path[0] != '/')
		rel = path;
	else if (n > 0 && root[n - 1] == '/' && strncmp(path, root, n) == 0)
		rel = path + n;
	else if (n > 0 && strncmp(path, root, n) == 0 && path[n] == '/')
		rel = path + n + 1;
	else
		return (NULL);
	for (;;) {
		while (*rel == '/')
			rel++;
		if (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		else
			break;
	}
	return (*rel != '\0' ? rel : NULL);
}

/* The directory part of path (below the tree's root) is a link, or
 * cannot be entered. */
static int
local_at_error(const char *path, size_t len, int dfd, const char *comp,
    int e, char **cause)
{
	struct stat sb;
	int rc;

	if ((e == ELOOP || e == ENOTDIR) &&
	    fstatat(dfd, comp, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(sb.st_mode)) {
		rc = ferr_set(cause, FERR_IO, _("%.*s is a symbolic link: "
		    "ferry does not write through it"), (int)len, path);
	} else {
		rc = ferr_set(cause, ferr_from_errno(e), _("cannot enter "
		    "%.*s: %s"), (int)len, path, strerror(e));
	}
	return (rc);
}

/*
 * Fill at for path: below fs->beneath its parent directory, entered from
 * there one component at a time without following links; elsewhere the
 * path as it is (AT_FDCWD).  ".." below the root is refused.
 */
static int
local_at(struct vfs *fs, const char *path, struct local_at *at,
    char **cause)
{
	const char *rel, *last;
	char *dir, *comp, *save = NULL;
	int dfd, nfd, e, rc = 0;

	at->dfd = AT_FDCWD;
	at->name = path;
	if (fs->beneath == NULL ||
	    (rel = local_below(fs->beneath, path)) == NULL)
		return (0);
	if ((last = strrchr(rel, '/')) != NULL && last[1] == '\0')
		return (0);
	dfd = local_open(fs->beneath, O_RDONLY|O_DIRECTORY|O_CLOEXEC, 0);
	if (dfd == -1) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e), _("cannot enter "
		    "%s: %s"), fs->beneath, strerror(e)));
	}
	dir = xstrndup(rel, last != NULL ? (size_t)(last - rel) : 0);
	for (comp = strtok_r(dir, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			rc = ferr_set(cause, FERR_IO, _("%s: refusing an "
			    "unsafe name"), path);
			break;
		}
		nfd = local_openat(dfd, comp,
		    O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC, 0);
		if (nfd == -1) {
			rc = local_at_error(path, (size_t)(rel - path) +
			    (size_t)(comp - dir) + strlen(comp), dfd, comp,
			    errno, cause);
			break;
		}
		close(dfd);
		dfd = nfd;
	}
	free(dir);
	if (rc != 0) {
		close(dfd);
		return (rc);
	}
	at->dfd = dfd;
	at->name = last != NULL ? last + 1 : rel;
	return (0);
}

static void
local_at_done(struct local_at *at)
{
	if (at->dfd != AT_FDCWD)
		close(at->dfd);
	at->dfd = AT_FDCWD;
}

/* The name of a user (or the number, if it has none) into out[32]. */
static void
local_owner(uid_t uid, char *out, size_t len)
{
	/* A listing asks for the same few users again and again. */
	static _Thread_local uid_t	last_uid;
	static _Thread_local char	last[32];
	struct passwd			pw, *res = NULL;
	char				buf[1024];

	if (last[0] == '\0' || last_uid != uid) {
		if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 &&
		    res != NULL)
			snprintf(last, sizeof last, "%s", pw.pw_name);
		else
			snprintf(last, sizeof last, "%lu", (unsigned long)uid);
		last_uid = uid;
	}
	snprintf(out, len, "%s", last);
}

static void
local_fill(const struct stat *sb, struct vfs_stat *out)
{
	if (S_ISREG(sb->st_mode))
		out->type = VFS_FILE;
	else if (S_ISDIR(sb->st_mode))
		out->type = VFS_DIR;
	else
		out->type = VFS_OTHER;
	out->size_known = 1;
	out->size = (uint64_t)sb->st_size;
	out->mtime = (int64_t)sb->st_mtime;
	out->mtime_prec = VFS_PREC_SECOND;
	out->mode = (uint32_t)(sb->st_mode & 07777);
	out->is_link = 0;
	local_owner(sb->st_uid, out->owner, sizeof out->owner);
}

/*
 * Stat following symlinks (is_link says it was one); a symlink whose target
 * is missing, loops or cannot be reached is VFS_LINK, with the link's own
 * size, time and mode.  Returns 0 or -1 with errno set.
 */
static int
local_statat(int dfd, const char *path, struct vfs_stat *out)
{
	struct stat lsb, sb;

	if (fstatat(dfd, path, &lsb, AT_SYMLINK_NOFOLLOW) != 0)
		return (-1);
	if (!S_ISLNK(lsb.st_mode)) {
		local_fill(&lsb, out);
		return (0);
	}
	if (fstatat(dfd, path, &sb, 0) == 0)
		local_fill(&sb, out);
	else {
		/* Dangling: the link itself, with its own size, as ls -l
		 * shows. */
		local_fill(&lsb, out);
		out->type = VFS_LINK;
	}
	out->is_link = 1;
	return (0);
}

static void
local_stat_clear(struct vfs_stat *st)
{
	memset(st, 0, sizeof *st);
	st->type = VFS_NONE;
	st->mtime = VFS_MTIME_UNKNOWN;
}

static int
local_stat(struct vfs *fs, const char *path, struct vfs_stat *out,
    char **cause)
{
	struct vfs_stat st;
	struct local_at at;
	int e, rc;

	local_stat_clear(out);
	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	if (local_statat(at.dfd, at.name, &st) != 0) {
		e = errno;
		local_at_done(&at);
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot stat %s: %s"), path, strerror(e)));
	}
	local_at_done(&at);
	*out = st;
	return (0);
}

/* Read the entries of d into out, skipping those that vanish meanwhile. */
static int
local_list_read(struct vfs *fs, DIR *d, const char *path,
    struct vfs_list *out, char **cause)
{
	struct dirent *de;
	struct vfs_stat st;
	int e;

	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		local_stat_clear(&st);
		if (local_statat(dirfd(d), de->d_name, &st) == 0) {
			vfs_list_add(out, de->d_name, &st);
			vfs_list_progress(fs, out);
		} else if (errno != ENOENT) {
			e = errno;
			return (ferr_set(cause, ferr_from_errno(e),
			    _("cannot stat %s/%s: %s"), path, de->d_name,
			    strerror(e)));
		}
	}
	if ((e = errno) != 0) {
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot list %s: %s"), path, strerror(e)));
	}
	return (0);
}

static int
local_list(struct vfs *fs, const char *path, struct vfs_list *out,
    char **cause)
{
	DIR *d = NULL;
	int fd, error, e;

	memset(out, 0, sizeof *out);
	fd = local_open(path, O_RDONLY|O_DIRECTORY|O_CLOEXEC, 0);
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		e = errno;
		if (fd != -1)
			close(fd);
		error = ferr_set(cause, ferr_from_errno(e),
		    _("cannot list %s: %s"), path, strerror(e));
		goto out;
	}
	error = local_list_read(fs, d, path, out, cause);
out:
	if (error != 0)
		vfs_list_free(out);
	if (d != NULL)
		closedir(d);
	return (error);
}

static struct vfs_file *
local_file_new(struct vfs *fs, const char *path, int fd, uint64_t pos)
{
	struct local_file *lf;

	lf = xcalloc(1, sizeof *lf);
	lf->f.fs = fs;
	lf->f.pos = pos;
	lf->fd = fd;
	lf->path = xstrdup(path);
	return (&lf->f);
}

static void
local_file_free(struct local_file *lf)
{
	free(lf->path);
	free(lf);
}

static int
local_check_offset(const char *path, uint64_t offset, char **cause)
{
	if (offset <= INT64_MAX)
		return (0);
	return (ferr_set(cause, FERR_USAGE, _("%s: offset %llu is too large"),
	    path, (unsigned long long)offset));
}

/* Seek to offset unless it is 0 (so pipes work); -1 with errno on error. */
static int
local_seek(int fd, uint64_t offset)
{
	if (offset == 0)
		return (0);
	return (lseek(fd, (off_t)offset, SEEK_SET) == -1 ? -1 : 0);
}

/* Back to blocking reads on fd; -1 with errno on error. */
static int
local_blocking(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return (-1);
	return (fcntl(fd, F_SETFL, fl & ~O_NONBLOCK));
}

/* Whether a read or write that failed with errno is worth again: EINTR,
 * or EAGAIN from a regular file left non-blocking (local_open_read,
 * local_write_prepare) on a file system that honours it there, made
 * blocking now. */
static int
local_again(int fd)
{
	int e = errno;

	if (e == EINTR)
		return (1);
	if ((e == EAGAIN || e == EWOULDBLOCK) && local_blocking(fd) == 0)
		return (1);
	errno = e;	/* the failure to report is the read's or write's */
	return (0);
}

/*
 * Opened non-blocking so that a fifo without a writer cannot hang the
 * caller here; reads block as usual once it is open.
 */
static int
local_open_read(struct vfs *fs, const char *path, uint64_t offset,
    struct vfs_file **out, char **cause)
{
	struct stat sb;
	struct local_at at;
	int fd = -1, error, e;

	*out = NULL;
	if ((error = local_check_offset(path, offset, cause)) != 0)
		goto out;
	if ((error = local_at(fs, path, &at, cause)) != 0)
		goto out;
	fd = local_openat(at.dfd, at.name, O_RDONLY|O_CLOEXEC|O_NONBLOCK, 0);
	e = errno;
	local_at_done(&at);
	errno = e;
	/* O_NONBLOCK does nothing to a regular file's reads (local_read
	 * copes with a file system where it would): cleared for the others
	 * only, two system calls less for each file of a tree */
	if (fd == -1 || fstat(fd, &sb) == -1 || (!S_ISDIR(sb.st_mode) &&
	    ((!S_ISREG(sb.st_mode) && local_blocking(fd) == -1) ||
	    local_seek(fd, offset) == -1))) {
		e = errno;
		error = ferr_set(cause, ferr_from_errno(e),
		    _("cannot open %s: %s"), path, strerror(e));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		error = ferr_set(cause, FERR_ISDIR, _("%s: is a directory"),
		    path);
		goto out;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size > LOCAL_READAHEAD)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	*out = local_file_new(fs, path, fd, offset);
	fd = -1;
out:
	if (fd != -1)
		close(fd);
	return (error);
}

/*
 * open(2) flags for open_write.  Resuming (offset > 0) never creates: a new
 * file would be empty and so shorter than the offset.  No O_TRUNC: the file
 * is truncated after local_check_sb said it may be; O_NONBLOCK so that a
 * fifo planted at the target cannot hang the open.  Flags 0 at offset 0
 * (nothing created, truncated or resumed) opens a stream, a fifo as well,
 * as it is.
 */
static int
local_write_flags(int flags, uint64_t offset)
{
	int oflags = O_WRONLY|O_CLOEXEC|O_NOFOLLOW;

	if (flags != 0 || offset != 0)
		oflags |= O_NONBLOCK;

	if ((flags & VFS_WR_CREATE) && offset == 0)
		oflags |= O_CREAT;
	if (flags & VFS_WR_EXCL)
		oflags |= O_CREAT|O_EXCL;
	return (oflags);
}

/* Whether an existing file (sb from lstat or fstat) may be written in
 * place, or an existing directory (dir) entered. */
static int
local_check_sb(const char *path, const struct stat *sb, int dir,
    char **cause)
{
	if (S_ISLNK(sb->st_mode))
		return (ferr_set(cause, FERR_IO, _("%s is a symbolic link: "
		    "ferry does not write through it"), path));
	if (dir)
		return (0);
	if (!S_ISREG(sb->st_mode))
		return (ferr_set(cause, FERR_IO, _("%s is not a regular file: "
		    "ferry does not write into it"), path));
	if (sb->st_nlink != 1)
		return (ferr_set(cause, FERR_IO, _("%s has other hard links: "
		    "ferry does not write into it"), path));
	if (sb->st_uid != geteuid())
		return (ferr_set(cause, FERR_IO, _("%s belongs to another "
		    "user: ferry does not write into it"), path));
	return (0);
}

static int
local_check_target(struct vfs *fs, const char *path, int dir, char **cause)
{
	struct stat sb;
	struct local_at at;
	int e, rc;

	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	if (fstatat(at.dfd, at.name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
		e = errno;
		local_at_done(&at);
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot stat %s: %s"), path, strerror(e)));
	}
	local_at_done(&at);
	return (local_check_sb(path, &sb, dir, cause));
}

/* Position fd at offset for a resume, which must not pass the end
 * unless hole says it may (VFS_WR_HOLE). */
static int
local_resume_at(int fd, const char *path, uint64_t offset, int hole,
    char **cause)
{
	struct stat sb;
	int e;

	if (fstat(fd, &sb) == -1) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot resume %s: %s"), path, strerror(e)));
	}
	if (!S_ISREG(sb.st_mode)) {
		return (ferr_set(cause, FERR_IO,
		    _("cannot resume %s: not a regular file"), path));
	}
	if (offset > (uint64_t)sb.st_size && !hole) {
		return (ferr_set(cause, FERR_IO,
		    _("cannot resume %s at byte %llu beyond its end "
		    "(%llu bytes)"), path, (unsigned long long)offset,
		    (unsigned long long)sb.st_size));
	}
	if (local_seek(fd, offset) == -1) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot resume %s: %s"), path, strerror(e)));
	}
	return (0);
}

/* The checks on the open descriptor, then the truncation if asked. */
static int
local_write_prepare(int fd, const char *path, int flags, uint64_t offset,
    char **cause)
{
	struct stat sb;
	int error, e;

	/* a regular file stays non-blocking, as in local_open_read */
	if (fstat(fd, &sb) == -1 ||
	    (!S_ISREG(sb.st_mode) && local_blocking(fd) == -1)) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot open %s for writing: %s"), path, strerror(e)));
	}
	/* a file this open made is the user's; a stream is written as it
	 * is (see local_write_flags) */
	if (!(flags & VFS_WR_EXCL) && (flags != 0 || offset != 0 ||
	    S_ISREG(sb.st_mode)) &&
	    (error = local_check_sb(path, &sb, 0, cause)) != 0)
		return (error);
	if ((flags & VFS_WR_TRUNC) && sb.st_size != 0 &&
	    ftruncate(fd, 0) == -1) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot open %s for writing: %s"), path, strerror(e)));
	}
	return (0);
}

/* The error of an open for writing; ELOOP is O_NOFOLLOW's symlink. */
static int
local_open_write_error(const char *path, int e, char **cause)
{
	if (e == ELOOP)
		return (ferr_set(cause, FERR_IO, _("%s is a symbolic link: "
		    "ferry does not write through it"), path));
	return (ferr_set(cause, e == EEXIST ? FERR_EXISTS :
	    ferr_from_errno(e), _("cannot open %s for writing: %s"), path,
	    strerror(e)));
}

/* Mode 0 (unknown) creates with 0666, less the umask as always. */
static int
local_open_write(struct vfs *fs, const char *path, uint64_t offset,
    int flags, uint32_t mode, struct vfs_file **out, char **cause)
{
	struct local_at at;
	int fd = -1, error, e;

	*out = NULL;
	if ((error = local_check_offset(path, offset, cause)) != 0)
		goto out;
	if (offset != 0 && (flags & (VFS_WR_TRUNC|VFS_WR_EXCL))) {
		error = ferr_set(cause, FERR_USAGE,
		    _("cannot write %s at byte %llu of a new or emptied file"),
		    path, (unsigned long long)offset);
		goto out;
	}
	if ((error = local_at(fs, path, &at, cause)) != 0)
		goto out;
	fd = local_openat(at.dfd, at.name, local_write_flags(flags, offset),
	    mode != 0 ? (mode_t)(mode & 07777) : 0666);
	e = errno;
	local_at_done(&at);
	if (fd == -1) {
		error = local_open_write_error(path, e, cause);
		goto out;
	}
	if ((error = local_write_prepare(fd, path, flags, offset,
	    cause)) != 0)
		goto out;
	if (offset != 0 &&
	    (error = local_resume_at(fd, path, offset,
	    (flags & VFS_WR_HOLE) != 0, cause)) != 0)
		goto out;
	*out = local_file_new(fs, path, fd, offset);
	fd = -1;
out:
	if (fd != -1)
		close(fd);
	return (error);
}

static int
local_read(struct vfs_file *f, void *buf, size_t len, size_t *got,
    char **cause)
{
	struct local_file *lf = (struct local_file *)f;
	ssize_t n;
	int e;

	*got = 0;
	do
		n = read(lf->fd, buf, len);
	while (n == -1 && local_again(lf->fd));
	if (n == -1) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot read %s: %s"), lf->path, strerror(e)));
	}
	*got = (size_t)n;
	f->pos += (uint64_t)n;
	return (0);
}

/* Write all of buf; *done counts what reached the file, also on failure. */
static int
local_write(struct vfs_file *f, const void *buf, size_t len, size_t *done,
    char **cause)
{
	struct local_file *lf = (struct local_file *)f;
	const char *p = buf;
	ssize_t n;
	int e;

	*done = 0;
	while (*done < len) {
		n = write(lf->fd, p + *done, len - *done);
		if (n == -1 && local_again(lf->fd))
			continue;
		if (n == -1) {
			e = errno;
			return (ferr_set(cause, ferr_from_errno(e),
			    _("cannot write %s: %s"), lf->path, strerror(e)));
		}
		if (n == 0) {
			return (ferr_set(cause, FERR_IO,
			    _("cannot write %s: no progress"), lf->path));
		}
		*done += (size_t)n;
		f->pos += (uint64_t)n;
	}
	return (0);
}

/*
 * Errors from close(2) count: NFS reports EIO or ENOSPC there.  It is not
 * retried on EINTR, as the descriptor is gone whatever it returns.
 */
static int
local_close(struct vfs_file *f, char **cause)
{
	struct local_file *lf = (struct local_file *)f;
	int error = 0, e;

	if (close(lf->fd) == -1) {
		e = errno;
		error = ferr_set(cause, ferr_from_errno(e),
		    _("cannot close %s: %s"), lf->path, strerror(e));
	}
	local_file_free(lf);
	return (error);
}

static void
local_abort(struct vfs_file *f)
{
	struct local_file *lf = (struct local_file *)f;

	close(lf->fd);
	local_file_free(lf);
}

/* A fifo or a device has nothing to flush (EINVAL). */
static int
local_sync(struct vfs_file *f, char **cause)
{
	struct local_file *lf = (struct local_file *)f;
	int e;

	if (fdatasync(lf->fd) == 0 || errno == EINVAL)
		return (0);
	e = errno;
	return (ferr_set(cause, ferr_from_errno(e), _("cannot write %s: %s"),
	    lf->path, strerror(e)));
}

static int
local_truncate(struct vfs_file *f, uint64_t len, char **cause)
{
	struct local_file *lf = (struct local_file *)f;
	int e;

	if (len <= INT64_MAX && ftruncate(lf->fd, (off_t)len) == 0 &&
	    lseek(lf->fd, (off_t)len, SEEK_SET) != -1) {
		f->pos = len;
		return (0);
	}
	e = len > INT64_MAX ? EFBIG : errno;
	return (ferr_set(cause, ferr_from_errno(e), _("cannot write %s: %s"),
	    lf->path, strerror(e)));
}

/* Mode 0 (unknown) creates with 0777, less the umask. */
static int
local_mkdir(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	struct local_at at;
	int e, rc;

	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	rc = mkdirat(at.dfd, at.name,
	    mode != 0 ? (mode_t)(mode & 07777) : 0777);
	e = errno;
	local_at_done(&at);
	if (rc == 0)
		return (0);
	return (ferr_set(cause, e == EEXIST ? FERR_EXISTS : ferr_from_errno(e),
	    _("cannot create directory %s: %s"), path, strerror(e)));
}

/* The user's Ctrl-X or chmod: as chmod(1), a link's target. */
static int
local_chmod(struct vfs *fs, const char *path, uint32_t mode, char **cause)
{
	struct local_at at;
	int e, rc;

	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	rc = fchmodat(at.dfd, at.name, (mode_t)(mode & 07777), 0);
	e = errno;
	local_at_done(&at);
	if (rc == 0)
		return (0);
	return (ferr_set(cause, ferr_from_errno(e), _("cannot change the "
	    "mode of %s: %s"), path, strerror(e)));
}

static int
local_remove(struct vfs *fs, const char *path, char **cause)
{
	struct local_at at;
	int e, rc;

	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	rc = unlinkat(at.dfd, at.name, 0);
	e = errno;
	local_at_done(&at);
	if (rc == 0)
		return (0);
	return (ferr_set(cause, ferr_from_errno(e),
	    _("cannot remove %s: %s"), path, strerror(e)));
}

static int
local_rmdir(struct vfs *fs, const char *path, char **cause)
{
	struct local_at at;
	int e, rc;

	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	rc = unlinkat(at.dfd, at.name, AT_REMOVEDIR);
	e = errno;
	local_at_done(&at);
	if (rc == 0)
		return (0);
	return (ferr_set(cause, ferr_from_errno(e),
	    _("cannot remove directory %s: %s"), path, strerror(e)));
}

/* Like rename(2), this replaces an existing file at to. */
static int
local_rename(struct vfs *fs, const char *from, const char *to, char **cause)
{
	struct local_at a, b;
	int e, rc;

	if ((rc = local_at(fs, from, &a, cause)) != 0)
		return (rc);
	if ((rc = local_at(fs, to, &b, cause)) != 0) {
		local_at_done(&a);
		return (rc);
	}
	rc = renameat(a.dfd, a.name, b.dfd, b.name);
	e = errno;
	local_at_done(&a);
	local_at_done(&b);
	if (rc == 0)
		return (0);
	return (ferr_set(cause, ferr_from_errno(e),
	    _("cannot rename %s to %s: %s"), from, to, strerror(e)));
}

/* The access time is left as it is (a copy was just written there). */
static int
local_setmtime(struct vfs *fs, const char *path, int64_t mtime,
    char **cause)
{
	struct timespec ts[2] = {
		{ .tv_sec = 0, .tv_nsec = UTIME_OMIT },
		{ .tv_sec = (time_t)mtime, .tv_nsec = 0 },
	};
	struct local_at at;
	int e, rc;

	if ((int64_t)ts[1].tv_sec != mtime)
		return (ferr_set(cause, FERR_IO, _("cannot set the "
		    "modification time of %s: out of range"), path));
	if ((rc = local_at(fs, path, &at, cause)) != 0)
		return (rc);
	/* a link at path is not followed: it is not what was copied */
	rc = utimensat(at.dfd, at.name, ts, AT_SYMLINK_NOFOLLOW);
	e = errno;
	local_at_done(&at);
	if (rc == 0)
		return (0);
	return (ferr_set(cause, ferr_from_errno(e), _("cannot set the "
	    "modification time of %s: %s"), path, strerror(e)));
}
