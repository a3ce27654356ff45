/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dm510 message box, the module swap: a kernel built with dm510_dispatch.c
 * in place of an implementation has the two system calls call through the
 * implementation that a module registers (tools/check/stage-module.sh).
 */
#ifndef _ASM_UM_DM510_DISPATCH_H
#define _ASM_UM_DM510_DISPATCH_H

/*
 * The type of every entry of UML's x86_64 syscall table: the call gets the
 * six argument registers and its return register is handed back whole, so
 * an implementation declared "int" returns exactly what it would built in.
 */
typedef long (*dm510_call_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

struct dm510_impl {
	dm510_call_t put;
	dm510_call_t get;
};

int dm510_register_impl(const struct dm510_impl *impl);

#endif /* _ASM_UM_DM510_DISPATCH_H */
