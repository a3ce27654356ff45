/*
 * The findings of a stress run as rules (stress_explain.h): what the
 * history shows, and the simplest bug that explains it; a race only where
 * nothing sequential does:
 *
 * - lost messages, no more than the gets an injected copy fault failed
 *   (and the gets that returned bytes nobody put: a put whose copy failed
 *   stored those instead): a get that loses its message when its copy
 *   fails;
 * - bytes nobody put, or wrong bytes, while copies were made to fail
 *   (fault injection, or workers killed while held in a copy): a copy
 *   whose failure was ignored (a put that stores what it never read, a get
 *   that reports a short copy as success);
 * - the same after gets that wrote past their length: those scribbled over
 *   the buffers the history reads (the overflow is the finding).
 *
 * Each rule is a set of facts that must all hold, a set of which one must
 * (if any is named) and a set of which none may; the facts are computed
 * once from the counts. The rules are tried in order: the first that holds
 * names the deciding oracle; every one that holds adds its class.
 */
#include "stress_explain.h"

#include <stddef.h>

enum fact {
	F_LOST_ON_FAULT = 1u << 0,    /* lost, no more than failed + dirty gets, under fail_usercopy */
	F_LOST_UNEXPLAINED = 1u << 1, /* lost otherwise */
	F_FAILED_GETS = 1u << 2,      /* some get returned -EFAULT */
	F_DIRTY_EXPLAINED = 1u << 3,  /* unexpected or corrupted bytes while copies failed or gets overflowed */
	F_DIRTY_UNEXPLAINED = 1u << 4,/* ... with neither */
	F_OVERFLOWS = 1u << 5,
	F_DUPLICATED = 1u << 6,
	F_ORDER = 1u << 7,
	F_BAD_ERRORS = 1u << 8,
	F_BOX_LEFT = 1u << 9,
	F_TIMED_OUT = 1u << 10,
	F_STALLED = 1u << 11,
	F_DIED = 1u << 12,
	F_HARNESS = 1u << 13,
	F_DRAIN_STUCK = 1u << 14,
	/* a message that never leaves the top: every get returns it again
	 * (the duplicates all anonymous excess) and the messages below it
	 * never come out (lost): that bug, not a race (spin-copy-612) */
	F_STUCK_EXPLAINS = 1u << 15,
};

/* MT_BUG_COUNT as a rule's class: the class of the first wrong result. */
#define FIRST_BAD_BUG MT_BUG_COUNT

static const struct rule {
	unsigned all, any, none;
	enum mt_oracle oracle;
	enum mt_bug bug;
} rules[] = {
	/* no get failed: the messages went with gets that reported success
	 * for a copy that failed (the unchecked copy below says it) */
	{ F_LOST_ON_FAULT | F_FAILED_GETS, 0, 0, MT_OR_HISTORY, MT_BUG_LOST_ON_FAILED_GET },
	{ F_DIRTY_EXPLAINED, 0, F_OVERFLOWS, MT_OR_HISTORY, MT_BUG_UNCHECKED_COPY },
	{ 0, F_LOST_UNEXPLAINED | F_DUPLICATED | F_ORDER | F_DIRTY_UNEXPLAINED, F_STUCK_EXPLAINS, MT_OR_HISTORY,
	  MT_BUG_RACE },
	{ F_BAD_ERRORS, 0, 0, MT_OR_RESULT, FIRST_BAD_BUG },
	{ 0, F_BOX_LEFT | F_DRAIN_STUCK, 0, MT_OR_BOX, MT_BUG_MESSAGE_STUCK },
	{ F_TIMED_OUT, 0, 0, MT_OR_TIMEOUT, MT_BUG_OTHER },
	{ F_STALLED, 0, 0, MT_OR_PROGRESS, MT_BUG_BLOCKS_CALLERS },
	{ F_DIED, 0, 0, MT_OR_HARNESS, MT_BUG_OTHER },
	{ F_HARNESS, 0, 0, MT_OR_HARNESS, MT_BUG_HARNESS },
};

static unsigned facts(const struct mt_stress_counts *c)
{
	uint64_t dirty_gets = c->unexpected + c->corrupted;
	bool dirty = dirty_gets > 0;
	bool lost_on_fault = c->lost && c->fail_usercopy && c->lost <= c->failed_gets + dirty_gets;
	bool explained = dirty && (c->fail_usercopy || c->killed_in_copy || c->overflows);
	unsigned f = 0;

	f |= lost_on_fault ? F_LOST_ON_FAULT : 0;
	f |= c->lost && !lost_on_fault ? F_LOST_UNEXPLAINED : 0;
	f |= c->failed_gets ? F_FAILED_GETS : 0;
	f |= explained ? F_DIRTY_EXPLAINED : 0;
	f |= dirty && !explained ? F_DIRTY_UNEXPLAINED : 0;
	f |= c->overflows ? F_OVERFLOWS : 0;
	f |= c->duplicated ? F_DUPLICATED : 0;
	f |= c->order_violations ? F_ORDER : 0;
	f |= c->bad_errors ? F_BAD_ERRORS : 0;
	f |= c->box_left ? F_BOX_LEFT : 0;
	f |= c->timed_out ? F_TIMED_OUT : 0;
	f |= c->stalled ? F_STALLED : 0;
	f |= c->died ? F_DIED : 0;
	f |= c->harness ? F_HARNESS : 0;
	f |= c->drain_stuck ? F_DRAIN_STUCK : 0;
	f |= c->drain_stuck && c->duplicated == c->anon_excess && !c->order_violations && !dirty ? F_STUCK_EXPLAINS : 0;
	return f;
}

void mt_stress_explain(const struct mt_stress_counts *c, struct mt_result *r)
{
	unsigned f = facts(c);

	r->oracles = 0;
	r->bug = MT_BUG_OTHER;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *u = &rules[i];

		if ((f & u->all) != u->all || (f & u->none) || (u->any && !(f & u->any)))
			continue;
		mt_result_saw(r, u->oracle, u->bug == FIRST_BAD_BUG ? c->first_bad_bug : u->bug);
	}
}
