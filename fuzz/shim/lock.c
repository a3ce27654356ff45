/* Spinlocks and mutexes over pthread mutexes, with the holder tracked; the
 * interrupt flag and preemption count per thread; the sleep check. */
#include "include/mt_kernel.h"
#include "internal.h"

static void held_push(const char *name)
{
	if (mt_self.spin_held < (int)ARRAY_SIZE(mt_self.held))
		mt_self.held[mt_self.spin_held] = name;
	mt_self.spin_held++;
}

void mt_spin_init(spinlock_t *l, const char *name)
{
	pthread_mutex_init(&l->m, NULL);
	l->owner = NULL;
	l->name = name;
}

void mt_spin_lock(spinlock_t *l)
{
	if (l->owner == &mt_self)
		mt_finding("spin_lock(%s) by the thread that holds it: deadlock", l->name);
	pthread_mutex_lock(&l->m);
	l->owner = &mt_self;
	held_push(l->name);
	mt_note_lock();
	mt_self.locks_cum++;
}

int mt_spin_trylock(spinlock_t *l)
{
	if (pthread_mutex_trylock(&l->m))
		return 0;
	l->owner = &mt_self;
	held_push(l->name);
	mt_note_lock();
	mt_self.locks_cum++;
	return 1;
}

void mt_spin_unlock(spinlock_t *l)
{
	if (l->owner != &mt_self) {
		mt_finding("spin_unlock(%s) of a lock this thread does not hold", l->name);
		return;
	}
	l->owner = NULL;
	mt_self.spin_held--;
	pthread_mutex_unlock(&l->m);
}

bool mt_spin_is_locked(spinlock_t *l)
{
	return l->owner != NULL;
}

void mt_mutex_init(struct mutex *l, const char *name)
{
	pthread_mutex_init(&l->m, NULL);
	l->owner = NULL;
	l->name = name;
}

void mt_mutex_lock(struct mutex *l)
{
	mt_might_sleep("mutex_lock()");
	if (l->owner == &mt_self)
		mt_finding("mutex_lock(%s) by the thread that holds it: deadlock", l->name);
	pthread_mutex_lock(&l->m);
	l->owner = &mt_self;
	mt_self.mutex_held++;
	mt_note_lock();
	mt_self.locks_cum++;
}

int mt_mutex_trylock(struct mutex *l)
{
	if (pthread_mutex_trylock(&l->m))
		return 0;
	l->owner = &mt_self;
	mt_self.mutex_held++;
	mt_note_lock();
	mt_self.locks_cum++;
	return 1;
}

void mt_mutex_unlock(struct mutex *l)
{
	if (l->owner != &mt_self) {
		mt_finding("mutex_unlock(%s) of a mutex this thread does not hold", l->name);
		return;
	}
	l->owner = NULL;
	mt_self.mutex_held--;
	pthread_mutex_unlock(&l->m);
}

bool mt_mutex_is_locked(struct mutex *l)
{
	return l->owner != NULL;
}

/* x86's flags: bit 9 (IF) set means interrupts enabled. */
#define MT_IF 0x200UL

unsigned long mt_irq_save(void)
{
	unsigned long f = mt_self.irq_off ? 0 : MT_IF;

	mt_irq_disable();
	return f;
}

/* Interrupts back on: was that section protected by interrupts alone? */
static void irq_section_ends(void)
{
	if (mt_self.irq_off && mt_self.locks_cum == mt_self.irq_mark &&
	    !mt_self.spin_held && !mt_self.mutex_held)
		mt_note_irq_only();
}

void mt_irq_restore(unsigned long flags)
{
	if (flags & MT_IF)
		irq_section_ends();
	mt_self.irq_off = !(flags & MT_IF);
}

void mt_irq_disable(void)
{
	if (!mt_self.irq_off)
		mt_self.irq_mark = mt_self.locks_cum;
	mt_self.irq_off = true;
}

void mt_irq_enable(void)
{
	irq_section_ends();
	mt_self.irq_off = false;
}

bool mt_irqs_disabled(void)
{
	return mt_self.irq_off;
}

void mt_preempt_disable(void)
{
	mt_self.preempt++;
}

void mt_preempt_enable(void)
{
	if (mt_self.preempt-- <= 0)
		mt_finding("preempt_enable() without preempt_disable()");
}

void mt_might_sleep(const char *what)
{
	if (mt_self.spin_held)
		mt_finding("%s might sleep in atomic context: spinlock %s held", what,
			   mt_self.held[0] ? mt_self.held[0] : "?");
	else if (mt_self.irq_off)
		mt_finding("%s might sleep in atomic context: interrupts disabled", what);
	else if (mt_self.preempt)
		mt_finding("%s might sleep in atomic context: preemption disabled", what);
}
