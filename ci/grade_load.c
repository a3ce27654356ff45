/* Reading implementations' results, listing and slicing them (grade.h). */
#define _DEFAULT_SOURCE
#include "grade.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The columns of the matrix, in order (SPEC's tables, then the catalogue). */
const char *const gr_groups[] = {
	"abi", "roundtrip", "lifo", "put", "get", "param", "ptr", "len", "short",
	"fill", "exhaust", "nth", "leaks", "stress", "other",
};
const size_t gr_n_groups = sizeof(gr_groups) / sizeof(gr_groups[0]);

/* Console classes (ci/console_classify.c), most serious first. */
const char *const gr_classes[] = {
	"panic", "kasan", "lockdep", "atomic_sleep", "irqs_disabled", "kmemleak", "hung_task",
	"soft_lockup", "rcu_stall", "oom_kill", "oops_bug", "warning", "alloc_warn",
};
const size_t gr_n_classes = sizeof(gr_classes) / sizeof(gr_classes[0]);

const char *gr_group(const char *name)
{
	size_t l = strcspn(name, ".");

	for (size_t g = 0; g + 1 < gr_n_groups; g++)
		if (strlen(gr_groups[g]) == l && !strncmp(name, gr_groups[g], l))
			return gr_groups[g];
	if (l == 5 && !strncmp(name, "exact", 5))
		return "short"; /* exact.get.*: the undersized-buffer group's control */
	return "other";
}

const char *gr_oracle(const char *d)
{
	static const struct {
		const char *needle, *oracle;
	} map[] = {
		{ "never finished", "crash" },
		{ "died or hung", "crash" },
		{ "wrong result", "result" },
		{ "round trip", "result" },
		{ "returns int", "abi" },
		{ "/proc/dm510_msgbox", "box" },
		{ "draining", "box" },
		{ "drained box", "box" },
		{ "refused a message", "box" },
		{ "write past", "canary" },
		{ "other bytes", "data" },
		{ "source buffer", "data" },
		{ "LIFO", "order" },
		{ "tainted", "taint" },
		{ "kernel reported", "console" },
		{ "kernel report", "console" },
		{ "kmemleak", "leak" },
		{ "OOM", "oom" },
		{ "responsive", "oom" },
		{ "fail-nth", "nth" },
		{ "ops/s", "history" },
		{ "lost", "history" },
		{ "duplicated", "history" },
	};

	if (!d)
		return "other";
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(d, map[i].needle))
			return map[i].oracle;
	return "other";
}

/* dir/name into out; false when it does not fit. */
static bool join(char *out, size_t n, const char *dir, const char *name)
{
	int r = snprintf(out, n, "%s/%s", dir, name);

	return r >= 0 && (size_t)r < n;
}

/* ---- files ----------------------------------------------------------------- */

static char *slurp(const char *dir, const char *file)
{
	char path[4096];
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!join(path, sizeof(path), dir, file))
		return NULL;
	f = fopen(path, "r");
	if (!f)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + len, 1, cap - len - 1, f);

		if (!r)
			break;
		len += r;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

/* Undo ci/report's TSV escapes (\t \n \\) in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Split @line on tabs into at most @max cells; returns how many. */
static size_t cells(char *line, char **cell, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	cell[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			cell[n++] = p + 1;
		}
	return n;
}

static struct gr_case *find_case(struct gr_impl *im, const char *name)
{
	for (size_t i = 0; i < im->n_cases; i++)
		if (!strcmp(im->cases[i].name, name))
			return &im->cases[i];
	return NULL;
}

const struct gr_case *gr_impl_case(const struct gr_impl *im, const char *name)
{
	return find_case((struct gr_impl *)im, name);
}

static struct gr_case *add_case(struct gr_impl *im, const char *name)
{
	struct gr_case *c = find_case(im, name), *nc;

	if (c)
		return c;
	nc = realloc(im->cases, (im->n_cases + 1) * sizeof(*nc));
	if (!nc)
		return NULL;
	im->cases = nc;
	c = &im->cases[im->n_cases++];
	memset(c, 0, sizeof(*c));
	c->name = dup0(name);
	c->status = dup0("pass");
	c->call = dup0("");
	c->expected = dup0("");
	c->got = dup0("");
	c->detail = dup0("");
	c->reproduce = dup0("");
	c->classes = dup0("");
	return c;
}

static void set(char **field, const char *v)
{
	free(*field);
	*field = dup0(v);
}

static void load_verdict(struct gr_impl *im)
{
	char *text = slurp(im->dir, "verdict.tsv"), *save = NULL;

	if (!text)
		return;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell[2];

		if (cells(line, cell, 2) != 2)
			continue;
		if (!strcmp(cell[0], "status"))
			set(&im->status, cell[1]);
		else if (!strcmp(cell[0], "detail"))
			set(&im->detail, cell[1]);
	}
	free(text);
}

