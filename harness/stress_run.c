/* A stress scenario from start to verdict (see stress_run.h). */
#define _GNU_SOURCE
#include "stress_run.h"
#include "drain_buf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
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
#include "fault_inject.h"
#include "mt_sys.h"
#include "payload.h"
#include "tsv.h"
#include "stack_check.h"
#include "stress_explain.h"
#include "stress_history.h"
#include "stress_worker.h"
#include "tsc.h"

#define RAW_OPS_MAX 100000L
#define ROUNDS 8              /* plain runs: raw and logged rounds alternate, */
#define ROUND_OPS 10000L      /* one round per 10^4 calls, 2 to ROUNDS      */
#define PARENT_CAP 65536u     /* the parent's logged drains between rounds   */
#define MAX_EXAMPLES 8
#define DRAIN_MAX (1L << 24)
/* the same message more times in a row than the puts since the box was
 * last empty allow: it never leaves (mt_drain_same_is_stuck(), as the case
 * drains); 2^24 gets of a zero-length message stuck on top took minutes
 * and stalled the boot, 200000 took 5-14 s (spin-copy-612) */

/* Calls that failed other than SPEC allows: by op and errno. */
struct errtab {
	long n[2][140];
};

struct example {
	char text[200];
};

/* No call completing for this long, with calls pending, is a stall. */
#define MT_STALL_S 5.0

struct run {
	struct mt_scenario sc;
	const struct mt_stress_opts *o;
	size_t max_len;
	int slots;            /* workers + replacements of killed ones     */
	int next_slot;        /* the next replacement's                    */
	int nlanes;           /* 2 * slots + 1: worker slot w, handler of  */
	                      /* w, the parent's drains between rounds     */
	long *plan;           /* calls each slot is to make                */
	struct mt_lane **lanes;
	pid_t *pids;
	struct mt_tsc_cal cal;
	double getppid_ns, raw_ops_per_s, secs, raw_secs;
	double tsc_read_ns, payload_ns; /* what logging costs per call, here */
	/* where a run's time went, in seconds: before the workers (calibration,
	 * the first drain), the raw rounds' workers, the drains between rounds,
	 * the final drain, the history check */
	double t_map, t_setup, t_drains, t_final, t_check, t_report; /* t_map: the history's lanes */
	double t_spawn; /* forking the workers of every round until all are ready */
	uint64_t raw_ops;
	uint64_t ops, windows, unknown;
	uint64_t window_calls, window_nested; /* handler calls; inside a held call */
	int kills, stops, died, timed_out, start_errors;
	/* the run did not do what it planned: too few calls, or no window
	 * opened where the scenario asks for windows (the oracle did not look) */
	bool short_ops, no_windows;
	int stalled, unkillable;  /* no call completed for MT_STALL_S; workers left */
	uint64_t stall_at;        /* calls done when it stood still */
	char start_error[200];
	/* the drain and the history */
	uint64_t *drained;
	size_t n_drained;
	uint64_t corrupted, foreign, bad_errors, box_left;
	bool drain_stuck; /* the drain got the same message too often: see DRAIN_MAX */
	unsigned long stuck_same, stuck_puts; /* how often, after how many puts */
	enum mt_bug first_bad_bug; /* the class of the first wrong result */
	uint64_t overflows;        /* gets that wrote past their length      */
	struct errtab errs;
	struct example corrupt_ex[MAX_EXAMPLES], error_ex[MAX_EXAMPLES];
	int n_corrupt_ex, n_error_ex;
	struct mt_verdict v;
	int check_rc;
};

/* ---- helpers ---------------------------------------------------------- */

static double now_s(void)
{
	return (double)mt_mono_ns() / 1e9;
}

static void sleep_ms(unsigned ms)
{
	struct timespec d = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&d, NULL);
}

void mt_stress_effective(const struct mt_scenario *row, const struct mt_stress_opts *o, struct mt_scenario *out)
{
	*out = *row;
	if (o->have_seed)
		out->seed = o->seed;
	if (o->workers > 0)
		out->workers = o->workers;
	if (o->ops > 0)
		out->ops = o->ops;
	if (out->ops < out->workers)
		out->ops = out->workers;
}

static void say_progress(const struct run *u, const char *line)
{
	char path[512];
	int fd;

	printf("# %s\n", line);
	if (!u->o->results)
		return;
	snprintf(path, sizeof(path), "%s/stress.progress", u->o->results);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) >= 0 && write(fd, "\n", 1) >= 0)
		fsync(fd); /* progress is best effort */
	close(fd);
}

static double measure_getppid_ns(void)
{
	const int n = 2000;
	uint64_t t0 = mt_mono_ns();

	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);
	return (double)(mt_mono_ns() - t0) / n;
}

/* max_msg_len as /proc/dm510_msgbox shows it; 64 KiB without the file. */
/* One TSC stamp, and one payload fill plus check of the mix's sizes. */
static void measure_overheads(struct run *u)
{
	const int n = 20000, m = 400;
	unsigned char *buf = malloc(u->max_len + 1);
	struct mt_rng r;
	uint64_t t0 = mt_mono_ns(), sink = 0;

	for (int i = 0; i < n; i++)
		sink += mt_tsc_now();
	u->tsc_read_ns = (double)(mt_mono_ns() - t0) / n;
	__asm__ __volatile__("" ::"r"(sink)); /* keep the loop */
	if (!buf)
		return;
	mt_rng_seed(&r, u->sc.seed, 0x30000);
	t0 = mt_mono_ns();
	for (int i = 0; i < m; i++) {
		size_t len = mt_draw_size(&r, &u->sc, u->max_len), bad;
		uint32_t w, q;

		mt_payload_fill(buf, len, 1, (uint32_t)i);
		mt_payload_check(buf, len, &w, &q, &bad);
	}
	u->payload_ns = (double)(mt_mono_ns() - t0) / m;
	free(buf);
}

