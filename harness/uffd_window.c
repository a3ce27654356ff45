/* userfaultfd race windows (see uffd_window.h). */
#define _GNU_SOURCE
#include "uffd_window.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
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
	uint64_t stray;    /* faults resolved at once while a window ran    */
	int put;           /* the armed call is a put                        */
	int inflight;      /* the armed call has not returned (worker)       */
	int busy;          /* a window is open, its held page not yet filled */
	int run[2], done[2]; /* handler -> window thread, and back           */
	pthread_t thread, window;
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

/*
 * The window's calls run in a thread of their own, so that the handler
 * keeps reading faults while they run: a call made in the window that
 * itself touches the region (an implementation that reads a pointer
 * stored by another call: tests/impls/stored-pointer) would otherwise
 * fault into the handler that is waiting for it, and every worker would
 * hang on the harness, not on the implementation.
 */
static void *window_thread(void *p)
{
	struct mt_uffd *u = p;
	char c;

	for (;;) {
		ssize_t n = read(u->run[0], &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n != 1)
			return NULL; /* the handler's end closed */
		u->fn(u->arg);
		while (write(u->done[1], &c, 1) < 0 && errno == EINTR)
			;
	}
}

static void *handler(void *p)
{
	struct mt_uffd *u = p;
	uintptr_t held = 0; /* the page of the held call's first fault, while its window runs */
	struct uffd_msg m;

	for (;;) {
		struct pollfd pf[2] = { { .fd = u->fd, .events = POLLIN }, { .fd = u->done[0], .events = POLLIN } };
		char c;

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (pf[1].revents & POLLIN && read(u->done[0], &c, 1) == 1 && held) {
			copy_page(u, held); /* the window is over: let the held call go on */
			held = 0;
			__atomic_store_n(&u->busy, 0, __ATOMIC_SEQ_CST);
		}
		if (!(pf[0].revents & POLLIN))
			continue;
		ssize_t n = read(u->fd, &m, sizeof(m));

		if (n != (ssize_t)sizeof(m)) {
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			return NULL;
		}
		if (m.event != UFFD_EVENT_PAGEFAULT)
			continue;
		uintptr_t page = (uintptr_t)m.arg.pagefault.address & ~(uintptr_t)(u->pg - 1);
		uint64_t call = __atomic_load_n(&u->armed, __ATOMIC_ACQUIRE);

		if (!held && call != u->windowed) {
			/* busy before looking at inflight (mt_uffd_done clears
			 * inflight, then waits while busy): a call that already
			 * returned (a signal ended its wait in the fault: -EFAULT)
			 * gets no window, and no window runs beside the worker's
			 * next call */
			__atomic_store_n(&u->busy, 1, __ATOMIC_SEQ_CST);
			if (__atomic_load_n(&u->inflight, __ATOMIC_SEQ_CST)) {
				u->windowed = call;
				__atomic_store_n(&u->windows, u->windows + 1, __ATOMIC_RELAXED);
				held = page;
				while (write(u->run[1], "w", 1) < 0 && errno == EINTR)
					;
				continue;
			}
			__atomic_store_n(&u->busy, 0, __ATOMIC_SEQ_CST);
		}
		if (held)
			__atomic_store_n(&u->stray, u->stray + 1, __ATOMIC_RELAXED);
		copy_page(u, page);
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

	u->fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK); /* poll() on a blocking one: EPOLLERR */
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
	u->fd = u->run[0] = u->run[1] = u->done[0] = u->done[1] = -1;
	if (pipe2(u->run, O_CLOEXEC) || pipe2(u->done, O_CLOEXEC))
		goto fail;
	u->region = map_anon(u->len);
	u->staging = map_anon(u->len);
	u->zeros = map_anon(u->pg);
	if (!u->region || !u->staging || !u->zeros || uffd_setup(u))
		goto fail;
	/* the handler thread's own faults must be over before any window */
	memset(u->staging, 0, u->len);
	memset(u->zeros, 0, u->pg);
	if ((errno = pthread_create(&u->window, NULL, window_thread, u)))
		goto fail;
	if ((errno = pthread_create(&u->thread, NULL, handler, u))) {
		int e = errno;

		close(u->run[1]); /* the window thread sees the end and returns */
		u->run[1] = -1;
		pthread_join(u->window, NULL);
		errno = e;
		goto fail;
	}
	return u;
fail: {
	int e = errno;
	int fds[] = { u->fd, u->run[0], u->run[1], u->done[0], u->done[1] };

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
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
	__atomic_store_n(&u->inflight, 1, __ATOMIC_SEQ_CST);
	return 0;
}

void mt_uffd_done(struct mt_uffd *u)
{
	struct timespec tick = { 0, 100000 };

	__atomic_store_n(&u->inflight, 0, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&u->busy, __ATOMIC_SEQ_CST))
		nanosleep(&tick, NULL);
}

uint64_t mt_uffd_windows(const struct mt_uffd *u)
{
	return __atomic_load_n(&u->windows, __ATOMIC_RELAXED);
}

uint64_t mt_uffd_stray(const struct mt_uffd *u)
{
	return __atomic_load_n(&u->stray, __ATOMIC_RELAXED);
}
