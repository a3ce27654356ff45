/* fail-nth injection and the kernel's trace of it (see fail_nth.h). */
#define _GNU_SOURCE
#include "fail_nth.h"
#include "sysfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DBG "/sys/kernel/debug"

int mt_fault_setup(const char **why)
{
	if (access("/proc/thread-self/fail-nth", R_OK | W_OK)) {
		*why = "no /proc/thread-self/fail-nth: this kernel has no fault injection (FLAVOUR=perf?)";
		return -1;
	}
	/* Points that skip GFP_KERNEL allocations would hide our kmallocs. */
	if (mt_write_text(DBG "/failslab/ignore-gfp-wait", "N\n") ||
	    mt_write_text(DBG "/fail_page_alloc/ignore-gfp-wait", "N\n")) {
		*why = "cannot set ignore-gfp-wait in " DBG " (no debugfs or no FAILSLAB/FAIL_PAGE_ALLOC)";
		return -1;
	}
	mt_write_text(DBG "/failslab/verbose", "2\n");
	mt_write_text(DBG "/fail_page_alloc/verbose", "2\n");
	mt_write_text(DBG "/fail_usercopy/verbose", "2\n");
	return 0;
}

int mt_failnth_open(struct mt_failnth *f)
{
	f->nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	f->kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (f->nth_fd < 0 || f->kmsg_fd < 0) {
		mt_failnth_close(f);
		return -1;
	}
	return 0;
}

void mt_failnth_close(struct mt_failnth *f)
{
	if (f->nth_fd >= 0)
		close(f->nth_fd);
	if (f->kmsg_fd >= 0)
		close(f->kmsg_fd);
	f->nth_fd = f->kmsg_fd = -1;
}

int mt_failnth_arm(struct mt_failnth *f, int n)
{
	char text[16];
	int len = snprintf(text, sizeof(text), "%d", n);

	lseek(f->kmsg_fd, 0, SEEK_END);
	return write(f->nth_fd, text, len) == len ? 0 : -1;
}

int mt_failnth_disarm(struct mt_failnth *f)
{
	char text[16] = "";
	ssize_t n = pread(f->nth_fd, text, sizeof(text) - 1, 0);

	if (write(f->nth_fd, "0", 1) != 1)
		return -1;
	return n > 0 ? atoi(text) : -1;
}

/* One /dev/kmsg record: "prio,seq,ts,flags;text\n" (+ " KEY=v" lines). */
static void scan_record(const char *rec, struct mt_point *pt, int *seen)
{
	const char *text = strchr(rec, ';');

	if (!text)
		return;
	text++;
	if (strstr(text, "FAULT_INJECTION: forcing a failure") && ++*seen > 1)
		return; /* only the first injection is ours */
	if (*seen != 1)
		return;
	/* "name ..." is in the same record, or the next one */
	if (strstr(text, "name failslab"))
		pt->kind = MT_PT_SLAB;
	else if (strstr(text, "name fail_page_alloc"))
		pt->kind = MT_PT_PAGE;
	else if (strstr(text, "name fail_usercopy"))
		pt->kind = MT_PT_USERCOPY;
	/*
	 * Only reliable frames count: UML's traces also list stale words of the
	 * stack as "] ? name", which may name anything. The count can be used
	 * by the write() that armed it or the pread() that reads it back (not
	 * the call), or by a debug facility inside the call (kmemleak's own
	 * allocations, lockdep): both are "not in the call".
	 */
	if (strstr(text, "] ? "))
		return;
	static const char *const rw[] = { "ksys_write", "ksys_pread64", "vfs_write", "vfs_read" };
	static const char *const debug[] = { "kmemleak", "mem_pool_alloc", "lock_acquire", "lockdep",
					     "debug_object", "stack_depot" };

	for (size_t i = 0; i < sizeof(rw) / sizeof(rw[0]); i++)
		if (strstr(text, rw[i]))
			pt->in_call = false;
	for (size_t i = 0; i < sizeof(debug) / sizeof(debug[0]); i++) {
		if (!pt->in_debug && strstr(text, debug[i])) {
			pt->in_debug = true;
			snprintf(pt->via, sizeof(pt->via), "%s", debug[i]);
		}
	}
}

void mt_failnth_point(struct mt_failnth *f, struct mt_point *pt)
{
	char rec[2048];
	int seen = 0;
	ssize_t n;

	memset(pt, 0, sizeof(*pt));
	pt->kind = MT_PT_SILENT;
	pt->in_call = true; /* unless a reliable frame says otherwise */
	while ((n = read(f->kmsg_fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue; /* EPIPE: records overwritten; go on from the next */
		rec[n] = '\0';
		scan_record(rec, pt, &seen);
	}
}

const char *mt_point_kind_name(enum mt_point_kind k)
{
	static const char *const names[] = { "failslab", "fail_page_alloc", "fail_usercopy", "silent allocation" };

	return names[k];
}
