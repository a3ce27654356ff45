/* SYSCALL_DEFINEn: a plain function sys_NAME returning long, plus a marker
 * symbol mt_long_sys_NAME the fuzzer uses to know that the entry point
 * returns long (an asmlinkage int sys_NAME has no marker). */
#ifndef MT_SYSCALL_H
#define MT_SYSCALL_H

#define MT_SC_DECL1(t1, a1) t1 a1
#define MT_SC_DECL2(t1, a1, t2, a2) t1 a1, t2 a2
#define MT_SC_DECL3(t1, a1, t2, a2, t3, a3) t1 a1, t2 a2, t3 a3
#define MT_SC_MARK(name) const char mt_long_sys##name[] = "long"
#define SYSCALL_DEFINE0(name) MT_SC_MARK(_##name); long sys_##name(void); long sys_##name(void)
#define SYSCALL_DEFINE1(name, ...) MT_SC_MARK(_##name); \
	long sys_##name(MT_SC_DECL1(__VA_ARGS__)); long sys_##name(MT_SC_DECL1(__VA_ARGS__))
#define SYSCALL_DEFINE2(name, ...) MT_SC_MARK(_##name); \
	long sys_##name(MT_SC_DECL2(__VA_ARGS__)); long sys_##name(MT_SC_DECL2(__VA_ARGS__))
#define SYSCALL_DEFINE3(name, ...) MT_SC_MARK(_##name); \
	long sys_##name(MT_SC_DECL3(__VA_ARGS__)); long sys_##name(MT_SC_DECL3(__VA_ARGS__))

#endif
