/*
 * stack_bruteforce.h - exhaustive linearizability check of a small
 * put/get history against a sequential stack (Wing & Gong style search
 * with memoisation of visited states, as refined by Lowe).  Exponential:
 * for tests only, as the reference the fast checker is compared with.
 *
 * Semantics (the same contract stack_check.c judges):
 *  - every op that returned takes effect at one instant in [inv, res];
 *    op X must precede op Y iff X.res < Y.inv (equal ticks: concurrent);
 *  - a put that never returned (res = MT_TS_NEVER) may take effect at any
 *    instant after inv, or never; a get that never returned and has no
 *    MT_OPF_RECOVERED value may remove the top message (or see an empty
 *    box) at any instant after inv, or do nothing; a recovered get and an
 *    EMPTY get with res = MT_TS_NEVER took effect, at some instant after
 *    inv;
 *  - anonymous messages (MT_VAL_ANON) are indistinguishable tokens;
 *  - after everything the drain pops h->drained[0], [1], ... in order and
 *    then the box must be empty.
 */
#ifndef MT_STACK_BRUTEFORCE_H
#define MT_STACK_BRUTEFORCE_H

#include "history.h"

#define MT_BF_MAX_OPS 24   /* non-ignored ops */
#define MT_BF_MAX_DRAIN 32

/* 1: linearizable, 0: not, -1: history too large or out of memory. */
int mt_bruteforce_linearizable(const struct mt_history *h);

#endif /* MT_STACK_BRUTEFORCE_H */
