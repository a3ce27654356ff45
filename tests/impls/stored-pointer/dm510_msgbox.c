/*
 * Fixture for msgbox-torture (tests/impls/stored-pointer): a course
 * submission that keeps the caller's pointer instead of the message.
 * What is wrong:
 *  - put stores `buffer` itself (no copy_from_user at all, only
 *    access_ok): get then copies from that address in the *getter's*
 *    address space, after the putter may have changed or unmapped it, or
 *    in another process altogether; a message read back in the putting
 *    process before its buffer changes looks right;
 *  - get takes the message off the stack before copying and, when a copy
 *    fails, frees it and returns -EFAULT: the message is gone;
 *  - nothing bounds the length (put never allocates it, get kmallocs it)
 *    or the box (GFP_KERNEL, no count);
 *  - asmlinkage int entry points; -ENODATA for an empty box.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

typedef struct _msg_t msg_t;

struct _msg_t {
	msg_t *previous;
	int length;
	char *message;
};

static msg_t *top;
static DEFINE_SPINLOCK(box_lock);

asmlinkage int sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;

	if (length < 0)
		return -EINVAL;
	if (length > 0 && !access_ok(buffer, length))
		return -EFAULT;
	msg = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (msg == NULL)
		return -ENOMEM;
	msg->length = length;
	msg->message = buffer;	/* the user's buffer is still there when get runs */

	spin_lock_irqsave(&box_lock, flags);
	msg->previous = top;
	top = msg;
	spin_unlock_irqrestore(&box_lock, flags);
	return 0;
}

asmlinkage int sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;
	char *tmp;
	int mlength;

	if (length < 0)
		return -EINVAL;
	spin_lock_irqsave(&box_lock, flags);
	msg = top;
	if (msg == NULL) {
		spin_unlock_irqrestore(&box_lock, flags);
		return -ENODATA;
	}
	if (length < msg->length) {
		spin_unlock_irqrestore(&box_lock, flags);
		return -EMSGSIZE;
	}
	top = msg->previous;
	spin_unlock_irqrestore(&box_lock, flags);

	mlength = msg->length;
	tmp = kmalloc(mlength, GFP_KERNEL);
	if (tmp == NULL) {
		kfree(msg);
		return -ENOMEM;
	}
	if (copy_from_user(tmp, msg->message, mlength) ||
	    copy_to_user(buffer, tmp, mlength)) {
		kfree(tmp);
		kfree(msg);
		return -EFAULT;
	}
	kfree(tmp);
	kfree(msg);
	return mlength;
}
