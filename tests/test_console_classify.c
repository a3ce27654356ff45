// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of ci/console_classify.c over the console logs in tests/console/
 * and small inline logs. Run from the repository root (make unit-classify);
 * CONSOLE_TEST_DIR and CONSOLE_NOISE_FILE override where the data lives.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ci/console_classify.h"

#ifndef CC_TEST_DIR
#define CC_TEST_DIR "tests/console"
#endif
#ifndef CC_TEST_NOISE
#define CC_TEST_NOISE "ci/console-noise.txt"
#endif

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

static char *log_path(const char *name)
{
	const char *dir = env_or("CONSOLE_TEST_DIR", CC_TEST_DIR);
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);

	assert_non_null(path);
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

static struct cc_noise *load_repo_noise(void)
{
	struct cc_noise *noise = NULL;
	char err[512];
	const char *path = env_or("CONSOLE_NOISE_FILE", CC_TEST_NOISE);

	if (cc_noise_load(path, &noise, err, sizeof(err)) < 0)
		fail_msg("cannot load the noise list: %s", err);
	return noise;
}

/* Classify tests/console/NAME with the repository's noise list. */
static void classify_log(const char *name, struct cc_result *res)
{
	struct cc_noise *noise = load_repo_noise();
	char *path = log_path(name);

	if (cc_classify_file(path, noise, res) < 0)
		fail_msg("cannot classify %s", path);
	free(path);
	cc_noise_free(noise);
}

static void classify_text(const char *text, const struct cc_noise *noise,
			  struct cc_result *res)
{
	assert_int_equal(cc_classify_buffer(text, strlen(text), noise, res), 0);
}

/* The whole file, NUL-terminated. */
static char *slurp(const char *name)
{
	char *path = log_path(name);
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	free(path);
	return buf;
}

static size_t count_class(const struct cc_result *res, enum cc_class klass)
{
	size_t n = 0;

	for (size_t k = 0; k < res->n_findings; k++)
		n += !res->findings[k].noise && res->findings[k].klass == klass;
	return n;
}

static size_t count_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const char *last_line(const char *s)
{
	const char *nl = strrchr(s, '\n');

	return nl ? nl + 1 : s;
}

/* The TSV the CLI would print. */
static char *tsv_of(const struct cc_result *res, int show_noise)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(cc_write_tsv(out, res, show_noise), 0);
	fclose(out);
	return buf;
}

static size_t count_char(const char *s, size_t n, char ch)
{
	size_t c = 0;

	for (size_t k = 0; k < n; k++)
		c += s[k] == ch;
	return c;
}

/* ------------------------------------------------------------------ */
/* Every class, from a log of each, with its case                     */

struct expect {
	const char *log;
	enum cc_class klass;
	long case_idx;
	const char *case_name;
	const char *first_line; /* a substring of it */
};

static const struct expect samples[] = {
	{ "panic-kernel-mode-fault.log", CC_PANIC, 1, "get-null-buffer",
	  "Kernel panic - not syncing: Kernel mode fault at addr 0x0" },
	{ "panic-bug.log", CC_PANIC, 6, "get-short-buffer",
	  "BUG: failure at arch/um/kernel/dm510_msgbox.c:142" },
	{ "kasan-uaf.log", CC_KASAN, 5, "put-get-roundtrip",
	  "BUG: KASAN: use-after-free in dm510_msgbox_get" },
	{ "lockdep-recursive.log", CC_LOCKDEP, 4, "get-empty",
	  "WARNING: possible recursive locking detected" },
	{ "irqs-disabled.log", CC_IRQS_DISABLED, 6, "get-short-buffer",
	  "dm510-debug: syscall 452 returned with interrupts disabled (1 so far)" },
	{ "atomic-sleep.log", CC_ATOMIC_SLEEP, 3, "put-too-long",
	  "BUG: sleeping function called from invalid context" },
	{ "kmemleak.log", CC_KMEMLEAK, 3, "put-too-long",
	  "kmemleak: unreferenced object 0x0000000061b3c000" },
	{ "hung-task.log", CC_HUNG_TASK, 7, "lifo-order",
	  "INFO: task msgbox-torture:48 blocked for more than 120 seconds." },
	{ "soft-lockup.log", CC_SOFT_LOCKUP, 7, "lifo-order",
	  "watchdog: BUG: soft lockup - CPU#0 stuck for 22s!" },
	{ "rcu-stall.log", CC_RCU_STALL, 7, "lifo-order",
	  "rcu: INFO: rcu_sched self-detected stall on CPU" },
	{ "oom-kill.log", CC_OOM_KILL, 3, "put-too-long",
	  "msgbox-torture invoked oom-killer:" },
	{ "oops-bug.log", CC_OOPS_BUG, 5, "put-get-roundtrip",
	  "BUG: Bad page state in process msgbox-torture" },
	{ "warning.log", CC_WARNING, 5, "put-get-roundtrip",
	  "WARNING: CPU: 0 PID: 48 at arch/um/kernel/dm510_msgbox.c:188" },
};

