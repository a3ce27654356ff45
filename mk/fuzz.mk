# mk/fuzz.mk: the kernel file fuzzed in user space (fuzz/README.md). Works
# alone and included by the top-level Makefile; run from the repository root:
#
#   make -f mk/fuzz.mk fuzz-user IMPL=path [FUZZ_SECS=60] [SEED=n] [PROFILE=lenient]
#   make -f mk/fuzz.mk fuzz-replay IMPL=path FILE=crash-...   the ops in words
#   make -f mk/fuzz.mk fuzz-threads IMPL=path [FUZZ_THREADS=4] [FUZZ_OPS=20000]
#   make -f mk/fuzz.mk memcheck-fuzz IMPL=path               valgrind, no sanitizers
#   make -f mk/fuzz.mk fuzz-user-smoke                       the reference, seeded bugs
#
# IMPL defaults to the reference; HEADER= and COMPAT=1 as for make check;
# FUZZ_PUT= / FUZZ_GET= name other entry points. Everything is written under
# build/fuzz/ (one folder per IMPL); the seed corpus fuzz/corpus/ is only read.

FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_CC ?= clang
FUZZ_CFLAGS ?= -std=c11 -Wall -Wextra -Werror -O2 -g
VALGRIND ?= valgrind
FUZZ_SECS ?= 60
FUZZ_THREADS ?= 4
FUZZ_OPS ?= 20000
FUZZ_PUT ?= sys_dm510_msgbox_put
FUZZ_GET ?= sys_dm510_msgbox_get
FUZZ_IMPL = $(or $(IMPL),kernel-patch/dm510_msgbox.c)
FUZZ_SEED = $(or $(SEED),1)
FUZZ_PROFILE = $(or $(PROFILE),strict)
FUZZ_TAG = $(subst /,_,$(basename $(FUZZ_IMPL)))
FUZZ_OUT = build/fuzz/$(FUZZ_TAG)

# The file under test is foreign code: its warnings are not ours to fix, but
# a function the shim lacks must stop the build (cc-impl.sh says which).
FUZZ_IMPL_CFLAGS = -std=gnu11 -O2 -g -Ifuzz/shim/include -Wall -Wno-unused-parameter \
	-Wno-unused-function -Wno-unused-variable -Wno-unused-but-set-variable \
	-Wno-sign-compare -Wno-pointer-sign -Wno-unknown-warning-option \
	-Werror=implicit-function-declaration -Werror=int-conversion
FUZZ_SAN_asan := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SAN_fuzz := $(FUZZ_SAN_asan)
FUZZ_SAN_tsan := -fsanitize=thread
# valgrind 3.19 cannot read the DWARF 5 that clang writes by default
FUZZ_SAN_plain := -gdwarf-4
# libFuzzer's coverage comes from the implementation alone: the shim and
# the model are not instrumented for it (they would only slow it down).
FUZZ_COV := -fsanitize=fuzzer-no-link

FUZZ_SHIM_SRC := $(wildcard fuzz/shim/*.c)
FUZZ_SHIM_HDR := $(wildcard fuzz/shim/*.h fuzz/shim/include/*.h fuzz/shim/include/*/*.h \
	fuzz/shim/include/*/*/*.h) kernel-patch/dm510_msgbox.h
