# make check IMPL=path/to/dm510_msgbox.c [HEADER=path] [PROFILE=strict|lenient]
#            [KERNEL=6.1|6.12] [PUT=name GET=name] [COMPAT=1] [RESULTS=dir]
#            [IMPL_AS=auto|module|built-in]
# IMPL_AS: auto (the default) builds the file as a module against one built
# kernel (no relink, kernel-patch/module/) and builds it in when it does not
# build or load as one; module refuses the fallback; built-in links the
# file into a kernel of its own; verdict.tsv's "built" row says which way.
# Judge someone else's implementation with the whole suite (tools/check/check.sh).
IMPL   ?=
HEADER ?=
COMPAT ?=
IMPL_AS ?= auto
# make has a built-in GET (= get, for SCCS): only the user's PUT/GET count.
user_var = $(if $(filter command line environment,$(origin $(1))),$($(1)))
CHECK_PUT := $(call user_var,PUT)
CHECK_GET := $(call user_var,GET)

.PHONY: check
check: deps host-tools
	@tools/check/check.sh --impl '$(IMPL)' --kernel $(KERNEL) --flavour $(FLAVOUR) --profile $(PROFILE) \
		$(if $(HEADER),--header '$(HEADER)') $(if $(CHECK_PUT),--put '$(CHECK_PUT)') $(if $(CHECK_GET),--get '$(CHECK_GET)') \
		$(if $(COMPAT),--compat) $(if $(CASES),--cases '$(CASES)') --impl-as '$(IMPL_AS)' \
		$(if $(filter command line environment,$(origin RESULTS)),--results '$(RESULTS)')
