/*
 * Fixture for msgbox-torture (tests/impls/unprefixed-int): a course
 * submission whose entry points are called dm510_msgbox_put/get (no sys_
 * prefix, no SYSCALL_DEFINE2, no wrapper) and return int. What is wrong:
 *  - the entry points return int;
 *  - put pushes the message before copy_from_user() fills it: a put that
 *    fails leaves an empty-looking message in the box, and a get that
 *    runs while a put sleeps in its copy returns bytes that were never put
 *    and frees the message the put is still copying into;
 *  - get ignores the caller's length and writes the whole message into a
 *    buffer shorter than it;
 *  - no upper bound on the length; the stack holds 1024 messages of any
 *    size, so nothing bounds the memory either;
 *  - conventions: -1 for every error, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#define STACK_SIZE 1024

typedef struct {
	int length;
	char *data;
} msg_t;

static msg_t *stack[STACK_SIZE];
static int stack_top = 0;	/* number of messages */
static DEFINE_SPINLOCK(stack_lock);

int dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;

	if (length < 0)
		return -1;
	if (buffer == NULL && length > 0)
		return -1;

	msg = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (msg == NULL)
		return -1;
	msg->data = kzalloc(length, GFP_KERNEL);
	if (msg->data == NULL) {
		kfree(msg);
		return -1;
	}
	msg->length = length;

	/* reserve our place on the stack first */
	spin_lock_irqsave(&stack_lock, flags);
	if (stack_top >= STACK_SIZE) {
		spin_unlock_irqrestore(&stack_lock, flags);
		kfree(msg->data);
		kfree(msg);
		return -1;
	}
	stack[stack_top++] = msg;
	spin_unlock_irqrestore(&stack_lock, flags);

	if (copy_from_user(msg->data, buffer, length))
		return -1;
	return 0;
}

int dm510_msgbox_get(char *buffer, int length)
{
	msg_t *msg;
	unsigned long flags;
	int len;

	if (length < 0 || buffer == NULL)
		return -1;

	spin_lock_irqsave(&stack_lock, flags);
	if (stack_top == 0) {
		spin_unlock_irqrestore(&stack_lock, flags);
		return -1;
	}
	msg = stack[--stack_top];
	spin_unlock_irqrestore(&stack_lock, flags);

	len = msg->length;
	if (copy_to_user(buffer, msg->data, len)) {
		/* put it back where it was */
		spin_lock_irqsave(&stack_lock, flags);
		stack[stack_top++] = msg;
		spin_unlock_irqrestore(&stack_lock, flags);
		return -1;
	}

	kfree(msg->data);
	kfree(msg);
	return len;
}
