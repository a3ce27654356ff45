/*
 * Fixture for msgbox-torture (tests/impls/spin-copy-612): a course
 * submission. What is wrong with it:
 *  - get calls copy_to_user() while holding a spinlock: it may sleep in
 *    atomic context (DEBUG_ATOMIC_SLEEP reports it on 6.12; on 6.1 UML
 *    cannot see it);
 *  - a zero-length message never leaves the box: get returns 0 for it
 *    without removing it;
 *  - no upper bound on the length, nothing bounds the box (GFP_KERNEL);
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

struct msg_t {
	struct list_head list;
	int size;
	char *data;
};

static LIST_HEAD(msgbox);
static DEFINE_SPINLOCK(msgbox_lock);

SYSCALL_DEFINE2(dm510_msgbox_put, const char __user *, buffer, int, length)
{
	struct msg_t *msg;

	if (length < 0)
		return -EINVAL;
	if (buffer == NULL || !access_ok(buffer, length))
		return -EFAULT;

	msg = kmalloc(sizeof(*msg), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg->data = kmalloc(length, GFP_KERNEL);
	if (!msg->data) {
		kfree(msg);
		return -ENOMEM;
	}
	if (copy_from_user(msg->data, buffer, length)) {
		kfree(msg->data);
		kfree(msg);
		return -EFAULT;
	}
	msg->size = length;

	spin_lock(&msgbox_lock);
	list_add(&msg->list, &msgbox);
	spin_unlock(&msgbox_lock);
	return 0;
}

SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)
{
	struct msg_t *msg;
	int size;

	if (length < 0)
		return -EINVAL;
	if (buffer == NULL || !access_ok(buffer, length))
		return -EFAULT;

	spin_lock(&msgbox_lock);
	if (list_empty(&msgbox)) {
		spin_unlock(&msgbox_lock);
		return -ENODATA;
	}
	msg = list_first_entry(&msgbox, struct msg_t, list);
	size = msg->size;
	if (size == 0) {
		/* nothing to copy */
		spin_unlock(&msgbox_lock);
		return 0;
	}
	if (length < size) {
		spin_unlock(&msgbox_lock);
		return -EMSGSIZE;
	}
	/* copy while we hold the lock so nobody else takes this message */
	if (copy_to_user(buffer, msg->data, size)) {
		spin_unlock(&msgbox_lock);
		return -EFAULT;
	}
	list_del(&msg->list);
	spin_unlock(&msgbox_lock);

	kfree(msg->data);
	kfree(msg);
	return size;
}
