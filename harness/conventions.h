/*
 * How this implementation speaks, learned once per run by the probe case
 * (case_probe.c, call kind "conventions", the first row of the suite) and
 * then used by every drain, model check, stress judgement and the stack
 * checker, so that a file that answers "empty" with -ENOMSG or -1 is not
 * wrong in every case for that alone (SPEC.md, "Profiles"). Until the
 * probe has run, SPEC's own answers are assumed.
 *
 * The probe writes results/conventions.tsv ("key<TAB>value"); a resumed
 * boot reads it back (mt_conv_load), so every boot judges alike.
 */
#ifndef MT_CONVENTIONS_H
#define MT_CONVENTIONS_H

#include <stdbool.h>

#define MT_CONV_UNKNOWN (-0x7fffffffL)

struct mt_conventions {
	bool learned;      /* the probe ran to its end */
	bool lenient;      /* judged in the lenient profile */
	long empty;        /* get on an empty box (SPEC: -ENODATA); may be >= 0 */
	long too_small;    /* get with a buffer shorter than the top message (SPEC: -EMSGSIZE) */
	bool empty_put;    /* a zero-length put is accepted */
	long max_len;      /* largest length a put accepts, up to MT_PROBE_MAX_LEN */
	long get_len;      /* the buffer length drains use: the longest a get
	                    * takes (course code often refuses a get longer
	                    * than its own cap, as if the buffer were wrong) */
	bool proc, params; /* /proc/dm510_msgbox and the runtime limits exist */
	bool stuck;        /* the box could not be emptied: nothing after can be judged */
	bool put_len;      /* put answers success with the length, not 0 */
	bool get_zero;     /* get answers success with 0, not the size */
	bool fifo;         /* get takes the oldest message: the box is a queue.
	                    * The lifo cases judge the order; drains, gets of
	                    * other cases and the stress then compare what
	                    * comes back in that order, so one bug is one
	                    * finding and not a cascade */
	/* not learned, set by a stress scenario with fault injection when
	 * "empty" is also the answer to other errors (one code for all): a
	 * get that answers it then tells nothing */
	bool empty_ambiguous;
};

#define MT_PROBE_MAX_LEN (4L << 20)


extern struct mt_conventions mt_conv;

/* Did a put of @len bytes succeed? (0, or the length where the probe saw
 * that convention: a wrong success value, reported once, not in every
 * setup) */
static inline bool mt_conv_put_ok(long r, long len)
{
	return r == 0 || (mt_conv.put_len && len > 0 && r == len);
}

/* Did a get answer "your buffer is too small" with a positive value (the
 * probe saw +EMSGSIZE, say)? Not a message, then. */
static inline bool mt_conv_says_too_small(long r)
{
	return mt_conv.too_small > 0 && r == mt_conv.too_small;
}

/* A message length a get cannot be mistaken for "empty" or "too small"
 * by: where the probe saw either answered with a size, messages of that
 * size are made one byte shorter (the lifo case, the stress). */
static inline long mt_conv_message_len(long len)
{
	if ((mt_conv.empty >= 0 && len == mt_conv.empty) || mt_conv_says_too_small(len))
		len = len ? len - 1 : 1;
	if ((mt_conv.empty >= 0 && len == mt_conv.empty) || mt_conv_says_too_small(len))
		len = len ? len - 1 : 1; /* both, one apart */
	return len;
}

/* The length of a drain's get (its buffer holds MT_PROBE_MAX_LEN bytes). */
static inline int mt_drain_len(void)
{
	return (int)mt_conv.get_len;
}

/* Is @r, from a get with a large valid buffer, "the box is empty"? In the
 * lenient profile any negative answer on a box the model says is empty. */
bool mt_conv_is_empty(long r, bool model_empty);
/* Does a drain stop at @r (empty, or an error it cannot get past)? */
bool mt_conv_drain_stops(long r);
/* Does a drain that stopped at @r prove the box empty? Only the empty
 * answer the probe learned does, in both profiles: any other error (a top
 * message longer than the drain's buffer: the too-small answer; a get
 * that fails) leaves the box holding what it held. Lenient accepts any
 * error only before the probe has learned the answer. A lenient "any error
 * is empty" here hid an over-long message a put had accepted under every
 * later case (tests/impls/stored-pointer: 60 cascading failures). */
bool mt_conv_drained(long r);

/* conventions.tsv: write @c, or read it into mt_conv (0, or -1). */
int mt_conv_save(const struct mt_conventions *c, const char *dir);
int mt_conv_load(const char *dir);

#endif
