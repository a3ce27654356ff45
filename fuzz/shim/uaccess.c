/* The simulated user address space: one mmap'd region of MT_USER_PAGES
 * pages whose kinds the driver sets (unmapped, read-only, read-write, lazy =
 * read-write but not present until faulted in). Unmapped and read-only
 * pages are really protected, so a direct dereference by the file under
 * test faults as it would in the kernel; the copy functions consult the
 * map and stop short instead. Any address outside the region is unmapped. */
#define _DEFAULT_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "include/mt_kernel.h"
#include "internal.h"

static char *base;
static enum mt_page kind[MT_USER_PAGES];
/* One bit per page: lazy pages faulted in (and every other page, always);
 * one word, so that "all lazy pages not present again" is one operation. */
_Static_assert(MT_USER_PAGES <= 64, "present is one 64-bit word");
static _Atomic uint64_t present;
static uint64_t lazy;			/* the MT_PG_LAZY pages */
/* The pages a copy may read (all but MT_PG_NONE) and write (MT_PG_RW and
 * MT_PG_LAZY), lazy pages counted whether present or not. */
static uint64_t readable_pages, writable_pages;

void mt_user_init(void)
{
	if (base)
		return;
	base = mmap(NULL, MT_USER_PAGES * MT_USER_PAGE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		perror("mt_user_init: mmap");
		exit(2);
	}
}

char *mt_user_base(void)
{
	return base;
}

void mt_user_set_page(unsigned idx, enum mt_page k)
{
	static const int prot[] = {
		[MT_PG_NONE] = PROT_NONE, [MT_PG_RO] = PROT_READ,
		[MT_PG_RW] = PROT_READ | PROT_WRITE, [MT_PG_LAZY] = PROT_READ | PROT_WRITE,
	};

	if (idx >= MT_USER_PAGES)
		return;
	kind[idx] = k;
	readable_pages &= ~(1ull << idx);
	writable_pages &= ~(1ull << idx);
	if (k != MT_PG_NONE)
		readable_pages |= 1ull << idx;
	if (k == MT_PG_RW || k == MT_PG_LAZY)
		writable_pages |= 1ull << idx;
	if (k == MT_PG_LAZY) {
		lazy |= 1ull << idx;
		atomic_fetch_and(&present, ~(1ull << idx));
	} else {
		lazy &= ~(1ull << idx);
		atomic_fetch_or(&present, 1ull << idx);
	}
	if (mprotect(base + idx * MT_USER_PAGE, MT_USER_PAGE, prot[k])) {
		perror("mt_user_set_page: mprotect");
		exit(2);
	}
}

void mt_user_unfault(void)
{
	atomic_fetch_and(&present, ~lazy);
}

static long page_of(uintptr_t a)
{
	uintptr_t b = (uintptr_t)base;

	if (!base || a < b || a >= b + MT_USER_PAGES * MT_USER_PAGE)
		return -1;
	return (long)((a - b) / MT_USER_PAGE);
}

/* May a copy touch page pg for writing (or reading)? "fault" says whether
 * a missing page may be faulted in now; if so it becomes present. */
static bool page_ok(long pg, bool write, bool fault)
{
	if (pg < 0)
		return false;
	switch (kind[pg]) {
	case MT_PG_RW:
		return true;
	case MT_PG_RO:
		return !write;
	case MT_PG_LAZY:
		if (atomic_load_explicit(&present, memory_order_relaxed) & (1ull << pg))
			return true;
		if (fault)
			atomic_fetch_or(&present, 1ull << pg);
		return fault;
	default:
		return false;
	}
}

/* Bytes from p reachable before the first page that stops a copy. */
static size_t reach(const void *p, size_t n, bool write, bool fault)
{
	uintptr_t a = (uintptr_t)p, end;
	size_t done = 0;

	if (n > SIZE_MAX - a)
		n = SIZE_MAX - a;
	end = a + n;
	while (a < end) {
		uintptr_t next = (a | (MT_USER_PAGE - 1)) + 1;

		if (next > end || next == 0)
			next = end;
		if (!page_ok(page_of(a), write, fault))
			break;
		done += next - a;
		a = next;
	}
	return done;
}

