/* Spinlocks, mutexes, interrupt and preemption state. Locks are real
 * (pthread) so ThreadSanitizer sees what they order; which locks a thread
 * holds, whether its "interrupts" are off and whether it is atomic are kept
 * per thread and checked when a call returns (fuzz/shim/lock.c).
 * local_irq_save() only changes the calling thread's flag: on SMP it
 * excludes no other CPU, so it excludes no other thread here. */
#ifndef MT_LOCK_H
#define MT_LOCK_H

#include <pthread.h>

typedef struct {
	pthread_mutex_t m;
	const void *_Atomic owner;
	const char *name;
} spinlock_t;
typedef spinlock_t raw_spinlock_t;
typedef spinlock_t rwlock_t;

struct mutex {
	pthread_mutex_t m;
	const void *_Atomic owner;
	const char *name;
};

#define __SPIN_LOCK_UNLOCKED(n) { PTHREAD_MUTEX_INITIALIZER, NULL, #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)
#define DEFINE_RAW_SPINLOCK(n) DEFINE_SPINLOCK(n)
#define DEFINE_RWLOCK(n) DEFINE_SPINLOCK(n)
#define __MUTEX_INITIALIZER(n) { PTHREAD_MUTEX_INITIALIZER, NULL, #n }
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)

void mt_spin_init(spinlock_t *l, const char *name);
void mt_spin_lock(spinlock_t *l);
int mt_spin_trylock(spinlock_t *l);
void mt_spin_unlock(spinlock_t *l);
void mt_mutex_init(struct mutex *l, const char *name);
void mt_mutex_lock(struct mutex *l);
int mt_mutex_trylock(struct mutex *l);
void mt_mutex_unlock(struct mutex *l);
bool mt_spin_is_locked(spinlock_t *l);
bool mt_mutex_is_locked(struct mutex *l);
unsigned long mt_irq_save(void);
void mt_irq_restore(unsigned long flags);
void mt_irq_disable(void);
void mt_irq_enable(void);
bool mt_irqs_disabled(void);
void mt_preempt_disable(void);
void mt_preempt_enable(void);
void mt_might_sleep(const char *what);

#define spin_lock_init(l) mt_spin_init(l, #l)
#define raw_spin_lock_init spin_lock_init
#define rwlock_init spin_lock_init
#define spin_lock(l) mt_spin_lock(l)
#define spin_trylock(l) mt_spin_trylock(l)
#define spin_unlock(l) mt_spin_unlock(l)
#define spin_is_locked(l) mt_spin_is_locked(l)
#define spin_lock_bh spin_lock
#define spin_unlock_bh spin_unlock
#define spin_lock_irq(l) (mt_irq_disable(), mt_spin_lock(l))
#define spin_unlock_irq(l) (mt_spin_unlock(l), mt_irq_enable())
#define spin_lock_irqsave(l, f) ((f) = mt_irq_save(), mt_spin_lock(l))
#define spin_unlock_irqrestore(l, f) (mt_spin_unlock(l), mt_irq_restore(f))
#define raw_spin_lock spin_lock
#define raw_spin_unlock spin_unlock
#define raw_spin_lock_irqsave spin_lock_irqsave
#define raw_spin_unlock_irqrestore spin_unlock_irqrestore
#define read_lock spin_lock
#define read_unlock spin_unlock
#define write_lock spin_lock
#define write_unlock spin_unlock
#define write_lock_irqsave spin_lock_irqsave
#define write_unlock_irqrestore spin_unlock_irqrestore
#define read_lock_irqsave spin_lock_irqsave
#define read_unlock_irqrestore spin_unlock_irqrestore
#define assert_spin_locked(l) WARN_ON(!mt_spin_is_locked(l))
#define lockdep_assert_held(l) ((void)0)

#define mutex_init(l) mt_mutex_init(l, #l)
#define mutex_lock(l) mt_mutex_lock(l)
#define mutex_lock_interruptible(l) (mt_mutex_lock(l), 0)
#define mutex_lock_killable(l) (mt_mutex_lock(l), 0)
#define mutex_trylock(l) mt_mutex_trylock(l)
#define mutex_unlock(l) mt_mutex_unlock(l)
#define mutex_is_locked(l) mt_mutex_is_locked(l)
#define mutex_destroy(l) ((void)(l))

#define local_irq_save(f) ((f) = mt_irq_save())
#define local_irq_restore(f) mt_irq_restore(f)
#define local_irq_disable() mt_irq_disable()
#define local_irq_enable() mt_irq_enable()
#define irqs_disabled() mt_irqs_disabled()
#define preempt_disable() mt_preempt_disable()
#define preempt_enable() mt_preempt_enable()
#define might_sleep() mt_might_sleep("might_sleep()")
#define cond_resched() (mt_might_sleep("cond_resched()"), 0)
#define schedule() mt_might_sleep("schedule()")
#define msleep(ms) ((void)(ms), mt_might_sleep("msleep()"))
#define udelay(us) ((void)(us))
#define cpu_relax() barrier()

#endif
