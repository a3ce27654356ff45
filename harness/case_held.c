/*
 * The call kind "held": one call held in its user copy while another runs,
 * deterministically (the stress finds the same bugs only by chance).
 *
 * The held call (get or put, the row's len) gets a buffer of the "vanish"
 * class: its first touch faults into userfaultfd and holds the call. Our
 * handler then starts the window's call (the row's ptr: HELD/WINDOW:LEN)
 * in another thread (held_window.c), gives it MT_HOLD_MS to return, unmaps the held buffer
 * and wakes the held call, which finds no mapping any more and must fail
 * with -EFAULT, as if it had never been made (SPEC.md: an error leaves the
 * box unchanged and is a no-op for ordering).
 *
 * A correct implementation lets the window's call finish during the hold
 * (the reference faults the buffer in with no lock held). One that makes
 * it wait until the held call ends (a mutex held across the copy) blocks
 * every caller for as long as one caller's page fault lasts, without
 * bound: blocks-callers (held_window.h). Either way the box must be the
 * box before, changed by the window's call alone. What
 * this catches: a get that takes the message off before copying and puts
 * it back on top when the copy fails (the message comes back above a newer
 * one; meanwhile a get sees the box without it), and a put that links its
 * message before copying into it (a get meanwhile hands out bytes that
 * were never put).
 *
 * The case proves it looked: the held call must have faulted (the window
 * opened) and the window's call must have returned; a window that never
 * opened is a skip that says so, a window call that never returns is a
 * failure (progress).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_kinds.h"
#include "case_oracles.h"
#include "case_runner.h"
#include "case_table.h"
#include "conventions.h"
#include "held_window.h"
#include "mt_sys.h"
#include "payload.h"

/* The window's call, and what a get of it that missed the top saw: a
 * race, unless the drain then shows the held get lost that message for
 * good (that class explains both). */
struct window {
	struct held_window w;
	bool missed;
	char want[128], got[128], detail[160];
};

/* The window's result against the model of the box it met. */
static void judge_window(struct ctx *x, struct window *win)
{
	const struct held_window *w = &win->w;
	char want[128], got[128], e[32];
	const char *when = mt_window_when(w);

	if (w->put) {
		if (mt_conv_put_ok(w->ret, w->len)) {
			mt_model_push(&x->model, w->len, w->writer, w->seq);
			return;
		}
		mt_fail(x, MT_OR_RESULT, w->ret < 0 ? mt_refusal_bug(w->len) : MT_BUG_WRONG_SUCCESS, "0",
			mt_ename(w->ret, e), "a put of %ld bytes made %s failed", w->len, when);
		return;
	}
	if (x->model.overflow)
		return;
	if (!x->model.n) {
		if (!mt_conv_is_empty(w->ret, true))
			mt_fail(x, MT_OR_ORDER, MT_BUG_RACE, "-ENODATA (the held put has not taken effect)",
				w->ret >= 0 ? "a message" : mt_ename(w->ret, e),
				"a get made %s took a message the held put had not yet put", when);
		return;
	}
	int next = mt_model_next(&x->model);
	const struct msg_id *top = &x->model.m[next];
	/* 0 for a success, where the probe saw that convention: by the bytes;
	 * "too small" said with a size: an error */
	long ret = w->ret == 0 && mt_conv.get_zero ? (top->len <= w->len ? top->len : 0)
		   : mt_conv_says_too_small(w->ret) ? -EMSGSIZE : w->ret;
	uint32_t wr = 0, seq = 0;
	enum mt_payload_verdict v = MT_PAYLOAD_OK;
	/* the bytes it returned, where they fit its buffer */
	int at = ret > 0 && ret <= w->len ? mt_model_which(&x->model, w->buf.p, ret, &v, &wr, &seq) : -1;

	snprintf(want, sizeof(want), "the next message: %ld bytes (writer %u, seq %u)", top->len, top->writer,
		 top->seq);
	if (ret < 0) {
		win->missed = true;
		snprintf(win->want, sizeof(win->want), "%s", want);
		snprintf(win->got, sizeof(win->got), "%s", mt_ename(w->ret, e));
		snprintf(win->detail, sizeof(win->detail), "a get made %s did not see the box's top message (%d held)",
			 when, x->model.n);
		return;
	}
	if (ret != top->len || v != MT_PAYLOAD_OK || wr != top->writer || seq != top->seq) {
		snprintf(got, sizeof(got), "%ld bytes, %s (writer %u, seq %u)", ret, mt_payload_verdict_name(v), wr,
			 seq);
		/* one further down: it is out of the box now, judge the rest */
		if (at >= 0) {
			mt_model_remove(&x->model, at);
			win->missed = true;
			snprintf(win->want, sizeof(win->want), "%s", want);
			snprintf(win->got, sizeof(win->got), "%s", got);
			snprintf(win->detail, sizeof(win->detail),
				 "a get made %s returned a message the box holds behind the next one", when);
			return;
		}
		mt_fail(x, MT_OR_ORDER, MT_BUG_RACE, want, got, "a get made %s returned another message", when);
		return;
	}
	mt_check_get_buffer(x, &w->buf, w->ret, top);
	mt_model_remove(&x->model, next);
}

void mt_do_held(struct ctx *x, long len)
{
	static struct window win; /* the handler thread reaches it after we return */
	struct held_window *w = &win.w;
	struct mt_held_spec spec;
	struct mt_ptr held;
	const char *why = "";
	char e[32];
	long r;

	if (mt_held_parse(x->c->ptr, &spec) || mt_expr_eval(spec.window_len, &x->sym, &w->len)) {
		mt_result_fail(x->r, MT_OR_HARNESS, MT_BUG_HARNESS, "HELD/WINDOW:LEN", x->c->ptr,
			       "%s: a held row's ptr", x->c->where);
		return;
	}
	w->put = spec.window_put;
	w->idx = x->idx;
	w->name = x->c->name;
	w->writer = (uint32_t)x->idx;
	w->seq = 2;
	if (mt_window_prepare(w, &why) || mt_ptr_make("vanish", mt_buffer_len(len), &held, &why)) {
		char msg[160];

		snprintf(msg, sizeof(msg), "held call: %s", why);
		mt_skip(x, msg);
		return;
	}
	if (mt_held_call(x, w, spec.held_put, &held, len, "held", &r))
		return;
	mt_note(x, "window: %s(len=%ld) returned %s %s", w->put ? "put" : "get", w->len, mt_ename(w->ret, e),
		mt_window_when(w));
	mt_check_result(x, r, x->sym.size);
	if (r >= 0) /* it took effect (a wrong success): which message, unknown */
		return;
	judge_window(x, &win);
	bool took = w->put ? mt_conv_put_ok(w->ret, w->len) : w->ret >= 0;

	mt_check_counters(x, took ? atoi(x->c->effect) : 0, w->len);
	x->window = true;
	mt_check_contents(x);
	if (win.missed && !(x->r->bugs & (1ull << MT_BUG_LOST_ON_FAILED_GET)))
		mt_fail(x, MT_OR_ORDER, MT_BUG_RACE, win.want, win.got, "%s", win.detail);
}
