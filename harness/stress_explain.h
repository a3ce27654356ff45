/*
 * What a stress run's findings are: the simplest bug class that explains
 * what the history and the run showed, as a table of rules
 * (stress_explain.c). The engine gathers the counts; the rules only read
 * them, so each can be tried alone (tests/test_stress_explain.c).
 */
#ifndef MT_STRESS_EXPLAIN_H
#define MT_STRESS_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "result.h"

struct mt_stress_counts {
	/* the stack checker's verdict */
	uint64_t lost, duplicated, order_violations;
	uint64_t unexpected;     /* gets that returned bytes nobody put */
	uint64_t corrupted;      /* gets that returned wrong bytes */
	uint64_t failed_gets;    /* gets that returned -EFAULT */
	uint64_t overflows;      /* gets that wrote past their length */
	bool fail_usercopy;      /* copies were made to fail (fault injection) */
	bool killed_in_copy;     /* workers were killed while calls were held
	                          * in a copy (kills and windows) */
	uint64_t bad_errors;     /* results SPEC.md does not allow ... */
	enum mt_bug first_bad_bug; /* ... the first one's class */
	bool box_left;           /* messages left that no drain took */
	bool drain_stuck;        /* the drain got one message DRAIN_MAX_SAME
	                          * times in a row: it never leaves */
	uint64_t anon_excess;    /* of duplicated: anonymous returns beyond
	                          * the anonymous puts */
	bool timed_out, stalled, died;
	bool harness;            /* the run did not do what it planned, or the
	                          * checker could not judge it */
};

/* Record in @r (its oracles and bug classes) every rule that holds. */
void mt_stress_explain(const struct mt_stress_counts *c, struct mt_result *r);

#endif
