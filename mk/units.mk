# Unit tests of the harness's pure parts and of the host reporter (cmocka).

CC ?= cc
CFLAGS ?= -std=c11 -Wall -Wextra -Werror -O2 -g

UNIT_BINS += build/unit/test_case_table build/unit/test_report

build/unit/test_case_table: tests/test_case_table.c harness/case_table.c harness/box_proc.c \
		harness/payload.c $(wildcard harness/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iharness -o $@ $(filter %.c,$^) -lcmocka

build/unit/test_report: tests/test_report.c ci/report_load.c ci/report_write.c ci/report.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ici -o $@ $(filter %.c,$^) -lcmocka
