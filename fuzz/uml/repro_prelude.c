/*
 * A standalone reproducer written by msgbox-fuzz (fuzz/uml/): this prelude,
 * then the calls of one minimised program with what SPEC.md expects of
 * each. Build: cc -O2 -I<kernel build dir> -pthread repro.c (the syscall
 * numbers come from its generated mt_syscalls.h); run it inside the UML
 * kernel (make repro FILE=repro.c). Exit 1: the bug showed (each check
 * that failed is printed as "REPRO step N: ..."), 0: it did not, 2: the
 * reproducer could not set itself up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mt_syscalls.h"

/* a reproducer uses only some of these */
#define RP_FN static __attribute__((unused))

enum { RP_PUT, RP_GET };
#define RP_CANARY 64
#define RP_POISON 0xa5
static int rp_failed, rp_kmsg = -1;

RP_FN void rp_bad(int step, const char *what, const char *exp, const char *got)
{
	printf("REPRO step %d: %s: expected %s, got %s\n", step, what, exp, got);
	rp_failed = 1;
}

RP_FN long rp_sys(int kind, const void *p, int len)
{
	long r = syscall(kind == RP_PUT ? MT_NR_PUT : MT_NR_GET, p, (long)len);

	if (r == -1)
		return -(long)errno;
	if (r > 0x7fffffffL && (unsigned long)r <= 0xffffffffUL)
		return (long)(int)(unsigned int)r; /* an int entry point: judged on its low 32 bits */
	return r;
}

RP_FN unsigned char rp_byte(uint32_t id, long len, long i)
{
	return (unsigned char)(((id * 131u) + (unsigned)i * 7u + (unsigned)len * 3u) | 1u);
}

RP_FN void rp_fill(unsigned char *p, long len, uint32_t id)
{
	for (long i = 0; i < len; i++)
		p[i] = rp_byte(id, len, i);
}

RP_FN int rp_write(const char *path, long v)
{
	char t[32];
	int fd = open(path, O_WRONLY), n = snprintf(t, sizeof(t), "%ld\n", v), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, t, (size_t)n) == n;
	close(fd);
	return ok ? 0 : -1;
}

#define RP_PARAM "/sys/module/dm510_msgbox/parameters/"
RP_FN void rp_limits(long len, long total, long msgs)
{
	/* lowering goes max_msg_len first (it may not exceed max_total) */
	if (len >= 0)
		rp_write(RP_PARAM "max_msg_len", len);
	if (total >= 0)
		rp_write(RP_PARAM "max_total", total);
	if (msgs >= 0)
		rp_write(RP_PARAM "max_msgs", msgs);
	if (len >= 0)
		rp_write(RP_PARAM "max_msg_len", len);
}

/* A limit written out of range: -EINVAL, and the value kept; text that is
 * not a number at all: an error (SPEC names none), and the value kept. */
RP_FN void rp_bad_limit(const char *name, const char *v)
{
	char path[128], t[32], before[32] = "", after[32] = "", *end;
	int fd, n = snprintf(t, sizeof(t), "%s\n", v), e = 0;
	int number;
	ssize_t k;

	(void)strtoll(v, &end, 0);
	number = end != v && !*end;

	snprintf(path, sizeof(path), RP_PARAM "%s", name);
	if ((fd = open(path, O_RDONLY)) >= 0) {
		k = read(fd, before, sizeof(before) - 1);
		before[k > 0 ? k : 0] = '\0';
		close(fd);
	}
	if ((fd = open(path, O_WRONLY)) >= 0) {
		if (write(fd, t, (size_t)n) < 0)
			e = errno;
		close(fd);
	}
	if ((fd = open(path, O_RDONLY)) >= 0) {
		k = read(fd, after, sizeof(after) - 1);
		after[k > 0 ? k : 0] = '\0';
		close(fd);
	}
	if ((number ? e != EINVAL : !e) || strcmp(before, after)) {
		char exp[64], got[96];

		snprintf(exp, sizeof(exp), "%s and %s kept", number ? "-EINVAL" : "an error", name);
		snprintf(got, sizeof(got), "errno %d, %.20s -> %.20s", e, before, after);
		rp_bad(-1, "writing a limit out of range", exp, got);
	}
}

RP_FN unsigned long rp_ksym(const char *sym)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	unsigned long a, found = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %255s", &a, &type, name) == 3 && !strcmp(name, sym)) {
			found = a;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

RP_FN void *rp_map(size_t n, int prot)
{
	void *p = mmap(NULL, n, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("repro: mmap");
		exit(2);
	}
	return p;
}

