#!/usr/bin/env bash
# test_merge_parts.sh: the merge of a two-kernel run (boot/merge-parts.sh,
# run-suite.sh --parts 2) checked without a kernel: two parts' results
# made by hand are merged and every file compared with what one kernel
# would have written. Fails when the merge drops, reorders or counts a
# case twice, numbers the boots or their consoles wrong, or miscounts
# done. MERGE_PARTS=path tests another merge script (to see this fail).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
merge=${MERGE_PARTS:-$here/boot/merge-parts.sh}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }
same() { # same NAME FILE EXPECTED-TEXT
	if [ "$(cat "$2" 2>/dev/null)" = "$3" ]; then ok "$1"; else
		bad "$1"; echo "# expected:"; printf '%s\n' "$3" | sed 's/^/#   /'
		echo "# got:"; sed 's/^/#   /' "$2" 2>/dev/null || echo "#   (no $2)"; fi
}
T=$'\t'
row() { printf '%s\t%s\t%s\tcall\t\t\tdetail %s\t0.01\t\t\t\n' "$1" "$2" "$3" "$1"; }
H="# boot${T}start${T}end${T}killer_idx${T}killer_name${T}exit${T}console"

# A catalogue of 7 cases, split after index 3: the first part (0-3) took
# two boots (a fresh boot after case 2), the second (5, 6, 9) one; the
# second part wrote its cases out of catalogue order.
mkparts() {
	rm -rf "$t/r"; mkdir -p "$t/r/.part2"
	{ row 0 conventions pass; row 2 roundtrip.len0 pass; row 3 leaks.exhaust pass; } >"$t/r/cases.tsv"
	{ row 9 stress.many pass; row 5 stress.mixed fail; row 6 stress.faults pass; } >"$t/r/.part2/cases.tsv"
	printf '%s\n1\t0\treboot\t2\troundtrip.len0\t0\tconsole-1.log\n2\t3\tcomplete\t-1\t-\t0\tconsole-2.log\n' "$H" >"$t/r/boots.tsv"
	printf '%s\n1\t5\tcomplete\t-1\t-\t0\tconsole-1.log\n' "$H" >"$t/r/.part2/boots.tsv"
	echo part1-boot1 >"$t/r/console-1.log"; echo part1-boot2 >"$t/r/console-2.log"
	echo part2-boot1 >"$t/r/.part2/console-1.log"
	printf 'begin\t0\tconventions\nbegin\t2\troundtrip.len0\nbegin\t3\tleaks.exhaust\n' >"$t/r/progress"
	printf 'begin\t5\tstress.mixed\nbegin\t6\tstress.faults\nbegin\t9\tstress.many\n' >"$t/r/.part2/progress"
	printf 'exit\t0\npassed\t3\nfailed\t0\nskipped\t0\nnot_applicable\t0\nrelease\t6.1.192\n' >"$t/r/done"
	printf 'exit\t0\npassed\t2\nfailed\t1\nskipped\t0\nnot_applicable\t0\nrelease\t6.1.192\n' >"$t/r/.part2/done"
	echo conv >"$t/r/conventions.tsv"; echo conv-copy >"$t/r/.part2/conventions.tsv"
	echo stress-figures >"$t/r/.part2/stress.tsv"
}

mkparts
if "$merge" "$t/r" "$t/r/.part2"; then ok "merge succeeds"; else bad "merge succeeds"; fi
same "cases.tsv: every case once, in catalogue order" "$t/r/cases.tsv" "$(row 0 conventions pass; row 2 roundtrip.len0 pass
	row 3 leaks.exhaust pass; row 5 stress.mixed fail; row 6 stress.faults pass; row 9 stress.many pass)"
same "boots.tsv: the second part's boot numbered after the first's two" "$t/r/boots.tsv" \
	"$H
1${T}0${T}reboot${T}2${T}roundtrip.len0${T}0${T}console-1.log
2${T}3${T}complete${T}-1${T}-${T}0${T}console-2.log
3${T}5${T}complete${T}-1${T}-${T}0${T}console-3.log"
same "console-1.log stays the first part's" "$t/r/console-1.log" part1-boot1
same "console-2.log stays the first part's" "$t/r/console-2.log" part1-boot2
same "console-3.log is the second part's boot" "$t/r/console-3.log" part2-boot1
same "done: the counts summed, exit and release kept" "$t/r/done" \
	"exit${T}0
passed${T}5
failed${T}1
skipped${T}0
not_applicable${T}0
release${T}6.1.192"
same "progress: the second part's after the first's" "$t/r/progress" \
	"begin${T}0${T}conventions
begin${T}2${T}roundtrip.len0
begin${T}3${T}leaks.exhaust
begin${T}5${T}stress.mixed
begin${T}6${T}stress.faults
begin${T}9${T}stress.many"
same "conventions.tsv stays the first part's" "$t/r/conventions.tsv" conv
same "the second part's other files moved up" "$t/r/stress.tsv" stress-figures
if [ ! -e "$t/r/.part2" ]; then ok "the second part's directory is gone"; else bad "the second part's directory is gone"; fi

# exit: a part that ended non-zero makes the run's exit non-zero
mkparts
sed -i 's/^exit\t0/exit\t3/' "$t/r/.part2/done"
"$merge" "$t/r" "$t/r/.part2" >/dev/null 2>&1
same "done: the second part's non-zero exit kept" <(grep '^exit' "$t/r/done") "exit${T}3"
mkparts
sed -i 's/^exit\t0/exit\t2/' "$t/r/done"
"$merge" "$t/r" "$t/r/.part2" >/dev/null 2>&1
same "done: the first part's non-zero exit kept" <(grep '^exit' "$t/r/done") "exit${T}2"

# a part that did not finish: no done (the run is not complete)
mkparts
rm "$t/r/.part2/done"
"$merge" "$t/r" "$t/r/.part2" >/dev/null 2>&1
if [ ! -e "$t/r/done" ]; then ok "no done when the second part did not finish"; else bad "no done when the second part did not finish"; fi

# a case in both parts would be counted twice: refused, nothing merged
mkparts
row 3 leaks.exhaust pass >>"$t/r/.part2/cases.tsv"
cp "$t/r/cases.tsv" "$t/cases.before"
if "$merge" "$t/r" "$t/r/.part2" 2>"$t/err"; then bad "a case in both parts is refused"; else
	if grep -q 'case index 3 in both parts' "$t/err"; then ok "a case in both parts is refused, naming it"
	else bad "a case in both parts is refused, naming it"; sed 's/^/#   /' "$t/err"; fi
fi
same "refused: cases.tsv untouched" "$t/r/cases.tsv" "$(cat "$t/cases.before")"
if [ -d "$t/r/.part2" ]; then ok "refused: the second part kept"; else bad "refused: the second part kept"; fi

echo "# test_merge_parts: $pass passed, $fail failed"
[ "$fail" = 0 ]
