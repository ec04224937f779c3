/* ferry: host keys and known_hosts (see knownhosts.h). */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "ssh/knownhosts.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

/* A known_hosts file larger than this is not read. */
#define SSH_KNOWN_MAX		(16 * 1024 * 1024)
/* Key types whose algorithms are named here. */
#define SSH_KNOWN_NTYPES	6

/* Key types, their names and host key algorithms, in OpenSSH's order of
 * preference. */
static const struct {
	int		 mask;
	const char	*type;
	const char	*algs;
} ssh_known_types_tab[SSH_KNOWN_NTYPES] = {
	{ LIBSSH2_KNOWNHOST_KEY_ED25519, "ssh-ed25519", "ssh-ed25519" },
	{ LIBSSH2_KNOWNHOST_KEY_ECDSA_256, "ecdsa-sha2-nistp256",
	    "ecdsa-sha2-nistp256" },
	{ LIBSSH2_KNOWNHOST_KEY_ECDSA_384, "ecdsa-sha2-nistp384",
	    "ecdsa-sha2-nistp384" },
	{ LIBSSH2_KNOWNHOST_KEY_ECDSA_521, "ecdsa-sha2-nistp521",
	    "ecdsa-sha2-nistp521" },
	{ LIBSSH2_KNOWNHOST_KEY_SSHRSA, "ssh-rsa",
	    "rsa-sha2-512,rsa-sha2-256,ssh-rsa" },
	/* not in the default list, only when known */
	{ LIBSSH2_KNOWNHOST_KEY_SSHDSS, "ssh-dss", "ssh-dss" },
};

/* One node of libssh2's list and the file line it came from. */
struct ssh_known_node {
	struct libssh2_knownhost *node;
	int			  line;
};

struct ssh_known {
	LIBSSH2_KNOWNHOSTS	*kh;
	LIBSSH2_KNOWNHOSTS	*revoked;
	struct ssh_known_node	*v;
	size_t			 n;
};

void
ssh_known_fingerprint_digest(const unsigned char *sha256,
    char out[SSH_FP_SIZE])
{
	unsigned char b64[48];
	int n;

	n = EVP_EncodeBlock(b64, sha256, SHA256_DIGEST_LENGTH);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	snprintf(out, SSH_FP_SIZE, "SHA256:%.*s", n, (const char *)b64);
}

void
ssh_known_fingerprint(const unsigned char *blob, size_t len,
    char out[SSH_FP_SIZE])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256(blob, len, md);
	ssh_known_fingerprint_digest(md, out);
}

char *
ssh_known_name(const char *host, unsigned port)
{
	char *name, *p;

	if (port == 0 || port == 22)
		name = xstrdup(host);
	else
		name = xasprintf("[%s]:%u", host, port);
	for (p = name; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return (name);
}

int
ssh_known_blob_type(const unsigned char *blob, size_t len, char *buf,
    size_t size)
{
	uint32_t n;
	size_t i;

	if (len < 4)
		return (-1);
	n = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
	    (uint32_t)blob[2] << 8 | blob[3];
	if (n == 0 || n > len - 4 || n >= size)
		return (-1);
	for (i = 0; i < n; i++) {
		if (!isgraph(blob[4 + i]))
			return (-1);
	}
	memcpy(buf, blob + 4, n);
	buf[n] = '\0';
	return (0);
}

int
ssh_known_keymask(const char *type)
{
	size_t i;

	for (i = 0; i < SSH_KNOWN_NTYPES; i++) {
		if (strcmp(ssh_known_types_tab[i].type, type) == 0)
			return (ssh_known_types_tab[i].mask);
	}
	return (0);
}

/* The standard, padded base64 of a blob; malloc'd. */
static char *
ssh_known_base64(const unsigned char *blob, size_t len)
{
	char *out;

	out = xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, blob, (int)len);
	return (out);
}

char *
ssh_known_line(const char *host, unsigned port, const unsigned char *blob,
    size_t len)
{
	char type[64], *name, *b64, *line;

	if (ssh_known_blob_type(blob, len, type, sizeof type) != 0 ||
	    len > SSH_KNOWN_MAX)
		return (NULL);
	name = ssh_known_name(host, port);
	b64 = ssh_known_base64(blob, len);
	line = xasprintf("%s %s %s\n", name, type, b64);
	free(b64);
	free(name);
	return (line);
}

const char *
ssh_known_typename(int mask)
{
	size_t i;

	for (i = 0; i < SSH_KNOWN_NTYPES; i++) {
		if (ssh_known_types_tab[i].mask == mask)
			return (ssh_known_types_tab[i].type);
	}
	return (NULL);
}

static const char *
ssh_known_algs(int mask)
{
	size_t i;

	for (i = 0; i < SSH_KNOWN_NTYPES; i++) {
		if (ssh_known_types_tab[i].mask == mask)
			return (ssh_known_types_tab[i].algs);
	}
	return (NULL);
}

static void
ssh_known_prefs_add(char **list, const char *algs)
{
	char *s;

	if (algs == NULL)
		return;
	if (*list == NULL) {
		*list = xstrdup(algs);
		return;
	}
	s = xasprintf("%s,%s", *list, algs);
	free(*list);
	*list = s;
}

