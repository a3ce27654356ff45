/* The TSV dialect of docs/RESULTS.md: see tsv.h. */
#define _POSIX_C_SOURCE 200809L
#include "tsv.h"

#include <stdlib.h>
#include <string.h>

static const char hex[] = "0123456789abcdef";

/* The escape of byte @c into @e; its length (1 when @c stands for itself). */
static size_t escape_byte(unsigned char c, char e[4])
{
	switch (c) {
	case '\\': e[0] = '\\', e[1] = '\\'; return 2;
	case '\t': e[0] = '\\', e[1] = 't'; return 2;
	case '\n': e[0] = '\\', e[1] = 'n'; return 2;
	case '\r': e[0] = '\\', e[1] = 'r'; return 2;
	}
	if (c < 0x20 || c == 0x7f) {
		e[0] = '\\', e[1] = 'x', e[2] = hex[c >> 4], e[3] = hex[c & 15];
		return 4;
	}
	e[0] = (char)c;
	return 1;
}

size_t mt_tsv_escape_to(char *out, size_t n, const char *s, size_t len)
{
	size_t need = 0, w = 0;
	char e[4];

	for (size_t i = 0; i < len; i++) {
		size_t k = escape_byte((unsigned char)s[i], e);

		if (out && w + k < n) {
			memcpy(out + w, e, k);
			w += k;
		} else if (out && n) {
			n = w + 1; /* full: write nothing more */
		}
		need += k;
	}
	if (out && n)
		out[w] = '\0';
	return need;
}

char *mt_tsv_escape(const char *s)
{
	size_t len = strlen(s), need = mt_tsv_escape_to(NULL, 0, s, len);
	char *out = malloc(need + 1);

	if (!out)
		abort();
	mt_tsv_escape_to(out, need + 1, s, len);
	return out;
}

void mt_tsv_put(FILE *f, const char *s, size_t len)
{
	char e[4];

	for (size_t i = 0; i < len; i++)
		fwrite(e, 1, escape_byte((unsigned char)s[i], e), f);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *mt_tsv_unescape(const char *cell, size_t *len)
{
	char *out = malloc(strlen(cell) + 1), *o = out;

	if (!out)
		abort();
	for (const char *p = cell; *p; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		switch (p[1]) {
		case '\\': *o++ = '\\', p++; continue;
		case 't': *o++ = '\t', p++; continue;
		case 'n': *o++ = '\n', p++; continue;
		case 'r': *o++ = '\r', p++; continue;
		case 'x':
			if (hexval(p[2]) >= 0 && hexval(p[3]) >= 0) {
				*o++ = (char)(hexval(p[2]) << 4 | hexval(p[3]));
				p += 3;
				continue;
			}
		}
		*o++ = *p; /* not an escape we write: kept as it is */
	}
	*o = '\0';
	if (len)
		*len = (size_t)(o - out);
	return out;
}

int mt_tsv_split(char *line, char **cells, int max)
{
	size_t n = strlen(line);
	int count = 0;

	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n && line[n - 1] == '\r')
		line[--n] = '\0';
	for (char *p = line;; p++) {
		char *tab = strchr(p, '\t');

		if (count < max)
			cells[count] = p;
		count++;
		if (!tab)
			break;
		if (count <= max)
			*tab = '\0';
		p = tab;
	}
	return count;
}

long mt_tsv_getline(FILE *f, char **buf, size_t *cap)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (n + 2 > *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			char *b = realloc(*buf, nc);

			if (!b)
				abort();
			*buf = b;
			*cap = nc;
		}
		(*buf)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (!n && c == EOF)
		return -1;
	(*buf)[n] = '\0';
	return (long)n;
}
