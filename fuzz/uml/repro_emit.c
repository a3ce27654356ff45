/*
 * A minimised program as a standalone C file: the conventions it is judged
 * with, the prelude (repro_prelude.c, copied in whole), then one block per
 * call with what SPEC.md expects of it, as the last run traced it.
 */
#include "fz.h"

#include <string.h>

#include "pointers.h"

static const char *cls_name(const struct fz_call *c)
{
	return mt_ptr_class_at(c->ptr)->name;
}

static void expect_line(FILE *o, int step, const char *words, const char *r, const struct fz_expect_rec *x, long len)
{
	fprintf(o, "\trp_expect(%d, \"%s\", %s, %ld, %d, %d, %d, %ld);\n", step, words, r, x->want, x->any_error, x->alt,
		x->pushes, len);
}

int fz_emit_repro(FILE *o, const char *prelude, const struct fz_prog *p, const struct fz_trace *t,
		  const struct fz_finding *f)
{
	FILE *pre = fopen(prelude, "r");
	char line[1024], words[300];
	int steps = t->n;
	/* blocks-callers in a window: the trace ends before the op that never
	 * returned; it is made last, unjudged, and the prelude's alarm says
	 * whether its nested calls came back (rp_window) */
	bool blocked = f->window_blocked && f->op >= 0 && f->op == t->n && f->op < p->n;

	if (!pre)
		return -1;
	fprintf(o, "/* msgbox-fuzz reproducer: seed %llu, program %ld, %d call(s)\n",
		(unsigned long long)p->seed, p->index, steps);
	fprintf(o, " * finding: %s / %s: %s\n", mt_oracle_name(f->oracle), mt_bug_name(f->bug), f->call);
	fprintf(o, " * expected %s, got %s */\n", f->expected, f->got);
	fprintf(o, "static const long rp_empty = %ld, rp_get_len = %ld;\n", mt_conv.empty,
		mt_conv.get_len < FZ_CAP - 4096 ? mt_conv.get_len : FZ_CAP - 4096);
	fprintf(o, "static const int rp_put_len = %d, rp_get_zero = %d;\n", mt_conv.put_len, mt_conv.get_zero);
	while (fgets(line, sizeof(line), pre))
		fputs(line, o);
	fclose(pre);
	fprintf(o, "\nint main(void)\n{\n\tlong r;\n\tunsigned char *b;\n\n\tsetvbuf(stdout, NULL, _IONBF, 0);\n"
		   "\trp_setup();\n\t(void)b;\n");
	bool limited = p->max_msg_len >= 0 || p->max_total >= 0 || p->max_msgs >= 0;
	bool leak = f->oracle == MT_OR_LEAK;

	/* a leak: the calls five times over (each time from an empty box, and
	 * leaving one), so that kmemleak has five objects to see, not one it
	 * may miss behind a stale copy of its pointer */
	if (leak)
		fprintf(o, "\tfor (int rep = 0; rep < 5; rep++) {\n");

	if (p->bad_param >= 0 && p->bad_text[0])
		fprintf(o, "\trp_bad_limit(\"%s\", \"%s\");\n", fz_params[p->bad_param], p->bad_text);
	else if (p->bad_param >= 0)
		fprintf(o, "\trp_bad_limit(\"%s\", \"%ld\");\n", fz_params[p->bad_param], p->bad_value);
	if (limited)
		fprintf(o, "\trp_limits(%ld, %ld, %ld);\n", p->max_msg_len, p->max_total, p->max_msgs);
	for (int i = 0; i < steps; i++) {
		const struct fz_op *op = &p->op[i];
		const struct fz_step *s = &t->s[i];
		uint32_t id = (uint32_t)i * 4;

		fz_op_str(op, words, sizeof(words));
		fprintf(o, "\n\t/* %d: %s (the fuzzer's run: %ld) */\n", i, words, s->main.r);
		if (op->window) {
			fprintf(o, "\t{\n\t\tstruct rp_sub subs[] = {");
			for (int k = 0; k < op->nested; k++)
				fprintf(o, " { %d, %s, %d, %uu, 0, 0 },", op->sub[k].proc,
					op->sub[k].kind == FZ_PUT ? "RP_PUT" : "RP_GET", (int)op->sub[k].len, id + 1 + (uint32_t)k);
			fprintf(o, " };\n\n\t\tr = rp_window(%s, %d, %uu, subs, %d, %d, &b);\n",
				op->c.kind == FZ_PUT ? "RP_PUT" : "RP_GET", (int)op->c.len, id, op->nested, op->sig);
			fprintf(o, "\t\t/* as the reference orders them: the calls made while it was held, then it */\n");
			for (int k = 0; k < op->nested; k++) {
				char w2[80], rr[32];

				fz_call_str(&op->sub[k], w2, sizeof(w2));
				snprintf(rr, sizeof(rr), "subs[%d].r", k);
				fprintf(o, "\t");
				expect_line(o, i, w2, rr, &s->sub[k], op->sub[k].len);
				if (s->sub[k].pops)
					fprintf(o, "\t\trp_data(%d, subs[%d].got, subs[%d].r, %d, %uu);\n", i, k, k,
						(int)s->sub[k].top.len, s->sub[k].top.seq);
			}
			fz_call_str(&op->c, words, sizeof(words));
			fprintf(o, "\t");
			expect_line(o, i, words, "r", &s->main, op->c.len);
			if (s->main.pops)
				fprintf(o, "\t\trp_data(%d, b, r, %d, %uu);\n", i, (int)s->main.top.len, s->main.top.seq);
			fprintf(o, "\t}\n");
			continue;
		}
		fprintf(o, "\tr = rp_call(%d, %d, %s, \"%s\", %d, %d, %d, %uu);\n", i, op->c.proc,
			op->c.kind == FZ_PUT ? "RP_PUT" : "RP_GET", cls_name(&op->c), (int)op->c.arg, (int)op->c.len,
			op->nth, id);
		fz_call_str(&op->c, words, sizeof(words));
		expect_line(o, i, words, "r", &s->main, op->c.len);
		if (op->c.kind == FZ_GET) {
			if (s->main.pops)
				fprintf(o, "\tif (rp_last)\n\t\trp_data(%d, rp_last, r, %d, %uu);\n", i,
					(int)s->main.top.len, s->main.top.seq);
			fprintf(o, "\trp_canary(%d, r);\n", i);
		}
		if (mt_conv.proc && !op->nth)
			fprintf(o, "\trp_box(%d, %d, %ld);\n", i, s->box_n, s->box_bytes);
	}
	if (blocked) {
		const struct fz_op *op = &p->op[steps];

		fz_op_str(op, words, sizeof(words));
		fprintf(o, "\n\t/* %d: %s: the fuzzer's run never saw it return */\n\t{\n\t\tstruct rp_sub subs[] = {",
			steps, words);
		for (int k = 0; k < op->nested; k++)
			fprintf(o, " { %d, %s, %d, %uu, 0, 0 },", op->sub[k].proc, op->sub[k].kind == FZ_PUT ? "RP_PUT" : "RP_GET",
				(int)op->sub[k].len, (uint32_t)steps * 4 + 1 + (uint32_t)k);
		fprintf(o, " };\n\n\t\tr = rp_window(%s, %d, %uu, subs, %d, %d, &b);\n\t}\n",
			op->c.kind == FZ_PUT ? "RP_PUT" : "RP_GET", (int)op->c.len, (uint32_t)steps * 4, op->nested, op->sig);
		fprintf(o, "\treturn rp_end(%d, 0);\n}\n", steps);
		return ferror(o) ? -1 : 0;
	}
	fprintf(o, "\n\t/* the box drained: the messages the model holds, top first */\n\t{\n");
	fprintf(o, "\t\tstatic const uint32_t ids[] = { 0");
	for (int k = t->left - 1; k >= 0; k--)
		fprintf(o, ", %uu", t->box[k].seq);
	fprintf(o, " };\n\t\tstatic const long lens[] = { 0");
	for (int k = t->left - 1; k >= 0; k--)
		fprintf(o, ", %d", (int)t->box[k].len);
	fprintf(o, " };\n\n\t\trp_drain(%d, ids + 1, lens + 1, %d);\n\t}\n", steps, t->left);
	if (limited)
		fprintf(o, "\trp_limits(%ld, %ld, %ld);\n", fz_env.boot_max_msg_len, fz_env.boot_max_total,
			fz_env.boot_max_msgs);
	if (leak)
		fprintf(o, "\t}\n");
	fprintf(o, "\treturn rp_end(%d, %d);\n}\n", steps, leak);
	return ferror(o) ? -1 : 0;
}
