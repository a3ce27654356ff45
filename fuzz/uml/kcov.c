/*
 * Coverage of the implementation (FLAVOUR=debug+kcov, make fuzz COVER=1):
 * KCOV in trace-PC mode, enabled in every process that makes calls, with
 * only the implementation's object instrumented (kernel-patch/config/
 * kcov.config). The PCs every program reached go into one table shared by
 * all the fuzzer's processes; a program that reached a new one joins the
 * corpus that the generator mutates (gen.c). Without /sys/kernel/debug/kcov
 * all of this is off.
 */
#define _GNU_SOURCE
#include "fz.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define KCOV_INIT_TRACE _IOR('c', 1, unsigned long)
#define KCOV_ENABLE _IO('c', 100)
#define KCOV_TRACE_PC 0
#define COVER_WORDS (64 << 10)
#define TABLE (1 << 14) /* PCs: the implementation has a few hundred sites */

struct fz_cover *fz_cover;
static unsigned long *area;
static int enabled_pid;

void fz_cover_init(void)
{
	if (access("/sys/kernel/debug/kcov", R_OK | W_OK))
		return;
	fz_cover = mmap(NULL, sizeof(*fz_cover), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fz_cover == MAP_FAILED)
		fz_cover = NULL;
}

/* In this process (once): its own KCOV buffer, on for its calls. */
static void enable(void)
{
	int fd;

	if (enabled_pid == getpid())
		return;
	enabled_pid = getpid();
	area = NULL;
	fd = open("/sys/kernel/debug/kcov", O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, KCOV_INIT_TRACE, COVER_WORDS))
		return;
	area = mmap(NULL, COVER_WORDS * sizeof(unsigned long), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (area == MAP_FAILED || ioctl(fd, KCOV_ENABLE, KCOV_TRACE_PC)) {
		area = NULL;
		return;
	}
}

void fz_cover_begin(void)
{
	if (!fz_cover)
		return;
	enable();
	if (area)
		__atomic_store_n(&area[0], 0, __ATOMIC_RELAXED);
}

/* The PCs since fz_cover_begin into the table: how many were new. */
int fz_cover_end(void)
{
	unsigned long n;
	int fresh = 0;

	if (!fz_cover || !area)
		return 0;
	n = __atomic_load_n(&area[0], __ATOMIC_RELAXED);
	if (n >= COVER_WORDS)
		n = COVER_WORDS - 1;
	for (unsigned long i = 1; i <= n; i++) {
		unsigned long pc = area[i], h = (pc * 0x9e3779b97f4a7c15ul) >> 50;

		for (unsigned k = 0; k < TABLE; k++, h = (h + 1) % TABLE) {
			unsigned long cur = __atomic_load_n(&fz_cover->pc[h], __ATOMIC_RELAXED);

			if (cur == pc)
				break;
			if (!cur) {
				unsigned long zero = 0;

				if (__atomic_compare_exchange_n(&fz_cover->pc[h], &zero, pc, false, __ATOMIC_RELAXED,
								__ATOMIC_RELAXED)) {
					__atomic_add_fetch(&fz_cover->n, 1, __ATOMIC_RELAXED);
					fresh++;
					break;
				}
				if (zero == pc)
					break;
			}
		}
	}
	return fresh;
}

/* A program that reached new PCs: into the corpus (its text, whole). */
void fz_cover_keep(const struct fz_prog *p)
{
	unsigned k;

	if (!fz_cover)
		return;
	k = __atomic_fetch_add(&fz_cover->corpus_n, 1, __ATOMIC_RELAXED);
	if (k < FZ_CORPUS)
		fz_cover->corpus[k] = *p;
}

int fz_cover_write(FILE *f)
{
	if (!fz_cover)
		return 0;
	for (unsigned h = 0; h < TABLE; h++)
		if (fz_cover->pc[h])
			fprintf(f, "0x%lx\n", fz_cover->pc[h]);
	return ferror(f) ? -1 : 0;
}
