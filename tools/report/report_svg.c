/* Bar charts and x-y plots as inline SVG (report_svg.h). */
#include "report_svg.h"

#include "escape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FONT "font-family=\"system-ui,sans-serif\" font-size=\"12\""

void mt_svg_num(char *out, size_t n, double v)
{
	if (isnan(v))
		snprintf(out, n, "n/a");
	else if (fabs(v) >= 1e9)
		snprintf(out, n, "%.3g", v);
	else if (v == floor(v))
		snprintf(out, n, "%.0f", v);
	else if (fabs(v) >= 100)
		snprintf(out, n, "%.1f", v);
	else
		snprintf(out, n, "%.3g", v);
}

/* A round step for an axis up to @max with about @ticks ticks (1, 2, 5 x 10^e). */
static double nice_step(double max, int ticks)
{
	double raw = max / ticks, base, f;

	if (!(raw > 0))
		return 1;
	base = pow(10, floor(log10(raw)));
	f = raw / base;
	return base * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
}

static void svg_open(FILE *f, int w, int h, const char *title)
{
	fprintf(f, "<svg class=\"plot\" role=\"img\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\">", w, h, w, h);
	mt_escf(f, mt_xml_text, "<title>%s</title>", title);
	mt_escf(f, mt_xml_text, "<text x=\"4\" y=\"16\" " FONT " font-weight=\"600\">%s</text>\n", title);
}

static void legend(FILE *f, const struct mt_svg_series s[], size_t k, int x, int y)
{
	for (size_t i = 0; i < k; i++) {
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"", x, y - 9);
		mt_xml_text(f, s[i].color);
		fprintf(f, "\"/><text x=\"%d\" y=\"%d\" " FONT ">", x + 14, y);
		mt_xml_text(f, s[i].name);
		fputs("</text>", f);
		x += 24 + 7 * (int)strlen(s[i].name ? s[i].name : "");
	}
	fputc('\n', f);
}

void mt_svg_hbars(FILE *f, const char *title, const char *unit, const char *const labels[], size_t n,
		  const double values[], const struct mt_svg_series series[], size_t k, bool stacked)
{
	const int w = 760, lw = 190, vw = 100, top = 44, bar = 14, gap = 8;
	const int per_row = stacked ? bar : (int)k * bar;
	const int h = top + (int)n * (per_row + gap) + 30;
	const int x0 = lw, x1 = w - vw;
	double max = 0, step, axis;
	char num[64];

	for (size_t i = 0; i < n; i++) {
		double sum = 0;

		for (size_t s = 0; s < k; s++) {
			double v = values[i * k + s];

			if (isnan(v) || v < 0)
				continue;
			sum = stacked ? sum + v : (v > sum ? v : sum);
		}
		max = sum > max ? sum : max;
	}
	step = nice_step(max > 0 ? max : 1, 5);
	axis = ceil((max > 0 ? max : 1) / step) * step;
	svg_open(f, w, h, title);
	legend(f, series, k, x0, 34);
	/* grid and ticks */
	for (double t = 0; t <= axis + step / 2; t += step) {
		int x = x0 + (int)((x1 - x0) * t / axis);

		mt_svg_num(num, sizeof(num), t);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d0d7de\"/>"
			   "<text x=\"%d\" y=\"%d\" " FONT " text-anchor=\"middle\" fill=\"#57606a\">%s</text>\n",
			x, top - 4, x, h - 26, x, h - 12, num);
	}
	if (unit && *unit) {
		fprintf(f, "<text x=\"4\" y=\"%d\" " FONT " fill=\"#57606a\">", h - 12);
		mt_xml_text(f, unit);
		fputs("</text>\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		int y = top + (int)i * (per_row + gap);
		double off = 0, sum = 0;
		bool any = false;

		fprintf(f, "<text x=\"%d\" y=\"%d\" " FONT " text-anchor=\"end\">", lw - 6, y + per_row / 2 + 4);
		mt_xml_text(f, labels[i]);
		fputs("</text>", f);
		for (size_t s = 0; s < k; s++) {
			double v = values[i * k + s];
			int bx, bw, by = stacked ? y : y + (int)s * bar;

			if (isnan(v) || v < 0)
				continue;
			any = true;
			if (stacked && v == 0)
				continue;
			bx = x0 + (int)((x1 - x0) * off / axis);
			bw = (int)((x1 - x0) * v / axis + 0.5);
			mt_svg_num(num, sizeof(num), v);
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", bx, by, bw, bar - 1);
			mt_xml_text(f, series[s].color);
			fputs("\"><title>", f);
			mt_escf(f, mt_xml_text, "%s, %s: ", labels[i], series[s].name);
			fprintf(f, "%s</title></rect>", num);
			if (stacked)
				off += v;
			sum = stacked ? sum + v : v;
			if (!stacked)
				fprintf(f, "<text x=\"%d\" y=\"%d\" " FONT " fill=\"#57606a\">%s</text>", x0 + bw + 4,
					by + bar - 3, num);
		}
		if (stacked || !any) {
			mt_svg_num(num, sizeof(num), any ? sum : NAN);
			fprintf(f, "<text x=\"%d\" y=\"%d\" " FONT " fill=\"#57606a\">%s</text>",
				x0 + (int)((x1 - x0) * (any ? sum : 0) / axis) + 4, y + bar - 3, num);
		}
		fputc('\n', f);
	}
	fputs("</svg>\n", f);
}

struct pt {
	double x, y;
	const char *label;
};

static int cmp_pt(const void *a, const void *b)
{
	const struct pt *p = a, *q = b;

	return (p->x > q->x) - (p->x < q->x);
}

