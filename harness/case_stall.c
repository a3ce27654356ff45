/*
 * The call kind "stall": one call held in its page fault while another
 * runs, as in "held" (case_held.c), but the held call is then let go with
 * its buffer filled, so both calls take effect; and a window call that
 * waits the whole hold is sent a signal.
 *
 * What this catches that "held" cannot: a lock whose wait is interrupted
 * and not checked. A get that holds a semaphore across copy_to_user and
 * ignores down_interruptible()'s -EINTR lets a signalled caller in beside
 * it: both pop the same message (a duplicate, a double kfree). With
 * "held" the held call fails and pops nothing, so the box stays right.
 *
 * Judged: the held call's result (the row's strict/lenient: it must
 * succeed, its fault was only slow); the window call's (it must succeed,
 * or fail with an error that changes nothing when it was signalled);
 * then one order of the two calls must explain what both returned
 * (held first, or the window first: they overlap), and the box and its
 * counters must be what that order leaves. A window call that waited the
 * whole hold is blocks-callers (held_window.h). Rows: get/get, get/put or
 * put/get (with two puts both orders explain any results; only the drain
 * could tell), every message of its own length, so that the lengths say
 * which message a get took.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "case_kinds.h"
#include "case_oracles.h"
#include "case_runner.h"
#include "case_table.h"
#include "conventions.h"
#include "held_window.h"
#include "mt_sys.h"
#include "payload.h"

/* One of the two calls, for the explanation. */
struct call {
	const char *who; /* "the held get", "the window's put" */
	bool put;
	long ret, len;
	const unsigned char *buf; /* a get's bytes */
	uint32_t writer, seq;     /* a put's message */
	bool excused;             /* an error here changes nothing and is allowed */
};

/* A get's result as a length (0 for a success where the probe saw that
 * convention: by the bytes), or negative. */
static long got_len(const struct model *m, const struct call *c)
{
	if (c->ret == 0 && mt_conv.get_zero && m->n)
		return m->m[mt_model_next(m)].len;
	return c->ret;
}

/* Apply @c to @m: false when its result cannot be what it did there (by
 * its length alone, or by its length and its bytes). */
static bool apply(struct model *m, const struct call *c, bool bytes)
{
	if (c->put) {
		if (mt_conv_put_ok(c->ret, c->len))
			mt_model_push(m, c->len, c->writer, c->seq);
		return true; /* a refusal is a no-op, judged on its own */
	}
	long n = got_len(m, c);

	if (n < 0)
		return !(mt_conv_is_empty(c->ret, false) && m->n); /* "empty" while it held one */
	if (!m->n || n > c->len)
		return false;
	int next = mt_model_next(m);
	enum mt_payload_verdict v;
	uint32_t w, s;

	if (m->m[next].len != n || (bytes && mt_model_which(m, c->buf, n, &v, &w, &s) != next))
		return false;
	mt_model_remove(m, next);
	return true;
}

static bool explains(const struct model *from, const struct call *first, const struct call *second, bool bytes,
		     struct model *out)
{
	*out = *from;
	return apply(out, first, bytes) && apply(out, second, bytes);
}

static long model_bytes(const struct model *m)
{
	long sum = 0;

	for (int i = 0; i < m->n; i++)
		sum += m->m[i].len;
	return sum;
}

/* /proc/dm510_msgbox moved from @from to x->model, where it is read. */
static void check_counters(struct ctx *x, const struct model *from)
{
	char want[96], got[96];
	long dm = x->model.n - from->n, db = model_bytes(&x->model) - model_bytes(from);

	if (!x->before.present)
		return;
	mt_box_read(&x->after);
	if (x->after.messages - x->before.messages == dm && x->after.bytes - x->before.bytes == db)
		return;
	snprintf(want, sizeof(want), "messages %+ld, bytes %+ld", dm, db);
	snprintf(got, sizeof(got), "messages %+ld, bytes %+ld", x->after.messages - x->before.messages,
		 x->after.bytes - x->before.bytes);
	mt_fail(x, MT_OR_BOX, MT_BUG_RACE, want, got,
		"/proc/dm510_msgbox does not match what the order explaining both calls left (before: messages %ld, "
		"bytes %ld)", x->before.messages, x->before.bytes);
}

static void describe(const struct call *c, char *buf, size_t size)
{
	char e[32];

	if (c->put || c->ret < 0) {
		snprintf(buf, size, "%s %s", c->who, mt_ename(c->ret, e));
		return;
	}
	enum mt_payload_verdict v;
	uint32_t w = 0, s = 0;
	size_t bad;
	long n = c->ret <= c->len ? c->ret : c->len;

	v = mt_payload_check(c->buf, (size_t)n, &w, &s, &bad);
	snprintf(buf, size, "%s %ld bytes, %s (writer %u, seq %u)", c->who, c->ret, mt_payload_verdict_name(v), w, s);
}

