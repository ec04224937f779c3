/* ferry: the file-system abstraction.
 *
 * One const struct vfs_ops per backend (local, ftp, ftps, sftp).  The
 * transfer engine only ever talks to these operations, so a copy between any
 * two backends (local to local included) resumes the same way.
 *
 * Paths are strings in the backend's own namespace: for local, ordinary
 * paths; for remote backends, relative to the login directory unless they
 * start with '/'.  Every operation returns 0 or a negative FERR_* code and,
 * on failure, a translated message in *cause (caller frees).
 */
#ifndef FERRY_VFS_H
#define FERRY_VFS_H

#include <stddef.h>
#include <stdint.h>

#include "util/env.h"
#include "util/path.h"

struct url;

enum vfs_type {
	VFS_NONE = 0,		/* does not exist */
	VFS_FILE,
	VFS_DIR,
	VFS_LINK,		/* a symlink whose target could not be read */
	VFS_OTHER,		/* device, fifo, socket ... */
};

#define VFS_MTIME_UNKNOWN ENV_TIME_UNKNOWN

/* How precise a modification time is: what the server gave.  Ordered:
 * a larger value is a finer time. */
enum vfs_time_prec {
	VFS_PREC_NONE = 0,	/* no time (VFS_MTIME_UNKNOWN), or a time
				   nobody said how precise */
	VFS_PREC_DAY,		/* LIST "Mon dd  yyyy": the day only */
	VFS_PREC_MINUTE,	/* LIST "Mon dd hh:mm", DOS without seconds */
	VFS_PREC_SECOND,	/* stat, SFTP, MDTM, MLSD/MLST, EPLF */
};

struct vfs_stat {
	enum vfs_type	type;
	int		size_known;
	uint64_t	size;
	int64_t		mtime;		/* seconds since the epoch, UTC */
	enum vfs_time_prec mtime_prec;	/* how precise mtime is */
	uint32_t	mode;		/* permission bits, 0 if unknown */
	int		is_link;	/* a symbolic link: type, size and
					   mtime are its target's */
	char		owner[32];	/* the owner's name where the backend
					   knows it (cut to 31 bytes; data
					   from a server), else "" */
};

struct vfs_entry {
	char		*name;		/* as the server sent it: data, not a path */
	struct vfs_stat	 st;
	int		 partial;	/* a resume record names it (set by the
					   worker, not by backends) */
	char		*partial_src;	/* and the record's source (a display
					   location, no secret), or NULL */
	size_t		 partial_below;	/* a directory: how many records
					   name targets below it (set by the
					   worker) */
};

/* A directory listing.  Owned by the caller; free with vfs_list_free. */
struct vfs_list {
	struct vfs_entry *v;
	size_t		  n;
};

/* Capabilities. */
#define VFS_CAP_READ_AT		0x01	/* open_read at an offset */
#define VFS_CAP_WRITE_AT	0x02	/* open_write at an offset (resume) */
#define VFS_CAP_RENAME		0x04
#define VFS_CAP_MKDIR		0x08
#define VFS_CAP_CHMOD		0x10
#define VFS_CAP_SETTIME		0x20	/* setmtime may work */
#define VFS_CAP_REPLACE		0x40	/* rename replaces an existing file
					   in one step (overwrites are
					   written beside the target) */

/* Hash algorithms a server may compute of a range of a file (hash_range),
 * strongest first: the engine takes the first one offered. */
enum vfs_hash {
	VFS_HASH_NONE = 0,
	VFS_HASH_SHA256,
	VFS_HASH_SHA1,
	VFS_HASH_MD5,
	VFS_HASH_COUNT
};
#define VFS_HASH_BIT(a)	(1u << (a))
#define VFS_HASH_MAX	32		/* bytes of the longest digest */

/* open_write flags. */
#define VFS_WR_CREATE	0x01	/* create if missing */
#define VFS_WR_TRUNC	0x02	/* discard what is there (overwrite) */
#define VFS_WR_EXCL	0x04	/* fail if it exists (rename policy) */
#define VFS_WR_HOLE	0x08	/* offset may pass the end of the file: the
				   bytes between stay a hole (a segmented
				   download's partial, whose record says
				   where the holes are).  Local only: the
				   other backends refuse it */
#define VFS_WR_CHECKED	0x10	/* with EXCL: the caller has just found
				   nothing there (a stat, or a directory it
				   made), so a backend that can only
				   emulate EXCL by looking first (FTP) does
				   not look again; others ignore it */

struct vfs;
struct vfs_file;

extern const struct vfs_env vfs_env_default;

struct vfs_ops {
	const char	*name;		/* "local", "ftp", ... */
	unsigned	 caps;

	int	(*connect)(struct vfs *, char **cause);
	void	(*disconnect)(struct vfs *);

