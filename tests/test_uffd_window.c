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

static int run(mt_window_fn fn)
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		alarm(10);
		_exit(child(fn));
	}
	assert_true(p > 0);
	assert_int_equal(waitpid(p, &st, 0), p);
	if (WIFSIGNALED(st))
		fail_msg("the window deadlocked or crashed (signal %d)", WTERMSIG(st));
	return WEXITSTATUS(st);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_window_per_armed_call),
		cmocka_unit_test(a_window_touching_the_region_does_not_hang),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
