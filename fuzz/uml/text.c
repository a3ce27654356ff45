/* Programs in words: for reports, and as text to replay (fz.h). */
#define _GNU_SOURCE
#include "fz.h"

#include <errno.h>
#include <string.h>

#include "pointers.h"

const char *fz_errno_str(long r, char *buf, size_t n)
{
	static const struct { int e; const char *name; } names[] = {
		{ EINVAL, "EINVAL" }, { EMSGSIZE, "EMSGSIZE" }, { EFAULT, "EFAULT" }, { ENOSPC, "ENOSPC" },
		{ ENOMEM, "ENOMEM" }, { ENODATA, "ENODATA" }, { ENOMSG, "ENOMSG" }, { ENOENT, "ENOENT" },
		{ ENOSYS, "ENOSYS" }, { EPERM, "EPERM" }, { EAGAIN, "EAGAIN" }, { EINTR, "EINTR" },
	};

	for (size_t i = 0; r < 0 && i < sizeof(names) / sizeof(names[0]); i++)
		if (r == -names[i].e) {
			snprintf(buf, n, "-%s", names[i].name);
			return buf;
		}
	snprintf(buf, n, "%ld", r);
	return buf;
}

static const char *ptr_name(const struct fz_call *c, char *buf, size_t n)
{
	const struct mt_ptr_class *k = mt_ptr_class_at(c->ptr);

	if (!k)
		snprintf(buf, n, "?");
	else if (k->flags & MT_PTRF_ARG)
		snprintf(buf, n, "%s%d", k->name, (int)c->arg);
	else
		snprintf(buf, n, "%s", k->name);
	return buf;
}

void fz_call_str(const struct fz_call *c, char *out, size_t n)
{
	char p[48];

	snprintf(out, n, "%s(%s, %d)%s", c->kind == FZ_PUT ? "put" : "get", ptr_name(c, p, sizeof(p)), (int)c->len,
		 c->proc ? " in process 2" : "");
}

void fz_op_str(const struct fz_op *o, char *out, size_t n)
{
	size_t k;

	fz_call_str(&o->c, out, n);
	k = strlen(out);
	if (o->nth && k < n)
		k += (size_t)snprintf(out + k, n - k, " failing its point %d", o->nth);
	if (o->window && k < n) {
		k += (size_t)snprintf(out + k, n - k, " held in its copy while");
		for (int i = 0; i < o->nested && k < n; i++) {
			char s[64];

			fz_call_str(&o->sub[i], s, sizeof(s));
			k += (size_t)snprintf(out + k, n - k, "%s %s", i ? "," : "", s);
		}
		if (o->sig && k < n)
			k += (size_t)snprintf(out + k, n - k, ", signalled (%s%s%s)", o->sig & FZ_SIG_HELD ? "held" : "",
					      o->sig == (FZ_SIG_HELD | FZ_SIG_NESTED) ? ", " : "",
					      o->sig & FZ_SIG_NESTED ? "a nested call still waiting" : "");
	}
}

static void call_line(FILE *f, const struct fz_call *c)
{
	char p[48];

	fprintf(f, "%s %s %s %d", c->proc ? " p2" : "", c->kind == FZ_PUT ? "put" : "get", ptr_name(c, p, sizeof(p)),
		(int)c->len);
}

