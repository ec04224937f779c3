/* ferry: the monotonic clock in milliseconds, for timeouts, pacing and
 * progress (never a date). */
#ifndef FERRY_MONO_H
#define FERRY_MONO_H

#include <stdint.h>

int64_t	mono_ms(void);

#endif
