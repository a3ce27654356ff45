/* mt_vsnprintf: vsnprintf for the formats a /proc show function, a module
 * parameter and printk use (integers and strings), without libc's stdio
 * machinery and ASan's printf interceptor, which were a quarter of the
 * fuzzer's time (fuzz/README.md). The same output and result as vsnprintf;
 * any conversion it does not know (%p and the kernel's %p extensions, %n,
 * floating point, the '#' flag, %lc...) hands the whole call to vsnprintf.
 *
 * The formatting itself is not instrumented (NOSAN): under ASan and UBSan
 * it took twice as long, and it is the shim's code, not the file's. What
 * the file under test hands it is still checked by ASan, through the
 * interceptors of strlen and strnlen: the format string whole, before
 * anything is read, and each %s string as far as it is read (so an
 * unterminated buffer is still a report), as printf's interceptor did. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

#if defined(__clang__)
#define NOSAN __attribute__((no_sanitize("address", "undefined")))
#elif defined(__GNUC__)
#define NOSAN __attribute__((no_sanitize_address, no_sanitize_undefined))
#endif

struct out {
	char *buf;
	size_t n, len;			/* len: what vsnprintf would return */
};

/* n bytes of s, or of the byte c when s is NULL; what does not fit counts.
 * Short runs by a loop that stays one (no_builtin): a call of memcpy went
 * through ASan's interceptor, a range check per run of a few bytes. */
#if defined(__clang__)
#define NOBUILTIN __attribute__((no_builtin("memcpy", "memset")))
#else
#define NOBUILTIN
#endif
NOSAN NOBUILTIN __attribute__((always_inline)) static inline void emit(struct out *o, const char *s, char c, long n)
{
	size_t room, k;
	char *d;

	if (n <= 0)
		return;
	room = o->len + 1 < o->n ? o->n - 1 - o->len : 0;
	k = (size_t)n < room ? (size_t)n : room;
	d = o->buf + o->len;
	if (k > 64) {
		if (s)
			memcpy(d, s, k);
		else
			memset(d, c, k);
	} else if (s) {
		for (size_t i = 0; i < k; i++)
			d[i] = s[i];
	} else {
		for (size_t i = 0; i < k; i++)
			d[i] = c;
	}
	o->len += (size_t)n;
}

NOSAN __attribute__((always_inline)) static inline void put(struct out *o, char c)
{
	emit(o, &c, 0, 1);
}

NOSAN __attribute__((always_inline)) static inline void pad(struct out *o, char c, long k)
{
	emit(o, NULL, c, k);
}

enum { F_MINUS = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8 };

/* One integer: sign, precision (minimum digits), width, as C99 says. */
NOSAN static void integer(struct out *o, uintmax_t u, int neg, unsigned base, int upper,
		    int flags, long width, long prec)
{
	char digits[sizeof(uintmax_t) * 3 + 2], *d = digits + sizeof(digits);
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int nd = 0;
	char sign = neg ? '-' : flags & F_PLUS ? '+' : flags & F_SPACE ? ' ' : 0;
	long zeros, total;
	int no_prec = prec < 0;

	if (base == 10) {
		/* two digits a step, in 32 bits once the value fits */
		static const char pairs[] = "00010203040506070809101112131415161718192021222324"
					    "25262728293031323334353637383940414243444546474849"
					    "50515253545556575859606162636465666768697071727374"
					    "75767778798081828384858687888990919293949596979899";
		uint32_t v;

		for (; u > UINT32_MAX; nd++, u /= 10)
			*--d = (char)('0' + u % 10);
		for (v = (uint32_t)u; v >= 100; nd += 2, v /= 100) {
			d -= 2;
			d[0] = pairs[v % 100 * 2];
			d[1] = pairs[v % 100 * 2 + 1];
		}
		if (v >= 10) {
			d -= 2;
			d[0] = pairs[v * 2];
			d[1] = pairs[v * 2 + 1];
			nd += 2;
		} else if (v) {
			*--d = (char)('0' + v);
			nd++;
		}
	} else {
		for (; u; nd++, u /= base)
			*--d = set[u % base];
	}
	if (prec < 0)
		prec = 1;		/* default: at least one digit */
	zeros = prec > nd ? prec - nd : 0;
	total = nd + zeros + (sign != 0);
	if (!(flags & F_MINUS) && (flags & F_ZERO) && no_prec && width > total) {
		/* '0' pads after the sign, only with no precision given */
		zeros += width - total;
		total = width;
	}
	if (!(flags & F_MINUS))
		pad(o, ' ', width - total);
	if (sign)
		put(o, sign);
	pad(o, '0', zeros);
	emit(o, d, 0, nd);
	if (flags & F_MINUS)
		pad(o, ' ', width - total);
}

/* The bytes of a %s: by the interceptors (a call, not a loop, even when
 * inlined), which check what they read. */
