/*
 * One case: set the box up, make the call, judge the result and check the
 * oracles (box counters, the caller's buffer and canary, and the box's
 * contents by draining it). Any failure fills the result with the call,
 * what was expected and what came.
 */
#define _GNU_SOURCE
#include "case_exec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "box_proc.h"
#include "case_ctx.h"
#include "box_limits.h"
#include "mt_sys.h"
#include "payload.h"
#include "pointers.h"

const char *mt_status_name(enum mt_status s)
{
	return s == MT_PASS ? "pass" : s == MT_FAIL ? "fail" : "skip";
}

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

void mt_model_push(struct ctx *x, long len, uint32_t writer, uint32_t seq)
{
	if (x->model.n < MT_MAX_SETUP)
		x->model.m[x->model.n++] = (struct msg_id){ len, writer, seq };
	else
		x->model.overflow = true;
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

/* ---- setup ---------------------------------------------------------------- */

/* 0 stored, 1 refused with -ENOSPC (only when @full_ok), -1 failed. */
static int put_one(struct ctx *x, long len, uint32_t writer, uint32_t seq, bool full_ok)
{
	char e[32];
	long r;

	mt_payload_fill(x->scratch, len, writer, seq);
	r = mt_put(x->scratch, (int)len); /* a valid pointer even for 0: the setup tests nothing */
	if (r == -ENOSPC && full_ok)
		return 1;
	if (!mt_conv_put_ok(r, len)) {
		mt_set_call(x, "setup put", "a valid buffer", len);
		mt_fail(x, MT_OR_SETUP, r < 0 ? mt_refusal_bug(len) : MT_BUG_WRONG_SUCCESS, "0", mt_ename(r, e),
			"setting the box up failed");
		return -1;
	}
	mt_model_push(x, len, writer, seq);
	return 0;
}

static long room_left(const struct mt_box *b)
{
	return b->max_total - (b->bytes + b->messages * b->overhead) - b->overhead;
}

int mt_setup_box(struct ctx *x)
{
	const char *spec = x->c->box;
	long n = 1, len;
	char lenexpr[48];

	if (!strcmp(spec, "empty"))
		return 0;
	if (!strcmp(spec, "full-bytes") || !strcmp(spec, "full-msgs")) {
		struct mt_box b;
		bool bytes = !strcmp(spec, "full-bytes");

		mt_box_read(&b);
		if (!b.present) {
			mt_skip(x, "needs /proc/dm510_msgbox (the limits and overhead) to fill the box");
			return -1;
		}
		for (uint32_t seq = 0;; seq++) {
			long len = bytes ? b.max_msg_len : 0;

			if (bytes ? room_left(&b) < b.max_msg_len : b.messages >= b.max_msgs)
				break;
			/* Full is full: a box that says so early is judged by fill.* */
			int err = put_one(x, len, MT_SETUP_WRITER, seq, true);

			if (err > 0)
				break;
			if (err)
				return -1;
			mt_box_read(&b);
		}
		x->sym.room = room_left(&b);
		x->sym.have_room = true;
		return 0;
	}
	if (sscanf(spec, "msgs:%ld:%47s", &n, lenexpr) != 2 && sscanf(spec, "msg:%47s", lenexpr) != 1) {
		mt_skip(x, "box column not understood");
		return -1;
	}
	if (mt_expr_eval(lenexpr, &x->sym, &len) || len < 0) {
		mt_skip(x, "box length expression not understood");
		return -1;
	}
	for (long i = 0; i < n; i++)
		if (put_one(x, len, MT_SETUP_WRITER, (uint32_t)i, false))
			return -1;
	return 0;
}

/* ---- oracles ------------------------------------------------------------- */

static bool judge_strict_success(struct ctx *x, long got, long size)
{
	return !strcmp(x->c->strict, "size") ? got == size : got == 0;
}

static bool judge(struct ctx *x, long got, long size)
{
	const char *spec = x->profile == MT_STRICT ? x->c->strict : x->c->lenient;
	long want;

	if (!strcmp(spec, "neg"))
		return got < 0;
	if (!strcmp(spec, "any")) /* the row's strict success, or any error */
		return got < 0 || judge_strict_success(x, got, size);
	if (!strcmp(spec, "size"))
		return got == size;
	return mt_errno_parse(spec, &want) && got == want;
}

static void expected_text(struct ctx *x, long size, char *out, size_t n)
{
	const char *spec = x->profile == MT_STRICT ? x->c->strict : x->c->lenient;

	if (!strcmp(spec, "size"))
		snprintf(out, n, "%ld (the message's size)", size);
	else if (!strcmp(spec, "neg"))
		snprintf(out, n, "any negative error");
	else if (!strcmp(spec, "any"))
		snprintf(out, n, "%s, or any negative error", x->c->strict);
	else
		snprintf(out, n, "%s", spec);
}

void mt_called(struct ctx *x, bool put, long ret)
{
	x->called = true;
	x->put = put;
	x->ret = ret;
}

/* A pointer a put may not read / a get may not write. */
static bool bad_ptr(const struct ctx *x)
{
	const char *c = x->c->ptr;

	return strcmp(c, "valid") && strcmp(c, "odd") && (!x->put || strcmp(c, "readonly"));
}

/* The probe found a cap of its own below the largest length it tries
 * (a 4 MiB put taken is no cap at all). */
static bool own_cap(void)
{
	return mt_conv.learned && mt_conv.max_len != MT_CONV_UNKNOWN && mt_conv.max_len < MT_PROBE_MAX_LEN;
}

enum mt_bug mt_refusal_bug(long len)
{
	if (len == 0 && mt_conv.learned && !mt_conv.empty_put)
		return MT_BUG_REJECTS_EMPTY;
	if (own_cap() && len > mt_conv.max_len)
		return MT_BUG_LENGTH_CAP;
	return MT_BUG_REJECTS_GOOD;
}

enum mt_bug mt_result_bug(const struct ctx *x, long got, bool want_ok)
{
	bool len0 = x->put ? !strcmp(x->c->len, "0") : x->sym.size == 0;

	/* refusing empty messages altogether (the probe saw it) explains a
	 * refused zero-length put whatever its pointer */
	if (want_ok && got < 0 && len0 && x->put && !mt_conv.empty_put)
		return MT_BUG_REJECTS_EMPTY;
	if (want_ok && got < 0 && len0 && bad_ptr(x))
		return MT_BUG_WILD_LEN0; /* SPEC leaves such a pointer unread; refusing it is a choice */
	if (want_ok && got < 0 && len0 && x->put)
		return MT_BUG_REJECTS_EMPTY;
	if (want_ok && got < 0 && x->put)
		return mt_refusal_bug(x->len);
	if (want_ok)
		return got < 0 ? MT_BUG_REJECTS_GOOD : MT_BUG_WRONG_SUCCESS;
	if (got > 0) /* a get that hands out the message on a bad call accepted it */
		return !x->put && x->model.n && got == x->sym.size ? (bad_ptr(x) ? MT_BUG_UNCHECKED_COPY : MT_BUG_ACCEPTS_BAD)
								   : MT_BUG_POSITIVE_ERROR;
	if (got == 0)
		return bad_ptr(x) ? MT_BUG_UNCHECKED_COPY : MT_BUG_ACCEPTS_BAD;
	/* refused for a length above its own cap before anything else: the
	 * cap (listed once by the probe), not another errno */
	if (x->put && own_cap() && x->len > mt_conv.max_len)
		return MT_BUG_LENGTH_CAP;
	/* -ENOMEM where the length is too long: it tried to allocate it */
	if (x->put && got == -ENOMEM && !strcmp(x->c->strict, "-EMSGSIZE"))
		return MT_BUG_NO_LENGTH_BOUND;
	return MT_BUG_WRONG_ERRNO;
}

void mt_check_result(struct ctx *x, long got, long size)
{
	const char *spec = x->profile == MT_STRICT ? x->c->strict : x->c->lenient;
	char want[96], e[32];

	if (judge(x, got, size))
		return;
	expected_text(x, size, want, sizeof(want));
	mt_fail(x, MT_OR_RESULT, mt_result_bug(x, got, !strcmp(spec, "size") || !strcmp(spec, "0") || !strcmp(spec, "any")), want, mt_ename(got, e), "wrong result");
}

/* The /proc counters moved exactly as the effect says. */
void mt_check_counters(struct ctx *x, int effect, long len)
{
	char want[96], got[96];
	long dm, db;

	if (!x->before.present)
		return;
	mt_box_read(&x->after);
	dm = x->after.messages - x->before.messages;
	db = x->after.bytes - x->before.bytes;
	if (dm == effect && db == effect * len)
		return;
	snprintf(want, sizeof(want), "messages %+d, bytes %+ld", effect, effect * len);
	snprintf(got, sizeof(got), "messages %+ld, bytes %+ld", dm, db);
	mt_fail(x, MT_OR_BOX, effect ? MT_BUG_LOST : MT_BUG_ERROR_CHANGES_BOX, want, got,
		"/proc/dm510_msgbox changed wrongly (before: messages %ld, bytes %ld)",
	     x->before.messages, x->before.bytes);
}

int mt_model_next(const struct ctx *x)
{
	return !x->model.n ? -1 : mt_conv.fifo ? 0 : x->model.n - 1;
}

int mt_model_find(const struct ctx *x, long len, uint32_t writer, uint32_t seq)
{
	for (int i = x->model.n - 1; i >= 0; i--)
		if (x->model.m[i].len == len && x->model.m[i].writer == writer && x->model.m[i].seq == seq)
			return i;
	return -1;
}

void mt_model_remove(struct ctx *x, int i)
{
	memmove(&x->model.m[i], &x->model.m[i + 1], (size_t)(x->model.n - 1 - i) * sizeof(x->model.m[0]));
	x->model.n--;
}

/*
 * Drain the box and compare it to the model, in the order a get takes
 * messages: the top first (a queue, where the probe saw one: the oldest).
 */
void mt_check_contents(struct ctx *x)
{
	const char *from = mt_conv.fifo ? "the oldest (the box is a queue)" : "the top";
	char want[96], got[96], e[32];

	if (x->model.overflow) /* more than we track: the cleanup empties it */
		return;
	for (int k = 0; k <= x->model.n; k++) {
		int i = k == x->model.n ? -1 : mt_conv.fifo ? k : x->model.n - 1 - k;
		long r = mt_get(x->scratch, mt_drain_len());
		uint32_t w = 0, s = 0;
		size_t bad;

		if (r == 0 && mt_conv.get_zero && i >= 0 && !x->model.overflow)
			r = x->model.m[i].len; /* its success answer: judge by the bytes */
		if (i < 0) {
			if (!mt_conv_is_empty(r, true)) {
				snprintf(got, sizeof(got), "%s", r >= 0 ? "another message" : mt_ename(r, e));
				mt_fail(x, MT_OR_CONTENTS, x->ret < 0 && x->put ? MT_BUG_ERROR_CHANGES_BOX : MT_BUG_MESSAGE_STUCK,
					"-ENODATA (box empty)", got, "draining after the call: the box holds more than it should");
			}
			return;
		}
		if (x->model.overflow)
			return;
		const struct msg_id *m = &x->model.m[i];

		snprintf(want, sizeof(want), "a message of %ld bytes (writer %u, seq %u)", m->len, m->writer, m->seq);
		if (r < 0) {
			mt_fail(x, MT_OR_CONTENTS, x->ret < 0 && !x->put && x->called ? MT_BUG_LOST_ON_FAILED_GET : MT_BUG_LOST,
				want, mt_ename(r, e), "draining after the call: %d message(s) missing from the box",
				x->model.n - k);
			return;
		}
		enum mt_payload_verdict v = mt_payload_check(x->scratch, (size_t)r, &w, &s, &bad);

		if (r != m->len || (v == MT_PAYLOAD_OK && (w != m->writer || s != m->seq)) ||
		    (v != MT_PAYLOAD_OK && v != MT_PAYLOAD_ANON)) {
			/* one still to come instead: the ones before it are gone */
			int at = v == MT_PAYLOAD_OK ? mt_model_find(x, r, w, s) : -1;
			bool later = at >= 0 && (mt_conv.fifo ? at > i : at < i);

			/* on top after a put that failed: what that put left behind */
			bool left = !later && k == 0 && x->called && x->put && x->ret < 0 && !x->window;

			snprintf(got, sizeof(got), "%ld bytes, %s (writer %u, seq %u)", r, mt_payload_verdict_name(v), w, s);
			mt_fail(x, later && x->window ? MT_OR_ORDER : MT_OR_CONTENTS,
				left ? MT_BUG_ERROR_CHANGES_BOX
				: !later ? MT_BUG_CORRUPTED
				: x->window ? MT_BUG_RACE
				: x->called && !x->put && x->ret < 0 ? MT_BUG_LOST_ON_FAILED_GET : MT_BUG_LOST, want, got,
				later ? "draining after the call: message %d from %s is one that should come later (out of order)"
				: left ? "draining after the call: message %d from %s is one the failed put left behind"
				      : "draining after the call: message %d from %s is not what was put",
			     k, from);
			return;
		}
	}
}

/* A buffer handed to get: the message's bytes, then untouched poison. */
void mt_check_get_buffer(struct ctx *x, const struct mt_ptr *p, long ret, const struct msg_id *top)
{
	char want[128], got[128];
	long at;

	if (!p->guarded)
		return;
	if (ret == 0 && top && mt_conv.get_zero) /* its success answer (reported once): judge the bytes */
		ret = top->len;
	if (ret >= 0 && top && (size_t)ret <= p->len) { /* more than its length: the result oracle's */
		uint32_t w = 0, s = 0;
		size_t bad;
		enum mt_payload_verdict v = mt_payload_check(p->p, (size_t)ret, &w, &s, &bad);

		if ((v != MT_PAYLOAD_OK && v != MT_PAYLOAD_ANON) ||
		    (v == MT_PAYLOAD_OK && (w != top->writer || s != top->seq))) {
			snprintf(want, sizeof(want), "the top message (writer %u, seq %u)", top->writer, top->seq);
			snprintf(got, sizeof(got), "%s at byte %zu (writer %u, seq %u)", mt_payload_verdict_name(v), bad, w, s);
			mt_fail(x, MT_OR_DATA, x->copy_failed ? MT_BUG_UNCHECKED_COPY : MT_BUG_CORRUPTED, want, got,
				x->copy_failed ? "get returned success after its copy was made to fail, and other bytes than "
						 "the message" : "get returned other bytes than the message");
		}
	}
	/* Nothing at or past the caller's length, nor past the returned size
	 * when that is smaller; on -EFAULT the buffer may be partly written. */
	size_t from = ret == -EFAULT ? p->len : ret > 0 ? ((size_t)ret < p->len ? (size_t)ret : p->len) : 0;

	at = mt_ptr_first_written(p, from);
	if (at >= 0) {
		snprintf(want, sizeof(want), "no byte written at or past offset %zu", from);
		snprintf(got, sizeof(got), "byte %ld written (buffer %zu + canary %d)", at, p->len, MT_CANARY);
		mt_fail(x, MT_OR_CANARY, MT_BUG_USER_OVERFLOW, want, got,
			"get wrote past %s of the caller's buffer", (size_t)at >= p->len ? "the end" : "the returned size");
	}
}

/* ---- the calls ----------------------------------------------------------- */

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

static void mt_do_put(struct ctx *x, long len)
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
	if (p.guarded) {
		uint32_t w, s;
		size_t bad;
		enum mt_payload_verdict v = mt_payload_check(p.p, p.len, &w, &s, &bad);

		if (v != MT_PAYLOAD_OK && v != MT_PAYLOAD_ANON)
			mt_fail(x, MT_OR_SOURCE, MT_BUG_USER_OVERFLOW, "the caller's buffer unchanged", "it was changed",
				"put wrote into its source buffer");
	}
	if (mt_conv_put_ok(r, len) && x->model.n < MT_MAX_SETUP)
		x->model.m[x->model.n++] = (struct msg_id){ len, (uint32_t)x->idx, 0 };
	mt_check_contents(x);
}