char *
ssh_known_prefs(const int *masks, size_t n)
{
	char *list = NULL;
	size_t i, j;
	int seen;

	for (i = 0; i < n; i++) {
		for (seen = 0, j = 0; j < i; j++)
			seen |= masks[j] == masks[i];
		if (!seen)
			ssh_known_prefs_add(&list, ssh_known_algs(masks[i]));
	}
	if (list != NULL)
		return (list);
	for (i = 0; i < SSH_KNOWN_NTYPES; i++) {
		if (ssh_known_types_tab[i].mask != LIBSSH2_KNOWNHOST_KEY_SSHDSS)
			ssh_known_prefs_add(&list, ssh_known_types_tab[i].algs);
	}
	return (list);
}

/* Remember the nodes that reading one line added, with its number. */
static void
ssh_known_track(struct ssh_known *k, int line)
{
	struct libssh2_knownhost *prev, *node;

	prev = k->n > 0 ? k->v[k->n - 1].node : NULL;
	while (libssh2_knownhost_get(k->kh, &node, prev) == 0) {
		k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
		k->v[k->n].node = node;
		k->v[k->n].line = line;
		k->n++;
		prev = node;
	}
}

/*
 * Whether the name field at p, if hashed ("|1|salt|hash"), has a hash of
 * 20 bytes (27 base64 digits and '='), as OpenSSH writes it.  libssh2
 * (1.10 to at least 1.11) leaks an HMAC context at every lookup that meets
 * a hashed name of another length, which can never match anyway: such
 * lines are refused before libssh2 sees them.
 */
static int
ssh_known_hash_ok(const char *p)
{
	size_t n = strcspn(p, " \t"), i;
	const char *hash;

	if (n < 3 || strncmp(p, "|1|", 3) != 0)
		return (1);
	if ((hash = memchr(p + 3, '|', n - 3)) == NULL)
		return (0);
	hash++;
	if (p + n - hash != 28 || hash[27] != '=')
		return (0);
	for (i = 0; i < 27; i++) {
		if (!isalnum((unsigned char)hash[i]) && hash[i] != '+' &&
		    hash[i] != '/')
			return (0);
	}
	return (1);
}

/* One line of the file; 0 if used or ignored, -1 if it cannot be read. */
static int
ssh_known_line_read(struct ssh_known *k, char *line, int lineno)
{
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return (0);
	if (*p == '@') {
		if (strncmp(p, "@revoked", 8) != 0 ||
		    (p[8] != ' ' && p[8] != '\t'))
			return (0);	/* @cert-authority: not used */
		p += 8;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!ssh_known_hash_ok(p))
			return (-1);
		return (libssh2_knownhost_readline(k->revoked, p, strlen(p),
		    LIBSSH2_KNOWNHOST_FILE_OPENSSH) == 0 ? 0 : -1);
	}
	if (!ssh_known_hash_ok(p))
		return (-1);
	if (libssh2_knownhost_readline(k->kh, p, strlen(p),
	    LIBSSH2_KNOWNHOST_FILE_OPENSSH) != 0) {
		/* It may have added some names of the line before failing. */
		ssh_known_track(k, lineno);
		return (-1);
	}
	ssh_known_track(k, lineno);
	return (0);
}

static int
ssh_known_read(struct ssh_known *k, FILE *f, const char *path, int *skipped,
    char **cause)
{
	char *line = NULL;
	size_t cap = 0, total = 0;
	ssize_t len;
	int lineno = 0, bad = 0;

	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		total += (size_t)len;
		if (total > SSH_KNOWN_MAX) {
			free(line);
			return (ferr_set(cause, FERR_IO,
			    _("%s: too large (over %d bytes)"), path,
			    SSH_KNOWN_MAX));
		}
		if (ssh_known_line_read(k, line, lineno) != 0)
			bad++;
	}
	free(line);
	if (ferror(f))
		return (ferr_set(cause, FERR_IO, _("cannot read %s: %s"),
		    path, strerror(errno)));
	if (skipped != NULL)
		*skipped = bad;
	return (0);
}

int
ssh_known_load(LIBSSH2_SESSION *s, const char *path, struct ssh_known **out,
    int *skipped, char **cause)
{
	struct ssh_known *k;
	FILE *f = NULL;
	int error = 0, e;

	*out = NULL;
	if (skipped != NULL)
		*skipped = 0;
	k = xcalloc(1, sizeof *k);
	k->kh = libssh2_knownhost_init(s);
	k->revoked = libssh2_knownhost_init(s);
	if (k->kh == NULL || k->revoked == NULL) {
		error = ferr_set(cause, FERR_IO, _("cannot read %s: %s"),
		    path, strerror(ENOMEM));
		goto out;
	}
	if ((f = fopen(path, "r")) == NULL) {
		e = errno;
		if (e != ENOENT && e != ENOTDIR)
			error = ferr_set(cause, FERR_IO,
			    _("cannot read %s: %s"), path, strerror(e));
		goto out;
	}
	error = ssh_known_read(k, f, path, skipped, cause);
out:
	if (f != NULL)
		fclose(f);
	if (error != 0)
		ssh_known_free(k);
	else
		*out = k;
	return (error);
}

