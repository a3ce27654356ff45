/* Kernel base vocabulary for a kernel file built in user space: types,
 * annotations, compiler helpers, errno values, sizes. */
#ifndef MT_BASE_H
#define MT_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "errno.h"

/* Not <limits.h>: glibc's includes <linux/limits.h>, which is ours here. */
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2U + 1U)
#define LONG_MAX __LONG_MAX__
#define LONG_MIN (-LONG_MAX - 1L)
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)
#endif
#define U32_MAX ((u32)~0U)
#define S32_MAX ((s32)(U32_MAX >> 1))

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

/* Annotations that mean nothing here. */
#define __user
#define __kernel
#define __iomem
#define __force
#define __rcu
#define __percpu
#define __must_check
#ifndef __always_inline
#define __always_inline inline
#endif
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __used __attribute__((used))
#define __cold
#define __read_mostly
#define __init
#define __exit
#define __initdata
#define __exitdata
#define __ro_after_init
#define notrace
#define asmlinkage
#define fallthrough __attribute__((fallthrough))
#define EXPORT_SYMBOL(s) extern int mt_export_dummy_
#define EXPORT_SYMBOL_GPL(s) extern int mt_export_dummy_
#define MODULE_LICENSE(x) extern int mt_module_dummy_
#define MODULE_AUTHOR(x) extern int mt_module_dummy_
#define MODULE_DESCRIPTION(x) extern int mt_module_dummy_
#define MODULE_VERSION(x) extern int mt_module_dummy_
#define THIS_MODULE NULL

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define min(a, b) ({ __typeof__(a) _mt_a = (a); __typeof__(b) _mt_b = (b); \
	_mt_a < _mt_b ? _mt_a : _mt_b; })
#define max(a, b) ({ __typeof__(a) _mt_a = (a); __typeof__(b) _mt_b = (b); \
	_mt_a > _mt_b ? _mt_a : _mt_b; })
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define BUILD_BUG_ON(c) ((void)sizeof(char[1 - 2 * !!(c)]))
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-4095)
static inline void *ERR_PTR(long e) { return (void *)e; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p) { return IS_ERR_VALUE(p); }
static inline bool IS_ERR_OR_NULL(const void *p) { return !p || IS_ERR_VALUE(p); }

/* Kernel-only errno values. */
#define ERESTARTSYS 512
#define ENOIOCTLCMD 515
#define ENOTSUPP 524

#define SZ_1K 0x400
#define SZ_4K 0x1000
#define SZ_64K 0x10000
#define SZ_1M 0x100000
#define SZ_4M 0x400000
#define SZ_16M 0x1000000
#define SZ_1G 0x40000000
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* A finding: the shim saw the implementation break a kernel rule. */
void mt_finding(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* BUG/WARN: a BUG is a panic on UML, a WARN a splat; both are findings. */
#define BUG() (mt_finding("BUG() at %s:%d", __FILE__, __LINE__), __builtin_trap())
#define BUG_ON(c) do { if (unlikely(c)) BUG(); } while (0)
#define WARN_ON(c) ({ bool _mt_c = !!(c); \
	if (unlikely(_mt_c)) mt_finding("WARN_ON(%s) at %s:%d", #c, __FILE__, __LINE__); \
	unlikely(_mt_c); })
#define WARN_ON_ONCE(c) WARN_ON(c)
#define WARN(c, ...) WARN_ON(c)
#define WARN_ONCE(c, ...) WARN_ON(c)

int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);

#endif
