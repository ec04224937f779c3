/* ferry: what the user types in the file manager's "go to" line, resolved
 * against the pane's location; locations shown to the user; completion of
 * local paths.
 *
 * Locations as the panes keep them (what loc_resolve returns):
 *   local   an absolute, normalised path: "/", "/home/ana/dir"
 *   remote  "scheme://[user@]host[:port]" and then
 *             "//a/b"  the absolute path /a/b on the server ("//" the root)
 *             "/a/b"   a/b under the login directory (RFC 1738)
 *             ""       the login directory itself
 *           percent-encoded (url.h), normalised, never with a password.
 * Once the pane knows its login directory's absolute path (SFTP realpath
 * of ".", FTP PWD) and passes it in loc_ctx, the results are absolute, so
 * ".." can go above the login directory.  Until then a relative remote
 * location keeps leading ".." components ("sftp://h/../x"), which the
 * server resolves.
 *
 * What may be typed:
 *   a URL      ftp, ftps, ftpes, sftp or file, as url.h reads it (its path
 *              relative to the login directory unless "//" or "/%2F")
 *   /a/b       absolute: on a local pane a local path, on a remote pane a
 *              path from the server's root
 *   ~, ~/a     the home directory: $HOME on a local pane, the login
 *              directory on a remote pane
 *   a/b, ..    relative to the pane's directory
 * Typed paths are literal (no percent escapes); "." and ".." are applied
 * and never go above "/"; doubled and trailing slashes do not count.
 */
#ifndef FERRY_LOC_H
#define FERRY_LOC_H

#include <stddef.h>

struct loc_ctx {
	const char	*home;		/* local home; NULL: $HOME */
	const char	*login_dir;	/* remote pane: the login directory's
					   absolute path; NULL: unknown */
};

/* Resolve typed against current (a location as above).  On success *out
 * is the new location (malloc'd) and *password the password a typed URL
 * (or current) carried, malloc'd, or NULL: keep it in memory for the
 * session, never in the location.  On failure both are NULL and *cause
 * says why (FERR_USAGE). */
int	loc_resolve(const char *current, const char *typed,
	    const struct loc_ctx *ctx, char **out, char **password,
	    char **cause);
/* A location for the user to read (malloc'd): percent-decoded, an
 * absolute remote path after the host ("sftp://ana@h/home/ana/a b"), one
 * under the login directory after "/~" ("sftp://ana@h/~/a b"), never a
 * password, control bytes and invalid UTF-8 made visible (fmt_safe_name). */
char	*loc_display(const char *location);
/* What to put in the "go to" line so that loc_resolve on the same pane
 * gives location back: the local path, or the remote path ("/a/b",
 * "~/a/b", "~") decoded.  Malloc'd; raw bytes, to be drawn through
 * fmt_safe_name. */
char	*loc_edit_text(const char *location);

/* Completion of a local path typed so far. */
struct loc_completion {
	char	**v;		/* candidates, sorted: the typed directory
				   part + a name, "/" after a directory */
	size_t	  n;
	char	 *common;	/* their longest common prefix (whole UTF-8
				   characters); typed when n is 0 */
};

/* Complete typed (relative to cwd; "~/" is home, NULL home: $HOME).
 * Names starting with '.' only when the typed name does.  At most
 * LOC_COMPLETE_MAX candidates.  On failure (the directory cannot be read)
 * *out is empty and *cause says why. */
#define LOC_COMPLETE_MAX	10000
int	loc_complete(const char *typed, const char *cwd, const char *home,
	    struct loc_completion *out, char **cause);
void	loc_completion_free(struct loc_completion *);

#endif
