/*
 * The rules that explain a stress run's findings (harness/stress_explain.c):
 * each rule alone, and the whole table against the chain of conditions it
 * replaced, over every combination of small counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stress_explain.h"

#define BIT(b) (1ull << (b))
#define OR(o) (1u << (o))

static struct mt_result explain(const struct mt_stress_counts *c)
{
	struct mt_result r;

	memset(&r, 0, sizeof(r));
	mt_stress_explain(c, &r);
	return r;
}

static void expect(const struct mt_stress_counts *c, unsigned oracles, enum mt_oracle first, uint64_t bugs)
{
	struct mt_result r = explain(c);

	assert_int_equal(r.oracles, oracles);
	assert_int_equal(r.bugs, bugs);
	if (oracles)
		assert_int_equal(r.oracle, first);
	else
		assert_int_equal(r.bug, MT_BUG_OTHER);
}

static void test_clean(void **state)
{
	(void)state;
	expect(&(struct mt_stress_counts){ 0 }, 0, 0, 0);
	/* copies made to fail and gets that failed, nothing lost: no finding */
	expect(&(struct mt_stress_counts){ .fail_usercopy = true, .failed_gets = 5 }, 0, 0, 0);
}

static void test_lost_on_failed_get(void **state)
{
	(void)state;
	/* no more lost than gets failed by an injected copy fault */
	expect(&(struct mt_stress_counts){ .lost = 3, .fail_usercopy = true, .failed_gets = 3 }, OR(MT_OR_HISTORY),
	       MT_OR_HISTORY, BIT(MT_BUG_LOST_ON_FAILED_GET));
	/* more lost than that: nothing sequential explains it */
	expect(&(struct mt_stress_counts){ .lost = 5, .fail_usercopy = true, .failed_gets = 2 }, OR(MT_OR_HISTORY),
	       MT_OR_HISTORY, BIT(MT_BUG_RACE));
	/* lost without fault injection: a race */
	expect(&(struct mt_stress_counts){ .lost = 1, .failed_gets = 1 }, OR(MT_OR_HISTORY), MT_OR_HISTORY,
	       BIT(MT_BUG_RACE));
}

static void test_unchecked_copy(void **state)
{
	(void)state;
	/* lost and bytes nobody put, no get failed: gets that reported
	 * success for a failed copy (the unchecked copy, not the loss) */
	expect(&(struct mt_stress_counts){ .lost = 2, .unexpected = 2, .fail_usercopy = true }, OR(MT_OR_HISTORY),
	       MT_OR_HISTORY, BIT(MT_BUG_UNCHECKED_COPY));
	/* wrong bytes after workers were killed while held in a copy */
	expect(&(struct mt_stress_counts){ .corrupted = 1, .killed_in_copy = true }, OR(MT_OR_HISTORY), MT_OR_HISTORY,
	       BIT(MT_BUG_UNCHECKED_COPY));
	/* wrong bytes with no copy failing: a race */
	expect(&(struct mt_stress_counts){ .corrupted = 1 }, OR(MT_OR_HISTORY), MT_OR_HISTORY, BIT(MT_BUG_RACE));
}

static void test_overflow_explains_bytes(void **state)
{
	(void)state;
	/* gets that wrote past their length scribbled over the history's
	 * buffers: the overflow (a wrong result) is the finding, not a race */
	expect(&(struct mt_stress_counts){ .unexpected = 2, .corrupted = 1, .overflows = 1, .bad_errors = 1,
					   .first_bad_bug = MT_BUG_USER_OVERFLOW },
	       OR(MT_OR_RESULT), MT_OR_RESULT, BIT(MT_BUG_USER_OVERFLOW));
	/* ... also where copies were made to fail */
	expect(&(struct mt_stress_counts){ .unexpected = 1, .overflows = 1, .fail_usercopy = true, .bad_errors = 1,
					   .first_bad_bug = MT_BUG_USER_OVERFLOW },
	       OR(MT_OR_RESULT), MT_OR_RESULT, BIT(MT_BUG_USER_OVERFLOW));
}

