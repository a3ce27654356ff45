/*
 * The seeded random stream shared by the stress (harness/stress_*.c) and
 * the in-UML fuzzer (fuzz/uml/): splitmix64, so that a seed and a stream
 * number name every draw exactly and a run replays from them.
 */
#ifndef MT_RNG_H
#define MT_RNG_H

#include <stdint.h>

struct mt_rng {
	uint64_t s;
};

static inline uint64_t mt_rng_next(struct mt_rng *r)
{
	/* splitmix64: every seed, 0 included, gives a full-period stream */
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline void mt_rng_seed(struct mt_rng *r, uint64_t seed, uint64_t stream)
{
	r->s = seed ^ (stream * UINT64_C(0xd1b54a32d192ed03));
	mt_rng_next(r);
}

/* A draw in [0, n) (n > 0). */
static inline uint64_t mt_rng_below(struct mt_rng *r, uint64_t n)
{
	return mt_rng_next(r) % n;
}

/* True with probability pct/100. */
static inline int mt_rng_pct(struct mt_rng *r, unsigned pct)
{
	return mt_rng_next(r) % 100 < pct;
}

#endif
