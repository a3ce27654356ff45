/*
 * When a case needs a fresh boot after it (harness/fresh_boot.c): lockdep
 * turned off by its own report or by a tainting report (KASAN, SLUB) is a
 * fresh boot, so that a later case's lock bug is still seen and tied to it;
 * a file that does it case after case is not booted once a case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fresh_boot.h"

#define TAINT_B 32L  /* TAINT_BAD_PAGE: KASAN, SLUB, "Bad page state" */
#define TAINT_W 512L /* TAINT_WARN */

static enum mt_fresh after(int ld0, int ld1, long t0, long t1, bool first, int boot)
{
	struct mt_case_watch w = { ld0, ld1, t0, t1, first, boot };

	return mt_fresh_boot(&w);
}

static void test_lockdep_still_on(void **state)
{
	(void)state;
	assert_int_equal(after(1, 1, 0, 0, false, 1), MT_FRESH_NO);
	/* a KASAN report with lockdep still on cannot happen, but a WARN can */
	assert_int_equal(after(1, 1, 0, TAINT_W, false, 1), MT_FRESH_NO);
}

static void test_no_lockdep_or_already_off(void **state)
{
	(void)state;
	assert_int_equal(after(-1, -1, 0, TAINT_B, false, 1), MT_FRESH_NO); /* FLAVOUR=perf */
	assert_int_equal(after(0, 0, TAINT_B, TAINT_B, false, 1), MT_FRESH_NO);
}

static void test_lockdep_report(void **state)
{
	(void)state;
	assert_int_equal(after(1, 0, 0, 0, false, 1), MT_FRESH_LOCKDEP);
	/* as before: always, also as the first case of a resumed boot */
	assert_int_equal(after(1, 0, TAINT_W, TAINT_W, true, 7), MT_FRESH_LOCKDEP);
	assert_int_equal(after(1, 0, 0, 0, false, MT_FRESH_BOOT_BUDGET + 3), MT_FRESH_LOCKDEP);
}

/* The gap this closes: KASAN turned lockdep off in case X and, with no
 * fresh boot, a lock held on return in a later case went unseen. */
static void test_tainting_report_reboots(void **state)
{
	(void)state;
	assert_int_equal(after(1, 0, 0, TAINT_B, false, 1), MT_FRESH_TAINT);
	/* a lockdep report in a case that also WARNed (our interrupts-off WARN) */
	assert_int_equal(after(1, 0, 0, TAINT_W, false, 2), MT_FRESH_TAINT);
	/* the probe, the first case of boot 1: one retry */
	assert_int_equal(after(1, 0, 0, TAINT_B, true, 1), MT_FRESH_TAINT);
}

/* tests/impls/enoent-cap128: KASAN in every get, not a boot per case */
static void test_every_case_goes_blind(void **state)
{
	(void)state;
	assert_int_equal(after(1, 0, 0, TAINT_B, true, 2), MT_FRESH_BLIND);
	assert_int_equal(after(1, 0, 0, TAINT_B, false, MT_FRESH_BOOT_BUDGET), MT_FRESH_BLIND);
	assert_int_equal(after(1, 0, 0, TAINT_B, false, MT_FRESH_BOOT_BUDGET - 1), MT_FRESH_TAINT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockdep_still_on),      cmocka_unit_test(test_no_lockdep_or_already_off),
		cmocka_unit_test(test_lockdep_report),        cmocka_unit_test(test_tainting_report_reboots),
		cmocka_unit_test(test_every_case_goes_blind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