static int y_px(double v, double ymax, int y0, int y1)
{
	return y0 - (int)((y0 - y1) * v / ymax);
}

/* x on a linear axis to @xmax, or (sizes) the rank of @v among @cat. */
static int x_px(double v, const double cat[], size_t n_cat, bool sizes, double xmax, int x0, int x1)
{
	size_t k = 0;

	if (!sizes)
		return x0 + (int)((x1 - x0) * v / xmax);
	while (k + 1 < n_cat && cat[k] < v)
		k++;
	return x0 + (int)((x1 - x0) * (double)k / xmax);
}

/* A size in bytes as 64, 1K, 4M. */
static void bytes(char *out, size_t n, double v)
{
	if (v >= 1 << 20 && fmod(v, 1 << 20) == 0)
		snprintf(out, n, "%.0fM", v / (1 << 20));
	else if (v >= 1024 && fmod(v, 1024) == 0)
		snprintf(out, n, "%.0fK", v / 1024);
	else
		mt_svg_num(out, n, v);
}

void mt_svg_xy(FILE *f, const char *title, const char *xlabel, const char *ylabel, const double x[],
	       const double y[], const char *const labels[], size_t n, bool sizes, const struct mt_svg_series *s)
{
	const int w = 760, h = 320, l = 80, r = 30, t = 40, b = 50;
	const int x0 = l, x1 = w - r, y0 = h - b, y1 = t;
	struct pt *p = calloc(n ? n : 1, sizeof(*p));
	double *cat = calloc(n ? n : 1, sizeof(*cat)); /* the distinct x values, ascending (sizes) */
	size_t n_cat = 0;
	double xmax = 1, ymax = 1, ystep, xstep;
	char num[64];

	if (!p || !cat)
		abort();
	for (size_t i = 0; i < n; i++) {
		p[i] = (struct pt){ x[i], y[i], labels[i] };
		ymax = y[i] > ymax ? y[i] : ymax;
	}
	qsort(p, n, sizeof(*p), cmp_pt);
	for (size_t i = 0; i < n; i++)
		if (!n_cat || cat[n_cat - 1] != p[i].x)
			cat[n_cat++] = p[i].x;
	if (n)
		xmax = sizes ? (double)(n_cat > 1 ? n_cat - 1 : 1) : p[n - 1].x > 0 ? p[n - 1].x : 1;
	xstep = sizes ? 1 : nice_step(xmax, 6);
	if (!sizes)
		xmax = ceil(xmax / xstep) * xstep;
	ystep = nice_step(ymax, 5);
	ymax = ceil(ymax / ystep) * ystep;
	svg_open(f, w, h, title);
	for (double v = 0; v <= ymax + ystep / 2; v += ystep) {
		mt_svg_num(num, sizeof(num), v);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d0d7de\"/>"
			   "<text x=\"%d\" y=\"%d\" " FONT " text-anchor=\"end\" fill=\"#57606a\">%s</text>\n",
			x0, y_px(v, ymax, y0, y1), x1, y_px(v, ymax, y0, y1), x0 - 6, y_px(v, ymax, y0, y1) + 4, num);
	}
	for (double v = 0; v <= xmax + xstep / 2; v += xstep) {
		int px = x0 + (int)((x1 - x0) * v / xmax);

		if (sizes)
			bytes(num, sizeof(num), (size_t)v < n_cat ? cat[(size_t)v] : 0);
		else
			mt_svg_num(num, sizeof(num), v);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d0d7de\"/>"
			   "<text x=\"%d\" y=\"%d\" " FONT " text-anchor=\"middle\" fill=\"#57606a\">%s</text>\n",
			px, y0, px, y1, px, y0 + 16, num);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#57606a\"/>", x0, y0, x1, y0);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#57606a\"/>\n", x0, y0, x0, y1);
	fprintf(f, "<text x=\"%d\" y=\"%d\" " FONT " text-anchor=\"middle\">", (x0 + x1) / 2, h - 10);
	mt_xml_text(f, xlabel);
	fprintf(f, "</text><text x=\"14\" y=\"%d\" " FONT " text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">",
		(y0 + y1) / 2, (y0 + y1) / 2);
	mt_xml_text(f, ylabel);
	fputs("</text>\n<polyline fill=\"none\" stroke-width=\"2\" stroke=\"", f);
	mt_xml_text(f, s->color);
	fputs("\" points=\"", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%d,%d", i ? " " : "", x_px(p[i].x, cat, n_cat, sizes, xmax, x0, x1),
			y_px(p[i].y, ymax, y0, y1));
	fputs("\"/>\n", f);
	for (size_t i = 0; i < n; i++) {
		int px = x_px(p[i].x, cat, n_cat, sizes, xmax, x0, x1), py = y_px(p[i].y, ymax, y0, y1);
		char xs[64];

		mt_svg_num(num, sizeof(num), p[i].y);
		mt_svg_num(xs, sizeof(xs), p[i].x);
		fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"", px, py);
		mt_xml_text(f, s->color);
		mt_escf(f, mt_xml_text, "\"><title>%s: %s %s, %s %s</title></circle>", p[i].label, xlabel, xs,
			ylabel, num);
		if (n <= 12) {
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-family=\"system-ui,sans-serif\" font-size=\"10\" "
				   "fill=\"#57606a\">", px + 6, py - 6);
			mt_xml_text(f, p[i].label);
			fputs("</text>", f);
		}
		fputc('\n', f);
	}
	fputs("</svg>\n", f);
	free(cat);
	free(p);
}
