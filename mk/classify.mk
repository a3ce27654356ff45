# mk/classify.mk: the console-log classifier (ci/console_classify*) and its
# unit test. Works alone and included by the top-level Makefile; run either
# from the repository root:
#
#   make -f mk/classify.mk unit-classify          build and run the test
#   make -f mk/classify.mk unit-classify SAN=1    ... with ASan + UBSan
#   make -f mk/classify.mk valgrind-classify      ... under valgrind
#   make -f mk/classify.mk classify               build build/bin/console-classify
#
# Outputs go under build/ (git-ignored). The binaries are linked straight from
# the sources (three small files), so a SAN=1 build never mixes with objects
# of a plain one; build/classify.flags makes a change of flags relink.

# Remember the goal the includer had, so that our first rule does not become
# its default goal.
CLASSIFY_SAVED_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
CFLAGS ?= -std=c11 -Wall -Wextra -Werror -O2 -g
VALGRIND ?= valgrind

CLASSIFY_BIN := build/bin/console-classify
CLASSIFY_TEST := build/unit/test_console_classify
CLASSIFY_FLAGS_FILE := build/classify.flags
CLASSIFY_LIB_SRC := ci/console_classify.c
CLASSIFY_HDR := ci/console_classify.h

CLASSIFY_SAN_FLAGS :=
ifeq ($(SAN),1)
CLASSIFY_SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif
CLASSIFY_CFLAGS = $(CFLAGS) $(CLASSIFY_SAN_FLAGS)
CLASSIFY_LDFLAGS = $(LDFLAGS) $(CLASSIFY_SAN_FLAGS)

UNIT_BINS += $(CLASSIFY_TEST)

.PHONY: classify unit-classify valgrind-classify clean-classify \
	classify-flags-check

classify: $(CLASSIFY_BIN)

# Rewritten only when the compiler or flags change, so it is a prerequisite
# whose timestamp means "flags changed".
$(CLASSIFY_FLAGS_FILE): classify-flags-check
	@mkdir -p $(@D)
	@echo '$(CC) $(CLASSIFY_CFLAGS) $(CLASSIFY_LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(CLASSIFY_CFLAGS) $(CLASSIFY_LDFLAGS)' > $@

$(CLASSIFY_BIN): ci/console_classify_main.c $(CLASSIFY_LIB_SRC) $(CLASSIFY_HDR) \
		$(CLASSIFY_FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(CLASSIFY_CFLAGS) -o $@ ci/console_classify_main.c \
		$(CLASSIFY_LIB_SRC) $(CLASSIFY_LDFLAGS)

$(CLASSIFY_TEST): tests/test_console_classify.c $(CLASSIFY_LIB_SRC) \
		$(CLASSIFY_HDR) $(CLASSIFY_FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(CLASSIFY_CFLAGS) -o $@ tests/test_console_classify.c \
		$(CLASSIFY_LIB_SRC) $(CLASSIFY_LDFLAGS) -lcmocka

# The CLI's exit status is what the runner reads: 0 clean, 1 findings, 2 error.
unit-classify: $(CLASSIFY_TEST) $(CLASSIFY_BIN)
	./$(CLASSIFY_TEST)
	@./$(CLASSIFY_BIN) tests/console/clean-boot.log >/dev/null; \
		test $$? -eq 0 || { echo "$(CLASSIFY_BIN): clean log: want exit 0"; exit 1; }
	@./$(CLASSIFY_BIN) tests/console/kasan-uaf.log >/dev/null; \
		test $$? -eq 1 || { echo "$(CLASSIFY_BIN): splat: want exit 1"; exit 1; }
	@./$(CLASSIFY_BIN) build/no-such.log >/dev/null 2>&1; \
		test $$? -eq 2 || { echo "$(CLASSIFY_BIN): no log: want exit 2"; exit 1; }
	@echo "console-classify: exit statuses 0/1/2 as documented"

valgrind-classify: $(CLASSIFY_TEST)
	$(VALGRIND) --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect ./$(CLASSIFY_TEST)

clean-classify:
	rm -f $(CLASSIFY_BIN) $(CLASSIFY_TEST) $(CLASSIFY_FLAGS_FILE)

# Alone, `make -f mk/classify.mk` runs the test; included, leave the
# includer's default goal alone (or let its next rule become it).
ifeq ($(words $(MAKEFILE_LIST)),1)
.DEFAULT_GOAL := unit-classify
else
.DEFAULT_GOAL := $(CLASSIFY_SAVED_GOAL)
endif
