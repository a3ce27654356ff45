/* The grading matrix as Markdown and as one self-contained HTML page
 * (grade.h). */
#define _DEFAULT_SOURCE
#include "grade.h"

#include "escape.h"
#include "mt_finding.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void gr_anchor(char *out, size_t n, const char *impl, const char *kind, const char *what)
{
	static const char hex[] = "0123456789abcdef";
	const char *parts[3] = { impl, kind, what };
	size_t k = 0;

	if (!n)
		return;
	for (int p = 0; p < 3; p++) {
		if (p && parts[p] && *parts[p] && k + 1 < n)
			out[k++] = '-';
		for (const unsigned char *s = (const unsigned char *)parts[p]; s && *s; s++) {
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')) {
				if (k + 1 < n)
					out[k++] = (char)*s;
			} else if (k + 3 < n) {
				out[k++] = '_';
				out[k++] = hex[*s >> 4];
				out[k++] = hex[*s & 15];
			}
		}
	}
	out[k] = '\0';
}

/* ---- links to each implementation's report.html ---------------------------------- */

/* @path as absolute components into @c (at most @max); their count, or -1. */
static int components(const char *path, char *buf, size_t n, char *c[], int max)
{
	int k = 0;

	if (path[0] == '/')
		snprintf(buf, n, "%s", path);
	else if (!getcwd(buf, n) || strlen(buf) + strlen(path) + 2 > n)
		return -1;
	else
		strcat(strcat(buf, "/"), path);
	for (char *save = NULL, *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..")) {
			k -= k > 0;
			continue;
		}
		if (k == max)
			return -1;
		c[k++] = t;
	}
	return k;
}

bool gr_href(const char *from, const char *to, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char fb[4096], tb[4096], *fc[256], *tc[256];
	int nf = components(from, fb, sizeof(fb), fc, 256), nt = components(to, tb, sizeof(tb), tc, 256), common = 0;
	size_t k = 0;

	if (nf < 0 || nt < 0 || !n)
		return false;
	while (common < nf && common < nt - 1 && !strcmp(fc[common], tc[common]))
		common++;
	for (int i = common; i < nf; i++) {
		if (k + 3 >= n)
			return false;
		memcpy(out + k, "../", 3);
		k += 3;
	}
	for (int i = common; i < nt; i++)
		for (const unsigned char *p = (const unsigned char *)tc[i]; ; p++) {
			if (!*p) {
				if (i + 1 < nt) {
					if (k + 1 >= n)
						return false;
					out[k++] = '/';
				}
				break;
			}
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    strchr("-._~", *p)) {
				if (k + 1 >= n)
					return false;
				out[k++] = (char)*p;
			} else {
				if (k + 3 >= n)
					return false;
				out[k++] = '%';
				out[k++] = hex[*p >> 4];
				out[k++] = hex[*p & 15];
			}
		}
	out[k] = '\0';
	return true;
}

/* The href of @im's report.html from the page's directory, when it has one. */
static bool report_link(const struct gr_impl *im, const struct gr_matrix_opts *o, char *href, size_t n)
{
	char path[4096];

	if (!o || !o->out || !im->dir)
		return false;
	snprintf(path, sizeof(path), "%s/report.html", im->dir);
	return access(path, R_OK) == 0 && gr_href(o->out, path, href, n);
}

/* ---- what a cell says --------------------------------------------------------- */

static bool has_class(const struct mt_rcase *c, const char *k)
{
	return mt_rcase_has_class(c, k);
}

/* The console classes of @c, comma-separated, each once. */
static const char *classes_of(const struct mt_rcase *c, char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	for (size_t i = 0; i < c->n_findings && k < n; i++) {
		bool dup = false;

		for (size_t j = 0; j < i; j++)
			dup |= !strcmp(c->findings[j].class, c->findings[i].class);
		if (!dup)
			k += (size_t)snprintf(out + k, n - k, "%s%s", k ? "," : "", c->findings[i].class);
	}
	return out;
}

/* What class @name means, in words. */
static const char *bug_words(const char *name)
{
	enum mt_bug b;

	return mt_bug_from_name(name, &b) ? "" : mt_bug_words(b);
}

