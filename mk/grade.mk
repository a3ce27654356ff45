# mk/grade.mk: the mutant zoo's kill matrix and grading a course
# (included by the top-level Makefile, which defines KERNEL, B, MUTANT, ...).
#
#   make mutants [KERNEL=6.1] [MUTANTS=a,b] [CASES=globs]
#       every mutant of kernel-patch/mutants/expect.tsv (or those named),
#       each built and run on the kernel its row names (only KERNEL's when
#       KERNEL is given on the command line), default suite + fault
#       catalogue; prints the kill matrix (mutant x cases, oracles, console
#       classes), also as $(B)/results/mutants/matrix.md; fails when one
#       survives
#   make run-mutant MUTANT=name [RESULTS=] [CASES=]
#       one mutant, like `make run MUTANT=name` but with MUTANT_TABLES
#   make grade IMPLS=dir/ [SHARD=i/N | JOBS=N] [GRADE_DIR=] [PROFILE=] [KERNEL=]
#       `make check` for each implementation of dir/ (a .c file, or a
#       subdirectory with a .c and maybe a header) into GRADE_DIR/NAME/ (or
#       GRADE_DIR/shard-i-of-N/NAME/), then the matrix implementation x check
#       as matrix.md and matrix.html (one self-contained page) there.
#       JOBS=N (or make grade -jN): N workers on one queue (each takes the
#       next implementation when done), all in $(B): make check builds in
#       its kernel tree one at a time and runs its own copy, so the
#       workers overlap in UML; one matrix in GRADE_DIR/matrix.*
#   make grade-merge [GRADE_DIR=]
#       joins GRADE_DIR/shard-*-of-N/ into GRADE_DIR/matrix.md and .html;
#       fails when a shard is missing
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk
GRADE_SAVED_GOAL := $(.DEFAULT_GOAL)

GRADE_DIR ?= $(B)/results/grade
IMPLS     ?=
SHARD     ?=
# how many implementations at once: JOBS=N, else make's own -jN (MAKEFLAGS
# holds it only while recipes are expanded: deferred), else 1
JOBS      ?=
GRADE_JOBS = $(or $(JOBS),$(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),1)
MUTANTS   ?=
# the tables a mutant runs on: the default suite's and the fault catalogue
MUTANT_TABLES ?= cases/functional.tsv cases/faults.tsv
MUTANT_SCENARIOS ?= cases/stress.tsv

# mt-grade: the grading matrix (tools/grade/) and, for make selftest and
# make mutants, the kill matrix (tools/selftest/kills.c)
GRADE_SRCS := tools/grade/grade_load.c tools/grade/grade_render.c tools/selftest/kills.c \
	tools/report/report_load.c $(LIB_SRCS)
GRADE_HDRS := tools/grade/grade.h tools/selftest/kills.h tools/report/report.h \
	tools/classify/console_classes.h $(LIB_HDRS)
GRADE_INC  := -Itools/grade -Itools/selftest -Itools/report -Itools/classify

.PHONY: mutants run-mutant grade grade-merge unit-grade

$(BIN_DIR)/mt-grade: tools/grade/grade_main.c $(GRADE_SRCS) $(GRADE_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,$(GRADE_INC))

# KERNEL restricts the zoo only when it was given on the command line.
mutants: deps host-tools
	@tools/selftest/mutants.sh --all $(if $(filter command line,$(origin KERNEL)),--kernel $(KERNEL)) \
		$(if $(MUTANTS),--only '$(MUTANTS)') $(if $(CASES),--cases '$(CASES)')

run-mutant: deps host-tools $(IMPL_C)
	@test -n "$(MUTANT)" || { echo "run-mutant: MUTANT=name is required" >&2; exit 2; }
	@kernel-patch/build-kernel.sh $(KERNEL) $(FLAVOUR) $(IMPL_C)
	@$(MAKE) --no-print-directory harness
	$(call boot-suite,$(RESULTS),$(MEM),$(TIMEOUT),$(foreach t,$(MUTANT_TABLES),--cases $(t)) \
		$(foreach t,$(MUTANT_SCENARIOS),--scenarios $(t)),make run-mutant KERNEL=$(KERNEL) FLAVOUR=$(FLAVOUR) PROFILE=$(PROFILE) MUTANT=$(MUTANT))

grade: host-tools
	@test -n "$(IMPLS)" || { echo "make grade: IMPLS=dir/ is required (one implementation per .c file or subdirectory)" >&2; exit 2; }
	@tools/grade/grade.sh --impls '$(IMPLS)' --out '$(GRADE_DIR)' \
		$(if $(SHARD),--shard '$(SHARD)',--jobs '$(GRADE_JOBS)')

grade-merge: $(BIN_DIR)/mt-grade
	@$(BIN_DIR)/mt-grade merge --title 'msgbox-torture: grading matrix (merged)' '$(GRADE_DIR)'

# ---- unit tests: JSON reader, loading, slicing, merging, rendering ---------
UNIT_BINS += $(UNIT_DIR)/test_grade

# (with mt-report's writer: rewording a run's words changes none of its files)
$(UNIT_DIR)/test_grade: tests/test_grade.c $(GRADE_SRCS) tools/report/report_write.c $(GRADE_HDRS) \
		$(HOST_FLAGS_FILE)
	$(call host-link,$(GRADE_INC) -DGRADE_FIXTURE='"tests/grade-fixture"' \
		-DREPORT_FIXTURE='"tests/report-fixture"',-lcmocka)

unit-grade: $(UNIT_DIR)/test_grade
	./$(UNIT_DIR)/test_grade

.DEFAULT_GOAL := $(GRADE_SAVED_GOAL)
