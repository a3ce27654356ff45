/*
 * cmocka tests of the stress engine's native parts: scenario rows, the
 * history record (decode, recovery of a killed get, conversion to the
 * checker's ops), TSC calibration arithmetic and the size draw.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "payload.h"
#include "scenario_table.h"
#include "stress_history.h"
#include "stress_worker.h"
#include "tsc.h"

/* ---- scenario rows ---------------------------------------------------- */

static void test_scenario_ok(void **state)
{
	struct mt_scenario sc;
	char err[256];

	(void)state;
	assert_int_equal(mt_scenario_parse("s.a\t16\t1000\t50\tall\t20\tkill+stop\t"
					   "failslab=2,fail_page_alloc=3,fail_usercopy=1\t0x10\tnone",
					   &sc, err, sizeof(err)), 0);
	assert_string_equal(sc.name, "s.a");
	assert_int_equal(sc.workers, 16);
	assert_int_equal(sc.ops, 1000);
	assert_int_equal(sc.put_pct, 50);
	assert_int_equal(sc.sizes, MT_SIZES_ALL);
	assert_int_equal(sc.uffd_pct, 20);
	assert_int_equal(sc.signals, MT_SIG_KILL | MT_SIG_STOP);
	assert_int_equal(sc.fail_slab, 2);
	assert_int_equal(sc.fail_page_alloc, 3);
	assert_int_equal(sc.fail_usercopy, 1);
	assert_int_equal(sc.seed, 16);
	assert_int_equal(sc.max_size, 0);
	assert_int_equal(sc.baseline, 0);
	assert_false(mt_scenario_plain(&sc));
	assert_int_equal(mt_scenario_parse("p\t1\t1\t1\tfixed:100\t0\tnone\tnone\t7\tnone", &sc, err, sizeof(err)), 0);
	assert_int_equal(sc.sizes, MT_SIZES_FIXED);
	assert_int_equal(sc.fixed_len, 100);
	assert_true(mt_scenario_plain(&sc));
	assert_int_equal(mt_scenario_parse("q\t2\t4\t50\tall:65536\t0\tnone\tnone\t1\traw", &sc, err, sizeof(err)), 0);
	assert_int_equal(sc.sizes, MT_SIZES_ALL);
	assert_int_equal(sc.max_size, 65536);
	assert_int_equal(sc.baseline, 1);
	char row[256];

	mt_scenario_format(&sc, row, sizeof(row));
	assert_non_null(strstr(row, "sizes=all:65536 "));
	assert_non_null(strstr(row, " seed=1 baseline=raw"));
}

