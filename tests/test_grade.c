/* Unit tests of the grading tool (tools/grade/): loading an implementation's
 * results through the one results loader, listing and slicing, merging
 * shards, the rendered matrix (tests/grade-fixture/), and that no verdict
 * depends on the words of a failure. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade.h"
#include "kills.h"
#include "tsv.h"

#ifndef GRADE_FIXTURE
#define GRADE_FIXTURE "tests/grade-fixture"
#endif

static void test_shard_parse(void **state)
{
	int i, n;

	(void)state;
	assert_true(gr_shard_parse("1/1", &i, &n) && i == 1 && n == 1);
	assert_true(gr_shard_parse("3/4", &i, &n) && i == 3 && n == 4);
	assert_false(gr_shard_parse("0/4", &i, &n));
	assert_false(gr_shard_parse("5/4", &i, &n));
	assert_false(gr_shard_parse("1/0", &i, &n));
	assert_false(gr_shard_parse("1", &i, &n));
	assert_false(gr_shard_parse("1/2x", &i, &n));
	assert_false(gr_shard_parse("a/2", &i, &n));
	assert_false(gr_shard_parse("", &i, &n));
	assert_false(gr_shard_parse(NULL, &i, &n));
}

/* The slices cover every item once, in order, and differ by at most one. */
static void test_shard_partition(void **state)
{
	(void)state;
	for (size_t count = 0; count <= 40; count++)
		for (int n = 1; n <= 9; n++) {
			size_t next = 0, min = (size_t)-1, max = 0;

			for (int i = 1; i <= n; i++) {
				size_t lo, hi;

				gr_shard_range(count, i, n, &lo, &hi);
				assert_int_equal(lo, next);
				assert_true(hi >= lo);
				next = hi;
				if (hi - lo < min)
					min = hi - lo;
				if (hi - lo > max)
					max = hi - lo;
			}
			assert_int_equal(next, count);
			assert_true(max - min <= 1);
		}
}

static void test_list(void **state)
{
	struct gr_entry *e;
	size_t n;
	char err[256];

	(void)state;
	assert_int_equal(gr_list(GRADE_FIXTURE "/impls", &e, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 4); /* a.c, b/, c/, e.c; not d/ (no .c), not notes.txt */
	assert_string_equal(e[0].name, "a");
	assert_string_equal(e[0].impl, GRADE_FIXTURE "/impls/a.c");
	assert_string_equal(e[0].header, "");
	assert_string_equal(e[1].name, "b");
	assert_string_equal(e[1].impl, GRADE_FIXTURE "/impls/b/dm510_msgbox.c"); /* preferred over aaa.c */
	assert_string_equal(e[1].header, GRADE_FIXTURE "/impls/b/dm510_msgbox.h");
	assert_string_equal(e[2].name, "c");
	assert_string_equal(e[2].impl, GRADE_FIXTURE "/impls/c/other.c");
	assert_string_equal(e[3].name, "e");
	gr_list_free(e, n);
	assert_int_equal(gr_list(GRADE_FIXTURE "/no-such-dir", &e, &n, err, sizeof(err)), -1);
}

/* ---- loading ---------------------------------------------------------------- */

static void test_load(void **state)
{
	struct gr_impl im;
	const struct mt_rcase *c;

	(void)state;
	gr_impl_load(&im, "alpha", GRADE_FIXTURE "/results/alpha");
	assert_string_equal(im.status, "findings");
	assert_string_equal(im.profile, "lenient");
	assert_string_equal(im.kernel, "6.1");
	assert_int_equal(im.failed, 3);
	assert_int_equal(im.skipped, 1);
	assert_int_equal(im.passed, 1);
	c = gr_impl_case(&im, "get.len16"); /* passed in cases.tsv, failed by its console */
	assert_non_null(c);
	assert_string_equal(c->status, "fail");
	assert_int_equal(c->n_findings, 2);
	assert_string_equal(c->oracle, "console");
	assert_string_equal(c->bug, "use-after-free");
	c = gr_impl_case(&im, "put.len-neg1");
	assert_string_equal(c->got, "22");
	assert_string_equal(c->oracle, "result");
	assert_string_equal(c->bug, "positive-error");
	assert_int_equal(c->n_findings, 0);
	c = gr_impl_case(&im, "abi.returns-long");
	assert_string_equal(c->oracle, "abi");
	assert_string_equal(c->oracles, "abi,console");
	assert_string_equal(c->bug, "kernel-memory"); /* the KASAN report is worse than the int return */
	assert_string_equal(c->reproduce, "make check IMPL=alpha.c CASES=abi.returns-long");
	assert_non_null(strstr(c->findings[0].excerpt, "\xc3\xa9t\xc3\xa9"));
	gr_impl_free(&im);

	gr_impl_load(&im, "gamma", GRADE_FIXTURE "/results/gamma");
	assert_string_equal(im.status, "no-compile");
	assert_int_equal(im.n_cases, 0);
	gr_impl_free(&im);

	gr_impl_load(&im, "nothing", GRADE_FIXTURE "/results/no-such");
	assert_string_equal(im.status, "error");
	gr_impl_free(&im);
}

static void test_groups(void **state)
{
	(void)state;
	assert_string_equal(gr_group("put.len-neg1"), "put");
	assert_string_equal(gr_group("ptr.get.null"), "ptr");
	assert_string_equal(gr_group("exact.get.msg-8KiB+1"), "short");
	assert_string_equal(gr_group("stress.plain"), "stress");
	assert_string_equal(gr_group("kernel.console"), "other");
	assert_string_equal(gr_group("putx"), "other");
}

static char *slurp_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	assert_non_null(f);
	assert_int_equal(getdelim(&buf, &len, '\0', f) > 0, 1);
	fclose(f);
	return buf;
}

