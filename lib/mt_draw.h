/*
 * Draws shared by the stress (harness/stress_draw.c) and the in-UML fuzzer
 * (fuzz/uml/): the weighted message size and the length edges, both from
 * the seeded stream of mt_rng.h. Header-only, so every program that has
 * the stream has these too.
 */
#ifndef MT_DRAW_H
#define MT_DRAW_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "mt_rng.h"

/* Messages shorter than this carry no identity (harness/payload.h MT_HDR). */
#define MT_DRAW_ANON 16
#define MT_DRAW_PAGE 4096

/*
 * The stress's mixed sizes: 0, anonymous (1..15), small, page-crossing,
 * above 8 KiB (the page allocator), large, and max_len itself, from the
 * draw @x.
 */
static inline size_t mt_draw_mixed_size_of(uint64_t x, size_t max_len)
{
	uint64_t y = x >> 8;
	unsigned p = (unsigned)(x % 100);
	size_t n;

	if (p < 5)
		n = 0;
	else if (p < 10)
		n = 1 + y % (MT_DRAW_ANON - 1); /* anonymous */
	else if (p < 50)
		n = MT_DRAW_ANON + y % (257 - MT_DRAW_ANON);
	else if (p < 70)
		n = 257 + y % (8192 - 257 + 1); /* crosses a page (offset) */
	else if (p < 90)
		n = 8193 + y % (32768 - 8193 + 1); /* page allocator */
	else if (p < 95)
		n = 32769 + y % (max_len > 32769 ? max_len - 32769 : 1);
	else
		n = max_len;
	return n > max_len ? max_len : n;
}

/* The same, from the next draw of @r. */
static inline size_t mt_draw_mixed_size(struct mt_rng *r, size_t max_len)
{
	return mt_draw_mixed_size_of(mt_rng_next(r), max_len);
}

/*
 * The length edges of the fault catalogue (cases/faults.tsv len.*), by
 * index, for a box whose longest message is @max: the value and its name.
 */
enum {
	MT_EDGE_NEG1, MT_EDGE_INTMIN, MT_EDGE_INTMIN1, MT_EDGE_ZERO, MT_EDGE_ONE,
	MT_EDGE_MAX_1, MT_EDGE_MAX, MT_EDGE_MAX1, MT_EDGE_INTMAX, MT_EDGE_4MIB1,
	MT_EDGE_PAGE_1, MT_EDGE_PAGE, MT_EDGE_PAGE1, MT_EDGE_8K_1, MT_EDGE_8K,
	MT_EDGE_8K1, MT_EDGE_COUNT
};

static inline long mt_len_edge(int i, long max, const char **name)
{
	static const char *const names[MT_EDGE_COUNT] = {
		"-1", "INT_MIN", "INT_MIN+1", "0", "1", "max-1", "max", "max+1", "INT_MAX",
		"4MiB+1", "page-1", "page", "page+1", "8KiB-1", "8KiB", "8KiB+1",
	};
	static const long fixed[MT_EDGE_COUNT] = {
		-1, INT_MIN, (long)INT_MIN + 1, 0, 1, 0, 0, 0, INT_MAX, (4L << 20) + 1,
		MT_DRAW_PAGE - 1, MT_DRAW_PAGE, MT_DRAW_PAGE + 1, 8191, 8192, 8193,
	};

	if (i < 0 || i >= MT_EDGE_COUNT)
		i = MT_EDGE_ZERO;
	if (name)
		*name = names[i];
	if (i == MT_EDGE_MAX_1)
		return max - 1;
	if (i == MT_EDGE_MAX)
		return max;
	if (i == MT_EDGE_MAX1)
		return max + 1;
	return fixed[i];
}

/* 2^k - 1, 2^k or 2^k + 1 for k in 0..22 (up to 4 MiB + 1). */
static inline long mt_draw_pow2_edge(struct mt_rng *r)
{
	uint64_t x = mt_rng_next(r);
	long v = 1L << (x % 23);

	return v + (long)((x >> 8) % 3) - 1;
}

#endif
