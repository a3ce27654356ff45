/* Loading and merging a results directory (see report.h). */
#define _GNU_SOURCE
#include "report.h"

#include "mt_finding.h"
#include "tsv.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/* Unescape a cell (lib/tsv.h); an escaped NUL ends the C string. */
static char *unesc(const char *cell)
{
	return mt_tsv_unescape(cell, NULL);
}

/* Reading a TSV file row by row, lines of any length. */
struct rows {
	FILE *f;
	char *line;
	size_t cap;
};

static bool rows_open(struct rows *r, const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	*r = (struct rows){ .f = fopen(path, "r") };
	return r->f != NULL;
}

/* The next row that is not a comment, split; its cell count, or -1. */
static int rows_next(struct rows *r, char **cell, int max)
{
	while (mt_tsv_getline(r->f, &r->line, &r->cap) >= 0)
		if (r->line[0] != '#')
			return mt_tsv_split(r->line, cell, max);
	return -1;
}

static void rows_close(struct rows *r)
{
	fclose(r->f);
	free(r->line);
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
	c->oracle = strdup("");
	c->oracles = strdup("");
	c->bug = strdup("");
	c->bugs = strdup("");
	c->own_bugs = strdup("");
	c->reproduce = strdup("");
	return c;
}

static void set(char **field, char *value)
{
	free(*field);
	*field = value;
}