/* Copy every file of @from to @to, replacing the words of every failure
 * (cases.tsv columns 5-7: expected, got, detail) and every console report's
 * first line and excerpt (findings-N.tsv columns 5-6) with other text:
 * nothing but the typed columns may decide a verdict. */
static void reword(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;
	char path[1024];

	assert_non_null(d);
	assert_int_equal(mkdir(to, 0755), 0);
	while ((e = readdir(d))) {
		bool cases = !strcmp(e->d_name, "cases.tsv"), findings = !strncmp(e->d_name, "findings-", 9);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", from, e->d_name);
		char *text = slurp_file(path), *save = NULL;
		FILE *out;

		snprintf(path, sizeof(path), "%s/%s", to, e->d_name);
		assert_non_null(out = fopen(path, "w"));
		for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *cell[12];
			int n = mt_tsv_split(line, cell, 12);

			for (int k = 0; k < n && k < 12; k++) {
				bool words = (cases && k >= 4 && k <= 6) || (findings && cell[0][0] != '#' && k >= 4 && k <= 5);

				fprintf(out, "%s%s", k ? "\t" : "", words && *cell[k] ? "lorem ipsum dolor" : cell[k]);
			}
			fputc('\n', out);
		}
		fclose(out);
		free(text);
	}
	closedir(d);
}

enum rendering { R_MD, R_HTML, R_KILLS, R_FAILURES, R_BUGS };

static char *render_one(const struct gr_impl *im, enum rendering how)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	switch (how) {
	case R_MD: gr_render_md(f, im, 1, NULL); break;
	case R_HTML: gr_render_html(f, im, 1, NULL); break;
	case R_KILLS:
		st_render_kills(f, &(struct st_expect){ "alpha", "6.1", "get.len16:kasan,put.len-neg1" }, im, 1, true);
		break;
	case R_FAILURES: mt_report_failures_tsv(&im->rep, f); break;
	case R_BUGS: mt_report_bugs_tsv(&im->rep, f); break;
	}
	fclose(f);
	return buf;
}

/* @s up to @marker (which must be there): the table, not the findings
 * below it that quote the words. */
static char *cut_at(char *s, const char *marker)
{
	char *m = strstr(s, marker);

	assert_non_null(m);
	*m = '\0';
	return s;
}

/* Every verdict, mt-report's failures.tsv and bugs.tsv, every grading cell
 * (Markdown and HTML) and every kill-matrix cell are the same for a run and
 * for the same run with other words. Returns how many cases failed. */
