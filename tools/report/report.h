/*
 * The one model of a results directory (docs/RESULTS.md has every file and
 * column): mt-report loads it to write summary.json, junit.xml and
 * results.tap; mt-grade loads each implementation's directory the same way
 * to render the grading page and the kill matrix. Merged from
 *
 *   run.tsv         kernel, flavour, profile and the reproduce command
 *   cases.tsv       the harness's record of each case (all boots)
 *   planned.tsv     the cases the harness meant to run
 *   boots.tsv       the runner's record of each boot and how it ended
 *   findings-N.tsv  console-classify's splats in boot N's console
 *   stress-NAME.tsv the numbers of stress scenario NAME ("key<TAB>value")
 *   conventions.tsv what the probe case learned ("key<TAB>value")
 *   verdict.tsv     make check's verdict, when there is one
 */
#ifndef MT_REPORT_H
#define MT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct mt_finding {
	char *class, *first, *excerpt;
	char *bug;          /* the bug class of the report (lib/mt_finding.h) */
	int line, boot;
};

struct mt_rcase {
	int idx;
	char *name, *status, *call, *expected, *got, *detail;
	char *oracle;       /* the oracle that decided ("" when it passed)      */
	char *oracles;      /* every oracle it violated, comma-separated        */
	char *bug;          /* the most severe bug class ("" when it passed)    */
	char *bugs;         /* every class among its violations, comma-separated */
	char *own_bugs;     /* the classes the harness saw itself (cases.tsv)   */
	char *reproduce;    /* the command that runs this case again            */
	double secs;
	struct mt_finding *findings;
	size_t n_findings;
};

/* One stress scenario's numbers, as its stress-NAME.tsv gave them (and
 * any other key<TAB>value file: conventions.tsv). */
struct mt_stress {
	char *name;
	char **key, **val;
	size_t n;
};

struct mt_report {
	char *kernel, *flavour, *profile, *release, *repro;
	char *verdict, *verdict_detail; /* verdict.tsv, or "" */
	char *impl;                     /* verdict.tsv's impl (make check), or "" */
	char *built;                    /* verdict.tsv's built: module or built-in (why), or "" */
	struct mt_stress conventions;   /* conventions.tsv; n == 0 when absent */
	struct mt_rcase *cases;
	size_t n_cases;
	int boots, planned;
	int passed, failed, skipped;
	int not_applicable; /* status n/a: the kernel is built without what they need */
	struct mt_stress *stress;
	size_t n_stress;
};

/*
 * Load a results directory; 0, or -1 with a one-line reason in @err. The
 * kernel, flavour, profile and repro come from run.tsv unless the caller
 * set them before (non-NULL fields are kept). Cases come back tallied: a
 * case with a console report has failed, and every failure has its
 * oracles, its bug class and its reproduce command.
 */
int mt_report_load(struct mt_report *r, const char *dir, char *err, size_t errlen);
/* Count verdicts again (after a change to the cases). */
void mt_report_tally(struct mt_report *r);
void mt_report_free(struct mt_report *r);

void mt_report_json(const struct mt_report *r, FILE *f);
void mt_report_junit(const struct mt_report *r, FILE *f);
void mt_report_tap(const struct mt_report *r, FILE *f);
/* One line per failed case: name, then the console classes tied to it. */
void mt_report_failures_tsv(const struct mt_report *r, FILE *f);
/* bugs.tsv: one line per bug class found: class, cases, first case, words. */
void mt_report_bugs_tsv(const struct mt_report *r, FILE *f);
/* The human summary: totals, each failure in one line, and a reproducer. */
void mt_report_text(const struct mt_report *r, FILE *f);
/* report.html: the whole run as one self-contained page (report_html.c). */
void mt_report_html(const struct mt_report *r, FILE *f);

/* A stress scenario's value for @key, or NULL. */
const char *mt_stress_get(const struct mt_stress *s, const char *key);
const struct mt_stress *mt_report_stress(const struct mt_report *r, const char *name);

/* Does case @c carry a console report of @klass? */
bool mt_rcase_has_class(const struct mt_rcase *c, const char *klass);
/* The bug classes of the run: how many failed cases have each as their
 * most severe class - and each strict-only class (a deviation) and each
 * class of a kernel report wherever it appears, since a deviation is
 * listed once and a kernel report is a finding of its own, not hidden by
 * a worse class of the same case;
 * @first gets the first case of each (NULL when none). */
void mt_report_bugs(const struct mt_report *r, int count[], const struct mt_rcase *first[]);

#endif
