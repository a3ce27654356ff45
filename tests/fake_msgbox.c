/*
 * A user-space stand-in for the two calls, for testing the stress engine
 * natively: a LIFO of fixed-size slots in MAP_SHARED memory, shared by the
 * forked workers, under a spinlock in that memory. fake_box_bug() makes it
 * lose or duplicate a message now and then, as a broken kernel would.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "box_drain.h"
#include "fake_msgbox.h"
#include "mt_sys.h"

#define SLOTS 512
#define SLOT_LEN 65536

struct fake {
	int lock, bug;
	unsigned long calls, puts;
	int n;
	int len[SLOTS];
	unsigned char data[SLOTS][SLOT_LEN];
};

static struct fake *box;

__attribute__((constructor)) static void fake_init(void)
{
	box = mmap(NULL, sizeof(*box), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (box == MAP_FAILED)
		box = NULL;
}

void fake_box_bug(enum fake_bug bug)
{
	box->bug = bug;
	box->n = 0;
	box->calls = 0;
	box->puts = 0;
	if (bug == FAKE_STUCK)
		box->len[box->n++] = 0;
}

static void lock(void)
{
	while (__atomic_exchange_n(&box->lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_store_n(&box->lock, 0, __ATOMIC_RELEASE);
}

long mt_put(const void *buf, int len)
{
	long r = 0;

	if (len < 0)
		return -EINVAL;
	if (len > SLOT_LEN)
		return -EMSGSIZE;
	lock();
	box->puts++;
	if (box->n == SLOTS) {
		r = -ENOSPC;
	} else if (box->bug == FAKE_LOSE && ++box->calls % 97 == 0) {
		r = 0; /* "stored" */
	} else {
		memcpy(box->data[box->n], buf, (size_t)len);
		box->len[box->n++] = len;
	}
	unlock();
	return r;
}

long mt_get(void *buf, int len)
{
	long r;

	if (len < 0)
		return -EINVAL;
	lock();
	if (!box->n) {
		r = -ENODATA;
	} else if (len < box->len[box->n - 1]) {
		r = -EMSGSIZE;
	} else {
		r = box->len[box->n - 1];
		memcpy(buf, box->data[box->n - 1], (size_t)r);
		if (!(box->bug == FAKE_DUPLICATE && ++box->calls % 97 == 0) && !(box->bug == FAKE_STUCK && !r))
			box->n--;
		if (box->bug == FAKE_CORRUPT && r > 100 && ++box->calls % 97 == 0)
			((unsigned char *)buf)[r / 2] ^= 0x40;
		/* a 0 just past the caller's length when the buffer is shorter
		 * than a slot (the size it returns is right; the drains' buffers
		 * are a whole slot and end at a guard) */
		if (box->bug == FAKE_OVERFLOW && len < SLOT_LEN)
			((unsigned char *)buf)[len] = 0;
	}
	unlock();
	return r;
}

long mt_box_drain(void)
{
	unsigned char *b = mmap(NULL, SLOT_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long n = 0, r;

	while ((r = mt_get(b, SLOT_LEN)) > 0 || (r == 0 && box->bug != FAKE_STUCK))
		n++;
	munmap(b, SLOT_LEN);
	return r == 0 ? -ELOOP : n;
}

unsigned long mt_put_calls(void) /* (lib/mt_sys.h) the early returns above add nothing */
{
	return __atomic_load_n(&box->puts, __ATOMIC_RELAXED);
}

unsigned long mt_box_empty_at(void) /* (box_drain.h) the drain above does not keep it: all puts count */
{
	return 0;
}

int mt_nr_put(void)
{
	return -1;
}

int mt_nr_get(void)
{
	return -1;
}
