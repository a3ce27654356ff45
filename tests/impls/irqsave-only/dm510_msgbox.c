/*
 * Fixture for msgbox-torture (tests/impls/irqsave-only): a submission that
 * is correct except for its lock. It takes local_irq_save() as the lock of
 * the box, also around copy_to_user() in get. With one CPU that is enough
 * while nothing sleeps, but a get whose copy_to_user sleeps in a page fault
 * (held there by userfaultfd) lets other calls run in the middle of it: a
 * second get returns the same message (duplicated); a put in the middle
 * is undone when the first get sets count back to its own slot (lost);
 * a slot refilled meanwhile is copied out half old, half new (corrupted).
 * The messages live in a static array that is never freed, and count is
 * only ever set to a slot index that was valid, so the race shows as lost,
 * duplicated or corrupted messages and not as a use-after-free or an
 * access out of the array (a "count--" here would drive count below zero
 * and read before the array: measured, KASAN global-out-of-bounds).
 * The author's own limits: 4096 bytes a message, 2048 messages; no
 * /proc/dm510_msgbox. Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define MAX_MSG_LEN	4096
#define MAX_MSGS	2048

/* same flags as the course's reference: no OOM killer, no warning */
#define MSG_GFP		(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

struct msg_t {
	int length;
	char data[MAX_MSG_LEN];
};

/* the stack: box[0..count-1], box[count-1] is the top */
static struct msg_t box[MAX_MSGS];
static int count;

SYSCALL_DEFINE2(dm510_msgbox_put, const char __user *, buffer, int, length)
{
	unsigned long flags;
	char *tmp = NULL;

	if (length < 0)
		return -EINVAL;
	if (length > MAX_MSG_LEN)
		return -EMSGSIZE;
	if (length > 0 && (buffer == NULL || !access_ok(buffer, length)))
		return -EFAULT;
	if (READ_ONCE(count) >= MAX_MSGS)
		return -ENOSPC;

	/* copy_from_user may sleep: do it before disabling interrupts */
	if (length > 0) {
		tmp = kmalloc(length, MSG_GFP);
		if (tmp == NULL)
			return -ENOMEM;
		if (copy_from_user(tmp, buffer, length)) {
			kfree(tmp);
			return -EFAULT;
		}
	}

	local_irq_save(flags);
	if (count >= MAX_MSGS) {
		local_irq_restore(flags);
		kfree(tmp);
		return -ENOSPC;
	}
	if (length > 0)
		memcpy(box[count].data, tmp, length);
	box[count].length = length;
	count++;
	local_irq_restore(flags);

	kfree(tmp);
	return 0;
}

SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)
{
	unsigned long flags;
	int top, size;

	if (length < 0)
		return -EINVAL;

	/* interrupts off: nobody else can touch the box until we are done */
	local_irq_save(flags);
	if (count == 0) {
		local_irq_restore(flags);
		return -ENODATA;
	}
	top = count - 1;
	size = box[top].length;
	if (length < size) {
		local_irq_restore(flags);
		return -EMSGSIZE;
	}
	if (size > 0 && (buffer == NULL || !access_ok(buffer, size))) {
		local_irq_restore(flags);
		return -EFAULT;
	}
	/* only remove the message once the user really has it */
	if (copy_to_user(buffer, box[top].data, size)) {
		local_irq_restore(flags);
		return -EFAULT;
	}
	count = top;	/* the slot at top is free again */
	local_irq_restore(flags);
	return size;
}
