/*
 * test_stack_check.c - unit tests of the stack history checker
 * (checker/stack_check.c), with the exhaustive checker
 * (checker/stack_bruteforce.c) as the reference on small histories.
 *
 * MT_TEST_QUICK=1 (or MT_QUICK=1) in the environment cuts the randomized
 * tests to a tenth (for valgrind).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "history_gen.h"
#include "stack_bruteforce.h"
#include "stack_check.h"

#define V(n) ((UINT64_C(1) << 32) | (uint64_t)(n))
#define NEVER MT_TS_NEVER
#define ANON MT_VAL_ANON

/* MT_TEST_QUICK or (the top-level memcheck target's) MT_QUICK */
static int quick(void)
{
	const char *q = getenv("MT_TEST_QUICK");

	if (!q)
		q = getenv("MT_QUICK");
	return q && *q && *q != '0';
}

/* ---------------------------------------------------------------------- */
/* history builder (history_gen.h): one helper a kind of call            */

static size_t put(struct hb *b, uint64_t v, uint64_t inv, uint64_t res)
{
	return hb_op(b, MT_OP_PUT, v, inv, res);
}

static size_t get(struct hb *b, uint64_t v, uint64_t inv, uint64_t res)
{
	return hb_op(b, MT_OP_GET, v, inv, res);
}

/* a get that never returned but whose value the harness recovered */
static size_t get_recovered(struct hb *b, uint64_t v, uint64_t inv)
{
	size_t i = hb_op(b, MT_OP_GET, v, inv, NEVER);

	b->ops[i].flags = MT_OPF_RECOVERED;
	return i;
}

static size_t empty(struct hb *b, uint64_t inv, uint64_t res)
{
	return hb_op(b, MT_OP_GET_EMPTY, 0, inv, res);
}

static void print_history(FILE *f, const struct mt_history *h)
{
	static const char *const kind[] = { "put", "get", "empty", "ignored" };

	fprintf(f, "history (%zu ops, %zu drained):\n", h->n_ops, h->n_drained);
	for (size_t i = 0; i < h->n_ops; i++) {
		const struct mt_op *o = &h->ops[i];

		fprintf(f, "  [%zu] %-7s ", i, o->kind < 4 ? kind[o->kind] : "?");
		if (o->value == ANON)
			fprintf(f, "anon ");
		else
			fprintf(f, "%" PRIu64 " ", o->value & 0xffffffffu);
		fprintf(f, "inv=%" PRIu64 " res=", o->inv);
		if (o->res == NEVER)
			fprintf(f, "never%s\n", (o->flags & MT_OPF_RECOVERED)
						       ? " recovered" : "");
		else
			fprintf(f, "%" PRIu64 "\n", o->res);
	}
	fprintf(f, "  drain:");
	for (size_t k = 0; k < h->n_drained; k++) {
		if (h->drained[k] == ANON)
			fprintf(f, " anon");
		else
			fprintf(f, " %" PRIu64, h->drained[k] & 0xffffffffu);
	}
	fprintf(f, "\n");
}

/* ---------------------------------------------------------------------- */
/* expectations                                                            */

struct expect {
	uint64_t lost, dup, unexp, ostack, oempty, ogbp, pc;
};

#define EXPECT(...) ((struct expect){ __VA_ARGS__ })

static void check_expect(const struct hb *b, struct expect e)
{
	struct mt_history h = hb_hist(b);
	struct mt_verdict v;
	int rc = mt_check_stack(&h, &v);
	int bad = e.lost || e.dup || e.unexp || e.ostack || e.oempty || e.ogbp;

	if (rc != bad || v.lost != e.lost || v.duplicated != e.dup ||
	    v.unexpected != e.unexp || v.order_stack != e.ostack ||
	    v.order_empty != e.oempty || v.order_get_before_put != e.ogbp ||
	    v.possibly_consumed != e.pc) {
		print_history(stderr, &h);
		mt_verdict_print(stderr, &v);
		fprintf(stderr, "expected: lost %" PRIu64 " dup %" PRIu64
			" unexpected %" PRIu64 " stack %" PRIu64 " empty %"
			PRIu64 " gbp %" PRIu64 " possibly consumed %" PRIu64
			", rc %d (got rc %d)\n", e.lost, e.dup, e.unexp,
			e.ostack, e.oempty, e.ogbp, e.pc, bad, rc);
		fail();
	}
	assert_int_equal(v.order_violations,
			 v.order_stack + v.order_empty + v.order_get_before_put);
}

#define OK EXPECT(0)

