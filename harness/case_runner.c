/* The case loop (see case_runner.h). */
#define _GNU_SOURCE
#include "case_runner.h"
#include "tsv.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "box_drain.h"
#include "box_proc.h"
#include "kmsg.h"
#include "box_limits.h"
#include "case_kinds.h" /* mt_leaks_last_idx */
#include "case_needs.h"
#include "fresh_boot.h"
#include "mt_sys.h"
#include "mt_syscalls.h" /* MT_FLAVOUR, MT_HAS_*: what this kernel was built with */

/* A header generated before MT_HAS_* (a kernel not rebuilt since): every
 * case runs, as before, and a missing facility fails as it did. */
#ifndef MT_HAS_FAULT_INJECTION
#define MT_HAS_FAULT_INJECTION 1
#define MT_HAS_FAILSLAB 1
#define MT_HAS_FAIL_PAGE_ALLOC 1
#define MT_HAS_FAULT_INJECTION_USERCOPY 1
#define MT_HAS_DEBUG_KMEMLEAK 1
#define MT_HAS_USERFAULTFD 1
#endif

unsigned mt_kernel_has(void)
{
	return (MT_HAS_FAULT_INJECTION ? MT_NEED_FAIL_NTH : 0) | (MT_HAS_FAILSLAB ? MT_NEED_FAILSLAB : 0) |
	       (MT_HAS_FAIL_PAGE_ALLOC ? MT_NEED_FAIL_PAGE_ALLOC : 0) |
	       (MT_HAS_FAULT_INJECTION_USERCOPY ? MT_NEED_FAIL_USERCOPY : 0) |
	       (MT_HAS_DEBUG_KMEMLEAK ? MT_NEED_KMEMLEAK : 0) | (MT_HAS_USERFAULTFD ? MT_NEED_USERFAULTFD : 0);
}

int mt_case_selected(const char *name, const char *only)
{
	char buf[1024], *save = NULL;

	if (!only || !*only)
		return 1;
	snprintf(buf, sizeof(buf), "%s", only);
	for (char *g = strtok_r(buf, ",", &save); g; g = strtok_r(NULL, ",", &save))
		if (!fnmatch(g, name, 0))
			return 1;
	return 0;
}

/*
 * Append one line to results/NAME and make it durable: a panic may follow.
 * Durable against a panic of this kernel means written through to the
 * host's file, which sync_file_range does (hostfs writes its dirty pages
 * back); fsync also flushed the host's disk, 4 ms of the 6 a line took on
 * a loaded host (docs/SPEED.md), and a host crash is not what this guards
 * against. fsync where sync_file_range is refused.
 */
static void record(const char *dir, const char *name, const char *line)
{
	char path[512];
	int fd;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0)
		perror(path);
	if (sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER))
		fsync(fd);
	close(fd);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

size_t mt_run_items(const struct mt_case_table *t, const struct mt_run_opts *o)
{
	return t->n + (o->scenarios ? o->scenarios->n : 0);
}

static const struct mt_scenario *item_scenario(const struct mt_case_table *t, const struct mt_run_opts *o,
					       size_t i)
{
	return i >= t->n && o->scenarios ? &o->scenarios->sc[i - t->n] : NULL;
}

const char *mt_run_item_name(const struct mt_case_table *t, const struct mt_run_opts *o, size_t i,
			     const char **where)
{
	const struct mt_scenario *sc = item_scenario(t, o, i);

	if (where)
		*where = sc ? sc->where : t->cases[i].where;
	return sc ? sc->name : t->cases[i].name;
}

/* What a case or a scenario is, for the loop below. */
struct item {
	const struct mt_case *c;       /* a case of the table, or       */
	const struct mt_scenario *sc;  /* a stress scenario            */
	const char *name, *where;
};

static void item_exec(const struct item *it, int idx, const struct mt_run_opts *o, struct mt_result *r)
{
	if (it->sc)
		mt_stress_exec(it->sc, &o->stress, r);
	else
		mt_case_exec(it->c, idx, o->profile, r);
}

void mt_progress_thread(int idx, const char *name)
{
	char line[256];

	snprintf(line, sizeof(line), "pid\t%d\t%s\t%ld\n", idx, name, (long)syscall(SYS_gettid));
	record(getenv("MT_RESULTS"), "progress", line);
}