static int bug_count(const struct gr_impl *im, const char *bug)
{
	int n = 0;

	for (size_t i = 0; i < im->n_cases; i++)
		n += !strcmp(im->cases[i].status, "fail") && !strcmp(im->cases[i].bug, bug);
	return n;
}

static bool built(const struct gr_impl *im)
{
	return strcmp(im->status, "no-compile") && strcmp(im->status, "no-entry");
}

/* total: the cases that apply; a case n/a on this kernel (status n/a: it was
 * built without what the case needs) is neither passed nor skipped, only
 * counted in na */
struct tally {
	int total, failed, skipped, na;
};

static struct tally group_tally(const struct gr_impl *im, const char *g)
{
	struct tally t = { 0, 0, 0, 0 };

	for (size_t i = 0; i < im->n_cases; i++) {
		const struct mt_rcase *c = &im->cases[i];

		if (strcmp(gr_group(c->name), g))
			continue;
		if (!strcmp(c->status, "n/a")) {
			t.na++;
			continue;
		}
		t.total++;
		t.failed += !strcmp(c->status, "fail");
		t.skipped += !strcmp(c->status, "skip");
	}
	return t;
}

/* What a group's cell says; the Markdown and the HTML page only write it. */
enum mark {
	MARK_NOT_BUILT,  /* —: no compile, no entry points   */
	MARK_NO_CASES,   /* ·: none of the group ran here     */
	MARK_NA,         /* n/a: every case of it n/a here    */
	MARK_FAILED,     /* ✗ failed/total, linked            */
	MARK_SKIPPED,    /* every case of the group skipped   */
	MARK_PART_SKIPPED, /* ◐: some skipped, none failed    */
	MARK_PASSED,     /* ✓                                 */
};

static enum mark group_mark(const struct gr_impl *im, const struct tally *t)
{
	if (!built(im))
		return MARK_NOT_BUILT;
	if (!t->total)
		return t->na ? MARK_NA : MARK_NO_CASES;
	if (t->failed)
		return MARK_FAILED;
	if (t->skipped == t->total)
		return MARK_SKIPPED;
	return t->skipped ? MARK_PART_SKIPPED : MARK_PASSED;
}

int gr_class_count(const struct gr_impl *im, const char *k)
{
	int n = 0;

	for (size_t i = 0; i < im->n_cases; i++)
		n += has_class(&im->cases[i], k);
	return n;
}

/* The columns: the table groups always, abi/param/other when some case is
 * in them; console classes that some implementation showed. */
struct cols {
	const char *group[32];
	size_t n_group;
	const char *klass[32];
	size_t n_class;
	const char *bug[MT_BUG_COUNT]; /* bug classes some implementation has, most severe first */
	size_t n_bug;
};

static void columns(const struct gr_impl *im, size_t n, struct cols *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t g = 0; g < gr_n_groups; g++) {
		bool always = strcmp(gr_groups[g], "abi") && strcmp(gr_groups[g], "param") &&
			      strcmp(gr_groups[g], "other");
		bool some = false;

		for (size_t i = 0; i < n && !some; i++)
		{
			struct tally t = group_tally(&im[i], gr_groups[g]);

			some = t.total + t.na > 0;
		}
		if (always || some)
			c->group[c->n_group++] = gr_groups[g];
	}
	for (size_t k = 0; k < gr_n_classes; k++) {
		bool some = false;

		for (size_t i = 0; i < n && !some; i++)
			some = gr_class_count(&im[i], gr_classes[k]) > 0;
		if (some)
			c->klass[c->n_class++] = gr_classes[k];
	}
	for (int sev = 200; sev >= 0; sev--)
		for (int b = 0; b < MT_BUG_COUNT; b++) {
			bool some = false;

			if (mt_bug_severity((enum mt_bug)b) != sev)
				continue;
			for (size_t i = 0; i < n && !some; i++)
				some = bug_count(&im[i], mt_bug_name((enum mt_bug)b)) > 0;
			if (some)
				c->bug[c->n_bug++] = mt_bug_name((enum mt_bug)b);
		}
}

/* ---- escaping -------------------------------------------------------------------- */

static void html(FILE *f, const char *s)
{
	mt_xml_text(f, s);
}