/* ---------------------------------------------------------------------- */
/* fixed histories                                                         */

static void test_empty_history(void **state)
{
	struct hb b = { 0 };

	(void)state;
	check_expect(&b, OK);
	empty(&b, 1, 2);
	check_expect(&b, OK);
	hb_free(&b);
}

static void test_sequential_valid(void **state)
{
	struct hb b = { 0 };

	(void)state;
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	get(&b, V(2), 14, 15);
	put(&b, V(3), 16, 17);
	get(&b, V(3), 18, 19);
	get(&b, V(1), 20, 21);
	empty(&b, 22, 23);
	put(&b, V(4), 24, 25);
	put(&b, V(5), 26, 27);
	hb_drain(&b, V(5));
	hb_drain(&b, V(4));
	check_expect(&b, OK);
	hb_free(&b);
}

static void test_drain_is_order_evidence(void **state)
{
	struct hb b = { 0 };

	(void)state;
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	hb_drain(&b, V(1)); /* bottom first: FIFO, not LIFO */
	hb_drain(&b, V(2));
	check_expect(&b, EXPECT(.ostack = 1));
	b.dr[0] = V(2);
	b.dr[1] = V(1);
	check_expect(&b, OK);
	/* overlapping puts: either may be on top */
	b.ops[1].inv = 11;
	b.dr[0] = V(1);
	b.dr[1] = V(2);
	check_expect(&b, OK);
	hb_free(&b);
}

/* the same four ops: FIFO outcome valid only if the puts or gets overlap */
static void test_overlap_decides(void **state)
{
	struct hb b = { 0 };

	(void)state;
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	get(&b, V(1), 30, 31);
	get(&b, V(2), 32, 33);
	check_expect(&b, EXPECT(.ostack = 1));

	b.ops[0].res = 20; /* puts overlap: 2 may be below 1 */
	check_expect(&b, OK);

	b.ops[0].res = 11;
	b.ops[2].res = 40; /* gets overlap: get 2 may go first */
	check_expect(&b, OK);

	b.ops[2].res = 31;
	b.ops[0].res = 12; /* equal ticks count as concurrent */
	check_expect(&b, OK);
	b.ops[0].res = 11;
	b.ops[2].res = 32;
	check_expect(&b, OK);
	hb_free(&b);
}

static void test_lost(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;

	(void)state;
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	get(&b, V(2), 14, 15);
	check_expect(&b, EXPECT(.lost = 1));
	h = hb_hist(&b);
	assert_int_equal(mt_check_stack(&h, &v), 1);
	assert_int_equal(v.n_examples[MT_CAT_LOST], 1);
	assert_int_equal(v.examples[MT_CAT_LOST][0].value, V(1));
	assert_int_equal(v.examples[MT_CAT_LOST][0].ops[0].index, 0);

	/* a get that never returned may have taken it */
	hb_op(&b, MT_OP_GET, 0, 16, NEVER);
	check_expect(&b, EXPECT(.pc = 1));
	/* but only one */
	put(&b, V(3), 17, 18);
	check_expect(&b, EXPECT(.lost = 1, .pc = 1));
	/* an unfinished put that nobody saw never happened: not lost */
	put(&b, V(4), 19, NEVER);
	check_expect(&b, EXPECT(.lost = 1, .pc = 1));
	hb_free(&b);
}

static void test_duplicated(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;

	(void)state;
	put(&b, V(1), 10, 11);
	get(&b, V(1), 12, 13);
	get(&b, V(1), 14, 15);
	check_expect(&b, EXPECT(.dup = 1));
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.examples[MT_CAT_DUPLICATED][0].n_ops, 3);
	hb_drain(&b, V(1));
	check_expect(&b, EXPECT(.dup = 2));
	hb_free(&b);

	put(&b, V(1), 10, 11);
	get(&b, V(1), 12, 13);
	hb_drain(&b, V(1));
	check_expect(&b, EXPECT(.dup = 1));
	hb_free(&b);
}

static void test_unexpected(void **state)
{
	struct hb b = { 0 };

	(void)state;
	get(&b, V(9), 10, 11);
	check_expect(&b, EXPECT(.unexp = 1));
	hb_drain(&b, V(8));
	check_expect(&b, EXPECT(.unexp = 2));
	/* a failed put does not make its value legitimate */
	hb_op(&b, MT_OP_IGNORED, V(9), 1, 2);
	check_expect(&b, EXPECT(.unexp = 2));
	/* but a put that never returned does */
	put(&b, V(8), 1, NEVER);
	check_expect(&b, EXPECT(.unexp = 1));
	hb_free(&b);
}

