/*
 * The conventions probe (call kind "conventions"): before any other case,
 * learn how this implementation speaks - what get answers on an empty box
 * and for a buffer that is too small, whether a zero-length put is taken,
 * the largest length a put accepts, whether /proc/dm510_msgbox and the
 * runtime limits exist - with a bounded number of calls and a time limit.
 * Each deviation from SPEC.md is listed once: a finding in the strict
 * profile (its class is strict-only), a note in the lenient one. What it
 * learns goes to mt_conv (conventions.h) for every later case.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "box_limits.h"
#include "box_proc.h"
#include "case_kinds.h"
#include "conventions.h"
#include "mt_sys.h"
#include "payload.h"

#define PROBE_CALLS 70000 /* more than the default max_msgs */
#define PROBE_SECS 10.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Notes for the detail: what was learned, what cannot be concluded. */
struct notes {
	char text[600];
	size_t n;
};

static void note(struct notes *t, const char *fmt, const char *a, long v)
{
	if (t->n < sizeof(t->text))
		t->n += (size_t)snprintf(t->text + t->n, sizeof(t->text) - t->n, fmt, a, v);
}

/* A deviation SPEC.md allows: a finding in strict, a note in lenient. */
static void deviation(struct ctx *x, struct notes *t, enum mt_bug b, const char *want, long got, const char *what)
{
	char e[32];

	mt_errno_name(got, e, sizeof(e));
	if (x->profile == MT_STRICT)
		mt_fail(x, MT_OR_RESULT, b, want, e, "conventions: %s", what);
	note(t, "; %s (%ld)", what, got);
}

/* Empty the box, boundedly; learns what "empty" is. false: it never was. */
static bool learn_empty(struct ctx *x, struct mt_conventions *c, struct notes *t)
{
	double t0 = now_s();
	long r = 0, last = -1, same = 0;

	for (long i = 0; i < PROBE_CALLS && now_s() - t0 < PROBE_SECS; i++) {
		r = mt_get(x->scratch, mt_drain_len());
		if (r < 0) {
			c->empty = r;
			return true;
		}
		same = r == last ? same + 1 : 0;
		last = r;
	}
	/* never negative: an answer that repeats is the empty answer */
	if (same >= 1000) {
		char got[48];

		c->empty = last;
		snprintf(got, sizeof(got), "%ld", last);
		mt_fail(x, MT_OR_RESULT, MT_BUG_POSITIVE_ERROR, "a negative error", got,
			"get answers an empty box with %ld, a non-negative value (judged as \"empty\" from here on)",
			last);
		return true;
	}
	note(t, "; %s (last answer %ld)", "the box could not be emptied", r);
	mt_fail(x, MT_OR_SETUP, MT_BUG_MESSAGE_STUCK, "the box empties", "it never did",
		"the box could not be emptied in %d gets or %.0f s: a message never leaves", PROBE_CALLS, PROBE_SECS);
	c->stuck = true;
	return false;
}

/*
 * The longest buffer a get takes back a message with: course code often
 * refuses a get longer than its own cap on the length. The box is empty
 * at the probe (the first case of a boot).
 */
static void learn_get_len(struct ctx *x, struct mt_conventions *c, struct notes *t)
{
	static const long lens[] = { MT_PROBE_MAX_LEN, 65536, 4096, 1024, 128, 100 };
	long r = 0;

	mt_payload_fill(x->scratch, 100, (uint32_t)x->idx, 0);
	mt_set_call(x, "put", "a valid buffer", 100);
	r = mt_put(x->scratch, 100);
	if (r == 100) { /* success answered with the length: one finding, not one per setup */
		c->put_len = mt_conv.put_len = true;
		mt_fail(x, MT_OR_RESULT, MT_BUG_WRONG_SUCCESS, "0", "100",
			"put answers success with the length (100), not 0 (judged as success from here on)");
	} else if (r) {
		note(t, "; %s (%ld): drains use a 4 MiB buffer", "a 100-byte put failed", r);
		return;
	}
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		mt_set_call(x, "get", "a valid buffer", lens[i]);
		memset(x->scratch, 0, 128);
		r = mt_get(x->scratch, (int)lens[i]);
		if (r == 0 && x->scratch[0] == 'M' && !c->get_zero) { /* our payload's header: it was the message */
			c->get_zero = mt_conv.get_zero = true;
			mt_fail(x, MT_OR_RESULT, MT_BUG_WRONG_SUCCESS, "100 (the message's size)", "0",
				"get answers success with 0, not the size (judged by the bytes from here on)");
			r = 100;
		}
		if (r == 100) {
			c->get_len = lens[i];
			if (i)
				note(t, "; %s %ld bytes: drains use that length", "a get takes a buffer of at most", lens[i]);
			return;
		}
		if (r >= 0)
			break;
	}
	note(t, "; %s (%ld)", "a 100-byte message could not be got back", r);
}

/*
 * Which message a get takes of two: the newer (a stack) or the older (a
 * queue). Not a finding here: the lifo cases report the order; from here
 * on the other cases compare in the box's own order.
 */
static void learn_order(struct ctx *x, struct mt_conventions *c, struct notes *t)
{
	uint32_t w = 0, s = 0;
	size_t bad;
	long r;

	mt_set_call(x, "get", "a valid buffer, two 100-byte messages in the box", mt_drain_len());
	for (uint32_t seq = 5; seq <= 6; seq++) {
		mt_payload_fill(x->scratch, 100, (uint32_t)x->idx, seq);
		if (!mt_conv_put_ok(mt_put(x->scratch, 100), 100))
			return;
	}
	r = mt_get(x->scratch, mt_drain_len());
	if (r == 0 && c->get_zero)
		r = 100;
	if (r == 100 && mt_payload_check(x->scratch, 100, &w, &s, &bad) == MT_PAYLOAD_OK && s == 5) {
		c->fifo = mt_conv.fifo = true;
		note(t, "; %s: the lifo cases judge the order, the rest compare first in, first out",
		     "get takes the oldest of two messages (a queue)", 0);
	}
	for (int i = 0; i < 2 && !mt_conv_drain_stops(mt_get(x->scratch, mt_drain_len())); i++)
		;
}

