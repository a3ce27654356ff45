// SPDX-License-Identifier: GPL-2.0
/*
 * dm510 message box: the reference implementation of msgbox-torture.
 *
 * One LIFO stack of messages per running kernel, shared by every process:
 *
 *   long dm510_msgbox_put(const char __user *buffer, int length);
 *   long dm510_msgbox_get(char __user *buffer, int length);
 *
 * The contract is msgbox-torture's SPEC.md: each call checks its conditions
 * in the order of the SPEC's table, and the first that applies decides the
 * result. Every error leaves the box exactly as it was.
 *
 * Limits (parameters of "dm510_msgbox", at boot and, for root, at runtime):
 * max_msg_len, max_total (each message is charged its length plus
 * sizeof(struct dm510_msg), shown as "overhead" in /proc/dm510_msgbox) and
 * max_msgs. A value out of range is refused with a console message.
 *
 * /proc/dm510_msgbox shows the box (messages, bytes), the overhead, the
 * limits, and since boot: successful puts, successful gets, and calls of
 * either that returned an error (-ENODATA included).
 *
 * Locking: dm510_lock (a spinlock, taken only from syscall context) guards
 * the list, the counters and writes of the limits. put copies the message
 * in before taking it. get copies out while holding it, with page faults
 * disabled; when that copy falls short, get drops the lock, faults the
 * buffer in and starts over, so no caller sleeps under the lock and no
 * message leaves the box before its bytes reached the caller.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pagemap.h>
#include <linux/proc_fs.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/dm510_msgbox.h>

/* Charged to the caller's memory cgroup; -ENOMEM instead of the OOM killer. */
#define DM510_GFP (GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

struct dm510_msg {
	struct list_head node;
	char *data;		/* NULL when len == 0 */
	int len;
};

#define DM510_OVERHEAD sizeof(struct dm510_msg)

static DEFINE_SPINLOCK(dm510_lock);
static LIST_HEAD(dm510_box);	/* first entry = top of the stack */

/* Limits: written under dm510_lock, read with READ_ONCE(). */
static int dm510_max_msg_len = DM510_MSGBOX_DEF_MAX_MSG_LEN;
static int dm510_max_total = DM510_MSGBOX_DEF_MAX_TOTAL;
static int dm510_max_msgs = DM510_MSGBOX_DEF_MAX_MSGS;

/*
 * Box state, under dm510_lock. A put reserves its room (slots, charged)
 * before it allocates, so that the -ENOSPC decision is atomic and a put
 * that passed it cannot fail for room after copying.
 */
static unsigned long dm510_messages;	/* messages in the box */
static unsigned long dm510_bytes;	/* their payload bytes */
static unsigned long dm510_slots;	/* messages in the box or reserved */
static unsigned long dm510_charged;	/* bytes + overhead, box or reserved */

static atomic_long_t dm510_puts = ATOMIC_LONG_INIT(0);
static atomic_long_t dm510_gets = ATOMIC_LONG_INIT(0);
static atomic_long_t dm510_errors = ATOMIC_LONG_INIT(0);

/* ---- limits as parameters ---------------------------------------------- */

/* Caller holds dm510_lock. Limits must keep max_msg_len <= max_total. */
static bool dm510_limit_ok(const int *limit, int val, int *lo, int *hi)
{
	if (limit == &dm510_max_msg_len) {
		*lo = 0;
		*hi = min(DM510_MSGBOX_CAP_MAX_MSG_LEN, dm510_max_total);
	} else if (limit == &dm510_max_total) {
		*lo = dm510_max_msg_len;
		*hi = DM510_MSGBOX_CAP_MAX_TOTAL;
	} else {
		*lo = 1;
		*hi = DM510_MSGBOX_CAP_MAX_MSGS;
	}
	return val >= *lo && val <= *hi;
}

static int dm510_set_limit(const char *val, const struct kernel_param *kp)
{
	int *limit = kp->arg;
	int v, lo, hi, old;
	bool ok;

	if (kstrtoint(val, 0, &v)) {
		pr_warn("dm510_msgbox: %s=%s is not a number, keeping %d\n",
			kp->name, val, READ_ONCE(*limit));
		return -EINVAL;
	}
	spin_lock(&dm510_lock);
	old = *limit;
	ok = dm510_limit_ok(limit, v, &lo, &hi);
	if (ok)
		WRITE_ONCE(*limit, v);
	spin_unlock(&dm510_lock);
	if (!ok) {
		pr_warn("dm510_msgbox: %s=%d out of range [%d, %d], keeping %d\n",
			kp->name, v, lo, hi, old);
		return -EINVAL;
	}
	return 0;
}

static const struct kernel_param_ops dm510_limit_ops = {
	.set = dm510_set_limit,
	.get = param_get_int,
};

module_param_cb(max_msg_len, &dm510_limit_ops, &dm510_max_msg_len, 0644);
MODULE_PARM_DESC(max_msg_len, "bytes in one message (<= 4 MiB, <= max_total)");
module_param_cb(max_total, &dm510_limit_ops, &dm510_max_total, 0644);
MODULE_PARM_DESC(max_total, "bytes in the box, each message + overhead");
module_param_cb(max_msgs, &dm510_limit_ops, &dm510_max_msgs, 0644);
MODULE_PARM_DESC(max_msgs, "messages in the box");

