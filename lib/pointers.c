/* The bad-pointer factory (see pointers.h). */
#define _GNU_SOURCE
#include "pointers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

/* len bytes + canary ending exactly at a PROT_NONE guard page. */
static void *guarded(size_t len, int prot, struct mt_ptr *out)
{
	size_t ps = page_size(), body = round_up(len + MT_CANARY, ps);
	char *map = mmap(NULL, body + ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED)
		return NULL;
	out->map = map;
	out->map_len = body + ps;
	if (mprotect(map + body, ps, PROT_NONE))
		return NULL;
	memset(map, MT_POISON, body);
	if (prot != (PROT_READ | PROT_WRITE) && mprotect(map, body, prot))
		return NULL;
	return map + body - MT_CANARY - len;
}

unsigned long mt_kallsyms_lookup(const char *sym)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	unsigned long addr, found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %255s", &addr, &type, name) == 3 && !strcmp(name, sym)) {
			found = addr;
			break;
		}
	}
	fclose(f);
	return found;
}

typedef int (*make_fn)(size_t len, long arg, struct mt_ptr *out, const char **why);

static int make_valid(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)arg;
	out->p = guarded(len, PROT_READ | PROT_WRITE, out);
	out->guarded = out->p != NULL;
	*why = "mmap failed";
	return out->p ? 0 : -2;
}

static int make_readonly(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	size_t ps = page_size();

	(void)arg;
	out->p = guarded(len, PROT_READ | PROT_WRITE, out);
	*why = "mmap failed";
	if (!out->p)
		return -2;
	out->guarded = true; /* for filling; mt_ptr_seal() then protects it */
	out->seal = (void *)((uintptr_t)out->p / ps * ps);
	out->seal_len = round_up(len + MT_CANARY + ((uintptr_t)out->p % ps), ps);
	return 0;
}

static int make_null(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)arg;
	(void)len, (void)why;
	out->p = NULL;
	return 0;
}

static int make_low(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)arg;
	(void)len, (void)why;
	out->p = (void *)(uintptr_t)0x1000;
	return 0;
}

/* A page that was mapped and is not any more: a hole between mappings. */
static int make_unmapped(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)arg;
	size_t ps = page_size(), n = round_up(len ? len : 1, ps);
	char *map = mmap(NULL, n + 2 * ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*why = "mmap failed";
	if (map == MAP_FAILED || munmap(map + ps, n))
		return -2;
	out->p = map + ps;
	out->map = map; /* the hole's two neighbours, one page each */
	out->map_len = n + 2 * ps;
	out->hole = n;
	return 0;
}

/*
 * The buffer ends exactly at a PROT_NONE guard page with only len - k of
 * its bytes mapped: the last k lie in the guard (k is the class argument).
 */
static int make_cross(size_t len, long k, struct mt_ptr *out, const char **why)
{
	size_t ps = page_size(), mapped = k < 0 || (size_t)k > len ? 0 : len - (size_t)k;
	size_t body = round_up(mapped ? mapped : 1, ps);
	char *map = mmap(NULL, body + ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*why = "mmap failed";
	if (map == MAP_FAILED || mprotect(map + body, ps, PROT_NONE))
		return -2;
	memset(map, MT_POISON, body);
	out->p = map + body - mapped;
	out->map = map;
	out->map_len = body + ps;
	return 0;
}

/* A guarded buffer at an odd address: valid, only misaligned. */
static int make_odd(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	char *p = guarded(len + 1, PROT_READ | PROT_WRITE, out);

	(void)arg;
	*why = "mmap failed";
	if (!p)
		return -2;
	/* even: step one byte in, so len bytes + canary end at the guard */
	out->p = ((uintptr_t)p & 1) ? p : p + 1;
	out->guarded = true;
	return 0;
}

/* A whole PROT_NONE mapping: present, but neither readable nor writable. */
static int make_protnone(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	size_t n = round_up(len ? len : 1, page_size());
	void *map = mmap(NULL, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	*why = "mmap failed";
	out->p = map == MAP_FAILED ? NULL : map;
	out->map = out->p;
	out->map_len = n;
	return out->p ? 0 : -2;
}

/* A fixed address: low, non-canonical, all ones. */
static int make_fixed(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)len, (void)why;
	out->p = (void *)(uintptr_t)(unsigned long)arg;
	return 0;
}

/* UML's own kernel text (start_kernel): below TASK_SIZE on UML. */
bool mt_ptr_mapped_here(const void *p)
{
	unsigned char v;

	return !mincore((void *)((uintptr_t)p & ~(uintptr_t)(page_size() - 1)), 1, &v);
}

/* A kernel address as a bad pointer: only while this process has not
 * mapped the page itself (UML gives user mappings upwards from
 * 0x40000000, its kernel image lies at 0x60000000). */
static int kernel_addr(unsigned long a, struct mt_ptr *out, const char **why)
{
	out->p = (void *)(uintptr_t)a;
	if (!a)
		return -2;
	if (mt_ptr_mapped_here(out->p)) {
		*why = "this process has mapped the kernel address itself: it is no bad pointer here";
		return -2;
	}
	return 0;
}

static int make_ktext(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)len, (void)arg;
	*why = "no readable address for start_kernel in /proc/kallsyms";
	return kernel_addr(mt_kallsyms_lookup("start_kernel"), out, why);
}

/* Kernel data: on UML it lies below TASK_SIZE (SPEC: fails at the copy). */
static int make_kernel(size_t len, long arg, struct mt_ptr *out, const char **why)
{
	(void)arg, (void)len;
	*why = "no readable address for jiffies_64 in /proc/kallsyms";
	return kernel_addr(mt_kallsyms_lookup("jiffies_64"), out, why);
}

