#!/bin/bash
# uml-smoke.sh MAKE B: make test's share of the in-UML fuzzer: the reference
# fuzzed with no finding, two seeded bugs found with a reproducer that
# fails every time, that reproducer passing on the reference, and a course
# file (tests/impls/irqs-off-error, staged as make check does) whose bug is
# found with a kept reproducer and only classes its expect.tsv names. Each
# check prints its time; the end says how many passed. Exit 1 on any failure.
{ # read whole before running: editing it mid-run is safe
set -u
mk=${1:?usage: uml-smoke.sh MAKE B} b=${2:?usage: uml-smoke.sh MAKE B}
pass=0 fail=0
check() { # check NAME WANT_EXIT make-args...
	local name=$1 want=$2 s=$(date +%s) rc
	shift 2
	$mk "$@" B="$b" >"$b/fuzz-smoke-$name.log" 2>&1
	rc=$?
	local ok=
	case $name in
	reference) [ "$rc" = 0 ] && ok=1 ;;
	repro-on-reference) [ "$rc" = 0 ] && grep -q 'failed 0/' "$b/fuzz-smoke-$name.log" && ok=1 ;;
	# a course file: its bug found with a kept reproducer, and every class
	# found is one its expect.tsv names (lenient), the one wanted among them
	course-*) local classes want_class=${name#course-} exp
		classes=$(sed -n 's/^\[fuzz\] bug classes: //p' "$b/fuzz-smoke-$name.log")
		exp=$(awk -F'\t' '$1 == "lenient" { print $2 }' "$course_dir/expect.tsv")
		[ "$rc" != 0 ] && grep -q 'kept$' "$b/fuzz-smoke-$name.log" &&
			[ -n "$classes" ] && grep -qx "$want_class" <<<"${classes//,/$'\n'}" &&
			! grep -vxF -f <(tr , '\n' <<<"$exp") <<<"${classes//,/$'\n'}" >/dev/null && ok=1 ;;
	# make says 2 for any recipe that failed: a finding is "not 0" and a kept reproducer
	*) [ "$rc" != 0 ] && grep -q 'kept$' "$b/fuzz-smoke-$name.log" && ok=1 ;;
	esac
	if [ -n "$ok" ]; then
		pass=$((pass + 1))
		echo "fuzz-uml-smoke: $name: ok ($(( $(date +%s) - s )) s)"
	else
		fail=$((fail + 1))
		echo "fuzz-uml-smoke: $name: FAILED (exit $rc, wanted $want; log $b/fuzz-smoke-$name.log)"
		grep -E '^FINDING|^\[fuzz\] reproducer|error' "$b/fuzz-smoke-$name.log" | head -5
	fi
}
check reference 0 fuzz DURATION=15 SEED=1
check irqs-off 1 fuzz MUTANT=get-irqs-off-on-enodata DURATION=30 SEED=1
check race 1 fuzz MUTANT=get-peek-copy-pop DURATION=30 SEED=1
repro=$(ls "$b"/results/fuzz-6.1-debug-strict-get-peek-copy-pop/repro-*.c 2>/dev/null | grep -v flaky | head -n 1)
if [ -n "$repro" ]; then
	check repro-on-reference 0 repro FILE="$repro"
else
	fail=$((fail + 1))
	echo "fuzz-uml-smoke: repro-on-reference: FAILED (no kept reproducer of get-peek-copy-pop)"
fi
# last: it builds the course file into the kernel (the next build puts the
# reference back)
course_dir=tests/impls/irqs-off-error
check course-irqs-disabled 1 fuzz IMPL=$course_dir/dm510_msgbox.c PROFILE=lenient DURATION=20 SEED=1
echo "fuzz-uml-smoke: $pass passed, $fail failed"
[ $fail = 0 ]
exit
}
