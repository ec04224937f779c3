/* ferry: a partial's chunks checked beside the transfer.
 *
 * Reading back a large local partial and comparing its chunks with the
 * resume record's digests (chunks.h) took 0.2 to 0.6 s for 512 MiB on the
 * benchmark machine, all of it before the first byte was appended: up to
 * 13 % of a 1 GiB SFTP download, where the budget is 2 %.  So the whole
 * chunks below the resume offset are checked by a thread of their own
 * while the transfer appends after them; the engine (copy.c) reads the
 * chunk under way itself before appending (at most one chunk), so that
 * the digests of what it appends go on from the right state.
 *
 * Appending before the check has ended is safe because what is appended
 * can be taken back: the bytes below the resume offset are never written,
 * the record's checkpoints wait for the check (a crash in between leaves
 * the record as it was, and the bytes past it are compared with the
 * source next time, as after any crash), and when a chunk differs the
 * engine cuts the target back to its size before the attempt and reports
 * the difference as if it had been found first.
 *
 * The thread owns a vfs_file of the local target opened from byte 0 and
 * a copy of the digests it compares with; it touches nothing else.  The
 * job's thread starts it, polls chunk_check_finished and collects the
 * result with chunk_check_wait (which also stops it early).
 */
#ifndef FERRY_XFER_CHUNKCHECK_H
#define FERRY_XFER_CHUNKCHECK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"
#include "xfer/chunks.h"
#include "xfer/record.h"

/* Zeroed, it is idle. */
struct chunk_check {
	int			 started;	/* a thread to join */
	pthread_t		 thread;
	atomic_int		 finished;	/* the thread's last act */
	atomic_int		 stop;
	struct vfs_file		*f;
	char			*disp;		/* the target, for messages */
	struct xfer_record	 want;		/* chunk_size, nchunks, chunk,
						   confirmed: nchunks whole
						   chunks */
	int			 rc;		/* 0, 1 (a chunk differs),
						   or an FERR_ code */
	uint64_t		 from, len;	/* the chunk that differs */
	char			*cause;		/* with an FERR_ code */
	uint64_t		 cpu_ns;	/* the thread's CPU time */
};

/*
 * Read f on (it stands at byte c->done) up to byte end, adding what it reads
 * to c and comparing each chunk as it completes, and the one under way once
 * c->done is r->confirmed, with r's digests (end <= r->confirmed).  0 if
 * they match; 1 if a chunk differs, its bytes in [*from, *from + *len);
 * FERR_MISMATCH if f ended first, at byte *from; FERR_CANCELLED once
 * stopped(arg) says so (asked before each block); else the read's error,
 * with *cause.  The thread below runs it, and the engine for what it reads
 * back itself.
 */
int	chunk_check_read(struct vfs_file *f, struct chunks *c,
	    const struct xfer_record *r, uint64_t end, int (*stopped)(void *),
	    void *arg, uint64_t *from, uint64_t *len, char **cause);

/* The calling thread's CPU time so far, in ns (0 if the clock fails). */
uint64_t chunk_check_cpu_ns(void);

/* Check chunks [0, n) of r (whole chunks, n <= r->nchunks) by reading f
 * (the target disp, at byte 0) in a thread.  f is taken over (closed when
 * waited for), started or not.  0, or an FERR_ code if no thread could start (nothing
 * is checked then). */
int	chunk_check_start(struct chunk_check *, struct vfs_file *f,
	    const char *disp, const struct xfer_record *r, size_t n,
	    char **cause);
/* A started check whose thread is done (chunk_check_wait will not wait). */
int	chunk_check_finished(struct chunk_check *);
/* Wait for the thread (asking it to stop first if stop) and end the check:
 * idle again.  0 if every chunk matched; 1 if one differs, its bytes in
 * [*from, *from + *len); FERR_CANCELLED if it was stopped; another FERR_
 * code (with *cause) if the partial could not be read (FERR_MISMATCH:
 * it ended at byte *from, before the chunks did).  0 when idle.  *cpu_ns
 * (unless NULL) gets the CPU time the thread took (0 when idle): what the
 * check cost, whatever else the machine was doing. */
int	chunk_check_wait(struct chunk_check *, int stop, uint64_t *from,
	    uint64_t *len, uint64_t *cpu_ns, char **cause);

#endif
