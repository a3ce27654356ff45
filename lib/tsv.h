/*
 * The one TSV dialect of every file a run writes (docs/RESULTS.md): one
 * record a line, cells separated by a tab, an empty cell is the empty
 * string. Inside a cell a backslash, tab, newline and carriage return are
 * written "\\", "\t", "\n", "\r" and every other control byte (0x00-0x1f,
 * 0x7f) as "\xHH"; all other bytes, invalid UTF-8 included, are written as
 * they are. So any byte string survives mt_tsv_escape + mt_tsv_unescape.
 * Used by the harness inside UML and by every host tool.
 */
#ifndef MT_TSV_H
#define MT_TSV_H

#include <stddef.h>
#include <stdio.h>

/* Escape @len bytes of @s into @out (at most @n bytes with the NUL; cut at
 * a whole escape). Returns the length the whole escape needs. */
size_t mt_tsv_escape_to(char *out, size_t n, const char *s, size_t len);
/* Escape a NUL-terminated string; malloc'd, aborts when out of memory. */
char *mt_tsv_escape(const char *s);
/* Write one escaped cell of @len bytes. */
void mt_tsv_put(FILE *f, const char *s, size_t len);
/*
 * Unescape @cell; malloc'd (aborts when out of memory). *len gets the byte
 * count (an escaped \x00 makes the result hold a NUL) unless @len is NULL.
 * An unknown or cut escape is kept as written.
 */
char *mt_tsv_unescape(const char *cell, size_t *len);

/*
 * Split @line in place into cells: the line's end ("\n" or "\r\n") is
 * dropped, every tab ends a cell. Returns how many cells the line has
 * (which may be more than @max: then only the first @max are stored and
 * the last stored one stops at its own tab).
 */
int mt_tsv_split(char *line, char **cells, int max);

/*
 * Read one whole line of any length from @f into *buf (grown as needed,
 * *cap its size). Returns its length, or -1 at the end of the file.
 */
long mt_tsv_getline(FILE *f, char **buf, size_t *cap);

#endif