#define RP_PG 4096UL
RP_FN size_t rp_round(size_t n)
{
	return (n + RP_PG - 1) / RP_PG * RP_PG;
}

/* The bytes behind a length: as the fuzzer's (at most 4 MiB + a page). */
RP_FN size_t rp_blen(long len)
{
	long max = (4L << 20) + 4096;

	return len < 0 ? 0 : (size_t)(len > max ? max : len);
}

/* ---- a buffer unmapped while the call is held in its fault -------------- */
struct rp_vanish {
	int uffd;
	void *map;
	size_t len;
};

RP_FN void *rp_vanish_handler(void *arg)
{
	struct rp_vanish *v = arg;
	struct pollfd pfd = { .fd = v->uffd, .events = POLLIN };
	struct uffd_msg m;

	if (poll(&pfd, 1, 10000) == 1 && read(v->uffd, &m, sizeof(m)) == sizeof(m)) {
		struct uffdio_range r = { .start = (uintptr_t)v->map, .len = v->len };

		munmap(v->map, v->len);
		ioctl(v->uffd, UFFDIO_WAKE, &r);
	}
	return NULL;
}

RP_FN void *rp_vanishing(size_t len)
{
	static struct rp_vanish v;
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	pthread_t t;

	v.len = rp_round(len ? len : 1);
	v.uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	v.map = rp_map(v.len, PROT_READ | PROT_WRITE);
	reg.range.start = (uintptr_t)v.map;
	reg.range.len = v.len;
	if (v.uffd < 0 || ioctl(v.uffd, UFFDIO_API, &api) || ioctl(v.uffd, UFFDIO_REGISTER, &reg) ||
	    pthread_create(&t, NULL, rp_vanish_handler, &v)) {
		fprintf(stderr, "repro: no userfaultfd\n");
		exit(2);
	}
	pthread_detach(t);
	return v.map;
}

/* ---- the pointer classes ------------------------------------------------ */
static unsigned char *rp_last;  /* the last guarded get buffer */
static size_t rp_last_len;

/* A buffer of class @cls (argument @arg) for @len bytes; a put's filled. */
RP_FN unsigned char *rp_ptr(int kind, const char *cls, int arg, long len, uint32_t id)
{
	size_t bl = rp_blen(len);

	rp_last = NULL;
	if (!strcmp(cls, "valid") || !strcmp(cls, "odd") || !strcmp(cls, "readonly")) {
		size_t body = rp_round(bl + RP_CANARY + 1);
		unsigned char *m = rp_map(body + RP_PG, PROT_READ | PROT_WRITE), *q = m + body - RP_CANARY - bl;

		mprotect(m + body, RP_PG, PROT_NONE);
		memset(m, RP_POISON, body);
		if (!strcmp(cls, "odd") && !((uintptr_t)q & 1))
			q--; /* misaligned: one byte further from the canary */
		if (kind == RP_PUT)
			rp_fill(q, (long)bl, id);
		if (!strcmp(cls, "readonly"))
			mprotect(m, body, PROT_READ);
		else if (kind == RP_GET && !strcmp(cls, "valid"))
			rp_last = q, rp_last_len = bl;
		return q;
	}
	if (!strcmp(cls, "cross:")) {
		size_t k = arg < 0 ? 0 : (size_t)arg, mapped = k > bl ? 0 : bl - k, body = rp_round(mapped ? mapped : 1);
		unsigned char *m = rp_map(body + RP_PG, PROT_READ | PROT_WRITE);

		mprotect(m + body, RP_PG, PROT_NONE);
		if (kind == RP_PUT)
			rp_fill(m + body - mapped, (long)mapped, id);
		return m + body - mapped;
	}
	if (!strcmp(cls, "protnone"))
		return rp_map(rp_round(bl ? bl : 1), PROT_NONE);
	if (!strcmp(cls, "unmapped")) {
		size_t n = rp_round(bl ? bl : 1);
		unsigned char *m = rp_map(n + 2 * RP_PG, PROT_READ);

		munmap(m + RP_PG, n);
		return m + RP_PG;
	}
	if (!strcmp(cls, "null"))
		return NULL;
	if (!strcmp(cls, "low"))
		return (unsigned char *)(uintptr_t)0x1000;
	if (!strcmp(cls, "noncanonical"))
		return (unsigned char *)(uintptr_t)0x8000000000000000ul;
	if (!strcmp(cls, "allones"))
		return (unsigned char *)(uintptr_t)~0ul;
	if (!strcmp(cls, "kernel"))
		return (unsigned char *)(uintptr_t)rp_ksym("jiffies_64");
	if (!strcmp(cls, "ktext"))
		return (unsigned char *)(uintptr_t)rp_ksym("start_kernel");
	if (!strcmp(cls, "vanish"))
		return rp_vanishing(bl);
	fprintf(stderr, "repro: unknown pointer class %s\n", cls);
	exit(2);
}