/* Put @len bytes and take them back; the put's result. */
static long try_len(struct ctx *x, long len, uint32_t seq)
{
	long r;

	mt_payload_fill(x->scratch, (size_t)len, (uint32_t)x->idx, seq);
	r = mt_put(x->scratch, (int)len);
	if (mt_conv_put_ok(r, len)) {
		mt_get(x->scratch, mt_drain_len());
		return 0;
	}
	return r ? r : -1;
}

static void learn_max_len(struct ctx *x, struct mt_conventions *c)
{
	long lo = 100, hi = MT_PROBE_MAX_LEN;

	if (try_len(x, lo, 2)) {
		c->max_len = MT_CONV_UNKNOWN;
		return;
	}
	if (!try_len(x, hi, 3)) {
		c->max_len = hi;
		return;
	}
	while (hi - lo > 1) { /* lo accepted, hi refused */
		long mid = lo + (hi - lo) / 2;

		if (!try_len(x, mid, 4))
			lo = mid;
		else
			hi = mid;
	}
	c->max_len = lo;
}

void mt_do_conventions(struct ctx *x, long len)
{
	struct mt_conventions c = mt_conv;
	struct notes t = { .n = 0 };
	struct mt_box b;
	long r;

	(void)len;
	c.learned = false;
	c.stuck = false;
	c.fifo = mt_conv.fifo = false;
	learn_get_len(x, &c, &t);
	mt_conv.get_len = c.get_len; /* the drains below use it */
	mt_set_call(x, "get", "a valid buffer, until empty", mt_drain_len());
	if (!learn_empty(x, &c, &t))
		goto out;
	if (c.empty != -ENODATA && c.empty < 0)
		deviation(x, &t, MT_BUG_WRONG_ERRNO, "-ENODATA", c.empty, "get answers an empty box with another error");

	learn_order(x, &c, &t);

	/* a buffer that is too small */
	mt_set_call(x, "get", "a valid buffer of 50 bytes, a 100-byte message on top", 50);
	mt_payload_fill(x->scratch, 100, (uint32_t)x->idx, 1);
	r = mt_put(x->scratch, 100);
	if (mt_conv_put_ok(r, 100)) {
		c.too_small = mt_get(x->scratch, 50);
		if (c.too_small < 0 && c.too_small != -EMSGSIZE)
			deviation(x, &t, MT_BUG_WRONG_ERRNO, "-EMSGSIZE", c.too_small,
				  "get answers a buffer that is too small with another error");
		if (c.too_small > 0 && c.too_small != 100) {
			char got[32];

			snprintf(got, sizeof(got), "%ld", c.too_small);
			mt_fail(x, MT_OR_RESULT, MT_BUG_POSITIVE_ERROR, "a negative error", got,
				"get answers a buffer that is too small with a positive value");
		} else if (c.too_small >= 0) {
			note(&t, "; %s (%ld): the short.* cases judge it", "a get with a short buffer succeeded",
			     c.too_small);
		}
		mt_get(x->scratch, mt_drain_len());
		if (c.too_small == c.empty)
			note(&t, "; %s (%ld): a get that says so while a message is on top cannot be told from one "
			     "that found the box empty, so only the drains judge it", "\"empty\" and \"too small\" "
			     "are the same answer", c.empty);
	} else {
		note(&t, "; %s (%ld): the too-small answer is SPEC's", "a 100-byte put failed", r);
	}

	/* empty messages */
	mt_set_call(x, "put", "a valid buffer", 0);
	r = mt_put(x->scratch, 0);
	c.empty_put = r == 0;
	if (r == 0)
		mt_get(x->scratch, mt_drain_len());
	else
		deviation(x, &t, MT_BUG_REJECTS_EMPTY, "0", r, "a zero-length put is refused");

	/* the largest length */
	mt_set_call(x, "put", "a valid buffer, lengths 100 .. 4 MiB", MT_PROBE_MAX_LEN);
	learn_max_len(x, &c);
	mt_box_read(&b);
	c.proc = b.present;
	c.params = mt_limit_get("max_msg_len") >= 0;
	if (c.max_len != MT_CONV_UNKNOWN && c.max_len < (b.present ? b.max_msg_len : 65536))
		deviation(x, &t, MT_BUG_LENGTH_CAP, b.present ? "max_msg_len of /proc/dm510_msgbox" : "65536", c.max_len,
			  "its own cap on the length, below max_msg_len");
	if (!c.proc || !c.params)
		deviation(x, &t, MT_BUG_NO_PROC, "/proc/dm510_msgbox and the runtime limits", 0,
			  !c.proc ? "no /proc/dm510_msgbox: the box counters are not an oracle" :
				    "no runtime limits: cases that set them are skipped");
	c.learned = true;
out:
	x->r->conv = c;
	x->r->has_conv = true;
	mt_conv_save(&c, getenv("MT_RESULTS"));
	mt_note(x, "conventions: empty %ld, too small %ld, empty put %s, largest length %ld, drains get %ld, /proc %s, "
		"limits %s%s", c.empty, c.too_small, c.empty_put ? "accepted" : "refused", c.max_len, c.get_len,
		c.proc ? "yes" : "no", c.params ? "yes" : "no", t.text);
}
