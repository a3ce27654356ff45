// SPDX-License-Identifier: GPL-2.0
/*
 * Console lines: what the console adds around a kernel message, and
 * splitting a log into lines. A log is what UML wrote on its stdout:
 * printk lines, user-space output and host-side lines mixed, sometimes
 * with "\r\n" ends or a "\r" at the start (the tty's carriage returns).
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Move *i past the digits at p[*i]; returns how many there were. */
static size_t skip_digits(const char *p, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && is_digit(p[*i]))
		(*i)++;
	return *i - start;
}

/* "[" then blanks at @p: the index after them (0 when @p is too short to
 * be a stamp or does not start with "["). */
static size_t open_bracket(const char *p, size_t n)
{
	size_t i = 1;

	if (n < 4 || p[0] != '[')
		return 0;
	while (i < n && p[i] == ' ')
		i++;
	return i;
}

/* "<4>": the log level, as dmesg -r or a raw /dev/kmsg reader prints it. */
static size_t loglevel_len(const char *p, size_t n)
{
	size_t i = 1;

	if (n < 3 || p[0] != '<')
		return 0;
	while (i < n && i <= 3 && is_digit(p[i]))
		i++;
	if (i == 1 || i >= n || p[i] != '>')
		return 0;
	return i + 1;
}

/* "[    2.123456]": CONFIG_PRINTK_TIME's "[%5lu.%06lu]". */
static size_t timestamp_len(const char *p, size_t n)
{
	size_t i = open_bracket(p, n);

	if (!i || !skip_digits(p, n, &i) || i >= n || p[i] != '.')
		return 0;
	i++;
	if (!skip_digits(p, n, &i) || i >= n || p[i] != ']')
		return 0;
	return i + 1;
}

/* "[    T42]" or "[     C0]": CONFIG_PRINTK_CALLER's "[%6s]". */
static size_t caller_len(const char *p, size_t n)
{
	size_t i = open_bracket(p, n);

	if (!i || i >= n || (p[i] != 'T' && p[i] != 'C'))
		return 0;
	i++;
	if (!skip_digits(p, n, &i) || i >= n || p[i] != ']')
		return 0;
	return i + 1;
}

/*
 * Leading blanks of the message itself are kept: they tell a call-trace
 * line from a new message.
 */
struct view line_strip(const char *p, size_t n)
{
	size_t k, stamp;

	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	while (n && p[0] == '\r') {
		p++;
		n--;
	}
	k = loglevel_len(p, n);
	p += k;
	n -= k;
	stamp = timestamp_len(p, n);
	p += stamp;
	n -= stamp;
	k = caller_len(p, n);
	p += k;
	n -= k;
	/* printk puts exactly one space between its prefix and the text. */
	if ((stamp || k) && n && p[0] == ' ') {
		p++;
		n--;
	}
	return (struct view){ p, n };
}

struct view *line_split(const char *buf, size_t len, size_t *n_out)
{
	size_t n = 0, at = 0, k = 0;
	struct view *lines;

	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	if (len && buf[len - 1] != '\n')
		n++;
	lines = malloc((n ? n : 1) * sizeof(*lines));
	if (!lines)
		return NULL;
	while (at < len) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - buf) : len;

		lines[k++] = line_strip(buf + at, end - at);
		at = end + 1;
	}
	*n_out = k;
	return lines;
}