static void test_history_races(void **state)
{
	(void)state;
	expect(&(struct mt_stress_counts){ .duplicated = 1 }, OR(MT_OR_HISTORY), MT_OR_HISTORY, BIT(MT_BUG_RACE));
	expect(&(struct mt_stress_counts){ .order_violations = 4 }, OR(MT_OR_HISTORY), MT_OR_HISTORY,
	       BIT(MT_BUG_RACE));
}

/* A message stuck on top (the drain got it DRAIN_MAX_SAME times): its
 * copies and the messages under it are that bug, not a race; anything it
 * cannot explain still is (spin-copy-612). */
static void test_stuck_top(void **state)
{
	(void)state;
	expect(&(struct mt_stress_counts){ .lost = 520, .duplicated = 66445, .anon_excess = 66445, .drain_stuck = true },
	       OR(MT_OR_BOX), MT_OR_BOX, BIT(MT_BUG_MESSAGE_STUCK));
	expect(&(struct mt_stress_counts){ .duplicated = 9, .anon_excess = 8, .drain_stuck = true },
	       OR(MT_OR_HISTORY) | OR(MT_OR_BOX), MT_OR_HISTORY, BIT(MT_BUG_RACE) | BIT(MT_BUG_MESSAGE_STUCK));
	expect(&(struct mt_stress_counts){ .duplicated = 8, .anon_excess = 8, .order_violations = 1, .drain_stuck = true },
	       OR(MT_OR_HISTORY) | OR(MT_OR_BOX), MT_OR_HISTORY, BIT(MT_BUG_RACE) | BIT(MT_BUG_MESSAGE_STUCK));
}

static void test_run_rules(void **state)
{
	(void)state;
	expect(&(struct mt_stress_counts){ .bad_errors = 2, .first_bad_bug = MT_BUG_WRONG_ERRNO }, OR(MT_OR_RESULT),
	       MT_OR_RESULT, BIT(MT_BUG_WRONG_ERRNO));
	expect(&(struct mt_stress_counts){ .box_left = true }, OR(MT_OR_BOX), MT_OR_BOX, BIT(MT_BUG_MESSAGE_STUCK));
	expect(&(struct mt_stress_counts){ .timed_out = true }, OR(MT_OR_TIMEOUT), MT_OR_TIMEOUT, BIT(MT_BUG_OTHER));
	expect(&(struct mt_stress_counts){ .stalled = true }, OR(MT_OR_PROGRESS), MT_OR_PROGRESS,
	       BIT(MT_BUG_BLOCKS_CALLERS));
	expect(&(struct mt_stress_counts){ .died = true }, OR(MT_OR_HARNESS), MT_OR_HARNESS, BIT(MT_BUG_OTHER));
	expect(&(struct mt_stress_counts){ .harness = true }, OR(MT_OR_HARNESS), MT_OR_HARNESS, BIT(MT_BUG_HARNESS));
}

static void test_every_violation_listed(void **state)
{
	struct mt_stress_counts c = { .lost = 1, .fail_usercopy = true, .failed_gets = 1, .order_violations = 1,
				      .bad_errors = 1, .first_bad_bug = MT_BUG_WRONG_ERRNO, .box_left = true };
	struct mt_result r = explain(&c);

	(void)state;
	assert_int_equal(r.oracles, OR(MT_OR_HISTORY) | OR(MT_OR_RESULT) | OR(MT_OR_BOX));
	assert_int_equal(r.oracle, MT_OR_HISTORY); /* the first rule that held decides */
	assert_int_equal(r.bugs, BIT(MT_BUG_LOST_ON_FAILED_GET) | BIT(MT_BUG_RACE) | BIT(MT_BUG_WRONG_ERRNO) |
					 BIT(MT_BUG_MESSAGE_STUCK));
	assert_int_equal(r.bug, mt_bug_worse(mt_bug_worse(mt_bug_worse(MT_BUG_LOST_ON_FAILED_GET, MT_BUG_RACE),
							  MT_BUG_WRONG_ERRNO), MT_BUG_MESSAGE_STUCK));
}

