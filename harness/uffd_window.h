/*
 * Race windows from userfaultfd (DESIGN.md, "Concurrency on one CPU": on
 * UML page faults do not sleep, so this is the only way to hold a call
 * inside copy_from_user / copy_to_user while others run).
 *
 * A worker gets a region registered for missing-page faults and a handler
 * thread. Before a held call the worker "arms" the pages its buffer covers
 * (they are zapped, so the kernel's first touch faults) and names the bytes
 * that should appear there (a put's message) or none (a get: zeros). The
 * handler, on the first fault of each armed call, has the worker's window
 * callback run - other put/get calls, made while the call is held, in a
 * window thread - and then resolves the fault with UFFDIO_COPY; later
 * faults of the same call are resolved at once, and so are faults that
 * come while the window runs (its own calls touching the region: "stray").
 */
#ifndef MT_UFFD_WINDOW_H
#define MT_UFFD_WINDOW_H

#include <stddef.h>
#include <stdint.h>

struct mt_uffd;

/* Runs in the window thread while a call is held. */
typedef void (*mt_window_fn)(void *arg);

/*
 * Region of @len bytes (rounded up to pages) and its handler thread;
 * NULL with errno set (ENOSYS: the kernel has no userfaultfd).
 */
struct mt_uffd *mt_uffd_open(size_t len, mt_window_fn fn, void *arg);
/* The registered region, and a same-sized normal one to stage puts in. */
unsigned char *mt_uffd_region(struct mt_uffd *u);
unsigned char *mt_uffd_staging(struct mt_uffd *u);
/*
 * Make [off, off+len) fault on the next touch; @put: the handler fills the
 * pages from the staging area, else with zeros. 0, or -errno.
 */
int mt_uffd_arm(struct mt_uffd *u, size_t off, size_t len, int put);
/*
 * The armed call returned: wait until its window (if one opened) is over
 * and its held page filled. A call can return while its window still runs
 * (a signal ends the wait in its page fault: -EFAULT); the window's calls
 * share the worker's buffers and log, so the next call must not start
 * beside them (a reference run once read a get's header zeroed by a window
 * get into the same lane buffer: a false "lost" and "unexpected").
 */
void mt_uffd_done(struct mt_uffd *u);
/* Windows opened so far (calls that faulted at least once). */
uint64_t mt_uffd_windows(const struct mt_uffd *u);
/* Faults resolved at once while a window ran: the kernel touched the
 * region for a call that was not the held one (the window's own calls
 * reaching into a buffer another call was given). */
uint64_t mt_uffd_stray(const struct mt_uffd *u);

#endif