static int assert_rewording_changes_nothing(const char *name, const char *from)
{
	int failed;

	char tmpl[] = "/tmp/mt-reword-XXXXXX", dir[600], cmd[700];
	struct gr_impl a, b;

	assert_non_null(mkdtemp(tmpl));
	snprintf(dir, sizeof(dir), "%s/%s", tmpl, name);
	reword(from, dir);
	gr_impl_load(&a, name, from);
	gr_impl_load(&b, name, dir);
	assert_true(a.n_cases > 0);
	assert_int_equal(a.n_cases, b.n_cases);
	assert_int_equal(a.passed, b.passed);
	assert_int_equal(a.failed, b.failed);
	assert_int_equal(a.skipped, b.skipped);
	assert_string_equal(a.status, b.status);
	for (size_t i = 0; i < a.n_cases; i++) {
		assert_string_equal(a.cases[i].name, b.cases[i].name);
		assert_string_equal(a.cases[i].status, b.cases[i].status);
		assert_string_equal(a.cases[i].oracle, b.cases[i].oracle);
		assert_string_equal(a.cases[i].oracles, b.cases[i].oracles);
		assert_string_equal(a.cases[i].bug, b.cases[i].bug);
		assert_string_equal(a.cases[i].bugs, b.cases[i].bugs);
		assert_int_equal(a.cases[i].n_findings, b.cases[i].n_findings);
		for (size_t k = 0; k < a.cases[i].n_findings; k++) {
			assert_string_equal(a.cases[i].findings[k].class, b.cases[i].findings[k].class);
			assert_string_equal(a.cases[i].findings[k].bug, b.cases[i].findings[k].bug);
		}
	}
	for (enum rendering how = R_MD; how <= R_BUGS; how++) {
		char *ra = render_one(&a, how), *rb = render_one(&b, how);

		if (how == R_MD) {
			cut_at(ra, "## Findings");
			cut_at(rb, "## Findings");
		} else if (how == R_HTML) {
			cut_at(ra, "</tbody></table>");
			cut_at(rb, "</tbody></table>");
		}
		assert_string_equal(ra, rb);
		if (how == R_KILLS && !strcmp(name, "alpha"))
			assert_non_null(strstr(ra, "**killed**"));
		free(ra);
		free(rb);
	}
	failed = a.failed;
	gr_impl_free(&a);
	gr_impl_free(&b);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	return failed;
}

/* A passing run, one with typed findings and kernel reports, one whose
 * failures are panics and hangs found by the boot runner. */
static void test_rewording_changes_no_verdict(void **state)
{
	(void)state;
	assert_int_equal(assert_rewording_changes_nothing("beta", GRADE_FIXTURE "/results/beta"), 0);
	assert_true(assert_rewording_changes_nothing("alpha", GRADE_FIXTURE "/results/alpha") > 0);
	assert_true(assert_rewording_changes_nothing("panics", REPORT_FIXTURE) > 0);
}

/* ---- rendering and merging ---------------------------------------------------- */

/* The page (html, else matrix.md) of the implementations under @roots,
 * linking their report.html from @out (NULL: no links). */
static char *render(char *const roots[], size_t nr, bool html, const char *out)
{
	struct gr_impl *im;
	size_t n, dups, len;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	struct gr_matrix_opts o = { "t", NULL, out };

	assert_non_null(f);
	assert_int_equal(gr_collect(roots, nr, &im, &n, &dups), 0);
	assert_int_equal(dups, 0);
	if (html)
		gr_render_html(f, im, n, &o);
	else
		gr_render_md(f, im, n, &o);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		gr_impl_free(&im[i]);
	free(im);
	return buf;
}

