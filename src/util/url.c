/* ferry: locations given as URLs (see url.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/url.h"
#include "util/xmalloc.h"

#define URL_HOST_MAX	255	/* longest DNS name, with room to spare */
#define URL_PORT_MAX	65535

struct url_scheme {
	const char	*name;
	unsigned	 port;		/* default, 0 if none */
	int		 local;		/* file: no host, user or port */
};

static const struct url_scheme url_schemes[] = {
	{ .name = "ftp", .port = 21, .local = 0 },
	{ .name = "ftps", .port = 990, .local = 0 },
	{ .name = "ftpes", .port = 21, .local = 0 },
	{ .name = "sftp", .port = 22, .local = 0 },
	{ .name = "file", .port = 0, .local = 1 },
};

/* Characters kept as they are by url_encode, besides unreserved ones. */
#define URL_KEEP_PATH	"!$&'()*+,;=:@/"
#define URL_KEEP_USER	"!$&'()*+,;="

static int
url_is_alpha(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static int
url_is_digit(int c)
{
	return (c >= '0' && c <= '9');
}

/* Unreserved characters of RFC 3986 (ASCII only, whatever the locale). */
static int
url_is_unreserved(int c)
{
	return (url_is_alpha(c) || url_is_digit(c) || c == '-' || c == '.' ||
	    c == '_' || c == '~');
}

static const struct url_scheme *
url_scheme_find(const char *name)
{
	size_t	i;

	if (name == NULL)
		return (NULL);
	for (i = 0; i < sizeof url_schemes / sizeof url_schemes[0]; i++) {
		if (strcasecmp(url_schemes[i].name, name) == 0)
			return (&url_schemes[i]);
	}
	return (NULL);
}

int
url_is_url(const char *s)
{
	if (s == NULL || !url_is_alpha((unsigned char)*s))
		return (0);
	for (s++; *s != '\0'; s++) {
		if (url_is_alpha((unsigned char)*s) ||
		    url_is_digit((unsigned char)*s) ||
		    *s == '+' || *s == '-' || *s == '.')
			continue;
		return (strncmp(s, "://", 3) == 0);
	}
	return (0);
}

unsigned
url_default_port(const char *scheme)
{
	const struct url_scheme	*us = url_scheme_find(scheme);

	return (us == NULL ? 0 : us->port);
}

/*
 * Percent-decode len bytes of s into a new string in *out.  A bad escape
 * ("%zz", a lone "%") and an encoded NUL are errors: a C string cannot
 * carry the NUL and a file name must not be cut short silently.
 */
static int
url_decode(const char *s, size_t len, char **out, char **cause)
{
	char	*d;
	size_t	 i, n = 0;
	int	 hi, lo;

	*out = NULL;
	d = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			d[n++] = s[i];
			continue;
		}
		hi = i + 1 < len ? fmt_hex_digit((unsigned char)s[i + 1]) : -1;
		lo = i + 2 < len ? fmt_hex_digit((unsigned char)s[i + 2]) : -1;
		if (hi == -1 || lo == -1) {
			free(d);
			return (ferr_set(cause, FERR_USAGE,
			    _("invalid percent escape in URL (\"%%\" must be "
			    "followed by two hexadecimal digits)")));
		}
		if (hi == 0 && lo == 0) {
			free(d);
			return (ferr_set(cause, FERR_USAGE,
			    _("URL contains an encoded NUL byte (%%00)")));
		}
		d[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	d[n] = '\0';
	*out = d;
	return (0);
}

/* Percent-encode s: unreserved characters and those in keep stay. */
static char *
url_encode(const char *s, const char *keep)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*d;
	size_t			 n = 0;

	d = xmalloc(3 * strlen(s) + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (url_is_unreserved(*p) || strchr(keep, *p) != NULL) {
			d[n++] = (char)*p;
			continue;
		}
		d[n++] = '%';
		d[n++] = hex[*p >> 4];
		d[n++] = hex[*p & 0xf];
	}
	d[n] = '\0';
	return (d);
}

