/* TSC calibration (see tsc.h). */
#define _GNU_SOURCE
#include "tsc.h"

#include <time.h>

uint64_t mt_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double mt_tsc_rate(uint64_t tsc0, uint64_t ns0, uint64_t tsc1, uint64_t ns1)
{
	if (ns1 <= ns0 || tsc1 <= tsc0)
		return 0;
	return (double)(tsc1 - tsc0) / (double)(ns1 - ns0);
}

/*
 * Each end is a pair read back to back; the clock read costs ~16 us in UML,
 * so the pair is taken as (tsc before + tsc after) / 2 around the clock.
 */
static void pair(uint64_t *tsc, uint64_t *ns)
{
	uint64_t a = mt_tsc_now();

	*ns = mt_mono_ns();
	*tsc = a + (mt_tsc_now() - a) / 2;
}

int mt_tsc_calibrate(struct mt_tsc_cal *cal, unsigned ms)
{
	uint64_t t0, n0, t1, n1;
	struct timespec d = { ms / 1000, (long)(ms % 1000) * 1000000L };

	pair(&t0, &n0);
	nanosleep(&d, NULL);
	pair(&t1, &n1);
	cal->ticks_per_ns = mt_tsc_rate(t0, n0, t1, n1);
	return cal->ticks_per_ns > 0 ? 0 : -1;
}

double mt_tsc_ns(const struct mt_tsc_cal *cal, uint64_t ticks)
{
	return cal->ticks_per_ns > 0 ? (double)ticks / cal->ticks_per_ns : 0;
}
