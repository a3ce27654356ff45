#!/bin/bash
# test_grade_queue.sh: make grade JOBS=2's shared queue, without a kernel.
#
#   tests/test_grade_queue.sh [WORK]   (default build/grade-queue-test)
#
# Seven implementations, judged by tests/grade-check-fake.sh: the first
# takes 6 s, the others 0.2 s. With JOBS=2 every one must be judged exactly
# once, by both workers between them, in the one build world given (both
# workers share its kernel tree; grade.tsv names the world and the worker
# that judged it); the worker that took the slow one must not also
# get a fixed half of the list (a queue: at most 2 of the 7); the matrix
# must be the sequential run's; a result left from an implementation no
# longer in the list must not be rendered.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$top/build/grade-queue-test}
grade=$top/tools/grade/grade.sh
rm -rf "$work"
mkdir -p "$work/impls" "$work/world"
fixtures=(alpha beta gamma)
for i in 1 2 3 4 5 6 7; do
	secs=0.2
	[ $i = 1 ] && secs=6
	echo "// fixture ${fixtures[$((i % 3))]} secs $secs" >"$work/impls/impl$i.c"
done
export GRADE_CHECK=$top/tests/grade-check-fake.sh MT_BIN=${MT_BIN:-$top/build/bin}
st=0
fail() { echo "grade queue: $*"; st=1; }

FAKE_LOG=$work/seq.log BUILD=$work/world "$grade" --impls "$work/impls" --out "$work/seq" >"$work/seq.out" 2>&1 ||
	fail "the sequential run failed: $(tail -n 2 "$work/seq.out")"
# a stale result from an earlier grading of another course
mkdir -p "$work/jobs/gone" && cp "$top"/tests/grade-fixture/results/alpha/* "$work/jobs/gone/"
t0=$(date +%s.%N)
FAKE_LOG=$work/jobs.log BUILD=$work/world "$grade" --impls "$work/impls" --out "$work/jobs" --jobs 2 \
	>"$work/jobs.out" 2>&1 || fail "the JOBS=2 run failed: $(tail -n 2 "$work/jobs.out")"
echo "grade queue: JOBS=2 of 7 (one 6 s, six 0.2 s) took $(echo "$(date +%s.%N) - $t0" | bc) s"

world=$(cd "$work/world" && pwd)
for i in 1 2 3 4 5 6 7; do
	n=$(grep -c "^impl$i " "$work/jobs.log")
	[ "$n" = 1 ] || fail "impl$i judged $n times (once expected)"
	w=$(sed -n 's/^world\t//p' "$work/jobs/impl$i/grade.tsv")
	k=$(sed -n 's/^worker\t//p' "$work/jobs/impl$i/grade.tsv")
	[ "$w" = "$world" ] || fail "impl$i: grade.tsv names world $w, not the one given ($world)"
	grep -qx "impl$i $w $k" "$work/jobs.log" ||
		fail "impl$i: grade.tsv names world $w worker $k, the check ran as $(grep "^impl$i " "$work/jobs.log")"
done
n1=$(grep -c " 1\$" "$work/jobs.log") n2=$(grep -c " 2\$" "$work/jobs.log")
[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] || fail "both workers should judge: worker 1 $n1, worker 2 $n2"
slow=$(sed -n 's/^impl1 .* //p' "$work/jobs.log")
ns=$(grep -c " $slow\$" "$work/jobs.log")
[ "$ns" -le 2 ] || fail "the worker that took the 6 s implementation judged $ns of 7 (a queue gives it at most 2)"
echo "grade queue: worker 1 judged $n1, worker 2 judged $n2, in one build world; the one with the slow file $ns"
[ ! -e "$work/jobs/gone" ] || fail "a result of an implementation not in the list (gone/) was kept"
grep -q "gone" "$work/jobs/matrix.md" && fail "matrix.md shows gone, not in the list"
body() { grep -v '^# \|^$' "$1" | grep -v '<title>\|<h1>\|class=note>'; }
for f in md html; do
	diff <(body "$work/seq/matrix.$f") <(body "$work/jobs/matrix.$f") >"$work/diff.$f" ||
		fail "matrix.$f of JOBS=2 differs from the sequential one (see $work/diff.$f)"
done
[ "$(grep -c '^| \[impl' "$work/jobs/matrix.md")" = 7 ] || fail "matrix.md should have 7 rows: $(grep -c '^| \[impl' "$work/jobs/matrix.md")"
[ $st = 0 ] && echo "grade queue: ok"
exit $st
