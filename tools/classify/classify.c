// SPDX-License-Identifier: GPL-2.0
/*
 * The public entry points (console_classify.h): a log from a buffer, a
 * stream or a file, split into lines and handed to the report state
 * machine; freeing a result.
 */
#define _POSIX_C_SOURCE 200809L

#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cc_classify_buffer(const char *buf, size_t len,
		       const struct cc_noise *noise, struct cc_result *out)
{
	struct view *lines;
	size_t n = 0;
	int rc;

	*out = (struct cc_result){ 0 };
	lines = line_split(buf, len, &n);
	if (!lines) {
		errno = ENOMEM;
		return -1;
	}
	out->n_lines = n;
	rc = report_run(lines, n, noise, out);
	free(lines);
	if (rc < 0) {
		cc_result_free(out);
		errno = ENOMEM;
	}
	return rc;
}

int classify_read_all(FILE *in, char **buf_out, size_t *len_out)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -1;
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, in);

		len += got;
		if (len < cap) {
			if (ferror(in)) {
				int saved = errno ? errno : EIO;

				free(buf);
				errno = saved;
				return -1;
			}
			break;
		}
		char *grown = realloc(buf, cap * 2);

		if (!grown) {
			free(buf);
			errno = ENOMEM;
			return -1;
		}
		buf = grown;
		cap *= 2;
	}
	*buf_out = buf;
	*len_out = len;
	return 0;
}

int cc_classify_stream(FILE *in, const struct cc_noise *noise,
		       struct cc_result *out)
{
	char *buf;
	size_t len;
	int rc;

	*out = (struct cc_result){ 0 };
	if (classify_read_all(in, &buf, &len) < 0)
		return -1;
	rc = cc_classify_buffer(buf, len, noise, out);
	free(buf);
	return rc;
}

int cc_classify_file(const char *path, const struct cc_noise *noise,
		     struct cc_result *out)
{
	FILE *in = fopen(path, "rb");
	int rc, saved;

	*out = (struct cc_result){ 0 };
	if (!in)
		return -1;
	rc = cc_classify_stream(in, noise, out);
	saved = errno;
	fclose(in);
	errno = saved;
	return rc;
}

void cc_result_free(struct cc_result *res)
{
	if (!res)
		return;
	for (size_t k = 0; k < res->n_findings; k++) {
		free(res->findings[k].case_name);
		free(res->findings[k].first_line);
		free(res->findings[k].excerpt);
	}
	free(res->findings);
	free(res->unfinished_name);
	*res = (struct cc_result){ 0 };
}

size_t cc_real_findings(const struct cc_result *res)
{
	return res->n_findings - res->n_noise;
}

int cc_panicked(const struct cc_result *res)
{
	for (size_t k = 0; k < res->n_findings; k++)
		if (res->findings[k].klass == CC_PANIC)
			return 1;
	return 0;
}