static size_t box_max_len(const struct mt_scenario *sc)
{
	struct mt_box b;

	size_t n;

	mt_box_read(&b);
	n = b.present && b.max_msg_len > 0 ? (size_t)b.max_msg_len
	    : mt_conv.learned && mt_conv.max_len > 0 ? (size_t)mt_conv.max_len : 65536;
	/* gets use buffers of this length: no longer than a get takes */
	if ((size_t)mt_conv.get_len < n)
		n = (size_t)mt_conv.get_len;
	if (sc->max_size && (size_t)sc->max_size < n)
		n = (size_t)sc->max_size; /* sizes=all:N */
	return n;
}

/* ---- lanes -------------------------------------------------------------- */

/* SIGKILLs per run: at most half the workers, each replaced. */
static int kill_budget(const struct mt_scenario *sc)
{
	return (sc->signals & MT_SIG_KILL) ? (sc->workers + 1) / 2 : 0;
}

static int map_lanes(struct run *u)
{
	int w = u->sc.workers, n;
	uint32_t cap = (uint32_t)((u->sc.ops + w - 1) / w + ROUNDS);
	uint32_t hcap = u->sc.uffd_pct ? cap + 4096 : 1;

	u->slots = n = w + kill_budget(&u->sc);
	u->nlanes = 2 * n + 1;
	u->lanes = calloc((size_t)u->nlanes, sizeof(*u->lanes));
	u->pids = calloc((size_t)n, sizeof(*u->pids));
	u->plan = calloc((size_t)n, sizeof(*u->plan));
	if (!u->lanes || !u->pids || !u->plan)
		return -1;
	for (int i = 0; i < u->nlanes; i++) {
		u->lanes[i] = mt_lane_map((uint32_t)i, i < n ? cap : i < 2 * n ? hcap : PARENT_CAP, u->max_len);
		if (!u->lanes[i])
			return -1;
	}
	return 0;
}

static void reset_ready(struct run *u)
{
	for (int i = 0; i < u->nlanes; i++)
		u->lanes[i]->pid = 0;
}

static void unmap_lanes(struct run *u)
{
	for (int i = 0; u->lanes && i < u->nlanes; i++)
		mt_lane_unmap(u->lanes[i]);
	free(u->lanes);
	free(u->pids);
	free(u->plan);
}

static uint64_t sum_done(const struct run *u)
{
	uint64_t n = 0;

	for (int i = 0; i < u->nlanes; i++)
		n += __atomic_load_n(&u->lanes[i]->done, __ATOMIC_RELAXED);
	return n;
}

static uint64_t sum_raw_done(const struct run *u)
{
	uint64_t n = 0;

	for (int i = 0; i < u->nlanes; i++)
		n += __atomic_load_n(&u->lanes[i]->raw_done, __ATOMIC_RELAXED);
	return n;
}

static uint64_t sum_windows(const struct run *u)
{
	uint64_t n = 0;

	for (int i = 0; i < u->slots; i++)
		n += __atomic_load_n(&u->lanes[i]->windows, __ATOMIC_RELAXED);
	return n;
}

/* ---- workers and signals ------------------------------------------------ */

/* Fork the worker of slot @i; it starts when @go_fd closes (-1: at once). */
static void fork_worker(struct run *u, int i, long ops, int raw, int round, int go_fd, int close_fd)
{
	struct mt_worker wk = {
		.sc = &u->sc, .index = i, .ops = ops, .max_len = u->max_len, .lane = u->lanes[i],
		.hlane = u->lanes[u->slots + i], .raw = raw, .go_fd = go_fd, .round = round,
		.mark_fail = !raw && (u->sc.fail_slab || u->sc.fail_page_alloc || u->sc.fail_usercopy),
	};
	pid_t pid;

	u->plan[i] = ops;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (close_fd >= 0)
			close(close_fd);
		mt_worker_main(&wk);
	}
	u->pids[i] = pid > 0 ? pid : 0;
}

static int spawn(struct run *u, int raw, long ops_total, int round, int *go)
{
	int p[2];
	int w = u->sc.workers;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	for (int i = 0; i < w; i++)
		fork_worker(u, i, ops_total / w + (i < ops_total % w), raw, round, p[0], p[1]);
	u->next_slot = w;
	close(p[0]);
	*go = p[1];
	return 0;
}

/* A killed worker's calls not made yet go to a new worker in a new slot. */
static void replace(struct run *u, int killed, int *alive)
{
	int j = u->next_slot;
	long left = u->plan[killed] - (long)__atomic_load_n(&u->lanes[killed]->started, __ATOMIC_ACQUIRE);

	if (j >= u->slots || left <= 0)
		return;
	u->next_slot++;
	fork_worker(u, j, left, 0, 0, -1, -1);
	alive[j] = u->pids[j] > 0;
}

struct sigplan {
	double next_kill, next_stop, cont_at;
	int stopped; /* index, or -1 */
	struct mt_rng rng;
};

