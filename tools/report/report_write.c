/* Writing the merged verdict: JSON, JUnit XML, TAP and text (report.h). */
#include "report.h"

#include "escape.h"
#include "mt_finding.h"
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

static void json_kv(FILE *f, const char *k, const char *v, const char *sep)
{
	fprintf(f, "\"%s\": ", k);
	mt_json_string(f, v ? v : "");
	fputs(sep, f);
}

/* The stress figures summary.json carries as numbers, in this order (the
 * headline ones first); null when a scenario did not measure one. */
static const char *const stress_numbers[] = {
	"seed", "workers", "ops", "secs", "ops_per_s", "lost", "duplicated", "corrupted", "unexpected",
	"order_violations", "unknown", "possibly_consumed", "wrong_errors", "uffd_windows", "window_calls",
	"window_calls_nested", "kills",
	"stops", "drained", "getppid_ns", "tsc_read_ns", "payload_fill_check_ns", "raw_ops_per_s",
	"ratio_plain_vs_raw",
};

static int is_number(const char *v)
{
	char *end;

	if (!v || !*v)
		return 0;
	strtod(v, &end);
	return !*end;
}

static void json_stress(const struct mt_report *r, FILE *f)
{
	fputs("  \"stress\": [", f);
	for (size_t i = 0; i < r->n_stress; i++) {
		const struct mt_stress *s = &r->stress[i];

		fputs(i ? ",\n    {" : "\n    {", f);
		json_kv(f, "name", s->name, ", ");
		json_kv(f, "verdict", mt_stress_get(s, "verdict"), ", ");
		json_kv(f, "scenario", mt_stress_get(s, "scenario"), ",\n     ");
		for (size_t k = 0; k < sizeof(stress_numbers) / sizeof(stress_numbers[0]); k++) {
			const char *v = mt_stress_get(s, stress_numbers[k]);

			fprintf(f, "\"%s\": %s, ", stress_numbers[k], is_number(v) ? v : "null");
		}
		fputs("\n     ", f);
		json_kv(f, "errors", mt_stress_get(s, "errors"), ",\n     ");
		json_kv(f, "report", mt_stress_get(s, "report"), "}");
	}
	fputs(r->n_stress ? "\n  ],\n" : "],\n", f);
}

void mt_report_json(const struct mt_report *r, FILE *f)
{
	int first = 1, count[MT_BUG_COUNT];
	const struct mt_rcase *ex[MT_BUG_COUNT];

	fputs("{\n  ", f);
	json_kv(f, "tool", "msgbox-torture", ", ");
	json_kv(f, "kernel", r->kernel, ", ");
	json_kv(f, "release", r->release, ",\n  ");
	json_kv(f, "flavour", r->flavour, ", ");
	json_kv(f, "profile", r->profile, ",\n  ");
	/* make check's verdict.tsv, once it is written (mt-report --verdict) */
	if (*r->verdict) {
		fputs("\"verdict\": {", f);
		json_kv(f, "status", r->verdict, ", ");
		json_kv(f, "detail", r->verdict_detail, ", ");
		json_kv(f, "impl", r->impl, ", ");
		json_kv(f, "built", r->built, "},\n  ");
	}
	fprintf(f, "\"cases\": %zu, \"passed\": %d, \"failed\": %d, \"skipped\": %d, \"not_applicable\": %d, "
		"\"boots\": %d,\n", r->n_cases, r->passed, r->failed, r->skipped, r->not_applicable, r->boots);
	json_stress(r, f);
	fputs("  \"failures\": [", f);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];

		if (strcmp(c->status, "fail"))
			continue;
		fputs(first ? "\n    {" : ",\n    {", f);
		first = 0;
		json_kv(f, "case", c->name, ", ");
		json_kv(f, "bug", c->bug, ", ");
		json_kv(f, "oracle", c->oracle, ", ");
		json_kv(f, "oracles", c->oracles, ",\n     ");
		json_kv(f, "call", c->call, ",\n     ");
		json_kv(f, "expected", c->expected, ", ");
		json_kv(f, "got", c->got, ",\n     ");
		json_kv(f, "detail", c->detail, ",\n     ");
		json_kv(f, "reproduce", c->reproduce, ",\n     ");
		fputs("\"console\": [", f);
		for (size_t k = 0; k < c->n_findings; k++) {
			const struct mt_finding *x = &c->findings[k];

			fprintf(f, "%s{\"boot\": %d, \"line\": %d, ", k ? ", " : "", x->boot, x->line);
			json_kv(f, "class", x->class, ", ");
			json_kv(f, "bug", x->bug, ", ");
			json_kv(f, "first", x->first, ", ");
			json_kv(f, "excerpt", x->excerpt, "}");
		}
		fputs("]}", f);
	}
	fputs(first ? "],\n" : "\n  ],\n", f);
	/* the findings by class, most severe first */
	mt_report_bugs(r, count, ex);
	fputs("  \"bugs\": [", f);
	first = 1;
	for (int s = 200; s >= 0; s--)
		for (int b = 0; b < MT_BUG_COUNT; b++) {
			if (mt_bug_severity((enum mt_bug)b) != s || !count[b])
				continue;
			fputs(first ? "\n    {" : ",\n    {", f);
			first = 0;
			json_kv(f, "bug", mt_bug_name((enum mt_bug)b), ", ");
			json_kv(f, "words", mt_bug_words((enum mt_bug)b), ", ");
			fprintf(f, "\"cases\": %d, ", count[b]);
			json_kv(f, "first", ex[b]->name, "}");
		}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
}

