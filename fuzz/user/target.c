/* The libFuzzer target: FUZZ_PROFILE=lenient in the environment for the
 * lenient profile (default strict); FUZZ_PROC_EACH=1 reads /proc after
 * every call (judge.h); FUZZ_SAY_SETUP=1 also says at exit how often the
 * /proc text was read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "judge.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

/* ASan's defaults for this binary (ASAN_OPTIONS still overrides them): a
 * quarantine of 16 MiB, not 256 (a use after free in the file comes within
 * its call or the next few; an input allocates at most 4 MiB of blocks
 * under 128 KiB, and those of 128 KiB and more have bigblock.c's own),
 * its memory kept, not handed back to the kernel every 5 s (fresh pages
 * were 5% of the time), and the allocation and free stacks of a report 8
 * frames deep (the file's function, the shim's allocator, the judge's
 * call, the entry), not 30: recording them was 4%. A quarantine of 16 MiB
 * instead of 64 keeps the recycled blocks in the cache: 3% more inputs
 * per second (session 23). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16:allocator_release_to_os_interval_ms=-1:malloc_context_size=8";
}

static long inputs;

/* At exit: the /proc reads, and the inputs per second of this process's
 * own CPU time, which other jobs on the machine change far less than they
 * change libFuzzer's exec/s (wall clock). */
static void say_proc(void)
{
	long reads, skips;
	struct rusage ru;
	double cpu;

	judge_proc_counts(&reads, &skips);
	fprintf(stderr, "fuzz: /proc/dm510_msgbox read %ld times, %ld reads skipped (nothing it "
		"must agree with had moved)\n", reads, skips);
	if (getrusage(RUSAGE_SELF, &ru))
		return;
	cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	      ru.ru_stime.tv_usec / 1e6;
	if (cpu > 0)
		fprintf(stderr, "fuzz-cpu: %ld inputs in %.2f s of CPU: %.0f inputs per CPU second, "
			"%.1f calls an input, %.0f calls per CPU second\n", inputs, cpu, inputs / cpu,
			inputs ? (double)judge_calls() / (double)inputs : 0.0, (double)judge_calls() / cpu);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *p = getenv("FUZZ_PROFILE");

	(void)argc;
	(void)argv;
	judge_init(p && !strcmp(p, "lenient"), getenv("FUZZ_VERBOSE") != NULL);
	judge_proc_each(getenv("FUZZ_PROC_EACH") && !strcmp(getenv("FUZZ_PROC_EACH"), "1"));
	if (getenv("FUZZ_SAY_SETUP"))
		atexit(say_proc);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	inputs++;
	judge_run(data, n);
	return 0;
}
