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
 * Leaf peeling, between steps 2 and 3 (derived here; proof at
 * sweep_periods()): a value whose C contains no endpoint of another
 * value's C can be dropped.  Done repeatedly this is bracket matching with
 * a stack during the sweep of step 2; a busy period whose C are laminar
 * vanishes completely, and only the rest (crossing intervals and those
 * enclosing them, the "core") goes to the search of step 3.
 *
 * COST.  Matching puts to gets and sorting times: radix sorts, O(n).  The
 * sweep with peeling: O(n).  The search on a core of k values: per
 * removed root a range decrement on a coverage segment tree that also
 * reports the slots reaching 0 (each slot once), and, only if neither the
 * first pushed nor the last popped value qualifies, a scan of the puts
 * still pending at L (bounded by the number of concurrent callers):
 * O(k log k).  Overall O(n log n).
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
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#endif

#include "stack_check.h"

#include <sys/mman.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define NO_REF UINT32_MAX

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_DIGITS 6 /* 66 bits >= 64 */

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

#define MAX_ALLOCS 32

struct ctx {
	const struct mt_history *h;
	struct mt_verdict *v;
	uint32_t n;        /* h->n_ops                                     */
	uint64_t kmax;     /* largest real time key                        */
	uint64_t kunknown; /* response key of calls that never returned    */

	/* scratch, one entry per op or drained value, reused by every sort:
	 * fresh pages cost more than the sorting                          */
	uint64_t *sk, *tk;
	uint32_t *sp, *tp;

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

	/* busy periods: first and last endpoint */
	uint32_t ncomp;
	uint32_t *comp_p0, *comp_p1;

	uint32_t *loc;     /* global value index -> index in its core */
	size_t (*cnt)[RADIX_SIZE]; /* radix sort digit counts */

	/* memory: one arena, or (plain-malloc builds) a list to free */
	unsigned char *arena;
	size_t arena_size, arena_used;
	void *allocs[MAX_ALLOCS];
	int nallocs;

