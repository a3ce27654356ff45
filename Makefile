# msgbox-torture: the front door. See README.md.
#
#   make run    build the UML kernel with the reference dm510 msgbox, boot
#               it, run the default suite, print totals (KERNEL, FLAVOUR,
#               PROFILE, CASES, RESULTS)
#   make test   unit tests, then the default suite on 6.1 and on 6.12
#   make unit   unit tests (cmocka); make memcheck: the same under valgrind
#   make kernel only build the kernel
#   make stress the long stress run (cases/stress-long.tsv): OPS, WORKERS,
#               SEED replace the scenarios' columns, KERNEL, FLAVOUR as above
KERNEL  ?= 6.1
FLAVOUR ?= debug
PROFILE ?= strict
CASES   ?=
MEM     ?= 384M
TIMEOUT ?= 900
# stress: empty = as the scenario tables say
SEED    ?=
OPS     ?=
WORKERS ?=
STRESS_TIMEOUT ?= 3600
# more kernel command-line words for every boot of the suite, e.g.
# BOOT_ARGS='slub_debug=FZPU' or BOOT_ARGS=kmemleak=off (space-separated)
BOOT_ARGS ?=
STRESS_MEM ?= 1G

KERNELS := $(shell awk '!/^\#/ {printf "%s ", $$1}' kernel-patch/versions.tsv)
ifeq ($(filter $(KERNEL),$(KERNELS)),)
$(error unknown KERNEL=$(KERNEL); use one of: $(KERNELS))
endif
ifeq ($(filter $(FLAVOUR),debug perf perf+slub),)
$(error unknown FLAVOUR=$(FLAVOUR); use debug or perf (or perf+slub))
endif
ifeq ($(filter $(PROFILE),strict lenient),)
$(error unknown PROFILE=$(PROFILE); use strict or lenient)
endif
# Misuse that would silently judge the reference: IMPL= is read by make
# check (and the fuzzers) only, and a near-miss of a variable's name is
# an error that names the right one (MUTANTS= is make mutants' own).
given = $(filter command line environment,$(origin $(1)))
IMPL_GOALS := run stress kernel selftest mutants run-mutant
ifneq ($(call given,IMPL),)
ifneq ($(filter $(IMPL_GOALS),$(or $(MAKECMDGOALS),run)),)
$(error IMPL= is read only by make check (make $(or $(MAKECMDGOALS),run) always judges the reference): use make check IMPL=$(IMPL))
endif
endif
NEAR_MISSES := CASE:CASES FLAVOR:FLAVOUR KERNELS:KERNEL PROFILES:PROFILE RESULT:RESULTS \
	TIMEOUTS:TIMEOUT IMPLEMENTATION:IMPL SEEDS:SEED BOOT_ARG:BOOT_ARGS
$(foreach m,$(NEAR_MISSES),$(if $(call given,$(firstword $(subst :, ,$(m)))),\
	$(error unknown variable $(firstword $(subst :, ,$(m)))=; did you mean $(lastword $(subst :, ,$(m)))=?)))

include mk/common.mk
# B: where kernel sources, kernels, harness builds and results go; another
# B is a separate world with its own kernel trees. Host tools and unit
# tests always live in build/.
B       ?= build
export BUILD := $(abspath $(B))
KB      := $(B)/$(KERNEL)-$(FLAVOUR)

