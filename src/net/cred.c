/* ferry: user names and passwords (see cred.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/cred.h"
#include "util/env.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"

/* Files bigger than this are not credentials. */
#define CRED_FILE_MAX	(256 * 1024)

void
cred_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}

/* The next .netrc token: words separated by blanks, or "quoted words"
 * with backslash escapes (as curl reads them).  *pp advances; NULL at the
 * end.  The token is malloc'd. */
static char *
cred_netrc_token(const char **pp)
{
	const char *p = *pp;
	char *tok;
	size_t n = 0;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p == '\0') {
		*pp = p;
		return (NULL);
	}
	tok = xmalloc(strlen(p) + 1);
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			tok[n++] = *p;
		}
		if (*p == '"')
			p++;
	} else {
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			tok[n++] = *p++;
	}
	tok[n] = '\0';
	*pp = p;
	return (tok);
}

/* Skip a "macdef" body: up to an empty line. */
static void
cred_netrc_skip_macro(const char **pp)
{
	const char *p = strchr(*pp, '\n'), *e;

	while (p != NULL) {
		p++;
		if (*p == '\n' || *p == '\0')
			break;
		e = strchr(p, '\n');
		p = e;
	}
	*pp = p != NULL ? p : *pp + strlen(*pp);
}

struct cred_netrc_entry {
	int	 kind;		/* 0 none, 1 the machine asked for, 2 default,
				   3 another machine */
	char	*login;
	char	*password;
};

static void
cred_netrc_entry_clear(struct cred_netrc_entry *e)
{
	free(e->login);
	cred_free(e->password);
	memset(e, 0, sizeof *e);
}

/* Does the entry give credentials for user (NULL: any)? */
static int
cred_netrc_entry_fits(const struct cred_netrc_entry *e, const char *user)
{
	return (user == NULL || e->login == NULL ||
	    strcmp(e->login, user) == 0);
}

/* The entry is complete: keep it if it is the best so far.  A matching
 * machine wins (the first one); "default" only if nothing else does. */
static int
cred_netrc_entry_done(struct cred_netrc_entry *cur,
    struct cred_netrc_entry *best, const char *user)
{
	if ((cur->kind == 1 || cur->kind == 2) &&
	    cred_netrc_entry_fits(cur, user) &&
	    (best->kind == 0 || (best->kind == 2 && cur->kind == 1))) {
		cred_netrc_entry_clear(best);
		*best = *cur;
		memset(cur, 0, sizeof *cur);
	} else
		cred_netrc_entry_clear(cur);
	return (best->kind == 1);
}

int
cred_netrc_parse(const char *text, const char *host, const char *user,
    char **login, char **password)
{
	struct cred_netrc_entry cur = { 0 }, best = { 0 };
	const char *p = text;
	char *tok, *val, **slot;

	*login = *password = NULL;
	while ((tok = cred_netrc_token(&p)) != NULL) {
		if (strcmp(tok, "machine") == 0 ||
		    strcmp(tok, "default") == 0) {
			if (cred_netrc_entry_done(&cur, &best, user)) {
				free(tok);
				break;
			}
			cur.kind = 2;
			if (tok[0] == 'm') {
				val = cred_netrc_token(&p);
				cur.kind = val != NULL &&
				    strcasecmp(val, host) == 0 ? 1 : 3;
				free(val);
			}
		} else if (strcmp(tok, "login") == 0 ||
		    strcmp(tok, "password") == 0 ||
		    strcmp(tok, "account") == 0) {
			val = cred_netrc_token(&p);
			slot = tok[0] == 'l' ? &cur.login : tok[0] == 'p' ?
			    &cur.password : NULL;
			if (slot != NULL && *slot == NULL)
				*slot = val;
			else
				cred_free(val);
		} else if (strcmp(tok, "macdef") == 0)
			cred_netrc_skip_macro(&p);
		free(tok);
	}
	cred_netrc_entry_done(&cur, &best, user);
	if (best.kind == 0)
		return (FERR_NOENT);
	*login = best.login;
	*password = best.password;
	return (0);
}

/* Read a whole small file; refuse it (FERR_PERM) if others may read it and
 * private is set. */
