/* The learned answers of the implementation under test: see conventions.h. */
#define _GNU_SOURCE
#include "conventions.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mt_conventions mt_conv = {
	.empty = -ENODATA, .too_small = -EMSGSIZE, .empty_put = true, .max_len = MT_CONV_UNKNOWN,
	.get_len = MT_PROBE_MAX_LEN,
};

bool mt_conv_is_empty(long r, bool model_empty)
{
	if (r == mt_conv.empty)
		return true;
	return mt_conv.lenient && model_empty && r < 0;
}

bool mt_conv_drained(long r)
{
	if (r == mt_conv.empty)
		return true;
	return mt_conv.lenient && !mt_conv.learned && r < 0;
}

bool mt_conv_drain_stops(long r)
{
	return r < 0 || r == mt_conv.empty;
}

static const struct field {
	const char *key;
	size_t off;
	char type; /* b bool, l long */
} fields[] = {
	{ "learned", offsetof(struct mt_conventions, learned), 'b' },
	{ "lenient", offsetof(struct mt_conventions, lenient), 'b' },
	{ "empty", offsetof(struct mt_conventions, empty), 'l' },
	{ "too_small", offsetof(struct mt_conventions, too_small), 'l' },
	{ "empty_put", offsetof(struct mt_conventions, empty_put), 'b' },
	{ "max_len", offsetof(struct mt_conventions, max_len), 'l' },
	{ "get_len", offsetof(struct mt_conventions, get_len), 'l' },
	{ "proc", offsetof(struct mt_conventions, proc), 'b' },
	{ "params", offsetof(struct mt_conventions, params), 'b' },
	{ "stuck", offsetof(struct mt_conventions, stuck), 'b' },
	{ "put_len", offsetof(struct mt_conventions, put_len), 'b' },
	{ "get_zero", offsetof(struct mt_conventions, get_zero), 'b' },
	{ "fifo", offsetof(struct mt_conventions, fifo), 'b' },
};

int mt_conv_save(const struct mt_conventions *c, const char *dir)
{
	char path[4096];
	FILE *f;

	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/conventions.tsv", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *p = (const char *)c + fields[i].off;

		if (fields[i].type == 'b')
			fprintf(f, "%s\t%d\n", fields[i].key, *(const bool *)p);
		else
			fprintf(f, "%s\t%ld\n", fields[i].key, *(const long *)p);
	}
	return fclose(f) ? -1 : 0;
}

int mt_conv_load(const char *dir)
{
	char path[4096], key[64];
	long v;
	FILE *f;
	struct mt_conventions c = mt_conv;

	if (!dir)
		return -1;
	snprintf(path, sizeof(path), "%s/conventions.tsv", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &v) == 2)
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			char *p = (char *)&c + fields[i].off;

			if (strcmp(key, fields[i].key))
				continue;
			if (fields[i].type == 'b')
				*(bool *)p = v != 0;
			else
				*(long *)p = v;
		}
	fclose(f);
	mt_conv = c;
	return 0;
}
