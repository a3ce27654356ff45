/*
 * history_gen.h - histories for the stack checker's tests and benchmark
 * (tests/test_stack_check.c, tests/bench_stack_check.c): a deterministic
 * PRNG, a growing history (ops and the drained messages), and histories of
 * a simulated linearizable stack of any size.
 */
#ifndef MT_HISTORY_GEN_H
#define MT_HISTORY_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "history.h"

/* deterministic PRNG (xorshift64*): a seed names a history exactly */
struct rng {
	uint64_t s;
};

uint64_t rnd(struct rng *r);
/* a draw in [0, n); 0 when n is 0 */
uint32_t rndn(struct rng *r, uint32_t n);

/* a history being built; aborts when out of memory */
struct hb {
	struct mt_op *ops;
	size_t n, cap;
	uint64_t *dr;
	size_t nd, dcap;
};

/* Append one op (worker n % 7, seq n); returns its index. */
size_t hb_op(struct hb *b, uint8_t kind, uint64_t value, uint64_t inv, uint64_t res);
/* Append a message the final drain returned (top of the box first). */
void hb_drain(struct hb *b, uint64_t v);
struct mt_history hb_hist(const struct hb *b);
void hb_free(struct hb *b);

struct hb_params {
	size_t n;
	unsigned workers;
	uint32_t spread;      /* max ticks an op reaches from its instant */
	uint32_t unknown_1in; /* 0: never; else 1 in N calls never returns */
	uint32_t anon_1in;    /* 0: never; else 1 in N puts is anonymous */
};

/*
 * A history of a simulated linearizable stack, written into the empty @b
 * (its partner indexes are its op indexes): workers run
 * one call at a time; call k takes effect at instant t_k (strictly
 * increasing) and spans it with random slack, sometimes long (a preempted
 * caller). Values are worker << 32 | seq as in the harness. @partner (NULL,
 * or room for p->n entries) gets each put's get and each get's put (op
 * indexes), UINT32_MAX where there is none.
 */
void hb_linearizable(struct hb *b, uint32_t *partner, const struct hb_params *p, uint64_t seed);

#endif
