/* cmocka tests of the summary writer: merging a results dir, and output. */
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

#include "mt_finding.h"
#include "report.h"
#include "tsv.h"

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

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/mt-report-XXXXXX");
	assert_non_null(mkdtemp(dir));
	put_file("planned.tsv", "0\tput.a\tf:1\n1\tget.b\tf:2\n2\tget.c\tf:3\n3\tget.d\tf:4\n4\tget.e\tf:5\n");
	/* boot 1 panicked in case 2; boot 2 ran 3 and 4 */
	put_file("cases.tsv", "0\tput.a\tpass\tput(buf=x, len=1)\t\t\t\t0.010\n"
			      "1\tget.b\tfail\tget(buf=NULL, len=16)\t-EFAULT\t-EINVAL\twrong result\t0.020\n"
			      "3\tget.d\tpass\tget(buf=y, len=1)\t\t\t\t0.010\n"
			      "4\tget.e\tskip\t\t\t\tneeds /proc\\tfile\t0.000\n");
	put_file("boots.tsv", "# boot\tstart\tend\tkiller_idx\tkiller_name\texit\tconsole\n"
			      "1\t0\tpanic\t2\tget.c\t134\tconsole-1.log\n"
			      "2\t3\tcomplete\t-1\t-\t1\tconsole-2.log\n");
	put_file("findings-1.tsv", "2\tget.c\tpanic\t77\tKernel panic - not syncing: Kernel mode fault\tline one\\nline \"two\"\n"
				   "-1\t-\tnoise\t5\tWARNING: suspicious RCU usage\tx\n"
				   "# unfinished 2 get.c\n");
	put_file("findings-2.tsv", "3\tget.d\tkasan\t12\tBUG: KASAN: use-after-free in dm510_get\tBUG: KASAN <x>&\n");
	put_file("done", "exit\t1\nrelease\t6.1.192\n");
	put_file("run.tsv", "kernel\t6.1\nflavour\tdebug\nprofile\tstrict\nrepro\tmake run\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/* No console findings: every boot ran clean. */
static void unlink_findings(void)
{
	char path[128];

	for (int b = 1; b <= 2; b++) {
		snprintf(path, sizeof(path), "%s/findings-%d.tsv", dir, b);
		unlink(path);
	}
}

static struct mt_report load(void)
{
	struct mt_report r = { 0 };
	char err[256];

	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	return r;
}

static struct mt_rcase *by_name(struct mt_report *r, const char *name)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (!strcmp(r->cases[i].name, name))
			return &r->cases[i];
	fail_msg("case %s missing", name);
	return NULL;
}

static void test_merge_verdicts(void **state)
{
	struct mt_report r = load();

	(void)state;
	assert_int_equal(r.n_cases, 5);
	assert_int_equal(r.boots, 2);
	assert_int_equal(r.passed, 1);  /* put.a; get.d had a KASAN report */
	assert_int_equal(r.failed, 3);  /* get.b wrong, get.c panic, get.d kasan */
	assert_int_equal(r.skipped, 1);
	assert_string_equal(by_name(&r, "get.c")->status, "fail");
	assert_non_null(strstr(by_name(&r, "get.c")->got, "panic"));
	assert_int_equal(by_name(&r, "get.c")->n_findings, 1);
	assert_string_equal(by_name(&r, "get.d")->got, "kasan");
	assert_string_equal(by_name(&r, "get.e")->detail, "needs /proc\tfile");
	assert_string_equal(r.release, "6.1.192");
	mt_report_free(&r);
}

static void test_not_run_cases_fail(void **state)
{
	struct mt_report r;

	(void)state;
	put_file("planned.tsv", "0\tput.a\tf:1\n1\tget.b\tf:2\n2\tget.c\tf:3\n3\tget.d\tf:4\n4\tget.e\tf:5\n9\tlate\tf:9\n");
	r = load();
	assert_int_equal(r.failed, 4);
	assert_string_equal(by_name(&r, "late")->got, "not run");
	mt_report_free(&r);
}

static char *render(void (*fn)(const struct mt_report *, FILE *))
{
	struct mt_report r = load();
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	fn(&r, f);
	fclose(f);
	mt_report_free(&r);
	return buf;
}

