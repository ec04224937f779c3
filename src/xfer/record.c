/* ferry: resume records (see record.h).
 *
 * The file is UTF-8 text, one "key value" per line:
 *
 *	ferry-resume-record 2
 *	source sftp://ana@files.example.org/pub/iso/fedora-41.iso
 *	target /home/ana/Downloads/fedora-41.iso
 *	src_size 2254857216
 *	src_mtime 1793282531
 *	confirmed 211488768
 *	digest 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f0…
 *	updated 1795425647
 *	chunk_hash xxh3
 *	chunk_size 4194304
 *	chunk 0 6d1f0ac5a4ba0e2ee3c7a1e0f0d3b2a1
 *	…
 *	chunk 50 0e3a97c2d4b5a6f70819aabbccddeeff
 *
 * The chunk lines (version 2, a local target only) come last, in order:
 * chunk I is the digest of bytes [I * chunk_size, (I + 1) * chunk_size),
 * the last one ending at the confirmed offset; there are exactly as many
 * as cover the confirmed bytes.  Version 1 (ferry before chunk digests)
 * has no chunk lines and still loads.
 *
 * A segmented download (version 3) has segment lines instead of chunk
 * lines, last and in order, after "segments N":
 *
 *	segments 2
 *	segment 0 0 1127428608 211488768 5d41402abc4b2a76b9719d911017c592…
 *	segment 1 1127428608 2254857216 1127428608
 *
 * "segment I START END CONFIRMED [DIGEST]": segment I covers bytes
 * [START, END) of the source, of which [START, CONFIRMED) are written;
 * DIGEST (none while CONFIRMED is START) is the SHA-256 of the window
 * before CONFIRMED within the segment.  The segments follow each other
 * from byte 0 to src_size; "confirmed" is segment 0's.  With chunk_hash
 * and chunk_size (before "segments"), "segchunk I J HEX" lines follow the
 * segment lines, in order: the digest of chunk J of segment I, bytes
 * [START + J * chunk_size, ...) up to its CONFIRMED, exactly as many as
 * cover them.
 *
 * Names are escaped (\\, \n, \r, \t, \xHH for other control bytes and bytes
 * that are not UTF-8), so nothing in a name can add a line.  Unknown keys are
 * ignored, so a later version can add some.  Anything else that is not as
 * written here makes the record damaged: it is read as data, never trusted.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/record.h"

#define RECORD_MAGIC	"ferry-resume-record 2"
#define RECORD_MAGIC_V3	"ferry-resume-record 3"
#define RECORD_MAGIC_V1	"ferry-resume-record 1"
/* bytes in a record file: two names at the line cap and the chunk lines */
#define RECORD_FILE_MAX	(128 * 1024)
#define RECORD_LINE_MAX	(8 * 1024)	/* bytes in a line, not counting \n */
#define RECORD_DIGEST_LEN 64
/* chunk_hash's values, in the order of enum record_hash */
static const char *const record_hash_names[] = { "xxh3", "xxh64" };
#define RECORD_NHASHES	(sizeof record_hash_names / sizeof record_hash_names[0])
#define RECORD_CHUNK_SIZE_MIN 4096

enum record_type {
	RECORD_STRING,
	RECORD_U64,
	RECORD_I64,
	RECORD_DIGEST,
};

/* The keys, in the order they are written; all are required. */
static const struct record_key {
	const char		*name;
	enum record_type	 type;
	size_t			 off;
} record_keys[] = {
	{ "source", RECORD_STRING, offsetof(struct xfer_record, source) },
	{ "target", RECORD_STRING, offsetof(struct xfer_record, target) },
	{ "src_size", RECORD_U64, offsetof(struct xfer_record, src_size) },
	{ "src_mtime", RECORD_I64, offsetof(struct xfer_record, src_mtime) },
	{ "confirmed", RECORD_U64, offsetof(struct xfer_record, confirmed) },
	{ "digest", RECORD_DIGEST, offsetof(struct xfer_record, digest) },
	{ "updated", RECORD_I64, offsetof(struct xfer_record, updated) },
};
#define RECORD_NKEYS	(sizeof record_keys / sizeof record_keys[0])
#define RECORD_ALLKEYS	((1u << RECORD_NKEYS) - 1)

