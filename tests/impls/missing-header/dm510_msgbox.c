/*
 * Fixture for msgbox-torture (tests/impls/missing-header): a course
 * submission that includes its own header, "msgbox_types.h", which was
 * never handed in: it does not compile. (Were the header there, the code
 * would be a plain spinlock-protected stack with -1 for every error.)
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include "msgbox_types.h"

static msg_t *top = NULL;
static DEFINE_SPINLOCK(box_lock);

asmlinkage int sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;

	if (length < 0 || length > MSGBOX_MAX_LENGTH)
		return -1;
	msg = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (msg == NULL)
		return -1;
	msg->data = kmalloc(length, GFP_KERNEL);
	if (msg->data == NULL) {
		kfree(msg);
		return -1;
	}
	if (copy_from_user(msg->data, buffer, length)) {
		kfree(msg->data);
		kfree(msg);
		return -1;
	}
	msg->length = length;

	spin_lock(&box_lock);
	msg->previous = top;
	top = msg;
	spin_unlock(&box_lock);
	return 0;
}

asmlinkage int sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *msg;
	int n;

	spin_lock(&box_lock);
	msg = top;
	if (msg == NULL || length < msg->length) {
		spin_unlock(&box_lock);
		return -1;
	}
	top = msg->previous;
	spin_unlock(&box_lock);

	n = msg->length;
	if (copy_to_user(buffer, msg->data, n)) {
		kfree(msg->data);
		kfree(msg);
		return -1;
	}
	kfree(msg->data);
	kfree(msg);
	return n;
}
