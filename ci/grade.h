/*
 * Grading many implementations (make grade) and proving the harness with
 * the mutant zoo (make mutants): the host-side reader and renderer.
 *
 * One implementation's results directory is what `make check` leaves:
 *
 *   verdict.tsv   status<TAB>pass|findings|no-compile|no-entry|error
 *                 detail<TAB>one line
 *   summary.json  the failures: case, call, expected, got, detail,
 *                 reproduce, console[{class, first, excerpt}]
 *   failures.tsv  case<TAB>console classes (comma-separated)
 *   cases.tsv     idx name status call expected got detail secs
 *   grade.tsv     (written by ci/grade.sh) name, impl, exit of the check
 *
 * Everything is read with a small JSON reader (no external library).
 */
#ifndef MT_GRADE_H
#define MT_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- JSON ---------------------------------------------------------------- */

enum gj_type { GJ_NULL, GJ_BOOL, GJ_NUM, GJ_STR, GJ_ARR, GJ_OBJ };

struct gj {
	enum gj_type type;
	double num;
	bool b;
	char *str;          /* GJ_STR: UTF-8, NUL-terminated           */
	struct gj **items;  /* GJ_ARR, GJ_OBJ: the values               */
	char **keys;        /* GJ_OBJ: the keys, parallel to items      */
	size_t n;
};

/* Parse @text (NUL-terminated); NULL with a reason in @err on bad input. */
struct gj *gj_parse(const char *text, char *err, size_t errlen);
void gj_free(struct gj *v);
/* Member @key of an object, or NULL. */
const struct gj *gj_get(const struct gj *obj, const char *key);
/* The string member @key, or "" when absent or not a string. */
const char *gj_str(const struct gj *obj, const char *key);

/* ---- one implementation ------------------------------------------------------ */

struct gr_console {
	char *klass, *first, *excerpt;
};

struct gr_case {
	char *name, *status;     /* status: pass | fail | skip         */
	char *call, *expected, *got, *detail, *reproduce;
	char *classes;           /* comma-separated console classes, or "" */
	struct gr_console *console;
	size_t n_console;
};

struct gr_impl {
	char *name, *dir;
	char *status, *detail;   /* verdict.tsv (or derived when it is missing) */
	char *kernel, *profile;
	struct gr_case *cases;
	size_t n_cases;
	int passed, failed, skipped;
};

/* Load the results directory @dir of implementation @name. Never fails:
 * what is missing becomes status "error" with a reason. */
void gr_impl_load(struct gr_impl *im, const char *name, const char *dir);
void gr_impl_free(struct gr_impl *im);
/* The case called @name, or NULL. */
const struct gr_case *gr_impl_case(const struct gr_impl *im, const char *name);

/* The oracle a failure's detail names: result, box, canary, data, taint,
 * console, abi, leak, oom, nth, order, history or other. */
const char *gr_oracle(const char *detail);

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
};

void gr_render_md(FILE *f, const struct gr_impl *im, size_t n, const struct gr_matrix_opts *o);
void gr_render_html(FILE *f, const struct gr_impl *im, size_t n, const struct gr_matrix_opts *o);

/* ---- the mutant zoo's kill matrix --------------------------------------- */

struct gr_expect {
	char *mutant, *kernel, *want; /* want: case[:class],... */
};

int gr_expect_load(const char *path, struct gr_expect **out, size_t *n, char *err, size_t errlen);
void gr_expect_free(struct gr_expect *e, size_t n);

/* Does @im meet @want? On a miss, @why says what is missing. */
bool gr_expect_met(const struct gr_impl *im, const char *want, char *why, size_t whylen);

/* One row per mutant, with its results in @res (NULL: not run). Returns
 * the number of mutants that survived (or were not run). */
int gr_render_kills(FILE *f, const struct gr_expect *e, const struct gr_impl *res, size_t n, bool markdown);

#endif
