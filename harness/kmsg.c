/* Markers in the kernel log and the taint mask (see kmsg.h). */
#define _GNU_SOURCE
#include "kmsg.h"
#include "sysfile.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void mt_kmsg(const char *fmt, ...)
{
	static int fd = -2;
	char line[256];
	int n;
	va_list ap;

	if (fd == -2)
		fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), "msgbox-torture: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(fd, line, n) < 0)
		return; /* markers are best effort: the console still has the TAP */
}

long mt_tainted(void)
{
	return mt_read_long("/proc/sys/kernel/tainted");
}

int mt_lockdep_on(void)
{
	FILE *f = fopen("/proc/lockdep_stats", "r");
	char line[128];
	int on = -1;

	if (!f)
		return -1;
	while (on < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, " debug_locks: %d", &on) != 1)
			on = -1;
	fclose(f);
	return on;
}

const char *mt_taint_letters(long t, char *buf, unsigned n)
{
	/* kernel/panic.c taint_flags, bit order */
	static const char letters[] = "PFSRMBUDAWCIOELKXTN";
	unsigned k = 0;

	for (unsigned bit = 0; letters[bit] && k + 1 < n; bit++)
		if (t & (1L << bit))
			buf[k++] = letters[bit];
	buf[k] = '\0';
	return buf;
}
