#!/bin/bash
# smoke.sh "MAKE" "MUTANTS" "THREAD-MUTANTS" "FIXTURES"
#
# make test's share of the user-space fuzzers: the reference runs clean for
# 20 s, each seeded bug (kernel-patch/mutants/, built under
# build/fuzz/mutants/) is found within 60 s, and so is the lost message of
# tests/impls/course-int (lenient profile), and each of the fuzzer's own
# (fuzz/fixtures/NAME.patch, built under build/fuzz/fixtures/) with the
# finding it must give: a wrong /proc count, as a /proc finding. Says for each how long it took
# and how many inputs; ends with "N passed, N failed".
set -u
mk=$1 mutants=$2 thread_mutants=$3 fixtures=${4:-}
pass=0 failn=0

stat() { grep -m1 "^stat::$1" "$2" 2>/dev/null | awk '{print $2}'; }

# expect WANT NAME ARGS...: WANT is clean, finding, or finding:TEXT (the
# finding line must contain TEXT)
expect() {
	local want=$1 name=$2 start rc log dir secs text=
	shift 2
	case $want in finding:*) text=${want#finding:} want=finding ;; esac
	start=$(date +%s.%N)
	out=$($mk "$@" 2>&1)
	rc=$?
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
	log=$(grep -o 'log build/fuzz/[^ )]*' <<<"$out" | tail -n 1 | cut -d' ' -f2)
	execs=$(stat number_of_executed_units "$log")
	rate=$(stat average_exec_per_sec "$log")
	what=$(grep -m1 -E '^FINDING|^==[0-9]+==ERROR|^WARNING: ThreadSanitizer|threads: FINDING' <<<"$out")
	if { [ "$want" = clean ] && [ $rc -eq 0 ]; } ||
	   { [ "$want" = finding ] && [ $rc -ne 0 ] && [ -n "$what" ] &&
	     { [ -z "$text" ] || [[ $what == *"$text"* ]]; }; }; then
		pass=$((pass + 1))
		printf 'ok - %s: %s after %.1f s%s%s\n' "$name" "$want" "$secs" \
			"${execs:+, $execs inputs}" "${rate:+ ($rate exec/s)}"
	else
		failn=$((failn + 1))
		printf 'not ok - %s: wanted %s%s, make exit %d\n' "$name" "$want" \
			"${text:+ saying '$text'}" $rc
		sed 's/^/#   /' <<<"$out" | tail -n 8
	fi
	[ -n "$what" ] && printf '#   %s\n' "${what:0:300}"
}

expect clean reference fuzz-user IMPL=kernel-patch/dm510_msgbox.c FUZZ_SECS=20 PROFILE=strict
for m in $mutants; do
	expect finding "$m" fuzz-user IMPL=build/fuzz/mutants/$m/dm510_msgbox.c FUZZ_SECS=60 PROFILE=strict
done
expect clean "reference threads" fuzz-threads IMPL=kernel-patch/dm510_msgbox.c
for m in $thread_mutants; do
	expect finding "$m (threads)" fuzz-threads IMPL=build/fuzz/mutants/$m/dm510_msgbox.c
done
for f in $fixtures; do
	want=finding
	case $f in proc-*) want="finding:/proc/dm510_msgbox says" ;; esac
	expect "$want" "$f" fuzz-user IMPL=build/fuzz/fixtures/$f/dm510_msgbox.c FUZZ_SECS=60 PROFILE=strict
done
expect finding course-int fuzz-user IMPL=tests/impls/course-int/dm510_msgbox.c FUZZ_SECS=60 PROFILE=lenient
echo "fuzz-user-smoke: $pass passed, $failn failed"
[ $failn -eq 0 ]
