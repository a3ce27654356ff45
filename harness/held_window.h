/*
 * The window of the held kinds (case_held.c, case_stall.c): while one call
 * is held in its page fault by userfaultfd, another call (the window's) is
 * made in a thread of its own. SPEC.md (Concurrency): no call may block
 * without bound while holding a lock that others need, and a page fault
 * held by userfaultfd (or slow storage, or a debugger) is without bound;
 * so a window call that waits the whole hold is waiting for a lock the
 * held call keeps across its user copy: blocks-callers.
 *
 * A window that may be signalled (the stall kind) is sent SIGUSR1 (a
 * handler, no SA_RESTART) when it has waited the whole hold: an
 * interruptible wait must then end the call with an error that changes
 * nothing (-EINTR), or the call goes on correctly; a wait whose -EINTR is
 * ignored lets it in beside the held call.
 */
#ifndef MT_HELD_WINDOW_H
#define MT_HELD_WINDOW_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "pointers.h"

#define MT_HOLD_MS 2000    /* the window call's time to return during the hold */
#define MT_SIGNAL_MS 1000  /* ... and after a signal, still during the hold */
#define MT_RETURN_MS 10000 /* ... and after the held call ended */

struct held_window {
	int idx;            /* the case's, for the progress file */
	const char *name;
	bool put;
	long len;
	struct mt_ptr buf;
	uint32_t writer, seq;
	bool may_signal;
	pthread_t thread;
	int started, done;  /* atomics: set by the threads */
	bool waited;        /* it had not returned when the hold's time was up */
	bool signalled;     /* ... and was sent SIGUSR1 then */
	bool during;        /* it returned while the held call was held */
	long ret;
};

/* Set up @w's buffer (a put's holds message @seq of writer @idx; a get's
 * is poisoned): 0, or non-zero with *why saying what could not be made. */
int mt_window_prepare(struct held_window *w, const char **why);
/* The vanishing or stalling buffer's on_fault callback: start the call,
 * give it its time (and a signal, where it may have one). */
void mt_window_open(void *arg);
/* Wait up to @ms for the window's call to return: whether it did. */
bool mt_window_wait(struct held_window *w, int ms);
/* "while the held call waited", "after a signal during the hold", ... */
const char *mt_window_when(const struct held_window *w);
struct ctx;
/*
 * Make the case's call (a put or get of @len bytes from @held, a vanishing
 * or stalling buffer; @word names it: "held", "stalled") with @w as its
 * window; *ret is what it returned. 0 when the window opened and its call
 * returned (then the blocks-callers finding is recorded if it waited the
 * whole hold); otherwise the case's skip or failure is recorded, -1.
 */
int mt_held_call(struct ctx *x, struct held_window *w, bool held_put, const struct mt_ptr *held, long len,
		 const char *word, long *ret);

#endif
