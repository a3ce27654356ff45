/* cmocka tests of lib/: the one TSV dialect survives any byte string, the
 * JSON and HTML/XML escapes always give valid text, and the oracle and bug
 * names are a closed list that docs/RESULTS.md documents in full. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mt_finding.h"
#include "tsv.h"

static uint64_t rng = 88172645463325252ull;

static unsigned next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)rng;
}

/* A random byte string of @n bytes (no NUL: the writers take C strings),
 * weighted toward the bytes that need care. */
static void random_bytes(char *s, size_t n)
{
	static const char hard[] = "\t\n\r\\x\x1b\x7f\x01\xff\xc3\xa9\"<&'";

	for (size_t i = 0; i < n; i++)
		s[i] = next() % 3 ? hard[next() % (sizeof(hard) - 1)] : (char)(1 + next() % 255);
	s[n] = '\0';
}

/* Every writer's escape, read back by the one reader, in a row of cells. */
static void test_tsv_round_trip(void **state)
{
	char a[300], b[300], esc[1300];

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		random_bytes(a, next() % 200);
		random_bytes(b, next() % 200);
		/* the harness's writer (mt_tsv_escape_to), the stress's and the
		 * classifier's (mt_tsv_put), the reporter's (mt_tsv_escape) */
		char *line = NULL, *e2 = mt_tsv_escape(b), *cells[4];
		size_t len = 0;
		FILE *f = open_memstream(&line, &len);

		mt_tsv_escape_to(esc, sizeof(esc), a, strlen(a));
		fprintf(f, "%s\t", esc);
		mt_tsv_put(f, b, strlen(b));
		fprintf(f, "\t%s\r\n", e2);
		fclose(f);
		assert_null(strchr(esc, '\t'));
		assert_int_equal(mt_tsv_split(line, cells, 4), 3);
		char *ra = mt_tsv_unescape(cells[0], NULL), *rb = mt_tsv_unescape(cells[1], NULL),
		     *rc = mt_tsv_unescape(cells[2], NULL);

		assert_string_equal(ra, a);
		assert_string_equal(rb, b);
		assert_string_equal(rc, b);
		free(ra), free(rb), free(rc), free(e2), free(line);
	}
}

/* Escaped NULs and embedded bytes: the length comes back exact. */
static void test_tsv_nul_and_cut(void **state)
{
	const char raw[] = { 'a', 0, '\t', 'b' };
	char esc[64], small[6];
	size_t n;

	(void)state;
	mt_tsv_escape_to(esc, sizeof(esc), raw, sizeof(raw));
	assert_string_equal(esc, "a\\x00\\tb");
	char *back = mt_tsv_unescape(esc, &n);

	assert_int_equal(n, sizeof(raw));
	assert_memory_equal(back, raw, sizeof(raw));
	free(back);
	/* cut at a whole escape, never in the middle of one */
	assert_int_equal(mt_tsv_escape_to(small, sizeof(small), raw, sizeof(raw)), 8);
	assert_string_equal(small, "a\\x00");
	/* an unknown escape is kept as written */
	back = mt_tsv_unescape("\\q\\x4", NULL);
	assert_string_equal(back, "\\q\\x4");
	free(back);
}

static void test_tsv_split(void **state)
{
	char line[] = "a\t\t\tb\n", two[] = "x\ty\tz", *c[4];

	(void)state;
	assert_int_equal(mt_tsv_split(line, c, 4), 4);
	assert_string_equal(c[0], "a");
	assert_string_equal(c[1], "");
	assert_string_equal(c[2], "");
	assert_string_equal(c[3], "b");
	assert_int_equal(mt_tsv_split(two, c, 2), 3); /* more cells than asked for */
	assert_string_equal(c[0], "x");
	assert_string_equal(c[1], "y");
}

/* Is @s valid UTF-8 without control bytes other than tab and newline? */
static int clean_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 0;

		if (!n || (*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7f)
			return 0;
		for (int i = 1; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return 0;
		s += n;
	}
	return 1;
}

