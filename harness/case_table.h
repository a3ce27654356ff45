/*
 * Case tables: one case per row of a tab-separated file under cases/.
 *
 *   name  call  ptr  len  box  limits  strict  lenient  effect
 *
 * name    unique, no spaces (selects the case: CASES=glob,...)
 * call    a call kind of case_calls.def (put, get, roundtrip, lifo, param,
 *         fill, exhaust, leaks, abi; `msgbox-torture --list-calls` says
 *         what each does)
 * ptr     a pointer class of the bad-pointer factory (pointers.c); for
 *         param, the parameter's name
 * len     an expression: integer, INT_MIN, INT_MAX, max (max_msg_len),
 *         page, size (the top message's size), room (bytes that still fit
 *         in a box filled by full-bytes), each optionally +N / -N
 * box     what the box holds before the call: empty | msg:LEN | msgs:N:LEN |
 *         lens:LEN,LEN,... (one message of each length, bottom first)
 *         | full-bytes | full-msgs
 * limits  - | max_msg_len=N,max_total=N,max_msgs=N (set at runtime, then
 *         restored)
 * strict  the result SPEC.md demands: 0 | size | -ENAME | neg (any error:
 *         SPEC allows more than one, as -ENOSPC or -ENOMEM at exhaustion)
 * lenient what the lenient profile accepts: neg (any negative), any (the
 *         strict success or any negative: a choice SPEC.md leaves to the
 *         implementation, such as refusing a wild pointer for length 0),
 *         or as strict
 *         for held, HELD/WINDOW:LEN: the call held in its copy (get or
 *         put; len is its length) and the call made meanwhile (get or
 *         put of LEN bytes), e.g. get/put:16
 * effect  how the box changes: none | +1 | -1 (held: the window's call)
 * inject  (optional) - | nth: fail the 1st, 2nd, ... injection point of the
 *         call (fail-nth) until it makes fewer; each result must be one
 *         SPEC.md allows for that point and leave the box right
 *
 * Lines starting with '#' and empty lines are ignored.
 */
#ifndef MT_CASE_TABLE_H
#define MT_CASE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#define MT_COLS 10 /* the last, inject, may be left out */

struct mt_case {
	char name[64], call[16], ptr[32], len[48], box[48], limits[128];
	char strict[24], lenient[24], effect[8], inject[16];
	char where[160]; /* file:line, for error messages */
};

struct mt_case_table {
	struct mt_case *cases;
	size_t n;
};

/* Values the len and box expressions may name. */
struct mt_sym {
	long max, page, size, room;
	bool have_room; /* false: no /proc, the overhead is unknown */
};

/* The call kinds (case_calls.def), ending with a NULL name. */
struct mt_call_kind {
	const char *name;
	bool nth;        /* may take inject=nth */
	const char *doc;
};
extern const struct mt_call_kind mt_call_kinds[];
const struct mt_call_kind *mt_call_find(const char *name);

/*
 * Append the rows of @path to @t. Returns 0, or -1 with a one-line message
 * naming file, line and column in @err.
 */
int mt_table_load(const char *path, struct mt_case_table *t, char *err, size_t errlen);
void mt_table_free(struct mt_case_table *t);

/* The ptr column of a held row: HELD/WINDOW:LEN. */
struct mt_held_spec {
	bool held_put, window_put;
	const char *window_len; /* points into the column */
};
int mt_held_parse(const char *ptr, struct mt_held_spec *out);
#define MT_BOX_LENS_MAX 16
/* The box column lens:LEN,LEN,...: its lengths, bottom first, into
 * @lens (at most @max); how many, or -1 when @box is not that form or an
 * item is no expression (or evaluates below 0, or there are more). */
int mt_box_lens(const char *box, const struct mt_sym *sym, long *lens, int max);

/* Evaluate a length expression; 0, or -1 if it is malformed. */
int mt_expr_eval(const char *expr, const struct mt_sym *sym, long *out);
/* Does the expression need @name ("size", "room")? */
bool mt_expr_uses(const char *expr, const char *name);

/* "-EINVAL" -> -22, "0" -> 0; false if unknown. */
bool mt_errno_parse(const char *text, long *out);
/* -22 -> "-EINVAL" (or the number); @buf receives the text. */
const char *mt_errno_name(long v, char *buf, size_t n);

#endif
