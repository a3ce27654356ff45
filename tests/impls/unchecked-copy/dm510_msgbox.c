/*
 * Fixture for msgbox-torture (tests/impls/unchecked-copy): a course
 * submission. What is wrong with it:
 *  - neither copy_from_user() nor copy_to_user() has its result checked:
 *    a put from a bad pointer stores uninitialised kernel memory and
 *    returns 0, a get into a bad buffer returns the size and the message
 *    is gone;
 *  - a buffer too small gets +EMSGSIZE, a positive number;
 *  - nothing bounds the box (kmalloc with GFP_KERNEL; only the length is
 *    capped, at 64 KiB as in the assignment text);
 *  - conventions: NULL and access_ok() are checked even for length 0, no
 *    /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define MSGBOX_MAX_LEN 65536

struct msg_t {
	struct list_head node;
	int len;
	char *data;
};

static LIST_HEAD(box);
static DEFINE_SPINLOCK(box_lock);

SYSCALL_DEFINE2(dm510_msgbox_put, const char __user *, buffer, int, length)
{
	struct msg_t *msg;

	if (length < 0)
		return -EINVAL;
	if (length > MSGBOX_MAX_LEN)
		return -EMSGSIZE;
	if (!buffer || !access_ok(buffer, length))
		return -EFAULT;

	msg = kmalloc(sizeof(*msg), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg->data = kmalloc(length, GFP_KERNEL);
	if (!msg->data) {
		kfree(msg);
		return -ENOMEM;
	}
	copy_from_user(msg->data, buffer, length);
	msg->len = length;

	spin_lock(&box_lock);
	list_add(&msg->node, &box);
	spin_unlock(&box_lock);
	return 0;
}

SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)
{
	struct msg_t *msg;
	int len;

	if (length < 0)
		return -EINVAL;
	if (!buffer || !access_ok(buffer, length))
		return -EFAULT;

	spin_lock(&box_lock);
	if (list_empty(&box)) {
		spin_unlock(&box_lock);
		return -ENODATA;
	}
	msg = list_first_entry(&box, struct msg_t, node);
	if (length < msg->len) {
		spin_unlock(&box_lock);
		return EMSGSIZE;
	}
	list_del(&msg->node);
	spin_unlock(&box_lock);

	len = msg->len;
	copy_to_user(buffer, msg->data, len);
	kfree(msg->data);
	kfree(msg);
	return len;
}