/* A class with no log of its own yet: an inline sample. */
static const char alloc_warn_log[] =
	"[    2.000000] msgbox-torture: case-begin 9 put-huge\n"
	"[    2.100000] msgbox-torture: page allocation failure: order:10, "
	"mode:0xcc0(GFP_KERNEL), nodemask=(null)\n"
	"[    2.100000] CPU: 0 PID: 53 Comm: msgbox-torture Not tainted 6.1.192 #1\n"
	"[    2.100000] Call Trace:\n"
	"[    2.100000]  [<602e1a9b>] warn_alloc+0x11b/0x1a0\n"
	"[    2.100000]  [<6004a0c1>] dm510_msgbox_put+0x91/0x240\n"
	"[    2.100000] Mem-Info:\n"
	"[    2.200000] msgbox-torture: case-end 9 put-huge pass\n";

static void check_sample(const struct expect *e, const struct cc_result *res)
{
	const struct cc_finding *f;

	if (cc_real_findings(res) != 1)
		fail_msg("%s: %zu findings, expected 1", e->log,
			 cc_real_findings(res));
	f = &res->findings[0];
	if (f->klass != e->klass)
		fail_msg("%s: class %s, expected %s", e->log,
			 cc_class_name(f->klass), cc_class_name(e->klass));
	if (f->case_idx != e->case_idx || strcmp(f->case_name, e->case_name))
		fail_msg("%s: case %ld %s, expected %ld %s", e->log, f->case_idx,
			 f->case_name, e->case_idx, e->case_name);
	if (!strstr(f->first_line, e->first_line))
		fail_msg("%s: first line '%s', expected it to hold '%s'", e->log,
			 f->first_line, e->first_line);
}

static void test_every_class_is_found_with_its_case(void **state)
{
	int seen[CC_CLASS_COUNT] = { 0 };
	struct cc_result res;

	(void)state;
	for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
		classify_log(samples[k].log, &res);
		check_sample(&samples[k], &res);
		seen[res.findings[0].klass] = 1;
		cc_result_free(&res);
	}
	classify_text(alloc_warn_log, NULL, &res);
	assert_int_equal(cc_real_findings(&res), 1);
	assert_int_equal(res.findings[0].klass, CC_ALLOC_WARN);
	assert_int_equal(res.findings[0].case_idx, 9);
	seen[CC_ALLOC_WARN] = 1;
	cc_result_free(&res);
	for (int c = 0; c < CC_CLASS_COUNT; c++)
		if (!seen[c])
			fail_msg("no sample finds class %s",
				 cc_class_name((enum cc_class)c));
}

static void test_class_names_round_trip(void **state)
{
	enum cc_class back;

	(void)state;
	for (int c = 0; c < CC_CLASS_COUNT; c++) {
		assert_int_equal(cc_class_from_name(cc_class_name((enum cc_class)c),
						    &back), 0);
		assert_int_equal(back, c);
	}
	assert_int_equal(cc_class_from_name("noise", &back), -1);
}

/* ------------------------------------------------------------------ */
/* Grouping: one splat, one finding, with the right lines              */

static void test_panic_excerpt_holds_the_register_dump(void **state)
{
	struct cc_result res;
	const struct cc_finding *f;

	(void)state;
	classify_log("panic-kernel-mode-fault.log", &res);
	assert_int_equal(res.n_findings, 1);
	f = &res.findings[0];
	/* UML's show_regs() comes before the panic line and names the
	 * faulting function; the excerpt must start there. */
	assert_true(strncmp(f->excerpt, "Modules linked in:\nPid: 43", 26) == 0);
	assert_non_null(strstr(f->excerpt, "RIP: 0033:dm510_msgbox_get+0x8e/0x1c0"));
	assert_non_null(strstr(f->excerpt, "Call Trace:"));
	assert_int_equal(f->line_no, 71);
	cc_result_free(&res);
}

static void test_uml_bug_then_panic_is_one_panic(void **state)
{
	struct cc_result res;

	(void)state;
	classify_log("panic-bug.log", &res);
	assert_int_equal(res.n_findings, 1);
	assert_non_null(strstr(res.findings[0].excerpt,
			       "\nKernel panic - not syncing: BUG!\n"));
	assert_int_equal(count_class(&res, CC_OOPS_BUG), 0);
	cc_result_free(&res);
}