	int	(*stat)(struct vfs *, const char *path, struct vfs_stat *out,
		    char **cause);
	int	(*list)(struct vfs *, const char *path, struct vfs_list *out,
		    char **cause);

	/* Open for reading from offset; reading past the end gives EOF. */
	int	(*open_read)(struct vfs *, const char *path, uint64_t offset,
		    struct vfs_file **out, char **cause);
	/* Open for writing at offset (0 with VFS_WR_TRUNC to overwrite). */
	int	(*open_write)(struct vfs *, const char *path, uint64_t offset,
		    int flags, uint32_t mode, struct vfs_file **out,
		    char **cause);
	/* Read up to len bytes; *got is 0 at the end of the file. */
	int	(*read)(struct vfs_file *, void *buf, size_t len, size_t *got,
		    char **cause);
	/* Write all of buf; *done says how much did reach the file, also on
	 * failure. */
	int	(*write)(struct vfs_file *, const void *buf, size_t len,
		    size_t *done, char **cause);
	/* Finish and free the handle; a failure here means the transfer did
	 * not complete (e.g. a missing TLS close_notify). */
	int	(*close)(struct vfs_file *, char **cause);
	/* Stop early and free the handle; errors are not interesting. */
	void	(*abort)(struct vfs_file *);
	/* Optional: make what was written so far durable (local:
	 * fdatasync), before a resume record vouches for it. */
	int	(*sync)(struct vfs_file *, char **cause);
	/* Optional: cut a file open for writing back to len bytes, and go
	 * on writing there (what a resume appended before its check found a
	 * difference: copy.c). */
	int	(*truncate)(struct vfs_file *, uint64_t len, char **cause);

	int	(*mkdir)(struct vfs *, const char *path, uint32_t mode,
		    char **cause);
	int	(*remove)(struct vfs *, const char *path, char **cause);
	int	(*rmdir)(struct vfs *, const char *path, char **cause);
	/* Whether an existing target is replaced depends on the backend
	 * (local and posix-rename@openssh.com do; FTP servers mostly do;
	 * plain SFTP v3 does not): callers that care check first. */
	int	(*rename)(struct vfs *, const char *from, const char *to,
		    char **cause);
	/* Optional (NULL, or VFS_CAP_CHMOD not set: unsupported). */
	int	(*chmod)(struct vfs *, const char *path, uint32_t mode,
		    char **cause);
	/* Optional: the absolute path of the login directory (SFTP
	 * realpath of ".", FTP PWD), malloc'd in *path. */
	int	(*home)(struct vfs *, char **path, char **cause);
	/* Optional (NULL, or VFS_CAP_SETTIME not set: unsupported): set
	 * the modification time of path (seconds since the epoch, UTC).
	 * FERR_UNSUPPORTED when this server cannot (FTP without MFMT or
	 * SITE UTIME); the backend then sends nothing the next time. */
	int	(*setmtime)(struct vfs *, const char *path, int64_t mtime,
		    char **cause);
	/* Optional: whether an existing target may be written in place
	 * (resume, overwrite; dir 0) or entered as a directory to copy into
	 * (dir 1), where another user could have planted a link: 0, or a
	 * FERR_* code and a message saying why not.  Backends whose
	 * open_write refuses the same things (local: no symlinks, one hard
	 * link, the user's own regular file) offer it so that the refusal
	 * comes before anything is read. */
	int	(*check_target)(struct vfs *, const char *path, int dir,
		    char **cause);
	/* Optional: keep an idle session alive (FTP NOOP), called by the
	 * worker every few seconds while nothing else runs.  Non-zero:
	 * the session is gone and is dropped. */
	int	(*keepalive)(struct vfs *, char **cause);
	/* Optional: the algorithms whose digest of a range of path the
	 * server can compute (VFS_HASH_BIT bits; 0: none), from what it
	 * said at login: no I/O.  FTP: HASH (with RANG), XSHA256, XSHA1,
	 * XMD5 in FEAT.  SFTP has none (libssh2 offers no "check-file"). */
	unsigned (*hash_algos)(struct vfs *, const char *path);
	/* Optional: the server's digest with algo of the bytes [start,
	 * end) of path, vfs_hash_size(algo) bytes into out.  A reply that
	 * is not that digest (another algorithm or range, not hex, the
	 * wrong length) is an error (FERR_IO), never a digest. */
	int	(*hash_range)(struct vfs *, const char *path, enum vfs_hash algo,
		    uint64_t start, uint64_t end, unsigned char *out,
		    char **cause);
};

