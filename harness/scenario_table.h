/*
 * Stress scenarios: one per row of a tab-separated file (cases/stress.tsv).
 *
 *   name  workers  ops  mix  sizes  uffd  signals  faults  seed  baseline
 *
 * name     unique, no spaces; selected like a case (CASES=glob)
 * workers  processes issuing calls at once (1..256)
 * ops      calls in all, shared out among the workers (>= workers)
 * mix      share of puts in percent (the rest are gets), 1..99
 * sizes    message sizes: all (0, anonymous 1..15, small, page-crossing,
 *          above 8 KiB, max_msg_len) | all:N (the same, none above N
 *          bytes: a file without a length bound would otherwise be
 *          stressed with the probe's 4 MiB) | small (16..256) | fixed:N
 * uffd     percent of calls whose buffer sits on a userfaultfd page: the
 *          call is held inside copy_*_user while other calls run (0..100)
 * signals  none | kill (SIGKILL random workers) | stop (SIGSTOP/SIGCONT)
 *          | kill+stop
 * faults   none | comma list of failslab=P, fail_page_alloc=P,
 *          fail_usercopy=P (percent, task-filtered to the workers)
 * seed     decides every choice of the run (decimal or 0x hex)
 * baseline raw (a plain scenario also times the same calls unlogged, in
 *          alternating rounds: the plain/raw ratio, a speed figure that
 *          judges nothing and doubles the calls) | none
 *
 * Lines starting with '#' and empty lines are ignored.
 */
#ifndef MT_SCENARIO_TABLE_H
#define MT_SCENARIO_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define MT_SC_COLS 10
#define MT_SIG_KILL 0x1u
#define MT_SIG_STOP 0x2u

enum mt_sizes { MT_SIZES_ALL, MT_SIZES_SMALL, MT_SIZES_FIXED };

struct mt_scenario {
	char name[64];
	int workers;
	long ops;
	int put_pct;
	enum mt_sizes sizes;
	int fixed_len;      /* for MT_SIZES_FIXED */
	int max_size;       /* all:N: N; 0: up to max_msg_len */
	int uffd_pct;
	unsigned signals;   /* MT_SIG_* */
	int fail_slab, fail_page_alloc, fail_usercopy; /* percent */
	uint64_t seed;
	int baseline;       /* raw: time the calls unlogged too (plain only) */
	char where[160];    /* file:line */
};

struct mt_scenario_table {
	struct mt_scenario *sc;
	size_t n;
};

/* Parse one row (tabs between cells, no newline); 0 or -1 with @err. */
int mt_scenario_parse(const char *line, struct mt_scenario *sc, char *err, size_t errlen);
/* Append the rows of @path; 0, or -1 with "file:line: ..." in @err. */
int mt_scenario_load(const char *path, struct mt_scenario_table *t, char *err, size_t errlen);
void mt_scenario_free(struct mt_scenario_table *t);
/* Is this a plain scenario (no uffd, no signals, no faults)? */
int mt_scenario_plain(const struct mt_scenario *sc);
/* The row back as text, for reports: "workers=16 ops=..." */
void mt_scenario_format(const struct mt_scenario *sc, char *out, size_t n);

#endif
