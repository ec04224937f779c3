/* ferry: the "go to" line, locations shown, completion (see loc.h). */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/xmalloc.h"

/* A path as a list of components, "." and ".." applied as they come. */
struct loc_path {
	char	**v;
	size_t	  n;
	int	  absolute;
};

static void
loc_path_free(struct loc_path *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* One component, len bytes of s. */
static void
loc_path_push(struct loc_path *p, const char *s, size_t len)
{
	if (len == 0 || (len == 1 && *s == '.'))
		return;
	if (len == 2 && s[0] == '.' && s[1] == '.') {
		if (p->n > 0 && strcmp(p->v[p->n - 1], "..") != 0) {
			free(p->v[--p->n]);
			return;
		}
		if (p->absolute)
			return;		/* "/.." is "/" */
	}
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n++] = xstrndup(s, len);
}

/* Every component of path, '/' separated. */
static void
loc_path_add(struct loc_path *p, const char *path)
{
	size_t	len;

	while (*path != '\0') {
		len = strcspn(path, "/");
		loc_path_push(p, path, len);
		path += len;
		if (*path == '/')
			path++;
	}
}

/* "/a/b" if absolute ("/" for none), "a/b" if not ("" for none). */
static char *
loc_path_join(const struct loc_path *p)
{
	size_t	 i, len = 2;
	char	*s;

	for (i = 0; i < p->n; i++)
		len += strlen(p->v[i]) + 1;
	s = xmalloc(len);
	*s = '\0';
	for (i = 0; i < p->n; i++) {
		if (i > 0 || p->absolute)
			strcat(s, "/");
		strcat(s, p->v[i]);
	}
	if (p->absolute && p->n == 0)
		strcpy(s, "/");
	return (s);
}

/* "~" or "~/...": the rest after "~/" (or ""), else NULL. */
static const char *
loc_tilde(const char *typed)
{
	if (typed[0] != '~')
		return (NULL);
	if (typed[1] == '\0')
		return (typed + 1);
	if (typed[1] == '/')
		return (typed + 2);
	return (NULL);
}

static int
loc_same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Both URLs reach the same account on the same server. */
static int
loc_same_server(const struct url *a, const struct url *b)
{
	unsigned	pa = a->port != 0 ? a->port : url_default_port(a->scheme);
	unsigned	pb = b->port != 0 ? b->port : url_default_port(b->scheme);

	return (strcmp(a->scheme, b->scheme) == 0 &&
	    loc_same_text(a->user, b->user) &&
	    strcasecmp(a->host, b->host) == 0 && pa == pb);
}

/* Start a remote path at the login directory: absolute if it is known. */
static void
loc_path_login(struct loc_path *p, const struct loc_ctx *ctx)
{
	if (ctx != NULL && ctx->login_dir != NULL && *ctx->login_dir == '/') {
		p->absolute = 1;
		loc_path_add(p, ctx->login_dir);
	}
}

/* The path of a remote URL u (as url_parse gives it) into p. */
static void
loc_path_remote(struct loc_path *p, const char *path,
    const struct loc_ctx *ctx)
{
	if (*path == '/')
		p->absolute = 1;
	else
		loc_path_login(p, ctx);
	loc_path_add(p, path);
}

/* The location of p on the server of u (or local for a file URL). */
static char *
loc_format(struct url *u, const struct loc_path *p)
{
	char	*path = loc_path_join(p), *s;

	if (u == NULL || strcmp(u->scheme, "file") == 0)
		return (path);
	s = url_location(u, path);
	free(path);
	return (s);
}

/* A typed URL: its own server and path; the pane's login directory
 * applies only when it names the pane's server. */
static int
loc_resolve_url(const struct url *cur, const char *typed,
    const struct loc_ctx *ctx, char **out, char **password, char **cause)
{
	struct url	t;
	struct loc_path	p = { NULL, 0, 0 };
	int		error;

	if ((error = url_parse(typed, &t, cause)) != 0)
		return (error);
	if (strcmp(t.scheme, "file") == 0) {
		p.absolute = 1;
		loc_path_add(&p, t.path);
	} else
		loc_path_remote(&p, t.path, cur != NULL &&
		    loc_same_server(cur, &t) ? ctx : NULL);
	*password = t.password;
	t.password = NULL;
	*out = loc_format(&t, &p);
	loc_path_free(&p);
	url_free(&t);
	return (0);
}

