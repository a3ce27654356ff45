/*
 * stack_check.c - is a put/get history consistent with a linearizable
 * stack, and if not, what exactly went wrong?
 *
 * SOURCES.  The method is linearizability *monitoring* for stacks whose
 * pushed values are distinct ("unambiguous" / "differentiated" histories):
 *
 *  [LM] Zheng Han Lee, Umang Mathur, "Efficient Decrease-And-Conquer
 *       Linearizability Monitoring", arXiv:2410.04581 (OOPSLA 2025): remove
 *       values whose removal leaves an equi-linearizable history until
 *       nothing is left or nothing can be removed; log-linear for stacks.
 *       Taken from it: the "critical interval" of a value (from its push's
 *       response to its pop's invocation, when the value is certainly in
 *       the stack), "tuning" a value's push/pop windows against each other,
 *       dropping values whose push and pop overlap, and judging EMPTY pops
 *       against the instants that no critical interval covers.
 *  [AG] P. A. Abdulla, S. Grahn, B. Jonsson, S. Krishna, O. S. Mishra,
 *       "Efficient Linearizability Monitoring", PLDI 2025, arXiv:2509.17795
 *       (the LiMo tool): O(n^2) for stacks, structured as: compute
 *       "populated" and "deserted" segments, then repeatedly apply
 *       "extreme value removal" and "partitioning"; if neither applies the
 *       history is not linearizable.  This file follows that structure.
 *       [AG] also shows that earlier monitors (e.g. those built on the
 *       Henzinger et al. queue/stack theorems, Emmi-Enea, Violin) have
 *       unsound proofs; nothing here builds on them.
 *
 * HONESTY NOTE.  Only the abstracts and the authors' own outline of both
 * papers were available while writing this, not their full text.  The
 * exact removal and partition rules, their proofs (below), and the
 * O(n log n) data structures were therefore derived here.  The rules are
 * cross-checked against an exhaustive Wing-Gong search (stack_bruteforce.c)
 * on tens of thousands of small histories by tests/test_stack_check.c.
 *
 * THE PROBLEM.  After the bookkeeping below, every message v that matters
 * for ordering has one push, window [a,b] (invocation, response), and one
 * pop, window [c,d] (the final drain supplies sequential pops after
 * everything).  A linearization picks a point s in [a,b] and e in [c,d] per
 * value (s < e), and a point in its window per EMPTY pop.  For distinct
 * values it is a legal stack run iff the "in-stack" intervals [s,e] are
 * laminar (any two nested or disjoint) and no EMPTY point lies in one.
 *
 * Step 1, trivial values [LM]: if c < b (pop invoked before the push
 * returned) the windows share an instant t; in any linearization of the
 * other ops, push v just before t and pop it just after: nothing else sees
 * v.  So v can be dropped without changing the answer.  Every remaining
 * value has a < b < c < d and is certainly in the stack during its
 * critical interval C_v = [b,c].
 *
 * Step 2, partitioning [AG]: let l(t) = number of C_v containing t.  If
 * l(t) = 0 then H is linearizable iff the part left of t (values with C_v
 * before t, pops clipped to end by t) and the part right of t (pushes
 * clipped to start at t) both are.  Proof of "only if": take a solution,
 * move every pop of a left value that lies after t to just before t and
 * every push of a right value that lies before t to just after t, keeping
 * their relative order.  Each moved point stays inside its window (a left
 * value's pop window starts before t, a right value's push window ends
 * after t), the left and right families become disjoint and keep their
 * internal order, so the family stays laminar and the stack is empty at t.
 * Consequences: (a) an EMPTY pop is satisfiable iff its window meets an
 * instant with l = 0 (and else it is a violation), after which EMPTY pops
 * can be forgotten; (b) each maximal busy period ("populated segment")
 * K = [L,R] (L = min b, R = max c over its values) is independent.
 *
 * Step 3, extreme value removal [AG]: inside one busy period the stack is
 * never empty, so one value r (the root) is pushed before and popped after
 * all others of K.  Then a_r < b_v and d_r > c_v for all other v in K;
 * since a_r < b_r and c_r < d_r this is simply
 *        a_r < L  and  d_r > R     (r's whole window covers K)   (*)
 * Conversely, if r satisfies (*) and K \ r is linearizable with all windows
 * clipped into (a_r, d_r), put r's push at a_r and its pop at d_r: K is
 * linearizable.  Any r satisfying (*) will do: given a solution with root
 * r1 and another r2 with (*), no other value is popped before a_r2 (its
 * pop window starts after its b > a_r2) or pushed after d_r2, so the
 * pushes that precede a_r2 can be moved just after it and the pops that
 * follow d_r2 just before it, in order; r2 then directly follows r1, and
 * the two can swap.  Clipping never changes the outcome of (*) later
 * (every later L', R' lies inside (a_r, d_r)), so the raw windows suffice.
 * Removing r may split K into several busy periods: recurse.  If no value
 * of K satisfies (*), K has no linearization: an order violation.
 *
 * A busy period whose critical intervals are already laminar needs no
 * search: its outermost value satisfies (*) with its own C, and so on down.
 * This is checked by a stack sweep and is the common path.
 *
 * COST.  Matching puts to gets and sorting times by radix sort, one
 * sweep: O(n).  Busy
 * periods that need the search: per removed root a range decrement on a
 * coverage segment tree that also reports the slots reaching 0 (each slot
 * once), and, only if neither the first pushed-back nor the last popped
 * value of the period qualifies, a scan of the puts still pending at L
 * (at most the number of concurrent workers): O(n log n) overall.
 *
 * WHAT IS JUDGED, AND WHAT ONLY COUNTED.
 *  - Values returned twice, returned but never put, or returned before
 *    their put began are reported (duplicated / unexpected /
 *    get-before-put) and then left out of the order check, so that one
 *    fault is reported once.  A value put twice is a harness fault:
 *    counted as malformed, otherwise ignored.
 *  - A put that returned 0 whose value nobody got and the drain did not
 *    contain is "lost", unless a get that never returned could have taken
 *    it: then "possibly consumed" (at most one per such get).
 *  - Unknown puts (never returned) that somebody got took effect: their
 *    push may sit anywhere after their invocation.  Unknown puts whose
 *    value never showed up are assumed never to have taken effect.
 *    Unknown gets without a recovered value, and EMPTY gets that never
 *    returned, are left out of the order check; a recovered get pops its
 *    value at some time after its invocation.  Leaving out is sound:
 *    deleting a value's push and pop, or an EMPTY pop, from a legal stack
 *    run leaves a legal stack run.  It can only hide violations.
 *  - Anonymous messages (no identity) are only counted: more anonymous
 *    returns than anonymous puts is "duplicated" (anon_excess), fewer is
 *    "lost" (anon_lost) after unknown gets are credited.  They are left
 *    out of the order check entirely, which is sound by the same deletion
 *    argument (each anonymous get removed an anonymous message, so all
 *    anonymous pushes and pops can be deleted together) but blind to
 *    e.g. an EMPTY get while only anonymous messages were in the box.
 *  - Unknown gets are credited to named missing messages first.
 */
