// SPDX-License-Identifier: GPL-2.0
/*
 * The known-noise list (tools/classify/console-noise.txt): splats that are not bugs of
 * the code under test. Parsing (one rule a line: CLASS SCOPE PATTERN, see
 * the list's own header) and matching a finding against it.
 */
#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct noise_rule {
	enum cc_class klass;
	int outside_case_only;
	char *case_glob;	/* scope case=GLOB: only in cases so named */
	char *pattern;
};

struct cc_noise {
	struct noise_rule *rules;
	size_t n;
};

/* Does pattern match anywhere in one line of the excerpt? */
static int excerpt_matches(const char *excerpt, const char *pattern)
{
	const char *p = excerpt;

	for (;;) {
		const char *nl = strchr(p, '\n');
		struct view line = { p, nl ? (size_t)(nl - p) : strlen(p) };

		if (glob_anywhere(pattern, line))
			return 1;
		if (!nl)
			return 0;
		p = nl + 1;
	}
}

int noise_matches(const struct cc_noise *noise, const struct cc_finding *f)
{
	if (!noise)
		return 0;
	for (size_t k = 0; k < noise->n; k++) {
		const struct noise_rule *r = &noise->rules[k];

		if (r->klass != f->klass)
			continue;
		if (r->outside_case_only && f->case_idx != -1)
			continue;
		if (r->case_glob &&
		    (f->case_idx == -1 || !glob_all(r->case_glob, f->case_name)))
			continue;
		if (excerpt_matches(f->excerpt, r->pattern))
			return 1;
	}
	return 0;
}

/* "panic, kasan, ...": for the message about an unknown class. */
static void class_list(char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (int k = 0; k < CC_CLASS_COUNT && at < len; k++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", k ? ", " : "",
				       cc_class_name((enum cc_class)k));
}

static int parse_rule(struct view line, struct noise_rule *r, char *why,
		      size_t whylen)
{
	struct view rest = line;
	struct view klass = view_next_word(&rest);
	struct view scope = view_next_word(&rest);
	char word[64];

	snprintf(word, sizeof(word), "%.*s", (int)klass.n, klass.p);
	if (klass.n >= sizeof(word) || cc_class_from_name(word, &r->klass) < 0) {
		char names[320];

		class_list(names, sizeof(names));
		snprintf(why, whylen, "unknown class '%s' (one of: %s)", word,
			 names);
		return -1;
	}
	if (scope.n == 12 && memcmp(scope.p, "outside-case", 12) == 0) {
		r->outside_case_only = 1;
	} else if (scope.n == 8 && memcmp(scope.p, "anywhere", 8) == 0) {
		r->outside_case_only = 0;
	} else if (scope.n > 5 && memcmp(scope.p, "case=", 5) == 0) {
		r->outside_case_only = 0;
		r->case_glob = view_dup((struct view){ scope.p + 5, scope.n - 5 });
		if (!r->case_glob) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
	} else {
		snprintf(why, whylen,
			 "unknown scope '%.*s' (outside-case, anywhere or case=GLOB)",
			 (int)(scope.n > 40 ? 40 : scope.n), scope.p);
		return -1;
	}
	/* A pattern of "*" alone would make the whole class noise: refused,
	 * so that a typo cannot silence a class. */
	if (rest.n == 0 || (rest.n == 1 && rest.p[0] == '*')) {
		free(r->case_glob);
		r->case_glob = NULL;
		snprintf(why, whylen, "missing pattern after the scope");
		return -1;
	}
	r->pattern = view_dup(rest);
	if (!r->pattern) {
		free(r->case_glob);
		r->case_glob = NULL;
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

void cc_noise_free(struct cc_noise *noise)
{
	if (!noise)
		return;
	for (size_t k = 0; k < noise->n; k++) {
		free(noise->rules[k].pattern);
		free(noise->rules[k].case_glob);
	}
	free(noise->rules);
	free(noise);
}

size_t cc_noise_count(const struct cc_noise *noise)
{
	return noise ? noise->n : 0;
}

static int noise_add(struct cc_noise *noise, struct noise_rule r, size_t *cap)
{
	if (noise->n == *cap) {
		size_t grown_cap = *cap ? 2 * *cap : 8;
		struct noise_rule *grown =
			realloc(noise->rules, grown_cap * sizeof(*grown));

		if (!grown)
			return -1;
		noise->rules = grown;
		*cap = grown_cap;
	}
	noise->rules[noise->n++] = r;
	return 0;
}

int cc_noise_parse(const char *text, size_t len, const char *origin,
		   struct cc_noise **out, char *err, size_t errlen)
{
	struct cc_noise *noise = calloc(1, sizeof(*noise));
	size_t at = 0, line_no = 0, cap = 0;

	*out = NULL;
	if (!noise) {
		snprintf(err, errlen, "%s: out of memory", origin);
		return -1;
	}
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct view line = view_trim((struct view){ text + at, end - at });
		struct noise_rule r = { 0 };
		char why[400];

		at = end + 1;
		line_no++;
		if (line.n == 0 || line.p[0] == '#')
			continue;
		if (parse_rule(line, &r, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s:%zu: %s", origin, line_no, why);
			cc_noise_free(noise);
			return -1;
		}
		if (noise_add(noise, r, &cap) < 0) {
			free(r.pattern);
			free(r.case_glob);
			snprintf(err, errlen, "%s:%zu: out of memory", origin,
				 line_no);
			cc_noise_free(noise);
			return -1;
		}
	}
	*out = noise;
	return 0;
}

int cc_noise_load(const char *path, struct cc_noise **out, char *err,
		  size_t errlen)
{
	FILE *in = fopen(path, "rb");
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (!in || classify_read_all(in, &buf, &len) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (in)
			fclose(in);
		return -1;
	}
	fclose(in);
	rc = cc_noise_parse(buf, len, path, out, err, errlen);
	free(buf);
	return rc;
}