static int
url_parse_scheme(struct url *u, const char *s, size_t len, char **cause)
{
	const struct url_scheme	*us;
	char			*name;
	size_t			 i;

	name = xstrndup(s, len);
	for (i = 0; i < len; i++) {
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	}
	if ((us = url_scheme_find(name)) == NULL) {
		ferr_set(cause, FERR_USAGE, _("unknown URL scheme \"%s\" "
		    "(expected ftp, ftps, ftpes, sftp or file)"), name);
		free(name);
		return (FERR_USAGE);
	}
	u->scheme = name;
	return (0);
}

/* "user[:password]": the first ':' ends the user name. */
static int
url_parse_userinfo(struct url *u, const char *s, size_t len, char **cause)
{
	const char	*colon;
	size_t		 ulen;
	int		 error;

	colon = memchr(s, ':', len);
	ulen = colon == NULL ? len : (size_t)(colon - s);
	if (ulen == 0)
		return (ferr_set(cause, FERR_USAGE,
		    _("empty user name in URL")));
	if ((error = url_decode(s, ulen, &u->user, cause)) != 0)
		return (error);
	if (colon == NULL)
		return (0);
	return (url_decode(colon + 1, len - ulen - 1, &u->password, cause));
}

static int
url_parse_port(struct url *u, const char *s, size_t len, char **cause)
{
	unsigned long	port = 0;
	size_t		i;

	for (i = 0; i < len; i++) {
		if (!url_is_digit((unsigned char)s[i]))
			break;
		port = port * 10 + (unsigned long)(s[i] - '0');
		if (port > URL_PORT_MAX)
			break;
	}
	if (len == 0 || i != len || port == 0 || port > URL_PORT_MAX)
		return (ferr_set(cause, FERR_USAGE, _("invalid port in URL "
		    "(must be a number from 1 to 65535)")));
	u->port = (unsigned)port;
	return (0);
}

/* "[v6addr]": hexadecimal digits, colons and dots (a trailing IPv4). */
static int
url_parse_ipv6(struct url *u, const char *s, size_t len, char **cause)
{
	size_t	i;

	if (len == 0 || memchr(s, ':', len) == NULL)
		goto bad;
	for (i = 0; i < len; i++) {
		if (fmt_hex_digit((unsigned char)s[i]) == -1 &&
		    s[i] != ':' && s[i] != '.')
			goto bad;
	}
	u->host = xstrndup(s, len);
	return (0);
bad:
	return (ferr_set(cause, FERR_USAGE,
	    _("invalid IPv6 address in URL")));
}

/* A host name or IPv4 address: letters, digits, '-', '.', '_', '~'. */
static int
url_parse_regname(struct url *u, const char *s, size_t len, char **cause)
{
	size_t	i;

	if (len > URL_HOST_MAX)
		return (ferr_set(cause, FERR_USAGE,
		    _("host name in URL is too long")));
	for (i = 0; i < len; i++) {
		if (!url_is_unreserved((unsigned char)s[i]))
			return (ferr_set(cause, FERR_USAGE,
			    _("invalid character in the host name of the "
			    "URL")));
	}
	u->host = xstrndup(s, len);
	return (0);
}

/* "host[:port]" or "[v6addr][:port]"; an empty host is left "". */
static int
url_parse_hostport(struct url *u, const char *s, size_t len, char **cause)
{
	const char	*end, *colon;
	int		 error;

	if (len > 0 && *s == '[') {
		if ((end = memchr(s, ']', len)) == NULL)
			return (ferr_set(cause, FERR_USAGE, _("missing \"]\" "
			    "after the IPv6 address in URL")));
		error = url_parse_ipv6(u, s + 1, (size_t)(end - s - 1), cause);
		if (error != 0)
			return (error);
		colon = end + 1;
		if (colon == s + len)
			return (0);
		if (*colon != ':')
			return (ferr_set(cause, FERR_USAGE, _("unexpected text "
			    "after the IPv6 address in URL")));
	} else {
		colon = memchr(s, ':', len);
		error = url_parse_regname(u, s,
		    colon == NULL ? len : (size_t)(colon - s), cause);
		if (error != 0 || colon == NULL)
			return (error);
	}
	return (url_parse_port(u, colon + 1, (size_t)(s + len - colon - 1),
	    cause));
}

/*
 * The path of a remote URL (RFC 1738): relative to the login directory
 * unless it starts with "//" or "/%2F"; "/~/" means the home directory too.
 */
