#!/bin/bash
# impl-syms.sh STAGED.c: the functions a staged dm510_msgbox.c defines, at
# most 40, comma-separated, for MT_IMPL_SYMS on the kernel command line:
# the leak oracles (harness/case_leaks.c, fuzz/uml/kreport.c) tie a
# kmemleak backtrace to the box by these names (course code names its
# functions as it likes). Prints nothing when there are none.
set -u
grep -oE '^[A-Za-z_][A-Za-z0-9_ *]*[ *]([A-Za-z_][A-Za-z0-9_]*)[ \t]*\([^;]*$' "$1" |
	sed -E 's/^.*[ *]([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(.*$/\1/' | grep -v '^SYSCALL_DEFINE' | sort -u | head -n 40 | paste -sd, -
