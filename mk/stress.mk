# mk/stress.mk: unit tests of the stress engine's native parts (scenario
# rows, history records, TSC calibration, the size draw), of the engine
# end to end against a user-space box, and of the rules that explain a
# run's findings. Included by the top-level Makefile
# (adds to UNIT_BINS); alone: make -f mk/stress.mk unit-stress [SAN=1]
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

STRESS_TEST := $(UNIT_DIR)/test_stress
STRESS_TEST_SRCS := tests/test_stress.c harness/scenario_table.c harness/stress_history.c \
	harness/tsc.c lib/payload.c harness/stress_draw.c harness/conventions.c
STRESS_HDRS := $(wildcard harness/*.h checker/*.h) $(LIB_HDRS)

UNIT_BINS += $(STRESS_TEST)

$(STRESS_TEST): $(STRESS_TEST_SRCS) $(STRESS_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Iharness -Ichecker,-lcmocka)

# The engine end to end against a user-space box (tests/fake_msgbox.c).
STRESS_ENGINE_TEST := $(UNIT_DIR)/test_stress_engine
STRESS_ENGINE_SRCS := tests/test_stress_engine.c tests/fake_msgbox.c harness/stress_run.c \
	harness/stress_explain.c harness/stress_worker.c harness/stress_draw.c harness/stress_history.c harness/uffd_window.c \
	harness/tsc.c harness/fault_inject.c lib/payload.c checker/stack_check.c \
	harness/box_proc.c harness/scenario_table.c harness/result.c harness/conventions.c $(LIB_SRCS)

UNIT_BINS += $(STRESS_ENGINE_TEST)

$(STRESS_ENGINE_TEST): $(STRESS_ENGINE_SRCS) tests/fake_msgbox.h $(STRESS_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-pthread -Iharness -Ichecker -Itests,-lcmocka)

# The explanation rules of a run's findings, each alone.
STRESS_EXPLAIN_TEST := $(UNIT_DIR)/test_stress_explain
STRESS_EXPLAIN_SRCS := tests/test_stress_explain.c harness/stress_explain.c harness/result.c $(LIB_SRCS)

UNIT_BINS += $(STRESS_EXPLAIN_TEST)

$(STRESS_EXPLAIN_TEST): $(STRESS_EXPLAIN_SRCS) $(STRESS_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Iharness,-lcmocka)

.PHONY: unit-stress
unit-stress: $(STRESS_TEST) $(STRESS_ENGINE_TEST) $(STRESS_EXPLAIN_TEST)
	./$(STRESS_TEST)
	./$(STRESS_ENGINE_TEST)
	./$(STRESS_EXPLAIN_TEST)