void gr_md_cell(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '|')
			fputs("\\|", f);
		else if (*p == '\n' || *p == '\t')
			fputc(' ', f);
		else if (*p == '<')
			fputs("&lt;", f);
		else if (*p >= 0x20)
			fputc(*p, f);
	}
}

/* The first @max lines of an excerpt, for Markdown fences (no ``` inside). */
static void md_excerpt(FILE *f, const char *s, int max)
{
	int lines = 0;

	for (const char *p = s; *p && lines < max; p++) {
		if (*p == '`' && p[1] == '`' && p[2] == '`') {
			fputs("'''", f);
			p += 2;
			continue;
		}
		fputc(*p, f);
		if (*p == '\n')
			lines++;
	}
	if (lines >= max)
		fputs("[...]\n", f);
}

/* ---- Markdown ---------------------------------------------------------------------- */

static void md_compiles(FILE *f, const struct gr_impl *im)
{
	char a[512];

	gr_anchor(a, sizeof(a), im->name, "impl", "");
	if (!strcmp(im->status, "no-compile"))
		fprintf(f, " [✗ no](#%s) |", a);
	else if (!strcmp(im->status, "no-entry"))
		fprintf(f, " [✗ no entry](#%s) |", a);
	else if (!strcmp(im->status, "error"))
		fprintf(f, " [? error](#%s) |", a);
	else
		fputs(" ✓ |", f);
}

