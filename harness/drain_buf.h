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
 *
 * How: madvise(MADV_POPULATE_WRITE) (Linux 5.14) makes the same write
 * faults inside the kernel, every page present, writable and its own,
 * in one call; a user-space write a page where it is refused. On UML a
 * page fault taken from user space is a round trip through the host
 * (SIGSEGV, ptrace, mmap): 1024 of them for a 4 MiB buffer took 110-210
 * ms a case on a loaded 2-core host, the populate 6-15 ms (measured in
 * one boot, docs/SPEED.md). The corpus (unprefixed-int among it) judges
 * the same with either.
 */
#ifndef MT_DRAIN_BUF_H
#define MT_DRAIN_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static inline void mt_fault_in(void *buf, size_t n)
{
	volatile unsigned char *p = buf;
	uintptr_t from = (uintptr_t)buf & ~(uintptr_t)4095, to = ((uintptr_t)buf + n + 4095) & ~(uintptr_t)4095;

	if (n && !madvise((void *)from, to - from, MADV_POPULATE_WRITE))
		return;

	for (size_t i = 0; i < n; i += 4096)
		p[i] = 0xa5;
	if (n)
		p[n - 1] = 0xa5;
}

#endif
