/* ferry: private key files (see keyfile.h). */
#include "config.h"

#include <string.h>

#include <openssl/evp.h>

#include "ssh/keyfile.h"

#define SSH_KEYFILE_OPENSSH	"-----BEGIN OPENSSH PRIVATE KEY-----"
#define SSH_KEYFILE_MAGIC	"openssh-key-v1"
/* Base64 characters decoded to find the cipher name (a multiple of 4). */
#define SSH_KEYFILE_PEEK	96

/* Like memmem, for text that need not end with a NUL. */
static const char *
ssh_keyfile_find(const char *text, size_t len, const char *what)
{
	size_t n = strlen(what), i;

	for (i = 0; n <= len && i <= len - n; i++) {
		if (memcmp(text + i, what, n) == 0)
			return (text + i);
	}
	return (NULL);
}

/* openssh-key-v1: the magic, then the cipher name as an SSH string. */
static int
ssh_keyfile_openssh(const char *body, size_t len)
{
	char b64[SSH_KEYFILE_PEEK + 1];
	unsigned char raw[SSH_KEYFILE_PEEK];
	size_t n = 0, i, m = sizeof SSH_KEYFILE_MAGIC;
	unsigned long clen;

	for (i = 0; i < len && n < SSH_KEYFILE_PEEK && body[i] != '-'; i++) {
		if (body[i] != '\n' && body[i] != '\r' && body[i] != ' ')
			b64[n++] = body[i];
	}
	n -= n % 4;
	b64[n] = '\0';
	if (n == 0 || EVP_DecodeBlock(raw, (unsigned char *)b64, (int)n) <
	    (int)(m + 4))
		return (-1);
	if (memcmp(raw, SSH_KEYFILE_MAGIC, m) != 0)
		return (-1);
	clen = (unsigned long)raw[m] << 24 | (unsigned long)raw[m + 1] << 16 |
	    (unsigned long)raw[m + 2] << 8 | raw[m + 3];
	if (clen == 4 && m + 8 <= n * 3 / 4 &&
	    memcmp(raw + m + 4, "none", 4) == 0)
		return (0);
	return (1);
}

int
ssh_keyfile_encrypted(const char *text, size_t len)
{
	const char *p;

	if ((p = ssh_keyfile_find(text, len, SSH_KEYFILE_OPENSSH)) != NULL) {
		p += strlen(SSH_KEYFILE_OPENSSH);
		return (ssh_keyfile_openssh(p, len - (size_t)(p - text)));
	}
	if (ssh_keyfile_find(text, len, "-----BEGIN ENCRYPTED PRIVATE KEY") !=
	    NULL || ssh_keyfile_find(text, len, "Proc-Type: 4,ENCRYPTED") !=
	    NULL)
		return (1);
	if (ssh_keyfile_find(text, len, "PRIVATE KEY-----") != NULL)
		return (0);
	return (-1);
}
