/* ferry: locations given as URLs (RFC 3986 syntax, RFC 1738 path rules).
 *
 *   scheme://[user[:password]@]host[:port][/path]
 *
 * schemes: ftp, ftps (implicit TLS), ftpes (explicit TLS), sftp, file.
 * The path is relative to the login directory, as RFC 1738 says for FTP:
 * "ftp://h/pub/x" is "pub/x".  "/%2F" or a double slash after the host makes
 * it absolute: "ftp://h/%2Fetc/x" and "ftp://h//etc/x" are "/etc/x".
 * "file:///tmp/x" is the local path "/tmp/x".
 * User, password and path are percent-decoded; a host may be "[v6addr]".
 */
#ifndef FERRY_URL_H
#define FERRY_URL_H

struct url {
	char		*scheme;	/* lower case */
	char		*user;		/* NULL if not given */
	char		*password;	/* NULL if not given: never print it */
	char		*host;		/* without brackets */
	unsigned	 port;		/* 0: the scheme's default */
	char		*path;		/* "" for the login directory */
};

/* True if s looks like "scheme://..." (scheme of letters, digits, + - .). */
int	url_is_url(const char *s);
/* Parse; on success fill *out (free with url_free).  On failure *out is
 * cleared and *cause says why. */
int	url_parse(const char *s, struct url *out, char **cause);
void	url_free(struct url *);
struct url *url_dup(const struct url *);
/* The scheme's default port (21, 990, 22), 0 if none. */
unsigned url_default_port(const char *scheme);
/* For display and logs: never contains the password.  The path given
 * replaces the URL's own (NULL keeps it); it is percent-encoded where
 * needed and made absolute with "/%2F" when it starts with '/'. */
char	*url_display(const struct url *, const char *path);
/* The same, but an absolute remote path is written "//path", the form
 * url_parent and url_child (and the file manager's panes) work on. */
char	*url_location(const struct url *, const char *path);

/*
 * Locations (a URL or a local path) as text, for browsing: no parsing
 * beyond the "scheme://host" prefix, nothing looked up.  All malloc'd.
 */
/* Whether two locations are on one server: both local paths, or URLs
 * with the same scheme, user, host and port (what one session serves,
 * the worker's session cache key). */
int	url_same_server(const char *, const char *);
/* A name one level down: joined with '/', percent-encoded in a URL. */
char	*url_child(const char *location, const char *name);
/* One level up, or NULL at the top ("/", "sftp://h", "sftp://h//"). */
char	*url_parent(const char *location);
/* The name a location has in its parent, percent-decoded for a URL. */
char	*url_last_name(const char *location);
/* The location without the password of its user information ("sftp://
 * ana:pw@h/x" gives "sftp://ana@h/x"); the rest is kept as it is written.
 * A local path is returned as it is. */
char	*url_strip_password(const char *location);

#endif
