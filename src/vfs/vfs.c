/* ferry: the backend-independent part of the file-system abstraction (see
 * vfs.h): resolving locations to sessions, path helpers and listings. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"
#include "vfs/ftp.h"
#include "vfs/sftp.h"

/*
 * Which backend serves which URL scheme.  A NULL ops means the scheme is
 * known but its backend is not in this build yet; a backend plugs in by
 * filling its entry.  "file" is the local backend, which takes no URL.
 */
struct vfs_scheme {
	const char		*scheme;
	const struct vfs_ops	*ops;
};

static const struct vfs_scheme vfs_schemes[] = {
	{ .scheme = "file",	.ops = &vfs_local_ops },
	{ .scheme = "ftp",	.ops = &vfs_ftp_ops },
	{ .scheme = "ftps",	.ops = &vfs_ftp_ops },
	{ .scheme = "ftpes",	.ops = &vfs_ftp_ops },
	{ .scheme = "sftp",	.ops = &vfs_sftp_ops },
};

static const struct vfs_scheme *
vfs_scheme_find(const char *scheme)
{
	size_t i;

	for (i = 0; i < sizeof vfs_schemes / sizeof vfs_schemes[0]; i++) {
		if (strcmp(vfs_schemes[i].scheme, scheme) == 0)
			return (&vfs_schemes[i]);
	}
	return (NULL);
}

static void
vfs_url_free(struct url *u)
{
	if (u == NULL)
		return;
	url_free(u);
	free(u);
}

/* A file:// URL: a local session, the URL's path; only this host. */
static int
vfs_resolve_file(const struct url *u, struct vfs **fsp, char **pathp,
    char **cause)
{
	char *where;
	int error;

	if (u->host != NULL && *u->host != '\0' &&
	    strcasecmp(u->host, "localhost") != 0) {
		where = url_display(u, NULL);
		error = ferr_set(cause, FERR_USAGE,
		    _("%s: a file:// URL cannot name another host"), where);
		free(where);
		return (error);
	}
	*fsp = vfs_new(&vfs_local_ops, NULL);
	*pathp = xstrdup(u->path != NULL && *u->path != '\0' ? u->path : ".");
	return (0);
}

static int
vfs_resolve_url(const char *location, struct vfs **fsp, char **pathp,
    char **cause)
{
	const struct vfs_scheme *vs;
	struct url *u;
	char *where = NULL;
	int error;

	u = xcalloc(1, sizeof *u);
	if ((error = url_parse(location, u, cause)) != 0) {
		free(u);
		u = NULL;
		goto out;
	}
	where = url_display(u, NULL);
	if ((vs = vfs_scheme_find(u->scheme)) == NULL) {
		error = ferr_set(cause, FERR_USAGE,
		    _("%s: unknown scheme %s://"), where, u->scheme);
		goto out;
	}
	if (vs->ops == &vfs_local_ops) {
		error = vfs_resolve_file(u, fsp, pathp, cause);
		goto out;
	}
	if (vs->ops == NULL) {
		error = ferr_set(cause, FERR_CONNECT,
		    _("%s: %s:// is not supported by this build yet"), where,
		    u->scheme);
		goto out;
	}
	*pathp = xstrdup(u->path != NULL ? u->path : "");
	*fsp = vfs_new(vs->ops, u);
	u = NULL;		/* the session owns it now */
	error = 0;
out:
	vfs_url_free(u);
	free(where);
	return (error);
}

int
vfs_resolve(const char *location, struct vfs **fsp, char **pathp,
    char **cause)
{
	*fsp = NULL;
	*pathp = NULL;

	if (location == NULL || *location == '\0')
		location = ".";
	if (url_is_url(location))
		return (vfs_resolve_url(location, fsp, pathp, cause));
	*fsp = vfs_new(&vfs_local_ops, NULL);
	*pathp = xstrdup(location);
	return (0);
}

/* A new session, not connected; it takes ownership of url (may be NULL). */
struct vfs *
vfs_new(const struct vfs_ops *ops, struct url *url)
{
	struct vfs *fs;

	fs = xcalloc(1, sizeof *fs);
	fs->ops = ops;
	fs->url = url;
	fs->env = &vfs_env_default;
	return (fs);
}

const struct vfs_env vfs_env_default = { .cancel_fd = -1 };

int
vfs_read_full(struct vfs_file *f, void *buf, size_t len, size_t *got,
    char **cause)
{
	size_t n;
	int rc = 0;

	*got = 0;
	while (*got < len) {
		rc = f->fs->ops->read(f, (char *)buf + *got, len - *got, &n,
		    cause);
		if (rc != 0 || n == 0)
			break;
		*got += n;
	}
	return (rc);
}

void
vfs_file_expect(struct vfs_file *f, uint64_t end)
{
	f->end = end;
	f->end_known = 1;
}

void
vfs_set_env(struct vfs *fs, const struct vfs_env *env)
{
	fs->env = env != NULL ? env : &vfs_env_default;
}

