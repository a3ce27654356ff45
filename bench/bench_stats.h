/* bench_stats: median and spread of repeated samples, and the bench.tsv row. */
#ifndef MT_BENCH_STATS_H
#define MT_BENCH_STATS_H
#include <stddef.h>
#include <stdio.h>

#define MT_BENCH_MAX_REPS 101

struct mt_bench_stat {
	double median, min, max, q1, q3; /* q1, q3: the quartiles (the IQR) */
	int n;
};

/* Sorts @v in place. n == 0 gives all zeros. */
struct mt_bench_stat mt_bench_stat_of(double *v, int n);

/*
 * One row of bench.tsv (columns in bench/README.md):
 * kind name size procs reps median min max q1 q3 unit
 */
void mt_bench_row(FILE *f, const char *kind, const char *name, long size, int procs,
		  const struct mt_bench_stat *s, const char *unit);
#endif