/* idx name status call expected got detail secs */
static void load_cases_full(struct gr_impl *im)
{
	char *text = slurp(im->dir, "cases.tsv"), *save = NULL;

	if (!text)
		return;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell[8];
		size_t n;
		struct gr_case *c;

		if (line[0] == '#' || (n = cells(line, cell, 8)) < 3)
			continue;
		c = add_case(im, cell[1]);
		if (!c)
			continue;
		set(&c->status, cell[2]);
		for (size_t k = 3; k < n && k < 7; k++)
			unescape(cell[k]);
		if (n > 3)
			set(&c->call, cell[3]);
		if (n > 4)
			set(&c->expected, cell[4]);
		if (n > 5)
			set(&c->got, cell[5]);
		if (n > 6)
			set(&c->detail, cell[6]);
	}
	free(text);
}

/* The failures of summary.json: a console report fails a case that passed. */
static void load_summary(struct gr_impl *im)
{
	char *text = slurp(im->dir, "summary.json"), err[160];
	struct gj *root;
	const struct gj *fl;

	if (!text)
		return;
	root = gj_parse(text, err, sizeof(err));
	free(text);
	if (!root) {
		if (!strcmp(im->status, "error") && !*im->detail)
			set(&im->detail, err);
		return;
	}
	set(&im->kernel, gj_str(root, "kernel"));
	set(&im->profile, gj_str(root, "profile"));
	fl = gj_get(root, "failures");
	for (size_t i = 0; fl && fl->type == GJ_ARR && i < fl->n; i++) {
		const struct gj *f = fl->items[i], *con = gj_get(f, "console");
		struct gr_case *c = add_case(im, gj_str(f, "case"));

		if (!c)
			continue;
		set(&c->status, "fail");
		set(&c->call, gj_str(f, "call"));
		set(&c->expected, gj_str(f, "expected"));
		set(&c->got, gj_str(f, "got"));
		set(&c->detail, gj_str(f, "detail"));
		set(&c->reproduce, gj_str(f, "reproduce"));
		for (size_t k = 0; con && con->type == GJ_ARR && k < con->n; k++) {
			struct gr_console *nc = realloc(c->console, (c->n_console + 1) * sizeof(*nc));

			if (!nc)
				break;
			c->console = nc;
			nc[c->n_console].klass = dup0(gj_str(con->items[k], "class"));
			nc[c->n_console].first = dup0(gj_str(con->items[k], "first"));
			nc[c->n_console].excerpt = dup0(gj_str(con->items[k], "excerpt"));
			c->n_console++;
		}
	}
	gj_free(root);
}

/* case<TAB>classes: the classes tied to each failed case, deduplicated. */
static void load_failures(struct gr_impl *im)
{
	char *text = slurp(im->dir, "failures.tsv"), *save = NULL;

	if (!text)
		return;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell[2], *s2 = NULL, out[512] = "", none[1] = "";
		size_t nc;
		struct gr_case *c;

		if (line[0] == '#' || (nc = cells(line, cell, 2)) < 1 || !*cell[0])
			continue;
		c = add_case(im, cell[0]);
		if (!c)
			continue;
		set(&c->status, "fail");
		for (char *k = strtok_r(nc == 2 ? cell[1] : none, ",", &s2); k; k = strtok_r(NULL, ",", &s2)) {
			char pat[80], probe[520];
			size_t ol = strlen(out);

			snprintf(pat, sizeof(pat), ",%s,", k);
			snprintf(probe, sizeof(probe), ",%s,", out);
			if (strstr(probe, pat) || ol + strlen(k) + 2 >= sizeof(out))
				continue;
			snprintf(out + ol, sizeof(out) - ol, "%s%s", ol ? "," : "", k);
		}
		set(&c->classes, out);
	}
	free(text);
}

void gr_impl_load(struct gr_impl *im, const char *name, const char *dir)
{
	struct stat st;

	memset(im, 0, sizeof(*im));
	im->name = dup0(name);
	im->dir = dup0(dir);
	im->status = dup0("");
	im->detail = dup0("");
	im->kernel = dup0("");
	im->profile = dup0("");
	load_verdict(im);
	load_cases_full(im);
	load_summary(im);
	load_failures(im);
	for (size_t i = 0; i < im->n_cases; i++) {
		const char *s = im->cases[i].status;

		if (!strcmp(s, "fail"))
			im->failed++;
		else if (!strcmp(s, "skip"))
			im->skipped++;
		else
			im->passed++;
	}
	if (!*im->status) {
		/* no verdict.tsv (make run, or a check that died): derive one */
		if (stat(dir, &st) || !im->n_cases) {
			set(&im->status, "error");
			if (!*im->detail)
				set(&im->detail, "no results (no verdict.tsv, summary.json or cases.tsv)");
		} else {
			set(&im->status, im->failed ? "findings" : "pass");
		}
	}
}

static void case_free(struct gr_case *c)
{
	free(c->name);
	free(c->status);
	free(c->call);
	free(c->expected);
	free(c->got);
	free(c->detail);
	free(c->reproduce);
	free(c->classes);
	for (size_t k = 0; k < c->n_console; k++) {
		free(c->console[k].klass);
		free(c->console[k].first);
		free(c->console[k].excerpt);
	}
	free(c->console);
}

