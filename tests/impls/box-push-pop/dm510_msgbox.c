/*
 * Fixture for msgbox-torture (tests/impls/box-push-pop): a course
 * submission whose entry points have names nobody would guess,
 * box_push() and box_pop() (the author's syscall table pointed at them);
 * check.conf maps them with PUT=box_push GET=box_pop. What is wrong:
 *  - put returns the number of bytes stored instead of 0;
 *  - get takes the message off the stack before copy_to_user() and, when
 *    the copy fails, returns -EFAULT without freeing it or putting it
 *    back: the message is lost and leaked;
 *  - nothing bounds the box (kmalloc with GFP_KERNEL);
 *  - conventions: messages capped at 4096 bytes, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define BOX_MAX_MSG 4096

struct msg_t {
	struct msg_t *below;
	int len;
	char *bytes;
};

static struct msg_t *box_top;
static DEFINE_MUTEX(box_mutex);

asmlinkage long box_push(char *buf, int len)
{
	struct msg_t *m;

	if (len < 0)
		return -EINVAL;
	if (len > BOX_MAX_MSG)
		return -EMSGSIZE;
	if (len > 0 && (buf == NULL || !access_ok(buf, len)))
		return -EFAULT;

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->bytes = kmalloc(len, GFP_KERNEL);
	if (!m->bytes) {
		kfree(m);
		return -ENOMEM;
	}
	if (copy_from_user(m->bytes, buf, len)) {
		kfree(m->bytes);
		kfree(m);
		return -EFAULT;
	}
	m->len = len;

	mutex_lock(&box_mutex);
	m->below = box_top;
	box_top = m;
	mutex_unlock(&box_mutex);
	return len;	/* bytes stored */
}

asmlinkage long box_pop(char *buf, int len)
{
	struct msg_t *m;
	int n;

	if (len < 0)
		return -EINVAL;

	mutex_lock(&box_mutex);
	m = box_top;
	if (!m) {
		mutex_unlock(&box_mutex);
		return -ENODATA;
	}
	if (len < m->len) {
		mutex_unlock(&box_mutex);
		return -EMSGSIZE;
	}
	box_top = m->below;
	mutex_unlock(&box_mutex);

	n = m->len;
	if (copy_to_user(buf, m->bytes, n))
		return -EFAULT;
	kfree(m->bytes);
	kfree(m);
	return n;
}
