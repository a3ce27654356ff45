# mk/common.mk: what every host tool and unit test is built with, and the
# one recipe that boots a suite. Included first by the top-level Makefile and
# by each mk/*.mk that also works alone (`make -f mk/classify.mk ...`); the
# guard makes a second include a no-op. (mk/fuzz.mk, clang's user-space
# fuzzing build, keeps its own flags.)
#
#   SAN=1   ASan + UBSan for every host tool and unit test; their binaries go
#           to build/bin/san/ and build/unit/san/, never mixed with plain ones
#   make memcheck runs the plain ones under $(VALGRIND_CMD)
ifndef MT_COMMON_MK
MT_COMMON_MK := 1

CC      ?= cc
CFLAGS  ?= -std=c11 -Wall -Wextra -Werror -O2 -g
SAN     ?=
SAN_ON    := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_FLAGS := $(if $(filter 1,$(SAN)),$(SAN_ON))
# host tools and unit tests: the flags, the sanitizers, the shared library
HOST_CFLAGS = $(CFLAGS) $(SAN_FLAGS) -Ilib
HOST_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
# where host binaries go: a sanitized build never mixes with a plain one
UNIT_DIR := build/unit$(if $(filter 1,$(SAN)),/san)
BIN_DIR  := build/bin$(if $(filter 1,$(SAN)),/san)
# the scripts of boot/ and tools/ run the reporters from here (default
# build/bin), so `make run SAN=1` reads its results with sanitized tools
export MT_BIN := $(abspath $(BIN_DIR))

# lib/: linked into the harness and every host tool
LIB_SRCS := lib/tsv.c lib/finding.c lib/escape.c
LIB_HDRS := $(wildcard lib/*.h)

# A host program or unit test is linked straight from its sources (the .c
# files among its prerequisites; the headers there make a change rebuild
# it): $(call host-link,-Iextra/includes,libraries).
# HOST_FLAGS_FILE changes only when the compiler or the flags do, so a
# binary that depends on it is relinked after `make ... CFLAGS=...`.
HOST_FLAGS_FILE := build/host-flags$(if $(filter 1,$(SAN)),-san)
define host-link
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(1) -o $@ $(filter %.c,$^) $(HOST_LDFLAGS) $(2)
endef

# (a rule here must not become the includer's default goal)
MT_COMMON_SAVED_GOAL := $(.DEFAULT_GOAL)
.PHONY: host-flags-check
$(HOST_FLAGS_FILE): host-flags-check
	@mkdir -p $(@D)
	@echo '$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS)' > $@
.DEFAULT_GOAL := $(MT_COMMON_SAVED_GOAL)

VALGRIND ?= valgrind
VALGRIND_CMD = $(VALGRIND) -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
# valgrind runs the plain binaries: it does not mix with ASan
ifneq ($(filter 1,$(SAN)),)
ifneq ($(filter memcheck valgrind-classify,$(MAKECMDGOALS)),)
$(error make $(filter memcheck valgrind-classify,$(MAKECMDGOALS)) runs the plain build under valgrind, which does not mix with SAN=1)
endif
endif

# Booting a suite (make run, stress, run-mutant), with the top-level
# Makefile's KERNEL, FLAVOUR, PROFILE, CASES and KB:
#   $(call boot-suite,RESULTS,MEM,TIMEOUT,more run-suite options,repro command)
# after the target's own two lines that build the kernel and the harness:
#	@kernel-patch/build-kernel.sh $(KERNEL) $(FLAVOUR) $(IMPL_C)
#	@$(MAKE) --no-print-directory harness
# (those stay in the recipe: make treats a line as a sub-make, for -n and
# -j, only where $(MAKE) is written in it, and a line that expands to
# several is marked as a whole, so `make -n run` would boot the suite).
define boot-suite
	@boot/run-suite.sh --linux $(KB)/linux --harness $(KB)/mt/msgbox-torture \
		--init $(KB)/mt/uml-init --results $(1) --kernel $(KERNEL) \
		--flavour $(FLAVOUR) --profile $(PROFILE) --mem $(2) --timeout $(3) \
		$(4) $(if $(CASES),--only '$(CASES)') $(foreach a,$(BOOT_ARGS),--boot-arg '$(a)') \
		--repro '$(5)$(if $(BOOT_ARGS), BOOT_ARGS="$(BOOT_ARGS)")'
endef
endif