void mt_report_junit(const struct mt_report *r, FILE *f)
{
	char suite[128];

	snprintf(suite, sizeof(suite), "msgbox-torture.%s-%s.%s", r->kernel, r->flavour, r->profile);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	fprintf(f, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%d\" skipped=\"%d\">\n", suite,
		r->n_cases, r->failed, r->skipped);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];

		fprintf(f, "    <testcase classname=\"%s\" name=\"", suite);
		mt_xml_text(f, c->name);
		fprintf(f, "\" time=\"%.3f\"", c->secs);
		if (!strcmp(c->status, "pass")) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		if (!strcmp(c->status, "skip") || !strcmp(c->status, "n/a")) { /* n/a: its detail says so */
			mt_escf(f, mt_xml_text, "      <skipped message=\"%s\"/>\n", c->detail);
		} else {
			mt_escf(f, mt_xml_text, "      <failure type=\"%s\" message=\"%s: expected %s, got %s\">%s"
				"\noracles: %s\nreproduce: %s", c->bug, c->call, c->expected, c->got, c->detail,
				c->oracles, c->reproduce);
			for (size_t k = 0; k < c->n_findings; k++) {
				fprintf(f, "\n--- console (boot %d, line %d): %s\n", c->findings[k].boot,
					c->findings[k].line, c->findings[k].class);
				mt_xml_text(f, c->findings[k].excerpt);
			}
			fputs("</failure>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

static void yaml_line(FILE *f, const char *key, const char *v)
{
	fprintf(f, "  %s: '", key);
	for (; *v; v++) {
		if (*v == '\'')
			fputs("''", f);
		else if (*v == '\n')
			fputs(" / ", f);
		else
			fputc(*v, f);
	}
	fputs("'\n", f);
}

void mt_report_tap(const struct mt_report *r, FILE *f)
{
	fprintf(f, "TAP version 13\n1..%zu\n", r->n_cases);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];

		if (!strcmp(c->status, "skip") || !strcmp(c->status, "n/a")) {
			fprintf(f, "ok %zu - %s # SKIP %s\n", i + 1, c->name, c->detail);
			continue;
		}
		fprintf(f, "%sok %zu - %s\n", strcmp(c->status, "pass") ? "not " : "", i + 1, c->name);
		if (!strcmp(c->status, "pass"))
			continue;
		fputs("  ---\n", f);
		yaml_line(f, "bug", c->bug);
		yaml_line(f, "oracles", c->oracles);
		yaml_line(f, "call", c->call);
		yaml_line(f, "expected", c->expected);
		yaml_line(f, "got", c->got);
		yaml_line(f, "detail", c->detail);
		for (size_t k = 0; k < c->n_findings; k++)
			yaml_line(f, "console", c->findings[k].first);
		yaml_line(f, "reproduce", c->reproduce);
		fputs("  ...\n", f);
	}
}

