// SPDX-License-Identifier: GPL-2.0
/*
 * msgbox-torture, the module swap: appended to an implementation built as
 * a module (tools/check/stage-module.sh). Its init runs the file's own
 * initcall, as the kernel would at boot (its result only logged, as
 * there), then hands the two entry points to the kernel's dispatcher
 * (kernel-patch/module/dm510_dispatch.c). No exit: the module stays
 * until power-off.
 */
#include <asm/dm510_dispatch.h>

static const struct dm510_impl mt_impl = {
	.put = (dm510_call_t)(void *)sys_dm510_msgbox_put,
	.get = (dm510_call_t)(void *)sys_dm510_msgbox_get,
};

static int __init mt_module_load(void)
{
	int err = mt_impl_init ? mt_impl_init() : 0;

	/* built in, a failed initcall leaves the calls in place: so here */
	if (err)
		pr_warn("msgbox-torture: the implementation's initcall returned %d\n", err);
	return dm510_register_impl(&mt_impl);
}
int init_module(void) __copy(mt_module_load) __alias(mt_module_load);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("a dm510 message box implementation under msgbox-torture");
