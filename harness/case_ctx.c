/*
 * How a call kind records into its case's result (case_ctx.h): every
 * violation, a skip, a note on a passing case, the call that decided.
 */
#define _GNU_SOURCE
#include "case_ctx.h"

#include <stdarg.h>
#include <stdio.h>

#include "box_limits.h"

void mt_fail(struct ctx *x, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mt_result_vfail(x->r, o, b, expected, got, fmt, ap);
	va_end(ap);
}

void mt_note(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->r->status != MT_PASS)
		return;
	va_start(ap, fmt);
	vsnprintf(x->r->detail, sizeof(x->r->detail), fmt, ap);
	va_end(ap);
}

void mt_skip(struct ctx *x, const char *why)
{
	x->r->status = MT_SKIP;
	snprintf(x->r->detail, sizeof(x->r->detail), "%s", why);
}

void mt_set_call(struct ctx *x, const char *fn, const char *what, long len)
{
	x->len = len;
	snprintf(x->r->call, sizeof(x->r->call), "%s(buf=%s, len=%ld)", fn, what, len);
}

const char *mt_ename(long v, char *buf)
{
	return mt_errno_name(v, buf, 32);
}

void mt_called(struct ctx *x, bool put, long ret)
{
	x->called = true;
	x->put = put;
	x->ret = ret;
}

int mt_make_ptr(struct ctx *x, long len, struct mt_ptr *p)
{
	const char *why = "";
	int err = mt_ptr_make(x->c->ptr, mt_buffer_len(len), p, &why);

	if (err) {
		char msg[160];

		snprintf(msg, sizeof(msg), "pointer class %s: %s", x->c->ptr, why);
		mt_skip(x, msg);
	}
	return err;
}