/*
 * The classes. A name ending in ':' takes a numeric argument ("cross:8");
 * otherwise arg is the fixed value the class passes to its maker.
 */
#define R MT_PTRF_READ
#define W MT_PTRF_WRITE
static const struct {
	struct mt_ptr_class c;
	make_fn make;
	long arg;
} classes[] = {
	{ { "valid", "a guarded buffer", R | W | MT_PTRF_GUARDED }, make_valid, 0 },
	{ { "odd", "a guarded buffer at an odd address", R | W | MT_PTRF_GUARDED }, make_odd, 0 },
	{ { "readonly", "a read-only buffer", R }, make_readonly, 0 },
	{ { "protnone", "a PROT_NONE mapping", 0 }, make_protnone, 0 },
	{ { "null", "NULL", MT_PTRF_ACCESS_BAD | MT_PTRF_FIXED }, make_null, 0 },
	{ { "low", "0x1000", MT_PTRF_FIXED }, make_low, 0 },
	{ { "unmapped", "an unmapped hole between mappings", 0 }, make_unmapped, 0 },
	{ { "cross:", "a buffer whose last bytes lie in a guard page", MT_PTRF_ARG }, make_cross, 0 },
	{ { "kernel", "kernel data (jiffies_64)", MT_PTRF_KSYMS | MT_PTRF_FIXED }, make_kernel, 0 },
	{ { "ktext", "kernel text (start_kernel)", MT_PTRF_KSYMS | MT_PTRF_FIXED }, make_ktext, 0 },
	{ { "noncanonical", "0x8000000000000000 (non-canonical)", MT_PTRF_ACCESS_BAD | MT_PTRF_FIXED },
	  make_fixed, (long)0x8000000000000000ul },
	{ { "allones", "0xffffffffffffffff (-1)", MT_PTRF_ACCESS_BAD | MT_PTRF_FIXED }, make_fixed, -1L },
	{ { "vanish", "a buffer unmapped while the call is held in its page fault", MT_PTRF_UFFD },
	  mt_ptr_vanishing, 0 },
};
#undef R
#undef W
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

/* Index of the class @name names, its argument in *arg; -1 if none. */
static int lookup(const char *name, long *arg)
{
	for (size_t i = 0; i < N_CLASSES; i++) {
		size_t k = strlen(classes[i].c.name);

		if (classes[i].c.name[k - 1] == ':') {
			char *end;

			if (strncmp(name, classes[i].c.name, k) || !name[k])
				continue;
			*arg = strtol(name + k, &end, 0);
			if (!*end && *arg >= 0)
				return (int)i;
		} else if (!strcmp(name, classes[i].c.name)) {
			*arg = classes[i].arg;
			return (int)i;
		}
	}
	return -1;
}

bool mt_ptr_known(const char *name)
{
	long arg;

	return lookup(name, &arg) >= 0;
}

int mt_ptr_make(const char *name, size_t len, struct mt_ptr *out, const char **why)
{
	long arg = 0;
	int i = lookup(name, &arg);

	memset(out, 0, sizeof(*out));
	out->len = len;
	if (i < 0) {
		*why = "unknown pointer class";
		return -1;
	}
	out->what = classes[i].c.what;
	return classes[i].make(len, arg, out, why);
}

size_t mt_ptr_count(void)
{
	return N_CLASSES;
}

const struct mt_ptr_class *mt_ptr_class_at(size_t i)
{
	return i < N_CLASSES ? &classes[i].c : NULL;
}

int mt_ptr_index(const char *name, long *arg)
{
	return lookup(name, arg);
}

int mt_ptr_make_at(size_t i, long arg, size_t len, struct mt_ptr *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->len = len;
	if (i >= N_CLASSES) {
		*why = "unknown pointer class";
		return -1;
	}
	out->what = classes[i].c.what;
	return classes[i].make(len, (classes[i].c.flags & MT_PTRF_ARG) ? arg : classes[i].arg, out, why);
}

void mt_ptr_release(struct mt_ptr *ptr)
{
	size_t ps = page_size();

	if (ptr->held) { /* its handler unmaps it (vanish) or leaves it (stalling) */
		mt_ptr_vanish_release(ptr->held);
		ptr->held = NULL;
		ptr->p = NULL;
		return;
	}

	if (ptr->map && ptr->hole) { /* never the hole: it may hold another mapping now */
		munmap(ptr->map, ps);
		munmap((char *)ptr->map + ps + ptr->hole, ps);
	} else if (ptr->map) {
		munmap(ptr->map, ptr->map_len);
	}
	ptr->map = NULL;
	ptr->p = NULL;
}

void mt_ptr_seal(struct mt_ptr *ptr)
{
	if (ptr->seal && !mprotect(ptr->seal, ptr->seal_len, PROT_READ))
		ptr->guarded = false; /* nothing can be written there now */
	ptr->seal = NULL;
}

void mt_ptr_poison(const struct mt_ptr *ptr)
{
	if (ptr->guarded)
		memset(ptr->p, MT_POISON, ptr->len + MT_CANARY);
}

long mt_poison_first_not(const unsigned char *q, size_t from, size_t to)
{
	const uint64_t pw = 0x0101010101010101ull * MT_POISON;
	size_t k = from;

	for (; k < to && (k & 7); k++)
		if (q[k] != MT_POISON)
			return (long)k;
	for (; k + 8 <= to; k += 8) {
		uint64_t w;

		memcpy(&w, q + k, 8);
		if (w != pw)
			break;
	}
	for (; k < to; k++)
		if (q[k] != MT_POISON)
			return (long)k;
	return -1;
}

long mt_ptr_first_written(const struct mt_ptr *ptr, size_t from)
{
	return ptr->guarded ? mt_poison_first_not(ptr->p, from, ptr->len + MT_CANARY) : -1;
}
