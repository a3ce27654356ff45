// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's case markers (MARKER rows of patterns.def) and which case
 * a report belongs to.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

const struct case_ref no_case = { -1, { "-", 1 } };

static const struct {
	enum marker_kind kind;
	const char *text;
} markers[] = {
#define MARKER(kind, text) { MARK_##kind, text },
#include "patterns.def"
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

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
	/* 18 digits fit a long; a longer number is no marker of ours. */
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
enum marker_kind marker_parse(struct view line, struct case_ref *ref)
{
	for (size_t k = 0; k < sizeof(markers) / sizeof(markers[0]); k++) {
		size_t len = strlen(markers[k].text);
		long at = view_find(line, markers[k].text);

		if (at < 0)
			continue;
		struct view rest = { line.p + at + len, line.n - (size_t)at - len };

		return parse_case_ref(rest, ref) ? markers[k].kind : MARK_NONE;
	}
	return MARK_NONE;
}

/*
 * Which case a report belongs to: the last case begun and not yet ended;
 * when every case has ended, the one that ended last (late reports such as
 * a kmemleak scan or a hung task name the case that caused them); before
 * the first case, none.
 */
struct case_ref cases_current(const struct cases *c)
{
	if (c->n_open)
		return c->open[c->n_open - 1];
	if (c->have_last_ended)
		return c->last_ended;
	return no_case;
}

int cases_begin(struct cases *c, struct case_ref ref)
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

void cases_end(struct cases *c, struct case_ref ref)
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

void cases_free(struct cases *c)
{
	free(c->open);
	*c = (struct cases){ 0 };
}
