/*
 * Fault injection during stress (Documentation/fault-injection): failslab,
 * fail_page_alloc and fail_usercopy through debugfs, each with a
 * probability, times=-1 (forever), task-filter=Y so that only tasks marked
 * make-it-fail (the workers) are hit, ignore-gfp-wait=N (else GFP_KERNEL
 * allocations are skipped), verbose=0 (no trace per injection).
 */
#ifndef MT_FAULT_INJECT_H
#define MT_FAULT_INJECT_H

#define MT_DEBUGFS "/sys/kernel/debug"

struct mt_faults {
	int slab, page_alloc, usercopy; /* percent; 0: off */
};

/*
 * Configure (or, with all zero, switch off) the three; 0, or -1 with the
 * file that could not be written in @err.
 */
int mt_faults_apply(const struct mt_faults *f, char *err, unsigned errlen);
/* Mark the calling task (1) or clear it (0) as one to fail. */
int mt_faults_mark_self(int on);

#endif
