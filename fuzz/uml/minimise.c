/*
 * Shrinking a failing program: delta debugging over its ops (ddmin, by
 * complements), then each argument toward the simplest value of its class
 * (no fail-nth, no signal, no window, fewer nested calls, a valid pointer, lengths 0,
 * 1, 16, 64, no limits), keeping every step that still fails the same way
 * (same oracle and bug class; a kernel report: any report).
 */
#include "fz.h"

#include <string.h>

#define MAX_TESTS 600

static const struct fz_finding *want;
static const struct fz_opts *opts;
static int tests;

static bool same(const struct fz_finding *f)
{
	if (!f->found || f->oracle != want->oracle)
		return false;
	return f->oracle == MT_OR_CONSOLE || f->bug == want->bug;
}

static bool fails(const struct fz_prog *p)
{
	struct fz_finding f;

	if (tests >= MAX_TESTS)
		return false;
	tests++;
	if (fz_run_child(p, opts, &f, NULL))
		return false;
	return same(&f);
}

/* @p without ops [from, to). */
static void without(const struct fz_prog *p, int from, int to, struct fz_prog *out)
{
	*out = *p;
	out->n = 0;
	for (int i = 0; i < p->n; i++)
		if (i < from || i >= to)
			out->op[out->n++] = p->op[i];
}

static void ddmin(struct fz_prog *p)
{
	int n = 2;

	while (p->n >= 2) {
		int chunk = (p->n + n - 1) / n;
		bool reduced = false;

		for (int i = 0; i * chunk < p->n && !reduced; i++) {
			struct fz_prog c;

			without(p, i * chunk, (i + 1) * chunk, &c);
			if (c.n && fails(&c)) {
				*p = c;
				n = n > 2 ? n - 1 : 2;
				reduced = true;
			}
		}
		if (!reduced) {
			if (n >= p->n)
				break;
			n = n * 2 > p->n ? p->n : n * 2;
		}
	}
	if (p->n == 1)
		return;
	/* a program of one op may still fail without the others */
	for (int i = 0; i < p->n; i++) {
		struct fz_prog c;

		without(p, i, i + 1, &c);
		if (c.n && fails(&c)) {
			*p = c;
			i = -1;
		}
	}
}

/* Try @c (a simpler variant of @p); keep it if it still fails. */
static bool try(struct fz_prog *p, const struct fz_prog *c)
{
	if (!memcmp(p, c, sizeof(*p)) || !fails(c))
		return false;
	*p = *c;
	return true;
}

static void simpler_len(struct fz_prog *p, int32_t *len)
{
	static const int32_t simple[] = { 0, 1, 16, 64, 256, 4096 };

	for (size_t k = 0; k < sizeof(simple) / sizeof(simple[0]); k++) {
		struct fz_prog c = *p;
		int32_t *l = (int32_t *)((char *)&c + ((char *)len - (char *)p));

		if (*len < 0) { /* negative stays negative: -1 */
			if (*len == -1)
				return;
			*l = -1;
		} else if (simple[k] >= *len) {
			return;
		} else {
			*l = simple[k];
		}
		if (try(p, &c))
			return;
		if (*len < 0)
			return;
	}
}

static void args(struct fz_prog *p)
{
	struct fz_prog c;

	for (int i = 0; i < p->n; i++) {
		struct fz_op *o = &p->op[i];

		c = *p, c.op[i].nth = 0;
		if (o->nth)
			try(p, &c);
		for (int s = 0; s < 3 && o->sig; s++) { /* none, then only one of the two */
			c = *p, c.op[i].sig = (uint8_t)(s ? o->sig & s : 0);
			if (c.op[i].sig != o->sig && (!s || c.op[i].sig) && try(p, &c))
				break;
		}
		for (int k = o->nested - 1; o->window && k >= 0; k--) {
			c = *p;
			memmove(&c.op[i].sub[k], &c.op[i].sub[k + 1], sizeof(struct fz_call) * (size_t)(FZ_MAX_NEST - 1 - k));
			c.op[i].nested--;
			try(p, &c);
		}
		c = *p, c.op[i].window = 0, c.op[i].nested = 0, c.op[i].sig = 0;
		if (o->window)
			try(p, &c);
		c = *p, c.op[i].c.proc = 0;
		if (o->c.proc)
			try(p, &c);
		for (int k = 0; k < p->op[i].nested; k++) {
			c = *p, c.op[i].sub[k].proc = 0;
			if (o->sub[k].proc)
				try(p, &c);
		}
		c = *p, c.op[i].c.ptr = (uint8_t)fz_env.ptr_valid, c.op[i].c.arg = 0;
		if (o->c.ptr != fz_env.ptr_valid)
			try(p, &c);
		simpler_len(p, &p->op[i].c.len);
		for (int k = 0; k < p->op[i].nested; k++)
			simpler_len(p, &p->op[i].sub[k].len);
	}
	c = *p, c.bad_param = -1;
	if (p->bad_param >= 0)
		try(p, &c);
	c = *p, c.max_msg_len = -1;
	if (p->max_msg_len >= 0)
		try(p, &c);
	c = *p, c.max_total = -1;
	if (p->max_total >= 0)
		try(p, &c);
	c = *p, c.max_msgs = -1;
	if (p->max_msgs >= 0)
		try(p, &c);
}

void fz_minimise(struct fz_prog *p, const struct fz_finding *f0, const struct fz_opts *o, int *ntests)
{
	want = f0;
	opts = o;
	tests = 0;
	ddmin(p);
	args(p);
	ddmin(p); /* simpler arguments may make more ops unnecessary */
	*ntests = tests;
}
