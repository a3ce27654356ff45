# mk/checker.mk - the stack history checker's unit tests and benchmark.
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

CHECKER_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -DMT_CHECK_PLAIN_MALLOC
CHECKER_HDRS := checker/history.h checker/stack_check.h \
	checker/stack_bruteforce.h
CHECKER_TEST_SRCS := tests/test_stack_check.c checker/stack_check.c \
	checker/stack_bruteforce.c
CHECKER_BENCH_SRCS := tests/bench_stack_check.c checker/stack_check.c

# which test binary unit-checker runs
CHECKER_TEST := $(if $(filter 1,$(SAN)),build/unit/san/test_stack_check,build/unit/test_stack_check)

UNIT_BINS += build/unit/test_stack_check

build/unit/test_stack_check: $(CHECKER_TEST_SRCS) $(CHECKER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ichecker -Ilib -o $@ $(CHECKER_TEST_SRCS) -lcmocka

build/unit/san/test_stack_check: $(CHECKER_TEST_SRCS) $(CHECKER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CHECKER_SANFLAGS) -Ichecker -Ilib -o $@ \
		$(CHECKER_TEST_SRCS) -lcmocka

build/unit/vg/test_stack_check: $(CHECKER_TEST_SRCS) $(CHECKER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DMT_CHECK_PLAIN_MALLOC -Ichecker -Ilib -o $@ \
		$(CHECKER_TEST_SRCS) -lcmocka

build/unit/bench_stack_check: $(CHECKER_BENCH_SRCS) $(CHECKER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ichecker -Ilib -o $@ $(CHECKER_BENCH_SRCS)

.PHONY: unit-checker bench-checker valgrind-checker

unit-checker: $(CHECKER_TEST)
	./$(CHECKER_TEST)

bench-checker: build/unit/bench_stack_check
	./build/unit/bench_stack_check

# MT_TEST_QUICK=1 cuts the randomized tests to a tenth: valgrind is slow.
valgrind-checker: build/unit/vg/test_stack_check
	MT_TEST_QUICK=1 valgrind --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		./build/unit/vg/test_stack_check
