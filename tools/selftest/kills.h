/*
 * The mutant zoo's kill matrix (make selftest, make mutants): does each
 * mutant's run meet its row of kernel-patch/mutants/expect.tsv, and which
 * cases caught it, by oracle and by console class. The runs are read as
 * the grader reads an implementation's (grade.h), so only typed columns
 * decide: never the words of a message.
 */
#ifndef MT_KILLS_H
#define MT_KILLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "grade.h"

struct st_expect {
	char *mutant, *kernel, *want; /* want: case[:class],... */
};

/* The rows of expect.tsv (mutant, kernel, cases that must fail). */
int st_expect_load(const char *path, struct st_expect **out, size_t *n, char *err, size_t errlen);
void st_expect_free(struct st_expect *e, size_t n);

/* Does @im meet @want? On a miss, @why says what is missing. */
bool st_expect_met(const struct gr_impl *im, const char *want, char *why, size_t whylen);

/* One row per mutant, with its results in @res (NULL: not run). Returns
 * the number of mutants that survived (or were not run). */
int st_render_kills(FILE *f, const struct st_expect *e, const struct gr_impl *res, size_t n, bool markdown);

#endif
