/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dm510 message box: shared definitions.
 *
 * The box is one LIFO stack of messages per running kernel. Its contract
 * (results, their order of precedence, the limits) is msgbox-torture's
 * SPEC.md; this header holds only what other kernel code may want to know.
 */
#ifndef _ASM_UM_DM510_MSGBOX_H
#define _ASM_UM_DM510_MSGBOX_H

#include <linux/sizes.h>

/* Defaults of the three limits; each is a parameter of "dm510_msgbox". */
#define DM510_MSGBOX_DEF_MAX_MSG_LEN	SZ_64K
#define DM510_MSGBOX_DEF_MAX_TOTAL	SZ_16M
#define DM510_MSGBOX_DEF_MAX_MSGS	65536

/* Upper bounds a parameter may be set to. */
#define DM510_MSGBOX_CAP_MAX_MSG_LEN	SZ_4M
#define DM510_MSGBOX_CAP_MAX_TOTAL	SZ_1G
#define DM510_MSGBOX_CAP_MAX_MSGS	(1 << 24)

#endif /* _ASM_UM_DM510_MSGBOX_H */
