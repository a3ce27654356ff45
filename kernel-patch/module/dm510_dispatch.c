// SPDX-License-Identifier: GPL-2.0
/*
 * dm510 message box, the module swap: the system calls of a kernel whose
 * implementation is a module.
 *
 * make check builds a foreign dm510_msgbox.c as a module against one built
 * kernel instead of linking it into a kernel of its own; this file stands
 * where the implementation stands in that kernel. The module registers its
 * two entry points once, from its init (it has no exit: it stays loaded
 * until the machine powers off, so a call never runs into code that is
 * gone). Before that, both calls are sys_ni_syscall: no such call.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/linkage.h>
#include <linux/printk.h>
#include <linux/syscalls.h>
#include <asm/dm510_dispatch.h>

static const struct dm510_impl *dm510_impl;

int dm510_register_impl(const struct dm510_impl *impl)
{
	if (!impl || !impl->put || !impl->get)
		return -EINVAL;
	/* once: a second module would take over calls in flight */
	if (cmpxchg(&dm510_impl, NULL, impl))
		return -EBUSY;
	pr_info("dm510_msgbox: the implementation is a module\n");
	return 0;
}
EXPORT_SYMBOL_GPL(dm510_register_impl);

/* The table's prototype (arch/x86/um/sys_call_table_64.c). */
asmlinkage long sys_dm510_msgbox_put(unsigned long a1, unsigned long a2,
				     unsigned long a3, unsigned long a4,
				     unsigned long a5, unsigned long a6)
{
	/* pairs with the cmpxchg: the table is seen whole, as registered */
	const struct dm510_impl *impl = smp_load_acquire(&dm510_impl);

	if (!impl)
		return sys_ni_syscall();
	return impl->put(a1, a2, a3, a4, a5, a6);
}

asmlinkage long sys_dm510_msgbox_get(unsigned long a1, unsigned long a2,
				     unsigned long a3, unsigned long a4,
				     unsigned long a5, unsigned long a6)
{
	/* pairs with the cmpxchg: the table is seen whole, as registered */
	const struct dm510_impl *impl = smp_load_acquire(&dm510_impl);

	if (!impl)
		return sys_ni_syscall();
	return impl->get(a1, a2, a3, a4, a5, a6);
}
