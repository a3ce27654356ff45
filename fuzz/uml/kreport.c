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
	bool found = false;
	ssize_t k;

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
		if ((prio & 7) > 4 || strstr(text, "msgbox-torture:") || strstr(text, "FAULT_INJECTION") ||
		    !strncmp(text, "CPU:", 4) || !strncmp(text, "Call Trace", 10))
			continue;
		if (!found)
			snprintf(line, n, "%s", text);
		found = true;
	}
	return found;
}

#define LEAK "/sys/kernel/debug/kmemleak"

static int put_text(const char *text)
{
	int fd = open(LEAK, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

void fz_leak_clear(void)
{
	put_text("clear");
}

int fz_leak_scan(const int *pids, int npids, int *leaker, char *line, size_t n)
{
	static char buf[1 << 16];
	int fd, found = 0;
	ssize_t k, got = 0;

	*leaker = 0;
	if (put_text("scan"))
		return -1;
	fd = open(LEAK, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < (ssize_t)sizeof(buf) - 1 && (k = read(fd, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += k;
	close(fd);
	buf[got] = '\0';
	/* "unreferenced object 0x... (size N):\n  comm "x", pid P, jiffies J" */
	for (char *o = strstr(buf, "unreferenced object"); o; o = strstr(o + 1, "unreferenced object")) {
		char *pp = strstr(o, "pid ");
		int pid = pp ? atoi(pp + 4) : 0;

		for (int i = 0; i < npids; i++) {
			if (pids[i] && pids[i] == pid) {
				if (!found++) {
					char *nl = strchr(o, '\n');

					snprintf(line, n, "%.*s", nl ? (int)(nl - o) : 80, o);
					*leaker = pid;
				}
			}
		}
	}
	return found;
}