/* Fork the case; wait with a timeout. Returns 0, or -1 if it will not die. */
static int run_child(const struct item *c, int idx, const struct mt_run_opts *o, struct mt_result *shared)
{
	pid_t pid;
	int st = 0;
	double deadline;
	/* a scenario stops its own workers at its timeout, then judges */
	int timeout_s = c->sc ? o->stress.timeout_s + 120 : o->timeout_s;

	memset(shared, 0, sizeof(*shared));
	mt_result_fail(shared, MT_OR_HARNESS, MT_BUG_HARNESS, "a verdict", "none",
		       "the case process ended without a verdict");
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(shared->detail, sizeof(shared->detail), "fork: %s", strerror(errno));
		return 0;
	}

	if (pid == 0) {
		item_exec(c, idx, o, shared);
		_exit(0);
	}
	/* "pid IDX NAME PID": leaks.* name the case that leaked by its pid */
	char line[256];

	snprintf(line, sizeof(line), "pid\t%d\t%s\t%d\n", idx, c->name, (int)pid);
	record(o->results, "progress", line);
	deadline = now_s() + timeout_s;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid)
			break;
		if (now_s() > deadline) {
			kill(pid, SIGKILL);
			for (int i = 0; i < 2000 && waitpid(pid, &st, WNOHANG) != pid; i++)
				usleep(1000);
			bool stuck = waitpid(pid, &st, WNOHANG) == 0;
			char want[48];

			snprintf(want, sizeof(want), "the case ends within %d s", timeout_s);
			mt_result_fail(shared, MT_OR_TIMEOUT, stuck ? MT_BUG_BLOCKS_CALLERS : MT_BUG_OTHER, want,
				       stuck ? "a process that cannot be killed" : "it did not",
				       "timed out after %d s%s", timeout_s,
				       stuck ? "; the process cannot be killed (stuck in the kernel)" : "");
			return stuck ? -1 : 0;
		}
		usleep(2000);
	}
	if (WIFSIGNALED(st))
		mt_result_fail(shared, MT_OR_HARNESS, MT_BUG_OTHER, "the case process exits", strsignal(WTERMSIG(st)),
			       "the case process died of signal %d (%s) during %s", WTERMSIG(st),
			       strsignal(WTERMSIG(st)), shared->call[0] ? shared->call : "setup");
	return 0;
}

/* After each case: an empty box and the limits the kernel booted with. */
static void restore(const struct mt_limits *boot, struct mt_result *r)
{
	long n = mt_box_drain();

	if (n == -EINPROGRESS) { /* a box filled on purpose: a fresh boot is quicker */
		r->box_unusable = true;
		return;
	}
	if (n < 0) {
		char e[32];

		/* the next case could not start from an empty box: this case
		 * made it so; the suite goes on in a fresh boot */
		if (r->status == MT_SKIP)
			r->status = MT_PASS;
		if (n == -ELOOP)
			mt_result_fail(r, MT_OR_SETUP, MT_BUG_MESSAGE_STUCK, "an empty box", "a box that never empties",
				       "cleanup: the box did not empty (the same answer more often in a row than the "
				       "%lu puts since it was last empty, plus %d; or %d gets or %d s: a message that never "
				       "leaves, or a get that always succeeds or always fails); the suite goes on in a "
				       "fresh boot",
				       mt_put_calls() - mt_box_empty_at(), MT_DRAIN_SAME_MARGIN, MT_DRAIN_MAX_CALLS,
				       MT_DRAIN_MAX_SECS);
		else if (n == mt_conv.too_small)
			mt_result_fail(r, MT_OR_SETUP, MT_BUG_MESSAGE_STUCK, "an empty box", mt_errno_name(n, e, sizeof(e)),
				       "cleanup: the top message is longer than any get can take (a get of %d bytes "
				       "answers %ld, the too-small answer): it never leaves; the suite goes on in a "
				       "fresh boot", mt_drain_len(), n);
		else
			mt_result_fail(r, MT_OR_SETUP, MT_BUG_REJECTS_GOOD, "an empty box", mt_errno_name(n, e, sizeof(e)),
				       "cleanup: draining the box failed with %ld; the suite goes on in a fresh boot", n);
		r->box_unusable = true;
	}
	mt_limits_apply(boot, NULL);
}