/* ---- the box ----------------------------------------------------------- */

static bool dm510_reserve(int len)
{
	unsigned long charge = len + DM510_OVERHEAD;
	bool ok;

	spin_lock(&dm510_lock);
	ok = dm510_charged + charge <= (unsigned long)dm510_max_total &&
	     dm510_slots + 1 <= (unsigned long)dm510_max_msgs;
	if (ok) {
		dm510_charged += charge;
		dm510_slots++;
	}
	spin_unlock(&dm510_lock);
	return ok;
}

static void dm510_unreserve(int len)
{
	spin_lock(&dm510_lock);
	dm510_charged -= len + DM510_OVERHEAD;
	dm510_slots--;
	spin_unlock(&dm510_lock);
}

static void dm510_free(struct dm510_msg *msg)
{
	kvfree(msg->data);
	kfree(msg);
}

static long dm510_put(const char __user *buffer, int length)
{
	struct dm510_msg *msg;
	long err;

	if (length < 0)
		return -EINVAL;
	if (length > READ_ONCE(dm510_max_msg_len))
		return -EMSGSIZE;
	if (length > 0 && (!buffer || !access_ok(buffer, length)))
		return -EFAULT;
	if (!dm510_reserve(length))
		return -ENOSPC;

	err = -ENOMEM;
	msg = kmalloc(sizeof(*msg), DM510_GFP);
	if (!msg)
		goto unreserve;
	msg->len = length;
	msg->data = NULL;
	if (length > 0) {
		msg->data = kvmalloc(length, DM510_GFP);
		if (!msg->data)
			goto free;
		err = -EFAULT;
		if (copy_from_user(msg->data, buffer, length))
			goto free;
	}

	spin_lock(&dm510_lock);
	list_add(&msg->node, &dm510_box);
	dm510_messages++;
	dm510_bytes += length;
	spin_unlock(&dm510_lock);
	return 0;

free:
	dm510_free(msg);
unreserve:
	dm510_unreserve(length);
	return err;
}

/* Caller holds dm510_lock; @msg is the top of the box. */
static void dm510_pop_locked(struct dm510_msg *msg)
{
	list_del(&msg->node);
	dm510_messages--;
	dm510_bytes -= msg->len;
	dm510_slots--;
	dm510_charged -= msg->len + DM510_OVERHEAD;
}

static long dm510_get(char __user *buffer, int length)
{
	struct dm510_msg *msg;
	unsigned long left;
	int size;

	if (length < 0)
		return -EINVAL;

	for (;;) {
		spin_lock(&dm510_lock);
		if (list_empty(&dm510_box)) {
			spin_unlock(&dm510_lock);
			return -ENODATA;
		}
		msg = list_first_entry(&dm510_box, struct dm510_msg, node);
		size = msg->len;
		if (length < size) {
			spin_unlock(&dm510_lock);
			return -EMSGSIZE;
		}
		if (size > 0 && (!buffer || !access_ok(buffer, size))) {
			spin_unlock(&dm510_lock);
			return -EFAULT;
		}

		/* No sleeping under the lock: a fault makes the copy short. */
		left = 0;
		if (size > 0) {
			pagefault_disable();
			left = copy_to_user(buffer, msg->data, size);
			pagefault_enable();
		}
		if (!left) {
			dm510_pop_locked(msg);
			spin_unlock(&dm510_lock);
			dm510_free(msg);
			return size;
		}
		spin_unlock(&dm510_lock);

		/* Make the buffer writable, then decide again from the top. */
		if (fault_in_writeable(buffer, size))
			return -EFAULT;
		if (fatal_signal_pending(current))
			return -EINTR;
	}
}

static long dm510_count(long ret, atomic_long_t *ok)
{
	atomic_long_inc(ret < 0 ? &dm510_errors : ok);
	return ret;
}

SYSCALL_DEFINE2(dm510_msgbox_put, const char __user *, buffer, int, length)
{
	return dm510_count(dm510_put(buffer, length), &dm510_puts);
}

SYSCALL_DEFINE2(dm510_msgbox_get, char __user *, buffer, int, length)
{
	return dm510_count(dm510_get(buffer, length), &dm510_gets);
}

/* ---- /proc/dm510_msgbox ------------------------------------------------ */

static int dm510_proc_show(struct seq_file *m, void *v)
{
	unsigned long messages, bytes;

	spin_lock(&dm510_lock);
	messages = dm510_messages;
	bytes = dm510_bytes;
	spin_unlock(&dm510_lock);

	seq_printf(m, "messages %lu\nbytes %lu\noverhead %zu\n",
		   messages, bytes, DM510_OVERHEAD);
	seq_printf(m, "max_msg_len %d\nmax_total %d\nmax_msgs %d\n",
		   READ_ONCE(dm510_max_msg_len), READ_ONCE(dm510_max_total),
		   READ_ONCE(dm510_max_msgs));
	seq_printf(m, "puts %ld\ngets %ld\nerrors %ld\n",
		   atomic_long_read(&dm510_puts), atomic_long_read(&dm510_gets),
		   atomic_long_read(&dm510_errors));
	return 0;
}

static int __init dm510_msgbox_init(void)
{
	if (!proc_create_single("dm510_msgbox", 0444, NULL, dm510_proc_show))
		return -ENOMEM;
	return 0;
}
device_initcall(dm510_msgbox_init);
