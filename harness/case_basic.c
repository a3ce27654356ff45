/*
 * The plain call kinds (case_calls.def): put, get, roundtrip, lifo, abi,
 * param. Each makes its calls on the box the setup left and hands them to
 * the oracles.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "box_limits.h"
#include "case_kinds.h"
#include "case_oracles.h"
#include "conventions.h"
#include "mt_sys.h"
#include "payload.h"

void mt_do_put(struct ctx *x, long len)
{
	struct mt_ptr p;
	int effect = atoi(x->c->effect);
	long r;

	if (mt_make_ptr(x, len, &p))
		return;
	if (p.guarded)
		mt_payload_fill(p.p, p.len, (uint32_t)x->idx, 0);
	mt_ptr_seal(&p);
	mt_set_call(x, "put", p.what, len);
	mt_box_read(&x->before);
	r = mt_put(p.p, (int)len);
	mt_called(x, true, r);
	mt_check_result(x, r, 0);
	mt_check_counters(x, r < 0 ? 0 : effect, len); /* an error leaves the box as it was */
	mt_check_source(x, &p);
	if (mt_conv_put_ok(r, len) && x->model.n < MT_MAX_SETUP)
		x->model.m[x->model.n++] = (struct msg_id){ len, (uint32_t)x->idx, 0 };
	mt_check_contents(x);
}

/*
 * Another message of the box than the one at @want (-1: none is wanted) in
 * @p's first @ret bytes: the order is wrong (one finding, and the model
 * loses that one instead); -1 if not.
 */
static int other_message(const struct ctx *x, const struct mt_ptr *p, long ret, int want)
{
	enum mt_payload_verdict v;
	uint32_t w, s;

	if (!p->guarded || ret <= 0 || (size_t)ret > p->len)
		return -1;
	int at = mt_model_which(&x->model, p->p, ret, &v, &w, &s);

	return at == want ? -1 : at;
}

void mt_do_get(struct ctx *x, long len)
{
	int next = mt_model_next(&x->model);
	struct msg_id top = next >= 0 ? x->model.m[next] : (struct msg_id){ 0 };
	struct mt_ptr p;
	long r;

	if (mt_make_ptr(x, len, &p))
		return;
	mt_ptr_poison(&p);
	mt_ptr_seal(&p);
	mt_set_call(x, "get", p.what, len);
	mt_box_read(&x->before);
	r = mt_get(p.p, (int)len);
	mt_called(x, false, r);
	mt_check_result(x, r, x->sym.size);
	/* "too small" said with a size (reported by the result oracle): an
	 * error for the box and the buffer, not a message of that size */
	if (mt_conv_says_too_small(r))
		r = -EMSGSIZE;
	mt_check_counters(x, r >= 0 ? -1 : 0, x->sym.size);
	int other = other_message(x, &p, r == 0 && mt_conv.get_zero ? top.len : r, next);

	if (other >= 0) {
		char want[96], got[96];

		snprintf(want, sizeof(want), "the top message (writer %u, seq %u)", top.writer, top.seq);
		snprintf(got, sizeof(got), "message %d from the top (writer %u, seq %u)", x->model.n - 1 - other,
			 x->model.m[other].writer, x->model.m[other].seq);
		mt_fail(x, MT_OR_ORDER, MT_BUG_ORDER, want, got, "get returned another message of the box");
		top = x->model.m[other];
		next = other;
	}
	mt_check_get_buffer(x, &p, r, next >= 0 ? &top : NULL);
	if (r >= 0 && next >= 0)
		mt_model_remove(&x->model, next);
	mt_check_contents(x);
}

void mt_do_roundtrip(struct ctx *x, long len)
{
	struct mt_ptr in, out;
	char e[32], want[64];
	long r;

	if (mt_make_ptr(x, len, &in) || mt_make_ptr(x, len, &out))
		return;
	if (in.guarded)
		mt_payload_fill(in.p, in.len, (uint32_t)x->idx, 1);
	mt_set_call(x, "put", in.what, len);
	r = mt_put(in.p, (int)len);
	mt_called(x, true, r);
	if (!mt_conv_put_ok(r, len)) {
		mt_fail(x, MT_OR_RESULT, mt_result_bug(x, r, true), "0", mt_ename(r, e), "round trip: put failed");
		return;
	}
	mt_ptr_poison(&out);
	mt_set_call(x, "get", out.what, len);
	r = mt_get(out.p, (int)len);
	int other = other_message(x, &out, r == 0 && mt_conv.get_zero ? len : r, -1);

	if (other >= 0) {
		char got[96];

		snprintf(got, sizeof(got), "message %d from the top (writer %u, seq %u)", x->model.n - 1 - other,
			 x->model.m[other].writer, x->model.m[other].seq);
		mt_fail(x, MT_OR_ORDER, MT_BUG_ORDER, "the message just put", got,
			"round trip: get returned another message of the box");
		mt_model_remove(&x->model, other);
		mt_model_push(&x->model, len, (uint32_t)x->idx, 1); /* still in the box */
		mt_check_contents(x);
		return;
	}
	if (r != len) {
		snprintf(want, sizeof(want), "%ld", len);
		mt_fail(x, MT_OR_RESULT, r >= 0 ? MT_BUG_WRONG_SUCCESS : MT_BUG_REJECTS_GOOD, want, mt_ename(r, e),
			"round trip: get did not return the message's size");
		return;
	}
	struct msg_id id = { len, (uint32_t)x->idx, 1 };

	mt_check_get_buffer(x, &out, r, &id);
	mt_check_contents(x);
}

