/*
 * Grading many implementations (make grade): the host-side reader and
 * renderer (the mutant zoo's kill matrix, tools/selftest/kills.h, reads the
 * mutants' runs through it too).
 *
 * One implementation's results directory is what `make check` leaves
 * (docs/RESULTS.md); it is read with the same loader as mt-report's
 * (report.h), so both tools see one model of a case and of a run. Only
 * grade.tsv (written by tools/grade/grade.sh: name, impl, exit of the check) is
 * grading's own.
 */
#ifndef MT_GRADE_H
#define MT_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* ---- one implementation ------------------------------------------------------ */

struct gr_impl {
	char *name, *dir;
	char *status, *detail;   /* verdict.tsv (or derived when it is missing) */
	char *kernel, *profile;
	struct mt_report rep;    /* the whole results directory              */
	struct mt_rcase *cases;  /* = rep.cases                              */
	size_t n_cases;
	int passed, failed, skipped;
	int not_applicable; /* status n/a: neither passed nor skipped */
};

/* Load the results directory @dir of implementation @name. Never fails:
 * what is missing becomes status "error" with a reason. */
void gr_impl_load(struct gr_impl *im, const char *name, const char *dir);
void gr_impl_free(struct gr_impl *im);
/* The case called @name, or NULL. */
const struct mt_rcase *gr_impl_case(const struct gr_impl *im, const char *name);

/* The column a case belongs to: its name up to the first '.' when that is
 * one of the known groups, "other" otherwise. */
const char *gr_group(const char *case_name);
extern const char *const gr_groups[];
extern const size_t gr_n_groups;
extern const char *const gr_classes[];
extern const size_t gr_n_classes;

/* ---- slicing and the set of implementations ------------------------------- */

/* "i/N" -> 1 <= i <= N; false when malformed. */
bool gr_shard_parse(const char *s, int *i, int *n);
/* The half-open range [*lo, *hi) of the i-th of N slices of @count items. */
void gr_shard_range(size_t count, int i, int n, size_t *lo, size_t *hi);

struct gr_entry {
	char *name, *impl, *header; /* header: "" when none */
};

/* Implementations under @dir: each *.c file (name without .c) and each
 * subdirectory holding a .c file (its dm510_msgbox.c, or its only .c; its
 * header when it has exactly one .h), sorted by name. -1 when @dir cannot
 * be read. */
int gr_list(const char *dir, struct gr_entry **out, size_t *n, char *err, size_t errlen);
void gr_list_free(struct gr_entry *e, size_t n);

/* Implementations' results under the roots (each a grade directory or a
 * shard directory): every subdirectory with a grade.tsv or a verdict.tsv,
 * sorted by name; a name found twice is kept once (@dups counts them). */
int gr_collect(char *const roots[], size_t n_roots, struct gr_impl **out, size_t *n, size_t *dups);

/* ---- rendering ------------------------------------------------------------ */

/* An HTML id for (impl, kind, what): [A-Za-z0-9-] kept, others as _XX. */
void gr_anchor(char *out, size_t n, const char *impl, const char *kind, const char *what);

struct gr_matrix_opts {
	const char *title;
	const char *note;   /* one line under the title, or NULL */
	const char *out;    /* the page's directory: each implementation's own
			     * report.html is linked from there; NULL: no links */
};

/* The link from directory @from to the file @to (both as given, relative to
 * the working directory or absolute; "." and ".." taken textually, symlinks
 * not followed), percent-encoded for an href; false when it does not fit. */
bool gr_href(const char *from, const char *to, char *out, size_t n);

void gr_render_md(FILE *f, const struct gr_impl *im, size_t n, const struct gr_matrix_opts *o);
void gr_render_html(FILE *f, const struct gr_impl *im, size_t n, const struct gr_matrix_opts *o);

/* One Markdown table cell: no newlines, pipes escaped. */
void gr_md_cell(FILE *f, const char *s);
/* How many of @im's cases have a console report of class @klass. */
int gr_class_count(const struct gr_impl *im, const char *klass);

#endif