void gr_render_md(FILE *f, const struct gr_impl *im, size_t n, const struct gr_matrix_opts *o)
{
	struct cols c;
	char a[512], href[4096];

	columns(im, n, &c);
	fprintf(f, "# %s\n\n", o && o->title ? o->title : "msgbox-torture: grading matrix");
	if (o && o->note)
		fprintf(f, "%s\n\n", o->note);
	fprintf(f, "%zu implementation(s). ✓ all cases of the group passed, ✗ f/t: f of its t cases failed "
		   "(the link goes to the findings), · not run, n/a: no case of the group applies to this kernel "
		   "(n/a cases are neither passed nor skipped), — not built. Console columns: cases with a "
		   "kernel report of that class.\n\n", n);
	fputs("| implementation | verdict | compiles |", f);
	for (size_t g = 0; g < c.n_group; g++)
		fprintf(f, " %s |", c.group[g]);
	for (size_t k = 0; k < c.n_bug; k++)
		fprintf(f, " bug: %s |", c.bug[k]);
	for (size_t k = 0; k < c.n_class; k++)
		fprintf(f, " %s |", c.klass[k]);
	fputs("\n|---|---|---|", f);
	for (size_t g = 0; g < c.n_group + c.n_bug + c.n_class; g++)
		fputs("---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < n; i++) {
		gr_anchor(a, sizeof(a), im[i].name, "impl", "");
		fputs("| [", f);
		gr_md_cell(f, im[i].name);
		fprintf(f, "](#%s) | %s", a, im[i].status);
		if (im[i].failed)
			fprintf(f, " (%d)", im[i].failed);
		fputs(" |", f);
		md_compiles(f, &im[i]);
		for (size_t g = 0; g < c.n_group; g++) {
			struct tally t = group_tally(&im[i], c.group[g]);

			gr_anchor(a, sizeof(a), im[i].name, "group", c.group[g]);
			switch (group_mark(&im[i], &t)) {
			case MARK_NOT_BUILT: fputs(" — |", f); break;
			case MARK_NO_CASES: fputs(" · |", f); break;
			case MARK_NA: fputs(" n/a |", f); break;
			case MARK_FAILED: fprintf(f, " [✗ %d/%d](#%s) |", t.failed, t.total, a); break;
			case MARK_SKIPPED: fputs(" skip |", f); break;
			case MARK_PART_SKIPPED: fprintf(f, " ◐ %d skipped |", t.skipped); break;
			case MARK_PASSED: fputs(" ✓ |", f); break;
			}
		}
		for (size_t k = 0; k < c.n_bug; k++) {
			int m = bug_count(&im[i], c.bug[k]);

			gr_anchor(a, sizeof(a), im[i].name, "bug", c.bug[k]);
			if (m)
				fprintf(f, " [%d](#%s) |", m, a);
			else
				fputs("  |", f);
		}
		for (size_t k = 0; k < c.n_class; k++) {
			int m = gr_class_count(&im[i], c.klass[k]);

			gr_anchor(a, sizeof(a), im[i].name, "class", c.klass[k]);
			if (m)
				fprintf(f, " [%d](#%s) |", m, a);
			else
				fputs("  |", f);
		}
		fputc('\n', f);
	}
	fputs("\n## Findings\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct gr_impl *p = &im[i];

		gr_anchor(a, sizeof(a), p->name, "impl", "");
		fprintf(f, "\n<a id=\"%s\"></a>\n### ", a);
		gr_md_cell(f, p->name);
		fprintf(f, ": %s (%d passed, %d failed, %d skipped", p->status, p->passed, p->failed, p->skipped);
		if (p->not_applicable)
			fprintf(f, ", %d n/a", p->not_applicable);
		fputs(")\n\n", f);
		if (report_link(p, o, href, sizeof(href)))
			fprintf(f, "its own page: [report.html](%s)\n\n", href); /* percent-encoded: no escaping left */
		if (*p->rep.built) { /* verdict.tsv's built row: module, or built-in (why) */
			fputs("built as: ", f);
			gr_md_cell(f, p->rep.built);
			fputs("\n\n", f);
		}
		if (*p->detail) {
			fputs("```\n", f);
			md_excerpt(f, p->detail, 30);
			fputs("\n```\n", f);
		}
		for (size_t k = 0; k < c.n_bug; k++) {
			if (!bug_count(p, c.bug[k]))
				continue;
			gr_anchor(a, sizeof(a), p->name, "bug", c.bug[k]);
			fprintf(f, "\n<a id=\"%s\"></a>\n**%s** (%s)", a, c.bug[k], bug_words(c.bug[k]));
			fputs(" in:", f);
			for (size_t j = 0; j < p->n_cases; j++)
				if (!strcmp(p->cases[j].status, "fail") && !strcmp(p->cases[j].bug, c.bug[k])) {
					gr_anchor(a, sizeof(a), p->name, "case", p->cases[j].name);
					fprintf(f, " [%s](#%s)", p->cases[j].name, a);
				}
			fputc('\n', f);
		}
		for (size_t k = 0; k < c.n_class; k++) {
			if (!gr_class_count(p, c.klass[k]))
				continue;
			gr_anchor(a, sizeof(a), p->name, "class", c.klass[k]);
			fprintf(f, "\n<a id=\"%s\"></a>\n**console %s** in:", a, c.klass[k]);
			for (size_t j = 0; j < p->n_cases; j++)
				if (has_class(&p->cases[j], c.klass[k])) {
					gr_anchor(a, sizeof(a), p->name, "case", p->cases[j].name);
					fprintf(f, " [%s](#%s)", p->cases[j].name, a);
				}
			fputc('\n', f);
		}
		for (size_t g = 0; g < c.n_group; g++) {
			if (!group_tally(p, c.group[g]).failed)
				continue;
			gr_anchor(a, sizeof(a), p->name, "group", c.group[g]);
			fprintf(f, "\n<a id=\"%s\"></a>\n#### ", a);
			gr_md_cell(f, p->name);
			fprintf(f, ": %s\n", c.group[g]);
			for (size_t j = 0; j < p->n_cases; j++) {
				const struct mt_rcase *x = &p->cases[j];

				if (strcmp(gr_group(x->name), c.group[g]) || strcmp(x->status, "fail"))
					continue;
				char cls[512];

				classes_of(x, cls, sizeof(cls));
				gr_anchor(a, sizeof(a), p->name, "case", x->name);
				fprintf(f, "\n<a id=\"%s\"></a>\n- **%s** [%s] (%s%s%s): `", a, x->name, x->bug, x->oracles,
					*cls ? ", console " : "", cls);
				mt_escf(f, gr_md_cell, "%s`: expected %s, got %s — %s", x->call, x->expected, x->got,
					x->detail);
				if (*x->reproduce) {
					mt_escf(f, gr_md_cell, "\n  reproduce: `%s`", x->reproduce);
				}
				fputc('\n', f);
				if (x->n_findings) {
					fputs("\n  ```\n", f);
					md_excerpt(f, x->findings[0].excerpt, 12);
					fputs("\n  ```\n", f);
				}
			}
		}
	}
}