/* len messages of varying sizes, then all of them back in reverse order. */
void mt_do_lifo(struct ctx *x, long count)
{
	char want[96], got[96], e[32];

	for (long i = 0; i < count; i++) {
		long len = mt_conv_message_len(MT_HDR + (i * 37) % 300);

		mt_payload_fill(x->scratch, len, (uint32_t)x->idx, (uint32_t)i);
		mt_set_call(x, "put", "a valid buffer", len);
		long r = mt_put(x->scratch, (int)len);

		if (!mt_conv_put_ok(r, len)) {
			snprintf(got, sizeof(got), "%s at put #%ld", mt_ename(r, e), i);
			mt_fail(x, MT_OR_RESULT, MT_BUG_REJECTS_GOOD, "0", got, "LIFO: filling the box failed");
			return;
		}
	}
	for (long i = count - 1; i >= 0; i--) {
		uint32_t w = 0, s = 0;
		size_t bad;

		mt_set_call(x, "get", "a valid buffer", mt_drain_len());
		long r = mt_get(x->scratch, mt_drain_len());

		if (r == 0 && mt_conv.get_zero)
			r = mt_conv_message_len(MT_HDR + (i * 37) % 300); /* its success answer: judge by the bytes */
		enum mt_payload_verdict v = r >= 0 ? mt_payload_check(x->scratch, (size_t)r, &w, &s, &bad) : MT_PAYLOAD_BAD_HDR;

		if (r < 0 || v != MT_PAYLOAD_OK || w != (uint32_t)x->idx || s != (uint32_t)i) {
			snprintf(want, sizeof(want), "message seq %ld (get #%ld)", i, count - 1 - i);
			if (r < 0)
				snprintf(got, sizeof(got), "%s", mt_ename(r, e));
			else
				snprintf(got, sizeof(got), "%ld bytes, %s, seq %u", r, mt_payload_verdict_name(v), s);
			/* another whole message of ours is out of order; bytes that
			 * are no message put (a header naming one length and
			 * answering another) are corrupted, not reordered */
			if (r >= 0 && v != MT_PAYLOAD_OK)
				mt_fail(x, MT_OR_DATA, MT_BUG_CORRUPTED, want, got, "LIFO: a get returned bytes that are no message put");
			else
				mt_fail(x, MT_OR_ORDER, MT_BUG_ORDER, want, got, "LIFO order broken");
			return;
		}
	}
	mt_check_contents(x);
}

/* The ABI: results come back as a long (SYSCALL_DEFINE), not an int. */
void mt_do_abi(struct ctx *x, long len)
{
	unsigned long before = mt_int_returns;
	long r, g;

	/* both entry points: a long put beside an int get cuts every get
	 * result to 32 bits */
	mt_set_call(x, "put", "a valid buffer", len);
	r = mt_put(x->scratch, (int)len);
	if (mt_int_returns != before) {
		mt_fail(x, MT_OR_ABI, MT_BUG_RETURNS_INT, "a negative long (-errno)",
			"a 32-bit value zero-extended (e.g. 4294967274 for -22)",
			"returns int: put is declared to return int, so errors reach user space as "
			"large positive numbers with errno unset (judged on the low 32 bits elsewhere)");
		return;
	}
	mt_check_result(x, r, 0);
	before = mt_int_returns;
	g = mt_get(x->scratch, (int)len);
	if (mt_int_returns != before) {
		mt_set_call(x, "get", "a valid buffer", len);
		mt_fail(x, MT_OR_ABI, MT_BUG_RETURNS_INT, "a negative long (-errno)",
			"a 32-bit value zero-extended (e.g. 4294967274 for -22)",
			"returns int: get is declared to return int, so errors reach user space as "
			"large positive numbers with errno unset (judged on the low 32 bits elsewhere)");
	} else if (g >= 0) {
		mt_set_call(x, "get", "a valid buffer", len);
		mt_check_result(x, g, 0);
	}
}

/* Write a limit: a refused value must leave the limit as it was. */
void mt_do_param(struct ctx *x, long value)
{
	long old = mt_limit_get(x->c->ptr), now;
	char e[32], want[64], got[64];
	int r;

	if (old < 0) {
		mt_skip(x, "the implementation has no such runtime parameter");
		return;
	}
	snprintf(x->r->call, sizeof(x->r->call), "write %ld to %s/%s", value, MT_PARAM_DIR, x->c->ptr);
	r = mt_limit_set(x->c->ptr, value);
	mt_check_result(x, r, 0);
	now = mt_limit_get(x->c->ptr);
	if (now != (r ? old : value)) {
		snprintf(want, sizeof(want), "%ld", r ? old : value);
		snprintf(got, sizeof(got), "%ld", now);
		mt_fail(x, MT_OR_LIMIT, MT_BUG_LIMITS, want, got, "%s reads back wrong after the write returned %s", x->c->ptr, mt_ename(r, e));
	}
}