static void test_kasan_report_ends_at_its_frame(void **state)
{
	struct cc_result res;
	const struct cc_finding *f;

	(void)state;
	classify_log("kasan-uaf.log", &res);
	assert_int_equal(res.n_findings, 1);
	f = &res.findings[0];
	assert_true(strncmp(f->excerpt, "=====", 5) == 0);
	assert_true(strncmp(last_line(f->excerpt), "=====", 5) == 0);
	assert_null(strstr(f->excerpt, "Disabling lock debugging"));
	/* The report is longer than the cap: head, a count, tail. */
	assert_int_equal(count_lines(f->excerpt), CC_EXCERPT_MAX_LINES);
	assert_non_null(strstr(f->excerpt, "more lines ...]"));
	assert_non_null(strstr(f->excerpt, "Memory state around the buggy address"));
	cc_result_free(&res);
}

static void test_lockdep_report_is_one_finding(void **state)
{
	struct cc_result res;

	(void)state;
	classify_log("lockdep-recursive.log", &res);
	/* "Possible unsafe locking scenario" inside it is no second report */
	assert_int_equal(res.n_findings, 1);
	assert_non_null(strstr(res.findings[0].excerpt,
			       "Possible unsafe locking scenario"));
	assert_true(strncmp(last_line(res.findings[0].excerpt),
			    " [<6002c61f>] fork_handler", 26) == 0);
	cc_result_free(&res);
}

static void test_kmemleak_scan_is_one_finding_of_the_previous_case(void **state)
{
	struct cc_result res;
	const struct cc_finding *f;

	(void)state;
	classify_log("kmemleak.log", &res);
	assert_int_equal(res.n_findings, 1);
	f = &res.findings[0];
	/* Reported after case 3 ended and before case 4 began. */
	assert_int_equal(f->case_idx, 3);
	assert_non_null(strstr(f->excerpt, "unreferenced object 0x0000000061b3c040"));
	assert_non_null(strstr(last_line(f->excerpt), "2 new suspected memory leaks"));
	cc_result_free(&res);
}

static void test_hung_task_keeps_the_held_locks(void **state)
{
	struct cc_result res;

	(void)state;
	classify_log("hung-task.log", &res);
	assert_int_equal(res.n_findings, 1);
	assert_non_null(strstr(res.findings[0].excerpt,
			       "(msgbox_mutex){+.+.}-{3:3}, at: dm510_msgbox_get"));
	cc_result_free(&res);
}

static void test_oom_report_ends_at_the_kill(void **state)
{
	struct cc_result res;

	(void)state;
	classify_log("oom-kill.log", &res);
	assert_int_equal(res.n_findings, 1);
	assert_true(strncmp(last_line(res.findings[0].excerpt),
			    "Out of memory: Killed process 50", 32) == 0);
	cc_result_free(&res);
}

/* The stall, its stalled task's stack, the starved grace-period kthread and
 * that kthread's stack: one report (kernel/rcu/tree_stall.h). */
static void test_rcu_stall_with_starved_kthread_is_one_finding(void **state)
{
	static const char log[] =
		"msgbox-torture: case-begin 3 x\n"
		"rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\n"
		"rcu: \t0-...!: (1 GPs behind) idle=c2c/1/0x4000000000000000 softirq=1/1 fqs=0\n"
		"\t(detected by 0, t=2102 jiffies, g=1437, q=4 ncpus=1)\n"
		"Task dump for CPU 0:\n"
		"task:msgbox-torture  state:R  running task     stack:0     pid:47    ppid:44     flags:0x00000000\n"
		"Call Trace:\n"
		" [<6004a101>] dm510_msgbox_get+0x61/0x2a0\n"
		"rcu: rcu_sched kthread starved for 2102 jiffies! g1437 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=0\n"
		"rcu: \tUnless rcu_sched kthread gets sufficient CPU time, OOM is now expected behavior.\n"
		"rcu: RCU grace-period kthread stack dump:\n"
		"task:rcu_sched       state:R  running task     stack:0     pid:10    ppid:2      flags:0x00000000\n"
		"Call Trace:\n"
		" [<6068a2c2>] __schedule+0x6a2/0xc30\n"
		"ok 4 - x\n";
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_RCU_STALL);
	assert_int_equal(count_lines(res.findings[0].excerpt), 13);
	cc_result_free(&res);
}

/* ------------------------------------------------------------------ */
/* Our irqs-off WARN                                                   */

