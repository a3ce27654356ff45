# make check IMPL=path/to/dm510_msgbox.c [HEADER=path] [PROFILE=strict|lenient]
#            [KERNEL=6.1|6.12] [PUT=name GET=name] [COMPAT=1] [RESULTS=dir]
# Judge someone else's implementation with the whole suite (ci/check.sh).
IMPL   ?=
HEADER ?=
PUT    ?=
GET    ?=
COMPAT ?=

.PHONY: check
check: deps host-tools
	@ci/check.sh --impl '$(IMPL)' --kernel $(KERNEL) --flavour $(FLAVOUR) --profile $(PROFILE) \
		$(if $(HEADER),--header '$(HEADER)') $(if $(PUT),--put '$(PUT)') $(if $(GET),--get '$(GET)') \
		$(if $(COMPAT),--compat) $(if $(CASES),--cases '$(CASES)') \
		$(if $(filter command line environment,$(origin RESULTS)),--results '$(RESULTS)')