/* A call made by a second process (a fork): its result and the bytes of
 * its buffer come back through a shared mapping. */
static struct rp_shared {
	long r;
	size_t len;
	int guarded;
	unsigned char buf[];
} *rp_sh;

RP_FN long rp_call1(int kind, const char *cls, int arg, int len, int nth, uint32_t id);

/* @signo to this thread after @ms (a thread of its own: on UML a signal
 * sent to the process may go to a thread held in a userfaultfd fault,
 * which retries the fault and never takes it); 1 if armed. */
RP_FN int rp_timer_arm(timer_t *t, int signo, long ms)
{
	struct sigevent ev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = signo };
	struct itimerspec on = { .it_value = { ms / 1000, (ms % 1000) * 1000000L } };

	ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &ev, t))
		return 0;
	timer_settime(*t, 0, &on, NULL);
	return 1;
}

/* SIGUSR1 to this thread in 100 ms (a nested call still waiting then is
 * signalled, as the fuzzer's sig=2 does); 1 if armed. */
static int rp_sig_child; /* the next rp_in_child's call is signalled so */
RP_FN int rp_sig_arm(timer_t *t)
{
	return rp_timer_arm(t, SIGUSR1, 100);
}

RP_FN void rp_sig_disarm(timer_t t)
{
	timer_delete(t);
}

RP_FN long rp_in_child(int kind, const char *cls, int arg, int len, int nth, uint32_t id)
{
	size_t cap = (4UL << 20) + 8192;
	pid_t pid;
	int st;

	if (!rp_sh) {
		rp_sh = mmap(NULL, sizeof(*rp_sh) + cap + RP_CANARY, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			     -1, 0);
		if (rp_sh == MAP_FAILED) {
			perror("repro: mmap");
			exit(2);
		}
	}
	pid = fork();
	if (pid == 0) {
		timer_t t;
		int armed = rp_sig_child && rp_sig_arm(&t);

		rp_sh->r = rp_call1(kind, cls, arg, len, nth, id);
		if (armed)
			rp_sig_disarm(t);
		rp_sh->guarded = rp_last != NULL;
		if (rp_last) {
			rp_sh->len = rp_last_len;
			memcpy(rp_sh->buf, rp_last, (rp_last_len < cap ? rp_last_len : cap) + RP_CANARY);
		} else if (kind == RP_GET && rp_sh->r > 0) {
			rp_sh->len = 0;
		}
		_exit(0);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	rp_last = rp_sh->guarded ? rp_sh->buf : NULL;
	rp_last_len = rp_sh->len;
	return rp_sh->r;
}

RP_FN long rp_call(int step, int proc, int kind, const char *cls, int arg, int len, int nth, uint32_t id)
{
	(void)step;
	return proc ? rp_in_child(kind, cls, arg, len, nth, id) : rp_call1(kind, cls, arg, len, nth, id);
}

RP_FN long rp_call1(int kind, const char *cls, int arg, int len, int nth, uint32_t id)
{
	unsigned char *p = rp_ptr(kind, cls, arg, len, id);
	static int nfd = -2;
	long r;
	char t[16];

	if (nth > 0 && nfd == -2)
		nfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth > 0 && nfd >= 0) {
		int n = snprintf(t, sizeof(t), "%d", nth);

		if (write(nfd, t, (size_t)n) != n)
			nth = 0;
	}
	r = rp_sys(kind, p, len);
	if (nth > 0 && nfd >= 0 && write(nfd, "0", 1) != 1)
		perror("repro: fail-nth");
	return r;
}

RP_FN const char *rp_err(long r, char *b, size_t n)
{
	snprintf(b, n, "%ld", r);
	return b;
}

/* Is @r what SPEC expects? (@push: a put's success; put_len: 0 or the length) */
RP_FN int rp_ok(long r, long want, int any_error, int alt, int push, long len)
{
	if (alt && (r == -ENOMEM || r == -EFAULT))
		return 1;
	if (alt == 2 && r < 0) /* signalled: an error and no effect will do */
		return 1;
	if (push)
		return r == 0 || (rp_put_len && r == len);
	return r == want || (want < 0 && any_error && r < 0);
}