/* Bytes from p before the first page not in pages (or the region's end):
 * one bit search, where a loop over up to 20 pages for every get was 2.5%
 * of the fuzzer's time. */
static size_t span(const void *p, size_t n, uint64_t pages)
{
	long pg = page_of((uintptr_t)p);
	uint64_t stop;
	size_t room;

	if (pg < 0 || !(pages & (1ull << pg)))
		return 0;
	stop = ~pages & (~0ull << pg);	/* bits 48..63 are never pages */
	room = (size_t)((uintptr_t)base + (size_t)__builtin_ctzll(stop) * MT_USER_PAGE -
			(uintptr_t)p);	/* > 0: the page of p is one */
	return n < room ? n : room;
}

size_t mt_user_readable(const void *p, size_t n)
{
	/* lazy pages count: a copy may fault them in */
	return span(p, n, readable_pages);
}

size_t mt_user_writable(const void *p, size_t n)
{
	/* like reach(), but lazy pages count without being faulted in */
	return span(p, n, writable_pages);
}

bool mt_user_access_ok(const void *p, unsigned long n)
{
	return n <= TASK_SIZE && (uintptr_t)p <= TASK_SIZE - n;
}

bool mt_access_ok(const void *addr, unsigned long size)
{
	return mt_user_access_ok(addr, size);
}

void mt_pagefault_disable(void) { mt_self.pf_disabled++; }

void mt_pagefault_enable(void)
{
	if (mt_self.pf_disabled-- <= 0)
		mt_finding("pagefault_enable() without pagefault_disable()");
}

bool mt_pagefault_disabled(void) { return mt_self.pf_disabled > 0; }

/* Every usercopy entry: may sleep (unless page faults are off), may be the
 * injected failure. Returns true when this copy must fail whole. */
static bool usercopy_enter(const char *what, unsigned long n)
{
	if (!mt_self.pf_disabled)
		mt_might_sleep(what);
	if (n && mt_self.fail_copy && --mt_self.fail_copy == 0) {
		mt_self.call.copy_failed = true;
		return true;
	}
	return false;
}

unsigned long mt_copy_from_user(void *to, const void *from, unsigned long n)
{
	size_t ok = 0;

	if (!usercopy_enter("copy_from_user()", n) && mt_access_ok(from, n))
		ok = reach(from, n, false, !mt_self.pf_disabled);
	if (ok)
		memcpy(to, from, ok);
	/* as _copy_from_user does; cheaply when it is most of a big block */
	if (n - ok && (n - ok < (64u << 10) || !mt_big_zero((char *)to + ok, n - ok)))
		memset((char *)to + ok, 0, n - ok);
	return n - ok;
}

unsigned long mt_copy_to_user(void *to, const void *from, unsigned long n)
{
	size_t ok = 0;

	if (!usercopy_enter("copy_to_user()", n) && mt_access_ok(to, n))
		ok = reach(to, n, true, !mt_self.pf_disabled);
	if (ok)
		memcpy(to, from, ok);
	mt_note_write(to, ok);
	return n - ok;
}

unsigned long mt_clear_user(void *to, unsigned long n)
{
	size_t ok = 0;

	if (!usercopy_enter("clear_user()", n) && mt_access_ok(to, n))
		ok = reach(to, n, true, !mt_self.pf_disabled);
	if (ok)
		memset(to, 0, ok);
	mt_note_write(to, ok);
	return n - ok;
}

size_t mt_fault_in(const void *uaddr, size_t size, bool write)
{
	mt_might_sleep(write ? "fault_in_writeable()" : "fault_in_readable()");
	if (!mt_access_ok(uaddr, size))
		return size;
	return size - reach(uaddr, size, write, true);
}

long mt_strncpy_from_user(char *dst, const char *src, long count)
{
	long i;

	if (count <= 0)
		return 0;
	if (usercopy_enter("strncpy_from_user()", (unsigned long)count))
		return -EFAULT;
	for (i = 0; i < count; i++) {
		if (!mt_access_ok(src + i, 1) ||
		    !page_ok(page_of((uintptr_t)(src + i)), false, !mt_self.pf_disabled))
			return -EFAULT;
		dst[i] = src[i];
		if (!dst[i])
			return i;
	}
	return count;
}