__attribute__((noinline)) static long str_len(const char *s, long prec)
{
	return prec < 0 ? (long)strlen(s) : (long)strnlen(s, (size_t)prec);
}

NOSAN static void string(struct out *o, const char *s, int flags, long width, long prec)
{
	long k;

	if (!s)
		s = "(null)";
	k = str_len(s, prec);
	if (!(flags & F_MINUS))
		pad(o, ' ', width - k);
	emit(o, s, 0, k);
	if (flags & F_MINUS)
		pad(o, ' ', width - k);
}

/* The fast path; returns -1 (having written nothing that counts) when the
 * format needs vsnprintf. */
NOSAN static int fast(struct out *o, const char *f, va_list ap)
{
	for (; *f; f++) {
		int flags = 0, lmod = 0;	/* lmod: -2 hh, -1 h, 1 l, 2 ll/j, 3 z/t */
		long width = 0, prec = -1;

		if (*f != '%') {
			/* the literal run up to the next '%' or the end, at once */
			const char *q = f + 1;

			while (*q && *q != '%')
				q++;
			emit(o, f, 0, q - f);
			f = q - 1;
			continue;
		}
		for (f++;; f++) {
			if (*f == '-')
				flags |= F_MINUS;
			else if (*f == '0')
				flags |= F_ZERO;
			else if (*f == '+')
				flags |= F_PLUS;
			else if (*f == ' ')
				flags |= F_SPACE;
			else
				break;
		}
		if (*f == '*') {
			int w = va_arg(ap, int);

			if (w < 0) {
				flags |= F_MINUS;
				width = -(long)w;
			} else {
				width = w;
			}
			if (width > 4096)
				return -1;
			f++;
		} else {
			for (; *f >= '0' && *f <= '9'; f++)
				if ((width = width * 10 + (*f - '0')) > 4096)
					return -1;
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				int p = va_arg(ap, int);

				prec = p < 0 ? -1 : p;
				f++;
			} else {
				for (prec = 0; *f >= '0' && *f <= '9'; f++)
					if ((prec = prec * 10 + (*f - '0')) > 4096)
						return -1;
			}
		}
		if (f[0] == 'h' && f[1] == 'h')
			lmod = -2, f += 2;
		else if (f[0] == 'h')
			lmod = -1, f++;
		else if (f[0] == 'l' && f[1] == 'l')
			lmod = 2, f += 2;
		else if (f[0] == 'l')
			lmod = 1, f++;
		else if (f[0] == 'j')
			lmod = 2, f++;
		else if (f[0] == 'z' || f[0] == 't')
			lmod = 3, f++;

		switch (*f) {
		case 'd':
		case 'i': {
			intmax_t v;

			if (lmod == 3)
				v = (intmax_t)va_arg(ap, ptrdiff_t);
			else if (lmod == 2)
				v = va_arg(ap, long long);
			else if (lmod == 1)
				v = va_arg(ap, long);
			else
				v = va_arg(ap, int);
			if (lmod == -2)
				v = (signed char)v;
			else if (lmod == -1)
				v = (short)v;
			integer(o, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, 10, 0, flags,
				width, prec);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uintmax_t v;

			if (lmod == 3)
				v = va_arg(ap, size_t);
			else if (lmod == 2)
				v = va_arg(ap, unsigned long long);
			else if (lmod == 1)
				v = va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned int);
			if (lmod == -2)
				v = (unsigned char)v;
			else if (lmod == -1)
				v = (unsigned short)v;
			integer(o, v, 0, *f == 'u' ? 10 : *f == 'o' ? 8 : 16, *f == 'X',
				flags & (F_MINUS | F_ZERO), width, prec);
			break;
		}
		case 'c':
			if (lmod || (flags & ~F_MINUS))
				return -1;
			if (!(flags & F_MINUS))
				pad(o, ' ', width - 1);
			put(o, (char)va_arg(ap, int));
			if (flags & F_MINUS)
				pad(o, ' ', width - 1);
			break;
		case 's':
			if (lmod || (flags & ~F_MINUS))
				return -1;
			string(o, va_arg(ap, const char *), flags, width, prec);
			break;
		case '%':
			if (flags || width || prec >= 0 || lmod)
				return -1;
			put(o, '%');
			break;
		default:
			return -1;
		}
	}
	return 0;
}

NOSAN int mt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct out o = { buf, n, 0 };
	va_list aq;
	int r;

	(void)str_len(fmt, -1);	/* ASan: the whole format is readable */
	va_copy(aq, ap);
	r = fast(&o, fmt, aq);
	va_end(aq);
	if (r < 0 || o.len > INT32_MAX)
		return vsnprintf(buf, n, fmt, ap);
	if (n)
		buf[o.len < n ? o.len : n - 1] = 0;
	return (int)o.len;
}

NOSAN int mt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mt_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}
