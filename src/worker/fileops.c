/* ferry: file operations for the file manager (see fileops.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/match.h"
#include "util/mono.h"
#include "util/path.h"
#include "util/xmalloc.h"
#include "worker/fileops.h"

/* How deep a tree may go: a server that loops is not followed forever. */
#define FILEOPS_DEPTH	64

static int
fileops_stopped(fileops_stop_fn stop, void *arg, char **cause)
{
	if (stop != NULL && stop(arg))
		return (ferr_set(cause, FERR_CANCELLED, "%s", _("stopped")));
	return (0);
}

/* One entry seen in a walk: a directory (not a link to one) is walked
 * into. */
static int
fileops_is_dir(const struct vfs_stat *st)
{
	return (st->type == VFS_DIR && !st->is_link);
}

static int
fileops_walk_count(struct vfs *fs, const char *path, int depth,
    fileops_stop_fn stop, void *arg, struct fileops_count *c, char **cause)
{
	struct vfs_list l = { NULL, 0 };
	char *child;
	size_t i;
	int rc;

	if (depth > FILEOPS_DEPTH)
		return (ferr_set(cause, FERR_IO, _("%s: too deep"), path));
	if ((rc = fs->ops->list(fs, path, &l, cause)) != 0)
		return (rc);
	c->dirs++;
	for (i = 0; i < l.n && rc == 0; i++) {
		if ((rc = fileops_stopped(stop, arg, cause)) != 0)
			break;
		if (!path_name_is_safe(l.v[i].name)) {
			c->unsafe++;
			continue;
		}
		if (!fileops_is_dir(&l.v[i].st)) {
			c->files++;
			c->bytes += l.v[i].st.size;
			continue;
		}
		child = path_join(path, l.v[i].name);
		rc = fileops_walk_count(fs, child, depth + 1, stop, arg, c,
		    cause);
		free(child);
	}
	vfs_list_free(&l);
	return (rc);
}

int
fileops_count(struct vfs *fs, const char *path, fileops_stop_fn stop,
    void *arg, struct fileops_count *c, char **cause)
{
	struct vfs_stat st;
	int rc;

	memset(c, 0, sizeof *c);
	if ((rc = fs->ops->stat(fs, path, &st, cause)) != 0)
		return (rc);
	if (st.type == VFS_NONE)
		return (ferr_set(cause, FERR_NOENT, _("%s: no such file or "
		    "directory"), path));
	if (!fileops_is_dir(&st)) {
		c->files = 1;
		c->bytes = st.size;
		return (0);
	}
	return (fileops_walk_count(fs, path, 0, stop, arg, c, cause));
}

/* A find under way. */
struct fileops_finder {
	const char		*pattern;
	fileops_stop_fn		 stop;
	void			*arg;
	fileops_found_fn	 found;
	void			*found_arg;
	struct vfs_list		 batch;
	struct fileops_find	*f;
	long			 sent;		/* ms of the last hand-over */
};

static void
fileops_find_hand(struct fileops_finder *fd)
{
	long now = (long)mono_ms();

	if (fd->batch.n == 0 && now - fd->sent < 1000)
		return;
	fd->found(fd->found_arg, &fd->batch, fd->f->dirs);
	vfs_list_free(&fd->batch);	/* what the callee left */
	fd->sent = now;
}

/* rel: path relative to the top ("" for the top itself). */
static int
fileops_walk_find(struct vfs *fs, struct fileops_finder *fd, const char *path,
    const char *rel, int depth, char **cause)
{
	struct vfs_list l = { NULL, 0 };
	char *child, *crel;
	size_t i;
	int rc;

	if (depth > FILEOPS_DEPTH)
		return (0);		/* a loop: no deeper, the rest goes on */
	if ((rc = fs->ops->list(fs, path, &l, cause)) != 0)
		return (rc);
	fd->f->dirs++;
	for (i = 0; i < l.n && rc == 0 && !fd->f->truncated; i++) {
		if (!path_name_is_safe(l.v[i].name)) {
			fd->f->unsafe++;
			continue;
		}
		crel = *rel != '\0' ? path_join(rel, l.v[i].name) :
		    xstrdup(l.v[i].name);
		if (match_filter(l.v[i].name, fd->pattern)) {
			vfs_list_add(&fd->batch, crel, &l.v[i].st);
			if (++fd->f->matches >= FILEOPS_FIND_MAX)
				fd->f->truncated = 1;
		}
		free(crel);
	}
	fileops_find_hand(fd);
	/* Then into the directories, in the listing's order. */
	for (i = 0; i < l.n && rc == 0 && !fd->f->truncated; i++) {
		if ((rc = fileops_stopped(fd->stop, fd->arg, cause)) != 0)
			break;
		if (!path_name_is_safe(l.v[i].name) ||
		    !fileops_is_dir(&l.v[i].st))
			continue;
		child = path_join(path, l.v[i].name);
		crel = *rel != '\0' ? path_join(rel, l.v[i].name) :
		    xstrdup(l.v[i].name);
		rc = fileops_walk_find(fs, fd, child, crel, depth + 1, cause);
		/* A directory that cannot be read is passed by. */
		if (rc != 0 && rc != FERR_CANCELLED && rc != FERR_LOST) {
			free(*cause);
			*cause = NULL;
			rc = 0;
		}
		free(child);
		free(crel);
	}
	vfs_list_free(&l);
	return (rc);
}

