/*
 * The pointer class "vanish": a buffer that is unmapped in the middle of
 * the call. Its pages are registered with userfaultfd and never filled, so
 * the kernel's first touch (inside copy_from_user, or the get's fault-in)
 * holds the call; our handler thread then unmaps the whole buffer and
 * wakes the call, which finds no mapping any more: the call must fail
 * cleanly (-EFAULT) and leave the box as it was.
 *
 * A "stalling" buffer (mt_ptr_stalling, the stall kind's held call) is
 * held the same way, and then filled instead of unmapped (UFFDIO_COPY of
 * the bytes it was given): the call goes on as if its page fault had only
 * been slow.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pointers.h"

/* One vanishing buffer: its own userfaultfd, region and handler thread,
 * freed by the handler when it is done (a process may make many). */
struct vanish {
	int uffd;
	void *map;
	size_t len;
	void *fill; /* stalling: the bytes the region gets; NULL: vanishing */
};

/* The held-call cases' window (set before the call; one at a time). */
static void (*on_fault)(void *arg);
static void *on_fault_arg;
static int faulted;

void mt_ptr_vanish_on_fault(void (*fn)(void *arg), void *arg)
{
	on_fault = fn;
	on_fault_arg = arg;
}

bool mt_ptr_vanish_faulted(void)
{
	return __atomic_load_n(&faulted, __ATOMIC_ACQUIRE);
}

static void *handler(void *arg)
{
	struct vanish *h = arg;
	struct pollfd pfd = { .fd = h->uffd, .events = POLLIN };
	struct uffd_msg msg;

	/* One fault is all it takes; give up after a minute of none. */
	if (poll(&pfd, 1, 60000) == 1 && read(h->uffd, &msg, sizeof(msg)) == sizeof(msg) &&
	    msg.event == UFFD_EVENT_PAGEFAULT) {
		struct uffdio_range r = { .start = (uintptr_t)h->map, .len = h->len };

		__atomic_store_n(&faulted, 1, __ATOMIC_RELEASE);
		if (on_fault)
			on_fault(on_fault_arg); /* while the call is held */
		if (h->fill) {
			struct uffdio_copy c = { .dst = r.start, .src = (uintptr_t)h->fill, .len = h->len };

			if (ioctl(h->uffd, UFFDIO_COPY, &c)) /* it wakes the call */
				ioctl(h->uffd, UFFDIO_WAKE, &r);
		} else {
			munmap(h->map, h->len);
			ioctl(h->uffd, UFFDIO_WAKE, &r);
		}
	} else if (!h->fill) {
		munmap(h->map, h->len); /* never touched: nothing will be */
	}
	close(h->uffd);
	free(h->fill);
	free(h);
	return NULL;
}

static int make_held(size_t len, const void *fill, struct mt_ptr *out, const char **why)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct vanish *v = calloc(1, sizeof(*v));
	pthread_t t;

	__atomic_store_n(&faulted, 0, __ATOMIC_RELEASE);
	if (!v) {
		*why = "out of memory";
		return -2;
	}
	v->len = (len ? len + ps - 1 : ps) / ps * ps;
	if (fill) {
		v->fill = calloc(1, v->len);
		if (!v->fill) {
			free(v);
			*why = "out of memory";
			return -2;
		}
		memcpy(v->fill, fill, len);
	}
	v->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (v->uffd < 0 || ioctl(v->uffd, UFFDIO_API, &api)) {
		*why = "no userfaultfd in this kernel";
		goto fail;
	}
	v->map = mmap(NULL, v->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (uintptr_t)v->map;
	reg.range.len = v->len;
	if (v->map == MAP_FAILED || ioctl(v->uffd, UFFDIO_REGISTER, &reg)) {
		*why = "cannot set up the userfaultfd region";
		goto fail;
	}
	out->p = v->map;
	out->len = len;
	if (pthread_create(&t, NULL, handler, v)) {
		*why = "cannot start the userfaultfd handler";
		munmap(v->map, v->len);
		goto fail;
	}
	pthread_detach(t);
	return 0;
fail:
	if (v->uffd >= 0)
		close(v->uffd);
	free(v->fill);
	free(v);
	out->p = NULL;
	return -2;
}

int mt_ptr_vanishing(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)arg;
	return make_held(len, NULL, out, why);
}

int mt_ptr_stalling(size_t len, const void *fill, struct mt_ptr *out, const char **why)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = make_held(len, fill, out, why);

	if (!r)
		out->what = "a buffer held in its page fault, then filled";
	return r;
}
