/*
 * Fixture for msgbox-torture (tests/impls/abs-include): a course
 * submission that includes its own header by the absolute path on the
 * author's machine; the header is handed in beside it (dm510_msgbox.h,
 * with msg_t, MAX_MSG_SIZE and the prototypes). What is wrong:
 *  - put logs each message with printk("%s"), but a message is not
 *    NUL-terminated: vsprintf reads past the end of the allocation;
 *  - the entry points return int;
 *  - get takes the message off the stack before copy_to_user() and puts
 *    it back on top when the copy fails: meanwhile others see a box
 *    without it, and it comes back above newer messages;
 *  - nothing bounds the box (kmalloc with GFP_KERNEL);
 *  - conventions: messages capped at 4096 bytes, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include "/home/student/linux-6.1/arch/um/include/asm/dm510_msgbox.h"
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

static msg_t *bottom = NULL;
static msg_t *top = NULL;
static DEFINE_SPINLOCK(lock);

asmlinkage int sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;

	if (length < 0)
		return -EINVAL;
	if (length > MAX_MSG_SIZE)
		return -EMSGSIZE;
	if (buffer == NULL && length > 0)
		return -EFAULT;
	if (!access_ok(buffer, length))
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
		kfree(msg->message);
		kfree(msg);
		return -EFAULT;
	}
	printk_ratelimited(KERN_INFO "dm510: put %d bytes: %s\n", length, msg->message);

	spin_lock_irqsave(&lock, flags);
	if (bottom == NULL) {
		bottom = msg;
		top = msg;
	} else {
		msg->previous = top;
		top = msg;
	}
	spin_unlock_irqrestore(&lock, flags);
	return 0;
}

asmlinkage int sys_dm510_msgbox_get(char *buffer, int length)
{
	unsigned long flags;
	msg_t *msg;
	int mlength;

	if (length < 0)
		return -EINVAL;

	spin_lock_irqsave(&lock, flags);
	if (top == NULL) {
		spin_unlock_irqrestore(&lock, flags);
		return -ENODATA;
	}
	msg = top;
	mlength = msg->length;
	if (length < mlength) {
		spin_unlock_irqrestore(&lock, flags);
		return -EMSGSIZE;
	}
	top = msg->previous;
	if (top == NULL)
		bottom = NULL;
	spin_unlock_irqrestore(&lock, flags);

	if (copy_to_user(buffer, msg->message, mlength)) {
		spin_lock_irqsave(&lock, flags);
		msg->previous = top;
		top = msg;
		if (bottom == NULL)
			bottom = msg;
		spin_unlock_irqrestore(&lock, flags);
		return -EFAULT;
	}
	kfree(msg->message);
	kfree(msg);
	return mlength;
}
