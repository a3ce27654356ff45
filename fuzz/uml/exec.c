/*
 * Running one program: each call made as drawn, judged against every model
 * of the box still possible (a call held in a window may take effect
 * before, between or after the calls made while it is held), the /proc
 * counters compared, the box drained and compared at the end, and the
 * kernel log read for reports. A finding names the call, what SPEC.md
 * expects and what came.
 */
#define _GNU_SOURCE
#include "fz.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "box_limits.h"
#include "box_proc.h"
#include "fail_nth.h"
#include "kmsg.h"
#include "mt_sys.h"
#include "payload.h"
#include "pointers.h"
#include "uffd_window.h"

long fz_calls, fz_sig_held, fz_sig_nested, fz_sig_failed;
struct fz_running *fz_running;
struct fz_trace fz_trace;
struct fz_trace *fz_trace_out;

/* Record what SPEC expects of @c on @m (before the call) and what came. */
static void rec(struct fz_expect_rec *x, const struct fz_model *m, const struct fz_call *c, int nth, long r)
{
	struct fz_expect e;

	fz_expect(m, c, nth, &e);
	x->r = r, x->want = e.want, x->any_error = e.any_error, x->alt = e.alt_fail;
	x->pushes = e.effect == 1, x->pops = e.effect == 2;
	if (m->n)
		x->top = m->m[m->n - 1];
}

double fz_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int procfd = -2;

static bool box_now(struct mt_box *b)
{
	char text[1024];
	ssize_t n;

	if (procfd == -2)
		procfd = open(MT_BOX_PROC, O_RDONLY | O_CLOEXEC);
	if (procfd < 0)
		return false;
	n = pread(procfd, text, sizeof(text) - 1, 0);
	if (n <= 0)
		return false;
	text[n] = '\0';
	return mt_box_parse(text, b);
}

void fz_env_probe(void)
{
	struct mt_box b;
	const char *why;
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);

	mt_box_read(&b);
	fz_env.boot_max_msg_len = b.present ? b.max_msg_len : 65536;
	fz_env.boot_max_total = b.present ? b.max_total : 16L << 20;
	fz_env.boot_max_msgs = b.present ? b.max_msgs : 65536;
	fz_env.overhead = b.present ? b.overhead : 0;
	fz_env.cap = 2 * (fz_env.boot_max_msg_len > 65536 ? fz_env.boot_max_msg_len : 65536) + 4096;
	fz_env.uffd = fd >= 0;
	if (fd >= 0)
		close(fd);
	fz_env.failnth = !mt_fault_setup(&why);
	if (fz_env.failnth) { /* the points' own traces would read as reports */
		static const char *const v[] = { "/sys/kernel/debug/failslab/verbose",
						 "/sys/kernel/debug/fail_page_alloc/verbose",
						 "/sys/kernel/debug/fail_usercopy/verbose" };

		for (int i = 0; i < 3; i++) {
			int f = open(v[i], O_WRONLY | O_CLOEXEC);

			if (f >= 0) {
				if (write(f, "0\n", 2) < 0)
					fz_env.failnth = false;
				close(f);
			}
		}
	}
	fz_env.kallsyms = mt_kallsyms_lookup("start_kernel") != 0;
	fz_env.kmemleak = !access("/sys/kernel/debug/kmemleak", W_OK);
	fz_env.ptr_valid = mt_ptr_index("valid", &(long){ 0 });
}

/* ---- one call ---------------------------------------------------------- */

static struct mt_failnth nth_f = { -1, -1 };
static bool nth_open;

static long call(const struct fz_call *c, void *buf, int nth)
{
	long r;

	if (nth > 0 && !nth_open)
		nth_open = !mt_failnth_open(&nth_f);
	if (nth > 0 && nth_open && !mt_failnth_arm(&nth_f, nth)) {
		r = c->kind == FZ_PUT ? mt_put(buf, c->len) : mt_get(buf, c->len);
		mt_failnth_disarm(&nth_f);
	} else {
		r = c->kind == FZ_PUT ? mt_put(buf, c->len) : mt_get(buf, c->len);
	}
	fz_calls++;
	return r;
}

/* ---- a second process ----------------------------------------------------
 * Forked from the program's process once (its buffers are copies of the
 * same arenas, its memory its own), it makes the calls marked proc 1 on
 * request, through a pipe and a shared page, also while a call of the first
 * process is held in a window. */

