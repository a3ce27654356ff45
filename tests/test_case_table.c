/* cmocka tests of the case-table parser, its expressions and /proc parsing. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "box_proc.h"
#include "case_table.h"
#include "payload.h"
#include "pointers.h"

static const struct mt_sym sym = { .max = 65536, .page = 4096, .size = 16, .room = 100, .have_room = true };

static long eval(const char *e)
{
	long v = 0;

	assert_int_equal(mt_expr_eval(e, &sym, &v), 0);
	return v;
}

static void test_expr_values(void **state)
{
	(void)state;
	assert_int_equal(eval("0"), 0);
	assert_int_equal(eval("-1"), -1);
	assert_int_equal(eval("INT_MIN"), -2147483647L - 1);
	assert_int_equal(eval("INT_MAX"), 2147483647L);
	assert_int_equal(eval("max+1"), 65537);
	assert_int_equal(eval("max-1"), 65535);
	assert_int_equal(eval("page+1"), 4097);
	assert_int_equal(eval("size-1"), 15);
	assert_int_equal(eval("room+1"), 101);
	assert_int_equal(eval("4194305"), 4194305);
	assert_int_equal(eval("max+2-3"), 65535);
}

static void test_expr_malformed(void **state)
{
	long v;

	(void)state;
	assert_int_equal(mt_expr_eval("maxx", &sym, &v), -1);
	assert_int_equal(mt_expr_eval("max+", &sym, &v), -1);
	assert_int_equal(mt_expr_eval("", &sym, &v), -1);
	assert_int_equal(mt_expr_eval("12abc", &sym, &v), -1);
	assert_true(mt_expr_uses("room+1", "room"));
	assert_true(mt_expr_uses("msg:max", "max"));
	assert_false(mt_expr_uses("INT_MAX", "max"));
}

static void test_errno_names(void **state)
{
	long v;
	char buf[32];

	(void)state;
	assert_true(mt_errno_parse("-EMSGSIZE", &v));
	assert_int_equal(v, -90);
	assert_true(mt_errno_parse("0", &v));
	assert_int_equal(v, 0);
	assert_false(mt_errno_parse("-EBOGUS", &v));
	assert_string_equal(mt_errno_name(-61, buf, sizeof(buf)), "-ENODATA");
	assert_string_equal(mt_errno_name(4294967274L, buf, sizeof(buf)), "4294967274");
}

static char *write_table(const char *text)
{
	static char path[] = "/tmp/mt-table-XXXXXX";
	int fd;

	strcpy(path, "/tmp/mt-table-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_table_loads_rows(void **state)
{
	struct mt_case_table t = { 0 };
	char err[256];
	char *p = write_table("# comment\n\nput.x\tput\tvalid\t-1\tempty\t-\t-EINVAL\tneg\tnone\n"
			      "get.y\tget\tnull\tsize-1\tmsg:16\tmax_msgs=4\tsize\tsize\t-1\n");

	(void)state;
	assert_int_equal(mt_table_load(p, &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.cases[1].name, "get.y");
	assert_string_equal(t.cases[1].box, "msg:16");
	assert_non_null(strstr(t.cases[1].where, ":4"));
	mt_table_free(&t);
	unlink(p);
}

static void expect_load_error(const char *text, const char *needle)
{
	struct mt_case_table t = { 0 };
	char err[256];
	char *p = write_table(text);

	assert_int_equal(mt_table_load(p, &t, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not say '%s'", err, needle);
	mt_table_free(&t);
	unlink(p);
}

static void test_table_rejects_bad_rows(void **state)
{
	(void)state;
	expect_load_error("a\tput\tvalid\n", "columns");
	expect_load_error("a\tfly\tvalid\t1\tempty\t-\t0\t0\tnone\n", "call must be");
	expect_load_error("a\tput\tvalid\t1\tempty\t-\t-EWHAT\tneg\tnone\n", "strict");
	expect_load_error("a\tput\tvalid\tlots\tempty\t-\t0\t0\tnone\n", "len");
	expect_load_error("a\tput\tvalid\t1\tempty\t-\t0\t0\tsome\n", "effect");
	expect_load_error("a\tput\tvalid\t1\tempty\t-\t0\t0\tnone\na\tput\tvalid\t1\tempty\t-\t0\t0\tnone\n",
			  "already used");
	/* typos that used to become silent skips */
	expect_load_error("a\tput\tvalid\t1\tmsg16\t-\t0\t0\tnone\n", "box must be");
	expect_load_error("a\tput\tvalid\t1\tmsgs:3\t-\t0\t0\tnone\n", "box must be");
	expect_load_error("a\tput\tvalid\t1\tmsg:lots\t-\t0\t0\tnone\n", "box must be");
	expect_load_error("a\tput\tvalid\t1\tempty\tmax_msglen=4\t0\t0\tnone\n", "limits must be");
	expect_load_error("a\tlifo\tvalid\t1\tempty\t-\t0\t0\tnone\tnth\n", "inject nth");
	expect_load_error("a\theld\tvalid\t16\tmsg:16\t-\t-EFAULT\tneg\tnone\n", "HELD/WINDOW:LEN");
	expect_load_error("a\theld\tget/fly:16\t16\tmsg:16\t-\t-EFAULT\tneg\tnone\n", "HELD/WINDOW:LEN");
	expect_load_error("a\theld\tget/put:lots\t16\tmsg:16\t-\t-EFAULT\tneg\tnone\n", "HELD/WINDOW:LEN");
	/* stall: two puts cannot be told apart by their results */
	expect_load_error("a\tstall\tput/put:16\t16\tempty\t-\t0\t0\tnone\n", "not put/put");
	expect_load_error("a\tput\tvalid\t1\tlens:16,\t-\t0\t0\tnone\n", "box must be");
	expect_load_error("a\tput\tvalid\t1\tlens:16,lots\t-\t0\t0\tnone\n", "box must be");
	expect_load_error("a\tput\tvalid\t1\tlens:\t-\t0\t0\tnone\n", "box must be");
}

