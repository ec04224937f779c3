/* ferry: FTP HASH and XSHA256/XSHA1/XMD5 (see hash.h).  Pure. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "ftp/hash.h"
#include "ftp/reply.h"
#include "util/err.h"
#include "util/fmt.h"

/* An algorithm by the name FEAT, OPTS HASH and HASH give it. */
static enum vfs_hash
ftp_hash_byname(const char *p, size_t n)
{
	int a;

	for (a = VFS_HASH_NONE + 1; a < VFS_HASH_COUNT; a++)
		if (n == strlen(vfs_hash_name(a)) &&
		    strncasecmp(p, vfs_hash_name(a), n) == 0)
			return ((enum vfs_hash)a);
	return (VFS_HASH_NONE);
}

/* One FEAT line: "HASH" and a list of names, the selected one with '*'. */
static unsigned
ftp_feat_hash_line(const char *p, size_t len, enum vfs_hash *selected)
{
	const char *end, *q;
	unsigned algos = 0;
	enum vfs_hash a;
	size_t seg, n;
	int star;

	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	if (len < 5 || strncasecmp(p, "HASH ", 5) != 0)
		return (0);
	end = p + len;
	for (p += 5; p < end; p += seg + 1) {
		for (seg = 0; p + seg < end && p[seg] != ';'; seg++)
			;
		for (q = p, n = seg; n > 0 && *q == ' '; q++, n--)
			;
		while (n > 0 && q[n - 1] == ' ')
			n--;
		star = n > 0 && q[n - 1] == '*';
		if ((a = ftp_hash_byname(q, n - (size_t)star)) == VFS_HASH_NONE)
			continue;
		algos |= VFS_HASH_BIT(a);
		if (star)
			*selected = a;
	}
	return (algos);
}

unsigned
ftp_feat_hash(const char *text, enum vfs_hash *selected)
{
	const char *p = text, *line;
	unsigned algos = 0;
	size_t n;

	*selected = VFS_HASH_NONE;
	while ((line = ftp_text_line(&p, &n)) != NULL)
		algos |= ftp_feat_hash_line(line, n, selected);
	return (algos);
}

/* The last line of a reply's text. */
static const char *
ftp_hash_last_line(const char *text)
{
	const char *nl = strrchr(text, '\n');

	return (nl != NULL ? nl + 1 : text);
}

/* A decimal number ending at a non-digit; 0 or FERR_IO. */
static int
ftp_hash_number(const char **pp, uint64_t *v)
{
	const char *p = *pp;

	*v = 0;
	if (*p < '0' || *p > '9')
		return (FERR_IO);
	for (; *p >= '0' && *p <= '9'; p++) {
		if (*v > (UINT64_MAX - 9) / 10)
			return (FERR_IO);
		*v = *v * 10 + (uint64_t)(*p - '0');
	}
	*pp = p;
	return (0);
}

/* Exactly vfs_hash_size(algo) bytes in hex at *pp, then a space or the
 * end of the text. */
static int
ftp_hash_hex(const char **pp, enum vfs_hash algo, unsigned char *out)
{
	const char *p = *pp;
	size_t i, size = vfs_hash_size(algo);
	int hi, lo;

	for (i = 0; i < size; i++) {
		hi = fmt_hex_digit((unsigned char)p[2 * i]);
		lo = hi < 0 ? -1 : fmt_hex_digit((unsigned char)p[2 * i + 1]);
		if (lo < 0)
			return (FERR_IO);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	p += 2 * size;
	if (size == 0 || (*p != '\0' && *p != ' '))
		return (FERR_IO);
	*pp = p;
	return (0);
}

int
ftp_hash_parse(const char *text, enum vfs_hash algo, uint64_t start,
    uint64_t end, unsigned char *out)
{
	const char *p = ftp_hash_last_line(text), *name;
	uint64_t s, e;
	int rc = FERR_IO;

	memset(out, 0, VFS_HASH_MAX);
	if (algo == VFS_HASH_NONE || end <= start)
		goto out;
	for (name = p; *p != '\0' && *p != ' '; p++)
		;
	if (ftp_hash_byname(name, (size_t)(p - name)) != algo || *p++ != ' ')
		goto out;
	if (ftp_hash_number(&p, &s) != 0 || *p++ != '-' ||
	    ftp_hash_number(&p, &e) != 0 || *p++ != ' ')
		goto out;
	if (s != start || (e != end - 1 && e != end))
		goto out;
	rc = ftp_hash_hex(&p, algo, out);
out:
	if (rc != 0)
		memset(out, 0, VFS_HASH_MAX);
	return (rc);
}

int
ftp_xhash_parse(const char *text, enum vfs_hash algo, unsigned char *out)
{
	const char *p = ftp_hash_last_line(text);
	int rc;

	memset(out, 0, VFS_HASH_MAX);
	if ((rc = ftp_hash_hex(&p, algo, out)) != 0)
		memset(out, 0, VFS_HASH_MAX);
	return (rc);
}

const char *
ftp_xhash_verb(enum vfs_hash algo)
{
	switch (algo) {
	case VFS_HASH_SHA256:
		return ("XSHA256");
	case VFS_HASH_SHA1:
		return ("XSHA1");
	case VFS_HASH_MD5:
		return ("XMD5");
	default:
		return (NULL);
	}
}
