#!/bin/bash
# test_corpus.sh: judge every course-style implementation of tests/impls/
# with make check and compare the bug classes found with the ones its
# expect.tsv names, per profile and kernel: a class missing is a miss, a
# class more is a false positive; both fail. A class written "name?" may be
# found or not: a true class that only some runs show (timing), which its
# expect.tsv must explain. Prints one row per run: name,
# kernel, profile, expected, found, time, boots.
#
#   tests/test_corpus.sh [NAME...]      (default: every tests/impls/*/expect.tsv)
#   CORPUS_PROFILES="lenient strict"    profiles to judge in
#   CORPUS_KERNELS="6.1"                only these kernels of each expect.tsv
#   B=dir                               a separate build world (make's B)
#   CORPUS_JOBS=N                       N runs at once (one build world: make
#                                       check builds one at a time)
#   CORPUS_RECHECK=1                    no new run: re-report the saved results
#                                       (make recheck) and compare again
#   CORPUS_RETRY=1                      a run whose classes differ runs once more
#                                       (its first results kept as RES.first); it
#                                       passes if the second is exact, and the last
#                                       lines name it (make test: a timing class
#                                       missed once must not fail CI; make corpus:
#                                       no retry)
{ # read whole before running: editing it mid-run is safe
cd "$(dirname "$0")/.." || exit 2
profiles=${CORPUS_PROFILES:-lenient strict}
only_k=${CORPUS_KERNELS:-}
build=${B:-build}
jobs=${CORPUS_JOBS:-1}
case $jobs in [1-8]) ;; *) echo "test_corpus: CORPUS_JOBS=$jobs: give 1..8" >&2; exit 2 ;; esac
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(for e in tests/impls/*/expect.tsv; do basename "$(dirname "$e")"; done))
mkdir -p "$build/results/corpus" || exit 2
row() { printf '%-18s %-5s %-8s %-7s %4ss %2s boot(s)  %s\n' "$@"; }
field() { awk -F'\t' -v k="$1" '$1 == k {print $2}' "$2"; }
sorted() { tr ',' '\n' | grep -v '^-\?$' | sort -u | paste -sd, -; }
# judge NAME KERNEL PROFILE IMPL OPTS...: one run (and its retry); prints
# its row, and its outcome as the last line: "=pass", "=flaky TEXT" or
# "=fail TEXT"
judge() {
	local name=$1 kver=$2 prof=$3 impl=$4 exp=tests/impls/$1/expect.tsv
	shift 4
	local want may res first= try start secs status got boots miss extra seen outcome
	want=$(field "$prof" "$exp" | tr ',' '\n' | grep -v '?$' | paste -sd, - | sorted)
	may=$(field "$prof" "$exp" | tr ',' '\n' | sed -n 's/?$//p' | paste -sd, - | sorted)
	res=$build/results/corpus/$name-$kver-$prof
	rm -rf "$res.first"
	for try in 1 2; do
		start=$(date +%s)
		if [ -n "${CORPUS_RECHECK:-}" ]; then # judge the saved run again (after a change to mt-report)
			[ -f "$res/boots.tsv" ] || { echo "not ok - $name $kver $prof: no saved run in $res"; echo "=fail $name $kver $prof (no saved run)"; return; }
			make --no-print-directory recheck RESULTS="$res" >"$build/results/corpus-$name-$kver-$prof.recheck.log" 2>&1
		else
			make --no-print-directory check IMPL="$impl" "$@" KERNEL="$kver" PROFILE="$prof" \
				B="$build" RESULTS="$res" >"$build/results/corpus-$name-$kver-$prof.log" 2>&1
		fi
		secs=$(($(date +%s) - start))
		status=$(field status "$res/verdict.tsv")
		case $status in
		no-compile | no-entry) got=$status ;;
		*) got=$(cut -f1 "$res/bugs.tsv" 2>/dev/null | sorted) ;;
		esac
		boots=$(grep -vc '^#' "$res/boots.tsv" 2>/dev/null)
		# a class marked "?" may be found or not (timing: said in its expect.tsv)
		miss=$(comm -23 <(tr ',' '\n' <<<"$want" | grep .) <(tr ',' '\n' <<<"$got" | grep .) | paste -sd, -)
		extra=$(comm -13 <(tr ',' '\n' <<<"$want,$may" | grep . | sort -u) <(tr ',' '\n' <<<"$got" | grep .) |
			paste -sd, -)
		if [ -z "$miss" ] && [ -z "$extra" ]; then
			seen=$(comm -12 <(tr ',' '\n' <<<"$may" | grep .) <(tr ',' '\n' <<<"$got" | grep .) | paste -sd, -)
			row "$name" "$kver" "$prof" ok "$secs" "${boots:-0}" \
				"classes ${want:--}${may:+ (may: $may; seen: ${seen:-none})}${first:+ (the second run; the first: $first)}"
			outcome="=pass"
			[ -z "$first" ] || outcome="=flaky $name $kver $prof (first run: $first)"
		elif [ "$try" = 1 ] && [ -n "${CORPUS_RETRY:-}" ] && [ -z "${CORPUS_RECHECK:-}" ]; then
			first="missing ${miss:--}, extra ${extra:--}"
			cp -r "$res" "$res.first" 2>/dev/null
			echo "    $name $kver $prof: $first; once more ($res.first kept)"
			continue
		else
			row "$name" "$kver" "$prof" FAIL "$secs" "${boots:-0}" \
				"expected ${want:--}${may:+ (may: $may)}; missing ${miss:--}; extra ${extra:--} (status ${status:-none}; results $res)"
			outcome="=fail $name $kver $prof (missing ${miss:--}, extra ${extra:--})"
		fi
		[ "$secs" -le 180 ] || echo "    $name took $secs s (more than 3 minutes)"
		echo "$outcome"
		return
	done
}
# every run to make, in order: NAME KERNEL PROFILE IMPL OPTS...
runs=()
for name in "${names[@]}"; do
	dir=tests/impls/$name exp=tests/impls/$name/expect.tsv
	[ -f "$exp" ] || { runs+=("$name - - -"); continue; }
	impl=$dir/dm510_msgbox.c
	[ -f "$impl" ] || impl=$(ls "$dir"/*.c | head -n 1)
	opts=
	if [ -f "$dir/check.conf" ]; then
		while IFS= read -r kv; do
			case $kv in PUT=* | GET=* | COMPAT=*) opts="$opts $kv" ;; HEADER=*) opts="$opts HEADER=$dir/${kv#HEADER=}" ;; esac
		done <"$dir/check.conf"
	fi
	for kver in $(field kernels "$exp" | tr ',' ' '); do
		[ -z "$only_k" ] || grep -qw -- "$kver" <<<"$only_k" || continue
		for prof in $profiles; do runs+=("$name $kver $prof $impl$opts"); done
	done
done
# CORPUS_JOBS=N: N runs at once, in one build world (make check builds one
# at a time and runs its own copy); each run's lines come out whole when
# it ends
# (N checks at once use the cores already: each suite in one kernel,
# as make grade -jN does)
[ "$jobs" = 1 ] || export MT_PARTS=${MT_PARTS:-1}
work=$(mktemp -d /tmp/mt-corpus.XXXXXX) || exit 2
trap 'rm -rf "$work"' EXIT
one() { # K: the K-th run, its output into $work/K
	local r
	read -r -a r <<<"${runs[$1]}"
	if [ "${r[1]}" = - ]; then
		{ echo "not ok - ${r[0]}: no tests/impls/${r[0]}/expect.tsv"; echo "=fail ${r[0]} (no expect.tsv)"; } >"$work/$1"
	else
		judge "${r[@]}" >"$work/$1.tmp" 2>&1; mv "$work/$1.tmp" "$work/$1"
	fi
	grep -v '^=' "$work/$1"
}
echo "corpus: ${#runs[@]} run(s), $jobs at once"
running=0
for k in "${!runs[@]}"; do
	if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
	one "$k" &
	running=$((running + 1))
done
wait
pass=0 fail=0 failed= flaky=
for k in "${!runs[@]}"; do
	last=$(grep '^=' "$work/$k" 2>/dev/null | tail -n 1)
	case $last in
	=pass) pass=$((pass + 1)) ;;
	"=flaky "*) pass=$((pass + 1)); flaky="$flaky; ${last#=flaky }" ;;
	"=fail "*) fail=$((fail + 1)); failed="$failed; ${last#=fail }" ;;
	*) fail=$((fail + 1)); failed="$failed; ${runs[$k]%% tests/*}(the run left no outcome)" ;;
	esac
done
echo "corpus: $pass as expected, $fail not${failed:+: ${failed#; }}"
[ -z "$flaky" ] || echo "corpus: as expected only on the second run (timing; CORPUS_RETRY): ${flaky#; }"
[ $fail = 0 ]
exit
}
