/*
 * Before a case's call: the row's limits, the symbols of its length
 * expressions, the lenient profile's skips, and the box filled as the
 * row's box column says (the model follows every message put).
 */
#ifndef MT_CASE_SETUP_H
#define MT_CASE_SETUP_H

#include "case_ctx.h"

/* Writer id of messages the setup puts (cases use their index). */
#define MT_SETUP_WRITER 0xfffff

/* 0 ready; -1 skipped or failed (the result says which). */
int mt_case_prepare(struct ctx *x);
/* Only the box and the model (the fail-nth sweep sets the same box up
 * again before every call). */
int mt_setup_box(struct ctx *x);

#endif
