/*
 * What one case's calls share: the context, the model of what the box
 * should hold, and the oracles. Private to case_*.c.
 */
#ifndef MT_CASE_CTX_H
#define MT_CASE_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "box_proc.h"
#include "case_exec.h"
#include "pointers.h"

#define MT_MAX_SETUP 4096      /* setup messages we remember */
#define MT_DRAIN_BUF (4 << 20) /* >= any max_msg_len (SPEC caps it at 4 MiB) */

struct msg_id {
	long len;
	uint32_t writer, seq;
};

/* What the box should hold, bottom first. */
struct model {
	struct msg_id m[MT_MAX_SETUP + 1];
	int n;
	bool overflow; /* more than we track: contents not compared */
};

struct ctx {
	const struct mt_case *c;
	int idx;
	enum mt_profile profile;
	struct mt_result *r;
	struct mt_sym sym;
	struct model model;
	struct mt_box before, after;
	unsigned char *scratch; /* MT_DRAIN_BUF bytes */
	/* the call under test, once made: what it was and what it returned */
	bool called, put;
	long ret;
	long len; /* the length of the call mt_set_call named last */
	bool window; /* another call ran while it was held: a reorder is a race */
	bool copy_failed; /* its user copy was made to fail: wrong bytes with a
	                   * success are that failure ignored */
};

/* Reporting: every violation is recorded (mt_result_fail), the first one
 * with its expected/got. */
void mt_fail(struct ctx *x, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void mt_skip(struct ctx *x, const char *why);
void mt_note(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mt_set_call(struct ctx *x, const char *fn, const char *what, long len);
const char *mt_ename(long v, char *buf);

/* Setup and oracles. */
int mt_setup_box(struct ctx *x);
void mt_check_result(struct ctx *x, long got, long size);
/* The bug class of a wrong result: @want_ok when SPEC wanted success. */
enum mt_bug mt_result_bug(const struct ctx *x, long got, bool want_ok);
/* The class of a refused put of @len bytes that SPEC wants taken: the
 * implementation's own cap or its refusal of empty messages (deviations
 * the probe saw), or a plain refusal. */
enum mt_bug mt_refusal_bug(long len);
/* The call under test was made: remember it for the oracles' classes. */
void mt_called(struct ctx *x, bool put, long ret);
void mt_check_counters(struct ctx *x, int effect, long len);
void mt_check_contents(struct ctx *x);
void mt_check_get_buffer(struct ctx *x, const struct mt_ptr *p, long ret, const struct msg_id *top);
int mt_make_ptr(struct ctx *x, long len, struct mt_ptr *p);
void mt_model_push(struct ctx *x, long len, uint32_t writer, uint32_t seq);
/* The index of the message a get takes next (the top; the oldest where the
 * box is a queue), of the message with this identity, -1 if none; remove
 * one. */
int mt_model_next(const struct ctx *x);
int mt_model_find(const struct ctx *x, long len, uint32_t writer, uint32_t seq);
void mt_model_remove(struct ctx *x, int i);

/* The calls beyond put/get/roundtrip/lifo/param, each in its own file. */
void mt_do_sweep(struct ctx *x, long len);   /* case_sweep.c */
void mt_do_fill(struct ctx *x, long len);    /* case_memory.c */
void mt_do_exhaust(struct ctx *x, long len); /* case_memory.c */
void mt_do_leaks(struct ctx *x, long secs);  /* case_leaks.c */
void mt_do_conventions(struct ctx *x, long len); /* case_probe.c */
void mt_do_held(struct ctx *x, long len);        /* case_held.c */

#endif
