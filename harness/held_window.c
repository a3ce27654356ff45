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

/* The window's call waited the whole hold: the blocks-callers finding. */
static void held_blocked(struct ctx *x, const struct held_window *w, bool held_put)
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

int mt_held_call(struct ctx *x, struct held_window *w, bool held_put, const struct mt_ptr *held, long len,
		 const char *word, long *ret)
{
	const char *call = held_put ? "put" : "get";
	char e[32];

	mt_ptr_vanish_on_fault(mt_window_open, w);
	x->put = held_put;
	mt_set_call(x, call, held->what, len);
	mt_box_read(&x->before);
	*ret = held_put ? mt_put(held->p, (int)len) : mt_get(held->p, (int)len);
	mt_called(x, held_put, *ret);
	if (!mt_ptr_vanish_faulted()) {
		snprintf(x->r->detail, sizeof(x->r->detail),
			 "the %s %s returned %s without touching its buffer: no window opened, nothing judged", word, call,
			 mt_ename(*ret, e));
		x->r->status = MT_SKIP;
		return -1;
	}
	if (!__atomic_load_n(&w->started, __ATOMIC_ACQUIRE)) {
		mt_result_fail(x->r, MT_OR_HARNESS, MT_BUG_HARNESS, "a window thread", "none",
			       "cannot start the window's call");
		return -1;
	}
	if (!mt_window_wait(w, MT_RETURN_MS)) {
		mt_fail(x, MT_OR_PROGRESS, MT_BUG_BLOCKS_CALLERS, "the window's call returns", "still waiting",
			"a %s made while the %s was %s had not returned %d s after the %s call ended%s",
			w->put ? "put" : "get", call, word, MT_RETURN_MS / 1000, word,
			w->signalled ? " and a signal" : "");
		return -1;
	}
	pthread_join(w->thread, NULL);
	if (w->waited)
		held_blocked(x, w, held_put);
	return 0;
}
