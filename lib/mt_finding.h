/*
 * What a failure is, as data: the oracle that saw it and the bug class a
 * teacher reads. One X-macro list each; the harness (inside UML) writes the
 * names, the host tools read them back with mt_oracle_from_name() /
 * mt_bug_from_name(), and nothing judges by reading a detail string.
 * docs/RESULTS.md lists the same names with their meaning; a unit test
 * checks that the two agree.
 */
#ifndef MT_FINDING_H
#define MT_FINDING_H

#include <stdbool.h>

/* X(id, name, what it compares) */
#define MT_ORACLES(X)                                                              \
	X(RESULT, "result", "the call's return value against SPEC.md in the profile") \
	X(BOX, "box", "the /proc/dm510_msgbox counters before and after the call")    \
	X(CONTENTS, "contents", "draining the box against the model of what it holds") \
	X(CANARY, "canary", "the canary and guard page after the caller's buffer")    \
	X(DATA, "data", "the bytes a get returned against the message put")           \
	X(SOURCE, "source", "a put's source buffer left unchanged")                   \
	X(ORDER, "order", "messages come back last in, first out")                    \
	X(ABI, "abi", "results come back as a full long")                             \
	X(LIMIT, "limit", "a runtime limit reads back as written or refused")         \
	X(FILL, "fill", "exactly as many messages fit as the limits allow")           \
	X(LEAK, "leak", "kmemleak finds no unreferenced object of the box")           \
	X(OOM, "oom", "filling memory kills no process")                              \
	X(RESPONSIVE, "responsive", "the system keeps running while memory fills")   \
	X(NTH, "nth", "a fail-nth sweep ends")                                        \
	X(HISTORY, "history", "the stack checker over a concurrent history")          \
	X(PROGRESS, "progress", "calls keep completing while calls are pending")      \
	X(SETUP, "setup", "the box could be set up and emptied for the case")         \
	X(CONSOLE, "console", "no kernel report tied to the case")                    \
	X(TAINT, "taint", "the kernel's taint unchanged by the case")                 \
	X(CRASH, "crash", "the kernel survives the case")                             \
	X(TIMEOUT, "timeout", "the case ends within its time")                        \
	X(RAN, "ran", "the case ran at all")                                          \
	X(HARNESS, "harness", "the harness itself worked")

enum mt_oracle {
#define MT_X(id, name, what) MT_OR_##id,
	MT_ORACLES(MT_X)
#undef MT_X
	MT_OR_COUNT
};

/*
 * X(id, name, severity, words): severity orders the classes (a case that
 * violates several oracles gets the most severe class, the highest
 * number). "strict-only" classes are deviations SPEC.md lets a reasonable
 * implementation make; they count as findings only in the strict profile.
 */
