/*
 * bench_stack_check.c - throughput of mt_check_stack on valid histories
 * of a simulated linearizable stack: 16 workers, one call at a time each,
 * calls overlapping by up to ~40 ticks around their instant of effect and
 * now and then stretched 30 times (a preempted caller).
 *
 * Prints ops/s at 1e5, 1e6 and 1e7 ops and time(1e7)/time(1e6)/10: 1.0
 * would be linear growth, log2(1e7)/log2(1e6) = 1.17 is n log n.
 * Usage: bench_stack_check [max_ops]   (default 10000000)
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "stack_check.h"

#define WORKERS 16
#define SPREAD 40

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * UINT64_C(2685821657736338717);
}

static uint32_t rndn(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

struct gen {
	struct mt_op *ops;
	size_t n;
	uint64_t *drained;
	size_t nd;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

static unsigned pick_worker(struct rng *r, const uint64_t *ready, uint64_t t)
{
	unsigned start = rndn(r, WORKERS);

	for (unsigned j = 0; j < WORKERS; j++) {
		unsigned k = (start + j) % WORKERS;

		if (ready[k] <= t)
			return k;
	}
	return WORKERS;
}

static uint64_t earliest(const uint64_t *ready)
{
	uint64_t t = UINT64_MAX;

	for (unsigned k = 0; k < WORKERS; k++)
		t = ready[k] < t ? ready[k] : t;
	return t;
}

/* call k takes effect at instant t_k (increasing) and spans it */
static void generate(struct gen *g, size_t n, uint64_t seed)
{
	struct rng r = { seed };
	uint64_t ready[WORKERS] = { 0 }, t = 1000000000;
	uint32_t seq[WORKERS] = { 0 };
	uint64_t *st = xmalloc(n * sizeof(*st));
	size_t sp = 0;

	g->ops = xmalloc(n * sizeof(*g->ops));
	g->n = n;
	for (size_t k = 0; k < n; k++) {
		struct mt_op *o = &g->ops[k];
		unsigned w;
		uint64_t slack;

		t += 1 + rndn(&r, 3);
		w = pick_worker(&r, ready, t);
		if (w == WORKERS) {
			t = earliest(ready);
			w = pick_worker(&r, ready, t);
		}
		slack = t - ready[w] + 1 < SPREAD ? t - ready[w] + 1 : SPREAD;
		memset(o, 0, sizeof(*o));
		o->inv = t - rndn(&r, (uint32_t)slack);
		o->res = t + 1 + rndn(&r, SPREAD);
		if (!rndn(&r, 64))
			o->res += rndn(&r, 30 * SPREAD);
		ready[w] = o->res;
		o->worker = (uint16_t)w;
		o->seq = seq[w]++;
		if (rndn(&r, 2)) {
			o->kind = MT_OP_PUT;
			o->value = ((uint64_t)(w + 1) << 32) | o->seq;
			st[sp++] = o->value;
		} else if (!sp) {
			o->kind = MT_OP_GET_EMPTY;
		} else {
			o->kind = MT_OP_GET;
			o->value = st[--sp];
		}
	}
	/* the drain reads the box top down */
	g->drained = xmalloc(sp * sizeof(*g->drained));
	g->nd = sp;
	for (size_t k = 0; k < sp; k++)
		g->drained[k] = st[sp - 1 - k];
	free(st);
}

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct timing {
	double wall, cpu; /* best of the runs, seconds */
};

/*
 * Best of `reps` runs.  CPU time is reported too: on a loaded machine
 * the wall clock also counts time spent waiting for a core.
 */
static struct timing bench(size_t n, int reps, struct mt_verdict *v)
{
	struct timing best = { 1e30, 1e30 };
	struct mt_history h;
	struct gen g;

	generate(&g, n, 0xbe9c4 + n);
	h = (struct mt_history){ g.ops, g.n, g.drained, g.nd };
	for (int i = 0; i < reps; i++) {
		double w0 = clock_s(CLOCK_MONOTONIC);
		double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w, c;

		if (mt_check_stack(&h, v) != 0) {
			fprintf(stderr, "valid history judged invalid:\n");
			mt_verdict_print(stderr, v);
			exit(1);
		}
		w = clock_s(CLOCK_MONOTONIC) - w0;
		c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		best.wall = w < best.wall ? w : best.wall;
		best.cpu = c < best.cpu ? c : best.cpu;
	}
	free(g.ops);
	free(g.drained);
	return best;
}

int main(int argc, char **argv)
{
	size_t max = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	static struct mt_verdict v;
	struct timing t6 = { 0, 0 }, t7 = { 0, 0 };

	printf("mt_check_stack on valid histories, %d workers, best of runs "
	       "(wall clock; CPU time)\n", WORKERS);
	for (size_t n = 100000; n <= max; n *= 10) {
		struct timing t = bench(n, n >= 10000000 ? 2 : 5, &v);

		printf("  %9zu ops: %7.3f s %6.2f Mops/s; %7.3f s %6.2f Mops/s"
		       "  (messages %" PRIu64 ": %" PRIu64 " trivial, %" PRIu64
		       " searched; busy periods %" PRIu64 ", %" PRIu64
		       " searched)\n", n, t.wall, (double)n / t.wall / 1e6,
		       t.cpu, (double)n / t.cpu / 1e6, v.values_ordered,
		       v.values_trivial, v.values_searched, v.segments,
		       v.segments_searched);
		if (n == 1000000)
			t6 = t;
		if (n == 10000000)
			t7 = t;
	}
	if (t6.wall > 0 && t7.wall > 0)
		printf("  growth time(1e7)/time(1e6)/10 = %.2f wall, %.2f CPU "
		       "(1.00 linear, 1.17 n log n)\n", t7.wall / t6.wall / 10,
		       t7.cpu / t6.cpu / 10);
	return 0;
}
