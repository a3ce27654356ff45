# mk/checker.mk - the stack history checker's (checker/) unit tests and
# benchmark.
#
# Standalone, from the repository root:
#     make -f mk/checker.mk unit-checker bench-checker
#     make -f mk/checker.mk unit-checker SAN=1      # ASan + UBSan build
#     make -f mk/checker.mk valgrind-checker        # reduced iterations
# or include it from the top-level Makefile; it adds its test binary to
# UNIT_BINS.  Paths are relative to the repository root.  Binaries go to
# build/unit/ (sanitized ones to build/unit/san/, the valgrind one to
# build/unit/vg/).  Those two use -DMT_CHECK_PLAIN_MALLOC: one malloc per
# array instead of the checker's arena, so that an overrun is caught.

include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

CHECKER_HDRS := checker/history.h checker/stack_check.h \
	checker/stack_bruteforce.h tests/history_gen.h $(HOST_FLAGS_FILE)
# tests/history_gen.c: the histories both the tests and the benchmark judge
CHECKER_TEST_SRCS := tests/test_stack_check.c tests/history_gen.c checker/stack_check.c \
	checker/stack_bruteforce.c
CHECKER_BENCH_SRCS := tests/bench_stack_check.c tests/history_gen.c checker/stack_check.c
CHECKER_INC := -Ichecker -Itests $(if $(filter 1,$(SAN)),-DMT_CHECK_PLAIN_MALLOC)

UNIT_BINS += $(UNIT_DIR)/test_stack_check

$(UNIT_DIR)/test_stack_check: $(CHECKER_TEST_SRCS) $(CHECKER_HDRS)
	$(call host-link,$(CHECKER_INC),-lcmocka)

# valgrind's build: plain (no sanitizers, whatever SAN says), one malloc per array
build/unit/vg/test_stack_check: $(CHECKER_TEST_SRCS) $(CHECKER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilib -Ichecker -Itests -DMT_CHECK_PLAIN_MALLOC -o $@ \
		$(filter %.c,$^) $(LDFLAGS) -lcmocka

$(UNIT_DIR)/bench_stack_check: $(CHECKER_BENCH_SRCS) $(CHECKER_HDRS)
	$(call host-link,$(CHECKER_INC))

.PHONY: unit-checker bench-checker valgrind-checker

unit-checker: $(UNIT_DIR)/test_stack_check
	./$(UNIT_DIR)/test_stack_check

bench-checker: $(UNIT_DIR)/bench_stack_check
	./$(UNIT_DIR)/bench_stack_check

# MT_TEST_QUICK=1 cuts the randomized tests to a tenth: valgrind is slow.
valgrind-checker: build/unit/vg/test_stack_check
	MT_TEST_QUICK=1 $(VALGRIND_CMD) ./build/unit/vg/test_stack_check
