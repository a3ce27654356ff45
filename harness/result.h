/*
 * A case's verdict as data (result.c): every violated oracle, the most
 * severe bug class, and the first violation's words. The case executor,
 * the stress engine and the runner all fill this one struct.
 */
#ifndef MT_RESULT_H
#define MT_RESULT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conventions.h"
#include "mt_finding.h"

/* MT_NA: the kernel is built without what the case needs (case_needs.h) */
enum mt_status { MT_PASS, MT_FAIL, MT_SKIP, MT_NA };

struct mt_result {
	enum mt_status status;
	char call[192];     /* the call that decided, e.g. "get(buf=NULL, len=16)" */
	char expected[192];
	char got[192];
	char detail[768];
	unsigned oracles;   /* every oracle the case violated: 1u << enum mt_oracle */
	enum mt_oracle oracle; /* the one that decided (the first violated) */
	enum mt_bug bug;    /* the most severe class among the violations */
	uint64_t bugs;      /* every class among them: 1ull << enum mt_bug */
	bool has_conv;      /* the probe ran: conv holds what it learned */
	struct mt_conventions conv;
	bool box_unusable;  /* the box cannot be emptied or a caller is stuck:
	                     * the runner reboots before the next case */
};

/*
 * Record a violation: the first one fills call's expected/got/detail; each
 * later one adds its oracle, keeps the most severe class and is appended
 * to the detail ("; also ORACLE: ..."). Works on a result shared with the
 * case's child (no allocation).
 */
void mt_result_fail(struct mt_result *r, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void mt_result_vfail(struct mt_result *r, enum mt_oracle o, enum mt_bug b, const char *expected, const char *got,
		     const char *fmt, va_list ap);
/* Oracle @o saw class @b: the masks and the most severe class only (the
 * stress engine, which writes its own words). */
void mt_result_saw(struct mt_result *r, enum mt_oracle o, enum mt_bug b);
/* The oracles / bug classes of @r as a comma-separated list, into @out. */
void mt_result_oracles(const struct mt_result *r, char *out, size_t n);
void mt_result_bugs(const struct mt_result *r, char *out, size_t n);

const char *mt_status_name(enum mt_status s);

#endif
