/* The stress worker (see stress_worker.h). */
#define _GNU_SOURCE
#include "stress_worker.h"

#include "conventions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault_inject.h"
#include "mt_sys.h"
#include "payload.h"
#include "tsc.h"
#include "uffd_window.h"

#define PAGE 4096u
#define WINDOW_DRAIN_MAX 4096

/* ---- logged calls ---------------------------------------------------- */

static struct mt_rec *rec_begin(struct mt_lane *l, int op, size_t len, unsigned flags)
{
	struct mt_rec *r = &l->rec[l->started];

	r->op = (uint8_t)op;
	r->len = (uint32_t)len;
	r->flags = (uint8_t)flags;
	r->res = MT_TS_NEVER;
	r->ret = 0;
	return r;
}

static void rec_end(struct mt_lane *l, struct mt_rec *r, uint64_t t1)
{
	__atomic_store_n(&r->res, t1, __ATOMIC_RELEASE);
	__atomic_store_n(&l->done, l->done + 1, __ATOMIC_RELAXED);
}

/* put @len bytes already at @buf (payload of (lane, seq = record index)) */
static void logged_put(struct mt_lane *l, const unsigned char *buf, size_t len, unsigned flags)
{
	uint32_t seq = (uint32_t)l->started;
	struct mt_rec *r = rec_begin(l, MT_REC_PUT, len, flags);

	r->value = len < MT_HDR ? MT_VAL_ANON : mt_value(l->lane, seq);
	r->inv = mt_tsc_now();
	__atomic_store_n(&l->started, seq + 1, __ATOMIC_RELEASE);
	long ret = mt_put(buf, (int)len);
	uint64_t t1 = mt_tsc_now();

	r->ret = ret;
	rec_end(l, r, t1);
}

#define MT_STRESS_CANARY 64   /* bytes after a get's length that must stay */
#define MT_STRESS_POISON 0x5a

long mt_logged_get(struct mt_lane *l, unsigned char *buf, size_t cap, size_t off, unsigned flags)
{
	uint32_t seq = (uint32_t)l->started;
	struct mt_rec *r = rec_begin(l, MT_REC_GET, cap, flags);

	/* a canary after the caller's length, where the lane's buffer has room */
	size_t canary = flags & MT_RECF_UFFD || l->getbuf_len <= off + cap ? 0 : l->getbuf_len - off - cap;

	if (canary > MT_STRESS_CANARY)
		canary = MT_STRESS_CANARY;
	r->off = (uint32_t)off;
	r->value = MT_VAL_ANON;
	if (!(flags & MT_RECF_UFFD))
		memset(buf, 0, cap < MT_HDR ? cap : MT_HDR); /* poison: no stale header */
	memset(buf + cap, MT_STRESS_POISON, canary);
	r->inv = mt_tsc_now();
	__atomic_store_n(&l->started, seq + 1, __ATOMIC_RELEASE);
	long ret = mt_get(buf, (int)cap);
	uint64_t t1 = mt_tsc_now();

	r->ret = ret;
	if (ret == 0 && mt_conv.get_zero) { /* judged by the bytes: the header says how many */
		long n = mt_rec_hdr_len(buf, cap);

		if (n > 0)
			r->ret = ret = n;
	}
	/* not "empty" or "too small" said with a size */
	if (ret >= 0 && !(mt_conv.empty >= 0 && ret == mt_conv.empty) && !mt_conv_says_too_small(ret))
		mt_rec_decode_get(r, buf, (size_t)ret, l->lane);
	for (size_t i = 0; i < canary; i++)
		if (buf[cap + i] != MT_STRESS_POISON) {
			r->flags |= MT_RECF_OVERFLOW;
			break;
		}
	rec_end(l, r, t1);
	return ret;
}

/* ---- the window: calls run while another call is held ----------------- */

struct wstate {
	struct mt_worker *w;
	struct mt_rng rng;
	unsigned char *putbuf;
};

static int lane_full(const struct mt_lane *l)
{
	return l->started >= l->cap;
}

static void window_put(struct wstate *s)
{
	struct mt_lane *l = s->w->hlane;
	size_t len = mt_draw_size(&s->rng, s->w->sc, s->w->max_len);

	if (lane_full(l))
		return;
	mt_payload_fill(s->putbuf, len, l->lane, (uint32_t)l->started);
	logged_put(l, s->putbuf, len, MT_RECF_WINDOW);
}

static long window_get(struct wstate *s)
{
	struct mt_lane *l = s->w->hlane;

	if (lane_full(l))
		return -ENOSPC;
	return mt_logged_get(l, mt_lane_getbuf(l), s->w->max_len, 0, MT_RECF_WINDOW);
}

/*
 * What runs while a call is held: one put, one get, a put then a get, two
 * gets, or gets until the box is empty - seeded, so each seed replays the
 * same interleavings.
 */
static void window(void *arg)
{
	struct wstate *s = arg;
	unsigned k = (unsigned)(mt_rng_next(&s->rng) % 100);

	if (k < 30) {
		window_put(s);
	} else if (k < 60) {
		window_get(s);
	} else if (k < 75) {
		window_put(s);
		window_get(s);
	} else if (k < 90) {
		window_get(s);
		window_get(s);
	} else {
		for (int i = 0; i < WINDOW_DRAIN_MAX && window_get(s) >= 0; i++)
			;
	}
}

