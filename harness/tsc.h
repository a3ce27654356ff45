/*
 * Time stamps for the stress history: the TSC, read in user space (12 ns
 * in UML, where clock_gettime is a 16 us trap), calibrated once against
 * CLOCK_MONOTONIC to turn tick differences into nanoseconds.
 */
#ifndef MT_TSC_H
#define MT_TSC_H

#include <stdint.h>

struct mt_tsc_cal {
	double ticks_per_ns; /* > 0 once calibrated */
};

static inline uint64_t mt_tsc_now(void)
{
	uint32_t lo, hi;

	/* lfence: the stamp is not taken before earlier loads have finished */
	__asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Ticks per ns from two (tsc, monotonic ns) pairs; 0 when the pairs cannot
 * give a rate (no time passed, or a clock went backwards).
 */
double mt_tsc_rate(uint64_t tsc0, uint64_t ns0, uint64_t tsc1, uint64_t ns1);
/* Calibrate over about @ms milliseconds; 0, or -1 if no rate came out. */
int mt_tsc_calibrate(struct mt_tsc_cal *cal, unsigned ms);
/* Tick difference -> ns (0 when uncalibrated). */
double mt_tsc_ns(const struct mt_tsc_cal *cal, uint64_t ticks);
/* CLOCK_MONOTONIC in ns. */
uint64_t mt_mono_ns(void);

#endif
