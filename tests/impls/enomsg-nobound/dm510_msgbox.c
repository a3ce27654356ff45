/*
 * Fixture for msgbox-torture (tests/impls/enomsg-nobound): a course
 * submission. What is wrong with it:
 *  - the entry points return int (an error reaches user space as a large
 *    positive number);
 *  - no upper bound on the length: put tries kmalloc(length, GFP_KERNEL)
 *    for any length, and nothing bounds the box;
 *  - put ignores the result of copy_from_user(): a bad pointer stores
 *    uninitialised kernel memory and put reports success;
 *  - get never compares the caller's length with the message: it writes
 *    the whole message into a buffer shorter than it;
 *  - get pops the message before copy_to_user() and frees it when the copy
 *    fails: the message is lost;
 *  - an empty box answers -ENOMSG; no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct msg_t {
	struct msg_t *next;
	int len;
	char *buf;
};

static struct msg_t *head = NULL;
static DEFINE_SPINLOCK(msgbox_lock);

asmlinkage int sys_dm510_msgbox_put(char *buf, int len)
{
	struct msg_t *m;
	unsigned long flags;

	if (len < 0)
		return -EINVAL;
	if (len > 0 && buf == NULL)
		return -EFAULT;

	m = kmalloc(sizeof(struct msg_t), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->buf = kmalloc(len, GFP_KERNEL);
	if (!m->buf) {
		kfree(m);
		return -ENOMEM;
	}
	m->len = len;
	copy_from_user(m->buf, buf, len);

	spin_lock_irqsave(&msgbox_lock, flags);
	m->next = head;
	head = m;
	spin_unlock_irqrestore(&msgbox_lock, flags);
	return 0;
}

asmlinkage int sys_dm510_msgbox_get(char *buf, int len)
{
	struct msg_t *m;
	unsigned long flags;
	int n;

	if (len < 0)
		return -EINVAL;

	spin_lock_irqsave(&msgbox_lock, flags);
	m = head;
	if (m == NULL) {
		spin_unlock_irqrestore(&msgbox_lock, flags);
		return -ENOMSG;
	}
	head = m->next;
	spin_unlock_irqrestore(&msgbox_lock, flags);

	n = m->len;
	if (copy_to_user(buf, m->buf, n)) {
		kfree(m->buf);
		kfree(m);
		return -EFAULT;
	}
	kfree(m->buf);
	kfree(m);
	return n;
}