void mt_report_text(const struct mt_report *r, FILE *f)
{
	int count[MT_BUG_COUNT];
	const struct mt_rcase *ex[MT_BUG_COUNT];

	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];

		if (strcmp(c->status, "fail"))
			continue;
		fprintf(f, "FAIL %s [%s]: %s: expected %s, got %s (%s)\n", c->name, c->bug,
			c->call[0] ? c->call : "-", c->expected, c->got, c->detail);
		for (size_t k = 0; k < c->n_findings; k++)
			fprintf(f, "     console: [%s] %s\n", c->findings[k].class, c->findings[k].first);
		fprintf(f, "     reproduce: %s\n", c->reproduce);
	}
	for (size_t i = 0; i < r->n_stress; i++) {
		const struct mt_stress *s = &r->stress[i];
		const char *ratio = mt_stress_get(s, "ratio_plain_vs_raw"), *gp = mt_stress_get(s, "getppid_ns");

		fprintf(f, "stress %s: %s ops, %s ops/s, lost %s, duplicated %s, corrupted %s, unexpected %s, "
			"order %s, unknown %s, possibly consumed %s; getppid %.1f us%s%s (seed %s)\n",
			s->name, mt_stress_get(s, "ops") ?: "?", mt_stress_get(s, "ops_per_s") ?: "?",
			mt_stress_get(s, "lost") ?: "?", mt_stress_get(s, "duplicated") ?: "?",
			mt_stress_get(s, "corrupted") ?: "?", mt_stress_get(s, "unexpected") ?: "?",
			mt_stress_get(s, "order_violations") ?: "?", mt_stress_get(s, "unknown") ?: "?",
			mt_stress_get(s, "possibly_consumed") ?: "?", gp ? atof(gp) / 1000 : 0,
			ratio ? ", plain/raw " : "", ratio ? ratio : "", mt_stress_get(s, "seed") ?: "?");
	}
	/* What is wrong, in words, once per class, most severe first. */
	mt_report_bugs(r, count, ex);
	for (int s = 200; s >= 0; s--)
		for (int b = 0; b < MT_BUG_COUNT; b++)
			if (mt_bug_severity((enum mt_bug)b) == s && count[b])
				fprintf(f, "BUG %s: %s: %d case(s), first %s: %s: expected %s, got %s\n"
					"     reproduce: %s\n", mt_bug_name((enum mt_bug)b), mt_bug_words((enum mt_bug)b),
					count[b], ex[b]->name, ex[b]->call[0] ? ex[b]->call : "-", ex[b]->expected,
					ex[b]->got, ex[b]->reproduce);
	fprintf(f, "msgbox-torture %s-%s (%s): %zu cases, %d passed, %d failed, %d skipped", r->kernel, r->flavour,
		r->profile, r->n_cases, r->passed, r->failed, r->skipped);
	if (r->not_applicable) /* only where the kernel lacks a facility: debug's line is unchanged */
		fprintf(f, ", %d not applicable", r->not_applicable);
	fprintf(f, ", %d boot(s)\n", r->boots);
}

void mt_report_bugs_tsv(const struct mt_report *r, FILE *f)
{
	int count[MT_BUG_COUNT];
	const struct mt_rcase *ex[MT_BUG_COUNT];

	mt_report_bugs(r, count, ex);
	for (int s = 200; s >= 0; s--)
		for (int b = 0; b < MT_BUG_COUNT; b++)
			if (mt_bug_severity((enum mt_bug)b) == s && count[b])
				fprintf(f, "%s\t%d\t%s\t%s\n", mt_bug_name((enum mt_bug)b), count[b], ex[b]->name,
					mt_bug_words((enum mt_bug)b));
}

void mt_report_failures_tsv(const struct mt_report *r, FILE *f)
{
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];

		if (strcmp(c->status, "fail"))
			continue;
		/* case, console classes, bug, oracles: docs/RESULTS.md */
		fprintf(f, "%s\t", c->name);
		for (size_t k = 0; k < c->n_findings; k++)
			fprintf(f, "%s%s", k ? "," : "", c->findings[k].class);
		fprintf(f, "\t%s\t%s\n", c->bug, c->oracles);
	}
}
