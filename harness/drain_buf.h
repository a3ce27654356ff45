/*
 * Buffers the harness reads the box with (setup, drains) are written in,
 * page by page, before the gets that fill them.
 *
 * Why: an implementation that copies under a spinlock (spin-copy-612)
 * cannot serve a page fault in copy_to_user on 6.12 (preemption off:
 * faulthandler_disabled() in UML's handle_page_fault), so a get into a page
 * not yet present, or one a fork() made copy-on-write, fails. The case's
 * own call, on its own buffer, shows that bug; the drains that judge the
 * box must not depend on it, or every large message looks lost and a
 * message the drain cannot take stays in the box for the next cases
 * (lenient: any error of a drain reads as "empty"). So before each drain
 * every page gets one write from user space: after a fork that write
 * breaks the copy-on-write (the parent forks every case). Not memset(0)
 * after malloc (gcc makes the pair a calloc, which touches nothing), and
 * not MAP_POPULATE or MADV_DONTFORK: with those, UML 6.1 read zeros where
 * the process had written its payload (unprefixed-int: 24 cases
 * corrupted, measured once; which of the two did it was not pinned down).
 */
#ifndef MT_DRAIN_BUF_H
#define MT_DRAIN_BUF_H

#include <stddef.h>

static inline void mt_fault_in(void *buf, size_t n)
{
	volatile unsigned char *p = buf;

	for (size_t i = 0; i < n; i += 4096)
		p[i] = 0xa5;
	if (n)
		p[n - 1] = 0xa5;
}

#endif
