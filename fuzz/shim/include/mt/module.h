/* Module parameters, /proc files, seq_file and initcalls: enough for a
 * driver to register them and for the fuzzer to use them
 * (fuzz/shim/module.c). */
#ifndef MT_MODULE_H
#define MT_MODULE_H

/* glibc has its own loff_t (long); the kernel's is long long. */
typedef long long mt_loff_t;
#define loff_t mt_loff_t

struct kernel_param;
struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};
struct kernel_param {
	const char *name;
	const struct kernel_param_ops *ops;
	unsigned short perm;
	void *arg;
};

extern const struct kernel_param_ops param_ops_int;
extern const struct kernel_param_ops param_ops_uint;
extern const struct kernel_param_ops param_ops_long;
extern const struct kernel_param_ops param_ops_ulong;
extern const struct kernel_param_ops param_ops_bool;
int param_set_int(const char *val, const struct kernel_param *kp);
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_get_uint(char *buffer, const struct kernel_param *kp);
int param_set_long(const char *val, const struct kernel_param *kp);
int param_get_long(char *buffer, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_get_ulong(char *buffer, const struct kernel_param *kp);
int param_set_bool(const char *val, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);

void mt_register_param(struct kernel_param *kp);
#define MT_CAT_(a, b) a##b
#define MT_CAT(a, b) MT_CAT_(a, b)
#define module_param_cb(name, ops_, arg_, perm_) \
	static struct kernel_param MT_CAT(mt_param_, name) = \
		{ #name, ops_, perm_, arg_ }; \
	__attribute__((constructor)) static void MT_CAT(mt_param_reg_, name)(void) \
	{ mt_register_param(&MT_CAT(mt_param_, name)); } \
	extern int mt_module_dummy_
#define module_param_named(name, value, type, perm) \
	module_param_cb(name, &param_ops_##type, &(value), perm)
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define MODULE_PARM_DESC(name, desc) extern int mt_module_dummy_
#define core_param(name, var, type, perm) module_param_named(name, var, type, perm)

/* seq_file: text collects in a buffer the fuzzer reads. */
struct seq_file {
	char *buf;
	size_t size, count;
	void *private;
};
struct inode { void *i_private; };
struct file { void *private_data; };
struct proc_dir_entry;
struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *, struct file *);
	ssize_t (*proc_read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*proc_write)(struct file *, const char __user *, size_t, loff_t *);
	loff_t (*proc_lseek)(struct file *, loff_t, int);
	int (*proc_release)(struct inode *, struct file *);
};

int seq_printf(struct seq_file *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int seq_puts(struct seq_file *m, const char *s);
int seq_putc(struct seq_file *m, char c);
int single_open(struct file *f, int (*show)(struct seq_file *, void *), void *data);
int single_release(struct inode *i, struct file *f);
ssize_t seq_read(struct file *f, char __user *buf, size_t n, loff_t *pos);
loff_t seq_lseek(struct file *f, loff_t off, int whence);
struct proc_dir_entry *proc_create_single_data(const char *name, unsigned short mode,
	struct proc_dir_entry *parent, int (*show)(struct seq_file *, void *), void *data);
#define proc_create_single(name, mode, parent, show) \
	proc_create_single_data(name, mode, parent, show, NULL)
struct proc_dir_entry *proc_create(const char *name, unsigned short mode,
	struct proc_dir_entry *parent, const struct proc_ops *ops);
struct proc_dir_entry *proc_create_data(const char *name, unsigned short mode,
	struct proc_dir_entry *parent, const struct proc_ops *ops, void *data);
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
void proc_remove(struct proc_dir_entry *e);
static inline void *pde_data(const struct inode *i) { return i->i_private; }
#define PDE_DATA pde_data

/* Initcalls: registered at load, run by the fuzzer's start-up. */
typedef int (*initcall_t)(void);
void mt_register_initcall(initcall_t fn, const char *name);
#define mt_initcall(fn) \
	__attribute__((constructor)) static void MT_CAT(mt_initcall_reg_, fn)(void) \
	{ mt_register_initcall(fn, #fn); } \
	extern int mt_module_dummy_
#define early_initcall(fn) mt_initcall(fn)
#define core_initcall(fn) mt_initcall(fn)
#define postcore_initcall(fn) mt_initcall(fn)
#define arch_initcall(fn) mt_initcall(fn)
#define subsys_initcall(fn) mt_initcall(fn)
#define fs_initcall(fn) mt_initcall(fn)
#define device_initcall(fn) mt_initcall(fn)
#define late_initcall(fn) mt_initcall(fn)
#define __initcall(fn) mt_initcall(fn)
#define module_init(fn) mt_initcall(fn)
#define module_exit(fn) extern int mt_module_dummy_

#endif