int
fileops_find(struct vfs *fs, const char *path, const char *pattern,
    fileops_stop_fn stop, void *arg, fileops_found_fn found, void *found_arg,
    struct fileops_find *f, char **cause)
{
	struct fileops_finder fd = { .pattern = pattern, .stop = stop,
	    .arg = arg, .found = found, .found_arg = found_arg, .f = f,
	    .sent = (long)mono_ms() };
	int rc;

	memset(f, 0, sizeof *f);
	rc = fileops_walk_find(fs, &fd, path, "", 0, cause);
	fileops_find_hand(&fd);
	vfs_list_free(&fd.batch);
	return (rc);
}

static int
fileops_walk_delete(struct vfs *fs, const char *path, int depth,
    fileops_stop_fn stop, void *arg, struct fileops_count *done,
    char **cause)
{
	struct vfs_list l = { NULL, 0 };
	char *child;
	size_t i;
	int rc;

	if (depth > FILEOPS_DEPTH)
		return (ferr_set(cause, FERR_IO, _("%s: too deep"), path));
	if ((rc = fs->ops->list(fs, path, &l, cause)) != 0)
		return (rc);
	for (i = 0; i < l.n && rc == 0; i++) {
		if ((rc = fileops_stopped(stop, arg, cause)) != 0)
			break;
		if (!path_name_is_safe(l.v[i].name)) {
			done->unsafe++;
			continue;
		}
		child = path_join(path, l.v[i].name);
		if (fileops_is_dir(&l.v[i].st))
			rc = fileops_walk_delete(fs, child, depth + 1, stop,
			    arg, done, cause);
		else if ((rc = fs->ops->remove(fs, child, cause)) == 0) {
			done->files++;
			done->bytes += l.v[i].st.size;
		}
		free(child);
	}
	vfs_list_free(&l);
	if (rc == 0 && done->unsafe > 0)
		return (ferr_set(cause, FERR_IO, _("%s: some names in it "
		    "cannot be used as paths: it was left with them"), path));
	if (rc == 0 && (rc = fs->ops->rmdir(fs, path, cause)) == 0)
		done->dirs++;
	return (rc);
}

int
fileops_delete(struct vfs *fs, const char *path, int dirs,
    fileops_stop_fn stop, void *arg, struct fileops_count *done,
    char **cause)
{
	struct vfs_stat st;
	int rc;

	memset(done, 0, sizeof *done);
	if ((rc = fs->ops->stat(fs, path, &st, cause)) != 0)
		return (rc);
	if (st.type == VFS_NONE)
		return (ferr_set(cause, FERR_NOENT, _("%s: no such file or "
		    "directory"), path));
	if (fileops_is_dir(&st) && !dirs)
		return (ferr_set(cause, FERR_ISDIR, _("%s is a directory: not "
		    "deleted without -r"), path));
	if (!fileops_is_dir(&st)) {
		if ((rc = fs->ops->remove(fs, path, cause)) == 0) {
			done->files = 1;
			done->bytes = st.size;
		}
		return (rc);
	}
	return (fileops_walk_delete(fs, path, 0, stop, arg, done, cause));
}

int
fileops_not_a_dir(const char *what, char **cause)
{
	return (ferr_set(cause, FERR_ISDIR, _("%s: not a directory to move "
	    "into"), what));
}

int
fileops_rename(struct vfs *fs, const char *from, const char *to, int into,
    char **cause)
{
	struct vfs_stat st;
	char *in = NULL;
	int rc;

	if (fs->ops->rename == NULL || !(fs->ops->caps & VFS_CAP_RENAME))
		return (ferr_set(cause, FERR_UNSUPPORTED, _("%s cannot rename "
		    "files"), fs->ops->name));
	rc = fs->ops->stat(fs, to, &st, NULL);
	if (rc == 0 && st.type == VFS_DIR) {
		in = path_join(to, path_basename(from));
		to = in;
		rc = fs->ops->stat(fs, to, &st, NULL);
	} else if (into)
		return (fileops_not_a_dir(to, cause));
	/* A rename must not replace what is there (local rename(2) and
	 * most FTP servers would). */
	if (rc == 0 && st.type != VFS_NONE)
		rc = ferr_set(cause, FERR_EXISTS, _("%s already exists"), to);
	else
		rc = fs->ops->rename(fs, from, to, cause);
	free(in);
	return (rc);
}

int
fileops_read(struct vfs *fs, const char *path, uint64_t offset, size_t len,
    char **buf, size_t *got, char **cause)
{
	struct vfs_file *f = NULL;
	size_t n;
	int rc;

	*buf = NULL;
	*got = 0;
	if ((rc = fs->ops->open_read(fs, path, offset, &f, cause)) != 0)
		return (rc);
	*buf = xmalloc(len + 1);
	while (*got < len) {
		if ((rc = fs->ops->read(f, *buf + *got, len - *got, &n,
		    cause)) != 0)
			break;
		if (n == 0)
			break;
		*got += n;
	}
	/* Stop early: the rest of the file is not wanted now. */
	if (rc == 0 && *got == len)
		fs->ops->abort(f);
	else if (rc == 0)
		rc = fs->ops->close(f, cause);
	else
		fs->ops->abort(f);
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
		*got = 0;
	}
	return (rc);
}
