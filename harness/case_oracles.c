/*
 * The oracles of one case (case_oracles.h): the result by the row's
 * profile, the box counters, the contents by draining, a get's buffer and
 * canary, a put's source.
 */
#define _GNU_SOURCE
#include "case_oracles.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "box_limits.h"
#include "conventions.h"
#include "drain_buf.h"
#include "mt_sys.h"
#include "payload.h"

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
	/* a put longer than max_msg_len taken (SPEC put row 2, checked
	 * before the pointer): no bound on the length, whatever it copied */
	if (got == 0 && x->put && !strcmp(x->c->strict, "-EMSGSIZE"))
		return MT_BUG_NO_LENGTH_BOUND;
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
	mt_fault_in(x->scratch, MT_DRAIN_BUF); /* the exhaustion forks helpers: see drain_buf.h */
	for (int k = 0; k <= x->model.n; k++) {
		int i = k == x->model.n ? -1 : mt_conv.fifo ? k : x->model.n - 1 - k;
		long r = mt_get(x->scratch, mt_drain_len());
		uint32_t w = 0, s = 0;

		if (r == 0 && mt_conv.get_zero && i >= 0 && !x->model.overflow)
			r = x->model.m[i].len; /* its success answer: judge by the bytes */
		if (i < 0) {
			if (!mt_conv_drained(r)) {
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
		/* longer than any get of ours can take (a put accepted it: the
		 * result oracle says so): not lost, it stays; the cleanup
		 * cannot empty the box and the suite goes on in a fresh boot */
		if (r < 0 && r == mt_conv.too_small && m->len > mt_drain_len())
			return;
		if (r < 0) {
			/* a concurrent call (the held kinds' window) in the case: a race lost it */
			mt_fail(x, MT_OR_CONTENTS,
				x->ret < 0 && !x->put && x->called ? MT_BUG_LOST_ON_FAILED_GET
				: x->window ? MT_BUG_RACE : MT_BUG_LOST,
				want, mt_ename(r, e), "draining after the call: %d message(s) missing from the box",
				x->model.n - k);
			return;
		}
		enum mt_payload_verdict v;
		int at = mt_model_which(&x->model, x->scratch, r, &v, &w, &s);

		if (r != m->len || (v == MT_PAYLOAD_OK && (w != m->writer || s != m->seq)) ||
		    (v != MT_PAYLOAD_OK && v != MT_PAYLOAD_ANON)) {
			/* one still to come instead: the ones before it are gone */
			bool later = at >= 0 && (mt_conv.fifo ? at > i : at < i);

			/* on top after a put that failed: what that put left behind
			 * (not when it has the length of the model's top and not the
			 * put's: that message, with other bytes - corrupted) */
			bool left = !later && k == 0 && x->called && x->put && x->ret < 0 && !x->window &&
				    (r == x->len || r != m->len);

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

/* A put's source buffer: the payload it was filled with, unchanged. */
void mt_check_source(struct ctx *x, const struct mt_ptr *p)
{
	uint32_t w, s;
	size_t bad;
	enum mt_payload_verdict v;

	if (!p->guarded)
		return;
	v = mt_payload_check(p->p, p->len, &w, &s, &bad);
	if (v != MT_PAYLOAD_OK && v != MT_PAYLOAD_ANON)
		mt_fail(x, MT_OR_SOURCE, MT_BUG_USER_OVERFLOW, "the caller's buffer unchanged", "it was changed",
			"put wrote into its source buffer");
}
