/*
 * stack_bruteforce.c - see stack_bruteforce.h.
 *
 * Depth-first search over partial linearizations (J. M. Wing, C. Gong,
 * "Testing and verifying concurrent objects", JPDC 1993), remembering each
 * visited (set of linearized ops, stack contents) configuration so that no
 * configuration is expanded twice (G. Lowe, "Testing for linearizability",
 * CCPE 2017).  Kept deliberately simple: it is the reference.
 */
#include "stack_bruteforce.h"

#include <stdlib.h>
#include <string.h>

#define TOK_ANON 255u

enum bf_type { BF_PUSH, BF_POP, BF_POP_ANY, BF_EMPTY };

struct bf_op {
	uint64_t inv, res; /* keys: tick << 1 | is_response */
	uint8_t type;
	uint8_t tok;       /* value token for BF_PUSH / BF_POP */
	uint8_t mandatory;
};

struct bf_memo_ent {
	uint32_t mask;
	uint8_t used;
	uint8_t len;
	uint8_t st[MT_BF_MAX_OPS];
};

struct bf {
	struct bf_op op[MT_BF_MAX_OPS];
	uint32_t pred[MT_BF_MAX_OPS]; /* mandatory ops that must precede */
	uint32_t nops, mandatory;
	uint8_t drain[MT_BF_MAX_DRAIN];
	uint32_t ndrain;
	uint64_t vals[3 * MT_BF_MAX_OPS + MT_BF_MAX_DRAIN];
	uint32_t nvals;
	uint8_t st[MT_BF_MAX_OPS];
	uint32_t len;
	struct bf_memo_ent *memo;
	size_t memo_cap, memo_used;
	int oom;
};

static uint64_t clamp(uint64_t t)
{
	return t > MT_TS_MAX ? MT_TS_MAX : t;
}

static uint8_t token(struct bf *b, uint64_t value)
{
	if (value == MT_VAL_ANON)
		return TOK_ANON;
	for (uint32_t i = 0; i < b->nvals; i++)
		if (b->vals[i] == value)
			return (uint8_t)i;
	b->vals[b->nvals] = value;
	return (uint8_t)b->nvals++;
}

