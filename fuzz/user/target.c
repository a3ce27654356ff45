/* The libFuzzer target: FUZZ_PROFILE=lenient in the environment for the
 * lenient profile (default strict); FUZZ_PROC_EACH=1 reads /proc after
 * every call (judge.h); FUZZ_SAY_SETUP=1 also says at exit how often the
 * /proc text was read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static void say_proc(void)
{
	long reads, skips;

	judge_proc_counts(&reads, &skips);
	fprintf(stderr, "fuzz: /proc/dm510_msgbox read %ld times, %ld reads skipped (nothing it "
		"must agree with had moved)\n", reads, skips);
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
	judge_run(data, n);
	return 0;
}
