/*
 * Plots as inline SVG, written directly (no library, no script): report.html
 * draws its charts with these. Every label is escaped (lib/escape.h); the
 * output is one <svg class="plot"> element with a <title>, sized in pixels.
 */
#ifndef MT_REPORT_SVG_H
#define MT_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One series of a bar chart or of an x-y plot. */
struct mt_svg_series {
	const char *name;   /* in the legend */
	const char *color;  /* a CSS colour, e.g. "#2da44e" */
};

/*
 * Horizontal bars: one row per label, @k series a row, @values row-major
 * (values[i * k + s]); side by side, or @stacked one after the other (then
 * each row's total is written after it). A NaN value is "not measured": no
 * bar, "n/a" after it.
 */
void mt_svg_hbars(FILE *f, const char *title, const char *unit, const char *const labels[], size_t n,
		  const double values[], const struct mt_svg_series series[], size_t k, bool stacked);

/*
 * An x-y plot of @n points (x[i], y[i]), each named by labels[i], joined in
 * the order of x; y from 0 with ticks at round numbers; x likewise, or with
 * @sizes its distinct values evenly spaced and labelled as byte sizes (0,
 * 64, 1K, 64K: a sweep of message sizes).
 */
void mt_svg_xy(FILE *f, const char *title, const char *xlabel, const char *ylabel, const double x[],
	       const double y[], const char *const labels[], size_t n, bool sizes, const struct mt_svg_series *s);

/* @v as a short number: "12", "7650.4", "1.2e+06" -> "1200000" (<= 9 digits). */
void mt_svg_num(char *out, size_t n, double v);

#endif