#define MT_BUGS(X)                                                                                   \
	X(CRASH, "crash", 100, "the kernel crashes (panic, BUG)")                                    \
	X(KERNEL_MEMORY, "kernel-memory", 95, "kernel memory read or written out of bounds")         \
	X(USE_AFTER_FREE, "use-after-free", 94, "use-after-free or double free")                     \
	X(BLOCKS_CALLERS, "blocks-callers", 90, "blocks every caller while holding a lock")         \
	X(RACE, "race", 88, "concurrent calls lose, duplicate, corrupt or reorder messages")        \
	X(ATOMIC_SLEEP, "atomic-sleep", 85, "sleeps in atomic context")                             \
	X(IRQS_DISABLED, "irqs-disabled", 84, "returns to user space with interrupts disabled")     \
	X(LOCK_HELD, "lock-held", 83, "returns to user space holding a lock")                       \
	X(LOCKING, "locking", 82, "lockdep reports a locking bug")                                  \
	X(USER_OVERFLOW, "user-overflow", 80, "writes past the caller's buffer")                     \
	X(NO_BOX_BOUND, "no-box-bound", 78, "no bound on the box: one user can exhaust kernel memory") \
	X(NO_LENGTH_BOUND, "no-length-bound", 76, "no bound on the length: huge messages taken or huge allocations attempted") \
	X(LEAK, "leak", 74, "kernel memory leaked")                                                  \
	X(KERNEL_REPORT, "kernel-report", 72, "another kernel report (WARNING, hung task, ...)")     \
	X(LOST_ON_FAILED_GET, "lost-on-failed-get", 70, "a failed get loses the message")           \
	X(LOST, "lost", 69, "a message put is lost")                                                 \
	X(CORRUPTED, "corrupted", 68, "a get returns other bytes than were put")                    \
	X(MESSAGE_STUCK, "message-stuck", 67, "a message never leaves the box")                      \
	X(ERROR_CHANGES_BOX, "error-changes-box", 66, "a call that fails changes the box")          \
	X(UNCHECKED_COPY, "unchecked-copy", 71, "success on a bad pointer: a failed copy ignored (what it stores was never put)")   \
	X(ORDER, "order", 62, "messages do not come back last in, first out")                        \
	X(RETURNS_INT, "returns-int", 60, "entry points return int: errors reach user space as large positive numbers") \
	X(POSITIVE_ERROR, "positive-error", 58, "a positive value where an error is due")           \
	X(WRONG_SUCCESS, "wrong-success", 56, "a wrong value on success (not 0 for put, not the size for get)") \
	X(ACCEPTS_BAD, "accepts-bad", 54, "success where SPEC.md demands an error")                 \
	X(REJECTS_GOOD, "rejects-good", 52, "an error where SPEC.md demands success")               \
	X(LIMITS, "limits", 50, "the limits are not kept (too many or too few messages fit)")       \
	X(WRONG_ERRNO, "wrong-errno", 20, "strict-only: another error than SPEC.md's")              \
	X(LENGTH_CAP, "length-cap", 19, "strict-only: its own cap on the length, below max_msg_len") \
	X(REJECTS_EMPTY, "rejects-empty", 18, "strict-only: a zero-length put is refused")          \
	X(WILD_LEN0, "wild-len0", 17, "strict-only: a wild pointer is refused even for length 0")  \
	X(NO_PROC, "no-proc", 16, "strict-only: no /proc/dm510_msgbox or no runtime limits")        \
	X(NO_COMPILE, "no-compile", 110, "does not compile")                                         \
	X(NO_ENTRY, "no-entry", 109, "no entry points found")                                       \
	X(HARNESS, "harness", 1, "the harness could not judge (a fault of ours or of the machine)") \
	X(OTHER, "other", 0, "not classified")

enum mt_bug {
#define MT_X(id, name, sev, words) MT_BUG_##id,
	MT_BUGS(MT_X)
#undef MT_X
	MT_BUG_COUNT
};

const char *mt_oracle_name(enum mt_oracle o);
const char *mt_oracle_what(enum mt_oracle o);
/* 0 and *out set when @name names an oracle, -1 otherwise. */
int mt_oracle_from_name(const char *name, enum mt_oracle *out);

const char *mt_bug_name(enum mt_bug b);
const char *mt_bug_words(enum mt_bug b);
int mt_bug_severity(enum mt_bug b);
int mt_bug_from_name(const char *name, enum mt_bug *out);
/* A deviation SPEC.md allows a reasonable implementation: strict only. */
bool mt_bug_strict_only(enum mt_bug b);
/*
 * A class a kernel report tied to the same case cannot explain: what
 * concurrent calls did to each other (race, blocks-callers) and what the
 * box lets one user hold (no-box-bound, no-length-bound). A KASAN or
 * use-after-free report in a case explains its wrong bytes, sizes and
 * losses, not these; the report lists them beside it.
 */
bool mt_bug_not_a_symptom(enum mt_bug b);
/* The more severe of two classes. */
enum mt_bug mt_bug_worse(enum mt_bug a, enum mt_bug b);

#endif