struct helper_io {
	struct fz_call c;
	uint32_t w, s;
	int nth;
	bool sig, hit;    /* signal it if still running after FZ_SIG_MS; it was */
	size_t top;       /* the size a get should write: nothing past it */
	long r, written;  /* the result; the first byte written past it, or -1 */
	unsigned char got[]; /* a successful get's bytes */
};
static struct helper_io *hio;
static int hto = -1, hfrom = -1;
static long call_signalled(const struct fz_call *c, void *buf, bool *hit);

static void helper_loop(int in, int out)
{
	char x;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (read(in, &x, 1) == 1) {
		size_t chk;
		bool g;
		unsigned char *b = fz_buf(&hio->c, hio->w, hio->s, &chk, &g);

		fz_cover_begin();
		hio->hit = false;
		hio->r = hio->sig ? call_signalled(&hio->c, b, &hio->hit) : call(&hio->c, b, hio->nth);
		fz_cover_end();
		hio->written = -1;
		if (hio->c.kind == FZ_GET && hio->r > 0 && b)
			memcpy(hio->got, b, (size_t)hio->r < (size_t)FZ_CAP ? (size_t)hio->r : (size_t)FZ_CAP);
		if (g) {
			size_t from = hio->r >= 0 ? (mt_conv.get_zero ? hio->top : (size_t)hio->r) : chk;

			hio->written = fz_buf_written(&hio->c, from > chk ? chk : from);
		}
		if (write(out, "x", 1) != 1)
			break;
	}
	_exit(0);
}

static void helper_start(void)
{
	if (!hio) {
		int to[2], from[2];

		hio = mmap(NULL, sizeof(*hio) + (size_t)FZ_CAP, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
			   0);
		if (hio == MAP_FAILED || pipe(to) || pipe(from)) {
			hio = NULL;
			return;
		}
		fflush(stdout);
		pid_t pid = fork();

		if (pid == 0) {
			close(to[1]), close(from[0]);
			helper_loop(to[0], from[1]);
		}
		close(to[0]), close(from[1]);
		hto = to[1], hfrom = from[0];
	}
}

/* Make @c in the second process (signalled if still running after
 * FZ_SIG_MS when @sig; *hit: the signal came), its bytes in hio->got. */
static long in_helper(const struct fz_call *c, uint32_t w, uint32_t s, int nth, size_t top, long *written, bool sig,
		      bool *hit)
{
	char x;

	helper_start();
	if (!hio)
		return -ECHILD;
	hio->c = *c, hio->w = w, hio->s = s, hio->nth = nth, hio->top = top;
	hio->sig = sig;
	if (write(hto, "x", 1) != 1 || read(hfrom, &x, 1) != 1)
		return -ECHILD;
	fz_calls++;
	*written = hio->written;
	if (hit)
		*hit = sig && hio->hit;
	return hio->r;
}

/* ---- models ------------------------------------------------------------ */

struct models {
	int n;
	struct fz_model m[FZ_MODELS];
};

/* Keep the models in which @c answering @r is right; false: none is. */
static bool judge_all(struct models *ms, const struct fz_call *c, int nth, long r, const unsigned char *got,
		      uint32_t w, uint32_t s, struct fz_finding *f)
{
	int k = 0;
	struct fz_finding first = { 0 };

	for (int i = 0; i < ms->n; i++) {
		struct fz_finding fi;

		if (fz_judge(&ms->m[i], c, nth, r, got, w, s, &fi))
			ms->m[k++] = ms->m[i];
		else if (!first.found)
			first = fi;
	}
	if (k) {
		ms->n = k;
		return true;
	}
	*f = first;
	return false;
}

/* ---- userfaultfd windows ------------------------------------------------ */

#define WIN_LEN (65536 + 3 * 4096)
#define WIN_OFF (4096 + 123) /* crosses a page: the copy faults in the middle */

static struct mt_uffd *win;
static const struct fz_op *win_op;
static long win_r[FZ_MAX_NEST];
static unsigned char *win_got[FZ_MAX_NEST];
static int win_done;
static uint32_t win_w, win_s;
/* signals (FZ_SIG_*): which calls of this window one reached */
static bool win_sig_held, win_sig_sub[FZ_MAX_NEST];
static pid_t win_main_tid; /* the thread making the held call */
static volatile sig_atomic_t sig_seen;

static void on_sigusr1(int s)
{
	(void)s;
	sig_seen++;
}

/* SIGUSR1 interrupts a wait and runs nothing (no SA_RESTART: -EINTR). */
static void signals_init(void)
{
	static bool done;
	struct sigaction sa = { .sa_handler = on_sigusr1 };

	if (done)
		return;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	done = true;
}

/* A nested call of this thread, signalled if it is still running after
 * FZ_SIG_MS; true if the signal came while it ran. */