/* A growing text buffer for the file being written. */
struct record_buf {
	char	*p;
	size_t	 len;
	size_t	 size;
};

static void
record_buf_add(struct record_buf *b, const void *data, size_t len)
{
	size_t	size;

	if (b->size - b->len < len) {
		size = b->size == 0 ? 512 : b->size;
		while (size - b->len < len)
			size *= 2;
		b->p = xreallocarray(b->p, 1, size);
		b->size = size;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void
record_buf_addstr(struct record_buf *b, const char *s)
{
	record_buf_add(b, s, strlen(s));
}

char *
record_dir(void)
{
	const char	*s;
	size_t		 len;
	struct passwd	*pw;

	s = getenv("XDG_STATE_HOME");
	if (s != NULL && *s == '/') {
		len = strlen(s);
		while (len > 1 && s[len - 1] == '/')
			len--;
		if (len == 1)
			len = 0;	/* "/" itself: no doubled slash */
		return (xasprintf("%.*s/ferry", (int)len, s));
	}
	s = getenv("HOME");
	if (s == NULL || *s == '\0') {
		pw = getpwuid(getuid());
		if (pw == NULL || pw->pw_dir == NULL || *pw->pw_dir == '\0')
			return (NULL);
		s = pw->pw_dir;
	}
	return (xasprintf("%s/.local/state/ferry", s));
}

char *
record_path(const char *dir, const char *target)
{
	static const char	 hex[] = "0123456789abcdef";
	u_char			 md[EVP_MAX_MD_SIZE];
	char			 name[2 * EVP_MAX_MD_SIZE + 1];
	unsigned int		 mdlen, i;

	if (EVP_Digest(target, strlen(target), md, &mdlen, EVP_sha256(),
	    NULL) != 1 || mdlen != RECORD_DIGEST_LEN / 2)
		return (NULL);
	for (i = 0; i < mdlen; i++) {
		name[2 * i] = hex[md[i] >> 4];
		name[2 * i + 1] = hex[md[i] & 0xf];
	}
	name[2 * mdlen] = '\0';
	return (xasprintf("%s/%s.rec", dir, name));
}

/* Length of the valid UTF-8 sequence of two or more bytes at s, else 0. */
static size_t
record_utf8_len(const u_char *s)
{
	u_char	lo = 0x80, hi = 0xbf;
	size_t	n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else
		return (0);
	if (s[1] < lo || s[1] > hi)
		return (0);
	for (i = 2; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return (0);
	}
	return (n);
}

static void
record_escape(struct record_buf *b, const char *s)
{
	const u_char	*p = (const u_char *)s;
	char		 esc[5];
	size_t		 n;

	while (*p != '\0') {
		if (*p == '\\')
			record_buf_addstr(b, "\\\\");
		else if (*p == '\n')
			record_buf_addstr(b, "\\n");
		else if (*p == '\r')
			record_buf_addstr(b, "\\r");
		else if (*p == '\t')
			record_buf_addstr(b, "\\t");
		else if (*p >= 0x20 && *p < 0x7f)
			record_buf_add(b, p, 1);
		else if ((n = record_utf8_len(p)) != 0) {
			record_buf_add(b, p, n);
			p += n;
			continue;
		} else {
			snprintf(esc, sizeof esc, "\\x%02x", *p);
			record_buf_add(b, esc, 4);
		}
		p++;
	}
}

/* Undo record_escape.  Returns 0 and a malloc'd string in *out, or -1. */
static int
record_unescape(const char *s, char **out)
{
	char	*d, *p;
	int	 hi, lo;

	*out = NULL;
	p = d = xmalloc(strlen(s) + 1);
	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			*p++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\':
			*p++ = '\\';
			break;
		case 'n':
			*p++ = '\n';
			break;
		case 'r':
			*p++ = '\r';
			break;
		case 't':
			*p++ = '\t';
			break;
		case 'x':
			if ((hi = fmt_hex_digit(s[1])) == -1 ||
			    (lo = fmt_hex_digit(s[2])) == -1 ||
			    (hi == 0 && lo == 0))
				goto fail;
			*p++ = (char)(hi << 4 | lo);
			s += 2;
			break;
		default:	/* unknown escape, or '\\' at the end */
			goto fail;
		}
	}
	*p = '\0';
	*out = d;
	return (0);

fail:
	free(d);
	return (-1);
}

