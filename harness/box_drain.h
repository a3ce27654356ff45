/* Emptying the box, bounded: between cases and around a stress scenario. */
#ifndef MT_BOX_DRAIN_H
#define MT_BOX_DRAIN_H

#define MT_DRAIN_BUF (4 << 20) /* >= any max_msg_len (SPEC caps it at 4 MiB) */

/* Empty the box (get until it says empty, as the conventions learned),
 * with at most MT_DRAIN_MAX_CALLS gets in MT_DRAIN_MAX_SECS; returns the
 * messages removed, -ELOOP when it never emptied (the same answer again and
 * again: a message that never leaves, a get that always succeeds),
 * -EINPROGRESS when messages were still coming out as the time ran out (a
 * box filled on purpose, drained slowly: no finding, a fresh boot), or the
 * get's -errno. */
#define MT_DRAIN_MAX_CALLS 2000000
#define MT_DRAIN_MAX_SECS 20 /* below run-suite.sh's no-progress watchdog (case timeout + 30 s) */
long mt_box_drain(void);

#endif