static long call_signalled(const struct fz_call *c, void *buf, bool *hit)
{
	static __thread timer_t t;
	static __thread bool have;
	struct itimerspec on = { .it_value = { 0, FZ_SIG_MS * 1000000L } }, off = { 0 };
	sig_atomic_t seen = sig_seen;
	double t0 = fz_now();
	long r;

	if (!have) {
		struct sigevent ev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGUSR1 };

		ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
		have = !timer_create(CLOCK_MONOTONIC, &ev, &t);
	}
	if (have)
		timer_settime(t, 0, &on, NULL);
	r = call(c, buf, 0);
	if (have)
		timer_settime(t, 0, &off, NULL);
	/* a signal just after the return does not count: it ran that long */
	*hit = sig_seen != seen && fz_now() - t0 >= FZ_SIG_MS / 1000.0;
	return r;
}

static void run_nested(bool in_fault)
{
	if (fz_running) {
		fz_running->window_t0 = fz_now();
		fz_running->in_window = in_fault ? 1 : 4; /* 4: the held call never faulted, returned */
	}
	for (int k = 0; k < win_op->nested; k++) {
		const struct fz_call *c = &win_op->sub[k];
		size_t chk;
		bool g;
		unsigned char *b = fz_buf(c, win_w, win_s + 1 + (uint32_t)k, &chk, &g);

		win_sig_sub[k] = false;
		if (c->proc) {
			long wr;

			win_r[k] = in_helper(c, win_w, win_s + 1 + (uint32_t)k, 0, 0, &wr, win_op->sig & FZ_SIG_NESTED,
					     &win_sig_sub[k]);
			b = hio ? hio->got : NULL;
		} else if (win_op->sig & FZ_SIG_NESTED) {
			win_r[k] = call_signalled(c, b, &win_sig_sub[k]);
		} else {
			win_r[k] = call(c, b, 0);
		}
		fz_sig_nested += win_sig_sub[k];
		fz_sig_failed += win_sig_sub[k] && win_r[k] < 0;
		if (c->kind == FZ_GET && win_r[k] > 0 && b)
			memcpy(win_got[k], b, (size_t)win_r[k] < WIN_LEN ? (size_t)win_r[k] : WIN_LEN);
	}
	/* the held call is still in its page fault (the window runs before
	 * the handler fills the page): signal it, and give the signal time to
	 * end the wait before the page comes. Until it has: on UML the woken
	 * fault is retried, and the retry is a fault the handler resolves at
	 * once (a stray one); elsewhere the call returns and its signal
	 * handler runs. At most 20 ms, the fixed wait of before, which was 87%
	 * of a perf kernel's fuzzing time (session 23: 836 such waits in 20 s) */
	if (in_fault && win_op->sig & FZ_SIG_HELD) {
		struct timespec tick = { 0, 200000L };
		uint64_t stray = mt_uffd_stray(win);
		sig_atomic_t seen = sig_seen;

		win_sig_held = !syscall(SYS_tgkill, getpid(), win_main_tid, SIGUSR1);
		fz_sig_held += win_sig_held;
		for (int k = 0; win_sig_held && k < 100 && mt_uffd_stray(win) == stray && sig_seen == seen; k++)
			nanosleep(&tick, NULL);
	}
	win_done = 1;
	if (fz_running)
		fz_running->in_window = 2;
}

static void window_cb(void *arg)
{
	(void)arg;
	if (win_op && !win_done)
		run_nested(true);
}

/* fz_judge with the call's signal said (fz_signalled) */
static bool judge_sig(struct fz_model *m, const struct fz_call *c, long r, const unsigned char *got, uint32_t w,
		      uint32_t s, bool sig, struct fz_finding *f)
{
	bool ok;

	fz_signalled = sig;
	ok = fz_judge(m, c, 0, r, got, w, s, f);
	fz_signalled = false;
	return ok;
}

static bool same_model(const struct fz_model *a, const struct fz_model *b)
{
	return a->n == b->n && a->bytes == b->bytes && !memcmp(a->m, b->m, sizeof(a->m[0]) * (size_t)a->n);
}

