/*
 * Filling the box: to its limits (-ENOSPC), and past the memory of the
 * machine (-ENOMEM), then draining it. Every message must come back
 * intact and in stack order, and the counters must return to zero.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "case_kinds.h"
#include "case_oracles.h"
#include "mt_sys.h"
#include "payload.h"

#define MT_FILL_MAX 1000000
/* More than this in the box under its own limits: no bound (4 x SPEC's
 * default max_total) */
/*
 * A box with no limits of our setting is judged to have no bound once one
 * user holds this much kernel memory through it (each message its bytes
 * and a header of at least MT_MSG_HDR): half again SPEC's default max_total.
 * Filling on to the OOM killer proves nothing more and, with a 128-byte
 * cap, takes longer than a case may (measured: enoent-cap128 timed out).
 */
#define MT_OWN_BOUND (24.0 * (1 << 20))
/* ... or once it holds half again SPEC's default max_msgs (65536): with
 * small messages the count is the bound SPEC's box would keep first, and
 * 157286 puts of 128 bytes (each a KASAN report in enoent-cap128) ran
 * into the case timeout on a loaded machine, where 98304 do not */
#define MT_OWN_BOUND_MSGS 98304L
#define MT_MSG_HDR 32
/*
 * "Responsive": the getppid loop never stands still this long. On a kernel
 * without preemption (UML 6.1) nothing else runs while one put reclaims
 * memory, which took up to 2.8 s on a loaded host (measured): the bound
 * is for a hang, not for a slow reclaim.
 */
#define MT_STILL_MAX 10.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* After the drain: an empty box, as /proc/dm510_msgbox says. */
static void check_empty(struct ctx *x)
{
	char got[96];

	mt_box_read(&x->after);
	if (x->after.present && (x->after.messages || x->after.bytes)) {
		snprintf(got, sizeof(got), "messages %ld, bytes %ld", x->after.messages, x->after.bytes);
		mt_fail(x, MT_OR_BOX, MT_BUG_MESSAGE_STUCK, "messages 0, bytes 0", got, "the drained box is not empty by its counters");
	}
}

/* Put len-byte messages until the first error; returns how many went in. */
/* Put until an error, or until @bound bytes of kernel memory (0: none). */
static long fill(struct ctx *x, long len, long *err, void (*tick)(struct ctx *, void *), void *arg, double bound)
{
	long i;

	*err = 0;
	for (i = 0; i < MT_FILL_MAX && (!bound || (i * (double)(len + MT_MSG_HDR) < bound && i < MT_OWN_BOUND_MSGS));
	     i++) {
		mt_payload_fill(x->scratch, (size_t)len, (uint32_t)x->idx, (uint32_t)i);
		*err = mt_put(x->scratch, (int)len);
		if (tick)
			tick(x, arg);
		if (!mt_conv_put_ok(*err, len))
			break;
		*err = 0;
		mt_model_push(&x->model, len, (uint32_t)x->idx, (uint32_t)i);
	}
	return i;
}

void mt_do_fill(struct ctx *x, long len)
{
	char got[64], want[160];
	long err, n;

	mt_set_call(x, "put until it fails", "a valid buffer", len);
	n = fill(x, len, &err, NULL, NULL, 0);
	mt_check_result(x, err, 0);
	mt_box_read(&x->before);
	if (x->before.present && x->before.messages != x->model.n) {
		snprintf(want, sizeof(want), "messages %d", x->model.n);
		snprintf(got, sizeof(got), "messages %ld", x->before.messages);
		mt_fail(x, MT_OR_BOX, MT_BUG_LIMITS, want, got, "/proc/dm510_msgbox disagrees with the puts that succeeded");
	}
	/* The limit is "exceed", not "reach": exactly as many as fit went in. */
	if (x->before.present && err == -ENOSPC) {
		const struct mt_box *b = &x->before;
		long per = len + b->overhead, fit = b->max_total / per;

		if (fit > b->max_msgs)
			fit = b->max_msgs;
		if (n != fit) {
			snprintf(want, sizeof(want), "%ld messages (max_total %ld, max_msgs %ld, %ld bytes each "
				 "with overhead)", fit, b->max_total, b->max_msgs, per);
			snprintf(got, sizeof(got), "%ld", n);
			mt_fail(x, MT_OR_FILL, MT_BUG_LIMITS, want, got, "the box refused a message that fitted, or took one that did not");
		}
	}
	mt_check_contents(x);
	check_empty(x);
	mt_note(x, "%ld messages of %ld bytes went in before %s", n, len, mt_ename(err, got));
}

