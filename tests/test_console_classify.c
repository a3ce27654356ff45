// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the console classifier (tools/classify/). Run from the repository
 * root (make -f mk/classify.mk unit-classify); CONSOLE_TEST_DIR and
 * CONSOLE_NOISE_FILE override where the data lives.
 *
 * Two groups:
 *  - "console fixtures": one test per tests/console/NAME.log, generated at
 *    run time, each comparing what the classifier finds with the fixture's
 *    sidecar NAME.expect (format in tests/console/README.md). The
 *    expectations of a fixture live beside it, not here; a log without a
 *    sidecar fails.
 *  - "engine": the pieces (glob, line stripping, markers, bug table, noise
 *    parsing, TSV output) and the grouping rules, on small inline logs and
 *    on the edges of a few fixtures' excerpts.
 */
#define _DEFAULT_SOURCE /* open_memstream, scandir, alphasort */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_classify.h"
#include "engine.h"
#include "tsv.h"

#ifndef CC_TEST_DIR
#define CC_TEST_DIR "tests/console"
#endif
#ifndef CC_TEST_NOISE
#define CC_TEST_NOISE "tools/classify/console-noise.txt"
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

/* The whole file, NUL-terminated; NULL when it cannot be opened. */
static char *slurp_path(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static char *slurp(const char *name)
{
	char *path = log_path(name);
	char *buf = slurp_path(path);

	if (!buf)
		fail_msg("cannot open %s", path);
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

static struct view v(const char *s)
{
	return (struct view){ s, strlen(s) };
}

/* ------------------------------------------------------------------ */
/* Sidecars: tests/console/NAME.expect                                 */

struct want {
	char *case_name, *klass, *bug, *first; /* unescaped cells */
};

struct sidecar {
	struct want *rows;
	size_t n;
	size_t noise;      /* "# noise N"; 0 when absent */
	char *unfinished;  /* "# unfinished NAME"; NULL when absent */
};

static void sidecar_free(struct sidecar *s)
{
	for (size_t k = 0; k < s->n; k++) {
		free(s->rows[k].case_name);
		free(s->rows[k].klass);
		free(s->rows[k].bug);
		free(s->rows[k].first);
	}
	free(s->rows);
	free(s->unfinished);
	*s = (struct sidecar){ 0 };
}

/* Parse one sidecar; a malformed line or an unknown class or bug name
 * fails the test with the file and line. */
static void sidecar_parse(const char *path, char *text, struct sidecar *s)
{
	size_t line_no = 0;

	*s = (struct sidecar){ 0 };
	for (char *line = text, *next; line && *line; line = next) {
		char *cells[5];
		enum cc_class klass;
		enum mt_bug bug;
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line_no++;
		if (strncmp(line, "# noise ", 8) == 0) {
			s->noise = strtoul(line + 8, NULL, 10);
			continue;
		}
		if (strncmp(line, "# unfinished ", 13) == 0) {
			free(s->unfinished);
			s->unfinished = mt_tsv_unescape(line + 13, NULL);
			continue;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		n = mt_tsv_split(line, cells, 5);
		if (n != 4)
			fail_msg("%s:%zu: %d cells, want 4 (case, class, bug, "
				 "first-line substring)", path, line_no, n);
		if (cc_class_from_name(cells[1], &klass) < 0)
			fail_msg("%s:%zu: unknown class '%s'", path, line_no, cells[1]);
		if (mt_bug_from_name(cells[2], &bug) < 0)
			fail_msg("%s:%zu: unknown bug '%s'", path, line_no, cells[2]);
		s->rows = realloc(s->rows, (s->n + 1) * sizeof(*s->rows));
		assert_non_null(s->rows);
		s->rows[s->n++] = (struct want){
			mt_tsv_unescape(cells[0], NULL), mt_tsv_unescape(cells[1], NULL),
			mt_tsv_unescape(cells[2], NULL), mt_tsv_unescape(cells[3], NULL),
		};
	}
}

/* NAME.log -> its sidecar, parsed; a missing sidecar fails. */
static void sidecar_load(const char *log, struct sidecar *s)
{
	size_t len = strlen(log);
	char *name = malloc(len + 4), *path, *text;

	assert_non_null(name);
	memcpy(name, log, len - 4);
	strcpy(name + len - 4, ".expect");
	path = log_path(name);
	text = slurp_path(path);
	if (!text)
		fail_msg("%s: no sidecar: every fixture needs one (see "
			 "tests/console/README.md)", path);
	sidecar_parse(path, text, s);
	free(text);
	free(path);
	free(name);
}

static void test_fixture(void **state)
{
	const char *log = *state;
	struct sidecar want;
	struct cc_result res;
	size_t k = 0, bad = 0;

	sidecar_load(log, &want);
	classify_log(log, &res);
	for (size_t i = 0; i < res.n_findings; i++) {
		const struct cc_finding *f = &res.findings[i];
		const struct want *w = k < want.n ? &want.rows[k] : NULL;
		const char *bug = mt_bug_name(f->bug);

		if (f->noise)
			continue;
		if (!w || strcmp(f->case_name, w->case_name) ||
		    strcmp(cc_class_name(f->klass), w->klass) ||
		    strcmp(bug, w->bug) || !strstr(f->first_line, w->first)) {
			print_error("%s: finding %zu (line %zu) is %s\t%s\t%s\t%s\n",
				    log, k + 1, f->line_no, f->case_name,
				    cc_class_name(f->klass), bug, f->first_line);
			if (w)
				print_error("    the sidecar wants %s\t%s\t%s\t...%s...\n",
					    w->case_name, w->klass, w->bug, w->first);
			else
				print_error("    the sidecar wants no more findings\n");
			bad++;
		}
		k++;
	}
	if (k < want.n) {
		print_error("%s: %zu findings, the sidecar wants %zu (first "
			    "missing: %s %s '%s')\n", log, k, want.n,
			    want.rows[k].case_name, want.rows[k].klass,
			    want.rows[k].first);
		bad++;
	}
	if (res.n_noise != want.noise) {
		print_error("%s: %zu noise findings, the sidecar wants %zu\n",
			    log, res.n_noise, want.noise);
		bad++;
	}
	if (!!res.unfinished != !!want.unfinished ||
	    (res.unfinished && strcmp(res.unfinished_name, want.unfinished))) {
		print_error("%s: unfinished case %s, the sidecar wants %s\n", log,
			    res.unfinished ? res.unfinished_name : "none",
			    want.unfinished ? want.unfinished : "none");
		bad++;
	}
	cc_result_free(&res);
	sidecar_free(&want);
	if (bad)
		fail_msg("%s: %zu differences from its sidecar", log, bad);
}

static int is_log(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 4 && strcmp(e->d_name + n - 4, ".log") == 0;
}

/* The fixtures' names, sorted; *n_out of them. */
static char **list_fixtures(size_t *n_out)
{
	struct dirent **ents;
	int n = scandir(env_or("CONSOLE_TEST_DIR", CC_TEST_DIR), &ents, is_log,
			alphasort);
	char **names;

	if (n < 0) {
		perror(CC_TEST_DIR);
		exit(1);
	}
	names = calloc((size_t)n + 1, sizeof(*names));
	if (!names)
		exit(1);
	for (int k = 0; k < n; k++) {
		names[k] = strdup(ents[k]->d_name);
		free(ents[k]);
	}
	free(ents);
	*n_out = (size_t)n;
	return names;
}

/* Every class, every bug of bugs.def, is some fixture's expectation. */
static void test_every_class_has_a_fixture(void **state)
{
	size_t n;
	char **names = list_fixtures(&n);
	int seen[CC_CLASS_COUNT] = { 0 };

	(void)state;
	for (size_t k = 0; k < n; k++) {
		struct sidecar s;

		sidecar_load(names[k], &s);
		for (size_t r = 0; r < s.n; r++) {
			enum cc_class c;

			if (cc_class_from_name(s.rows[r].klass, &c) == 0)
				seen[c] = 1;
		}
		sidecar_free(&s);
		free(names[k]);
	}
	free(names);
	for (int c = 0; c < CC_CLASS_COUNT; c++)
		if (!seen[c])
			fail_msg("no fixture expects class %s",
				 cc_class_name((enum cc_class)c));
}

/* ------------------------------------------------------------------ */
/* Pieces: glob, line stripping, markers, classes, bugs                */

static void test_glob(void **state)
{
	(void)state;
	assert_true(glob_at_start("BUG: ", v("BUG: x")));
	assert_false(glob_at_start("BUG: ", v("xBUG: ")));
	assert_true(glob_at_start("INFO: task * blocked", v("INFO: task a:1 blocked for")));
	assert_false(glob_at_start("INFO: task * blocked", v("INFO: task a:1 ran")));
	assert_true(glob_at_start("", v("")));
	assert_true(glob_at_start("*", v("")));
	assert_false(glob_at_start("a", v("")));
	assert_true(glob_anywhere("held by", v("1 lock held by x/1:")));
	assert_true(glob_anywhere("*lock* held by ", v("2 locks held by a")));
	assert_false(glob_anywhere("zzz", v("abc")));
	/* the view's end counts, not a NUL */
	assert_false(glob_anywhere("abcd", (struct view){ "abcd", 3 }));
	assert_true(glob_all("leaks.*", "leaks.pointers"));
	assert_false(glob_all("leaks.*", "put.leaks.x"));
	assert_true(glob_all("a*b*c", "aXbYc"));
	assert_false(glob_all("a*b*c", "aXbYcZ"));
	assert_true(glob_all("**", ""));
	/* no exponential backtracking: this returns at once */
	assert_false(glob_all("*a*a*a*a*a*a*a*a*a*a*b",
			      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void expect_strip(const char *in, const char *want)
{
	struct view s = line_strip(in, strlen(in));

	if (s.n != strlen(want) || memcmp(s.p, want, s.n))
		fail_msg("strip '%s': '%.*s', want '%s'", in, (int)s.n, s.p, want);
}

static void test_line_strip(void **state)
{
	(void)state;
	expect_strip("[    2.123456] BUG: x\r\n", "BUG: x");
	expect_strip("<4>[    2.123456][  T42] BUG: x", "BUG: x");
	expect_strip("[   12.000001][    C0]  [<6000>] f+0x1", " [<6000>] f+0x1");
	expect_strip("\r\rplain text\r", "plain text");
	expect_strip("[not a stamp] x", "[not a stamp] x");
	expect_strip("[ 1.] x", "[ 1.] x");
	expect_strip("<1234>x", "<1234>x");
	expect_strip("", "");
}

static void test_line_split_counts_a_last_line_without_newline(void **state)
{
	size_t n = 0;
	struct view *l = line_split("a\nb\nc", 5, &n);

	(void)state;
	assert_non_null(l);
	assert_int_equal(n, 3);
	assert_int_equal(l[2].n, 1);
	free(l);
	l = line_split("a\n", 2, &n);
	assert_int_equal(n, 1);
	free(l);
}

static void test_markers(void **state)
{
	struct case_ref ref;

	(void)state;
	assert_int_equal(marker_parse(v("msgbox-torture: case-begin 12 put.x"), &ref),
			 MARK_BEGIN);
	assert_int_equal(ref.idx, 12);
	assert_int_equal(ref.name.n, 5);
	assert_int_equal(marker_parse(v("ok 3 - xmsgbox-torture: case-end 3 a pass"), &ref),
			 MARK_END);
	assert_int_equal(ref.idx, 3);
	assert_int_equal(marker_parse(v("msgbox-torture: case-begin x y"), &ref),
			 MARK_NONE);
	assert_int_equal(marker_parse(v("msgbox-torture: case-begin 1"), &ref),
			 MARK_NONE);
	assert_int_equal(marker_parse(v("msgbox-torture: case-begin 1 "), &ref),
			 MARK_NONE);
}

static void test_class_names_round_trip(void **state)
{
	enum cc_class back;

	(void)state;
	for (int c = 0; c < CC_CLASS_COUNT; c++) {
		assert_int_equal(cc_class_from_name(cc_class_name((enum cc_class)c),
						    &back), 0);
		assert_int_equal(back, c);
		assert_true(strlen(cc_class_what((enum cc_class)c)) > 5);
	}
	/* "noise" is what the TSV writes for noise: never a class */
	assert_int_equal(cc_class_from_name("noise", &back), -1);
	assert_string_equal(cc_class_name(CC_CLASS_COUNT), "?");
}

static void test_bug_table(void **state)
{
	(void)state;
	/* bugs.def has a "*" row for every class */
	for (int c = 0; c < CC_CLASS_COUNT; c++)
		if (bug_of((enum cc_class)c, "") == MT_BUG_OTHER)
			fail_msg("class %s has no default bug in bugs.def",
				 cc_class_name((enum cc_class)c));
	assert_int_equal(bug_of(CC_KASAN, "BUG: KASAN: slab-use-after-free in f"),
			 MT_BUG_USE_AFTER_FREE);
	assert_int_equal(bug_of(CC_KASAN, "BUG: KASAN: double-free or invalid-free in f"),
			 MT_BUG_USE_AFTER_FREE);
	assert_int_equal(bug_of(CC_KASAN, "BUG: KASAN: wild-memory-access in f"),
			 MT_BUG_KERNEL_MEMORY);
	assert_int_equal(bug_of(CC_SLAB, "BUG kmalloc-64 (Not tainted): Poison overwritten"),
			 MT_BUG_USE_AFTER_FREE);
	assert_int_equal(bug_of(CC_SLAB, "BUG kmalloc-64 (Tainted: G    B  ): Redzone overwritten"),
			 MT_BUG_KERNEL_MEMORY);
	assert_int_equal(bug_of(CC_WARNING, "WARNING: CPU: 0 PID: 5 at mm/page_alloc.c:5634 __alloc_pages+0x1d8/0x3a0"),
			 MT_BUG_NO_LENGTH_BOUND);
	assert_int_equal(bug_of(CC_WARNING, "WARNING: CPU: 0 PID: 5 at mm/page_alloc.c:4832 __alloc_pages_noprof+0x1/0x2"),
			 MT_BUG_NO_LENGTH_BOUND);
	assert_int_equal(bug_of(CC_WARNING, "WARNING: CPU: 0 PID: 5 at mm/page_alloc.c:4526 rmqueue+0x1/0x2"),
			 MT_BUG_KERNEL_REPORT);
	assert_int_equal(bug_of(CC_WARNING, "WARNING: CPU: 0 PID: 5 at kernel/locking/lockdep.c:1 f+0x1/0x2"),
			 MT_BUG_LOCKING);
	assert_int_equal(bug_of(CC_LOCKDEP, "WARNING: lock held when returning to user space!"),
			 MT_BUG_LOCK_HELD);
	assert_int_equal(bug_of(CC_KMEMLEAK_OFF, "kmemleak: Kernel memory leak detector disabled"),
			 MT_BUG_HARNESS);
}

static void test_patterns(void **state)
{
	const struct pattern *t;

	(void)state;
	t = pattern_trigger(v("BUG kmalloc-64 (Not tainted): Poison overwritten"));
	assert_non_null(t);
	assert_int_equal(t->klass, CC_SLAB);
	t = pattern_trigger(v("BUG: unable to handle page fault"));
	assert_int_equal(t->klass, CC_OOPS_BUG);
	t = pattern_trigger(v("kmemleak: Automatic memory scanning thread ended"));
	assert_null(t); /* the harness turns automatic scans off itself */
	assert_true(pattern_is_separator(v("==========  ")));
	assert_false(pattern_is_separator(v("=========")));
	assert_int_equal(pattern_continuation(v("FIX kmalloc-64: Restoring"), CC_SLAB),
			 CONT_YES);
	assert_int_equal(pattern_continuation(v("FIX kmalloc-64: Restoring"), CC_WARNING),
			 CONT_NO);
	assert_int_equal(pattern_continuation(v("---[ end trace 0 ]---"), CC_WARNING),
			 CONT_LAST);
	assert_int_equal(pattern_continuation(v("kmemleak:   comm \"x\""), CC_KMEMLEAK),
			 CONT_YES);
	assert_true(pattern_is_register_dump(v("RIP: 0033:f+0x1/0x2")));
	/* a line longer than any printk line is matched on its start only */
	{
		char *big = malloc(10000);

		assert_non_null(big);
		memset(big, 'x', 9999);
		big[9999] = '\0';
		memcpy(big + 5000, "BUG: KASAN: ", 12);
		assert_null(pattern_trigger(v(big)));
		free(big);
	}
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
/* ------------------------------------------------------------------ */
/* Output: findings-N.tsv                                              */

static void test_tsv_line_has_seven_fields_and_escapes(void **state)
{
	static const char log[] =
		"msgbox-torture: case-begin 8 tabs\n"
		"[    3.000000] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\n"
		"[    3.000000] rcu: \t0-...!: (1 GPs behind) C:\\path\r\x01" "x\n"
		"[    3.000000] \t(detected by 0, t=2102 jiffies, g=1437, q=4 ncpus=1)\n";
	static const char head[] =
		"8\ttabs\trcu_stall\t2\t"
		"rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\t";
	struct cc_result res;
	char *tsv, *nl, *cells[8], *back;

	(void)state;
	classify_text(log, NULL, &res);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.findings[0].klass, CC_RCU_STALL);
	tsv = tsv_of(&res, 0);
	assert_true(strncmp(tsv, head, strlen(head)) == 0);
	assert_non_null(strstr(tsv, "tasks:\\nrcu: \\t0-...!: (1 GPs behind) "
				    "C:\\\\path\\r\\x01x\\n\\t(detected by 0"));
	nl = strchr(tsv, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_int_equal(mt_tsv_split(tsv, cells, 8), 7);
	assert_string_equal(cells[6], "kernel-report");
	/* the reader's decoder gives back the excerpt byte for byte */
	back = mt_tsv_unescape(cells[5], NULL);
	assert_string_equal(back, res.findings[0].excerpt);
	free(back);
	free(tsv);
	cc_result_free(&res);
}

static void test_tsv_noise_line_keeps_its_bug(void **state)
{
	struct cc_result res;
	char *tsv;

	(void)state;
	classify_log("maple-rcu-noise.log", &res);
	tsv = tsv_of(&res, 1);
	assert_true(strncmp(tsv, "-1\t-\tnoise\t", 11) == 0);
	assert_non_null(strstr(tsv, "\tlocking\n# noise 1\n"));
	free(tsv);
	cc_result_free(&res);
}


int main(void)
{
	const struct CMUnitTest engine[] = {
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_line_strip),
		cmocka_unit_test(test_line_split_counts_a_last_line_without_newline),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_class_names_round_trip),
		cmocka_unit_test(test_bug_table),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_every_class_has_a_fixture),
		cmocka_unit_test(test_noise_scope_case_glob),
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
		cmocka_unit_test(test_case_attribution_rules),
		cmocka_unit_test(test_unfinished_case_trailer),
		cmocka_unit_test(test_clean_boot_has_no_findings),
		cmocka_unit_test(test_lines_without_timestamps_and_with_cr),
		cmocka_unit_test(test_log_level_and_caller_prefixes_are_stripped),
		cmocka_unit_test(test_panic_swallows_what_follows),
		cmocka_unit_test(test_frame_lines_go_to_the_next_report),
		cmocka_unit_test(test_long_report_excerpt_is_capped),
		cmocka_unit_test(test_tsv_line_has_seven_fields_and_escapes),
		cmocka_unit_test(test_tsv_noise_line_keeps_its_bug),
		cmocka_unit_test(test_empty_log),
	};
	size_t n;
	char **names = list_fixtures(&n);
	struct CMUnitTest *fixtures = calloc(n ? n : 1, sizeof(*fixtures));
	int failed;

	if (!fixtures)
		return 1;
	/* One test per fixture, named after it, its name as the state. */
	for (size_t k = 0; k < n; k++)
		fixtures[k] = (struct CMUnitTest){ .name = names[k],
						   .test_func = test_fixture,
						   .initial_state = names[k] };
	failed = _cmocka_run_group_tests("console fixtures", fixtures, n, NULL,
					 NULL);
	failed += cmocka_run_group_tests_name("engine", engine, NULL, NULL);
	for (size_t k = 0; k < n; k++)
		free(names[k]);
	free(names);
	free(fixtures);
	return failed ? 1 : 0;
}