FUZZ_USER_HDR := $(wildcard fuzz/user/*.h)
fuzz_obj = $(patsubst fuzz/%.c,build/fuzz/obj/$(1)/%.o,$(2))
FUZZ_JUDGE_SRC := fuzz/user/ops.c fuzz/user/judge.c
FUZZ_SEEDED := put-no-negative-check get-overflows-short-buffer get-discards-on-fault \
	put-leaks-on-copy-failure get-irqs-off-on-enodata
FUZZ_SEEDED_THREADS := get-nolock
FUZZ_FIXTURES := proc-counts-refused-put
# An input is at most 40 ops (5 bytes each), as the in-UML fuzzer's longest
# program (fuzz/uml/gen.c: 4..40): 64 ops made libFuzzer's inputs 25% slower
# an input and 12% slower a call (fuller boxes, longer drains; session 23).
FUZZ_MAX_LEN := 200
# The seed inputs; FUZZ_SEEDS= (empty) starts from nothing, to measure how
# fast the fuzzer itself finds a bug.
FUZZ_SEEDS ?= fuzz/corpus

# The shim's formatter against libc's, a unit test of make unit (host cc, as
# every unit test; only when the top-level Makefile has set UNIT_DIR).
ifdef UNIT_DIR
FUZZ_FORMAT_TEST := $(UNIT_DIR)/test_fuzz_format
UNIT_BINS += $(FUZZ_FORMAT_TEST)
$(FUZZ_FORMAT_TEST): tests/test_fuzz_format.c fuzz/shim/format.c fuzz/shim/format.h $(HOST_FLAGS_FILE)
	$(call host-link,-Ifuzz/shim,-lcmocka)
endif

.PHONY: fuzz-user fuzz-replay fuzz-threads memcheck-fuzz fuzz-user-smoke fuzz-build \
	fuzz-clean fuzz-mutants

# ---- objects shared by every IMPL, one folder per sanitizer set ----
define FUZZ_OBJ_RULES
build/fuzz/obj/$(1)/%.o: fuzz/%.c $(FUZZ_SHIM_HDR) $(FUZZ_USER_HDR)
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(FUZZ_SAN_$(1)) -c $$< -o $$@
endef
$(foreach v,asan fuzz tsan plain,$(eval $(call FUZZ_OBJ_RULES,$(v))))

# ---- per IMPL: staged source, its objects, the entry binding ----
$(FUZZ_OUT)/impl.c: $(FUZZ_IMPL) tools/check/stage-impl.sh
	@mkdir -p $(@D)
	@tools/check/stage-impl.sh $(FUZZ_IMPL) '$(HEADER)' '$(COMPAT)' >$@.tmp 2>$@.err || \
		{ cat $@.err >&2; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

$(FUZZ_OUT)/impl-fuzz.o: $(FUZZ_OUT)/impl.c $(FUZZ_SHIM_HDR) fuzz/shim/cc-impl.sh
	@fuzz/shim/cc-impl.sh $(FUZZ_IMPL) $< $@ $(FUZZ_CC) $(FUZZ_IMPL_CFLAGS) $(FUZZ_SAN_fuzz) $(FUZZ_COV)
$(FUZZ_OUT)/impl-%.o: $(FUZZ_OUT)/impl.c $(FUZZ_SHIM_HDR) fuzz/shim/cc-impl.sh
	@fuzz/shim/cc-impl.sh $(FUZZ_IMPL) $< $@ $(FUZZ_CC) $(FUZZ_IMPL_CFLAGS) $(FUZZ_SAN_$*)

$(FUZZ_OUT)/entry-%.o: fuzz/user/entry.c fuzz/user/entry.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN_$*) -DFUZZ_PUT_SYM=$(FUZZ_PUT) \
		-DFUZZ_GET_SYM=$(FUZZ_GET) -c $< -o $@

$(FUZZ_OUT)/fuzz: $(FUZZ_OUT)/impl-fuzz.o $(FUZZ_OUT)/entry-fuzz.o \
		$(call fuzz_obj,fuzz,$(FUZZ_SHIM_SRC) $(FUZZ_JUDGE_SRC) fuzz/user/target.c)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN_fuzz) $^ -o $@

$(FUZZ_OUT)/replay: $(FUZZ_OUT)/impl-asan.o $(FUZZ_OUT)/entry-asan.o \
		$(call fuzz_obj,asan,$(FUZZ_SHIM_SRC) $(FUZZ_JUDGE_SRC) fuzz/user/replay.c)
	$(FUZZ_CC) $(FUZZ_SAN_asan) $^ -o $@

$(FUZZ_OUT)/replay-plain: $(FUZZ_OUT)/impl-plain.o $(FUZZ_OUT)/entry-plain.o \
		$(call fuzz_obj,plain,$(FUZZ_SHIM_SRC) $(FUZZ_JUDGE_SRC) fuzz/user/replay.c)
	$(FUZZ_CC) $^ -o $@

define FUZZ_THREADS_RULE
$$(FUZZ_OUT)/threads-$(1): $$(FUZZ_OUT)/impl-$(1).o $$(FUZZ_OUT)/entry-$(1).o \
		$$(call fuzz_obj,$(1),$$(FUZZ_SHIM_SRC) fuzz/user/threads.c)
	$$(FUZZ_CC) $$(FUZZ_SAN_$(1)) $$^ -lpthread -o $$@
endef
$(foreach v,tsan plain,$(eval $(call FUZZ_THREADS_RULE,$(v))))

fuzz-build: $(FUZZ_OUT)/fuzz $(FUZZ_OUT)/replay

# ---- running ----
# A finding: libFuzzer stops, the input is kept as crash-*; replay says it.
fuzz-user: $(FUZZ_OUT)/fuzz $(FUZZ_OUT)/replay
	@rm -rf $(FUZZ_OUT)/corpus && mkdir -p $(FUZZ_OUT)/corpus && \
		$(if $(FUZZ_SEEDS),cp $(FUZZ_SEEDS)/* $(FUZZ_OUT)/corpus/,:)
	@echo "fuzz-user: $(FUZZ_IMPL), profile $(FUZZ_PROFILE), seed $(FUZZ_SEED), $(FUZZ_SECS) s"
	@FUZZ_SAY_SETUP=1 FUZZ_PROFILE=$(FUZZ_PROFILE) $(FUZZ_OUT)/fuzz -seed=$(FUZZ_SEED) \
		-max_total_time=$(FUZZ_SECS) -max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_OUT)/ $(FUZZ_OUT)/corpus >$(FUZZ_OUT)/fuzz.log 2>&1; \
	rc=$$?; grep -m1 '^fuzz: ' $(FUZZ_OUT)/fuzz.log; \
	grep -m1 '^FINDING' $(FUZZ_OUT)/fuzz.log; grep -m1 -A2 '^==[0-9]*==ERROR' $(FUZZ_OUT)/fuzz.log; \
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' $(FUZZ_OUT)/fuzz.log; \
	awk '/^stat::average_exec_per_sec/ { printf "fuzz-user: %d exec/s on one core (one libFuzzer process), %.2f of the 100000 exec/s goal of issue 11\n", $$2, $$2 / 100000 }' \
		$(FUZZ_OUT)/fuzz.log; \
	awk '/^fuzz-cpu:/ { printf "fuzz-user: %d inputs per CPU second (its own CPU time, which other jobs change less; load %s)\n", $$9, load }' \
		load="$$(cut -d' ' -f1-3 /proc/loadavg)" $(FUZZ_OUT)/fuzz.log; \
	crash=$$(grep -m1 -o "$(FUZZ_OUT)/[a-z-]*-[0-9a-f]*" $(FUZZ_OUT)/fuzz.log); \
	if [ $$rc -ne 0 ]; then echo "fuzz-user: FINDING in $(FUZZ_IMPL); replay: make -f mk/fuzz.mk fuzz-replay IMPL=$(FUZZ_IMPL) FILE=$$crash$(if $(filter lenient,$(FUZZ_PROFILE)), PROFILE=lenient) (log $(FUZZ_OUT)/fuzz.log)"; exit 1; fi; \
	echo "fuzz-user: no finding (log $(FUZZ_OUT)/fuzz.log)"

fuzz-replay: $(FUZZ_OUT)/replay
	$(FUZZ_OUT)/replay $(if $(filter lenient,$(FUZZ_PROFILE)),--lenient) $(FILE)

# TSan stops at the first data race (exit 66); the driver exits 1 on its own
# findings (lost, duplicated, corrupted, interrupts as the only lock, no progress).
fuzz-threads: $(FUZZ_OUT)/threads-tsan
	@TSAN_OPTIONS='halt_on_error=1 exitcode=66 report_signal_unsafe=0' \
		$(FUZZ_OUT)/threads-tsan -t $(FUZZ_THREADS) -n $(FUZZ_OPS) -s $(FUZZ_SEED) \
		>$(FUZZ_OUT)/threads.log 2>&1; rc=$$?; \
	grep -E '^threads:|^FINDING' $(FUZZ_OUT)/threads.log; \
	races=$$(grep -c '^WARNING: ThreadSanitizer: data race' $(FUZZ_OUT)/threads.log); \
	grep -m1 -A3 '^WARNING: ThreadSanitizer' $(FUZZ_OUT)/threads.log; \
	if [ $$rc -ne 0 ]; then echo "fuzz-threads: FINDING in $(FUZZ_IMPL) (exit $$rc, $$races data race report(s); log $(FUZZ_OUT)/threads.log)"; exit 1; fi; \
	echo "fuzz-threads: no finding (log $(FUZZ_OUT)/threads.log)"

memcheck-fuzz: $(FUZZ_OUT)/threads-plain $(FUZZ_OUT)/replay-plain
	$(VALGRIND) -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		$(FUZZ_OUT)/threads-plain -t 2 -n 2000 -s $(FUZZ_SEED)
	$(VALGRIND) -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		$(FUZZ_OUT)/replay-plain --quiet fuzz/corpus/*
	@echo "memcheck-fuzz: $(FUZZ_IMPL) clean under valgrind"

# ---- the in-UML fuzzer (fuzz/uml/, fuzz/run-uml.sh) ----
# Only with the top-level Makefile, which knows the kernel build (KB):
#   make fuzz [IMPL=path | MUTANT=name] [DURATION=s] [SEED=n] [KERNEL=] [PROFILE=] [B=]
#             [REPLAY=k] [FUZZ_CONF='key value;...'] [COVER=1]
#   make repro FILE=repro-K.c [IMPL=path | MUTANT=name] [TIMES=10] [KERNEL=] [B=]
ifdef KB
include $(dir $(lastword $(MAKEFILE_LIST)))gen.mk
DURATION ?= 60
TIMES ?= 10
FUZZ_UML_SRC := $(filter-out fuzz/uml/repro_prelude.c,$(wildcard fuzz/uml/*.c))
# shared with msgbox-torture: lib/'s generators (the syscall seam, payloads,
# pointer classes: mk/gen.mk) and harness/'s windows, /proc, limits,
# markers, conventions, fail-nth
FUZZ_UML_SHARED := uffd_window box_proc box_limits sysfile kmsg conventions fail_nth
FUZZ_UML_OBJS := $(FUZZ_UML_SRC:fuzz/uml/%.c=$(KB)/mt/fuzz-%.o) $(FUZZ_UML_SHARED:%=$(KB)/mt/%.o) \
	$(GEN_MODS:%=$(KB)/mt/lib-%.o) $(KB)/mt/lib-finding.o
FUZZ_KIMPL = $(or $(IMPL),$(IMPL_C))
# IMPL=: staged as make check stages it (fuzz/stage-kimpl.sh: headers
# inlined, HEADER=, COMPAT=1, the entry points found or PUT=/GET= aliased),
# under B/fuzz-impl/NAME (NAME as make check's: directory-file), and its
# results get -NAME; its functions go to MT_IMPL_SYMS for the leak oracle
FUZZ_INAME = $(notdir $(patsubst %/,%,$(dir $(abspath $(IMPL)))))-$(basename $(notdir $(IMPL)))
FUZZ_ISTAGE = $(B)/fuzz-impl/$(FUZZ_INAME)
FUZZ_BUILD_IMPL = $(if $(IMPL),$(FUZZ_ISTAGE)/dm510_msgbox.c,$(IMPL_C))
FUZZ_STAGE = $(if $(IMPL),fuzz/stage-kimpl.sh '$(IMPL)' '$(FUZZ_ISTAGE)' '$(HEADER)' '$(COMPAT)' $(CHECK_PUT) $(CHECK_GET))
FUZZ_ITAG = $(if $(IMPL),-$(FUZZ_INAME))
FUZZ_IOPTS = $(if $(IMPL), IMPL=$(IMPL))$(if $(HEADER), HEADER=$(HEADER))$(if $(COMPAT), COMPAT=1)$(if $(CHECK_PUT), PUT=$(CHECK_PUT) GET=$(CHECK_GET))
FUZZ_SYMS = $(if $(IMPL),--syms '$(FUZZ_ISTAGE)/syms')
# COVER=1: the same FLAVOUR plus KCOV over the implementation's object only
# (kernel-patch/config/kcov.config), in its own tree KERNEL-FLAVOUR+kcov;
# the object also gets -g, so that the report names its lines, and no
# KASAN of its own: UML runs a file's KASAN constructor from libc before
# the kernel has a task, and an instrumented one calls into KCOV there (a
# segfault at start); KASAN still watches the rest of the kernel (the
# usercopy, the allocator), kmemleak, lockdep and fault injection are on
FUZZ_FLAVOUR = $(FLAVOUR)$(if $(filter 1,$(COVER)),+kcov)
FUZZ_KB = $(B)/$(KERNEL)-$(FUZZ_FLAVOUR)
FUZZ_KENV = $(if $(filter 1,$(COVER)),env 'KCOV_INSTRUMENT_dm510_msgbox.o=y' 'CFLAGS_dm510_msgbox.o=-g' \
	'KASAN_SANITIZE_dm510_msgbox.o=n')
FUZZ_RESULTS ?= $(B)/results/fuzz-$(KERNEL)-$(FUZZ_FLAVOUR)-$(PROFILE)$(RUN_TAG)$(FUZZ_ITAG)
REPRO_RESULTS ?= $(B)/results/repro-$(KERNEL)-$(FLAVOUR)$(RUN_TAG)$(FUZZ_ITAG)

$(KB)/mt/fuzz-%.o: fuzz/uml/%.c fuzz/uml/fz.h $(wildcard harness/*.h lib/*.h) $(KB)/mt_syscalls.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(KB) -Iharness -Ilib -c $< -o $@

$(KB)/mt/msgbox-fuzz: $(FUZZ_UML_OBJS)
	$(CC) $(CFLAGS) -pthread -o $@ $^

# make test's share (fuzz/uml-smoke.sh): the reference clean for 15 s, two
# seeded bugs found with reproducers that fail 10/10, one passing on the reference
fuzz-uml-smoke:
	@fuzz/uml-smoke.sh "$(MAKE) --no-print-directory" $(B)

.PHONY: fuzz repro fuzz-uml-build fuzz-uml-smoke
fuzz-uml-build: $(KB)/mt/msgbox-fuzz

fuzz: deps host-tools $(FUZZ_KIMPL)
	@$(FUZZ_STAGE)
	@$(FUZZ_KENV) kernel-patch/build-kernel.sh $(KERNEL) $(FUZZ_FLAVOUR) $(FUZZ_BUILD_IMPL)
	@$(MAKE) --no-print-directory harness fuzz-uml-build KB=$(FUZZ_KB)
	@fuzz/run-uml.sh fuzz --linux $(FUZZ_KB)/linux --kb $(FUZZ_KB) --results $(FUZZ_RESULTS) --kernel $(KERNEL) \
		--flavour $(FUZZ_FLAVOUR) --profile $(PROFILE) --seed $(FUZZ_SEED) --duration $(DURATION) --mem $(MEM) \
		--times $(TIMES) $(if $(FUZZ_CONF),--conf '$(FUZZ_CONF)') $(if $(REPLAY),--replay $(REPLAY)) $(FUZZ_SYMS) \
		--repro 'make fuzz KERNEL=$(KERNEL) FLAVOUR=$(FLAVOUR)$(if $(filter 1,$(COVER)), COVER=1) PROFILE=$(PROFILE)$(if $(MUTANT), MUTANT=$(MUTANT))$(FUZZ_IOPTS) SEED=$(FUZZ_SEED) DURATION=$(DURATION)'

repro: deps host-tools $(FUZZ_KIMPL)
	@test -n "$(FILE)" || { echo "repro: FILE=path/repro-K.c is required (written by make fuzz)" >&2; exit 2; }
	@$(FUZZ_STAGE)
	@kernel-patch/build-kernel.sh $(KERNEL) $(FLAVOUR) $(FUZZ_BUILD_IMPL)
	@$(MAKE) --no-print-directory harness fuzz-uml-build
	@fuzz/run-uml.sh repro --linux $(KB)/linux --kb $(KB) --results $(REPRO_RESULTS) --file '$(FILE)' \
		--times $(TIMES) --mem $(MEM) $(FUZZ_SYMS)
endif

# ---- seeded bugs (kernel-patch/mutants/) and the fuzzer's own fixtures ----
define FUZZ_PATCHED
build/fuzz/$(1)/%/dm510_msgbox.c: $(2)/%.patch kernel-patch/dm510_msgbox.c
	@mkdir -p $$(@D)
	@patch -s -o $$@ kernel-patch/dm510_msgbox.c $$< >/dev/null
endef
$(eval $(call FUZZ_PATCHED,mutants,kernel-patch/mutants))
$(eval $(call FUZZ_PATCHED,fixtures,fuzz/fixtures))

fuzz-mutants: $(foreach m,$(FUZZ_SEEDED) $(FUZZ_SEEDED_THREADS),build/fuzz/mutants/$(m)/dm510_msgbox.c) \
	$(foreach m,$(FUZZ_FIXTURES),build/fuzz/fixtures/$(m)/dm510_msgbox.c)

# make test's share: the reference clean for 20 s, every seeded bug found.
fuzz-user-smoke: fuzz-mutants
	@fuzz/smoke.sh "$(MAKE) --no-print-directory -f mk/fuzz.mk" \
		"$(FUZZ_SEEDED)" "$(FUZZ_SEEDED_THREADS)" "$(FUZZ_FIXTURES)"

fuzz-clean:
	rm -rf build/fuzz

ifeq ($(words $(MAKEFILE_LIST)),1)
.DEFAULT_GOAL := fuzz-user-smoke
else
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
endif
