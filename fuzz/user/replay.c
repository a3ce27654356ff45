/* Replay: prints each input's ops in words and runs them, saying every
 * result; a finding ends it as in the fuzzer. Built without libFuzzer (and,
 * for memcheck, without sanitizers).
 *   replay [--lenient] [--quiet] FILE...   */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "ops.h"

int main(int argc, char **argv)
{
	int lenient = 0, quiet = 0, first = 1;
	static uint8_t data[OPS_MAX * OP_BYTES];

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "--lenient"))
			lenient = 1;
		else if (!strcmp(argv[first], "--quiet"))
			quiet = 1;
		else {
			fprintf(stderr, "usage: %s [--lenient] [--quiet] FILE...\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	judge_init(lenient, !quiet);
	judge_proc_each(true);	/* a wrong /proc count named at the call that made it */
	for (int i = first; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		n = fread(data, 1, sizeof(data), f);
		fclose(f);
		if (!quiet)
			printf("%s: %zu ops\n", argv[i], n / OP_BYTES);
		judge_run(data, n);
	}
	if (!quiet)
		printf("replay: %d input(s), no finding\n", argc - first);
	return 0;
}