static void test_empty_while_full(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;

	(void)state;
	put(&b, V(1), 10, 11);
	empty(&b, 20, 21);
	get(&b, V(1), 30, 31);
	check_expect(&b, EXPECT(.oempty = 1));
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.examples[MT_CAT_ORDER][0].order_kind,
			 MT_ORDER_EMPTY);
	assert_int_equal(v.examples[MT_CAT_ORDER][0].value, V(1));

	b.ops[1].inv = 11; /* starts as the put returns: may precede it */
	check_expect(&b, OK);
	b.ops[1].inv = 20;
	b.ops[1].res = 30; /* ends as the get starts: may follow it */
	check_expect(&b, OK);
	hb_free(&b);

	/* held throughout by a chain of two messages: 2 (put first, as
	 * the puts overlap) holds from 21 to 40, 1 from 11 to 25 */
	put(&b, V(1), 10, 11);
	put(&b, V(2), 5, 21);
	get(&b, V(1), 25, 26);
	get(&b, V(2), 40, 41);
	check_expect(&b, OK);
	empty(&b, 15, 35);
	check_expect(&b, EXPECT(.oempty = 1));
	hb_free(&b);

	/* held until the drain */
	put(&b, V(1), 10, 11);
	empty(&b, 20, 21);
	hb_drain(&b, V(1));
	check_expect(&b, EXPECT(.oempty = 1));
	hb_free(&b);
}

static void test_get_before_put(void **state)
{
	struct hb b = { 0 };

	(void)state;
	get(&b, V(1), 10, 11);
	put(&b, V(1), 12, 13);
	check_expect(&b, EXPECT(.ogbp = 1));
	b.ops[0].res = 12; /* same tick: concurrent */
	check_expect(&b, OK);
	hb_free(&b);
}

static void test_unknown_put(void **state)
{
	struct hb b = { 0 };

	(void)state;
	put(&b, V(1), 10, NEVER);
	check_expect(&b, OK);
	get(&b, V(1), 20, 21);
	check_expect(&b, OK);
	hb_free(&b);

	put(&b, V(1), 10, NEVER);
	hb_drain(&b, V(1));
	check_expect(&b, OK);
	hb_free(&b);

	put(&b, V(1), 30, NEVER);
	get(&b, V(1), 10, 11);
	check_expect(&b, EXPECT(.ogbp = 1));
	hb_free(&b);

	/* an unfinished put may take effect any time after it started */
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, NEVER);
	get(&b, V(1), 20, 21);
	hb_drain(&b, V(2));
	check_expect(&b, OK);
	b.ops[1].res = 13; /* had it returned, 1 was buried */
	check_expect(&b, EXPECT(.ostack = 1));
	hb_free(&b);
}

static void test_unknown_get(void **state)
{
	struct hb b = { 0 };

	(void)state;
	/* a recovered get may take effect after later gets */
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	get_recovered(&b, V(1), 20);
	get(&b, V(2), 30, 31);
	check_expect(&b, OK);
	hb_free(&b);

	/* but before the drain */
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	get_recovered(&b, V(1), 20);
	hb_drain(&b, V(2));
	check_expect(&b, EXPECT(.ostack = 1));
	hb_free(&b);

	/* an unknown get took the missing message */
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	hb_op(&b, MT_OP_GET, 0, 20, NEVER);
	get(&b, V(1), 30, 31);
	check_expect(&b, EXPECT(.pc = 1));
	hb_free(&b);
}

static void test_anonymous(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;

	(void)state;
	put(&b, V(1), 10, 11);
	put(&b, ANON, 12, 13);
	get(&b, ANON, 14, 15);
	get(&b, V(1), 16, 17);
	check_expect(&b, OK);
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.anon_puts, 1);
	assert_int_equal(v.anon_gets, 1);
	hb_free(&b);

	put(&b, ANON, 10, 11);
	put(&b, ANON, 12, 13);
	get(&b, ANON, 14, 15);
	hb_drain(&b, ANON);
	check_expect(&b, OK);
	get(&b, ANON, 16, 17); /* one more than was put */
	check_expect(&b, EXPECT(.dup = 1));
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.anon_excess, 1);
	/* unless an unfinished anonymous put supplied it */
	put(&b, ANON, 18, NEVER);
	check_expect(&b, OK);
	hb_free(&b);

	put(&b, ANON, 10, 11);
	put(&b, ANON, 12, 13);
	get(&b, ANON, 14, 15);
	check_expect(&b, EXPECT(.lost = 1));
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.anon_lost, 1);
	hb_op(&b, MT_OP_GET, 0, 16, NEVER);
	check_expect(&b, EXPECT(.pc = 1));
	hb_free(&b);
}

