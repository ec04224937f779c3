/* ferry: --limit-rate's arithmetic (src/xfer/throttle.c): the average
 * holds, and time left unused is caught up on for THROTTLE_BURST_NS of
 * the limit at most. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdint.h>

#include "xfer/throttle.h"

#define S	1000000000LL		/* ns */
#define MIB	(1024ull * 1024)

struct row {
	const char	*what;
	int64_t		 base;		/* in */
	uint64_t	 moved;
	uint64_t	 limit;
	int64_t		 now;
	int64_t		 wait;		/* out */
	int64_t		 base_after;
};

static const struct row rows[] = {
	{ "nothing moved yet: no wait", 0, 0, MIB, 0, 0, 0 },
	{ "on time: no wait", 0, MIB, MIB, S, 0, 0 },
	{ "ahead by half a second: wait for it", 0, MIB, MIB, S / 2, S / 2, 0 },
	{ "ahead from a later base", 10 * S, 2 * MIB, MIB, 11 * S, S, 10 * S },
	{ "behind by less than the burst: caught up on, base kept",
	    0, MIB, MIB, S + THROTTLE_BURST_NS, 0, 0 },
	{ "behind by 10 s: the base moves so only the burst is left",
	    0, MIB, MIB, 11 * S, 0, 10 * S - THROTTLE_BURST_NS },
	{ "behind from the start (a slow server)", 5 * S, 0, 20 * MIB, 9 * S,
	    0, 9 * S - THROTTLE_BURST_NS },
};

Test(throttle, the_table)
{
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		int64_t base = r->base;
		int64_t wait = throttle_wait_ns(&base, r->moved, r->limit,
		    r->now);

		cr_expect_eq(wait, r->wait, "%s: wait %lld, want %lld",
		    r->what, (long long)wait, (long long)r->wait);
		cr_expect_eq(base, r->base_after, "%s: base %lld, want %lld",
		    r->what, (long long)base, (long long)r->base_after);
	}
}

/* A transfer that stalls for 10 s, then runs as fast as it can for 10 s
 * in 64 KiB writes, moves at most the limit's 10 s and the burst. */
Test(throttle, after_a_stall_the_catch_up_is_one_burst)
{
	const uint64_t limit = 20 * MIB, step = 64 * 1024;
	int64_t base = 0, now = 10 * S, wait;
	uint64_t moved = 0, since;

	/* the first 10 s moved nothing: a stall */
	since = moved;
	while (now < 20 * S) {
		wait = throttle_wait_ns(&base, moved, limit, now);
		if (wait > 0)
			now += wait;	/* it sleeps */
		else {
			moved += step;
			now += 1000;	/* 64 KiB in 1 us: a fast link */
		}
	}
	cr_expect_leq(moved - since, limit * 10 + limit / 5 + step,
	    "moved %llu in the 10 s after the stall",
	    (unsigned long long)(moved - since));
	cr_expect_geq(moved - since, limit * 10,
	    "the limit is still reached: %llu",
	    (unsigned long long)(moved - since));
}
