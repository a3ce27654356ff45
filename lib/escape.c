/* JSON and HTML/XML escaping: see escape.h. */
#include "escape.h"

#include <stdarg.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence at @s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Walk @s: call @byte for each ASCII byte, copy valid multi-byte
 * sequences, and write U+FFFD for each byte of invalid UTF-8. */
static void walk(FILE *f, const char *s, void (*byte)(FILE *, unsigned char))
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 1)
			byte(f, *p);
		else if (n)
			fwrite(p, 1, n, f);
		else
			fputs("\xef\xbf\xbd", f);
		p += n ? n : 1;
	}
}

static void json_byte(FILE *f, unsigned char c)
{
	switch (c) {
	case '"': fputs("\\\"", f); return;
	case '\\': fputs("\\\\", f); return;
	case '\n': fputs("\\n", f); return;
	case '\t': fputs("\\t", f); return;
	case '\r': fputs("\\r", f); return;
	}
	if (c < 0x20 || c == 0x7f)
		fprintf(f, "\\u%04x", c);
	else
		putc(c, f);
}

void mt_json_string(FILE *f, const char *s)
{
	putc('"', f);
	walk(f, s, json_byte);
	putc('"', f);
}

static void xml_byte(FILE *f, unsigned char c)
{
	switch (c) {
	case '&': fputs("&amp;", f); return;
	case '<': fputs("&lt;", f); return;
	case '>': fputs("&gt;", f); return;
	case '"': fputs("&quot;", f); return;
	case '\'': fputs("&#39;", f); return;
	case '\n': case '\t': putc(c, f); return;
	}
	if (c < 0x20 || c == 0x7f)
		fprintf(f, "\\x%02x", c);
	else
		putc(c, f);
}

void mt_xml_text(FILE *f, const char *s)
{
	walk(f, s, xml_byte);
}

void mt_escf(FILE *f, void (*esc)(FILE *, const char *), const char *tmpl, ...)
{
	va_list ap;

	va_start(ap, tmpl);
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			esc(f, va_arg(ap, const char *));
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			putc('%', f);
			p++;
		} else {
			putc(*p, f);
		}
	}
	va_end(ap);
}