/* ---- exhaustion ------------------------------------------------------- */

struct watch {
	volatile unsigned long *beats; /* a getppid loop's count, shared */
	pid_t heart, victim;
	unsigned long last;
	double last_move, worst_gap;
};

static void heartbeat(volatile unsigned long *beats)
{
	mlockall(MCL_CURRENT | MCL_FUTURE);
	for (;;) {
		getppid();
		(*beats)++;
	}
}

/* The OOM killer's first choice, so that a box that wakes it is seen. */
static void sacrifice(void)
{
	size_t n = 16 << 20;
	char *p = malloc(n);
	FILE *f = fopen("/proc/self/oom_score_adj", "w");

	if (f) {
		fputs("1000\n", f);
		fclose(f);
	}
	if (p)
		memset(p, 1, n);
	for (;;)
		pause();
}

static void tick(struct ctx *x, void *arg)
{
	struct watch *w = arg;
	double t = now_s();

	(void)x;
	if (*w->beats != w->last) {
		w->last = *w->beats;
		w->last_move = t;
	} else if (t - w->last_move > w->worst_gap) {
		w->worst_gap = t - w->last_move;
	}
}

static pid_t spawn(void (*fn)(volatile unsigned long *), volatile unsigned long *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return pid;
}

static void run_victim(volatile unsigned long *unused)
{
	(void)unused;
	sacrifice();
}

void mt_do_exhaust(struct ctx *x, long len)
{
	struct watch w = { 0 };
	char got[96];
	long err, n;
	int st = 0;
	double t0;

	w.beats = mmap(NULL, sizeof(*w.beats), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w.beats == MAP_FAILED) {
		mt_skip(x, "mmap failed");
		return;
	}
	/*
	 * Our own pages stay resident: with the kernel's memory full, a page
	 * fault of ours (say, on program text reclaimed from the page cache)
	 * would wake the OOM killer, and that would be the harness's doing.
	 */
	mlockall(MCL_CURRENT | MCL_FUTURE);
	w.heart = spawn(heartbeat, w.beats);
	w.victim = spawn(run_victim, NULL);
	usleep(200000);
	w.last_move = t0 = now_s();
	mt_set_call(x, "put until it fails", "a valid buffer", len);
	/* with its own limits a box must say no long before memory runs out */
	bool own = !strcmp(x->c->limits, "-");

	n = fill(x, len, &err, tick, &w, own ? MT_OWN_BOUND : 0);
	bool unbounded = own && !err;

	if (!unbounded)
		mt_check_result(x, err, 0);
	if (waitpid(w.victim, &st, WNOHANG) == w.victim && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		mt_fail(x, MT_OR_OOM, MT_BUG_NO_BOX_BOUND, "no OOM kill", "the OOM killer killed a process", "the box caused an OOM kill");
	if (w.worst_gap > MT_STILL_MAX) {
		snprintf(got, sizeof(got), "a getppid() loop stood still for %.1f s", w.worst_gap);
		mt_fail(x, MT_OR_RESPONSIVE, MT_BUG_NO_BOX_BOUND, "the system stays responsive", got, "while the box filled memory");
	}
	if (unbounded) {
		snprintf(got, sizeof(got), "%.0f MiB in %ld messages, still taking more",
			 n * (double)(len + MT_MSG_HDR) / (1 << 20), n);
		mt_fail(x, MT_OR_FILL, MT_BUG_NO_BOX_BOUND,
			"the box refuses more before 24 MiB or 98304 messages (SPEC: max_total 16 MiB, max_msgs 65536)",
			got, "one user can fill the kernel's memory through the box: it has no bound of its own");
	}
	mt_check_contents(x);
	check_empty(x);
	kill(w.heart, SIGKILL);
	kill(w.victim, SIGKILL);
	waitpid(w.heart, NULL, 0);
	waitpid(w.victim, NULL, 0);
	mt_note(x, "%ld messages of %ld bytes (%.0f MiB) in %.1f s before %s; getppid() never stood still "
		"for more than %.2f s", n, len, n * (double)len / (1 << 20), now_s() - t0,
		unbounded ? "the bound we judge by" : mt_ename(err, got), w.worst_gap);
	munmap((void *)w.beats, sizeof(*w.beats));
}
