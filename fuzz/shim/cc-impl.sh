#!/bin/bash
# cc-impl.sh IMPL STAGED OUT.o CC FLAGS...
#
# Compiles the staged implementation STAGED (ci/stage-impl.sh's output for
# IMPL) against the user-space shim. On failure prints one line naming what
# the shim lacks (a header, a function, an identifier), or the compiler's
# first error; the whole log stays in OUT.o.log. Exit 1 then.
set -u
impl=$1 staged=$2 out=$3
shift 3
log=$out.log
if "$@" -c "$staged" -o "$out" >"$log" 2>&1; then
	exit 0
fi
first=$(grep -m1 -E 'error:' "$log")
where=$(sed -E 's/^[^:]*:([0-9]+):.*/\1/' <<<"$first")
case $first in
*"file not found"* | *"No such file"*)
	h=$(sed -E "s/.*['\"<]([^'\">]+)['\">] file not found.*/\1/; s/.*fatal error: ([^:]+): No such file.*/\1/" <<<"$first")
	echo "$impl: includes <$h>, which the user-space shim (fuzz/shim/include) does not provide" ;;
*"implicit declaration of function"*)
	f=$(sed -E "s/.*function '([^']+)'.*/\1/" <<<"$first")
	echo "$impl: calls $f() (staged line $where), which the user-space shim does not provide" ;;
*"undeclared identifier"* | *"undeclared (first use"*)
	f=$(sed -E "s/.*identifier '([^']+)'.*/\1/; s/.*error: '([^']+)' undeclared.*/\1/" <<<"$first")
	echo "$impl: uses $f (staged line $where), which the user-space shim does not provide" ;;
*"unknown type name"*)
	f=$(sed -E "s/.*unknown type name '([^']+)'.*/\1/" <<<"$first")
	echo "$impl: uses the type $f (staged line $where), which the user-space shim does not provide" ;;
*)
	echo "$impl: does not compile against the user-space shim: ${first#*error: } (staged line $where; log $log)" ;;
esac
exit 1
