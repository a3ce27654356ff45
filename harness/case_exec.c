/*
 * One case, a straight line: prepare the box (case_setup.c), make the
 * row's call (its call kind, case_kinds.h), whose oracles
 * (case_oracles.c) record every violation into the one verdict, the
 * struct mt_result the runner reads.
 */
#define _GNU_SOURCE
#include "case_exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_ctx.h"
#include "case_kinds.h"
#include "drain_buf.h"
#include "case_setup.h"

/* Run the row's call kind (case_calls.def); the loader refused others. */
static void dispatch(struct ctx *x, long len)
{
	static const struct {
		const char *name;
		void (*fn)(struct ctx *x, long len);
	} kinds[] = {
#define X(name, fn, nth, doc) { #name, fn },
#include "case_calls.def"
#undef X
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(kinds[k].name, x->c->call)) {
			kinds[k].fn(x, len);
			return;
		}
	mt_result_fail(x->r, MT_OR_HARNESS, MT_BUG_HARNESS, "a known call kind", x->c->call,
		       "%s: call %s is not registered in case_calls.def", x->c->where, x->c->call);
}

void mt_case_exec(const struct mt_case *c, int idx, enum mt_profile profile, struct mt_result *r)
{
	struct ctx *x = calloc(1, sizeof(*x));
	long len;

	memset(r, 0, sizeof(*r));
	r->status = MT_PASS;
	if (!x || !(x->scratch = malloc(MT_DRAIN_BUF))) {
		snprintf(r->detail, sizeof(r->detail), "out of memory in the harness");
		r->status = MT_FAIL;
		free(x);
		return;
	}
	mt_fault_in(x->scratch, MT_DRAIN_BUF); /* see drain_buf.h */
	*x = (struct ctx){ .c = c, .idx = idx, .profile = profile, .r = r, .scratch = x->scratch };
	if (mt_case_prepare(x) == 0) {
		if (mt_expr_eval(c->len, &x->sym, &len))
			mt_skip(x, "len expression not understood");
		else if (!strcmp(c->inject, "nth"))
			mt_do_sweep(x, len);
		else
			dispatch(x, len);
	}
	free(x->scratch);
	free(x);
}