static void tap_report(int num, const struct item *c, const struct mt_result *r)
{
	if (r->status == MT_SKIP || r->status == MT_NA) {
		printf("ok %d - %s # SKIP %s\n", num, c->name, r->detail);
		return;
	}
	printf("%sok %d - %s\n", r->status == MT_PASS ? "" : "not ", num, c->name);
	if (r->status == MT_FAIL)
		printf("  ---\n  call: '%s'\n  expected: '%s'\n  got: '%s'\n  detail: '%s'\n  case: '%s'\n  ...\n",
		       r->call, r->expected, r->got, r->detail, c->where);
}

static void record_result(const struct mt_run_opts *o, int idx, const struct item *c,
			  const struct mt_result *r, double secs)
{
	char call[800], exp[800], got[800], det[3200], ors[256], bugs[512], line[6500];

	mt_tsv_escape_to(call, sizeof(call), r->call, strlen(r->call));
	mt_tsv_escape_to(exp, sizeof(exp), r->expected, strlen(r->expected));
	mt_tsv_escape_to(got, sizeof(got), r->got, strlen(r->got));
	mt_tsv_escape_to(det, sizeof(det), r->detail, strlen(r->detail));
	mt_result_oracles(r, ors, sizeof(ors));
	mt_result_bugs(r, bugs, sizeof(bugs));
	/* the columns of cases.tsv: docs/RESULTS.md */
	snprintf(line, sizeof(line), "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\n", idx, c->name,
		 mt_status_name(r->status), call, exp, got, det, secs, ors,
		 r->status == MT_FAIL ? mt_bug_name(r->bug) : "", r->status == MT_FAIL ? bugs : "");
	record(o->results, "cases.tsv", line);
}