static void bad_row(const char *row, const char *want)
{
	struct mt_scenario sc;
	char err[256] = "";

	assert_int_equal(mt_scenario_parse(row, &sc, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("row '%s': message '%s' lacks '%s'", row, err, want);
}

static void test_scenario_bad(void **state)
{
	(void)state;
	bad_row("a\t16\t1000\t50\tall\t0\tnone\tnone\t1", "9 cells, want 10");
	bad_row("a\t0\t1000\t50\tall\t0\tnone\tnone\t1\tnone", "workers '0'");
	bad_row("a\t16\t10\t50\tall\t0\tnone\tnone\t1\tnone", "ops '10'");
	bad_row("a\t16\t1000\t100\tall\t0\tnone\tnone\t1\tnone", "mix '100'");
	bad_row("a\t16\t1000\t50\thuge\t0\tnone\tnone\t1\tnone", "sizes 'huge'");
	bad_row("a\t16\t1000\t50\tall\t101\tnone\tnone\t1\tnone", "uffd '101'");
	bad_row("a\t16\t1000\t50\tall\t0\tterm\tnone\t1\tnone", "signals 'term'");
	bad_row("a\t16\t1000\t50\tall\t0\tnone\tfailslab\t1\tnone", "faults: 'failslab'");
	bad_row("a\t16\t1000\t50\tall\t0\tnone\toom=1\t1\tnone", "faults: 'oom=...'");
	bad_row("a\t16\t1000\t50\tall\t0\tnone\tnone\t-1\tnone", "seed '-1'");
	bad_row("a\t16\t1000\t50\tall:0\t0\tnone\tnone\t1\tnone", "sizes 'all:0'");
	bad_row("a\t16\t1000\t50\tall\t0\tnone\tnone\t1\tcooked", "baseline 'cooked'");
	bad_row("a\t16\t1000\t50\tall\t2\tnone\tnone\t1\traw", "baseline 'raw' is timed on plain rows only");
	bad_row("a b\t16\t1000\t50\tall\t0\tnone\tnone\t1\tnone", "name 'a b'");
}

static void test_scenario_load(void **state)
{
	char path[] = "/tmp/mt-stress-XXXXXX", err[512];
	int fd = mkstemp(path);
	struct mt_scenario_table t = { 0 };
	const char *text = "# comment\n\na\t2\t10\t50\tsmall\t0\tnone\tnone\t1\tnone\n"
			   "b\t2\t10\t50\tsmall\t0\tstop\tnone\t2\tnone\n"
			   "a\t2\t10\t50\tsmall\t0\tnone\tnone\t3\tnone\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(mt_scenario_load(path, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":5: scenario a already defined at"));
	assert_int_equal(t.n, 2);
	assert_non_null(strstr(t.sc[1].where, ":4"));
	mt_scenario_free(&t);
	unlink(path);
}

/* ---- the history record ------------------------------------------------ */

static void test_decode_get(void **state)
{
	unsigned char buf[5000];
	struct mt_rec r = { 0 };

	(void)state;
	mt_payload_fill(buf, 4000, 3, 77);
	assert_int_equal(mt_rec_decode_get(&r, buf, 4000, 0), MT_PAYLOAD_OK);
	assert_int_equal(r.value, mt_value(3, 77));
	assert_int_equal(r.flags, 0);

	memset(&r, 0, sizeof(r));
	buf[3000] ^= 1;
	assert_int_equal(mt_rec_decode_get(&r, buf, 4000, 0), MT_PAYLOAD_BAD_BODY);
	assert_true(r.flags & MT_RECF_CORRUPT);
	assert_int_equal(r.bad_at, 3000);
	assert_int_equal(r.value, mt_value(3, 77)); /* still attributed */

	memset(&r, 0, sizeof(r));
	mt_payload_fill(buf, 4000, 3, 77);
	assert_int_equal(mt_rec_decode_get(&r, buf, 3999, 0), MT_PAYLOAD_BAD_LEN); /* truncated */
	assert_true(r.flags & MT_RECF_CORRUPT);

	memset(&r, 0, sizeof(r));
	memset(buf, 0, 64);
	assert_int_equal(mt_rec_decode_get(&r, buf, 64, 0), MT_PAYLOAD_BAD_HDR);
	assert_true(r.flags & MT_RECF_FOREIGN);

	memset(&r, 0, sizeof(r));
	mt_payload_fill(buf, 7, 1, 1);
	assert_int_equal(mt_rec_decode_get(&r, buf, 7, 0), MT_PAYLOAD_ANON);
	assert_int_equal(r.value, MT_VAL_ANON);
}

static void test_recover_killed_get(void **state)
{
	unsigned char buf[9000];
	struct mt_rec r = { .op = MT_REC_GET, .res = MT_TS_NEVER, .len = sizeof(buf) };

	(void)state;
	memset(buf, 0, sizeof(buf)); /* poisoned */
	assert_int_equal(mt_rec_recover(&r, buf, sizeof(buf)), 0);
	mt_payload_fill(buf, 8500, 5, 9);
	assert_int_equal(mt_rec_recover(&r, buf, sizeof(buf)), 1);
	assert_int_equal(r.value, mt_value(5, 9));
	assert_true(r.flags & MT_RECF_RECOVERED);
	/* a partial copy (the rest still poison) is not a message */
	struct mt_rec p = { .op = MT_REC_GET, .res = MT_TS_NEVER, .len = sizeof(buf) };

	memset(buf + 4096, 0, 8500 - 4096);
	assert_int_equal(mt_rec_recover(&p, buf, sizeof(buf)), 0);
	/* a get that returned, or one on a userfaultfd page, is never "recovered" */
	struct mt_rec q = { .op = MT_REC_GET, .res = 5, .len = sizeof(buf) };

	mt_payload_fill(buf, 8500, 5, 9);
	assert_int_equal(mt_rec_recover(&q, buf, sizeof(buf)), 0);
	q.res = MT_TS_NEVER, q.flags = MT_RECF_UFFD;
	assert_int_equal(mt_rec_recover(&q, buf, sizeof(buf)), 0);
}

static void test_rec_to_op(void **state)
{
	uint64_t foreign = 0;
	struct mt_op op;
	struct mt_rec put = { .inv = 10, .res = 20, .value = mt_value(1, 2), .op = MT_REC_PUT };

	(void)state;
	mt_rec_to_op(&put, 1, 2, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_PUT);
	assert_int_equal(op.inv, 10);
	assert_int_equal(op.res, 20);
	assert_int_equal(op.value, mt_value(1, 2));
	assert_int_equal(op.worker, 1);
	assert_int_equal(op.seq, 2);
	put.ret = -ENOSPC;
	mt_rec_to_op(&put, 1, 2, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_IGNORED);
	put.res = MT_TS_NEVER; /* never returned: may have happened */
	mt_rec_to_op(&put, 1, 2, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_PUT);
	assert_int_equal(op.res, MT_TS_NEVER);

	struct mt_rec get = { .inv = 1, .res = 2, .op = MT_REC_GET, .ret = -ENODATA };

	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_GET_EMPTY);
	get.ret = -EMSGSIZE;
	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_IGNORED);
	get.ret = 100, get.value = mt_value(4, 4);
	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_GET);
	assert_int_equal(op.value, mt_value(4, 4));
	get.flags = MT_RECF_FOREIGN;
	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.value, MT_FOREIGN_BASE);
	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.value, MT_FOREIGN_BASE + 1); /* each a value of its own */
	get.res = MT_TS_NEVER, get.flags = 0;
	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.kind, MT_OP_GET);
	assert_int_equal(op.flags, 0); /* unknown */
	get.flags = MT_RECF_RECOVERED;
	mt_rec_to_op(&get, 0, 0, &foreign, &op);
	assert_int_equal(op.flags, MT_OPF_RECOVERED);
	assert_int_equal(op.value, mt_value(4, 4));
}