static bool window_op(struct models *ms, const struct fz_op *o, uint32_t w, uint32_t s, struct fz_finding *f)
{
	const struct fz_call *c = &o->c;
	unsigned char *buf;
	long r;

	if (!win) {
		signals_init();
		win = mt_uffd_open(WIN_LEN, window_cb, NULL);
		for (int k = 0; k < FZ_MAX_NEST; k++)
			win_got[k] = malloc(WIN_LEN);
	}
	if (!win) {
		f->found = true, f->oracle = MT_OR_HARNESS, f->bug = MT_BUG_HARNESS;
		snprintf(f->detail, sizeof(f->detail), "no userfaultfd window: %s", strerror(errno));
		return false;
	}
	buf = mt_uffd_region(win) + WIN_OFF;
	win_op = o, win_done = 0, win_w = w, win_s = s, win_sig_held = false;
	win_main_tid = (pid_t)syscall(SYS_gettid);
	if (c->kind == FZ_PUT && c->len > 0)
		mt_payload_fill(mt_uffd_staging(win) + WIN_OFF, (size_t)c->len, w, s);
	mt_uffd_arm(win, WIN_OFF, c->len > 0 ? (size_t)c->len : 1, c->kind == FZ_PUT);
	r = call(c, buf, 0);
	mt_uffd_done(win); /* its window's calls are over before we look */
	fz_sig_failed += win_sig_held && r < 0;
	if (fz_running)
		fz_running->in_window = 3;
	if (!win_done)
		run_nested(false); /* the call never touched its buffer: after it */
	win_op = NULL;

	{ /* the reference's order, for the reproducer: nested calls, then the held one */
		struct fz_model m = ms->m[0];
		struct fz_finding fi;
		struct fz_step *st = &fz_trace.s[fz_trace.n];

		for (int k = 0; k < o->nested; k++) {
			rec(&st->sub[k], &m, &o->sub[k], 0, win_r[k]);
			if (win_sig_sub[k])
				st->sub[k].alt = 2; /* signalled: any error will do */
			judge_sig(&m, &o->sub[k], win_r[k], win_got[k], w, s + 1 + (uint32_t)k, win_sig_sub[k], &fi);
		}
		rec(&st->main, &m, c, 0, r);
		if (win_sig_held)
			st->main.alt = 2;
	}
	/* every order the held call may take among the nested ones */
	static struct models out;
	struct fz_finding first = { 0 };

	out.n = 0;
	/* the reference's order first (the held call last), so that the first
	 * model is always the one the reference would have made */
	for (int i = 0; i < ms->n; i++) {
		for (int pos = o->nested; pos >= 0; pos--) {
			struct fz_model m = ms->m[i];
			struct fz_finding fi = { 0 };
			bool ok = true;

			for (int k = 0; k <= o->nested && ok; k++) {
				if (k == pos)
					ok = judge_sig(&m, c, r, buf, w, s, win_sig_held, &fi);
				/* before the held put: its room may be reserved */
				if (k < pos && c->kind == FZ_PUT && c->len >= 0)
					fz_reserve = (struct fz_reserve){ 1, c->len };
				if (ok && k < o->nested)
					ok = judge_sig(&m, &o->sub[k], win_r[k], win_got[k], w, s + 1 + (uint32_t)k,
						       win_sig_sub[k], &fi);
				fz_reserve = (struct fz_reserve){ 0, 0 };
			}
			bool dup = false;

			for (int k = 0; ok && k < out.n && !dup; k++)
				dup = same_model(&out.m[k], &m);
			if (ok && !dup && out.n < FZ_MODELS)
				out.m[out.n++] = m;
			else if (!ok && pos == o->nested && !first.found)
				first = fi;
		}
	}
	if (out.n) {
		*ms = out;
		return true;
	}
	*f = first;
	/* bytes, or a success, that no order of the calls explains: a call
	 * saw the held one half done (a message pushed before its copy, say) */
	if (f->oracle == MT_OR_DATA || (f->oracle == MT_OR_RESULT && (f->bug == MT_BUG_ACCEPTS_BAD ||
								      f->bug == MT_BUG_WRONG_SUCCESS)))
		f->bug = MT_BUG_RACE;
	char words[300];

	fz_op_str(o, words, sizeof(words));
	size_t n = strlen(f->detail);

	snprintf(f->detail + n, sizeof(f->detail) - n, "; no order of %s explains it", words);
	snprintf(f->call, sizeof(f->call), "%.199s", words);
	return false;
}

/* ---- the program ---------------------------------------------------------- */

static void say_op(const struct fz_prog *p, int i, long r)
{
	char words[300], e[32];

	fz_op_str(&p->op[i], words, sizeof(words));
	printf("fuzz: p%ld.%d %s = %s\n", p->index, i, words, fz_errno_str(r, e, sizeof(e)));
}

static void box_check(const struct models *ms, const struct fz_call *c, long r, const char *call_words,
		      struct fz_finding *f)
{
	struct mt_box b;

