/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console classes, as one list: the classifier's enum cc_class, its
 * cc_class_name() / cc_class_from_name(), the noise list's CLASS column and
 * the class column of findings-N.tsv all come from it. Readers of the TSV
 * (the grader's matrix columns) include this header instead of keeping
 * their own copy of the names. Order: most serious first, which is the
 * order the grader shows them in.
 *
 *     X(ID, "name in the TSV", "what it means")
 *
 * Adding a class: one line here, its triggers in patterns.def, its bug
 * class in bugs.def, and a fixture under tests/console/.
 */
#ifndef CONSOLE_CLASSES_H
#define CONSOLE_CLASSES_H

#define CC_CLASSES(X)                                                              \
	X(PANIC, "panic", "UML panic: kernel-mode fault, BUG(), panic()")          \
	X(KASAN, "kasan", "KASAN or KFENCE report (\"BUG: KASAN: ...\")")           \
	X(SLAB, "slab", "SLUB/SLAB consistency check: poison, redzone, padding overwritten, bad free") \
	X(LOCKDEP, "lockdep", "lockdep, lock debugging, suspicious RCU usage")      \
	X(ATOMIC_SLEEP, "atomic_sleep", "sleeping in atomic context, scheduling while atomic") \
	X(IRQS_DISABLED, "irqs_disabled", "our WARN: a syscall returned with interrupts disabled") \
	X(KMEMLEAK, "kmemleak", "kmemleak: unreferenced objects, new suspected leaks") \
	X(HUNG_TASK, "hung_task", "\"INFO: task ... blocked for more than\"")     \
	X(SOFT_LOCKUP, "soft_lockup", "\"watchdog: BUG: soft lockup\"")            \
	X(RCU_STALL, "rcu_stall", "RCU CPU stall warnings")                        \
	X(OOM_KILL, "oom_kill", "OOM killer invoked, a process killed")            \
	X(OOPS_BUG, "oops_bug", "other \"BUG: ...\", \"kernel BUG at\", Oops, UBSAN") \
	X(WARNING, "warning", "other WARN()s: \"WARNING: CPU: ...\"")              \
	X(ALLOC_WARN, "alloc_warn", "\"page allocation failure\": a missing __GFP_NOWARN") \
	X(KMEMLEAK_OFF, "kmemleak_off", "kmemleak disabled itself: the leak oracle is dead")

#endif /* CONSOLE_CLASSES_H */
