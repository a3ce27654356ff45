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

/* Would mt_might_sleep() report now? (lets a caller build its text only then) */
static inline bool mt_atomic_context(void)
{
	return mt_self.spin_held || mt_self.irq_off || mt_self.preempt;
}

/* Every block of the shim's allocator starts with this (mem.c). */
struct mt_hdr {
	size_t n;
	unsigned magic;
	unsigned pad;
};

/* Built with ASan? */
#if defined(__SANITIZE_ADDRESS__)
#define MT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MT_ASAN 1
#endif
#endif
#ifndef MT_ASAN
#define MT_ASAN 0
#endif
/* Big blocks (bigblock.c): only where ASan is the checker (valgrind and
 * TSan see the blocks of malloc). */
#define MT_BIG_BLOCKS MT_ASAN
#define MT_BIG_MIN (128UL << 10)	/* ASan's own mmap threshold */
#define MT_BIG_MAX (8UL << 20)
struct mt_hdr *mt_big_alloc(size_t n, bool zero);	/* NULL: use malloc */
void mt_big_free(struct mt_hdr *h);
bool mt_big_freed(const void *p);
bool mt_big_zero(void *p, size_t n);			/* false: memset it */

void mt_note_write(const void *p, size_t n);
void mt_note_irq_only(void);
void mt_note_lock(void);

#endif