static int alive_pick(struct run *u, struct mt_rng *r, const int *alive)
{
	int w = u->slots, start = (int)(mt_rng_next(r) % (uint64_t)w);

	for (int k = 0; k < w; k++) {
		int i = (start + k) % w;

		if (alive[i])
			return i;
	}
	return -1;
}

/*
 * Kills are spread over the run: kill k of K happens once k/(K+1) of the
 * calls are done (and at least 0.2 s after the one before), so that the
 * workers left keep the box busy to the end.
 */
static void signals_tick(struct run *u, struct sigplan *s, int *alive, double t, double done_frac)
{
	int budget = kill_budget(&u->sc);

	if (s->stopped >= 0 && t >= s->cont_at) {
		kill(u->pids[s->stopped], SIGCONT);
		s->stopped = -1;
	}
	if ((u->sc.signals & MT_SIG_STOP) && s->stopped < 0 && t >= s->next_stop) {
		int i = alive_pick(u, &s->rng, alive);

		if (i >= 0 && !kill(u->pids[i], SIGSTOP)) {
			s->stopped = i;
			s->cont_at = t + 0.02 + (double)(mt_rng_next(&s->rng) % 80) / 1000;
			u->stops++;
		}
		s->next_stop = t + 0.1 + (double)(mt_rng_next(&s->rng) % 300) / 1000;
	}
	if ((u->sc.signals & MT_SIG_KILL) && t >= s->next_kill && u->kills < budget &&
	    done_frac >= (double)(u->kills + 1) / (budget + 1)) {
		int i = alive_pick(u, &s->rng, alive);

		if (i >= 0 && i != s->stopped && !kill(u->pids[i], SIGKILL)) {
			u->kills++;
			replace(u, i, alive);
		}
		s->next_kill = t + 0.2 + (double)(mt_rng_next(&s->rng) % 500) / 1000;
	}
}

static int reap(struct run *u, int *alive)
{
	int st, n = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (int i = 0; i < u->slots; i++) {
			if (u->pids[i] != pid)
				continue;
			alive[i] = 0;
			if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL)
				u->died++;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
				u->start_errors++;
		}
	}
	for (int i = 0; i < u->slots; i++)
		n += alive[i];
	return n;
}

static void progress_tick(struct run *u, long planned, double t0, double t, int raw, uint64_t base)
{
	char line[300];
	uint64_t done = (raw ? sum_raw_done(u) : sum_done(u)) - base;

	snprintf(line, sizeof(line), "stress %s%s: %" PRIu64 "/%ld ops, %.0f ops/s, %" PRIu64
		 " uffd windows, %d killed, %d stopped",
		 u->sc.name, raw ? " (raw baseline)" : "", done, planned, t > t0 ? (double)done / (t - t0) : 0,
		 sum_windows(u), u->kills, u->stops);
	say_progress(u, line);
}

static void kill_all(struct run *u, const int *alive)
{
	for (int i = 0; i < u->slots; i++) {
		if (alive[i]) {
			kill(u->pids[i], SIGCONT);
			kill(u->pids[i], SIGKILL);
		}
	}
}

/* Every worker has mapped and touched its memory (or died trying). */
static void wait_ready(struct run *u, int *alive)
{
	for (int tries = 0; tries < 30000; tries++) {
		int ready = 1;

		reap(u, alive);
		for (int i = 0; i < u->sc.workers && ready; i++)
			ready = !alive[i] || __atomic_load_n(&u->lanes[i]->pid, __ATOMIC_ACQUIRE) != 0;
		if (ready)
			return;
		sleep_ms(2);
	}
}

/* Start the workers, watch them, return the seconds they ran. */
static double run_workers(struct run *u, int raw, long ops_total, int round)
{
	uint64_t base = raw ? sum_raw_done(u) : sum_done(u);
	int go, n, *alive = calloc((size_t)u->slots, sizeof(int));
	struct sigplan s = { .stopped = -1 };
	double t0, t, next_progress, deadline;

	char line[200];

	snprintf(line, sizeof(line), "stress %s%s: starting %d workers for %ld calls", u->sc.name,
		 raw ? " (raw baseline)" : "", u->sc.workers, ops_total);
	say_progress(u, line);
	reset_ready(u);
	double ts = now_s();

	if (!alive || spawn(u, raw, ops_total, round, &go)) {
		free(alive);
		return -1;
	}
	for (int i = 0; i < u->sc.workers; i++)
		alive[i] = u->pids[i] > 0;
	mt_rng_seed(&s.rng, u->sc.seed, 0x20000);
	wait_ready(u, alive);
	t0 = now_s();
	u->t_spawn += t0 - ts;
	close(go);
	next_progress = t0 + 1;
	s.next_kill = t0 + 0.2;
	s.next_stop = t0 + 0.1;
	deadline = t0 + u->o->timeout_s;
	uint64_t last_done = base;
	double last_move = t0, give_up = 0;

	while ((n = reap(u, alive)) > 0) {
		sleep_ms(20);
		t = now_s();
		/*
		 * No call completing for MT_STALL_S while calls are pending is a
		 * finding, whatever the progress line says: a lock held across a
		 * fault blocks every caller. Workers stuck in the kernel cannot
		 * be killed; give them a moment, then leave them to the reboot.
		 */
		uint64_t d = raw ? sum_raw_done(u) : sum_done(u);

		if (d != last_done) {
			last_done = d;
			last_move = t;
		} else if (!u->stalled && t - last_move > MT_STALL_S) {
			u->stalled = 1;
			u->stall_at = d - base;
			kill_all(u, alive);
			give_up = t + 3;
		}
		if (u->stalled && t > give_up) {
			u->unkillable = n;
			break;
		}
		if (!raw)
			signals_tick(u, &s, alive, t, (double)(sum_done(u) - base) / (double)ops_total);
		if (t >= next_progress) {
			progress_tick(u, ops_total, t0, t, raw, base);
			next_progress += 1;
		}
		if (t > deadline && !u->timed_out) {
			u->timed_out = 1;
			kill_all(u, alive);
		}
	}
	t = now_s();
	free(alive);
	return t - t0;
}

