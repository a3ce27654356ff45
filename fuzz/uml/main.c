/*
 * msgbox-fuzz: the in-UML fuzzer's main program (fuzz/README.md), run as
 * PID 1's child by uml-init like msgbox-torture:
 *
 *   msgbox-fuzz --results DIR --cases CONF [--seed N] [--profile P] [--start K]
 *
 * CONF holds "key value" lines: mode (fuzz, replay, repro), duration (s),
 * harness and probe (msgbox-torture and its case table, to learn the
 * conventions), prelude (repro_prelude.c), and for replay index K or prog
 * FILE, for repro bin PATH and times N. Exit: 0 no finding, 1 a finding
 * (fuzz, replay) or a reproducer that failed every time (repro), 2 bad
 * input, 3 the fuzzer could not run.
 */
#define _GNU_SOURCE
#include "fz.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kmsg.h"
#include "mt_sys.h"
#include "pointers.h"

struct conf {
	char mode[16], harness[512], probe[512], prelude[512], prog[512], bin[512];
	double duration;
	long index, times, leak_every;
	int minimise, stop_first, proc_each;
	int pct[6]; /* valid, window, nth, limits, proc, signal; -1: the default */
};

static const char *results;
static bool fz_opts_proc_each = true;
/* What the leak re-runs keep of a program (fuzz.conf leak_keep, a sum):
 * 1 its userfaultfd windows, 2 its fail-nth points (README). Fail-nth
 * points by default: with SLUB, 150 s of the reference with both in the
 * programs and a scan every 5 s listed no object (session 16); windows
 * not: their nested calls run in the handler thread, which kmemleak names
 * by its own pid, so a leak there would not be tied to the process. */
#define FZ_LEAK_KEEP_UFFD 1
#define FZ_LEAK_KEEP_NTH 2
static int fz_leak_keep = FZ_LEAK_KEEP_NTH;

static int die(const char *msg, const char *arg)
{
	fprintf(stderr, "msgbox-fuzz: %s%s\n", msg, arg ? arg : "");
	return 2;
}

