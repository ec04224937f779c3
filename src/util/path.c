/* ferry: path helpers (see path.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/path.h"
#include "util/xmalloc.h"

char *
path_join(const char *dir, const char *name)
{
	size_t len;

	if (dir == NULL || *dir == '\0')
		return (xstrdup(name));
	len = strlen(dir);
	if (dir[len - 1] == '/')
		return (xasprintf("%s%s", dir, name));
	return (xasprintf("%s/%s", dir, name));
}

char *
path_parent(const char *path)
{
	const char *b = path_basename(path), *end = b;

	if (b == path)
		return (xstrdup(*path == '/' ? "/" : "."));
	while (end > path && end[-1] == '/')
		end--;
	if (end == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(end - path)));
}

/*
 * The last component, pointing into path.  Trailing slashes do not count
 * when finding it but are not removed: "a/b/" gives "b/".  A path of only
 * slashes gives "/", an empty path "".
 */
const char *
path_basename(const char *path)
{
	const char *end, *p;

	end = path + strlen(path);
	while (end > path && end[-1] == '/')
		end--;
	if (end == path)	/* "" or only slashes */
		return (*path == '\0' ? path : path + strlen(path) - 1);
	for (p = end; p > path && p[-1] != '/'; p--)
		/* nothing */;
	return (p);
}

int
path_name_is_safe(const char *name)
{
	if (name == NULL || *name == '\0')
		return (0);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return (0);
	return (strchr(name, '/') == NULL);
}

char *
path_normalise(const char *path)
{
	char *out = xmalloc(strlen(path) + 2), *copy, *tok, *save, *s;
	size_t n = 0, len;

	copy = xstrdup(path);
	out[0] = '\0';
	for (s = copy; (tok = strtok_r(s, "/", &save)) != NULL; s = NULL) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			while (n > 0 && out[--n] != '/')
				/* nothing */;
			out[n] = '\0';
			continue;
		}
		len = strlen(tok);
		out[n++] = '/';
		memcpy(out + n, tok, len);
		n += len;
		out[n] = '\0';
	}
	if (n == 0)
		strcpy(out, "/");
	free(copy);
	return (out);
}
