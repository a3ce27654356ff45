/* What a driver registers: module parameters, /proc files (read through
 * seq_file) and initcalls; kept in small tables the fuzzer reads. */
#include <stdio.h>
#include <stdlib.h>

#include "include/mt_kernel.h"
#include "format.h"
#include "mt_shim.h"

#define MT_MAX_REG 16

static struct kernel_param *params[MT_MAX_REG];
static int nparams;
static struct {
	initcall_t fn;
	const char *name;
} initcalls[MT_MAX_REG];
static int ninitcalls;
static struct proc_dir_entry {
	const char *name;
	int (*show)(struct seq_file *, void *);
	const struct proc_ops *ops;
	void *data;
} procs[MT_MAX_REG];
static int nprocs;

void mt_register_param(struct kernel_param *kp)
{
	if (nparams < MT_MAX_REG)
		params[nparams++] = kp;
}

void mt_register_initcall(initcall_t fn, const char *name)
{
	if (ninitcalls < MT_MAX_REG) {
		initcalls[ninitcalls].fn = fn;
		initcalls[ninitcalls++].name = name;
	}
}

int mt_run_initcalls(void)
{
	for (int i = 0; i < ninitcalls; i++) {
		int r = initcalls[i].fn();

		if (r)
			return r;
	}
	return 0;
}

/* The drivers ask for the same few names (the same pointers) again and
 * again: the last answer is kept, for that pointer. */
static struct kernel_param *param(const char *name)
{
	static const char *last;
	static struct kernel_param *last_kp;

	if (name == last && last_kp)
		return last_kp;
	for (int i = 0; i < nparams; i++)
		if (!strcmp(params[i]->name, name)) {
			last = name;
			last_kp = params[i];
			return params[i];
		}
	return NULL;
}

bool mt_param_exists(const char *name)
{
	return param(name) != NULL;
}

int mt_param_set(const char *name, const char *val)
{
	struct kernel_param *kp = param(name);

	if (!kp)
		return -ENOENT;
	return kp->ops->set ? kp->ops->set(val, kp) : -EPERM;
}

int mt_param_get(const char *name, long *val)
{
	struct kernel_param *kp = param(name);
	char buf[64] = "";

	if (!kp || !kp->ops->get)
		return -ENOENT;
	if (kp->ops->get(buf, kp) < 0)
		return -EIO;
	*val = strtol(buf, NULL, 0);
	return 0;
}

#define MT_PARAM_PAIR(type, ctype, conv, fmt) \
int param_set_##type(const char *val, const struct kernel_param *kp) \
{ \
	ctype v; \
	int r = conv(val, 0, &v); \
	if (!r) \
		*(ctype *)kp->arg = v; \
	return r; \
} \
int param_get_##type(char *buffer, const struct kernel_param *kp) \
{ \
	return mt_snprintf(buffer, 4096, fmt "\n", *(ctype *)kp->arg); \
} \
const struct kernel_param_ops param_ops_##type = { 0, param_set_##type, param_get_##type, NULL }

MT_PARAM_PAIR(int, int, kstrtoint, "%d");
MT_PARAM_PAIR(uint, unsigned int, kstrtouint, "%u");
MT_PARAM_PAIR(long, long, kstrtol, "%ld");
MT_PARAM_PAIR(ulong, unsigned long, kstrtoul, "%lu");

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	if (!val || !*val || strchr("yY1", *val))
		*(bool *)kp->arg = true;
	else if (strchr("nN0", *val))
		*(bool *)kp->arg = false;
	else
		return -EINVAL;
	return 0;
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return mt_snprintf(buffer, 4096, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = { 0, param_set_bool, param_get_bool, NULL };

/* ---- seq_file and /proc ---- */

int seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (m->count >= m->size)
		return 0;
	va_start(ap, fmt);
	r = mt_vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	if (r > 0)
		m->count = m->count + (size_t)r < m->size ? m->count + (size_t)r : m->size - 1;
	return 0;
}

int seq_puts(struct seq_file *m, const char *s)
{
	return seq_printf(m, "%s", s);
}

int seq_putc(struct seq_file *m, char c)
{
	return seq_printf(m, "%c", c);
}

/* single_open keeps show and data in the file; mt_proc_read runs them. */
struct mt_single {
	int (*show)(struct seq_file *, void *);
	void *data;
};

int single_open(struct file *f, int (*show)(struct seq_file *, void *), void *data)
{
	static _Thread_local struct mt_single s;

	s.show = show;
	s.data = data;
	f->private_data = &s;
	return 0;
}

