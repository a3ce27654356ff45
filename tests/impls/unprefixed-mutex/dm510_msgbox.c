/*
 * Fixture for msgbox-torture (tests/impls/unprefixed-mutex): a course
 * submission with entry points named dm510_msgbox_put/get (no sys_ prefix,
 * no wrapper) that return int. What is wrong with it:
 *  - the entry points return int;
 *  - get holds the box mutex across copy_to_user(): a get whose buffer
 *    faults slowly blocks every other caller;
 *  - get takes the message off the stack before copying and, when the
 *    copy fails, neither frees it nor puts it back: lost and leaked;
 *  - nothing bounds the box (kmalloc with GFP_KERNEL);
 *  - conventions: -ENOMSG for an empty box, messages capped at 4096
 *    bytes, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define MAX_MSG_SIZE 4096

struct msg_t {
	struct msg_t *previous;
	int length;
	char *message;
};

static struct msg_t *top = NULL;
static DEFINE_MUTEX(msgbox_mutex);

int dm510_msgbox_put(char *buffer, int length)
{
	struct msg_t *msg;

	if (length < 0)
		return -EINVAL;
	if (length > MAX_MSG_SIZE)
		return -EMSGSIZE;
	if (length > 0 && (buffer == NULL || !access_ok(buffer, length)))
		return -EFAULT;

	msg = kmalloc(sizeof(*msg), GFP_KERNEL);
	if (msg == NULL)
		return -ENOMEM;
	msg->message = kmalloc(length, GFP_KERNEL);
	if (msg->message == NULL) {
		kfree(msg);
		return -ENOMEM;
	}
	msg->length = length;
	if (copy_from_user(msg->message, buffer, length)) {
		kfree(msg->message);
		kfree(msg);
		return -EFAULT;
	}

	mutex_lock(&msgbox_mutex);
	msg->previous = top;
	top = msg;
	mutex_unlock(&msgbox_mutex);
	return 0;
}

int dm510_msgbox_get(char *buffer, int length)
{
	struct msg_t *msg;
	int size;

	if (length < 0)
		return -EINVAL;

	mutex_lock(&msgbox_mutex);
	if (top == NULL) {
		mutex_unlock(&msgbox_mutex);
		return -ENOMSG;
	}
	msg = top;
	size = msg->length;
	if (length < size) {
		mutex_unlock(&msgbox_mutex);
		return -EMSGSIZE;
	}
	top = msg->previous;
	if (copy_to_user(buffer, msg->message, size)) {
		mutex_unlock(&msgbox_mutex);
		return -EFAULT;
	}
	mutex_unlock(&msgbox_mutex);

	kfree(msg->message);
	kfree(msg);
	return size;
}