/* ---- after the run ------------------------------------------------------- */

static void add_error(struct run *u, const struct mt_rec *r, uint32_t lane, uint32_t seq)
{
	int op = r->op == MT_REC_PUT;
	long e = -r->ret;
	int faults = u->sc.fail_slab || u->sc.fail_page_alloc || u->sc.fail_usercopy;

	u->errs.n[op][e > 0 && e < 140 ? e : 0]++;
	/* lenient: any negative answer is the right error, and a failed call
	 * is a no-op for the history; only the checker judges */
	if (mt_conv.lenient && r->ret < 0)
		return;
	if (!op && r->ret == mt_conv.empty)
		return;
	if (e == ENOSPC && op)
		return;
	if (e == ENOMEM || (e == EFAULT && faults))
		return;
	if (!op && (e == ENODATA || e == EMSGSIZE))
		return;
	if (!u->bad_errors++)
		u->first_bad_bug = MT_BUG_WRONG_ERRNO;
	if (u->n_error_ex < MAX_EXAMPLES)
		snprintf(u->error_ex[u->n_error_ex++].text, sizeof(u->error_ex[0].text),
			 "lane %u call %u: %s(len=%u) returned %" PRId64 " (%s), which SPEC.md does not allow here",
			 lane, seq, op ? "put" : "get", r->len, r->ret, strerror((int)e));
}

/* A get's bytes were wrong (counted) or nobody's (the checker counts them). */
static void add_corrupt(struct run *u, const struct mt_rec *r, const char *who)
{
	u->corrupted += !!(r->flags & MT_RECF_CORRUPT);
	if (u->n_corrupt_ex >= MAX_EXAMPLES)
		return;
	if (r->flags & MT_RECF_FOREIGN)
		snprintf(u->corrupt_ex[u->n_corrupt_ex++].text, sizeof(u->corrupt_ex[0].text),
			 "%s returned %" PRId64 " bytes that no put put (no header of ours)", who, r->ret);
	else
		snprintf(u->corrupt_ex[u->n_corrupt_ex++].text, sizeof(u->corrupt_ex[0].text),
			 "%s returned %" PRId64 " bytes: %s at byte %u (message of writer %" PRIu64 " seq %" PRIu64
			 ")", who, r->ret, mt_payload_verdict_name(r->verdict), r->bad_at, r->value >> 32,
			 r->value & 0xffffffffu);
}

static void drain(struct run *u)
{
	unsigned char *buf = malloc(u->max_len + 1);
	size_t cap = 4096;
	long got = 0, last_got = -1;
	uint64_t last_value = 0, same = 0;
	struct mt_box b;

	u->drained = malloc(cap * sizeof(*u->drained));
	if (!buf || !u->drained) {
		free(buf);
		return;
	}
	mt_fault_in(buf, u->max_len + 1); /* see drain_buf.h */
	while (u->n_drained < DRAIN_MAX && !mt_conv_drain_stops(got = (memset(buf, 0, MT_HDR), mt_get(buf, (int)u->max_len)))) {
		struct mt_rec r = { .op = MT_REC_GET, .ret = got, .len = (uint32_t)u->max_len };
		char who[64];

		if (got == 0 && mt_conv.get_zero && mt_rec_hdr_len(buf, u->max_len) > 0)
			r.ret = got = mt_rec_hdr_len(buf, u->max_len); /* judged by the bytes */

		mt_rec_decode_get(&r, buf, (size_t)got, 0);
		snprintf(who, sizeof(who), "drain get #%zu", u->n_drained);
		if (r.flags & MT_RECF_CORRUPT)
			add_corrupt(u, &r, who);
		if (r.flags & MT_RECF_FOREIGN) {
			r.value = MT_FOREIGN_BASE + (1u << 31) + u->foreign;
			u->foreign++;
			add_corrupt(u, &r, who);
		}
		if (u->n_drained == cap) {
			uint64_t *g = realloc(u->drained, 2 * cap * sizeof(*g));

			if (!g)
				break;
			u->drained = g, cap *= 2;
		}
		u->drained[u->n_drained++] = r.value;
		same = got == last_got && r.value == last_value ? same + 1 : 0;
		last_got = got, last_value = r.value;
		if (mt_drain_same_is_stuck(same, mt_put_calls() - mt_box_empty_at())) {
			u->drain_stuck = true;
			u->stuck_same = same + 1, u->stuck_puts = mt_put_calls() - mt_box_empty_at();
			break;
		}
	}
	free(buf);
	mt_box_read(&b);
	u->box_left = b.present ? (uint64_t)b.messages : 0;
}

