/* The bad-pointer factory (see pointers.h). */
#define _GNU_SOURCE
#include "pointers.h"

#include <stdint.h>
#include <stdio.h>
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
static void *guarded(size_t len, int prot)
{
	size_t ps = page_size(), body = round_up(len + MT_CANARY, ps);
	char *map = mmap(NULL, body + ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED)
		return NULL;
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

typedef int (*make_fn)(size_t len, struct mt_ptr *out, const char **why);

static int make_valid(size_t len, struct mt_ptr *out, const char **why)
{
	out->p = guarded(len, PROT_READ | PROT_WRITE);
	out->guarded = out->p != NULL;
	*why = "mmap failed";
	return out->p ? 0 : -2;
}

static int make_readonly(size_t len, struct mt_ptr *out, const char **why)
{
	out->p = guarded(len, PROT_READ);
	*why = "mmap failed";
	return out->p ? 0 : -2;
}

static int make_null(size_t len, struct mt_ptr *out, const char **why)
{
	(void)len, (void)why;
	out->p = NULL;
	return 0;
}

static int make_low(size_t len, struct mt_ptr *out, const char **why)
{
	(void)len, (void)why;
	out->p = (void *)(uintptr_t)0x1000;
	return 0;
}

/* A page that was mapped and is not any more: a hole between mappings. */
static int make_unmapped(size_t len, struct mt_ptr *out, const char **why)
{
	size_t ps = page_size(), n = round_up(len ? len : 1, ps);
	char *map = mmap(NULL, n + 2 * ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*why = "mmap failed";
	if (map == MAP_FAILED || munmap(map + ps, n))
		return -2;
	out->p = map + ps;
	return 0;
}

/* Only len - 1 bytes mapped: the last byte lies in a PROT_NONE page. */
static int make_cross1(size_t len, struct mt_ptr *out, const char **why)
{
	size_t ps = page_size(), body = round_up(len ? len : 1, ps);
	char *map = mmap(NULL, body + ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*why = "mmap failed";
	if (map == MAP_FAILED || mprotect(map + body, ps, PROT_NONE))
		return -2;
	memset(map, MT_POISON, body);
	out->p = map + body - (len ? len - 1 : 0);
	return 0;
}

/* Kernel data: on UML it lies below TASK_SIZE (SPEC: fails at the copy). */
static int make_kernel(size_t len, struct mt_ptr *out, const char **why)
{
	unsigned long a = mt_kallsyms_lookup("jiffies_64");

	(void)len;
	*why = "no readable address for jiffies_64 in /proc/kallsyms";
	out->p = (void *)(uintptr_t)a;
	return a ? 0 : -2;
}

static const struct {
	const char *name, *what;
	make_fn make;
} classes[] = {
	{ "valid", "a guarded buffer", make_valid },
	{ "readonly", "a read-only buffer", make_readonly },
	{ "null", "NULL", make_null },
	{ "low", "0x1000", make_low },
	{ "unmapped", "an unmapped hole", make_unmapped },
	{ "cross1", "a buffer whose last byte is unmapped", make_cross1 },
	{ "kernel", "kernel data (jiffies_64)", make_kernel },
};
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

bool mt_ptr_known(const char *name)
{
	for (size_t i = 0; i < N_CLASSES; i++)
		if (!strcmp(classes[i].name, name))
			return true;
	return false;
}

int mt_ptr_make(const char *name, size_t len, struct mt_ptr *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->len = len;
	for (size_t i = 0; i < N_CLASSES; i++) {
		if (!strcmp(classes[i].name, name)) {
			out->what = classes[i].what;
			return classes[i].make(len, out, why);
		}
	}
	*why = "unknown pointer class";
	return -1;
}

void mt_ptr_poison(const struct mt_ptr *ptr)
{
	if (ptr->guarded)
		memset(ptr->p, MT_POISON, ptr->len + MT_CANARY);
}

long mt_ptr_first_written(const struct mt_ptr *ptr, size_t from)
{
	const unsigned char *b = ptr->p;

	for (size_t i = from; ptr->guarded && i < ptr->len + MT_CANARY; i++)
		if (b[i] != MT_POISON)
			return (long)i;
	return -1;
}