/* A path typed on a remote pane. */
static void
loc_resolve_remote(struct url *cur, const char *typed,
    const struct loc_ctx *ctx, struct loc_path *p)
{
	const char	*rest;

	if ((rest = loc_tilde(typed)) != NULL) {
		loc_path_login(p, ctx);
		loc_path_add(p, rest);
	} else if (*typed == '/') {
		p->absolute = 1;
		loc_path_add(p, typed);
	} else {
		loc_path_remote(p, cur->path, ctx);
		loc_path_add(p, typed);
	}
}

/* A path typed on a local pane (current the local directory). */
static int
loc_resolve_local(const char *current, const char *typed,
    const struct loc_ctx *ctx, struct loc_path *p, char **cause)
{
	const char	*rest, *home;

	p->absolute = 1;
	if ((rest = loc_tilde(typed)) != NULL) {
		home = ctx != NULL && ctx->home != NULL ? ctx->home :
		    getenv("HOME");
		if (home == NULL || *home != '/')
			return (ferr_set(cause, FERR_USAGE,
			    _("cannot go to \"~\": no home directory")));
		loc_path_add(p, home);
		loc_path_add(p, rest);
		return (0);
	}
	if (*typed != '/') {
		if (*current != '/')
			return (ferr_set(cause, FERR_USAGE, _("the pane's "
			    "location is not an absolute path")));
		loc_path_add(p, current);
	}
	loc_path_add(p, typed);
	return (0);
}

int
loc_resolve(const char *current, const char *typed,
    const struct loc_ctx *ctx, char **out, char **password, char **cause)
{
	struct url	 cur;
	struct loc_path	 p = { NULL, 0, 0 };
	int		 remote, error = 0;

	*out = *password = NULL;
	memset(&cur, 0, sizeof cur);
	if (typed == NULL || *typed == '\0')
		return (ferr_set(cause, FERR_USAGE,
		    _("type a path or a URL to go to")));
	remote = url_is_url(current);
	if (remote && (error = url_parse(current, &cur, cause)) != 0)
		return (error);
	if (remote && strcmp(cur.scheme, "file") == 0) {
		current = cur.path;	/* "file:///x": the local "/x" */
		remote = 0;
	}
	if (url_is_url(typed))
		error = loc_resolve_url(remote ? &cur : NULL, typed, ctx, out,
		    password, cause);
	else if (remote) {
		loc_resolve_remote(&cur, typed, ctx, &p);
		*password = cur.password;
		cur.password = NULL;
		*out = loc_format(&cur, &p);
	} else if ((error = loc_resolve_local(current, typed, ctx, &p,
	    cause)) == 0)
		*out = loc_format(NULL, &p);
	loc_path_free(&p);
	url_free(&cur);
	return (error);
}

/* "scheme://user@host:port" (user decoded) and then the path. */
static char *
loc_display_url(const struct url *u, const char *path)
{
	const char	*host = u->host;
	char		*port = NULL, *s;
	int		 v6 = strchr(host, ':') != NULL;

	if (u->port != 0 && u->port != url_default_port(u->scheme))
		port = xasprintf(":%u", u->port);
	s = xasprintf("%s://%s%s%s%s%s%s%s", u->scheme,
	    u->user != NULL ? u->user : "", u->user != NULL ? "@" : "",
	    v6 ? "[" : "", host, v6 ? "]" : "", port != NULL ? port : "",
	    path);
	free(port);
	return (s);
}

char *
loc_display(const char *location)
{
	struct url	 u;
	char		*raw, *path, *s;

	if (!url_is_url(location))
		return (fmt_safe_name(location));
	if (url_parse(location, &u, NULL) != 0) {
		raw = url_strip_password(location);
		s = fmt_safe_name(raw);
		free(raw);
		return (s);
	}
	if (strcmp(u.scheme, "file") == 0 || *u.path == '/')
		path = xstrdup(u.path);
	else if (*u.path == '\0')
		path = xstrdup("/~");
	else
		path = xasprintf("/~/%s", u.path);
	raw = loc_display_url(&u, path);
	s = fmt_safe_name(raw);
	free(raw);
	free(path);
	url_free(&u);
	return (s);
}

