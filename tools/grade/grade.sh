#!/bin/bash
# grade.sh: judge every implementation of a directory (make grade).
#
#   tools/grade/grade.sh --impls DIR [--shard i/N] [--out GRADE_DIR]
#                        [--jobs N] [--world B]
#
# Each *.c file of DIR, and each subdirectory holding a .c (its
# dm510_msgbox.c, or its only .c, plus its header), is one implementation,
# named after the file (without .c) or the subdirectory. In stable order by
# name, --shard i/N takes the i-th of N contiguous slices (build/bin/mt-grade
# list). Each is judged by `make check` into OUT/NAME/, where OUT is
# GRADE_DIR, or GRADE_DIR/shard-i-of-N with --shard; then OUT/matrix.md and
# OUT/matrix.html are rendered from what is there. `make grade-merge` joins
# the shard directories into GRADE_DIR/matrix.*.
#
# --jobs N (make grade JOBS=N, or make grade -jN): N workers share one
# queue (a counter under flock in OUT/.queue.next): each takes the next
# implementation nobody has taken, judges it and takes the next, so a slow
# file holds up one worker, not a fixed half of the list. Every worker
# works in BUILD, one kernel tree: make check builds in it one check at a
# time (a lock on the tree, held from the build to the harness; a module
# build takes seconds, a relink 10-15 s) and runs what it built from a
# copy of its own, so the workers overlap where the time is, in UML. Every
# result lands in GRADE_DIR/NAME/ as in a sequential run, and one matrix
# is rendered. --world B: the build world of this run (B= for make check,
# BUILD and GRADE_B for GRADE_CHECK). Results of implementations no longer
# in the list are removed before the run, never rendered as fresh.
#
# Environment:
#   GRADE_CHECK  the command that judges one implementation, run with
#                IMPL, HEADER (may be empty), RESULTS and NAME exported,
#                GRADE_B, the build world to use (with --world or
#                --jobs), and GRADE_WORKER, which of the --jobs workers
#                runs it (1..N; grade.tsv's worker row);
#                default: make check IMPL=... [HEADER=...] RESULTS=...
#                (PROFILE, KERNEL, B, ... pass through make's environment)
#   MAKE         make (as make passes it)
#
# Options of one submission (entry points under other names, the 4.x/5.x
# shim, its header) come from a file beside it: check.conf in its
# subdirectory, or NAME.conf beside NAME.c; one KEY=VALUE a line, KEY one of
# PUT, GET, COMPAT, HEADER (a file name in the submission's directory).
#
# A check that fails in any way is a result, not a failure of the grading:
# the row says no-compile, no-entry or error. Exit: 0 graded, 2 usage error,
# 130 interrupted (what was done so far is rendered).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
die() { echo "grade: $*" >&2; exit 2; }

impls= shard= out= jobs=1 world=
while [ $# -gt 0 ]; do
	case $1 in
	--impls) impls=$2 ;; --shard) shard=$2 ;; --out) out=$2 ;; --jobs) jobs=$2 ;; --world) world=$2 ;;
	*) die "unknown option $1" ;;
	esac
	shift 2 || die "option $1 needs a value"
done
[ -n "$impls" ] || die "IMPLS=dir/ is required: one implementation per file or subdirectory"
[ -d "$impls" ] || die "IMPLS=$impls is not a directory"
out=${out:-${BUILD:-$top/build}/results/grade}
grader=${MT_BIN:-$top/build/bin}/mt-grade
[ -x "$grader" ] || die "$grader is missing; run 'make host-tools'"
make=${MAKE:-make}
case $jobs in '' | *[!0-9]* | 0) die "JOBS=$jobs: give a number of implementations to judge at once (1..8)" ;; esac
[ "$jobs" -le 8 ] || die "JOBS=$jobs: at most 8 (make check as root has eight grader users)"
if [ -n "$world" ]; then
	mkdir -p "$world" && world=$(cd "$world" && pwd) || die "cannot create the build world $world"
	export BUILD=$world GRADE_B=$world
fi

list=$("$grader" list ${shard:+--shard "$shard"} "$impls") || exit 2
title="msgbox-torture: grading $(basename "$impls")"
if [ -n "$shard" ]; then
	i=${shard%/*} n=${shard#*/}
	out=$out/shard-$i-of-$n
	title="$title, shard $i of $n"
