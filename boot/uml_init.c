/*
 * uml-init: PID 1 of the UML kernel that msgbox-torture boots.
 *
 * The root is the host's /, read-only (hostfs). This mounts /proc, /sys,
 * debugfs and /dev, mounts the results directory (MT_RESULTS, the same path
 * as on the host) writable over itself, runs the harness with arguments
 * taken from the environment the kernel command line gave us, writes its
 * exit status to /proc/exitcode (UML's own exit status) and powers off.
 *
 *   MT_HARNESS=/path/msgbox-torture  MT_RESULTS=/path/results
 *   MT_CASES=a.tsv:b.tsv  MT_ONLY=glob,glob  MT_START=N  MT_PROFILE=strict
 *   MT_TIMEOUT=S  MT_SCENARIOS=stress.tsv:...  MT_SEED=N  MT_OPS=N
 *   MT_WORKERS=N  MT_STRESS_TIMEOUT=S
 *   MT_REPS=N MT_LOOP=NAME:SIZE:SECS (make bench: MT_HARNESS is mt-bench,
 *   which reads no tables)
 *   MT_MODULE=/path/dm510_msgbox.ko (make check's module swap,
 *   tools/check/stage-module.sh: the implementation, loaded before the
 *   harness runs; when it does not load, MT_RESULTS/module-failed says why
 *   and the machine powers off with 5, and make check builds the file in)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "uml-init: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

static void try_mount(const char *src, const char *dir, const char *type, unsigned long flags, const char *data)
{
	if (mount(src, dir, type, flags, data) && errno != EBUSY)
		say("cannot mount %s on %s", type, dir), perror("uml-init: mount");
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		say("cannot write %s%s", path, "");
	if (fd >= 0)
		close(fd);
}

static void power_off(int code)
{
	char text[16];

	snprintf(text, sizeof(text), "%d\n", code);
	write_file("/proc/exitcode", text);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void load_module(const char *ko, const char *results)
{
	char file[4096], why[4200];
	int fd = open(ko, O_RDONLY | O_CLOEXEC), err;

	if (fd >= 0 && !syscall(SYS_finit_module, fd, "", 0)) {
		close(fd);
		return;
	}
	err = errno;
	if (fd >= 0)
		close(fd);
	snprintf(why, sizeof(why), "%s: %s %s", ko, fd < 0 ? "cannot open:" : "finit_module:", strerror(err));
	say("the implementation module did not load: %s%s", why, "");
	snprintf(file, sizeof(file), "%s/module-failed", results);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || dprintf(fd, "%s\n", why) < 0)
		say("cannot write %s%s", file, "");
	power_off(5);
}

static void console_fds(void)
{
	if (fcntl(1, F_GETFD) >= 0)
		return;
	int fd = open("/dev/console", O_RDWR);

	if (fd >= 0) {
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

int main(void)
{
	const char *harness = getenv("MT_HARNESS"), *results = getenv("MT_RESULTS");
	char *argv[96], *cases = getenv("MT_CASES"), *scen = getenv("MT_SCENARIOS");
	int argc = 0, st = 0;
	pid_t pid;

	try_mount("proc", "/proc", "proc", 0, NULL);
	try_mount("sysfs", "/sys", "sysfs", 0, NULL);
	try_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	try_mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	console_fds();
	write_file("/proc/sys/kernel/kptr_restrict", "0\n");
	/* No /dev/kmsg rate limit: run-suite boots with printk.devkmsg=on. */
	/* kmemleak scans only when a leaks.* case asks (debug flavour only). */
	if (!access("/sys/kernel/debug/kmemleak", W_OK))
		write_file("/sys/kernel/debug/kmemleak", "scan=off\n");
	if (!harness || !results || (!cases && !scen && !getenv("MT_REPS"))) {
		say("MT_HARNESS, MT_RESULTS and MT_CASES, MT_SCENARIOS or MT_REPS must be on the kernel command line%s%s",
		    "", "");
		power_off(2);
	}
	/* The one writable place: the results directory, over itself. */
	try_mount("none", results, "hostfs", 0, results);
	if (getenv("MT_MODULE") && *getenv("MT_MODULE"))
		load_module(getenv("MT_MODULE"), results);

	argv[argc++] = (char *)harness;
	argv[argc++] = "--results";
	argv[argc++] = (char *)results;
	for (char *save = NULL, *c = cases ? strtok_r(cases, ":", &save) : NULL; c && argc < 40;
	     c = strtok_r(NULL, ":", &save)) {
		argv[argc++] = "--cases";
		argv[argc++] = c;
	}
	for (char *save = NULL, *c = scen ? strtok_r(scen, ":", &save) : NULL; c && argc < 70;
	     c = strtok_r(NULL, ":", &save)) {
		argv[argc++] = "--scenarios";
		argv[argc++] = c;
	}
	static const char *const pass[][2] = {
		{ "MT_ONLY", "--only" }, { "MT_START", "--start" }, { "MT_STOP", "--stop" },
		{ "MT_PROFILE", "--profile" }, { "MT_TIMEOUT", "--timeout" },
		{ "MT_SEED", "--seed" }, { "MT_OPS", "--ops" },
		{ "MT_WORKERS", "--workers" }, { "MT_STRESS_TIMEOUT", "--stress-timeout" },
		{ "MT_REPS", "--reps" }, { "MT_LOOP", "--loop" },
	};
	for (size_t i = 0; i < sizeof(pass) / sizeof(pass[0]); i++) {
		char *v = getenv(pass[i][0]);

		if (v && *v) {
			argv[argc++] = (char *)pass[i][1];
			argv[argc++] = v;
		}
	}
	argv[argc] = NULL;

	pid = fork();
	if (pid == 0) {
		execv(harness, argv);
		say("cannot run %s: %s", harness, strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	power_off(pid > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : 125);
}
