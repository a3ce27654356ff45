/* A program from (seed, index): every draw from one seeded stream. */
#include "fz.h"

#include <stdio.h>
#include <string.h>

#include "mt_draw.h"
#include "pointers.h"

/* A pointer class this kernel can make (userfaultfd, kallsyms). */
static int draw_ptr(struct mt_rng *r, int32_t *arg, long len)
{
	if (mt_rng_pct(r, (unsigned)fz_env.pct_valid))
		return fz_env.ptr_valid;
	for (;;) {
		size_t i = (size_t)mt_rng_below(r, mt_ptr_count());
		unsigned fl = mt_ptr_class_at(i)->flags;

		if ((fl & MT_PTRF_UFFD) && !fz_env.uffd)
			continue;
		if ((fl & MT_PTRF_KSYMS) && !fz_env.kallsyms)
			continue;
		if (fl & MT_PTRF_ARG) {
			static const int ks[] = { 1, 8, -2, -1 }; /* -2: half, -1: all */
			int k = ks[mt_rng_below(r, 4)];
			long l = len > 0 ? len : 1;

			*arg = (int32_t)(k == -2 ? l / 2 : k == -1 ? l : k);
		}
		return (int)i;
	}
}

/*
 * Half the refused writes are not a number at all (kstrtoint fails: the
 * parameter's "not a number" path), or one too big for an int; drawn from
 * a stream of their own, so that the programs are otherwise as before.
 */
static void bad_text(struct fz_prog *p, uint64_t seed, long index)
{
	static const char *const texts[] = { "abc", "12abc", "0x", "1.5", "--1", "4294967296", "-" };
	struct mt_rng r;

	mt_rng_seed(&r, seed, ((uint64_t)index + 1) | (1ULL << 41));
	if (mt_rng_pct(&r, 50))
		snprintf(p->bad_text, sizeof(p->bad_text), "%s",
			 texts[mt_rng_below(&r, sizeof(texts) / sizeof(texts[0]))]);
}

static long max_len_of(const struct fz_prog *p)
{
	return p->max_msg_len > 0 ? p->max_msg_len : fz_env.boot_max_msg_len;
}

static int32_t draw_len(struct mt_rng *r, long max, bool get)
{
	unsigned k = (unsigned)mt_rng_below(r, 100);

	if (get && k < 50)
		return (int32_t)max; /* a buffer any message fits */
	if (k < 70)
		return (int32_t)mt_draw_mixed_size(r, (size_t)max);
	if (k < 85)
		return (int32_t)mt_len_edge((int)mt_rng_below(r, MT_EDGE_COUNT), max, NULL);
	if (k < 93)
		return (int32_t)mt_draw_pow2_edge(r);
	return (int32_t)mt_rng_below(r, 300);
}

static void draw_call(struct mt_rng *r, const struct fz_prog *p, struct fz_call *c, bool valid_only)
{
	memset(c, 0, sizeof(*c));
	c->kind = mt_rng_pct(r, 55) ? FZ_PUT : FZ_GET;
	c->len = draw_len(r, max_len_of(p), c->kind == FZ_GET);
	c->ptr = (uint8_t)(valid_only ? fz_env.ptr_valid : draw_ptr(r, &c->arg, c->len));
	/* a second process makes a share of the calls (and of those made while
	 * another is held): a caller with its own memory */
	c->proc = (uint8_t)mt_rng_pct(r, (unsigned)fz_env.pct_proc);
}

/*
 * With coverage, half the programs are a corpus program (one that reached
 * new PCs) changed in one to three places: an op drawn anew, dropped, or
 * doubled. Such a program depends on the corpus, so it replays from its
 * text (repro-K.prog), not from (seed, index) alone.
 */
static bool mutate(struct fz_prog *p, struct mt_rng *r)
{
	unsigned n = fz_cover ? __atomic_load_n(&fz_cover->corpus_n, __ATOMIC_RELAXED) : 0;
	uint64_t seed = p->seed;
	long index = p->index;

	if (n > FZ_CORPUS)
		n = FZ_CORPUS;
	if (!n || !mt_rng_pct(r, 50))
		return false;
	*p = fz_cover->corpus[mt_rng_below(r, n)];
	p->parent = p->index;
	p->seed = seed, p->index = index;
	for (int k = 1 + (int)mt_rng_below(r, 3); k > 0 && p->n > 0; k--) {
		int j = (int)mt_rng_below(r, (uint64_t)p->n), what = (int)mt_rng_below(r, 3);
		struct fz_op *o = &p->op[j];

		if (what == 0) {
			memset(o, 0, sizeof(*o));
			draw_call(r, p, &o->c, false);
		} else if (what == 1 && p->n > 1) {
			memmove(o, o + 1, sizeof(*o) * (size_t)(p->n - j - 1));
			p->n--;
		} else if (p->n < FZ_MAX_OPS) {
			memmove(o + 1, o, sizeof(*o) * (size_t)(p->n - j));
			p->n++;
		}
	}
	return true;
}