static int
url_parse_remote_path(struct url *u, const char *s, char **cause)
{
	if (*s == '/')
		s++;
	if (*s == '/')
		return (url_decode(s, strlen(s), &u->path, cause));
	if (strcmp(s, "~") == 0)
		s++;
	else if (strncmp(s, "~/", 2) == 0)
		s += 2;
	return (url_decode(s, strlen(s), &u->path, cause));
}

/* file://[localhost]/path: no user, password or port; host kept "". */
static int
url_check_file(struct url *u, char **cause)
{
	if (u->user != NULL || u->port != 0)
		return (ferr_set(cause, FERR_USAGE,
		    _("a file URL cannot have a user name or a port")));
	if (*u->host != '\0' && strcasecmp(u->host, "localhost") != 0)
		return (ferr_set(cause, FERR_USAGE,
		    _("a file URL cannot name a remote host")));
	u->host[0] = '\0';
	return (0);
}

/* The last '@' of the authority ends the user information. */
static const char *
url_find_at(const char *s, size_t len)
{
	while (len > 0) {
		len--;
		if (s[len] == '@')
			return (s + len);
	}
	return (NULL);
}

static int
url_parse_authority(struct url *u, const char *s, size_t len, char **cause)
{
	const char	*at;
	int		 error;

	if ((at = url_find_at(s, len)) != NULL) {
		error = url_parse_userinfo(u, s, (size_t)(at - s), cause);
		if (error != 0)
			return (error);
		len -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	return (url_parse_hostport(u, s, len, cause));
}

int
url_parse(const char *s, struct url *out, char **cause)
{
	struct url	 u;
	const char	*auth, *path;
	int		 error;

	memset(out, 0, sizeof *out);
	memset(&u, 0, sizeof u);
	if (!url_is_url(s))
		return (ferr_set(cause, FERR_USAGE,
		    _("not a URL (expected scheme://host/path)")));
	auth = strstr(s, "://");
	if ((error = url_parse_scheme(&u, s, (size_t)(auth - s), cause)) != 0)
		goto out;
	auth += 3;
	path = auth + strcspn(auth, "/");
	error = url_parse_authority(&u, auth, (size_t)(path - auth), cause);
	if (error != 0)
		goto out;
	if (url_scheme_find(u.scheme)->local) {
		if ((error = url_check_file(&u, cause)) != 0)
			goto out;
		error = url_decode(path, strlen(path), &u.path, cause);
	} else if (*u.host == '\0')
		error = ferr_set(cause, FERR_USAGE, _("missing host in URL"));
	else
		error = url_parse_remote_path(&u, path, cause);
out:
	if (error != 0)
		url_free(&u);
	else
		*out = u;
	return (error);
}

void
url_free(struct url *u)
{
	if (u == NULL)
		return;
	free(u->scheme);
	free(u->user);
	free(u->password);
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof *u);
}

static char *
url_strdup_or_null(const char *s)
{
	return (s == NULL ? NULL : xstrdup(s));
}

struct url *
url_dup(const struct url *u)
{
	struct url	*d;

	if (u == NULL)
		return (NULL);
	d = xcalloc(1, sizeof *d);
	d->scheme = url_strdup_or_null(u->scheme);
	d->user = url_strdup_or_null(u->user);
	d->password = url_strdup_or_null(u->password);
	d->host = url_strdup_or_null(u->host);
	d->port = u->port;
	d->path = url_strdup_or_null(u->path);
	return (d);
}

/*
 * The path as it appears in a URL: "/" then the encoded path, with abs
 * ("/%2F" or "//") for an absolute remote path.  A relative path starting
 * with '~' gets it encoded, so it is not taken for the home directory when
 * parsed again.
 */
static char *
url_display_path(const char *scheme, const char *path, const char *abs)
{
	const struct url_scheme	*us = url_scheme_find(scheme);
	const char		*prefix = "/";
	char			*enc, *s;

	if (*path == '\0')
		return (xstrdup(""));
	if (*path == '/') {
		if (us == NULL || !us->local)
			prefix = abs;
		path++;
	} else if (*path == '~') {
		prefix = "/%7E";
		path++;
	}
	enc = url_encode(path, URL_KEEP_PATH);
	s = xasprintf("%s%s", prefix, enc);
	free(enc);
	return (s);
}

