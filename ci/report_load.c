/* Loading and merging a results directory (see report.h). */
#define _GNU_SOURCE
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *mt_tsv_unescape(const char *cell)
{
	char *out = malloc(strlen(cell) + 1), *o = out;

	if (!out)
		abort();
	for (const char *p = cell; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* Split a line into at most @max cells, in place. */
static int split_tabs(char *line, char **cells, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		cells[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static struct mt_rcase *find_case(struct mt_report *r, int idx)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (r->cases[i].idx == idx)
			return &r->cases[i];
	return NULL;
}

static struct mt_rcase *add_case(struct mt_report *r, int idx, const char *name)
{
	struct mt_rcase *c = find_case(r, idx);

	if (c)
		return c;
	c = realloc(r->cases, (r->n_cases + 1) * sizeof(*c));
	if (!c)
		abort();
	r->cases = c;
	c = &r->cases[r->n_cases++];
	memset(c, 0, sizeof(*c));
	c->idx = idx;
	c->name = strdup(name);
	c->status = strdup("fail");
	c->call = strdup("");
	c->expected = strdup("");
	c->got = strdup("");
	c->detail = strdup("");
	return c;
}

static void set(char **field, char *value)
{
	free(*field);
	*field = value;
}

static void load_cases(struct mt_report *r, FILE *f)
{
	char line[8192], *cell[8];

	while (fgets(line, sizeof(line), f)) {
		if (split_tabs(line, cell, 8) != 8)
			continue;
		struct mt_rcase *c = add_case(r, atoi(cell[0]), cell[1]);

		set(&c->status, strdup(cell[2]));
		set(&c->call, mt_tsv_unescape(cell[3]));
		set(&c->expected, mt_tsv_unescape(cell[4]));
		set(&c->got, mt_tsv_unescape(cell[5]));
		set(&c->detail, mt_tsv_unescape(cell[6]));
		c->secs = atof(cell[7]);
	}
}

static void add_finding(struct mt_rcase *c, int boot, const char *class, int line, const char *first,
			const char *excerpt)
{
	struct mt_finding *f = realloc(c->findings, (c->n_findings + 1) * sizeof(*f));

	if (!f)
		abort();
	c->findings = f;
	f = &c->findings[c->n_findings++];
	f->boot = boot;
	f->line = line;
	f->class = strdup(class);
	f->first = mt_tsv_unescape(first);
	f->excerpt = mt_tsv_unescape(excerpt);
}

/* Pseudo-cases for what no case owns: they sort after the real ones. */
#define IDX_KERNEL 1000000

static void load_findings(struct mt_report *r, FILE *f, int boot)
{
	char line[65536], *cell[6];

	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || split_tabs(line, cell, 6) != 6)
			continue;
		if (!strcmp(cell[2], "noise"))
			continue;
		int idx = atoi(cell[0]);
		struct mt_rcase *c = idx >= 0 ? add_case(r, idx, cell[1]) : add_case(r, IDX_KERNEL, "kernel.console");

		if (idx < 0) {
			set(&c->call, strdup("boot"));
			set(&c->expected, strdup("no kernel report outside the cases"));
			set(&c->got, strdup(cell[2]));
		}
		add_finding(c, boot, cell[2], atoi(cell[3]), cell[4], cell[5]);
	}
}

/* boot  start  end  killer_idx  killer_name  exit  console */
static void load_boots(struct mt_report *r, FILE *f)
{
	char line[4096], *cell[7];

	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || split_tabs(line, cell, 7) != 7)
			continue;
		r->boots++;
		const char *end = cell[2];

		if (!strcmp(end, "complete"))
			continue;
		int idx = atoi(cell[3]);
		struct mt_rcase *c = idx >= 0 ? add_case(r, idx, cell[4])
					      : add_case(r, IDX_KERNEL + 1 + atoi(cell[0]), "kernel.boot");
		char got[256];

		snprintf(got, sizeof(got), "%s (UML exit status %s, console %s)", end, cell[5], cell[6]);
		set(&c->status, strdup("fail"));
		set(&c->expected, strdup(idx >= 0 ? "the kernel survives the case" : "the harness runs and reports"));
		set(&c->got, strdup(got));
		if (!c->detail[0])
			set(&c->detail, strdup(idx >= 0 ? "the case never finished: the kernel died or hung in it"
						   : "the boot produced no result"));
	}
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fopen(path, "r");
}

static void load_done(struct mt_report *r, FILE *f)
{
	char line[512], *cell[2];

	while (fgets(line, sizeof(line), f))
		if (split_tabs(line, cell, 2) == 2 && !strcmp(cell[0], "release"))
			set(&r->release, strdup(cell[1]));
}

/* Cases the harness listed for this run; one that never reported failed. */
static void load_planned(struct mt_report *r, FILE *f)
{
	char line[1024], *cell[3];

	while (fgets(line, sizeof(line), f)) {
		if (split_tabs(line, cell, 3) < 2)
			continue;
		r->planned++;
		int idx = atoi(cell[0]);

		if (find_case(r, idx))
			continue;
		struct mt_rcase *c = add_case(r, idx, cell[1]);

		set(&c->expected, strdup("the case runs"));
		set(&c->got, strdup("not run"));
		set(&c->detail, strdup("the suite stopped before this case (see the boots and the console)"));
	}
}

