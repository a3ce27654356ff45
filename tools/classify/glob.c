// SPDX-License-Identifier: GPL-2.0
/*
 * The one wildcard of the pattern data and the noise list: '*' matches any
 * run of bytes (also none). There is no escape for a literal '*': the
 * kernel messages we match have none, and a smaller language is one less
 * thing to get wrong in a data file.
 */
#include "engine.h"

#include <stdint.h>
#include <string.h>

/*
 * Does pat match a prefix of s[0..n) (whole: all of it)? Iterative with one
 * backtrack point (the last '*'), the classic wildcard matcher: at most
 * O(len(pat) * n) steps and no recursion, so a console line of any length
 * (or a fuzzer's input) can neither blow the stack nor take exponential time.
 */
static int glob_match(const char *pat, const char *s, size_t n, int whole)
{
	size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;

	for (;;) {
		if (pat[pi] == '\0' && (!whole || si == n))
			return 1;
		if (pat[pi] == '*') {
			star_p = pi++;
			star_s = si;
			continue;
		}
		if (pat[pi] != '\0' && si < n && pat[pi] == s[si]) {
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

static int glob_prefix(const char *pat, const char *s, size_t n)
{
	return glob_match(pat, s, n, 0);
}

int glob_at_start(const char *pat, struct view v)
{
	return glob_prefix(pat, v.p, v.n);
}

int glob_anywhere(const char *pat, struct view v)
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

int glob_all(const char *pat, const char *s)
{
	return glob_match(pat, s, strlen(s), 1);
}
