/*
 * mt-bench-report: report.html of a make bench results directory, from its
 * bench.tsv and run.tsv (bench/README.md): the figures and ratios as a
 * table, and inline SVG plots (tools/report/report_svg.c) of the time of a
 * put+get against the message size for the three mechanisms and of the
 * calls per second against the number of processes. Self-contained: inline
 * CSS and SVG, no script, nothing loaded from outside.
 *
 *   mt-bench-report --results DIR
 *
 * Exit: 0 written, 2 bad input (a one-line message).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report_svg.h"
#include "tsv.h"

#define MAX_ROWS 256

struct row {
	char kind[16], name[32], unit[16];
	long size;
	int procs;
	double median, min, max;
};

static struct row rows[MAX_ROWS];
static size_t n_rows;
static char kernel[32] = "?", flavour[32] = "?", reps[16] = "?";

static int load(const char *dir, char *err, size_t errlen)
{
	char path[1024], *line = NULL, *cell[12];
	size_t cap = 0;
	long no = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/run.tsv", dir);
	if ((f = fopen(path, "r"))) {
		while (mt_tsv_getline(f, &line, &cap) >= 0) {
			if (mt_tsv_split(line, cell, 2) != 2)
				continue;
			char *v = mt_tsv_unescape(cell[1], NULL);

			if (!strcmp(cell[0], "kernel"))
				snprintf(kernel, sizeof(kernel), "%s", v);
			else if (!strcmp(cell[0], "flavour"))
				snprintf(flavour, sizeof(flavour), "%s", v);
			else if (!strcmp(cell[0], "reps"))
				snprintf(reps, sizeof(reps), "%s", v);
			free(v);
		}
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/bench.tsv", dir);
	if (!(f = fopen(path, "r"))) {
		snprintf(err, errlen, "cannot read %s: %s (a results directory of make bench?)", path, strerror(errno));
		free(line);
		return -1;
	}
	while (mt_tsv_getline(f, &line, &cap) >= 0) {
		no++;
		if (line[0] == '#' || !line[0])
			continue;
		if (mt_tsv_split(line, cell, 12) != 11) {
			snprintf(err, errlen, "%s:%ld: not 11 columns (bench/README.md)", path, no);
			fclose(f);
			free(line);
			return -1;
		}
		if (n_rows == MAX_ROWS)
			break;
		struct row *r = &rows[n_rows++];

		snprintf(r->kind, sizeof(r->kind), "%s", cell[0]);
		snprintf(r->name, sizeof(r->name), "%s", cell[1]);
		snprintf(r->unit, sizeof(r->unit), "%s", cell[10]);
		r->size = atol(cell[2]);
		r->procs = atoi(cell[3]);
		/* "-": a ratio has its median only */
		r->median = strtod(cell[5], NULL);
		r->min = strcmp(cell[6], "-") ? strtod(cell[6], NULL) : NAN;
		r->max = strcmp(cell[7], "-") ? strtod(cell[7], NULL) : NAN;
	}
	fclose(f);
	free(line);
	return 0;
}

static const struct row *find(const char *kind, const char *name, long size, int procs)
{
	for (size_t i = 0; i < n_rows; i++)
		if (!strcmp(rows[i].kind, kind) && !strcmp(rows[i].name, name) && rows[i].size == size &&
		    rows[i].procs == procs)
			return &rows[i];
	return NULL;
}

static double med(const char *kind, const char *name, long size, int procs)
{
	const struct row *r = find(kind, name, size, procs);

	return r ? r->median : NAN;
}

static void num(FILE *f, double v)
{
	char b[32];

	if (isnan(v)) {
		fputs("<td>-</td>", f);
		return;
	}
	mt_svg_num(b, sizeof(b), v >= 100 ? round(v) : round(v * 100) / 100);
	fprintf(f, "<td>%s</td>", b);
}

static const long sizes[] = { 0, 64, 1024, 4096, 65536 };
static const int procs[] = { 1, 2, 4, 8, 16, 32, 64 };

