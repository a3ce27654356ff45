/*
 * Fixture for msgbox-torture (tests/impls/sem-printk): a course
 * submission with a semaphore for a lock and its debugging printk()s
 * left in. What is wrong:
 *  - down_interruptible()'s result is ignored: a caller woken by a signal
 *    while it waits goes on without the semaphore and then up()s it, so
 *    from then on two callers can be inside at once (the count is 2);
 *  - get never frees the message's bytes (only the struct): every
 *    message read is leaked;
 *  - nothing bounds the box (GFP_KERNEL, no count);
 *  - conventions: an empty box answers -EAGAIN, lengths above 1024 get
 *    -EINVAL, no /proc/dm510_msgbox; a printk() on every call.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define MAX_LEN 1024

struct message {
	struct message *next;
	int len;
	char *data;
};

static struct message *stack;
static DEFINE_SEMAPHORE(stack_sem);

asmlinkage long sys_dm510_msgbox_put(char __user *buffer, int length)
{
	struct message *m;

	printk(KERN_INFO "dm510: put %d bytes\n", length);
	if (length < 0 || length > MAX_LEN)
		return -EINVAL;
	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->data = kmalloc(length, GFP_KERNEL);
	if (!m->data) {
		kfree(m);
		return -ENOMEM;
	}
	if (copy_from_user(m->data, buffer, length)) {
		kfree(m->data);
		kfree(m);
		return -EFAULT;
	}
	m->len = length;

	down_interruptible(&stack_sem);
	m->next = stack;
	stack = m;
	up(&stack_sem);
	return 0;
}

asmlinkage long sys_dm510_msgbox_get(char __user *buffer, int length)
{
	struct message *m;
	int len;

	printk(KERN_INFO "dm510: get into %d bytes\n", length);
	if (length < 0)
		return -EINVAL;
	down_interruptible(&stack_sem);
	m = stack;
	if (!m) {
		up(&stack_sem);
		return -EAGAIN;
	}
	if (m->len > length) {
		up(&stack_sem);
		return -EMSGSIZE;
	}
	if (copy_to_user(buffer, m->data, m->len)) {
		up(&stack_sem);
		return -EFAULT;
	}
	stack = m->next;
	up(&stack_sem);
	len = m->len;
	kfree(m);
	return len;
}
