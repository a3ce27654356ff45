/* The statistics and the row format of make bench (bench/bench_stats.c). */
#define _GNU_SOURCE /* fmemopen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bench_stats.h"

static void odd_count(void **state)
{
	double v[] = { 9, 1, 5, 3, 7 };
	struct mt_bench_stat s = mt_bench_stat_of(v, 5);

	(void)state;
	assert_int_equal(s.n, 5);
	assert_true(s.median == 5 && s.min == 1 && s.max == 9);
	assert_true(s.q1 == 3 && s.q3 == 7);
}

static void even_count_interpolates(void **state)
{
	double v[] = { 4, 1, 3, 2 };
	struct mt_bench_stat s = mt_bench_stat_of(v, 4);

	(void)state;
	assert_true(s.median == 2.5);
	assert_true(s.q1 == 1.75 && s.q3 == 3.25);
}

static void one_and_none(void **state)
{
	double v[] = { 42 };
	struct mt_bench_stat s = mt_bench_stat_of(v, 1), z = mt_bench_stat_of(v, 0);

	(void)state;
	assert_true(s.median == 42 && s.min == 42 && s.max == 42 && s.q1 == 42 && s.q3 == 42);
	assert_int_equal(z.n, 0);
	assert_true(z.median == 0);
}

static void row_has_eleven_columns(void **state)
{
	double v[] = { 100, 200, 300 };
	struct mt_bench_stat s = mt_bench_stat_of(v, 3);
	char buf[256] = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	int tabs = 0;

	(void)state;
	mt_bench_row(f, "pair", "msgbox", 64, 1, &s, "ns/pair");
	fclose(f);
	assert_string_equal(buf, "pair\tmsgbox\t64\t1\t3\t200\t100\t300\t150\t250\tns/pair\n");
	for (char *p = buf; *p; p++)
		tabs += *p == '\t';
	assert_int_equal(tabs, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(odd_count),
		cmocka_unit_test(even_count_interpolates),
		cmocka_unit_test(one_and_none),
		cmocka_unit_test(row_has_eleven_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
