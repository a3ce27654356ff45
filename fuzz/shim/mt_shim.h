/* The shim as the fuzz drivers see it: the simulated user address space,
 * fault injection, per-call bookkeeping and the module's registrations.
 * The kernel file under test sees only include/ (mt_kernel.h). */
#ifndef MT_SHIM_H
#define MT_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- user address space (uaccess.c) ---- */
enum mt_page { MT_PG_NONE, MT_PG_RO, MT_PG_RW, MT_PG_LAZY };
#define MT_USER_PAGES 48
#define MT_USER_PAGE 4096UL
void mt_user_init(void);			/* maps the region, all MT_PG_NONE */
char *mt_user_base(void);
void mt_user_set_page(unsigned idx, enum mt_page kind); /* real mprotect too */
void mt_user_unfault(void);			/* lazy pages: not present again */
/* Bytes from p that a copy could read / write (lazy pages count: they can
 * be faulted in); stops at the first page that cannot. */
size_t mt_user_readable(const void *p, size_t n);
size_t mt_user_writable(const void *p, size_t n);
bool mt_user_access_ok(const void *p, unsigned long n);

/* ---- one call (state.c) ---- */
struct mt_call_stats {
	int allocs;			/* allocation attempts */
	bool alloc_failed;		/* an injected allocation failure fired */
	bool copy_failed;		/* an injected usercopy failure fired */
	size_t max_alloc;		/* largest size asked for */
	uintptr_t wlo, whi;		/* user bytes written: [wlo, whi), 0 if none */
};
void mt_call_begin(void);		/* resets this thread's call stats */
const struct mt_call_stats *mt_call_stats(void);
/* What the call left behind (irqs off, a lock held, ...), as text; NULL when
 * clean. Resets that state so the thread can go on. */
const char *mt_call_end(void);
void mt_fail_alloc_nth(int n);		/* this thread's Nth allocation fails; 0 off */
void mt_fail_copy_nth(int n);		/* Nth usercopy of >0 bytes copies nothing */
long mt_live_objects(void);		/* allocated by the file, not yet freed */
long mt_live_bytes(void);
long mt_irq_only_sections(void);	/* irqs disabled with no lock held, so far */
long mt_locks_taken(void);		/* spin_lock / mutex_lock calls, so far */

/* Findings go to this handler (default: print and abort). */
void mt_set_finding_handler(void (*fn)(const char *msg));

/* ---- the module (module.c) ---- */
int mt_run_initcalls(void);		/* 0, or the first nonzero result */
bool mt_param_exists(const char *name);
int mt_param_set(const char *name, const char *val);
int mt_param_get(const char *name, long *val);
/* The text of /proc/NAME into buf (NUL-terminated); -ENOENT if absent. */
int mt_proc_read(const char *name, char *buf, size_t n);
long mt_proc_field(const char *text, const char *key); /* -1 if absent */
void mt_printk_quiet(bool quiet);

#endif
