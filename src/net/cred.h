/* ferry: where user names and passwords come from.
 *
 * In order: the URL, --password-file, ~/.netrc (or $NETRC), and last a
 * question to the user through the session's env (no echo).  Passwords are
 * malloc'd; whoever gets one wipes it (cred_free) and never logs it.
 */
#ifndef FERRY_CRED_H
#define FERRY_CRED_H

struct url;
struct vfs_env;

/* The machine/login/password that a .netrc text gives for host (and for
 * user when not NULL; "default" applies when no machine matches).  Pure:
 * 0 and malloc'd *login / *password (either may stay NULL), or FERR_NOENT
 * when nothing applies. */
int	cred_netrc_parse(const char *text, const char *host,
	    const char *user, char **login, char **password);
/* The same from a file ($NETRC, else ~/.netrc); a file that others can
 * read is ignored (as ftp(1) and curl do) and FERR_PERM returned with a
 * cause that says so. */
int	cred_netrc_lookup(const char *host, const char *user, char **login,
	    char **password, char **cause);
/* The first line of a password file (without its newline).  Refused
 * (FERR_PERM) when the group or others may read it, FERR_NOENT / FERR_IO
 * when it cannot be read. */
int	cred_password_file(const char *path, char **password, char **cause);

/* The user name for a session: the URL's, else .netrc's login for the
 * host, else fallback (may be NULL: then *user stays NULL).  0 always. */
int	cred_user(const struct url *, const char *fallback, char **user);
/* The password for user: the URL's, --password-file, .netrc, or a prompt
 * (what_for: "password for ftp://bob@host" is built here).  FERR_CONNECT
 * when there is none and nobody can be asked. */
int	cred_password(const struct vfs_env *, const struct url *,
	    const char *user, char **password, char **cause);
/* Wipe and free a secret. */
void	cred_free(char *secret);

#endif