/* One session with one backend (for local: the machine). */
struct vfs {
	const struct vfs_ops	*ops;
	struct url		*url;	/* NULL for local */
	void			*priv;	/* backend state */
	int			 connected;
	int			 loopback;	/* connected to a server on
						   this host (a loopback
						   address: it shares this
						   machine's cores) */
	const struct vfs_env	*env;	/* never NULL after vfs_new */
	char			*home;	/* the login directory's absolute
					   path, once connected (NULL:
					   unknown, or local) */
	int			 told_no_settime; /* the engine said once
					   that this session cannot set
					   modification times */
	char			*beneath; /* NULL, or the directory a tree
					   is written into: below it the
					   local backend enters and writes
					   every component without following
					   a symbolic link (vfs_set_beneath) */
	/* NULL, or who wants to see a listing while it grows (the file
	 * manager's pane: its first screen before the listing is complete).
	 * The backends call vfs_list_progress as entries arrive (local and
	 * SFTP: each entry; FTP: each block of the data connection); it
	 * calls watch on the thread listing, with the entries so far
	 * (unsorted; to copy, never to keep).  Cheap when it does nothing:
	 * it is called for every entry. */
	void			(*list_watch)(void *, const struct vfs_list *);
	void			*list_watch_arg;
};

/* An open file.  Backends embed or allocate this (zeroed); fs and pos are
 * kept up to date by them, end and end_known by vfs_file_expect. */
struct vfs_file {
	struct vfs	*fs;
	uint64_t	 pos;
	void		*priv;
	uint64_t	 end;		/* where the reader means to stop */
	int		 end_known;
};

extern const struct vfs_ops vfs_local_ops;

/*
 * Resolve a location (a URL, or a local path) to a session and a path in it.
 * On success *fsp is a new, not yet connected session and *pathp a malloc'd
 * path; the caller frees both (vfs_free, free).
 */
int	vfs_resolve(const char *location, struct vfs **fsp, char **pathp,
	    char **cause);
struct vfs *vfs_new(const struct vfs_ops *, struct url *);
/* A listing of fs has grown to l (see list_watch). */
void	vfs_list_progress(struct vfs *fs, const struct vfs_list *l);
/*
 * Say where reading f will stop (a file's size, the end of a window): a
 * backend that reads ahead then asks for no more than that, plus what it
 * takes to see the end of the file.  A hint only: reading past end still
 * works, at the backend's usual pace.
 */
void	vfs_file_expect(struct vfs_file *f, uint64_t end);
/* Read exactly len bytes from f, fewer (*got) only where it ends. */
int	vfs_read_full(struct vfs_file *f, void *buf, size_t len, size_t *got,
	    char **cause);
void	vfs_free(struct vfs *);
/* Set (a copy of dir) or clear (NULL) fs->beneath. */
void	vfs_set_beneath(struct vfs *, const char *dir);
int	vfs_connect(struct vfs *, char **cause);
/* A path of the session made absolute with its login directory when it
 * is known (malloc'd; as given otherwise). */
char	*vfs_absolute(const struct vfs *, const char *path);
/* Close the session and open it again (after a lost connection). */
int	vfs_reconnect(struct vfs *, char **cause);
/* For backends: the connection is gone or out of step beyond repair.
 * Disconnect (without ceremony: that is the backend's business) and say
 * so in fs->connected, so that whoever holds the session connects again
 * before its next command instead of getting "not connected". */
void	vfs_lost(struct vfs *);
/* Text for messages: "~/dl/file" or "sftp://user@host/path" (no password);
 * malloc'd, like path_join's result. */
char	*vfs_display(const struct vfs *, const char *path);
int	vfs_is_local(const struct vfs *);
/* Use env (which must outlive the session) instead of the default. */
void	vfs_set_env(struct vfs *, const struct vfs_env *);
/* The protocol log (env->log with info 1, only when env->verbose) and
 * warnings (info 0, always); printf-like, one line. */
void	vfs_log(const struct vfs *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	vfs_warn(const struct vfs *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The env's timeouts in milliseconds, defaults applied. */
int	vfs_connect_timeout_ms(const struct vfs *);
int	vfs_idle_timeout_ms(const struct vfs *);

/* "SHA-256", "SHA-1", "MD5" (the names of the IANA registry, which FTP
 * HASH uses), or "" for VFS_HASH_NONE. */
const char *vfs_hash_name(enum vfs_hash);
/* The digest's length in bytes (0 for VFS_HASH_NONE). */
size_t	vfs_hash_size(enum vfs_hash);
/* The strongest algorithm of the VFS_HASH_BIT bits in algos, or
 * VFS_HASH_NONE. */
enum vfs_hash vfs_hash_best(unsigned algos);

void	vfs_list_free(struct vfs_list *);
void	vfs_list_add(struct vfs_list *, const char *name,
	    const struct vfs_stat *);
void	vfs_list_sort(struct vfs_list *);	/* dirs first, then by name */

#endif
