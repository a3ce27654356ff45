/* Binds the entry points by name (FUZZ_PUT_SYM / FUZZ_GET_SYM, default the
 * SYSCALL_DEFINE2 names). The file under test is another translation unit;
 * SYSCALL_DEFINE2 leaves a marker mt_long_<name>, so an entry point without
 * one is an "asmlinkage int" function and is called as one. */
#include <stddef.h>

#include "entry.h"

#ifndef FUZZ_PUT_SYM
#define FUZZ_PUT_SYM sys_dm510_msgbox_put
#endif
#ifndef FUZZ_GET_SYM
#define FUZZ_GET_SYM sys_dm510_msgbox_get
#endif
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define STR_(x) #x
#define STR(x) STR_(x)

extern void FUZZ_PUT_SYM(void) __attribute__((weak));
extern void FUZZ_GET_SYM(void) __attribute__((weak));
extern const char CAT(mt_long_, FUZZ_PUT_SYM)[] __attribute__((weak));
extern const char CAT(mt_long_, FUZZ_GET_SYM)[] __attribute__((weak));

typedef long (*long_put_fn)(const char *, int);
typedef long (*long_get_fn)(char *, int);
typedef int (*int_put_fn)(const char *, int);
typedef int (*int_get_fn)(char *, int);

const char *mt_entry_check(void)
{
	if (!FUZZ_PUT_SYM)
		return "the implementation defines no function " STR(FUZZ_PUT_SYM)
		       " (name it with FUZZ_PUT=)";
	if (!FUZZ_GET_SYM)
		return "the implementation defines no function " STR(FUZZ_GET_SYM)
		       " (name it with FUZZ_GET=)";
	return NULL;
}

const char *mt_entry_names(void)
{
	return STR(FUZZ_PUT_SYM) "/" STR(FUZZ_GET_SYM);
}

bool mt_entry_returns_int(void)
{
	return !CAT(mt_long_, FUZZ_PUT_SYM) || !CAT(mt_long_, FUZZ_GET_SYM);
}

long mt_put(const char *buf, int len)
{
	if (CAT(mt_long_, FUZZ_PUT_SYM))
		return ((long_put_fn)FUZZ_PUT_SYM)(buf, len);
	return ((int_put_fn)FUZZ_PUT_SYM)(buf, len);
}

long mt_get(char *buf, int len)
{
	if (CAT(mt_long_, FUZZ_GET_SYM))
		return ((long_get_fn)FUZZ_GET_SYM)(buf, len);
	return ((int_get_fn)FUZZ_GET_SYM)(buf, len);
}
