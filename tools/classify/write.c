// SPDX-License-Identifier: GPL-2.0
/*
 * findings-N.tsv (format in console_classify.h), written in the one TSV
 * dialect of lib/tsv.h so that every reader decodes it with
 * mt_tsv_unescape. Cells are escaped as they are written (mt_tsv_put):
 * nothing to allocate, so writing cannot fail for want of memory.
 */
#include "engine.h"

#include <string.h>

#include "tsv.h"

static void put_cell(FILE *out, const char *s, int last)
{
	mt_tsv_put(out, s, strlen(s));
	putc(last ? '\n' : '\t', out);
}

static void write_finding(FILE *out, const struct cc_finding *f)
{
	fprintf(out, "%ld\t", f->case_idx);
	put_cell(out, f->case_name, 0);
	fprintf(out, "%s\t%zu\t", f->noise ? "noise" : cc_class_name(f->klass),
		f->line_no);
	put_cell(out, f->first_line, 0);
	put_cell(out, f->excerpt, 0);
	put_cell(out, mt_bug_name(f->bug), 1);
}

int cc_write_tsv(FILE *out, const struct cc_result *res, int show_noise)
{
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct cc_finding *f = &res->findings[k];

		if (!f->noise || show_noise)
			write_finding(out, f);
	}
	fprintf(out, "# noise %zu\n", res->n_noise);
	fprintf(out, "# cases-ended %zu\n", res->cases_ended);
	fprintf(out, "# cases-begun %zu\n", res->cases_begun);
	if (res->unfinished) {
		fprintf(out, "# unfinished %ld ", res->unfinished_idx);
		put_cell(out, res->unfinished_name, 1);
	}
	return ferror(out) ? -1 : 0;
}