static void test_ignored_and_malformed(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;

	(void)state;
	put(&b, V(1), 10, 11);
	hb_op(&b, MT_OP_IGNORED, V(2), 12, 13);
	get(&b, V(1), 14, 15);
	check_expect(&b, OK);
	put(&b, V(3), 20, 19);  /* res before inv */
	put(&b, V(4), NEVER, NEVER);
	hb_op(&b, 9, V(5), 1, 2);
	put(&b, V(1), 30, 31); /* value put twice: ignored */
	check_expect(&b, OK);
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.malformed, 4);
	hb_free(&b);
}

/*
 * The bottom message is neither the first whose put returned (2) nor the
 * last whose get was invoked (3): only the scan of the puts pending when
 * 2's put returned finds it (1).
 */
static void test_root_found_by_scan(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;

	(void)state;
	put(&b, V(1), 0, 100);
	get(&b, V(1), 300, 400);
	put(&b, V(2), 5, 10);
	get(&b, V(2), 150, 160);
	put(&b, V(3), 200, 210);
	get(&b, V(3), 350, 360);
	check_expect(&b, OK);
	h = hb_hist(&b);
	mt_check_stack(&h, &v);
	assert_int_equal(v.segments_searched, 1);
	b.ops[1].res = 340; /* 1 leaves before 3 can have left */
	check_expect(&b, EXPECT(.ostack = 1));
	hb_free(&b);
}

static void test_independent_violations(void **state)
{
	struct hb b = { 0 };

	(void)state;
	for (uint64_t k = 0; k < 3; k++) {
		uint64_t t = 100 * k;

		put(&b, V(2 * k), t + 10, t + 11);
		put(&b, V(2 * k + 1), t + 12, t + 13);
		/* periods 0 and 2 come out FIFO */
		get(&b, V(2 * k + (k == 1)), t + 14, t + 15);
		get(&b, V(2 * k + (k != 1)), t + 16, t + 17);
	}
	check_expect(&b, EXPECT(.ostack = 2));
	hb_free(&b);
}

static char *verdict_text(const struct mt_verdict *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	mt_verdict_print(f, v);
	fclose(f);
	return buf;
}

static void test_report_text(void **state)
{
	struct hb b = { 0 };
	struct mt_history h;
	struct mt_verdict v;
	char *txt;

	(void)state;
	put(&b, V(1), 10, 11);          /* lost */
	put(&b, V(2), 12, 13);
	get(&b, V(2), 14, 15);
	get(&b, V(2), 16, 17);          /* duplicated */
	get(&b, V(7), 18, 19);          /* unexpected */
	put(&b, V(3), 20, 21);
	empty(&b, 22, 23);              /* empty while 3 held */
	get(&b, V(3), 24, 25);
	h = hb_hist(&b);
	assert_int_equal(mt_check_stack(&h, &v), 1);
	txt = verdict_text(&v);
	assert_non_null(strstr(txt, "stack check: FAIL"));
	assert_non_null(strstr(txt, "lost #1: put of message 0x100000001"));
	assert_non_null(strstr(txt, "duplicated #1: message 0x100000002"));
	assert_non_null(strstr(txt, "unexpected #1: get returned message "
				    "0x100000007"));
	assert_non_null(strstr(txt, "order/empty-while-full #1: get returned "
				    "EMPTY during 22..23"));
	assert_non_null(strstr(txt, "saw 0x100000003"));
	assert_non_null(strstr(txt, "op[6] get-empty worker="));
	assert_non_null(strstr(txt, "expected"));
	free(txt);

	hb_free(&b);
	put(&b, V(1), 10, 11);
	put(&b, V(2), 12, 13);
	get(&b, V(1), 14, 15);
	hb_drain(&b, V(2));
	h = hb_hist(&b);
	assert_int_equal(mt_check_stack(&h, &v), 1);
	txt = verdict_text(&v);
	assert_non_null(strstr(txt, "order/stack #1: busy period 11..drain#0"));
	assert_non_null(strstr(txt, "drain[0]  value=0x100000002"));
	free(txt);
	hb_free(&b);
}

/* ---------------------------------------------------------------------- */
/* differential test against the exhaustive checker                        */

