/*
 * Unit tests of harness/conventions.c: which answers end a drain, which
 * prove the box empty, and that the learned answers survive a boot
 * (conventions.tsv written and read back).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conventions.h"

static const struct mt_conventions spec = {
	.empty = -ENODATA, .too_small = -EMSGSIZE, .empty_put = true, .max_len = MT_CONV_UNKNOWN,
	.get_len = MT_PROBE_MAX_LEN,
};

static void learned(bool lenient, long empty)
{
	mt_conv = spec;
	mt_conv.lenient = lenient;
	mt_conv.learned = true;
	mt_conv.empty = empty;
}

/* Only the learned empty answer proves a drained box empty, in both
 * profiles: -EMSGSIZE at the end of a drain is a message too long for the
 * drain's buffer, still in the box (stored-pointer: a lenient "any error
 * is empty" hid it under 60 later cases). */
static void drain_proves_empty_only_with_the_learned_answer(void **state)
{
	(void)state;
	for (int lenient = 0; lenient < 2; lenient++) {
		learned(lenient, -ENOMSG);
		assert_true(mt_conv_drained(-ENOMSG));
		assert_false(mt_conv_drained(-EMSGSIZE));
		assert_false(mt_conv_drained(-EFAULT));
		assert_false(mt_conv_drained(-ENODATA));
		assert_false(mt_conv_drained(0));
		assert_true(mt_conv_drain_stops(-EMSGSIZE)); /* it stops there, unproved */
	}
	learned(true, 61); /* +ENODATA for empty: positive-empty */
	assert_true(mt_conv_drained(61));
	assert_true(mt_conv_drain_stops(61));
	assert_false(mt_conv_drained(-EMSGSIZE));
}

/* Before the probe has learned the answer, lenient takes any error. */
static void lenient_takes_any_error_before_the_probe(void **state)
{
	(void)state;
	mt_conv = spec;
	mt_conv.lenient = true;
	assert_true(mt_conv_drained(-1));
	assert_true(mt_conv_drained(-ENOMSG));
	assert_false(mt_conv_drained(5));
	mt_conv.lenient = false;
	assert_false(mt_conv_drained(-1));
	assert_true(mt_conv_drained(-ENODATA));
}

/* A call's own answer on an empty box is still judged leniently. */
static void a_call_on_an_empty_box_stays_lenient(void **state)
{
	(void)state;
	learned(true, -ENOMSG);
	assert_true(mt_conv_is_empty(-EINVAL, true));
	assert_false(mt_conv_is_empty(-EINVAL, false));
	learned(false, -ENOMSG);
	assert_false(mt_conv_is_empty(-EINVAL, true));
	assert_true(mt_conv_is_empty(-ENOMSG, false));
}

static void learned_answers_survive_a_boot(void **state)
{
	char dir[] = "/tmp/test_conventions.XXXXXX";
	struct mt_conventions c = spec;
	char path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	c.learned = true;
	c.empty = -1;
	c.too_small = -1;
	c.get_len = 4096;
	c.fifo = true;
	assert_int_equal(mt_conv_save(&c, dir), 0);
	mt_conv = spec;
	assert_int_equal(mt_conv_load(dir), 0);
	assert_true(mt_conv.learned);
	assert_int_equal(mt_conv.empty, -1);
	assert_int_equal(mt_conv.too_small, -1);
	assert_int_equal(mt_conv.get_len, 4096);
	assert_true(mt_conv.fifo);
	snprintf(path, sizeof(path), "%s/conventions.tsv", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drain_proves_empty_only_with_the_learned_answer),
		cmocka_unit_test(lenient_takes_any_error_before_the_probe),
		cmocka_unit_test(a_call_on_an_empty_box_stays_lenient),
		cmocka_unit_test(learned_answers_survive_a_boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
