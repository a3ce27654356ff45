/*
 * report.html: one results directory as one self-contained page (report.h):
 * the title (implementation, kernel, flavour, profile, verdict), pass/fail
 * per case group, the findings by bug class with their first case and
 * reproducer (bugs.tsv's data), the conventions the probe learned, the
 * stress figures with their plots, and every case. Inline CSS and SVG, no
 * script, nothing loaded from anywhere: every link is to the page itself.
 */
#define _GNU_SOURCE
#include "report.h"

#include "escape.h"
#include "mt_finding.h"
#include "report_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void html(FILE *f, const char *s)
{
	mt_xml_text(f, s);
}

/* An HTML id: "case-" and the name, [A-Za-z0-9-] kept, every other byte _XX. */
static void anchor(char *out, size_t n, const char *kind, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = (size_t)snprintf(out, n, "%s-", kind);

	for (const unsigned char *s = (const unsigned char *)name; *s && k + 4 < n; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-') {
			out[k++] = (char)*s;
		} else {
			out[k++] = '_';
			out[k++] = hex[*s >> 4];
			out[k++] = hex[*s & 15];
		}
	}
	out[k < n ? k : n - 1] = '\0';
}

static bool failed(const struct mt_rcase *c)
{
	return !strcmp(c->status, "fail");
}

/* ---- the title -------------------------------------------------------------------- */

/* What was judged: make check's file, a mutant, or the reference. */
static void impl_name(const struct mt_report *r, char *out, size_t n)
{
	const char *m = strstr(r->repro, "MUTANT=");

	if (*r->impl)
		snprintf(out, n, "%s", r->impl);
	else if (m)
		snprintf(out, n, "mutant %.*s", (int)strcspn(m + 7, " "), m + 7);
	else
		snprintf(out, n, "the reference (kernel-patch/dm510_msgbox.c)");
}

/* verdict.tsv's status, or what make run's exit says: findings or pass. */
static const char *verdict(const struct mt_report *r)
{
	if (*r->verdict)
		return r->verdict;
	if (!r->n_cases)
		return "error";
	return r->failed ? "findings" : "pass";
}

static void title(const struct mt_report *r, FILE *f, const char *impl)
{
	const char *v = verdict(r);

	mt_escf(f, html, "<h1 id=\"title\">msgbox-torture: %s <span class=\"v v-%s\">%s</span></h1>\n", impl, v, v);
	mt_escf(f, html, "<p class=\"sum\">kernel <b>%s</b>", r->kernel);
	if (*r->release)
		mt_escf(f, html, " (%s)", r->release);
	mt_escf(f, html, " · flavour <b>%s</b> · profile <b>%s</b> · verdict <b>%s</b>: ", r->flavour, r->profile, v);
	fprintf(f, "%zu cases, %d passed, %d failed, %d skipped", r->n_cases, r->passed, r->failed, r->skipped);
	if (r->not_applicable)
		fprintf(f, ", %d not applicable (n/a)", r->not_applicable);
	fprintf(f, ", %d boot(s)</p>\n", r->boots);
	if (*r->verdict_detail)
		mt_escf(f, html, "<p class=\"note\">%s</p>\n", r->verdict_detail);
	if (*r->built)
		mt_escf(f, html, "<p class=\"note\">built as: %s</p>\n", r->built);
	mt_escf(f, html, "<p class=\"note\">run again: <code class=\"r\">%s</code></p>\n", r->repro);
	fputs("<nav><a href=\"#groups\">case groups</a> · <a href=\"#findings\">findings</a> · "
	      "<a href=\"#conventions\">conventions</a> · <a href=\"#stress\">stress</a> · "
	      "<a href=\"#cases\">cases</a></nav>\n", f);
}

/* ---- case groups ------------------------------------------------------------------ */

struct group {
	char name[64];
	int total, passed, failed, skipped, na;
	const struct mt_rcase *first_fail;
};

/* A case's group: its name up to the first '.'. */
static void group_of(const char *name, char *out, size_t n)
{
	snprintf(out, n, "%.*s", (int)strcspn(name, "."), name);
}

/* The groups in the order of their first case; malloc'd, *n of them. */
static struct group *groups(const struct mt_report *r, size_t *n)
{
	struct group *g = calloc(r->n_cases ? r->n_cases : 1, sizeof(*g));
	char name[64];