/* Lowercase hex digits only. */
static int
record_digest_hex(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((*s < '0' || *s > '9') && (*s < 'a' || *s > 'f'))
			return (0);
	}
	return (1);
}

static int
record_digest_ok(const char *s)
{
	size_t	len = strlen(s);

	return (record_digest_hex(s) && (len == 0 || len == RECORD_DIGEST_LEN));
}

/* Decimal digits only: no sign, no space, no overflow. */
static int
record_parse_u64(const char *s, uint64_t *out)
{
	uint64_t	v = 0;
	u_int		d;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		d = (u_int)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return (-1);
		v = v * 10 + d;
	}
	*out = v;
	return (0);
}

static int
record_parse_i64(const char *s, int64_t *out)
{
	uint64_t	v;
	int		neg = (*s == '-');

	if (record_parse_u64(s + neg, &v) != 0)
		return (-1);
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return (-1);
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (uint64_t)INT64_MAX)
			return (-1);
		*out = (int64_t)v;
	}
	return (0);
}

/* What the parser has found so far. */
struct record_parse {
	struct xfer_record	*r;
	int			 version;	/* 1 to 3, from the first line */
	u_int			 seen;		/* bits of record_keys */
	int			 hash;		/* chunk_hash seen */
	size_t			 alloc;		/* of r->chunk */
	int			 nsegs_seen;	/* "segments N" seen */
	uint64_t		 nsegs;		/* N */
	size_t			 segchunk_at;	/* segment of the last
						   segchunk line */
	size_t			 segchunks;	/* segchunk lines */
};

