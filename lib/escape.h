/*
 * The one JSON and the one HTML/XML escaping of every host tool. Both take
 * any byte string: a control byte other than tab and newline is written as
 * the visible text "\xHH" in HTML/XML (XML 1.0 has no way to carry it) and
 * as "\u00HH" in JSON; a byte that is not part of valid UTF-8 becomes
 * U+FFFD in both, so every page and summary.json is valid UTF-8. Readers of
 * the exact bytes use the TSV files (lib/tsv.h), which lose nothing.
 */
#ifndef MT_ESCAPE_H
#define MT_ESCAPE_H

#include <stdio.h>

/* A JSON string literal, with its quotes; NULL is written as "". */
void mt_json_string(FILE *f, const char *s);
/* Text or attribute value for HTML and XML (&, <, >, " and ' escaped). */
void mt_xml_text(FILE *f, const char *s);

/*
 * Write @tmpl as it is, but each "%s" as the next argument (a string)
 * passed through @esc and "%%" as "%": one call for a line of markup
 * around several values, e.g.
 *     mt_escf(f, mt_xml_text, "<a title=\"%s\">%s</a>", title, text);
 */
void mt_escf(FILE *f, void (*esc)(FILE *, const char *), const char *tmpl, ...);

#endif
