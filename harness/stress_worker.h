/*
 * One stress worker: a process issuing a seeded mix of put and get, each
 * call logged in its lane (stress_history.h). With a userfaultfd share, a
 * handler thread holds some calls inside copy_*_user and runs other calls
 * (logged in a second lane) before letting them go on (uffd_window.h).
 */
#ifndef MT_STRESS_WORKER_H
#define MT_STRESS_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "scenario_table.h"
#include "stress_history.h"
#include "mt_rng.h"

/* One call as drawn from the scenario: what to do, before doing it. */
struct mt_draw {
	int put;      /* 1 put, 0 get                                */
	size_t len;   /* put: message length; get: buffer length     */
	size_t off;   /* offset of the buffer in its page (< 4096)   */
	int uffd;     /* hold this call in a userfaultfd window       */
};

void mt_draw_call(struct mt_rng *r, const struct mt_scenario *sc, size_t max_len, struct mt_draw *d);
size_t mt_draw_size(struct mt_rng *r, const struct mt_scenario *sc, size_t max_len);

struct mt_worker {
	const struct mt_scenario *sc;
	int index;            /* 0..workers-1                          */
	long ops;             /* calls this worker makes               */
	size_t max_len;
	struct mt_lane *lane; /* its log                               */
	struct mt_lane *hlane; /* its handler's log (uffd), or NULL    */
	int raw;              /* 1: no log, no payloads (the baseline) */
	int mark_fail;        /* 1: make-it-fail (fault injection)     */
	int go_fd;            /* read end of the start pipe            */
	int round;            /* a plain run comes in rounds: streams  */
};

/* One logged get into @buf (the parent's drains between rounds use it). */
long mt_logged_get(struct mt_lane *l, unsigned char *buf, size_t cap, size_t off, unsigned flags);

/* The worker process's body; never returns. */
void mt_worker_main(struct mt_worker *w) __attribute__((noreturn));

#endif
