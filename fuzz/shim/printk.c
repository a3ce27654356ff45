/* printk (formatted, normally silent) and the kstrto* parsers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "include/mt_kernel.h"
#include "format.h"
#include "mt_shim.h"

static bool quiet = true;

void mt_printk_quiet(bool q)
{
	quiet = q;
}

int printk(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (!quiet) {
		const char *s = line;

		if (s[0] == KERN_SOH[0] && s[1])
			s += 2;
		fprintf(stderr, "[printk] %s%s", s,
			r > 0 && line[strlen(line) - 1] == '\n' ? "" : "\n");
	}
	return r;
}

/* The kernel's rules: optional sign, base prefix, one trailing newline,
 * nothing else; out of range is -ERANGE. */
static int parse(const char *s, unsigned int base, long long lo,
		 unsigned long long hi, bool is_signed, long long *out)
{
	char *end;
	long long v;
	unsigned long long u;

	if (!s || !*s || (!is_signed && *s == '-'))
		return -EINVAL;
	errno = 0;
	if (is_signed) {
		v = strtoll(s, &end, (int)base);
		u = (unsigned long long)v;
	} else {
		u = strtoull(s, &end, (int)base);
		v = (long long)u;
	}
	if (end == s || (*end && !(end[0] == '\n' && !end[1])))
		return -EINVAL;
	if (errno == ERANGE || (is_signed ? (v < lo || v > (long long)hi) : u > hi))
		return -ERANGE;
	*out = v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int r = parse(s, base, INT_MIN, INT_MAX, true, &v);

	if (!r)
		*res = (int)v;
	return r;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	long long v;
	int r = parse(s, base, 0, UINT_MAX, false, &v);

	if (!r)
		*res = (unsigned int)v;
	return r;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int r = parse(s, base, LONG_MIN, LONG_MAX, true, &v);

	if (!r)
		*res = (long)v;
	return r;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	long long v;
	int r = parse(s, base, 0, ULONG_MAX, false, &v);

	if (!r)
		*res = (unsigned long)v;
	return r;
}
