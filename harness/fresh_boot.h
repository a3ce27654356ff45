/*
 * Once-per-boot detectors: when a case needs a fresh boot after it, so
 * that the next case's bug of the same kind is still seen and tied to it
 * (fresh_boot.c). Pure: the runner (case_runner.c) measures, this decides.
 *
 * What speaks only once a boot, on our kernels (kernel-patch/config/):
 *  - lockdep: its first report turns it off (debug_locks_off()), and so
 *    does any report that taints with LOCKDEP_NOW_UNRELIABLE: KASAN
 *    (mm/kasan/report.c end_report()), SLUB's checks (mm/slub.c
 *    slab_bug()), "Bad page state". WARN() taints with LOCKDEP_STILL_OK.
 *  - the taint oracle: each bit is sticky, so after a case set B (or W),
 *    a later case's B report leaves the mask unchanged.
 *  - KASAN is not: run-suite.sh boots with kasan_multi_shot, and the
 *    console oracle ties each report to its case. Nor our interrupts-off
 *    WARN (a WARN with a counter, every time), nor kmemleak (a scan lists
 *    every object it has not listed before; "clear" after each scan).
 *  - WARN_ON_ONCE() sites, e.g. the page allocator's order >= MAX_ORDER
 *    WARN in __alloc_pages() (a kmalloc of a huge length without
 *    __GFP_NOWARN): once a boot. The first such case gets the report and
 *    the class (no-length-bound); a later case's huge allocation fails
 *    silently with -ENOMEM, which the strict profile still fails (not
 *    -EMSGSIZE) and the lenient one passes. Not rebooted for: which
 *    later cases would allocate that much is not known here.
 *  - "sleeping function called from invalid context" (6.12,
 *    __might_resched()): at most one report a second, for the whole
 *    kernel (prev_jiffy + HZ), so a second case less than a second after
 *    the first one's report is silent. Not handled: spacing every case a
 *    second apart after a W taint would cost a second a case.
 *
 * So the one detector a later case can lose is lockdep; the runner asks
 * for a fresh boot when lockdep turned off during a case. A file that
 * turns it off in every case (a KASAN report in every get:
 * tests/impls/enoent-cap128) must not boot once a case: when the first
 * case of a resumed boot turns lockdep off again (one retry: boot 1's
 * first case reboots, boot 2's does not), or from boot
 * MT_FRESH_BOOT_BUDGET on, the boot goes on without lockdep, and every
 * later case of it says so in its detail ("lockdep off since case X").
 * Lockdep's own report without a taint reboots always, as before.
 */
#ifndef MT_FRESH_BOOT_H
#define MT_FRESH_BOOT_H
#include <stdbool.h>

/* at most this many boots in a run before lockdep blindness is accepted */
#define MT_FRESH_BOOT_BUDGET 12

struct mt_case_watch {
	int lockdep0, lockdep1; /* debug_locks before and after: 1, 0, -1 (no lockdep) */
	long taint0, taint1;    /* /proc/sys/kernel/tainted before and after */
	bool first_of_boot;     /* the first case this boot ran */
	int boot;               /* this boot's number in the run (1, 2, ...; MT_BOOT) */
};

enum mt_fresh {
	MT_FRESH_NO,         /* lockdep still on, or it was off already */
	MT_FRESH_LOCKDEP,    /* lockdep's own report turned it off: reboot */
	MT_FRESH_TAINT,      /* a tainting report (KASAN, SLUB, ...) turned it off: reboot */
	MT_FRESH_BLIND,      /* it turned off, but rebooting would not help (first
	                      * case of a fresh boot, or the budget is spent): go on
	                      * without lockdep and say so */
};

enum mt_fresh mt_fresh_boot(const struct mt_case_watch *w);
#endif
