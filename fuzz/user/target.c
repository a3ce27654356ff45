/* The libFuzzer target: FUZZ_PROFILE=lenient in the environment for the
 * lenient profile (default strict). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *p = getenv("FUZZ_PROFILE");

	(void)argc;
	(void)argv;
	judge_init(p && !strcmp(p, "lenient"), getenv("FUZZ_VERBOSE") != NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	judge_run(data, n);
	return 0;
}
