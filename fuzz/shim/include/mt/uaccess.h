/* User memory: copy_*_user, get_user/put_user, access_ok over the shim's
 * simulated user address space (fuzz/shim/uaccess.c). A bad pointer gives a
 * short copy, never a SIGSEGV. Each may fault, so each is a sleep point
 * unless page faults are disabled. */
#ifndef MT_UACCESS_H
#define MT_UACCESS_H

/* x86-64 user space ends here; UML's access_ok checks only the range. */
#define TASK_SIZE 0x7ffffffff000UL

bool mt_access_ok(const void *addr, unsigned long size);
unsigned long mt_copy_from_user(void *to, const void *from, unsigned long n);
unsigned long mt_copy_to_user(void *to, const void *from, unsigned long n);
unsigned long mt_clear_user(void *to, unsigned long n);
size_t mt_fault_in(const void *uaddr, size_t size, bool write);
long mt_strncpy_from_user(char *dst, const char *src, long count);
void mt_pagefault_disable(void);
void mt_pagefault_enable(void);
bool mt_pagefault_disabled(void);

#define __access_ok(addr, size) mt_access_ok((const void *)(addr), (unsigned long)(size))
#define access_ok(addr, size) __access_ok(addr, size)
#define copy_from_user(to, from, n) mt_copy_from_user(to, (const void *)(from), n)
#define copy_to_user(to, from, n) mt_copy_to_user((void *)(to), from, n)
#define __copy_from_user copy_from_user
#define __copy_to_user copy_to_user
#define raw_copy_from_user copy_from_user
#define raw_copy_to_user copy_to_user
#define copy_from_user_nofault(to, from, n) \
	(mt_pagefault_disable(), mt_copy_from_user(to, (const void *)(from), n) ? \
	 (mt_pagefault_enable(), -EFAULT) : (mt_pagefault_enable(), 0))
#define clear_user(to, n) mt_clear_user((void *)(to), n)
#define __clear_user clear_user
#define strncpy_from_user(d, s, n) mt_strncpy_from_user(d, (const char *)(s), n)
#define fault_in_writeable(p, n) mt_fault_in((const void *)(p), n, true)
#define fault_in_readable(p, n) mt_fault_in((const void *)(p), n, false)
#define fault_in_safe_writeable(p, n) mt_fault_in((const void *)(p), n, true)
#define pagefault_disable() mt_pagefault_disable()
#define pagefault_enable() mt_pagefault_enable()
#define pagefault_disabled() mt_pagefault_disabled()

#define get_user(x, ptr) ({ \
	unsigned char _mt_b[sizeof(*(ptr))]; \
	int _mt_e = mt_copy_from_user(_mt_b, (const void *)(ptr), sizeof(_mt_b)) ? -EFAULT : 0; \
	(x) = _mt_e ? 0 : *(__typeof__(*(ptr)) *)(void *)_mt_b; \
	_mt_e; })
#define put_user(x, ptr) ({ \
	__typeof__(*(ptr)) _mt_v = (x); \
	mt_copy_to_user((void *)(ptr), &_mt_v, sizeof(_mt_v)) ? -EFAULT : 0; })
#define __get_user get_user
#define __put_user put_user

#endif