static void test_warn_wrapping_irqs_message_is_one_irqs_finding(void **state)
{
	struct cc_result res;
	const struct cc_finding *f;

	(void)state;
	classify_log("irqs-disabled.log", &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(count_class(&res, CC_WARNING), 0);
	f = &res.findings[0];
	assert_int_equal(f->klass, CC_IRQS_DISABLED);
	assert_int_equal(f->line_no, 78);
	assert_true(strncmp(f->excerpt, "------------[ cut here ]", 24) == 0);
	assert_true(strncmp(last_line(f->excerpt), "---[ end trace", 14) == 0);
	cc_result_free(&res);
}

/* Architectures with __WARN_FLAGS print the message before "WARNING:". */
static void test_irqs_message_before_warning_line(void **state)
{
	static const char log[] =
		"msgbox-torture: case-begin 2 get-irqs\n"
		"------------[ cut here ]------------\n"
		"dm510-debug: syscall 464 returned with interrupts disabled (7 so far)\n"
		"WARNING: CPU: 0 PID: 61 at arch/um/kernel/skas/syscall.c:31 handle_syscall+0x10d/0x140\n"
		"Modules linked in:\n"
		"Call Trace:\n"
		" <TASK>\n"
		" handle_syscall+0x10d/0x140\n"
		" </TASK>\n"
		"---[ end trace 0000000000000000 ]---\n"
		"msgbox-torture: case-end 2 get-irqs fail\n";
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_IRQS_DISABLED);
	assert_int_equal(res.findings[0].line_no, 3);
	assert_int_equal(count_lines(res.findings[0].excerpt), 9);
	cc_result_free(&res);
}

static void test_irqs_warn_then_lockdep_exit_report(void **state)
{
	struct cc_result res;

	(void)state;
	classify_log("irqs-disabled-lock-held.log", &res);
	assert_int_equal(res.n_findings, 2);
	assert_int_equal(res.findings[0].klass, CC_IRQS_DISABLED);
	assert_int_equal(res.findings[1].klass, CC_LOCKDEP);
	assert_int_equal(res.findings[0].case_idx, 5);
	assert_int_equal(res.findings[1].case_idx, 5);
	/* lockdep_sys_exit() prints no stack: its report ends with the held
	 * locks, before the harness's TAP line. */
	assert_true(strncmp(last_line(res.findings[1].excerpt), " #0: ", 5) == 0);
	cc_result_free(&res);
}

/* ------------------------------------------------------------------ */
/* Noise                                                               */

static void test_maple_noise_is_excluded_outside_a_case(void **state)
{
	struct cc_result res;
	char *tsv;

	(void)state;
	classify_log("maple-rcu-noise.log", &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.n_noise, 1);
	assert_int_equal(cc_real_findings(&res), 0);
	assert_int_equal(res.findings[0].case_idx, -1);
	assert_string_equal(res.findings[0].case_name, "-");
	tsv = tsv_of(&res, 0);
	assert_true(strncmp(tsv, "# noise 1\n", 10) == 0);
	free(tsv);
	tsv = tsv_of(&res, 1);
	assert_true(strncmp(tsv, "-1\t-\tnoise\t", 11) == 0);
	free(tsv);
	cc_result_free(&res);
}

static void test_maple_noise_is_reported_inside_a_case(void **state)
{
	static const char begin[] = "msgbox-torture: case-begin 0 early-case\n";
	char *log = slurp("maple-rcu-noise.log");
	char *inside = malloc(strlen(begin) + strlen(log) + 1);
	struct cc_noise *noise = load_repo_noise();
	struct cc_result res;

	(void)state;
	assert_non_null(inside);
	strcpy(inside, begin);
	strcat(inside, log);
	classify_text(inside, noise, &res);
	assert_int_equal(cc_real_findings(&res), 1);
	assert_int_equal(res.findings[0].klass, CC_LOCKDEP);
	assert_int_equal(res.findings[0].case_idx, 0);
	assert_string_equal(res.findings[0].case_name, "early-case");
	cc_result_free(&res);
	cc_noise_free(noise);
	free(inside);
	free(log);
}

static void test_noise_needs_the_list(void **state)
{
	char *log = slurp("maple-rcu-noise.log");
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(cc_real_findings(&res), 1);
	assert_int_equal(res.findings[0].klass, CC_LOCKDEP);
	cc_result_free(&res);
	free(log);
}

static int parse_noise(const char *text, struct cc_noise **noise, char *err,
		       size_t errlen)
{
	return cc_noise_parse(text, strlen(text), "f", noise, err, errlen);
}