RP_FN void rp_expect(int step, const char *words, long r, long want, int any_error, int alt, int push, long len)
{
	char a[32], b[32];

	if (!rp_ok(r, want, any_error, alt, push, len))
		rp_bad(step, words, any_error ? "an error" : rp_err(want, a, sizeof(a)), rp_err(r, b, sizeof(b)));
}

/* A get that succeeded: its bytes are message @id of @len bytes, nothing past. */
RP_FN void rp_data(int step, const unsigned char *b, long r, long len, uint32_t id)
{
	char e[64], g[64];

	if (r < 0 || !b)
		return;
	for (long i = 0; i < len; i++)
		if (b[i] != rp_byte(id, len, i)) {
			snprintf(e, sizeof(e), "message %u (%ld bytes)", id, len);
			snprintf(g, sizeof(g), "another byte at %ld", i);
			rp_bad(step, "the bytes of the message", e, g);
			return;
		}
	if (b == rp_last)
		for (size_t i = (size_t)len; i < rp_last_len + RP_CANARY; i++)
			if (b[i] != RP_POISON) {
				snprintf(e, sizeof(e), "nothing written past byte %ld", len);
				snprintf(g, sizeof(g), "byte %zu written (buffer of %zu)", i, rp_last_len);
				rp_bad(step, "the caller's buffer", e, g);
				return;
			}
}

/* Nothing written past a buffer whose get failed. */
RP_FN void rp_canary(int step, long r)
{
	char g[64];

	if (r >= 0 || !rp_last)
		return;
	for (size_t i = rp_last_len; i < rp_last_len + RP_CANARY; i++)
		if (rp_last[i] != RP_POISON) {
			snprintf(g, sizeof(g), "byte %zu written (buffer of %zu)", i, rp_last_len);
			rp_bad(step, "the canary after the caller's buffer", "nothing written", g);
			return;
		}
}

