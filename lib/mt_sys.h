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

/*
 * Put calls started, counted across fork(): after mt_put_count_share()
 * (once, before the first fork) mt_put_calls() is how many puts this
 * process and every process forked from it since have started, whatever
 * they answered. Each can add at most one message, so a box last seen
 * empty at count c holds at most mt_put_calls() - c messages: a drain that
 * gets the same answer more often than that has found a message that never
 * leaves (box_drain.h). Without the call (other tools): 0, not counted.
 */
int mt_put_count_share(void);
unsigned long mt_put_calls(void);

/* The syscall numbers this binary was built for (from the kernel build). */
int mt_nr_put(void);
int mt_nr_get(void);

#endif
