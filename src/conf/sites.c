/* ferry: site bookmarks (see sites.h). */
#include "config.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "conf/ini.h"
#include "conf/sites.h"
#include "util/err.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"

static char *
sites_strdup_or_null(const char *s)
{
	return (s == NULL ? NULL : xstrdup(s));
}

static void
sites_wipe(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}

static void
sites_site_free(struct site *s)
{
	free(s->name);
	free(s->url);
	sites_wipe(s->password);
	free(s->note);
	memset(s, 0, sizeof *s);
}

void
sites_free(struct sites *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		sites_site_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

char *
sites_path(void)
{
	return (file_path(FILE_CONFIG, "sites"));
}

static ssize_t
sites_index(const struct sites *l, const char *name)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return ((ssize_t)i);
	}
	return (-1);
}

const struct site *
sites_find(const struct sites *l, const char *name)
{
	ssize_t	i = sites_index(l, name);

	return (i == -1 ? NULL : &l->v[i]);
}

/* A site's url: a URL or an absolute local path.  A password in it goes
 * to *password when that is not NULL. */
static int
sites_check_url(const char *url, char **password, char **cause)
{
	struct url	u;
	int		error;

	if (*url == '/')
		return (0);
	if ((error = url_parse(url, &u, cause)) != 0)
		return (error);
	if (password != NULL && u.password != NULL) {
		*password = u.password;
		u.password = NULL;
	}
	url_free(&u);
	return (0);
}

/* No field of s longer than SITES_FIELD_MAX: its line, however escaped,
 * is one sites_load reads back. */
static int
sites_check_length(const struct site *s, char **cause)
{
	const char	*key = NULL;

	if (strlen(s->name) > SITES_FIELD_MAX)
		return (ferr_set(cause, FERR_USAGE, _("a site name longer "
		    "than %d bytes"), SITES_FIELD_MAX));
	if (strlen(s->url) > SITES_FIELD_MAX)
		key = "url";
	else if (s->password != NULL && strlen(s->password) > SITES_FIELD_MAX)
		key = "password";
	else if (s->note != NULL && strlen(s->note) > SITES_FIELD_MAX)
		key = "note";
	if (key == NULL)
		return (0);
	return (ferr_set(cause, FERR_USAGE, _("\"%s\" in site \"%s\" is "
	    "longer than %d bytes"), key, s->name, SITES_FIELD_MAX));
}

/* Check s and copy it into *out, the url without its password; a password
 * found in the url goes to *url_password when that is not NULL. */
static int
sites_copy(const struct site *s, struct site *out, char **url_password,
    char **cause)
{
	int	error;

	memset(out, 0, sizeof *out);
	if (s->name == NULL || *s->name == '\0')
		return (ferr_set(cause, FERR_USAGE,
		    _("a site needs a name")));
	if (s->url == NULL || *s->url == '\0')
		return (ferr_set(cause, FERR_USAGE,
		    _("site \"%s\" has no url"), s->name));
	if ((error = sites_check_length(s, cause)) != 0 ||
	    (error = sites_check_url(s->url, url_password, cause)) != 0)
		return (error);
	out->name = xstrdup(s->name);
	out->url = url_strip_password(s->url);
	out->password = sites_strdup_or_null(s->password);
	out->note = sites_strdup_or_null(s->note);
	return (0);
}

