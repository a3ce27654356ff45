/*
 * Unit tests of harness/uffd_window.c on the host's userfaultfd: a held
 * read opens one window per armed call and sees the staged bytes; a window
 * whose own calls touch the region (an implementation that reads a pointer
 * another call stored: tests/impls/stored-pointer) must not hang the
 * handler - the fault is resolved at once and counted as stray. Each
 * scenario runs in a child with an alarm, so a deadlock fails the test
 * instead of hanging it. Root can always use userfaultfd; another user
 * may not (vm.unprivileged_userfaultfd=0): then the test says it skipped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "uffd_window.h"

static struct mt_uffd *u;
static int windows_run;
static volatile unsigned char seen_in_window;

static void plain_window(void *arg)
{
	(void)arg;
	windows_run++;
}

/* The window reads the held call's own region, as a nested get of a
 * stored-pointer implementation does. */
static void touching_window(void *arg)
{
	volatile unsigned char *r = mt_uffd_region(u);

	(void)arg;
	windows_run++;
	seen_in_window = r[2 * 4096 + 1]; /* another page of the region, not yet present */
}

static int child(mt_window_fn fn)
{
	u = mt_uffd_open(4 * 4096, fn, NULL);
	if (!u)
		return errno == EPERM || errno == ENOSYS ? 77 : 2;
	for (int i = 0; i < 3; i++) {
		volatile unsigned char *r = mt_uffd_region(u);

		memset(mt_uffd_staging(u), 'a' + i, 4 * 4096);
		if (mt_uffd_arm(u, 0, 3 * 4096, 1))
			return 3;
		if (r[5] != 'a' + i)
			return 4; /* the held read must see the staged bytes */
	}
	if (mt_uffd_windows(u) != 3 || windows_run != 3)
		return 5;
	if (fn == touching_window && (mt_uffd_stray(u) < 3 || seen_in_window != 'c'))
		return 6;
	return 0;
}

/* A slow window: the worker must not go on before it is over. */
static int slow_started, slow_finished;

static void slow_window(void *arg)
{
	struct timespec t = { 0, 300 * 1000000 };

	(void)arg;
	__atomic_store_n(&slow_started, 1, __ATOMIC_SEQ_CST);
	nanosleep(&t, NULL);
	__atomic_store_n(&slow_finished, 1, __ATOMIC_SEQ_CST);
}

static void *toucher(void *arg)
{
	volatile unsigned char *r = arg;

	return (void *)(uintptr_t)r[5]; /* held until the window is over */
}

/*
 * mt_uffd_done waits for an open window (a call may return while its
 * window runs: a signal ends its wait in the fault), and a call that
 * returned before its fault was read gets no window at all.
 */
static int child_done(void)
{
	struct timespec tick = { 0, 1000000 };
	pthread_t t;
	void *got;

	u = mt_uffd_open(4 * 4096, slow_window, NULL);
	if (!u)
		return errno == EPERM || errno == ENOSYS ? 77 : 2;
	memset(mt_uffd_staging(u), 'x', 4 * 4096);
	if (mt_uffd_arm(u, 0, 4096, 1) || pthread_create(&t, NULL, toucher, mt_uffd_region(u)))
		return 3;
	while (!__atomic_load_n(&slow_started, __ATOMIC_SEQ_CST))
		nanosleep(&tick, NULL);
	mt_uffd_done(u); /* as if the held call had returned now */
	if (!__atomic_load_n(&slow_finished, __ATOMIC_SEQ_CST))
		return 4; /* the next call would have run beside the window */
	if (pthread_join(t, &got) || (uintptr_t)got != 'x')
		return 5;
	__atomic_store_n(&slow_started, 0, __ATOMIC_SEQ_CST);
	if (mt_uffd_arm(u, 0, 4096, 1))
		return 6;
	mt_uffd_done(u); /* returned without touching its buffer */
	if (mt_uffd_region(u)[5] != 'x' || __atomic_load_n(&slow_started, __ATOMIC_SEQ_CST) || mt_uffd_windows(u) != 1)
		return 7; /* a late touch opened a window for a call that is over */
	return 0;
}

static int run_child(int (*fn)(mt_window_fn), mt_window_fn arg)
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		alarm(10);
		_exit(fn(arg));
	}
	assert_true(p > 0);
	assert_int_equal(waitpid(p, &st, 0), p);
	if (WIFSIGNALED(st))
		fail_msg("the window deadlocked or crashed (signal %d)", WTERMSIG(st));
	return WEXITSTATUS(st);
}

static int run(mt_window_fn fn)
{
	return run_child(child, fn);
}

static int done_child(mt_window_fn unused)
{
	(void)unused;
	return child_done();
}

/* valgrind does not know the userfaultfd syscall (ENOSYS): make memcheck
 * runs the plain build of this test too, which must not skip as root. */
static bool under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "vgpreload");
}

static void skip_if_no_userfaultfd(int rc)
{
	if (rc == 77 && (geteuid() != 0 || under_valgrind())) {
		fprintf(stderr, "test_uffd_window: SKIPPED: no userfaultfd here (%s)\n",
			under_valgrind() ? "valgrind does not emulate it; the plain make unit run tests it"
					 : "vm.unprivileged_userfaultfd=0 for this user");
		skip();
	}
}

static void one_window_per_armed_call(void **state)
{
	int rc = run(plain_window);

	(void)state;
	skip_if_no_userfaultfd(rc);
	assert_int_equal(rc, 0);
}

static void a_window_touching_the_region_does_not_hang(void **state)
{
	int rc = run(touching_window);

	(void)state;
	skip_if_no_userfaultfd(rc);
	assert_int_equal(rc, 0);
}

static void done_waits_for_the_window_and_closes_late_ones(void **state)
{
	int rc = run_child(done_child, NULL);

	(void)state;
	skip_if_no_userfaultfd(rc);
	assert_int_equal(rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_window_per_armed_call),
		cmocka_unit_test(a_window_touching_the_region_does_not_hang),
		cmocka_unit_test(done_waits_for_the_window_and_closes_late_ones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
