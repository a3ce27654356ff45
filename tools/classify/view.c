// SPDX-License-Identifier: GPL-2.0
/*
 * Text views: a pointer and a length into the log. The classifier never
 * copies a line until it becomes part of a finding, and a console log may
 * hold NUL bytes, so nothing here relies on a terminating NUL.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

int view_starts(struct view v, const char *prefix)
{
	size_t k = strlen(prefix);

	return v.n >= k && memcmp(v.p, prefix, k) == 0;
}

int view_is_blank(struct view v)
{
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] != ' ' && v.p[i] != '\t')
			return 0;
	return 1;
}

long view_find(struct view v, const char *needle)
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

struct view view_trim(struct view v)
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

struct view view_next_word(struct view *v)
{
	size_t i = 0;
	struct view w;

	while (i < v->n && v->p[i] != ' ' && v->p[i] != '\t')
		i++;
	w = (struct view){ v->p, i };
	*v = view_trim((struct view){ v->p + i, v->n - i });
	return w;
}

char *view_dup(struct view v)
{
	char *s = malloc(v.n + 1);

	if (s) {
		memcpy(s, v.p, v.n);
		s[v.n] = '\0';
	}
	return s;
}