char *
loc_edit_text(const char *location)
{
	struct url	 u;
	char		*s;

	if (!url_is_url(location))
		return (xstrdup(location));
	if (url_parse(location, &u, NULL) != 0)
		return (url_strip_password(location));
	if (strcmp(u.scheme, "file") == 0 || *u.path == '/')
		s = xstrdup(u.path);
	else if (*u.path == '\0')
		s = xstrdup("~");
	else
		s = xasprintf("~/%s", u.path);
	url_free(&u);
	return (s);
}

/* ---------------------------------------------------------- completion */

void
loc_completion_free(struct loc_completion *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	free(c->common);
	memset(c, 0, sizeof *c);
}

/* The directory the typed directory part (dlen bytes of typed) names. */
static char *
loc_complete_dir(const char *typed, size_t dlen, const char *cwd,
    const char *home, char **cause)
{
	if (dlen >= 2 && typed[0] == '~' && typed[1] == '/') {
		if (home == NULL)
			home = getenv("HOME");
		if (home == NULL || *home != '/') {
			ferr_set(cause, FERR_USAGE,
			    _("cannot go to \"~\": no home directory"));
			return (NULL);
		}
		return (xasprintf("%s/%.*s", home, (int)(dlen - 2), typed + 2));
	}
	if (*typed == '/')
		return (xstrndup(typed, dlen));
	return (xasprintf("%s/%.*s", cwd, (int)dlen, typed));
}

static int
loc_complete_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The longest common prefix of the candidates, at a character boundary. */
static char *
loc_complete_common(const struct loc_completion *c)
{
	size_t	len, i, k;

	len = strlen(c->v[0]);
	for (i = 1; i < c->n; i++) {
		for (k = 0; k < len && c->v[i][k] == c->v[0][k]; k++)
			;
		len = k;
	}
	/* Not before a UTF-8 continuation byte of the first candidate. */
	while (len > 0 && ((unsigned char)c->v[0][len] & 0xc0) == 0x80)
		len--;
	return (xstrndup(c->v[0], len));
}

/* Add the entries of d that start with name (nlen bytes). */
static void
loc_complete_read(DIR *d, const char *typed, size_t dlen, const char *name,
    size_t nlen, struct loc_completion *out)
{
	struct dirent	*de;
	struct stat	 sb;
	int		 isdir;

	while ((de = readdir(d)) != NULL && out->n < LOC_COMPLETE_MAX) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, name, nlen) != 0 ||
		    (de->d_name[0] == '.' && nlen == 0))
			continue;
		/* A link to a directory is a directory here. */
		isdir = fstatat(dirfd(d), de->d_name, &sb, 0) == 0 &&
		    S_ISDIR(sb.st_mode);
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = xasprintf("%.*s%s%s", (int)dlen, typed,
		    de->d_name, isdir ? "/" : "");
	}
}

int
loc_complete(const char *typed, const char *cwd, const char *home,
    struct loc_completion *out, char **cause)
{
	const char	*slash, *name;
	char		*dir;
	size_t		 dlen;
	DIR		*d;
	int		 error;

	memset(out, 0, sizeof *out);
	if (strcmp(typed, "~") == 0) {
		/* The home directory itself: the line becomes "~/". */
		out->v = xcalloc(1, sizeof *out->v);
		out->v[out->n++] = xstrdup("~/");
		out->common = xstrdup("~/");
		return (0);
	}
	slash = strrchr(typed, '/');
	dlen = slash == NULL ? 0 : (size_t)(slash - typed + 1);
	name = typed + dlen;
	if ((dir = loc_complete_dir(typed, dlen, cwd, home, cause)) == NULL)
		return (FERR_USAGE);
	if ((d = opendir(*dir != '\0' ? dir : "/")) == NULL) {
		error = ferr_set(cause, ferr_from_errno(errno),
		    _("cannot read directory %s: %s"), dir, strerror(errno));
		free(dir);
		return (error);
	}
	loc_complete_read(d, typed, dlen, name, strlen(name), out);
	closedir(d);
	free(dir);
	if (out->n == 0) {
		out->common = xstrdup(typed);
		return (0);
	}
	qsort(out->v, out->n, sizeof *out->v, loc_complete_cmp);
	out->common = loc_complete_common(out);
	return (0);
}
