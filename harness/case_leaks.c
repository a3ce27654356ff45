/*
 * Leaks: ask kmemleak to scan, and fail on any unreferenced object whose
 * allocation ran through the message box. kmemleak reports an object only
 * once it is older than 1 s (5 s upstream: kernel-patch/prepare-tree.sh
 * lowers it) and its bytes stayed the same over a whole scan (a new
 * object's first scan only takes its checksum). So the last leaks case of
 * a boot (mt_leaks_last_idx: the runner knows where this boot stops)
 * scans twice, the second time once @secs have passed since the previous
 * case ended; every earlier one scans once and does not wait (0.4-0.7 s each
 * on 6.1 debug): what is too young or too new for it, the next scan of
 * the same boot reports. (A boot that ends before its last scan, for a
 * fresh boot after a tainting report, takes with it what its last single
 * scan saw only once: one group's leaks more than when every scan was a
 * pair. The corpus files that need fresh boots and leak, sem-printk
 * among them, still show their leak.) Each leak is tied to the case that made it
 * through the pid of the case's process (the results' progress file),
 * whichever scan sees it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "case_kinds.h"
#include "mt_syscalls.h" /* MT_FLAVOUR */
#include "sysfile.h"
#include "tsc.h"

#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static int kmemleak_cmd(const char *cmd)
{
	return mt_write_text(KMEMLEAK, cmd);
}

/*
 * Sleep until @secs after the results' cases.tsv was last written (to the
 * nanosecond: whole seconds made it wait up to 1 s more than asked).
 */
static void wait_for_age(long secs)
{
	char path[512];
	const char *dir = getenv("MT_RESULTS");
	struct stat st;
	struct timespec now;
	double until;

	if (secs <= 0)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	until = now.tv_sec + now.tv_nsec / 1e9 + secs;
	if (dir) {
		snprintf(path, sizeof(path), "%s/cases.tsv", dir);
		if (!stat(path, &st))
			until = st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9 + secs;
	}
	for (;;) {
		clock_gettime(CLOCK_REALTIME, &now);
		double left = until - (now.tv_sec + now.tv_nsec / 1e9);

		if (left <= 0)
			break;
		usleep(left > 0.1 ? 100000 : (useconds_t)(left * 1e6) + 1);
	}
}

/* The case whose process (or thread) had @pid, from the progress file. */
static void case_of_pid(long pid, char *out, size_t n)
{
	char path[512], line[256];
	const char *dir = getenv("MT_RESULTS");
	FILE *f;

	snprintf(out, n, "pid %ld", pid);
	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/progress", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		long idx, p;

		if (sscanf(line, "pid\t%ld\t%127s\t%ld", &idx, name, &p) == 3 && p == pid)
			snprintf(out, n, "case %s (pid %ld)", name, pid);
	}
	fclose(f);
}

struct leaks {
	int ours, others;
	char first[512];
};

/* One "unreferenced object" block of the kmemleak file. */
/*
 * The frame of @bt that belongs to the implementation: a name with dm510
 * or msgbox in it, or one of the functions the implementation's own file
 * defines (MT_IMPL_SYMS, comma-separated, from make check: course code
 * names its functions as it likes). NULL when none.
 */
static const char *impl_frame(const char *bt)
{
	const char *syms = getenv("MT_IMPL_SYMS"), *f;
	char name[96];

	if ((f = strstr(bt, "dm510")) || (f = strstr(bt, "msgbox")))
		return f;
	for (const char *s = syms; s && *s; s += strcspn(s, ",") + (s[strcspn(s, ",")] == ',')) {
		size_t n = strcspn(s, ",");

		if (!n || n + 2 > sizeof(name))
			continue;
		snprintf(name, sizeof(name), " %.*s+", (int)n, s); /* a frame: " name+0x..." */
		if ((f = strstr(bt, name)))
			return f + 1;
	}
	return NULL;
}

/*
 * Every unreferenced object of the box is a leak. (With SLAB, kmemleak
 * went on listing objects already freed into KASAN's quarantine, after
 * userfaultfd-held copies and fail-nth alike; the debug flavour builds
 * SLUB, which tells kmemleak at kfree: kernel-patch/config/debug.config.)
 */