static void test_json(void **state)
{
	char *j = render(mt_report_json), path[128];

	(void)state;
	assert_non_null(strstr(j, "\"kernel\": \"6.1\""));
	assert_non_null(strstr(j, "\"cases\": 5, \"passed\": 1, \"failed\": 3, \"skipped\": 1"));
	assert_non_null(strstr(j, "\"case\": \"get.b\", \"bug\": \"other\", \"oracle\": \"harness\""));
	assert_non_null(strstr(j, "\"call\": \"get(buf=NULL, len=16)\""));
	/* a panic in a case: its class, and the findings by class */
	assert_non_null(strstr(j, "\"case\": \"get.c\", \"bug\": \"crash\", \"oracle\": \"crash\""));
	assert_non_null(strstr(j, "\"bugs\": [\n    {\"bug\": \"crash\""));
	assert_non_null(strstr(j, "\"expected\": \"-EFAULT\", \"got\": \"-EINVAL\""));
	assert_non_null(strstr(j, "\"reproduce\": \"make run CASES=get.b\""));
	assert_non_null(strstr(j, "line one\\nline \\\"two\\\""));
	assert_null(strstr(j, "suspicious RCU")); /* noise stays out */
	assert_null(strstr(j, "\"verdict\": {")); /* no verdict.tsv: make run */
	free(j);
	/* make check's verdict.tsv: its rows in summary.json */
	put_file("verdict.tsv", "status\tfindings\ndetail\t3 failing case(s)\nimpl\ta/b.c\nkernel\t6.1\n"
				"built\tbuilt-in (as a module: it calls x, which the kernel does not export (modpost))\n");
	j = render(mt_report_json);
	assert_non_null(strstr(j, "\"verdict\": {\"status\": \"findings\", \"detail\": \"3 failing case(s)\", "
				  "\"impl\": \"a/b.c\", \"built\": \"built-in (as a module: it calls x, which the kernel "
				  "does not export (modpost))\"},\n"));
	free(j);
	snprintf(path, sizeof(path), "%s/verdict.tsv", dir);
	unlink(path);
}

static void test_junit_and_tap(void **state)
{
	char *x = render(mt_report_junit), *t = render(mt_report_tap);

	(void)state;
	assert_non_null(strstr(x, "tests=\"5\" failures=\"3\" skipped=\"1\""));
	assert_non_null(strstr(x, "BUG: KASAN &lt;x&gt;&amp;"));
	assert_non_null(strstr(x, "<skipped message=\"needs /proc\tfile\"/>"));
	assert_non_null(strstr(t, "TAP version 13\n1..5\nok 1 - put.a\nnot ok 2 - get.b\n"));
	assert_non_null(strstr(t, "ok 5 - get.e # SKIP"));
	assert_non_null(strstr(t, "  reproduce: 'make run CASES=get.c'"));
	free(x);
	free(t);
}

static void test_stress_section(void **state)
{
	char *j, *t;

	(void)state;
	put_file("planned.tsv", "0\tput.a\tf:1\n1\tget.b\tf:2\n2\tget.c\tf:3\n3\tget.d\tf:4\n4\tget.e\tf:5\n"
				"5\tstress.x\ts:1\n");
	put_file("cases.tsv", "0\tput.a\tpass\t\t\t\t\t0.010\n"
			      "5\tstress.x\tfail\tstress stress.x\tno message lost\tlost 1\tseed 7\t3.000\n");
	put_file("stress-stress.x.tsv", "name\tstress.x\nverdict\tfail\nseed\t7\nops\t2000\nops_per_s\t1500.5\n"
					"lost\t1\nduplicated\t0\ngetppid_ns\t21000\nratio_plain_vs_raw\t0.950\n"
					"report\tstack check: FAIL\\n  lost #1: a message\n");
	j = render(mt_report_json);
	assert_non_null(strstr(j, "\"stress\": [\n    {\"name\": \"stress.x\", \"verdict\": \"fail\""));
	assert_non_null(strstr(j, "\"seed\": 7, "));
	assert_non_null(strstr(j, "\"ops_per_s\": 1500.5, \"lost\": 1, "));
	assert_non_null(strstr(j, "\"corrupted\": null, ")); /* not in the file */
	assert_non_null(strstr(j, "\"ratio_plain_vs_raw\": 0.950, "));
	assert_non_null(strstr(j, "\"report\": \"stack check: FAIL\\n  lost #1: a message\"}"));
	assert_non_null(strstr(j, "\"reproduce\": \"make run CASES=stress.x SEED=7\""));
	t = render(mt_report_text);
	assert_non_null(strstr(t, "stress stress.x: 2000 ops, 1500.5 ops/s, lost 1, duplicated 0,"));
	assert_non_null(strstr(t, "getppid 21.0 us, plain/raw 0.950 (seed 7)"));
	free(j);
	free(t);
}

/* A detail with control bytes, as the harness writes it, comes back whole. */
static void test_escaping(void **state)
{
	const char *detail = "a\x1b[31mred\rb\tc\\d\n\x7f\xff\xfe";
	char *esc = mt_tsv_escape(detail), line[512];
	struct mt_report r = { 0 };
	char err[256];

	(void)state;
	snprintf(line, sizeof(line), "0\tput.a\tfail\tput\t-EINVAL\t0\t%s\t0.010\tresult\taccepts-bad\n", esc);
	put_file("cases.tsv", line);
	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	assert_string_equal(r.cases[0].detail, detail);
	assert_string_equal(r.cases[0].bug, "accepts-bad");
	assert_string_equal(r.cases[0].oracles, "result");
	mt_report_free(&r);
	free(esc);
}