#include "stack_check.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define NO_REF UINT32_MAX

/* ---------------------------------------------------------------------- */
/* time keys: (tick << 1) | is_response, so equal ticks mean "concurrent":
 * an invocation sorts before a response with the same tick.             */

static uint64_t ts_clamp(uint64_t t)
{
	return t > MT_TS_MAX ? MT_TS_MAX : t;
}

static uint64_t key_inv(uint64_t t)
{
	return ts_clamp(t) << 1;
}

static uint64_t key_res(uint64_t t)
{
	return (ts_clamp(t) << 1) | 1u;
}

/* ---------------------------------------------------------------------- */

struct ctx {
	const struct mt_history *h;
	struct mt_verdict *v;
	uint32_t n;        /* h->n_ops                                     */
	uint64_t kmax;     /* largest real time key                        */
	uint64_t kunknown; /* response key of calls that never returned    */

	/* radix sort scratch, shared by every sort */
	uint64_t *tk;
	uint32_t *tp;

	uint64_t named_missing;
	uint32_t miss_ex[MT_MAX_EXAMPLES]; /* puts of a few missing values */
	uint32_t n_miss_ex;

	/* order check input: one entry per value, later sorted by b */
	uint32_t m, mcap;
	uint64_t *A, *B, *C, *D;
	uint32_t *putr, *getr; /* the value's put op, its get reference */

	/* merged endpoints of critical intervals, sorted by key:
	 * ep[p] = value index (b order) << 1 | is_c                       */
	uint32_t *ep;
	uint32_t *posb, *posc;

	/* busy periods: first and last endpoint */
	uint32_t ncomp;
	uint32_t *comp_p0, *comp_p1;

	/* search buffers, sized for the largest busy period searched */
	size_t hcap_k, hcap_s;
	int32_t *cov, *mn;       /* coverage tree over slots            */
	uint64_t *mna;           /* min-a tree over values              */
	uint8_t *alive;
	uint32_t *bc;            /* b endpoints up to local endpoint e  */
	uint32_t *zeros;
	uint32_t nzeros;
	uint32_t *runs;          /* work stack of slot ranges           */
};

/* ---------------------------------------------------------------------- */
/* op access                                                               */

static int op_malformed(const struct mt_op *op)
{
	if (op->kind > MT_OP_IGNORED || op->inv == MT_TS_NEVER)
		return 1;
	return op->res != MT_TS_NEVER && op->res < op->inv;
}

static int op_unknown(const struct mt_op *op)
{
	return op->res == MT_TS_NEVER;
}

/* a get whose returned value is known (returned, or recovered) */
static int get_has_value(const struct mt_op *op)
{
	return op->kind == MT_OP_GET &&
	       (!op_unknown(op) || (op->flags & MT_OPF_RECOVERED));
}

static uint64_t op_res_key(const struct ctx *c, const struct mt_op *op)
{
	return op_unknown(op) ? c->kunknown : key_res(op->res);
}

/* a "get reference" is an op index, or n_ops + position in the drain */
static uint64_t ref_inv_key(const struct ctx *c, uint32_t ref)
{
	if (ref >= c->n)
		return c->kunknown + 2 + 2 * (uint64_t)(ref - c->n);
	return key_inv(c->h->ops[ref].inv);
}

static uint64_t ref_res_key(const struct ctx *c, uint32_t ref)
{
	if (ref >= c->n)
		return c->kunknown + 3 + 2 * (uint64_t)(ref - c->n);
	return op_res_key(c, &c->h->ops[ref]);
}

/* ---------------------------------------------------------------------- */
/* examples                                                                */

static struct mt_example *example_new(struct ctx *c, enum mt_category cat,
				      uint64_t value)
{
	struct mt_verdict *v = c->v;
	struct mt_example *ex;

	if (v->n_examples[cat] >= MT_MAX_EXAMPLES)
		return NULL;
	ex = &v->examples[cat][v->n_examples[cat]++];
	memset(ex, 0, sizeof(*ex));
	ex->value = value;
	return ex;
}

static void example_ref(struct ctx *c, struct mt_example *ex, uint32_t ref)
{
	struct mt_example_op *eo;

	if (!ex || ex->n_ops >= MT_EXAMPLE_OPS || ref == NO_REF)
		return;
	eo = &ex->ops[ex->n_ops++];
	memset(eo, 0, sizeof(*eo));
	if (ref < c->n) {
		eo->index = ref;
		eo->op = c->h->ops[ref];
		return;
	}
	eo->index = ref - c->n;
	eo->is_drain = 1;
	eo->op.kind = MT_OP_GET;
	eo->op.value = c->h->drained[ref - c->n];
	eo->op.inv = MT_TS_NEVER;
	eo->op.res = MT_TS_NEVER;
	eo->op.seq = ref - c->n;
}

