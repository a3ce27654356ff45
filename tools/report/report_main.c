/*
 * mt-report: merge a results directory into summary.json, junit.xml,
 * results.tap, failures.tsv, bugs.tsv and report.html, print the totals and
 * each failure, exit 1 on any failure.
 *
 *   mt-report --results DIR --kernel 6.1 --flavour debug --profile strict
 *             --repro "make run KERNEL=6.1"
 *   mt-report --results DIR --verdict
 *       summary.json and report.html again, silently, now with verdict.tsv
 *       (make check writes it after the run's mt-report: the status, the
 *       file judged and how it was built); exit 0 when written, 2 when not
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static int write_to(const char *dir, const char *name, void (*fn)(const struct mt_report *, FILE *),
		    const struct mt_report *r)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	fn(r, f);
	return fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option o[] = {
		{ "results", required_argument, NULL, 'r' }, { "kernel", required_argument, NULL, 'k' },
		{ "flavour", required_argument, NULL, 'f' }, { "profile", required_argument, NULL, 'p' },
		{ "repro", required_argument, NULL, 'x' },   { "verdict", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct mt_report r = { 0 };
	const char *dir = NULL;
	char err[4200];
	int c, verdict = 0;

	while ((c = getopt_long(argc, argv, "", o, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'k': free(r.kernel), r.kernel = strdup(optarg); break;
		case 'f': free(r.flavour), r.flavour = strdup(optarg); break;
		case 'p': free(r.profile), r.profile = strdup(optarg); break;
		case 'x': free(r.repro), r.repro = strdup(optarg); break;
		case 'v': verdict = 1; break;
		default:
			fprintf(stderr, "mt-report: unknown option; usage: mt-report --results DIR [--kernel V] "
				"[--flavour F] [--profile P] [--repro CMD] [--verdict]\n");
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, "mt-report: --results DIR is required\n");
		return 2;
	}
	if (mt_report_load(&r, dir, err, sizeof(err))) {
		fprintf(stderr, "mt-report: %s\n", err);
		return 2;
	}
	if (verdict) {
		c = write_to(dir, "summary.json", mt_report_json, &r) || write_to(dir, "report.html", mt_report_html, &r)
			    ? 2
			    : 0;
		mt_report_free(&r);
		return c;
	}
	if (write_to(dir, "summary.json", mt_report_json, &r) || write_to(dir, "junit.xml", mt_report_junit, &r) ||
	    write_to(dir, "results.tap", mt_report_tap, &r) ||
	    write_to(dir, "failures.tsv", mt_report_failures_tsv, &r) ||
	    write_to(dir, "bugs.tsv", mt_report_bugs_tsv, &r) || write_to(dir, "report.html", mt_report_html, &r)) {
		mt_report_free(&r);
		return 2;
	}
	mt_report_text(&r, stdout);
	printf("reports: %s/summary.json, %s/junit.xml, %s/results.tap, %s/report.html, console: %s/console-*.log\n",
	       dir, dir, dir, dir, dir);
	c = r.failed || r.n_cases == 0;
	if (r.n_cases == 0)
		printf("msgbox-torture: no case ran: that is a failure\n");
	mt_report_free(&r);
	return c;
}