static void judge_rec(struct run *u, struct mt_rec *r, struct mt_lane *l, uint32_t seq)
{
	char who[64];

	if (r->res == MT_TS_NEVER) {
		u->unknown++;
		if (r->op == MT_REC_GET)
			mt_rec_recover(r, mt_lane_getbuf(l) + r->off, l->getbuf_len - r->off);
		return;
	}
	if (r->ret < 0) {
		add_error(u, r, l->lane, seq);
		return;
	}
	if (r->op == MT_REC_GET && (r->ret == mt_conv.empty || mt_conv_says_too_small(r->ret)))
		return; /* an implementation whose "empty" or "too small" is not negative */
	/* a put answers 0; a get at most its length, and writes nothing past it */
	bool over = r->op == MT_REC_GET && (r->ret > (int64_t)r->len || (r->flags & MT_RECF_OVERFLOW));

	u->overflows += over;
	if ((r->op == MT_REC_PUT && r->ret > 0 && !mt_conv_put_ok(r->ret, (long)r->len)) || over) {
		if (!u->bad_errors++)
			u->first_bad_bug = r->op == MT_REC_PUT ? MT_BUG_POSITIVE_ERROR : MT_BUG_USER_OVERFLOW;
		if (u->n_error_ex < MAX_EXAMPLES)
			snprintf(u->error_ex[u->n_error_ex++].text, sizeof(u->error_ex[0].text),
				 "lane %u call %u: %s(len=%u) returned %" PRId64 ", %s", l->lane, seq,
				 r->op == MT_REC_PUT ? "put" : "get", r->len, r->ret,
				 r->op == MT_REC_PUT ? "a positive value (SPEC: 0 or -errno)"
				 : r->ret > (int64_t)r->len ? "more than its length"
							    : "and wrote past its length (the canary after the buffer)");
		return;
	}
	snprintf(who, sizeof(who), "lane %u call %u (get)", l->lane, seq);
	if (r->op == MT_REC_GET && (r->flags & (MT_RECF_CORRUPT | MT_RECF_FOREIGN))) {
		u->foreign += !!(r->flags & MT_RECF_FOREIGN);
		add_corrupt(u, r, who);
	}
}

/*
 * Evidence that the windows work: the calls a worker's handler made that
 * lie inside one of the worker's own held (userfaultfd) calls.
 */
static void count_nested(struct run *u)
{
	int w = u->slots;

	for (int i = 0; i < w; i++) {
		const struct mt_lane *m = u->lanes[i], *h = u->lanes[w + i];
		uint32_t k = 0;

		u->window_calls += h->started;
		for (uint32_t j = 0; j < h->started; j++) {
			const struct mt_rec *x = &h->rec[j];

			while (k < m->started && m->rec[k].res != MT_TS_NEVER && m->rec[k].res < x->inv)
				k++;
			if (k < m->started && (m->rec[k].flags & MT_RECF_UFFD) && m->rec[k].inv < x->inv &&
			    x->res != MT_TS_NEVER && x->res < m->rec[k].res)
				u->window_nested++;
		}
	}
}

static int check_history(struct run *u)
{
	size_t n = 0, k = 0;
	uint64_t foreign = 0;
	struct mt_op *ops;

	for (int i = 0; i < u->nlanes; i++)
		n += u->lanes[i]->started;
	u->ops = n - u->lanes[u->nlanes - 1]->started; /* the workers' calls */
	ops = malloc((n ? n : 1) * sizeof(*ops));
	if (!ops)
		return -1;
	for (int i = 0; i < u->nlanes; i++) {
		struct mt_lane *l = u->lanes[i];

		for (uint32_t s = 0; s < l->started; s++) {
			judge_rec(u, &l->rec[s], l, s);
			mt_rec_to_op(&l->rec[s], l->lane, s, &foreign, &ops[k++]);
		}
	}
	struct mt_history h = { ops, k, u->drained, u->n_drained };

	count_nested(u);

	u->check_rc = mt_check_stack(&h, &u->v);
	/* a queue (the probe saw one; the lifo cases report it): judge what
	 * was lost, duplicated or made up, not the order */
	if (mt_conv.fifo && u->check_rc > 0) {
		u->v.order_violations = 0;
		u->v.n_examples[MT_CAT_ORDER] = 0;
		u->check_rc = u->v.lost || u->v.duplicated || u->v.unexpected;
	}
	free(ops);
	return u->check_rc;
}

/* ---- the verdict ------------------------------------------------------- */

static int failed(const struct run *u)
{
	return u->check_rc != 0 || u->corrupted || u->bad_errors || u->died || u->start_errors || u->timed_out ||
	       u->box_left || u->drain_stuck || u->stalled || u->short_ops || u->no_windows;
}

unsigned mt_stress_plan_missing(uint64_t ops, long planned, int uffd_pct, uint64_t windows)
{
	return (ops * 100 < (uint64_t)(planned > 0 ? planned : 0) * MT_PLANNED_PCT ? MT_PLAN_SHORT : 0) |
	       (uffd_pct > 0 && !windows ? MT_PLAN_NO_WINDOWS : 0);
}

/* A run stopped by its timeout or a stall says so itself. */
static void check_planned(struct run *u)
{
	unsigned miss = u->timed_out || u->stalled ? 0 : mt_stress_plan_missing(u->ops, u->sc.ops, u->sc.uffd_pct, u->windows);

	u->short_ops = miss & MT_PLAN_SHORT;
	u->no_windows = miss & MT_PLAN_NO_WINDOWS;
}