/* Is @item one of the comma-separated @list? */
static bool has_item(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; (p = strstr(p, item)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* @list with @item appended; malloc'd. */
static char *join_item(const char *list, const char *item)
{
	size_t l = strlen(list);
	char *v = malloc(l + strlen(item) + 2);

	if (!v)
		abort();
	sprintf(v, "%s%s%s", list, l ? "," : "", item);
	return v;
}

/* @list without @from, with @to (once) where @from was; malloc'd. */
static char *replace_item(const char *list, const char *from, const char *to)
{
	char *v = strdup(""), *copy = strdup(list), *save = NULL;

	if (!v || !copy)
		abort();
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		const char *item = strcmp(t, from) ? t : to;

		if (!has_item(v, item))
			set(&v, join_item(v, item));
	}
	free(copy);
	return v;
}

/* Oracle @o saw a bug of class @b in @c: add both to the case's. */
static void saw(struct mt_rcase *c, enum mt_oracle o, enum mt_bug b)
{
	enum mt_bug had;
	const char *name = mt_oracle_name(o);

	if (!has_item(c->oracles, name))
		set(&c->oracles, join_item(c->oracles, name));
	if (!c->oracle[0])
		set(&c->oracle, strdup(name));
	if (mt_bug_from_name(c->bug, &had) || mt_bug_worse(had, b) != had)
		set(&c->bug, strdup(mt_bug_name(b)));
	if (!has_item(c->bugs, mt_bug_name(b)))
		set(&c->bugs, join_item(c->bugs, mt_bug_name(b)));
}

/* idx name status call expected got detail secs oracles bug bugs */
static void load_cases(struct mt_report *r, struct rows *in)
{
	char *cell[11];
	int n;

	while ((n = rows_next(in, cell, 11)) >= 0) {
		if (n < 8)
			continue;
		struct mt_rcase *c = add_case(r, atoi(cell[0]), cell[1]);

		set(&c->status, strdup(cell[2]));
		set(&c->call, unesc(cell[3]));
		set(&c->expected, unesc(cell[4]));
		set(&c->got, unesc(cell[5]));
		set(&c->detail, unesc(cell[6]));
		c->secs = atof(cell[7]);
		if (n >= 10) {
			set(&c->oracles, strdup(cell[8]));
			set(&c->oracle, strndup(cell[8], strcspn(cell[8], ",")));
			set(&c->bug, strdup(cell[9]));
			set(&c->bugs, strdup(n >= 11 ? cell[10] : cell[9]));
			set(&c->own_bugs, strdup(n >= 11 ? cell[10] : cell[9]));
		}
	}
}

static void add_finding(struct mt_rcase *c, int boot, const char *class, int line, const char *first,
			const char *excerpt, const char *bug)
{
	struct mt_finding *f = realloc(c->findings, (c->n_findings + 1) * sizeof(*f));

	if (!f)
		abort();
	c->findings = f;
	f = &c->findings[c->n_findings++];
	f->boot = boot;
	f->line = line;
	f->class = strdup(class);
	f->first = unesc(first);
	f->excerpt = unesc(excerpt);
	f->bug = strdup(bug);
}

/* Pseudo-cases for what no case owns: they sort after the real ones. */
#define IDX_KERNEL 1000000

/* case_idx case_name class line_no first_line excerpt [bug] */
static void load_findings(struct mt_report *r, struct rows *in, int boot)
{
	char *cell[7];
	int n;

	while ((n = rows_next(in, cell, 7)) >= 0) {
		if (n < 6 || !strcmp(cell[2], "noise"))
			continue;
		int idx = atoi(cell[0]);
		struct mt_rcase *c = idx >= 0 ? add_case(r, idx, cell[1]) : add_case(r, IDX_KERNEL, "kernel.console");

		if (idx < 0) {
			set(&c->call, strdup("boot"));
			set(&c->expected, strdup("no kernel report outside the cases"));
			set(&c->got, strdup(cell[2]));
		}
		/* a classifier without the bug column: the report still fails the case */
		add_finding(c, boot, cell[2], atoi(cell[3]), cell[4], cell[5], n >= 7 ? cell[6] : "kernel-report");
	}
}

/* boot  start  end  killer_idx  killer_name  exit  console */
static void load_boots(struct mt_report *r, struct rows *in)
{
	char *cell[7];

	while (rows_next(in, cell, 7) == 7) {
		r->boots++;
		const char *end = cell[2];

		/* a reboot the harness asked for: the case's own row says why */
		if (!strcmp(end, "complete") || !strcmp(end, "reboot"))
			continue;
		int idx = atoi(cell[3]);
		struct mt_rcase *c = idx >= 0 ? add_case(r, idx, cell[4])
					      : add_case(r, IDX_KERNEL + 1 + atoi(cell[0]), "kernel.boot");
		char got[256];
		bool panic = !strcmp(end, "panic");

		snprintf(got, sizeof(got), "%s (UML exit status %s, console %s)", end, cell[5], cell[6]);
		set(&c->status, strdup("fail"));
		set(&c->expected, strdup(idx >= 0 ? "the kernel survives the case" : "the harness runs and reports"));
		set(&c->got, strdup(got));
		if (!c->detail[0])
			set(&c->detail, strdup(idx >= 0 ? "the case never finished: the kernel died or hung in it"
						   : "the boot produced no result"));
		/* a case's death gets its class with the findings: judge_deaths() */
		if (idx < 0)
			saw(c, panic ? MT_OR_CRASH : MT_OR_TIMEOUT, MT_BUG_HARNESS);
	}
}

/*
 * A sleeping call under a spinlock trips two reports in the same call:
 * __might_sleep() ("sleeping function called from invalid context") and,
 * from the same __might_fault(), lockdep's wait-context check on mmap_lock
 * ("Invalid wait context"). One bug: where a case has the first, the
 * second is filed under it (atomic-sleep, the worse); alone (6.1 has no
 * DEBUG_ATOMIC_SLEEP with PREEMPT) it stays a locking bug.
 */
static void same_call_reports(struct mt_report *r)
{
	const char *sleep = mt_bug_name(MT_BUG_ATOMIC_SLEEP);

	for (size_t i = 0; i < r->n_cases; i++) {
		struct mt_rcase *c = &r->cases[i];
		bool slept = false;

		for (size_t k = 0; k < c->n_findings && !slept; k++)
			slept = !strcmp(c->findings[k].bug, sleep);
		for (size_t k = 0; k < c->n_findings && slept; k++)
			if (!strcmp(c->findings[k].bug, mt_bug_name(MT_BUG_LOCKING)) &&
			    strstr(c->findings[k].first, "Invalid wait context"))
				set(&c->findings[k].bug, strdup(sleep));
	}
}

/* A report that the kernel's memory was written where it must not be. */
static bool memory_bug(const char *bug)
{
	return !strcmp(bug, mt_bug_name(MT_BUG_USE_AFTER_FREE)) || !strcmp(bug, mt_bug_name(MT_BUG_KERNEL_MEMORY));
}

/*
 * The class of a case the kernel died in (a panic) or stopped in (stalled,
 * timeout): "crash" or "blocks-callers", unless a KASAN or SLUB report of
 * the same boot came before it (in that case or an earlier one). KASAN
 * (kasan_multi_shot) reports a bad access and lets it happen, so after a
 * use-after-free write the kernel runs on corrupted memory and may die
 * anywhere, or not at all, and a flood of reports (one per page a copy
 * writes) can stall the boot (unprefixed-int: a put's copy_from_user into
 * a message a get freed: a panic in about 1 run in 3, a stall in another):
 * the death is that bug's consequence and gets its class, so the verdict
 * is the same whether the dice made the kernel die or not. The panic's
 * report keeps its console class; the case still fails on its oracle.
 */
static int panic_cause(const struct mt_report *r, int boot, const struct mt_rcase *killer, const char **where)
{
	int panic_line = 1 << 30, cause = -1;

	for (size_t i = 0; i < r->n_cases; i++)
		for (size_t k = 0; k < r->cases[i].n_findings; k++) {
			const struct mt_finding *f = &r->cases[i].findings[k];

			if (f->boot == boot && !strcmp(f->bug, mt_bug_name(MT_BUG_CRASH)) && f->line < panic_line)
				panic_line = f->line;
		}
	for (size_t i = 0; i < r->n_cases; i++)
		for (size_t k = 0; k < r->cases[i].n_findings; k++) {
			const struct mt_finding *f = &r->cases[i].findings[k];
			enum mt_bug b;

			if (f->boot != boot || f->line >= panic_line || !memory_bug(f->bug) || mt_bug_from_name(f->bug, &b))
				continue;
			if (cause < 0 || mt_bug_worse((enum mt_bug)cause, b) != (enum mt_bug)cause)
				cause = (int)b, *where = r->cases[i].name;
		}
	/* the OOM killer at work in the case itself: a box with no bound
	 * filled the memory and the kernel died of it or killed the harness
	 * (spin-copy-612: a zero-length message stuck on top, so the stress's
	 * gets took nothing and its puts filled 384 MiB) */
	for (size_t k = 0; cause < 0 && k < killer->n_findings; k++) {
		const struct mt_finding *f = &killer->findings[k];

		if (f->boot == boot && f->line < panic_line && !strcmp(f->class, "oom_kill") &&
		    !strcmp(f->bug, mt_bug_name(MT_BUG_NO_BOX_BOUND)))
			cause = MT_BUG_NO_BOX_BOUND, *where = killer->name;
	}
	return cause;
}

/* The stress scenarios: the cases whose history a race and corrupted
 * bytes look alike in. The held kinds (held.*, stall.*) tell the two apart
 * themselves (case_stall.c: by the messages' lengths) and keep their race. */
static bool is_stress(const char *name)
{
	return !strncmp(name, "stress.", 7);
}

/*
 * A concurrent case's "race" where a case without concurrency already saw
 * a get return bytes that no put gave (corrupted): wrong bytes make the
 * history checker see messages lost, unknown values and duplicates (a
 * getter reading its own earlier message where another caller's bytes
 * should be), which is all a race would show. tests/impls/stored-pointer
 * keeps the caller's pointer instead of the bytes: its locking is right,
 * and all four scenarios said race. The scenario's class becomes that
 * corruption, its detail says why; a real race in such a file is hidden
 * behind it (the held.* and stall.* cases still look for one, and keep it:
 * tests/impls/enoent-cap128 corrupts bytes by a use-after-free and has a
 * real race in held.get.get).
 */
static void races_explained_by_corruption(struct mt_report *r)
{
	const char *race = mt_bug_name(MT_BUG_RACE), *corrupted = mt_bug_name(MT_BUG_CORRUPTED);
	const struct mt_rcase *seq = NULL;

	for (size_t i = 0; i < r->n_cases && !seq; i++)
		if (!is_stress(r->cases[i].name) && !strcmp(r->cases[i].bug, corrupted))
			seq = &r->cases[i];
	for (size_t i = 0; seq && i < r->n_cases; i++) {
		struct mt_rcase *c = &r->cases[i];
		char detail[600];

		if (!is_stress(c->name) || strcmp(c->bug, race))
			continue;
		snprintf(detail, sizeof(detail), "%s; explained by the corruption %s shows without concurrency, not a race",
			 c->detail, seq->name);
		set(&c->detail, strdup(detail));
		set(&c->bug, strdup(corrupted));
		set(&c->bugs, replace_item(c->bugs, race, corrupted));
		set(&c->own_bugs, replace_item(c->own_bugs, race, corrupted));
	}
}

/* boot  start  end  killer_idx  killer_name  exit  console: the deaths */
static void judge_deaths(struct mt_report *r, struct rows *in)
{
	char *cell[7];

	while (rows_next(in, cell, 7) == 7) {
		int idx = atoi(cell[3]), boot = atoi(cell[0]);
		struct mt_rcase *c = find_case(r, idx);
		bool panic = !strcmp(cell[2], "panic");
		const char *where = NULL;

		if (!strcmp(cell[2], "complete") || !strcmp(cell[2], "reboot") || idx < 0 || !c)
			continue;
		int cause = panic_cause(r, boot, c, &where);

		if (cause < 0) {
			saw(c, panic ? MT_OR_CRASH : MT_OR_TIMEOUT, panic ? MT_BUG_CRASH : MT_BUG_BLOCKS_CALLERS);
			continue;
		}
		char detail[512];

		snprintf(detail, sizeof(detail), "%s; the kernel %s after a %s report in %s (same boot): its consequence",
			 c->detail, panic ? "panicked" : "stopped", mt_bug_name((enum mt_bug)cause), where);
		set(&c->detail, strdup(detail));
		saw(c, panic ? MT_OR_CRASH : MT_OR_TIMEOUT, (enum mt_bug)cause);
		for (size_t i = 0; i < r->n_cases; i++)
			for (size_t k = 0; k < r->cases[i].n_findings; k++) {
				struct mt_finding *f = &r->cases[i].findings[k];

				if (f->boot == boot && !strcmp(f->bug, mt_bug_name(MT_BUG_CRASH)))
					set(&f->bug, strdup(mt_bug_name((enum mt_bug)cause)));
			}
	}
}

/* key<TAB>value files: done, run.tsv, verdict.tsv */
static void load_keys(struct mt_report *r, struct rows *in)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "release", offsetof(struct mt_report, release) },
		{ "kernel", offsetof(struct mt_report, kernel) },
		{ "flavour", offsetof(struct mt_report, flavour) },
		{ "profile", offsetof(struct mt_report, profile) },
		{ "repro", offsetof(struct mt_report, repro) },
		{ "status", offsetof(struct mt_report, verdict) },
		{ "detail", offsetof(struct mt_report, verdict_detail) },
		{ "impl", offsetof(struct mt_report, impl) },
		{ "built", offsetof(struct mt_report, built) },
	};
	char *cell[2];

	while (rows_next(in, cell, 2) >= 0)
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			char **field = (char **)((char *)r + keys[k].off);

			if (!strcmp(cell[0], keys[k].key) && cell[1] && !*field)
				*field = unesc(cell[1]);
		}
}

