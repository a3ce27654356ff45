#!/bin/bash
# test_grade_shards.sh: grade mutants once whole and once as two shards,
# merge, and compare the matrices (they must agree but for the title/note).
#
#   tests/test_grade_shards.sh B MUTANT... (e.g. build/h4 put-positive-errno ...)
#
# Each mutant is judged by make check (make grade's own command) in build
# world B; GRADE_CASES narrows the cases (make check's CASES=). Work in
# $B/grade-shards-test.
#
# Then the same once more as `make grade JOBS=2` (two workers on one queue
# in the same build world, sharing its kernel tree: make check builds one
# at a time and the two run UML at once), whose matrix must be the
# sequential one too (tests/test_grade_queue.sh tests the queue itself
# without a kernel). GRADE_SHARDS_JOBS=0 leaves that part out.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
b=$1; shift
work=$b/grade-shards-test
rm -rf "$work"
mkdir -p "$work/impls"
for m in "$@"; do
	make --no-print-directory B="$b" "$b/mutants/$m/dm510_msgbox.c" >/dev/null || exit 2
	mkdir -p "$work/impls/$m"
	cp "$b/mutants/$m/dm510_msgbox.c" "$work/impls/$m/"
done
unset GRADE_CHECK
cases=()
[ -z "${GRADE_CASES:-}" ] || cases=(CASES="$GRADE_CASES")
st=0
t0=$(date +%s)
make --no-print-directory grade B="$b" IMPLS="$work/impls" GRADE_DIR="$work/whole" "${cases[@]}" || st=1
echo "grade shards: sequential took $(($(date +%s) - t0)) s"
make --no-print-directory grade B="$b" IMPLS="$work/impls" GRADE_DIR="$work/sharded" SHARD=1/2 "${cases[@]}" || st=1
make --no-print-directory grade B="$b" IMPLS="$work/impls" GRADE_DIR="$work/sharded" SHARD=2/2 "${cases[@]}" || st=1
make --no-print-directory grade-merge B="$b" GRADE_DIR="$work/sharded" || st=1
# (a shard's implementations' own report.html lie one directory deeper)
body() { grep -v '^# \|^Merged from\|^$' "$1" | sed 's#href="shard-[0-9]*-of-[0-9]*/#href="#g; s#](shard-[0-9]*-of-[0-9]*/#](#g' |
	grep -v '<title>\|<h1>\|class=note>'; }
# same_matrices DIR WHAT: DIR's matrix.md and .html are whole's but for the title
same_matrices() {
	local f
	for f in md html; do
		if diff <(body "$work/whole/matrix.$f") <(body "$1/matrix.$f") >"$1.diff.$f"; then
			echo "grade shards: matrix.$f $2 = sequential"
		else
			echo "grade shards: matrix.$f $2 differs (see $1.diff.$f)"; st=1
		fi
	done
}
same_matrices "$work/sharded" "merged from 2 shards"
if [ "${GRADE_SHARDS_JOBS:-1}" != 0 ]; then
	t0=$(date +%s)
	make --no-print-directory grade B="$b" IMPLS="$work/impls" GRADE_DIR="$work/jobs" JOBS=2 "${cases[@]}" || st=1
	echo "grade shards: JOBS=2 took $(($(date +%s) - t0)) s"
	same_matrices "$work/jobs" "of JOBS=2 (two checks at once in one world)"
	# both workers judged, in the one world given
	world=$(cd "$b" && pwd)
	workers=$(sed -n 's/^worker\t//p' "$work"/jobs/*/grade.tsv | sort -u | paste -sd, -)
	[ "$workers" = 1,2 ] || { echo "grade shards: JOBS=2: workers that judged: ${workers:-none} (1,2 expected)"; st=1; }
	if grep -L "^world	$world\$" "$work"/jobs/*/grade.tsv | grep -q .; then
		echo "grade shards: JOBS=2: a check ran outside the world $world: $(grep -L "^world	$world\$" "$work"/jobs/*/grade.tsv)"
		st=1
	fi
fi
# the slices: disjoint, in name order, together all of them
ls "$work/sharded/shard-1-of-2" "$work/sharded/shard-2-of-2" | grep -v ':\|^$\|matrix\|shard.tsv'
# a missing shard must fail the merge
mv "$work/sharded/shard-2-of-2" "$work/shard-2-aside"
if make --no-print-directory grade-merge B="$b" GRADE_DIR="$work/sharded" >/dev/null 2>&1; then
	echo "grade shards: merge with a missing shard did not fail"; st=1
else
	echo "grade shards: merge with shard 2 of 2 missing fails, as it should"
fi
mv "$work/shard-2-aside" "$work/sharded/shard-2-of-2"
make --no-print-directory grade-merge B="$b" GRADE_DIR="$work/sharded" >/dev/null
exit $st