static void verdict_got(const struct run *u, char *out, size_t n)
{
	snprintf(out, n, "lost %" PRIu64 ", duplicated %" PRIu64 ", corrupted %" PRIu64 ", unexpected %" PRIu64
		 ", order %" PRIu64 ", wrong errors %" PRIu64 "%s%s%s",
		 u->v.lost, u->v.duplicated, u->corrupted, u->v.unexpected, u->v.order_violations, u->bad_errors,
		 u->timed_out ? ", timed out" : u->stalled ? ", no call completed for 5 s (every caller blocked)" : "",
		 u->died ? ", a worker crashed" : "", u->start_errors ? ", workers could not start" : "");
	size_t k = strlen(out);

	if (u->short_ops && k < n)
		k += (size_t)snprintf(out + k, n - k, ", only %" PRIu64 " of %ld planned calls made", u->ops, u->sc.ops);
	if (u->no_windows && k < n)
		snprintf(out + k, n - k, ", no userfaultfd window opened (%d%% of the calls were to be held)",
			 u->sc.uffd_pct);
}

/* Everything a reader needs, as text (the console and stress-NAME.tsv). */
static char *full_report(const struct run *u)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (u->check_rc >= 0)
		mt_verdict_print(f, &u->v);
	else
		fprintf(f, "stack check could not run: %s\n", strerror(errno));
	for (int i = 0; i < u->n_corrupt_ex; i++)
		fprintf(f, "  corrupted #%d: %s\n", i + 1, u->corrupt_ex[i].text);
	for (int i = 0; i < u->n_error_ex; i++)
		fprintf(f, "  wrong error #%d: %s\n", i + 1, u->error_ex[i].text);
	if (u->box_left)
		fprintf(f, "  the box still shows %" PRIu64 " messages after the drain said -ENODATA\n", u->box_left);
	if (u->drain_stuck)
		fprintf(f, "  the drain got the same message %lu times in a row, after %lu puts since the box was last empty: it never leaves the box\n",
			u->stuck_same, u->stuck_puts);
	if (u->start_errors)
		fprintf(f, "  %d workers could not start: %s\n", u->start_errors, u->start_error);
	fprintf(f, "  (lanes 0..%d are the workers (from %d on: replacements of killed ones), lane %d+w the "
		"userfaultfd handler of worker w, lane %d the parent's drains between rounds; times are TSC "
		"ticks, %.3f per ns)\n",
		u->slots - 1, u->sc.workers, u->slots, 2 * u->slots, u->cal.ticks_per_ns);
	fclose(f);
	return text;
}

/* "errors  put -ENOSPC 12, get -EMSGSIZE 40": every failed call, counted. */
static void write_errors(const struct run *u, FILE *f)
{
	int first = 1;

	fputs("errors\t", f);
	for (int op = 1; op >= 0; op--) {
		for (int e = 0; e < 140; e++) {
			if (!u->errs.n[op][e])
				continue;
			fprintf(f, "%s%s -%s %ld", first ? "" : ", ", op ? "put" : "get",
				e ? strerrorname_np(e) ?: "?" : "other", u->errs.n[op][e]);
			first = 0;
		}
	}
	fputs(first ? "none\n" : "\n", f);
}

static void write_stats(const struct run *u, const char *report)
{
	char path[512], row[400];
	FILE *f;

	if (!u->o->results)
		return;
	snprintf(path, sizeof(path), "%s/stress-%s.tsv", u->o->results, u->sc.name);
	f = fopen(path, "w");
	if (!f)
		return;
	mt_scenario_format(&u->sc, row, sizeof(row));
	fprintf(f, "name\t%s\nverdict\t%s\nscenario\t%s\nseed\t%" PRIu64 "\nworkers\t%d\n", u->sc.name,
		failed(u) ? "fail" : "pass", row, u->sc.seed, u->sc.workers);
	fprintf(f, "ops\t%" PRIu64 "\nsecs\t%.3f\nops_per_s\t%.1f\nmax_len\t%zu\n", u->ops, u->secs,
		u->secs > 0 ? (double)u->ops / u->secs : 0, u->max_len);
	fprintf(f, "lost\t%" PRIu64 "\nduplicated\t%" PRIu64 "\ncorrupted\t%" PRIu64 "\nunexpected\t%" PRIu64
		"\norder_violations\t%" PRIu64 "\nunknown\t%" PRIu64 "\npossibly_consumed\t%" PRIu64 "\n",
		u->v.lost, u->v.duplicated, u->corrupted, u->v.unexpected, u->v.order_violations, u->v.unknown,
		u->v.possibly_consumed);
	fprintf(f, "wrong_errors\t%" PRIu64 "\nuffd_windows\t%" PRIu64 "\nwindow_calls\t%" PRIu64
		"\nwindow_calls_nested\t%" PRIu64 "\nkills\t%d\nstops\t%d\ndrained\t%zu\n",
		u->bad_errors, u->windows, u->window_calls, u->window_nested, u->kills, u->stops, u->n_drained);
	fprintf(f, "getppid_ns\t%.0f\ntsc_read_ns\t%.1f\npayload_fill_check_ns\t%.0f\n", u->getppid_ns,
		u->tsc_read_ns, u->payload_ns);
	write_errors(u, f);
	fprintf(f, "phase_secs\tsetup %.2f, workers %.2f, raw workers %.2f, drains between rounds %.2f, final drain "
		   "%.2f, history check %.2f, report %.2f; before: the history mapped %.2f; in all rounds: workers "
		   "forked and ready %.2f\n",
		u->t_setup, u->secs, u->raw_secs, u->t_drains, u->t_final, u->t_check, u->t_report, u->t_map, u->t_spawn);
	if (u->raw_ops_per_s > 0 && u->secs > 0)
		fprintf(f, "raw_ops_per_s\t%.1f\nratio_plain_vs_raw\t%.3f\n", u->raw_ops_per_s,
			(double)u->ops / u->secs / u->raw_ops_per_s);
	fputs("report\t", f);
	mt_tsv_put(f, report ? report : "", report ? strlen(report) : 0);
	fputc('\n', f);
	fclose(f);
}

