/* Stress scenario tables (see scenario_table.h). */
#define _GNU_SOURCE
#include "scenario_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t n, const char *fmt, const char *a, const char *b)
{
	snprintf(err, n, fmt, a, b);
	return -1;
}

/* A whole cell as an integer in [lo, hi]. */
static int cell_long(const char *s, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 0);
	return !*s || *end || errno || *out < lo || *out > hi ? -1 : 0;
}

static int parse_sizes(const char *s, struct mt_scenario *sc)
{
	long v;

	if (!strcmp(s, "all"))
		sc->sizes = MT_SIZES_ALL;
	else if (!strncmp(s, "all:", 4) && !cell_long(s + 4, 1, 4 << 20, &v))
		sc->sizes = MT_SIZES_ALL, sc->max_size = (int)v;
	else if (!strcmp(s, "small"))
		sc->sizes = MT_SIZES_SMALL;
	else if (!strncmp(s, "fixed:", 6) && !cell_long(s + 6, 0, 4 << 20, &v))
		sc->sizes = MT_SIZES_FIXED, sc->fixed_len = (int)v;
	else
		return -1;
	return 0;
}

static int parse_signals(const char *s, unsigned *out)
{
	static const char *const names[] = { "none", "kill", "stop", "kill+stop" };

	for (unsigned i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return *out = i, 0;
	return -1;
}

static int parse_faults(const char *s, struct mt_scenario *sc, char *err, size_t n)
{
	char buf[160], *save = NULL;

	sc->fail_slab = sc->fail_page_alloc = sc->fail_usercopy = 0;
	if (!strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(f, '=');
		long p;
		int *dst = NULL;

		if (eq)
			*eq = '\0';
		if (!strcmp(f, "failslab"))
			dst = &sc->fail_slab;
		else if (!strcmp(f, "fail_page_alloc"))
			dst = &sc->fail_page_alloc;
		else if (!strcmp(f, "fail_usercopy"))
			dst = &sc->fail_usercopy;
		if (!dst || !eq || cell_long(eq + 1, 0, 100, &p))
			return fail(err, n, "faults: '%s%s' is not failslab=P, fail_page_alloc=P or fail_usercopy=P (P in 0..100)",
				    f, eq ? "=..." : "");
		*dst = (int)p;
	}
	return 0;
}

static int split(char *line, char **cells)
{
	int n = 0;

	for (char *p = line; n < MT_SC_COLS + 1; n++) {
		cells[n] = p;
		p = strchr(p, '\t');
		if (!p)
			return n + 1;
		*p++ = '\0';
	}
	return n;
}

int mt_scenario_parse(const char *line, struct mt_scenario *sc, char *err, size_t errlen)
{
	char buf[512], *c[MT_SC_COLS + 1];
	long v;

	memset(sc, 0, sizeof(*sc));
	snprintf(buf, sizeof(buf), "%s", line);
	buf[strcspn(buf, "\r\n")] = '\0';
	int n = split(buf, c);

	if (n != MT_SC_COLS) {
		snprintf(err, errlen, "%d cells, want %d: name workers ops mix sizes uffd signals faults seed baseline",
			 n,
			 MT_SC_COLS);
		return -1;
	}
	if (!c[0][0] || strlen(c[0]) >= sizeof(sc->name) || strpbrk(c[0], " ,"))
		return fail(err, errlen, "name '%s': empty, too long, or with a space or comma%s", c[0], "");
	snprintf(sc->name, sizeof(sc->name), "%s", c[0]);
	if (cell_long(c[1], 1, 256, &v))
		return fail(err, errlen, "workers '%s': want 1..256%s", c[1], "");
	sc->workers = (int)v;
	if (cell_long(c[2], sc->workers, 1L << 30, &sc->ops))
		return fail(err, errlen, "ops '%s': want at least one per worker, at most 2^30%s", c[2], "");
	if (cell_long(c[3], 1, 99, &v))
		return fail(err, errlen, "mix '%s': want the put share in percent, 1..99%s", c[3], "");
	sc->put_pct = (int)v;
	if (parse_sizes(c[4], sc))
		return fail(err, errlen, "sizes '%s': want all, all:N, small or fixed:N%s", c[4], "");
	if (cell_long(c[5], 0, 100, &v))
		return fail(err, errlen, "uffd '%s': want a percentage 0..100%s", c[5], "");
	sc->uffd_pct = (int)v;
	if (parse_signals(c[6], &sc->signals))
		return fail(err, errlen, "signals '%s': want none, kill, stop or kill+stop%s", c[6], "");
	if (parse_faults(c[7], sc, err, errlen))
		return -1;
	errno = 0;
	char *end;

	sc->seed = strtoull(c[8], &end, 0);
	if (!c[8][0] || *end || errno || c[8][0] == '-')
		return fail(err, errlen, "seed '%s': want an unsigned number%s", c[8], "");
	if (strcmp(c[9], "raw") && strcmp(c[9], "none"))
		return fail(err, errlen, "baseline '%s': want raw or none%s", c[9], "");
	sc->baseline = !strcmp(c[9], "raw");
	if (sc->baseline && !mt_scenario_plain(sc))
		return fail(err, errlen, "baseline 'raw' is timed on plain rows only (uffd 0, signals none, faults none)%s%s",
			    "", "");
	return 0;
}

int mt_scenario_load(const char *path, struct mt_scenario_table *t, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512], why[256];
	int lineno = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct mt_scenario sc;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (mt_scenario_parse(line, &sc, why, sizeof(why))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			fclose(f);
			return -1;
		}
		for (size_t i = 0; i < t->n; i++) {
			if (!strcmp(t->sc[i].name, sc.name)) {
				snprintf(err, errlen, "%s:%d: scenario %s already defined at %s", path, lineno, sc.name,
					 t->sc[i].where);
				fclose(f);
				return -1;
			}
		}
		snprintf(sc.where, sizeof(sc.where), "%s:%d", path, lineno);
		struct mt_scenario *grown = realloc(t->sc, (t->n + 1) * sizeof(*grown));

		if (!grown) {
			snprintf(err, errlen, "%s: out of memory", path);
			fclose(f);
			return -1;
		}
		t->sc = grown;
		t->sc[t->n++] = sc;
	}
	fclose(f);
	return 0;
}

