/*
 * The systematic fail-nth sweep of one put or get: fail its 1st, 2nd, ...
 * injection point until it makes fewer than n. Each result must be one
 * SPEC.md allows for the point that failed, and the box must be right
 * after each (counters and contents).
 *
 *   put, allocation failed      -ENOMEM, or 0 if it recovered (kvmalloc
 *                                falls back to vmalloc) - then the message
 *                                must be in the box
 *   put, copy_from_user failed  -EFAULT
 *   get, copy_to_user failed    size (the reference faults in and retries)
 *                                or -EFAULT; the message stays on error
 *   get, allocation failed      size, or -ENOMEM
 *   a point not the call's own  the call's normal result (the arming
 *   (the fail-nth write/pread,   write() or pread() used the count, or a
 *    kmemleak, lockdep)          debug facility absorbed it)
 *
 * Lenient profile: any negative value instead of the exact errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "case_kinds.h"
#include "case_oracles.h"
#include "case_setup.h"
#include "fail_nth.h"
#include "mt_sys.h"
#include "payload.h"

#define MT_SWEEP_MAX 2000

struct tally {
	int points, kinds[MT_PT_KINDS], errors, recovered, not_call;
};

static bool allowed(const struct ctx *x, bool put, const struct mt_point *pt, long r, long ok, long len)
{
	bool own = pt->in_call && !pt->in_debug;
	long err = pt->kind == MT_PT_USERCOPY ? -EFAULT : -ENOMEM;

	/* A put cannot have its message after its copy failed - unless the
	 * copy was of 0 bytes: copy_from_user(dst, src, 0) returns 0 even
	 * when fail_usercopy picks it (include/linux/uaccess.h). */
	if (r == ok)
		return !(own && put && pt->kind == MT_PT_USERCOPY && len > 0);
	if (!own)
		return false;
	return x->profile == MT_LENIENT ? r < 0 : r == err;
}

static void expected_for(bool put, const struct mt_point *pt, long ok, char *out, size_t n)
{
	if (!pt->in_call || pt->in_debug)
		snprintf(out, n, "%ld (the point was not the call's own)", ok);
	else if (pt->kind == MT_PT_USERCOPY)
		snprintf(out, n, put ? "-EFAULT" : "%ld or -EFAULT", ok);
	else
		snprintf(out, n, "%ld or -ENOMEM", ok);
}

static void count(struct tally *t, const struct mt_point *pt, long r, long ok)
{
	t->points++;
	t->kinds[pt->kind]++;
	if (!pt->in_call || pt->in_debug)
		t->not_call++;
	else if (r == ok)
		t->recovered++;
	else
		t->errors++;
}

/* One armed call; returns 1 when the call made fewer than n points. */
static int one(struct ctx *x, struct mt_failnth *f, int n, long len, struct tally *t)
{
	bool put = !strcmp(x->c->call, "put");
	char what[96], want[96], got[32];
	int next = mt_model_next(&x->model);
	struct msg_id top = next >= 0 ? x->model.m[next] : (struct msg_id){ 0 };
	struct mt_point pt;
	struct mt_ptr p;
	long r, ok = put ? 0 : x->sym.size;
	int left;

	if (mt_make_ptr(x, len, &p))
		return -1;
	if (put)
		mt_payload_fill(p.p, p.len, (uint32_t)x->idx, (uint32_t)n); /* also faults the pages in */
	else
		mt_ptr_poison(&p);
	snprintf(what, sizeof(what), "%s; fail-nth %d", p.what, n);
	mt_set_call(x, put ? "put" : "get", what, len);
	mt_box_read(&x->before);

	mt_failnth_arm(f, n);
	r = put ? mt_put(p.p, (int)len) : mt_get(p.p, (int)len);
	left = mt_failnth_disarm(f);
	/* the success answers the probe learned (and reported once) */
	if (put && r != ok && mt_conv_put_ok(r, len))
		r = ok;
	else if (!put && r == 0 && mt_conv.get_zero && x->model.n)
		r = ok;
	else if (!put && mt_conv_says_too_small(r))
		r = -EMSGSIZE; /* reported once by the probe: an error, not a message */
	mt_called(x, put, r);

	if (left != 0) { /* no point failed: the plain call */
		mt_check_result(x, r, ok);
		pt = (struct mt_point){ .kind = MT_PT_SILENT, .in_call = false };
	} else {
		mt_failnth_point(f, &pt);
		count(t, &pt, r, ok);
		if (!allowed(x, put, &pt, r, ok, len)) {
			expected_for(put, &pt, ok, want, sizeof(want));
			mt_fail(x, MT_OR_RESULT, r == ok ? MT_BUG_UNCHECKED_COPY : mt_result_bug(x, r, !pt.in_call || pt.in_debug), want, mt_ename(r, got), "fail-nth %d failed a %s point%s%s", n,
				mt_point_kind_name(pt.kind), pt.in_call ? "" : " of the arming write()/pread()",
				pt.in_debug ? " inside a debug facility" : "");
		}
	}
	mt_check_counters(x, r == ok ? (put ? 1 : -1) : 0, put ? len : x->sym.size);
	x->copy_failed = left == 0 && pt.kind == MT_PT_USERCOPY && pt.in_call;
	if (!put)
		mt_check_get_buffer(x, &p, r, x->model.n ? &top : NULL);
	x->copy_failed = false;
	if (r == ok) {
		if (put)
			mt_model_push(&x->model, len, (uint32_t)x->idx, (uint32_t)n);
		else if (next >= 0)
			mt_model_remove(&x->model, next);
	}
	mt_check_contents(x); /* drains the box */
	return left != 0;
}

void mt_do_sweep(struct ctx *x, long len)
{
	struct mt_failnth f;
	struct tally t = { 0 };
	const char *why = "";
	int n, done = 0;

	if (mt_fault_setup(&why)) {
		mt_skip(x, why);
		return;
	}
	if (mt_failnth_open(&f)) {
		mt_skip(x, "cannot open /proc/thread-self/fail-nth and /dev/kmsg");
		return;
	}
	for (n = 1; n <= MT_SWEEP_MAX && !done && x->r->status == MT_PASS; n++) {
		if (n > 1) { /* the same box for every n */
			x->model.n = 0;
			if (mt_setup_box(x))
				break;
			x->sym.size = x->model.n ? x->model.m[mt_model_next(&x->model)].len : 0;
		}
		done = one(x, &f, n, len, &t) != 0;
	}
	mt_failnth_close(&f);
	if (!done && x->r->status == MT_PASS)
		mt_fail(x, MT_OR_NTH, MT_BUG_OTHER, "the call runs out of injection points", "more than 2000", "fail-nth sweep did not end");
	mt_note(x, "%s of %ld bytes: %d injection points (%d fail_usercopy, %d failslab, %d fail_page_alloc, "
		"%d silent allocations); %d gave an error, %d were recovered from, %d were not the call's own",
		x->c->call, len, t.points, t.kinds[MT_PT_USERCOPY], t.kinds[MT_PT_SLAB], t.kinds[MT_PT_PAGE],
		t.kinds[MT_PT_SILENT], t.errors, t.recovered, t.not_call);
}