/* "lane 3 call 17 put 3:17": an example's op, short. */
static int short_op(char *out, size_t n, const struct mt_example_op *eo)
{
	static const char *const kind[] = { "put", "get", "get-empty", "ignored" };
	const struct mt_op *op = &eo->op;

	if (eo->is_drain)
		return snprintf(out, n, " drain get #%zu -> %" PRIu64 ":%" PRIu64 ";", eo->index, op->value >> 32,
				op->value & 0xffffffffu);
	if (op->kind == MT_OP_GET && op->value != MT_VAL_ANON && op->value >= MT_FOREIGN_BASE)
		return snprintf(out, n, " lane %u call %u get (bytes nobody put);", op->worker, op->seq);
	if (op->value == MT_VAL_ANON || op->kind == MT_OP_GET_EMPTY)
		return snprintf(out, n, " lane %u call %u %s%s;", op->worker, op->seq, kind[op->kind & 3],
				op->res == MT_TS_NEVER ? " (never returned)" : "");
	return snprintf(out, n, " lane %u call %u %s %" PRIu64 ":%" PRIu64 "%s;", op->worker, op->seq,
			kind[op->kind & 3], op->value >> 32, op->value & 0xffffffffu,
			op->res == MT_TS_NEVER ? " (never returned)" : "");
}

/* The first example of each kind of violation, on one line. */
static void short_examples(const struct run *u, char *out, size_t n)
{
	static const char *const cat[] = { "lost", "duplicated", "unexpected", "order" };
	size_t k = 0;

	out[0] = '\0';
	for (int c = 0; c < MT_CAT__COUNT && k + 1 < n; c++) {
		if (!u->v.n_examples[c])
			continue;
		const struct mt_example *ex = &u->v.examples[c][0];

		k += (size_t)snprintf(out + k, n - k, "%s: %s; ops:", cat[c], ex->msg);
		for (int i = 0; i < ex->n_ops && k + 1 < n; i++)
			k += (size_t)short_op(out + k, n - k, &ex->ops[i]);
		if (k + 1 < n)
			k += (size_t)snprintf(out + k, n - k, " ");
	}
	if (u->n_corrupt_ex && k + 1 < n)
		k += (size_t)snprintf(out + k, n - k, "bad bytes: %s; ", u->corrupt_ex[0].text);
	if (u->n_error_ex && k + 1 < n)
		snprintf(out + k, n - k, "wrong error: %s; ", u->error_ex[0].text);
}

