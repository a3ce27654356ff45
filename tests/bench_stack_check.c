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
#include "history_gen.h"
#include "stack_check.h"

#define WORKERS 16
#define SPREAD 40

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
	struct hb_params p = { n, WORKERS, SPREAD, 0, 0 };
	struct mt_history h;
	struct hb g = { 0 };

	hb_linearizable(&g, NULL, &p, 0xbe9c4 + n);
	h = hb_hist(&g);
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
	hb_free(&g);
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
