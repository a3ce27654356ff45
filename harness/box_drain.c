/* Emptying the box, bounded (box_drain.h). */
#define _GNU_SOURCE
#include "box_drain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "conventions.h"
#include "drain_buf.h"
#include "mt_sys.h"

static unsigned long empty_at;

unsigned long mt_box_empty_at(void)
{
	return empty_at;
}

long mt_box_drain(void)
{
	static unsigned char *buf;
	unsigned char last[32] = { 0 };
	struct timespec t0, t;
	long n = 0, calls = 0, r, last_r = -1, same = 0;
	unsigned long puts0 = mt_put_calls(); /* the box is empty after this, if at all */

	/*
	 * Shared, not private: fork() leaves the runner's pages of a shared
	 * mapping present and writable (only private ones become
	 * copy-on-write), so the fault-in after each case's fork finds them
	 * all in place (0.5 ms, not 60-120: docs/SPEED.md). A case process
	 * that drains (the stress) writes into the same pages, which hold
	 * nothing but what the last drain read.
	 */
	if (!buf) {
		void *m = mmap(NULL, MT_DRAIN_BUF, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			return -ENOMEM;
		buf = m;
	}
	mt_fault_in(buf, MT_DRAIN_BUF); /* again after each case's fork: see drain_buf.h */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* bounded: a message that never leaves must not stall the suite. A
	 * get that fails is tried again (a failed get may have taken the
	 * message off: the next answers tell), until the empty answer, the
	 * too-small answer (the top is longer than any buffer of ours: it
	 * stays) or the same answer more often in a row than the puts since
	 * the box was last empty allow (mt_drain_same_is_stuck) */
	while (!mt_conv_drained(r = mt_get(buf, mt_drain_len()))) {
		size_t k = r < 0 ? 0 : r < (long)sizeof(last) ? (size_t)r : sizeof(last);

		if (r < 0 && r == mt_conv.too_small)
			return r;

		/* the same answer, the same first bytes: nothing moves */
		same = r == last_r && !memcmp(buf, last, k) ? same + 1 : 0;
		last_r = r;
		memcpy(last, buf, k);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (mt_drain_same_is_stuck((unsigned long)same, mt_put_calls() - empty_at))
			return -ELOOP;
		n += r >= 0;
		if (++calls > MT_DRAIN_MAX_CALLS || t.tv_sec - t0.tv_sec > MT_DRAIN_MAX_SECS)
			return same >= 1000 || n < 1000 ? -ELOOP : -EINPROGRESS;
	}
	empty_at = puts0;
	return n;
}
