/*
 * mt-bench: what the dm510 message box costs against the floor and against
 * what a user would pick instead, run inside UML by uml-init (make bench).
 *
 *   mt-bench --results DIR [--reps N] [--batch-ms MS] [--scale-ms MS]
 *   mt-bench --results DIR --loop NAME:SIZE:SECS
 *
 * --loop (bench/profile.sh): one measure (getppid, msgbox, mqueue or pipe)
 * in a loop for SECS seconds and nothing else, for a profiler on the host;
 * "loop running" in bench.progress when it starts, its calls/s at the end.
 *
 * Writes DIR/bench-uml.tsv (columns in bench/README.md) and a progress
 * line per stage to stdout (the console) and DIR/bench.progress.
 *
 * Every figure is a batch of calls between two clock_gettime()s (on UML a
 * clock_gettime is itself a trip through the host, so a single call cannot
 * be timed), repeated --reps times. The repetitions of all the measures are
 * interleaved (rep 1 of every measure, then rep 2, ...) so that a change of
 * the host's load hits every figure alike, and the ratios compare figures
 * taken under the same conditions. Each ratio is paired: computed in every
 * repetition from batches run back to back (a getppid batch right before
 * each put+get batch; msgbox, mqueue and pipe of one size in a row), and
 * its median taken over the repetitions: the host's load (2 cores shared)
 * moves both sides of a ratio alike.
 *
 * Exit: 0 measured, 1 a call failed (the figures would be of an error path),
 * 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "bench_stats.h"
#include "mt_sys.h"
#include "mt_syscalls.h"

#define MAX_SIZE (64 * 1024)
#define MQ_NAME "/mt-bench"

static const long sizes[] = { 0, 64, 1024, 4096, MAX_SIZE };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
static const int procs[] = { 1, 2, 4, 8, 16, 32, 64 };
#define NPROCS (sizeof(procs) / sizeof(procs[0]))

static char *sbuf, *rbuf;
static mqd_t mq = (mqd_t)-1;
static int pipefd[2] = { -1, -1 };
static FILE *progress;

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void say(const char *fmt, const char *a, long b)
{
	printf("[bench] ");
	printf(fmt, a, b);
	putchar('\n');
	if (progress) { /* one line: the latest */
		rewind(progress);
		if (ftruncate(fileno(progress), 0))
			return;
		fprintf(progress, "bench: ");
		fprintf(progress, fmt, a, b);
		fputc('\n', progress);
		fflush(progress);
		fsync(fileno(progress));
	}
}

static _Noreturn void die(const char *what, long got)
{
	fprintf(stderr, "mt-bench: %s (got %ld)\n", what, got);
	exit(1);
}

/* One unit of each measure; returns how many calls it made. */
static int one_getppid(long size)
{
	(void)size;
	getppid();
	return 1;
}

static int one_msgbox(long size)
{
	long r = mt_put(sbuf, (int)size);

	if (r != 0)
		die("dm510_msgbox_put failed", r);
	r = mt_get(rbuf, MAX_SIZE);
	if (r != size)
		die("dm510_msgbox_get did not return the message put", r);
	return 2;
}

static int one_mqueue(long size)
{
	if (mq_send(mq, sbuf, (size_t)size, 0))
		die("mq_send failed", -errno);
	ssize_t r = mq_receive(mq, rbuf, MAX_SIZE, NULL);

	if (r != size)
		die("mq_receive did not return the message sent", r < 0 ? -errno : r);
	return 2;
}

static int one_pipe(long size)
{
	ssize_t w = write(pipefd[1], sbuf, (size_t)size);

	if (w != size)
		die("pipe write was short", w < 0 ? -errno : w);
	/* a pipe is a byte stream: one read may return part of it */
	for (long got = 0; got < size;) {
		ssize_t r = read(pipefd[0], rbuf + got, (size_t)(size - got));

		if (r <= 0)
			die("pipe read failed", r < 0 ? -errno : r);
		got += r;
	}
	return 2;
}

