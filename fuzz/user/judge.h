/* Runs decoded ops against the implementation and a model stack, and holds
 * every result to SPEC.md (strict or lenient). A finding ends the process
 * with one line naming the op sequence. */
#ifndef FUZZ_JUDGE_H
#define FUZZ_JUDGE_H

#include <stddef.h>
#include <stdint.h>

/* Once per process: the user region, the module's initcalls, the probe of
 * how the implementation answers an empty box. lenient: SPEC's profile. */
void judge_init(int lenient, int verbose);
/* One input: its ops, then a drain of the box and the leak check. */
void judge_run(const uint8_t *data, size_t n);

#endif
