/*
 * The executors of the call kinds (case_calls.def) and the fail-nth sweep
 * of a put or get row (inject=nth, case_sweep.c); case_exec.c dispatches
 * to them. Each makes its calls on the box the setup left and hands them
 * to the oracles (case_oracles.h); none calls back into case_exec.c.
 *
 *   case_basic.c   put, get, roundtrip, lifo, param, abi
 *   case_probe.c   conventions
 *   case_memory.c  fill, exhaust
 *   case_leaks.c   leaks
 *   case_held.c    held
 *   case_stall.c   stall (held_window.c: the window call of both)
 */
#ifndef MT_CASE_KINDS_H
#define MT_CASE_KINDS_H

#include "case_ctx.h"

#define X(name, fn, nth, doc) void fn(struct ctx *x, long len);
#include "case_calls.def"
#undef X

void mt_do_sweep(struct ctx *x, long len);

/*
 * The index of the last leaks case this boot will run (-1: none), set by
 * the runner before the first case: that scan waits and looks twice, the
 * earlier ones look once (case_leaks.c).
 */
extern int mt_leaks_last_idx;

#endif
