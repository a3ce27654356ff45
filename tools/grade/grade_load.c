/* Reading implementations' results, listing and slicing them (grade.h). */
#define _DEFAULT_SOURCE
#include "grade.h"

#include "console_classes.h"

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

/* Console classes, most serious first: the classifier's own list. */
const char *const gr_classes[] = {
#define X(id, name, what) name,
	CC_CLASSES(X)
#undef X
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

/* dir/name into out; false when it does not fit. */
static bool join(char *out, size_t n, const char *dir, const char *name)
{
	int r = snprintf(out, n, "%s/%s", dir, name);

	return r >= 0 && (size_t)r < n;
}

/* ---- one implementation ---------------------------------------------------- */

static char *dup0(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

static void set(char **field, const char *v)
{
	free(*field);
	*field = dup0(v);
}

const struct mt_rcase *gr_impl_case(const struct gr_impl *im, const char *name)
{
	for (size_t i = 0; i < im->n_cases; i++)
		if (!strcmp(im->cases[i].name, name))
			return &im->cases[i];
	return NULL;
}

void gr_impl_load(struct gr_impl *im, const char *name, const char *dir)
{
	char err[4200] = "";
	struct stat st;
	bool loaded;

	memset(im, 0, sizeof(*im));
	im->name = dup0(name);
	im->dir = dup0(dir);
	/* a check that stopped before the suite ran has a verdict.tsv but no
	 * boots.tsv: the verdict and its detail are then all there is */
	loaded = !mt_report_load(&im->rep, dir, err, sizeof(err));
	im->status = dup0(im->rep.verdict);
	im->detail = dup0(im->rep.verdict_detail);
	im->kernel = dup0(loaded && strcmp(im->rep.kernel, "?") ? im->rep.kernel : "");
	im->profile = dup0(loaded ? im->rep.profile : "");
	im->cases = im->rep.cases;
	im->n_cases = im->rep.n_cases;
	im->passed = im->rep.passed;
	im->failed = im->rep.failed;
	im->skipped = im->rep.skipped;
	im->not_applicable = im->rep.not_applicable;
	if (!*im->status) {
		/* no verdict.tsv (make run, or a check that died): derive one */
		if (stat(dir, &st) || !im->n_cases) {
			set(&im->status, "error");
			if (!*im->detail)
				set(&im->detail, *err ? err : "no results (no verdict.tsv, boots.tsv or cases.tsv)");
		} else {
			set(&im->status, im->failed ? "findings" : im->skipped ? "incomplete" : "pass");
		}
	}
}

void gr_impl_free(struct gr_impl *im)
{
	mt_report_free(&im->rep);
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
