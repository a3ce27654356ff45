/*
 * A case's verdict as data: every violated oracle, the most severe bug
 * class, and the first violation's words (see mt_finding.h and
 * docs/RESULTS.md). Shared by the case executor, the stress engine and the
 * runner, which all fill the same struct mt_result.
 */
#include "result.h"

#include <stdio.h>
#include <string.h>

const char *mt_status_name(enum mt_status s)
{
	return s == MT_PASS ? "pass" : s == MT_FAIL ? "fail" : s == MT_NA ? "n/a" : "skip";
}

void mt_result_saw(struct mt_result *r, enum mt_oracle o, enum mt_bug b)
{
	if (!r->oracles) {
		r->oracle = o;
		r->bug = b;
	}
	r->oracles |= 1u << o;
	r->bugs |= 1ull << b;
	r->bug = mt_bug_worse(r->bug, b);
}

void mt_result_vfail(struct mt_result *r, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
		     const char *fmt, va_list ap)
{
	if (r->status != MT_FAIL) {
		r->status = MT_FAIL;
		r->oracles = 0;
		r->bugs = 0;
		mt_result_saw(r, o, b);
		snprintf(r->expected, sizeof(r->expected), "%s", expected);
		snprintf(r->got, sizeof(r->got), "%s", got);
		vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
		return;
	}
	mt_result_saw(r, o, b);
	size_t n = strlen(r->detail);

	if (n + 16 < sizeof(r->detail)) {
		n += (size_t)snprintf(r->detail + n, sizeof(r->detail) - n, "; also %s: ", mt_oracle_name(o));
		if (n < sizeof(r->detail))
			vsnprintf(r->detail + n, sizeof(r->detail) - n, fmt, ap);
	}
}

void mt_result_fail(struct mt_result *r, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mt_result_vfail(r, o, b, expected, got, fmt, ap);
	va_end(ap);
}

/* The names of the bits set in @mask, comma-separated, into @out. */
static void names(uint64_t mask, int count, const char *(*name)(int), char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	for (int i = 0; i < count; i++)
		if (mask & (1ull << i) && k < n)
			k += (size_t)snprintf(out + k, n - k, "%s%s", k ? "," : "", name(i));
}

static const char *bug_name(int i)
{
	return mt_bug_name((enum mt_bug)i);
}

static const char *oracle_name(int i)
{
	return mt_oracle_name((enum mt_oracle)i);
}

void mt_result_bugs(const struct mt_result *r, char *out, size_t n)
{
	names(r->bugs, MT_BUG_COUNT, bug_name, out, n);
}

void mt_result_oracles(const struct mt_result *r, char *out, size_t n)
{
	names(r->oracles, MT_OR_COUNT, oracle_name, out, n);
}
