/* ferry: keeping to --limit-rate.
 *
 * A transfer keeps to the limit on average from a base time: the bytes
 * moved may not run ahead of limit * (now - base).  Averaged from the
 * start alone, a transfer that fell behind for a while (a stalled server,
 * a busy machine, a suspended laptop) then caught up at full speed: after
 * a stall of 10 s at 20 MiB/s, 200 MiB went out at once, and ten seconds
 * measured after a stall of one carried 10 % more than the limit.  So the
 * credit a transfer may catch up on is capped at THROTTLE_BURST_NS of the
 * limit (a token bucket of that depth): the base moves forward with time
 * that went unused beyond it.  Pure: the caller sleeps.
 */
#ifndef FERRY_XFER_THROTTLE_H
#define FERRY_XFER_THROTTLE_H

#include <stdint.h>

#define THROTTLE_BURST_NS	200000000LL	/* 0.2 s of the limit */

/* How long to wait (ns, 0: none) before moving more, moved bytes having
 * moved since *base (ns, the caller's clock) at limit bytes/s (> 0), now
 * being now.  Moves *base forward past a credit of more than
 * THROTTLE_BURST_NS. */
int64_t	throttle_wait_ns(int64_t *base, uint64_t moved, uint64_t limit,
	    int64_t now);

#endif