/* Shards made of symlinks to the fixture's results give the same matrix. */
static void test_merge_equals_unsharded(void **state)
{
	char tmpl[] = "/tmp/test_grade.XXXXXX", s1[300], s2[300], link[400], target[1024], cwd[512];
	char *whole[1] = { GRADE_FIXTURE "/results" }, *parts[2] = { s1, s2 };
	const char *names[] = { "alpha", "beta", "gamma" };

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(s1, sizeof(s1), "%s/shard-1-of-2", tmpl);
	snprintf(s2, sizeof(s2), "%s/shard-2-of-2", tmpl);
	assert_int_equal(mkdir(s1, 0755), 0);
	assert_int_equal(mkdir(s2, 0755), 0);
	for (int i = 0; i < 3; i++) {
		size_t lo, hi;

		gr_shard_range(3, 1, 2, &lo, &hi);
		snprintf(link, sizeof(link), "%s/%s", (size_t)i < hi ? s1 : s2, names[i]);
		snprintf(target, sizeof(target), "%s/%s/results/%s", cwd, GRADE_FIXTURE, names[i]);
		assert_int_equal(symlink(target, link), 0);
	}
	for (int html = 0; html < 2; html++) {
		char *a = render(whole, 1, html, NULL), *b = render(parts, 2, html, NULL);

		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(link, sizeof(link), "%s/%s", i < 1 ? s1 : s2, names[i]);
		unlink(link);
	}
	rmdir(s1);
	rmdir(s2);
	rmdir(tmpl);
}

/* Every link of the page goes to an anchor of the page; nothing external. */
static void test_html_self_contained(void **state)
{
	char *roots[1] = { GRADE_FIXTURE "/results" };
	char *page = render(roots, 1, true, NULL);
	int links = 0;

	(void)state;
	assert_null(strstr(page, "http://"));
	assert_null(strstr(page, "https://"));
	assert_null(strstr(page, "<link"));
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "src="));
	for (const char *p = page; (p = strstr(p, "href=\"#"));) {
		char id[600], want[620];
		size_t l;

		p += 7;
		l = strcspn(p, "\"");
		assert_true(l < 590);
		memcpy(id, p, l);
		id[l] = '\0';
		snprintf(want, sizeof(want), "id=\"%s\"", id);
		assert_non_null(strstr(page, want));
		links++;
	}
	assert_true(links >= 8);
	/* the failing cells link to their findings; the excerpt is escaped */
	assert_non_null(strstr(page, "href=\"#alpha-group-put\""));
	assert_non_null(strstr(page, "id=\"alpha-case-put_2elen_2dneg1\""));
	assert_non_null(strstr(page, "&lt;at&gt; addr &amp; &quot;here&quot;"));
	assert_non_null(strstr(page, "make check IMPL=alpha.c CASES=put.len-neg1"));
	assert_non_null(strstr(page, "VERIFY_READ undeclared"));
	assert_non_null(strstr(page, "<th class=k>kasan</th>"));
	free(page);
}

/* Links between directories, taken textually, percent-encoded. */
static void test_href(void **state)
{
	char h[256], cwd[512];

	(void)state;
	assert_true(gr_href("build/results/grade", "build/results/grade/a b/report.html", h, sizeof(h)));
	assert_string_equal(h, "a%20b/report.html");
	assert_true(gr_href("/x/y", "/x/z/r.html", h, sizeof(h)));
	assert_string_equal(h, "../z/r.html");
	assert_true(gr_href("a/./b/..", "a/c/r", h, sizeof(h)));
	assert_string_equal(h, "c/r");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_true(gr_href(cwd, "g/shard-1-of-2/n/report.html", h, sizeof(h)));
	assert_string_equal(h, "g/shard-1-of-2/n/report.html");
	assert_false(gr_href("/a", "/b/c", h, 4));
}

/* A scratch results directory (mkdtemp @tmpl) filled by the shell command
 * @fmt: %1$s in it is the fixture, %2$s the directory; rm_scratch removes
 * it. */
static void scratch(char *tmpl, const char *fmt)
{
	char cmd[1600];

	assert_non_null(mkdtemp(tmpl));
	snprintf(cmd, sizeof(cmd), fmt, GRADE_FIXTURE, tmpl);
	assert_int_equal(system(cmd), 0);
}

