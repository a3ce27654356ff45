#!/bin/bash
# stage-kimpl.sh IMPL OUTDIR [HEADER] [COMPAT] [PUT] [GET]
#
# make fuzz / make repro IMPL=...: the foreign file staged for the kernel
# exactly as make check stages it (tools/check/stage-impl.sh: headers
# inlined, the COMPAT=1 shim; tools/check/find-entries.sh: the entry points,
# PUT=/GET= or guessed, aliased to sys_dm510_msgbox_put/get). Writes
# OUTDIR/dm510_msgbox.c (what build-kernel.sh installs), OUTDIR/entries
# (how they were found) and OUTDIR/syms (its functions, for MT_IMPL_SYMS:
# the leak oracle ties kmemleak's backtraces to the box by these names).
# Prints one line saying what it did. Exit 2 refused or bad input, 3 no
# entry points (the message names PUT=/GET=).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: stage-kimpl.sh IMPL OUTDIR [HEADER] [COMPAT] [PUT] [GET]" >&2; exit 2; }
impl=$1 out=$2 header=${3:-} compat=${4:-} put=${5:-} get=${6:-}
[ -f "$impl" ] || { echo "fuzz: IMPL=$impl: no such file" >&2; exit 2; }
[ -z "$header" ] || [ -f "$header" ] || { echo "fuzz: HEADER=$header: no such file" >&2; exit 2; }
mkdir -p "$out" || exit 2
"$top/tools/check/stage-impl.sh" "$impl" "$header" "$compat" >"$out/dm510_msgbox.c.tmp" 2>"$out/stage.err" ||
	{ sed 's/^/fuzz: /' "$out/stage.err" >&2; rm -f "$out/dm510_msgbox.c.tmp"; exit 2; }
"$top/tools/check/find-entries.sh" "$out/dm510_msgbox.c.tmp" "$impl" $put $get >"$out/entries" 2>"$out/entries.err"
rc=$?
[ $rc -eq 0 ] || { sed 's/^/fuzz: /' "$out/entries.err" >&2; rm -f "$out/dm510_msgbox.c.tmp"; exit $rc; }
# only a changed file is written again: the kernel build is incremental
if cmp -s "$out/dm510_msgbox.c.tmp" "$out/dm510_msgbox.c"; then rm -f "$out/dm510_msgbox.c.tmp"
else mv "$out/dm510_msgbox.c.tmp" "$out/dm510_msgbox.c"; fi
"$top/tools/check/impl-syms.sh" "$out/dm510_msgbox.c" >"$out/syms"
echo "[fuzz] $impl staged as make check stages it: entry points $(sed -n 3p "$out/entries")${compat:+ (COMPAT shim)}${header:+, HEADER=$header}"