void
ssh_known_free(struct ssh_known *k)
{
	if (k == NULL)
		return;
	if (k->kh != NULL)
		libssh2_knownhost_free(k->kh);
	if (k->revoked != NULL)
		libssh2_knownhost_free(k->revoked);
	free(k->v);
	free(k);
}

static int
ssh_known_node_line(const struct ssh_known *k,
    const struct libssh2_knownhost *node)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		if (k->v[i].node == node)
			return (k->v[i].line);
	}
	return (0);
}

void
ssh_known_types(struct ssh_known *k, const char *host, unsigned port,
    int *masks, size_t max, size_t *n)
{
	struct libssh2_knownhost *node = NULL;
	char *name;
	size_t i, j;
	int mask, seen;

	*n = 0;
	name = ssh_known_name(host, port);
	for (i = 0; i < k->n && *n < max; i++) {
		mask = k->v[i].node->typemask & LIBSSH2_KNOWNHOST_KEY_MASK;
		for (seen = 0, j = 0; j < *n; j++)
			seen |= masks[j] == mask;
		if (seen || ssh_known_algs(mask) == NULL)
			continue;
		/* The node's own key matches only if the name does. */
		if (libssh2_knownhost_checkp(k->kh, name, -1,
		    k->v[i].node->key, strlen(k->v[i].node->key),
		    LIBSSH2_KNOWNHOST_TYPE_PLAIN |
		    LIBSSH2_KNOWNHOST_KEYENC_BASE64 | mask, &node) ==
		    LIBSSH2_KNOWNHOST_CHECK_MATCH)
			masks[(*n)++] = mask;
	}
	free(name);
}

/* Whether any key (of a type named here) is known for host:port. */
static int
ssh_known_any(struct ssh_known *k, const char *host, unsigned port)
{
	int mask;
	size_t n;

	ssh_known_types(k, host, port, &mask, 1, &n);
	return (n > 0);
}

enum ssh_known_result
ssh_known_check(struct ssh_known *k, const char *host, unsigned port,
    const unsigned char *blob, size_t len, int *line)
{
	struct libssh2_knownhost *node = NULL;
	char type[64], *name;
	int mask, rc;

	*line = 0;
	if (ssh_known_blob_type(blob, len, type, sizeof type) != 0 ||
	    (mask = ssh_known_keymask(type)) == 0)
		return (ssh_known_any(k, host, port) ? SSH_KNOWN_OTHER_TYPE :
		    SSH_KNOWN_NEW);
	name = ssh_known_name(host, port);
	if (libssh2_knownhost_checkp(k->revoked, name, -1, (const char *)blob,
	    len, LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW |
	    mask, &node) == LIBSSH2_KNOWNHOST_CHECK_MATCH) {
		free(name);
		return (SSH_KNOWN_REVOKED);
	}
	rc = libssh2_knownhost_checkp(k->kh, name, -1, (const char *)blob,
	    len, LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW |
	    mask, &node);
	free(name);
	switch (rc) {
	case LIBSSH2_KNOWNHOST_CHECK_MATCH:
		*line = ssh_known_node_line(k, node);
		return (SSH_KNOWN_MATCH);
	case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
		*line = ssh_known_node_line(k, node);
		return (SSH_KNOWN_CHANGED);
	default:
		return (ssh_known_any(k, host, port) ? SSH_KNOWN_OTHER_TYPE :
		    SSH_KNOWN_NEW);
	}
}

/* Make the directory of path (one level) when it is missing. */
static void
ssh_known_mkdir(const char *path)
{
	char *dir, *slash;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		(void)mkdir(dir, 0700);
	}
	free(dir);
}

/* Whether the file ends with a newline (or is empty, or missing). */
static int
ssh_known_ends_line(int fd)
{
	struct stat sb;
	char c;

	if (fstat(fd, &sb) != 0 || sb.st_size == 0)
		return (1);
	if (pread(fd, &c, 1, sb.st_size - 1) != 1)
		return (1);
	return (c == '\n');
}

int
ssh_known_append(const char *path, const char *line, char **cause)
{
	size_t len = strlen(line), off = 0;
	ssize_t n;
	int fd, e, error = 0;

	ssh_known_mkdir(path);
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		e = errno;
		return (ferr_set(cause, ferr_from_errno(e),
		    _("cannot add the host key to %s: %s"), path,
		    strerror(e)));
	}
	if (!ssh_known_ends_line(fd) && write(fd, "\n", 1) != 1)
		off = len + 1;	/* fail below */
	while (off < len) {
		n = write(fd, line + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off != len || close(fd) != 0) {
		e = errno != 0 ? errno : EIO;
		error = ferr_set(cause, ferr_from_errno(e),
		    _("cannot add the host key to %s: %s"), path,
		    strerror(e));
		if (off != len)
			close(fd);
	}
	return (error);
}
