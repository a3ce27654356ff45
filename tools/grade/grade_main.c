/*
 * mt-grade: the host side of `make grade`, `make grade-merge` and
 * `make mutants` (grade.h, and tools/selftest/kills.h for the kill matrix).
 *
 *   mt-grade list [--shard i/N] IMPLS_DIR
 *       the implementations of IMPLS_DIR (this shard's slice), one a line:
 *       name<TAB>impl.c<TAB>header (or -)
 *   mt-grade render --out DIR [--title T] [--note N] ROOT...
 *       DIR/matrix.md and DIR/matrix.html from the implementations'
 *       results found under each ROOT (ROOT/NAME/)
 *   mt-grade merge --out DIR GRADE_DIR
 *       the same over GRADE_DIR/shard-I-of-N/, after checking that every
 *       shard 1..N is there (exit 1 when one is missing; the page says so)
 *   mt-grade kills --expect expect.tsv --root DIR [--kernel K] [--only a,b]
 *                  [--md FILE]
 *       the kill matrix of the mutants (results in DIR/NAME/); exit 1 when
 *       one survived
 *
 * Exit: 0 fine, 1 a survivor / a missing shard, 2 usage or I/O error.
 */
#define _GNU_SOURCE
#include "grade.h"
#include "kills.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int usage(void)
{
	fputs("usage: mt-grade list [--shard i/N] DIR\n"
	      "       mt-grade render --out DIR [--title T] [--note N] ROOT...\n"
	      "       mt-grade merge --out DIR GRADE_DIR\n"
	      "       mt-grade kills --expect FILE --root DIR [--kernel K] [--only a,b] [--md FILE]\n",
	      stderr);
	return 2;
}

static int cmd_list(int argc, char **argv)
{
	const char *shard = NULL, *dir = NULL;
	int si = 1, sn = 1;
	struct gr_entry *e;
	size_t n, lo, hi;
	char err[512];

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--shard") && i + 1 < argc)
			shard = argv[++i];
		else if (!dir)
			dir = argv[i];
		else
			return usage();
	}
	if (!dir)
		return usage();
	if (shard && !gr_shard_parse(shard, &si, &sn)) {
		fprintf(stderr, "mt-grade: SHARD=%s: want i/N with 1 <= i <= N\n", shard);
		return 2;
	}
	if (gr_list(dir, &e, &n, err, sizeof(err))) {
		fprintf(stderr, "mt-grade: %s\n", err);
		return 2;
	}
	gr_shard_range(n, si, sn, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		printf("%s\t%s\t%s\n", e[i].name, e[i].impl, *e[i].header ? e[i].header : "-");
	gr_list_free(e, n);
	return 0;
}

static int write_matrix(const char *out, struct gr_impl *im, size_t n, const struct gr_matrix_opts *opts)
{
	struct gr_matrix_opts page = *opts, *o = &page;
	char path[4096];
	FILE *f;
	int rc = 0;

	page.out = out; /* the HTML page links each implementation's report.html */
	mkdir(out, 0777);
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/matrix.%s", out, k ? "html" : "md");
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "mt-grade: cannot write %s\n", path);
			return 2;
		}
		if (k)
			gr_render_html(f, im, n, o);
		else
			gr_render_md(f, im, n, o);
		if (fclose(f))
			rc = 2;
		printf("mt-grade: %s\n", path);
	}
	return rc;
}

static void tally_line(const struct gr_impl *im, size_t n)
{
	int counts[6] = { 0 };
	static const char *const st[] = { "pass", "incomplete", "findings", "no-compile", "no-entry", "error" };

	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 6; k++)
			counts[k] += !strcmp(im[i].status, st[k]) || (k == 5 && !strcmp(im[i].status, ""));
	printf("mt-grade: %zu implementation(s): %d pass, %d incomplete, %d findings, %d no-compile, %d no-entry, "
	       "%d error\n", n, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
}

static int render(const char *out, char **roots, size_t nr, struct gr_matrix_opts *o)
{
	struct gr_impl *im;
	size_t n, dups;
	int rc;

	if (gr_collect(roots, nr, &im, &n, &dups)) {
		fprintf(stderr, "mt-grade: cannot read the results directories\n");
		return 2;
	}
	if (dups)
		fprintf(stderr, "mt-grade: %zu implementation(s) found in more than one shard; the first kept\n", dups);
	rc = write_matrix(out, im, n, o);
	tally_line(im, n);
	for (size_t i = 0; i < n; i++)
		gr_impl_free(&im[i]);
	free(im);
	return rc;
}