int fz_prog_write(FILE *f, const struct fz_prog *p)
{
	fprintf(f, "# msgbox-fuzz program: op [p2] KIND PTR LEN NTH NESTED [[p2] KIND PTR LEN]... [sig=S]\n");
	fprintf(f, "seed %llu\nindex %ld\nlimits %ld %ld %ld\n", (unsigned long long)p->seed, p->index,
		p->max_msg_len, p->max_total, p->max_msgs);
	if (p->parent >= 0)
		fprintf(f, "# mutated from corpus program p%ld: replays from this text only\n", p->parent);
	if (p->bad_param >= 0 && p->bad_text[0])
		fprintf(f, "badtext %s %s\n", fz_params[p->bad_param], p->bad_text);
	else if (p->bad_param >= 0)
		fprintf(f, "badlimit %s %ld\n", fz_params[p->bad_param], p->bad_value);
	for (int i = 0; i < p->n; i++) {
		const struct fz_op *o = &p->op[i];

		fprintf(f, "op");
		call_line(f, &o->c);
		fprintf(f, " %d %d", o->nth, o->window ? o->nested : -1);
		for (int k = 0; o->window && k < o->nested; k++)
			call_line(f, &o->sub[k]);
		if (o->sig)
			fprintf(f, " sig=%d", o->sig);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* "[p2] put valid 16" from @s; returns chars used or -1. */
static int call_parse(const char *s, struct fz_call *c)
{
	char kind[8], ptr[64];
	int len, used, proc = 0, pre = 0;
	long arg = 0;
	int i;

	if (sscanf(s, " p2%n", &pre) == 0 && pre)
		proc = 1;
	else
		pre = 0;
	if (sscanf(s + pre, " %7s %63s %d%n", kind, ptr, &len, &used) != 3)
		return -1;
	used += pre;
	memset(c, 0, sizeof(*c));
	c->proc = (uint8_t)proc;
	if (!strcmp(kind, "put"))
		c->kind = FZ_PUT;
	else if (!strcmp(kind, "get"))
		c->kind = FZ_GET;
	else
		return -1;
	i = mt_ptr_index(ptr, &arg);
	if (i < 0)
		return -1;
	c->ptr = (uint8_t)i;
	c->arg = (int32_t)arg;
	c->len = len;
	return used;
}

int fz_prog_read(FILE *f, struct fz_prog *p, char *err, size_t errn)
{
	char line[1024];
	int lineno = 0;

	memset(p, 0, sizeof(*p));
	p->max_msg_len = p->max_total = p->max_msgs = -1;
	p->parent = -1;
	p->bad_param = -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long seed;
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "seed %llu", &seed) == 1) {
			p->seed = seed;
			continue;
		}
		if (sscanf(line, "index %ld", &p->index) == 1)
			continue;
		char pname[32], ptext[16];
		long pv;

		if (sscanf(line, "badtext %31s %15s", pname, ptext) == 2) {
			for (int k = 0; k < FZ_NPARAMS; k++)
				if (!strcmp(pname, fz_params[k]))
					p->bad_param = k, p->bad_value = -1;
			if (p->bad_param < 0)
				goto bad;
			snprintf(p->bad_text, sizeof(p->bad_text), "%s", ptext);
			continue;
		}
		if (sscanf(line, "badlimit %31s %ld", pname, &pv) == 2) {
			for (int k = 0; k < FZ_NPARAMS; k++)
				if (!strcmp(pname, fz_params[k]))
					p->bad_param = k, p->bad_value = pv;
			if (p->bad_param < 0)
				goto bad;
			continue;
		}
		if (sscanf(line, "limits %ld %ld %ld", &p->max_msg_len, &p->max_total, &p->max_msgs) == 3)
			continue;
		if (!strncmp(line, "op ", 3) && p->n < FZ_MAX_OPS) {
			struct fz_op *o = &p->op[p->n];
			const char *s = line + 2;
			int used = call_parse(s, &o->c), nth, nested;

			if (used < 0 || sscanf(s + used, " %d %d%n", &nth, &nested, &used) < 2)
				goto bad;
			s += call_parse(s, &o->c);
			s += used;
			o->nth = (int16_t)nth;
			o->window = nested >= 0;
			o->nested = (uint8_t)(nested > 0 ? (nested > FZ_MAX_NEST ? FZ_MAX_NEST : nested) : 0);
			for (int k = 0; k < o->nested; k++) {
				int u = call_parse(s, &o->sub[k]);

				if (u < 0)
					goto bad;
				s += u;
			}
			int sig = 0;

			if (sscanf(s, " sig=%d", &sig) == 1 && (sig < 0 || sig > 3 || !o->window))
				goto bad;
			o->sig = (uint8_t)sig;
			p->n++;
			continue;
		}
bad:
		snprintf(err, errn, "line %d: not a program line: %.60s", lineno, line);
		return -1;
	}
	return 0;
}