static int conf_load(const char *path, struct conf *c, char *err, size_t n)
{
	FILE *f = fopen(path, "r");
	char k[64], v[512], line[700];
	int lineno = 0;

	if (!f) {
		snprintf(err, n, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%63s %511s", k, v) != 2)
			goto bad;
		if (!strcmp(k, "mode"))
			snprintf(c->mode, sizeof(c->mode), "%.15s", v);
		else if (!strcmp(k, "duration"))
			c->duration = atof(v);
		else if (!strcmp(k, "harness"))
			snprintf(c->harness, sizeof(c->harness), "%s", v);
		else if (!strcmp(k, "probe"))
			snprintf(c->probe, sizeof(c->probe), "%s", v);
		else if (!strcmp(k, "prelude"))
			snprintf(c->prelude, sizeof(c->prelude), "%s", v);
		else if (!strcmp(k, "prog"))
			snprintf(c->prog, sizeof(c->prog), "%s", v);
		else if (!strcmp(k, "bin"))
			snprintf(c->bin, sizeof(c->bin), "%s", v);
		else if (!strcmp(k, "index"))
			c->index = atol(v);
		else if (!strcmp(k, "times"))
			c->times = atol(v);
		else if (!strcmp(k, "leak_every"))
			c->leak_every = atol(v);
		else if (!strcmp(k, "leak_keep"))
			fz_leak_keep = atoi(v);
		else if (!strcmp(k, "minimise"))
			c->minimise = atoi(v);
		else if (!strcmp(k, "stop_first"))
			c->stop_first = atoi(v);
		else if (!strcmp(k, "proc_each"))
			c->proc_each = atoi(v);
		else if (!strcmp(k, "pct_valid"))
			c->pct[0] = atoi(v);
		else if (!strcmp(k, "pct_window"))
			c->pct[1] = atoi(v);
		else if (!strcmp(k, "pct_nth"))
			c->pct[2] = atoi(v);
		else if (!strcmp(k, "pct_limits"))
			c->pct[3] = atoi(v);
		else if (!strcmp(k, "pct_proc"))
			c->pct[4] = atoi(v);
		else if (!strcmp(k, "pct_signal"))
			c->pct[5] = atoi(v);
		else
			goto bad;
		continue;
bad:
		snprintf(err, n, "%s:%d: unknown line: %.60s", path, lineno, line);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static void say_file(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say_file(const char *name, const char *fmt, ...)
{
	char path[700];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", results, name);
	f = fopen(path, "a");
	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
	fsync(fileno(f));
	fclose(f);
}

/* The conventions: msgbox-torture's own probe case, into DIR/probe. */
static int learn(const struct conf *c, const char *profile)
{
	char dir[700];
	pid_t pid;
	int st = 0;

	snprintf(dir, sizeof(dir), "%s/probe", results);
	mkdir(dir, 0755);
	if (!c->harness[0])
		return 0; /* SPEC's own answers */
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, 1);
		execl(c->harness, c->harness, "--results", dir, "--cases", c->probe, "--only", "conventions",
		      "--profile", profile, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	/* the probe writes conventions.tsv where MT_RESULTS names (uml-init's
	 * results directory) */
	if (mt_conv_load(results) && mt_conv_load(dir)) {
		fprintf(stderr, "msgbox-fuzz: the conventions probe wrote no %s/conventions.tsv\n", dir);
		return -1;
	}
	return 0;
}

/* A null syscall's cost and a plain put+get's, in this boot. */
static void rates(double *null_ns, double *pair_ns)
{
	static unsigned char buf[64];
	double t0 = fz_now(), t;
	long n = 0;

	while ((t = fz_now()) - t0 < 0.5)
		for (int k = 0; k < 100; k++, n++)
			getppid();
	*null_ns = (t - t0) * 1e9 / (double)n;
	n = 0;
	t0 = fz_now();
	while ((t = fz_now()) - t0 < 0.5)
		for (int k = 0; k < 50; k++, n++) {
			mt_put(buf, 16);
			mt_get(buf, 64);
		}
	*pair_ns = (t - t0) * 1e9 / (double)n;
}

/*
 * Kernel words quoted on the console would read as a report of their own to
 * the console classifier ("BUG: KASAN: ..." in a FINDING line): on the
 * console they are defanged; fuzz-findings.tsv has them as they came.
 */
static const char *defang(const char *in, char *out, size_t n)
{
	static const char *const words[][2] = {
		{ "BUG:", "BUG -" }, { "WARNING:", "WARNING -" }, { "kmemleak:", "kmemleak -" },
		{ "unreferenced object", "unreferenced-object" }, { "Kernel panic", "Kernel-panic" },
		{ "interrupts disabled", "interrupts off" }, { "lockdep", "lock-dep" }, { "cut here", "cut-here" },
	};
	size_t k = 0;

	while (*in && k + 24 < n) {
		size_t w;

		for (w = 0; w < sizeof(words) / sizeof(words[0]); w++)
			if (!strncmp(in, words[w][0], strlen(words[w][0])))
				break;
		if (w < sizeof(words) / sizeof(words[0])) {
			k += (size_t)snprintf(out + k, n - k, "%s", words[w][1]);
			in += strlen(words[w][0]);
		} else {
			out[k++] = *in++;
		}
	}
	out[k] = '\0';
	return out;
}

static void report(const struct fz_prog *p, const struct fz_finding *f, int k)
{
	char d[1400], g[300];

	printf("FINDING %d: %s [%s/%s] in program p%ld (seed %llu), op %d: %s: expected %s, got %s\n", k,
	       defang(f->detail, d, sizeof(d)), mt_oracle_name(f->oracle), mt_bug_name(f->bug), p->index,
	       (unsigned long long)p->seed, f->op, f->call, f->expected, defang(f->got, g, sizeof(g)));
	say_file("fuzz-findings.tsv", "%d\t%llu\t%ld\t%d\t%s\t%s\t%s\t%s\t%s\n", k, (unsigned long long)p->seed, p->index,
		 f->op, mt_oracle_name(f->oracle), mt_bug_name(f->bug), f->call, f->expected, f->got);
}

/* Minimise, trace, and write repro-K.prog and repro-K.c. */
static void reproduce(const struct conf *c, struct fz_prog *p, struct fz_finding *f, int k)
{
	struct fz_opts o = { .proc_each = fz_opts_proc_each };
	struct fz_trace t;
	char path[700];
	int tests = 0, before = p->n;
	double t0 = fz_now();
	FILE *out;

	/* a progress finding only where a run shows it in seconds (a window
	 * blocked for FZ_BLOCK_S), not a whole program's 20 s limit */
	bool slow = f->oracle == MT_OR_PROGRESS && !f->window_blocked;

	if (c->minimise && f->oracle != MT_OR_LEAK && !slow)
		fz_minimise(p, f, &o, &tests);
	o.markers = true;
	o.verbose = true;
	struct fz_finding again;

	fz_run_child(p, &o, &again, NULL); /* the trace, and per-call markers for the console */
	fz_last_trace(&t);
	if (f->oracle != MT_OR_LEAK) /* a leak is not seen in one run: kmemleak judged it */
		*f = again;
	printf("fuzz: minimised program p%ld from %d to %d op(s) in %d runs, %.1f s; it %s\n", p->index, before, p->n,
	       tests, fz_now() - t0, f->found ? "still fails" : "NO LONGER FAILS");
	if (f->found)
		report(p, f, k);
	snprintf(path, sizeof(path), "%s/repro-%d.prog", results, k);
	if ((out = fopen(path, "w"))) {
		fz_prog_write(out, p);
		fclose(out);
	}
	snprintf(path, sizeof(path), "%s/repro-%d.c", results, k);
	if (f->found && !slow && (out = fopen(path, "w"))) {
		if (fz_emit_repro(out, c->prelude, p, &t, f))
			fprintf(stderr, "msgbox-fuzz: cannot write %s (prelude %s)\n", path, c->prelude);
		fclose(out);
		say_file("fuzz-repros.tsv", "%d\trepro-%d.c\t%d\t%s\t%s\n", k, k, t.n, mt_oracle_name(f->oracle),
			 mt_bug_name(f->bug));
	}
}

/* What a batch child tells the fuzzer's loop. */
struct batch {
	long next;      /* the next program to run */
	long programs, calls;
	long sig_held, sig_nested, sig_failed; /* signals that reached a call (exec.c) */
	int found;
	long fidx;      /* the program of the finding */
	struct fz_finding f;
	struct fz_running running;
};

/* Where the tasks of a stuck process are (for the report). */
static void say_tasks(pid_t pid)
{
	char path[400], buf[512];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		static const char *const files[] = { "syscall", "stat" };

		if (e->d_name[0] == '.')
			continue;
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "/proc/%d/task/%s/%s", (int)pid, e->d_name, files[k]);
			FILE *f = fopen(path, "r");
			size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

			if (f)
				fclose(f);
			buf[n] = '\0';
			printf("fuzz: stuck task %s %s: %s\n", e->d_name, files[k], buf);
		}
	}
	if (d)
		closedir(d);
}

/* ", N PCs, corpus M" with coverage, else nothing. */
static const char *cover_words(void)
{
	static char w[64];

	if (!fz_cover)
		return "";
	snprintf(w, sizeof(w), ", %lu PCs, corpus %u", fz_cover->n, fz_cover->corpus_n);
	return w;
}

/*
 * Programs from @idx on, in this child, for at most @secs: one process for
 * many programs (a fork and its page copies per program would cost more
 * than the program), case-begin/case-end markers around each.
 */
static void batch_child(struct batch *b, uint64_t seed, long idx, double secs, const struct fz_opts *o)
{
	double t0 = fz_now();

	fz_calls = fz_sig_held = fz_sig_nested = fz_sig_failed = 0;
	b->next = idx;
	fz_running = &b->running;
	/* what an earlier process left (one killed mid-program); a box that
	 * cannot be emptied is a finding, not a batch of no programs */
	long left = fz_empty_box();
	char seen[200];

	fz_kmsg_report(seen, sizeof(seen)); /* what emptying it made the kernel say is no program's */

	if (left != FZ_EMPTIED) {
		b->f = (struct fz_finding){ .found = true, .oracle = MT_OR_CONTENTS, .bug = MT_BUG_MESSAGE_STUCK, .op = -1 };
		snprintf(b->f.call, sizeof(b->f.call), "the drain before program p%ld", idx);
		snprintf(b->f.expected, sizeof(b->f.expected), "the box empties");
		snprintf(b->f.got, sizeof(b->f.got), "get answers %ld a thousand times in a row", left);
		snprintf(b->f.detail, sizeof(b->f.detail), "before program p%ld the box cannot be emptied: a get "
			 "answers %ld a thousand times in a row (what ran before left a message that never leaves)",
			 idx, left);
		b->fidx = idx > 0 ? idx - 1 : 0;
		b->found = 1;
		fflush(stdout);
		_exit(0);
	}
	while (fz_now() - t0 < secs) {
		struct fz_prog p;
		struct fz_finding f;

		fz_gen(&p, seed, idx);
		mt_kmsg("case-begin %ld fuzz.p%ld", idx, idx);
		fz_run(&p, o, &f);
		mt_kmsg("case-end %ld fuzz.p%ld %s", idx, idx, f.found ? "fail" : "pass");
		b->programs++;
		b->calls = fz_calls;
		b->sig_held = fz_sig_held, b->sig_nested = fz_sig_nested, b->sig_failed = fz_sig_failed;
		b->next = ++idx;
		if (f.found) {
			b->f = f;
			b->fidx = idx - 1;
			b->found = 1;
			break;
		}
	}
	fflush(stdout);
	_exit(0);
}

struct span {
	int pid;
	long from, to; /* programs [from, to) ran in process pid */
};

/*
 * @p without userfaultfd (and without fail-nth unless leak_keep keeps it):
 * windows become plain calls, a vanishing buffer an unmapped one (both
 * fail at the copy). kmemleak lists objects that a get freed after its
 * copy came back from a userfaultfd fault as unreferenced
 * (harness/case_leaks.c measured it), so a leak is shown without them.
 */
static void without_uffd(struct fz_prog *p)
{
	long unmapped = mt_ptr_index("unmapped", &(long){ 0 });

	for (int i = 0; i < p->n; i++) {
		p->op[i].c.proc = 0; /* one process: the one kmemleak names */
		/* fail-nth points only with leak_keep 2 (the default): with
		 * SLAB, a failed point of kmemleak's own metadata allocation left
		 * it listing an object it lost track of (put(valid, 27439) failing
		 * its point 3, every time); with SLUB nothing was listed */
		if (!(fz_leak_keep & FZ_LEAK_KEEP_NTH))
			p->op[i].nth = 0;
		if (fz_leak_keep & FZ_LEAK_KEEP_UFFD)
			continue;
		p->op[i].window = 0;
		p->op[i].nested = 0;
		if (mt_ptr_class_at(p->op[i].c.ptr)->flags & MT_PTRF_UFFD)
			p->op[i].c.ptr = (uint8_t)unmapped;
	}
}

/* A kmemleak look takes seconds: say so where the host watches for progress. */
/* Until the objects of what just ran are old enough for kmemleak to list:
 * 1 s in our kernels (kernel-patch/prepare-tree.sh), and a margin. */
static void leak_wait(const char *what)
{
	say_file("fuzz.progress", "fuzz: kmemleak: %s\n", what);
	sleep(2);
}

/* Which program of the batches @s leaked: each alone in its own process,
 * then one scan; then each of its ops alone the same way. */
static int leak_check(struct span *s, int ns, uint64_t seed, struct fz_prog *p, struct fz_finding *f)
{
	char line[300], dl[400];
	int pids[64], n, k = 0;
	bool leaked[64];
	struct fz_opts o = { .proc_each = fz_opts_proc_each };
	long from = -1, to = -1, idx[64];

	if (ns > 64)
		ns = 64;
	for (int i = 0; i < ns; i++)
		pids[i] = s[i].pid;
	n = fz_leak_scan(pids, ns, leaked, line, sizeof(line));
	fz_leak_clear();
	if (n <= 0)
		return 0;
	for (int i = ns - 1; i >= 0; i--)
		if (leaked[i])
			from = s[i].from, to = s[i].to;
	printf("fuzz: kmemleak: %d object(s) of the process of programs p%ld..p%ld: %s\n", n, from, to - 1,
	       defang(line, dl, sizeof(dl)));
	if (to - from > 64)
		from = to - 64;
	/* each program of that process alone, without userfaultfd */
	for (long i = from; i < to; i++, k++) {
		struct fz_finding g;

		fz_gen(p, seed, i);
		without_uffd(p);
		idx[k] = i;
		fz_run_child(p, &o, &g, &pids[k]);
	}
	leak_wait("each program of the process alone");
	n = fz_leak_scan(pids, k, leaked, line, sizeof(line));
	fz_leak_clear();
	/* the first program that leaked, and at most four of its ops: on the
	 * reference, kmemleak's false listings cost a scan each */
	for (int c = 0, tried = 0; c < k && tried < 1; c++) {
		if (!leaked[c])
			continue;
		tried++;
		fz_gen(p, seed, idx[c]);
		without_uffd(p);
		printf("fuzz: kmemleak: program p%ld leaks: %s\n", p->index, defang(line, dl, sizeof(dl)));
		say_file("fuzz-leak.txt", "program p%ld (seed %llu):\n%s\n", p->index, (unsigned long long)seed,
			 fz_leak_block);
		/* each op alone; then the ones that leaked, those without a
		 * fail-nth point first, three times more each */
		int opids[FZ_MAX_OPS];
		bool oleaked[FZ_MAX_OPS];

		for (int i = 0; i < p->n; i++) {
			struct fz_prog one = *p;
			struct fz_finding g;

			one.n = 1;
			one.op[0] = p->op[i];
			fz_run_child(&one, &o, &g, &opids[i]);
		}
		leak_wait("each op of the program alone");
		fz_leak_scan(opids, p->n, oleaked, line, sizeof(line));
		fz_leak_clear();
		int tries = 0;

		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < p->n && tries < 4; i++) {
				if (!oleaked[i] || (pass == 0) != !p->op[i].nth)
					continue;
				tries++;
				struct fz_prog one = *p;
				int again[3];
				bool al[3];

				/*
				 * kmemleak on UML with KASAN also lists objects that
				 * were freed (KASAN's free record in their bytes), a
				 * program's now and then: a leak is an op that
				 * leaks alone, and again in two of three more runs.
				 */
				/* the op five times in each of three processes: five
				 * objects for kmemleak to see in each */
				one.n = 5;
				for (int r5 = 0; r5 < 5; r5++)
					one.op[r5] = p->op[i];
				for (int t = 0; t < 3; t++) {
					struct fz_finding g;

					fz_run_child(&one, &o, &g, &again[t]);
				}
				leak_wait("the op alone, three times more");
				/* a stale copy of the pointer (a stack slot) may hide a
				 * leak for a scan or two: look again, a second apart */
				bool any[3] = { false, false, false };

				for (int look = 0; look < 5 && !(any[0] && any[1] && any[2]); look++) {
					if (look)
						sleep(1);
					fz_leak_scan(again, 3, al, line, sizeof(line));
					for (int t = 0; t < 3; t++)
						any[t] |= al[t];
				}
				fz_leak_clear();
				/* two of three: a stale pointer may hide one of them
				 * past every look; a freed object listed by mistake
				 * does not come back for the same op twice */
				if (any[0] + any[1] + any[2] >= 2) {
					one.n = 1;
					*p = one;
					goto found;
				}
				printf("fuzz: kmemleak: op %d of p%ld leaked alone, but not 2 times of 3 more\n", i,
				       p->index);
			}
	}
	printf("fuzz: kmemleak: objects of programs p%ld..p%ld, but no op of them leaks alone again: no "
	       "finding (kmemleak also lists freed objects on UML with KASAN)\n", from, to - 1);
	return 0;
found:
	memset(f, 0, sizeof(*f));
	f->found = true;
	f->oracle = MT_OR_LEAK;
	f->bug = MT_BUG_LEAK;
	f->op = p->n == 1 ? 0 : -1;
	if (p->n == 1)
		fz_op_str(&p->op[0], f->call, sizeof(f->call));
	else
		snprintf(f->call, sizeof(f->call), "program p%ld", p->index);
	snprintf(f->expected, sizeof(f->expected), "no unreferenced object after the calls");
	snprintf(f->got, sizeof(f->got), "%.190s", line);
	snprintf(f->detail, sizeof(f->detail), "kmemleak: %s leaves an unreferenced object: %s", f->call, line);
	return 1;
}

