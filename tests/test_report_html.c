/* cmocka tests of report.html (tools/report/report_html.c, report_svg.c):
 * what the page says, its plots, and that it links to nothing outside. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "report.h"
#include "report_svg.h"

static char dir[64];

static void put_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void rm_file(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
}

/* One stress scenario: its scenario line and ops/s. */
static void put_stress(const char *name, const char *scenario, const char *ops_per_s)
{
	char file[128], text[1024];

	snprintf(file, sizeof(file), "stress-%s.tsv", name);
	snprintf(text, sizeof(text), "name\t%s\nverdict\tpass\nscenario\t%s\nseed\t1\nops\t1000\nops_per_s\t%s\n"
		 "lost\t0\nduplicated\t0\ngetppid_ns\t7514\nreport\tstack check: OK\n", name, scenario, ops_per_s);
	put_file(file, text);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/mt-report-html-XXXXXX");
	assert_non_null(mkdtemp(dir));
	put_file("run.tsv", "kernel\t6.1\nflavour\tdebug\nprofile\tstrict\nrepro\tmake run KERNEL=6.1\n");
	put_file("done", "exit\t1\nrelease\t6.1.192\n");
	put_file("planned.tsv", "0\tconventions\tp\n1\tput.a\tf:1\n2\tget.b\tf:2\n3\tget.c\tf:3\n4\tget.d\tf:4\n"
				"5\tstress.plain\ts:1\n");
	put_file("cases.tsv", "0\tconventions\tpass\tprobe\t\t\tconventions: ...\t0.050\n"
			      "1\tput.a\tpass\tput(buf=x, len=1)\t\t\t\t0.010\n"
			      "2\tget.b\tfail\tget(buf=NULL, len=16)\t-EFAULT\t-EINVAL\t<script>alert(1)</script> & more\t"
			      "0.020\tresult\twrong-errno\twrong-errno\n"
			      "4\tget.d\tskip\t\t\t\tneeds /proc\t0.000\n"
			      "5\tstress.plain\tpass\tstress stress.plain\t\t\t\t2.000\n");
	put_file("boots.tsv", "1\t0\tpanic\t3\tget.c\t134\tconsole-1.log\n2\t4\tcomplete\t-1\t-\t1\tconsole-2.log\n");
	put_file("findings-1.tsv", "3\tget.c\tpanic\t77\tKernel panic - not syncing: fault\tline one\\nline two\tcrash\n");
	put_file("conventions.tsv", "learned\t1\nempty\t-61\ntoo_small\t-90\nempty_put\t1\nmax_len\t65536\n");
	put_stress("stress.plain", "workers=16 ops=20000 puts=50% sizes=all uffd=0% signals=none faults=slab:0,page:0,"
				   "usercopy:0 seed=1", "7650.4");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static char *page(void)
{
	struct mt_report r = { 0 };
	char err[256], *buf = NULL;
	size_t n = 0;
	FILE *f;

	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	f = open_memstream(&buf, &n);
	assert_non_null(f);
	mt_report_html(&r, f);
	fclose(f);
	mt_report_free(&r);
	return buf;
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The page says what the run was and what it found, in every section. */
static void test_sections(void **state)
{
	char *h = page();

	(void)state;
	assert_non_null(strstr(h, "<title>msgbox-torture: the reference (kernel-patch/dm510_msgbox.c), "
				  "6.1-debug strict: findings</title>"));
	assert_non_null(strstr(h, "kernel <b>6.1</b> (6.1.192) · flavour <b>debug</b> · profile <b>strict</b>"));
	assert_non_null(strstr(h, "6 cases, 3 passed, 2 failed, 1 skipped, 2 boot(s)"));
	/* groups: get failed 2 of 3 (none n/a), the first failure linked */
	assert_non_null(strstr(h, "<tr class=\"bad\"><td class=\"n\">get</td><td>3</td><td>0</td><td>2</td><td>1</td>"
				  "<td>0</td><td class=\"n\"><a href=\"#case-get_2eb\">get.b</a> [wrong-errno]</td></tr>"));
	/* findings by class, most severe first, with the first case's data */
	assert_non_null(strstr(h, "<div class=\"f\" id=\"bug-crash\">"));
	assert_true(strstr(h, "id=\"bug-crash\"") < strstr(h, "id=\"bug-wrong-errno\""));
	assert_non_null(strstr(h, "<dt>reproduce</dt><dd><code class=\"r\">make run KERNEL=6.1 CASES=get.c</code>"));
	assert_non_null(strstr(h, "<dt>call</dt><dd>get(buf=NULL, len=16)</dd><dt>expected</dt><dd>-EFAULT</dd>"
				  "<dt>got</dt><dd>-EINVAL</dd>"));
	assert_non_null(strstr(h, "<dt>console</dt><dd>[panic] Kernel panic - not syncing: fault</dd>"));
	/* conventions, with the errno's name */
	assert_non_null(strstr(h, "<td class=\"n\">empty</td><td class=\"n\">-61 (-ENODATA)</td>"));
	assert_non_null(strstr(h, "<td class=\"n\">too_small</td><td class=\"n\">-90 (-EMSGSIZE)</td>"));
	/* stress: the table and the bar chart */
	assert_non_null(strstr(h, "<td>7650.4</td>"));
	assert_non_null(strstr(h, "<title>throughput per scenario</title>"));
	/* every case a row, with its anchor */
	assert_int_equal(count(strstr(h, "id=\"case-table\""), "<tr class="), 6);
	assert_non_null(strstr(h, "<tr class=\"bad\" id=\"case-get_2ec\">"));
	assert_non_null(strstr(h, "<tr class=\"skip\" id=\"case-get_2ed\">"));
	free(h);
}

/* A case with thousands of console reports shows three and counts the rest. */
static void test_many_reports(void **state)
{
	FILE *f;
	char path[256], *h;

	(void)state;
	snprintf(path, sizeof(path), "%s/findings-1.tsv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 5000; i++)
		fprintf(f, "3\tget.c\tkasan\t%d\tBUG: KASAN: slab-out-of-bounds #%d\texcerpt %d\tkernel-memory\n", i, i, i);
	fclose(f);
	h = page();
	assert_non_null(strstr(h, "excerpt 2</pre>"));
	assert_null(strstr(h, "excerpt 3</pre>"));
	assert_non_null(strstr(h, "... and 4997 more console reports in this case"));
	assert_true(strlen(h) < 100000);
	free(h);
}

/* Escaped, balanced, and nothing loaded or linked from outside the page. */
static void test_self_contained(void **state)
{
	char *h = page();

	(void)state;
	assert_null(strstr(h, "<script"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
	assert_null(strstr(h, "http://"));
	assert_null(strstr(h, "https://"));
	assert_null(strstr(h, " src="));
	assert_null(strstr(h, "<link"));
	assert_null(strstr(h, "url("));
	assert_null(strstr(h, "@import"));
	assert_int_equal(count(h, "href=\""), count(h, "href=\"#"));
	assert_int_equal(count(h, "<svg"), count(h, "</svg>"));
	assert_int_equal(count(h, "<table"), count(h, "</table>"));
	assert_int_equal(count(h, "<tr"), count(h, "</tr>"));
	assert_int_equal(count(h, "<details>"), count(h, "</details>"));
	assert_int_equal(count(h, "<div"), count(h, "</div>"));
	assert_true(count(h, "<svg class=\"plot\"") >= 2); /* groups, throughput */
	free(h);
}

/* make check's verdict.tsv names the file and the verdict; no findings, no
 * conventions and no stress each say so. */
static void test_verdict_and_empty_sections(void **state)
{
	char *h;

	(void)state;
	put_file("verdict.tsv", "status\tincomplete\ndetail\tno case failed, but 1 case(s) could not be judged\n"
				"impl\tcourse/a.c\nkernel\t6.1\nbuilt\tbuilt-in (as a module: <x> not exported)\n");
	put_file("cases.tsv", "1\tput.a\tpass\tput\t\t\t\t0.010\n4\tget.d\tskip\t\t\t\tneeds /proc\t0.000\n");
	put_file("boots.tsv", "1\t0\tcomplete\t-1\t-\t0\tconsole-1.log\n");
	put_file("planned.tsv", "1\tput.a\tf:1\n4\tget.d\tf:4\n");
	put_file("findings-1.tsv", "");
	rm_file("conventions.tsv");
	rm_file("stress-stress.plain.tsv");
	h = page();
	assert_non_null(strstr(h, "<title>msgbox-torture: course/a.c, 6.1-debug strict: incomplete</title>"));
	assert_non_null(strstr(h, "<span class=\"v v-incomplete\">incomplete</span>"));
	assert_non_null(strstr(h, "<p class=\"note\">no case failed, but 1 case(s) could not be judged</p>"));
	assert_non_null(strstr(h, "<p class=\"note\">built as: built-in (as a module: &lt;x&gt; not exported)</p>"));
	assert_non_null(strstr(h, "No findings: no case failed."));
	assert_non_null(strstr(h, "No conventions.tsv"));
	assert_non_null(strstr(h, "No stress scenario ran"));
	assert_int_equal(count(h, "<svg class=\"plot\""), 1); /* the groups */
	free(h);
}

/* A sweep (scenarios that differ only in workers, or only in a fixed size)
 * is plotted against it; scenarios that differ in more are no curve. */
static void test_sweeps(void **state)
{
	char *h;

	(void)state;
	put_stress("stress.w1", "workers=1 ops=1000 puts=50% sizes=fixed:64 uffd=0% signals=none seed=1", "1500");
	put_stress("stress.w4", "workers=4 ops=1000 puts=50% sizes=fixed:64 uffd=0% signals=none seed=2", "4500");
	put_stress("stress.w16", "workers=16 ops=1000 puts=50% sizes=fixed:64 uffd=0% signals=none seed=3", "16500");
	put_stress("stress.s0", "workers=2 ops=1000 puts=50% sizes=fixed:0 uffd=0% signals=none seed=1", "9000");
	put_stress("stress.s4k", "workers=2 ops=1000 puts=50% sizes=fixed:4096 uffd=0% signals=none seed=1", "900");
	h = page();
	assert_int_equal(count(h, "<title>throughput against process count</title>"), 1);
	assert_int_equal(count(h, "<title>throughput against message size</title>"), 1);
	assert_non_null(strstr(h, "<title>stress.w16: workers 16, ops/s 16500</title>"));
	assert_non_null(strstr(h, "<title>stress.s4k: message size (bytes) 4096, ops/s 900</title>"));
	/* the x axis of sizes is labelled in bytes */
	assert_non_null(strstr(h, ">4K</text>"));
	free(h);

	/* stress.plain (16 workers, sizes=all) and one that differs in uffd too */
	put_file("stress-stress.w1.tsv", "name\tstress.w1\nscenario\tworkers=1 ops=1 puts=50% sizes=all uffd=20% "
					 "signals=none seed=1\nops_per_s\t10\n");
	rm_file("stress-stress.w4.tsv");
	rm_file("stress-stress.w16.tsv");
	rm_file("stress-stress.s0.tsv");
	rm_file("stress-stress.s4k.tsv");
	h = page();
	assert_null(strstr(h, "throughput against process count"));
	assert_null(strstr(h, "throughput against message size"));
	free(h);
}

static void test_svg_numbers(void **state)
{
	char b[64];

	(void)state;
	mt_svg_num(b, sizeof(b), 12);
	assert_string_equal(b, "12");
	mt_svg_num(b, sizeof(b), 7650.44);
	assert_string_equal(b, "7650.4");
	mt_svg_num(b, sizeof(b), 0.866);
	assert_string_equal(b, "0.866");
	mt_svg_num(b, sizeof(b), 0.0 / 0.0);
	assert_string_equal(b, "n/a");
}

/* A bar chart escapes its labels and draws no bar for a value not measured. */
static void test_svg_bars(void **state)
{
	static const struct mt_svg_series s[] = { { "a<b", "#111" }, { "c", "#222" } };
	const char *labels[] = { "x&y", "z" };
	const double v[] = { 10, 0.0 / 0.0, 5, 2 };
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	(void)state;
	mt_svg_hbars(f, "t<1>", "u", labels, 2, v, s, 2, false);
	fclose(f);
	assert_non_null(strstr(buf, "<title>t&lt;1&gt;</title>"));
	assert_non_null(strstr(buf, ">x&amp;y</text>"));
	assert_non_null(strstr(buf, ">a&lt;b</text>"));
	assert_int_equal(count(buf, "</title></rect>"), 3); /* x&y: a only; z: a and c */
	assert_non_null(strstr(buf, "<title>x&amp;y, a&lt;b: 10</title>"));
	assert_non_null(strstr(buf, "<title>z, c: 2</title>"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_contained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdict_and_empty_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweeps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_reports, setup, teardown),
		cmocka_unit_test(test_svg_numbers),
		cmocka_unit_test(test_svg_bars),
	};

	return cmocka_run_group_tests_name("report-html", tests, NULL, NULL);
}
