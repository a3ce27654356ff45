/*
 * Fixture for msgbox-torture (tests/impls/conventions-only): a course-style
 * submission that is right in everything except its conventions. Every
 * error is -1, a message is at most 4096 bytes, empty messages are refused,
 * the box holds at most 4 MiB (messages plus their headers), and there is
 * no /proc/dm510_msgbox and no runtime limit. get copies out under the
 * spinlock with page faults disabled; when that copy falls short it drops
 * the lock, faults the buffer in and starts over (SPEC.md's technique), so
 * nothing sleeps under the lock and a failed copy keeps the message.
 * Lenient profile: nothing to find. Strict: only the deviations.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define MSG_MAX_LEN	4096
#define BOX_MAX_BYTES	(4 * 1024 * 1024)

typedef struct msg_s {
	struct msg_s *previous;
	int length;
	char *data;
} msg_t;

static msg_t *top = NULL;
static unsigned long box_bytes = 0;	/* messages + headers, under box_lock */
static DEFINE_SPINLOCK(box_lock);

static unsigned long msg_cost(int length)
{
	return sizeof(msg_t) + length;
}

static void msg_free(msg_t *msg)
{
	kfree(msg->data);
	kfree(msg);
}

SYSCALL_DEFINE2(dm510_msgbox_put, const char __user *, buffer, int, length)
{
	msg_t *msg;

	/* empty messages are not messages */
	if (length <= 0 || length > MSG_MAX_LEN)
		return -1;
	if (buffer == NULL || !access_ok(buffer, length))
		return -1;

	msg = kmalloc(sizeof(*msg), GFP_KERNEL | __GFP_NOWARN);
	if (msg == NULL)
		return -1;
	msg->data = kmalloc(length, GFP_KERNEL | __GFP_NOWARN);
	if (msg->data == NULL) {
		kfree(msg);
		return -1;
	}
	if (copy_from_user(msg->data, buffer, length)) {
		msg_free(msg);
		return -1;
	}
	msg->length = length;

	spin_lock(&box_lock);
	if (box_bytes + msg_cost(length) > BOX_MAX_BYTES) {
		spin_unlock(&box_lock);
		msg_free(msg);
		return -1;
	}
	msg->previous = top;
	top = msg;
	box_bytes += msg_cost(length);
	spin_unlock(&box_lock);
	return 0;
}

SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)
{
	msg_t *msg;
	unsigned long left;
	int size;

	if (length < 0)
		return -1;

	for (;;) {
		spin_lock(&box_lock);
		msg = top;
		if (msg == NULL) {
			spin_unlock(&box_lock);
			return -1;
		}
		size = msg->length;
		if (length < size || buffer == NULL || !access_ok(buffer, size)) {
			spin_unlock(&box_lock);
			return -1;
		}
		/* we must not sleep holding a spinlock: no page faults here */
		pagefault_disable();
		left = copy_to_user(buffer, msg->data, size);
		pagefault_enable();
		if (left == 0) {
			top = msg->previous;
			box_bytes -= msg_cost(size);
			spin_unlock(&box_lock);
			msg_free(msg);
			return size;
		}
		spin_unlock(&box_lock);

		/* the buffer was not paged in: do that without the lock, retry */
		if (fault_in_writeable(buffer, size))
			return -1;
		if (fatal_signal_pending(current))
			return -1;
	}
}
