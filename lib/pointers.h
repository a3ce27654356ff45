/*
 * The bad-pointer factory: each pointer class of the case tables is a row
 * here, mapping its name to how the pointer is made for a given length.
 *
 * "valid" buffers are guarded: the len bytes are followed by MT_CANARY
 * bytes of canary and then a PROT_NONE page, so a write past the buffer is
 * either seen in the canary or faults.
 */
#ifndef MT_POINTERS_H
#define MT_POINTERS_H

#include <stdbool.h>
#include <stddef.h>

#define MT_CANARY 64
#define MT_POISON 0xa5
/* The longest buffer a case gets: any message fits (SPEC caps max_msg_len
 * at 4 MiB), plus a page for lengths just past it. */
#define MT_BUFFER_MAX ((4L << 20) + 4096)

/*
 * The bytes behind a case's pointer: exactly the length the case passes,
 * whatever the implementation's limits (known or not); a longer length
 * (INT_MAX, ...) gets MT_BUFFER_MAX bytes, so a call that believes it runs
 * into the guard page.
 */
static inline size_t mt_buffer_len(long len)
{
	return len < 0 ? 0 : (size_t)(len > MT_BUFFER_MAX ? MT_BUFFER_MAX : len);
}

struct mt_ptr {
	void *p;
	bool guarded;      /* p[0..len) + canary + guard page: can be checked */
	size_t len;
	const char *what;  /* for reports, e.g. "NULL" */
	void *seal;        /* readonly: mapping to make read-only once filled */
	size_t seal_len;
	void *map;         /* what making it mapped, for mt_ptr_release() */
	size_t map_len;
	size_t hole;       /* "unmapped": bytes at map + page that are not ours
	                    * (something else may be mapped there by now) */
	void *held;        /* vanish, stalling: the handler, which
	                    * mt_ptr_release() ends if no fault came */
};

/*
 * Make a pointer of class @name for @len bytes. Returns 0, -1 for an
 * unknown class, or -2 when the class cannot be made here (e.g. no kernel
 * symbols readable); *why then says so. Mappings live until the process
 * exits (each case runs in its own child).
 */
int mt_ptr_make(const char *name, size_t len, struct mt_ptr *out, const char **why);
/* Is @name a class the factory knows? */
bool mt_ptr_known(const char *name);
/*
 * Done filling the buffer: a "readonly" buffer becomes read-only now (it is
 * made writable, so that a put's source can hold a real message).
 */
void mt_ptr_seal(struct mt_ptr *ptr);
/* Fill a guarded buffer's bytes and canary with the poison. */
void mt_ptr_poison(const struct mt_ptr *ptr);
/* Has this process a mapping at @p's page? (mincore: ENOMEM if not) A
 * kernel-address class is made only where not, and the in-UML fuzzer,
 * which makes it once a process, asks again before each call. */
bool mt_ptr_mapped_here(const void *p);
/* First byte of q in [from, to) not poison, or -1: a word at a time (a
 * get into a 64 KiB buffer that returned a short message leaves most of
 * it to look at, after every such call of the in-UML fuzzer). */
long mt_poison_first_not(const unsigned char *q, size_t from, size_t to);
/* First byte in [from, len + MT_CANARY) not poison, or -1 if none. */
long mt_ptr_first_written(const struct mt_ptr *ptr, size_t from);
/* The "vanish" class (ptr_vanish.c): unmapped in the middle of the call. */
int mt_ptr_vanishing(size_t len, long arg, struct mt_ptr *out, const char **why);
/* Run @fn(@arg) in its handler thread when the call touches the vanishing
 * buffer, before it is unmapped (a call made while another is held), and
 * whether that touch came. */
void mt_ptr_vanish_on_fault(void (*fn)(void *arg), void *arg);
/* A buffer whose first touch is held in its page fault the same way (the
 * on_fault callback runs), then given @len bytes of @fill (mapped for
 * good) and let go: a slow page fault, not a vanishing one. */
int mt_ptr_stalling(size_t len, const void *fill, struct mt_ptr *out, const char **why);
bool mt_ptr_vanish_faulted(void);
/* The call made with a vanish or stalling buffer is over: its handler
 * stops waiting for a fault that will not come (mt_ptr_release() does it). */
void mt_ptr_vanish_release(void *held);
/*
 * The table by index, for generators that draw a class (the in-UML fuzzer):
 * what SPEC.md's rows need to know about each class without making it.
 */
enum mt_ptr_flag {
	MT_PTRF_READ = 1u << 0,       /* a put can read len bytes from it          */
	MT_PTRF_WRITE = 1u << 1,      /* a get can write len bytes into it         */
	MT_PTRF_ARG = 1u << 2,        /* takes a number: "cross:K"                 */
	MT_PTRF_UFFD = 1u << 3,       /* needs userfaultfd                         */
	MT_PTRF_ACCESS_BAD = 1u << 4, /* NULL or fails access_ok (SPEC row 3)      */
	MT_PTRF_KSYMS = 1u << 5,      /* needs /proc/kallsyms                      */
	MT_PTRF_GUARDED = 1u << 6,    /* len bytes, canary, guard page: checkable  */
	MT_PTRF_FIXED = 1u << 7,      /* one address whatever the length           */
};
struct mt_ptr_class {
	const char *name; /* as in the case tables; "cross:" takes its K      */
	const char *what; /* for reports                                       */
	unsigned flags;   /* enum mt_ptr_flag                                  */
};
/* How many classes there are, and class @i (NULL past the end). */
size_t mt_ptr_count(void);
const struct mt_ptr_class *mt_ptr_class_at(size_t i);
/* Index of the class @name names (its argument in *arg), or -1. */
int mt_ptr_index(const char *name, long *arg);
/* Make class @i with argument @arg for @len bytes; as mt_ptr_make. */
int mt_ptr_make_at(size_t i, long arg, size_t len, struct mt_ptr *out, const char **why);
/* Unmap what making @ptr mapped (not the vanishing class's own region). */
void mt_ptr_release(struct mt_ptr *ptr);
/* Address of a kernel symbol from /proc/kallsyms, or 0. */
unsigned long mt_kallsyms_lookup(const char *sym);

#endif
