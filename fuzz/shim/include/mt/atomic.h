/* atomic_t and atomic_long_t over C11 atomics. */
#ifndef MT_ATOMIC_H
#define MT_ATOMIC_H

#include <stdatomic.h>

typedef struct { _Atomic int counter; } atomic_t;
typedef struct { _Atomic long counter; } atomic_long_t;
typedef atomic_long_t atomic64_t;

#define ATOMIC_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }
#define ATOMIC64_INIT(i) { (i) }
#define atomic_read(v) atomic_load(&(v)->counter)
#define atomic_set(v, i) atomic_store(&(v)->counter, (i))
#define atomic_inc(v) ((void)atomic_fetch_add(&(v)->counter, 1))
#define atomic_dec(v) ((void)atomic_fetch_sub(&(v)->counter, 1))
#define atomic_add(i, v) ((void)atomic_fetch_add(&(v)->counter, (i)))
#define atomic_sub(i, v) ((void)atomic_fetch_sub(&(v)->counter, (i)))
#define atomic_inc_return(v) (atomic_fetch_add(&(v)->counter, 1) + 1)
#define atomic_dec_return(v) (atomic_fetch_sub(&(v)->counter, 1) - 1)
#define atomic_dec_and_test(v) (atomic_dec_return(v) == 0)
#define atomic_long_read atomic_read
#define atomic_long_set atomic_set
#define atomic_long_inc atomic_inc
#define atomic_long_dec atomic_dec
#define atomic_long_add atomic_add
#define atomic_long_sub atomic_sub
#define atomic_long_inc_return atomic_inc_return
#define atomic_long_dec_return atomic_dec_return
#define atomic64_read atomic_read
#define atomic64_set atomic_set
#define atomic64_inc atomic_inc
#define atomic64_dec atomic_dec
#define atomic64_add atomic_add
#define atomic64_sub atomic_sub
#define smp_mb() atomic_thread_fence(memory_order_seq_cst)
#define smp_rmb() atomic_thread_fence(memory_order_acquire)
#define smp_wmb() atomic_thread_fence(memory_order_release)

#endif
