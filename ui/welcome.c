/* ferry: the welcome box (see welcome.h).  No curses here: the box is a
 * struct view, drawn by view.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/file.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "view.h"
#include "welcome.h"

#define WELCOME_TAB	8

char *
welcome_line(const char *line, size_t len)
{
	char *buf, *safe;
	size_t i, n = 0, col = 0;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	/* A tab is at most WELCOME_TAB bytes. */
	buf = xmalloc(len * WELCOME_TAB + 1);
	for (i = 0; i < len; i++) {
		if (line[i] == '\t') {
			do
				buf[n++] = ' ';
			while (++col % WELCOME_TAB != 0);
			continue;
		}
		buf[n++] = line[i];
		/* Columns counted in characters: UTF-8 continuation bytes
		 * add none. */
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			col++;
	}
	buf[n] = '\0';
	safe = fmt_safe_text(buf);
	free(buf);
	return (safe);
}

/* The cause made safe to draw (it names the path as given). */
static int
welcome_fail(int rc, char **cause)
{
	char *safe = fmt_safe_text(*cause);

	free(*cause);
	*cause = safe;
	return (rc);
}

int
welcome_open(const char *path, struct view **v, char **cause)
{
	const char *p, *end, *nl;
	char *text = NULL, *line;
	size_t len = 0;
	int rc;

	*v = NULL;
	if (path == NULL || *path == '\0')
		return (0);
	rc = file_read(path, WELCOME_MAX, &text, &len, NULL, cause);
	if (rc != 0) {
		rc = welcome_fail(rc, cause);
		goto out;
	}
	if (memchr(text, '\0', len) != NULL) {
		rc = welcome_fail(ferr_set(cause, FERR_USAGE,
		    _("%s: not a text file"), path), cause);
		goto out;
	}
	/* Blank lines at the end are not shown. */
	while (len > 0 && strchr("\n\r \t", text[len - 1]) != NULL)
		len--;
	if (len == 0)
		goto out;
	*v = view_new(_("Welcome"), _("Up, Down, PgUp, PgDn: scroll  any "
	    "other key closes this box"));
	(*v)->any_key = 1;
	for (p = text, end = text + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = welcome_line(p, (size_t)(nl - p));
		view_add(*v, line);
		free(line);
	}
out:
	free(text);
	return (rc);
}