fi
mkdir -p "$out" && out=$(cd "$out" && pwd) || die "cannot create $out"
total=$(printf '%s' "$list" | grep -c . || true)
[ "$total" -gt 0 ] || [ -n "$shard" ] || die "IMPLS=$impls holds no implementation (a .c file, or a subdirectory with one)"
{
	printf 'shard\t%s\n' "${shard:-1/1}"
	printf 'impls\t%s\n' "$(cd "$impls" && pwd)"
	printf 'count\t%s\n' "$total"
} >"$out/shard.tsv"
# an implementation judged before but no longer in the list would be
# rendered as if judged now: its results go
for d in "$out"/*/; do
	[ -f "$d/grade.tsv" ] || continue
	cut -f1 <<<"$list" | grep -qxF "$(basename "$d")" || rm -rf "$d"
done

# judge K NAME IMPL HEADER WORLD: one `make check` into $out/NAME, in the
# build world WORLD (empty: make's own B)
judge() {
	local k=$1 name=$2 impl=$3 header=$4 w=$5
	local res=$out/$name log=$out/.$name.check.log start rc conf bad= kv why
	local opts=()
	[ "$header" = - ] && header=
	rm -rf "$res"
	start=$(date +%s)
	conf=$(dirname "$impl")/check.conf
	[ "$(basename "$(dirname "$impl")")" = "$name" ] || conf=${impl%.c}.conf
	if [ -f "$conf" ]; then
		while IFS= read -r kv || [ -n "$kv" ]; do
			case $kv in
			"" | "#"*) ;;
			PUT=?* | GET=?* | COMPAT=1) opts+=("$kv") ;;
			HEADER=?*) header=$(dirname "$impl")/${kv#HEADER=} ;;
			*) bad="${conf#"$top"/}: '$kv' is not PUT=, GET=, COMPAT=1 or HEADER=" ;;
			esac
		done <"$conf"
	fi
	echo "[grade] $k/$total $name: ${impl#"$top"/}${opts[*]:+ (${opts[*]})}${w:+ in ${w#"$top"/}}"
	if [ -n "$bad" ]; then
		mkdir -p "$res"
		echo "grade: $bad" >"$log"
		printf 'status\terror\ndetail\t%s\n' "$bad" >"$res/verdict.tsv"
		rc=2
	elif [ -n "${GRADE_CHECK:-}" ]; then
		IMPL=$impl HEADER=$header RESULTS=$res NAME=$name OPTS="${opts[*]}" bash -c "$GRADE_CHECK" </dev/null >"$log" 2>&1
		rc=$?
	else
		(cd "$top" && $make --no-print-directory check IMPL="$impl" ${header:+HEADER="$header"} \
			"${opts[@]}" ${w:+B="$w"} RESULTS="$res") </dev/null >"$log" 2>&1
		rc=$?
	fi
	mkdir -p "$res"
	mv -f "$log" "$res/check.log"
	if [ ! -s "$res/verdict.tsv" ]; then
		# the check died before it could say anything: that is the result
		why=$(grep -v '^\[' "$res/check.log" | grep . | tail -n 1 | tr '\t' ' ')
		printf 'status\terror\ndetail\tmake check exited %s without a verdict: %s\n' "$rc" "${why:-no output}" \
			>"$res/verdict.tsv"
	fi
	printf 'name\t%s\nimpl\t%s\nheader\t%s\nexit\t%s\nsecs\t%s\nworld\t%s\nworker\t%s\n' "$name" "$impl" \
		"${header:--}" "$rc" "$(($(date +%s) - start))" "${w:-${BUILD:-$top/build}}" "${GRADE_WORKER:-1}" >"$res/grade.tsv"
	echo "[grade] $k/$total $name: $(sed -n 's/^status\t//p' "$res/verdict.tsv") ($(($(date +%s) - start)) s)"
}

# take: the number of the next implementation nobody has taken yet (the
# queue the --jobs workers share: a counter under a lock), or nothing
take() {
	[ -e "$out/.stop" ] && return 1
	local k
	k=$(flock "$out/.queue.lock" sh -c 'k=$(($(cat "$1" 2>/dev/null || echo 0) + 1)); echo $k >"$1"; echo $k' _ \
		"$out/.queue.next") || return 1
	[ "$k" -le "$total" ] && echo "$k"
}

# worker WORLD: judge implementations from the queue until it is empty
worker() {
	local k line name impl header
	while k=$(take); do
		line=$(sed -n "${k}p" <<<"$list")
		IFS=$'\t' read -r name impl header <<<"$line"
		judge "$k" "$name" "$impl" "${header:--}" "$1"
	done
}

rm -f "$out/.queue.next" "$out/.queue.lock" "$out/.stop"
trap 'touch "$out/.stop"' INT TERM
if [ "$jobs" -gt 1 ]; then
	# --jobs N: N workers on one queue, in one build world
	[ -z "$shard" ] || die "give JOBS=N or SHARD=i/N, not both"
	# N checks at once use the cores already: each suite in one kernel
	# (boot/run-suite.sh would run two per check on two cores)
	export MT_PARTS=${MT_PARTS:-1}
	w=${BUILD:-$top/build}
	mkdir -p "$w" && w=$(cd "$w" && pwd) || die "cannot create the build world $w"
	rm -rf "$out"/shard-*-of-*
	echo "[grade] $total implementation(s) into ${out#"$top"/}, $jobs at once in build world ${w#"$top"/}"
	pids=()
	for i in $(seq 1 "$jobs"); do
		(
			export BUILD=$w GRADE_B=$w GRADE_WORKER=$i
			worker "$w" 2>&1 | sed -u "s#^\[grade\] #[grade w$i] #"
		) &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p"; done
	title="$title ($jobs at once)"
else
	echo "[grade] $total implementation(s)${shard:+ (shard $shard)} into ${out#"$top"/}"
	worker "$world"
fi
trap - INT TERM
"$grader" render --out "$out" --title "$title" "$out" || exit 2
if [ -e "$out/.stop" ]; then
	echo "[grade] interrupted: $(find "$out" -mindepth 2 -maxdepth 2 -name grade.tsv | wc -l) of $total judged" >&2
	exit 130
fi
# every implementation of the list has its row, or the grading is not done
missing=
while IFS=$'\t' read -r name _; do
	[ -z "$name" ] || [ -s "$out/$name/grade.tsv" ] || missing="$missing $name"
done <<<"$list"
[ -z "$missing" ] || { echo "[grade] not judged:$missing" >&2; exit 130; }
rm -f "$out/.queue.next" "$out/.queue.lock"
exit 0