/* The window's call alone: a refusal it had no reason for. */
static void judge_window_result(struct ctx *x, const struct held_window *w, const struct call *c)
{
	char e[32];

	if (c->ret >= 0 || c->excused)
		return;
	if (!c->put && mt_conv_is_empty(c->ret, false))
		return; /* "empty" is judged by the explanation */
	mt_fail(x, MT_OR_RESULT, c->put ? mt_refusal_bug(c->len) : MT_BUG_RACE, c->put ? "0" : "a message",
		mt_ename(c->ret, e), "a %s of %ld bytes made %s failed%s", c->put ? "put" : "get", c->len,
		mt_window_when(w), w->signalled ? " with more than an interrupted call's error" : "");
}

/*
 * One order of the two calls explains both results, and the box. The
 * box's messages have lengths of their own (lens:16,24), so the lengths
 * alone say which message each get took: right lengths with other bytes
 * are corrupted bytes (a file that keeps the caller's pointer), not a race;
 * two gets with the same message, or one the order cannot give, a race.
 */
static void judge_both(struct ctx *x, const struct held_window *w, struct call *held, struct call *win)
{
	static struct model a, b, from; /* 64 KiB each */
	char h[128], o[128], e[32];

	if (x->model.overflow)
		return;
	from = x->model;
	bool ha = explains(&from, held, win, true, &a), wb = !ha && explains(&from, win, held, true, &b);

	if (!ha && !wb) {
		bool by_len = explains(&from, held, win, false, &a) || explains(&from, win, held, false, &a);

		describe(held, h, sizeof(h));
		describe(win, o, sizeof(o));
		if (by_len)
			mt_fail(x, MT_OR_DATA, MT_BUG_CORRUPTED, "the bytes of the messages their lengths name", h,
				"the two calls took the messages one order explains, but a get returned other bytes "
				"(%s; %s, made %s)", h, o, mt_window_when(w));
		else
			mt_fail(x, MT_OR_ORDER, MT_BUG_RACE, "results one order of the two calls explains", h,
				"no order of the two calls explains what they returned (%s; %s, made %s; %d messages "
				"before)", h, o, mt_window_when(w), from.n);
		return;
	}
	x->model = ha ? a : b;
	mt_note(x, "window: %s(len=%ld) returned %s %s%s; explained with %s first", w->put ? "put" : "get", w->len,
		mt_ename(w->ret, e), mt_window_when(w), w->waited ? "" : " (no signal needed)",
		ha ? "the stalled call" : "the window's call");
	check_counters(x, &from);
	x->window = true;
	mt_check_contents(x);
}

void mt_do_stall(struct ctx *x, long len)
{
	static struct held_window w; /* the handler thread reaches it after we return */
	static unsigned char fill[4096];
	struct mt_held_spec spec;
	struct mt_ptr held;
	const char *why = "";
	long r;

	if (mt_held_parse(x->c->ptr, &spec) || mt_expr_eval(spec.window_len, &x->sym, &w.len) ||
	    len > (long)sizeof(fill)) {
		mt_result_fail(x->r, MT_OR_HARNESS, MT_BUG_HARNESS, "HELD/WINDOW:LEN, at most 4096 bytes", x->c->ptr,
			       "%s: a stall row's ptr", x->c->where);
		return;
	}
	w.put = spec.window_put;
	w.idx = x->idx;
	w.name = x->c->name;
	w.writer = (uint32_t)x->idx;
	w.seq = 2;
	w.may_signal = true;
	if (spec.held_put)
		mt_payload_fill(fill, (size_t)len, (uint32_t)x->idx, 3);
	else
		memset(fill, MT_POISON, sizeof(fill));
	if (mt_window_prepare(&w, &why) || mt_ptr_stalling((size_t)len, fill, &held, &why)) {
		char msg[160];

		snprintf(msg, sizeof(msg), "stalled call: %s", why);
		mt_skip(x, msg);
		return;
	}
	if (mt_held_call(x, &w, spec.held_put, &held, len, "stalled", &r))
		return;

	struct call hc = { spec.held_put ? "the stalled put" : "the stalled get", spec.held_put, r, len,
			   held.p, (uint32_t)x->idx, 3, false };
	/* interrupted: -EINTR (strict), any error (lenient) */
	bool excused = w.signalled && w.ret < 0 && (mt_conv.lenient || w.ret == -EINTR);
	struct call wc = { w.put ? "the window's put" : "the window's get", w.put, w.ret, w.len,
			   w.buf.p, w.writer, w.seq, excused };

	/* a held put: the row's result; a held get: its success is judged by
	 * the explanation (which message it took depends on the order) */
	if (hc.put || r < 0)
		mt_check_result(x, r, x->sym.size);
	judge_window_result(x, &w, &wc);
	if (!wc.put && wc.ret >= 0 && !(wc.ret == 0 && mt_conv.get_zero))
		mt_check_get_buffer(x, &w.buf, wc.ret, NULL);
	judge_both(x, &w, &hc, &wc);
}