static void page(FILE *f)
{
	static const char *const mech[] = { "msgbox", "mqueue", "pipe" };
	static const struct mt_svg_series ser[] = { { "msgbox", "#0969da" }, { "mqueue", "#bf8700" },
						    { "pipe", "#8250df" } };
	static const struct mt_svg_series calls = { "calls/s", "#2da44e" };
	const struct row *fl = find("floor", "getppid", 0, 1);
	double floor = fl ? fl->median : NAN, v[3 * 5], x[7], y[7];
	const char *lab[7], *slab[5] = { "0 B", "64 B", "1 KiB", "4 KiB", "64 KiB" };
	char title[160], pl[7][16];
	size_t n = 0;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n", f);
	snprintf(title, sizeof(title), "msgbox-torture bench: %s-%s", kernel, flavour);
	mt_escf(f, mt_xml_text, "<title>%s</title>\n", title);
	fputs("<style>body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1f24;max-width:80em}"
	      "h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:1px solid #d0d7de}"
	      "table.t{border-collapse:collapse;font-size:13px}table.t th,table.t td{border:1px solid #d0d7de;"
	      "padding:3px 7px;text-align:right}table.t th{background:#f6f8fa}p.note{color:#57606a}"
	      "svg.plot{display:block;margin:.8em 0;max-width:100%;height:auto}</style></head><body>\n", f);
	mt_escf(f, mt_xml_text, "<h1 id=\"title\">%s</h1>\n", title);
	mt_escf(f, mt_xml_text, "<p class=\"sum\">kernel <b>%s</b> · flavour <b>%s</b> · %s repetitions of every "
		"figure, one boot; medians, and min..max over the repetitions</p>\n", kernel, flavour, reps);
	if (strcmp(flavour, "perf"))
		fputs("<p class=\"note\">Not the perf flavour: these figures include the debug detectors.</p>\n", f);
	fputs("<p class=\"note\">Each ratio is the median of its per-repetition ratios of batches run back to back; "
	      "best: the ratio of the fastest batches (the host's load only ever adds time).</p>\n", f);
	if (fl)
		fprintf(f, "<p>null syscall (getppid): <b>%.0f ns</b> (%.0f..%.0f)</p>\n", fl->median, fl->min, fl->max);

	fputs("<h2 id=\"latency\">put+get against the message size</h2>\n<table class=\"t\" id=\"bench-table\">"
	      "<thead><tr><th>size</th><th>msgbox ns</th><th>min..max</th><th>mqueue ns</th><th>pipe ns</th>"
	      "<th>msgbox / 2 getppid</th><th>msgbox / mqueue</th><th>msgbox / pipe</th>"
	      "<th>best: msgbox / 2 getppid</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < 5; i++) {
		const struct row *b = find("pair", "msgbox", sizes[i], 1);

		fprintf(f, "<tr><td>%s</td>", slab[i]);
		num(f, b ? b->median : NAN);
		if (b)
			fprintf(f, "<td>%.0f..%.0f</td>", b->min, b->max);
		else
			fputs("<td>-</td>", f);
		num(f, med("pair", "mqueue", sizes[i], 1));
		num(f, med("pair", "pipe", sizes[i], 1));
		num(f, med("ratio", "msgbox/2getppid", sizes[i], 1));
		num(f, med("ratio", "msgbox/mqueue", sizes[i], 1));
		num(f, med("ratio", "msgbox/pipe", sizes[i], 1));
		num(f, med("ratio-min", "msgbox/2getppid", sizes[i], 1));
		fputs("</tr>\n", f);
		for (size_t m = 0; m < 3; m++)
			v[i * 3 + m] = med("pair", mech[m], sizes[i], 1);
	}
	fputs("</tbody></table>\n", f);
	mt_svg_hbars(f, "ns per put+get (send+receive, write+read) by message size", "ns", slab, 5, v, ser, 3, false);
	for (size_t i = 0; i < 5; i++) /* the msgbox alone as a curve over the sizes */
		x[i] = (double)sizes[i], y[i] = v[i * 3], lab[i] = slab[i];
	mt_svg_xy(f, "msgbox put+get: ns against message size", "message size", "ns per put+get", x, y, lab, 5,
		  true, &ser[0]);

	fputs("<h2 id=\"scaling\">calls per second against processes</h2>\n<table class=\"t\" id=\"scale-table\">"
	      "<thead><tr><th>processes</th><th>calls/s</th><th>min..max</th><th>ns a call</th>"
	      "<th>a call / getppid</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < 7; i++) {
		const struct row *s = find("scale", "msgbox", 64, procs[i]);

		if (!s)
			continue;
		fprintf(f, "<tr><td>%d</td>", procs[i]);
		num(f, s->median);
		fprintf(f, "<td>%.0f..%.0f</td>", s->min, s->max);
		num(f, 1e9 / s->median);
		num(f, 1e9 / s->median / floor);
		fputs("</tr>\n", f);
		snprintf(pl[n], sizeof(pl[n]), "%d", procs[i]);
		x[n] = procs[i], y[n] = s->median, lab[n] = pl[n];
		n++;
	}
	fputs("</tbody></table>\n", f);
	if (n)
		mt_svg_xy(f, "put+get of 64 B: calls/s against processes", "processes", "calls/s", x, y, lab, n, false,
			  &calls);
	const struct row *c = find("native", "checker", 0, 1);

	if (c)
		fprintf(f, "<h2 id=\"native\">natively</h2>\n<p>history checker: %.3g ops/s (%.3g..%.3g)</p>\n",
			c->median, c->min, c->max);
	fputs("<p class=\"note\">Written by mt-bench-report (bench/bench_report.c) from bench.tsv; the columns are "
	      "in bench/README.md.</p>\n</body></html>\n", f);
}

int main(int argc, char **argv)
{
	char err[1200], path[1024];
	FILE *f;

	if (argc != 3 || strcmp(argv[1], "--results")) {
		fprintf(stderr, "mt-bench-report: usage: mt-bench-report --results DIR\n");
		return 2;
	}
	if (load(argv[2], err, sizeof(err))) {
		fprintf(stderr, "mt-bench-report: %s\n", err);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/report.html", argv[2]);
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "mt-bench-report: cannot write %s: %s\n", path, strerror(errno));
		return 2;
	}
	page(f);
	if (fclose(f)) {
		fprintf(stderr, "mt-bench-report: cannot write %s\n", path);
		return 2;
	}
	return 0;
}