int single_release(struct inode *i, struct file *f)
{
	(void)i;
	(void)f;
	return 0;
}

ssize_t seq_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	(void)f;
	(void)buf;
	(void)n;
	(void)pos;
	return -EINVAL;		/* mt_proc_read goes around it */
}

loff_t seq_lseek(struct file *f, loff_t off, int whence)
{
	(void)f;
	(void)whence;
	return off;
}

static struct proc_dir_entry *proc_add(const char *name,
	int (*show)(struct seq_file *, void *), const struct proc_ops *ops, void *data)
{
	if (nprocs >= MT_MAX_REG)
		return NULL;
	procs[nprocs].name = name;
	procs[nprocs].show = show;
	procs[nprocs].ops = ops;
	procs[nprocs].data = data;
	return &procs[nprocs++];
}

struct proc_dir_entry *proc_create_single_data(const char *name, unsigned short mode,
	struct proc_dir_entry *parent, int (*show)(struct seq_file *, void *), void *data)
{
	(void)mode;
	(void)parent;
	return proc_add(name, show, NULL, data);
}

struct proc_dir_entry *proc_create_data(const char *name, unsigned short mode,
	struct proc_dir_entry *parent, const struct proc_ops *ops, void *data)
{
	(void)mode;
	(void)parent;
	return proc_add(name, NULL, ops, data);
}

struct proc_dir_entry *proc_create(const char *name, unsigned short mode,
	struct proc_dir_entry *parent, const struct proc_ops *ops)
{
	return proc_create_data(name, mode, parent, ops, NULL);
}

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	(void)parent;
	for (int i = 0; i < nprocs; i++)
		if (procs[i].name && !strcmp(procs[i].name, name))
			procs[i].name = NULL;
}

void proc_remove(struct proc_dir_entry *e)
{
	if (e)
		e->name = NULL;
}

/* The first entry of that name; the last answer is kept, for that pointer
 * and as long as the entry keeps its name (as param()). */
static struct proc_dir_entry *proc_find(const char *name)
{
	static const char *last, *last_ename;
	static int last_i;

	if (name == last && last_ename && procs[last_i].name == last_ename)
		return &procs[last_i];
	for (int i = 0; i < nprocs; i++)
		if (procs[i].name && !strcmp(procs[i].name, name)) {
			last = name;
			last_ename = procs[i].name;
			last_i = i;
			return &procs[i];
		}
	return NULL;
}

int mt_proc_read(const char *name, char *buf, size_t n)
{
	struct seq_file m = { buf, n, 0, NULL };
	struct proc_dir_entry *e;

	if (!n)
		return -EINVAL;
	buf[0] = 0;
	if (!(e = proc_find(name)))
		return -ENOENT;
	if (e->show) {
		m.private = e->data;
		e->show(&m, e->data);
		return 0;
	}
	if (e->ops && e->ops->proc_open && e->ops->proc_read == seq_read) {
		struct inode ino = { e->data };
		struct file f = { NULL };
		struct mt_single *s;

		if (e->ops->proc_open(&ino, &f))
			return -EIO;
		s = f.private_data;
		m.private = s->data;
		s->show(&m, s->data);
		return 0;
	}
	return -ENOSYS;	/* its own read function: not modelled */
}

/* strtol(s, NULL, 10) without the interceptor: leading white space, a
 * sign, digits; clamped on overflow, 0 without digits. */
__attribute__((no_sanitize("address", "undefined")))
static long dec(const char *s)
{
	unsigned long v = 0, lim;
	bool neg = false, over = false;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	lim = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (lim - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (over)
		return neg ? LONG_MIN : LONG_MAX;
	return neg ? (long)(0 - v) : (long)v;
}

/* Reads only the driver's own text buffer: not instrumented (it was 3.8%
 * of the fuzzer's time, two calls after every call under test). */
__attribute__((no_sanitize("address", "undefined")))
long mt_proc_field(const char *text, const char *key)
{
	for (const char *p = text; p && *p;) {
		size_t k = 0;

		while (key[k] && p[k] == key[k])
			k++;
		if (!key[k] && (p[k] == ' ' || p[k] == ':' || p[k] == '\t'))
			return dec(p + k + 1 + (p[k + 1] == ' '));
		while (*p && *p != '\n')
			p++;
		p = *p ? p + 1 : NULL;
	}
	return -1;
}
