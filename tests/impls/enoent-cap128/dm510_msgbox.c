/*
 * Fixture for msgbox-torture (tests/impls/enoent-cap128): a course
 * submission. What is wrong with it:
 *  - get frees the message and then reads its length for the return value
 *    (use-after-free, on every successful get);
 *  - get answers a negative length with +EINVAL (a positive number)
 *    instead of -EINVAL;
 *  - the entry points return int;
 *  - nothing bounds the number of messages (kmalloc with GFP_KERNEL);
 *  - conventions: -ENOENT for an empty box, messages capped at 128 bytes,
 *    zero-length puts refused, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#define MAX_MESSAGE_LENGTH 128

typedef struct msg_t {
	struct msg_t *prev;
	int length;
	char *text;
} msg_t;

static msg_t *stack_top = NULL;
static DEFINE_SPINLOCK(stack_lock);

asmlinkage int sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *m;

	if (length < 0)
		return -EINVAL;
	if (length == 0 || length > MAX_MESSAGE_LENGTH)
		return -EMSGSIZE;
	if (!access_ok(buffer, length))
		return -EFAULT;

	m = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (m == NULL)
		return -ENOMEM;
	m->text = kmalloc(length, GFP_KERNEL);
	if (m->text == NULL) {
		kfree(m);
		return -ENOMEM;
	}
	if (copy_from_user(m->text, buffer, length)) {
		kfree(m->text);
		kfree(m);
		return -EFAULT;
	}
	m->length = length;

	spin_lock(&stack_lock);
	m->prev = stack_top;
	stack_top = m;
	spin_unlock(&stack_lock);
	return 0;
}

asmlinkage int sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *m;

	if (length < 0)
		return EINVAL;

	spin_lock(&stack_lock);
	m = stack_top;
	if (m == NULL) {
		spin_unlock(&stack_lock);
		return -ENOENT;
	}
	if (length < m->length) {
		spin_unlock(&stack_lock);
		return -EMSGSIZE;
	}
	stack_top = m->prev;
	spin_unlock(&stack_lock);

	if (copy_to_user(buffer, m->text, m->length)) {
		/* give it back */
		spin_lock(&stack_lock);
		m->prev = stack_top;
		stack_top = m;
		spin_unlock(&stack_lock);
		return -EFAULT;
	}
	kfree(m->text);
	kfree(m);
	return m->length;
}