/* The chain of conditions the table replaced, word for word. */
static void chain(const struct mt_stress_counts *u, struct mt_result *r)
{
	bool dirty = u->unexpected || u->corrupted;
	uint64_t failed_gets = u->failed_gets, dirty_gets = u->unexpected + u->corrupted;
	bool lost_on_fault = u->lost && u->fail_usercopy && u->lost <= failed_gets + dirty_gets;
	bool copies_failed = u->fail_usercopy || u->killed_in_copy;
	bool explained_dirty = dirty && (copies_failed || u->overflows);
	bool lost_unexplained = u->lost && !lost_on_fault;

	r->oracles = 0;
	r->bug = MT_BUG_OTHER;
	if (lost_on_fault && failed_gets)
		mt_result_saw(r, MT_OR_HISTORY, MT_BUG_LOST_ON_FAILED_GET);
	if (explained_dirty && !u->overflows)
		mt_result_saw(r, MT_OR_HISTORY, MT_BUG_UNCHECKED_COPY);
	if (lost_unexplained || u->duplicated || u->order_violations || (dirty && !explained_dirty))
		mt_result_saw(r, MT_OR_HISTORY, MT_BUG_RACE);
	if (u->bad_errors)
		mt_result_saw(r, MT_OR_RESULT, u->first_bad_bug);
	if (u->box_left)
		mt_result_saw(r, MT_OR_BOX, MT_BUG_MESSAGE_STUCK);
	if (u->timed_out)
		mt_result_saw(r, MT_OR_TIMEOUT, MT_BUG_OTHER);
	if (u->stalled)
		mt_result_saw(r, MT_OR_PROGRESS, MT_BUG_BLOCKS_CALLERS);
	if (u->died)
		mt_result_saw(r, MT_OR_HARNESS, MT_BUG_OTHER);
	if (u->harness)
		mt_result_saw(r, MT_OR_HARNESS, MT_BUG_HARNESS);
}

static void test_same_as_chain(void **state)
{
	static const uint64_t small[] = { 0, 1, 3 };
	unsigned long n = 0;

	(void)state;
	for (int lo = 0; lo < 3; lo++)
	for (int un = 0; un < 3; un++)
	for (int fg = 0; fg < 3; fg++)
	for (unsigned bits = 0; bits < (1u << 12); bits++) {
		struct mt_stress_counts c = {
			.lost = small[lo], .unexpected = small[un], .failed_gets = small[fg],
			.duplicated = bits & 1, .order_violations = bits >> 1 & 1, .corrupted = bits >> 2 & 1,
			.overflows = bits >> 3 & 1, .fail_usercopy = bits >> 4 & 1, .killed_in_copy = bits >> 5 & 1,
			.bad_errors = bits >> 6 & 1, .first_bad_bug = MT_BUG_WRONG_ERRNO, .box_left = bits >> 7 & 1,
			.timed_out = bits >> 8 & 1, .stalled = bits >> 9 & 1, .died = bits >> 10 & 1,
			.harness = bits >> 11 & 1,
		};
		struct mt_result a = explain(&c), b;

		memset(&b, 0, sizeof(b));
		chain(&c, &b);
		assert_int_equal(a.oracles, b.oracles);
		assert_int_equal(a.oracle, b.oracle);
		assert_int_equal(a.bug, b.bug);
		assert_int_equal(a.bugs, b.bugs);
		n++;
	}
	assert_int_equal(n, 27ul << 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_lost_on_failed_get),
		cmocka_unit_test(test_unchecked_copy),
		cmocka_unit_test(test_overflow_explains_bytes),
		cmocka_unit_test(test_history_races),
		cmocka_unit_test(test_stuck_top),
		cmocka_unit_test(test_run_rules),
		cmocka_unit_test(test_every_violation_listed),
		cmocka_unit_test(test_same_as_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