static int
cred_read_file(const char *path, int private, char **text, char **cause)
{
	struct stat st;
	ssize_t n;
	size_t len = 0;
	char *buf;
	int fd, rc = 0;

	*text = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return (ferr_set(cause, ferr_from_errno(errno), "%s: %s",
		    path, strerror(errno)));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return (ferr_set(cause, FERR_IO, _("%s: not a regular file"),
		    path));
	}
	if (private && (st.st_mode & 077) != 0) {
		close(fd);
		return (ferr_set(cause, FERR_PERM, _("%s: refused: others "
		    "can read it (chmod 600 %s)"), path, path));
	}
	buf = xmalloc(CRED_FILE_MAX + 1);
	while (len < CRED_FILE_MAX) {
		n = read(fd, buf + len, CRED_FILE_MAX - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rc = ferr_set(cause, FERR_IO, "%s: %s", path,
			    strerror(errno));
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (rc != 0) {
		explicit_bzero(buf, len);
		free(buf);
		return (rc);
	}
	*text = buf;
	return (0);
}

int
cred_password_file(const char *path, char **password, char **cause)
{
	char *text;
	int rc;

	*password = NULL;
	if ((rc = cred_read_file(path, 1, &text, cause)) != 0)
		return (rc);
	text[strcspn(text, "\r\n")] = '\0';
	*password = xstrdup(text);
	cred_free(text);
	return (0);
}

int
cred_netrc_lookup(const char *host, const char *user, char **login,
    char **password, char **cause)
{
	const char *env = getenv("NETRC"), *home = getenv("HOME");
	char *path, *text;
	int rc;

	*login = *password = NULL;
	if (env != NULL && *env != '\0')
		path = xstrdup(env);
	else if (home != NULL && *home != '\0')
		path = xasprintf("%s/.netrc", home);
	else
		return (FERR_NOENT);
	rc = cred_read_file(path, 1, &text, cause);
	free(path);
	if (rc != 0)
		return (rc);
	rc = cred_netrc_parse(text, host, user, login, password);
	cred_free(text);
	return (rc);
}

int
cred_user(const struct url *url, const char *fallback, char **user)
{
	char *login = NULL, *pw = NULL;

	*user = NULL;
	if (url != NULL && url->user != NULL && *url->user) {
		*user = xstrdup(url->user);
		return (0);
	}
	if (url != NULL && url->host != NULL &&
	    cred_netrc_lookup(url->host, NULL, &login, &pw, NULL) == 0 &&
	    login != NULL) {
		*user = login;
		login = NULL;
	} else if (fallback != NULL)
		*user = xstrdup(fallback);
	free(login);
	cred_free(pw);
	return (0);
}

int
cred_password(const struct vfs_env *env, const struct url *url,
    const char *user, char **password, char **cause)
{
	char *login = NULL, *pw = NULL, *where, *prompt, *why = NULL;
	int rc;

	*password = NULL;
	if (url != NULL && url->password != NULL) {
		*password = xstrdup(url->password);
		return (0);
	}
	if (env->password_file != NULL)
		return (cred_password_file(env->password_file, password,
		    cause));
	if (url != NULL && url->host != NULL) {
		rc = cred_netrc_lookup(url->host, user, &login, &pw, &why);
		free(login);
		if (rc == FERR_PERM)
			env_warn(env, "%s", why);
		free(why);
		if (rc == 0 && pw != NULL) {
			*password = pw;
			return (0);
		}
		cred_free(pw);
	}
	/* (every remote backend has a URL; a caller without one still
	 * gets a message) */
	where = url != NULL ? url_display(url, "") : xstrdup(_("the server"));
	if (env->ask_secret == NULL) {
		rc = ferr_set(cause, FERR_CONNECT, _("%s: a password is needed "
		    "(give it with --password-file or in ~/.netrc)"), where);
		free(where);
		return (rc);
	}
	prompt = xasprintf(_("Password for %s: "), where);
	rc = env->ask_secret(env->arg, where, prompt, 0, password);
	free(prompt);
	if (rc == FERR_UNSUPPORTED)
		rc = ferr_set(cause, FERR_CONNECT, _("%s: a password is needed "
		    "(give it with --password-file or in ~/.netrc)"), where);
	else if (rc != 0)
		rc = ferr_set(cause, rc, _("%s: no password given"), where);
	free(where);
	return (rc);
}
