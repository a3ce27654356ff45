# mk/common.mk: what every host tool and test is built with. Included first
# by the top-level Makefile and by each mk/*.mk that also works alone
# (`make -f mk/checker.mk ...`); the guard makes a second include a no-op.
#
#   SAN=1   build tests and tools with ASan + UBSan (objects go elsewhere)
#   make memcheck runs them under $(VALGRIND_CMD)
ifndef MT_COMMON_MK
MT_COMMON_MK := 1

CC      ?= cc
CFLAGS  ?= -std=c11 -Wall -Wextra -Werror -O2 -g
SAN     ?=
SAN_ON    := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_FLAGS := $(if $(filter 1,$(SAN)),$(SAN_ON))
# host tools and unit tests: the flags, the sanitizers, the shared library
HOST_CFLAGS = $(CFLAGS) $(SAN_FLAGS) -Ilib
# where host binaries go: a sanitized build never mixes with a plain one
UNIT_DIR := build/unit$(if $(filter 1,$(SAN)),/san)
BIN_DIR  := build/bin$(if $(filter 1,$(SAN)),/san)

# lib/: linked into the harness and every host tool
LIB_SRCS := lib/tsv.c lib/finding.c lib/escape.c
LIB_HDRS := $(wildcard lib/*.h)

VALGRIND_CMD := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
endif