	if (!mt_conv.proc || !box_now(&b))
		return;
	for (int i = 0; i < ms->n; i++)
		if (ms->m[i].n == b.messages && ms->m[i].bytes == b.bytes)
			return;
	f->found = true;
	f->oracle = MT_OR_BOX;
	/* a get that failed and took a message with it lost it */
	f->bug = r < 0 && c->kind == FZ_GET && b.messages < ms->m[0].n ? MT_BUG_LOST_ON_FAILED_GET
		 : r < 0 ? MT_BUG_ERROR_CHANGES_BOX
		 : b.messages < ms->m[0].n ? MT_BUG_LOST : MT_BUG_MESSAGE_STUCK;
	snprintf(f->call, sizeof(f->call), "%.199s", call_words);
	snprintf(f->expected, sizeof(f->expected), "messages %d, bytes %ld", ms->m[0].n, ms->m[0].bytes);
	snprintf(f->got, sizeof(f->got), "messages %ld, bytes %ld", b.messages, b.bytes);
	snprintf(f->detail, sizeof(f->detail), "after %s (= %ld) /proc/dm510_msgbox shows %s, the model %s", call_words,
		 r, f->got, f->expected);
}

static void drain(struct models *ms, bool windows, struct fz_finding *f)
{
	struct fz_call c = { .kind = FZ_GET, .ptr = (uint8_t)fz_env.ptr_valid };
	int most = 0;

	c.len = (int32_t)(mt_conv.get_len < FZ_CAP - 4096 ? mt_conv.get_len : FZ_CAP - 4096);
	for (int i = 0; i < ms->n; i++)
		most = ms->m[i].n > most ? ms->m[i].n : most;
	for (int k = 0; k <= most + 1; k++) {
		size_t chk;
		bool g;
		unsigned char *b = fz_buf(&c, 0, 0, &chk, &g);
		long r = call(&c, b, 0);
		bool all_empty = true;

		if (!judge_all(ms, &c, 0, r, b, 0, 0, f)) {
			f->oracle = MT_OR_CONTENTS;
			if (f->bug != MT_BUG_CORRUPTED)
				f->bug = windows ? MT_BUG_RACE
				       : r >= 0 ? MT_BUG_MESSAGE_STUCK
				       : f->bug == MT_BUG_LOST_ON_FAILED_GET ? f->bug : MT_BUG_LOST;
			size_t n = strlen(f->detail);

			snprintf(f->detail + n, sizeof(f->detail) - n, " (draining the box after the program, get %d)", k);
			f->op = -1;
			return;
		}
		for (int i = 0; i < ms->n; i++)
			all_empty &= ms->m[i].n == 0;
		if (all_empty && mt_conv_drain_stops(r))
			return;
	}
}

/* After a finding: empty the box for the next program, judging nothing. */
long fz_empty_box(void)
{
	struct fz_call c = { .kind = FZ_GET, .ptr = (uint8_t)fz_env.ptr_valid };
	long last = 0, same = 0;

	c.len = (int32_t)(mt_conv.get_len < FZ_CAP - 4096 ? mt_conv.get_len : FZ_CAP - 4096);
	for (int k = 0; k < 100000; k++) {
		size_t chk;
		bool g;
		long r = call(&c, fz_buf(&c, 0, 0, &chk, &g), 0);

		if (mt_conv_drain_stops(r))
			return FZ_EMPTIED;
		/* the same answer a thousand times: the top never leaves */
		same = k && r == last ? same + 1 : 0;
		last = r;
		if (same >= 1000)
			break;
	}
	return last;
}

static void set_limits(const struct fz_prog *p, bool restore)
{
	struct mt_limits l = { -1, -1, -1 };

	if (restore)
		l = (struct mt_limits){ fz_env.boot_max_msg_len, fz_env.boot_max_total, fz_env.boot_max_msgs };
	else
		l = (struct mt_limits){ p->max_msg_len, p->max_total, p->max_msgs };
	if (l.max_msg_len >= 0 || l.max_total >= 0 || l.max_msgs >= 0)
		mt_limits_apply(&l, NULL);
}

/* What SPEC says @c does to @m (as the reference would do it). */
static void apply_expected(struct fz_model *m, const struct fz_call *c, int nth, uint32_t w, uint32_t s)
{
	struct fz_expect e;

	fz_expect(m, c, nth, &e);
	if (e.effect == 1 && m->n < FZ_MODEL_MAX) {
		m->m[m->n++] = (struct fz_msg){ c->len, w, s };
		m->bytes += c->len;
	} else if (e.effect == 2 && m->n) {
		m->bytes -= m->m[m->n - 1].len;
		m->n--;
	}
}

/*
 * A limit written out of range: SPEC says -EINVAL, and the value kept. Text
 * that is not a number at all is no value: SPEC names no error for it, so
 * the write must fail (any error) and the value stay.
 */