struct measure {
	const char *kind, *name;
	int (*one)(long size);
	long size;
	long batch; /* units per sample, calibrated */
	double ns[MT_BENCH_MAX_REPS]; /* per unit (a call, or a pair) */
	double floor[MT_BENCH_MAX_REPS]; /* getppid's ns, measured just before */
};

static double run_batch(struct measure *m, long n)
{
	double t0 = now_s();

	for (long i = 0; i < n; i++)
		m->one(m->size);
	return now_s() - t0;
}

/*
 * The batch that takes about @ms: the clock's own cost (a host trip on UML)
 * disappears in it. Sized from the fastest of five trial batches: a trial
 * the host preempted would make every later sample a short, noisy batch.
 */
static void calibrate(struct measure *m, double ms)
{
	long n = 16;
	double t, best = 1e9;

	run_batch(m, n); /* warm: first-touch faults, caches */
	while (run_batch(m, n) < 1e-3 && n < (1L << 30)) /* about 1 ms */
		n *= 2;
	for (int i = 0; i < 5; i++)
		if ((t = run_batch(m, n)) < best)
			best = t;
	m->batch = (long)((double)n * (ms * 1e-3) / (best > 0 ? best : 1e-9));
	if (m->batch < 16)
		m->batch = 16;
}

/*
 * Scaling: @p processes each making put+get pairs of 64 bytes for @ms;
 * every call counts (a get may find the box empty when another process took
 * the message: that is the contention being measured). The processes start
 * together on a pipe closing; the parent's clock spans from the start to
 * the last one's end.
 */