	if (!g)
		abort();
	*n = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];
		size_t k = 0;

		group_of(c->name, name, sizeof(name));
		while (k < *n && strcmp(g[k].name, name))
			k++;
		if (k == *n)
			snprintf(g[(*n)++].name, sizeof(g->name), "%s", name);
		g[k].total++;
		g[k].passed += !strcmp(c->status, "pass");
		g[k].skipped += !strcmp(c->status, "skip");
		g[k].na += !strcmp(c->status, "n/a");
		if (failed(c) && !g[k].failed++)
			g[k].first_fail = c;
	}
	return g;
}

static void group_section(const struct mt_report *r, FILE *f)
{
	static const struct mt_svg_series parts[] = {
		{ "passed", "#2da44e" }, { "failed", "#cf222e" }, { "skipped", "#afb8c1" }, { "n/a", "#d8dee4" },
	};
	size_t n;
	struct group *g = groups(r, &n);
	const char **labels = calloc(n ? n : 1, sizeof(*labels));
	double *v = calloc(4 * (n ? n : 1), sizeof(*v));
	char a[512];

	if (!labels || !v)
		abort();
	fputs("<h2 id=\"groups\">Case groups</h2>\n", f);
	fputs("<table class=\"t\" id=\"group-table\"><thead><tr><th>group</th><th>cases</th><th>passed</th>"
	      "<th>failed</th><th>skipped</th><th>n/a</th><th>first failure</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < n; i++) {
		const char *cls = g[i].failed ? "bad" : g[i].skipped || g[i].na ? "skip" : "ok";

		mt_escf(f, html, "<tr class=\"%s\"><td class=\"n\">%s</td>", cls, g[i].name);
		fprintf(f, "<td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td class=\"n\">", g[i].total,
			g[i].passed, g[i].failed, g[i].skipped, g[i].na);
		if (g[i].first_fail) {
			anchor(a, sizeof(a), "case", g[i].first_fail->name);
			mt_escf(f, html, "<a href=\"#%s\">%s</a> [%s]", a, g[i].first_fail->name, g[i].first_fail->bug);
		}
		fputs("</td></tr>\n", f);
		labels[i] = g[i].name;
		v[4 * i] = g[i].passed, v[4 * i + 1] = g[i].failed, v[4 * i + 2] = g[i].skipped, v[4 * i + 3] = g[i].na;
	}
	fputs("</tbody></table>\n", f);
	if (n)
		mt_svg_hbars(f, "cases per group", "cases", labels, n, v, parts, 4, true);
	free(v);
	free(labels);
	free(g);
}

/* ---- findings by bug class ---------------------------------------------------------- */

