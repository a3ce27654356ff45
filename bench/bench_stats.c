/* bench_stats: median and spread of repeated samples, and the bench.tsv row. */
#include "bench_stats.h"

#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The value at fraction @p of the sorted samples, linearly interpolated. */
static double quantile(const double *v, int n, double p)
{
	double pos = p * (n - 1);
	int i = (int)pos;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

struct mt_bench_stat mt_bench_stat_of(double *v, int n)
{
	struct mt_bench_stat s = { 0 };

	if (n <= 0)
		return s;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	s.n = n;
	s.min = v[0];
	s.max = v[n - 1];
	s.median = quantile(v, n, 0.5);
	s.q1 = quantile(v, n, 0.25);
	s.q3 = quantile(v, n, 0.75);
	return s;
}

void mt_bench_row(FILE *f, const char *kind, const char *name, long size, int procs,
		  const struct mt_bench_stat *s, const char *unit)
{
	fprintf(f, "%s\t%s\t%ld\t%d\t%d\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%s\n", kind, name, size, procs, s->n,
		s->median, s->min, s->max, s->q1, s->q3, unit);
}
