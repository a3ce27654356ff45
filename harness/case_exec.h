/* Runs one row of a case table (in the case's own child process). */
#ifndef MT_CASE_EXEC_H
#define MT_CASE_EXEC_H

#include <stdarg.h>
#include <stdint.h>

#include "case_table.h"
#include "conventions.h"
#include "mt_finding.h"

enum mt_status { MT_PASS, MT_FAIL, MT_SKIP };
enum mt_profile { MT_STRICT, MT_LENIENT };

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

/* Writer id of messages the setup puts (cases use their index). */
#define MT_SETUP_WRITER 0xfffff

void mt_case_exec(const struct mt_case *c, int idx, enum mt_profile profile, struct mt_result *r);
/* Empty the box (get until it says empty, as the conventions learned),
 * with at most MT_DRAIN_MAX_CALLS gets in MT_DRAIN_MAX_SECS; returns the
 * messages removed, -ELOOP when it never emptied (the same answer again and
 * again: a message that never leaves, a get that always succeeds),
 * -EINPROGRESS when messages were still coming out as the time ran out (a
 * box filled on purpose, drained slowly: no finding, a fresh boot), or the
 * get's -errno. */
#define MT_DRAIN_MAX_CALLS 2000000
#define MT_DRAIN_MAX_SECS 20 /* below run-suite.sh's no-progress watchdog (case timeout + 30 s) */
long mt_box_drain(void);
const char *mt_status_name(enum mt_status s);

#endif
