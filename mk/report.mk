# mk/report.mk: mt-report (tools/report/: summary.json, JUnit, TAP, the
# tables of a results directory, report.html) and its unit tests. Included
# by the top-level Makefile; alone: make -f mk/report.mk unit-report [SAN=1]
include $(dir $(lastword $(MAKEFILE_LIST)))common.mk

REPORT_SRCS := tools/report/report_load.c tools/report/report_write.c tools/report/report_html.c \
	tools/report/report_svg.c $(LIB_SRCS)
REPORT_HDRS := tools/report/report.h tools/report/report_svg.h $(LIB_HDRS)

$(BIN_DIR)/mt-report: tools/report/report_main.c $(REPORT_SRCS) $(REPORT_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Itools/report,-lm)

UNIT_BINS += $(UNIT_DIR)/test_report

$(UNIT_DIR)/test_report: tests/test_report.c $(REPORT_SRCS) $(REPORT_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Itools/report,-lcmocka -lm)

UNIT_BINS += $(UNIT_DIR)/test_report_html

$(UNIT_DIR)/test_report_html: tests/test_report_html.c $(REPORT_SRCS) $(REPORT_HDRS) $(HOST_FLAGS_FILE)
	$(call host-link,-Itools/report,-lcmocka -lm)

.PHONY: unit-report
unit-report: $(UNIT_DIR)/test_report $(UNIT_DIR)/test_report_html
	./$(UNIT_DIR)/test_report && ./$(UNIT_DIR)/test_report_html
