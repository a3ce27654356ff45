/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The classifier's insides, shared by the files of tools/classify/ and by
 * nothing else (callers use console_classify.h). One section per file;
 * each file does one job:
 *
 *   view.c      text views (the log is viewed, never copied line by line)
 *   glob.c      the '*' matcher
 *   line.c      splitting a log into lines and stripping what the console
 *               adds (\r, <N>, printk time stamps, caller ids)
 *   patterns.c  the line shapes of patterns.def as tables, and the
 *               questions asked of them (trigger? continuation? ...)
 *   markers.c   the harness's case markers and which case owns a report
 *   excerpt.c   copying a report's lines into a finding
 *   report.c    the state machine grouping lines into one report
 *   bugs.c      the bug class of a finding (bugs.def)
 *   noise.c     the known-noise list: parsing and matching
 *   classes.c   class names (console_classes.h)
 *   classify.c  the public entry points: buffer, stream, file
 *   write.c     findings-N.tsv
 */
#ifndef CLASSIFY_ENGINE_H
#define CLASSIFY_ENGINE_H

#include "console_classify.h"

#include <stddef.h>

/* ---- view.c ---------------------------------------------------------- */

struct view {
	const char *p;
	size_t n;
};

int view_starts(struct view v, const char *prefix);
int view_is_blank(struct view v);
/* Offset of needle in v, or -1 (memmem is a GNU extension). */
long view_find(struct view v, const char *needle);
/* v without leading blanks and trailing blanks and CRs. */
struct view view_trim(struct view v);
/* The next blank-separated word of *v; *v moves past it and its blanks. */
struct view view_next_word(struct view *v);
/* A malloc'd NUL-terminated copy, or NULL. */
char *view_dup(struct view v);

/* ---- glob.c: '*' matches any run of bytes, nothing else is special ---- */

/* Does pat match a prefix of v? */
int glob_at_start(const char *pat, struct view v);
/* Does pat match somewhere in v (a substring match with '*')? */
int glob_anywhere(const char *pat, struct view v);
/* Does pat match all of the string s? */
int glob_all(const char *pat, const char *s);

/* ---- line.c ---------------------------------------------------------- */

/* One console line without "\r", "<N>", "[ 2.1234]" and "[  T42]". */
struct view line_strip(const char *p, size_t n);
/* The stripped lines of a log (malloc'd array of *n_out views into buf);
 * NULL when out of memory. */
struct view *line_split(const char *buf, size_t len, size_t *n_out);

/* ---- patterns.c: the tables of patterns.def --------------------------- */

/* How a report's body runs, i.e. how we know where it ends. */
enum body {
	/* Anything until the stack dump (tail), then stack-dump lines only. */
	BODY_TRACE,
	/* Anything up to and including the next "=====" line (KASAN, UBSAN). */
	BODY_SEPARATOR,
	/* Only continuation lines (kmemleak's object dumps). */
	BODY_INDENTED,
	/* Anything until a trigger of its class with ROLE_CLOSES (OOM). */
	BODY_UNTIL_CLOSER,
	/* Everything to the end of the log: nothing after a panic is news. */
	BODY_TO_END,
};

enum role {
	ROLE_OPENS = 0,
	/* A WARN()'s message line: turns an open generic warning into this
	 * class, and opens a report of its own when printed before the
	 * "WARNING: CPU:" line (architectures with __WARN_FLAGS). */
	ROLE_REFINES_WARN = 1,
	/* The generic "WARNING: ..." line of a WARN(). */
	ROLE_WARN_HEAD = 2,
	/* Part of a report of the same class when one is open. */
	ROLE_INNER = 4,
	/* The last line of a report of its class. */
	ROLE_CLOSES = 8,
};

enum anchor { ANYWHERE, AT_START };

struct pattern {
	enum cc_class klass;
	enum anchor anchor;
	const char *glob;
	enum body body;
	unsigned role;
	const char *tail; /* BODY_TRACE: where the stack dump starts; NULL:
			   * one of the TAIL rows of patterns.def */
};

enum cont { CONT_NO, CONT_YES, CONT_LAST };

/* The first TRIGGER row the line matches, or NULL. */
const struct pattern *pattern_trigger(struct view line);
/* "=====...": frames lockdep, KASAN and SLUB reports. */
int pattern_is_separator(struct view l);
/* WARN()'s "------------[ cut here ]------------". */
int pattern_is_cut_here(struct view l);
/* A line of the register dump UML prints before a panic (REGS rows). */
int pattern_is_register_dump(struct view l);
/* Where a report opened by opener has its stack dump start. */
int pattern_is_tail_start(const struct pattern *opener, struct view l);
/* Does a non-blank line keep an open report of klass going after its stack
 * dump has started (CONT rows, indentation)? */
enum cont pattern_continuation(struct view l, enum cc_class klass);
/* "---[ end trace" and "---[ end Kernel panic": END rows. */
int pattern_is_end_trace(struct view l);
int pattern_is_end_panic(struct view l);

/* ---- markers.c -------------------------------------------------------- */

enum marker_kind { MARK_NONE, MARK_BEGIN, MARK_END };

struct case_ref {
	long idx;
	struct view name;
};

extern const struct case_ref no_case;

/* Is the line a case marker (MARKER rows), and of which case? */
enum marker_kind marker_parse(struct view line, struct case_ref *ref);

/* The cases begun and ended so far, and which one owns a report. */
struct cases {
	struct case_ref *open;
	size_t n_open, cap;
	struct case_ref last_ended;
	int have_last_ended;
	size_t begun, ended;
};

struct case_ref cases_current(const struct cases *c);
int cases_begin(struct cases *c, struct case_ref ref);
void cases_end(struct cases *c, struct case_ref ref);
void cases_free(struct cases *c);

/* ---- excerpt.c -------------------------------------------------------- */

/* One line, cut at CC_LINE_MAX_BYTES; malloc'd or NULL. */
char *excerpt_line(struct view l);
/* Lines first..last joined by '\n', capped at CC_EXCERPT_MAX_LINES. */
char *excerpt_build(const struct view *lines, size_t first, size_t last);

/* ---- bugs.c ----------------------------------------------------------- */

/* The bug class of a report of klass whose first line is first_line. */
enum mt_bug bug_of(enum cc_class klass, const char *first_line);

/* ---- noise.c ---------------------------------------------------------- */

int noise_matches(const struct cc_noise *noise, const struct cc_finding *f);

/* ---- report.c --------------------------------------------------------- */

/* Group the lines into findings appended to res (cases too). 0 or -1
 * (out of memory; res keeps what it had). */
int report_run(const struct view *lines, size_t n,
	       const struct cc_noise *noise, struct cc_result *res);

/* ---- classify.c ------------------------------------------------------- */

/* Read all of in (NUL-safe). 0, or -1 with errno set. */
int classify_read_all(FILE *in, char **buf_out, size_t *len_out);

#endif /* CLASSIFY_ENGINE_H */
