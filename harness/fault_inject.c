/* Fault injection through debugfs (see fault_inject.h). */
#define _GNU_SOURCE
#include "fault_inject.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

struct knob {
	const char *file, *value;
};

/*
 * The filter first and the probability last: until task-filter is Y every
 * task is a target, this one (writing the next file) included.
 */
static int apply_one(const char *dir, int pct, int has_gfp, char *err, unsigned errlen)
{
	char path[160], prob[16];
	const struct knob knobs[] = {
		{ "task-filter", "Y" }, { "interval", "1" },       { "times", "-1" },
		{ "space", "0" },       { "verbose", "0" },        { "ignore-gfp-wait", "N" },
		{ "ignore-gfp-highmem", "N" }, { "probability", prob },
	};
	size_t n = sizeof(knobs) / sizeof(knobs[0]);

	snprintf(prob, sizeof(prob), "%d", pct);
	for (size_t i = pct ? 0 : n - 1; i < n; i++) {
		if (i >= 5 && i < n - 1 && !has_gfp)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", MT_DEBUGFS, dir, knobs[i].file);
		if (i == 6 && access(path, F_OK))
			continue; /* ignore-gfp-highmem: fail_page_alloc only */
		if (write_text(path, knobs[i].value)) {
			snprintf(err, errlen, "cannot write %s to %s: %s", knobs[i].value, path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int mt_faults_apply(const struct mt_faults *f, char *err, unsigned errlen)
{
	int rc = 0;

	if (f->slab || !access(MT_DEBUGFS "/failslab", F_OK))
		rc |= apply_one("failslab", f->slab, 1, err, errlen);
	if (f->page_alloc || !access(MT_DEBUGFS "/fail_page_alloc", F_OK))
		rc |= apply_one("fail_page_alloc", f->page_alloc, 1, err, errlen);
	if (f->usercopy || !access(MT_DEBUGFS "/fail_usercopy", F_OK))
		rc |= apply_one("fail_usercopy", f->usercopy, 0, err, errlen);
	return rc ? -1 : 0;
}

int mt_faults_mark_self(int on)
{
	return write_text("/proc/thread-self/make-it-fail", on ? "1" : "0");
}