/* Does @c show bug class @name (among its violations or its console reports)? */
static bool shows(const struct mt_rcase *c, const char *name)
{
	size_t n = strlen(name);

	for (size_t k = 0; k < c->n_findings; k++)
		if (!strcmp(c->findings[k].bug, name))
			return true;
	for (const char *p = c->bugs; (p = strstr(p, name)); p += n)
		if ((p == c->bugs || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

static void finding(const struct mt_report *r, FILE *f, enum mt_bug b, int count, const struct mt_rcase *x)
{
	const char *name = mt_bug_name(b);
	const struct mt_finding *rep = x->n_findings ? &x->findings[0] : NULL;
	char a[512];
	int listed = 0;

	for (size_t k = 0; k < x->n_findings; k++)
		if (!strcmp(x->findings[k].bug, name)) {
			rep = &x->findings[k];
			break;
		}
	anchor(a, sizeof(a), "bug", name);
	mt_escf(f, html, "<div class=\"f\" id=\"%s\"><h3>%s <small>", a, name);
	fprintf(f, "(severity %d, %d case(s))</small></h3>", mt_bug_severity(b), count);
	mt_escf(f, html, "<p>%s</p><dl>", mt_bug_words(b));
	anchor(a, sizeof(a), "case", x->name);
	mt_escf(f, html, "<dt>first case</dt><dd><a href=\"#%s\">%s</a></dd>", a, x->name);
	mt_escf(f, html, "<dt>call</dt><dd>%s</dd><dt>expected</dt><dd>%s</dd><dt>got</dt><dd>%s</dd>",
		*x->call ? x->call : "-", x->expected, x->got);
	mt_escf(f, html, "<dt>detail</dt><dd>%s</dd><dt>caught by</dt><dd>%s</dd>", x->detail, x->oracles);
	if (rep)
		mt_escf(f, html, "<dt>console</dt><dd>[%s] %s</dd>", rep->class, rep->first);
	mt_escf(f, html, "<dt>reproduce</dt><dd><code class=\"r\">%s</code></dd>", x->reproduce);
	fputs("<dt>cases showing it</dt><dd>", f);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];

		if (!failed(c) || !shows(c, name))
			continue;
		if (listed++ == 40) {
			fputs(" ...", f);
			break;
		}
		anchor(a, sizeof(a), "case", c->name);
		mt_escf(f, html, " <a href=\"#%s\">%s</a>", a, c->name);
	}
	fputs("</dd></dl>", f);
	if (rep)
		mt_escf(f, html, "<details><summary>console excerpt (%s)</summary><pre>%s</pre></details>", rep->class,
			rep->excerpt);
	fputs("</div>\n", f);
}

static void findings_section(const struct mt_report *r, FILE *f)
{
	int count[MT_BUG_COUNT], n = 0;
	const struct mt_rcase *first[MT_BUG_COUNT];

	mt_report_bugs(r, count, first);
	fputs("<h2 id=\"findings\">Findings by bug class</h2>\n<div id=\"findings-list\">\n", f);
	for (int s = 200; s >= 0; s--)
		for (int b = 0; b < MT_BUG_COUNT; b++)
			if (mt_bug_severity((enum mt_bug)b) == s && count[b] && first[b]) {
				finding(r, f, (enum mt_bug)b, count[b], first[b]);
				n++;
			}
	if (!n)
		fputs("<p class=\"none\">No findings: no case failed.</p>\n", f);
	fputs("</div>\n", f);
}

/* ---- conventions -------------------------------------------------------------------- */

static const struct {
	const char *key, *words;
	bool errno_value;
} conv_words[] = {
	{ "learned", "the probe ran to its end", false },
	{ "lenient", "the lenient profile", false },
	{ "empty", "get on an empty box answers", true },
	{ "too_small", "get with a buffer shorter than the message answers", true },
	{ "empty_put", "a zero-length put is taken", false },
	{ "max_len", "the largest length a put accepts (probed up to 4 MiB)", false },
	{ "get_len", "the buffer length the drains use", false },
	{ "proc", "/proc/dm510_msgbox exists", false },
	{ "params", "the runtime limits exist", false },
	{ "stuck", "the box never emptied", false },
	{ "put_len", "put answers success with the length, not 0", false },
	{ "get_zero", "get answers success with 0, not the size", false },
	{ "fifo", "get takes the oldest message (a queue, not a stack)", false },
};

static void conventions_section(const struct mt_report *r, FILE *f)
{
	const struct mt_stress *c = &r->conventions;

	fputs("<h2 id=\"conventions\">Conventions learned</h2>\n", f);
	if (!c->n) {
		fputs("<p class=\"none\">No conventions.tsv: the probe case did not run in this results "
		      "directory.</p>\n", f);
		return;
	}
	fputs("<p class=\"note\">How the implementation speaks, learned by the first case before the others; "
	      "the drains, models and the stress checker use these answers.</p>\n"
	      "<table class=\"t\" id=\"conventions-table\"><thead><tr><th>key</th><th>value</th><th>meaning</th>"
	      "</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < c->n; i++) {
		const char *words = "";
		bool err = false;
		char v[128];

		for (size_t k = 0; k < sizeof(conv_words) / sizeof(conv_words[0]); k++)
			if (!strcmp(conv_words[k].key, c->key[i]))
				words = conv_words[k].words, err = conv_words[k].errno_value;
		snprintf(v, sizeof(v), "%s", c->val[i]);
		if (err) {
			char *end;
			long e = strtol(c->val[i], &end, 10);
			const char *nm = !*end && e < 0 && e > -4096 ? strerrorname_np((int)-e) : NULL;

			if (nm)
				snprintf(v, sizeof(v), "%s (-%s)", c->val[i], nm);
		}
		mt_escf(f, html, "<tr><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n", c->key[i], v,
			words);
	}
	fputs("</tbody></table>\n", f);
}

/* ---- stress ---------------------------------------------------------------------- */

static const char *const stress_cols[] = {
	"verdict", "workers", "ops", "secs", "ops_per_s", "lost", "duplicated", "corrupted", "unexpected",
	"order_violations", "unknown", "possibly_consumed", "uffd_windows", "window_calls", "kills", "stops",
	"getppid_ns", "raw_ops_per_s", "ratio_plain_vs_raw", "seed",
};

static double num(const struct mt_stress *s, const char *key)
{
	const char *v = mt_stress_get(s, key);
	char *end;
	double d;

	if (!v || !*v)
		return NAN;
	d = strtod(v, &end);
	return *end ? NAN : d;
}

/* A scenario's parameter from its "scenario" line ("workers=16 ... sizes=fixed:64"):
 * the number after "@key=", or NAN. */
static double scenario_param(const struct mt_stress *s, const char *key)
{
	const char *sc = mt_stress_get(s, "scenario");
	size_t n = strlen(key);

	for (const char *p = sc; p && (p = strstr(p, key)); p += n)
		if ((p == sc || p[-1] == ' ') && p[n] == '=') {
			char *end;
			double d = strtod(p + n + 1, &end);

			return end != p + n + 1 && (*end == ' ' || *end == '%' || !*end) ? d : NAN;
		}
	return NAN;
}

/* The scenario line without the words that start with @a, @b or @c: what
 * two scenarios of one sweep have in common. */
static void scenario_rest(const struct mt_stress *s, const char *a, const char *b, const char *c, char *out,
			  size_t n)
{
	const char *sc = mt_stress_get(s, "scenario");
	size_t k = 0;

	out[0] = '\0';
	for (const char *p = sc ? sc : ""; *p;) {
		size_t l = strcspn(p, " ");

		if (strncmp(p, a, strlen(a)) && strncmp(p, b, strlen(b)) && strncmp(p, c, strlen(c)) && k + l + 2 < n) {
			k += (size_t)snprintf(out + k, n - k, "%s%.*s", k ? " " : "", (int)l, p);
		}
		p += l;
		p += *p == ' ';
	}
}

/*
 * Throughput against @what (workers=, or sizes=fixed:N as "sizes=fixed:"):
 * one plot per sweep, i.e. per set of scenarios that differ in @what (and
 * in their ops and seed) and in nothing else, when it has two values of
 * @what at least. Scenarios that differ in more are not a curve.
 */
static void stress_xy(const struct mt_report *r, FILE *f, const char *title, const char *xlabel, const char *what,
		      bool sizes)
{
	static const struct mt_svg_series line = { "ops/s", "#0969da" };
	size_t m = r->n_stress + 1;
	double *x = calloc(m, sizeof(*x)), *y = calloc(m, sizeof(*y));
	const char **labels = calloc(m, sizeof(*labels));
	bool *done = calloc(m, sizeof(*done));
	char rest[1024], other[1024];
	const char *pkey = strcmp(what, "sizes") ? what : "sizes=fixed:";

	if (!x || !y || !labels || !done)
		abort();
	for (size_t i = 0; i < r->n_stress; i++) {
		size_t n = 0;
		bool differ = false;

		if (done[i])
			continue;
		scenario_rest(&r->stress[i], pkey, "ops=", "seed=", rest, sizeof(rest));
		for (size_t j = i; j < r->n_stress; j++) {
			const struct mt_stress *s = &r->stress[j];
			const char *sc = mt_stress_get(s, "scenario");
			const char *fx = sc ? strstr(sc, "sizes=fixed:") : NULL;
			double px = strcmp(what, "sizes") ? scenario_param(s, what) : fx ? strtod(fx + 12, NULL) : NAN;
			double py = num(s, "ops_per_s");

			scenario_rest(s, pkey, "ops=", "seed=", other, sizeof(other));
			if (done[j] || strcmp(rest, other) || isnan(px) || isnan(py) || px < 0)
				continue;
			done[j] = true;
			differ |= n && px != x[0];
			x[n] = px, y[n] = py, labels[n++] = s->name;
		}
		if (!differ)
			continue;
		mt_svg_xy(f, title, xlabel, "ops/s", x, y, labels, n, sizes, &line);
		mt_escf(f, html, "<p class=\"note\">%s: the scenarios with %s</p>\n", title, rest);
	}
	free(x), free(y), free(labels), free(done);
}

static void stress_section(const struct mt_report *r, FILE *f)
{
	static const struct mt_svg_series bars[] = { { "ops/s", "#0969da" }, { "raw put+get ops/s", "#8250df" } };
	const char **labels = calloc(r->n_stress + 1, sizeof(*labels));
	double *v = calloc(2 * (r->n_stress + 1), sizeof(*v));
	bool raw = false;
	char a[512];

	if (!labels || !v)
		abort();
	fputs("<h2 id=\"stress\">Stress</h2>\n", f);
	if (!r->n_stress) {
		fputs("<p class=\"none\">No stress scenario ran in this results directory.</p>\n", f);
		free(labels), free(v);
		return;
	}
	fputs("<div class=\"wrap\"><table class=\"t\" id=\"stress-table\"><thead><tr><th>scenario</th>", f);
	for (size_t k = 0; k < sizeof(stress_cols) / sizeof(stress_cols[0]); k++)
		fprintf(f, "<th>%s</th>", stress_cols[k]);
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < r->n_stress; i++) {
		const struct mt_stress *s = &r->stress[i];
		const char *sv = mt_stress_get(s, "verdict");

		anchor(a, sizeof(a), "case", s->name);
		mt_escf(f, html, "<tr class=\"%s\"><td class=\"n\"><a href=\"#%s\">%s</a></td>",
			sv && !strcmp(sv, "pass") ? "ok" : sv ? "bad" : "", a, s->name);
		for (size_t k = 0; k < sizeof(stress_cols) / sizeof(stress_cols[0]); k++) {
			const char *val = mt_stress_get(s, stress_cols[k]);

			mt_escf(f, html, "<td>%s</td>", val ? val : "");
		}
		fputs("</tr>\n", f);
		labels[i] = s->name;
		v[2 * i] = num(s, "ops_per_s");
		v[2 * i + 1] = num(s, "raw_ops_per_s");
		raw |= !isnan(v[2 * i + 1]);
	}
	fputs("</tbody></table></div>\n", f);
	if (!raw)
		for (size_t i = 0; i < r->n_stress; i++)
			v[i] = v[2 * i];
	mt_svg_hbars(f, "throughput per scenario", "calls per second", labels, r->n_stress, v, bars, raw ? 2 : 1,
		     false);
	stress_xy(r, f, "throughput against process count", "workers", "workers", false);
	stress_xy(r, f, "throughput against message size", "message size (bytes)", "sizes", true);
	for (size_t i = 0; i < r->n_stress; i++) {
		const char *rep = mt_stress_get(&r->stress[i], "report"), *sc = mt_stress_get(&r->stress[i], "scenario");

		if (!rep && !sc)
			continue;
		mt_escf(f, html, "<details><summary>%s: %s</summary><pre>%s</pre></details>\n", r->stress[i].name,
			sc ? sc : "", rep ? rep : "");
	}
	free(labels), free(v);
}

