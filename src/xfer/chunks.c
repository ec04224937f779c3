/* ferry: chunk digests of a local partial (see chunks.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>


#include "util/xmalloc.h"
#include "xfer/chunks.h"

/* The chunk under way starts. */
static void
chunks_init(struct chunks *c)
{
	if (c->hash == RECORD_HASH_XXH64)
		xxh64_init(&c->state.x64, 0);
	else
		xxh3_init(&c->state.x3);
}

uint64_t
chunks_size_for(uint64_t total)
{
	uint64_t size = CHUNKS_MIN;

	while (total / size + (total % size != 0) > RECORD_CHUNKS_MAX)
		size *= 2;
	return (size);
}

void
chunks_stop(struct chunks *c)
{
	free(c->md);
	memset(c, 0, sizeof *c);
}

void
chunks_start_as(struct chunks *c, uint64_t size, enum record_hash h)
{
	chunks_stop(c);
	if (size == 0)
		return;
	c->hash = h;
	chunks_init(c);
	c->size = size;
}

void
chunks_start(struct chunks *c, uint64_t size)
{
	chunks_start_as(c, size, RECORD_HASH_XXH3);
}

void
chunks_resume(struct chunks *c, uint64_t size, enum record_hash h,
    const unsigned char (*md)[RECORD_CHUNK_LEN], size_t n)
{
	chunks_start_as(c, size, h);
	if (size == 0 || n == 0)
		return;
	c->alloc = n < 16 ? 16 : n;
	c->md = xreallocarray(NULL, c->alloc, sizeof *c->md);
	memcpy(c->md, md, n * sizeof *c->md);
	c->n = n;
	c->done = (uint64_t)n * size;
}

/* The chunk under way is complete: keep its digest, start the next. */
static void
chunks_push(struct chunks *c)
{
	if (c->n == RECORD_CHUNKS_MAX) {
		chunks_stop(c);
		return;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc == 0 ? 16 : 2 * c->alloc;
		c->md = xreallocarray(c->md, c->alloc, sizeof *c->md);
	}
	chunks_current(c, c->md[c->n]);
	c->n++;
	chunks_init(c);
}

void
chunks_add(struct chunks *c, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t room;
	size_t n;

	while (c->size != 0 && len > 0) {
		room = c->size - c->done % c->size;
		n = len < room ? len : (size_t)room;
		if (c->hash == RECORD_HASH_XXH64)
			xxh64_update(&c->state.x64, p, n);
		else
			xxh3_update(&c->state.x3, p, n);
		c->done += n;
		p += n;
		len -= n;
		if (c->done % c->size == 0)
			chunks_push(c);
	}
}

void
chunks_add_at(struct chunks *c, uint64_t at, const void *buf, size_t len)
{
	uint64_t skip;

	if (c->size == 0 || at + len <= c->done)
		return;
	if (at > c->done) {
		chunks_stop(c);
		return;
	}
	skip = c->done - at;
	chunks_add(c, (const unsigned char *)buf + skip, len - (size_t)skip);
}

void
chunks_current(const struct chunks *c, unsigned char *out)
{
	uint64_t h = c->hash == RECORD_HASH_XXH64 ?
	    xxh64_digest(&c->state.x64) : xxh3_digest(&c->state.x3);
	int i;

	/* big-endian, as xxhsum writes it */
	for (i = 0; i < RECORD_CHUNK_LEN; i++)
		out[i] = (unsigned char)(h >> (8 * (RECORD_CHUNK_LEN - 1 - i)));
}

size_t
chunks_record(const struct chunks *c, struct xfer_record *r)
{
	size_t n;

	free(r->chunk);
	r->chunk = NULL;
	r->chunk_size = 0;
	r->nchunks = 0;
	if (c->size == 0 || c->done != r->confirmed)
		return (0);
	n = c->n + (c->done % c->size != 0);
	if (n > 0) {
		r->chunk = xreallocarray(NULL, n, sizeof *r->chunk);
		if (c->n > 0)
			memcpy(r->chunk, c->md, c->n * sizeof *c->md);
		if (n > c->n)
			chunks_current(c, r->chunk[c->n]);
	}
	r->chunk_size = c->size;
	r->chunk_hash = c->hash;
	r->nchunks = n;
	return (n);
}

int
chunks_compare(const struct chunks *c, const struct xfer_record *r,
    size_t first, uint64_t *from, uint64_t *len)
{
	unsigned char md[RECORD_CHUNK_LEN];
	size_t i;

	*from = *len = 0;
	if (c->size == 0 || c->size != r->chunk_size ||
	    c->hash != r->chunk_hash)
		return (-1);
	for (i = first; i < c->n; i++) {
		if (i >= r->nchunks ||
		    memcmp(c->md[i], r->chunk[i], RECORD_CHUNK_LEN) != 0)
			goto differs;
	}
	if (c->done != r->confirmed || c->done % c->size == 0)
		return (0);
	chunks_current(c, md);
	if (i < r->nchunks && memcmp(md, r->chunk[i], RECORD_CHUNK_LEN) == 0)
		return (0);
differs:
	*from = (uint64_t)i * c->size;
	*len = r->confirmed > *from && r->confirmed - *from < c->size ?
	    r->confirmed - *from : c->size;
	return (-1);
}