static void judge_block(const char *blk, struct leaks *l)
{
	const char *bt = strstr(blk, "backtrace:");
	const char *pid = strstr(blk, "pid ");
	unsigned long addr = 0, size = 0;
	char who[192], fn[96] = "?";

	if (!bt || !impl_frame(bt)) {
		l->others++;
		return;
	}
	if (l->ours++)
		return;
	case_of_pid(pid ? strtol(pid + 4, NULL, 10) : -1, who, sizeof(who));
	sscanf(blk, "unreferenced object 0x%lx (size %lu)", &addr, &size);
	const char *f = impl_frame(bt);

	sscanf(f, "%95[^+ \n]", fn);
	snprintf(l->first, sizeof(l->first), "%lu bytes allocated in %s by %s", size, fn, who);
}

/* The whole kmemleak report, for the reader of the results. */
static void save_report(struct ctx *x, const char *text, size_t n)
{
	const char *dir = getenv("MT_RESULTS");
	char path[512];
	FILE *f;

	if (!dir || !n)
		return;
	snprintf(path, sizeof(path), "%s/kmemleak-%s.txt", dir, x->c->name);
	f = fopen(path, "w");
	if (!f)
		return;
	fwrite(text, 1, n, f);
	fclose(f);
}

int mt_leaks_last_idx = -1;

void mt_do_leaks(struct ctx *x, long secs)
{
	static char text[1 << 20];
	struct leaks l = { 0 };
	char got[640];
	size_t n = 0;
	ssize_t k;
	int fd;

	snprintf(x->r->call, sizeof(x->r->call), "echo scan > %s", KMEMLEAK);
	if (access(KMEMLEAK, W_OK)) {
		/* the debug flavour has kmemleak: not finding it is a dead oracle */
		if (!strcmp(MT_FLAVOUR, "debug"))
			mt_fail(x, MT_OR_LEAK, MT_BUG_HARNESS, "kmemleak scans", strerror(errno),
				"no " KMEMLEAK " on the debug flavour: the leak oracle cannot look");
		else
			mt_skip(x, "no " KMEMLEAK ": this kernel has no kmemleak (FLAVOUR=perf)");
		return;
	}
	bool last = x->idx == mt_leaks_last_idx;

	/*
	 * The last scan of a boot twice: kmemleak reports an object only once
	 * its checksum stayed the same over a whole scan, so a leak made just
	 * before shows on the second. The first takes the checksums of what
	 * the previous cases left (they have ended: nothing changes it since)
	 * and needs no age; only the second must start @secs after them, so
	 * the wait comes between the two and the first scan's second or so
	 * counts towards it (session 22: about 1 s less a boot than waiting
	 * first). A scan that is refused (kmemleak disabled itself, or
	 * kmemleak=off) reports nothing: that is a failure to look, not "no
	 * leaks".
	 */
	uint64_t t0 = mt_mono_ns(), t1 = 0, t2 = 0;
	int refused = kmemleak_cmd("scan");

	if (!refused && last) {
		t1 = mt_mono_ns();
		wait_for_age(secs);
		t2 = mt_mono_ns();
		refused = kmemleak_cmd("scan");
	}
	uint64_t t3 = mt_mono_ns();
	char took[96];

	if (last)
		snprintf(took, sizeof(took), "scanned %.1f s, waited %.1f s, scanned again %.1f s", (t1 - t0) / 1e9,
			 (t2 - t1) / 1e9, (t3 - t2) / 1e9);
	else
		snprintf(took, sizeof(took), "one scan, %.1f s: newer objects go to the next", (t3 - t0) / 1e9);
	if (refused) {
		mt_fail(x, MT_OR_LEAK, MT_BUG_HARNESS, "kmemleak scans", strerror(errno),
			"kmemleak refused to scan (disabled? see the console): the leak oracle cannot look");
		return;
	}
	fd = open(KMEMLEAK, O_RDONLY | O_CLOEXEC);
	while (fd >= 0 && n < sizeof(text) - 1 && (k = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += (size_t)k;
	if (fd >= 0)
		close(fd);
	text[n] = '\0';
	save_report(x, text, n);
	for (char *b = strstr(text, "unreferenced object"); b;) {
		char *next = strstr(b + 1, "unreferenced object");

		if (next)
			next[-1] = '\0';
		judge_block(b, &l);
		b = next;
	}
	kmemleak_cmd("clear"); /* the next scan reports only new leaks */
	if (l.ours) {
		snprintf(got, sizeof(got), "%d leaked object(s), first: %s", l.ours, l.first);
		mt_fail(x, MT_OR_LEAK, MT_BUG_LEAK, "no unreferenced object allocated by the box", got, "kmemleak (see the console)");
	}
	mt_note(x, "kmemleak: %d object(s) of the box, %d others (%s%s)", l.ours, l.others,
		last ? "the boot's last: " : "", took);
}