/* ---- every case --------------------------------------------------------------------- */

/* The console reports shown per case; the rest are counted. */
#define MAX_REPORTS 3

static void case_table(const struct mt_report *r, FILE *f)
{
	char a[512], g[64];

	fputs("<h2 id=\"cases\">Cases</h2>\n<div class=\"wrap\"><table class=\"t c\" id=\"case-table\"><thead><tr>"
	      "<th style=\"width:3em\">#</th><th style=\"width:14em\">case</th><th style=\"width:6em\">group</th>"
	      "<th style=\"width:4em\">status</th><th style=\"width:7em\">bug</th><th style=\"width:7em\">oracles</th>"
	      "<th style=\"width:16em\">call</th><th style=\"width:10em\">expected</th><th style=\"width:10em\">got</th>"
	      "<th>detail</th><th style=\"width:3.5em\">s</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];
		const char *cls = failed(c) ? "bad" : !strcmp(c->status, "skip") || !strcmp(c->status, "n/a") ? "skip" : "ok";

		anchor(a, sizeof(a), "case", c->name);
		group_of(c->name, g, sizeof(g));
		fprintf(f, "<tr class=\"%s\" id=\"%s\"><td>%d</td>", cls, a, c->idx);
		mt_escf(f, html, "<td class=\"n\">%s</td><td>%s</td><td class=\"st\">%s</td><td>%s</td><td>%s</td>",
			c->name, g, c->status, c->bug, c->oracles);
		mt_escf(f, html, "<td class=\"m\">%s</td><td>%s</td><td>%s</td><td>%s", c->call, c->expected, c->got,
			c->detail);
		if (*c->reproduce)
			mt_escf(f, html, "<div>reproduce: <code class=\"r\">%s</code></div>", c->reproduce);
		/* a few reports a case: a stress case can have tens of thousands */
		for (size_t k = 0; k < c->n_findings && k < MAX_REPORTS; k++)
			mt_escf(f, html, "<details><summary>console: [%s] %s</summary><pre>%s</pre></details>",
				c->findings[k].class, c->findings[k].first, c->findings[k].excerpt);
		if (c->n_findings > MAX_REPORTS)
			fprintf(f, "<div>... and %zu more console reports in this case (findings-N.tsv, console-N.log)</div>",
				c->n_findings - MAX_REPORTS);
		fprintf(f, "</td><td>%.2f</td></tr>\n", c->secs);
	}
	fputs("</tbody></table></div>\n", f);
}

