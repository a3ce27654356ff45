/* The big blocks of the ASan build (above ASan's own mmap threshold): each
 * its own mapping, stale bytes (0xbe) without writing them. ASan maps such
 * a block freshly for every malloc, and the shim filled all of it: a
 * put(len=max_msg_len=4 MiB) cost 1024 page faults and a 4 MiB memset
 * although the copy stopped after 80 KiB; one input of twenty such puts
 * took 86 ms, and inputs like it brought the fuzzer from 20000 to 1000
 * exec/s (fuzz/README.md).
 *
 * Here the bytes come from a private mapping of a memfd filled with 0xbe
 * once: reading a page maps the file's page, writing one copies just that
 * page. What ASan gave the block, it still has: the bytes after it (up to
 * its 16-byte end) and before its header are poisoned, and the page after
 * it is PROT_NONE, so an overflow is a report; a freed block becomes
 * PROT_NONE and stays mapped for the next MT_BIG_QUARANTINE frees, so a
 * use after free faults (ASan names it a SEGV on that address, with the
 * stack); freeing it again is found by mt_big_freed(). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#if MT_BIG_BLOCKS
#include <sanitizer/asan_interface.h>

#define PG 4096UL
#define MT_BIG_QUARANTINE 64
#define round_up(x, a) (((x) + (a) - 1) / (a) * (a))

static int stale_fd = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct held {
	char *map;
	size_t len;
} quarantine[MT_BIG_QUARANTINE];
static unsigned qhead, qn;
static uintptr_t qlo, qhi;		/* every held block lies in [qlo, qhi) */
/* The live ones, for mt_big_zero (beyond MT_BIG_LIVE it memsets) */
#define MT_BIG_LIVE 256
static struct mt_hdr *live[MT_BIG_LIVE];
static unsigned nlive;

/* The memfd: MT_BIG_MAX bytes of 0xbe, made on first use. */
static int stale_file(void)
{
	static char fill[64 << 10];

	if (stale_fd >= 0)
		return stale_fd;
	stale_fd = memfd_create("mt-stale", MFD_CLOEXEC);
	if (stale_fd < 0) {
		perror("mt_big_alloc: memfd_create");
		exit(2);
	}
	memset(fill, 0xbe, sizeof(fill));
	for (size_t done = 0; done < MT_BIG_MAX + 2 * PG; done += sizeof(fill))
		if (write(stale_fd, fill, sizeof(fill)) != (ssize_t)sizeof(fill)) {
			perror("mt_big_alloc: write");
			exit(2);
		}
	return stale_fd;
}

/* A block's layout: [head slack][hdr][data, rounded up to 16][guard page];
 * the header is always in the first page. */
static size_t data_len(size_t n) { return round_up(n, 16); }
static size_t map_len(size_t n) { return round_up(data_len(n) + sizeof(struct mt_hdr), PG) + PG; }

struct mt_hdr *mt_big_alloc(size_t n, bool zero)
{
	size_t len = map_len(n), body = len - PG;
	char *map;
	struct mt_hdr *h;
	char *p;

	if (n > MT_BIG_MAX)
		return NULL;
	if (zero)
		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, stale_file(), 0);
	if (map == MAP_FAILED)
		return NULL;
	if (mprotect(map + body, PG, PROT_NONE)) {
		munmap(map, len);
		return NULL;
	}
	p = map + body - data_len(n);
	h = (struct mt_hdr *)p - 1;
	ASAN_POISON_MEMORY_REGION(map, (size_t)((char *)h - map));
	ASAN_POISON_MEMORY_REGION(p + n, data_len(n) - n);
	pthread_mutex_lock(&lock);
	if (nlive < MT_BIG_LIVE)
		live[nlive++] = h;
	pthread_mutex_unlock(&lock);
	return h;
}

/* Zeroes [p, p + n) if it lies in one live block's bytes: the whole pages
 * in it become fresh anonymous ones (zero, made when touched), as cheap as
 * copy_from_user's zero fill of a 4 MiB block after a copy that stopped
 * early should be; false: not in one, the caller memsets. */
bool mt_big_zero(void *p, size_t n)
{
	char *a = p, *lo, *hi;
	struct mt_hdr *h = NULL;

	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < nlive && !h; i++)
		if (a >= (char *)(live[i] + 1) && n <= live[i]->n &&
		    (size_t)(a - (char *)(live[i] + 1)) <= live[i]->n - n)
			h = live[i];
	pthread_mutex_unlock(&lock);
	if (!h)
		return false;
	lo = (char *)round_up((uintptr_t)a, PG);
	hi = (char *)((uintptr_t)(a + n) & ~(PG - 1));
	if (hi <= lo)
		return false;
	memset(a, 0, (size_t)(lo - a));
	if (mmap(lo, (size_t)(hi - lo), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		perror("mt_big_zero: mmap");
		exit(2);
	}
	memset(hi, 0, (size_t)(a + n - hi));
	return true;
}

/* Is p inside a freed block still held? (its header cannot be read) */
bool mt_big_freed(const void *p)
{
	bool in = false;

	/* outside every held block (most frees): no lock, no scan */
	if (!qn || (uintptr_t)p < qlo || (uintptr_t)p >= qhi)
		return false;
	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < qn && !in; i++) {
		unsigned k = (qhead + i) % MT_BIG_QUARANTINE;

		in = (const char *)p >= quarantine[k].map &&
		     (const char *)p < quarantine[k].map + quarantine[k].len;
	}
	pthread_mutex_unlock(&lock);
	return in;
}

void mt_big_free(struct mt_hdr *h)
{
	char *map = (char *)((uintptr_t)h & ~(PG - 1));
	size_t len = map_len(h->n);
	unsigned k;

	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < nlive; i++)
		if (live[i] == h) {
			live[i] = live[--nlive];
			break;
		}
	pthread_mutex_unlock(&lock);
	/* the shadow is ASan's own again before the pages go */
	ASAN_UNPOISON_MEMORY_REGION(map, len - PG);
	if (mprotect(map, len, PROT_NONE)) {
		perror("mt_big_free: mprotect");
		exit(2);
	}
	pthread_mutex_lock(&lock);
	if (qn == MT_BIG_QUARANTINE) {
		munmap(quarantine[qhead].map, quarantine[qhead].len);
		qhead = (qhead + 1) % MT_BIG_QUARANTINE;
		qn--;
	}
	k = (qhead + qn++) % MT_BIG_QUARANTINE;
	quarantine[k].map = map;
	quarantine[k].len = len;
	qlo = UINTPTR_MAX;
	qhi = 0;
	for (unsigned i = 0; i < qn; i++) {
		const struct held *e = &quarantine[(qhead + i) % MT_BIG_QUARANTINE];

		if ((uintptr_t)e->map < qlo)
			qlo = (uintptr_t)e->map;
		if ((uintptr_t)e->map + e->len > qhi)
			qhi = (uintptr_t)e->map + e->len;
	}
	pthread_mutex_unlock(&lock);
}
#else
/* no big blocks without ASan: mem.c takes malloc */
struct mt_hdr *mt_big_alloc(size_t n, bool zero) { (void)n; (void)zero; return NULL; }
void mt_big_free(struct mt_hdr *h) { (void)h; }
bool mt_big_freed(const void *p) { (void)p; return false; }
bool mt_big_zero(void *p, size_t n) { (void)p; (void)n; return false; }
#endif