/*
 * Which message of the model @p's first @ret bytes are, where it is not
 * the one at @want (-1: none is wanted): another one of the box (the order
 * is wrong: one finding, and the model loses that one instead), or -1.
 */
static int other_message(const struct ctx *x, const struct mt_ptr *p, long ret, int want)
{
	uint32_t w, s;
	size_t bad;

	if (!p->guarded || ret <= 0 || (size_t)ret > p->len)
		return -1;
	if (mt_payload_check(p->p, (size_t)ret, &w, &s, &bad) != MT_PAYLOAD_OK)
		return -1;
	int at = mt_model_find(x, ret, w, s);

	return at == want ? -1 : at;
}

static void mt_do_get(struct ctx *x, long len)
{
	int next = mt_model_next(x);
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
		mt_model_remove(x, next);
	mt_check_contents(x);
}

static void mt_do_roundtrip(struct ctx *x, long len)
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
		mt_model_remove(x, other);
		mt_model_push(x, len, (uint32_t)x->idx, 1); /* still in the box */
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
static void mt_do_lifo(struct ctx *x, long count)
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
			mt_fail(x, MT_OR_ORDER, MT_BUG_ORDER, want, got, "LIFO order broken");
			return;
		}
	}
	mt_check_contents(x);
}

/* The ABI: results come back as a long (SYSCALL_DEFINE), not an int. */
static void mt_do_abi(struct ctx *x, long len)
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
static void mt_do_param(struct ctx *x, long value)
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