static uint64_t memo_hash(uint32_t mask, const uint8_t *st, uint32_t len)
{
	uint64_t h = 1469598103934665603ull ^ mask;

	h *= 1099511628211ull;
	for (uint32_t i = 0; i < len; i++) {
		h ^= st[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

static int memo_grow(struct bf *b);

/* 1 if (mask, stack) was seen before; records it otherwise */
static int memo_seen(struct bf *b, uint32_t mask)
{
	size_t i;

	if (2 * (b->memo_used + 1) > b->memo_cap && memo_grow(b))
		return 1; /* out of memory: prune, and report -1 later */
	i = memo_hash(mask, b->st, b->len) & (b->memo_cap - 1);
	for (;; i = (i + 1) & (b->memo_cap - 1)) {
		struct bf_memo_ent *e = &b->memo[i];

		if (!e->used) {
			e->used = 1;
			e->mask = mask;
			e->len = (uint8_t)b->len;
			memcpy(e->st, b->st, b->len);
			b->memo_used++;
			return 0;
		}
		if (e->mask == mask && e->len == b->len &&
		    !memcmp(e->st, b->st, b->len))
			return 1;
	}
}

static int memo_grow(struct bf *b)
{
	size_t cap = b->memo_cap ? 2 * b->memo_cap : 1024;
	struct bf_memo_ent *old = b->memo, *nw = calloc(cap, sizeof(*nw));
	size_t oldcap = b->memo_cap;

	if (!nw) {
		b->oom = 1;
		return -1;
	}
	b->memo = nw;
	b->memo_cap = cap;
	for (size_t j = 0; j < oldcap; j++) {
		struct bf_memo_ent *e = &old[j];
		size_t i;

		if (!e->used)
			continue;
		i = memo_hash(e->mask, e->st, e->len) & (cap - 1);
		while (nw[i].used)
			i = (i + 1) & (cap - 1);
		nw[i] = *e;
	}
	free(old);
	return 0;
}

/* the drain, read top down, must be exactly the stack */
static int drain_matches(const struct bf *b)
{
	if (b->len != b->ndrain)
		return 0;
	for (uint32_t k = 0; k < b->ndrain; k++)
		if (b->st[b->len - 1 - k] != b->drain[k])
			return 0;
	return 1;
}

/* apply op i to the stack; 0 if its result contradicts the stack.
 * *popped receives the removed token (for undo), or -1. */
static int apply(struct bf *b, const struct bf_op *o, int *popped)
{
	*popped = -1;
	switch (o->type) {
	case BF_PUSH:
		b->st[b->len++] = o->tok;
		return 1;
	case BF_POP:
		if (!b->len || b->st[b->len - 1] != o->tok)
			return 0;
		*popped = b->st[--b->len];
		return 1;
	case BF_POP_ANY:
		if (b->len)
			*popped = b->st[--b->len];
		return 1;
	default:
		return b->len == 0;
	}
}

static void undo(struct bf *b, const struct bf_op *o, int popped)
{
	if (o->type == BF_PUSH)
		b->len--;
	else if (popped >= 0)
		b->st[b->len++] = (uint8_t)popped;
}

static int search(struct bf *b, uint32_t mask)
{
	if (memo_seen(b, mask))
		return 0;
	if ((mask & b->mandatory) == b->mandatory && drain_matches(b))
		return 1;
	for (uint32_t i = 0; i < b->nops; i++) {
		int popped, ok;

		if ((mask >> i) & 1u)
			continue;
		if (b->pred[i] & ~mask) /* a required predecessor is pending */
			continue;
		if (!apply(b, &b->op[i], &popped))
			continue;
		ok = search(b, mask | (1u << i));
		undo(b, &b->op[i], popped);
		if (ok)
			return 1;
	}
	return 0;
}

static int load_op(struct bf *b, const struct mt_op *op)
{
	struct bf_op *o;
	int unknown = op->res == MT_TS_NEVER;

	if (op->kind >= MT_OP_IGNORED || op->inv == MT_TS_NEVER ||
	    (!unknown && op->res < op->inv))
		return 0; /* ignored or malformed: not in the history */
	if (b->nops >= MT_BF_MAX_OPS)
		return -1;
	o = &b->op[b->nops];
	o->inv = clamp(op->inv) << 1;
	o->res = unknown ? UINT64_MAX : clamp(op->res) << 1 | 1u;
	o->mandatory = 1;
	switch (op->kind) {
	case MT_OP_PUT:
		o->type = BF_PUSH;
		o->tok = token(b, op->value);
		o->mandatory = !unknown;
		break;
	case MT_OP_GET:
		if (unknown && !(op->flags & MT_OPF_RECOVERED)) {
			o->type = BF_POP_ANY;
			o->mandatory = 0;
		} else {
			o->type = BF_POP;
			o->tok = token(b, op->value);
		}
		break;
	default:
		o->type = BF_EMPTY;
		break;
	}
	if (o->mandatory)
		b->mandatory |= 1u << b->nops;
	b->nops++;
	return 0;
}

int mt_bruteforce_linearizable(const struct mt_history *h)
{
	struct bf *b = calloc(1, sizeof(*b));
	int rc;

	if (!b)
		return -1;
	if (h->n_drained > MT_BF_MAX_DRAIN)
		goto too_big;
	for (size_t i = 0; i < h->n_ops; i++)
		if (load_op(b, &h->ops[i]))
			goto too_big;
	for (size_t k = 0; k < h->n_drained; k++)
		b->drain[b->ndrain++] = token(b, h->drained[k]);
	for (uint32_t i = 0; i < b->nops; i++)
		for (uint32_t j = 0; j < b->nops; j++)
			if (j != i && b->op[j].mandatory &&
			    b->op[j].res < b->op[i].inv)
				b->pred[i] |= 1u << j;
	rc = search(b, 0);
	if (b->oom)
		rc = -1;
	free(b->memo);
	free(b);
	return rc;
too_big:
	free(b);
	return -1;
}
