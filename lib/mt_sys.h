/* The two calls under test, as user space sees them. */
#ifndef MT_SYS_H
#define MT_SYS_H

/*
 * Each returns what the kernel returned: >= 0, or -errno. The length is
 * passed as (long)(int), as SPEC.md says, so a negative int reaches the
 * kernel sign-extended like a real caller's would.
 */
long mt_put(const void *buf, int len);
long mt_get(void *buf, int len);

/* Calls whose result came back as a 32-bit int (see mt_sys.c). */
extern unsigned long mt_int_returns;

/* The syscall numbers this binary was built for (from the kernel build). */
int mt_nr_put(void);
int mt_nr_get(void);

#endif