/* 2 * RECORD_CHUNK_LEN lowercase hex digits into out. */
static int
record_parse_chunk_md(const char *s, unsigned char *out)
{
	size_t	i;
	int	hi, lo;

	if (strlen(s) != 2 * RECORD_CHUNK_LEN || !record_digest_hex(s))
		return (-1);
	for (i = 0; i < RECORD_CHUNK_LEN; i++) {
		hi = fmt_hex_digit(s[2 * i]);
		lo = fmt_hex_digit(s[2 * i + 1]);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (0);
}

/* "chunk I HEX": the digest of the next chunk, I its index. */
static int
record_parse_chunk(struct record_parse *ps, char *value)
{
	struct xfer_record	*r = ps->r;
	char			*md;
	uint64_t		 i;

	if (r->chunk_size == 0 || !ps->hash ||
	    r->nchunks == RECORD_CHUNKS_MAX ||
	    (md = strchr(value, ' ')) == NULL)
		return (-1);
	*md++ = '\0';
	if (record_parse_u64(value, &i) != 0 || i != r->nchunks)
		return (-1);
	if (r->nchunks == ps->alloc) {
		ps->alloc = ps->alloc == 0 ? 64 : 2 * ps->alloc;
		r->chunk = xreallocarray(r->chunk, ps->alloc,
		    sizeof *r->chunk);
	}
	if (record_parse_chunk_md(md, r->chunk[r->nchunks]) != 0)
		return (-1);
	r->nchunks++;
	return (0);
}

static uint64_t	record_chunks_for(uint64_t, uint64_t);

/* "segment I START END CONFIRMED [DIGEST]": the next segment. */
static int
record_parse_seg(struct record_parse *ps, char *value)
{
	struct xfer_record	*r = ps->r;
	struct record_seg	*sg;
	char			*f[5], *p = value;
	uint64_t		 i;
	size_t			 n = 0;

	if (!ps->nsegs_seen || r->nsegs == ps->nsegs)
		return (-1);
	while (n < 5 && p != NULL) {
		f[n++] = p;
		if ((p = strchr(p, ' ')) != NULL)
			*p++ = '\0';
	}
	if (p != NULL || n < 4 || record_parse_u64(f[0], &i) != 0 ||
	    i != r->nsegs)
		return (-1);
	sg = &r->seg[r->nsegs];
	if (record_parse_u64(f[1], &sg->start) != 0 ||
	    record_parse_u64(f[2], &sg->end) != 0 ||
	    record_parse_u64(f[3], &sg->confirmed) != 0)
		return (-1);
	if (n == 5) {
		if (strlen(f[4]) != RECORD_DIGEST_LEN ||
		    !record_digest_hex(f[4]))
			return (-1);
		memcpy(sg->digest, f[4], RECORD_DIGEST_LEN + 1);
	}
	r->nsegs++;
	return (0);
}

/* "segchunk I J HEX": the digest of chunk J of segment I, after every
 * segment line, in order. */
static int
record_parse_segchunk(struct record_parse *ps, char *value)
{
	struct xfer_record	*r = ps->r;
	struct record_seg	*sg;
	char			*jv, *md;
	uint64_t		 i, j, n;

	if (r->chunk_size == 0 || !ps->hash || r->nsegs != ps->nsegs ||
	    ps->segchunks == RECORD_CHUNKS_MAX ||
	    (jv = strchr(value, ' ')) == NULL)
		return (-1);
	*jv++ = '\0';
	if ((md = strchr(jv, ' ')) == NULL)
		return (-1);
	*md++ = '\0';
	if (record_parse_u64(value, &i) != 0 || i >= r->nsegs ||
	    i < ps->segchunk_at || record_parse_u64(jv, &j) != 0)
		return (-1);
	sg = &r->seg[i];
	if (sg->confirmed < sg->start)
		return (-1);
	n = record_chunks_for(sg->confirmed - sg->start, r->chunk_size);
	if (j != sg->nchunks || j >= n)
		return (-1);
	/* as many as the segment's confirmed bytes need: allocated once */
	if (sg->chunk == NULL)
		sg->chunk = xcalloc((size_t)n, sizeof *sg->chunk);
	if (record_parse_chunk_md(md, sg->chunk[j]) != 0)
		return (-1);
	sg->nchunks++;
	ps->segchunk_at = (size_t)i;
	ps->segchunks++;
	return (0);
}

/* The segment keys of version 3.  Returns 0, -1 (damaged) or 1 (not one
 * of them). */
static int
record_parse_seg_key(struct record_parse *ps, const char *key, char *value)
{
	if (ps->version < 3)
		return (1);	/* unknown before version 3: ignored */
	if (strcmp(key, "segments") == 0) {
		if (ps->nsegs_seen || record_parse_u64(value, &ps->nsegs) != 0 ||
		    ps->nsegs < 2 || ps->nsegs > RECORD_SEGS_MAX)
			return (-1);
		ps->nsegs_seen = 1;
		ps->r->seg = xcalloc((size_t)ps->nsegs, sizeof *ps->r->seg);
		return (0);
	}
	if (strcmp(key, "segment") == 0) {
		if (ps->segchunks > 0)
			return (-1);	/* the digests come last */
		return (record_parse_seg(ps, value));
	}
	if (strcmp(key, "segchunk") == 0)
		return (record_parse_segchunk(ps, value));
	return (1);
}

/* The chunk keys of version 2.  Returns 0, -1 (damaged) or 1 (not one of
 * them). */
static int
record_parse_chunk_key(struct record_parse *ps, const char *key,
    char *value)
{
	struct xfer_record	*r = ps->r;
	uint64_t		 n;
	size_t			 h;

	if (ps->version < 2)
		return (1);	/* unknown to version 1: ignored */
	if (strcmp(key, "chunk_hash") == 0) {
		for (h = 0; h < RECORD_NHASHES; h++)
			if (strcmp(value, record_hash_names[h]) == 0)
				break;
		if (ps->hash || h == RECORD_NHASHES)
			return (-1);
		r->chunk_hash = (enum record_hash)h;
		ps->hash = 1;
		return (0);
	}
	if (strcmp(key, "chunk_size") == 0) {
		if (r->chunk_size != 0 || record_parse_u64(value, &n) != 0 ||
		    n < RECORD_CHUNK_SIZE_MIN || n > ((uint64_t)1 << 62) ||
		    (n & (n - 1)) != 0)
			return (-1);
		r->chunk_size = n;
		return (0);
	}
	if (strcmp(key, "chunk") == 0)
		return (record_parse_chunk(ps, value));
	return (1);
}

/* How many chunks of chunk_size cover confirmed bytes. */
static uint64_t
record_chunks_for(uint64_t confirmed, uint64_t chunk_size)
{
	return (confirmed / chunk_size + (confirmed % chunk_size != 0));
}

/* The chunk digests, if any, cover exactly the confirmed bytes. */
static int
record_chunks_ok(const struct xfer_record *r)
{
	if (r->chunk_size == 0 || r->nsegs > 0)
		return (r->nchunks == 0);
	if (r->chunk_size < RECORD_CHUNK_SIZE_MIN ||
	    (r->chunk_size & (r->chunk_size - 1)) != 0 ||
	    r->nchunks > RECORD_CHUNKS_MAX ||
	    (r->nchunks > 0 && r->chunk == NULL))
		return (0);
	return (record_chunks_for(r->confirmed, r->chunk_size) == r->nchunks);
}

int
record_segs_ok(const struct xfer_record *r)
{
	const struct record_seg	*sg;
	size_t			 i, chunks = 0;

	if (r->nsegs == 0)
		return (1);
	if (r->nsegs < 2 || r->nsegs > RECORD_SEGS_MAX || r->seg == NULL ||
	    r->nchunks != 0 || r->confirmed != r->seg[0].confirmed ||
	    r->seg[0].start != 0 || r->seg[r->nsegs - 1].end != r->src_size)
		return (0);
	if (r->chunk_size != 0 && (r->chunk_size < RECORD_CHUNK_SIZE_MIN ||
	    (r->chunk_size & (r->chunk_size - 1)) != 0))
		return (0);
	for (i = 0; i < r->nsegs; i++) {
		sg = &r->seg[i];
		if (sg->start >= sg->end || sg->confirmed < sg->start ||
		    sg->confirmed > sg->end || !record_digest_ok(sg->digest) ||
		    (i > 0 && sg->start != r->seg[i - 1].end))
			return (0);
		/* the digests cover exactly its confirmed bytes, or none */
		if (r->chunk_size == 0 ? sg->nchunks != 0 :
		    sg->nchunks != record_chunks_for(sg->confirmed - sg->start,
		    r->chunk_size) || (sg->nchunks > 0 && sg->chunk == NULL))
			return (0);
		chunks += sg->nchunks;
	}
	return (chunks <= RECORD_CHUNKS_MAX);
}

void
record_segs_free(struct xfer_record *r)
{
	size_t	i;

	for (i = 0; r->seg != NULL && i < r->nsegs; i++)
		free(r->seg[i].chunk);
	free(r->seg);
	r->seg = NULL;
	r->nsegs = 0;
}

uint64_t
record_confirmed_total(const struct xfer_record *r)
{
	uint64_t	total = 0;
	size_t		i;

	if (r->nsegs == 0)
		return (r->confirmed);
	for (i = 0; i < r->nsegs; i++)
		total += r->seg[i].confirmed - r->seg[i].start;
	return (total);
}

/* One "key value" line into the record.  Returns 0 (also for an unknown
 * key) or -1. */
static int
record_parse_line(struct record_parse *ps, char *line)
{
	const struct record_key	*k = NULL;
	char			*value, *field;
	u_int			 i;
	int			 rc;

	if ((value = strchr(line, ' ')) != NULL)
		*value++ = '\0';
	else
		value = line + strlen(line);
	if (*line == '\0')
		return (-1);
	if ((rc = record_parse_seg_key(ps, line, value)) != 1)
		return (rc);
	if (ps->nsegs_seen && strncmp(line, "chunk", 5) == 0)
		return (-1);	/* before the segments, never after */
	if (ps->version == 3 && strcmp(line, "chunk") == 0)
		return (-1);	/* a segmented record's are segchunk lines */
	if ((rc = record_parse_chunk_key(ps, line, value)) != 1)
		return (rc);
	for (i = 0; i < RECORD_NKEYS; i++) {
		if (strcmp(line, record_keys[i].name) == 0) {
			k = &record_keys[i];
			break;
		}
	}
	if (k == NULL)
		return (0);
	/* once seen, and before the chunk and segment lines */
	if ((ps->seen & (1u << i)) || ps->r->chunk_size != 0 || ps->hash ||
	    ps->nsegs_seen)
		return (-1);
	ps->seen |= 1u << i;

	field = (char *)ps->r + k->off;
	switch (k->type) {
	case RECORD_STRING:
		return (record_unescape(value, (char **)field));
	case RECORD_U64:
		return (record_parse_u64(value, (uint64_t *)field));
	case RECORD_I64:
		return (record_parse_i64(value, (int64_t *)field));
	case RECORD_DIGEST:
		if (!record_digest_ok(value))
			return (-1);
		memcpy(field, value, strlen(value) + 1);	/* 0 or 64 */
		return (0);
	}
	return (-1);
}

/* Parse the whole file (text is changed).  Fills r, which the caller frees
 * whatever the result. */
static int
record_parse(const char *path, char *text, size_t len,
    struct xfer_record *r, char **cause)
{
	struct record_parse	 ps = { .r = r };
	char			*line, *nl, *end = text + len;
	size_t			 n;

	if (len == 0 || text[len - 1] != '\n' || memchr(text, '\0', len))
		goto damaged;
	for (line = text, n = 1; line < end; line = nl + 1, n++) {
		nl = memchr(line, '\n', (size_t)(end - line));
		*nl = '\0';
		if (nl - line > RECORD_LINE_MAX)
			goto damaged_line;
		if (n == 1) {
			if (strcmp(line, RECORD_MAGIC_V3) == 0)
				ps.version = 3;
			else if (strcmp(line, RECORD_MAGIC) == 0)
				ps.version = 2;
			else if (strcmp(line, RECORD_MAGIC_V1) == 0)
				ps.version = 1;
			else
				goto damaged_line;
		} else if (record_parse_line(&ps, line) != 0)
			goto damaged_line;
	}
	if (ps.seen != RECORD_ALLKEYS || ps.hash != (r->chunk_size != 0) ||
	    !record_chunks_ok(r) || ps.nsegs_seen != (ps.version == 3) ||
	    r->nsegs != ps.nsegs || !record_segs_ok(r))
		goto damaged;
	return (0);

damaged_line:
	return (ferr_set(cause, FERR_IO,
	    _("resume record %s is damaged at line %zu"), path, n));
damaged:
	return (ferr_set(cause, FERR_IO, _("resume record %s is damaged"),
	    path));
}

/* Read at most RECORD_FILE_MAX bytes of path into *text (malloc'd, with a
 * '\0' after them). */
static int
record_read(const char *path, char **text, size_t *len, char **cause)
{
	struct stat	 sb;
	char		*buf = NULL;
	size_t		 have = 0;
	ssize_t		 n;
	int		 fd, error;

	*text = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO planted in its place must not hang us. */
	do
		fd = open(path, O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC);
	while (fd == -1 && errno == EINTR);
	if (fd == -1) {
		return (ferr_set(cause, ferr_from_errno(errno),
		    _("cannot open resume record %s: %s"), path,
		    strerror(errno)));
	}
	if (fstat(fd, &sb) == -1) {
		error = ferr_set(cause, ferr_from_errno(errno),
		    _("cannot read resume record %s: %s"), path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		error = ferr_set(cause, FERR_IO,
		    _("resume record %s is not a regular file"), path);
		goto out;
	}

	buf = xmalloc(RECORD_FILE_MAX + 2);
	while (have <= RECORD_FILE_MAX) {
		n = read(fd, buf + have, RECORD_FILE_MAX + 1 - have);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1) {
			error = ferr_set(cause, ferr_from_errno(errno),
			    _("cannot read resume record %s: %s"), path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (have > RECORD_FILE_MAX) {
		error = ferr_set(cause, FERR_IO,
		    _("resume record %s is damaged"), path);
		goto out;
	}
	buf[have] = '\0';
	*text = buf;
	*len = have;
	buf = NULL;
	error = 0;

out:
	free(buf);
	close(fd);
	return (error);
}

int
record_parse_text(const char *path, const char *text, size_t len,
    struct xfer_record *out, char **cause)
{
	struct xfer_record	 r;
	char			*copy;
	int			 error;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	if (len > RECORD_FILE_MAX)
		return (ferr_set(cause, FERR_IO,
		    _("resume record %s is damaged"), path));
	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	if ((error = record_parse(path, copy, len, &r, cause)) == 0) {
		*out = r;
		memset(&r, 0, sizeof r);
	}
	record_free(&r);
	free(copy);
	return (error);
}

int
record_load(const char *path, struct xfer_record *out, char **cause)
{
	char	*text = NULL;
	size_t	 len;
	int	 error;

	memset(out, 0, sizeof *out);
	if ((error = record_read(path, &text, &len, cause)) == 0)
		error = record_parse_text(path, text, len, out, cause);
	free(text);
	return (error);
}

/* The chunk lines, if r has chunk digests. */
static void
record_format_chunks(const struct xfer_record *r, struct record_buf *b)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 line[64 + 2 * RECORD_CHUNK_LEN];
	size_t			 i, j, n;

	if (r->chunk_size == 0)
		return;
	snprintf(line, sizeof line, "chunk_hash %s\nchunk_size %" PRIu64 "\n",
	    record_hash_names[(size_t)r->chunk_hash < RECORD_NHASHES ?
	    r->chunk_hash : RECORD_HASH_XXH3], r->chunk_size);
	record_buf_addstr(b, line);
	for (i = 0; i < r->nchunks; i++) {
		n = (size_t)snprintf(line, sizeof line, "chunk %zu ", i);
		for (j = 0; j < RECORD_CHUNK_LEN; j++) {
			line[n++] = hex[r->chunk[i][j] >> 4];
			line[n++] = hex[r->chunk[i][j] & 0xf];
		}
		line[n++] = '\n';
		record_buf_add(b, line, n);
	}
}

/* The segchunk lines of segment i. */
static void
record_format_segchunks(const struct xfer_record *r, size_t i,
    struct record_buf *b)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 line[64 + 2 * RECORD_CHUNK_LEN];
	size_t			 j, k, n;

	for (j = 0; j < r->seg[i].nchunks; j++) {
		n = (size_t)snprintf(line, sizeof line, "segchunk %zu %zu ", i,
		    j);
		for (k = 0; k < RECORD_CHUNK_LEN; k++) {
			line[n++] = hex[r->seg[i].chunk[j][k] >> 4];
			line[n++] = hex[r->seg[i].chunk[j][k] & 0xf];
		}
		line[n++] = '\n';
		record_buf_add(b, line, n);
	}
}

/* The segment lines, if r is segmented. */
static void
record_format_segs(const struct xfer_record *r, struct record_buf *b)
{
	const struct record_seg	*sg;
	char			 line[200];
	size_t			 i;

	if (r->nsegs == 0)
		return;
	snprintf(line, sizeof line, "segments %zu\n", r->nsegs);
	record_buf_addstr(b, line);
	for (i = 0; i < r->nsegs; i++) {
		sg = &r->seg[i];
		snprintf(line, sizeof line, "segment %zu %" PRIu64 " %" PRIu64
		    " %" PRIu64 "%s%s\n", i, sg->start, sg->end, sg->confirmed,
		    sg->digest[0] != '\0' ? " " : "", sg->digest);
		record_buf_addstr(b, line);
	}
	for (i = 0; i < r->nsegs; i++)
		record_format_segchunks(r, i, b);
}

/* Format r as the file's text. */
static int
record_format(const char *path, const struct xfer_record *r,
    struct record_buf *b, char **cause)
{
	const struct record_key	*k;
	const char		*field;
	char			 num[32];
	size_t			 i, start;

	record_buf_addstr(b, r->nsegs > 0 ? RECORD_MAGIC_V3 "\n" :
	    RECORD_MAGIC "\n");
	for (i = 0; i < RECORD_NKEYS; i++) {
		k = &record_keys[i];
		field = (const char *)r + k->off;
		start = b->len;
		record_buf_addstr(b, k->name);
		switch (k->type) {
		case RECORD_STRING:
			record_buf_addstr(b, " ");
			record_escape(b, *(char *const *)field);
			break;
		case RECORD_U64:
			snprintf(num, sizeof num, " %" PRIu64,
			    *(const uint64_t *)field);
			record_buf_addstr(b, num);
			break;
		case RECORD_I64:
			snprintf(num, sizeof num, " %" PRId64,
			    *(const int64_t *)field);
			record_buf_addstr(b, num);
			break;
		case RECORD_DIGEST:
			if (*field != '\0') {
				record_buf_addstr(b, " ");
				record_buf_addstr(b, field);
			}
			break;
		}
		if (b->len - start > RECORD_LINE_MAX) {
			return (ferr_set(cause, FERR_USAGE,
			    _("resume record %s: name too long"), path));
		}
		record_buf_addstr(b, "\n");
	}
	record_format_chunks(r, b);
	record_format_segs(r, b);
	if (b->len > RECORD_FILE_MAX) {
		return (ferr_set(cause, FERR_USAGE,
		    _("resume record %s: name too long"), path));
	}
	return (0);
}

/* Create dir and its parents, as mkdir -p with mode 0700. */
static int
record_mkdirs(const char *dir, char **cause)
{
	struct stat	 sb;
	char		*copy, *p;
	int		 error = 0, last;

	if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return (0);
	copy = xstrdup(dir);
	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = (*p == '\0');
		*p = '\0';
		if (p[-1] != '/') {
			/* 0700 whatever the umask says. */
			if (mkdir(copy, 0700) == 0)
				(void)chmod(copy, 0700);
			else if (errno != EEXIST &&
			    (stat(copy, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
				error = ferr_set(cause, ferr_from_errno(errno),
				    _("cannot create directory %s: %s"), copy,
				    strerror(errno));
				goto out;
			}
		}
		if (last)
			break;
		*p = '/';
	}

out:
	free(copy);
	return (error);
}

static char *
record_dirname(const char *path)
{
	const char	*slash;

	if ((slash = strrchr(path, '/')) == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

/* Write all of len bytes, retrying on EINTR and after short writes. */
static int
record_write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0) {
			errno = EIO;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

/* The rename that put a record in place survives a crash. */
static int
record_sync_dir(const char *dir, const char *path, char **cause)
{
	int fd, e;

	if ((fd = open(dir, O_RDONLY|O_DIRECTORY|O_CLOEXEC)) != -1 &&
	    fsync(fd) == 0) {
		close(fd);
		return (0);
	}
	e = errno;
	if (fd != -1)
		close(fd);
	return (ferr_set(cause, ferr_from_errno(e),
	    _("cannot write resume record %s: %s"), path, strerror(e)));
}

int
record_save(const char *path, const struct xfer_record *r, char **cause)
{
	struct xfer_record	 copy;
	struct record_buf	 b = { NULL, 0, 0 };
	char			*dir = NULL, *tmp = NULL;
	int			 fd = -1, error;

	if (r->source == NULL || r->target == NULL ||
	    !record_digest_ok(r->digest) || !record_chunks_ok(r) ||
	    !record_segs_ok(r)) {
		error = ferr_set(cause, FERR_USAGE,
		    _("resume record %s: bad source, target or digest"), path);
		goto out;
	}
	copy = *r;
	if (copy.updated == 0)
		copy.updated = (int64_t)time(NULL);
	if ((error = record_format(path, &copy, &b, cause)) != 0)
		goto out;

	dir = record_dirname(path);
	if ((error = record_mkdirs(dir, cause)) != 0)
		goto out;
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		error = ferr_set(cause, ferr_from_errno(errno),
		    _("cannot write resume record %s: %s"), path,
		    strerror(errno));
		free(tmp);
		tmp = NULL;	/* nothing to remove */
		goto out;
	}
	if (fchmod(fd, 0600) == -1 || record_write_all(fd, b.p, b.len) != 0 ||
	    fsync(fd) == -1)
		goto fail;
	error = close(fd);
	fd = -1;
	if (error != 0 || rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	tmp = NULL;	/* it is the record now */
	error = record_sync_dir(dir, path, cause);
	goto out;

fail:
	error = ferr_set(cause, ferr_from_errno(errno),
	    _("cannot write resume record %s: %s"), path, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	free(b.p);
	return (error);
}

int
record_remove(const char *path)
{
	if (unlink(path) == -1 && errno != ENOENT)
		return (FERR_IO);
	return (0);
}

void
record_free(struct xfer_record *r)
{
	if (r == NULL)
		return;
	free(r->source);
	free(r->target);
	free(r->chunk);
	record_segs_free(r);
	memset(r, 0, sizeof *r);
}
