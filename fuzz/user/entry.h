/* The implementation's two entry points, whatever their return type. */
#ifndef FUZZ_ENTRY_H
#define FUZZ_ENTRY_H

#include <stdbool.h>

/* NULL when both entry points exist, else one line saying what is missing. */
const char *mt_entry_check(void);
bool mt_entry_returns_int(void);	/* asmlinkage int: judged on the low 32 bits */
long mt_put(const char *buf, int len);
long mt_get(char *buf, int len);
const char *mt_entry_names(void);

#endif
