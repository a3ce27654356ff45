/*
 * Fixture for msgbox-torture (tests/impls/positive-empty): a course
 * submission. What is wrong with it:
 *  - get on an empty box returns ENODATA without the minus: a positive
 *    number, which looks like a successful get of 61 bytes;
 *  - the "stack" is a queue: new messages go to the tail and get takes
 *    the head, so messages come back first in, first out;
 *  - nothing bounds the box (kmalloc with GFP_KERNEL);
 *  - conventions: messages capped at 4096 bytes, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#define MAXLEN 4096

typedef struct msg_t msg_t;
struct msg_t {
	msg_t *next;
	int len;
	char *data;
};

static msg_t *first = NULL;	/* where get takes from */
static msg_t *last = NULL;	/* where put adds */
static DEFINE_SPINLOCK(box_lock);

asmlinkage long sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *m;
	unsigned long flags;

	if (length < 0)
		return -EINVAL;
	if (length > MAXLEN)
		return -EMSGSIZE;
	if (length > 0 && (buffer == NULL || !access_ok(buffer, length)))
		return -EFAULT;

	m = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (m == NULL)
		return -ENOMEM;
	m->data = kmalloc(length, GFP_KERNEL);
	if (m->data == NULL) {
		kfree(m);
		return -ENOMEM;
	}
	if (copy_from_user(m->data, buffer, length)) {
		kfree(m->data);
		kfree(m);
		return -EFAULT;
	}
	m->len = length;
	m->next = NULL;

	spin_lock_irqsave(&box_lock, flags);
	if (last == NULL) {
		first = m;
		last = m;
	} else {
		last->next = m;
		last = m;
	}
	spin_unlock_irqrestore(&box_lock, flags);
	return 0;
}

asmlinkage long sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *m;
	unsigned long flags;
	long len;

	if (length < 0)
		return -EINVAL;

	spin_lock_irqsave(&box_lock, flags);
	m = first;
	if (m == NULL) {
		spin_unlock_irqrestore(&box_lock, flags);
		return ENODATA;
	}
	if (length < m->len) {
		spin_unlock_irqrestore(&box_lock, flags);
		return -EMSGSIZE;
	}
	first = m->next;
	if (first == NULL)
		last = NULL;
	spin_unlock_irqrestore(&box_lock, flags);

	if (copy_to_user(buffer, m->data, m->len)) {
		/* could not deliver it: put it back at the front */
		spin_lock_irqsave(&box_lock, flags);
		m->next = first;
		first = m;
		if (last == NULL)
			last = m;
		spin_unlock_irqrestore(&box_lock, flags);
		return -EFAULT;
	}
	len = m->len;
	kfree(m->data);
	kfree(m);
	return len;
}