/* Cases the harness listed for this run; one that never reported failed. */
static void load_planned(struct mt_report *r, struct rows *in)
{
	char *cell[3];

	while (rows_next(in, cell, 3) >= 2) {
		r->planned++;
		int idx = atoi(cell[0]);

		if (find_case(r, idx))
			continue;
		struct mt_rcase *c = add_case(r, idx, cell[1]);

		set(&c->expected, strdup("the case runs"));
		set(&c->got, strdup("not run"));
		set(&c->detail, strdup("the suite stopped before this case (see the boots and the console)"));
		saw(c, MT_OR_RAN, MT_BUG_HARNESS);
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

/* A key<TAB>value file into @s, called @name. */
static void load_kv(struct mt_stress *s, struct rows *in, const char *name)
{
	char *cell[2];

	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	while (rows_next(in, cell, 2) >= 0)
		if (cell[1])
			stress_add(s, cell[0], unesc(cell[1]));
}

static void load_stress_file(struct mt_report *r, struct rows *in, const char *name)
{
	struct mt_stress *s = realloc(r->stress, (r->n_stress + 1) * sizeof(*s));

	if (!s)
		abort();
	r->stress = s;
	load_kv(&r->stress[r->n_stress++], in, name);
}

static void load_conventions(struct mt_report *r, struct rows *in)
{
	load_kv(&r->conventions, in, "conventions");
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
		struct rows in;

		if (strncmp(e->d_name, "stress-", 7) || n < 12 || strcmp(e->d_name + n - 4, ".tsv") || n - 11 >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 11), e->d_name + 7);
		if (rows_open(&in, dir, e->d_name)) {
			load_stress_file(r, &in, name);
			rows_close(&in);
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

/* Load one file with @fn when it exists. */
#define LOAD(r, dir, file, fn, ...)                       \
	do {                                              \
		struct rows in_;                          \
		if (rows_open(&in_, dir, file)) {         \
			fn(r, &in_, ##__VA_ARGS__);        \
			rows_close(&in_);                 \
		}                                         \
	} while (0)

static void dflt(char **field, const char *v)
{
	if (!*field)
		*field = strdup(v);
}

int mt_report_load(struct mt_report *r, const char *dir, char *err, size_t errlen)
{
	char name[64];
	struct rows in;

	LOAD(r, dir, "run.tsv", load_keys);
	LOAD(r, dir, "done", load_keys);
	LOAD(r, dir, "verdict.tsv", load_keys);
	dflt(&r->kernel, "?"), dflt(&r->flavour, "?"), dflt(&r->profile, "strict");
	dflt(&r->repro, "make run"), dflt(&r->release, ""), dflt(&r->verdict, ""), dflt(&r->verdict_detail, "");
	dflt(&r->impl, ""), dflt(&r->built, "");
	LOAD(r, dir, "conventions.tsv", load_conventions);
	LOAD(r, dir, "cases.tsv", load_cases);
	if (!rows_open(&in, dir, "boots.tsv")) {
		snprintf(err, errlen, "%s/boots.tsv: %s (run the suite with boot/run-suite.sh)", dir, strerror(errno));
		return -1;
	}
	load_boots(r, &in);
	rows_close(&in);
	for (int b = 1; b <= r->boots; b++) {
		snprintf(name, sizeof(name), "findings-%d.tsv", b);
		LOAD(r, dir, name, load_findings, b);
	}
	same_call_reports(r);
	LOAD(r, dir, "boots.tsv", judge_deaths);
	races_explained_by_corruption(r);
	LOAD(r, dir, "planned.tsv", load_planned);
	if (r->n_cases)
		qsort(r->cases, r->n_cases, sizeof(*r->cases), cmp_idx);
	load_stress(r, dir);
	sort_report = r;
	if (r->n_stress)
		qsort(r->stress, r->n_stress, sizeof(*r->stress), cmp_stress);
	mt_report_tally(r);
	return 0;
}

/* The command that runs @c again, with the seed of a stress scenario. */
static char *reproduce(const struct mt_report *r, const struct mt_rcase *c)
{
	const struct mt_stress *s = mt_report_stress(r, c->name);
	const char *seed = s ? mt_stress_get(s, "seed") : NULL;
	char out[2048];

	if (seed)
		snprintf(out, sizeof(out), "%s CASES=%s SEED=%s", r->repro, c->name, seed);
	else if (strncmp(c->name, "kernel.", 7))
		snprintf(out, sizeof(out), "%s CASES=%s", r->repro, c->name);
	else
		snprintf(out, sizeof(out), "%s", r->repro);
	return strdup(out);
}

void mt_report_tally(struct mt_report *r)
{
	r->passed = r->failed = r->skipped = r->not_applicable = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		struct mt_rcase *c = &r->cases[i];

		if (c->n_findings && strcmp(c->status, "fail")) {
			set(&c->status, strdup("fail"));
			if (!c->expected[0])
				set(&c->expected, strdup("no kernel report"));
			set(&c->got, strdup(c->findings[0].class));
			set(&c->detail, strdup("the kernel reported a problem during the case (console excerpt below)"));
		}
		for (size_t k = 0; k < c->n_findings; k++) {
			enum mt_bug b;

			saw(c, MT_OR_CONSOLE, mt_bug_from_name(c->findings[k].bug, &b) ? MT_BUG_KERNEL_REPORT : b);
		}
		if (!strcmp(c->status, "fail") && !c->bug[0])
			saw(c, MT_OR_HARNESS, MT_BUG_OTHER); /* a row of an older harness */
		if (!strcmp(c->status, "fail"))
			set(&c->reproduce, reproduce(r, c));
		r->passed += !strcmp(c->status, "pass");
		r->skipped += !strcmp(c->status, "skip");
		r->not_applicable += !strcmp(c->status, "n/a");
		r->failed += !strcmp(c->status, "fail");
	}
}

bool mt_rcase_has_class(const struct mt_rcase *c, const char *klass)
{
	for (size_t k = 0; k < c->n_findings; k++)
		if (!strcmp(c->findings[k].class, klass))
			return true;
	return false;
}

void mt_report_bugs(const struct mt_report *r, int count[], const struct mt_rcase *first[])
{
	for (int b = 0; b < MT_BUG_COUNT; b++)
		count[b] = 0, first[b] = NULL;
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct mt_rcase *c = &r->cases[i];
		enum mt_bug b;

		if (strcmp(c->status, "fail") || mt_bug_from_name(c->bug, &b))
			continue;
		if (!count[b]++)
			first[b] = c;
		/* what concurrent calls did, or what the box lets one user hold,
		 * is a finding of its own beside a worse class of the same case
		 * (a race in a case whose puts also trip KASAN: the report
		 * explains wrong bytes, not that; a message a put lost beside a
		 * caller blocked by a lock held across the copy: two bugs),
		 * each of them (mt_bug_not_a_symptom) */
		for (int d = 0; d < MT_BUG_COUNT; d++)
			if (d != (int)b && mt_bug_not_a_symptom((enum mt_bug)d) &&
			    has_item(c->own_bugs, mt_bug_name((enum mt_bug)d)) && !count[d]++)
				first[d] = c;
		/* deviations are listed once, wherever they are, and each kernel
		 * report is a finding of its own: neither hides behind a worse
		 * class of the same case */
		for (int d = 0; d < MT_BUG_COUNT; d++) {
			const char *name = mt_bug_name((enum mt_bug)d);
			bool console = false;

			for (size_t k = 0; k < c->n_findings && !console; k++)
				console = !strcmp(c->findings[k].bug, name);
			if (d != (int)b && ((mt_bug_strict_only((enum mt_bug)d) && has_item(c->bugs, name)) || console) &&
			    !count[d]++)
				first[d] = c;
		}
	}
}

static void stress_free(struct mt_stress *s)
{
	for (size_t k = 0; k < s->n; k++)
		free(s->key[k]), free(s->val[k]);
	free(s->key), free(s->val), free(s->name);
	memset(s, 0, sizeof(*s));
}

void mt_report_free(struct mt_report *r)
{
	for (size_t i = 0; i < r->n_cases; i++) {
		struct mt_rcase *c = &r->cases[i];

		for (size_t k = 0; k < c->n_findings; k++) {
			free(c->findings[k].class);
			free(c->findings[k].first);
			free(c->findings[k].excerpt);
			free(c->findings[k].bug);
		}
		free(c->findings);
		free(c->name), free(c->status), free(c->call);
		free(c->expected), free(c->got), free(c->detail);
		free(c->oracle), free(c->oracles), free(c->bug), free(c->bugs), free(c->own_bugs), free(c->reproduce);
	}
	free(r->cases);
	free(r->release);
	free(r->kernel), free(r->flavour), free(r->profile), free(r->repro);
	free(r->verdict), free(r->verdict_detail), free(r->impl), free(r->built);
	r->kernel = r->flavour = r->profile = r->repro = r->verdict = r->verdict_detail = r->impl = r->built = NULL;
	for (size_t i = 0; i < r->n_stress; i++)
		stress_free(&r->stress[i]);
	stress_free(&r->conventions);
	free(r->stress);
	r->stress = NULL;
	r->n_stress = 0;
	r->cases = NULL;
	r->release = NULL;
	r->n_cases = 0;
}
