# mk/gen.mk: the generators of lib/ that the harness, the stress and the
# in-UML fuzzer share (lib/README.md): payloads, the bad-pointer table and
# the syscall seam (the seeded stream and the draws are header-only:
# lib/mt_rng.h, lib/mt_draw.h). Included by the top-level Makefile, whose
# $(KB)/mt/lib-%.o rule builds them; the seam needs the kernel build's
# syscall numbers.
ifdef KB
ifndef MT_GEN_MK
MT_GEN_MK := 1
GEN_MODS := payload pointers ptr_vanish mt_sys
HARNESS_OBJS += $(GEN_MODS:%=$(KB)/mt/lib-%.o)
$(KB)/mt/lib-mt_sys.o: CFLAGS += -I$(KB)
$(KB)/mt/lib-mt_sys.o: $(KB)/mt_syscalls.h
endif
endif
