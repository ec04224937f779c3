/* ferry: keeping to --limit-rate (see throttle.h). */
#include "config.h"

#include "xfer/throttle.h"

int64_t
throttle_wait_ns(int64_t *base, uint64_t moved, uint64_t limit, int64_t now)
{
	int64_t due = *base + (int64_t)((double)moved / (double)limit * 1e9);

	if (due < now - THROTTLE_BURST_NS) {
		/* unused time beyond the burst is not caught up on */
		*base += now - THROTTLE_BURST_NS - due;
		return (0);
	}
	return (due > now ? due - now : 0);
}