/* ---- entry ----------------------------------------------------------------- */

/*
 * In the lenient profile a case that needs what the implementation chose
 * differently (SPEC.md "Profiles": its own length cap, empty messages
 * refused), and that the probe listed once as a deviation, is skipped with
 * that reason; strict judges it. Returns 1 when skipped.
 */
static int lenient_deviation(struct ctx *x)
{
	const char *want = x->c->lenient;
	bool ok_due = !strcmp(want, "0") || !strcmp(want, "size");
	long len = 0, boxlen = -1, n;
	char expr[48];

	if (x->profile != MT_LENIENT || !mt_conv.learned)
		return 0;
	if (sscanf(x->c->box, "msgs:%ld:%47s", &n, expr) == 2 || sscanf(x->c->box, "msg:%47s", expr) == 1)
		mt_expr_eval(expr, &x->sym, &boxlen);
	if (mt_expr_eval(x->c->len, &x->sym, &len))
		len = -1;
	if (!strcmp(x->c->call, "put") && !ok_due)
		len = -1; /* an error is due anyway */
	bool is_len = !strcmp(x->c->call, "put") || !strcmp(x->c->call, "roundtrip"); /* len is a length */

	if (!is_len)
		len = -1;
	/* a row that sets its own limits sets the cap too (the probe saw the
	 * default one) */
	if (mt_conv.max_len != MT_CONV_UNKNOWN && !strcmp(x->c->limits, "-") &&
	    (boxlen > mt_conv.max_len || len > mt_conv.max_len)) {
		char why[160];

		snprintf(why, sizeof(why), "needs a message longer than the implementation's own cap (%ld bytes; "
			 "a deviation the conventions list, judged in strict)", mt_conv.max_len);
		mt_skip(x, why);
		return 1;
	}
	if (!mt_conv.empty_put && (boxlen == 0 || (len == 0 && ok_due))) {
		mt_skip(x, "needs an empty message, which the implementation refuses (a deviation the conventions "
			"list, judged in strict)");
		return 1;
	}
	return 0;
}