static void __attribute__((format(printf, 3, 0)))
vfs_vlog(const struct vfs *fs, int info, const char *fmt, va_list ap)
{
	char line[1024];

	if (fs->env->log == NULL || (info && !fs->env->verbose))
		return;
	vsnprintf(line, sizeof line, fmt, ap);
	fs->env->log(fs->env->arg, info, line);
}

void
vfs_log(const struct vfs *fs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfs_vlog(fs, 1, fmt, ap);
	va_end(ap);
}

void
vfs_warn(const struct vfs *fs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfs_vlog(fs, 0, fmt, ap);
	va_end(ap);
}

int
vfs_connect_timeout_ms(const struct vfs *fs)
{
	return ((fs->env->connect_timeout > 0 ? fs->env->connect_timeout :
	    30) * 1000);
}

int
vfs_idle_timeout_ms(const struct vfs *fs)
{
	return ((fs->env->idle_timeout > 0 ? fs->env->idle_timeout : 60) *
	    1000);
}

void
vfs_free(struct vfs *fs)
{
	if (fs == NULL)
		return;
	if (fs->connected && fs->ops->disconnect != NULL)
		fs->ops->disconnect(fs);
	vfs_url_free(fs->url);
	free(fs->home);
	free(fs->beneath);
	free(fs);
}

void
vfs_set_beneath(struct vfs *fs, const char *dir)
{
	free(fs->beneath);
	fs->beneath = dir != NULL ? xstrdup(dir) : NULL;
}

int
vfs_connect(struct vfs *fs, char **cause)
{
	int error;

	if (fs->connected)
		return (0);
	if (fs->ops->connect != NULL &&
	    (error = fs->ops->connect(fs, cause)) != 0)
		return (error);
	fs->connected = 1;
	/* Where relative paths start, for stable names (records) and for
	 * going above it in the file manager. */
	if (fs->home == NULL && fs->ops->home != NULL)
		fs->ops->home(fs, &fs->home, NULL);
	return (0);
}

char *
vfs_absolute(const struct vfs *fs, const char *path)
{
	char *joined, *abs;

	if (fs->home == NULL || *path == '/')
		return (xstrdup(path));
	joined = path_join(fs->home, path);
	abs = path_normalise(joined);
	free(joined);
	return (abs);
}

int
vfs_reconnect(struct vfs *fs, char **cause)
{
	if (fs->connected && fs->ops->disconnect != NULL)
		fs->ops->disconnect(fs);
	fs->connected = 0;
	return (vfs_connect(fs, cause));
}

void
vfs_lost(struct vfs *fs)
{
	if (fs->connected && fs->ops->disconnect != NULL)
		fs->ops->disconnect(fs);
	fs->connected = 0;
}

/* The caller frees the result. */
char *
vfs_display(const struct vfs *fs, const char *path)
{
	if (fs->url == NULL)
		return (xstrdup(path != NULL ? path : "."));
	return (url_display(fs->url, path));
}

int
vfs_is_local(const struct vfs *fs)
{
	return (fs->ops == &vfs_local_ops);
}

static const struct {
	const char	*name;
	size_t		 size;
} vfs_hashes[VFS_HASH_COUNT] = {
	[VFS_HASH_NONE] = { "", 0 },
	[VFS_HASH_SHA256] = { "SHA-256", 32 },
	[VFS_HASH_SHA1] = { "SHA-1", 20 },
	[VFS_HASH_MD5] = { "MD5", 16 },
};

const char *
vfs_hash_name(enum vfs_hash a)
{
	return (a < VFS_HASH_COUNT ? vfs_hashes[a].name : "");
}

size_t
vfs_hash_size(enum vfs_hash a)
{
	return (a < VFS_HASH_COUNT ? vfs_hashes[a].size : 0);
}

enum vfs_hash
vfs_hash_best(unsigned algos)
{
	int a;

	for (a = VFS_HASH_NONE + 1; a < VFS_HASH_COUNT; a++)
		if (algos & VFS_HASH_BIT(a))
			return ((enum vfs_hash)a);
	return (VFS_HASH_NONE);
}

void
vfs_list_free(struct vfs_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].partial_src);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
vfs_list_progress(struct vfs *fs, const struct vfs_list *l)
{
	if (fs->list_watch != NULL)
		fs->list_watch(fs->list_watch_arg, l);
}

/*
 * The list has no capacity field: it grows to 16 entries, then doubles
 * whenever n reaches a power of two, so n alone says when it is full.
 */
void
vfs_list_add(struct vfs_list *l, const char *name, const struct vfs_stat *st)
{
	struct vfs_entry *e;

	if (l->n == 0)
		l->v = xreallocarray(l->v, 16, sizeof *l->v);
	else if (l->n >= 16 && (l->n & (l->n - 1)) == 0)
		l->v = xreallocarray(l->v, l->n, 2 * sizeof *l->v);
	e = &l->v[l->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->st = *st;
}

static int
vfs_list_cmp(const void *a, const void *b)
{
	const struct vfs_entry *ea = a, *eb = b;
	int da = ea->st.type == VFS_DIR, db = eb->st.type == VFS_DIR;

	if (da != db)
		return (db - da);
	return (strcmp(ea->name, eb->name));
}

void
vfs_list_sort(struct vfs_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, vfs_list_cmp);
}