static char *
url_format(const struct url *u, const char *path, const char *abs)
{
	const char	*scheme = u->scheme != NULL ? u->scheme : "";
	const char	*host = u->host != NULL ? u->host : "";
	char		*user = NULL, *p, *port = NULL, *s;
	int		 v6;

	if (path == NULL)
		path = u->path != NULL ? u->path : "";
	if (u->user != NULL) {
		p = url_encode(u->user, URL_KEEP_USER);
		user = xasprintf("%s@", p);
		free(p);
	}
	if (u->port != 0 && u->port != url_default_port(scheme))
		port = xasprintf(":%u", u->port);
	v6 = strchr(host, ':') != NULL;
	p = url_display_path(scheme, path, abs);
	s = xasprintf("%s://%s%s%s%s%s%s", scheme, user != NULL ? user : "",
	    v6 ? "[" : "", host, v6 ? "]" : "", port != NULL ? port : "", p);
	free(user);
	free(port);
	free(p);
	return (s);
}

char *
url_display(const struct url *u, const char *path)
{
	return (url_format(u, path, "/%2F"));
}

char *
url_location(const struct url *u, const char *path)
{
	return (url_format(u, path, "//"));
}

char *
url_child(const char *location, const char *name)
{
	char *enc, *out;

	if (!url_is_url(location))
		return (path_join(location, name));
	enc = url_encode(name, "!$&'()*+,;=:@");
	out = path_join(location, enc);
	free(enc);
	return (out);
}

/* Where the path of a location starts: components are above it. */
static const char *
url_path_root(const char *location)
{
	const char *p;

	if (url_is_url(location) && (p = strstr(location, "://")) != NULL) {
		if ((p = strchr(p + 3, '/')) == NULL)
			return (NULL);	/* "sftp://host": the login directory */
		p++;
		if (*p == '/')		/* "sftp://host//etc": absolute */
			p++;
		return (p);
	}
	return (*location == '/' ? location + 1 : location);
}

char *
url_parent(const char *location)
{
	const char *root, *end, *p;

	if ((root = url_path_root(location)) == NULL)
		return (NULL);
	end = location + strlen(location);
	while (end > root && end[-1] == '/')
		end--;
	if (end == root)
		return (NULL);
	for (p = end; p > root && p[-1] != '/'; p--)
		;
	while (p > root && p[-1] == '/')
		p--;
	if (p == location)
		return (NULL);	/* a relative path of one component */
	return (xstrndup(location, (size_t)(p - location)));
}

char *
url_last_name(const char *location)
{
	const char *base = path_basename(location);
	size_t len = strlen(base);
	char *name, *decoded;

	while (len > 1 && base[len - 1] == '/')
		len--;
	if (!url_is_url(location))
		return (xstrndup(base, len));
	/* A bad escape is shown as it stands. */
	if (url_decode(base, len, &decoded, NULL) == 0)
		return (decoded);
	name = xstrndup(base, len);
	return (name);
}

char *
url_strip_password(const char *location)
{
	const char	*auth, *end, *at, *colon;

	if (!url_is_url(location) ||
	    (auth = strstr(location, "://")) == NULL)
		return (xstrdup(location));
	auth += 3;
	end = auth + strcspn(auth, "/");
	if ((at = url_find_at(auth, (size_t)(end - auth))) == NULL ||
	    (colon = memchr(auth, ':', (size_t)(at - auth))) == NULL)
		return (xstrdup(location));
	return (xasprintf("%.*s%s", (int)(colon - location), location, at));
}

int
url_same_server(const char *a, const char *b)
{
	struct url ua, ub;
	char *ka, *kb;
	int same;

	if (!url_is_url(a) || !url_is_url(b))
		return (!url_is_url(a) && !url_is_url(b));
	if (url_parse(a, &ua, NULL) != 0)
		return (0);
	if (url_parse(b, &ub, NULL) != 0) {
		url_free(&ua);
		return (0);
	}
	ka = url_display(&ua, "");
	kb = url_display(&ub, "");
	same = strcmp(ka, kb) == 0;
	free(ka);
	free(kb);
	url_free(&ua);
	url_free(&ub);
	return (same);
}