/* A held row's ptr: the held call, the window's call and its length. */
static void test_held_spec(void **state)
{
	struct mt_held_spec h;
	struct mt_sym sym = { 100, 4096, 16, 0, true };
	long v;

	(void)state;
	assert_int_equal(mt_held_parse("get/put:16", &h), 0);
	assert_false(h.held_put);
	assert_true(h.window_put);
	assert_int_equal(mt_expr_eval(h.window_len, &sym, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(mt_held_parse("put/get:size+1", &h), 0);
	assert_true(h.held_put);
	assert_false(h.window_put);
	assert_int_equal(mt_expr_eval(h.window_len, &sym, &v), 0);
	assert_int_equal(v, 17);
	assert_int_equal(mt_held_parse("put/get", &h), -1);
	assert_int_equal(mt_held_parse("get:put:16", &h), -1);
	assert_int_equal(mt_held_parse("", &h), -1);

	long lens[MT_BOX_LENS_MAX];

	assert_int_equal(mt_box_lens("lens:16,size+8", &sym, lens, MT_BOX_LENS_MAX), 2);
	assert_int_equal(lens[0], 16);
	assert_int_equal(lens[1], 24);
	assert_int_equal(mt_box_lens("lens:16,24,32", &sym, lens, 2), -1); /* more than fit */
	assert_int_equal(mt_box_lens("lens:-1", &sym, lens, MT_BOX_LENS_MAX), -1);
	assert_int_equal(mt_box_lens("msgs:2:16", &sym, lens, MT_BOX_LENS_MAX), -1);
}

/* An unknown call kind is a load error that names the file and the line
 * of its row. */
static void test_unknown_call_names_file_line(void **state)
{
	struct mt_case_table t = { 0 };
	char err[256], where[128];
	char *p = write_table("# comment\nok\tput\tvalid\t1\tempty\t-\t0\t0\t+1\n"
			      "a\tfly\tvalid\t1\tempty\t-\t0\t0\tnone\n");

	(void)state;
	assert_int_equal(mt_table_load(p, &t, err, sizeof(err)), -1);
	snprintf(where, sizeof(where), "%s:3: ", p);
	if (!strstr(err, where) || !strstr(err, "call must be"))
		fail_msg("error '%s' does not name '%s' and the call column", err, where);
	mt_table_free(&t);
	unlink(p);
}

/* Every call kind of case_calls.def loads; the list ends where it should. */
static void test_call_kinds_registered(void **state)
{
	size_t n = 0;

	(void)state;
	for (const struct mt_call_kind *k = mt_call_kinds; k->name; k++, n++) {
		assert_ptr_equal(mt_call_find(k->name), k);
		assert_true(strlen(k->doc) > 10);
	}
	assert_int_equal(n, 12);
	assert_null(mt_call_find("fly"));
	assert_true(mt_call_find("put")->nth);
	assert_false(mt_call_find("lifo")->nth);
}

/* A buffer is never smaller than the length the case passes with it, with
 * every limit unknown (there is no limit in the computation at all). */
static void test_buffer_len(void **state)
{
	static const long lens[] = { 0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 65536, 65537, 4 << 20,
				     (4 << 20) + 1, (4 << 20) + 4096 };

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		assert_int_equal(mt_buffer_len(lens[i]), lens[i]);
	assert_int_equal(mt_buffer_len(-1), 0);
	assert_int_equal(mt_buffer_len(0x7fffffff), MT_BUFFER_MAX);
}

static void test_box_proc_parse(void **state)
{
	struct mt_box b;

	(void)state;
	assert_true(mt_box_parse("messages 3\nbytes 120\noverhead 32\nmax_msg_len 65536\nmax_total 16777216\n"
				 "max_msgs 65536\nputs 10\ngets 7\nerrors 2\n", &b));
	assert_int_equal(b.messages, 3);
	assert_int_equal(b.overhead, 32);
	assert_int_equal(b.errors, 2);
	assert_false(mt_box_parse("messages 3\nbytes 120\n", &b));
	assert_false(b.present);
}

static void test_payload_identity(void **state)
{
	unsigned char buf[5000];
	uint32_t w, s;
	size_t bad;

	(void)state;
	for (size_t len = 0; len < sizeof(buf); len += 37) {
		mt_payload_fill(buf, len, 7, 42);
		for (size_t i = 0; i < len; i++)
			assert_int_not_equal(buf[i], 0);
		enum mt_payload_verdict v = mt_payload_check(buf, len, &w, &s, &bad);

		assert_int_equal(v, len < MT_HDR ? MT_PAYLOAD_ANON : MT_PAYLOAD_OK);
		if (len >= MT_HDR) {
			assert_int_equal(w, 7);
			assert_int_equal(s, 42);
		}
	}
}

static void test_payload_detects_damage(void **state)
{
	unsigned char a[300], b[300];
	uint32_t w, s;
	size_t bad;

	(void)state;
	mt_payload_fill(a, sizeof(a), 1, 1);
	a[200] ^= 1;
	assert_int_equal(mt_payload_check(a, sizeof(a), &w, &s, &bad), MT_PAYLOAD_BAD_BODY);
	assert_int_equal(bad, 200);
	mt_payload_fill(a, sizeof(a), 1, 1);
	assert_int_equal(mt_payload_check(a, 299, &w, &s, &bad), MT_PAYLOAD_BAD_LEN);
	/* two writers' messages spliced together */
	mt_payload_fill(b, sizeof(b), 2, 1);
	memcpy(a + 150, b + 150, 150);
	assert_int_equal(mt_payload_check(a, sizeof(a), &w, &s, &bad), MT_PAYLOAD_BAD_BODY);
	memset(a, 0xa5, sizeof(a));
	assert_int_equal(mt_payload_check(a, sizeof(a), &w, &s, &bad), MT_PAYLOAD_BAD_HDR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr_values),      cmocka_unit_test(test_expr_malformed),
		cmocka_unit_test(test_errno_names),      cmocka_unit_test(test_table_loads_rows),
		cmocka_unit_test(test_table_rejects_bad_rows), cmocka_unit_test(test_unknown_call_names_file_line),
		cmocka_unit_test(test_box_proc_parse),
		cmocka_unit_test(test_payload_identity), cmocka_unit_test(test_payload_detects_damage),
		cmocka_unit_test(test_call_kinds_registered), cmocka_unit_test(test_buffer_len),
		cmocka_unit_test(test_held_spec),
	};

	return cmocka_run_group_tests_name("case_table", tests, NULL, NULL);
}