int
sites_add(struct sites *l, const struct site *s, char **cause)
{
	struct site	copy;
	int		error;

	if ((error = sites_copy(s, &copy, NULL, cause)) != 0)
		return (error);
	if (sites_index(l, copy.name) != -1) {
		error = ferr_set(cause, FERR_EXISTS,
		    _("there is already a site called \"%s\""), copy.name);
		sites_site_free(&copy);
		return (error);
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = copy;
	return (0);
}

int
sites_edit(struct sites *l, const char *name, const struct site *s,
    char **cause)
{
	struct site	copy;
	ssize_t		i, other;
	int		error;

	if ((i = sites_index(l, name)) == -1)
		return (ferr_set(cause, FERR_NOENT,
		    _("there is no site called \"%s\""), name));
	if ((error = sites_copy(s, &copy, NULL, cause)) != 0)
		return (error);
	other = sites_index(l, copy.name);
	if (other != -1 && other != i) {
		error = ferr_set(cause, FERR_EXISTS,
		    _("there is already a site called \"%s\""), copy.name);
		sites_site_free(&copy);
		return (error);
	}
	sites_site_free(&l->v[i]);
	l->v[i] = copy;
	return (0);
}

int
sites_delete(struct sites *l, const char *name, char **cause)
{
	ssize_t	i;

	if ((i = sites_index(l, name)) == -1)
		return (ferr_set(cause, FERR_NOENT,
		    _("there is no site called \"%s\""), name));
	sites_site_free(&l->v[i]);
	memmove(&l->v[i], &l->v[i + 1], (l->n - (size_t)i - 1) * sizeof *l->v);
	l->n--;
	return (0);
}

/* ---------------------------------------------------------------- load */

struct sites_reader {
	struct sites	*list;
	struct site	 cur;		/* the section being read */
	unsigned long	 cur_line;
};

/* The section being read is complete: check it and add it. */
static int
sites_reader_flush(struct sites_reader *r, char **cause)
{
	struct site	 copy;
	char		*url_password = NULL;
	int		 error;

	if (r->cur.name == NULL)
		return (0);
	if (sites_index(r->list, r->cur.name) != -1) {
		error = ferr_set(cause, FERR_USAGE,
		    _("a second site called \"%s\""), r->cur.name);
		goto out;
	}
	if ((error = sites_copy(&r->cur, &copy, &url_password, cause)) != 0)
		goto out;
	/* A password written into the url by hand counts as stored. */
	if (url_password != NULL && copy.password == NULL) {
		copy.password = url_password;
		url_password = NULL;
	}
	r->list->v = xreallocarray(r->list->v, r->list->n + 1,
	    sizeof *r->list->v);
	r->list->v[r->list->n++] = copy;
out:
	sites_wipe(url_password);
	sites_site_free(&r->cur);
	return (error);
}

static int
sites_reader_line(struct ini_line *l, void *arg, char **cause)
{
	struct sites_reader	*r = arg;
	char			**slot;
	int			 error;

	if (l->kind == INI_SECTION || l->kind == INI_END) {
		if ((error = sites_reader_flush(r, cause)) != 0) {
			l->number = r->cur_line;
			return (error);
		}
		if (l->kind == INI_END)
			return (0);
		if (*l->name == '\0')
			return (ferr_set(cause, FERR_USAGE,
			    _("a site needs a name")));
		r->cur.name = xstrdup(l->name);
		r->cur_line = l->number;
		return (0);
	}
	if (r->cur.name == NULL)
		return (ferr_set(cause, FERR_USAGE,
		    _("\"%s\" before the first [site name]"), l->name));
	if (strcmp(l->name, "url") == 0)
		slot = &r->cur.url;
	else if (strcmp(l->name, "password") == 0)
		slot = &r->cur.password;
	else if (strcmp(l->name, "note") == 0)
		slot = &r->cur.note;
	else
		return (0);	/* from a later version: ignored */
	if (*slot != NULL)
		return (ferr_set(cause, FERR_USAGE, _("a second \"%s\" in "
		    "site \"%s\""), l->name, r->cur.name));
	if (slot == &r->cur.url &&
	    (error = sites_check_url(l->value, NULL, cause)) != 0)
		return (error);
	*slot = xstrdup(l->value);
	return (0);
}

int
sites_parse_text(const char *path, const char *text, size_t len,
    struct sites *out, char **cause)
{
	struct sites_reader	 r;
	char			*what;
	int			 error;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.list = out;
	what = xasprintf(_("sites file %s"), path);
	error = ini_parse(text, len, SITES_LINE_MAX, what, sites_reader_line,
	    &r, cause);
	sites_site_free(&r.cur);
	free(what);
	if (error != 0)
		sites_free(out);
	return (error);
}

/* Some site of the list holds a password. */
static int
sites_have_password(const struct sites *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].password != NULL)
			return (1);
	}
	return (0);
}

int
sites_load(const char *path, struct sites *out, char **cause)
{
	struct stat	 sb;
	char		*text = NULL;
	size_t		 len;
	int		 error;

	memset(out, 0, sizeof *out);
	error = file_read(path, SITES_FILE_MAX, &text, &len, &sb, cause);
	if (error == FERR_NOENT) {
		if (cause != NULL) {
			free(*cause);
			*cause = NULL;
		}
		return (0);
	}
	if (error != 0)
		return (error);
	error = sites_parse_text(path, text, len, out, cause);
	if (error == 0 && sites_have_password(out) && (sb.st_mode & 077) != 0) {
		error = ferr_set(cause, FERR_PERM, _("sites file %s holds "
		    "passwords and other users may read it: not loaded "
		    "(chmod 600 %s)"), path, path);
		sites_free(out);
	}
	explicit_bzero(text, len);
	free(text);
	return (error);
}

/* ---------------------------------------------------------------- save */

char *
sites_text(const struct sites *l, size_t *len)
{
	struct ini_buf		 b = { NULL, 0, 0 };
	const struct site	*s;
	size_t			 i;

	ini_add(&b, "# ferry sites: one [name] a site, with its url, and a "
	    "password only if asked to keep it\n");
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		ini_add_section(&b, s->name);
		ini_add_pair(&b, "url", s->url);
		if (s->password != NULL)
			ini_add_pair(&b, "password", s->password);
		if (s->note != NULL)
			ini_add_pair(&b, "note", s->note);
	}
	*len = b.len;
	return (b.p);
}

int
sites_save(const char *path, const struct sites *l, char **cause)
{
	char	*text;
	size_t	 len;
	int	 error;

	text = sites_text(l, &len);
	error = file_write_atomic(path, text, len, 0600, cause);
	explicit_bzero(text, len);
	free(text);
	return (error);
}
