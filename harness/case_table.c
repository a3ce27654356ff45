/* Case-table parsing and the expressions in its cells (see case_table.h). */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "case_table.h"

#include "box_limits.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	long v;
} errnos[] = {
	{ "EINVAL", EINVAL }, { "EMSGSIZE", EMSGSIZE }, { "EFAULT", EFAULT },
	{ "ENOSPC", ENOSPC }, { "ENOMEM", ENOMEM },     { "ENODATA", ENODATA },
	{ "EINTR", EINTR },   { "ENOSYS", ENOSYS },     { "EPERM", EPERM },
	{ "EAGAIN", EAGAIN }, { "E2BIG", E2BIG },       { "ENOBUFS", ENOBUFS },
};
#define N_ERRNOS (sizeof(errnos) / sizeof(errnos[0]))

bool mt_errno_parse(const char *text, long *out)
{
	char *end;

	if (text[0] == '-' && text[1] == 'E') {
		for (size_t i = 0; i < N_ERRNOS; i++) {
			if (!strcmp(text + 1, errnos[i].name)) {
				*out = -errnos[i].v;
				return true;
			}
		}
		return false;
	}
	*out = strtol(text, &end, 0);
	return *text && !*end;
}

const char *mt_errno_name(long v, char *buf, size_t n)
{
	for (size_t i = 0; v < 0 && i < N_ERRNOS; i++) {
		if (-v == errnos[i].v) {
			snprintf(buf, n, "-%s", errnos[i].name);
			return buf;
		}
	}
	snprintf(buf, n, "%ld", v);
	return buf;
}

static bool sym_value(const char *word, size_t len, const struct mt_sym *s, long *v)
{
	static const char *const names[] = { "max", "page", "size", "room", "INT_MIN", "INT_MAX" };
	const long vals[] = { s->max, s->page, s->size, s->room, INT_MIN, INT_MAX };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == len && !strncmp(word, names[i], len)) {
			*v = vals[i];
			return true;
		}
	}
	return false;
}

bool mt_expr_uses(const char *expr, const char *name)
{
	size_t k = strlen(name);

	for (const char *p = strstr(expr, name); p; p = strstr(p + 1, name)) {
		bool left = p == expr || p[-1] == '+' || p[-1] == '-' || p[-1] == ':';
		bool right = p[k] == '\0' || p[k] == '+' || p[k] == '-';

		if (left && right)
			return true;
	}
	return false;
}

/* term := number | symbol ; expr := ['-'] term (('+'|'-') number)* */
int mt_expr_eval(const char *expr, const struct mt_sym *sym, long *out)
{
	const char *p = expr;
	long v, sign = 1;
	char *end;

	if (*p == '-') {
		sign = -1;
		p++;
	}
	if (*p >= '0' && *p <= '9') {
		v = strtol(p, &end, 0);
		p = end;
	} else {
		size_t n = strcspn(p, "+-");

		if (!n || !sym_value(p, n, sym, &v))
			return -1;
		p += n;
	}
	v *= sign;
	while (*p == '+' || *p == '-') {
		long d = strtol(p + 1, &end, 0);

		if (end == p + 1)
			return -1;
		v += *p == '+' ? d : -d;
		p = end;
	}
	*out = v;
	return *p ? -1 : 0;
}

static int split(char *line, char **cols)
{
	int n = 0;

	for (char *p = line; n < MT_COLS;) {
		while (*p == '\t')
			p++;
		if (!*p)
			break;
		cols[n++] = p;
		p += strcspn(p, "\t");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static bool one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(v, *set))
			return true;
	return false;
}

const struct mt_call_kind mt_call_kinds[] = {
#define X(name, fn, nth, doc) { #name, nth, doc },
#include "case_calls.def"
#undef X
	{ NULL, false, NULL },
};

