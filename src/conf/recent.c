/* ferry: recently visited locations (see recent.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf/ini.h"
#include "conf/recent.h"
#include "util/err.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"

char *
recent_path(void)
{
	return (file_path(FILE_STATE, "recent"));
}

void
recent_free(struct recent *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* Remove entry i. */
static void
recent_remove(struct recent *r, size_t i)
{
	free(r->v[i]);
	memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof *r->v);
	r->n--;
}

/* Insert location (without its password) at position at, unless it is
 * there already before at; drop what goes beyond RECENT_MAX. */
static void
recent_insert(struct recent *r, size_t at, const char *location)
{
	char	*s = url_strip_password(location);
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i], s) != 0)
			continue;
		if (i < at) {
			free(s);
			return;
		}
		recent_remove(r, i);
		break;
	}
	if (at > r->n)
		at = r->n;
	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	memmove(&r->v[at + 1], &r->v[at], (r->n - at) * sizeof *r->v);
	r->v[at] = s;
	r->n++;
	while (r->n > RECENT_MAX)
		recent_remove(r, r->n - 1);
}

void
recent_add(struct recent *r, const char *location)
{
	recent_insert(r, 0, location);
}

static int
recent_reader_line(struct ini_line *l, void *arg, char **cause)
{
	struct recent	*r = arg;

	if (l->kind == INI_END)
		return (0);
	if (l->kind != INI_PAIR || strcmp(l->name, "location") != 0)
		return (ferr_set(cause, FERR_USAGE,
		    _("expected \"location = ...\"")));
	if (*l->value != '\0')
		recent_insert(r, r->n, l->value);
	return (0);
}

int
recent_load(const char *path, struct recent *out, char **cause)
{
	char	*text, *what;
	size_t	 len;
	int	 error;

	memset(out, 0, sizeof *out);
	error = file_read(path, RECENT_FILE_MAX, &text, &len, NULL, cause);
	if (error == FERR_NOENT) {
		if (cause != NULL) {
			free(*cause);
			*cause = NULL;
		}
		return (0);
	}
	if (error != 0)
		return (error);
	what = xasprintf(_("recent locations file %s"), path);
	error = ini_parse(text, len, RECENT_LINE_MAX, what, recent_reader_line,
	    out, cause);
	free(what);
	free(text);
	if (error != 0)
		recent_free(out);
	return (error);
}

int
recent_save(const char *path, const struct recent *r, char **cause)
{
	struct ini_buf	b = { NULL, 0, 0 };
	size_t		i;
	int		error;

	ini_add(&b, "# ferry: recently visited locations, newest first\n");
	for (i = 0; i < r->n; i++)
		ini_add_pair(&b, "location", r->v[i]);
	error = file_write_atomic(path, b.p, b.len, 0600, cause);
	free(b.p);
	return (error);
}