static void test_lane_layout(void **state)
{
	struct mt_lane *l = mt_lane_map(7, 1000, 65536);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->lane, 7);
	assert_int_equal(l->cap, 1000);
	assert_true(l->getbuf_off % 4096 == 0);
	assert_true(l->getbuf_off >= sizeof(*l) + 1000 * sizeof(struct mt_rec));
	assert_true(l->getbuf_len >= 65536 + 4096);
	assert_int_equal(l->getbuf_off + l->getbuf_len, l->size);
	mt_lane_getbuf(l)[l->getbuf_len - 1] = 1; /* mapped to the end */
	assert_int_equal(sizeof(struct mt_rec), 48);
	mt_lane_unmap(l);
}

/* ---- TSC ---------------------------------------------------------------- */

static void test_tsc_rate(void **state)
{
	struct mt_tsc_cal c = { 0 };

	(void)state;
	assert_true(mt_tsc_rate(1000, 0, 3001000, 1000000) > 2.999);
	assert_true(mt_tsc_rate(1000, 0, 3001000, 1000000) < 3.001);
	assert_true(mt_tsc_rate(5, 10, 5, 20) == 0);  /* TSC did not move */
	assert_true(mt_tsc_rate(5, 20, 9, 10) == 0);  /* clock went back */
	assert_true(mt_tsc_ns(&c, 1000) == 0);         /* uncalibrated */
	c.ticks_per_ns = 2.5;
	assert_true(mt_tsc_ns(&c, 1000) == 400);
	assert_int_equal(mt_tsc_calibrate(&c, 20), 0);
	assert_true(c.ticks_per_ns > 0.1 && c.ticks_per_ns < 10); /* 100 MHz .. 10 GHz */
	uint64_t a = mt_tsc_now(), b = mt_tsc_now();

	assert_true(b >= a);
}

/* ---- the draw ------------------------------------------------------------- */

static void test_sizes_cover(void **state)
{
	struct mt_scenario sc = { .sizes = MT_SIZES_ALL, .put_pct = 50 };
	struct mt_rng r;
	int zero = 0, anon = 0, small = 0, cross = 0, big = 0, max = 0, puts = 0;

	(void)state;
	mt_rng_seed(&r, 42, 0);
	for (int i = 0; i < 20000; i++) {
		size_t n = mt_draw_size(&r, &sc, 65536);

		assert_true(n <= 65536);
		zero += n == 0;
		anon += n > 0 && n < MT_HDR;
		small += n >= MT_HDR && n <= 256;
		cross += n > 4096 && n <= 8192;
		big += n > 8192 && n < 65536;
		max += n == 65536;
	}
	assert_true(zero > 500 && anon > 500 && small > 5000 && cross > 1000 && big > 3000 && max > 500);
	for (int i = 0; i < 1000; i++) {
		struct mt_draw d;

		mt_draw_call(&r, &sc, 65536, &d);
		puts += d.put;
		assert_true(d.off < 4096);
		assert_false(d.uffd);
	}
	assert_true(puts > 400 && puts < 600);
	/* the same seed, the same calls */
	struct mt_rng a, b;

	mt_rng_seed(&a, 9, 3), mt_rng_seed(&b, 9, 3);
	for (int i = 0; i < 100; i++)
		assert_int_equal(mt_draw_size(&a, &sc, 1000), mt_draw_size(&b, &sc, 1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_ok),     cmocka_unit_test(test_scenario_bad),
		cmocka_unit_test(test_scenario_load),   cmocka_unit_test(test_decode_get),
		cmocka_unit_test(test_recover_killed_get), cmocka_unit_test(test_rec_to_op),
		cmocka_unit_test(test_lane_layout),     cmocka_unit_test(test_tsc_rate),
		cmocka_unit_test(test_sizes_cover),
	};

	return cmocka_run_group_tests_name("stress", tests, NULL, NULL);
}
