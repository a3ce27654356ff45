/*
 * Systematic fault injection through /proc/thread-self/fail-nth, and the
 * kernel's own account of each injected point (its verbose stack trace,
 * read back from /dev/kmsg) to tell where the point was.
 *
 * Protocol (DESIGN.md "Fault injection"): open both files in the case's own
 * child, arm right before the call, then pread and write "0", and only then
 * log: any syscall between arming and the call would eat the count.
 */
#ifndef MT_FAIL_NTH_H
#define MT_FAIL_NTH_H

#include <stdbool.h>

struct mt_failnth {
	int nth_fd, kmsg_fd;
};

/*
 * failslab and fail_page_alloc stay silent for __GFP_NOWARN allocations
 * (which SPEC.md demands, and kmemleak's own use): such a point leaves no
 * trace, and only the call's result tells whether it was the call's.
 */
enum mt_point_kind { MT_PT_SLAB, MT_PT_PAGE, MT_PT_USERCOPY, MT_PT_SILENT, MT_PT_KINDS };

struct mt_point {
	enum mt_point_kind kind;
	bool in_call;      /* not used up by the arming write() or the pread() ... */
	bool in_debug;     /* ... but inside kmemleak or lockdep: not the call's own */
	char via[64];      /* the debug facility, when in_debug */
};

/*
 * Make failslab and fail_page_alloc see GFP_KERNEL allocations (their
 * ignore-gfp-wait defaults to Y). 0, or -1 when the kernel has no fault
 * injection (then *why says so).
 */
int mt_fault_setup(const char **why);
int mt_failnth_open(struct mt_failnth *f);
void mt_failnth_close(struct mt_failnth *f);
/* Remember where the kernel log is, then fail the nth point from now. */
int mt_failnth_arm(struct mt_failnth *f, int n);
/* Disarm; returns the count left (> 0: the call made fewer than n points). */
int mt_failnth_disarm(struct mt_failnth *f);
/* What the kernel said about the point it failed since mt_failnth_arm(). */
void mt_failnth_point(struct mt_failnth *f, struct mt_point *pt);
const char *mt_point_kind_name(enum mt_point_kind k);

#endif
