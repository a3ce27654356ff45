/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msgbox-torture, the module swap: included before an implementation that
 * is built as a module (tools/check/stage-module.sh, ccflags -include).
 *
 * Built in, an implementation's initcall (device_initcall, late_initcall,
 * __initcall, module_init, ...) runs at boot; built as a module each of
 * them would become the module's init_module, and the glue needs that
 * name for itself. So the one initcall a file may have is kept in
 * mt_impl_init, and the glue's init (module_glue.c) runs it first. A file
 * with two initcalls does not build here and is built in instead.
 */
#include <linux/init.h>
#include <linux/module.h>

#undef module_init
#define module_init(fn) static initcall_t mt_impl_init __initdata __used = (fn)
#ifndef __initcall
#define __initcall(fn) module_init(fn)
#endif
static initcall_t mt_impl_init __initdata;
