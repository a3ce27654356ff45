/*
 * Fixture for msgbox-torture (tests/impls/minus-one-mutex): a course
 * submission. What is wrong with it:
 *  - a mutex is held across copy_to_user() in get: a get whose buffer
 *    faults slowly (userfaultfd) blocks every other put and get;
 *  - the message struct is leaked when copy_from_user() fails in put;
 *  - get returns 0 on success instead of the message's size;
 *  - no bound on the box: kmalloc(GFP_KERNEL) until the OOM killer runs;
 *  - conventions: -1 for every error, messages capped at 4096 bytes,
 *    empty messages refused, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define MAX_SIZE 4096

typedef struct _msg_t msg_t;

struct _msg_t {
	msg_t *previous;
	int length;
	char *message;
};

static msg_t *top = NULL;
static DEFINE_MUTEX(box_mutex);

asmlinkage long sys_dm510_msgbox_put(char *buffer, int length)
{
	msg_t *msg;

	if (length <= 0 || length > MAX_SIZE)
		return -1;
	if (buffer == NULL || !access_ok(buffer, length))
		return -1;

	msg = kmalloc(sizeof(msg_t), GFP_KERNEL);
	if (msg == NULL)
		return -1;
	msg->length = length;
	msg->message = kmalloc(length, GFP_KERNEL);
	if (msg->message == NULL) {
		kfree(msg);
		return -1;
	}
	if (copy_from_user(msg->message, buffer, length) != 0) {
		kfree(msg->message);
		return -1;
	}

	mutex_lock(&box_mutex);
	msg->previous = top;
	top = msg;
	mutex_unlock(&box_mutex);
	return 0;
}

asmlinkage long sys_dm510_msgbox_get(char *buffer, int length)
{
	msg_t *msg;

	if (length <= 0)
		return -1;
	if (buffer == NULL)
		return -1;

	mutex_lock(&box_mutex);
	msg = top;
	if (msg == NULL) {
		mutex_unlock(&box_mutex);
		return -1;
	}
	if (length < msg->length) {
		mutex_unlock(&box_mutex);
		return -1;
	}
	/* the mutex makes sure nobody takes the message while we copy it */
	if (copy_to_user(buffer, msg->message, msg->length) != 0) {
		mutex_unlock(&box_mutex);
		return -1;
	}
	top = msg->previous;
	mutex_unlock(&box_mutex);

	kfree(msg->message);
	kfree(msg);
	return 0;
}