static void test_json_and_xml(void **state)
{
	char a[200];

	(void)state;
	for (int iter = 0; iter < 5000; iter++) {
		char *j = NULL, *x = NULL;
		size_t jl = 0, xl = 0;
		FILE *fj = open_memstream(&j, &jl), *fx = open_memstream(&x, &xl);

		random_bytes(a, next() % 150);
		mt_json_string(fj, a);
		mt_xml_text(fx, a);
		fclose(fj), fclose(fx);
		assert_true(clean_utf8((unsigned char *)j));
		assert_true(clean_utf8((unsigned char *)x));
		assert_null(strchr(j, '\n'));
		assert_null(strpbrk(x, "<>\"'"));
		free(j), free(x);
	}
	char *x = NULL;
	size_t xl = 0;
	FILE *fx = open_memstream(&x, &xl);

	mt_xml_text(fx, "a\x1b[31m<b>\xff");
	fclose(fx);
	assert_string_equal(x, "a\\x1b[31m&lt;b&gt;\xef\xbf\xbd");
	free(x);
}

/* mt_escf: literals as they are, each %s escaped, %% a percent sign. */
static void test_escf(void **state)
{
	char *x = NULL;
	size_t xl = 0;
	FILE *fx = open_memstream(&x, &xl);

	(void)state;
	mt_escf(fx, mt_xml_text, "<a title=\"%s\">%s 100%%</a>%s", "say \"<hi>\"", "a & b", "");
	fclose(fx);
	assert_string_equal(x, "<a title=\"say &quot;&lt;hi&gt;&quot;\">a &amp; b 100%</a>");
	free(x);
}

/* Names map back to their enums, severities order the classes, and the
 * results contract lists every name: the two cannot drift apart. */
static void test_names_and_docs(void **state)
{
	FILE *f = fopen("docs/RESULTS.md", "r");
	char *doc = NULL, want[64];
	size_t len = 0;

	(void)state;
	assert_non_null(f);
	assert_true(getdelim(&doc, &len, '\0', f) > 0);
	fclose(f);
	for (int o = 0; o < MT_OR_COUNT; o++) {
		enum mt_oracle back;

		assert_int_equal(mt_oracle_from_name(mt_oracle_name((enum mt_oracle)o), &back), 0);
		assert_int_equal(back, o);
		snprintf(want, sizeof(want), "| `%s` |", mt_oracle_name((enum mt_oracle)o));
		if (!strstr(doc, want))
			fail_msg("docs/RESULTS.md does not list the oracle %s", mt_oracle_name((enum mt_oracle)o));
	}
	for (int b = 0; b < MT_BUG_COUNT; b++) {
		enum mt_bug back;

		assert_int_equal(mt_bug_from_name(mt_bug_name((enum mt_bug)b), &back), 0);
		assert_int_equal(back, b);
		snprintf(want, sizeof(want), "| `%s` |", mt_bug_name((enum mt_bug)b));
		if (!strstr(doc, want))
			fail_msg("docs/RESULTS.md does not list the bug class %s", mt_bug_name((enum mt_bug)b));
	}
	enum mt_bug x;

	assert_int_equal(mt_bug_from_name("no-such-class", &x), -1);
	assert_int_equal(mt_bug_worse(MT_BUG_WRONG_ERRNO, MT_BUG_CRASH), MT_BUG_CRASH);
	assert_true(mt_bug_strict_only(MT_BUG_WRONG_ERRNO));
	assert_false(mt_bug_strict_only(MT_BUG_RACE));
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tsv_round_trip), cmocka_unit_test(test_tsv_nul_and_cut),
		cmocka_unit_test(test_tsv_split),      cmocka_unit_test(test_json_and_xml),
		cmocka_unit_test(test_escf),         cmocka_unit_test(test_names_and_docs),
	};

	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
