/* ferry: host keys and the known_hosts file, as OpenSSH keeps them.
 *
 * Names are looked up as OpenSSH writes them: "host" on port 22,
 * "[host]:port" on any other (and only so: a key known for port 22 says
 * nothing about port 2222).  Plain and hashed ("|1|salt|hash") names are
 * read; lines with markers (@cert-authority) are skipped, except that a
 * key marked @revoked is refused.  New entries are appended in OpenSSH's
 * format, with the name in plain text.
 */
#ifndef FERRY_SSH_KNOWNHOSTS_H
#define FERRY_SSH_KNOWNHOSTS_H

#include <stddef.h>

#include <libssh2.h>

/* "SHA256:" and 43 characters of base64, and a NUL. */
#define SSH_FP_SIZE	52

/* Pure: the fingerprint of a key blob as OpenSSH prints it: "SHA256:" and
 * the unpadded base64 of the blob's SHA-256. */
void	ssh_known_fingerprint(const unsigned char *blob, size_t len,
	    char out[SSH_FP_SIZE]);
/* Pure: the same from the 32 bytes of a SHA-256 digest. */
void	ssh_known_fingerprint_digest(const unsigned char *sha256,
	    char out[SSH_FP_SIZE]);
/* Pure: "host" for port 22 (or 0), else "[host]:port"; the host in lower
 * case.  malloc'd. */
char	*ssh_known_name(const char *host, unsigned port);
/* Pure: the key type a blob names in its first field ("ssh-ed25519"),
 * into buf; 0, or -1 if the blob is malformed or buf too small. */
int	ssh_known_blob_type(const unsigned char *blob, size_t len, char *buf,
	    size_t size);
/* Pure: the LIBSSH2_KNOWNHOST_KEY_* mask of a key type name, 0 when
 * unknown. */
int	ssh_known_keymask(const char *type);
/* Pure: a known_hosts line for the blob, with its newline; NULL if the
 * blob is malformed.  malloc'd. */
char	*ssh_known_line(const char *host, unsigned port,
	    const unsigned char *blob, size_t len);
/* Pure: the key type name of a LIBSSH2_KNOWNHOST_KEY_* mask
 * ("ssh-ed25519"), NULL when unknown. */
const char *ssh_known_typename(int mask);
/* Pure: the host key algorithms to ask for, most wanted first.  For a
 * host with key types known (n LIBSSH2_KNOWNHOST_KEY_* masks, in the order
 * known_hosts lists them) only theirs: a key of another type would prove
 * nothing.  For a host with none, every type in OpenSSH's default order.
 * malloc'd, comma separated. */
char	*ssh_known_prefs(const int *masks, size_t n);

enum ssh_known_result {
	SSH_KNOWN_MATCH = 0,	/* known, the same key */
	SSH_KNOWN_NEW,		/* no key at all known for the host */
	SSH_KNOWN_OTHER_TYPE,	/* no key of this type, but keys of other
				   types are known for the host */
	SSH_KNOWN_CHANGED,	/* another key of this type is known */
	SSH_KNOWN_REVOKED,	/* the key is marked @revoked */
};

struct ssh_known;

/* Read a known_hosts file; a missing file is an empty one.  Lines that
 * cannot be parsed are skipped (counted in *skipped if not NULL). */
int	ssh_known_load(LIBSSH2_SESSION *, const char *path,
	    struct ssh_known **out, int *skipped, char **cause);
void	ssh_known_free(struct ssh_known *);
/* The key types (LIBSSH2_KNOWNHOST_KEY_* masks) known for host:port, in
 * file order, at most max; *n says how many. */
void	ssh_known_types(struct ssh_known *, const char *host, unsigned port,
	    int *masks, size_t max, size_t *n);
/* Check a host's key blob; for SSH_KNOWN_CHANGED, *line is the line (1 is
 * the first) holding the other key, for SSH_KNOWN_MATCH the matching
 * one, for SSH_KNOWN_OTHER_TYPE 0. */
enum ssh_known_result ssh_known_check(struct ssh_known *, const char *host,
	    unsigned port, const unsigned char *blob, size_t len, int *line);
/* Append a line to a known_hosts file (made 0600, and its directory 0700,
 * when missing). */
int	ssh_known_append(const char *path, const char *line, char **cause);

#endif