static void test_noise_list_parsing(void **state)
{
	static const char good[] =
		"# comment\n\n"
		"lockdep outside-case lib/maple_tree.c:* suspicious\r\n"
		"  warning   anywhere   some text with  spaces  \n";
	struct cc_noise *noise = NULL;
	char err[512];

	(void)state;
	assert_int_equal(parse_noise(good, &noise, err, sizeof(err)), 0);
	assert_int_equal(cc_noise_count(noise), 2);
	cc_noise_free(noise);

	assert_int_equal(parse_noise("# x\nlockdap anywhere foo\n", &noise, err,
				     sizeof(err)), -1);
	assert_null(noise);
	assert_non_null(strstr(err, "f:2: unknown class 'lockdap'"));
	assert_int_equal(parse_noise("kasan inside foo\n", &noise, err,
				     sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown scope 'inside'"));
	assert_int_equal(parse_noise("kasan anywhere\n", &noise, err,
				     sizeof(err)), -1);
	assert_non_null(strstr(err, "missing pattern"));
	assert_int_equal(cc_noise_load("/nonexistent/noise.txt", &noise, err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/noise.txt"));
}

static void test_noise_rule_anywhere_matches_in_a_case(void **state)
{
	static const char rules[] =
		"warning anywhere at drivers/tty/*.c:\n";
	static const char log[] =
		"msgbox-torture: case-begin 4 x\n"
		"WARNING: CPU: 0 PID: 1 at drivers/tty/tty_io.c:101 f+0x1/0x2\n"
		"WARNING: CPU: 0 PID: 1 at arch/um/kernel/dm510_msgbox.c:9 g+0x1/0x2\n";
	struct cc_noise *noise = NULL;
	struct cc_result res;
	char err[256];

	(void)state;
	assert_int_equal(cc_noise_parse(rules, strlen(rules), "r", &noise, err,
					sizeof(err)), 0);
	classify_text(log, noise, &res);
	assert_int_equal(res.n_findings, 2);
	assert_int_equal(res.findings[0].noise, 1);
	assert_int_equal(res.findings[1].noise, 0);
	cc_result_free(&res);
	cc_noise_free(noise);
}

/* ------------------------------------------------------------------ */
/* Cases                                                               */

static void test_two_splats_in_two_cases(void **state)
{
	struct cc_result res;

	(void)state;
	classify_log("two-splats-two-cases.log", &res);
	assert_int_equal(cc_real_findings(&res), 2);
	assert_int_equal(res.n_noise, 1); /* the boot-time maple splat */
	assert_int_equal(res.findings[1].klass, CC_IRQS_DISABLED);
	assert_int_equal(res.findings[1].case_idx, 1);
	assert_string_equal(res.findings[1].case_name, "put-null-zero-length");
	assert_int_equal(res.findings[2].klass, CC_KASAN);
	assert_int_equal(res.findings[2].case_idx, 3);
	assert_string_equal(res.findings[2].case_name, "put-too-long");
	cc_result_free(&res);
}

static void test_case_attribution_rules(void **state)
{
	static const char log[] =
		"BUG: scheduling while atomic: swapper/0/0x00000002\n" /* none */
		"msgbox-torture: case-begin 1 outer\n"
		"msgbox-torture: case-begin 2 inner\n"
		"msgbox-torture: case-end 2 inner pass\n"
		"BUG: scheduling while atomic: a/1/0x00000002\n"       /* 1 */
		"msgbox-torture: case-end 1 outer pass\n"
		"BUG: scheduling while atomic: b/2/0x00000002\n";      /* 1, late */
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 3);
	assert_int_equal(res.findings[0].case_idx, -1);
	assert_string_equal(res.findings[0].case_name, "-");
	assert_int_equal(res.findings[1].case_idx, 1);
	assert_string_equal(res.findings[1].case_name, "outer");
	assert_int_equal(res.findings[2].case_idx, 1);
	assert_int_equal(res.cases_begun, 2);
	assert_int_equal(res.cases_ended, 2);
	assert_int_equal(res.unfinished, 0);
	cc_result_free(&res);
}

static void test_unfinished_case_trailer(void **state)
{
	struct cc_result res;
	char *tsv;
	size_t len;

	(void)state;
	classify_log("panic-kernel-mode-fault.log", &res);
	assert_int_equal(res.unfinished, 1);
	assert_int_equal(res.unfinished_idx, 1);
	assert_string_equal(res.unfinished_name, "get-null-buffer");
	tsv = tsv_of(&res, 0);
	len = strlen(tsv);
	assert_true(len > 30);
	assert_non_null(strstr(tsv, "\n# cases-begun 2\n# unfinished 1 get-null-buffer\n"));
	assert_string_equal(tsv + len - strlen("# unfinished 1 get-null-buffer\n"),
			    "# unfinished 1 get-null-buffer\n");
	free(tsv);
	cc_result_free(&res);
}

static void test_clean_boot_has_no_findings(void **state)
{
	struct cc_result res;
	char *tsv;

	(void)state;
	/* It holds a FAULT_INJECTION stack dump, which is no splat. */
	classify_log("clean-boot.log", &res);
	assert_int_equal(res.n_findings, 0);
	assert_int_equal(res.cases_begun, 9);
	assert_int_equal(res.cases_ended, 9);
	assert_int_equal(res.unfinished, 0);
	tsv = tsv_of(&res, 1);
	assert_string_equal(tsv, "# noise 0\n# cases-ended 9\n# cases-begun 9\n");
	free(tsv);
	cc_result_free(&res);
}

/* ------------------------------------------------------------------ */
/* Console line forms                                                  */

static void test_lines_without_timestamps_and_with_cr(void **state)
{
	static const char log[] =
		"Checking PROT_EXEC mmap in /dev/shm...OK\r\n"
		"msgbox-torture: case-begin 3 crlf\r\n"
		"\r------------[ cut here ]------------\r\n"
		"WARNING: CPU: 0 PID: 7 at mm/slab.c:1 f+0x1/0x2\r\n"
		"Call Trace:\r\n"
		" [<60000001>] f+0x1/0x2\r\n"
		"---[ end trace 0000000000000000 ]---\r\n"
		"msgbox-torture: case-end 3 crlf fail\r\n";
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_WARNING);
	assert_int_equal(res.findings[0].case_idx, 3);
	assert_string_equal(res.findings[0].case_name, "crlf");
	assert_int_equal(res.findings[0].line_no, 4);
	assert_string_equal(res.findings[0].first_line,
			    "WARNING: CPU: 0 PID: 7 at mm/slab.c:1 f+0x1/0x2");
	assert_null(strchr(res.findings[0].excerpt, '\r'));
	assert_int_equal(count_lines(res.findings[0].excerpt), 5);
	assert_int_equal(res.cases_ended, 1);
	cc_result_free(&res);
}

static void test_log_level_and_caller_prefixes_are_stripped(void **state)
{
	static const char log[] =
		"<6>[    1.000000][    T1] msgbox-torture: case-begin 0 a\n"
		"<4>[    1.500000][   T45] BUG: scheduling while atomic: a/45/0x2\n"
		"[   12.000001][    C0] Call Trace:\n"
		"[   12.000001][    C0]  [<60000001>] f+0x1/0x2\n";
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_ATOMIC_SLEEP);
	assert_int_equal(res.findings[0].case_idx, 0);
	assert_string_equal(res.findings[0].first_line,
			    "BUG: scheduling while atomic: a/45/0x2");
	assert_string_equal(res.findings[0].excerpt,
			    "BUG: scheduling while atomic: a/45/0x2\n"
			    "Call Trace:\n [<60000001>] f+0x1/0x2");
	cc_result_free(&res);
}

static void test_panic_swallows_what_follows(void **state)
{
	static const char log[] =
		"msgbox-torture: case-begin 5 p\n"
		"Kernel panic - not syncing: Kernel mode fault at addr 0x8, ip 0x6004a1ce\n"
		"BUG: scheduling while atomic: msgbox-torture/4/0x00000003\n"
		"WARNING: CPU: 0 PID: 4 at kernel/x.c:1 y+0x1/0x2\n";
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_PANIC);
	assert_int_equal(res.unfinished, 1);
	assert_int_equal(res.unfinished_idx, 5);
	cc_result_free(&res);
}

