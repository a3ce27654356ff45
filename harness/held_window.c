/*
 * The held kinds' window call, in a thread of its own (held_window.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "case_ctx.h"
#include "case_runner.h"
#include "held_window.h"
#include "mt_sys.h"
#include "payload.h"

static void *window_call(void *arg)
{
	struct held_window *w = arg;

	mt_progress_thread(w->idx, w->name); /* kmemleak names it by its id */
	w->ret = w->put ? mt_put(w->buf.p, (int)w->len) : mt_get(w->buf.p, (int)w->len);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig; /* only to interrupt the window's wait */
}

int mt_window_prepare(struct held_window *w, const char **why)
{
	if (mt_ptr_make("valid", mt_buffer_len(w->len), &w->buf, why))
		return -1;
	if (w->put)
		mt_payload_fill(w->buf.p, w->buf.len, w->writer, w->seq);
	else
		mt_ptr_poison(&w->buf);
	if (w->may_signal) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal; /* no SA_RESTART: the call sees -EINTR */
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGUSR1, &sa, NULL)) {
			*why = "cannot install a SIGUSR1 handler";
			return -1;
		}
	}
	return 0;
}

bool mt_window_wait(struct held_window *w, int ms)
{
	struct timespec tick = { 0, 1000000 };

	for (int i = 0; i < ms && !__atomic_load_n(&w->done, __ATOMIC_ACQUIRE); i++)
		nanosleep(&tick, NULL);
	return __atomic_load_n(&w->done, __ATOMIC_ACQUIRE);
}

/* In the userfaultfd handler, while the held call waits in its fault. */
void mt_window_open(void *arg)
{
	struct held_window *w = arg;

	if (pthread_create(&w->thread, NULL, window_call, w))
		return;
	__atomic_store_n(&w->started, 1, __ATOMIC_RELEASE);
	w->during = mt_window_wait(w, MT_HOLD_MS);
	w->waited = !w->during;
	if (w->waited && w->may_signal) {
		w->signalled = !pthread_kill(w->thread, SIGUSR1);
		w->during = mt_window_wait(w, MT_SIGNAL_MS);
	}
}

const char *mt_window_when(const struct held_window *w)
{
	if (!w->waited)
		return "while the held call waited";
	if (w->signalled)
		return w->during ? "after a signal, while the held call waited" : "after a signal and the held call's end";
	return "after the held call ended";
}

void mt_held_blocked(struct ctx *x, const struct held_window *w, bool held_put)
{
	char got[96];

	snprintf(got, sizeof(got), "it waited %d s, until the held call %s", MT_HOLD_MS / 1000,
		 w->signalled ? "ended or a signal came" : "ended");
	mt_fail(x, MT_OR_PROGRESS, MT_BUG_BLOCKS_CALLERS, "it returns while the held call waits", got,
		"a %s made while a %s waited in its page fault could not finish: a lock is held across the user copy, "
		"so one caller's page fault (userfaultfd here; slow storage, a debugger) blocks every caller "
		"without bound",
		w->put ? "put" : "get", held_put ? "put" : "get");
}
