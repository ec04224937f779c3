/* ferry: a partial's chunks checked beside the transfer (see chunkcheck.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "xfer/chunkcheck.h"
#include "xfer/chunks.h"

/* Read and hashed at once: stays in the cache between the two. */
#define CHUNK_CHECK_BLOCK	(256u * 1024)

int
chunk_check_read(struct vfs_file *f, struct chunks *c,
    const struct xfer_record *r, uint64_t end, int (*stopped)(void *),
    void *arg, uint64_t *from, uint64_t *len, char **cause)
{
	unsigned char *buf = xmalloc(CHUNK_CHECK_BLOCK);
	size_t n, got, checked = c->n;
	int rc = 0;

	*from = *len = 0;
	while (rc == 0 && c->done < end) {
		if (stopped(arg)) {
			rc = FERR_CANCELLED;
			break;
		}
		n = end - c->done < CHUNK_CHECK_BLOCK ?
		    (size_t)(end - c->done) : CHUNK_CHECK_BLOCK;
		if ((rc = vfs_read_full(f, buf, n, &got, cause)) != 0)
			break;
		chunks_add(c, buf, got);
		if (got < n) {		/* it shrank since it was looked at */
			*from = c->done;
			rc = FERR_MISMATCH;
		} else if (chunks_compare(c, r, checked, from, len) != 0)
			rc = 1;
		checked = c->n;
	}
	free(buf);
	return (rc);
}

uint64_t
chunk_check_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return (0);
	return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

static int
chunk_check_stopped(void *arg)
{
	struct chunk_check *cc = arg;

	return (atomic_load(&cc->stop));
}

static void *
chunk_check_main(void *arg)
{
	struct chunk_check *cc = arg;
	struct chunks c;
	int rc;

	memset(&c, 0, sizeof c);
	chunks_start_as(&c, cc->want.chunk_size, cc->want.chunk_hash);
	rc = chunk_check_read(cc->f, &c, &cc->want, cc->want.confirmed,
	    chunk_check_stopped, cc, &cc->from, &cc->len, &cc->cause);
	if (rc == FERR_MISMATCH)
		ferr_set(&cc->cause, FERR_MISMATCH, _("%s: the partial target "
		    "ended at byte %llu while it was checked: not resuming"),
		    cc->disp, (unsigned long long)cc->from);
	chunks_stop(&c);
	cc->rc = rc;
	cc->cpu_ns = chunk_check_cpu_ns();
	atomic_store(&cc->finished, 1);
	return (NULL);
}

int
chunk_check_start(struct chunk_check *cc, struct vfs_file *f,
    const char *disp, const struct xfer_record *r, size_t n, char **cause)
{
	int e;

	memset(cc, 0, sizeof *cc);
	cc->f = f;
	cc->disp = xstrdup(disp);
	cc->want.chunk_size = r->chunk_size;
	cc->want.chunk_hash = r->chunk_hash;
	cc->want.nchunks = n;
	cc->want.confirmed = (uint64_t)n * r->chunk_size;
	if (n > 0) {
		cc->want.chunk = xreallocarray(NULL, n, sizeof *r->chunk);
		memcpy(cc->want.chunk, r->chunk, n * sizeof *r->chunk);
	}
	atomic_init(&cc->finished, 0);
	atomic_init(&cc->stop, 0);
	if ((e = pthread_create(&cc->thread, NULL, chunk_check_main,
	    cc)) != 0) {
		f->fs->ops->abort(f);
		free(cc->want.chunk);
		free(cc->disp);
		memset(cc, 0, sizeof *cc);
		return (ferr_set(cause, FERR_IO, _("cannot start a thread to "
		    "check the partial target: %s"), strerror(e)));
	}
	cc->started = 1;
	return (0);
}

int
chunk_check_finished(struct chunk_check *cc)
{
	return (cc->started && atomic_load(&cc->finished));
}

int
chunk_check_wait(struct chunk_check *cc, int stop, uint64_t *from,
    uint64_t *len, uint64_t *cpu_ns, char **cause)
{
	int rc;

	*from = *len = 0;
	if (cpu_ns != NULL)
		*cpu_ns = 0;
	if (!cc->started)
		return (0);
	if (stop)
		atomic_store(&cc->stop, 1);
	pthread_join(cc->thread, NULL);
	cc->f->fs->ops->abort(cc->f);
	rc = cc->rc;
	if (cpu_ns != NULL)
		*cpu_ns = cc->cpu_ns;
	if (rc == 1 || rc == FERR_MISMATCH) {
		*from = cc->from;
		*len = cc->len;
	}
	if (rc < 0 && rc != FERR_CANCELLED && cause != NULL) {
		free(*cause);
		*cause = cc->cause;
		cc->cause = NULL;
	}
	free(cc->cause);
	free(cc->disp);
	free(cc->want.chunk);
	memset(cc, 0, sizeof *cc);
	return (rc);
}
