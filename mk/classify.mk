# mk/classify.mk: the console-log classifier (tools/classify/, its public
# header tools/classify/console_classify.h) and its tests. Works alone and included by
# the top-level Makefile; run either from the repository root:
#
#   make -f mk/classify.mk unit-classify          build and run the tests
#   make -f mk/classify.mk unit-classify SAN=1    ... with ASan + UBSan
#   make -f mk/classify.mk valgrind-classify      ... under valgrind
#   make -f mk/classify.mk classify               build build/bin/console-classify
#   make -f mk/classify.mk fuzz-classify [FUZZ_SECS=60]
#                                                 libFuzzer over the engine (clang)
#
# Outputs go under build/ (git-ignored); flags, SAN=1 and valgrind as
# mk/common.mk says for every host tool.
CLASSIFY_MK := $(lastword $(MAKEFILE_LIST))
include $(dir $(CLASSIFY_MK))common.mk

# Remember the goal the includer had, so that our first rule does not become
# its default goal.
CLASSIFY_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_CC ?= clang
FUZZ_SECS ?= 60

CLASSIFY_BIN := $(BIN_DIR)/console-classify
CLASSIFY_TEST := $(UNIT_DIR)/test_console_classify
CLASSIFY_FUZZ := build/fuzz/fuzz_console_classify
CLASSIFY_FUZZ_CORPUS := build/fuzz/classify-corpus
# The engine: every file of tools/classify/ but the CLI, plus the project's
# TSV dialect and bug-class names from lib/.
CLASSIFY_LIB_SRC := $(filter-out tools/classify/main.c,$(wildcard tools/classify/*.c)) \
	lib/tsv.c lib/finding.c
CLASSIFY_HDR := tools/classify/console_classify.h $(wildcard tools/classify/*.h) \
	$(wildcard tools/classify/*.def) lib/tsv.h lib/mt_finding.h
CLASSIFY_INC := -Itools/classify -Ilib

UNIT_BINS += $(CLASSIFY_TEST)

.PHONY: classify unit-classify valgrind-classify fuzz-classify clean-classify

classify: $(CLASSIFY_BIN)

$(CLASSIFY_BIN): tools/classify/main.c $(CLASSIFY_LIB_SRC) $(CLASSIFY_HDR) $(HOST_FLAGS_FILE)
	$(call host-link,$(CLASSIFY_INC))

$(CLASSIFY_TEST): tests/test_console_classify.c $(CLASSIFY_LIB_SRC) $(CLASSIFY_HDR) \
		$(HOST_FLAGS_FILE)
	$(call host-link,$(CLASSIFY_INC),-lcmocka)

# The CLI's exit status is what the runner reads: 0 clean, 1 findings, 2
# error; --panicked is what boot-uml.sh reads: 0 panicked, 1 not, 2 error.
unit-classify: $(CLASSIFY_TEST) $(CLASSIFY_BIN)
	./$(CLASSIFY_TEST)
	@./$(CLASSIFY_BIN) tests/console/clean-boot.log >/dev/null; \
		test $$? -eq 0 || { echo "$(CLASSIFY_BIN): clean log: want exit 0"; exit 1; }
	@./$(CLASSIFY_BIN) tests/console/kasan-uaf.log >/dev/null; \
		test $$? -eq 1 || { echo "$(CLASSIFY_BIN): splat: want exit 1"; exit 1; }
	@./$(CLASSIFY_BIN) build/no-such.log >/dev/null 2>&1; \
		test $$? -eq 2 || { echo "$(CLASSIFY_BIN): no log: want exit 2"; exit 1; }
	@./$(CLASSIFY_BIN) --panicked tests/console/panic-bug.log; \
		test $$? -eq 0 || { echo "$(CLASSIFY_BIN): --panicked panic: want exit 0"; exit 1; }
	@./$(CLASSIFY_BIN) --panicked tests/console/kasan-uaf.log; \
		test $$? -eq 1 || { echo "$(CLASSIFY_BIN): --panicked no panic: want exit 1"; exit 1; }
	@./$(CLASSIFY_BIN) --panicked build/no-such.log 2>/dev/null; \
		test $$? -eq 2 || { echo "$(CLASSIFY_BIN): --panicked no log: want exit 2"; exit 1; }
	@echo "console-classify: exit statuses 0/1/2 as documented"

valgrind-classify: $(CLASSIFY_TEST)
	$(VALGRIND_CMD) ./$(CLASSIFY_TEST)

# libFuzzer over cc_classify_buffer + cc_write_tsv, the TSV read back and
# checked (tests/fuzz_console_classify.c). Not part of `make test`: it needs
# clang and takes FUZZ_SECS seconds. The corpus persists in build/fuzz/ and
# is seeded from the fixtures; crashes land in build/fuzz/ as crash-*.
$(CLASSIFY_FUZZ): tests/fuzz_console_classify.c $(CLASSIFY_LIB_SRC) $(CLASSIFY_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(CLASSIFY_INC) -o $@ \
		tests/fuzz_console_classify.c $(CLASSIFY_LIB_SRC)

fuzz-classify: $(CLASSIFY_FUZZ)
	@mkdir -p $(CLASSIFY_FUZZ_CORPUS)
	cp tests/console/*.log $(CLASSIFY_FUZZ_CORPUS)/
	./$(CLASSIFY_FUZZ) -max_total_time=$(FUZZ_SECS) -max_len=65536 \
		-timeout=10 -print_final_stats=1 -artifact_prefix=build/fuzz/ \
		$(CLASSIFY_FUZZ_CORPUS)

clean-classify:
	rm -f $(CLASSIFY_BIN) $(CLASSIFY_TEST) $(CLASSIFY_FUZZ)

# Alone, `make -f mk/classify.mk` runs the test; included, leave the
# includer's default goal alone (or let its next rule become it).
ifeq ($(firstword $(MAKEFILE_LIST)),$(CLASSIFY_MK))
.DEFAULT_GOAL := unit-classify
else
.DEFAULT_GOAL := $(CLASSIFY_SAVED_GOAL)
endif
