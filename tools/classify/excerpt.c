// SPDX-License-Identifier: GPL-2.0
/*
 * Copying a report's lines into a finding: the first line and the excerpt,
 * each line cut at CC_LINE_MAX_BYTES, a long report cut to its head and
 * tail, so one finding stays readable and a findings file stays small.
 */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Excerpt of a long report: this many lines from the start, then one
 * "[... N more lines ...]" line, then the last lines up to the cap. */
#define EXCERPT_HEAD_LINES 30

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

char *excerpt_line(struct view l)
{
	char *s = malloc(CC_LINE_MAX_BYTES + 8);

	if (s)
		s[copy_line(s, l)] = '\0';
	return s;
}

char *excerpt_build(const struct view *lines, size_t first, size_t last)
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