/*
 * Two observers, two findings: the harness saw a race in get.d, and a
 * KASAN report (worse) is tied to the same case; the taint oracle's
 * stand-in (kernel-report) is not a third.
 */
static void test_own_class_beside_console(void **state)
{
	struct mt_report r = { 0 };
	const struct mt_rcase *first[MT_BUG_COUNT];
	int count[MT_BUG_COUNT];
	char err[256];

	(void)state;
	put_file("cases.tsv", "0\tput.a\tpass\tput\t\t\t\t0.010\t\t\t\n"
			      "3\tget.d\tfail\tget\ta message\tanother\tout of order\t0.010\torder,taint\trace\t"
			      "race,kernel-report\n");
	put_file("findings-2.tsv", "3\tget.d\tkasan\t12\tBUG: KASAN: use-after-free in dm510_get\tx\tuse-after-free\n");
	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	assert_string_equal(by_name(&r, "get.d")->bug, "use-after-free");
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_USE_AFTER_FREE], 1);
	assert_int_equal(count[MT_BUG_RACE], 1);
	assert_string_equal(first[MT_BUG_RACE]->name, "get.d");
	if (count[MT_BUG_KERNEL_REPORT] && !strcmp(first[MT_BUG_KERNEL_REPORT]->name, "get.d"))
		fail_msg("the taint oracle's kernel-report listed beside the KASAN report of get.d");
	mt_report_free(&r);
}

/*
 * A panic after a KASAN write report of the same boot is that bug's
 * consequence (the kernel ran on on corrupted memory): the crash case gets
 * the memory class and "crash" is no class of the run; a panic with no
 * such report before it stays a crash.
 */
static void test_panic_after_kasan(void **state)
{
	struct mt_report r = { 0 };
	const struct mt_rcase *first[MT_BUG_COUNT];
	int count[MT_BUG_COUNT];
	char err[256];

	(void)state;
	put_file("cases.tsv", "0\tput.a\tpass\tput\t\t\t\t0.010\t\t\t\n"
			      "1\tget.b\tpass\tget\t\t\t\t0.010\t\t\t\n");
	put_file("findings-1.tsv", "1\tget.b\tkasan\t12\tBUG: KASAN: slab-use-after-free in x\tx\tuse-after-free\n"
				   "2\tget.c\tpanic\t77\tKernel panic - not syncing: Kernel mode fault\tx\tcrash\n");
	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	assert_string_equal(by_name(&r, "get.c")->status, "fail");
	assert_string_equal(by_name(&r, "get.c")->bug, "use-after-free");
	assert_non_null(strstr(by_name(&r, "get.c")->oracles, "crash"));
	assert_non_null(strstr(by_name(&r, "get.c")->detail, "after a use-after-free report in get.b"));
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_CRASH], 0);
	assert_int_equal(count[MT_BUG_USE_AFTER_FREE], 2);
	mt_report_free(&r);

	/* the KASAN report after the panic's line (another boot's): a crash */
	put_file("findings-1.tsv", "2\tget.c\tpanic\t77\tKernel panic - not syncing: Kernel mode fault\tx\tcrash\n");
	put_file("findings-2.tsv", "3\tget.d\tkasan\t12\tBUG: KASAN: use-after-free in dm510_get\tx\tuse-after-free\n");
	r = (struct mt_report){ 0 };
	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	assert_string_equal(by_name(&r, "get.c")->bug, "crash");
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_CRASH], 1);
	mt_report_free(&r);
}

/* The harness killed by the OOM killer in a case whose puts filled the
 * memory: no-box-bound, not a stall of its own. */
static void test_death_by_oom(void **state)
{
	struct mt_report r = { 0 };
	const struct mt_rcase *first[MT_BUG_COUNT];
	int count[MT_BUG_COUNT];
	char err[256];

	(void)state;
	put_file("boots.tsv", "1\t0\tno-result\t2\tget.c\taborted\tconsole-1.log\n"
			      "2\t3\tcomplete\t-1\t-\t1\tconsole-2.log\n");
	put_file("findings-1.tsv", "2\tget.c\toom_kill\t77\tOut of memory: Killed process 32\tx\tno-box-bound\n");
	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	assert_string_equal(by_name(&r, "get.c")->bug, "no-box-bound");
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_BLOCKS_CALLERS], 0);
	mt_report_free(&r);
}

