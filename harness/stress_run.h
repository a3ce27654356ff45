/*
 * One stress scenario, run as one case of the suite: measure the null
 * syscall and (plain scenarios) a raw put+get baseline, fork the workers,
 * send signals, inject faults, print progress every second, drain the box,
 * judge the history with the stack checker, and leave the numbers in
 * results/stress-NAME.tsv for mt-report's "stress" section.
 */
#ifndef MT_STRESS_RUN_H
#define MT_STRESS_RUN_H

#include <stdint.h>

#include "result.h"
#include "scenario_table.h"

struct mt_stress_opts {
	const char *results; /* directory, or NULL                      */
	int have_seed;       /* --seed given: it replaces every row's   */
	uint64_t seed;
	long ops;            /* > 0: replaces every row's               */
	int workers;         /* > 0: replaces every row's               */
	int timeout_s;       /* the whole scenario                      */
};

/* Apply the overrides of @o to a copy of @row. */
void mt_stress_effective(const struct mt_scenario *row, const struct mt_stress_opts *o, struct mt_scenario *out);
/*
 * What a finished run lacked of its plan (a run that did less passes
 * nothing): too few of the @planned calls (replacements of killed workers
 * finish their share: at least MT_PLANNED_PCT percent), or no userfaultfd
 * window where the scenario asks for @uffd_pct percent held calls.
 */
#define MT_PLANNED_PCT 90
enum { MT_PLAN_SHORT = 1, MT_PLAN_NO_WINDOWS = 2 };
unsigned mt_stress_plan_missing(uint64_t ops, long planned, int uffd_pct, uint64_t windows);
/* Run it (in the case's own process); the verdict goes to @r. */
void mt_stress_exec(const struct mt_scenario *row, const struct mt_stress_opts *o, struct mt_result *r);

#endif