static double scale_once(int p, double ms)
{
	long *calls = mmap(NULL, sizeof(long) * 64, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int go[2];
	pid_t pid[64];
	double t0, t;
	long total = 0;

	if (calls == MAP_FAILED || pipe(go))
		die("no memory or pipe for the scaling processes", -errno);
	for (int i = 0; i < p; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			die("fork failed", -errno);
		if (pid[i] == 0) {
			char c, buf[64], in[64];
			long n = 0;

			close(go[1]);
			memset(buf, 'a' + i % 26, sizeof(buf));
			if (read(go[0], &c, 1) < 0)
				_exit(3);
			double end = now_s() + ms * 1e-3;

			while (now_s() < end) {
				/* a batch between clock reads: the clock is a host trip too */
				for (int k = 0; k < 32; k++) {
					mt_put(buf, sizeof(buf));
					mt_get(in, sizeof(in));
				}
				n += 64;
			}
			calls[i] = n;
			_exit(0);
		}
	}
	close(go[0]);
	t0 = now_s();
	close(go[1]);
	for (int i = 0; i < p; i++) {
		int st;

		while (waitpid(pid[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			die("a scaling process did not end cleanly", st);
		total += calls[i];
	}
	t = now_s() - t0;
	munmap(calls, sizeof(long) * 64);
	/* what is left in the box (a get that came too early) is drained */
	while (mt_get(rbuf, MAX_SIZE) >= 0)
		;
	return (double)total / t;
}

static void open_mqueue(void)
{
	struct mq_attr a = { .mq_maxmsg = 1, .mq_msgsize = MAX_SIZE };
	int fd = open("/proc/sys/fs/mqueue/msgsize_max", O_WRONLY);

	/* the default msgsize_max is 8 KiB; root may raise it to 64 KiB */
	if (fd < 0 || write(fd, "65536\n", 6) != 6)
		die("cannot raise /proc/sys/fs/mqueue/msgsize_max to 64 KiB", -errno);
	close(fd);
	mq_unlink(MQ_NAME);
	mq = mq_open(MQ_NAME, O_CREAT | O_RDWR, 0600, &a);
	if (mq == (mqd_t)-1)
		die("mq_open " MQ_NAME " failed", -errno);
	mq_unlink(MQ_NAME); /* gone with the last descriptor */
}

static void open_pipe(void)
{
	if (pipe(pipefd))
		die("pipe failed", -errno);
	/* room for a whole 64 KiB write, whatever the default */
	if (fcntl(pipefd[1], F_SETPIPE_SZ, 2 * MAX_SIZE) < 2 * MAX_SIZE)
		die("cannot size the pipe to 128 KiB", -errno);
}

static int usage(const char *msg)
{
	fprintf(stderr, "mt-bench: %s; usage: mt-bench --results DIR [--reps N] [--batch-ms MS] [--scale-ms MS] "
		"[--loop NAME:SIZE:SECS]\n", msg);
	return 2;
}

static long num_arg(const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= lo && v <= hi ? v : -1;
}

/* --loop NAME:SIZE:SECS */
static int loop(const char *spec)
{
	static const struct {
		const char *name;
		int (*one)(long size);
	} kinds[] = { { "getppid", one_getppid }, { "msgbox", one_msgbox }, { "mqueue", one_mqueue }, { "pipe", one_pipe } };
	char name[16];
	long size, secs, calls = 0;
	int (*one)(long) = NULL;

	if (sscanf(spec, "%15[a-z]:%ld:%ld", name, &size, &secs) != 3 || size < 0 || size > MAX_SIZE || secs < 1)
		return usage("--loop takes NAME:SIZE:SECS (getppid, msgbox, mqueue or pipe; SIZE 0..65536)");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(name, kinds[i].name))
			one = kinds[i].one;
	if (!one)
		return usage("--loop: NAME is getppid, msgbox, mqueue or pipe");
	say("%s loop running: %ld bytes", name, size);
	double t0 = now_s(), t;

	do {
		for (int k = 0; k < 256; k++)
			calls += one(size);
	} while ((t = now_s() - t0) < (double)secs);
	say("%s loop done: %ld calls/s", name, (long)((double)calls / t));
	return 0;
}

int main(int argc, char **argv)
{
	const char *results = NULL, *loop_spec = NULL;
	long reps = 21, batch_ms = 5, scale_ms = 200;
	static struct measure m[1 + 3 * NSIZES];
	double scale[NPROCS][MT_BENCH_MAX_REPS], floor_all[3 * NSIZES * MT_BENCH_MAX_REPS], ratio[MT_BENCH_MAX_REPS];
	int n_floor = 0;
	size_t nm = 0;
	char path[512];
	FILE *out;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			return usage("an option without its value");
		if (!strcmp(argv[i], "--results"))
			results = v;
		else if (!strcmp(argv[i], "--reps"))
			reps = num_arg(v, 1, MT_BENCH_MAX_REPS);
		else if (!strcmp(argv[i], "--batch-ms"))
			batch_ms = num_arg(v, 1, 10000);
		else if (!strcmp(argv[i], "--scale-ms"))
			scale_ms = num_arg(v, 1, 60000);
		else if (!strcmp(argv[i], "--loop"))
			loop_spec = v;
		else
			return usage("unknown option");
		if (reps < 0 || batch_ms < 0 || scale_ms < 0)
			return usage("--reps must be 1..101, --batch-ms 1..10000, --scale-ms 1..60000");
		i++;
	}
	if (!results)
		return usage("--results DIR is required");
	snprintf(path, sizeof(path), "%s/bench.progress", results);
	progress = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/bench-uml.tsv", results);
	out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, "mt-bench: cannot write %s: %s\n", path, strerror(errno));
		return 2;
	}
	sbuf = malloc(MAX_SIZE);
	rbuf = malloc(MAX_SIZE);
	if (!sbuf || !rbuf)
		die("out of memory", 0);
	memset(sbuf, 'm', MAX_SIZE);
	memset(rbuf, 0, MAX_SIZE);
	while (mt_get(rbuf, MAX_SIZE) >= 0) /* a box proved empty: every get finds our message */
		;
	open_mqueue();
	open_pipe();
	if (loop_spec)
		return loop(loop_spec);
	printf("# mt-bench on Linux %s (%s), put=%d get=%d, %ld reps\n", MT_KERNEL, MT_FLAVOUR, mt_nr_put(),
	       mt_nr_get(), reps);

	m[nm++] = (struct measure){ "floor", "getppid", one_getppid, 0, 0, { 0 }, { 0 } };
	for (size_t s = 0; s < NSIZES; s++) {
		m[nm++] = (struct measure){ "pair", "msgbox", one_msgbox, sizes[s], 0, { 0 }, { 0 } };
		m[nm++] = (struct measure){ "pair", "mqueue", one_mqueue, sizes[s], 0, { 0 }, { 0 } };
		m[nm++] = (struct measure){ "pair", "pipe", one_pipe, sizes[s], 0, { 0 }, { 0 } };
	}
	say("%scalibrating %ld measures", "", (long)nm);
	for (size_t i = 0; i < nm; i++)
		calibrate(&m[i], (double)batch_ms);
	/* latency and scaling in the same repetition: the same host load */
	for (long r = 0; r < reps; r++) {
		say("%srepetition %ld: latency of every call and size", "", r + 1);
		for (size_t i = 1; i < nm; i++) {
			m[i].floor[r] = run_batch(&m[0], m[0].batch) * 1e9 / (double)m[0].batch;
			floor_all[n_floor++] = m[i].floor[r];
			m[i].ns[r] = run_batch(&m[i], m[i].batch) * 1e9 / (double)m[i].batch;
		}
		say("%srepetition %ld: scaling, 1..64 processes", "", r + 1);
		for (size_t p = 0; p < NPROCS; p++)
			scale[p][r] = scale_once(procs[p], (double)scale_ms);
	}

	fprintf(out, "# kind\tname\tsize\tprocs\treps\tmedian\tmin\tmax\tq1\tq3\tunit\n");
	struct mt_bench_stat fl = mt_bench_stat_of(floor_all, n_floor); /* every getppid batch */

	mt_bench_row(out, "floor", "getppid", 0, 1, &fl, "ns/call");
	for (size_t i = 1; i < nm; i++) {
		struct mt_bench_stat st = mt_bench_stat_of(m[i].ns, (int)reps);

		mt_bench_row(out, m[i].kind, m[i].name, m[i].size, 1, &st, "ns/pair");
	}
	/* m[1 + 3s] is msgbox of size s, then mqueue, then pipe */
	for (size_t z = 0; z < NSIZES; z++) {
		struct measure *b = &m[1 + 3 * z], *q = b + 1, *pi = b + 2;
		struct mt_bench_stat st;

		for (long r = 0; r < reps; r++)
			ratio[r] = b->ns[r] / (2 * b->floor[r]);
		st = mt_bench_stat_of(ratio, (int)reps);
		mt_bench_row(out, "ratio", "msgbox/2getppid", b->size, 1, &st, "x");
		for (long r = 0; r < reps; r++)
			ratio[r] = b->ns[r] / q->ns[r];
		st = mt_bench_stat_of(ratio, (int)reps);
		mt_bench_row(out, "ratio", "msgbox/mqueue", b->size, 1, &st, "x");
		for (long r = 0; r < reps; r++)
			ratio[r] = b->ns[r] / pi->ns[r];
		st = mt_bench_stat_of(ratio, (int)reps);
		mt_bench_row(out, "ratio", "msgbox/pipe", b->size, 1, &st, "x");
	}
	for (size_t p = 0; p < NPROCS; p++) {
		struct mt_bench_stat st = mt_bench_stat_of(scale[p], (int)reps);

		mt_bench_row(out, "scale", "msgbox", 64, procs[p], &st, "calls/s");
	}
	if (fclose(out))
		die("cannot write bench-uml.tsv", -errno);
	say("%sdone: %ld rows", "", (long)(nm + NPROCS + 3 * NSIZES));
	return 0;
}