void gr_impl_free(struct gr_impl *im)
{
	for (size_t i = 0; i < im->n_cases; i++)
		case_free(&im->cases[i]);
	free(im->cases);
	free(im->name);
	free(im->dir);
	free(im->status);
	free(im->detail);
	free(im->kernel);
	free(im->profile);
	memset(im, 0, sizeof(*im));
}

/* ---- shards --------------------------------------------------------------------- */

bool gr_shard_parse(const char *s, int *i, int *n)
{
	char *end;
	long a, b;

	if (!s || !*s)
		return false;
	errno = 0;
	a = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return false;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end || errno || b < 1 || b > 100000 || a < 1 || a > b)
		return false;
	*i = (int)a;
	*n = (int)b;
	return true;
}

void gr_shard_range(size_t count, int i, int n, size_t *lo, size_t *hi)
{
	*lo = count * (size_t)(i - 1) / (size_t)n;
	*hi = count * (size_t)i / (size_t)n;
}

/* ---- listing ------------------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct gr_entry *)a)->name, ((const struct gr_entry *)b)->name);
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a > b && !strcmp(s + a - b, suf);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/* The .c and .h of a submission directory. */
static void pick(const char *dir, char **c, char **h)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	int nc = 0, nh = 0;

	*c = *h = NULL;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !join(path, sizeof(path), dir, e->d_name) || !is_file(path))
			continue;
		if (ends_with(e->d_name, ".c")) {
			/* dm510_msgbox.c wins; otherwise the first, by name */
			if (!*c || !strcmp(e->d_name, "dm510_msgbox.c") ||
			    (strcmp(strrchr(*c, '/') + 1, "dm510_msgbox.c") && strcmp(path, *c) < 0)) {
				free(*c);
				*c = strdup(path);
			}
			nc++;
		} else if (ends_with(e->d_name, ".h")) {
			if (!*h || strcmp(path, *h) < 0) {
				free(*h);
				*h = strdup(path);
			}
			nh++;
		}
	}
	closedir(d);
	(void)nc;
	if (nh > 1) {
		/* several headers: only dm510_msgbox.h is taken for granted */
		free(*h);
		*h = join(path, sizeof(path), dir, "dm510_msgbox.h") && is_file(path) ? strdup(path) : NULL;
	}
}

int gr_list(const char *dir, struct gr_entry **out, size_t *n, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct gr_entry *v = NULL;
	size_t k = 0;
	char path[4096];

	*out = NULL;
	*n = 0;
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		char *c = NULL, *h = NULL, *name;

		if (e->d_name[0] == '.' || !join(path, sizeof(path), dir, e->d_name))
			continue;
		if (is_dir(path)) {
			pick(path, &c, &h);
			if (!c) {
				free(h);
				continue;
			}
			name = strdup(e->d_name);
		} else if (ends_with(e->d_name, ".c") && is_file(path)) {
			c = strdup(path);
			name = strndup(e->d_name, strlen(e->d_name) - 2);
		} else {
			continue;
		}
		struct gr_entry *nv = realloc(v, (k + 1) * sizeof(*nv));

		if (!nv || !name || !c) {
			free(name);
			free(c);
			free(h);
			continue;
		}
		v = nv;
		v[k].name = name;
		v[k].impl = c;
		v[k].header = h ? h : strdup("");
		k++;
	}
	closedir(d);
	if (k)
		qsort(v, k, sizeof(*v), by_name);
	*out = v;
	*n = k;
	return 0;
}

void gr_list_free(struct gr_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].impl);
		free(e[i].header);
	}
	free(e);
}

/* ---- collecting results ---------------------------------------------------------------- */

static int impl_by_name(const void *a, const void *b)
{
	return strcmp(((const struct gr_impl *)a)->name, ((const struct gr_impl *)b)->name);
}

int gr_collect(char *const roots[], size_t n_roots, struct gr_impl **out, size_t *n, size_t *dups)
{
	struct gr_impl *v = NULL;
	size_t k = 0;
	char path[4096], probe[4200];

	*dups = 0;
	for (size_t r = 0; r < n_roots; r++) {
		DIR *d = opendir(roots[r]);
		struct dirent *e;

		if (!d)
			return -1;
		while ((e = readdir(d))) {
			bool seen = false;

			if (e->d_name[0] == '.' || !join(path, sizeof(path), roots[r], e->d_name))
				continue;
			if (!(join(probe, sizeof(probe), path, "grade.tsv") && is_file(probe)) &&
			    !(join(probe, sizeof(probe), path, "verdict.tsv") && is_file(probe)))
				continue;
			for (size_t i = 0; i < k; i++)
				seen |= !strcmp(v[i].name, e->d_name);
			if (seen) {
				(*dups)++;
				continue;
			}
			struct gr_impl *nv = realloc(v, (k + 1) * sizeof(*nv));

			if (!nv)
				break;
			v = nv;
			gr_impl_load(&v[k++], e->d_name, path);
		}
		closedir(d);
	}
	if (k)
		qsort(v, k, sizeof(*v), impl_by_name);
	*out = v;
	*n = k;
	return 0;
}
