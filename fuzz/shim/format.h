/* vsnprintf's output and result for the common formats, faster (format.c). */
#ifndef MT_FORMAT_H
#define MT_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

int mt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int mt_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
