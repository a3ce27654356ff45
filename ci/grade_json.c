/* A small JSON reader for summary.json (grade.h): enough of RFC 8259. */
#define _DEFAULT_SOURCE
#include "grade.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct pj {
	const char *p;
	const char *start;
	char *err;
	size_t errlen;
	int depth;
	bool failed;
};

static void fail(struct pj *s, const char *what)
{
	if (!s->failed)
		snprintf(s->err, s->errlen, "JSON: %s at offset %ld", what, (long)(s->p - s->start));
	s->failed = true;
}

static void ws(struct pj *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static struct gj *node(enum gj_type t)
{
	struct gj *v = calloc(1, sizeof(*v));

	if (v)
		v->type = t;
	return v;
}

static int hex4(const char *p, unsigned *out)
{
	*out = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		*out = *out << 4 | d;
	}
	return 0;
}

static size_t utf8(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* At the opening quote; returns a malloc'ed string. */
static char *string(struct pj *s)
{
	const char *q = ++s->p;
	size_t cap = 0;
	char *out, *o;

	/* the decoded text is never longer than the source */
	while (*q && *q != '"') {
		if (*q == '\\' && q[1])
			q++;
		q++;
		cap++;
	}
	if (*q != '"') {
		fail(s, "unterminated string");
		return NULL;
	}
	out = o = malloc(cap * 2 + 8);
	if (!out) {
		fail(s, "out of memory");
		return NULL;
	}
	while (*s->p != '"') {
		unsigned char c = (unsigned char)*s->p++;

		if (c < 0x20) {
			fail(s, "control character in a string");
			free(out);
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		c = (unsigned char)*s->p++;
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned cp, lo;

			if (hex4(s->p, &cp)) {
				fail(s, "bad \\u escape");
				free(out);
				return NULL;
			}
			s->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && s->p[0] == '\\' && s->p[1] == 'u' &&
			    !hex4(s->p + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s->p += 6;
			}
			o += utf8(cp, o);
			break;
		}
		default:
			fail(s, "bad escape");
			free(out);
			return NULL;
		}
	}
	s->p++;
	*o = '\0';
	return out;
}

static struct gj *value(struct pj *s);

static int push(struct gj *v, struct gj *item, char *key)
{
	struct gj **ni = realloc(v->items, (v->n + 1) * sizeof(*ni));

	if (!ni)
		return -1;
	v->items = ni;
	if (v->type == GJ_OBJ) {
		char **nk = realloc(v->keys, (v->n + 1) * sizeof(*nk));

		if (!nk)
			return -1;
		v->keys = nk;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return 0;
}

static struct gj *compound(struct pj *s, bool obj)
{
	struct gj *v = node(obj ? GJ_OBJ : GJ_ARR);
	char close = obj ? '}' : ']';

	if (!v) {
		fail(s, "out of memory");
		return NULL;
	}
	if (++s->depth > 64) {
		fail(s, "nested too deeply");
		return v;
	}
	s->p++;
	ws(s);
	if (*s->p == close) {
		s->p++;
		s->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct gj *item;

		ws(s);
		if (obj) {
			if (*s->p != '"') {
				fail(s, "expected a key");
				return v;
			}
			key = string(s);
			if (!key)
				return v;
			ws(s);
			if (*s->p != ':') {
				free(key);
				fail(s, "expected ':'");
				return v;
			}
			s->p++;
		}
		item = value(s);
		if (!item || push(v, item, key)) {
			free(key);
			gj_free(item);
			fail(s, "out of memory");
			return v;
		}
		if (s->failed)
			return v;
		ws(s);
		if (*s->p == ',') {
			s->p++;
			continue;
		}
		if (*s->p == close) {
			s->p++;
			s->depth--;
			return v;
		}
		fail(s, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		return v;
	}
}

static struct gj *value(struct pj *s)
{
	struct gj *v;

	ws(s);
	switch (*s->p) {
	case '{':
		return compound(s, true);
	case '[':
		return compound(s, false);
	case '"':
		v = node(GJ_STR);
		if (v)
			v->str = string(s);
		if (v && !v->str)
			v->str = strdup("");
		return v;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };

		for (int k = 0; k < 3; k++) {
			size_t l = strlen(words[k]);

			if (!strncmp(s->p, words[k], l)) {
				s->p += l;
				v = node(k == 2 ? GJ_NULL : GJ_BOOL);
				if (v)
					v->b = k == 0;
				return v;
			}
		}
		break;
	}
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
			char *end;

			v = node(GJ_NUM);
			if (v)
				v->num = strtod(s->p, &end);
			else
				end = (char *)s->p + 1;
			s->p = end;
			return v;
		}
	}
	fail(s, "unexpected character");
	return node(GJ_NULL);
}

struct gj *gj_parse(const char *text, char *err, size_t errlen)
{
	struct pj s = { .p = text, .start = text, .err = err, .errlen = errlen };
	struct gj *v = value(&s);

	ws(&s);
	if (!s.failed && *s.p)
		fail(&s, "trailing characters");
	if (s.failed || !v) {
		if (!s.failed)
			snprintf(err, errlen, "JSON: out of memory");
		gj_free(v);
		return NULL;
	}
	return v;
}

void gj_free(struct gj *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		gj_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

const struct gj *gj_get(const struct gj *obj, const char *key)
{
	if (!obj || obj->type != GJ_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const char *gj_str(const struct gj *obj, const char *key)
{
	const struct gj *v = gj_get(obj, key);

	return v && v->type == GJ_STR ? v->str : "";
}
