/* Runs decoded ops against the implementation and a model stack, and holds
 * every result to SPEC.md (strict or lenient). A finding ends the process
 * with one line naming the op sequence. */
#ifndef FUZZ_JUDGE_H
#define FUZZ_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Once per process: the user region, the module's initcalls, the probe of
 * how the implementation answers an empty box. lenient: SPEC's profile. */
void judge_init(int lenient, int verbose);
/* One input: its ops, then a drain of the box and the leak check. */
void judge_run(const uint8_t *data, size_t n);
/* Read /proc/dm510_msgbox after every call (the replay: the finding names
 * the call), not only when the model or the live allocations moved and at
 * the end of each input (the fuzzer). */
void judge_proc_each(bool on);
/* How many times the text was read, and skipped as unchanged. */
void judge_proc_counts(long *reads, long *skips);
/* The calls made into the file so far: puts, gets (the drain's too) and
 * parameter writes. */
long judge_calls(void);

#endif
