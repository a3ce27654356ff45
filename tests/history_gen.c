/* Histories for the stack checker's tests and benchmark (history_gen.h). */
#include "history_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * UINT64_C(2685821657736338717);
}

uint32_t rndn(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static void *grow(void *p, size_t *cap, size_t size)
{
	*cap = *cap ? 2 * *cap : 16;
	p = realloc(p, *cap * size);
	if (!p) {
		perror("history_gen");
		abort();
	}
	return p;
}

size_t hb_op(struct hb *b, uint8_t kind, uint64_t value, uint64_t inv, uint64_t res)
{
	if (b->n == b->cap)
		b->ops = grow(b->ops, &b->cap, sizeof(*b->ops));
	b->ops[b->n] = (struct mt_op){ .inv = inv, .res = res, .value = value,
				       .kind = kind, .worker = (uint16_t)(b->n % 7),
				       .seq = (uint32_t)b->n };
	return b->n++;
}

void hb_drain(struct hb *b, uint64_t v)
{
	if (b->nd == b->dcap)
		b->dr = grow(b->dr, &b->dcap, sizeof(*b->dr));
	b->dr[b->nd++] = v;
}

struct mt_history hb_hist(const struct hb *b)
{
	return (struct mt_history){ b->ops, b->n, b->dr, b->nd };
}

void hb_free(struct hb *b)
{
	free(b->ops);
	free(b->dr);
	memset(b, 0, sizeof(*b));
}

static unsigned pick_worker(struct rng *r, const uint64_t *ready,
			    const uint8_t *alive, unsigned w, uint64_t t)
{
	unsigned start = rndn(r, w);

	for (unsigned j = 0; j < w; j++) {
		unsigned k = (start + j) % w;

		if (alive[k] && ready[k] <= t)
			return k;
	}
	return w;
}

static uint64_t earliest_ready(const uint64_t *ready, const uint8_t *alive,
			       unsigned w)
{
	uint64_t t = UINT64_MAX;

	for (unsigned k = 0; k < w; k++)
		if (alive[k] && ready[k] < t)
			t = ready[k];
	return t;
}

void hb_linearizable(struct hb *b, uint32_t *partner, const struct hb_params *p, uint64_t seed)
{
	struct rng r = { seed };
	uint64_t *ready = calloc(p->workers, sizeof(*ready));
	uint8_t *alive = malloc(p->workers);
	uint32_t *seq = calloc(p->workers, sizeof(*seq));
	uint32_t *st = malloc((p->n ? p->n : 1) * sizeof(*st)), sp = 0;
	uint64_t t = 1000;

	if (b->cap < b->n + p->n) { /* all of it at once: histories of 10^7 ops */
		b->cap = b->n + p->n;
		b->ops = realloc(b->ops, b->cap * sizeof(*b->ops));
	}
	if (!ready || !alive || !seq || !st || !b->ops) {
		perror("history_gen");
		abort();
	}
	memset(alive, 1, p->workers);
	for (size_t k = 0; k < p->n; k++) {
		unsigned w;
		uint64_t inv, res;
		size_t i;

		t += 1 + rndn(&r, 3);
		w = pick_worker(&r, ready, alive, p->workers, t);
		if (w == p->workers) {
			uint64_t e = earliest_ready(ready, alive, p->workers);

			if (e == UINT64_MAX)
				break; /* every worker was killed */
			t = e;
			w = pick_worker(&r, ready, alive, p->workers, t);
		}
		inv = t - rndn(&r, (uint32_t)(t - ready[w] < p->spread
						      ? t - ready[w] + 1
						      : p->spread));
		res = t + 1 + rndn(&r, p->spread);
		if (!rndn(&r, 64))
			res += rndn(&r, 30 * p->spread);
		ready[w] = res;
		if (rndn(&r, 2) && sp < p->n) {
			uint64_t v = ((uint64_t)(w + 1) << 32) | seq[w]++;

			if (p->anon_1in && !rndn(&r, p->anon_1in))
				v = MT_VAL_ANON;
			i = hb_op(b, MT_OP_PUT, v, inv, res);
			if (partner)
				partner[i] = UINT32_MAX;
			st[sp++] = (uint32_t)i;
		} else if (!sp) {
			i = hb_op(b, MT_OP_GET_EMPTY, 0, inv, res);
			if (partner)
				partner[i] = UINT32_MAX;
		} else {
			uint32_t pi = st[--sp];

			i = hb_op(b, MT_OP_GET, b->ops[pi].value, inv, res);
			if (partner) {
				partner[i] = pi;
				partner[pi] = (uint32_t)i;
			}
		}
		b->ops[i].worker = (uint16_t)w;
		b->ops[i].seq = seq[w];
		if (p->unknown_1in && !rndn(&r, p->unknown_1in)) {
			/* killed inside the call, which still took effect */
			b->ops[i].res = MT_TS_NEVER;
			b->ops[i].flags = rndn(&r, 2) ? MT_OPF_RECOVERED : 0;
			alive[w] = 0;
		}
	}
	while (sp)
		hb_drain(b, b->ops[st[--sp]].value);
	free(ready);
	free(alive);
	free(seq);
	free(st);
}