static const char css[] =
	"body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1b1f24;"
	"background:#fff;max-width:110em}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.6em 0 .4em;"
	"border-bottom:1px solid #d0d7de;padding-bottom:.2em}h3{font-size:1.05em;margin:0 0 .3em}\n"
	"p.note{color:#57606a;margin:.2em 0}p.none{color:#57606a;font-style:italic}nav{margin:.8em 0}\n"
	".v{padding:1px 8px;border-radius:10px;font-size:.8em;vertical-align:middle}"
	".v-pass{background:#dafbe1;color:#116329}.v-findings{background:#ffd8d3;color:#a40e26}"
	".v-incomplete,.v-error,.v-no-compile,.v-no-entry,.v-refused{background:#fff1c2;color:#7d4e00}\n"
	".wrap{overflow-x:auto}\n"
	"table.t{border-collapse:collapse;font-size:13px;margin:.4em 0}\n"
	"table.t th,table.t td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}\n"
	"table.t th{background:#f6f8fa}td.n{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}\n"
	"tr.ok td.st{color:#116329}tr.bad td{background:#fff5f4}tr.bad td.st{color:#a40e26;font-weight:600}"
	"tr.skip td{color:#6e7781}\n"
	"table.c{width:100%;min-width:90em;table-layout:fixed}table.c td{overflow-wrap:break-word}"
	"table.c td.n{white-space:normal}td.m{font-family:ui-monospace,Menlo,Consolas,monospace}\n"
	"a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}\n"
	".f{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:4px;padding:.5em .8em;"
	"margin:.6em 0}\n"
	"tr:target td,.f:target{background:#fff8c5}\n"
	".f dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.3em 0}"
	".f dt{color:#57606a}.f dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;"
	"word-break:break-word}\n"
	"pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:.5em;max-height:22em;"
	"overflow:auto;font-size:12px;white-space:pre-wrap}\n"
	"code.r{background:#eef1f8;padding:1px 4px;border-radius:3px}\n"
	"svg.plot{display:block;margin:.8em 0;max-width:100%;height:auto}\n";

void mt_report_html(const struct mt_report *r, FILE *f)
{
	char impl[1024];

	impl_name(r, impl, sizeof(impl));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n", f);
	mt_escf(f, html, "<title>msgbox-torture: %s, %s-%s %s: %s</title>\n", impl, r->kernel, r->flavour,
		r->profile, verdict(r));
	fprintf(f, "<style>\n%s</style></head><body>\n", css);
	title(r, f, impl);
	group_section(r, f);
	findings_section(r, f);
	conventions_section(r, f);
	stress_section(r, f);
	case_table(r, f);
	fputs("<p class=\"note\">Written by mt-report (tools/report/report_html.c) from this results directory; "
	      "summary.json, junit.xml, results.tap and the TSV files are the machine interfaces "
	      "(docs/RESULTS.md).</p>\n</body></html>\n", f);
}