/* slack of a call around its instant; `wide` adds preempted callers */
static uint64_t spread(struct rng *r, int wide)
{
	static const uint64_t s[] = { 0, 0, 0, 1, 2, 4, 8 };
	static const uint64_t w[] = { 0, 0, 1, 2, 5, 12, 30 };

	return wide ? w[rndn(r, 7)] : s[rndn(r, 7)];
}

/*
 * A history of a real sequential stack: the k-th op in linearization
 * order owns the instant 3k+40.5 and its call spans it, plus random slack.
 */
static void gen_valid_small(struct rng *r, struct hb *b, int unknown, int anon,
			    int wide)
{
	uint64_t st[16], next = 1;
	uint32_t sp = 0, n = 2 + rndn(r, 10);

	for (uint32_t k = 0; k < n; k++) {
		uint64_t lin = 3 * (uint64_t)k + 40;
		uint64_t inv = lin - spread(r, wide);
		uint64_t res = lin + 1 + spread(r, wide);
		int do_put = sp == 0 ? rndn(r, 4) != 0 : (int)rndn(r, 2);
		size_t i;

		if (do_put && sp < 16) {
			uint64_t v = anon && !rndn(r, 5) ? ANON : V(next++);

			st[sp++] = v;
			put(b, v, inv, unknown && !rndn(r, 7) ? NEVER : res);
		} else if (sp == 0) {
			empty(b, inv, res);
		} else {
			i = get(b, st[--sp], inv, res);
			if (unknown && !rndn(r, 7)) {
				b->ops[i].res = NEVER;
				b->ops[i].flags = rndn(r, 2) ? MT_OPF_RECOVERED
							     : 0;
			}
		}
	}
	while (sp)
		hb_drain(b, st[--sp]);
}

static size_t pick_kind(struct rng *r, const struct hb *b, uint8_t kind)
{
	size_t start = rndn(r, (uint32_t)b->n);

	for (size_t j = 0; j < b->n; j++) {
		size_t i = (start + j) % b->n;

		if (b->ops[i].kind == kind)
			return i;
	}
	return SIZE_MAX;
}

static uint64_t some_put_value(struct rng *r, const struct hb *b)
{
	size_t i = pick_kind(r, b, MT_OP_PUT);

	return i == SIZE_MAX ? V(99) : b->ops[i].value;
}

static void mutate_drain(struct rng *r, struct hb *b)
{
	if (b->nd >= 2 && rndn(r, 2)) {
		uint32_t i = rndn(r, (uint32_t)b->nd);
		uint32_t j = rndn(r, (uint32_t)b->nd);
		uint64_t t = b->dr[i];

		b->dr[i] = b->dr[j];
		b->dr[j] = t;
	} else if (b->nd && rndn(r, 2)) {
		uint32_t i = rndn(r, (uint32_t)b->nd);

		b->nd--;
		b->dr[i] = b->dr[b->nd];
	} else {
		hb_drain(b, some_put_value(r, b));
	}
}

static void mutate(struct rng *r, struct hb *b)
{
	size_t i, j;

	if (!b->n)
		return;
	switch (rndn(r, 9)) {
	case 0: /* swap the values of two gets */
		i = pick_kind(r, b, MT_OP_GET);
		j = pick_kind(r, b, MT_OP_GET);
		if (i != SIZE_MAX && j != SIZE_MAX) {
			uint64_t t = b->ops[i].value;

			b->ops[i].value = b->ops[j].value;
			b->ops[j].value = t;
		}
		break;
	case 1: /* a get says EMPTY */
		i = pick_kind(r, b, MT_OP_GET);
		if (i != SIZE_MAX)
			b->ops[i].kind = MT_OP_GET_EMPTY;
		break;
	case 2: /* an EMPTY returns something */
		i = pick_kind(r, b, MT_OP_GET_EMPTY);
		if (i != SIZE_MAX) {
			b->ops[i].kind = MT_OP_GET;
			b->ops[i].value = some_put_value(r, b);
		}
		break;
	case 3: { /* move an op in time */
		struct mt_op *o = &b->ops[rndn(r, (uint32_t)b->n)];
		uint64_t d = 1 + rndn(r, 6);

		if (rndn(r, 2)) {
			o->inv += d;
			if (o->res != NEVER)
				o->res += d;
		} else if (o->inv >= d) {
			o->inv -= d;
			if (o->res != NEVER)
				o->res -= d;
		}
		break;
	}
	case 4:
		b->ops[rndn(r, (uint32_t)b->n)].kind = MT_OP_IGNORED;
		break;
	case 5:
		mutate_drain(r, b);
		break;
	case 6: { /* an extra op anywhere */
		uint64_t inv = rndn(r, 40), res = inv + rndn(r, 8);
		uint32_t k = rndn(r, 3);

		if (k == 0)
			put(b, V(200 + b->n), inv, res);
		else if (k == 1)
			get(b, some_put_value(r, b), inv, res);
		else
			empty(b, inv, res);
		break;
	}
	case 7: /* a get returns another put's value */
		i = pick_kind(r, b, MT_OP_GET);
		if (i != SIZE_MAX)
			b->ops[i].value = some_put_value(r, b);
		break;
	default: /* a call never returns */
		i = rndn(r, (uint32_t)b->n);
		b->ops[i].res = NEVER;
		b->ops[i].flags = rndn(r, 2) ? MT_OPF_RECOVERED : 0;
		break;
	}
}

