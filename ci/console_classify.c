// SPDX-License-Identifier: GPL-2.0
/*
 * console_classify: splat classifier for UML console logs. See the header for
 * the contract; this file explains how a report's lines are grouped.
 *
 * How it reads a log (modelled on rcutorture's parse-console.sh and
 * console-badness.sh, but grouping lines instead of counting them):
 *
 *  - Every line is stripped of "\r", of a "<N>" log level, of a
 *    CONFIG_PRINTK_TIME stamp and of a CONFIG_PRINTK_CALLER "[  T42]" field.
 *  - Case markers close any open report and move the "current case".
 *  - A "trigger" line (table `patterns`, first match wins) opens a report,
 *    unless the open report claims it (a WARN's message refining a generic
 *    warning, a panic swallowing what follows, lines that belong inside a
 *    report of the same class).
 *  - A report ends where the kernel's own printing of it ends: at
 *    "---[ end trace", at KASAN's closing "=====" line, after the call trace
 *    (the first line that is no longer part of a stack dump), at the next
 *    trigger or marker, or at the end of the log for a panic.
 */
#define _POSIX_C_SOURCE 200809L

#include "console_classify.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A report that runs longer than this without ending is closed anyway, so a
 * report whose end we failed to see cannot swallow the rest of the log. */
#define SPLAT_MAX_LINES 600
/* How far back a panic looks for the register dump UML prints before it. */
#define REGS_LOOKBACK 12
/* Excerpt of a long report: this many lines from the start, then one
 * "[... N more lines ...]" line, then the last lines up to the cap. */
#define EXCERPT_HEAD_LINES 30

/* ------------------------------------------------------------------ */
/* Text views: the log is never copied line by line, only viewed.      */

struct view {
	const char *p;
	size_t n;
};

static int view_starts(struct view v, const char *prefix)
{
	size_t k = strlen(prefix);

	return v.n >= k && memcmp(v.p, prefix, k) == 0;
}

static int view_is_blank(struct view v)
{
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] != ' ' && v.p[i] != '\t')
			return 0;
	return 1;
}

/* Offset of needle in v, or -1. (memmem is a GNU extension.) */
static long view_find(struct view v, const char *needle)
{
	size_t k = strlen(needle);

	if (k == 0)
		return 0;
	for (size_t i = 0; i + k <= v.n; i++) {
		const char *hit = memchr(v.p + i, needle[0], v.n - i - k + 1);

		if (!hit)
			return -1;
		i = (size_t)(hit - v.p);
		if (memcmp(hit, needle, k) == 0)
			return (long)i;
	}
	return -1;
}

/*
 * Does pat match a prefix of s[0..n)? '*' matches any run of bytes; there is
 * no escape for a literal '*' (the kernel messages we match have none).
 */
static int glob_prefix(const char *pat, const char *s, size_t n)
{
	size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;

	for (;;) {
		if (pat[pi] == '\0')
			return 1;
		if (pat[pi] == '*') {
			star_p = pi++;
			star_s = si;
			continue;
		}
		if (si < n && pat[pi] == s[si]) {
			pi++;
			si++;
			continue;
		}
		if (star_p == SIZE_MAX || star_s >= n)
			return 0;
		pi = star_p + 1;
		si = ++star_s;
	}
}

static int glob_at_start(const char *pat, struct view v)
{
	return glob_prefix(pat, v.p, v.n);
}

/* Does pat match all of s ('*' any run of characters)? */
static int glob_all(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '*')
		return glob_all(pat + 1, s) || (*s && glob_all(pat, s + 1));
	return *s == *pat && glob_all(pat + 1, s + 1);
}

