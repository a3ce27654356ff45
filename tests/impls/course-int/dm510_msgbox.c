/*
 * A typical course submission, kept as a fixture for `make check`: the
 * author's absolute include path, entry points declared to return int, no
 * upper bound on the length, plain GFP_KERNEL, and a message lost when
 * copy_to_user fails. Not ours: do not fix it.
 */
#include "/home/student/dm510/linux-6.1/arch/um/include/asm/dm510_msgbox.h"
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/errno.h>
#include <linux/spinlock.h>

typedef struct _msg_t msg_t;

struct _msg_t {
	msg_t *previous;
	int length;
	char *message;
};

static msg_t *bottom = NULL;
static msg_t *top = NULL;
static DEFINE_SPINLOCK(lock);

asmlinkage int sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;

	if (length < 0)
		return -EINVAL;
	if (buffer == NULL && length > 0)
		return -EFAULT;
	if (!access_ok(buffer, length))
		return -EFAULT;
	msg = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg->previous = NULL;
	msg->length = length;
	msg->message = kmalloc(length, GFP_KERNEL);
	if (!msg->message) {
		kfree(msg);
		return -ENOMEM;
	}
	if (copy_from_user(msg->message, buffer, length)) {
		kfree(msg->message);
		kfree(msg);
		return -EFAULT;
	}
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
		kfree(msg->message);
		kfree(msg);
		return -EFAULT;
	}
	kfree(msg->message);
	kfree(msg);
	return mlength;
}