RP_FN void rp_box(int step, long msgs, long bytes)
{
	char text[512], e[64], g[64];
	long m = -1, b = -1;
	int fd = open("/proc/dm510_msgbox", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	text[n] = '\0';
	char *p = strstr(text, "messages "), *q = strstr(text, "bytes ");

	if (p)
		m = atol(p + 9);
	if (q)
		b = atol(q + 6);
	if (m != msgs || b != bytes) {
		snprintf(e, sizeof(e), "messages %ld, bytes %ld", msgs, bytes);
		snprintf(g, sizeof(g), "messages %ld, bytes %ld", m, b);
		rp_bad(step, "/proc/dm510_msgbox", e, g);
	}
}

/* ---- a call held in its copy while others run (userfaultfd) -------------- */
struct rp_sub {
	int proc, kind, len;
	uint32_t id;
	long r;
	unsigned char *got;
};
static struct {
	int uffd, put, sig;
	unsigned char *region, *staging, *zeros;
	size_t len;
	struct rp_sub *subs;
	int nsub, done;
	pid_t main_tid;
} rp_w;

/* Signals as the fuzzer sent them (FZ_SIG_* of fz.h): 1, the held call in
 * its page fault after the nested calls; 2, a nested call still running
 * after 100 ms. SIGUSR1 without SA_RESTART, a handler that does nothing. */
RP_FN void rp_on_sig(int s)
{
	(void)s;
}

RP_FN long rp_sys_signalled(int kind, unsigned char *buf, int len)
{
	timer_t t;
	int armed = rp_sig_arm(&t);
	long r = rp_sys(kind, buf, len);

	if (armed)
		rp_sig_disarm(t);
	return r;
}

/* The calls made while one is held must come back within 2 s (FZ_BLOCK_S):
 * one that waits for what the held call holds blocks every caller. */
RP_FN void rp_on_alarm(int s)
{
	(void)s;
	static const char m[] = "repro: a call made while another was held in its copy did not return in 2 s "
				"(blocks-callers)\nREPRO FAILED: the bug showed\n";

	if (write(1, m, sizeof(m) - 1) < 0)
		_exit(1);
	_exit(1);
}

RP_FN void rp_run_subs(void)
{
	struct sigaction sa = { .sa_handler = rp_on_alarm };
	timer_t alarm_t;
	int armed;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	armed = rp_timer_arm(&alarm_t, SIGALRM, 2000); /* to this thread, which makes them */
	for (int k = 0; k < rp_w.nsub; k++) {
		struct rp_sub *s = &rp_w.subs[k];

		if (s->proc) { /* the bytes a get of another process got: a copy */
			rp_sig_child = rp_w.sig & 2;
			s->r = rp_in_child(s->kind, "valid", 0, s->len, 0, s->id);
			rp_sig_child = 0;
			s->got = rp_map(rp_round((size_t)(s->len > 0 ? s->len : 1)), PROT_READ | PROT_WRITE);
			if (rp_last)
				memcpy(s->got, rp_last, (size_t)(s->len > 0 ? s->len : 0));
			continue;
		}
		s->got = rp_ptr(s->kind, "valid", 0, s->len, s->id);
		s->r = rp_w.sig & 2 ? rp_sys_signalled(s->kind, s->got, s->len) : rp_sys(s->kind, s->got, s->len);
	}
	if (armed)
		timer_delete(alarm_t);
	rp_w.done = 1;
}

RP_FN void *rp_window_handler(void *arg)
{
	struct uffd_msg m;

	(void)arg;
	while (read(rp_w.uffd, &m, sizeof(m)) == sizeof(m)) {
		uintptr_t a = (uintptr_t)m.arg.pagefault.address & ~(RP_PG - 1);
		struct uffdio_copy c = { .dst = a, .len = RP_PG };

		if (!rp_w.done) {
			rp_run_subs();
			if (rp_w.sig & 1) { /* the held call, still in its fault */
				struct timespec ms20 = { 0, 20000000L };

				syscall(SYS_tgkill, getpid(), rp_w.main_tid, SIGUSR1);
				nanosleep(&ms20, NULL);
			}
		}
		c.src = rp_w.put ? (uintptr_t)(rp_w.staging + (a - (uintptr_t)rp_w.region)) : (uintptr_t)rp_w.zeros;
		if (ioctl(rp_w.uffd, UFFDIO_COPY, &c)) {
			struct uffdio_range r = { .start = a, .len = RP_PG };

			ioctl(rp_w.uffd, UFFDIO_WAKE, &r);
		}
	}
	return NULL;
}

#define RP_WOFF (4096 + 123)
RP_FN long rp_window(int kind, int len, uint32_t id, struct rp_sub *subs, int nsub, int sig, unsigned char **buf)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	pthread_t t;
	long r;

	rp_w.len = rp_round(RP_WOFF + (size_t)(len > 0 ? len : 1) + RP_PG);
	rp_w.region = rp_map(rp_w.len, PROT_READ | PROT_WRITE);
	rp_w.staging = rp_map(rp_w.len, PROT_READ | PROT_WRITE);
	rp_w.zeros = rp_map(RP_PG, PROT_READ | PROT_WRITE);
	memset(rp_w.zeros, 0, RP_PG);
	rp_w.uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	reg.range.start = (uintptr_t)rp_w.region;
	reg.range.len = rp_w.len;
	if (rp_w.uffd < 0 || ioctl(rp_w.uffd, UFFDIO_API, &api) || ioctl(rp_w.uffd, UFFDIO_REGISTER, &reg)) {
		fprintf(stderr, "repro: no userfaultfd\n");
		exit(2);
	}
	rp_w.put = kind == RP_PUT;
	rp_w.subs = subs, rp_w.nsub = nsub, rp_w.done = 0, rp_w.sig = sig;
	rp_w.main_tid = (pid_t)syscall(SYS_gettid);
	if (sig) {
		struct sigaction sa = { .sa_handler = rp_on_sig };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, NULL);
	}
	if (kind == RP_PUT)
		rp_fill(rp_w.staging + RP_WOFF, len, id);
	pthread_create(&t, NULL, rp_window_handler, NULL);
	*buf = rp_w.region + RP_WOFF;
	r = rp_sys(kind, *buf, len);
	if (!rp_w.done)
		rp_run_subs(); /* the call never touched its buffer: after it */
	return r;
}

/* ---- the end: the box drained, the kernel's reports ---------------------- */
/* Write @text to debugfs file @path if it is there (a kernel without it
 * has no such fault point either). */
RP_FN void rp_debugfs(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		perror(path);
	close(fd);
}