static void bad_limit(const struct fz_prog *p, struct fz_finding *f)
{
	const char *name = fz_params[p->bad_param];
	long before = mt_limit_get(name), after;
	char *end, line[300], e[32], what[40];
	bool text = p->bad_text[0], number = !text;
	int r;

	if (text) {
		(void)strtoll(p->bad_text, &end, 0);
		number = end != p->bad_text && !*end; /* "4294967296": a number, out of range */
		r = mt_limit_write(name, p->bad_text);
		snprintf(what, sizeof(what), "\"%s\"", p->bad_text);
	} else {
		r = mt_limit_set(name, p->bad_value);
		snprintf(what, sizeof(what), "%ld", p->bad_value);
	}
	after = mt_limit_get(name);
	fz_kmsg_report(line, sizeof(line)); /* its own warning of the refusal is no report */
	if ((r == -EINVAL || ((fz_env.lenient || !number) && r < 0)) && after == before)
		return;
	f->found = true;
	f->oracle = MT_OR_LIMIT;
	f->bug = r >= 0 ? MT_BUG_LIMITS : after != before ? MT_BUG_LIMITS : MT_BUG_WRONG_ERRNO;
	f->op = -1;
	snprintf(f->call, sizeof(f->call), "write %s=%s", name, what);
	snprintf(f->expected, sizeof(f->expected), "%s, %s still %ld", number ? "-EINVAL" : "an error", name, before);
	snprintf(f->got, sizeof(f->got), "%s, %s now %ld", fz_errno_str(r, e, sizeof(e)), name, after);
	snprintf(f->detail, sizeof(f->detail), "%s answered %s", f->call, f->got);
	if (after != before)
		mt_limit_set(name, before);
}

