/*
 * The buffer behind each call, made once per process from the pointer
 * factory (harness/pointers.c) and placed for each length: a guarded
 * class's len bytes end where its canary and guard page begin, a cross:K
 * buffer has its last K bytes in the guard, fixed classes are one address.
 * Only the vanishing class is made anew for every call.
 */
#define _GNU_SOURCE
#include "fz.h"

#include <string.h>
#include <sys/mman.h>

#include "payload.h"
#include "pointers.h"

static struct mt_ptr made[32];
static bool have[32];
static size_t poisoned[32]; /* last get: bytes poisoned from q (and its canary) */
static unsigned char *last_q[32];
static void *ro_base[32]; /* readonly: the pages to open for a put */
static size_t ro_len[32];

int fz_bufs_init(char *why, size_t n)
{
	for (size_t i = 0; i < mt_ptr_count() && i < 32; i++) {
		const struct mt_ptr_class *k = mt_ptr_class_at(i);
		const char *w = "";

		if ((k->flags & MT_PTRF_UFFD) || !strcmp(k->name, "unmapped"))
			continue; /* made for each call: a hole stays a hole only so long */
		if ((k->flags & MT_PTRF_KSYMS) && !fz_env.kallsyms)
			continue;
		if (mt_ptr_make_at(i, 0, (size_t)FZ_CAP, &made[i], &w)) {
			snprintf(why, n, "cannot make pointer class %s: %s", k->name, w);
			return -1;
		}
		if (made[i].seal) { /* readonly: sealed now, opened for each put */
			ro_base[i] = made[i].seal;
			ro_len[i] = made[i].seal_len;
			mt_ptr_seal(&made[i]);
			made[i].guarded = false;
		}
		have[i] = true;
	}
	return 0;
}

/* The bytes a put may take or a get may give: no message is longer than
 * the box's max_msg_len (programs only lower it); touching more would only
 * cost page faults. */
static size_t most(void)
{
	return (size_t)fz_env.boot_max_msg_len + 4096;
}

size_t fz_blen(long len)
{
	return len < 0 ? 0 : (size_t)(len > FZ_CAP ? FZ_CAP : len);
}

static void fill(unsigned char *q, size_t n, size_t len, uint32_t writer, uint32_t seq)
{
	(void)n;
	mt_payload_fill(q, len < most() ? len : most(), writer, seq);
}

void *fz_buf(const struct fz_call *c, uint32_t writer, uint32_t seq, size_t *checkable, bool *guarded)
{
	const struct mt_ptr_class *k = mt_ptr_class_at(c->ptr);
	size_t bl = fz_blen(c->len), i = c->ptr;
	struct mt_ptr *m = &made[i];
	unsigned char *q;

	*checkable = 0;
	*guarded = false;
	if (!k)
		return NULL;
	if (k->flags & MT_PTRF_UFFD) { /* a fresh one; the last call's handler ends */
		static struct mt_ptr v;
		const char *why;

		mt_ptr_release(&v);
		return mt_ptr_make_at(i, 0, bl, &v, &why) ? NULL : v.p;
	}
	if (!strcmp(k->name, "unmapped")) { /* a fresh hole; the last one goes */
		static struct mt_ptr hole;
		const char *why;

		mt_ptr_release(&hole);
		return mt_ptr_make_at(i, 0, bl < 65536 ? bl : 65536, &hole, &why) ? NULL : hole.p;
	}
	if (!have[i])
		return NULL;
	if (k->flags & MT_PTRF_FIXED)
		return m->p;
	if (k->flags & MT_PTRF_ARG) {
		size_t kk = c->arg < 0 ? 0 : (size_t)c->arg, mapped = kk > bl ? 0 : bl - kk;

		q = (unsigned char *)m->p + FZ_CAP - mapped;
		if (c->kind == FZ_PUT && mapped)
			fill(q, mapped, mapped, writer, seq); /* the readable part of the message */
		else if (mapped) /* written before the call: no page fault (and no point) in it */
			memset(q, MT_POISON, mapped < most() ? mapped : most());
		return q;
	}
	if (!(k->flags & (MT_PTRF_READ | MT_PTRF_WRITE)))
		return m->p; /* protnone, unmapped: any length fails there */
	q = (unsigned char *)m->p + FZ_CAP - bl;
	if (ro_base[i]) { /* readonly */
		if (c->kind == FZ_PUT && bl) {
			mprotect(ro_base[i], ro_len[i], PROT_READ | PROT_WRITE);
			fill(q, bl, bl, writer, seq);
			mprotect(ro_base[i], ro_len[i], PROT_READ);
		}
		return q;
	}
	if (c->kind == FZ_PUT) {
		fill(q, bl, bl, writer, seq);
	} else {
		/* poison what a get may write and what it must not: the bytes a
		 * message of the box can take, and the canary after the buffer */
		size_t n = bl < most() ? bl : most();

		memset(q, MT_POISON, n);
		memset(q + bl, MT_POISON, MT_CANARY);
		poisoned[i] = n;
		last_q[i] = q;
		*checkable = bl;
		*guarded = true;
	}
	return q;
}

long fz_buf_written(const struct fz_call *c, size_t from)
{
	size_t i = c->ptr, bl = fz_blen(c->len);
	const unsigned char *q = last_q[i];
	long at;

	if (!q)
		return -1;
	if (from < poisoned[i] && (at = mt_poison_first_not(q, from, poisoned[i])) >= 0)
		return at;
	return mt_poison_first_not(q, bl, bl + MT_CANARY);
}

bool fz_buf_kernel_mapped(const struct fz_call *c)
{
	const struct mt_ptr_class *k = mt_ptr_class_at(c->ptr);

	return k && (k->flags & MT_PTRF_KSYMS) && have[c->ptr] && mt_ptr_mapped_here(made[c->ptr].p);
}

void fz_buf_seal_done(const struct fz_call *c)
{
	(void)c;
}
