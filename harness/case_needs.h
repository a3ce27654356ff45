/*
 * What a case or a stress scenario needs of the kernel, derived from its
 * row (not from its name), and whether the kernel it runs on was built with
 * it. A kernel built without a facility (FLAVOUR=perf has no fault
 * injection and no kmemleak) cannot run a case that needs it: that case is
 * "not applicable" there (its own status, n/a; neither a pass nor a
 * failure). A kernel built with it runs the case, and a facility missing at
 * run time is still that case's failure or skip (the debug flavour judges
 * with every oracle: tests/test_reference_complete.sh).
 */
#ifndef MT_CASE_NEEDS_H
#define MT_CASE_NEEDS_H
#include <stddef.h>

#include "case_table.h"
#include "scenario_table.h"

enum mt_need {
	MT_NEED_FAIL_NTH = 1u << 0,       /* CONFIG_FAULT_INJECTION: /proc/thread-self/fail-nth */
	MT_NEED_FAILSLAB = 1u << 1,       /* CONFIG_FAILSLAB */
	MT_NEED_FAIL_PAGE_ALLOC = 1u << 2, /* CONFIG_FAIL_PAGE_ALLOC */
	MT_NEED_FAIL_USERCOPY = 1u << 3,  /* CONFIG_FAULT_INJECTION_USERCOPY */
	MT_NEED_KMEMLEAK = 1u << 4,       /* CONFIG_DEBUG_KMEMLEAK */
	MT_NEED_USERFAULTFD = 1u << 5,    /* CONFIG_USERFAULTFD */
};

/* inject=nth: the sweep counts failslab, fail_page_alloc and fail_usercopy points */
unsigned mt_case_needs(const struct mt_case *c);
unsigned mt_scenario_needs(const struct mt_scenario *sc);
/* The facilities of the kernel this harness was built for (mt_syscalls.h). */
unsigned mt_kernel_has(void);
/*
 * NULL when @needs are all in @has; else @why says which are missing, e.g.
 * "not applicable: needs fault injection (fail-nth), which this kernel
 * (FLAVOUR=perf) is built without".
 */
const char *mt_not_applicable(unsigned needs, unsigned has, const char *flavour, char *why, size_t n);
#endif
