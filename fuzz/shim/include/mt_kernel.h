/* The whole user-space shim of the kernel API, as one header. Every
 * linux/... and asm/... header of fuzz/shim/include includes this, since
 * kernel headers include one another and implementations lean on that. */
#ifndef MT_KERNEL_H
#define MT_KERNEL_H

#include "mt/base.h"
#include "mt/printk.h"
#include "mt/atomic.h"
#include "mt/list.h"
#include "mt/mem.h"
#include "mt/lock.h"
#include "mt/uaccess.h"
#include "mt/module.h"
#include "mt/sched.h"
#include "mt/syscall.h"

#endif
