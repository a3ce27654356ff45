/* The mutant zoo's kill matrix (kills.h): which seeded bug each case and
 * oracle caught, read from the mutants' results directories as data. */
#define _DEFAULT_SOURCE
#include "kills.h"

#include "tsv.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* ---- the kill matrix --------------------------------------------------------------------- */

int st_expect_load(const char *path, struct st_expect **out, size_t *n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, k = 0;
	struct st_expect *v = NULL;

	*out = NULL;
	*n = 0;
	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	while (mt_tsv_getline(f, &line, &cap) >= 0) {
		char *cell[3];

		if (line[0] == '#' || mt_tsv_split(line, cell, 3) < 3 || !*cell[0])
			continue;
		struct st_expect *nv = realloc(v, (k + 1) * sizeof(*nv));

		if (!nv)
			break;
		v = nv;
		v[k].mutant = mt_tsv_unescape(cell[0], NULL);
		v[k].kernel = mt_tsv_unescape(cell[1], NULL);
		v[k].want = mt_tsv_unescape(cell[2], NULL);
		k++;
	}
	free(line);
	fclose(f);
	*out = v;
	*n = k;
	return 0;
}

void st_expect_free(struct st_expect *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].mutant);
		free(e[i].kernel);
		free(e[i].want);
	}
	free(e);
}

/* One alternative of a want item: case[:class], where case may be a glob
 * (leaks.*: a leak is named by whichever scan sees it first). */
static int want_one(const struct gr_impl *im, char *item, char *why, size_t whylen)
{
	char *colon = strchr(item, ':');
	const char *klass = NULL;
	const struct mt_rcase *c = NULL;
	bool ran = false;

	if (colon) {
		*colon = '\0';
		klass = colon + 1;
	}
	for (size_t i = 0; i < im->n_cases; i++) {
		const struct mt_rcase *k = &im->cases[i];

		if (fnmatch(item, k->name, 0))
			continue;
		ran = true;
		if (strcmp(k->status, "fail"))
			continue;
		c = k;
		if (!klass || mt_rcase_has_class(k, klass))
			return 1;
	}
	if (!c)
		snprintf(why, whylen, "%s %s", item, ran ? "passed" : "did not run");
	else
		snprintf(why, whylen, "%s failed without a %s report", item, klass);
	return 0;
}

/* @want: item,item,...; each item case[:class]|case[:class]|... (any one). */
bool st_expect_met(const struct gr_impl *im, const char *want, char *why, size_t whylen)
{
	char buf[4096], *save = NULL;
	size_t w = 0;
	bool ok = true;

	snprintf(buf, sizeof(buf), "%s", want);
	if (whylen)
		why[0] = '\0';
	for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *alt_save = NULL, one[512] = "", miss[1024] = "";
		bool any = false;

		for (char *alt = strtok_r(item, "|", &alt_save); alt; alt = strtok_r(NULL, "|", &alt_save)) {
			size_t ml = strlen(miss);

			if (want_one(im, alt, one, sizeof(one)))
				any = true;
			else if (ml < sizeof(miss))
				snprintf(miss + ml, sizeof(miss) - ml, "%s%s", ml ? " and " : "", one);
		}
		if (any)
			continue;
		ok = false;
		if (w < whylen)
			w += (size_t)snprintf(why + w, whylen - w, "%s%s", w ? "; " : "", miss);
	}
	return ok;
}

/* The kill matrix's oracle columns. */
static const char *const kill_cols[] = { "result", "box", "canary", "data", "abi", "leak", "history", "crash",
					 "other" };
#define N_KILL_COLS (sizeof(kill_cols) / sizeof(kill_cols[0]))

static const char *kill_col(const struct mt_rcase *c)
{
	const char *o = c->oracle;

	if (!strcmp(o, "contents") || !strcmp(o, "fill") || !strcmp(o, "limit"))
		return "box";
	if (!strcmp(o, "source"))
		return "data";
	if (!strcmp(o, "timeout"))
		return "crash";
	if (!strcmp(o, "order"))
		return "data";
	if (!strcmp(o, "oom") || !strcmp(o, "nth") || !strcmp(o, "responsive") || !strcmp(o, "setup") ||
	    !strcmp(o, "harness") || !strcmp(o, "ran") || !strcmp(o, "progress"))
		return "other";
	for (size_t k = 0; k < N_KILL_COLS; k++)
		if (!strcmp(o, kill_cols[k]))
			return o;
	return NULL; /* console, taint: the console column says it */
}