int fz_run(const struct fz_prog *p, const struct fz_opts *o, struct fz_finding *f)
{
	static struct models ms;
	bool windows = false, limited = p->max_msg_len >= 0 || p->max_total >= 0 || p->max_msgs >= 0;
	int unapplied = -1; /* the op whose judgement failed: its effect not in the model */
	uint32_t w = (uint32_t)(p->index % MT_ID_MAX) + 1;
	char line[300];

	memset(f, 0, sizeof(*f));
	memset(&fz_trace, 0, sizeof(fz_trace));
	for (int i = 0; i < p->n; i++) /* from this thread, before any window */
		if (p->op[i].c.proc || (p->op[i].window && (p->op[i].sub[0].proc || p->op[i].sub[1].proc)))
			helper_start();
	fz_cover_begin();
	if (limited && !mt_conv.params)
		limited = false;
	ms.n = 1;
	fz_model_init(&ms.m[0], p);
	if (p->bad_param >= 0 && mt_conv.params)
		bad_limit(p, f);
	if (!limited)
		fz_model_init(&ms.m[0], &(struct fz_prog){ .max_msg_len = -1, .max_total = -1, .max_msgs = -1 });
	else
		set_limits(p, false);
	for (int i = 0; i < p->n && !f->found; i++) {
		const struct fz_op *op = &p->op[i];
		uint32_t s = (uint32_t)i * 4;
		long r = 0;

		if (o->markers)
			mt_kmsg("case-begin %d fuzz.p%ld.op%d", i, p->index, i);
		if (fz_running) {
			fz_running->prog = p->index, fz_running->op = i;
			fz_op_str(op, fz_running->words, sizeof(fz_running->words));
		}
		if (op->window) {
			windows = true;
			if (!window_op(&ms, op, w, s, f))
				unapplied = i;
		} else {
			size_t chk;
			bool guarded;
			int top = ms.m[0].n ? ms.m[0].m[ms.m[0].n - 1].len : 0;
			unsigned char *b;
			long at = -1;

			if (fz_buf_kernel_mapped(&op->c)) {
				f->found = true;
				f->oracle = MT_OR_HARNESS;
				f->bug = MT_BUG_OTHER;
				fz_call_str(&op->c, f->call, sizeof(f->call));
				snprintf(f->expected, sizeof(f->expected), "a kernel address this process has not mapped");
				snprintf(f->got, sizeof(f->got), "this process has memory mapped there");
				snprintf(f->detail, sizeof(f->detail), "%s: the fuzzer's own mappings have reached the "
					 "kernel address (UML maps user memory upwards from 0x40000000): not a bad "
					 "pointer any more, so the call is not made (a fault of the fuzzer)", f->call);
				f->op = i;
				break;
			}
			if (op->c.proc) {
				r = in_helper(&op->c, w, s, op->nth, (size_t)top, &at, false, NULL);
				b = hio ? hio->got : NULL;
				guarded = at >= 0;
				chk = fz_blen(op->c.len);
			} else {
				b = fz_buf(&op->c, w, s, &chk, &guarded);
				r = call(&op->c, b, op->nth);
			}
			rec(&fz_trace.s[i].main, &ms.m[0], &op->c, op->nth, r);
			bool judged = judge_all(&ms, &op->c, op->nth, r, b, w, s, f);

			if (!judged)
				unapplied = i;
			if (judged && guarded) {
				size_t from = r >= 0 ? (size_t)(mt_conv.get_zero ? top : r) : chk;

				if (!op->c.proc)
					at = fz_buf_written(&op->c, from > chk ? chk : from);

				if (at >= 0) {
					f->found = true;
					f->oracle = MT_OR_CANARY;
					f->bug = MT_BUG_USER_OVERFLOW;
					fz_call_str(&op->c, f->call, sizeof(f->call));
					snprintf(f->expected, sizeof(f->expected), "nothing written from byte %zu on", from);
					snprintf(f->got, sizeof(f->got), "byte %ld written (buffer of %zu bytes)", at, chk);
					snprintf(f->detail, sizeof(f->detail), "%s = %ld wrote byte %ld of a %zu-byte buffer%s",
						 f->call, r, at, chk, (size_t)at >= chk ? ", past its end" : "");
				}
			}
		}
		fz_trace.n = i + 1;
		fz_trace.s[i].box_n = ms.m[0].n;
		fz_trace.s[i].box_bytes = ms.m[0].bytes;
		if (fz_trace_out)
			*fz_trace_out = fz_trace;
		if (o->verbose)
			say_op(p, i, r);
		if (!f->found && o->proc_each) {
			fz_op_str(op, line, sizeof(line));
			box_check(&ms, &op->c, r, line, f);
		}
		/* a kernel report (KASAN, a BUG) made while a call answered wrong
		 * explains the answer (a length read from freed memory): the
		 * report is the finding, not what it made the call return */
		if ((f->found ? f->oracle != MT_OR_CONSOLE && f->oracle != MT_OR_HARNESS : o->markers) &&
		    fz_kmsg_report(line, sizeof(line))) {
			memset(f, 0, sizeof(*f));
			f->found = true;
			f->oracle = MT_OR_CONSOLE;
			f->bug = MT_BUG_KERNEL_REPORT;
			fz_op_str(op, f->call, sizeof(f->call));
			snprintf(f->expected, sizeof(f->expected), "no kernel report");
			snprintf(f->got, sizeof(f->got), "%.190s", line);
			snprintf(f->detail, sizeof(f->detail), "the kernel reported during %s: %s", f->call, line);
		}
		if (f->found && f->op == 0)
			f->op = i;
		if (o->markers)
			mt_kmsg("case-end %d fuzz.p%ld.op%d %s", i, p->index, i, f->found ? "fail" : "pass");
	}
	if (fz_cover_end() > 0)
		fz_cover_keep(p); /* it reached new PCs (the drain's own are not its) */
	/* the box the reproducer expects at its end: as the reference would
	 * leave it, so also after the call that failed (its expected effect,
	 * and for a held call the reference's order: the nested calls first) */
	struct fz_model ref = ms.m[0];

	if (unapplied >= 0) {
		const struct fz_op *op = &p->op[unapplied];
		uint32_t s = (uint32_t)unapplied * 4;

		for (int k = 0; op->window && k < op->nested; k++)
			apply_expected(&ref, &op->sub[k], 0, w, s + 1 + (uint32_t)k);
		apply_expected(&ref, &op->c, op->window ? 0 : op->nth, w, s);
	}
	fz_trace.left = ref.n;
	memcpy(fz_trace.box, ref.m, sizeof(struct fz_msg) * (size_t)ref.n);
	if (!f->found)
		drain(&ms, windows, f);
	else
		fz_empty_box();
	if (limited)
		set_limits(p, true);
	if (!f->found && fz_kmsg_report(line, sizeof(line))) {
		f->found = true;
		f->oracle = MT_OR_CONSOLE;
		f->bug = MT_BUG_KERNEL_REPORT;
		f->op = -1;
		snprintf(f->call, sizeof(f->call), "program p%ld", p->index);
		snprintf(f->expected, sizeof(f->expected), "no kernel report");
		snprintf(f->got, sizeof(f->got), "%.190s", line);
		snprintf(f->detail, sizeof(f->detail), "the kernel reported during program p%ld: %s", p->index, line);
	}
	return (int)fz_calls;
}

/* ---- in a child ------------------------------------------------------------- */

