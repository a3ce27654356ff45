// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the console classifier: any bytes are a console
 * log. Classify them (with a small noise list, so that path runs too),
 * write findings-N.tsv into a memory stream, and read it back the way the
 * reporters do (lib/tsv.h): every finding line must split into exactly 7
 * cells, every cell must unescape, the excerpt must come back byte for
 * byte, and the trailer must be there. ASan/UBSan catch the rest.
 *
 *     make -f mk/classify.mk fuzz-classify FUZZ_SECS=60
 */
#define _DEFAULT_SOURCE /* open_memstream */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_classify.h"
#include "tsv.h"

static const char noise_rules[] =
	"lockdep outside-case lib/maple_tree.c:* suspicious rcu_dereference_check() usage\n"
	"kmemleak case=leaks.* *new suspected memory leak*\n"
	"warning anywhere at drivers/tty/*.c:\n";

static struct cc_noise *noise;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	if (cc_noise_parse(noise_rules, sizeof(noise_rules) - 1, "fuzz", &noise,
			   err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	return 0;
}

/* Read the TSV back: 7 cells a finding, the excerpt round-trips. */
static void check_tsv(char *tsv, const struct cc_result *res)
{
	size_t finding = 0, trailers = 0;
	char *line = tsv;

	while (*line) {
		char *nl = strchr(line, '\n'), *cells[8];
		int n;

		if (!nl)
			abort(); /* every line ends in "\n" */
		*nl = '\0';
		if (line[0] == '#') {
			trailers++;
			line = nl + 1;
			continue;
		}
		n = mt_tsv_split(line, cells, 8);
		if (n != 7 || finding >= res->n_findings)
			abort();
		for (int k = 0; k < 7; k++) {
			size_t len;
			char *back = mt_tsv_unescape(cells[k], &len);

			if (k == 5 && strcmp(back, res->findings[finding].excerpt))
				abort();
			if (k == 4 && strcmp(back, res->findings[finding].first_line))
				abort();
			free(back);
		}
		finding++;
		line = nl + 1;
	}
	if (finding != res->n_findings || trailers < 3)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_result res;
	char *tsv = NULL;
	size_t len = 0;
	FILE *out;

	if (cc_classify_buffer((const char *)data, size, noise, &res) < 0)
		return 0;
	out = open_memstream(&tsv, &len);
	if (!out)
		abort();
	/* show_noise = 1: every finding is written, so every one is checked */
	if (cc_write_tsv(out, &res, 1) < 0)
		abort();
	fclose(out);
	if (strlen(tsv) != len)
		abort(); /* no raw NUL in the output */
	check_tsv(tsv, &res);
	(void)cc_panicked(&res);
	free(tsv);
	cc_result_free(&res);
	return 0;
}