int mt_run_cases(const struct mt_case_table *t, const struct mt_run_opts *o, struct mt_run_totals *tot,
		 int *resume_at)
{
	struct mt_result *shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct mt_limits boot = { mt_limit_get("max_msg_len"), mt_limit_get("max_total"),
				  mt_limit_get("max_msgs") };
	int planned = 0, num = 0, rc = 0;
	char line[256];
	/* lockdep off for the rest of this boot (fresh_boot.h): since which case */
	char blind[160] = "", prev_name[128] = "";
	bool first = true;
	const char *boot_env = getenv("MT_BOOT");
	int boot_no = boot_env ? atoi(boot_env) : 1;

	if (shared == MAP_FAILED)
		return -1;
	size_t n_items = mt_run_items(t, o);

	if (o->stop > 0 && (size_t)o->stop < n_items)
		n_items = (size_t)o->stop;

	mt_leaks_last_idx = -1;
	for (size_t i = (size_t)o->start; i < n_items; i++) {
		int sel = mt_case_selected(mt_run_item_name(t, o, i, NULL), o->only);

		planned += sel;
		if (sel && !item_scenario(t, o, i) && !strcmp(t->cases[i].call, "leaks"))
			mt_leaks_last_idx = (int)i;
	}
	printf("TAP version 13\n1..%d\n", planned);
	memset(tot, 0, sizeof(*tot));
	mt_conv.lenient = o->profile == MT_LENIENT;
	if (o->start > 0) /* a resumed boot judges as the first did */
		mt_conv_load(o->results);
	/* No drain here: every run starts in a fresh boot, so the box is empty,
	 * and before the probe a drain would not know what "empty" sounds like
	 * (a get that answers +61 on an empty box would keep it busy). */
	for (size_t i = (size_t)o->start; i < n_items; i++) {
		struct item it = { .sc = item_scenario(t, o, i) }, *c = &it;
		long taint0, taint1;
		int lockdep0;
		double t0;

		it.c = it.sc ? NULL : &t->cases[i];
		it.name = mt_run_item_name(t, o, i, &it.where);
		if (!mt_case_selected(c->name, o->only))
			continue;
		num++;
		snprintf(line, sizeof(line), "begin\t%zu\t%s\n", i, c->name);
		record(o->results, "progress", line);
		mt_kmsg("case-begin %zu %s", i, c->name);
		char na[256];
		const char *why = mt_not_applicable(c->sc ? mt_scenario_needs(c->sc) : mt_case_needs(c->c),
						    mt_kernel_has(), MT_FLAVOUR, na, sizeof(na));

		if (why) { /* not run: nothing of the kernel's state moved */
			memset(shared, 0, sizeof(*shared));
			shared->status = MT_NA;
			snprintf(shared->detail, sizeof(shared->detail), "%s", why);
			tap_report(num, c, shared);
			record_result(o, (int)i, c, shared, 0);
			tot->not_applicable++;
			continue;
		}
		taint0 = mt_tainted();
		lockdep0 = mt_lockdep_on();
		if (lockdep0 == 0 && !blind[0]) /* turned off between cases (a drain's report) */
			snprintf(blind, sizeof(blind), "%s%s", prev_name[0] ? "after case " : "since boot", prev_name);
		t0 = now_s();
		int stuck = run_child(c, (int)i, o, shared);
		double secs = now_s() - t0;

		if (shared->has_conv) /* the probe: every later case judges with it */
			mt_conv = shared->conv;
		taint1 = mt_tainted();
		if (taint1 != taint0) {
			char a[32], b[32], want[64], got[64];

			snprintf(want, sizeof(want), "taint unchanged (%ld %s)", taint0,
				 mt_taint_letters(taint0, a, sizeof(a)));
			snprintf(got, sizeof(got), "%ld %s", taint1, mt_taint_letters(taint1, b, sizeof(b)));
			mt_result_fail(shared, MT_OR_TAINT, MT_BUG_KERNEL_REPORT, want, got,
				       "the kernel was tainted during the case (see the console)");
		}
		/* judged without lockdep: say so, pass or fail (never a silent pass) */
		if (lockdep0 == 0 && blind[0]) {
			size_t used = strlen(shared->detail);

			snprintf(shared->detail + used, sizeof(shared->detail) - used,
				 "%slockdep off %s (a kernel report turned it off): lock bugs of this case "
				 "unseen", used ? "; " : "", blind);
		}
		/* The case ends before the cleanup's drain: a kernel report the
		 * drain's gets trip (a get that is wrong every time) is a finding
		 * of its own, not this case's class. */
		mt_kmsg("case-end %zu %s %s", i, c->name, mt_status_name(shared->status));
		if (!stuck && !shared->box_unusable) /* a drain would block on a stuck caller's lock */
			restore(&boot, shared);
		tap_report(num, c, shared);
		record_result(o, (int)i, c, shared, secs);
		tot->passed += shared->status == MT_PASS;
		tot->failed += shared->status == MT_FAIL;
		tot->skipped += shared->status == MT_SKIP;
		/* lockdep turned off in this case (its own first report, or a
		 * KASAN/SLUB report that taints with LOCKDEP_NOW_UNRELIABLE): the
		 * next case gets a fresh boot, so that its lock bugs are seen too,
		 * unless rebooting would not help (fresh_boot.h) */
		struct mt_case_watch w = { lockdep0, mt_lockdep_on(), taint0, taint1, first, boot_no };
		enum mt_fresh fresh = mt_fresh_boot(&w);
		bool lockdep_off = fresh == MT_FRESH_LOCKDEP || fresh == MT_FRESH_TAINT;

		first = false;
		snprintf(prev_name, sizeof(prev_name), "%s", c->name);
		if (lockdep_off)
			printf("# msgbox-torture: lockdep turned off in %s%s: a fresh boot for the next case\n",
			       c->name, fresh == MT_FRESH_TAINT ? " (by a tainting report)" : "");
		if (fresh == MT_FRESH_BLIND) {
			snprintf(blind, sizeof(blind), "since case %s", c->name);
			printf("# msgbox-torture: lockdep turned off in %s, the first case of boot %d: the rest of "
			       "this boot runs without lockdep\n", c->name, boot_no);
		}
		if (stuck || shared->box_unusable || (shared->has_conv && shared->conv.stuck) || lockdep_off) {
			rc = -1; /* a process stuck in the kernel, or a box that never empties */
			*resume_at = (int)i + 1;
			break;
		}
	}
	printf("# msgbox-torture: %d passed, %d failed, %d skipped, %d not applicable\n", tot->passed, tot->failed,
	       tot->skipped, tot->not_applicable);
	munmap(shared, sizeof(*shared));
	return rc;
}
