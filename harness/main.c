/*
 * msgbox-torture: the functional suite, run inside UML by uml-init (or by
 * hand in any kernel that has the calls).
 *
 *   msgbox-torture [--cases FILE]... [--scenarios FILE]... [--only GLOBS]
 *                  [--start N] [--stop N] [--profile strict|lenient] [--timeout S]
 *                  [--results DIR] [--list] [--list-calls]
 *                  [--seed N] [--ops N] [--workers N] [--stress-timeout S]
 *
 * Stress scenarios (--scenarios cases/stress.tsv, see scenario_table.h) run
 * after the cases, one "case" each; --seed, --ops and --workers replace
 * those of every scenario.
 *
 * Exit: 0 all cases passed or skipped, 1 a case failed, 2 bad usage,
 * 3 the run could not finish (a process stuck in the kernel).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "case_runner.h"
#include "mt_sys.h"
#include "pointers.h"
#include "mt_syscalls.h"

static int usage(const char *msg)
{
	fprintf(stderr, "msgbox-torture: %s; usage: msgbox-torture [--cases FILE]... [--scenarios FILE]... "
		"[--only GLOBS] [--start N] [--stop N] [--profile strict|lenient] [--timeout S] [--results DIR] [--list] "
		"[--seed N] [--ops N] [--workers N] [--stress-timeout S]\n", msg);
	return 2;
}

static void write_done(const char *dir, int code, const struct mt_run_totals *t)
{
	char path[512];
	struct utsname u;
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/done", dir);
	f = fopen(path, "a");
	if (!f)
		return;
	uname(&u);
	fprintf(f, "exit\t%d\npassed\t%d\nfailed\t%d\nskipped\t%d\nnot_applicable\t%d\nrelease\t%s\n", code,
		t->passed, t->failed, t->skipped, t->not_applicable, u.release);
	fclose(f);
}

/* The box is unusable after a case: ask for a fresh boot from @idx. */
static void write_resume(const char *dir, int idx)
{
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/resume", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "%d\n", idx);
	fsync(fileno(f));
	fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cases", required_argument, NULL, 'c' },  { "only", required_argument, NULL, 'o' },
		{ "start", required_argument, NULL, 's' },  { "profile", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' }, { "results", required_argument, NULL, 'r' },
		{ "list", no_argument, NULL, 'l' },          { "scenarios", required_argument, NULL, 'S' },
		{ "seed", required_argument, NULL, 'e' },    { "ops", required_argument, NULL, 'n' },
		{ "workers", required_argument, NULL, 'w' }, { "stress-timeout", required_argument, NULL, 'T' },
		{ "list-calls", no_argument, NULL, 'L' },    { "stop", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct mt_run_opts o = { .timeout_s = 30, .profile = MT_STRICT, .stress = { .timeout_s = 1800 } };
	struct mt_scenario_table sc = { 0 };
	struct mt_case_table t = { 0 };
	struct mt_run_totals tot = { 0 };
	char err[512];
	int opt, list = 0, loaded = 0, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * The runner must not need a free page while a case fills the kernel's
	 * memory (exhaust.*): its pages stay resident. Not inherited by the
	 * case processes (fork), so userfaultfd windows there are unaffected.
	 */
	mlockall(MCL_CURRENT);
	/* the drains' "a message that never leaves" counts puts: box_drain.h */
	if (mt_put_count_share()) {
		perror("msgbox-torture: mmap");
		return 2;
	}
	opterr = 0; /* our own one-line message below */
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (mt_table_load(optarg, &t, err, sizeof(err))) {
				fprintf(stderr, "msgbox-torture: %s\n", err);
				return 2;
			}
			loaded++;
			break;
		case 'S':
			if (mt_scenario_load(optarg, &sc, err, sizeof(err))) {
				fprintf(stderr, "msgbox-torture: %s\n", err);
				return 2;
			}
			loaded++;
			break;
		case 'e':
			o.stress.have_seed = 1;
			o.stress.seed = strtoull(optarg, NULL, 0);
			break;
		case 'n': o.stress.ops = atol(optarg); break;
		case 'w': o.stress.workers = atoi(optarg); break;
		case 'T': o.stress.timeout_s = atoi(optarg); break;
		case 'o': o.only = optarg; break;
		case 's': o.start = atoi(optarg); break;
		case 'P': o.stop = atoi(optarg); break;
		case 't': o.timeout_s = atoi(optarg); break;
		case 'r': o.results = optarg; break;
		case 'l': list = 1; break;
		case 'L':
			for (const struct mt_call_kind *k = mt_call_kinds; k->name; k++)
				printf("%s\t%s%s\n", k->name, k->doc, k->nth ? " (may take inject nth)" : "");
			return 0;
		case 'p':
			if (!strcmp(optarg, "strict"))
				o.profile = MT_STRICT;
			else if (!strcmp(optarg, "lenient"))
				o.profile = MT_LENIENT;
			else
				return usage("--profile must be strict or lenient");
			break;
		default: {
			char msg[160];

			snprintf(msg, sizeof(msg), "unknown option '%s'", argv[optind - 1]);
			return usage(msg);
		}
		}
	}
	if (optind < argc)
		return usage("unexpected argument");
	if (!loaded)
		return usage("no case table given (--cases cases/functional.tsv)");
	if (o.timeout_s <= 0 || o.stress.timeout_s <= 0)
		return usage("--timeout and --stress-timeout must be positive");
	if (o.stress.ops < 0 || o.stress.workers < 0 || o.stress.workers > 256)
		return usage("--ops must be positive, --workers 1..256");
	o.scenarios = &sc;
	o.stress.results = o.results;
	for (size_t i = 0; i < sc.n; i++) {
		for (size_t k = 0; k < t.n; k++) {
			if (!strcmp(sc.sc[i].name, t.cases[k].name)) {
				fprintf(stderr, "msgbox-torture: %s: scenario %s has the name of the case at %s\n",
					sc.sc[i].where, sc.sc[i].name, t.cases[k].where);
				return 2;
			}
		}
	}
	for (size_t i = 0; i < t.n; i++) {
		if (strcmp(t.cases[i].call, "param") && strcmp(t.cases[i].call, "held") &&
		    strcmp(t.cases[i].call, "stall") &&
		    !mt_ptr_known(t.cases[i].ptr)) {
			fprintf(stderr, "msgbox-torture: %s: case %s: unknown pointer class '%s' (see harness/pointers.c)\n",
				t.cases[i].where, t.cases[i].name, t.cases[i].ptr);
			return 2;
		}
	}
	if (list) {
		for (size_t i = 0; i < mt_run_items(&t, &o); i++) {
			const char *where, *name = mt_run_item_name(&t, &o, i, &where);

			if (mt_case_selected(name, o.only))
				printf("%zu\t%s\t%s\n", i, name, where);
		}
		mt_table_free(&t);
		mt_scenario_free(&sc);
		return 0;
	}
	printf("# msgbox-torture on Linux %s (%s), put=%d get=%d, profile %s\n", MT_KERNEL, MT_FLAVOUR,
	       mt_nr_put(), mt_nr_get(), o.profile == MT_STRICT ? "strict" : "lenient");
	int resume_at = -1;

	rc = mt_run_cases(&t, &o, &tot, &resume_at) ? 3 : tot.failed ? 1 : 0;
	if (rc == 3 && resume_at >= 0)
		write_resume(o.results, resume_at); /* run-suite.sh reboots and goes on there */
	else
		write_done(o.results, rc, &tot);
	mt_table_free(&t);
	mt_scenario_free(&sc);
	return rc;
}