static int cmd_render(int argc, char **argv)
{
	struct gr_matrix_opts o = { NULL, NULL, NULL };
	const char *out = NULL;
	char **roots = calloc((size_t)argc + 1, sizeof(*roots));
	size_t nr = 0;
	int rc;

	if (!roots)
		return 2;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--title") && i + 1 < argc)
			o.title = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			o.note = argv[++i];
		else
			roots[nr++] = argv[i];
	}
	rc = !out || !nr ? usage() : render(out, roots, nr, &o);
	free(roots);
	return rc;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_merge(int argc, char **argv)
{
	const char *out = NULL, *grade = NULL, *title = NULL;
	char *roots[4096], note[512], missing[256] = "";
	size_t nr = 0;
	int total = 0, rc;
	DIR *d;
	struct dirent *e;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--title") && i + 1 < argc)
			title = argv[++i];
		else if (!grade)
			grade = argv[i];
		else
			return usage();
	}
	if (!grade)
		return usage();
	if (!out)
		out = grade;
	d = opendir(grade);
	if (!d) {
		fprintf(stderr, "mt-grade: cannot read %s\n", grade);
		return 2;
	}
	while ((e = readdir(d)) && nr < sizeof(roots) / sizeof(roots[0])) {
		int i, n;
		char tail;

		if (sscanf(e->d_name, "shard-%d-of-%d%c", &i, &n, &tail) != 2 || i < 1 || i > n)
			continue;
		if (total && n != total) {
			fprintf(stderr, "mt-grade: %s/%s: shards of %d and of %d mixed\n", grade, e->d_name, total, n);
			closedir(d);
			for (size_t k = 0; k < nr; k++)
				free(roots[k]);
			return 2;
		}
		total = n;
		if (asprintf(&roots[nr], "%s/%s", grade, e->d_name) < 0)
			break;
		nr++;
	}
	closedir(d);
	if (!nr) {
		fprintf(stderr, "mt-grade: no shard-I-of-N directories in %s\n", grade);
		return 2;
	}
	qsort(roots, nr, sizeof(roots[0]), by_str);
	for (int i = 1; i <= total; i++) {
		char want[64];
		bool found = false;

		snprintf(want, sizeof(want), "/shard-%d-of-%d", i, total);
		for (size_t k = 0; k < nr && !found; k++) {
			size_t l = strlen(roots[k]), w = strlen(want);

			found = l >= w && !strcmp(roots[k] + l - w, want);
		}
		if (!found) {
			size_t ml = strlen(missing);

			snprintf(missing + ml, sizeof(missing) - ml, "%s%d", ml ? ", " : "", i);
		}
	}
	if (*missing)
		snprintf(note, sizeof(note), "Merged from %zu of %d shards; MISSING shard(s) %s of %d.", nr, total,
			 missing, total);
	else
		snprintf(note, sizeof(note), "Merged from all %d shards.", total);
	struct gr_matrix_opts o = { title, note, NULL };

	rc = render(out, roots, nr, &o);
	if (*missing) {
		fprintf(stderr, "mt-grade: missing shard(s) %s of %d\n", missing, total);
		rc = rc ? rc : 1;
	}
	for (size_t k = 0; k < nr; k++)
		free(roots[k]);
	return rc;
}

static bool listed(const char *only, const char *name)
{
	char buf[4096], *save = NULL;

	if (!only || !*only)
		return true;
	snprintf(buf, sizeof(buf), "%s", only);
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		if (!strcmp(t, name))
			return true;
	return false;
}

static int cmd_kills(int argc, char **argv)
{
	const char *expect = NULL, *root = NULL, *kernel = NULL, *only = NULL, *md = NULL;
	struct st_expect *e, *sel;
	struct gr_impl *res;
	size_t n, k = 0;
	char err[512], path[4096];
	int surv;

	for (int i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--expect"))
			expect = argv[i + 1];
		else if (!strcmp(argv[i], "--root"))
			root = argv[i + 1];
		else if (!strcmp(argv[i], "--kernel"))
			kernel = argv[i + 1];
		else if (!strcmp(argv[i], "--only"))
			only = argv[i + 1];
		else if (!strcmp(argv[i], "--md"))
			md = argv[i + 1];
		else
			return usage();
	}
	if (!expect || !root || argc % 2)
		return usage();
	if (st_expect_load(expect, &e, &n, err, sizeof(err))) {
		fprintf(stderr, "mt-grade: %s\n", err);
		return 2;
	}
	sel = calloc(n + 1, sizeof(*sel));
	res = calloc(n + 1, sizeof(*res));
	if (!sel || !res)
		return 2;
	for (size_t i = 0; i < n; i++) {
		if ((kernel && *kernel && strcmp(e[i].kernel, kernel)) || !listed(only, e[i].mutant))
			continue;
		sel[k] = e[i];
		snprintf(path, sizeof(path), "%s/%s-%s", root, e[i].kernel, e[i].mutant);
		gr_impl_load(&res[k], e[i].mutant, path);
		k++;
	}
	surv = st_render_kills(stdout, sel, res, k, false);
	if (md) {
		FILE *f = fopen(md, "w");

		if (!f) {
			fprintf(stderr, "mt-grade: cannot write %s\n", md);
		} else {
			st_render_kills(f, sel, res, k, true);
			fclose(f);
			printf("mt-grade: %s\n", md);
		}
	}
	printf("mutants: %zu killed, %d survived or not run\n", k - (size_t)surv, surv);
	for (size_t i = 0; i < k; i++)
		gr_impl_free(&res[i]);
	free(res);
	free(sel);
	st_expect_free(e, n);
	return surv || !k ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 2, argv + 2);
	if (!strcmp(argv[1], "render"))
		return cmd_render(argc - 2, argv + 2);
	if (!strcmp(argv[1], "merge"))
		return cmd_merge(argc - 2, argv + 2);
	if (!strcmp(argv[1], "kills"))
		return cmd_kills(argc - 2, argv + 2);
	return usage();
}
