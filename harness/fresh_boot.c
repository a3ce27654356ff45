/* When a case needs a fresh boot after it (see fresh_boot.h). */
#include "fresh_boot.h"

enum mt_fresh mt_fresh_boot(const struct mt_case_watch *w)
{
	if (w->lockdep0 != 1 || w->lockdep1 != 0)
		return MT_FRESH_NO;
	/* lockdep's own report, with no taint: as before, always a fresh boot
	 * (one report a boot is all lockdep gives) */
	if (w->taint1 == w->taint0)
		return MT_FRESH_LOCKDEP;
	/* a tainting report: a fresh boot, unless this case was the first of
	 * a fresh boot already (the file does it case after case) or the run
	 * has booted often enough */
	if (w->first_of_boot && w->boot > 1)
		return MT_FRESH_BLIND;
	if (w->boot >= MT_FRESH_BOOT_BUDGET)
		return MT_FRESH_BLIND;
	return MT_FRESH_TAINT;
}
