/*
 * history.h - the operation log that the torture harness records and that
 * the stack checkers (stack_check.c, stack_bruteforce.c) judge.
 *
 * One mt_op per call of dm510_msgbox_put/get made by a worker.  Timestamps
 * are raw TSC ticks taken in user space just before the system call
 * (inv, "invocation") and just after it returned (res, "response").  Only
 * their order matters; ticks from different CPUs are assumed comparable
 * (constant, synchronised TSC).  Two events with the same tick are treated
 * as concurrent, never as ordered, so equal ticks can only make the
 * checker more permissive, never produce a false report.
 *
 * Message identities: every successful put carries a distinct 64-bit value
 * (writer << 32 | seq, written into the message header).  A message too
 * short to hold the header has no identity: its value is MT_VAL_ANON, on
 * the put as on the get that returned it.
 */
#ifndef MT_HISTORY_H
#define MT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

/* res of a call that never returned (the worker was killed inside it). */
#define MT_TS_NEVER UINT64_MAX
/* value of a message shorter than the identity header. */
#define MT_VAL_ANON UINT64_MAX
/*
 * Timestamps must be below this; larger ones (other than MT_TS_NEVER) are
 * clamped to it.  A TSC needs decades of uptime to get there.
 */
#define MT_TS_MAX ((UINT64_C(1) << 62) - 1)

enum mt_op_kind {
	MT_OP_PUT = 0,       /* put returned 0, or never returned         */
	MT_OP_GET = 1,       /* get returned a message (value = identity)  */
	MT_OP_GET_EMPTY = 2, /* get returned -ENODATA: saw the box empty   */
	MT_OP_IGNORED = 3,   /* failed with another error: not in history  */
};

/*
 * flags: only meaningful for a get whose res is MT_TS_NEVER.  Without
 * MT_OPF_RECOVERED such a get is "unknown": it may have removed any one
 * message (or found the box empty) at any time after inv, or done nothing;
 * its value field is ignored.  With MT_OPF_RECOVERED the harness knows it
 * took effect and returned `value` (e.g. it found the bytes in the buffer).
 * A put whose res is MT_TS_NEVER may or may not have taken effect.
 */
#define MT_OPF_RECOVERED 0x01u

struct mt_op {
	uint64_t inv;   /* TSC before the call                              */
	uint64_t res;   /* TSC after it returned, or MT_TS_NEVER            */
	uint64_t value; /* message identity, MT_VAL_ANON, unused for EMPTY  */
	uint8_t kind;   /* enum mt_op_kind                                   */
	uint8_t flags;  /* MT_OPF_*                                          */
	uint16_t worker; /* for reports only                                 */
	uint32_t seq;    /* per-worker call number, for reports only         */
};

/*
 * A whole run: the ops in any order, then the final drain - the values a
 * single process got, in this order, after every worker had finished, until
 * the box said -ENODATA.  The drain is judged as a sequence of gets that
 * follow everything else (so it is order evidence too).
 */
struct mt_history {
	const struct mt_op *ops;
	size_t n_ops;
	const uint64_t *drained;
	size_t n_drained;
};

#endif /* MT_HISTORY_H */