/* ---- HTML ---------------------------------------------------------------------------- */

static const char css[] =
	"body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1b1f24;"
	"background:#fff}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.6em 0 .4em;"
	"border-bottom:1px solid #d0d7de;padding-bottom:.2em}h3{font-size:1.05em;margin:1.2em 0 .3em}\n"
	"p.note{color:#57606a;margin:.2em 0 1em}\n"
	".wrap{overflow-x:auto}\n"
	"table.m{border-collapse:collapse;font-size:13px}\n"
	"table.m th,table.m td{border:1px solid #d0d7de;padding:3px 7px;text-align:center;white-space:nowrap}\n"
	"table.m th{background:#f6f8fa;position:sticky;top:0}\n"
	"table.m th.k{background:#eef1f8}table.m th.b{background:#ffebe9}\n"
	"table.m td.n{text-align:left;font-family:ui-monospace,Menlo,Consolas,monospace}\n"
	"td.ok{background:#dafbe1;color:#116329}td.bad{background:#ffd8d3}td.bad a{color:#a40e26;"
	"font-weight:600}\n"
	"td.skip,td.nr{background:#f6f8fa;color:#8c959f}td.cls{background:#fff1c2}td.cls a{color:#7d4e00;"
	"font-weight:600}\n"
	"td.v-pass{color:#116329;font-weight:600}td.v-findings{color:#a40e26;font-weight:600}"
	"td.v-no-compile,td.v-no-entry,td.v-error{color:#7d4e00;font-weight:600}\n"
	"a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}\n"
	".f{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:4px;padding:.4em .8em;"
	"margin:.6em 0}\n"
	".f:target,h3:target,h2:target{background:#fff8c5}\n"
	".f dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.3em 0}"
	".f dt{color:#57606a}.f dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;"
	"word-break:break-word}\n"
	"pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:.5em;max-height:22em;"
	"overflow:auto;font-size:12px}\n"
	"code.r{background:#eef1f8;padding:1px 4px;border-radius:3px}\n"
	".legend span{display:inline-block;padding:0 6px;margin-right:6px;border:1px solid #d0d7de}\n"
	"a.rep{font-family:system-ui,sans-serif;font-size:11px;color:#57606a}\n";

static void html_compiles(FILE *f, const struct gr_impl *im)
{
	char a[512];

	gr_anchor(a, sizeof(a), im->name, "impl", "");
	if (!strcmp(im->status, "no-compile"))
		fprintf(f, "<td class=bad><a href=\"#%s\">✗ no</a></td>", a);
	else if (!strcmp(im->status, "no-entry"))
		fprintf(f, "<td class=bad><a href=\"#%s\">✗ no entry</a></td>", a);
	else if (!strcmp(im->status, "error"))
		fprintf(f, "<td class=bad><a href=\"#%s\">? error</a></td>", a);
	else
		fputs("<td class=ok>✓</td>", f);
}

static void html_finding(FILE *f, const struct gr_impl *p, const struct mt_rcase *x)
{
	char a[512];

	gr_anchor(a, sizeof(a), p->name, "case", x->name);
	fprintf(f, "<div class=f id=\"%s\"><b>", a);
	html(f, x->name);
	fprintf(f, "</b> <a href=\"#%s\">#</a><dl>", a);
	mt_escf(f, html, "<dt>call</dt><dd>%s</dd><dt>bug</dt><dd>%s</dd><dt>caught by</dt><dd>%s", x->call, x->bug,
		x->oracles);
	if (x->n_findings) {
		char cls[512];

		mt_escf(f, html, "; console: %s", classes_of(x, cls, sizeof(cls)));
	}
	mt_escf(f, html, "</dd><dt>expected</dt><dd>%s</dd><dt>got</dt><dd>%s</dd><dt>detail</dt><dd>%s</dd>",
		x->expected, x->got, x->detail);
	if (*x->reproduce)
		mt_escf(f, html, "<dt>reproduce</dt><dd><code class=r>%s</code></dd>", x->reproduce);
	fputs("</dl>", f);
	for (size_t k = 0; k < x->n_findings; k++) {
		mt_escf(f, html, "<div>console (%s): %s</div><pre>%s</pre>", x->findings[k].class, x->findings[k].first,
			x->findings[k].excerpt);
		if (k >= 2 && x->n_findings > 3) {
			fprintf(f, "<div>... and %zu more reports in this case</div>", x->n_findings - 3);
			break;
		}
	}
	fputs("</div>\n", f);
}

