/*
 * Fixture for msgbox-torture (tests/impls/vintage-4x): a submission from a
 * 4.x kernel course (three-argument access_ok with VERIFY_READ and
 * VERIFY_WRITE): it does not compile on 6.1 without COMPAT=1. What is
 * wrong with it beyond that:
 *  - get returns to user space with the spinlock held when the box is
 *    empty (spin_unlock missing on that path);
 *  - get takes the message off the stack before copy_to_user() and puts
 *    it back on top when the copy fails: meanwhile other callers see a
 *    box without it (a get says "empty", a put lands under it);
 *  - no upper bound on the length and nothing bounds the box (GFP_KERNEL);
 *  - no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <asm/uaccess.h>

typedef struct _msg_t msg_t;

struct _msg_t {
	msg_t *previous;
	int length;
	char *message;
};

static msg_t *bottom = NULL;
static msg_t *top = NULL;
static DEFINE_SPINLOCK(msgbox_lock);

asmlinkage long sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;

	if (length < 0)
		return -EINVAL;
	if (length > 0 && !access_ok(VERIFY_READ, buffer, length))
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

	spin_lock(&msgbox_lock);
	if (bottom == NULL) {
		bottom = msg;
		top = msg;
	} else {
		msg->previous = top;
		top = msg;
	}
	spin_unlock(&msgbox_lock);
	return 0;
}

asmlinkage long sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *msg;
	int mlength;

	if (length < 0)
		return -EINVAL;

	spin_lock(&msgbox_lock);
	if (top == NULL)
		return -ENODATA;
	msg = top;
	mlength = msg->length;
	if (length < mlength) {
		spin_unlock(&msgbox_lock);
		return -EMSGSIZE;
	}
	if (mlength > 0 && !access_ok(VERIFY_WRITE, buffer, mlength)) {
		spin_unlock(&msgbox_lock);
		return -EFAULT;
	}
	top = msg->previous;
	if (top == NULL)
		bottom = NULL;
	spin_unlock(&msgbox_lock);

	if (copy_to_user(buffer, msg->message, mlength)) {
		/* back on top, it is still ours */
		spin_lock(&msgbox_lock);
		msg->previous = top;
		top = msg;
		if (bottom == NULL)
			bottom = msg;
		spin_unlock(&msgbox_lock);
		return -EFAULT;
	}
	kfree(msg->message);
	kfree(msg);
	return mlength;
}
