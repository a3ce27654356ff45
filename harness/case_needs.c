/* What a case needs of the kernel (see case_needs.h). */
#include "case_needs.h"

#include <stdio.h>
#include <string.h>

#include "pointers.h"

#define NTH_NEEDS (MT_NEED_FAIL_NTH | MT_NEED_FAILSLAB | MT_NEED_FAIL_PAGE_ALLOC | MT_NEED_FAIL_USERCOPY)

unsigned mt_case_needs(const struct mt_case *c)
{
	unsigned n = 0;

	if (!strcmp(c->inject, "nth"))
		n |= NTH_NEEDS;
	if (!strcmp(c->call, "leaks"))
		n |= MT_NEED_KMEMLEAK;
	/* held calls are held in a page fault by a userfaultfd handler
	 * (case_held.c, case_stall.c), as the pointer classes flagged so
	 * (lib/pointers.c) */
	if (!strcmp(c->call, "held") || !strcmp(c->call, "stall"))
		n |= MT_NEED_USERFAULTFD;
	else if (strcmp(c->call, "param")) {
		long arg;
		int i = mt_ptr_index(c->ptr, &arg);
		const struct mt_ptr_class *pc = i >= 0 ? mt_ptr_class_at((size_t)i) : NULL;

		if (pc && (pc->flags & MT_PTRF_UFFD))
			n |= MT_NEED_USERFAULTFD;
	}
	return n;
}

unsigned mt_scenario_needs(const struct mt_scenario *sc)
{
	unsigned n = 0;

	if (sc->fail_slab > 0)
		n |= MT_NEED_FAIL_NTH | MT_NEED_FAILSLAB; /* FAILSLAB needs FAULT_INJECTION */
	if (sc->fail_page_alloc > 0)
		n |= MT_NEED_FAIL_NTH | MT_NEED_FAIL_PAGE_ALLOC;
	if (sc->fail_usercopy > 0)
		n |= MT_NEED_FAIL_NTH | MT_NEED_FAIL_USERCOPY;
	if (sc->uffd_pct > 0)
		n |= MT_NEED_USERFAULTFD;
	return n;
}

const char *mt_not_applicable(unsigned needs, unsigned has, const char *flavour, char *why, size_t n)
{
	static const struct {
		unsigned bit;
		const char *what;
	} names[] = {
		{ MT_NEED_FAIL_NTH, "fault injection (fail-nth)" },
		{ MT_NEED_FAILSLAB, "failslab" },
		{ MT_NEED_FAIL_PAGE_ALLOC, "fail_page_alloc" },
		{ MT_NEED_FAIL_USERCOPY, "fail_usercopy" },
		{ MT_NEED_KMEMLEAK, "kmemleak" },
		{ MT_NEED_USERFAULTFD, "userfaultfd" },
	};
	unsigned missing = needs & ~has;
	size_t len;

	if (!missing)
		return NULL;
	len = (size_t)snprintf(why, n, "not applicable: needs ");
	for (size_t i = 0, k = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(missing & names[i].bit) || len >= n)
			continue;
		len += (size_t)snprintf(why + len, n - len, "%s%s", k++ ? ", " : "", names[i].what);
	}
	if (len < n)
		snprintf(why + len, n - len, ", which this kernel (FLAVOUR=%s) is built without", flavour);
	return why;
}