/* A report without a stack dump runs into the next one's "=====" frame;
 * the frame goes to the next report, trailing blank lines to neither. */
static void test_frame_lines_go_to_the_next_report(void **state)
{
	static const char log[] =
		"msgbox-torture: case-begin 1 a\n"
		"BUG: sleeping function called from invalid context at mm/slab.h:1\n"
		"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 5, name: x\n"
		"\n"
		"============================================\n"
		"WARNING: possible recursive locking detected\n"
		"stack backtrace:\n"
		"Call Trace:\n"
		" [<60000001>] f+0x1/0x2\n"
		"\n";
	struct cc_result res;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 2);
	assert_int_equal(res.findings[0].klass, CC_ATOMIC_SLEEP);
	assert_int_equal(count_lines(res.findings[0].excerpt), 2);
	assert_int_equal(res.findings[1].klass, CC_LOCKDEP);
	assert_int_equal(res.findings[1].line_no, 6);
	assert_true(strncmp(res.findings[1].excerpt, "=====", 5) == 0);
	assert_int_equal(count_lines(res.findings[1].excerpt), 5);
	cc_result_free(&res);
}

static void test_long_report_excerpt_is_capped(void **state)
{
	size_t cap = 64 * 1024, at = 0;
	char *log = malloc(cap);
	struct cc_result res;

	(void)state;
	assert_non_null(log);
	at += (size_t)snprintf(log + at, cap - at,
			       "WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2\n"
			       "Call Trace:\n");
	for (int k = 0; k < 98; k++)
		at += (size_t)snprintf(log + at, cap - at,
				       " [<6000%04d>] frame%d+0x1/0x2\n", k, k);
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(count_lines(res.findings[0].excerpt),
			 CC_EXCERPT_MAX_LINES);
	assert_non_null(strstr(res.findings[0].excerpt,
			       "\n[... 61 more lines ...]\n"));
	assert_string_equal(last_line(res.findings[0].excerpt),
			    " [<60000097>] frame97+0x1/0x2");
	cc_result_free(&res);
	free(log);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static void test_field_escaping(void **state)
{
	/* split literals: "\x01f" would be one hex escape */
	char *e = cc_escape_field("a\tb\\c\nd\re\x01" "f\x7f" "g\xc3\xa9");

	(void)state;
	assert_string_equal(e, "a\\tb\\\\c\\nd\\re\\x01f\\x7fg\xc3\xa9");
	free(e);
}

static void test_tsv_line_has_six_fields_and_escapes(void **state)
{
	static const char log[] =
		"msgbox-torture: case-begin 8 tabs\n"
		"[    3.000000] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\n"
		"[    3.000000] rcu: \t0-...!: (1 GPs behind) C:\\path\n"
		"[    3.000000] \t(detected by 0, t=2102 jiffies, g=1437, q=4 ncpus=1)\n";
	static const char head[] =
		"8\ttabs\trcu_stall\t2\t"
		"rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\t";
	struct cc_result res;
	char *tsv, *nl;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_RCU_STALL);
	tsv = tsv_of(&res, 0);
	nl = strchr(tsv, '\n');
	assert_non_null(nl);
	assert_int_equal(count_char(tsv, (size_t)(nl - tsv), '\t'), 5);
	assert_true(strncmp(tsv, head, strlen(head)) == 0);
	assert_non_null(strstr(tsv, "tasks:\\nrcu: \\t0-...!: (1 GPs behind) "
				    "C:\\\\path\\n\\t(detected by 0"));
	free(tsv);
	cc_result_free(&res);
}