static void gen_random_small(struct rng *r, struct hb *b)
{
	uint32_t n = 1 + rndn(r, 10), nputs = 0;

	for (uint32_t k = 0; k < n; k++) {
		uint64_t inv = rndn(r, 30), res = inv + rndn(r, 10);
		uint32_t kind = rndn(r, 5);

		if (kind < 2 || !nputs) {
			put(b, V(++nputs), inv, res);
		} else if (kind < 4) {
			get(b, V(1 + rndn(r, nputs + 1)), inv, res);
		} else {
			empty(b, inv, res);
		}
	}
	for (uint32_t k = rndn(r, 4); k; k--)
		hb_drain(b, V(1 + rndn(r, nputs + 1)));
}

/* unknown ops and anonymous values are only judged soundly, not exactly */
static int judged_exactly(const struct hb *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct mt_op *o = &b->ops[i];

		if (o->kind == MT_OP_IGNORED)
			continue;
		if (o->res == NEVER ||
		    (o->kind != MT_OP_GET_EMPTY && o->value == ANON))
			return 0;
	}
	for (size_t k = 0; k < b->nd; k++)
		if (b->dr[k] == ANON)
			return 0;
	return 1;
}

struct diff_stats {
	unsigned runs, valid, exact, missed, searched;
};

/* compare on one history; must_be_valid for histories built valid */
static void compare_one(const struct hb *b, int must_be_valid,
			struct diff_stats *ds)
{
	struct mt_history h = hb_hist(b);
	struct mt_verdict v;
	int bf = mt_bruteforce_linearizable(&h);
	int rc = mt_check_stack(&h, &v);
	int exact = judged_exactly(b);
	int bad = bf < 0 || rc < 0 || (must_be_valid && (bf != 1 || rc)) ||
		  (exact && (rc == 0) != (bf == 1)) || (rc == 1 && bf == 1);

	ds->runs++;
	ds->searched += rc >= 0 && v.segments_searched > 0;
	ds->valid += bf == 1;
	ds->exact += exact;
	ds->missed += !exact && rc == 0 && bf == 0;
	if (!bad)
		return;
	fprintf(stderr, "DISAGREEMENT: bruteforce %d, checker rc %d "
		"(exact %d, built valid %d)\n", bf, rc, exact, must_be_valid);
	print_history(stderr, &h);
	mt_verdict_print(stderr, &v);
	fail();
}

static void test_differential(void **state)
{
	unsigned n = quick() ? 2000 : 20000;
	struct diff_stats ds = { 0 };
	struct rng r = { 0x5eed5eed12345ull };

	(void)state;
	for (unsigned it = 0; it < n; it++) {
		struct hb b = { 0 };
		uint32_t mode = it % 5;

		int wide = (it / 5) & 1;

		if (mode < 2) { /* valid by construction */
			gen_valid_small(&r, &b, (it & 3) == 1, (it & 7) == 0,
					wide);
			compare_one(&b, 1, &ds);
		} else if (mode < 4) { /* a valid one, broken a bit */
			gen_valid_small(&r, &b, (it & 7) == 2, (it & 15) == 3,
					wide);
			mutate(&r, &b);
			if (rndn(&r, 2))
				mutate(&r, &b);
			compare_one(&b, 0, &ds);
		} else {
			gen_random_small(&r, &b);
			compare_one(&b, 0, &ds);
		}
		hb_free(&b);
	}
	fprintf(stderr, "differential: %u histories, %u linearizable, %u "
		"needed the search, %u judged exactly; of the rest, %u "
		"violations not detected (unknown/anonymous ops)\n", ds.runs,
		ds.valid, ds.searched, ds.exact, ds.missed);
	assert_true(ds.searched > ds.runs / 20);
}