const char *mt_stress_get(const struct mt_stress *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->key[i], key))
			return s->val[i];
	return NULL;
}

const struct mt_stress *mt_report_stress(const struct mt_report *r, const char *name)
{
	for (size_t i = 0; i < r->n_stress; i++)
		if (!strcmp(r->stress[i].name, name))
			return &r->stress[i];
	return NULL;
}

static void stress_add(struct mt_stress *s, const char *key, char *val)
{
	char **k = realloc(s->key, (s->n + 1) * sizeof(*k)), **v;

	if (!k)
		abort();
	s->key = k;
	v = realloc(s->val, (s->n + 1) * sizeof(*v));
	if (!v)
		abort();
	s->val = v;
	s->key[s->n] = strdup(key);
	s->val[s->n++] = val;
}

static void load_stress_file(struct mt_report *r, FILE *f, const char *name)
{
	char line[65536], *cell[2];
	struct mt_stress *s = realloc(r->stress, (r->n_stress + 1) * sizeof(*s));

	if (!s)
		abort();
	r->stress = s;
	s = &r->stress[r->n_stress++];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && split_tabs(line, cell, 2) == 2)
			stress_add(s, cell[0], mt_tsv_unescape(cell[1]));
}

/* stress-NAME.tsv, in the order of the cases (scenarios run in table order). */
static void load_stress(struct mt_report *r, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char name[256];

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		FILE *f;

		if (strncmp(e->d_name, "stress-", 7) || n < 12 || strcmp(e->d_name + n - 4, ".tsv") || n - 11 >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 11), e->d_name + 7);
		f = open_in(dir, e->d_name);
		if (f) {
			load_stress_file(r, f, name);
			fclose(f);
		}
	}
	closedir(d);
}

static int stress_rank(const struct mt_report *r, const struct mt_stress *s)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (!strcmp(r->cases[i].name, s->name))
			return r->cases[i].idx;
	return 1 << 30;
}

static const struct mt_report *sort_report;

static int cmp_stress(const void *a, const void *b)
{
	int x = stress_rank(sort_report, a), y = stress_rank(sort_report, b);

	return x != y ? (x > y) - (x < y) : strcmp(((const struct mt_stress *)a)->name,
						   ((const struct mt_stress *)b)->name);
}

static int cmp_idx(const void *a, const void *b)
{
	const struct mt_rcase *x = a, *y = b;

	return (x->idx > y->idx) - (x->idx < y->idx);
}

int mt_report_load(struct mt_report *r, const char *dir, char *err, size_t errlen)
{
	FILE *f = open_in(dir, "cases.tsv");
	char name[64];

	if (f) {
		load_cases(r, f);
		fclose(f);
	}
	f = open_in(dir, "boots.tsv");
	if (!f) {
		snprintf(err, errlen, "%s/boots.tsv: %s (run the suite with ci/run-suite.sh)", dir, strerror(errno));
		return -1;
	}
	load_boots(r, f);
	fclose(f);
	for (int b = 1; b <= r->boots; b++) {
		snprintf(name, sizeof(name), "findings-%d.tsv", b);
		f = open_in(dir, name);
		if (f) {
			load_findings(r, f, b);
			fclose(f);
		}
	}
	f = open_in(dir, "planned.tsv");
	if (f) {
		load_planned(r, f);
		fclose(f);
	}
	f = open_in(dir, "done");
	if (f) {
		load_done(r, f);
		fclose(f);
	}
	if (r->n_cases)
		qsort(r->cases, r->n_cases, sizeof(*r->cases), cmp_idx);
	load_stress(r, dir);
	sort_report = r;
	if (r->n_stress)
		qsort(r->stress, r->n_stress, sizeof(*r->stress), cmp_stress);
	return 0;
}

void mt_report_tally(struct mt_report *r)
{
	r->passed = r->failed = r->skipped = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		struct mt_rcase *c = &r->cases[i];

		if (c->n_findings && strcmp(c->status, "fail")) {
			set(&c->status, strdup("fail"));
			if (!c->expected[0] || !strcmp(c->expected, ""))
				set(&c->expected, strdup("no kernel report"));
			set(&c->got, strdup(c->findings[0].class));
			set(&c->detail, strdup("the kernel reported a problem during the case (console excerpt below)"));
		}
		r->passed += !strcmp(c->status, "pass");
		r->skipped += !strcmp(c->status, "skip");
		r->failed += !strcmp(c->status, "fail");
	}
}

void mt_report_free(struct mt_report *r)
{
	for (size_t i = 0; i < r->n_cases; i++) {
		struct mt_rcase *c = &r->cases[i];

		for (size_t k = 0; k < c->n_findings; k++) {
			free(c->findings[k].class);
			free(c->findings[k].first);
			free(c->findings[k].excerpt);
		}
		free(c->findings);
		free(c->name), free(c->status), free(c->call);
		free(c->expected), free(c->got), free(c->detail);
	}
	free(r->cases);
	free(r->release);
	for (size_t i = 0; i < r->n_stress; i++) {
		struct mt_stress *s = &r->stress[i];

		for (size_t k = 0; k < s->n; k++)
			free(s->key[k]), free(s->val[k]);
		free(s->key), free(s->val), free(s->name);
	}
	free(r->stress);
	r->stress = NULL;
	r->n_stress = 0;
	r->cases = NULL;
	r->release = NULL;
	r->n_cases = 0;
}
