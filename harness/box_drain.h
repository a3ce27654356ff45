/* Emptying the box, bounded: between cases and around a stress scenario. */
#ifndef MT_BOX_DRAIN_H
#define MT_BOX_DRAIN_H

#define MT_DRAIN_BUF (4 << 20) /* >= any max_msg_len (SPEC caps it at 4 MiB) */

/* Empty the box (get until it gives the empty answer the conventions
 * learned; a get that fails otherwise is tried again), with at most
 * MT_DRAIN_MAX_CALLS gets in MT_DRAIN_MAX_SECS; returns the messages
 * removed, -ELOOP when it never emptied (the same answer again and again:
 * a message that never leaves, a get that always succeeds or always
 * fails), -EINPROGRESS when messages were still coming out as the time ran
 * out (a box filled on purpose, drained slowly: no finding, a fresh boot),
 * or the too-small answer (a top message longer than any get can take). */
#define MT_DRAIN_MAX_CALLS 2000000
#define MT_DRAIN_MAX_SECS 20 /* below run-suite.sh's no-progress watchdog (case timeout + 30 s) */
/* The same answer this many times in a row is a message that never leaves,
 * at once: more messages than any case puts (the default max_msgs is 65536,
 * and no case builds a box of more identical ones), and a second or two of
 * gets instead of MT_DRAIN_MAX_SECS (spin-copy-612: a zero-length message
 * stuck on top, every boot of it waited the full 20 s) */
#define MT_DRAIN_MAX_SAME 200000
long mt_box_drain(void);

#endif
