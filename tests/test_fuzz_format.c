/* The user-space fuzzer's mt_vsnprintf (fuzz/shim/format.c) against libc's
 * vsnprintf: the same bytes and the same result, for the formats it does
 * itself and for those it hands on, at every buffer size that cuts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "format.h"

/* the odd formats below are on purpose */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wformat-zero-length"

/* Both, formatted into buffers of n bytes (n = 0 too) with guard bytes. */
static void same_at(size_t n, const char *fmt, va_list ap)
{
	char want[256], got[256];
	va_list a1, a2;
	int rw, rg;

	memset(want, 'G', sizeof(want));
	memset(got, 'G', sizeof(got));
	va_copy(a1, ap);
	va_copy(a2, ap);
	rw = vsnprintf(want, n, fmt, a1);
	rg = mt_vsnprintf(got, n, fmt, a2);
	va_end(a1);
	va_end(a2);
	if (rw != rg || memcmp(want, got, sizeof(want)))
		fail_msg("format \"%s\", buffer %zu: libc gives %d \"%.*s\", mt_vsnprintf %d \"%.*s\"",
			 fmt, n, rw, (int)(n ? n - 1 : 0), want, rg, (int)(n ? n - 1 : 0), got);
}

static void same(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void same(const char *fmt, ...)
{
	static const size_t sizes[] = { 0, 1, 2, 5, 13, 64, 200 };
	va_list ap;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		va_start(ap, fmt);
		same_at(sizes[i], fmt, ap);
		va_end(ap);
	}
}

static void proc_lines(void **state)
{
	(void)state;
	same("messages %lu\nbytes %lu\noverhead %zu\n", 3UL, 4096UL, (size_t)32);
	same("max_msg_len %d\nmax_total %d\nmax_msgs %d\n", 65536, 16777216, -1);
	same("puts %ld\ngets %ld\nerrors %ld\n", 0L, -9223372036854775807L - 1, 9223372036854775807L);
	same("%d\n", -2147483647 - 1);
	same("%u %lu %llu %zu\n", 4294967295u, 18446744073709551615UL, 0ULL, (size_t)-1);
	same("%c\n", 'Y');
	same("plain text, no conversion");
	same("");
	same("100%%");
}

static void widths_flags_precision(void **state)
{
	static const char *const ifmts[] = {
		"%5d|", "%-5d|", "%05d|", "%+d|", "% d|", "%+05d|", "%-+5d|", "%.3d|", "%8.3d|",
		"%08.3d|", "%.0d|", "%5.0d|", "%-08d|", "%*d|", "%-*d|", "%.*d|",
		"%x|", "%X|", "%08x|", "%o|", "%.5x|", "%+u|", "% u|", "%hhd|", "%hd|", "%hhu|",
		"%hx|", "%i|", "%+.0d|",
	};
	static const int vals[] = { 0, 1, -1, 7, 9, 10, 99, 100, 101, 999, 1000, -42, 255, 256,
				    65535, -32769, 1000000, 2147483647, -2147483647 - 1 };
	static const unsigned long uvals[] = { 0, 9, 10, 99, 100, 4294967295UL, 4294967296UL,
					       9999999999UL, 10000000000UL, 42949672960UL,
					       1844674407370955161UL, 18446744073709551615UL };

	(void)state;
	for (size_t i = 0; i < sizeof(ifmts) / sizeof(ifmts[0]); i++)
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
			if (strchr(ifmts[i], '*')) {
				same(ifmts[i], 6, vals[j]);
				same(ifmts[i], -6, vals[j]);
				same(ifmts[i], 0, vals[j]);
			} else {
				same(ifmts[i], vals[j]);
			}
		}
	for (size_t j = 0; j < sizeof(uvals) / sizeof(uvals[0]); j++)
		same("%lu|%ld|%lx|%25lu|%-22ld|%.12lu|", uvals[j], (long)uvals[j], uvals[j], uvals[j],
		     -(long)uvals[j], uvals[j]);
	same("%ld %lx %lld %llx %jd %zd %td", -5L, 0xdeadbeefUL, -7LL, 0x123456789abcULL,
	     (intmax_t)-3, (ptrdiff_t)-9, (ptrdiff_t)12);
	same("%20lu|%-20ld|%020ld", 18446744073709551615UL, -1L, -123L);
}

static void strings(void **state)
{
	char unterminated_ok[4] = { 'a', 'b', 'c', 'd' };

	(void)state;
	same("%s|%10s|%-10s|%.2s|%5.1s|%.0s|", "hello", "hi", "hi", "hello", "xyz", "gone");
	same("%.*s|", 3, "abcdef");
	same("%.*s|", -1, "abcdef");
	same("%.4s|", unterminated_ok);	/* precision: reads only 4 bytes */
	same("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	same("[%s] %s\n", "dm510_msgbox", "a line that is longer than some of the buffers");
}

/* What it leaves to libc: the result must still be libc's. */
static void handed_on(void **state)
{
	int x = 1;

	(void)state;
	same("%p|", (void *)&x);
	same("%pK|", (void *)&x);
	same("%#x|%#o|", 255u, 8u);
	same("%f|%e|%g|", 1.5, 2.5, 3.25);
	same("%05s|% s|%+s|", "ab", "cd", "ef");
	same("%5%|");
	same("%ls|", L"wide");
	same("%d then %p", 3, (void *)&x);
	same("%10000d|", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(proc_lines),
		cmocka_unit_test(widths_flags_precision),
		cmocka_unit_test(strings),
		cmocka_unit_test(handed_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
