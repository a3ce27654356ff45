/*
 * The oracles of one case: each looks at one thing the call under test
 * (struct ctx) should have left as SPEC.md says, and records a violation
 * with its oracle and bug class (mt_fail); none stops the others.
 *
 *   result    the call's return value, by the row's profile column
 *   box       the /proc counters moved as the call should have moved them
 *   contents  draining the box gives back exactly the model, in order
 *   data      a get's buffer holds the message it should
 *   canary    nothing written past the returned size or the buffer's end
 *   source    a put left its source buffer unchanged
 */
#ifndef MT_CASE_ORACLES_H
#define MT_CASE_ORACLES_H

#include "case_ctx.h"

void mt_check_result(struct ctx *x, long got, long size);
/* The bug class of a wrong result: @want_ok when SPEC wanted success. */
enum mt_bug mt_result_bug(const struct ctx *x, long got, bool want_ok);
/* The class of a refused put of @len bytes that SPEC wants taken: the
 * implementation's own cap or its refusal of empty messages (deviations
 * the probe saw), or a plain refusal. */
enum mt_bug mt_refusal_bug(long len);
void mt_check_counters(struct ctx *x, int effect, long len);
/* Drains the box. */
void mt_check_contents(struct ctx *x);
/* @top: the message the get should have returned, NULL if none. */
void mt_check_get_buffer(struct ctx *x, const struct mt_ptr *p, long ret, const struct msg_id *top);
void mt_check_source(struct ctx *x, const struct mt_ptr *p);

#endif