static void rm_scratch(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* How often @needle occurs in @s. */
static size_t count(const char *s, const char *needle)
{
	size_t k = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		k++;
	return k;
}

/* The page links each implementation's own report.html, where there is one. */
static void test_report_links(void **state)
{
	char tmpl[] = "/tmp/test_grade.XXXXXX", *roots[1] = { tmpl }, *buf;

	(void)state;
	/* alpha has a report.html, gamma none */
	scratch(tmpl, "cp -r %1$s/results/alpha %1$s/results/gamma %2$s/ && : >%2$s/alpha/report.html");
	buf = render(roots, 1, true, tmpl);
	assert_non_null(strstr(buf, "<a href=\"#alpha-impl\">alpha</a> <a class=rep href=\"alpha/report.html\""));
	assert_non_null(strstr(buf, "<p>its own page: <a href=\"alpha/report.html\">report.html</a></p>"));
	assert_non_null(strstr(buf, "#gamma-impl"));
	assert_null(strstr(buf, "gamma/report.html")); /* no report.html there: no link */
	free(buf);
	buf = render(roots, 1, false, tmpl);
	assert_non_null(strstr(buf, "### alpha: findings (1 passed, 3 failed, 1 skipped)\n\nits own page: [report.html](alpha/report.html)\n"));
	assert_null(strstr(buf, "gamma/report.html"));
	free(buf);
	rm_scratch(tmpl);
}

/* How make check built each file (verdict.tsv's built row) is on the page,
 * escaped, under its heading; a file without the row shows none. */
static void test_built_row(void **state)
{
	char tmpl[] = "/tmp/test_grade.XXXXXX", *roots[1] = { tmpl }, *buf;

	(void)state;
	scratch(tmpl, "cp -r %1$s/results/alpha %1$s/results/gamma %2$s/ && "
		      "printf 'built\\tbuilt-in (as a module: it calls <x>)\\n' >>%2$s/alpha/verdict.tsv");
	buf = render(roots, 1, true, tmpl);
	assert_non_null(strstr(buf, "<p class=\"note\">built as: built-in (as a module: it calls &lt;x&gt;)</p>"));
	assert_null(strstr(buf, "<x>"));
	assert_non_null(strstr(buf, "#gamma-impl"));
	assert_int_equal(count(buf, "built as: "), 1); /* gamma has no built row */
	free(buf);
	buf = render(roots, 1, false, tmpl);
	assert_non_null(strstr(buf, "\nbuilt as: built-in (as a module: it calls "));
	assert_int_equal(count(buf, "built as: "), 1);
	free(buf);
	rm_scratch(tmpl);
}

/* A case n/a on this kernel (the perf flavour has no fault injection, no
 * kmemleak) is neither passed nor skipped: a group of only n/a cases says
 * n/a, not ✓ nor skip; beside applicable passes it changes nothing; the
 * implementation's line counts it apart. */
static void test_not_applicable(void **state)
{
	char tmpl[] = "/tmp/test_grade.XXXXXX", path[400], *roots[1] = { tmpl }, *buf;
	struct gr_impl *im;
	size_t n, dups;
	FILE *f;

	(void)state;
	scratch(tmpl, "cp -r %1$s/results/alpha %2$s/perf && rm -f %2$s/perf/findings-1.tsv");
	snprintf(path, sizeof(path), "%s/perf/cases.tsv", tmpl);
	assert_non_null(f = fopen(path, "w"));
	fputs("0\troundtrip.len1\tpass\tget\t\t\t\t0.01\t\t\n"
	      "1\tleaks.put\tn/a\tput\t\t\tneeds kmemleak\t0\t\t\n"
	      "2\tleaks.get\tn/a\tget\t\t\tneeds kmemleak\t0\t\t\n"
	      "3\tget.len16\tpass\tget\t\t\t\t0.01\t\t\n"
	      "4\tget.nth\tn/a\tget\t\t\tneeds fail-nth\t0\t\t\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/perf/verdict.tsv", tmpl);
	assert_non_null(f = fopen(path, "w"));
	fputs("status\tpass\ndetail\tall cases passed; 3 case(s) n/a on perf\n", f);
	fclose(f);
	assert_int_equal(gr_collect(roots, 1, &im, &n, &dups), 0);
	assert_int_equal(n, 1);
	assert_int_equal(im[0].not_applicable, 3);
	assert_int_equal(im[0].skipped, 0);
	for (size_t i = 0; i < n; i++)
		gr_impl_free(&im[i]);
	free(im);
	buf = render(roots, 1, true, tmpl);
	assert_non_null(strstr(buf, "<td class=nr title=\"2 cases not applicable to this kernel\">n/a</td>"));
	assert_non_null(strstr(buf, "<td class=ok title=\"1 cases\">✓</td>")); /* get: 1 pass + 1 n/a */
	assert_null(strstr(buf, "skipped</td>"));
	assert_non_null(strstr(buf, "(2 passed, 0 failed, 0 skipped, 3 n/a"));
	free(buf);
	buf = render(roots, 1, false, tmpl);
	assert_non_null(strstr(buf, " n/a |"));
	assert_non_null(strstr(buf, "### perf: pass (2 passed, 0 failed, 0 skipped, 3 n/a)\n"));
	free(buf);
	rm_scratch(tmpl);
}

static void test_md_matrix(void **state)
{
	char *roots[1] = { GRADE_FIXTURE "/results" };
	char *md = render(roots, 1, false, NULL);

	(void)state;
	assert_non_null(strstr(md, "| [alpha](#alpha-impl) | findings (3) | ✓ |"));
	assert_non_null(strstr(md, "| [gamma](#gamma-impl) | no-compile | [✗ no](#gamma-impl) | — |"));
	assert_non_null(strstr(md, "[✗ 1/1](#alpha-group-put)"));
	assert_non_null(strstr(md, "<a id=\"alpha-case-get_2elen16\"></a>"));
	free(md);
}

static void test_kills(void **state)
{
	struct gr_impl im;
	char why[256];
	char *buf = NULL;
	size_t len;
	FILE *f;
	struct st_expect e = { "alpha", "6.1", "get.len16:kasan,put.len-neg1" };

	(void)state;
	gr_impl_load(&im, "alpha", GRADE_FIXTURE "/results/alpha");
	assert_true(st_expect_met(&im, "get.len16:kasan,put.len-neg1", why, sizeof(why)));
	assert_false(st_expect_met(&im, "get.len16:lockdep", why, sizeof(why)));
	assert_non_null(strstr(why, "without a lockdep report"));
	assert_false(st_expect_met(&im, "roundtrip.len1", why, sizeof(why)));
	assert_non_null(strstr(why, "roundtrip.len1 passed"));
	assert_true(st_expect_met(&im, "roundtrip.len1|get.len16:kasan", why, sizeof(why)));
	assert_false(st_expect_met(&im, "roundtrip.len1|get.len16:lockdep", why, sizeof(why)));
	assert_non_null(strstr(why, "roundtrip.len1 passed and get.len16 failed without a lockdep report"));
	assert_false(st_expect_met(&im, "nope.case", why, sizeof(why)));
	assert_non_null(strstr(why, "did not run"));
	/* a glob: any failing case of its names (a leak is named by the scan that sees it) */
	assert_true(st_expect_met(&im, "get.*:kasan", why, sizeof(why)));
	assert_false(st_expect_met(&im, "get.*:lockdep", why, sizeof(why)));
	assert_non_null(strstr(why, "get.* failed without a lockdep report"));
	assert_false(st_expect_met(&im, "roundtrip.*", why, sizeof(why)));
	assert_non_null(strstr(why, "roundtrip.* passed"));
	assert_false(st_expect_met(&im, "nope.*", why, sizeof(why)));
	assert_non_null(strstr(why, "nope.* did not run"));
	f = open_memstream(&buf, &len);
	assert_int_equal(st_render_kills(f, &e, &im, 1, true), 0);
	fclose(f);
	assert_non_null(strstr(buf, "| alpha | 6.1 | **killed** |"));
	assert_non_null(strstr(buf, "| put.len-neg1 |")); /* the result column */
	assert_non_null(strstr(buf, "kasan: abi.returns-long, get.len16"));
	free(buf);
	gr_impl_free(&im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shard_parse),
		cmocka_unit_test(test_shard_partition),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_rewording_changes_no_verdict),
		cmocka_unit_test(test_merge_equals_unsharded),
		cmocka_unit_test(test_html_self_contained),
		cmocka_unit_test(test_md_matrix),
		cmocka_unit_test(test_not_applicable),
		cmocka_unit_test(test_href),
		cmocka_unit_test(test_report_links),
		cmocka_unit_test(test_built_row),
		cmocka_unit_test(test_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
