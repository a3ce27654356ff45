/* Shared between the shim's own files: per-thread state. */
#ifndef MT_INTERNAL_H
#define MT_INTERNAL_H

#include "mt_shim.h"

struct mt_thread {
	int spin_held, mutex_held, preempt, pf_disabled;
	bool irq_off;
	long locks_cum, irq_mark;	/* locks taken; that count when irqs went off */
	const char *held[8];		/* names of the locks held, first 8 */
	int fail_alloc, fail_copy;	/* countdowns; 0 = off */
	struct mt_call_stats call;
};
extern _Thread_local struct mt_thread mt_self;

void mt_note_write(const void *p, size_t n);
void mt_note_irq_only(void);
void mt_note_lock(void);

#endif
