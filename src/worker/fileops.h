/* ferry: file operations the browse lanes run for the file manager:
 * count and delete a tree, rename without replacing, read a piece of a
 * file for the viewer.  They work on one connected session (struct vfs)
 * and never follow a symbolic link into a directory. */
#ifndef FERRY_FILEOPS_H
#define FERRY_FILEOPS_H

#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"

struct fileops_count {
	uint64_t	files;		/* files, links and others */
	uint64_t	dirs;		/* directories, the top one included */
	uint64_t	bytes;		/* of the files */
	uint64_t	unsafe;		/* names from a listing left alone */
};

/* Polled between entries: non-zero stops the walk (FERR_CANCELLED). */
typedef int (*fileops_stop_fn)(void *arg);

/* What a delete of path would remove.  *c is cleared first. */
int	fileops_count(struct vfs *, const char *path, fileops_stop_fn,
	    void *arg, struct fileops_count *c, char **cause);
/* Remove path, a directory with all it holds (depth first) if dirs,
 * else refused (FERR_ISDIR).  A link is removed, never followed.  *done
 * says what went, also on failure. */
int	fileops_delete(struct vfs *, const char *path, int dirs,
	    fileops_stop_fn, void *arg, struct fileops_count *done,
	    char **cause);
/* A find: names under a directory that match a pattern (match_filter:
 * a glob, else a part of the name; case ignored), all the way down. */
#define FILEOPS_FIND_MAX	10000	/* matches, then it stops */

/* Takes what was found since the last call (moved out of batch: names
 * relative to the top, "a/b/c.iso"), with the directories read so far. */
typedef void (*fileops_found_fn)(void *arg, struct vfs_list *batch,
    uint64_t dirs);

struct fileops_find {
	uint64_t	dirs;		/* directories read */
	uint64_t	matches;
	uint64_t	unsafe;		/* names from a listing left alone */
	int		truncated;	/* stopped at FILEOPS_FIND_MAX */
};

/* Walk path (never into a link), handing matches to found as they come
 * (after each directory that held one, else at least each second with
 * none, for the progress).  *f is cleared first. */
int	fileops_find(struct vfs *, const char *path, const char *pattern,
	    fileops_stop_fn, void *arg, fileops_found_fn, void *found_arg,
	    struct fileops_find *f, char **cause);
/* FERR_ISDIR: what (shown as it is) is no directory to move into. */
int	fileops_not_a_dir(const char *what, char **cause);
/* Rename from to to, refusing (FERR_EXISTS) when to exists.  A to that
 * is a directory is gone into (from keeps its name there), as mv does;
 * with into set, to must be one (FERR_ISDIR). */
int	fileops_rename(struct vfs *, const char *from, const char *to,
	    int into, char **cause);
/* Up to len bytes of path from offset (fewer at the end): *buf malloc'd,
 * *got bytes. */
int	fileops_read(struct vfs *, const char *path, uint64_t offset,
	    size_t len, char **buf, size_t *got, char **cause);

#endif
