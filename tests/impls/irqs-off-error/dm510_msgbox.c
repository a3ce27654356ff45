/*
 * Fixture for msgbox-torture (tests/impls/irqs-off-error): a course
 * submission. What is wrong with it:
 *  - get returns -EMSGSIZE (buffer too small) with interrupts still
 *    disabled: local_irq_restore() is missing on that path;
 *  - interrupts off (local_irq_save) is the only "lock"; get pops the
 *    message first, so a sleeping copy_to_user does not race here, but
 *    when the copy fails the popped message is freed: lost;
 *  - put frees only the struct, not the data, when copy_from_user fails
 *    (leak);
 *  - nothing bounds the box (kmalloc with GFP_KERNEL);
 *  - conventions: messages capped at 4096 bytes, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define MSG_MAX 4096

typedef struct _msg_t msg_t;

struct _msg_t {
	msg_t *previous;
	int length;
	char *message;
};

static msg_t *bottom = NULL;
static msg_t *top = NULL;

asmlinkage long sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;

	if (length < 0)
		return -EINVAL;
	if (length > MSG_MAX)
		return -EMSGSIZE;
	if (length > 0 && (buffer == NULL || !access_ok(buffer, length)))
		return -EFAULT;

	msg = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (msg == NULL)
		return -ENOMEM;
	msg->previous = NULL;
	msg->length = length;
	msg->message = kmalloc(length, GFP_KERNEL);
	if (msg->message == NULL) {
		kfree(msg);
		return -ENOMEM;
	}
	if (copy_from_user(msg->message, buffer, length)) {
		kfree(msg);
		return -EFAULT;
	}

	local_irq_save(flags);
	if (bottom == NULL) {
		bottom = msg;
		top = msg;
	} else {
		msg->previous = top;
		top = msg;
	}
	local_irq_restore(flags);
	return 0;
}

asmlinkage long sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;
	int mlength;

	if (length < 0)
		return -EINVAL;

	local_irq_save(flags);
	if (top == NULL) {
		local_irq_restore(flags);
		return -ENODATA;
	}
	msg = top;
	mlength = msg->length;
	if (length < mlength)
		return -EMSGSIZE;
	top = msg->previous;
	if (top == NULL)
		bottom = NULL;

	if (copy_to_user(buffer, msg->message, mlength)) {
		local_irq_restore(flags);
		kfree(msg->message);
		kfree(msg);
		return -EFAULT;
	}
	local_irq_restore(flags);

	kfree(msg->message);
	kfree(msg);
	return mlength;
}
