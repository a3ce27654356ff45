/*
 * Fixture for msgbox-torture (tests/impls/danish-names): a course
 * submission whose entry points have names no tool can guess, dm510_laeg()
 * ("put") and dm510_hent() ("fetch"); the author's syscall table pointed
 * at them. Without PUT=/GET= the result is no-entry; check.conf maps them.
 * What is wrong with it:
 *  - get returns 0 on success instead of the message's size;
 *  - get takes the message off the stack before copy_to_user() and puts
 *    it back on top when the copy fails: meanwhile others see a box
 *    without it, and it comes back above newer messages;
 *  - no upper bound on the length and nothing bounds the box
 *    (kmalloc with GFP_KERNEL);
 *  - conventions: -ENOMSG for an empty box, no /proc/dm510_msgbox.
 * Not ours: do not fix it.
 */
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct besked {
	struct besked *under;
	int laengde;
	char *data;
};

static struct besked *toppen = NULL;
static DEFINE_SPINLOCK(kasse_laas);

/* put */
asmlinkage long dm510_laeg(char *buffer, int length)
{
	struct besked *b;

	if (length < 0)
		return -EINVAL;
	if (length > 0 && (buffer == NULL || !access_ok(buffer, length)))
		return -EFAULT;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (b == NULL)
		return -ENOMEM;
	b->data = kmalloc(length, GFP_KERNEL);
	if (b->data == NULL) {
		kfree(b);
		return -ENOMEM;
	}
	if (copy_from_user(b->data, buffer, length)) {
		kfree(b->data);
		kfree(b);
		return -EFAULT;
	}
	b->laengde = length;

	spin_lock(&kasse_laas);
	b->under = toppen;
	toppen = b;
	spin_unlock(&kasse_laas);
	return 0;
}

/* get */
asmlinkage long dm510_hent(char *buffer, int length)
{
	struct besked *b;

	if (length < 0)
		return -EINVAL;

	spin_lock(&kasse_laas);
	b = toppen;
	if (b == NULL) {
		spin_unlock(&kasse_laas);
		return -ENOMSG;
	}
	if (length < b->laengde) {
		spin_unlock(&kasse_laas);
		return -EMSGSIZE;
	}
	toppen = b->under;
	spin_unlock(&kasse_laas);

	if (copy_to_user(buffer, b->data, b->laengde)) {
		/* tilbage paa toppen */
		spin_lock(&kasse_laas);
		b->under = toppen;
		toppen = b;
		spin_unlock(&kasse_laas);
		return -EFAULT;
	}
	kfree(b->data);
	kfree(b);
	return 0;
}
