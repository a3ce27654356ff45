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
#include <sys/eventfd.h>
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

/*
 * One vanishing buffer: its own userfaultfd, region and handler thread.
 * The handler waits for the buffer's fault, or for mt_ptr_release() to say
 * the call is over without one (a put refused before its copy), or for a
 * minute. Until session 23 only the fault or the minute ended it: a
 * process that made thousands of such calls kept hundreds of handlers,
 * each with an 8 MiB stack, and as UML hands out user mappings upwards
 * from 0x40000000, after 512 MiB of them a stack lay at the kernel's own
 * addresses (0x60000000 on): the in-UML fuzzer's put from kernel text
 * then succeeded, and was called a bug of the implementation. Now the
 * stack is small and the owner ends the handler when the call is over.
 * The struct is freed by whichever of the two is done last (refs).
 */
struct vanish {
	int uffd;
	int stopfd; /* an eventfd: the owner says the call is over */
	int refs;   /* the handler's and the owner's */
	void *map;
	size_t len;
	void *fill; /* stalling: the bytes the region gets; NULL: vanishing */
};

/* The handler's stack: poll, read, ioctl, and the held-call window's
 * callback (the harness's nested calls, a few KiB of locals). */
#define VANISH_STACK (256u << 10)

static void vanish_put(struct vanish *v)
{
	if (__atomic_sub_fetch(&v->refs, 1, __ATOMIC_ACQ_REL))
		return;
	close(v->stopfd);
	free(v->fill);
	free(v);
}

void mt_ptr_vanish_release(void *held)
{
	struct vanish *v = held;
	uint64_t one = 1;

	if (!v)
		return;
	if (write(v->stopfd, &one, sizeof(one)) != sizeof(one))
		return; /* an eventfd takes it; if not, the minute ends it */
	vanish_put(v);
}

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
	struct pollfd pfd[2] = { { .fd = h->uffd, .events = POLLIN }, { .fd = h->stopfd, .events = POLLIN } };
	struct uffd_msg msg;

	/* One fault is all it takes; give up when the call is over without
	 * one, or after a minute of none. */
	if (poll(pfd, 2, 60000) > 0 && (pfd[0].revents & POLLIN) &&
	    read(h->uffd, &msg, sizeof(msg)) == sizeof(msg) && msg.event == UFFD_EVENT_PAGEFAULT) {
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
	vanish_put(h);
	return NULL;
}

static int make_held(size_t len, const void *fill, struct mt_ptr *out, const char **why)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct vanish *v = calloc(1, sizeof(*v));
	pthread_attr_t attr;
	pthread_t t;
	int e;

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
	v->stopfd = -1;
	v->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK); /* poll() on a blocking one: POLLERR */
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
	v->stopfd = eventfd(0, EFD_CLOEXEC);
	if (v->stopfd < 0) {
		*why = "cannot make an eventfd";
		munmap(v->map, v->len);
		goto fail;
	}
	out->p = v->map;
	out->len = len;
	v->refs = 2;
	e = pthread_attr_init(&attr);
	if (!e)
		e = pthread_attr_setstacksize(&attr, VANISH_STACK);
	if (!e)
		e = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (!e)
		e = pthread_create(&t, &attr, handler, v);
	pthread_attr_destroy(&attr);
	if (e) {
		*why = "cannot start the userfaultfd handler";
		munmap(v->map, v->len);
		goto fail;
	}
	out->held = v;
	return 0;
fail:
	if (v->uffd >= 0)
		close(v->uffd);
	if (v->stopfd >= 0)
		close(v->stopfd);
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
