/* ferry: reading ~/.ssh/config (see config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssh/config.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

/* A config file larger than this is not read. */
#define SSH_CONFIG_MAX		(1024 * 1024)
/* Arguments on one line, at most. */
#define SSH_CONFIG_ARGS		64
/* IdentityFile values kept, at most (OpenSSH allows 100). */
#define SSH_CONFIG_IDS		100

static int
ssh_config_char_eq(char p, char s)
{
	return (p == '?' ||
	    tolower((unsigned char)p) == tolower((unsigned char)s));
}

/*
 * Greedy, remembering only the last '*': on a mismatch the last star takes
 * one more character and matching goes on from just after it.  Stars
 * before the last never need to take more (whatever they could take the
 * last one can), so this takes at most len(p) * len(s) steps instead of
 * the exponential time of trying every split.
 */
int
ssh_config_pattern(const char *p, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = ++p;
			retry = s;
		} else if (*p != '\0' && ssh_config_char_eq(*p, *s)) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star;
			s = ++retry;
		} else
			return (0);
	}
	while (*p == '*')
		p++;
	return (*p == '\0');
}

/*
 * The next argument of a line: blank separated, or "quoted" (the quotes
 * removed).  *pp advances past it; NULL when the line has no more.  The
 * argument is written over the line itself (it only ever shrinks).
 */
static char *
ssh_config_arg(char **pp)
{
	char *p = *pp, *start, *w;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return (NULL);
	start = w = p;
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++)
			*w++ = *p;
		if (*p == '"')
			p++;
	} else {
		while (*p != '\0' && *p != ' ' && *p != '\t')
			*w++ = *p++;
	}
	if (*p != '\0')
		p++;
	*w = '\0';
	*pp = p;
	return (start);
}

int
ssh_config_host_matches(const char *patterns, const char *host)
{
	char *copy, *p, *pat;
	int match = 0;

	copy = p = xstrdup(patterns);
	while ((pat = ssh_config_arg(&p)) != NULL) {
		if (*pat == '!') {
			if (ssh_config_pattern(pat + 1, host)) {
				match = 0;
				break;
			}
		} else if (ssh_config_pattern(pat, host))
			match = 1;
	}
	free(copy);
	return (match);
}

/* IdentityFile: ~ and %d are home, %h the host, %% a '%'. */
static char *
ssh_config_expand(const char *v, const char *host, const char *home)
{
	size_t n = 0, cap;
	char *out;
	const char *add;

	if (home == NULL)
		home = "";
	cap = strlen(v) * (strlen(home) + strlen(host) + 1) + 1;
	out = xmalloc(cap);
	if (v[0] == '~' && (v[1] == '/' || v[1] == '\0')) {
		n = (size_t)snprintf(out, cap, "%s", home);
		v++;
	}
	for (; *v != '\0'; v++) {
		add = NULL;
		if (*v == '%' && v[1] == 'd')
			add = home;
		else if (*v == '%' && v[1] == 'h')
			add = host;
		else if (*v == '%' && v[1] == '%')
			add = "%";
		if (add == NULL) {
			out[n++] = *v;
			continue;
		}
		n += (size_t)snprintf(out + n, cap - n, "%s", add);
		v++;
	}
	out[n] = '\0';
	return (out);
}

static void
ssh_config_set(char **field, const char *v)
{
	if (*field == NULL)
		*field = xstrdup(v);
}

/* One keyword that applies to the host. */
static void
ssh_config_apply(struct ssh_config *c, const char *key, const char *v,
    const char *host, const char *home)
{
	unsigned long port;
	char *end;

	if (strcasecmp(key, "HostName") == 0)
		ssh_config_set(&c->hostname, v);
	else if (strcasecmp(key, "User") == 0)
		ssh_config_set(&c->user, v);
	else if (strcasecmp(key, "Port") == 0 && c->port == 0) {
		errno = 0;
		port = strtoul(v, &end, 10);
		if (errno == 0 && *end == '\0' && port > 0 && port < 65536)
			c->port = (unsigned)port;
	} else if (strcasecmp(key, "IdentityFile") == 0 &&
	    c->nidentity < SSH_CONFIG_IDS) {
		c->identity = xreallocarray(c->identity, c->nidentity + 1,
		    sizeof *c->identity);
		c->identity[c->nidentity++] = ssh_config_expand(v, host, home);
	}
}

/*
 * Split "Keyword value", "Keyword=value" or "Keyword = value": *keyp and
 * the rest of the line (its arguments).  0 for a blank or comment line.
 */
static int
ssh_config_split(char *line, char **keyp, char **restp)
{
	char *p = line, *key, sep;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return (0);
	key = p;
	while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '=')
		p++;
	sep = *p;
	if (*p != '\0')
		*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (sep != '=' && *p == '=') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	*keyp = key;
	*restp = p;
	return (1);
}

int
ssh_config_parse(const char *text, const char *host, const char *home,
    struct ssh_config *out)
{
	char *copy, *line, *next, *key, *rest, *arg;
	int applies = 1;	/* lines before any Host apply to all */

	memset(out, 0, sizeof *out);
	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (!ssh_config_split(line, &key, &rest))
			continue;
		if (strcasecmp(key, "Host") == 0) {
			applies = ssh_config_host_matches(rest, host);
			continue;
		}
		if (strcasecmp(key, "Match") == 0) {
			/* Only "Match all" is understood. */
			arg = ssh_config_arg(&rest);
			applies = arg != NULL && strcasecmp(arg, "all") == 0 &&
			    ssh_config_arg(&rest) == NULL;
			continue;
		}
		if (!applies || (arg = ssh_config_arg(&rest)) == NULL)
			continue;
		ssh_config_apply(out, key, arg, host, home);
	}
	free(copy);
	return (0);
}

int
ssh_config_load(const char *path, const char *host, const char *home,
    struct ssh_config *out, char **cause)
{
	FILE *f;
	char *text;
	size_t n;
	int e, error = 0;

	memset(out, 0, sizeof *out);
	if ((f = fopen(path, "r")) == NULL) {
		e = errno;
		if (e == ENOENT || e == ENOTDIR)
			return (0);
		return (ferr_set(cause, FERR_IO, _("cannot read %s: %s"),
		    path, strerror(e)));
	}
	text = xmalloc(SSH_CONFIG_MAX + 1);
	n = fread(text, 1, SSH_CONFIG_MAX + 1, f);
	if (ferror(f))
		error = ferr_set(cause, FERR_IO, _("cannot read %s: %s"),
		    path, strerror(errno));
	else if (n > SSH_CONFIG_MAX)
		error = ferr_set(cause, FERR_IO, _("%s: too large (over "
		    "%d bytes)"), path, SSH_CONFIG_MAX);
	else {
		text[n] = '\0';
		ssh_config_parse(text, host, home, out);
	}
	fclose(f);
	free(text);
	return (error);
}

void
ssh_config_free(struct ssh_config *c)
{
	size_t i;

	free(c->hostname);
	free(c->user);
	for (i = 0; i < c->nidentity; i++)
		free(c->identity[i]);
	free(c->identity);
	memset(c, 0, sizeof *c);
}
