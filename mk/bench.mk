# mk/bench.mk: make bench (bench/README.md). Included by the top-level
# Makefile (which sets KERNEL, B, IMPL_C); the bench program is built
# against one kernel build's syscall numbers, like the harness.
#
#   make bench [KERNEL=6.1] [FLAVOUR=perf] [REPS=7] [BENCH_RESULTS=dir]
#
# FLAVOUR defaults to perf here (the debug flavour's detectors are not the
# floor); FLAVOUR=debug measures the debug kernel and says so.
# unit-bench: the statistics of bench/ natively (SAN=1 as every unit test).
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

BENCH_TEST := $(UNIT_DIR)/test_bench_stats
UNIT_BINS += $(BENCH_TEST)

$(BENCH_TEST): tests/test_bench_stats.c bench/bench_stats.c bench/bench_stats.h $(HOST_FLAGS_FILE)
	$(call host-link,-Ibench,-lcmocka)

# report.html of a bench results directory (bench/bench_report.c)
$(BIN_DIR)/mt-bench-report: bench/bench_report.c tools/report/report_svg.c $(LIB_SRCS) \
		tools/report/report_svg.h $(LIB_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Itools/report,-lm)

.PHONY: unit-bench
unit-bench: $(BENCH_TEST)
	./$(BENCH_TEST)

ifdef KB
BENCH_FLAVOUR := $(if $(filter command line environment,$(origin FLAVOUR)),$(FLAVOUR),perf)
BENCH_KB      := $(B)/$(KERNEL)-$(BENCH_FLAVOUR)
BENCH_RESULTS ?= $(B)/results/bench-$(KERNEL)-$(BENCH_FLAVOUR)
REPS          ?= 21

$(KB)/mt/mt-bench: bench/bench_uml.c bench/bench_stats.c bench/bench_stats.h $(KB)/mt/lib-mt_sys.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(KB) -Ibench -Ilib -o $@ $(filter %.c %.o,$^) -lrt

# Where the time of a call goes: perf on the host, one boot per call.
PROFILE_CALLS ?= getppid:0 msgbox:64 msgbox:0 pipe:64
PROFILE_SECS  ?= 8
.PHONY: bench-profile
bench-profile: deps host-tools $(IMPL_C)
	@kernel-patch/build-kernel.sh $(KERNEL) $(BENCH_FLAVOUR) $(IMPL_C)
	@$(MAKE) --no-print-directory bench-bins FLAVOUR=$(BENCH_FLAVOUR)
	@bench/profile.sh --linux $(BENCH_KB)/linux --bench $(BENCH_KB)/mt/mt-bench --init $(BENCH_KB)/mt/uml-init \
		--results $(BENCH_RESULTS)-profile --secs '$(PROFILE_SECS)' $(PROFILE_CALLS)

.PHONY: bench bench-bins
bench-bins: $(KB)/mt/mt-bench $(KB)/mt/uml-init $(UNIT_DIR)/bench_stack_check

bench: deps host-tools $(BIN_DIR)/mt-bench-report $(IMPL_C)
	@kernel-patch/build-kernel.sh $(KERNEL) $(BENCH_FLAVOUR) $(IMPL_C)
	@$(MAKE) --no-print-directory bench-bins FLAVOUR=$(BENCH_FLAVOUR)
	@bench/run-bench.sh --linux $(BENCH_KB)/linux --bench $(BENCH_KB)/mt/mt-bench \
		--init $(BENCH_KB)/mt/uml-init --results $(BENCH_RESULTS) --kernel $(KERNEL) \
		--flavour $(BENCH_FLAVOUR) --reps '$(REPS)' --mem $(MEM) --checker $(UNIT_DIR)/bench_stack_check \
		$(foreach a,$(BOOT_ARGS),--boot-arg '$(a)')
endif