void gr_render_html(FILE *f, const struct gr_impl *im, size_t n, const struct gr_matrix_opts *o)
{
	struct cols c;
	char a[512], href[4096];
	const char *title = o && o->title ? o->title : "msgbox-torture: grading matrix";

	columns(im, n, &c);
	fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
	      "<meta name=viewport content=\"width=device-width,initial-scale=1\">\n<title>", f);
	html(f, title);
	fprintf(f, "</title>\n<style>\n%s</style></head><body>\n<h1>", css);
	html(f, title);
	fputs("</h1>\n", f);
	if (o && o->note) {
		fputs("<p class=note>", f);
		html(f, o->note);
		fputs("</p>\n", f);
	}
	fprintf(f, "<p class=\"note legend\">%zu implementation(s). <span class=\"ok\">✓</span>all cases of the "
		   "group passed <span>✗ f/t</span>f of its t cases failed (click for the findings) "
		   "<span>·</span>not run <span>n/a</span>no case of the group applies to this kernel (n/a cases are "
		   "neither passed nor skipped) <span>—</span>not built. Console columns count the cases with a "
		   "kernel report of that class.</p>\n", n);
	fputs("<div class=wrap><table class=m><thead><tr><th>implementation</th><th>verdict</th><th>compiles</th>", f);
	for (size_t g = 0; g < c.n_group; g++)
		fprintf(f, "<th>%s</th>", c.group[g]);
	for (size_t k = 0; k < c.n_bug; k++)
		fprintf(f, "<th class=b>%s</th>", c.bug[k]);
	for (size_t k = 0; k < c.n_class; k++)
		fprintf(f, "<th class=k>%s</th>", c.klass[k]);
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < n; i++) {
		gr_anchor(a, sizeof(a), im[i].name, "impl", "");
		fprintf(f, "<tr><td class=n><a href=\"#%s\">", a);
		html(f, im[i].name);
		fputs("</a>", f);
		if (report_link(&im[i], o, href, sizeof(href)))
			mt_escf(f, html, " <a class=rep href=\"%s\" title=\"this implementation's own page\">report</a>", href);
		fputs("</td><td class=\"v-", f);
		html(f, im[i].status);
		fputs("\">", f);
		html(f, im[i].status);
		if (im[i].failed)
			fprintf(f, " <small>(%d)</small>", im[i].failed);
		fputs("</td>", f);
		html_compiles(f, &im[i]);
		for (size_t g = 0; g < c.n_group; g++) {
			struct tally t = group_tally(&im[i], c.group[g]);

			gr_anchor(a, sizeof(a), im[i].name, "group", c.group[g]);
			switch (group_mark(&im[i], &t)) {
			case MARK_NOT_BUILT: fputs("<td class=nr>—</td>", f); break;
			case MARK_NO_CASES: fputs("<td class=nr>·</td>", f); break;
			case MARK_NA:
				fprintf(f, "<td class=nr title=\"%d cases not applicable to this kernel\">n/a</td>", t.na);
				break;
			case MARK_FAILED:
				fprintf(f, "<td class=bad><a href=\"#%s\" title=\"%d of %d cases failed\">✗ %d/%d</a></td>",
					a, t.failed, t.total, t.failed, t.total);
				break;
			case MARK_SKIPPED: fputs("<td class=skip>skip</td>", f); break;
			case MARK_PART_SKIPPED:
				fprintf(f, "<td class=skip title=\"%d of %d cases skipped\">◐ %d skipped</td>", t.skipped,
					t.total, t.skipped);
				break;
			case MARK_PASSED: fprintf(f, "<td class=ok title=\"%d cases\">✓</td>", t.total); break;
			}
		}
		for (size_t k = 0; k < c.n_bug; k++) {
			int m = bug_count(&im[i], c.bug[k]);

			gr_anchor(a, sizeof(a), im[i].name, "bug", c.bug[k]);
			if (m)
				fprintf(f, "<td class=bad><a href=\"#%s\">%d</a></td>", a, m);
			else
				fputs("<td></td>", f);
		}
		for (size_t k = 0; k < c.n_class; k++) {
			int m = gr_class_count(&im[i], c.klass[k]);

			gr_anchor(a, sizeof(a), im[i].name, "class", c.klass[k]);
			if (m)
				fprintf(f, "<td class=cls><a href=\"#%s\">%d</a></td>", a, m);
			else
				fputs("<td></td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);

	for (size_t i = 0; i < n; i++) {
		const struct gr_impl *p = &im[i];

		gr_anchor(a, sizeof(a), p->name, "impl", "");
		fprintf(f, "<h2 id=\"%s\">", a);
		html(f, p->name);
		fputs(": ", f);
		html(f, p->status);
		fprintf(f, " <small>(%d passed, %d failed, %d skipped", p->passed, p->failed, p->skipped);
		if (p->not_applicable)
			fprintf(f, ", %d n/a", p->not_applicable);
		if (*p->kernel) {
			fputs("; kernel ", f);
			html(f, p->kernel);
			fputs(", profile ", f);
			html(f, p->profile);
		}
		fputs(")</small></h2>\n", f);
		if (report_link(p, o, href, sizeof(href)))
			mt_escf(f, html, "<p>its own page: <a href=\"%s\">report.html</a></p>\n", href);
		if (*p->rep.built)
			mt_escf(f, html, "<p class=\"note\">built as: %s</p>\n", p->rep.built);
		if (*p->detail) {
			fputs(built(p) && strcmp(p->status, "error") ? "<p>" : "<pre>", f);
			html(f, p->detail);
			fputs(built(p) && strcmp(p->status, "error") ? "</p>\n" : "</pre>\n", f);
		}
		for (size_t k = 0; k < c.n_bug; k++) {
			if (!bug_count(p, c.bug[k]))
				continue;
			gr_anchor(a, sizeof(a), p->name, "bug", c.bug[k]);
			fprintf(f, "<h3 id=\"%s\">%s: ", a, c.bug[k]);
			html(f, bug_words(c.bug[k]));
			fputs("</h3><p>", f);
			for (size_t j = 0; j < p->n_cases; j++)
				if (!strcmp(p->cases[j].status, "fail") && !strcmp(p->cases[j].bug, c.bug[k])) {
					gr_anchor(a, sizeof(a), p->name, "case", p->cases[j].name);
					fprintf(f, "<a href=\"#%s\">", a);
					html(f, p->cases[j].name);
					fputs("</a> ", f);
				}
			fputs("</p>\n", f);
		}
		for (size_t k = 0; k < c.n_class; k++) {
			if (!gr_class_count(p, c.klass[k]))
				continue;
			gr_anchor(a, sizeof(a), p->name, "class", c.klass[k]);
			fprintf(f, "<h3 id=\"%s\">console: %s</h3><p>", a, c.klass[k]);
			for (size_t j = 0; j < p->n_cases; j++)
				if (has_class(&p->cases[j], c.klass[k])) {
					gr_anchor(a, sizeof(a), p->name, "case", p->cases[j].name);
					fprintf(f, "<a href=\"#%s\">", a);
					html(f, p->cases[j].name);
					fputs("</a> ", f);
				}
			fputs("</p>\n", f);
		}
		for (size_t g = 0; g < c.n_group; g++) {
			struct tally t = group_tally(p, c.group[g]);

			if (!t.failed)
				continue;
			gr_anchor(a, sizeof(a), p->name, "group", c.group[g]);
			fprintf(f, "<h3 id=\"%s\">", a);
			html(f, p->name);
			fprintf(f, ": %s — %d of %d failed</h3>\n", c.group[g], t.failed, t.total);
			for (size_t j = 0; j < p->n_cases; j++)
				if (!strcmp(gr_group(p->cases[j].name), c.group[g]) && !strcmp(p->cases[j].status, "fail"))
					html_finding(f, p, &p->cases[j]);
		}
	}
	fputs("</body></html>\n", f);
}
