#!/usr/bin/env bash
# merge-parts.sh RESULTS PART2: merge the second part of a two-kernel run
# (run-suite.sh --parts 2) into the first part's results directory:
# cases.tsv in catalogue order (index, column 1), the second part's boots
# numbered after the first's (boots.tsv, console-N.log), progress
# appended, the done counts summed (exit: the first part's when not 0),
# every other file of the second part moved up. Refuses (exit 1, nothing
# merged) when a case index is in both parts: that would count it twice.
# PART2 is removed once merged. Tested without a kernel by
# tests/test_merge_parts.sh.
set -euo pipefail
results=$1 part2=$2
die() { echo "merge-parts: $*" >&2; exit 1; }
[ -d "$results" ] && [ -d "$part2" ] || die "usage: merge-parts.sh RESULTS PART2 (two directories)"
dup=$(cat "$results/cases.tsv" "$part2/cases.tsv" 2>/dev/null | cut -f1 | sort | uniq -d | head -n 3 | tr '\n' ' ')
[ -z "$dup" ] || die "case index ${dup% } in both parts ($results/cases.tsv and $part2/cases.tsv): not merged"
nb=$(grep -vc '^#' "$results/boots.tsv" || true)
if [ -f "$part2/boots.tsv" ]; then
	grep -v '^#' "$part2/boots.tsv" | while IFS=$'\t' read -r b st en ki kn ex co; do
		[ -f "$part2/$co" ] && mv "$part2/$co" "$results/console-$((nb + b)).log"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $((nb + b)) "$st" "$en" "$ki" "$kn" "$ex" "console-$((nb + b)).log"
	done >>"$results/boots.tsv"
fi
cat "$results/cases.tsv" "$part2/cases.tsv" 2>/dev/null | sort -t $'\t' -k1,1n -s >"$results/.cases.tsv" &&
	mv "$results/.cases.tsv" "$results/cases.tsv"
cat "$part2/progress" >>"$results/progress" 2>/dev/null || true
if [ -f "$results/done" ] && [ -f "$part2/done" ]; then
	awk -F'\t' 'FNR == NR {a[$1] = $2; next}
		$1 == "exit" {print "exit\t" (a["exit"] != 0 ? a["exit"] : $2); next}
		$1 == "release" {print; next}
		{print $1 "\t" a[$1] + $2}' "$results/done" "$part2/done" >"$results/.done" &&
		mv "$results/.done" "$results/done"
else
	rm -f "$results/done"
fi
for f in "$part2"/*; do
	[ -e "$f" ] || continue
	case ${f##*/} in
	cases.tsv | progress | boots.tsv | done | conventions.tsv | console-*.log) ;;
	*) mv "$f" "$results/" ;;
	esac
done
rm -rf "$part2"