const struct mt_call_kind *mt_call_find(const char *name)
{
	for (const struct mt_call_kind *k = mt_call_kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

/* The box column: empty | full-bytes | full-msgs | msg:LEN | msgs:N:LEN |
 * lens:LEN,LEN,... */
static bool box_ok(const char *box)
{
	struct mt_sym sym = { 1, 1, 1, 1, true };
	char tail[48];
	long n, v;
	int used = 0;

	if (!strcmp(box, "empty") || !strcmp(box, "full-bytes") || !strcmp(box, "full-msgs"))
		return true;
	if (sscanf(box, "msgs:%ld:%n", &n, &used) == 1 && used > 0 && n > 0)
		return !mt_expr_eval(box + used, &sym, &v);
	if (!strncmp(box, "msg:", 4) && snprintf(tail, sizeof(tail), "%s", box + 4) > 0)
		return !mt_expr_eval(tail, &sym, &v);
	long lens[MT_BOX_LENS_MAX];

	return mt_box_lens(box, &sym, lens, MT_BOX_LENS_MAX) > 0;
}

int mt_box_lens(const char *box, const struct mt_sym *sym, long *lens, int max)
{
	char list[48], *save = NULL;
	int n = 0;

	if (strncmp(box, "lens:", 5) || !box[5] || box[strlen(box) - 1] == ',' ||
	    snprintf(list, sizeof(list), "%s", box + 5) >= (int)sizeof(list))
		return -1;
	for (char *item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save), n++)
		if (n == max || mt_expr_eval(item, sym, &lens[n]) || lens[n] < 0)
			return -1;
	return n;
}

int mt_held_parse(const char *ptr, struct mt_held_spec *out)
{
	struct mt_sym sym = { 1, 1, 1, 1, true };
	long v;

	if (strncmp(ptr, "get/", 4) && strncmp(ptr, "put/", 4))
		return -1;
	if (strncmp(ptr + 4, "get:", 4) && strncmp(ptr + 4, "put:", 4))
		return -1;
	out->held_put = ptr[0] == 'p';
	out->window_put = ptr[4] == 'p';
	out->window_len = ptr + 8;
	return mt_expr_eval(out->window_len, &sym, &v);
}

static const char *check_row(const struct mt_case *c)
{
	static const char *const effects[] = { "none", "+1", "-1", NULL };
	static char calls[256];
	const struct mt_call_kind *kind = mt_call_find(c->call);
	struct mt_sym sym = { 1, 1, 1, 1, true };
	struct mt_limits lim;
	long v;

	if (!kind) {
		size_t k = (size_t)snprintf(calls, sizeof(calls), "call must be one of");

		for (const struct mt_call_kind *x = mt_call_kinds; x->name && k < sizeof(calls); x++)
			k += (size_t)snprintf(calls + k, sizeof(calls) - k, " %s", x->name);
		return calls;
	}
	struct mt_held_spec held;

	if (!strcmp(c->call, "held") && mt_held_parse(c->ptr, &held))
		return "ptr of a held row must be HELD/WINDOW:LEN, get or put each (get/put:16)";
	if (!strcmp(c->call, "stall") &&
	    (mt_held_parse(c->ptr, &held) || (held.held_put && held.window_put)))
		return "ptr of a stall row must be HELD/WINDOW:LEN, not put/put (get/put:16)";
	if (!box_ok(c->box))
		return "box must be empty, full-bytes, full-msgs, msg:LEN, msgs:N:LEN or lens:LEN,LEN,...";
	if (mt_limits_parse(c->limits, &lim))
		return "limits must be - or max_msg_len=N,max_total=N,max_msgs=N";
	if (!one_of(c->effect, effects))
		return "effect must be none, +1 or -1";
	if (mt_expr_eval(c->len, &sym, &v))
		return "len is not an expression";
	if (strcmp(c->strict, "size") && strcmp(c->strict, "neg") && !mt_errno_parse(c->strict, &v))
		return "strict must be 0, size, neg or -ENAME";
	if (strcmp(c->lenient, "neg") && strcmp(c->lenient, "size") && strcmp(c->lenient, "any") &&
	    !mt_errno_parse(c->lenient, &v))
		return "lenient must be neg, any, 0, size or -ENAME";
	if (strcmp(c->inject, "-") && strcmp(c->inject, "nth"))
		return "inject must be - or nth";
	if (!strcmp(c->inject, "nth") && !kind->nth)
		return "inject nth works on put and get";
	return NULL;
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

int mt_table_load(const char *path, struct mt_case_table *t, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *cols[MT_COLS];
		struct mt_case c;
		const char *bad;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		int ncols = split(line, cols);

		if (ncols != MT_COLS && ncols != MT_COLS - 1) {
			snprintf(err, errlen, "%s:%d: need %d or %d tab-separated columns", path, lineno, MT_COLS - 1,
				 MT_COLS);
			fclose(f);
			return -1;
		}
		memset(&c, 0, sizeof(c));
		COPY(c.name, cols[0]);
		COPY(c.call, cols[1]);
		COPY(c.ptr, cols[2]);
		COPY(c.len, cols[3]);
		COPY(c.box, cols[4]);
		COPY(c.limits, cols[5]);
		COPY(c.strict, cols[6]);
		COPY(c.lenient, cols[7]);
		COPY(c.effect, cols[8]);
		COPY(c.inject, ncols == MT_COLS ? cols[9] : "-");
		snprintf(c.where, sizeof(c.where), "%s:%d", path, lineno);
		bad = check_row(&c);
		for (size_t i = 0; !bad && i < t->n; i++)
			if (!strcmp(t->cases[i].name, c.name))
				bad = "name already used";
		if (bad) {
			snprintf(err, errlen, "%s: case %s: %s", c.where, c.name, bad);
			fclose(f);
			return -1;
		}
		struct mt_case *grown = realloc(t->cases, (t->n + 1) * sizeof(*grown));

		if (!grown) {
			snprintf(err, errlen, "%s: out of memory", path);
			fclose(f);
			return -1;
		}
		t->cases = grown;
		t->cases[t->n++] = c;
	}
	fclose(f);
	return 0;
}

void mt_table_free(struct mt_case_table *t)
{
	free(t->cases);
	t->cases = NULL;
	t->n = 0;
}
