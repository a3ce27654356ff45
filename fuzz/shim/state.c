/* Per-thread call bookkeeping and the finding handler. */
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>

#include "include/mt_kernel.h"
#include "internal.h"

_Thread_local struct mt_thread mt_self;
struct task_struct mt_current_task = { 1000, "fuzz" };

static _Atomic long irq_only, locks_taken;
static void (*handler)(const char *msg);

void mt_set_finding_handler(void (*fn)(const char *msg))
{
	handler = fn;
}

void mt_finding(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (handler) {
		handler(msg);
		return;
	}
	fprintf(stderr, "FINDING: %s\n", msg);
	abort();
}

void mt_call_begin(void)
{
	memset(&mt_self.call, 0, sizeof(mt_self.call));
}

const struct mt_call_stats *mt_call_stats(void)
{
	return &mt_self.call;
}

void mt_note_write(const void *p, size_t n)
{
	uintptr_t lo = (uintptr_t)p, hi = lo + n;
	struct mt_call_stats *c = &mt_self.call;

	if (!n)
		return;
	if (!c->whi || lo < c->wlo)
		c->wlo = lo;
	if (hi > c->whi)
		c->whi = hi;
}

void mt_note_irq_only(void) { atomic_fetch_add(&irq_only, 1); }
void mt_note_lock(void) { atomic_fetch_add(&locks_taken, 1); }
long mt_irq_only_sections(void) { return atomic_load(&irq_only); }
long mt_locks_taken(void) { return atomic_load(&locks_taken); }

const char *mt_call_end(void)
{
	static _Thread_local char why[200];
	struct mt_thread *t = &mt_self;

	why[0] = 0;
	if (t->irq_off)
		snprintf(why, sizeof(why), "returned with interrupts disabled");
	else if (t->spin_held)
		snprintf(why, sizeof(why), "returned holding spinlock %s",
			 t->held[0] ? t->held[0] : "?");
	else if (t->mutex_held)
		snprintf(why, sizeof(why), "returned holding a mutex");
	else if (t->preempt)
		snprintf(why, sizeof(why), "returned with preemption disabled");
	else if (t->pf_disabled)
		snprintf(why, sizeof(why), "returned with page faults disabled");
	t->irq_off = false;
	t->spin_held = t->mutex_held = t->preempt = t->pf_disabled = 0;
	t->fail_alloc = t->fail_copy = 0;
	return why[0] ? why : NULL;
}

void mt_fail_alloc_nth(int n) { mt_self.fail_alloc = n; }
void mt_fail_copy_nth(int n) { mt_self.fail_copy = n; }