/* ---------------------------------------------------------------------- */
/* large histories of a simulated linearizable stack                       */

struct big {
	struct hb b;
	uint32_t *partner; /* put <-> get op index, UINT32_MAX if none */
};

/* A history of a simulated linearizable stack (history_gen.h), with each
 * put's get and each get's put in g->partner. */
static void gen_big(struct big *g, const struct hb_params *p, uint64_t seed)
{
	g->partner = malloc(p->n * sizeof(*g->partner));
	assert_non_null(g->partner);
	hb_linearizable(&g->b, g->partner, p, seed);
}

static void big_free(struct big *g)
{
	hb_free(&g->b);
	free(g->partner);
}

static void verdict_of(const struct hb *b, struct mt_verdict *v)
{
	struct mt_history h = hb_hist(b);

	assert_true(mt_check_stack(&h, v) >= 0);
}

/* rc must say "bad", and name the expected category */
static void expect_caught(const struct hb *b, enum mt_category cat,
			  const char *what)
{
	struct mt_verdict v;

	verdict_of(b, &v);
	if (mt_verdict_ok(&v) || !v.n_examples[cat]) {
		fprintf(stderr, "mutation not caught: %s\n", what);
		mt_verdict_print(stderr, &v);
		fail();
	}
}

/*
 * Two gets g1 before g2, of values v1 and v2, with v2 put (returned)
 * before v1 was put and v1 put before g1 started: v1 sits on v2 while g1
 * runs, so g1 cannot return v2.
 */
static int find_swappable(const struct big *g, size_t *g1, size_t *g2)
{
	const struct mt_op *o = g->b.ops;

	for (size_t i = g->b.n / 3; i < g->b.n; i++) {
		size_t p1 = g->partner[i];

		if (o[i].kind != MT_OP_GET || o[i].res == NEVER ||
		    o[i].value == ANON || p1 == UINT32_MAX ||
		    o[p1].res == NEVER || o[p1].res >= o[i].inv)
			continue;
		for (size_t j = i + 1; j < g->b.n && j < i + 2000; j++) {
			size_t p2 = g->partner[j];

			if (o[j].kind != MT_OP_GET || o[j].value == ANON ||
			    o[j].inv <= o[i].res || p2 == UINT32_MAX ||
			    o[p2].res == NEVER || o[p2].res >= o[p1].inv)
				continue;
			*g1 = i;
			*g2 = j;
			return 1;
		}
	}
	return 0;
}

/* a message certainly in the box for a while: put done long before get */
static size_t find_long_stay(const struct big *g)
{
	const struct mt_op *o = g->b.ops;

	for (size_t i = g->b.n / 2; i < g->b.n; i++) {
		size_t gi = g->partner[i];

		if (o[i].kind == MT_OP_PUT && gi != UINT32_MAX &&
		    o[i].value != ANON && o[i].res != NEVER &&
		    o[gi].inv > o[i].res + 4)
			return i;
	}
	return SIZE_MAX;
}

static size_t find_known_get(const struct big *g, size_t from)
{
	for (size_t i = from; i < g->b.n; i++)
		if (g->b.ops[i].kind == MT_OP_GET &&
		    g->b.ops[i].res != NEVER && g->b.ops[i].value != ANON)
			return i;
	return SIZE_MAX;
}

