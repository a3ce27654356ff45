/*
 * Runs the selected cases of the tables, each in its own child with a
 * timeout, tying each to the kernel log with markers and checking the
 * kernel's taint around it; reports TAP 13 on stdout and records each case
 * in the results directory (progress, then cases.tsv), so that after a
 * kernel panic the host knows which case killed it and resumes after it.
 */
#ifndef MT_CASE_RUNNER_H
#define MT_CASE_RUNNER_H

#include "case_exec.h"
#include "case_table.h"
#include "scenario_table.h"
#include "stress_run.h"

struct mt_run_opts {
	const char *results;  /* directory, or NULL: TAP only */
	const char *only;     /* comma-separated globs, or NULL: all */
	int start;            /* first case index to run (resume after panic) */
	int stop;             /* run up to this index, exclusive; 0: to the end
			       * (the second part of a suite split in two) */
	int timeout_s;        /* per case */
	enum mt_profile profile;
	/* stress scenarios: indices after the table's cases (t->n + k) */
	const struct mt_scenario_table *scenarios; /* or NULL */
	struct mt_stress_opts stress;
};

struct mt_run_totals {
	int passed, failed, skipped;
	int not_applicable; /* the kernel is built without what they need */
};

/* Returns 0 when the run completed (whatever the verdicts), else -1: the
 * box became unusable, and the run must go on from *resume_at in a fresh
 * boot. */
int mt_run_cases(const struct mt_case_table *t, const struct mt_run_opts *o, struct mt_run_totals *tot,
		 int *resume_at);
/* Does case @name match the comma-separated globs @only? */
int mt_case_selected(const char *name, const char *only);
/* Cases and scenarios in all; the name and file:line of item @i. */
size_t mt_run_items(const struct mt_case_table *t, const struct mt_run_opts *o);
const char *mt_run_item_name(const struct mt_case_table *t, const struct mt_run_opts *o, size_t i,
			     const char **where);

/*
 * A thread of case @idx that calls the implementation (a held case's
 * window): its id goes to the progress file like a case's pid, so that
 * kmemleak reports name the case; @held as for the case's own line.
 */
void mt_progress_thread(int idx, const char *name);

#endif
