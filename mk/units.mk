# mk/units.mk: unit tests of the harness's case tables and of lib/ (cmocka).
# Included by the top-level Makefile; alone:
#     make -f mk/units.mk unit-case-table unit-lib [SAN=1]
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

UNIT_BINS += $(UNIT_DIR)/test_case_table $(UNIT_DIR)/test_lib $(UNIT_DIR)/test_case_needs \
	$(UNIT_DIR)/test_conventions $(UNIT_DIR)/test_uffd_window $(UNIT_DIR)/test_fresh_boot

# When a case needs a fresh boot after it (lockdep turned off).
$(UNIT_DIR)/test_fresh_boot: tests/test_fresh_boot.c harness/fresh_boot.c harness/fresh_boot.h $(HOST_FLAGS_FILE)
	$(call host-link,-Iharness,-lcmocka)

$(UNIT_DIR)/test_case_table: tests/test_case_table.c harness/case_table.c harness/box_proc.c \
		harness/box_limits.c harness/sysfile.c lib/payload.c \
		$(wildcard harness/*.h harness/*.def) $(LIB_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Iharness,-lcmocka)

# What a row needs of the kernel (n/a on a kernel built without it).
$(UNIT_DIR)/test_case_needs: tests/test_case_needs.c harness/case_needs.c lib/pointers.c lib/ptr_vanish.c \
		harness/case_needs.h harness/case_table.h harness/scenario_table.h $(LIB_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Iharness,-lcmocka -pthread)

# What the probe learned: which answers end a drain and prove the box empty.
$(UNIT_DIR)/test_conventions: tests/test_conventions.c harness/conventions.c harness/conventions.h \
		$(LIB_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Iharness,-lcmocka)

# The userfaultfd race windows, on the host's userfaultfd.
$(UNIT_DIR)/test_uffd_window: tests/test_uffd_window.c harness/uffd_window.c harness/uffd_window.h \
		$(HOST_FLAGS_FILE)
	$(call host-link,-Iharness,-lcmocka -pthread)

# lib/: the TSV dialect, JSON/HTML escaping, oracle and bug names.
$(UNIT_DIR)/test_lib: tests/test_lib.c $(LIB_SRCS) $(LIB_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,,-lcmocka)

.PHONY: unit-case-table unit-lib
unit-case-table: $(UNIT_DIR)/test_case_table
	./$(UNIT_DIR)/test_case_table
unit-lib: $(UNIT_DIR)/test_lib
	./$(UNIT_DIR)/test_lib
