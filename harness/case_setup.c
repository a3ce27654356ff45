/*
 * Before a case's call (case_setup.h): its limits, its symbols, the
 * lenient profile's skips, and the box as the row's box column says.
 */
#define _GNU_SOURCE
#include "case_setup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "box_limits.h"
#include "case_oracles.h"
#include "conventions.h"
#include "mt_sys.h"
#include "payload.h"

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
	mt_model_push(&x->model, len, writer, seq);
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
	if (!strncmp(spec, "lens:", 5)) { /* one message of each length, bottom first */
		long lens[MT_BOX_LENS_MAX];
		int k = mt_box_lens(spec, &x->sym, lens, MT_BOX_LENS_MAX);

		if (k < 0) {
			mt_skip(x, "box length expression not understood");
			return -1;
		}
		for (int i = 0; i < k; i++)
			if (put_one(x, lens[i], MT_SETUP_WRITER, (uint32_t)i, false))
				return -1;
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
	long lens[MT_BOX_LENS_MAX];

	for (int i = 0, k = mt_box_lens(x->c->box, &x->sym, lens, MT_BOX_LENS_MAX); i < k; i++)
		boxlen = lens[i] > boxlen ? lens[i] : boxlen; /* the longest of the list */
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

int mt_case_prepare(struct ctx *x)
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
	x->sym.size = x->model.n ? x->model.m[mt_model_next(&x->model)].len : 0;
	if (mt_expr_uses(x->c->len, "room") && !x->sym.have_room) {
		mt_skip(x, "len uses room, which only a full-bytes box defines");
		return -1;
	}
	return 0;
}

