/* Emptying the box, bounded: between cases and around a stress scenario. */
#ifndef MT_BOX_DRAIN_H
#define MT_BOX_DRAIN_H

#include <stdbool.h>

#define MT_DRAIN_BUF (4 << 20) /* >= any max_msg_len (SPEC caps it at 4 MiB) */

/* Empty the box (get until it gives the empty answer the conventions
 * learned; a get that fails otherwise is tried again), with at most
 * MT_DRAIN_MAX_CALLS gets in MT_DRAIN_MAX_SECS; returns the messages
 * removed, -ELOOP when it never emptied (the same answer more often in a
 * row than mt_drain_same_is_stuck() allows: a message that never leaves, a
 * get that always succeeds or always fails), -EINPROGRESS when messages
 * were still coming out as the time ran out (a box filled on purpose,
 * drained slowly: no finding, a fresh boot), or the too-small answer (a
 * top message longer than any get can take). */
#define MT_DRAIN_MAX_CALLS 2000000
#define MT_DRAIN_MAX_SECS 20 /* below run-suite.sh's no-progress watchdog (case timeout + 30 s) */
/*
 * The same answer more times in a row than the puts started since the box
 * was last seen empty (mt_put_calls(), lib/mt_sys.h), plus this margin, is
 * a message that never leaves: not the box's own messages, since each put
 * adds one at most. A case that leaves one stuck zero-length message is
 * then told after about a thousand gets, not after 200000 of them
 * (spin-copy-612 on 6.12: 5-14 s a drain at 25-70 us a get, once per boot;
 * the stress's raw rounds drained it eight times per scenario).
 */
#define MT_DRAIN_SAME_MARGIN 1000 /* and puts still held in a fault when the box was empty */
static inline bool mt_drain_same_is_stuck(unsigned long same, unsigned long puts_since_empty)
{
	return same >= puts_since_empty + MT_DRAIN_SAME_MARGIN;
}

/* mt_put_calls() when the box was last seen empty: by a drain of this
 * process (or of its parent before the fork); 0 at start, on a fresh boot. */
unsigned long mt_box_empty_at(void);
long mt_box_drain(void);

#endif
