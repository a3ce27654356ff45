/* Emptying the box, bounded (box_drain.h). */
#define _GNU_SOURCE
#include "box_drain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conventions.h"
#include "drain_buf.h"
#include "mt_sys.h"

long mt_box_drain(void)
{
	static unsigned char *buf;
	unsigned char last[32] = { 0 };
	struct timespec t0, t;
	long n = 0, r, last_r = -1, same = 0;

	if (!buf && !(buf = malloc(MT_DRAIN_BUF)))
		return -ENOMEM;
	mt_fault_in(buf, MT_DRAIN_BUF); /* again after each case's fork: see drain_buf.h */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* bounded: a message that never leaves must not stall the suite */
	while (!mt_conv_drain_stops(r = mt_get(buf, mt_drain_len()))) {
		size_t k = r < (long)sizeof(last) ? (size_t)r : sizeof(last);

		/* the same answer, the same first bytes: nothing moves */
		same = r == last_r && !memcmp(buf, last, k) ? same + 1 : 0;
		last_r = r;
		memcpy(last, buf, k);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (same >= MT_DRAIN_MAX_SAME)
			return -ELOOP;
		if (++n > MT_DRAIN_MAX_CALLS || t.tv_sec - t0.tv_sec > MT_DRAIN_MAX_SECS)
			return same >= 1000 || n < 1000 ? -ELOOP : -EINPROGRESS;
	}
	return mt_conv_is_empty(r, true) ? n : r;
}