	/* search buffers, allocated on first use for the largest core */
	int search_ready;
	int32_t *cov, *mn;       /* coverage tree over slots            */
	uint64_t *mna;           /* min-a tree over values              */
	uint8_t *alive;
	uint32_t *bc;            /* b endpoints up to local endpoint e  */
	uint32_t *zeros;
	uint32_t *runs;          /* work stack of slot ranges           */
	uint32_t *cep;           /* core endpoints                      */
	uint64_t *cA;            /* core windows: A, B, C, D            */
	uint32_t *cgi;           /* core: global index, pb, pc          */
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
/* memory                                                                  */

/*
 * Upper bound of all memory one check needs, per op (n ops, d drained):
 * radix scratch 24 B per op or drained value; per message at most 40 B of
 * windows, 28 B of endpoints and periods, ~270 B of search buffers.  The
 * arena reserves that much address space without committing it
 * (MAP_NORESERVE) and asks for transparent huge pages: a run touches
 * ~100-200 B per op, and 4 KiB page faults would cost more than the
 * checking itself.  Builds with MT_CHECK_PLAIN_MALLOC (the sanitizer and
 * valgrind ones) allocate every array separately so that overruns show.
 */
#ifndef MT_CHECK_PLAIN_MALLOC
static size_t arena_bound(size_t n, size_t d)
{
	size_t cap = n + d + 1;

	return 24 * cap + 350 * (n + 1) + (MAX_ALLOCS + 4) * 64 +
	       (size_t)RADIX_DIGITS * RADIX_SIZE * sizeof(size_t);
}
#endif

static void arena_init(struct ctx *c)
{
#ifndef MT_CHECK_PLAIN_MALLOC
	size_t huge = (size_t)2 << 20;
	size_t size = arena_bound(c->n, c->h->n_drained);
	void *p;

	size = (size + huge - 1) / huge * huge;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return; /* fall back to malloc */
#ifdef MADV_HUGEPAGE
	if (size >= 2 * huge)
		(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	c->arena = p;
	c->arena_size = size;
#else
	(void)c;
#endif
}

/* n bytes, 64-byte aligned; NULL when out of memory */
static void *xalloc(struct ctx *c, size_t n)
{
	void *p;

	n = (n + 63) & ~(size_t)63;
	if (!n)
		n = 64;
	if (c->arena) {
		if (n > c->arena_size - c->arena_used)
			return NULL;
		p = c->arena + c->arena_used;
		c->arena_used += n;
		return p;
	}
	if (c->nallocs == MAX_ALLOCS)
		return NULL;
	p = malloc(n);
	if (p)
		c->allocs[c->nallocs++] = p;
	return p;
}

static void mem_free(struct ctx *c)
{
	if (c->arena)
		munmap(c->arena, c->arena_size);
	for (int i = 0; i < c->nallocs; i++)
		free(c->allocs[i]);
}

/* ---------------------------------------------------------------------- */
/* LSD radix sort of keys with a parallel payload, 11 bits per digit.  One
 * pass counts every digit; digits where all keys agree are skipped, so
 * timestamps spanning 2^22 ticks take two passes.  The scratch space
 * (c->tk, c->tp) is shared by all sorts.                                 */

static void radix_sort(struct ctx *c, uint64_t *k, uint32_t *p, size_t n)
{
	uint64_t lo = UINT64_MAX, *sk = k, *dk = c->tk;
	uint32_t *sp = p, *dp = c->tp;
	size_t (*cnt)[RADIX_SIZE] = c->cnt;

	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++)
		lo = k[i] < lo ? k[i] : lo;
	memset(cnt, 0, RADIX_DIGITS * sizeof(*cnt));
	for (size_t i = 0; i < n; i++) {
		uint64_t x = k[i] - lo;

		for (int d = 0; d < RADIX_DIGITS; d++)
			cnt[d][(x >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
	}
	for (int d = 0; d < RADIX_DIGITS; d++) {
		int sh = d * RADIX_BITS;
		size_t sum = 0;

		int same = 0;

		for (size_t b = 0; b < RADIX_SIZE; b++) {
			size_t t = cnt[d][b];

			same |= t == n;
			cnt[d][b] = sum;
			sum += t;
		}
		if (same)
			continue; /* all keys share this digit: nothing to do */
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
}

/* ---------------------------------------------------------------------- */
/* phase 1: count every op; list the references that carry a named value:
 * puts, gets that returned one, drained ones (sk = value, sp = ref).     */

static void count_op(struct ctx *c, const struct mt_op *op)
{
	struct mt_verdict *v = c->v;
	int unk = op_unknown(op);

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

/* returns the number of references; *nputs: how many are puts */
static uint32_t classify_ops(struct ctx *c, uint32_t *nputs)
{
	const struct mt_history *h = c->h;
	uint32_t k = 0;

	c->kmax = 0;
	*nputs = 0;
	for (uint32_t i = 0; i < c->n; i++) {
		const struct mt_op *op = &h->ops[i];

		if (op_malformed(op)) {
			c->v->malformed++;
			continue;
		}
		if (op->kind == MT_OP_IGNORED)
			continue;
		c->kmax = key_inv(op->inv) > c->kmax ? key_inv(op->inv)
						      : c->kmax;
		if (!op_unknown(op) && key_res(op->res) > c->kmax)
			c->kmax = key_res(op->res);
		count_op(c, op);
		if (op->value == MT_VAL_ANON || op->kind == MT_OP_GET_EMPTY ||
		    (op->kind == MT_OP_GET && !get_has_value(op)))
			continue;
		*nputs += op->kind == MT_OP_PUT;
		c->sk[k] = op->value;
		c->sp[k++] = i << 1 | (op->kind == MT_OP_PUT);
	}
	c->v->drained = h->n_drained;
	for (uint32_t j = 0; j < (uint32_t)h->n_drained; j++) {
		if (h->drained[j] == MT_VAL_ANON) {
			c->v->anon_gets++;
			continue;
		}
		c->sk[k] = h->drained[j];
		c->sp[k++] = (c->n + j) << 1;
	}
	/* synthetic keys above every real one: unknown responses, then drain */
	c->kunknown = c->kmax + 2;
	return k;
}

/* ---------------------------------------------------------------------- */
/* phase 2: match puts and gets by sorting every named reference by value  */

/* sorted references carry ref << 1 | is_put */
#define TREF_REF(t) ((t) >> 1)
#define TREF_IS_PUT(t) ((t) & 1u)

static uint64_t ref_value(const struct ctx *c, uint32_t ref)
{
	return ref < c->n ? c->h->ops[ref].value : c->h->drained[ref - c->n];
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

/* all (tagged) references to one value: t[0..k) */
static void judge_value(struct ctx *c, const uint32_t *t, uint32_t k)
{
	uint32_t put = NO_REF, first = NO_REF, np = 0, ng = 0;

	for (uint32_t j = 0; j < k; j++) {
		if (TREF_IS_PUT(t[j])) {
			put = np++ ? put : TREF_REF(t[j]);
			continue;
		}
		first = ng++ ? first : TREF_REF(t[j]);
	}
	if (np > 1) { /* the harness promised distinct values: ignore */
		c->v->malformed += np - 1;
		return;
	}
	if (!np) {
		for (uint32_t j = 0; j < k; j++)
			report_unexpected(c, TREF_REF(t[j]));
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
		if (!TREF_IS_PUT(t[j]) && ++nth > 1)
			report_duplicate(c, put, first, TREF_REF(t[j]), nth);
}

/*
 * Identities are writer << 32 | seq: renumber them hi * (max lo + 1) + lo,
 * which keeps order and equality and is never larger, so that the radix
 * sort typically needs two passes instead of four.
 */
static void pack_values(uint64_t *v, uint32_t k)
{
	uint64_t hmin = UINT64_MAX, hmax = 0, lmax = 0;

	for (uint32_t i = 0; i < k; i++) {
		uint64_t hi = v[i] >> 32, lo = v[i] & 0xffffffffu;

		hmin = hi < hmin ? hi : hmin;
		hmax = hi > hmax ? hi : hmax;
		lmax = lo > lmax ? lo : lmax;
	}
	if (!k || (hmax - hmin + 1) > UINT64_MAX / (lmax + 1) / 2)
		return;
	for (uint32_t i = 0; i < k; i++)
		v[i] = ((v[i] >> 32) - hmin) * (lmax + 1) + (v[i] & 0xffffffffu);
}

static void prefetch_ref(const struct ctx *c, uint32_t t)
{
	if (TREF_REF(t) < c->n)
		__builtin_prefetch(&c->h->ops[TREF_REF(t)]);
}

/* sort the references by value; each run of equal values is one message */
static int match_values(struct ctx *c)
{
	enum { AHEAD = 16 }; /* sorted refs point anywhere: prefetch */
	uint32_t nputs, k = classify_ops(c, &nputs), j;

	pack_values(c->sk, k);
	radix_sort(c, c->sk, c->sp, k);
	c->mcap = nputs ? nputs : 1;
	c->A = xalloc(c, c->mcap * sizeof(*c->A));
	c->B = xalloc(c, c->mcap * sizeof(*c->B));
	c->C = xalloc(c, c->mcap * sizeof(*c->C));
	c->D = xalloc(c, c->mcap * sizeof(*c->D));
	c->putr = xalloc(c, c->mcap * sizeof(*c->putr));
	c->getr = xalloc(c, c->mcap * sizeof(*c->getr));
	if (!c->A || !c->B || !c->C || !c->D || !c->putr || !c->getr)
		return -1;
	for (j = 0; j < k && j < AHEAD; j++)
		prefetch_ref(c, c->sp[j]);
	j = 0;
	while (j < k) {
		uint32_t e = j;

		do {
			if (e + AHEAD < k)
				prefetch_ref(c, c->sp[e + AHEAD]);
			e++;
		} while (e < k && c->sk[e] == c->sk[j]);
		judge_value(c, c->sp + j, e - j);
		j = e;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* phase 3: conservation                                                   */

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
				    "ok at %s; expected a get or the final "
				    "drain to return it, saw neither (%" PRIu64
				    " messages missing, %" PRIu64 " gets that "
				    "never returned may account for as many)",
				    put->value, kfmt(c, key_res(put->res), &k),
				    c->named_missing, u);
		}
	}
	judge_anonymous(c, u - pc);
}

/* ---------------------------------------------------------------------- */
/* phase 4: the order check (steps 1-3 and leaf peeling, see the top)      */

/* sort the values by b and renumber them in that order */
static void sort_values_by_b(struct ctx *c)
{
	uint32_t m = c->m, *perm = c->sp;
	uint64_t *tmp = c->tk;
	uint32_t *tmp32 = c->tp;

	for (uint32_t i = 0; i < m; i++)
		perm[i] = i;
	radix_sort(c, c->B, perm, m);
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
}

/* merge the b's (already sorted) with the sorted c's into one endpoint
 * sequence; b and c keys never tie (see key construction).               */
static int merge_endpoints(struct ctx *c)
{
	uint32_t m = c->m, *ci = c->sp, ib = 0, ic = 0, p = 0;
	uint64_t *ck = c->sk;

	c->ep = xalloc(c, (2 * (size_t)m + 1) * sizeof(*c->ep));
	if (!c->ep)
		return -1;
	for (uint32_t i = 0; i < m; i++) {
		ci[i] = i;
		ck[i] = c->C[i];
	}
	radix_sort(c, ck, ci, m);
	while (p < 2 * m) {
		if (ib < m && (ic >= m || c->B[ib] < ck[ic]))
			c->ep[p++] = ib++ << 1;
		else
			c->ep[p++] = ci[ic++] << 1 | 1u;
	}
	return 0;
}

#define EP_IDX(e) ((e) >> 1)
#define EP_IS_C(e) ((e) & 1u)

/*
 * The core of one busy period, renumbered 0..k-1 in b order: its windows,
 * its value index (b order, global), and its 2k endpoints in time order.
 */
struct core {
	uint32_t k, S;           /* values, slots (= 2k - 1)             */
	uint64_t *A, *B, *C, *D;
	uint32_t *gi;            /* global value index                   */
	uint32_t *pb, *pc;       /* endpoint positions of b and c        */
	uint32_t *ep;            /* local value << 1 | is_c              */
};

/* buffers for a core of up to k values (k = all values: allocated once;
 * in the arena only the pages a search touches are ever committed)      */
static int search_reserve(struct ctx *c, uint32_t k)
{
	size_t ps = 1, pk = 1, s = 2 * (size_t)k;

	if (c->search_ready)
		return 0;
	while (ps < s)
		ps <<= 1;
	while (pk < k)
		pk <<= 1;
	c->cov = xalloc(c, 2 * ps * sizeof(*c->cov));
	c->mn = xalloc(c, 2 * ps * sizeof(*c->mn));
	c->zeros = xalloc(c, ps * sizeof(*c->zeros));
	c->runs = xalloc(c, 2 * (ps + 1) * sizeof(*c->runs));
	c->bc = xalloc(c, (ps + 1) * sizeof(*c->bc));
	c->cep = xalloc(c, (ps + 1) * sizeof(*c->cep));
	c->mna = xalloc(c, 2 * pk * sizeof(*c->mna));
	c->alive = xalloc(c, pk * sizeof(*c->alive));
	c->cA = xalloc(c, 4 * pk * sizeof(*c->cA));
	c->cgi = xalloc(c, 3 * pk * sizeof(*c->cgi));
	if (!c->cov || !c->mn || !c->zeros || !c->runs || !c->bc || !c->cep ||
	    !c->mna || !c->alive || !c->cA || !c->cgi)
		return -1;
	c->search_ready = 1;
	return 0;
}

/*
 * Coverage tree: cov[x] is the number of live critical intervals whose
 * canonical decomposition contains node x; mn[x] = cov[x] + min over the
 * children, so a slot's coverage is the sum of cov on its root path.
 * Decrement [l,r] and append every slot of [l,r] that reaches zero to
 * t->zeros, in increasing order.  A slot at zero is never inside a later
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
 * Min-a tree over the core's values (b order): find a live value in
 * [lo,hi] with a < L and d > R.  Leaves of removed values met on the way
 * are set to "never" so that each is walked over at most once.
 */
struct atree {
	uint64_t *mna;
	const uint64_t *D;
	const uint8_t *alive;
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

/* v1, w1: global indices of the first pushed, last popped values */
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
	example_msg(ex, "busy period %s..%s (%" PRIu32 " messages) needs a "
		    "bottom message, put before %s and got after %s; saw "
		    "none: 0x%" PRIx64 " (first put to return) was got by %s, "
		    "0x%" PRIx64 " (last get to start) was put from %s",
		    kfmt(c, c->B[v1], &k1), kfmt(c, c->C[w1], &k2), nvals,
		    kfmt(c, c->B[v1], &k1), kfmt(c, c->C[w1], &k2),
		    value_of(c, v1), kfmt(c, c->D[v1], &k3), value_of(c, w1),
		    kfmt(c, c->A[w1], &k4));
}

/*
 * Pick the root of the run of slots [x,y]: a value whose whole window
 * covers it.  Try the first value whose push returned and the last value
 * whose pop was invoked before scanning the pushes still pending at L.
 * Returns the local value index, or -1.
 */
static int64_t pick_root(struct ctx *c, const struct core *k, struct atree *at,
			 uint32_t x, uint32_t y, uint32_t npk)
{
	uint32_t v1 = k->ep[x] >> 1, w1 = k->ep[y + 1] >> 1;
	uint64_t L = k->B[v1], R = k->C[w1];

	if (v1 == w1 || k->D[v1] > R)
		return v1;
	if (k->A[w1] < L)
		return w1;
	return atree_find(at, 1, 0, npk - 1, v1, c->bc[y] - 1, L, R);
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

/* renumber the core's endpoints res[0..2k) and copy its windows */
static void core_load(struct ctx *c, struct core *k, const uint32_t *res,
		      uint32_t n)
{
	uint32_t nb = 0;

	k->k = n / 2;
	k->S = n - 1;
	k->A = c->cA;
	k->B = c->cA + k->k;
	k->C = c->cA + 2 * (size_t)k->k;
	k->D = c->cA + 3 * (size_t)k->k;
	k->gi = c->cgi;
	k->pb = c->cgi + k->k;
	k->pc = c->cgi + 2 * (size_t)k->k;
	k->ep = c->cep;
	for (uint32_t p = 0; p < n; p++) {
		uint32_t i = EP_IDX(res[p]), j;

		if (EP_IS_C(res[p])) {
			j = c->loc[i];
			k->pc[j] = p;
			k->ep[p] = j << 1 | 1u;
			continue;
		}
		j = nb++;
		c->loc[i] = j;
		k->gi[j] = i;
		k->A[j] = c->A[i];
		k->B[j] = c->B[i];
		k->C[j] = c->C[i];
		k->D[j] = c->D[i];
		k->pb[j] = p;
		k->ep[p] = j << 1;
	}
}

static void search_build(struct ctx *c, const struct core *k, size_t ps,
			 size_t pk)
{
	int32_t ell = 0;
	uint32_t nb = 0;

	for (uint32_t s = 0; s < ps; s++) {
		if (s < k->S) {
			uint32_t e = k->ep[s];

			ell += EP_IS_C(e) ? -1 : 1;
			nb += !EP_IS_C(e);
			c->bc[s] = nb;
		}
		c->cov[ps + s] = s < k->S ? ell : 0;
		c->mn[ps + s] = s < k->S ? ell : INT32_MAX / 2;
	}
	for (size_t x = ps - 1; x >= 1; x--) {
		int32_t l = c->mn[2 * x], r = c->mn[2 * x + 1];

		c->cov[x] = 0;
		c->mn[x] = l < r ? l : r;
	}
	for (uint32_t i = 0; i < pk; i++) {
		c->mna[pk + i] = i < k->k ? k->A[i] : UINT64_MAX;
		if (i < k->k)
			c->alive[i] = 1;
	}
	for (size_t x = pk - 1; x >= 1; x--)
		c->mna[x] = c->mna[2 * x] < c->mna[2 * x + 1]
				    ? c->mna[2 * x] : c->mna[2 * x + 1];
}

/* the full search (step 3) on the core of one busy period */
static int search_core(struct ctx *c, const uint32_t *res, uint32_t n)
{
	struct core k;
	size_t ps = 1, pk = 1;
	uint32_t sp = 0;
	struct ctree ct;
	struct atree at;

	if (search_reserve(c, c->m))
		return -1;
	core_load(c, &k, res, n);
	c->v->values_searched += k.k;
	while (ps < k.S)
		ps <<= 1;
	while (pk < k.k)
		pk <<= 1;
	search_build(c, &k, ps, pk);
	ct = (struct ctree){ c->cov, c->mn, c->zeros, 0 };
	at = (struct atree){ c->mna, k.D, c->alive };
	c->runs[sp++] = 0;
	c->runs[sp++] = k.S - 1;
	while (sp) {
		uint32_t y = c->runs[--sp], x = c->runs[--sp];
		int64_t r;

		if (x == y) /* one value alone: nothing to order */
			continue;
		r = pick_root(c, &k, &at, x, y, (uint32_t)pk);
		if (r < 0) {
			report_stuck(c, k.gi[k.ep[x] >> 1],
				     k.gi[k.ep[y + 1] >> 1], (y - x + 2) / 2);
			continue; /* drop the period: report each fault once */
		}
		c->alive[r] = 0;
		ct.nz = 0;
		ctree_dec(&ct, 1, 0, (uint32_t)ps - 1, k.pb[r], k.pc[r] - 1, 0);
		sp = push_runs(c, sp, x, y, ct.nz);
	}
	return 0;
}

/*
 * One sweep over the endpoints finds the busy periods (step 2) and peels
 * leaves: a value whose critical interval holds no other endpoint can be
 * dropped without changing the answer (EMPTY gets aside, judged on all
 * values).  Proof: in a solution without it, a point inside its interval
 * (b,c) is a push whose own b lies after c, or a pop whose own c lies
 * before b, and all such pops already precede all such pushes (else two
 * of those intervals would cross, or one value would have b > c); so the
 * pops can be squeezed to just before b and the pushes to just after c
 * keeping every relative order, and the value fits exactly on [b,c].
 * Peeling repeatedly is bracket matching with a stack; what is left at
 * the end of a busy period (crossing intervals and those around them) is
 * its core, which goes to the search.  Laminar periods leave nothing.
 */
static int sweep_periods(struct ctx *c)
{
	uint32_t *res = xalloc(c, (2 * (size_t)c->m + 1) * sizeof(*res));
	uint32_t ell = 0, p0 = 0, sp = 0;
	int rc = 0;

	c->comp_p0 = xalloc(c, c->m * sizeof(*c->comp_p0));
	c->comp_p1 = xalloc(c, c->m * sizeof(*c->comp_p1));
	c->loc = xalloc(c, c->m * sizeof(*c->loc));
	if (!res || !c->comp_p0 || !c->comp_p1 || !c->loc)
		return -1;
	for (uint32_t p = 0; p < 2 * c->m && !rc; p++) {
		uint32_t e = c->ep[p];

		if (!EP_IS_C(e)) {
			if (ell++ == 0)
				p0 = p;
			res[sp++] = e;
			continue;
		}
		if (sp && res[sp - 1] == (e & ~1u))
			sp--; /* a leaf: its b is right before its c */
		else
			res[sp++] = e;
		if (--ell)
			continue;
		c->comp_p0[c->ncomp] = p0;
		c->comp_p1[c->ncomp++] = p;
		if (sp) {
			c->v->segments_searched++;
			rc = search_core(c, res, sp);
			sp = 0;
		}
	}
	c->v->segments = c->ncomp;
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
	sort_values_by_b(c);
	if (merge_endpoints(c) || sweep_periods(c))
		return -1;
	check_empty_gets(c);
	return 0;
}

/* ---------------------------------------------------------------------- */

static int run_check(struct ctx *c)
{
	size_t cap = (size_t)c->n + c->h->n_drained + 1;

	arena_init(c);
	c->sk = xalloc(c, cap * sizeof(*c->sk));
	c->tk = xalloc(c, cap * sizeof(*c->tk));
	c->sp = xalloc(c, cap * sizeof(*c->sp));
	c->tp = xalloc(c, cap * sizeof(*c->tp));
	c->cnt = xalloc(c, RADIX_DIGITS * sizeof(*c->cnt));
	if (!c->sk || !c->tk || !c->sp || !c->tp || !c->cnt ||
	    match_values(c))
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
	mem_free(&c);
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
		" trivially ordered, %" PRIu64 " searched), %" PRIu64
		" busy periods (%" PRIu64 " searched)\n", v->values_ordered,
		v->values_trivial, v->values_searched, v->segments,
		v->segments_searched);
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