struct shared {
	struct fz_trace t;
	struct fz_finding f;
	struct fz_running running;
	long calls;
	int done;
};

enum fz_watched fz_watch(int pid, int *st, const struct fz_running *r, double limit_s)
{
	double t0 = fz_now();
	long us = 200; /* short programs end in a millisecond: look often first */

	for (;;) {
		pid_t w = waitpid(pid, st, WNOHANG);

		if (w == pid || (w < 0 && errno != EINTR))
			return FZ_ENDED;
		double now = fz_now();

		if (r && (r->in_window == 1 || r->in_window == 4) && r->window_t0 > 0 && now - r->window_t0 > FZ_BLOCK_S)
			return FZ_WINDOW_BLOCKED;
		if (now - t0 > limit_s)
			return FZ_TIMED_OUT;
		usleep((useconds_t)us);
		us = us < 20000 ? us * 2 : 20000;
	}
}

void fz_blocked_finding(const struct fz_running *r, struct fz_finding *f)
{
	memset(f, 0, sizeof(*f));
	f->found = true, f->oracle = MT_OR_PROGRESS, f->bug = MT_BUG_BLOCKS_CALLERS, f->op = r->op;
	f->window_blocked = true;
	snprintf(f->call, sizeof(f->call), "%.199s", r->words);
	snprintf(f->expected, sizeof(f->expected), "the calls made while it is held return");
	snprintf(f->got, sizeof(f->got), "one still waiting after %.0f s", FZ_BLOCK_S);
	if (r->in_window == 4) /* the held call never faulted: it returned, and then a call blocked */
		snprintf(f->detail, sizeof(f->detail),
			 "program p%ld, op %d: %s: the call returned without touching its buffer, and a call made "
			 "after it did not return in %.0f s (a lock it left held, or one that blocks for ever)",
			 r->prog, r->op, r->words, FZ_BLOCK_S);
	else
		snprintf(f->detail, sizeof(f->detail),
			 "program p%ld, op %d: %s: a call made while it was held in its copy did not return in %.0f s: "
			 "it waits for something the held call holds (a lock held across the copy)",
			 r->prog, r->op, r->words, FZ_BLOCK_S);
}

static struct shared *sh;

void fz_last_trace(struct fz_trace *t)
{
	if (sh)
		*t = sh->t;
}

int fz_run_child(const struct fz_prog *p, const struct fz_opts *o, struct fz_finding *f, int *pidp)
{
	int st = 0;
	pid_t pid;

	if (!sh) {
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (sh == MAP_FAILED)
			return -1;
	}
	memset(sh, 0, sizeof(*sh));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char seen[200];

		fz_calls = 0;
		fz_running = &sh->running;
		fz_trace_out = &sh->t;
		fz_empty_box(); /* what an earlier process left (one killed mid-program) */
		/* and what emptying it made the kernel say (a use-after-free in
		 * every get, say) is not this program's */
		fz_kmsg_report(seen, sizeof(seen));
		fz_run(p, o, &sh->f);
		sh->t = fz_trace;
		sh->calls = fz_calls;
		sh->done = 1;
		fflush(stdout);
		_exit(0);
	}
	if (pidp)
		*pidp = pid;
	enum fz_watched why = fz_watch(pid, &st, &sh->running, 20);

	if (why != FZ_ENDED) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		if (why == FZ_WINDOW_BLOCKED) {
			fz_blocked_finding(&sh->running, f);
			return 0;
		}
		memset(f, 0, sizeof(*f));
		f->found = true, f->oracle = MT_OR_PROGRESS, f->bug = MT_BUG_BLOCKS_CALLERS, f->op = -1;
		snprintf(f->call, sizeof(f->call), "program p%ld", p->index);
		snprintf(f->expected, sizeof(f->expected), "every call returns");
		snprintf(f->got, sizeof(f->got), "a call still running after 20 s");
		snprintf(f->detail, sizeof(f->detail), "program p%ld did not end in 20 s", p->index);
		return 0;
	}
	*f = sh->f;
	fz_calls += sh->calls;
	if (!sh->done && !f->found) {
		f->found = true, f->oracle = MT_OR_HARNESS, f->bug = MT_BUG_OTHER, f->op = -1;
		snprintf(f->call, sizeof(f->call), "program p%ld", p->index);
		snprintf(f->expected, sizeof(f->expected), "the program's process exits");
		snprintf(f->got, sizeof(f->got), "%s", WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "exit without verdict");
		snprintf(f->detail, sizeof(f->detail), "program p%ld's process died (%s)", p->index, f->got);
	}
	return 0;
}