/* lockdep's "Invalid wait context" in the call that slept under a
 * spinlock is the same bug; alone it is a locking bug. */
static void test_wait_context_beside_atomic_sleep(void **state)
{
	struct mt_report r = { 0 };
	const struct mt_rcase *first[MT_BUG_COUNT];
	int count[MT_BUG_COUNT];
	char err[256];

	(void)state;
	put_file("findings-2.tsv", "3\tget.d\tatomic_sleep\t10\tBUG: sleeping function called from invalid context at x\tx"
				   "\tatomic-sleep\n3\tget.d\tlockdep\t60\t[ BUG: Invalid wait context ]\tx\tlocking\n"
				   "4\tget.e\tlockdep\t90\t[ BUG: Invalid wait context ]\tx\tlocking\n");
	assert_int_equal(mt_report_load(&r, dir, err, sizeof(err)), 0);
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_ATOMIC_SLEEP], 1);
	assert_int_equal(count[MT_BUG_LOCKING], 1);
	assert_string_equal(first[MT_BUG_LOCKING]->name, "get.e");
	mt_report_free(&r);
}

/* A stress "race" in a run whose cases saw corrupted bytes without any
 * concurrency is that corruption (stored-pointer); without such a case it
 * stays a race. */
/* Each class the harness saw itself that a worse one cannot explain is a
 * finding of its own: sem-printk's stall.get.put blocks the put (a lock
 * held across the copy) and then loses its message (an ignored -EINTR). */
static void test_every_own_class_counts(void **state)
{
	const struct mt_rcase *first[MT_BUG_COUNT];
	int count[MT_BUG_COUNT];

	(void)state;
	put_file("planned.tsv", "0\tstall.get.put\tf:1\n");
	put_file("boots.tsv", "1\t0\tcomplete\t-1\t-\t1\tconsole-1.log\n");
	unlink_findings();
	put_file("cases.tsv", "0\tstall.get.put\tfail\tget(buf=z, len=16)\tit returns\tit waited\tblocked; also "
			      "contents\t2.4\tprogress,contents\tblocks-callers\tblocks-callers,race\n");
	struct mt_report r = load();

	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_BLOCKS_CALLERS], 1);
	assert_int_equal(count[MT_BUG_RACE], 1);
	mt_report_free(&r);
}

static void test_race_explained_by_corruption(void **state)
{
	const char *rows = "0\tput.a\tpass\tput(buf=x, len=1)\t\t\t\t0.010\n"
			   "1\tget.b\tfail\tget(buf=y, len=16)\tm\t16 bytes, not a message of ours\tdraining\t0.02\t"
			   "contents\t%s\t%s\n"
			   "2\tstall.get.get\tfail\tget(buf=z, len=16)\tone order\tboth seq 1\tno order\t0.1\torder\trace\trace\n"
			   "3\tstress.plain\tfail\tstress stress.plain\tno loss\tlost 9\tlost: ...\t9.0\thistory\trace\trace\n";
	char text[1024];
	const struct mt_rcase *first[MT_BUG_COUNT];
	int count[MT_BUG_COUNT];

	(void)state;
	put_file("planned.tsv", "0\tput.a\tf:1\n1\tget.b\tf:2\n2\tstall.get.get\tf:3\n3\tstress.plain\ts:1\n");
	put_file("boots.tsv", "1\t0\tcomplete\t-1\t-\t1\tconsole-1.log\n");
	unlink_findings();
	snprintf(text, sizeof(text), rows, "corrupted", "corrupted");
	put_file("cases.tsv", text);
	struct mt_report r = load();
	struct mt_rcase *c = by_name(&r, "stress.plain");

	assert_string_equal(c->bug, "corrupted");
	assert_string_equal(c->bugs, "corrupted");
	assert_non_null(strstr(c->detail, "explained by the corruption get.b shows without concurrency"));
	assert_string_equal(by_name(&r, "stall.get.get")->bug, "race"); /* it tells them apart itself */
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_RACE], 1);
	assert_int_equal(count[MT_BUG_CORRUPTED], 2);
	mt_report_free(&r);

	snprintf(text, sizeof(text), rows, "wrong-success", "wrong-success");
	put_file("cases.tsv", text);
	r = load();
	assert_string_equal(by_name(&r, "stress.plain")->bug, "race");
	assert_string_equal(by_name(&r, "stall.get.get")->bug, "race");
	mt_report_bugs(&r, count, first);
	assert_int_equal(count[MT_BUG_RACE], 2);
	mt_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_run_cases_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junit_and_tap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stress_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_class_beside_console, setup, teardown),
		cmocka_unit_test_setup_teardown(test_panic_after_kasan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_context_beside_atomic_sleep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_death_by_oom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_race_explained_by_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_own_class_counts, setup, teardown),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
