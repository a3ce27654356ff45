/* The threaded driver: N threads put and get at once; afterwards the box is
 * drained and every message that a put acknowledged must have come back
 * exactly once, intact. Built with -fsanitize=thread so that an unlocked
 * access to the box is reported as a data race; also built plain for
 * valgrind. local_irq_save() in the shim stops no other thread (on SMP it
 * stops no other CPU): code that relies on it alone is reported as not safe
 * on SMP or preemptible kernels.
 * A run that makes no progress for -w seconds (a livelock on a corrupted
 * list, a deadlock) is a finding too.
 *   threads [-t THREADS] [-n OPS] [-s SEED] [-w SECONDS]   */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../shim/mt_shim.h"
#include "entry.h"

#define MAX_THREADS 16
#define MAX_OPS 200000
#define MSG_MAX 200

static int nthreads = 4, nops = 20000;
static unsigned seed = 1;
static _Atomic unsigned char *got[MAX_THREADS];	/* times message (t, seq) came back */
static unsigned char *put_ok[MAX_THREADS];	/* put (t, seq) returned 0 */
static _Atomic long corrupted, unexpected;
static long empty_answer;

static void watchdog(int sig)
{
	static const char msg[] = "FINDING: the threaded run stopped making progress (a deadlock, "
				  "or a livelock on a corrupted box)\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static void finding(const char *msg)
{
	fprintf(stderr, "FINDING: %s (threaded driver, %d threads)\n", msg, nthreads);
	fflush(stderr);
	abort();
}

static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Message (t, seq): its first 8 bytes say who, the rest follow from them. */
static void fill(char *p, int len, unsigned t, unsigned seq)
{
	uint64_t tag = (uint64_t)(t + 1) << 32 | seq;

	memcpy(p, &tag, 8);
	for (int i = 8; i < len; i++)
		p[i] = (char)(tag * 31 + (unsigned)i);
}

static void check(const char *p, long len)
{
	uint64_t tag;
	unsigned t, seq;

	if (len < 8) {
		atomic_fetch_add(&corrupted, 1);
		return;
	}
	memcpy(&tag, p, 8);
	t = (unsigned)(tag >> 32) - 1;
	seq = (unsigned)tag;
	if (t >= (unsigned)nthreads || seq >= (unsigned)nops) {
		atomic_fetch_add(&corrupted, 1);
		return;
	}
	for (long i = 8; i < len; i++)
		if (p[i] != (char)(tag * 31 + (unsigned)i)) {
			atomic_fetch_add(&corrupted, 1);
			return;
		}
	atomic_fetch_add(&got[t][seq], 1);
}

static void say_irq_only(void)
{
	printf("threads: FINDING: %ld sections protected only by local_irq_save/disable: not "
	       "safe on SMP or preemptible kernels\n", mt_irq_only_sections());
	fflush(stdout);
}

static void call_done(const char *what, long r)
{
	static _Atomic int said;
	const char *why = mt_call_end();
	char msg[200];

	/* now, not at the end: ThreadSanitizer may stop the run at its race */
	if (mt_irq_only_sections() && !atomic_exchange(&said, 1))
		say_irq_only();

	if (why) {
		snprintf(msg, sizeof(msg), "%s = %ld %s", what, r, why);
		finding(msg);
	}
}

static void *worker(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg, s = seed * 7919u + t;
	char *pbuf = mt_user_base() + t * 2 * MT_USER_PAGE, *gbuf = pbuf + MT_USER_PAGE;

	for (int i = 0; i < nops; i++) {
		long r;

		if (next_rand(&s) & 1) {
			int len = 8 + (int)(next_rand(&s) % (MSG_MAX - 8));

			fill(pbuf, len, t, (unsigned)i);
			mt_call_begin();
			r = mt_put(pbuf, len);
			call_done("put", r);
			if (r == 0)
				put_ok[t][i] = 1;
			else if (r > 0)
				atomic_fetch_add(&unexpected, 1);
		} else {
			mt_call_begin();
			r = mt_get(gbuf, MSG_MAX);
			call_done("get", r);
			if (r >= 0)
				check(gbuf, r);
			else if (r != empty_answer)
				atomic_fetch_add(&unexpected, 1);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[MAX_THREADS];
	long lost = 0, dup = 0, acked = 0, base_live;
	const char *why;
	int c, wait_secs = 60;

	while ((c = getopt(argc, argv, "t:n:s:w:")) != -1) {
		if (c == 't')
			nthreads = atoi(optarg);
		else if (c == 'n')
			nops = atoi(optarg);
		else if (c == 's')
			seed = (unsigned)strtoul(optarg, NULL, 0);
		else if (c == 'w')
			wait_secs = atoi(optarg);
		else {
			fprintf(stderr, "usage: %s [-t THREADS] [-n OPS] [-s SEED] [-w SECONDS]\n", argv[0]);
			return 2;
		}
	}
	if (nthreads < 1 || nthreads > MAX_THREADS || nops < 1 || nops > MAX_OPS) {
		fprintf(stderr, "threads: -t 1..%d, -n 1..%d\n", MAX_THREADS, MAX_OPS);
		return 2;
	}
	if ((why = mt_entry_check())) {
		fprintf(stderr, "threads: %s\n", why);
		return 2;
	}
	mt_set_finding_handler(finding);
	mt_user_init();
	for (unsigned i = 0; i < 2 * (unsigned)nthreads + 1; i++)
		mt_user_set_page(i, MT_PG_RW);
	for (int t = 0; t < nthreads; t++) {
		got[t] = calloc((size_t)nops, 1);
		put_ok[t] = calloc((size_t)nops, 1);
	}
	mt_call_begin();
	mt_run_initcalls();
	call_done("initcalls", 0);
	mt_call_begin();
	empty_answer = mt_get(mt_user_base() + 2 * nthreads * MT_USER_PAGE, MSG_MAX);
	call_done("get on the empty box", empty_answer);
	base_live = mt_live_objects();

	signal(SIGALRM, watchdog);
	alarm((unsigned)wait_secs);
	for (int t = 0; t < nthreads; t++)
		pthread_create(&th[t], NULL, worker, (void *)(uintptr_t)t);
	for (int t = 0; t < nthreads; t++)
		pthread_join(th[t], NULL);

	/* drain, alone */
	char *buf = mt_user_base() + 2 * nthreads * MT_USER_PAGE;
	for (long r;;) {
		mt_call_begin();
		r = mt_get(buf, MSG_MAX);
		call_done("drain get", r);
		if (r < 0)
			break;
		check(buf, r);
	}
	for (int t = 0; t < nthreads; t++)
		for (int i = 0; i < nops; i++) {
			acked += put_ok[t][i];
			if (put_ok[t][i] && !got[t][i])
				lost++;
			if (got[t][i] > 1 || (got[t][i] && !put_ok[t][i]))
				dup++;
		}
	printf("threads: %s, %d threads x %d ops, %ld messages put, %ld lost, %ld duplicated, "
	       "%ld corrupted, %ld unexpected results, %ld live allocations after the drain\n",
	       mt_entry_names(), nthreads, nops, acked, lost, dup, (long)corrupted,
	       (long)unexpected, mt_live_objects() - base_live);
	int bad = lost || dup || corrupted || unexpected || mt_live_objects() != base_live;
	if (bad)
		printf("threads: FINDING: the box is not safe under concurrent calls\n");
	if (mt_irq_only_sections()) {
		say_irq_only();
		bad = 1;
	}
	for (int t = 0; t < nthreads; t++) {
		free((void *)got[t]);
		free(put_ok[t]);
	}
	return bad;
}