void fz_gen(struct fz_prog *p, uint64_t seed, long index)
{
	struct mt_rng r;

	memset(p, 0, sizeof(*p));
	mt_rng_seed(&r, seed, (uint64_t)index + 1);
	p->seed = seed;
	p->index = index;
	p->parent = -1;
	p->bad_param = -1;
	if (mutate(p, &r))
		return;
	p->max_msg_len = p->max_total = p->max_msgs = -1;
	if (mt_conv.params && mt_rng_pct(&r, (unsigned)fz_env.pct_limits)) { /* small limits: full boxes, -ENOSPC, -EMSGSIZE */
		static const long lens[] = { 16, 64, 1000, 4096 }, msgs[] = { 1, 2, 3, 8 };

		p->max_msg_len = lens[mt_rng_below(&r, 4)];
		p->max_msgs = mt_rng_pct(&r, 50) ? msgs[mt_rng_below(&r, 4)] : -1;
		p->max_total = mt_rng_pct(&r, 50) ? p->max_msg_len * (1 + (long)mt_rng_below(&r, 4)) +
							    fz_env.overhead * (long)mt_rng_below(&r, 4) : -1;
		if (p->max_total >= 0 && p->max_total < p->max_msg_len)
			p->max_total = p->max_msg_len;
	}
	/* now and then a limit written out of range first: refused, kept */
	if (mt_conv.params && mt_rng_pct(&r, 5)) {
		p->bad_param = (int)mt_rng_below(&r, FZ_NPARAMS);
		p->bad_value = p->bad_param == 0 && mt_rng_pct(&r, 50) ? (4L << 20) + 1 : -1;
		bad_text(p, seed, index);
	}
	p->n = 4 + (int)mt_rng_below(&r, FZ_MAX_OPS - 3);
	for (int i = 0; i < p->n; i++) {
		struct fz_op *o = &p->op[i];

		draw_call(&r, p, &o->c, false);
		/* a point that fails inside a page fault of the call (a page or a
		 * page table for its buffer) is the kernel's, not the box's: UML
		 * retries it for ever ("VM_FAULT_OOM leaked out") or panics. So
		 * none on a buffer held by userfaultfd; the others are touched
		 * before the point is armed (bufs.c) */
		if (fz_env.failnth && mt_rng_pct(&r, (unsigned)fz_env.pct_nth) &&
		    !(mt_ptr_class_at(o->c.ptr)->flags & MT_PTRF_UFFD))
			o->nth = (int16_t)(1 + mt_rng_below(&r, 6));
		/* a window holds a call in its copy: a valid buffer with bytes */
		if (fz_env.uffd && !o->nth && mt_rng_pct(&r, (unsigned)fz_env.pct_window)) {
			o->c.ptr = (uint8_t)fz_env.ptr_valid;
			o->c.proc = 0; /* the window is the program's own process's */
			if (o->c.len <= 0 || o->c.len > 65536)
				o->c.len = 1 + (int32_t)mt_rng_below(&r, 300);
			o->window = 1;
			o->nested = (uint8_t)(1 + mt_rng_below(&r, FZ_MAX_NEST));
			for (int k = 0; k < o->nested; k++) {
				draw_call(&r, p, &o->sub[k], true);
				if (o->sub[k].len < 0 || o->sub[k].len > 65536)
					o->sub[k].len = (int32_t)mt_rng_below(&r, 300);
			}
		}
	}
	/* signals in windows, from a stream of their own: a seed's programs
	 * are the ones they were before signals existed, plus these */
	struct mt_rng rs;

	mt_rng_seed(&rs, seed, ((uint64_t)index + 1) | (1ULL << 40));
	for (int i = 0; i < p->n; i++)
		if (p->op[i].window && mt_rng_pct(&rs, (unsigned)fz_env.pct_signal))
			p->op[i].sig = (uint8_t)(1 + mt_rng_below(&rs, 3));
}
