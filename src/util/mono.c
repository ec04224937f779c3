/* ferry: the monotonic clock (see mono.h). */
#include "config.h"

#include <time.h>

#include "util/mono.h"

int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}
