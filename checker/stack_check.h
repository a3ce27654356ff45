/*
 * stack_check.h - decide whether a put/get history is consistent with a
 * linearizable stack (SPEC.md, "Concurrency"), and say why not.
 *
 * The algorithm and its sources are described at the top of stack_check.c.
 * The verdict is a plain struct without pointers: nothing to free.
 */
#ifndef MT_STACK_CHECK_H
#define MT_STACK_CHECK_H

#include <stdint.h>
#include <stdio.h>

#include "history.h"

#define MT_MAX_EXAMPLES 8  /* examples kept per category          */
#define MT_EXAMPLE_OPS 6   /* ops quoted per example               */
#define MT_EXAMPLE_MSG 320 /* explanation: what was expected/seen  */

enum mt_category {
	MT_CAT_LOST = 0,
	MT_CAT_DUPLICATED,
	MT_CAT_UNEXPECTED,
	MT_CAT_ORDER,
	MT_CAT__COUNT
};

/* what kind of order violation an MT_CAT_ORDER example is */
enum mt_order_kind {
	MT_ORDER_NONE = 0,
	MT_ORDER_STACK,          /* no stack linearization explains the gets  */
	MT_ORDER_EMPTY,          /* -ENODATA while the box provably held one  */
	MT_ORDER_GET_BEFORE_PUT, /* get returned before its put was invoked   */
};

struct mt_example_op {
	size_t index;      /* index into h->ops, or into h->drained     */
	uint8_t is_drain;  /* 1: a final-drain get (op.inv/res = NEVER) */
	struct mt_op op;   /* copy, so the verdict stands on its own    */
};

struct mt_example {
	uint8_t order_kind; /* enum mt_order_kind, for MT_CAT_ORDER      */
	uint8_t n_ops;
	uint64_t value;     /* the message concerned, or MT_VAL_ANON     */
	struct mt_example_op ops[MT_EXAMPLE_OPS];
	char msg[MT_EXAMPLE_MSG];
};

struct mt_verdict {
	/* violations (any non-zero: the history is not a correct stack's) */
	uint64_t lost;        /* put ok, message never seen again          */
	uint64_t duplicated;  /* extra returns of one message (+anon excess) */
	uint64_t unexpected;  /* returned values that no put put           */
	uint64_t order_violations; /* = the three below                    */
	uint64_t order_stack;      /* independent busy periods with no     */
	                           /* stack linearization                  */
	uint64_t order_empty;      /* -ENODATA gets while provably full    */
	uint64_t order_get_before_put;

	/* information */
	uint64_t unknown;           /* ops that never returned             */
	uint64_t unknown_gets;      /* of those: gets with no known value  */
	uint64_t possibly_consumed; /* missing messages an unknown get may */
	                            /* have taken (<= unknown_gets)        */
	uint64_t anon_puts;         /* anonymous puts that returned 0      */
	uint64_t anon_puts_unknown; /* anonymous puts that never returned  */
	uint64_t anon_gets;         /* anonymous gets + anonymous drained  */
	uint64_t anon_lost;         /* part of `lost`                      */
	uint64_t anon_excess;       /* part of `duplicated`                */
	uint64_t malformed;         /* ops ignored: bad kind, res < inv,   */
	                            /* inv never, or a value put twice     */
	uint64_t puts, gets, gets_empty, drained;
	uint64_t values_ordered;    /* messages used for the order check   */
	uint64_t values_trivial;    /* of those: put/get overlap, no info  */
	uint64_t segments;          /* busy periods (box possibly empty    */
	                            /* between them)                       */
	uint64_t segments_searched; /* of those: needed the full search    */
	uint64_t values_searched;   /* messages that went to the search    */

	size_t n_examples[MT_CAT__COUNT];
	struct mt_example examples[MT_CAT__COUNT][MT_MAX_EXAMPLES];
};

/*
 * Judge history h.  Fills *v completely.  Returns 0 if no violation was
 * found, 1 if some was, -1 with errno set (ENOMEM, EINVAL: more than
 * 2^32-2 ops or drained values) if it could not decide; *v is then zeroed.
 */
int mt_check_stack(const struct mt_history *h, struct mt_verdict *v);

/* 1 if v records no violation. */
int mt_verdict_ok(const struct mt_verdict *v);

/* Human-readable report: a summary line, then every example. */
void mt_verdict_print(FILE *f, const struct mt_verdict *v);

#endif /* MT_STACK_CHECK_H */
