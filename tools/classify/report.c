// SPDX-License-Identifier: GPL-2.0
/*
 * The state machine that groups console lines into reports, one finding
 * each (modelled on rcutorture's parse-console.sh and console-badness.sh,
 * but grouping lines instead of counting them):
 *
 *  - Case markers close any open report and move the "current case".
 *  - A TRIGGER line (patterns.def, first match wins) opens a report,
 *    unless the open report claims it (a WARN's message refining a generic
 *    warning, a panic swallowing what follows, INNER lines of the same
 *    class).
 *  - A report ends where the kernel's own printing of it ends: at
 *    "---[ end trace", at KASAN's closing "=====" line, after the call
 *    trace (the first line that is no longer part of a stack dump), at the
 *    next trigger or marker, or at the end of the log for a panic.
 *
 * Which line shapes mean what is all in patterns.def; this file only knows
 * the order in which the questions are asked.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

/* A report that runs longer than this without ending is closed anyway, so a
 * report whose end we failed to see cannot swallow the rest of the log. */
#define SPLAT_MAX_LINES 600
/* How far back a panic looks for the register dump UML prints before it. */
#define REGS_LOOKBACK 12
/* How far back (and, for a WARN's message, forward) the lines of one WARN()
 * can be from each other: "cut here", "WARNING:", the message. */
#define WARN_SPAN 3

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
		return pattern_continuation(l, c->open.klass);
	/* A blank line (printk("\n")) belongs to the report only when the
	 * report goes on after it. */
	if (i + 1 < c->n && !view_is_blank(c->lines[i + 1]) &&
	    pattern_continuation(c->lines[i + 1], c->open.klass) != CONT_NO)
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
	return pattern_is_end_panic(l) ? STEP_ABSORB_CLOSE : STEP_ABSORB;
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
	    !s->refined && i - s->head <= WARN_SPAN) {
		s->klass = t->klass;
		s->head = i;
		s->refined = 1;
		return STEP_ABSORB;
	}
	/* __WARN_FLAGS architectures: the message first, then "WARNING:". */
	if ((t->role & ROLE_WARN_HEAD) && (s->opener->role & ROLE_REFINES_WARN) &&
	    !s->has_warn_head && i - s->head <= WARN_SPAN) {
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
		return pattern_is_separator(l) ? STEP_ABSORB_CLOSE : STEP_ABSORB;
	case BODY_UNTIL_CLOSER:
		return STEP_ABSORB;
	case BODY_INDENTED:
		return step_from_cont(continuation(c, i));
	case BODY_TRACE:
		if (pattern_is_end_trace(l))
			return STEP_ABSORB_CLOSE;
		if (!s->tail_seen) {
			s->tail_seen = pattern_is_tail_start(s->opener, l);
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
 * "=====" frame of lockdep, KASAN and SLUB, WARN's "cut here", and the
 * register dump UML prints before a kernel-mode-fault panic. Never reaches
 * into an earlier report or past a case marker.
 */
static size_t lookback(const struct classifier *c, const struct pattern *t,
		       size_t i)
{
	size_t j;

	if (i > c->floor && pattern_is_separator(c->lines[i - 1]))
		return i - 1;
	for (size_t k = 1; k <= 2 && i >= c->floor + k; k++)
		if (pattern_is_cut_here(c->lines[i - k]))
			return i - k;
	if (t->klass != CC_PANIC)
		return i;
	j = i;
	while (j > c->floor && i - j < REGS_LOOKBACK &&
	       pattern_is_register_dump(c->lines[j - 1]))
		j--;
	return j;
}

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
	f.case_name = view_dup(s->owner.name);
	f.first_line = excerpt_line(c->lines[s->head]);
	f.excerpt = excerpt_build(c->lines, s->start, s->last);
	if (!f.case_name || !f.first_line || !f.excerpt) {
		free_finding(&f);
		return -1;
	}
	f.bug = bug_of(f.klass, f.first_line);
	f.noise = noise_matches(c->noise, &f);
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
	       (pattern_is_separator(c->lines[s->last]) ||
		pattern_is_cut_here(c->lines[s->last])))
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
	s->owner = cases_current(&c->cases);
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
		return cases_begin(&c->cases, ref);
	cases_end(&c->cases, ref);
	return 0;
}

static int feed_line(struct classifier *c, size_t i)
{
	struct case_ref ref;
	enum marker_kind kind = marker_parse(c->lines[i], &ref);
	const struct pattern *t;

	if (kind != MARK_NONE)
		return on_marker(c, kind, ref, i);
	t = pattern_trigger(c->lines[i]);
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

static int finish_result(struct classifier *c)
{
	struct cc_result *res = c->res;

	res->cases_begun = c->cases.begun;
	res->cases_ended = c->cases.ended;
	if (c->cases.n_open) {
		struct case_ref top = c->cases.open[c->cases.n_open - 1];

		res->unfinished = 1;
		res->unfinished_idx = top.idx;
		res->unfinished_name = view_dup(top.name);
		if (!res->unfinished_name)
			return -1;
	}
	return 0;
}

int report_run(const struct view *lines, size_t n,
	       const struct cc_noise *noise, struct cc_result *res)
{
	struct classifier c = { 0 };
	int rc = 0;

	c.lines = lines;
	c.n = n;
	c.noise = noise;
	c.res = res;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = feed_line(&c, i);
	if (rc == 0)
		rc = close_open(&c);
	if (rc == 0)
		rc = finish_result(&c);
	cases_free(&c.cases);
	return rc;
}
