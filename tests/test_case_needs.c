/* What a case or scenario needs of the kernel, from its row (harness/case_needs.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "case_needs.h"

static struct mt_case row(const char *call, const char *ptr, const char *inject)
{
	struct mt_case c = { 0 };

	strcpy(c.name, "x");
	strcpy(c.call, call);
	strcpy(c.ptr, ptr);
	strcpy(c.inject, inject);
	return c;
}

static void case_needs_from_columns(void **state)
{
	struct mt_case plain = row("put", "null", "-"), nth = row("put", "valid", "nth"),
		       leaks = row("leaks", "valid", "-"), held = row("held", "get/put:16", "-"),
		       vanish = row("get", "vanish", "-");

	(void)state;
	assert_int_equal(mt_case_needs(&plain), 0);
	assert_true(mt_case_needs(&nth) & MT_NEED_FAIL_NTH);
	assert_int_equal(mt_case_needs(&leaks), MT_NEED_KMEMLEAK);
	assert_int_equal(mt_case_needs(&held), MT_NEED_USERFAULTFD);
	assert_int_equal(mt_case_needs(&vanish), MT_NEED_USERFAULTFD);
}

static void scenario_needs_from_columns(void **state)
{
	struct mt_scenario plain = { .workers = 16 }, faults = { .fail_slab = 2 }, uffd = { .uffd_pct = 20 };

	(void)state;
	assert_int_equal(mt_scenario_needs(&plain), 0);
	assert_int_equal(mt_scenario_needs(&faults), MT_NEED_FAIL_NTH | MT_NEED_FAILSLAB);
	assert_int_equal(mt_scenario_needs(&uffd), MT_NEED_USERFAULTFD);
}

static void not_applicable_names_what_is_missing(void **state)
{
	char why[256];
	const char *w;

	(void)state;
	assert_null(mt_not_applicable(MT_NEED_KMEMLEAK, MT_NEED_KMEMLEAK | MT_NEED_USERFAULTFD, "debug", why,
				      sizeof(why)));
	assert_null(mt_not_applicable(0, 0, "perf", why, sizeof(why)));
	w = mt_not_applicable(MT_NEED_FAIL_NTH | MT_NEED_FAILSLAB | MT_NEED_USERFAULTFD, MT_NEED_USERFAULTFD, "perf",
			      why, sizeof(why));
	assert_string_equal(w, "not applicable: needs fault injection (fail-nth), failslab, which this kernel "
			       "(FLAVOUR=perf) is built without");
	/* a short buffer truncates, never overruns */
	w = mt_not_applicable(MT_NEED_KMEMLEAK, 0, "perf", why, 20);
	assert_int_equal(strlen(w), 19);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(case_needs_from_columns),
		cmocka_unit_test(scenario_needs_from_columns),
		cmocka_unit_test(not_applicable_names_what_is_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