# MUTANT=name: the reference with one seeded bug (kernel-patch/mutants/),
# for proving that the harness catches it. The next plain build puts the
# reference back (every build installs the implementation it was given).
ifdef MUTANT
ifeq ($(wildcard kernel-patch/mutants/$(MUTANT).patch),)
$(error unknown MUTANT=$(MUTANT); see kernel-patch/mutants/*.patch)
endif
IMPL_C  := $(B)/mutants/$(MUTANT)/dm510_msgbox.c
RUN_TAG := -$(MUTANT)
endif
IMPL_C  ?= kernel-patch/dm510_msgbox.c
RESULTS ?= $(B)/results/$(KERNEL)-$(FLAVOUR)-$(PROFILE)$(RUN_TAG)
STRESS_RESULTS ?= $(B)/results/stress-$(KERNEL)-$(FLAVOUR)$(RUN_TAG)
STRESS_ARGS = $(if $(SEED),--seed $(SEED)) $(if $(OPS),--ops $(OPS)) $(if $(WORKERS),--workers $(WORKERS))
STRESS_VARS = $(if $(OPS), OPS=$(OPS))$(if $(WORKERS), WORKERS=$(WORKERS))

# Every harness/*.c is part of msgbox-torture (PID 1, uml-init, is the boot
# stage's: boot/uml_init.c); the stack checker (checker/) is linked in by
# name: its brute-force twin is the tests' oracle only.
HARNESS_MODS := $(basename $(notdir $(wildcard harness/*.c)))
CHECKER_MODS := stack_check
# lib/ (TSV, finding names) is linked into the harness and every host tool.
LIB_MODS     := $(basename $(notdir $(LIB_SRCS)))
HARNESS_OBJS := $(HARNESS_MODS:%=$(KB)/mt/%.o) $(CHECKER_MODS:%=$(KB)/mt/checker-%.o) \
	$(LIB_MODS:%=$(KB)/mt/lib-%.o)

UNIT_BINS :=
include $(filter-out mk/common.mk,$(wildcard mk/*.mk))

.PHONY: run stress selftest test unit memcheck kernel harness host-tools deps deps-test clean recheck

run: deps host-tools $(IMPL_C)
	@kernel-patch/build-kernel.sh $(KERNEL) $(FLAVOUR) $(IMPL_C)
	@$(MAKE) --no-print-directory harness
	$(call boot-suite,$(RESULTS),$(MEM),$(TIMEOUT),$(STRESS_ARGS),make run KERNEL=$(KERNEL) FLAVOUR=$(FLAVOUR) PROFILE=$(PROFILE)$(if $(MUTANT), MUTANT=$(MUTANT))$(STRESS_VARS))

# The long stress: 16 workers, 10^6 calls per scenario unless told otherwise.
stress: deps host-tools $(IMPL_C)
	@kernel-patch/build-kernel.sh $(KERNEL) $(FLAVOUR) $(IMPL_C)
	@$(MAKE) --no-print-directory harness
	$(call boot-suite,$(STRESS_RESULTS),$(STRESS_MEM),$$(( $(STRESS_TIMEOUT) * 3 )),--stress-timeout $(STRESS_TIMEOUT) \
		--no-cases --scenarios cases/stress-long.tsv $(STRESS_ARGS),make stress KERNEL=$(KERNEL) FLAVOUR=$(FLAVOUR)$(if $(MUTANT), MUTANT=$(MUTANT))$(STRESS_VARS))

# The harness must catch each seeded bug (kernel-patch/mutants/expect.tsv).
selftest: deps host-tools
	@tools/selftest/mutants.sh $(KERNEL)

$(B)/mutants/%/dm510_msgbox.c: kernel-patch/mutants/%.patch kernel-patch/dm510_msgbox.c
	@mkdir -p $(@D)
	@cp kernel-patch/dm510_msgbox.c $@
	@patch -s -p1 -d $(@D) --no-backup-if-mismatch <$< || \
	  { echo "msgbox-torture: $< no longer applies to kernel-patch/dm510_msgbox.c; regenerate it" >&2; rm -f $@; exit 2; }

# grade-shards grades two mutants whole, as two shards and with JOBS=2 (two
# checks at once in the one build world) and compares the matrices.
# make test judges our own fixtures: where the unprivileged grader user
# cannot reach the checkout (a private parent), UML may run as root, loudly.
# bash: each step's output also goes to $(B)/make-test/STEP.log through a
# process substitution, which no process a step leaves behind can hold up
# (a pipe to tee would wait for every writer); a failed step's last lines
# are printed again at the end, where CI's excerpt of the log shows them.
test: SHELL := /bin/bash
test: deps-test
	@export MT_ALLOW_ROOT_UML=1; failed=; t0=$$(date +%s); \
	logs=$(B)/make-test; rm -rf $$logs; mkdir -p $$logs; \
	step() { s=$$(date +%s); n=$$1; shift; \
		"$$@" > >(tee $$logs/$$n.log) 2>&1 || failed="$$failed $$n"; \
		echo "make test: step $$n took $$(( $$(date +%s) - s )) s"; }; \
	step unit $(MAKE) --no-print-directory unit; \
	step memcheck $(MAKE) --no-print-directory memcheck SAN=; \
	step fuzz-user-smoke $(MAKE) --no-print-directory -f mk/fuzz.mk fuzz-user-smoke; \
	step memcheck-fuzz $(MAKE) --no-print-directory -f mk/fuzz.mk memcheck-fuzz; \
	step fuzz-classify $(MAKE) --no-print-directory -f mk/classify.mk fuzz-classify FUZZ_SECS=20; \
	step run-6.1-strict $(MAKE) --no-print-directory run KERNEL=6.1; \
	step run-6.1-lenient $(MAKE) --no-print-directory run KERNEL=6.1 PROFILE=lenient; \
	step reference-complete-6.1 tests/test_reference_complete.sh $(B)/results/6.1-debug-strict $(B)/results/6.1-debug-lenient; \
	step bench-6.1-debug $(MAKE) --no-print-directory bench FLAVOUR=debug REPS=3; \
	step cli-errors tests/test_cli_errors.sh; \
	step merge-parts tests/test_merge_parts.sh; \
	step selftest $(MAKE) --no-print-directory selftest KERNEL=6.1; \
	step fuzz-uml-smoke $(MAKE) --no-print-directory fuzz-uml-smoke; \
	step check tests/test_check.sh; \
	step grade-queue tests/test_grade_queue.sh $(B)/grade-queue-test; \
	step grade-shards env GRADE_CASES='conventions,abi.*,roundtrip.*,put.*' tests/test_grade_shards.sh $(B) put-no-negative-check get-truncates; \
	step report-html tests/test_report_html.sh tests/report-fixture $(B)/results/6.1-debug-strict $(B)/results/6.1-debug-lenient $(B)/grade-shards-test/whole $(B)/grade-shards-test/sharded $(B)/grade-shards-test/whole/get-truncates tests/bench-fixture $(B)/results/bench-6.1-debug; \
	step corpus-lenient env CORPUS_RETRY=1 CORPUS_JOBS=2 CORPUS_KERNELS=6.1 CORPUS_PROFILES=lenient tests/test_corpus.sh $(CORPUS_LENIENT); \
	step corpus-strict env CORPUS_RETRY=1 CORPUS_JOBS=2 CORPUS_KERNELS=6.1 CORPUS_PROFILES=strict tests/test_corpus.sh $(CORPUS_STRICT); \
	step run-6.12-strict $(MAKE) --no-print-directory run KERNEL=6.12; \
	step reference-complete-6.12 tests/test_reference_complete.sh $(B)/results/6.12-debug-strict; \
	echo "make test: $$(( $$(date +%s) - t0 )) s in all"; \
	if [ -z "$$failed" ]; then echo "make test: all passed"; \
	else for n in $$failed; do echo "make test: the end of step $$n's output ($$logs/$$n.log):"; \
		tail -n 8 $$logs/$$n.log | sed 's/^/    /'; done; \
	echo "make test: FAILED:$$failed (each step's output is above it and in $$logs; make test re-runs all)"; exit 1; fi

# Classify the consoles and write the reports again, from a saved run.
recheck: host-tools
	@boot/recheck.sh '$(RESULTS)'

# The course-style corpus (tests/impls/): make test judges these files in
# the profile named (on 6.1); `make corpus` judges every file in both
# profiles on every kernel its expect.tsv names and lists each miss and
# each extra class. Left out of make test for time only: vintage-4x (a
# fresh boot after every case: 18 boots), the 6.12 files and the other
# profile of most (every file was exact in both at the last `make corpus`:
# tests/impls/README.md, the last section).
CORPUS_LENIENT := abs-include box-push-pop conventions-only course-int danish-names enoent-cap128 enomsg-nobound \
	irqs-off-error irqsave-only minus-one-mutex missing-header positive-empty sem-printk stored-pointer \
	unchecked-copy unprefixed-int unprefixed-mutex
CORPUS_STRICT  := abs-include course-int enoent-cap128 irqsave-only sem-printk unprefixed-int
.PHONY: corpus
corpus: deps-test host-tools
	@tests/test_corpus.sh

kernel: deps
	@kernel-patch/build-kernel.sh $(KERNEL) $(FLAVOUR)

deps:
	@ci/deps.sh
deps-test:
	@ci/deps.sh test

# ---- the harness, built against one kernel's syscall numbers -------------
harness: $(KB)/mt/msgbox-torture $(KB)/mt/uml-init

$(KB)/mt_syscalls.h:
	@echo "msgbox-torture: $@ is missing; run 'make kernel KERNEL=$(KERNEL) FLAVOUR=$(FLAVOUR)'" >&2; exit 2

$(KB)/mt/%.o: harness/%.c $(wildcard harness/*.h harness/*.def checker/*.h lib/*.h) $(KB)/mt_syscalls.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(KB) -Iharness -Ichecker -Ilib -c $< -o $@

$(KB)/mt/checker-%.o: checker/%.c $(wildcard checker/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ichecker -c $< -o $@

$(KB)/mt/lib-%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilib -c $< -o $@

$(KB)/mt/msgbox-torture: $(HARNESS_OBJS)
	$(CC) $(CFLAGS) -pthread -o $@ $^

$(KB)/mt/uml-init: boot/uml_init.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

# ---- host tools (mk/report.mk, mk/classify.mk, mk/grade.mk) -------------
host-tools: $(BIN_DIR)/mt-report $(BIN_DIR)/console-classify $(BIN_DIR)/mt-grade

# ---- unit tests ---------------------------------------------------------
unit: $(UNIT_BINS)
	@st=0; for t in $(UNIT_BINS); do echo "[unit] $$t"; $$t || st=1; done; exit $$st

memcheck: $(UNIT_BINS) host-tools
	@st=0; for t in $(UNIT_BINS); do echo "[memcheck] $$t"; \
	  MT_QUICK=1 $(VALGRIND_CMD) $$t >/dev/null || st=1; \
	done; \
	echo "[memcheck] console-classify, mt-report"; \
	for l in tests/console/*.log; do $(VALGRIND_CMD) $(BIN_DIR)/console-classify $$l >/dev/null; \
	  [ $$? -le 1 ] || { echo "memcheck: console-classify $$l"; st=1; }; done; \
	r=$$(mktemp -d); cp tests/report-fixture/* $$r/ && \
	$(VALGRIND_CMD) $(BIN_DIR)/mt-report --results $$r --kernel 6.1 --flavour debug >/dev/null; \
	[ $$? -le 1 ] || { echo "memcheck: mt-report"; st=1; }; rm -rf $$r; exit $$st


clean:
	rm -rf build/host build/host-flags* build/bin build/unit $(B)/*/mt

.DEFAULT_GOAL := run