static void example_msg(struct mt_example *ex, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void example_msg(struct mt_example *ex, const char *fmt, ...)
{
	va_list ap;

	if (!ex)
		return;
	va_start(ap, fmt);
	vsnprintf(ex->msg, sizeof(ex->msg), fmt, ap);
	va_end(ap);
}

/* a time key as text: the tick, or where a synthetic key sits */
struct kbuf {
	char s[32];
};

static const char *kfmt(const struct ctx *c, uint64_t key, struct kbuf *b)
{
	if (key < c->kunknown)
		snprintf(b->s, sizeof(b->s), "%" PRIu64, key >> 1);
	else if (key == c->kunknown)
		snprintf(b->s, sizeof(b->s), "never");
	else
		snprintf(b->s, sizeof(b->s), "drain#%" PRIu64,
			 (key - c->kunknown - 2) / 2);
	return b->s;
}

/* ---------------------------------------------------------------------- */
/* LSD radix sort of keys with a parallel payload, 11 bits per digit.  One
 * pass counts every digit; digits where all keys agree are skipped, so
 * timestamps spanning 2^22 ticks take two passes.  Scratch space (n
 * entries) comes from the caller, to avoid fresh pages for every sort.   */

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_DIGITS 6 /* 66 bits >= 64 */

static int radix_sort(uint64_t *k, uint32_t *p, size_t n, uint64_t *tk,
		      uint32_t *tp)
{
	uint64_t lo = UINT64_MAX, *sk = k, *dk = tk;
	uint32_t *sp = p, *dp = tp;
	size_t (*cnt)[RADIX_SIZE];

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		lo = k[i] < lo ? k[i] : lo;
	cnt = calloc(RADIX_DIGITS, sizeof(*cnt));
	if (!cnt)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = k[i] - lo;

		for (int d = 0; d < RADIX_DIGITS; d++)
			cnt[d][(x >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
	}
	for (int d = 0; d < RADIX_DIGITS; d++) {
		int sh = d * RADIX_BITS;
		size_t sum = 0;

		if (cnt[d][0] == n)
			continue; /* all keys share this digit (it is 0) */
		for (size_t b = 0; b < RADIX_SIZE; b++) {
			size_t t = cnt[d][b];

			cnt[d][b] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++) {
			size_t pos = cnt[d][((sk[i] - lo) >> sh) &
					    (RADIX_SIZE - 1)]++;

			dk[pos] = sk[i];
			dp[pos] = sp[i];
		}
		{ /* the sorted-so-far data is now in d*: swap roles */
			uint64_t *xk = sk;
			uint32_t *xp = sp;

			sk = dk;
			sp = dp;
			dk = xk;
			dp = xp;
		}
	}
	if (sk != k) {
		memcpy(k, sk, n * sizeof(*k));
		memcpy(p, sp, n * sizeof(*p));
	}
	free(cnt);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* phase 1: count and classify every op                                    */

static void classify_ops(struct ctx *c)
{
	const struct mt_history *h = c->h;
	struct mt_verdict *v = c->v;

	c->kmax = 0;
	for (uint32_t i = 0; i < c->n; i++) {
		const struct mt_op *op = &h->ops[i];
		int unk;

		if (op_malformed(op)) {
			v->malformed++;
			continue;
		}
		if (op->kind == MT_OP_IGNORED)
			continue;
		unk = op_unknown(op);
		c->kmax = key_inv(op->inv) > c->kmax ? key_inv(op->inv)
						      : c->kmax;
		if (!unk && key_res(op->res) > c->kmax)
			c->kmax = key_res(op->res);
		v->unknown += (uint64_t)unk;
		switch (op->kind) {
		case MT_OP_PUT:
			v->puts++;
			if (op->value != MT_VAL_ANON)
				break;
			if (unk)
				v->anon_puts_unknown++;
			else
				v->anon_puts++;
			break;
		case MT_OP_GET:
			v->gets++;
			if (!get_has_value(op))
				v->unknown_gets++;
			else if (op->value == MT_VAL_ANON)
				v->anon_gets++;
			break;
		default:
			v->gets_empty++;
			break;
		}
	}
	/* synthetic keys above every real one: unknown responses, then drain */
	c->kunknown = c->kmax + 2;
}

/* ---------------------------------------------------------------------- */
/* phase 2: match puts and gets by sorting every named reference by value  */

static int is_put_ref(const struct ctx *c, uint32_t ref)
{
	return ref < c->n && c->h->ops[ref].kind == MT_OP_PUT;
}

static uint64_t ref_value(const struct ctx *c, uint32_t ref)
{
	return ref < c->n ? c->h->ops[ref].value : c->h->drained[ref - c->n];
}

/* refs of named puts, of gets that returned a named value, of drained
 * named values; *nputs gets the number of puts among them              */
static uint32_t collect_refs(struct ctx *c, uint64_t *keys, uint32_t *refs,
			     uint32_t *nputs)
{
	uint32_t k = 0;

	*nputs = 0;
	for (uint32_t i = 0; i < c->n; i++) {
		const struct mt_op *op = &c->h->ops[i];

		if (op_malformed(op) || op->value == MT_VAL_ANON ||
		    (op->kind != MT_OP_PUT && !get_has_value(op)))
			continue;
		*nputs += op->kind == MT_OP_PUT;
		keys[k] = op->value;
		refs[k++] = i;
	}
	c->v->drained = c->h->n_drained;
	for (uint32_t j = 0; j < (uint32_t)c->h->n_drained; j++) {
		if (c->h->drained[j] == MT_VAL_ANON) {
			c->v->anon_gets++;
			continue;
		}
		keys[k] = c->h->drained[j];
		refs[k++] = c->n + j;
	}
	return k;
}

static void report_unexpected(struct ctx *c, uint32_t ref)
{
	uint64_t value = ref_value(c, ref);
	struct mt_example *ex;

	c->v->unexpected++;
	ex = example_new(c, MT_CAT_UNEXPECTED, value);
	example_ref(c, ex, ref);
	example_msg(ex, "%s returned message 0x%" PRIx64 " but no put "
		    "(successful or unfinished) put that value; expected only "
		    "values that were put", ref >= c->n ? "final drain" : "get",
		    value);
}

static void report_duplicate(struct ctx *c, uint32_t put, uint32_t first,
			     uint32_t ref, uint32_t nth)
{
	uint64_t value = ref_value(c, ref);
	struct mt_example *ex;

	c->v->duplicated++;
	ex = example_new(c, MT_CAT_DUPLICATED, value);
	example_ref(c, ex, put);
	example_ref(c, ex, first);
	example_ref(c, ex, ref);
	example_msg(ex, "message 0x%" PRIx64 " returned a %" PRIu32 "%s time "
		    "(counting the final drain); expected at most once per put",
		    value, nth, nth == 2 ? "nd" : nth == 3 ? "rd" : "th");
}

static void report_get_before_put(struct ctx *c, uint32_t put, uint32_t get,
				  uint64_t a, uint64_t d)
{
	struct kbuf k1, k2;
	uint64_t value = c->h->ops[put].value;
	struct mt_example *ex;

	c->v->order_get_before_put++;
	ex = example_new(c, MT_CAT_ORDER, value);
	if (!ex)
		return;
	ex->order_kind = MT_ORDER_GET_BEFORE_PUT;
	example_ref(c, ex, put);
	example_ref(c, ex, get);
	example_msg(ex, "get returned message 0x%" PRIx64 " at %s, before "
		    "its put was invoked at %s; expected the put to start "
		    "before the get returns", value, kfmt(c, d, &k1),
		    kfmt(c, a, &k2));
}

/* a value with one put and one get: get-before-put, trivial, or ordered */
static void add_value(struct ctx *c, uint32_t put, uint32_t get)
{
	uint64_t a = key_inv(c->h->ops[put].inv);
	uint64_t b = op_res_key(c, &c->h->ops[put]);
	uint64_t cc = ref_inv_key(c, get), d = ref_res_key(c, get);

	if (d < a) {
		report_get_before_put(c, put, get, a, d);
		return;
	}
	c->v->values_ordered++;
	if (cc < b) {
		c->v->values_trivial++; /* step 1: drop */
		return;
	}
	c->A[c->m] = a;
	c->B[c->m] = b;
	c->C[c->m] = cc;
	c->D[c->m] = d;
	c->putr[c->m] = put;
	c->getr[c->m] = get;
	c->m++;
}

/* all references to one value: refs[0..k) */
static void judge_value(struct ctx *c, const uint32_t *refs, uint32_t k)
{
	uint32_t put = NO_REF, first = NO_REF, np = 0, ng = 0;

	for (uint32_t j = 0; j < k; j++) {
		if (is_put_ref(c, refs[j])) {
			put = np++ ? put : refs[j];
			continue;
		}
		first = ng++ ? first : refs[j];
	}
	if (np > 1) { /* the harness promised distinct values: ignore */
		c->v->malformed += np - 1;
		return;
	}
	if (!np) {
		for (uint32_t j = 0; j < k; j++)
			report_unexpected(c, refs[j]);
		return;
	}
	if (!ng) {
		/* an unfinished put may never have happened */
		if (op_unknown(&c->h->ops[put]))
			return;
		if (c->n_miss_ex < MT_MAX_EXAMPLES)
			c->miss_ex[c->n_miss_ex++] = put;
		c->named_missing++;
		return;
	}
	if (ng == 1) {
		add_value(c, put, first);
		return;
	}
	for (uint32_t j = 0, nth = 0; j < k; j++)
		if (!is_put_ref(c, refs[j]) && ++nth > 1)
			report_duplicate(c, put, first, refs[j], nth);
}

static int match_values(struct ctx *c)
{
	size_t cap = (size_t)c->n + c->h->n_drained + 1;
	uint64_t *keys = malloc(cap * sizeof(*keys));
	uint32_t *refs = malloc(cap * sizeof(*refs)), k, nputs, j = 0;
	int rc = -1;

	c->tk = malloc(cap * sizeof(*c->tk));
	c->tp = malloc(cap * sizeof(*c->tp));
	if (!keys || !refs || !c->tk || !c->tp)
		goto out;
	k = collect_refs(c, keys, refs, &nputs);
	if (radix_sort(keys, refs, k, c->tk, c->tp))
		goto out;
	c->mcap = nputs ? nputs : 1;
	c->A = malloc(c->mcap * sizeof(*c->A));
	c->B = malloc(c->mcap * sizeof(*c->B));
	c->C = malloc(c->mcap * sizeof(*c->C));
	c->D = malloc(c->mcap * sizeof(*c->D));
	c->putr = malloc(c->mcap * sizeof(*c->putr));
	c->getr = malloc(c->mcap * sizeof(*c->getr));
	if (!c->A || !c->B || !c->C || !c->D || !c->putr || !c->getr)
		goto out;
	while (j < k) {
		uint32_t e = j + 1;

		while (e < k && keys[e] == keys[j])
			e++;
		judge_value(c, refs + j, e - j);
		j = e;
	}
	rc = 0;
out:
	free(keys);
	free(refs);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* phase 5: conservation                                                   */

static void judge_anonymous(struct ctx *c, uint64_t credit)
{
	struct mt_verdict *v = c->v;
	uint64_t in_max = v->anon_puts + v->anon_puts_unknown;
	struct mt_example *ex;

	if (v->anon_gets > in_max) {
		v->anon_excess = v->anon_gets - in_max;
		v->duplicated += v->anon_excess;
		ex = example_new(c, MT_CAT_DUPLICATED, MT_VAL_ANON);
		example_msg(ex, "%" PRIu64 " anonymous messages returned "
			    "(gets and drain) but only %" PRIu64 " anonymous "
			    "puts returned ok and %" PRIu64 " never returned; "
			    "expected at most %" PRIu64, v->anon_gets,
			    v->anon_puts, v->anon_puts_unknown, in_max);
	}
	if (v->anon_puts > v->anon_gets) {
		uint64_t miss = v->anon_puts - v->anon_gets;
		uint64_t pc = miss < credit ? miss : credit;

		v->possibly_consumed += pc;
		v->anon_lost = miss - pc;
		v->lost += v->anon_lost;
		if (!v->anon_lost)
			return;
		ex = example_new(c, MT_CAT_LOST, MT_VAL_ANON);
		example_msg(ex, "%" PRIu64 " anonymous puts returned ok but "
			    "only %" PRIu64 " anonymous messages came back "
			    "(gets and drain), %" PRIu64 " unknown gets left to "
			    "credit; expected every one to come back",
			    v->anon_puts, v->anon_gets, credit);
	}
}

static void judge_conservation(struct ctx *c)
{
	struct mt_verdict *v = c->v;
	uint64_t u = v->unknown_gets;
	uint64_t pc = c->named_missing < u ? c->named_missing : u;

	v->possibly_consumed = pc;
	v->lost = c->named_missing - pc;
	if (v->lost) {
		for (uint32_t i = 0; i < c->n_miss_ex; i++) {
			const struct mt_op *put = &c->h->ops[c->miss_ex[i]];
			struct mt_example *ex;
			struct kbuf k;

			ex = example_new(c, MT_CAT_LOST, put->value);
			example_ref(c, ex, c->miss_ex[i]);
			example_msg(ex, "put of message 0x%" PRIx64 " returned "
				    "ok at %s but no get returned it and the "
				    "final drain did not hold it; expected "
				    "one of them to (%" PRIu64 " messages "
				    "missing, %" PRIu64 " unknown gets could "
				    "have taken as many)", put->value,
				    kfmt(c, key_res(put->res), &k),
				    c->named_missing, u);
		}
	}
	judge_anonymous(c, u - pc);
}

/* ---------------------------------------------------------------------- */
/* phase 6: the order check                                                */

/* sort the values by b and renumber them in that order */
static int sort_values_by_b(struct ctx *c)
{
	uint32_t m = c->m, *perm = malloc((m ? m : 1) * sizeof(*perm));
	uint64_t *tmp = c->tk;
	uint32_t *tmp32 = c->tp;

	if (!perm)
		return -1;
	for (uint32_t i = 0; i < m; i++)
		perm[i] = i;
	if (radix_sort(c->B, perm, m, c->tk, c->tp)) {
		free(perm);
		return -1;
	}
#define GATHER(arr, t)                                          \
	do {                                                    \
		for (uint32_t i = 0; i < m; i++)                \
			t[i] = c->arr[perm[i]];                 \
		memcpy(c->arr, t, m * sizeof(*t));              \
	} while (0)
	GATHER(A, tmp);
	GATHER(C, tmp);
	GATHER(D, tmp);
	GATHER(putr, tmp32);
	GATHER(getr, tmp32);
#undef GATHER
	free(perm);
	return 0;
}

/* merge the b's (already sorted) with the sorted c's into one endpoint
 * sequence; b and c keys never tie (see key construction).               */
static int merge_endpoints(struct ctx *c)
{
	uint32_t m = c->m, *ci = malloc((m ? m : 1) * sizeof(*ci));
	uint64_t *ck = malloc((m ? m : 1) * sizeof(*ck));
	uint32_t ib = 0, ic = 0, p = 0;
	int rc = -1;

	c->ep = malloc((2 * (size_t)m + 1) * sizeof(*c->ep));
	c->posb = malloc((m ? m : 1) * sizeof(*c->posb));
	c->posc = malloc((m ? m : 1) * sizeof(*c->posc));
	if (!ci || !ck || !c->ep || !c->posb || !c->posc)
		goto out;
	for (uint32_t i = 0; i < m; i++) {
		ci[i] = i;
		ck[i] = c->C[i];
	}
	if (radix_sort(ck, ci, m, c->tk, c->tp))
		goto out;
	while (p < 2 * m) {
		if (ib < m && (ic >= m || c->B[ib] < ck[ic])) {
			c->posb[ib] = p;
			c->ep[p++] = ib++ << 1;
		} else {
			c->posc[ci[ic]] = p;
			c->ep[p++] = ci[ic++] << 1 | 1u;
		}
	}
	rc = 0;
out:
	free(ci);
	free(ck);
	return rc;
}

#define EP_IDX(e) ((e) >> 1)
#define EP_IS_C(e) ((e) & 1u)

static int heavy_reserve(struct ctx *c, size_t k, size_t s)
{
	size_t ps = 1, pk = 1;

	while (ps < s)
		ps <<= 1;
	while (pk < k)
		pk <<= 1;
	if (ps > c->hcap_s) {
		free(c->cov);
		free(c->mn);
		free(c->zeros);
		free(c->runs);
		free(c->bc);
		c->cov = malloc(2 * ps * sizeof(*c->cov));
		c->mn = malloc(2 * ps * sizeof(*c->mn));
		c->zeros = malloc(ps * sizeof(*c->zeros));
		c->runs = malloc(2 * (ps + 1) * sizeof(*c->runs));
		c->bc = malloc((ps + 1) * sizeof(*c->bc));
		c->hcap_s = ps;
		if (!c->cov || !c->mn || !c->zeros || !c->runs || !c->bc) {
			c->hcap_s = 0;
			return -1;
		}
	}
	if (pk > c->hcap_k) {
		free(c->mna);
		free(c->alive);
		c->mna = malloc(2 * pk * sizeof(*c->mna));
		c->alive = malloc(pk * sizeof(*c->alive));
		c->hcap_k = pk;
		if (!c->mna || !c->alive) {
			c->hcap_k = 0;
			return -1;
		}
	}
	return 0;
}

/*
 * Coverage tree: cov[x] is the number of live critical intervals whose
 * canonical decomposition contains node x; mn[x] = cov[x] + min over the
 * children, so a slot's coverage is the sum of cov on its root path.
 * Decrement [l,r] and append every slot of [l,r] that reaches zero to
 * c->zeros, in increasing order.  A slot at zero is never inside a later
 * decremented range (no live interval covers it), so each is found once.
 */
struct ctree {
	int32_t *cov, *mn;
	uint32_t *zeros;
	uint32_t nz;
};

static void ctree_zeros(struct ctree *t, size_t x, uint32_t nl, uint32_t nr,
			int32_t acc)
{
	uint32_t mid;

	if (nl == nr) {
		t->zeros[t->nz++] = nl;
		return;
	}
	acc += t->cov[x];
	mid = nl + (nr - nl) / 2;
	if (t->mn[2 * x] + acc == 0)
		ctree_zeros(t, 2 * x, nl, mid, acc);
	if (t->mn[2 * x + 1] + acc == 0)
		ctree_zeros(t, 2 * x + 1, mid + 1, nr, acc);
}

static void ctree_dec(struct ctree *t, size_t x, uint32_t nl, uint32_t nr,
		      uint32_t l, uint32_t r, int32_t acc)
{
	uint32_t mid;
	int32_t lo;

	if (r < nl || nr < l)
		return;
	if (l <= nl && nr <= r) {
		t->cov[x]--;
		t->mn[x]--;
		if (t->mn[x] + acc == 0)
			ctree_zeros(t, x, nl, nr, acc);
		return;
	}
	mid = nl + (nr - nl) / 2;
	ctree_dec(t, 2 * x, nl, mid, l, r, acc + t->cov[x]);
	ctree_dec(t, 2 * x + 1, mid + 1, nr, l, r, acc + t->cov[x]);
	lo = t->mn[2 * x] < t->mn[2 * x + 1] ? t->mn[2 * x] : t->mn[2 * x + 1];
	t->mn[x] = t->cov[x] + lo;
}

/*
 * Min-a tree over the busy period's values (b order): find a live value
 * in [lo,hi] with a < L and d > R.  Leaves of removed values met on the
 * way are set to "never" so that each is walked over at most once.
 */
struct atree {
	uint64_t *mna;
	const uint64_t *D;  /* shifted to the period's first value */
	const uint8_t *alive;
	size_t leaves;
};

static int64_t atree_find(struct atree *t, size_t x, uint32_t nl, uint32_t nr,
			  uint32_t lo, uint32_t hi, uint64_t L, uint64_t R)
{
	int64_t got;
	uint32_t mid;

	if (hi < nl || nr < lo || t->mna[x] >= L)
		return -1;
	if (nl == nr) {
		if (!t->alive[nl]) {
			t->mna[x] = UINT64_MAX;
			return -1;
		}
		return t->D[nl] > R ? (int64_t)nl : -1;
	}
	mid = nl + (nr - nl) / 2;
	got = atree_find(t, 2 * x, nl, mid, lo, hi, L, R);
	if (got < 0)
		got = atree_find(t, 2 * x + 1, mid + 1, nr, lo, hi, L, R);
	t->mna[x] = t->mna[2 * x] < t->mna[2 * x + 1] ? t->mna[2 * x]
						       : t->mna[2 * x + 1];
	return got;
}

/* the put and get of order value i (b order) into an example */
static void example_value(struct ctx *c, struct mt_example *ex, uint32_t i)
{
	example_ref(c, ex, c->putr[i]);
	example_ref(c, ex, c->getr[i]);
}

static uint64_t value_of(const struct ctx *c, uint32_t i)
{
	return c->h->ops[c->putr[i]].value;
}

static void report_stuck(struct ctx *c, uint32_t v1, uint32_t w1,
			 uint32_t nvals)
{
	struct kbuf k1, k2, k3, k4;
	struct mt_example *ex;

	c->v->order_stack++;
	ex = example_new(c, MT_CAT_ORDER, value_of(c, v1));
	if (!ex)
		return;
	ex->order_kind = MT_ORDER_STACK;
	example_value(c, ex, v1);
	example_value(c, ex, w1);
	example_msg(ex, "busy period %s..%s (%" PRIu32 " messages): expected "
		    "one message put before %s and got after %s to be at "
		    "the bottom; saw 0x%" PRIx64 " got by %s and 0x%" PRIx64
		    " put from %s, nothing fits",
		    kfmt(c, c->B[v1], &k1), kfmt(c, c->C[w1], &k2), nvals,
		    kfmt(c, c->B[v1], &k1), kfmt(c, c->C[w1], &k2),
		    value_of(c, v1), kfmt(c, c->D[v1], &k3), value_of(c, w1),
		    kfmt(c, c->A[w1], &k4));
}

/*
 * Pick the root of the busy period made of slots [x,y] (local): a value
 * whose whole window covers it.  Try the first value whose push returned
 * and the last value whose pop was invoked before scanning the pushes still
 * pending at L.  Returns the local value index, or -1.
 */
static int64_t pick_root(struct ctx *c, struct atree *at, uint32_t p0,
			 uint32_t i0, uint32_t x, uint32_t y, uint32_t npk)
{
	uint32_t v1 = EP_IDX(c->ep[p0 + x]), w1 = EP_IDX(c->ep[p0 + y + 1]);
	uint64_t L = c->B[v1], R = c->C[w1];

	if (v1 == w1 || c->D[v1] > R)
		return v1 - i0;
	if (c->A[w1] < L)
		return w1 - i0;
	return atree_find(at, 1, 0, npk - 1, v1 - i0, c->bc[y] - 1, L, R);
}

/* split run [x,y] at the new zero slots (sorted, inside it) */
static uint32_t push_runs(struct ctx *c, uint32_t sp, uint32_t x, uint32_t y,
			  uint32_t nz)
{
	uint32_t cur = x;

	for (uint32_t j = 0; j < nz; j++) {
		if (c->zeros[j] > cur) {
			c->runs[sp++] = cur;
			c->runs[sp++] = c->zeros[j] - 1;
		}
		cur = c->zeros[j] + 1;
	}
	if (cur <= y) {
		c->runs[sp++] = cur;
		c->runs[sp++] = y;
	}
	return sp;
}

static void heavy_build(struct ctx *c, uint32_t p0, uint32_t p1, uint32_t i0,
			uint32_t k, size_t ps, size_t pk)
{
	uint32_t S = p1 - p0;
	int32_t ell = 0;
	uint32_t nb = 0;

	for (uint32_t s = 0; s < ps; s++) {
		if (s < S) {
			uint32_t e = c->ep[p0 + s];

			ell += EP_IS_C(e) ? -1 : 1;
			nb += !EP_IS_C(e);
			c->bc[s] = nb;
		}
		c->cov[ps + s] = s < S ? ell : 0;
		c->mn[ps + s] = s < S ? ell : INT32_MAX / 2;
	}
	for (size_t x = ps - 1; x >= 1; x--) {
		int32_t l = c->mn[2 * x], r = c->mn[2 * x + 1];

		c->cov[x] = 0;
		c->mn[x] = l < r ? l : r;
	}
	for (uint32_t i = 0; i < pk; i++) {
		c->mna[pk + i] = i < k ? c->A[i0 + i] : UINT64_MAX;
		if (i < k)
			c->alive[i] = 1;
	}
	for (size_t x = pk - 1; x >= 1; x--)
		c->mna[x] = c->mna[2 * x] < c->mna[2 * x + 1]
				    ? c->mna[2 * x] : c->mna[2 * x + 1];
}

/* the full search on one busy period: endpoints p0..p1, values i0..i1 */
static int heavy_period(struct ctx *c, uint32_t p0, uint32_t p1, uint32_t i0,
			uint32_t i1)
{
	uint32_t k = i1 - i0 + 1, S = p1 - p0, sp = 0;
	size_t ps = 1, pk = 1;
	struct ctree ct;
	struct atree at;

	while (ps < S)
		ps <<= 1;
	while (pk < k)
		pk <<= 1;
	if (heavy_reserve(c, k, S))
		return -1;
	heavy_build(c, p0, p1, i0, k, ps, pk);
	ct = (struct ctree){ c->cov, c->mn, c->zeros, 0 };
	at = (struct atree){ c->mna, c->D + i0, c->alive, pk };
	c->runs[sp++] = 0;
	c->runs[sp++] = S - 1;
	while (sp) {
		uint32_t y = c->runs[--sp], x = c->runs[--sp];
		int64_t r;
		uint32_t ri;

		if (x == y) /* one value alone: nothing to order */
			continue;
		r = pick_root(c, &at, p0, i0, x, y, (uint32_t)pk);
		if (r < 0) {
			report_stuck(c, EP_IDX(c->ep[p0 + x]),
				     EP_IDX(c->ep[p0 + y + 1]),
				     (y - x + 2) / 2);
			continue; /* drop the period: report each fault once */
		}
		ri = (uint32_t)r + i0;
		c->alive[r] = 0;
		ct.nz = 0;
		ctree_dec(&ct, 1, 0, (uint32_t)ps - 1, c->posb[ri] - p0,
			  c->posc[ri] - p0 - 1, 0);
		sp = push_runs(c, sp, x, y, ct.nz);
	}
	return 0;
}

/* is the stack sweep of one busy period properly nested? */
struct sweep {
	uint32_t *stk;
	uint32_t sp;
	int laminar;
};

static int sweep_periods(struct ctx *c)
{
	struct sweep sw = { malloc((c->m ? c->m : 1) * sizeof(uint32_t)), 0, 1 };
	uint32_t ell = 0, p0 = 0, nb = 0, i0 = 0;
	int rc = 0;

	c->comp_p0 = malloc((c->m ? c->m : 1) * sizeof(*c->comp_p0));
	c->comp_p1 = malloc((c->m ? c->m : 1) * sizeof(*c->comp_p1));
	if (!sw.stk || !c->comp_p0 || !c->comp_p1) {
		free(sw.stk);
		return -1;
	}
	for (uint32_t p = 0; p < 2 * c->m && !rc; p++) {
		uint32_t e = c->ep[p], i = EP_IDX(e);

		if (!EP_IS_C(e)) {
			if (ell++ == 0) {
				p0 = p;
				i0 = nb;
				sw.sp = 0;
				sw.laminar = 1;
			}
			nb++;
			sw.stk[sw.sp++] = i;
			continue;
		}
		if (sw.laminar && sw.sp && sw.stk[sw.sp - 1] == i)
			sw.sp--;
		else
			sw.laminar = 0;
		if (--ell)
			continue;
		c->comp_p0[c->ncomp] = p0;
		c->comp_p1[c->ncomp++] = p;
		if (!sw.laminar) {
			c->v->segments_searched++;
			rc = heavy_period(c, p0, p, i0, nb - 1);
		}
	}
	c->v->segments = c->ncomp;
	free(sw.stk);
	return rc;
}

/* start key of busy period j (its first push response) */
static uint64_t period_start(const struct ctx *c, uint32_t j)
{
	return c->B[EP_IDX(c->ep[c->comp_p0[j]])];
}

static uint64_t period_end(const struct ctx *c, uint32_t j)
{
	return c->C[EP_IDX(c->ep[c->comp_p1[j]])];
}

/*
 * The busy period that encloses [x,y], or -1 if some instant of [x,y]
 * may see an empty box.  Gaps between busy periods are (end(j-1),
 * start(j)); the first gap starting after x is the one to test.
 */
static int64_t enclosing_period(const struct ctx *c, uint64_t x, uint64_t y)
{
	uint32_t lo = 0, hi = c->ncomp; /* first j with start(j) > x */

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (period_start(c, mid) > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == 0 || period_end(c, lo - 1) < y)
		return -1;
	return lo - 1;
}

/* values (b order) holding the box non-empty across [x,y] in period j */
static uint32_t cover_chain(const struct ctx *c, uint32_t j, uint64_t x,
			    uint64_t y, uint32_t *out, uint32_t max)
{
	uint32_t i = EP_IDX(c->ep[c->comp_p0[j]]), n = 0, best = i;
	uint64_t from = x;

	while (n < max && from < y) {
		/* the value pushed (b) before `from` that stays longest */
		for (; i < c->m && c->B[i] < from; i++)
			if (c->C[i] > c->C[best])
				best = i;
		out[n++] = best;
		if (c->C[best] <= from)
			break; /* cannot happen in a busy period; be safe */
		from = c->C[best];
	}
	return n;
}

static void report_empty(struct ctx *c, uint32_t opi, uint32_t j,
			 uint64_t x, uint64_t y)
{
	uint32_t chain[2], n;
	struct kbuf k1, k2, k3, k4, k5;
	struct mt_example *ex;

	c->v->order_empty++;
	ex = example_new(c, MT_CAT_ORDER, MT_VAL_ANON);
	if (!ex)
		return;
	ex->order_kind = MT_ORDER_EMPTY;
	example_ref(c, ex, opi);
	n = cover_chain(c, j, x, y, chain, 2);
	for (uint32_t q = 0; q < n; q++)
		example_value(c, ex, chain[q]);
	ex->value = value_of(c, chain[0]);
	example_msg(ex, "get returned EMPTY during %s..%s; expected an instant "
		    "with the box empty, saw 0x%" PRIx64 " in the box from %s "
		    "(put returned) to %s (get invoked)%s%s",
		    kfmt(c, x, &k1), kfmt(c, y, &k2), value_of(c, chain[0]),
		    kfmt(c, c->B[chain[0]], &k3), kfmt(c, c->C[chain[0]], &k4),
		    n > 1 ? ", then the next message until " : "",
		    n > 1 ? kfmt(c, c->C[chain[1]], &k5) : "");
}

static void check_empty_gets(struct ctx *c)
{
	for (uint32_t i = 0; i < c->n; i++) {
		const struct mt_op *op = &c->h->ops[i];
		uint64_t x, y;
		int64_t j;

		if (op->kind != MT_OP_GET_EMPTY || op_malformed(op) ||
		    op_unknown(op))
			continue;
		x = key_inv(op->inv);
		y = key_res(op->res);
		j = enclosing_period(c, x, y);
		if (j >= 0)
			report_empty(c, i, (uint32_t)j, x, y);
	}
}

static int check_order(struct ctx *c)
{
	if (sort_values_by_b(c) || merge_endpoints(c) || sweep_periods(c))
		return -1;
	check_empty_gets(c);
	return 0;
}

/* ---------------------------------------------------------------------- */

static void ctx_free(struct ctx *c)
{
	free(c->tk);
	free(c->tp);
	free(c->A);
	free(c->B);
	free(c->C);
	free(c->D);
	free(c->putr);
	free(c->getr);
	free(c->ep);
	free(c->posb);
	free(c->posc);
	free(c->comp_p0);
	free(c->comp_p1);
	free(c->cov);
	free(c->mn);
	free(c->mna);
	free(c->alive);
	free(c->bc);
	free(c->zeros);
	free(c->runs);
}

static int run_check(struct ctx *c)
{
	classify_ops(c);
	if (match_values(c))
		return -1;
	judge_conservation(c);
	return check_order(c);
}

int mt_check_stack(const struct mt_history *h, struct mt_verdict *v)
{
	struct ctx c;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!h || (h->n_ops && !h->ops) || (h->n_drained && !h->drained) ||
	    h->n_ops >= UINT32_MAX / 2 || h->n_drained >= UINT32_MAX / 2 ||
	    h->n_ops + h->n_drained >= UINT32_MAX / 2) {
		errno = EINVAL;
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.h = h;
	c.v = v;
	c.n = (uint32_t)h->n_ops;
	rc = run_check(&c);
	ctx_free(&c);
	if (rc) {
		memset(v, 0, sizeof(*v));
		errno = ENOMEM;
		return -1;
	}
	v->order_violations = v->order_stack + v->order_empty +
			      v->order_get_before_put;
	return mt_verdict_ok(v) ? 0 : 1;
}

int mt_verdict_ok(const struct mt_verdict *v)
{
	return !v->lost && !v->duplicated && !v->unexpected &&
	       !v->order_violations;
}

/* ---------------------------------------------------------------------- */
/* report                                                                  */

static const char *const cat_name[MT_CAT__COUNT] = {
	"lost", "duplicated", "unexpected", "order",
};

static const char *order_name(uint8_t k)
{
	switch (k) {
	case MT_ORDER_STACK:
		return "order/stack";
	case MT_ORDER_EMPTY:
		return "order/empty-while-full";
	case MT_ORDER_GET_BEFORE_PUT:
		return "order/get-before-put";
	default:
		return "order";
	}
}

static void print_ts(FILE *f, const char *label, uint64_t t)
{
	if (t == MT_TS_NEVER)
		fprintf(f, " %s=never", label);
	else
		fprintf(f, " %s=%" PRIu64, label, t);
}

static void print_op(FILE *f, const struct mt_example_op *eo)
{
	static const char *const kind[] = { "put", "get", "get-empty",
					    "ignored" };
	const struct mt_op *op = &eo->op;

	if (eo->is_drain) {
		fprintf(f, "      drain[%zu]  value=0x%" PRIx64 "\n", eo->index,
			op->value);
		return;
	}
	fprintf(f, "      op[%zu] %-9s worker=%u seq=%u",
		eo->index, op->kind <= 3 ? kind[op->kind] : "?",
		(unsigned)op->worker, (unsigned)op->seq);
	if (op->kind != MT_OP_GET_EMPTY) {
		if (op->value == MT_VAL_ANON)
			fprintf(f, " value=anon");
		else
			fprintf(f, " value=0x%" PRIx64, op->value);
	}
	print_ts(f, "inv", op->inv);
	print_ts(f, "res", op->res);
	if (op->res == MT_TS_NEVER)
		fprintf(f, (op->flags & MT_OPF_RECOVERED) ? " (recovered)"
							   : " (unknown)");
	fputc('\n', f);
}

void mt_verdict_print(FILE *f, const struct mt_verdict *v)
{
	fprintf(f, "stack check: %s: lost %" PRIu64 ", duplicated %" PRIu64
		", unexpected %" PRIu64 ", order %" PRIu64 " (stack %" PRIu64
		", empty-while-full %" PRIu64 ", get-before-put %" PRIu64
		")\n", mt_verdict_ok(v) ? "OK" : "FAIL", v->lost,
		v->duplicated, v->unexpected, v->order_violations,
		v->order_stack, v->order_empty, v->order_get_before_put);
	fprintf(f, "  seen: %" PRIu64 " puts, %" PRIu64 " gets, %" PRIu64
		" empty gets, %" PRIu64 " drained; %" PRIu64 " never "
		"returned (%" PRIu64 " gets of unknown value, %" PRIu64
		" messages possibly consumed by them); anonymous: %" PRIu64
		" puts ok + %" PRIu64 " unfinished, %" PRIu64 " returned; %"
		PRIu64 " malformed ops ignored\n", v->puts, v->gets,
		v->gets_empty, v->drained, v->unknown, v->unknown_gets,
		v->possibly_consumed, v->anon_puts, v->anon_puts_unknown,
		v->anon_gets, v->malformed);
	fprintf(f, "  order check: %" PRIu64 " messages (%" PRIu64
		" trivially ordered), %" PRIu64 " busy periods (%" PRIu64
		" searched)\n", v->values_ordered, v->values_trivial,
		v->segments, v->segments_searched);
	for (int cat = 0; cat < MT_CAT__COUNT; cat++) {
		for (size_t i = 0; i < v->n_examples[cat]; i++) {
			const struct mt_example *ex = &v->examples[cat][i];

			fprintf(f, "  %s #%zu: %s\n",
				cat == MT_CAT_ORDER ? order_name(ex->order_kind)
						    : cat_name[cat],
				i + 1, ex->msg);
			for (int j = 0; j < ex->n_ops; j++)
				print_op(f, &ex->ops[j]);
		}
	}
}