/* What the kernel reported before any program: a finding of its own. */
static char probe_report[200];

static int pre_finding(int k, uint64_t seed, const char *tag, const char *what, const char *line)
{
	char d[300];

	printf("FINDING %d: %s made the kernel report, before any program: %s [console/kernel-report] (seed %llu): "
	       "expected no kernel report, got %s\n", k, what, defang(line, d, sizeof(d)), (unsigned long long)seed, d);
	say_file("fuzz-findings.tsv", "%d\t%llu\t%s\t-1\tconsole\tkernel-report\t%s\tno kernel report\t%s\n", k,
		 (unsigned long long)seed, tag, what, d);
	return 1;
}

static int fuzz(const struct conf *c, uint64_t seed, long start)
{
	struct fz_opts o = { .proc_each = fz_opts_proc_each };
	double null_ns, pair_ns, t0, last = 0, last_scan, paused = 0;
	long programs = 0, calls = 0, idx = start, sig_held = 0, sig_nested = 0, sig_failed = 0;
	int found = 0, ns = 0;
	static struct span spans[64];
	struct batch *b = mmap(NULL, sizeof(*b), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		return 3;
	/* before any program: what the conventions probe (the suite's first
	 * case, run to learn the conventions) and the plain put/get loop of
	 * the rates made the kernel report is a finding too, not a silence:
	 * lockdep, for one, reports once and is off for the rest of the boot */
	{
		char line[200];

		if (probe_report[0])
			found += pre_finding(found + 1, seed, "probe", "the conventions probe", probe_report);
		mt_kmsg("case-begin 0 fuzz.rates");
		rates(&null_ns, &pair_ns);
		mt_kmsg("case-end 0 fuzz.rates pass");
		if (fz_kmsg_report(line, sizeof(line)))
			found += pre_finding(found + 1, seed, "rates", "the plain put/get loop of the rates", line);
	}
	int lockdep0 = mt_lockdep_on();

	if (lockdep0 == 0)
		printf("fuzz: lockdep is off before the first program (%s): lock bugs are not looked for in this run\n",
		       found ? "a report above turned it off" : "turned off at boot");
	say_file("fuzz.tsv", "lockdep_at_start\t%d\n", lockdep0);
	printf("fuzz: seed %llu, %.0f s, null syscall %.1f us (%.0f/s), put+get %.1f us (%.0f calls/s); windows %s, "
	       "fail-nth %s, kmemleak %s\n", (unsigned long long)seed, c->duration, null_ns / 1e3, 1e9 / null_ns,
	       pair_ns / 1e3, 2e9 / pair_ns, fz_env.uffd ? "yes" : "no", fz_env.failnth ? "yes" : "no",
	       fz_env.kmemleak ? "yes" : "no");
	t0 = last_scan = fz_now();
	if (fz_env.kmemleak)
		fz_leak_clear();
	/* a finding before any program does not stop the run (stop_first is
	 * for programs): most such bugs show again in a program, and get a
	 * reproducer there */
	while (fz_now() - t0 - paused < c->duration) {
		struct fz_prog p;
		struct fz_finding f = { 0 };
		int st = 0;
		double left = c->duration - (fz_now() - t0 - paused);

		memset(b, 0, sizeof(*b));
		fflush(stdout);
		pid_t pid = fork();

		if (pid < 0)
			return 3;
		if (pid == 0)
			batch_child(b, seed, idx, left < 1 ? left : 1, &o);
		enum fz_watched why = fz_watch(pid, &st, &b->running, 30);

		if (why != FZ_ENDED) {
			say_tasks(pid);
			kill(pid, SIGKILL); /* a call that never returns */
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			b->found = 1, b->fidx = b->next;
		}
		if (why == FZ_WINDOW_BLOCKED)
			fz_blocked_finding(&b->running, &b->f);
		if (why == FZ_TIMED_OUT) {
			b->f = (struct fz_finding){ .found = true, .oracle = MT_OR_PROGRESS, .bug = MT_BUG_BLOCKS_CALLERS,
						    .op = -1 };
			snprintf(b->f.detail, sizeof(b->f.detail), "program p%ld made no progress for 30 s: op %d, %s%s",
				 b->next, b->running.op, b->running.words,
				 b->running.in_window == 1 ? " (in the calls made while it was held)" :
				 b->running.in_window == 2 ? " (after the calls made while it was held)" :
				 b->running.in_window == 3 ? " (after it returned)" :
				 b->running.in_window == 4 ? " (in the calls of its window, made after it returned)" : "");
			snprintf(b->f.call, sizeof(b->f.call), "%.199s", b->running.words);
			b->f.op = b->running.op;
			snprintf(b->f.expected, sizeof(b->f.expected), "every call returns");
			snprintf(b->f.got, sizeof(b->f.got), "a call still running after 30 s");
		}
		programs += b->programs;
		calls += b->calls;
		sig_held += b->sig_held, sig_nested += b->sig_nested, sig_failed += b->sig_failed;
		if (ns < 64)
			spans[ns++] = (struct span){ pid, idx, b->next + (WIFSIGNALED(st) ? 1 : 0) };
		if (!b->found && WIFSIGNALED(st)) { /* the process died in a program */
			b->found = 1, b->fidx = b->next;
			b->f = (struct fz_finding){ .found = true, .oracle = MT_OR_HARNESS, .bug = MT_BUG_OTHER, .op = -1 };
			snprintf(b->f.detail, sizeof(b->f.detail), "program p%ld's process died of %s", b->next,
				 strsignal(WTERMSIG(st)));
			snprintf(b->f.expected, sizeof(b->f.expected), "the process survives its calls");
			snprintf(b->f.got, sizeof(b->f.got), "%s", strsignal(WTERMSIG(st)));
		}
		idx = b->found ? b->fidx + 1 : b->next;
		double now = fz_now();

		if (b->found) {
			f = b->f;
			fz_gen(&p, seed, b->fidx);
		} else if (fz_env.kmemleak && (now - last_scan > c->leak_every || ns == 64)) {
			leak_wait("a scan"); /* the last program's objects must be old enough */
			if (leak_check(spans, ns, seed, &p, &f))
				f.found = true;
			ns = 0;
			last_scan = fz_now();
			paused += last_scan - now; /* scans are not fuzzing time */
		}
		if (f.found) {
			found++;
			double at = fz_now() - t0 - paused;

			printf("fuzz: finding after %.1f s, %ld programs, %ld calls\n", at, programs, calls);
			say_file("fuzz.tsv", "time_to_find_s\t%.2f\nprograms_to_find\t%ld\n", at, programs);
			report(&p, &f, found);
			double m0 = fz_now();

			reproduce(c, &p, &f, found);
			paused += fz_now() - m0;
			if (c->stop_first)
				break;
		}
		now = fz_now();
		if (now - last >= 1) {
			char line[200];
			double secs = now - t0 - paused;

			snprintf(line, sizeof(line), "fuzz: %.0f s, %ld programs, %ld calls, %.0f calls/s, %d finding(s)%s",
				 secs, programs, calls, (double)calls / secs, found, cover_words());
			puts(line);
			say_file("fuzz.progress", "%s\n", line);
			last = now;
		}
	}
	double secs = fz_now() - t0 - paused;

	if (fz_cover) {
		char path[700];
		FILE *cf;

		snprintf(path, sizeof(path), "%s/cover-pcs.txt", results);
		if ((cf = fopen(path, "w"))) {
			fz_cover_write(cf);
			fclose(cf);
		}
		say_file("fuzz.tsv", "pcs\t%lu\ncorpus\t%u\n", fz_cover->n, fz_cover->corpus_n);
	}
	say_file("fuzz.tsv", "seed\t%llu\nprograms\t%ld\ncalls\t%ld\nsecs\t%.2f\ncalls_per_s\t%.0f\nnull_syscall_ns\t%.0f\n"
		 "null_syscalls_per_s\t%.0f\nputget_ns\t%.0f\nraw_calls_per_s\t%.0f\nratio_vs_null\t%.3f\n"
		 "ratio_vs_raw\t%.3f\nsignals_held\t%ld\nsignals_nested\t%ld\nsignalled_failed\t%ld\nfindings\t%d\n",
		 (unsigned long long)seed, programs, calls, secs, (double)calls / secs, null_ns, 1e9 / null_ns,
		 pair_ns, 2e9 / pair_ns, (double)calls / secs / (1e9 / null_ns), (double)calls / secs / (2e9 / pair_ns),
		 sig_held, sig_nested, sig_failed, found);
	printf("fuzz: signals: %ld held calls signalled in their page fault, %ld nested calls signalled while "
	       "still waiting after %d ms, %ld of them then failed%s\n", sig_held, sig_nested, FZ_SIG_MS, sig_failed,
	       sig_held || !fz_env.uffd || !fz_env.pct_signal ? "" : " (none reached a call: the signal oracle did not look)");
	printf("fuzz: done: %ld programs, %ld calls in %.1f s = %.0f calls/s (null syscall %.0f/s: %.3f of it; "
	       "plain put/get %.0f calls/s: %.2f of it), %d finding(s)%s\n", programs, calls, secs,
	       (double)calls / secs, 1e9 / null_ns, (double)calls / secs / (1e9 / null_ns), 2e9 / pair_ns,
	       (double)calls / secs / (2e9 / pair_ns), found, cover_words());
	return found ? 1 : 0;
}

static int replay(const struct conf *c, uint64_t seed)
{
	struct fz_prog p;
	struct fz_finding f;
	struct fz_opts o = { .proc_each = true, .markers = true, .verbose = true };
	char err[200];

	if (c->prog[0]) {
		FILE *in = fopen(c->prog, "r");

		if (!in || fz_prog_read(in, &p, err, sizeof(err)))
			return die("cannot read the program ", in ? err : c->prog);
		fclose(in);
	} else {
		fz_gen(&p, seed, c->index);
	}
	fz_run_child(&p, &o, &f, NULL);
	if (!f.found) {
		printf("fuzz: program p%ld: no finding\n", p.index);
		return 0;
	}
	report(&p, &f, 1);
	reproduce(c, &p, &f, 1);
	return 1;
}

static int repro(const struct conf *c)
{
	int failed = 0, n = c->times > 0 ? (int)c->times : 10;

	for (int i = 0; i < n; i++) {
		pid_t pid;
		int st = 0;

		mt_kmsg("case-begin %d repro.run%d", i, i);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			execl(c->bin, c->bin, (char *)NULL);
			_exit(127);
		}
		/* a run that hangs past its own alarms (a call that never
		 * returns, not even to die) showed a call that blocks: killed,
		 * it counts as failed (exit 124); one that cannot be killed
		 * ends the runs of this boot */
		enum fz_watched why = pid > 0 ? fz_watch(pid, &st, NULL, 15) : FZ_ENDED;
		bool hung = why != FZ_ENDED;

		if (hung) {
			say_tasks(pid);
			kill(pid, SIGKILL);
			if (fz_watch(pid, &st, NULL, 10) != FZ_ENDED) {
				printf("repro: run %d: exit 124 (a call that never returns; the process cannot be killed: "
				       "the runs of this boot end here)\n", i + 1);
				failed++;
				n = i + 1;
				break;
			}
		}
		int rc = hung ? 124 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);

		failed += rc == 1 || rc == 124;
		mt_kmsg("case-end %d repro.run%d %s", i, i, rc == 1 || rc == 124 ? "fail" : "pass");
		printf("repro: run %d: exit %d\n", i + 1, rc);
		if (rc == 2 || rc == 127)
			return die("the reproducer could not set itself up: ", c->bin);
	}
	printf("repro: %s failed %d/%d\n", c->bin, failed, n);
	say_file("repro.tsv", "%s\t%d\t%d\n", c->bin, failed, n);
	return failed == n ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct conf c = { .duration = 60, .times = 10, .leak_every = 20, .minimise = 1, .stop_first = 1,
			  .proc_each = 1, .pct = { -1, -1, -1, -1, -1, -1 } };
	const char *cpath = NULL, *profile = "strict";
	uint64_t seed = 1;
	long start = 0;
	char err[300], why[300];

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			return die("option needs a value: ", a);
		if (!strcmp(a, "--results"))
			results = v;
		else if (!strcmp(a, "--cases"))
			cpath = v;
		else if (!strcmp(a, "--seed"))
			seed = strtoull(v, NULL, 0);
		else if (!strcmp(a, "--profile"))
			profile = v;
		else if (!strcmp(a, "--start"))
			start = atol(v);
		else if (!strcmp(a, "--timeout") || !strcmp(a, "--stress-timeout") || !strcmp(a, "--only") ||
			 !strcmp(a, "--ops") || !strcmp(a, "--workers"))
			; /* uml-init passes the suite's options: not ours */
		else
			return die("unknown option ", a);
		i++;
	}
	if (!results || !cpath)
		return die("usage: msgbox-fuzz --results DIR --cases CONF [--seed N] [--profile strict|lenient]", NULL);
	if (strcmp(profile, "strict") && strcmp(profile, "lenient"))
		return die("--profile must be strict or lenient, not ", profile);
	if (conf_load(cpath, &c, err, sizeof(err)))
		return die(err, NULL);
	if (!strcmp(c.mode, "repro"))
		return repro(&c);
	mt_conv.lenient = !strcmp(profile, "lenient");
	if (fz_kmsg_open()) /* before the probe: what it makes the kernel say counts */
		return die("cannot read /dev/kmsg", NULL);
	if (learn(&c, profile))
		return 3;
	fz_kmsg_report(probe_report, sizeof(probe_report));
	mt_conv.lenient = !strcmp(profile, "lenient");
	fz_env_probe();
	fz_env.lenient = mt_conv.lenient;
	fz_cover_init();
	{
		static const int def[6] = { 70, 12, 8, 25, 25, 30 };
		int *dst[6] = { &fz_env.pct_valid, &fz_env.pct_window, &fz_env.pct_nth, &fz_env.pct_limits,
				&fz_env.pct_proc, &fz_env.pct_signal };

		for (int i = 0; i < 6; i++)
			*dst[i] = c.pct[i] >= 0 && c.pct[i] <= 100 ? c.pct[i] : def[i];
	}
	fz_opts_proc_each = c.proc_each;
	if (fz_bufs_init(why, sizeof(why)))
		return die(why, NULL);
	if (!strcmp(c.mode, "replay"))
		return replay(&c, seed);
	if (strcmp(c.mode, "fuzz") && c.mode[0])
		return die("mode must be fuzz, replay or repro, not ", c.mode);
	return fuzz(&c, seed, start);
}
