/* userfaultfd race windows (see uffd_window.h). */
#define _GNU_SOURCE
#include "uffd_window.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct mt_uffd {
	int fd;
	size_t len, pg;
	unsigned char *region, *staging, *zeros;
	mt_window_fn fn;
	void *arg;
	uint64_t armed;    /* call number of the armed call (worker writes) */
	uint64_t windowed; /* last call a window was run for (handler)      */
	uint64_t windows;
	int put;           /* the armed call is a put                        */
	pthread_t thread;
};

static void copy_page(struct mt_uffd *u, uintptr_t addr)
{
	size_t off = addr - (uintptr_t)u->region;
	const unsigned char *src = u->zeros;

	if (__atomic_load_n(&u->put, __ATOMIC_ACQUIRE) && off < u->len)
		src = u->staging + off;
	for (int tries = 0; tries < 1000; tries++) {
		struct uffdio_copy c = { .dst = addr, .src = (uintptr_t)src, .len = u->pg, .mode = 0 };

		if (!ioctl(u->fd, UFFDIO_COPY, &c))
			return;
		if (errno == EEXIST)
			break;
		if (errno != EAGAIN && errno != ENOMEM && errno != EINTR)
			break;
	}
	struct uffdio_range r = { .start = addr, .len = u->pg };

	ioctl(u->fd, UFFDIO_WAKE, &r); /* already present: wake the caller */
}

static void *handler(void *p)
{
	struct mt_uffd *u = p;
	struct uffd_msg m;

	for (;;) {
		ssize_t n = read(u->fd, &m, sizeof(m));

		if (n != (ssize_t)sizeof(m)) {
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			return NULL;
		}
		if (m.event != UFFD_EVENT_PAGEFAULT)
			continue;
		uint64_t call = __atomic_load_n(&u->armed, __ATOMIC_ACQUIRE);

		if (call != u->windowed) {
			u->windowed = call;
			__atomic_store_n(&u->windows, u->windows + 1, __ATOMIC_RELAXED);
			u->fn(u->arg);
		}
		copy_page(u, (uintptr_t)m.arg.pagefault.address & ~(uintptr_t)(u->pg - 1));
	}
}

static void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int uffd_setup(struct mt_uffd *u)
{
	struct uffdio_api api = { .api = UFFD_API, .features = 0 };
	struct uffdio_register reg = {
		.range = { .start = (uintptr_t)u->region, .len = u->len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};

	u->fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (u->fd < 0)
		return -1;
	if (ioctl(u->fd, UFFDIO_API, &api) || ioctl(u->fd, UFFDIO_REGISTER, &reg))
		return -1;
	return 0;
}

struct mt_uffd *mt_uffd_open(size_t len, mt_window_fn fn, void *arg)
{
	struct mt_uffd *u = calloc(1, sizeof(*u));
	long pg = sysconf(_SC_PAGESIZE);

	if (!u)
		return NULL;
	u->pg = pg > 0 ? (size_t)pg : 4096;
	u->len = (len + u->pg - 1) / u->pg * u->pg;
	u->fn = fn;
	u->arg = arg;
	u->fd = -1;
	u->region = map_anon(u->len);
	u->staging = map_anon(u->len);
	u->zeros = map_anon(u->pg);
	if (!u->region || !u->staging || !u->zeros || uffd_setup(u))
		goto fail;
	/* the handler thread's own faults must be over before any window */
	memset(u->staging, 0, u->len);
	memset(u->zeros, 0, u->pg);
	if ((errno = pthread_create(&u->thread, NULL, handler, u)))
		goto fail;
	return u;
fail: {
	int e = errno;

	if (u->fd >= 0)
		close(u->fd);
	free(u);
	errno = e;
	return NULL;
}
}

unsigned char *mt_uffd_region(struct mt_uffd *u)
{
	return u->region;
}

unsigned char *mt_uffd_staging(struct mt_uffd *u)
{
	return u->staging;
}

int mt_uffd_arm(struct mt_uffd *u, size_t off, size_t len, int put)
{
	size_t a = off / u->pg * u->pg, b = (off + (len ? len : 1) + u->pg - 1) / u->pg * u->pg;

	if (b > u->len)
		return -EINVAL;
	if (madvise(u->region + a, b - a, MADV_DONTNEED))
		return -errno;
	__atomic_store_n(&u->put, put, __ATOMIC_RELEASE);
	__atomic_store_n(&u->armed, u->armed + 1, __ATOMIC_RELEASE);
	return 0;
}

uint64_t mt_uffd_windows(const struct mt_uffd *u)
{
	return __atomic_load_n(&u->windows, __ATOMIC_RELAXED);
}