void mt_scenario_free(struct mt_scenario_table *t)
{
	free(t->sc);
	t->sc = NULL;
	t->n = 0;
}

int mt_scenario_plain(const struct mt_scenario *sc)
{
	return !sc->uffd_pct && !sc->signals && !sc->fail_slab && !sc->fail_page_alloc && !sc->fail_usercopy;
}

void mt_scenario_format(const struct mt_scenario *sc, char *out, size_t n)
{
	static const char *const sig[] = { "none", "kill", "stop", "kill+stop" };
	char sizes[32];

	if (sc->sizes == MT_SIZES_FIXED)
		snprintf(sizes, sizeof(sizes), "fixed:%d", sc->fixed_len);
	else if (sc->sizes == MT_SIZES_ALL && sc->max_size)
		snprintf(sizes, sizeof(sizes), "all:%d", sc->max_size);
	else
		snprintf(sizes, sizeof(sizes), "%s", sc->sizes == MT_SIZES_ALL ? "all" : "small");
	snprintf(out, n, "workers=%d ops=%ld puts=%d%% sizes=%s uffd=%d%% signals=%s faults=slab:%d,page:%d,usercopy:%d seed=%llu%s",
		 sc->workers, sc->ops, sc->put_pct, sizes, sc->uffd_pct, sig[sc->signals & 3], sc->fail_slab,
		 sc->fail_page_alloc, sc->fail_usercopy, (unsigned long long)sc->seed, sc->baseline ? " baseline=raw" : "");
}