/* ---- the loops --------------------------------------------------------- */

struct wbufs {
	unsigned char *put;    /* private: max_len + a page */
	struct mt_uffd *uffd;  /* or NULL                   */
};

static void one_call(struct mt_worker *w, struct wbufs *b, const struct mt_draw *d)
{
	struct mt_lane *l = w->lane;

	if (d->put) {
		unsigned char *src = d->uffd ? mt_uffd_staging(b->uffd) + d->off : b->put + d->off;

		mt_payload_fill(src, d->len, l->lane, (uint32_t)l->started);
		if (d->uffd && !mt_uffd_arm(b->uffd, d->off, d->len, 1)) {
			logged_put(l, mt_uffd_region(b->uffd) + d->off, d->len, MT_RECF_UFFD);
			mt_uffd_done(b->uffd);
		} else {
			logged_put(l, src, d->len, 0);
		}
		return;
	}
	if (d->uffd && !mt_uffd_arm(b->uffd, d->off, d->len, 0)) {
		mt_logged_get(l, mt_uffd_region(b->uffd) + d->off, d->len, d->off, MT_RECF_UFFD);
		mt_uffd_done(b->uffd);
	} else
		mt_logged_get(l, mt_lane_getbuf(l) + d->off, d->len, d->off, 0);
}

static void count_windows(struct mt_lane *l, const struct mt_uffd *u)
{
	__atomic_store_n(&l->windows, mt_uffd_windows(u), __ATOMIC_RELAXED);
}

static void logged_loop(struct mt_worker *w, struct wbufs *b, struct mt_rng *rng)
{
	struct mt_draw d;

	for (long i = 0; i < w->ops && !lane_full(w->lane); i++) {
		mt_draw_call(rng, w->sc, w->max_len, &d);
		if (!b->uffd)
			d.uffd = 0;
		one_call(w, b, &d);
		if (d.uffd)
			count_windows(w->lane, b->uffd);
	}
}

/* The baseline: the same calls, unlogged, no payload written or checked. */
static void raw_loop(struct mt_worker *w, struct wbufs *b, struct mt_rng *rng)
{
	unsigned char *getbuf = mt_lane_getbuf(w->lane);
	struct mt_draw d;

	for (long i = 0; i < w->ops; i++) {
		mt_draw_call(rng, w->sc, w->max_len, &d);
		if (d.put)
			mt_put(b->put + d.off, (int)d.len);
		else
			mt_get(getbuf + d.off, (int)d.len);
		__atomic_store_n(&w->lane->raw_done, w->lane->raw_done + 1, __ATOMIC_RELAXED);
	}
}

/* Touch every page now: a page fault in the run costs as much as a call. */
static void prefault(struct mt_lane *l)
{
	if (!l)
		return;
	/* from the first free record: earlier rounds' records stay */
	memset(&l->rec[l->started], 0, (size_t)(l->cap - l->started) * sizeof(l->rec[0]));
	memset(mt_lane_getbuf(l), 0, l->getbuf_len);
}

static int setup(struct mt_worker *w, struct wbufs *b, struct wstate *ws)
{
	b->put = malloc(w->max_len + PAGE);
	if (!b->put)
		return -ENOMEM;
	memset(b->put, 0, w->max_len + PAGE);
	prefault(w->lane);
	if (w->raw || !w->sc->uffd_pct || !w->hlane)
		return 0;
	prefault(w->hlane);
	ws->w = w;
	mt_rng_seed(&ws->rng, w->sc->seed, 0x10000u + (unsigned)w->index + ((uint64_t)w->round << 20));
	ws->putbuf = malloc(w->max_len + PAGE);
	if (!ws->putbuf)
		return -ENOMEM;
	memset(ws->putbuf, 0, w->max_len + PAGE);
	b->uffd = mt_uffd_open(w->max_len + 2 * PAGE, window, ws);
	return b->uffd ? 0 : -errno;
}

void mt_worker_main(struct mt_worker *w)
{
	struct wbufs b = { 0 };
	struct wstate ws = { 0 };
	struct mt_rng rng;
	char c;
	int err = setup(w, &b, &ws);

	if (err) {
		w->lane->err = err;
		_exit(3);
	}
	mt_rng_seed(&rng, w->sc->seed, (uint64_t)w->index + ((uint64_t)w->round << 20));
	if (w->mark_fail && mt_faults_mark_self(1)) {
		w->lane->err = -errno;
		_exit(3);
	}
	__atomic_store_n(&w->lane->pid, getpid(), __ATOMIC_RELEASE); /* ready */
	while (w->go_fd >= 0 && read(w->go_fd, &c, 1) < 0 && errno == EINTR)
		; /* the parent closes the pipe: go */
	if (w->raw)
		raw_loop(w, &b, &rng);
	else
		logged_loop(w, &b, &rng);
	free(b.put);
	if (!b.uffd)
		free(ws.putbuf); /* else the handler thread may still use it */
	_exit(0);
}
