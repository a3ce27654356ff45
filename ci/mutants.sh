#!/bin/bash
# mutants.sh KERNEL: prove the harness by the bugs it catches.
#
# For each mutant of kernel-patch/mutants/expect.tsv meant for KERNEL:
# build the reference with that one bug, run the default suite, and check
# that every case listed failed (and, for case:class, that a console report
# of that class was tied to it). A mutant that survives fails this script.
# The reference is built again at the end, so the tree holds it afterwards.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
kver=${1:-6.1}
cd "$top"
killed=0 survived=0
while IFS=$'\t' read -r name kernel expect; do
	case $name in '#'* | '') continue ;; esac
	[ "$kernel" = "$kver" ] || continue
	echo "[mutant] $name: $(head -n 1 "kernel-patch/mutants/$name.patch" | sed 's/^# //')"
	res=build/results/mutant-$kver-$name
	make --no-print-directory run KERNEL="$kver" MUTANT="$name" RESULTS="$res" >"$res.log" 2>&1
	rc=$?
	miss=
	if [ ! -f "$res/failures.tsv" ]; then
		miss=" (no report; see $res.log)"
	fi
	for want in ${expect//,/ }; do
		case_name=${want%%:*} class=
		[ "$want" != "$case_name" ] && class=${want#*:}
		line=$(awk -F'\t' -v c="$case_name" '$1 == c' "$res/failures.tsv" 2>/dev/null)
		if [ -z "$line" ]; then
			miss="$miss $case_name passed;"
		elif [ -n "$class" ] && ! cut -f2 <<<"$line" | tr ',' '\n' | grep -qx "$class"; then
			miss="$miss $case_name failed without a $class report;"
		fi
	done
	if [ $rc -ne 0 ] && [ -z "$miss" ]; then
		echo "[mutant] $name: killed ($(wc -l <"$res/failures.tsv") failing cases)"
		killed=$((killed + 1))
	else
		echo "[mutant] $name: SURVIVED (make run exit $rc;$miss) log: $res.log"
		survived=$((survived + 1))
	fi
done <kernel-patch/mutants/expect.tsv
# Leave the tree with the reference in it.
kernel-patch/build-kernel.sh "$kver" debug >/dev/null || echo "[mutant] rebuilding the reference failed" >&2
echo "mutants: $killed passed, $survived failed"
[ $survived -eq 0 ] && [ $killed -gt 0 ]