static void test_property_large(void **state)
{
	struct hb_params p = { quick() ? 20000 : 300000, 16, 40, 0, 0 };
	struct big g = { 0 };
	struct mt_verdict v;
	size_t g1 = 0, g2 = 0, i, pi;
	uint64_t t;

	(void)state;
	gen_big(&g, &p, 42);
	verdict_of(&g.b, &v);
	if (!mt_verdict_ok(&v)) {
		mt_verdict_print(stderr, &v);
		fail();
	}
	assert_true(v.segments_searched > 0); /* the search path ran */

	/* swap two gets' values */
	assert_true(find_swappable(&g, &g1, &g2));
	t = g.b.ops[g1].value;
	g.b.ops[g1].value = g.b.ops[g2].value;
	g.b.ops[g2].value = t;
	expect_caught(&g.b, MT_CAT_ORDER, "swap two gets");
	g.b.ops[g2].value = g.b.ops[g1].value;
	g.b.ops[g1].value = t;

	/* a get returns what another get returned */
	g1 = find_known_get(&g, g.b.n / 2);
	g2 = find_known_get(&g, g1 + 1);
	assert_true(g2 != SIZE_MAX);
	t = g.b.ops[g2].value;
	g.b.ops[g2].value = g.b.ops[g1].value;
	expect_caught(&g.b, MT_CAT_DUPLICATED, "duplicate a get");
	verdict_of(&g.b, &v);
	assert_int_equal(v.duplicated, 1);
	assert_int_equal(v.lost, 1);
	g.b.ops[g2].value = t;

	/* drop a get: its message is lost, nothing else */
	g.b.ops[g1].kind = MT_OP_IGNORED;
	verdict_of(&g.b, &v);
	assert_int_equal(v.lost, 1);
	assert_int_equal(v.order_violations + v.duplicated + v.unexpected, 0);
	g.b.ops[g1].kind = MT_OP_GET;

	/* drop a put: its get is unexpected, nothing else */
	pi = g.partner[g1];
	g.b.ops[pi].kind = MT_OP_IGNORED;
	verdict_of(&g.b, &v);
	assert_int_equal(v.unexpected, 1);
	assert_int_equal(v.order_violations + v.duplicated + v.lost, 0);
	g.b.ops[pi].kind = MT_OP_PUT;

	/* an EMPTY get while a message certainly sat in the box */
	i = find_long_stay(&g);
	assert_true(i != SIZE_MAX);
	empty(&g.b, g.b.ops[i].res + 1, g.b.ops[i].res + 2);
	verdict_of(&g.b, &v);
	assert_int_equal(v.order_empty, 1);
	assert_int_equal(v.order_violations, 1);
	expect_caught(&g.b, MT_CAT_ORDER, "empty while full");
	g.b.n--;

	verdict_of(&g.b, &v);
	assert_true(mt_verdict_ok(&v));
	big_free(&g);
}

/* the same, with killed workers, recovered gets, anonymous messages */
static void test_large_unknown_anon_valid(void **state)
{
	struct hb_params p = { quick() ? 20000 : 200000, 64, 30, 8000, 8 };
	struct big g = { 0 };
	struct mt_verdict v;

	(void)state;
	gen_big(&g, &p, 7);
	verdict_of(&g.b, &v);
	if (!mt_verdict_ok(&v)) {
		mt_verdict_print(stderr, &v);
		fail();
	}
	assert_true(v.unknown > 0);
	assert_true(v.anon_puts > 0);
	assert_true(v.anon_gets > 0);
	big_free(&g);
}

/*
 * A deep stack built from pairs of puts: 2j+1 is put inside the call that
 * puts 2j, and got first, so 2j must have taken effect first although it
 * returned last.  Every pair's critical intervals cross, so the full
 * search runs, 2m levels deep.
 */
static void test_deep_stack(void **state)
{
	struct hb b = { 0 };
	uint64_t m = quick() ? 2000 : 50000, t = 20 * m + 100;
	size_t ga = 0, gb = 0;

	(void)state;
	for (uint64_t j = 0; j < m; j++) {
		put(&b, V(2 * j), 20 * j, 20 * j + 12);
		put(&b, V(2 * j + 1), 20 * j + 2, 20 * j + 8);
	}
	for (uint64_t j = m; j-- > 0; t += 4) {
		size_t i;

		get(&b, V(2 * j + 1), t, t + 1);
		i = get(&b, V(2 * j), t + 2, t + 3);
		if (j == m / 2)
			ga = i;
		if (j == m / 4)
			gb = i;
	}
	check_expect(&b, OK);
	{
		struct mt_history h = hb_hist(&b);
		struct mt_verdict v;

		mt_check_stack(&h, &v);
		assert_int_equal(v.segments_searched, 1);
	}
	/* swap two far apart gets: caught, once */
	b.ops[ga].value = V(2 * (m / 4));
	b.ops[gb].value = V(2 * (m / 2));
	check_expect(&b, EXPECT(.ostack = 1));
	hb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_history),
		cmocka_unit_test(test_sequential_valid),
		cmocka_unit_test(test_drain_is_order_evidence),
		cmocka_unit_test(test_overlap_decides),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_duplicated),
		cmocka_unit_test(test_unexpected),
		cmocka_unit_test(test_empty_while_full),
		cmocka_unit_test(test_get_before_put),
		cmocka_unit_test(test_unknown_put),
		cmocka_unit_test(test_unknown_get),
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_ignored_and_malformed),
		cmocka_unit_test(test_root_found_by_scan),
		cmocka_unit_test(test_independent_violations),
		cmocka_unit_test(test_report_text),
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_property_large),
		cmocka_unit_test(test_large_unknown_anon_valid),
		cmocka_unit_test(test_deep_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