static int prepare(struct ctx *x)
{
	struct mt_limits l;
	const char *which = "";
	struct mt_box b;
	int err;

	if (mt_limits_parse(x->c->limits, &l)) {
		mt_skip(x, "limits column not understood");
		return -1;
	}
	err = mt_limits_apply(&l, &which);
	if (err) {
		char msg[160];

		snprintf(msg, sizeof(msg), "cannot set %s: %s (the implementation has no such parameter?)",
			 which, strerror(-err));
		mt_skip(x, msg);
		return -1;
	}
	mt_box_read(&b);
	x->sym.page = sysconf(_SC_PAGESIZE);
	x->sym.max = b.present ? b.max_msg_len : mt_limit_get("max_msg_len");
	/* no /proc, no parameter: the largest length the probe saw accepted */
	if (x->sym.max < 0 && mt_conv.learned && mt_conv.max_len != MT_CONV_UNKNOWN)
		x->sym.max = mt_conv.max_len;
	if (x->sym.max < 0 && (mt_expr_uses(x->c->len, "max") || mt_expr_uses(x->c->box, "max"))) {
		mt_skip(x, "max_msg_len is unknown (no /proc/dm510_msgbox, no parameter, no probe)");
		return -1;
	}
	if (lenient_deviation(x))
		return -1;
	if (mt_setup_box(x))
		return -1;
	x->sym.size = x->model.n ? x->model.m[mt_model_next(x)].len : 0;
	if (mt_expr_uses(x->c->len, "room") && !x->sym.have_room) {
		mt_skip(x, "len uses room, which only a full-bytes box defines");
		return -1;
	}
	return 0;
}

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
	*x = (struct ctx){ .c = c, .idx = idx, .profile = profile, .r = r, .scratch = x->scratch };
	if (prepare(x) == 0) {
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

long mt_box_drain(void)
{
	static unsigned char *buf;
	unsigned char last[32] = { 0 };
	struct timespec t0, t;
	long n = 0, r, last_r = -1, same = 0;

	if (!buf && !(buf = malloc(MT_DRAIN_BUF)))
		return -ENOMEM;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* bounded: a message that never leaves must not stall the suite */
	while (!mt_conv_drain_stops(r = mt_get(buf, mt_drain_len()))) {
		size_t k = r < (long)sizeof(last) ? (size_t)r : sizeof(last);

		/* the same answer, the same first bytes: nothing moves */
		same = r == last_r && !memcmp(buf, last, k) ? same + 1 : 0;
		last_r = r;
		memcpy(last, buf, k);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (++n > MT_DRAIN_MAX_CALLS || t.tv_sec - t0.tv_sec > MT_DRAIN_MAX_SECS)
			return same >= 1000 || n < 1000 ? -ELOOP : -EINPROGRESS;
	}
	return mt_conv_is_empty(r, true) ? n : r;
}
