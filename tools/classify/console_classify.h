/* SPDX-License-Identifier: GPL-2.0 */
/*
 * console_classify: find the kernel "splats" (panics, BUGs, KASAN, lockdep,
 * sleeping-in-atomic, kmemleak, our irqs-off-at-syscall-exit WARN, ...) in a
 * UML console log and tie each one to the msgbox-torture case that was running.
 *
 * The log is what UML wrote to its stdout: printk lines, usually prefixed by a
 * CONFIG_PRINTK_TIME stamp "[    2.123456] ", mixed with user-space output and
 * host-side lines without a stamp, sometimes ending in "\r\n". The harness
 * marks each case on the console by writing to /dev/kmsg:
 *
 *     msgbox-torture: case-begin <idx> <name>
 *     msgbox-torture: case-end <idx> <name> <pass|fail|skip>
 *
 * One splat (a report spanning many lines) gives one finding. The library keeps
 * no global state: everything lives in the caller's cc_result / cc_noise.
 * The engine is the other files of tools/classify/ (one job a file, the line
 * shapes it knows in patterns.def); build with -Itools/classify -Ilib.
 */
#ifndef CONSOLE_CLASSIFY_H
#define CONSOLE_CLASSIFY_H

#include <stddef.h>
#include <stdio.h>

#include "console_classes.h"
#include "mt_finding.h" /* lib/: enum mt_bug, the bug class of a finding */

/* The classes: one X-macro list, console_classes.h. */
enum cc_class {
#define CC_X(id, name, what) CC_##id,
	CC_CLASSES(CC_X)
#undef CC_X
	CC_CLASS_COUNT
};

/* An excerpt keeps at most this many lines (head and tail of a long report). */
#define CC_EXCERPT_MAX_LINES 40
/* Each excerpt line (and the first line) is cut after this many bytes. */
#define CC_LINE_MAX_BYTES 1000

struct cc_finding {
	long case_idx;        /* -1 when no case had begun yet              */
	char *case_name;      /* "-" when no case had begun yet             */
	enum cc_class klass;
	enum mt_bug bug;      /* the bug class (bugs.def)                   */
	int noise;            /* 1: matched a rule of the noise list        */
	size_t line_no;       /* 1-based line of first_line in the log      */
	char *first_line;     /* the line that names the splat, unescaped   */
	char *excerpt;        /* the splat's lines joined by '\n', unescaped,
	                       * timestamps stripped, at most
	                       * CC_EXCERPT_MAX_LINES lines                  */
};

struct cc_result {
	struct cc_finding *findings;  /* in log order, noise included        */
	size_t n_findings;
	size_t n_noise;               /* how many of them are noise          */
	size_t n_lines;               /* lines in the log                    */
	size_t cases_begun;
	size_t cases_ended;
	int unfinished;               /* 1: a case began and never ended     */
	long unfinished_idx;          /* the last such case                  */
	char *unfinished_name;        /* NULL when unfinished == 0           */
};

/* The known-noise list (console-noise.txt); opaque. */
struct cc_noise;

/* Name of a class as printed in the TSV ("panic", "irqs_disabled", ...). */
const char *cc_class_name(enum cc_class klass);
/* What a class means (the third column of console_classes.h). */
const char *cc_class_what(enum cc_class klass);
/* 0 and *out set when name is a class name, -1 otherwise. */
int cc_class_from_name(const char *name, enum cc_class *out);

/*
 * Parse a noise list. Each non-comment line is
 *     CLASS SCOPE PATTERN
 * CLASS a class name; SCOPE "outside-case" (only splats with case_idx -1) or
 * "anywhere"; PATTERN the rest of the line, matched against each excerpt line
 * as a substring in which '*' matches any run of characters.
 * Returns 0, or -1 with a one-line reason in err (origin:line: ...).
 */
int cc_noise_parse(const char *text, size_t len, const char *origin,
		   struct cc_noise **out, char *err, size_t errlen);
int cc_noise_load(const char *path, struct cc_noise **out,
		  char *err, size_t errlen);
size_t cc_noise_count(const struct cc_noise *noise);
void cc_noise_free(struct cc_noise *noise);

/*
 * Classify a whole console log. noise may be NULL (no rules). On success
 * returns 0 and fills *out (free it with cc_result_free); on failure returns
 * -1 with errno set (ENOMEM, or the I/O error for cc_classify_file) and *out
 * left empty.
 */
int cc_classify_buffer(const char *buf, size_t len,
		       const struct cc_noise *noise, struct cc_result *out);
int cc_classify_file(const char *path, const struct cc_noise *noise,
		     struct cc_result *out);
/* Like cc_classify_file for an open stream (e.g. stdin). */
int cc_classify_stream(FILE *in, const struct cc_noise *noise,
		       struct cc_result *out);
void cc_result_free(struct cc_result *res);

/*
 * Write the report (findings-N.tsv): one line per finding, 7 cells
 *     case_idx TAB case_name TAB class TAB line_no TAB first_line TAB excerpt
 *     TAB bug
 * in the TSV dialect of lib/tsv.h (backslash, tab, newline, CR escaped as
 * \\ \t \n \r, other control bytes as \xHH; mt_tsv_unescape decodes
 * them). class is a name of console_classes.h, or "noise" for a noise
 * finding (written only when show_noise); bug a name of lib/mt_finding.h
 * (MT_BUGS), also on noise lines (the bug the report would be). Then the
 * trailer
 *     # noise N
 *     # cases-ended N
 *     # cases-begun N
 *     # unfinished IDX NAME      (only when a case never ended)
 * Returns 0, or -1 when writing failed.
 */
int cc_write_tsv(FILE *out, const struct cc_result *res, int show_noise);

/* Findings that count (noise excluded). */
size_t cc_real_findings(const struct cc_result *res);

/* 1 when the log holds a panic finding (noise or not): how the boot ended.
 * The CLI's --panicked; boot/boot-uml.sh asks it instead of its own grep. */
int cc_panicked(const struct cc_result *res);

#endif /* CONSOLE_CLASSIFY_H */
