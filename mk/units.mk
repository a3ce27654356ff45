# Unit tests of the harness's pure parts and of the host reporter (cmocka).

include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

UNIT_BINS += build/unit/test_case_table build/unit/test_report

build/unit/test_case_table: tests/test_case_table.c harness/case_table.c harness/box_proc.c harness/box_limits.c harness/sysfile.c \
		harness/payload.c $(wildcard harness/*.h harness/*.def lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Iharness -o $@ $(filter %.c,$^) -lcmocka

build/unit/test_report: tests/test_report.c tools/report/report_load.c tools/report/report_write.c $(LIB_SRCS) \
		tools/report/report.h $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itools/report -o $@ $(filter %.c,$^) -lcmocka

# lib/: the TSV dialect, JSON/HTML escaping, oracle and bug names.
UNIT_BINS += build/unit/test_lib

build/unit/test_lib: tests/test_lib.c $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka
