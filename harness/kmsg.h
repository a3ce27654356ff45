/* What the kernel is told and what it admits: /dev/kmsg markers, taint. */
#ifndef MT_KMSG_H
#define MT_KMSG_H

/* Writes "msgbox-torture: <text>" as one kernel log record. */
void mt_kmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* /proc/sys/kernel/tainted, or -1. */
long mt_tainted(void);
/* Is lockdep still checking (debug_locks in /proc/lockdep_stats)? 1, 0,
 * or -1 without lockdep. It turns itself off after its first report. */
int mt_lockdep_on(void);
/* Taint bits as the kernel's letters (W, B, ...) into @buf. */
const char *mt_taint_letters(long t, char *buf, unsigned n);

#endif