static void kill_cell(FILE *f, const struct gr_impl *im, const char *col, const char *klass, int max)
{
	int shown = 0, more = 0;

	for (size_t i = 0; i < im->n_cases; i++) {
		const struct mt_rcase *c = &im->cases[i];
		const char *kc;

		if (strcmp(c->status, "fail"))
			continue;
		if (klass ? !mt_rcase_has_class(c, klass) : (!(kc = kill_col(c)) || strcmp(kc, col)))
			continue;
		if (shown < max)
			fprintf(f, "%s%s", shown++ ? ", " : "", c->name);
		else
			more++;
	}
	if (more)
		fprintf(f, " (+%d)", more);
}

int st_render_kills(FILE *f, const struct st_expect *e, const struct gr_impl *res, size_t n, bool markdown)
{
	int survived = 0;
	char why[1024];

	if (markdown) {
		fputs("# msgbox-torture: the mutant zoo's kill matrix\n\n"
		      "Each mutant is the reference with one seeded bug (kernel-patch/mutants/NAME.patch), run "
		      "on its kernel. *must catch* is kernel-patch/mutants/expect.tsv (case, or case:console "
		      "class); the other columns list the failing cases by the oracle that caught them "
		      "(result: the return value; box: /proc counters or the drained contents; canary: a write "
		      "past the buffer; data: wrong bytes or order; abi: returns int; leak: kmemleak scan; "
		      "history: the stress checker; crash: the kernel died or hung in the case) and by console class.\n\n", f);
		fputs("| mutant | kernel | verdict | must catch |", f);
		for (size_t k = 0; k < N_KILL_COLS; k++)
			fprintf(f, " %s |", kill_cols[k]);
		fputs(" console |\n|---|---|---|---|", f);
		for (size_t k = 0; k <= N_KILL_COLS; k++)
			fputs("---|", f);
		fputc('\n', f);
	}
	for (size_t i = 0; i < n; i++) {
		const struct gr_impl *im = &res[i];
		bool ran = im->n_cases > 0;
		bool met = ran && st_expect_met(im, e[i].want, why, sizeof(why));
		bool killed = met && im->failed > 0;

		if (!ran)
			snprintf(why, sizeof(why), "not run: %s", *im->detail ? im->detail : "no results");
		survived += !killed;
		if (!markdown) {
			fprintf(f, "%-28s %-5s %-9s %3d failing", e[i].mutant, e[i].kernel,
				killed ? "killed" : ran ? "SURVIVED" : "NOT RUN", im->failed);
			if (!killed)
				fprintf(f, " (%s)", why);
			fputc('\n', f);
			continue;
		}
		fprintf(f, "| %s | %s | %s |", e[i].mutant, e[i].kernel, killed ? "**killed**" : ran ? "**SURVIVED**" : "**not run**");
		fputc(' ', f);
		gr_md_cell(f, e[i].want);
		if (!killed) {
			fputs(" — ", f);
			gr_md_cell(f, why);
		}
		fputs(" |", f);
		for (size_t k = 0; k < N_KILL_COLS; k++) {
			fputc(' ', f);
			kill_cell(f, im, kill_cols[k], NULL, 3);
			fputs(" |", f);
		}
		fputc(' ', f);
		for (size_t k = 0, first = 1; k < gr_n_classes; k++) {
			if (!gr_class_count(im, gr_classes[k]))
				continue;
			fprintf(f, "%s%s: ", first ? "" : "; ", gr_classes[k]);
			first = 0;
			kill_cell(f, im, NULL, gr_classes[k], 2);
		}
		fputs(" |\n", f);
	}
	if (markdown)
		fprintf(f, "\n%zu mutant(s): %zu killed, %d survived or not run.\n", n, n - (size_t)survived, survived);
	return survived;
}
