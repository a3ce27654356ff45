/*
 * What one case's calls share: the row, the model of what the box should
 * hold, the box counters around the call, the call under test once made,
 * and how a call kind records into the case's result. Private to case_*.c:
 * the setup (case_setup.c) fills it, a call kind (case_kinds.h) makes its
 * calls and hands them to the oracles (case_oracles.h), which record every
 * violation through mt_fail.
 */
#ifndef MT_CASE_CTX_H
#define MT_CASE_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "box_drain.h"
#include "box_proc.h"
#include "case_exec.h"
#include "case_model.h"
#include "pointers.h"

struct ctx {
	const struct mt_case *c;
	int idx;
	enum mt_profile profile;
	struct mt_result *r;
	struct mt_sym sym;
	struct model model;
	struct mt_box before, after;
	unsigned char *scratch; /* MT_DRAIN_BUF bytes */
	/* the call under test, once made: what it was and what it returned */
	bool called, put;
	long ret;
	long len; /* the length of the call mt_set_call named last */
	bool window; /* another call ran while it was held: a reorder is a race */
	bool copy_failed; /* its user copy was made to fail: wrong bytes with a
	                   * success are that failure ignored */
};

/* Reporting: every violation is recorded (mt_result_fail), the first one
 * with its expected/got. */
void mt_fail(struct ctx *x, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void mt_skip(struct ctx *x, const char *why);
void mt_note(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mt_set_call(struct ctx *x, const char *fn, const char *what, long len);
const char *mt_ename(long v, char *buf);
/* The call under test was made: remember it for the oracles' classes. */
void mt_called(struct ctx *x, bool put, long ret);
/* A buffer of the row's pointer class for @len bytes; a class this
 * machine cannot make skips the case (returns non-zero). */
int mt_make_ptr(struct ctx *x, long len, struct mt_ptr *p);

#endif