/* ------------------------------------------------------------------ */
/* Real captures from UML 6.1 kernels broken on purpose (mutants)      */

struct real_expect {
	enum cc_class klass;
	long case_idx;
	const char *case_name;
	const char *first_line; /* a substring of it */
};

static void check_real(const char *log, const struct real_expect *want, size_t n_want,
		       size_t noise)
{
	struct cc_result res;
	size_t k = 0;

	classify_log(log, &res);
	if (cc_real_findings(&res) != n_want)
		fail_msg("%s: %zu findings, expected %zu", log, cc_real_findings(&res), n_want);
	if (res.n_noise != noise)
		fail_msg("%s: %zu noise, expected %zu", log, res.n_noise, noise);
	for (size_t i = 0; i < res.n_findings; i++) {
		const struct cc_finding *f = &res.findings[i];

		if (f->noise)
			continue;
		if (f->klass != want[k].klass || f->case_idx != want[k].case_idx ||
		    strcmp(f->case_name, want[k].case_name) || !strstr(f->first_line, want[k].first_line))
			fail_msg("%s: finding %zu is %s in %ld %s ('%s'), expected %s in %ld %s ('%s')", log, k,
				 cc_class_name(f->klass), f->case_idx, f->case_name, f->first_line,
				 cc_class_name(want[k].klass), want[k].case_idx, want[k].case_name,
				 want[k].first_line);
		k++;
	}
	cc_result_free(&res);
}

static void test_real_clean_boot(void **state)
{
	(void)state;
	/* the maple-tree RCU warning at boot, twice, and nothing else */
	check_real("real-6.1-clean-boot.log", NULL, 0, 2);
}

static void test_real_panic(void **state)
{
	static const struct real_expect want[] = {
		{ CC_PANIC, 0, "roundtrip.len0", "Kernel mode fault at addr 0x0" },
	};
	struct cc_result res;

	(void)state;
	check_real("real-6.1-panic-null-deref.log", want, 1, 2);
	classify_log("real-6.1-panic-null-deref.log", &res);
	assert_int_equal(res.unfinished, 1);
	assert_int_equal(res.unfinished_idx, 0);
	cc_result_free(&res);
}

static void test_real_kasan_and_irqs_off(void **state)
{
	static const struct real_expect want[] = {
		{ CC_IRQS_DISABLED, 39, "get.len-size-1", "syscall 452 returned with interrupts disabled" },
		{ CC_KASAN, 39, "get.len-size-1", "BUG: KASAN: use-after-free in sys_dm510_msgbox_get" },
		{ CC_KASAN, 50, "get.len16", "BUG: KASAN: use-after-free in sys_dm510_msgbox_get" },
	};

	(void)state;
	check_real("real-6.1-kasan-uaf-and-irqs-off.log", want, 3, 2);
}

