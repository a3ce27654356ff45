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
# Outputs go under build/ (git-ignored). The binaries are linked straight from
# the sources (a dozen small files), so a SAN=1 build never mixes with objects
# of a plain one; build/classify.flags makes a change of flags relink.

# Remember the goal the includer had, so that our first rule does not become
# its default goal.
CLASSIFY_SAVED_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
CFLAGS ?= -std=c11 -Wall -Wextra -Werror -O2 -g
VALGRIND ?= valgrind
FUZZ_CC ?= clang
FUZZ_SECS ?= 60

CLASSIFY_BIN := build/bin/console-classify
CLASSIFY_TEST := build/unit/test_console_classify
CLASSIFY_FUZZ := build/fuzz/fuzz_console_classify
CLASSIFY_FUZZ_CORPUS := build/fuzz/classify-corpus
CLASSIFY_FLAGS_FILE := build/classify.flags
# The engine: every file of tools/classify/ but the CLI, plus the project's
# TSV dialect and bug-class names from lib/.
CLASSIFY_LIB_SRC := $(filter-out tools/classify/main.c,$(wildcard tools/classify/*.c)) \
	lib/tsv.c lib/finding.c
CLASSIFY_HDR := tools/classify/console_classify.h $(wildcard tools/classify/*.h) \
	$(wildcard tools/classify/*.def) lib/tsv.h lib/mt_finding.h
CLASSIFY_INC := -Itools/classify -Ilib

CLASSIFY_SAN_FLAGS :=
ifeq ($(SAN),1)
CLASSIFY_SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif
CLASSIFY_CFLAGS = $(CFLAGS) $(CLASSIFY_INC) $(CLASSIFY_SAN_FLAGS)
CLASSIFY_LDFLAGS = $(LDFLAGS) $(CLASSIFY_SAN_FLAGS)

UNIT_BINS += $(CLASSIFY_TEST)

.PHONY: classify unit-classify valgrind-classify fuzz-classify clean-classify \
	classify-flags-check

classify: $(CLASSIFY_BIN)

# Rewritten only when the compiler or flags change, so it is a prerequisite
# whose timestamp means "flags changed".
$(CLASSIFY_FLAGS_FILE): classify-flags-check
	@mkdir -p $(@D)
	@echo '$(CC) $(CLASSIFY_CFLAGS) $(CLASSIFY_LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(CLASSIFY_CFLAGS) $(CLASSIFY_LDFLAGS)' > $@

$(CLASSIFY_BIN): tools/classify/main.c $(CLASSIFY_LIB_SRC) $(CLASSIFY_HDR) \
		$(CLASSIFY_FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(CLASSIFY_CFLAGS) -o $@ tools/classify/main.c \
		$(CLASSIFY_LIB_SRC) $(CLASSIFY_LDFLAGS)

$(CLASSIFY_TEST): tests/test_console_classify.c $(CLASSIFY_LIB_SRC) \
		$(CLASSIFY_HDR) $(CLASSIFY_FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(CLASSIFY_CFLAGS) -o $@ tests/test_console_classify.c \
		$(CLASSIFY_LIB_SRC) $(CLASSIFY_LDFLAGS) -lcmocka

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
	$(VALGRIND) --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect ./$(CLASSIFY_TEST)

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
	rm -f $(CLASSIFY_BIN) $(CLASSIFY_TEST) $(CLASSIFY_FUZZ) $(CLASSIFY_FLAGS_FILE)

# Alone, `make -f mk/classify.mk` runs the test; included, leave the
# includer's default goal alone (or let its next rule become it).
ifeq ($(words $(MAKEFILE_LIST)),1)
.DEFAULT_GOAL := unit-classify
else
.DEFAULT_GOAL := $(CLASSIFY_SAVED_GOAL)
endif