RP_FN void rp_setup(void)
{
	int fd = open("/sys/kernel/debug/kmemleak", O_WRONLY);

	/* what kmemleak listed before this run is not ours */
	if (fd >= 0) {
		if (write(fd, "clear", 5) != 5)
			perror("repro: kmemleak clear");
		close(fd);
	}
	/* fail-nth points as the fuzzer counted them: GFP_KERNEL allocations
	 * are points too (their ignore-gfp-wait is Y by default: a point on
	 * the box's kmalloc then lands on nothing, and a reproducer of a leak
	 * on the -ENOMEM path never failed), and no stack dump for a point
	 * that fires (its lines would read as a kernel report) */
	rp_debugfs("/sys/kernel/debug/failslab/ignore-gfp-wait", "N\n");
	rp_debugfs("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N\n");
	rp_debugfs("/sys/kernel/debug/failslab/verbose", "0\n");
	rp_debugfs("/sys/kernel/debug/fail_page_alloc/verbose", "0\n");
	rp_debugfs("/sys/kernel/debug/fail_usercopy/verbose", "0\n");
	rp_kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (rp_kmsg >= 0)
		lseek(rp_kmsg, 0, SEEK_END);
}

/* The messages left, top first: ids[k], lens[k]. */
RP_FN void rp_drain(int step, const uint32_t *ids, const long *lens, int n)
{
	long len = rp_get_len;
	unsigned char *b = rp_map(rp_round((size_t)len + 1), PROT_READ | PROT_WRITE);
	char e[64], g[64];

	for (int k = 0; k <= n; k++) {
		long r = rp_sys(RP_GET, b, (int)len);

		if (r == rp_empty || r < 0) {
			if (k < n) {
				snprintf(e, sizeof(e), "message %u (%ld bytes)", ids[k], lens[k]);
				rp_bad(step, "draining the box", e, rp_err(r, g, sizeof(g)));
			}
			return;
		}
		if (k == n) {
			snprintf(g, sizeof(g), "a message of %ld bytes", r);
			rp_bad(step, "draining the box", "an empty box", g);
			while (rp_sys(RP_GET, b, (int)len) >= 0)
				;
			return;
		}
		if (r != (rp_get_zero ? 0 : lens[k])) {
			snprintf(e, sizeof(e), "message %u (%ld bytes)", ids[k], lens[k]);
			rp_bad(step, "draining the box", e, rp_err(r, g, sizeof(g)));
			continue;
		}
		rp_data(step, b, r, lens[k], ids[k]);
	}
}

RP_FN int rp_end(int step, int leak)
{
	char rec[2048];
	ssize_t k;

	while (rp_kmsg >= 0 && (k = read(rp_kmsg, rec, sizeof(rec) - 1)) != 0) {
		if (k < 0 && errno == EPIPE)
			continue;
		if (k < 0)
			break;
		rec[k] = '\0';
		char *text = strchr(rec, ';'), *nl;

		if (!text || (atoi(rec) & 7) > 4 || strstr(text, "msgbox-torture:") || strstr(text, "FAULT_INJECTION"))
			continue;
		if ((nl = strchr(++text, '\n')))
			*nl = '\0';
		rp_bad(step, "the kernel log", "no report", text);
		break;
	}
	if (leak) { /* kmemleak reports objects older than 5 s upstream (1 s in
		     * our kernels): a reproducer waits for either */
		char buf[8192];
		int fd;

		sleep(6);
		char me[32];
		int mine = 0;

		snprintf(me, sizeof(me), "pid %d,", (int)getpid());
		/* a new leak shows at the second scan; a stale copy of the
		 * pointer (a stack slot) may hide it for a while: scan again */
		for (int scan = 0; scan < 6 && !mine; scan++) {
			size_t have = 0;

			if (scan)
				sleep(1);
			fd = open("/sys/kernel/debug/kmemleak", O_WRONLY);
			if (fd >= 0) {
				if (write(fd, "scan", 4) != 4)
					perror("repro: kmemleak scan");
				close(fd);
			}
			if (!scan)
				continue;
			fd = open("/sys/kernel/debug/kmemleak", O_RDONLY);
			/* the whole list, a piece at a time (an object may straddle two) */
			while (fd >= 0 && !mine && (k = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
				have += (size_t)k;
				buf[have] = '\0';
				mine = strstr(buf, me) != NULL;
				if (have > sizeof(buf) / 2) {
					memmove(buf, buf + have - 64, 64);
					have = 64;
				}
			}
			if (fd >= 0)
				close(fd);
		}
		if (mine)
			rp_bad(step, "kmemleak", "no unreferenced object of this process", "one (see the console)");
	}
	printf("REPRO %s\n", rp_failed ? "FAILED: the bug showed" : "passed: the bug did not show");
	return rp_failed;
}
/* ---- the program -------------------------------------------------------- */
