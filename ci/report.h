/*
 * The run's verdict, merged on the host from what each boot left behind:
 *
 *   cases.tsv       the harness's record of each case (all boots)
 *   boots.tsv       the runner's record of each boot and how it ended
 *   findings-N.tsv  console-classify's splats in boot N's console
 *   stress-NAME.tsv the numbers of stress scenario NAME ("key<TAB>value")
 *
 * and written as summary.json, junit.xml and results.tap.
 */
#ifndef MT_REPORT_H
#define MT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct mt_finding {
	char *class, *first, *excerpt;
	int line, boot;
};

struct mt_rcase {
	int idx;
	char *name, *status, *call, *expected, *got, *detail;
	double secs;
	struct mt_finding *findings;
	size_t n_findings;
};

/* One stress scenario's numbers, as its stress-NAME.tsv gave them. */
struct mt_stress {
	char *name;
	char **key, **val;
	size_t n;
};

struct mt_report {
	char *kernel, *flavour, *profile, *release, *repro;
	struct mt_rcase *cases;
	size_t n_cases;
	int boots, planned;
	int passed, failed, skipped;
	struct mt_stress *stress;
	size_t n_stress;
};

/* Load a results directory; 0, or -1 with a one-line reason in @err. */
int mt_report_load(struct mt_report *r, const char *dir, char *err, size_t errlen);
/* Count verdicts (a case with a console finding has failed). */
void mt_report_tally(struct mt_report *r);
void mt_report_free(struct mt_report *r);

void mt_report_json(const struct mt_report *r, FILE *f);
void mt_report_junit(const struct mt_report *r, FILE *f);
void mt_report_tap(const struct mt_report *r, FILE *f);
/* One line per failed case: name, then the console classes tied to it. */
void mt_report_failures_tsv(const struct mt_report *r, FILE *f);
/* The human summary: totals, each failure in one line, and a reproducer. */
void mt_report_text(const struct mt_report *r, FILE *f);

/* A stress scenario's value for @key, or NULL. */
const char *mt_stress_get(const struct mt_stress *s, const char *key);
const struct mt_stress *mt_report_stress(const struct mt_report *r, const char *name);

/* Helpers, exposed for the tests. */
char *mt_tsv_unescape(const char *cell);
void mt_json_string(FILE *f, const char *s);
void mt_xml_text(FILE *f, const char *s);

#endif