static void test_real_lockdep_lock_held(void **state)
{
	static const struct real_expect want[] = {
		{ CC_LOCKDEP, 39, "get.len-size-1", "lock held when returning to user space" },
	};

	(void)state;
	check_real("real-6.1-lockdep-lock-held.log", want, 1, 2);
}

static void test_noise_scope_case_glob(void **state)
{
	static const char rules[] = "kmemleak case=leaks.* *new suspected memory leak*\n";
	static const char log[] =
		"[    1.000000] msgbox-torture: case-begin 3 leaks.pointers\n"
		"[    7.000000] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n"
		"[    7.100000] msgbox-torture: case-end 3 leaks.pointers pass\n"
		"[    7.200000] msgbox-torture: case-begin 4 put.len16\n"
		"[    8.000000] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n"
		"[    8.100000] msgbox-torture: case-end 4 put.len16 pass\n";
	struct cc_noise *noise = NULL;
	struct cc_result res;
	char why[256];

	(void)state;
	assert_int_equal(cc_noise_parse(rules, strlen(rules), "rules", &noise, why, sizeof(why)), 0);
	classify_text(log, noise, &res);
	assert_int_equal(res.n_noise, 1);
	assert_int_equal(cc_real_findings(&res), 1);
	for (size_t k = 0; k < res.n_findings; k++)
		if (!res.findings[k].noise)
			assert_string_equal(res.findings[k].case_name, "put.len16");
	cc_result_free(&res);
	cc_noise_free(noise);
	noise = NULL;
	assert_int_equal(cc_noise_parse("kmemleak case= x\n", 17, "rules", &noise, why, sizeof(why)), -1);
	cc_noise_free(noise);
}

static void test_empty_log(void **state)
{
	struct cc_result res;

	(void)state;
	assert_int_equal(cc_classify_buffer("", 0, NULL, &res), 0);
	assert_int_equal(res.n_findings, 0);
	assert_int_equal(res.n_lines, 0);
	cc_result_free(&res);
	assert_int_equal(cc_classify_file("/nonexistent/console.log", NULL, &res),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_class_is_found_with_its_case),
		cmocka_unit_test(test_real_clean_boot),
		cmocka_unit_test(test_noise_scope_case_glob),
		cmocka_unit_test(test_real_panic),
		cmocka_unit_test(test_real_kasan_and_irqs_off),
		cmocka_unit_test(test_real_lockdep_lock_held),
		cmocka_unit_test(test_class_names_round_trip),
		cmocka_unit_test(test_panic_excerpt_holds_the_register_dump),
		cmocka_unit_test(test_uml_bug_then_panic_is_one_panic),
		cmocka_unit_test(test_kasan_report_ends_at_its_frame),
		cmocka_unit_test(test_lockdep_report_is_one_finding),
		cmocka_unit_test(test_kmemleak_scan_is_one_finding_of_the_previous_case),
		cmocka_unit_test(test_hung_task_keeps_the_held_locks),
		cmocka_unit_test(test_oom_report_ends_at_the_kill),
		cmocka_unit_test(test_rcu_stall_with_starved_kthread_is_one_finding),
		cmocka_unit_test(test_warn_wrapping_irqs_message_is_one_irqs_finding),
		cmocka_unit_test(test_irqs_message_before_warning_line),
		cmocka_unit_test(test_irqs_warn_then_lockdep_exit_report),
		cmocka_unit_test(test_maple_noise_is_excluded_outside_a_case),
		cmocka_unit_test(test_maple_noise_is_reported_inside_a_case),
		cmocka_unit_test(test_noise_needs_the_list),
		cmocka_unit_test(test_noise_list_parsing),
		cmocka_unit_test(test_noise_rule_anywhere_matches_in_a_case),
		cmocka_unit_test(test_two_splats_in_two_cases),
		cmocka_unit_test(test_case_attribution_rules),
		cmocka_unit_test(test_unfinished_case_trailer),
		cmocka_unit_test(test_clean_boot_has_no_findings),
		cmocka_unit_test(test_lines_without_timestamps_and_with_cr),
		cmocka_unit_test(test_log_level_and_caller_prefixes_are_stripped),
		cmocka_unit_test(test_panic_swallows_what_follows),
		cmocka_unit_test(test_frame_lines_go_to_the_next_report),
		cmocka_unit_test(test_long_report_excerpt_is_capped),
		cmocka_unit_test(test_field_escaping),
		cmocka_unit_test(test_tsv_line_has_six_fields_and_escapes),
		cmocka_unit_test(test_empty_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
