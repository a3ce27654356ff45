# make check IMPL=path/to/dm510_msgbox.c [HEADER=path] [PROFILE=strict|lenient]
#            [KERNEL=6.1|6.12] [PUT=name GET=name] [COMPAT=1] [RESULTS=dir]
# Judge someone else's implementation with the whole suite (tools/check/check.sh).
IMPL   ?=
HEADER ?=
COMPAT ?=
# make has a built-in GET (= get, for SCCS): only the user's PUT/GET count.
user_var = $(if $(filter command line environment,$(origin $(1))),$($(1)))
CHECK_PUT := $(call user_var,PUT)
CHECK_GET := $(call user_var,GET)

.PHONY: check
check: deps host-tools
	@tools/check/check.sh --impl '$(IMPL)' --kernel $(KERNEL) --flavour $(FLAVOUR) --profile $(PROFILE) \
		$(if $(HEADER),--header '$(HEADER)') $(if $(CHECK_PUT),--put '$(CHECK_PUT)') $(if $(CHECK_GET),--get '$(CHECK_GET)') \
		$(if $(COMPAT),--compat) $(if $(CASES),--cases '$(CASES)') \
		$(if $(filter command line environment,$(origin RESULTS)),--results '$(RESULTS)')
