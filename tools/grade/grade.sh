#!/bin/bash
# grade.sh: judge every implementation of a directory (make grade).
#
#   tools/grade/grade.sh --impls DIR [--shard i/N] [--out GRADE_DIR]
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
# Environment:
#   GRADE_CHECK  the command that judges one implementation, run with
#                IMPL, HEADER (may be empty), RESULTS and NAME exported;
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

impls= shard= out=
while [ $# -gt 0 ]; do
	case $1 in
	--impls) impls=$2 ;; --shard) shard=$2 ;; --out) out=$2 ;;
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

list=$("$grader" list ${shard:+--shard "$shard"} "$impls") || exit 2
title="msgbox-torture: grading $(basename "$impls")"
if [ -n "$shard" ]; then
	i=${shard%/*} n=${shard#*/}
	out=$out/shard-$i-of-$n
	title="$title, shard $i of $n"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
total=$(printf '%s' "$list" | grep -c . || true)
[ "$total" -gt 0 ] || [ -n "$shard" ] || die "IMPLS=$impls holds no implementation (a .c file, or a subdirectory with one)"
{
	printf 'shard\t%s\n' "${shard:-1/1}"
	printf 'impls\t%s\n' "$(cd "$impls" && pwd)"
	printf 'count\t%s\n' "$total"
} >"$out/shard.tsv"
echo "[grade] $total implementation(s)${shard:+ (shard $shard)} into ${out#"$top"/}"

interrupted=
trap 'interrupted=1' INT TERM
k=0
while IFS=$'\t' read -r name impl header; do
	[ -n "$name" ] || continue
	[ -n "$interrupted" ] && break
	k=$((k + 1))
	[ "$header" = - ] && header=
	res=$out/$name
	log=$out/.$name.check.log
	rm -rf "$res"
	start=$(date +%s)
	opts=() conf=$(dirname "$impl")/check.conf bad=
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
	echo "[grade] $k/$total $name: ${impl#"$top"/}${opts[*]:+ (${opts[*]})}"
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
			"${opts[@]}" RESULTS="$res") </dev/null >"$log" 2>&1
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
	printf 'name\t%s\nimpl\t%s\nheader\t%s\nexit\t%s\nsecs\t%s\n' "$name" "$impl" "${header:--}" "$rc" \
		"$(($(date +%s) - start))" >"$res/grade.tsv"
	echo "[grade] $k/$total $name: $(sed -n 's/^status\t//p' "$res/verdict.tsv") ($(($(date +%s) - start)) s)"
done <<<"$list"
trap - INT TERM
"$grader" render --out "$out" --title "$title" "$out" || exit 2
if [ -n "$interrupted" ]; then
	echo "[grade] interrupted after $k of $total" >&2
	exit 130
fi
exit 0