/* The case's verdict: short, with the first examples and the seed. */
static void fill_result(const struct run *u, const char *report, struct mt_result *r)
{
	char row[400];

	mt_scenario_format(&u->sc, row, sizeof(row));
	snprintf(r->call, sizeof(r->call), "stress %s", u->sc.name);
	snprintf(r->expected, sizeof(r->expected),
		 "no message lost, duplicated, corrupted, unexpected or out of stack order; only errors SPEC.md allows");
	verdict_got(u, r->got, sizeof(r->got));
	r->status = failed(u) ? MT_FAIL : MT_PASS;
	/* which oracles saw it, and the class: the rules of stress_explain.c */
	struct mt_stress_counts c = {
		.lost = u->v.lost,
		.duplicated = u->v.duplicated,
		.order_violations = u->v.order_violations,
		.unexpected = u->v.unexpected,
		.corrupted = u->corrupted,
		.failed_gets = u->errs.n[0][EFAULT],
		.overflows = u->overflows,
		.fail_usercopy = u->sc.fail_usercopy,
		.killed_in_copy = u->kills > 0 && u->windows > 0,
		.bad_errors = u->bad_errors,
		.first_bad_bug = u->first_bad_bug,
		.box_left = u->box_left,
		.drain_stuck = u->drain_stuck,
		.anon_excess = u->v.anon_excess,
		.timed_out = u->timed_out,
		.stalled = u->stalled,
		.died = u->died,
		.harness = u->start_errors || u->check_rc < 0 || u->short_ops || u->no_windows,
	};

	mt_stress_explain(&c, r);
	if (u->stalled)
		r->box_unusable = u->unkillable > 0; /* callers stuck in the kernel: reboot */
	if (u->drain_stuck)
		r->box_unusable = true; /* the cleanup's drain would only see it again */
	char ex[sizeof(r->detail)];

	(void)report; /* the whole report is in stress-NAME.tsv and on the console */
	short_examples(u, ex, sizeof(ex));
	snprintf(r->detail, sizeof(r->detail), "%s%s (%" PRIu64 " ops, %.0f ops/s; all examples in stress-%s.tsv%s)",
		 ex, row, u->ops, u->secs > 0 ? (double)u->ops / u->secs : 0, u->sc.name,
		 mt_conv.fifo ? "; the order not judged: the box is a queue" : "");
	for (char *p = r->detail; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

/* ---- the scenario -------------------------------------------------------- */

/* The parent empties the box between rounds, logged like any get. */
static void logged_drain(struct run *u)
{
	struct mt_lane *l = u->lanes[u->nlanes - 1];

	while (l->started < l->cap && !mt_conv_drain_stops(mt_logged_get(l, mt_lane_getbuf(l), u->max_len, 0, 0)))
		;
}

/*
 * A plain scenario alternates rounds of the raw baseline (the same calls
 * unlogged, on an empty box, drained unlogged afterwards) with as many
 * rounds of the logged run (one per ROUND_OPS calls, 2 to ROUNDS), so
 * that both see the same load of the
 * host: the ratio of their rates is the cost of logging and payloads.
 */
static int plain_round_count(long ops)
{
	long n = ops / ROUND_OPS;

	return n < 2 ? 2 : n > ROUNDS ? ROUNDS : (int)n;
}

static void plain_rounds(struct run *u)
{
	long raw_total = u->sc.ops < RAW_OPS_MAX ? u->sc.ops : RAW_OPS_MAX;
	long done = 0;
	/* each round forks every worker twice (raw, logged): at 2 x 16
	 * forks a round, eight rounds of the short stress's 20000 calls were
	 * 9 of its 14 s (docs/SPEED.md); the long stress keeps eight */
	int rounds = plain_round_count(u->sc.ops);

	for (int r = 0; r < rounds; r++) {
		long n = r < rounds - 1 ? u->sc.ops / rounds : u->sc.ops - done;
		uint64_t raw0 = sum_raw_done(u);
		double secs = run_workers(u, 1, raw_total / rounds, r);

		if (secs > 0)
			u->raw_secs += secs, u->raw_ops += sum_raw_done(u) - raw0;
		double t = now_s();

		mt_box_drain(); /* raw messages: not ours, not logged */
		u->t_drains += now_s() - t;
		secs = run_workers(u, 0, n, r);
		if (secs > 0)
			u->secs += secs;
		done += n;
		t = now_s();
		if (r < rounds - 1)
			logged_drain(u);
		u->t_drains += now_s() - t;
	}
	if (u->raw_secs > 0)
		u->raw_ops_per_s = (double)u->raw_ops / u->raw_secs;
}

static int faults_set(struct run *u, int on)
{
	struct mt_faults f = { 0 };

	if (on)
		f = (struct mt_faults){ u->sc.fail_slab, u->sc.fail_page_alloc, u->sc.fail_usercopy };
	if (!on && !u->sc.fail_slab && !u->sc.fail_page_alloc && !u->sc.fail_usercopy)
		return 0;
	return mt_faults_apply(&f, u->start_error, sizeof(u->start_error));
}

static void first_lane_error(struct run *u)
{
	for (int i = 0; i < u->nlanes && !u->start_error[0]; i++)
		if (u->lanes[i]->err)
			snprintf(u->start_error, sizeof(u->start_error), "worker %d: %s%s", i,
				 strerror(-u->lanes[i]->err),
				 u->lanes[i]->err == -ENOSYS ? " (no userfaultfd in this kernel)" : "");
}

static void scenario(struct run *u)
{
	char line[200];
	double t = now_s();

	if (mt_tsc_calibrate(&u->cal, 50))
		u->cal.ticks_per_ns = 0;
	u->getppid_ns = measure_getppid_ns();
	measure_overheads(u);
	mt_box_drain();
	u->t_setup = now_s() - t;
	if (faults_set(u, 1)) {
		u->start_errors = 1;
		return;
	}
	if (u->sc.baseline && u->sc.ops >= ROUNDS * u->sc.workers) /* baseline raw: plain rows only (the parser) */
		plain_rounds(u);
	else
		u->secs = run_workers(u, 0, u->sc.ops, 0);
	faults_set(u, 0);
	u->windows = sum_windows(u);
	first_lane_error(u);
	if (u->stalled)
		return; /* a drain would block on the same lock: no history to judge */
	snprintf(line, sizeof(line), "stress %s: workers done after %.1f s; draining, checking the history",
		 u->sc.name, u->secs);
	say_progress(u, line);
	t = now_s();
	drain(u);
	u->t_final = now_s() - t;
	t = now_s();
	if (check_history(u) < 0)
		u->check_rc = -1;
	u->t_check = now_s() - t;
	check_planned(u);
}

void mt_stress_exec(const struct mt_scenario *row, const struct mt_stress_opts *o, struct mt_result *r)
{
	struct run *u = calloc(1, sizeof(*u));
	char *report;

	memset(r, 0, sizeof(*r));
	if (!u) {
		r->status = MT_FAIL;
		snprintf(r->detail, sizeof(r->detail), "out of memory");
		return;
	}
	mt_stress_effective(row, o, &u->sc);
	u->o = o;
	mt_conv.empty_ambiguous = mt_conv.empty == mt_conv.too_small &&
				  (u->sc.fail_slab || u->sc.fail_page_alloc || u->sc.fail_usercopy);
	u->max_len = box_max_len(&u->sc);
	double t = now_s();
	int mapped = map_lanes(u);

	u->t_map = now_s() - t;
	if (mapped) {
		mt_result_fail(r, MT_OR_HARNESS, MT_BUG_HARNESS, "the history mapped", strerror(errno),
			       "cannot map the history of %ld ops: %s", u->sc.ops, strerror(errno));
		unmap_lanes(u);
		free(u);
		return;
	}
	scenario(u);
	t = now_s();
	report = full_report(u);
	u->t_report = now_s() - t;
	fputs(report ? report : "", stdout);
	write_stats(u, report);
	fill_result(u, report, r);
	free(report);
	free(u->drained);
	unmap_lanes(u);
	free(u);
}
