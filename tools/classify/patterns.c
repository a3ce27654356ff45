// SPDX-License-Identifier: GPL-2.0
/*
 * The line shapes of patterns.def as tables, and the questions the report
 * state machine asks of a line. All the strings live in patterns.def; what
 * is here is how a row kind is matched.
 */
#include "engine.h"

#include <string.h>

/*
 * printk lines are at most 1024 bytes (PRINTK_MESSAGE_MAX); a longer
 * "line" is user-space output or garbage. Matching triggers only in its
 * first bytes keeps the work per line bounded whatever the log holds
 * (the matcher is quadratic in the worst case).
 */
#define MATCH_MAX_BYTES 2048

static struct view match_window(struct view l)
{
	if (l.n > MATCH_MAX_BYTES)
		l.n = MATCH_MAX_BYTES;
	return l;
}

/* The ROLES and BODY words of patterns.def. */
#define OPENS ROLE_OPENS
#define REFINES_WARN ROLE_REFINES_WARN
#define WARN_HEAD ROLE_WARN_HEAD
#define INNER ROLE_INNER
#define CLOSES ROLE_CLOSES
#define START AT_START

static const struct pattern triggers[] = {
#define TRIGGER(klass, anchor, glob, body, roles, tail) \
	{ CC_##klass, anchor, glob, BODY_##body, roles, tail },
#include "patterns.def"
};

static const char *const tails[] = {
#define TAIL(glob) glob,
#include "patterns.def"
};

enum shape { SHAPE_PREFIX, SHAPE_INDENT, SHAPE_PR_INDENT, SHAPE_SEPARATOR };

/* CLASS ANY of a CONT row: one past the last class. */
#define CC_ANY CC_CLASS_COUNT

static const struct {
	unsigned klass; /* an enum cc_class, or CC_ANY */
	enum shape shape;
	const char *glob;
	enum cont effect;
} conts[] = {
#define CONT(klass, shape, glob, effect) \
	{ CC_##klass, SHAPE_##shape, glob, CONT_##effect },
#include "patterns.def"
};

static const char *const regs[] = {
#define REGS(glob) glob,
#include "patterns.def"
};

static const char *const frames[] = {
#define FRAME(glob) glob,
#include "patterns.def"
};

enum end_kind { END_TRACE, END_PANIC };

static const struct {
	enum end_kind kind;
	const char *glob;
} ends[] = {
#define END(kind, glob) { END_##kind, glob },
#include "patterns.def"
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct pattern *pattern_trigger(struct view line)
{
	line = match_window(line);
	for (size_t k = 0; k < COUNT(triggers); k++) {
		const struct pattern *t = &triggers[k];
		int hit = t->anchor == AT_START ? glob_at_start(t->glob, line)
						: glob_anywhere(t->glob, line);
		if (hit)
			return t;
	}
	return NULL;
}

int pattern_is_separator(struct view l)
{
	size_t i = 0;

	while (i < l.n && l.p[i] == '=')
		i++;
	return i >= 10 && view_is_blank((struct view){ l.p + i, l.n - i });
}

int pattern_is_cut_here(struct view l)
{
	l = match_window(l);
	for (size_t k = 0; k < COUNT(frames); k++)
		if (glob_anywhere(frames[k], l))
			return 1;
	return 0;
}

static int starts_any(const char *const *globs, size_t n, struct view l)
{
	l = match_window(l);
	for (size_t k = 0; k < n; k++)
		if (glob_at_start(globs[k], l))
			return 1;
	return 0;
}

int pattern_is_register_dump(struct view l)
{
	return starts_any(regs, COUNT(regs), l);
}

int pattern_is_tail_start(const struct pattern *opener, struct view l)
{
	if (opener->tail)
		return glob_at_start(opener->tail, match_window(l));
	return starts_any(tails, COUNT(tails), l);
}

static int is_digit_or_lower(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* "kmemleak:   comm ...", "rcu: \t0-....": a pr_fmt prefix, then indent. */
static int is_prefixed_indent(struct view l)
{
	size_t i = 0;

	while (i < l.n && is_digit_or_lower(l.p[i]))
		i++;
	return i > 0 && i + 2 < l.n && l.p[i] == ':' && l.p[i + 1] == ' ' &&
	       (l.p[i + 2] == ' ' || l.p[i + 2] == '\t');
}

static int shape_matches(enum shape shape, const char *glob, struct view l)
{
	switch (shape) {
	case SHAPE_PREFIX:
		return glob_at_start(glob, match_window(l));
	case SHAPE_INDENT:
		return l.n && (l.p[0] == ' ' || l.p[0] == '\t');
	case SHAPE_PR_INDENT:
		return is_prefixed_indent(l);
	case SHAPE_SEPARATOR:
		return pattern_is_separator(l);
	}
	return 0;
}

enum cont pattern_continuation(struct view l, enum cc_class klass)
{
	for (size_t k = 0; k < COUNT(conts); k++) {
		if (conts[k].klass != CC_ANY && conts[k].klass != (unsigned)klass)
			continue;
		if (shape_matches(conts[k].shape, conts[k].glob, l))
			return conts[k].effect;
	}
	return CONT_NO;
}

static int is_end(enum end_kind kind, struct view l)
{
	l = match_window(l);
	for (size_t k = 0; k < COUNT(ends); k++)
		if (ends[k].kind == kind && glob_at_start(ends[k].glob, l))
			return 1;
	return 0;
}

int pattern_is_end_trace(struct view l)
{
	return is_end(END_TRACE, l);
}

int pattern_is_end_panic(struct view l)
{
	return is_end(END_PANIC, l);
}