/* Does pat match anywhere in v? */
static int glob_anywhere(const char *pat, struct view v)
{
	if (pat[0] == '*' || pat[0] == '\0')
		return glob_prefix(pat, v.p, v.n);
	for (size_t i = 0; i < v.n; i++) {
		const char *hit = memchr(v.p + i, pat[0], v.n - i);

		if (!hit)
			return 0;
		i = (size_t)(hit - v.p);
		if (glob_prefix(pat, hit, v.n - i))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Console line prefixes.                                              */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "<4>": the log level, as dmesg -r or a raw /dev/kmsg reader prints it. */
static size_t loglevel_len(const char *p, size_t n)
{
	size_t i = 1;

	if (n < 3 || p[0] != '<')
		return 0;
	while (i < n && i <= 3 && is_digit(p[i]))
		i++;
	if (i == 1 || i >= n || p[i] != '>')
		return 0;
	return i + 1;
}

/* "[    2.123456]": CONFIG_PRINTK_TIME's "[%5lu.%06lu]". */
static size_t timestamp_len(const char *p, size_t n)
{
	size_t i = 1, digits = 0, frac = 0;

	if (n < 4 || p[0] != '[')
		return 0;
	while (i < n && p[i] == ' ')
		i++;
	while (i < n && is_digit(p[i])) {
		i++;
		digits++;
	}
	if (!digits || i >= n || p[i] != '.')
		return 0;
	i++;
	while (i < n && is_digit(p[i])) {
		i++;
		frac++;
	}
	if (!frac || i >= n || p[i] != ']')
		return 0;
	return i + 1;
}

/* "[    T42]" or "[     C0]": CONFIG_PRINTK_CALLER's "[%6s]". */
static size_t caller_len(const char *p, size_t n)
{
	size_t i = 1, digits = 0;

	if (n < 4 || p[0] != '[')
		return 0;
	while (i < n && p[i] == ' ')
		i++;
	if (i >= n || (p[i] != 'T' && p[i] != 'C'))
		return 0;
	i++;
	while (i < n && is_digit(p[i])) {
		i++;
		digits++;
	}
	if (!digits || i >= n || p[i] != ']')
		return 0;
	return i + 1;
}

/*
 * The text of one console line, without what the console adds around the
 * kernel's message. Leading blanks of the message itself are kept: they tell
 * a call-trace line from a new message.
 */
static struct view strip_console_line(const char *p, size_t n)
{
	size_t k, stamp;

	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	while (n && p[0] == '\r') {
		p++;
		n--;
	}
	k = loglevel_len(p, n);
	p += k;
	n -= k;
	stamp = timestamp_len(p, n);
	p += stamp;
	n -= stamp;
	k = caller_len(p, n);
	p += k;
	n -= k;
	/* printk puts exactly one space between its prefix and the text. */
	if ((stamp || k) && n && p[0] == ' ') {
		p++;
		n--;
	}
	return (struct view){ p, n };
}

/* ------------------------------------------------------------------ */
/* Case markers.                                                       */

enum marker_kind { MARK_NONE, MARK_BEGIN, MARK_END };

struct case_ref {
	long idx;
	struct view name;
};

static const struct case_ref no_case = { -1, { "-", 1 } };

static size_t skip_spaces(struct view v, size_t i)
{
	while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t'))
		i++;
	return i;
}

/* "<idx> <name>" at the start of rest. */
static int parse_case_ref(struct view rest, struct case_ref *out)
{
	size_t i = 0, digits = 0, name_start;
	int negative = 0;
	long idx = 0;

	if (i < rest.n && rest.p[i] == '-') {
		negative = 1;
		i++;
	}
	while (i < rest.n && is_digit(rest.p[i]) && digits < 18) {
		idx = idx * 10 + (rest.p[i] - '0');
		i++;
		digits++;
	}
	if (!digits || i >= rest.n || (rest.p[i] != ' ' && rest.p[i] != '\t'))
		return 0;
	i = skip_spaces(rest, i);
	name_start = i;
	while (i < rest.n && rest.p[i] != ' ' && rest.p[i] != '\t')
		i++;
	if (i == name_start)
		return 0;
	out->idx = negative ? -idx : idx;
	out->name = (struct view){ rest.p + name_start, i - name_start };
	return 1;
}

/*
 * Searched anywhere in the line, not only at its start: what the harness
 * writes to /dev/kmsg may come back with a facility prefix, or glued to a
 * user-space line that did not end in a newline.
 */
static enum marker_kind parse_marker(struct view line, struct case_ref *ref)
{
	static const char begin[] = "msgbox-torture: case-begin ";
	static const char end[] = "msgbox-torture: case-end ";
	long at;

	if (view_find(line, "msgbox-torture: case-") < 0)
		return MARK_NONE;
	at = view_find(line, begin);
	if (at >= 0) {
		struct view rest = { line.p + at + sizeof(begin) - 1,
				     line.n - (size_t)at - (sizeof(begin) - 1) };
		return parse_case_ref(rest, ref) ? MARK_BEGIN : MARK_NONE;
	}
	at = view_find(line, end);
	if (at >= 0) {
		struct view rest = { line.p + at + sizeof(end) - 1,
				     line.n - (size_t)at - (sizeof(end) - 1) };
		return parse_case_ref(rest, ref) ? MARK_END : MARK_NONE;
	}
	return MARK_NONE;
}

/*
 * Which case a splat belongs to: the last case begun and not yet ended; when
 * every case has ended, the one that ended last (late reports such as a
 * kmemleak scan or a hung task name the case that caused them); before the
 * first case, none.
 */
struct cases {
	struct case_ref *open;
	size_t n_open, cap;
	struct case_ref last_ended;
	int have_last_ended;
	size_t begun, ended;
};

static struct case_ref current_case(const struct cases *c)
{
	if (c->n_open)
		return c->open[c->n_open - 1];
	if (c->have_last_ended)
		return c->last_ended;
	return no_case;
}

static int case_begin(struct cases *c, struct case_ref ref)
{
	if (c->n_open == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		struct case_ref *grown = realloc(c->open, cap * sizeof(*grown));

		if (!grown)
			return -1;
		c->open = grown;
		c->cap = cap;
	}
	c->open[c->n_open++] = ref;
	c->begun++;
	return 0;
}

static void case_end(struct cases *c, struct case_ref ref)
{
	c->ended++;
	c->last_ended = ref;
	c->have_last_ended = 1;
	/* Match by index, newest first; an end without a begin changes nothing
	 * else (the begin may have scrolled out of the captured log). */
	for (size_t k = c->n_open; k-- > 0;) {
		if (c->open[k].idx == ref.idx) {
			c->last_ended = c->open[k];
			memmove(&c->open[k], &c->open[k + 1],
				(c->n_open - k - 1) * sizeof(c->open[0]));
			c->n_open--;
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* What starts a splat.                                                */

/* How a report's body runs, i.e. how we know where it ends. */
enum body {
	/* Anything until the stack dump (tail), then stack-dump lines only. */
	BODY_TRACE,
	/* Anything up to and including the next "=====" line (KASAN, UBSAN). */
	BODY_SEPARATOR,
	/* Only indented continuation lines (kmemleak's object dumps). */
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
			   * "Call Trace:" or the end of UML's register dump */
};

/*
 * First match wins, so specific messages come before the generic "BUG: " and
 * "WARNING: " lines they would also match. Formats are the kernel's (6.1 and
 * 6.12) as printed through pr_fmt; file names say where each comes from.
 */
static const struct pattern patterns[] = {
	/* kernel-patch/irqs-off-at-syscall-exit.patch: our WARN's message. It
	 * wins over the "WARNING: CPU:" line that wraps it. */
	{ CC_IRQS_DISABLED, ANYWHERE,
	  "dm510-debug: syscall * returned with interrupts disabled",
	  BODY_TRACE, ROLE_REFINES_WARN, NULL },

	/* kernel/panic.c panic(); UML panics instead of oopsing:
	 * arch/um/kernel/trap.c segv() "Kernel mode fault at addr 0x%lx, ip
	 * 0x%lx" and friends, asm-generic BUG() = printk("BUG: failure at
	 * %s:%d/%s()!") + panic("BUG!"). */
	{ CC_PANIC, ANYWHERE, "Kernel panic - not syncing", BODY_TO_END, 0, NULL },
	{ CC_PANIC, AT_START, "Kernel mode fault at addr ", BODY_TO_END, 0, NULL },
	{ CC_PANIC, AT_START, "BUG: failure at ", BODY_TO_END, 0, NULL },
	{ CC_PANIC, AT_START, "BUG!", BODY_TO_END, 0, NULL },

	/* mm/kasan/report.c, mm/kfence/report.c: framed by "=====" lines. */
	{ CC_KASAN, ANYWHERE, "BUG: KASAN: ", BODY_SEPARATOR, 0, NULL },
	{ CC_KASAN, ANYWHERE, "BUG: KFENCE: ", BODY_SEPARATOR, 0, NULL },

	/* kernel/locking/lockdep.c (header lines of each report). */
	{ CC_LOCKDEP, ANYWHERE, "possible circular locking dependency detected",
	  BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "possible recursive locking detected",
	  BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "inconsistent lock state", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "possible irq lock inversion dependency detected",
	  BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "-unsafe lock order detected", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "WARNING: chain_key collision", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "BUG: Invalid wait context", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "Nested lock was not taken", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "bad unlock balance detected", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "bad contention detected", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "held lock freed", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, ANYWHERE, "WARNING: * still has locks held!", BODY_TRACE, 0,
	  NULL },
	/* lockdep_sys_exit(): no stack dump, ends with the held-locks list. */
	{ CC_LOCKDEP, ANYWHERE, "lock held when returning to user space",
	  BODY_TRACE, 0, "*lock* held by *" },
	/* lockdep_rcu_suspicious(): "WARNING: suspicious RCU usage". */
	{ CC_LOCKDEP, ANYWHERE, "suspicious RCU usage", BODY_TRACE, 0, NULL },
	/* A lock used before spin_lock_init(): common in student code. */
	{ CC_LOCKDEP, ANYWHERE, "INFO: trying to register non-static key",
	  BODY_TRACE, 0, NULL },
	/* lockdep switching itself off; lock classes leaked by the code. */
	{ CC_LOCKDEP, AT_START, "BUG: MAX_* too low!", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, AT_START, "BUG: key * has not been registered!",
	  BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, AT_START, "BUG: looking up invalid subclass", BODY_TRACE, 0,
	  NULL },
	/* kernel/locking/spinlock_debug.c (CONFIG_DEBUG_SPINLOCK). */
	{ CC_LOCKDEP, AT_START, "BUG: spinlock ", BODY_TRACE, 0, NULL },
	{ CC_LOCKDEP, AT_START, "BUG: rwlock ", BODY_TRACE, 0, NULL },
	/* A WARN from lockdep's own consistency checks (and DEBUG_MUTEXES). */
	{ CC_LOCKDEP, ANYWHERE, "DEBUG_LOCKS_WARN_ON(", BODY_TRACE,
	  ROLE_REFINES_WARN, NULL },
	{ CC_LOCKDEP, ANYWHERE, "Possible unsafe locking scenario", BODY_TRACE,
	  ROLE_INNER, NULL },
	{ CC_LOCKDEP, ANYWHERE, "Possible interrupt unsafe locking scenario",
	  BODY_TRACE, ROLE_INNER, NULL },

	/* kernel/sched/core.c __might_resched(), __schedule_bug(). */
	{ CC_ATOMIC_SLEEP, ANYWHERE,
	  "BUG: sleeping function called from invalid context", BODY_TRACE, 0,
	  NULL },
	{ CC_ATOMIC_SLEEP, ANYWHERE, "BUG: scheduling while atomic", BODY_TRACE, 0,
	  NULL },

	/* kernel/watchdog.c, pr_fmt "watchdog: ". On UML the report ends
	 * with show_regs()' register dump, not a call trace. */
	{ CC_SOFT_LOCKUP, ANYWHERE, "BUG: soft lockup - CPU#", BODY_TRACE, 0,
	  NULL },

	/* kernel/hung_task.c */
	{ CC_HUNG_TASK, ANYWHERE, "INFO: task * blocked for more than ",
	  BODY_TRACE, 0, NULL },

	/* kernel/rcu/tree_stall.h, pr_fmt "rcu: ". */
	{ CC_RCU_STALL, ANYWHERE, "self-detected stall on CPU", BODY_TRACE, 0,
	  NULL },
	{ CC_RCU_STALL, ANYWHERE, "detected stalls on CPUs/tasks", BODY_TRACE, 0,
	  NULL },
	{ CC_RCU_STALL, ANYWHERE, "detected expedited stalls on CPUs/tasks",
	  BODY_TRACE, 0, NULL },
	{ CC_RCU_STALL, ANYWHERE, " kthread starved for ", BODY_TRACE, ROLE_INNER,
	  NULL },
	{ CC_RCU_STALL, ANYWHERE, " kthread timer wakeup didn't happen for ",
	  BODY_TRACE, ROLE_INNER, NULL },

	/* mm/kmemleak.c: one scan (its objects, when kmemleak.verbose=1 or
	 * read back from /sys/kernel/debug/kmemleak, and its summary line) is
	 * one finding. */
	{ CC_KMEMLEAK, ANYWHERE, "unreferenced object 0x", BODY_INDENTED,
	  ROLE_INNER, NULL },
	{ CC_KMEMLEAK, ANYWHERE, " new suspected memory leak", BODY_INDENTED,
	  ROLE_INNER | ROLE_CLOSES, NULL },

	/* mm/oom_kill.c: the dump starts at "invoked oom-killer" and ends at
	 * "Killed process" ("Out of memory: " or "Memory cgroup out of
	 * memory: "). */
	{ CC_OOM_KILL, ANYWHERE, " invoked oom-killer: ", BODY_UNTIL_CLOSER, 0,
	  NULL },
	{ CC_OOM_KILL, ANYWHERE, "ut of memory: Killed process ",
	  BODY_UNTIL_CLOSER, ROLE_INNER | ROLE_CLOSES, NULL },
	{ CC_OOM_KILL, ANYWHERE, "Out of memory and no killable processes",
	  BODY_UNTIL_CLOSER, ROLE_INNER | ROLE_CLOSES, NULL },

	/* Oopses and BUG()s of architectures that have them, UBSAN, and any
	 * other "BUG: " line (bad page state, bad rss-counter, ...). */
	{ CC_OOPS_BUG, ANYWHERE, "kernel BUG at ", BODY_TRACE, 0, NULL },
	{ CC_OOPS_BUG, AT_START, "BUG: unable to handle ", BODY_TRACE, 0, NULL },
	{ CC_OOPS_BUG, ANYWHERE, "general protection fault", BODY_TRACE, 0, NULL },
	{ CC_OOPS_BUG, AT_START, "Oops: ", BODY_TRACE, 0, NULL },
	{ CC_OOPS_BUG, AT_START, "Unable to handle kernel ", BODY_TRACE, 0, NULL },
	{ CC_OOPS_BUG, AT_START, "UBSAN: ", BODY_SEPARATOR, 0, NULL },
	{ CC_OOPS_BUG, AT_START, "BUG: ", BODY_TRACE, 0, NULL },

	/* mm/page_alloc.c warn_alloc(): SPEC says the box allocates with
	 * __GFP_NOWARN, so this is a finding (the runner may ignore it in
	 * fault-injection cases, where other kernel paths print it too). */
	{ CC_ALLOC_WARN, ANYWHERE, ": page allocation failure: order:",
	  BODY_TRACE, 0, NULL },

	/* kernel/panic.c __warn(): any WARN() not claimed above. */
	{ CC_WARNING, AT_START, "WARNING: ", BODY_TRACE, ROLE_WARN_HEAD, NULL },
};

static const struct pattern *match_trigger(struct view line)
{
	for (size_t k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++) {
		const struct pattern *t = &patterns[k];
		int hit = t->anchor == AT_START ? glob_at_start(t->glob, line)
						: glob_anywhere(t->glob, line);
		if (hit)
			return t;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Lines inside and around a report.                                   */

/* "=====...": frames lockdep and KASAN reports. */
static int is_separator(struct view l)
{
	size_t i = 0;

	while (i < l.n && l.p[i] == '=')
		i++;
	return i >= 10 && view_is_blank((struct view){ l.p + i, l.n - i });
}

static int is_cut_here(struct view l)
{
	return view_find(l, "[ cut here ]") >= 0;
}

/* show_regs() on UML (arch/x86/um/sysrq_64.c), printed before a panic. */
static int is_register_dump_line(struct view l)
{
	static const char *const prefixes[] = {
		"Modules linked in:", "Pid: ", "RIP: ", "RSP: ", "RAX: ",
		"RDX: ", "RBP: ", "R10: ", "R13: ", "Bus error - ",
	};

	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
		if (view_starts(l, prefixes[k]))
			return 1;
	return 0;
}

/* Where a report's stack dump starts; after it only dump lines follow. */
static int is_tail_start(const struct pattern *opener, struct view l)
{
	if (opener->tail)
		return glob_at_start(opener->tail, l);
	/* "R13:" is the last line of UML's show_regs(), which the soft
	 * lockup detector prints instead of a call trace. */
	return view_starts(l, "Call Trace:") || view_starts(l, "R13: ");
}

/* "kmemleak:   comm ...", "rcu: \t0-....": a pr_fmt prefix, then indent. */
static int is_prefixed_indent(struct view l)
{
	size_t i = 0;

	while (i < l.n && ((l.p[i] >= 'a' && l.p[i] <= 'z') || is_digit(l.p[i]) ||
			   l.p[i] == '_'))
		i++;
	return i > 0 && i + 2 < l.n && l.p[i] == ':' && l.p[i + 1] == ' ' &&
	       (l.p[i + 2] == ' ' || l.p[i + 2] == '\t');
}

enum cont { CONT_NO, CONT_YES, CONT_LAST };

/* Lines that keep a report going after its stack dump has started. */
static enum cont continuation_text(struct view l, enum cc_class klass)
{
	static const char *const prefixes[] = {
		"irq event stamp:", "hardirqs last", "softirqs last",
		"Showing all locks held in the system", "INFO: lockdep is turned off",
		"CPU: ", "task:", "Stack:", "Call Trace:", "Hardware name:",
		"rcu: RCU grace-period kthread stack dump:",
		"rcu: Stack dump where RCU GP kthread last ran:",
		"Task dump for CPU",
		"<IRQ>", "</IRQ>", "<TASK>", "</TASK>",
	};

	if (l.n && (l.p[0] == ' ' || l.p[0] == '\t'))
		return CONT_YES;
	if (view_starts(l, "---[ end trace"))
		return CONT_LAST;
	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
		if (view_starts(l, prefixes[k]))
			return CONT_YES;
	if (glob_at_start("*lock* held by ", l) || is_prefixed_indent(l))
		return CONT_YES;
	/* debug_show_all_locks() after a hung task ends with "=====". */
	if (klass == CC_HUNG_TASK && is_separator(l))
		return CONT_LAST;
	return CONT_NO;
}

/* ------------------------------------------------------------------ */
/* The classifier.                                                     */

struct splat {
	const struct pattern *opener; /* decides how the body runs */
	enum cc_class klass;
	size_t start;      /* first line of the excerpt */
	size_t head;       /* the line that names the splat */
	size_t last;       /* last line absorbed so far */
	int tail_seen;
	int has_warn_head; /* its "WARNING: CPU:" line has been seen */
	int refined;
	struct case_ref owner;
};

struct classifier {
	const struct view *lines;
	size_t n;
	const struct cc_noise *noise;
	struct cases cases;
	struct splat open;
	int is_open;
	size_t floor; /* lines before this belong to a report or a marker */
	struct cc_result *res;
	size_t cap;
};

enum step { STEP_ABSORB, STEP_ABSORB_CLOSE, STEP_CLOSE_BEFORE };

static enum cont continuation(const struct classifier *c, size_t i)
{
	struct view l = c->lines[i];

	if (!view_is_blank(l))
		return continuation_text(l, c->open.klass);
	/* A blank line (printk("\n")) belongs to the report only when the
	 * report goes on after it. */
	if (i + 1 < c->n && !view_is_blank(c->lines[i + 1]) &&
	    continuation_text(c->lines[i + 1], c->open.klass) != CONT_NO)
		return CONT_YES;
	return CONT_NO;
}

static enum step step_from_cont(enum cont k)
{
	return k == CONT_YES ? STEP_ABSORB :
	       k == CONT_LAST ? STEP_ABSORB_CLOSE : STEP_CLOSE_BEFORE;
}

static enum step panic_step(struct view l)
{
	return view_starts(l, "---[ end Kernel panic") ? STEP_ABSORB_CLOSE :
							 STEP_ABSORB;
}

/* An open report meets a trigger line: is it part of the report? */
static enum step step_on_trigger(struct classifier *c, const struct pattern *t,
				 size_t i)
{
	struct splat *s = &c->open;

	if (s->opener->body == BODY_TO_END)
		return panic_step(c->lines[i]);
	/* UML's WARN(): "WARNING: CPU: ..." first, then the message. */
	if ((t->role & ROLE_REFINES_WARN) && s->klass == CC_WARNING &&
	    !s->refined && i - s->head <= 3) {
		s->klass = t->klass;
		s->head = i;
		s->refined = 1;
		return STEP_ABSORB;
	}
	/* __WARN_FLAGS architectures: the message first, then "WARNING:". */
	if ((t->role & ROLE_WARN_HEAD) && (s->opener->role & ROLE_REFINES_WARN) &&
	    !s->has_warn_head && i - s->head <= 3) {
		s->has_warn_head = 1;
		return STEP_ABSORB;
	}
	if ((t->role & ROLE_INNER) && t->klass == s->klass)
		return (t->role & ROLE_CLOSES) ? STEP_ABSORB_CLOSE : STEP_ABSORB;
	return STEP_CLOSE_BEFORE;
}

/* An open report meets an ordinary line. */
static enum step step_on_text(struct classifier *c, size_t i)
{
	struct splat *s = &c->open;
	struct view l = c->lines[i];

	if (s->opener->body == BODY_TO_END)
		return panic_step(l);
	if (i - s->start >= SPLAT_MAX_LINES)
		return STEP_CLOSE_BEFORE;
	switch (s->opener->body) {
	case BODY_SEPARATOR:
		return is_separator(l) ? STEP_ABSORB_CLOSE : STEP_ABSORB;
	case BODY_UNTIL_CLOSER:
		return STEP_ABSORB;
	case BODY_INDENTED:
		return step_from_cont(continuation(c, i));
	case BODY_TRACE:
		if (view_starts(l, "---[ end trace"))
			return STEP_ABSORB_CLOSE;
		if (!s->tail_seen) {
			s->tail_seen = is_tail_start(s->opener, l);
			return STEP_ABSORB;
		}
		return step_from_cont(continuation(c, i));
	case BODY_TO_END:
		break;
	}
	return STEP_ABSORB;
}

/*
 * Lines printed before the one that names the splat but belonging to it: the
 * "=====" frame of lockdep and KASAN, WARN's "cut here", and the register
 * dump UML prints before a kernel-mode-fault panic. Never reaches into an
 * earlier report or past a case marker.
 */
static size_t lookback(const struct classifier *c, const struct pattern *t,
		       size_t i)
{
	size_t j;

	if (i > c->floor && is_separator(c->lines[i - 1]))
		return i - 1;
	for (size_t k = 1; k <= 2 && i >= c->floor + k; k++)
		if (is_cut_here(c->lines[i - k]))
			return i - k;
	if (t->klass != CC_PANIC)
		return i;
	j = i;
	while (j > c->floor && i - j < REGS_LOOKBACK &&
	       is_register_dump_line(c->lines[j - 1]))
		j--;
	return j;
}

/* Copy one line into dst, cut at CC_LINE_MAX_BYTES; returns bytes written.
 * NUL bytes (a console can carry them) become '?' so strings stay whole. */
static size_t copy_line(char *dst, struct view l)
{
	static const char cut[] = "[...]";
	size_t n = l.n > CC_LINE_MAX_BYTES ? CC_LINE_MAX_BYTES : l.n;

	for (size_t k = 0; k < n; k++)
		dst[k] = l.p[k] ? l.p[k] : '?';
	if (n < l.n) {
		memcpy(dst + n, cut, sizeof(cut) - 1);
		n += sizeof(cut) - 1;
	}
	return n;
}

static char *dup_line(struct view l)
{
	char *s = malloc(CC_LINE_MAX_BYTES + 8);

	if (s)
		s[copy_line(s, l)] = '\0';
	return s;
}

static char *dup_view(struct view v)
{
	char *s = malloc(v.n + 1);

	if (s) {
		memcpy(s, v.p, v.n);
		s[v.n] = '\0';
	}
	return s;
}

/* Lines first..last, or their head and tail around a "[... N more lines
 * ...]" line when there are more than CC_EXCERPT_MAX_LINES. */
static char *build_excerpt(const struct view *lines, size_t first, size_t last)
{
	size_t count = last - first + 1, head = count, skipped = 0;
	size_t tail_from = last + 1, size = 64, at = 0;
	char *out;

	if (count > CC_EXCERPT_MAX_LINES) {
		head = EXCERPT_HEAD_LINES;
		skipped = count - (CC_EXCERPT_MAX_LINES - 1);
		tail_from = first + head + skipped;
	}
	size += (head + (last + 1 - tail_from)) * (CC_LINE_MAX_BYTES + 8);
	out = malloc(size);
	if (!out)
		return NULL;
	for (size_t k = first; k <= last; k++) {
		if (k == first + head && skipped) {
			at += (size_t)snprintf(out + at, size - at,
					       "[... %zu more lines ...]\n", skipped);
			k = tail_from - 1;
			continue;
		}
		at += copy_line(out + at, lines[k]);
		out[at++] = '\n';
	}
	out[at ? at - 1 : 0] = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* Noise.                                                              */

struct noise_rule {
	enum cc_class klass;
	int outside_case_only;
	char *case_glob;	/* scope case=GLOB: only in cases so named */
	char *pattern;
};

struct cc_noise {
	struct noise_rule *rules;
	size_t n;
};

static int excerpt_matches(const char *excerpt, const char *pattern)
{
	const char *p = excerpt;

	for (;;) {
		const char *nl = strchr(p, '\n');
		struct view line = { p, nl ? (size_t)(nl - p) : strlen(p) };

		if (glob_anywhere(pattern, line))
			return 1;
		if (!nl)
			return 0;
		p = nl + 1;
	}
}

static int is_noise(const struct cc_noise *noise, const struct cc_finding *f)
{
	if (!noise)
		return 0;
	for (size_t k = 0; k < noise->n; k++) {
		const struct noise_rule *r = &noise->rules[k];

		if (r->klass != f->klass)
			continue;
		if (r->outside_case_only && f->case_idx != -1)
			continue;
		if (r->case_glob &&
		    (f->case_idx == -1 || !glob_all(r->case_glob, f->case_name)))
			continue;
		if (excerpt_matches(f->excerpt, r->pattern))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Findings.                                                           */

static void free_finding(struct cc_finding *f)
{
	free(f->case_name);
	free(f->first_line);
	free(f->excerpt);
}

static int add_finding(struct classifier *c, const struct splat *s)
{
	struct cc_result *res = c->res;
	struct cc_finding f = { 0 };

	if (res->n_findings == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct cc_finding *grown =
			realloc(res->findings, cap * sizeof(*grown));

		if (!grown)
			return -1;
		res->findings = grown;
		c->cap = cap;
	}
	f.case_idx = s->owner.idx;
	f.klass = s->klass;
	f.line_no = s->head + 1;
	f.case_name = dup_view(s->owner.name);
	f.first_line = dup_line(c->lines[s->head]);
	f.excerpt = build_excerpt(c->lines, s->start, s->last);
	if (!f.case_name || !f.first_line || !f.excerpt) {
		free_finding(&f);
		return -1;
	}
	f.noise = is_noise(c->noise, &f);
	res->n_noise += (size_t)f.noise;
	res->findings[res->n_findings++] = f;
	return 0;
}

static int close_open(struct classifier *c)
{
	struct splat *s = &c->open;

	if (!c->is_open)
		return 0;
	c->is_open = 0;
	/* printk("\n") lines at the end say nothing; leave them out. */
	while (s->last > s->head && view_is_blank(c->lines[s->last]))
		s->last--;
	c->floor = s->last + 1;
	return add_finding(c, s);
}

/*
 * A trigger is about to close the open report: the "=====" or "cut here"
 * lines just before it, absorbed while the open report was still reading
 * its body, frame the new report. Hand them back so that lookback finds them.
 */
static void give_back_frame(struct classifier *c, size_t i)
{
	struct splat *s = &c->open;

	while (s->last > s->head && i - s->last <= 2 &&
	       (is_separator(c->lines[s->last]) ||
		is_cut_here(c->lines[s->last])))
		s->last--;
}

static int open_splat(struct classifier *c, const struct pattern *t, size_t i)
{
	struct splat *s = &c->open;

	*s = (struct splat){ 0 };
	s->opener = t;
	s->klass = t->klass;
	s->start = lookback(c, t, i);
	s->head = i;
	s->last = i;
	s->has_warn_head = (t->role & ROLE_WARN_HEAD) != 0;
	s->owner = current_case(&c->cases);
	c->is_open = 1;
	/* A closer with nothing open is a one-line report (a kmemleak
	 * summary, an OOM kill whose dump was rate-limited). */
	if (t->role & ROLE_CLOSES)
		return close_open(c);
	return 0;
}

static int on_marker(struct classifier *c, enum marker_kind kind,
		     struct case_ref ref, size_t i)
{
	if (close_open(c) < 0)
		return -1;
	c->floor = i + 1;
	if (kind == MARK_BEGIN)
		return case_begin(&c->cases, ref);
	case_end(&c->cases, ref);
	return 0;
}

static int feed_line(struct classifier *c, size_t i)
{
	struct case_ref ref;
	enum marker_kind kind = parse_marker(c->lines[i], &ref);
	const struct pattern *t;

	if (kind != MARK_NONE)
		return on_marker(c, kind, ref, i);
	t = match_trigger(c->lines[i]);
	if (c->is_open) {
		enum step st = t ? step_on_trigger(c, t, i) : step_on_text(c, i);

		if (st != STEP_CLOSE_BEFORE) {
			c->open.last = i;
			return st == STEP_ABSORB_CLOSE ? close_open(c) : 0;
		}
		if (t)
			give_back_frame(c, i);
		if (close_open(c) < 0)
			return -1;
	}
	return t ? open_splat(c, t, i) : 0;
}

/* Split the log into stripped line views; *n_out lines. */
static struct view *split_lines(const char *buf, size_t len, size_t *n_out)
{
	size_t n = 0, at = 0, k = 0;
	struct view *lines;

	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	if (len && buf[len - 1] != '\n')
		n++;
	lines = malloc((n ? n : 1) * sizeof(*lines));
	if (!lines)
		return NULL;
	while (at < len) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - buf) : len;

		lines[k++] = strip_console_line(buf + at, end - at);
		at = end + 1;
	}
	*n_out = k;
	return lines;
}

static int finish_result(struct classifier *c)
{
	struct cc_result *res = c->res;

	res->cases_begun = c->cases.begun;
	res->cases_ended = c->cases.ended;
	if (c->cases.n_open) {
		struct case_ref top = c->cases.open[c->cases.n_open - 1];

		res->unfinished = 1;
		res->unfinished_idx = top.idx;
		res->unfinished_name = dup_view(top.name);
		if (!res->unfinished_name)
			return -1;
	}
	return 0;
}

int cc_classify_buffer(const char *buf, size_t len,
		       const struct cc_noise *noise, struct cc_result *out)
{
	struct classifier c = { 0 };
	struct view *lines;
	size_t n = 0;
	int rc = 0;

	*out = (struct cc_result){ 0 };
	lines = split_lines(buf, len, &n);
	if (!lines) {
		errno = ENOMEM;
		return -1;
	}
	c.lines = lines;
	c.n = n;
	c.noise = noise;
	c.res = out;
	out->n_lines = n;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = feed_line(&c, i);
	if (rc == 0)
		rc = close_open(&c);
	if (rc == 0)
		rc = finish_result(&c);
	free(c.cases.open);
	free(lines);
	if (rc < 0) {
		cc_result_free(out);
		errno = ENOMEM;
	}
	return rc;
}

/* Read all of in; NUL-safe (the length is what counts). */
static int read_all(FILE *in, char **buf_out, size_t *len_out)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -1;
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, in);

		len += got;
		if (len < cap) {
			if (ferror(in)) {
				int saved = errno ? errno : EIO;

				free(buf);
				errno = saved;
				return -1;
			}
			break;
		}
		char *grown = realloc(buf, cap * 2);

		if (!grown) {
			free(buf);
			errno = ENOMEM;
			return -1;
		}
		buf = grown;
		cap *= 2;
	}
	*buf_out = buf;
	*len_out = len;
	return 0;
}

int cc_classify_stream(FILE *in, const struct cc_noise *noise,
		       struct cc_result *out)
{
	char *buf;
	size_t len;
	int rc;

	*out = (struct cc_result){ 0 };
	if (read_all(in, &buf, &len) < 0)
		return -1;
	rc = cc_classify_buffer(buf, len, noise, out);
	free(buf);
	return rc;
}

int cc_classify_file(const char *path, const struct cc_noise *noise,
		     struct cc_result *out)
{
	FILE *in = fopen(path, "rb");
	int rc, saved;

	*out = (struct cc_result){ 0 };
	if (!in)
		return -1;
	rc = cc_classify_stream(in, noise, out);
	saved = errno;
	fclose(in);
	errno = saved;
	return rc;
}

void cc_result_free(struct cc_result *res)
{
	if (!res)
		return;
	for (size_t k = 0; k < res->n_findings; k++)
		free_finding(&res->findings[k]);
	free(res->findings);
	free(res->unfinished_name);
	*res = (struct cc_result){ 0 };
}

size_t cc_real_findings(const struct cc_result *res)
{
	return res->n_findings - res->n_noise;
}

/* ------------------------------------------------------------------ */
/* Class names.                                                        */

static const char *const class_names[CC_CLASS_COUNT] = {
	[CC_PANIC] = "panic",
	[CC_KASAN] = "kasan",
	[CC_LOCKDEP] = "lockdep",
	[CC_ATOMIC_SLEEP] = "atomic_sleep",
	[CC_IRQS_DISABLED] = "irqs_disabled",
	[CC_KMEMLEAK] = "kmemleak",
	[CC_HUNG_TASK] = "hung_task",
	[CC_SOFT_LOCKUP] = "soft_lockup",
	[CC_RCU_STALL] = "rcu_stall",
	[CC_OOM_KILL] = "oom_kill",
	[CC_OOPS_BUG] = "oops_bug",
	[CC_WARNING] = "warning",
	[CC_ALLOC_WARN] = "alloc_warn",
};

const char *cc_class_name(enum cc_class klass)
{
	if ((unsigned)klass >= CC_CLASS_COUNT)
		return "?";
	return class_names[klass];
}

int cc_class_from_name(const char *name, enum cc_class *out)
{
	for (int k = 0; k < CC_CLASS_COUNT; k++) {
		if (strcmp(name, class_names[k]) == 0) {
			*out = (enum cc_class)k;
			return 0;
		}
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Noise list parsing.                                                 */

static struct view trim(struct view v)
{
	while (v.n && (v.p[0] == ' ' || v.p[0] == '\t')) {
		v.p++;
		v.n--;
	}
	while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' ||
		       v.p[v.n - 1] == '\r'))
		v.n--;
	return v;
}

/* Next whitespace-separated word of *v, consumed. */
static struct view next_word(struct view *v)
{
	size_t i = 0;
	struct view w;

	while (i < v->n && v->p[i] != ' ' && v->p[i] != '\t')
		i++;
	w = (struct view){ v->p, i };
	*v = trim((struct view){ v->p + i, v->n - i });
	return w;
}

static void class_list(char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (int k = 0; k < CC_CLASS_COUNT && at < len; k++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", k ? ", " : "",
				       class_names[k]);
}

static int parse_rule(struct view line, struct noise_rule *r, char *why,
		      size_t whylen)
{
	struct view rest = line;
	struct view klass = next_word(&rest);
	struct view scope = next_word(&rest);
	char word[64];

	snprintf(word, sizeof(word), "%.*s", (int)klass.n, klass.p);
	if (klass.n >= sizeof(word) || cc_class_from_name(word, &r->klass) < 0) {
		char names[256];

		class_list(names, sizeof(names));
		snprintf(why, whylen, "unknown class '%s' (one of: %s)", word,
			 names);
		return -1;
	}
	if (scope.n == 12 && memcmp(scope.p, "outside-case", 12) == 0) {
		r->outside_case_only = 1;
	} else if (scope.n == 8 && memcmp(scope.p, "anywhere", 8) == 0) {
		r->outside_case_only = 0;
	} else if (scope.n > 5 && memcmp(scope.p, "case=", 5) == 0) {
		r->outside_case_only = 0;
		r->case_glob = dup_view((struct view){ scope.p + 5, scope.n - 5 });
		if (!r->case_glob) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
	} else {
		snprintf(why, whylen,
			 "unknown scope '%.*s' (outside-case, anywhere or case=GLOB)",
			 (int)(scope.n > 40 ? 40 : scope.n), scope.p);
		return -1;
	}
	if (rest.n == 0 || (rest.n == 1 && rest.p[0] == '*')) {
		snprintf(why, whylen, "missing pattern after the scope");
		return -1;
	}
	r->pattern = dup_view(rest);
	if (!r->pattern) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

void cc_noise_free(struct cc_noise *noise)
{
	if (!noise)
		return;
	for (size_t k = 0; k < noise->n; k++) {
		free(noise->rules[k].pattern);
		free(noise->rules[k].case_glob);
	}
	free(noise->rules);
	free(noise);
}

size_t cc_noise_count(const struct cc_noise *noise)
{
	return noise ? noise->n : 0;
}

static int noise_add(struct cc_noise *noise, struct noise_rule r, size_t *cap)
{
	if (noise->n == *cap) {
		size_t grown_cap = *cap ? 2 * *cap : 8;
		struct noise_rule *grown =
			realloc(noise->rules, grown_cap * sizeof(*grown));

		if (!grown)
			return -1;
		noise->rules = grown;
		*cap = grown_cap;
	}
	noise->rules[noise->n++] = r;
	return 0;
}

int cc_noise_parse(const char *text, size_t len, const char *origin,
		   struct cc_noise **out, char *err, size_t errlen)
{
	struct cc_noise *noise = calloc(1, sizeof(*noise));
	size_t at = 0, line_no = 0, cap = 0;

	*out = NULL;
	if (!noise) {
		snprintf(err, errlen, "%s: out of memory", origin);
		return -1;
	}
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct view line = trim((struct view){ text + at, end - at });
		struct noise_rule r = { 0 };
		char why[400];

		at = end + 1;
		line_no++;
		if (line.n == 0 || line.p[0] == '#')
			continue;
		if (parse_rule(line, &r, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s:%zu: %s", origin, line_no, why);
			cc_noise_free(noise);
			return -1;
		}
		if (noise_add(noise, r, &cap) < 0) {
			free(r.pattern);
			snprintf(err, errlen, "%s:%zu: out of memory", origin,
				 line_no);
			cc_noise_free(noise);
			return -1;
		}
	}
	*out = noise;
	return 0;
}

int cc_noise_load(const char *path, struct cc_noise **out, char *err,
		  size_t errlen)
{
	FILE *in = fopen(path, "rb");
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (!in || read_all(in, &buf, &len) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (in)
			fclose(in);
		return -1;
	}
	fclose(in);
	rc = cc_noise_parse(buf, len, path, out, err, errlen);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Output.                                                             */

static size_t escaped_len(unsigned char ch)
{
	if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r')
		return 2;
	if (ch < 0x20 || ch == 0x7f)
		return 4;
	return 1;
}

char *cc_escape_field(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t size = 1, at = 0;
	char *out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		size += escaped_len(*p);
	out = malloc(size);
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char ch = *p;

		if (escaped_len(ch) == 1) {
			out[at++] = (char)ch;
			continue;
		}
		out[at++] = '\\';
		switch (ch) {
		case '\\': out[at++] = '\\'; break;
		case '\t': out[at++] = 't'; break;
		case '\n': out[at++] = 'n'; break;
		case '\r': out[at++] = 'r'; break;
		default:
			out[at++] = 'x';
			out[at++] = hex[ch >> 4];
			out[at++] = hex[ch & 15];
		}
	}
	out[at] = '\0';
	return out;
}

static int write_finding(FILE *out, const struct cc_finding *f)
{
	char *name = cc_escape_field(f->case_name);
	char *first = cc_escape_field(f->first_line);
	char *excerpt = cc_escape_field(f->excerpt);
	int rc = -1;

	if (name && first && excerpt &&
	    fprintf(out, "%ld\t%s\t%s\t%zu\t%s\t%s\n", f->case_idx, name,
		    f->noise ? "noise" : cc_class_name(f->klass), f->line_no,
		    first, excerpt) >= 0)
		rc = 0;
	free(name);
	free(first);
	free(excerpt);
	return rc;
}

int cc_write_tsv(FILE *out, const struct cc_result *res, int show_noise)
{
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct cc_finding *f = &res->findings[k];

		if (f->noise && !show_noise)
			continue;
		if (write_finding(out, f) < 0)
			return -1;
	}
	fprintf(out, "# noise %zu\n", res->n_noise);
	fprintf(out, "# cases-ended %zu\n", res->cases_ended);
	fprintf(out, "# cases-begun %zu\n", res->cases_begun);
	if (res->unfinished) {
		char *name = cc_escape_field(res->unfinished_name);

		if (!name)
			return -1;
		fprintf(out, "# unfinished %ld %s\n", res->unfinished_idx, name);
		free(name);
	}
	return ferror(out) ? -1 : 0;
}
