/*
 * The kernel's own reports, read back in the guest: /dev/kmsg records at
 * warning level or above that are not our markers (a KASAN report, our
 * interrupts-off warning, lockdep, a BUG), and kmemleak's unreferenced
 * objects of the fuzzer's processes. The host's console classifier
 * (tools/classify) names the class from the console afterwards; this only
 * tells the fuzzer that the call it just made caused one.
 */
#define _GNU_SOURCE
#include "fz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfile.h"

static int kfd = -1;

int fz_kmsg_open(void)
{
	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kfd >= 0)
		lseek(kfd, 0, SEEK_END);
	return kfd < 0 ? -1 : 0;
}

bool fz_kmsg_report(char *line, size_t n)
{
	char rec[2048];
	bool found = false, frame_only = false;
	ssize_t k;

	if (n)
		*line = '\0';

	while (kfd >= 0 && (k = read(kfd, rec, sizeof(rec) - 1)) != 0) {
		if (k < 0) {
			if (errno == EPIPE) /* overwritten records: go on */
				continue;
			break; /* EAGAIN: nothing more */
		}
		rec[k] = '\0';
		int prio = atoi(rec);
		char *text = strchr(rec, ';');

		if (!text)
			continue;
		text++;
		char *nl = strchr(text, '\n');

		if (nl)
			*nl = '\0';
		if ((prio & 7) > 4 || strstr(text, "msgbox-torture:") || strstr(text, "FAULT_INJECTION"))
			continue;
		/* the report's own words, not its frame: "BUG: KASAN: ...", not
		 * "=====" or a stack line (the classifier has the whole of it) */
		bool frame = !strncmp(text, "CPU:", 4) || !strncmp(text, "Call Trace", 10) || strstr(text, "[ cut here ]") ||
			     strspn(text, "=") == strlen(text) || strspn(text, " [<") >= 2;

		if (!found || (!*line && !frame) || (frame_only && !frame)) {
			snprintf(line, n, "%s", text);
			frame_only = frame;
		}
		found = true;
	}
	return found;
}

#define LEAK "/sys/kernel/debug/kmemleak"

char fz_leak_block[4096];

static int put_text(const char *text)
{
	return mt_write_text(LEAK, text);
}

/*
 * A frame of the implementation in a kmemleak backtrace: dm510 or msgbox
 * in its name, or a function the implementation's file defines
 * (MT_IMPL_SYMS, comma-separated, from make check), as harness/case_leaks.c
 * judges the suite's scans.
 */
static bool impl_frame(const char *bt)
{
	const char *syms = getenv("MT_IMPL_SYMS");
	char name[96];

	bt = strstr(bt, "backtrace:");
	if (!bt)
		return false;
	if (strstr(bt, "dm510") || strstr(bt, "msgbox"))
		return true;
	for (const char *s = syms; s && *s; s += strcspn(s, ",") + (s[strcspn(s, ",")] == ',')) {
		size_t n = strcspn(s, ",");

		if (!n || n + 3 > sizeof(name))
			continue;
		snprintf(name, sizeof(name), " %.*s+", (int)n, s);
		if (strstr(bt, name))
			return true;
	}
	return false;
}

void fz_leak_clear(void)
{
	put_text("clear");
}

int fz_leak_scan(const int *pids, int npids, bool *leaked, char *line, size_t n)
{
	static char buf[1 << 20];
	int fd, found = 0;
	ssize_t k, got = 0;

	for (int i = 0; i < npids; i++)
		leaked[i] = false;
	/* kmemleak reports an object when its checksum did not change since
	 * the scan before: a new leak shows at the second scan */
	if (put_text("scan") || put_text("scan"))
		return -1;
	fd = open(LEAK, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < (ssize_t)sizeof(buf) - 1 && (k = read(fd, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += k;
	close(fd);
	buf[got] = '\0';
	/* "unreferenced object 0x... (size N):\n  comm "x", pid P, jiffies J
	 * ... backtrace: ..." : an object of ours when a frame of its
	 * backtrace is the implementation's */
	for (char *o = strstr(buf, "unreferenced object"); o; o = strstr(o + 1, "unreferenced object")) {
		char *pp = strstr(o, "pid "), *next = strstr(o + 1, "unreferenced object");
		int pid = pp ? atoi(pp + 4) : 0;

		if (next)
			*next = '\0';
		bool impl = impl_frame(o);

		if (next)
			*next = 'u';
		if (!impl)
			continue;

		for (int i = 0; i < npids; i++) {
			if (pids[i] && pids[i] == pid) {
				leaked[i] = true;
				if (!found++) {
					char *end = strstr(o + 1, "unreferenced object");
					size_t len = end ? (size_t)(end - o) : strlen(o);

					snprintf(fz_leak_block, sizeof(fz_leak_block), "%.*s", (int)len, o);
					char *nl = strchr(o, '\n');

					snprintf(line, n, "%.*s", nl ? (int)(nl - o) : 80, o);
				}
			}
		}
	}
	return found;
}
