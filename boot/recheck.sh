#!/bin/bash
# recheck.sh RESULTS: classify every console-N.log of a results directory
# again and rewrite its reports (summary.json, junit.xml, results.tap,
# failures.tsv) from what the run left (run.tsv, cases.tsv, boots.tsv, ...).
# The last step of every run, and `make recheck RESULTS=dir` on a saved one,
# like rcutorture's kvm-recheck.sh. Exit: 0 all passed, 1 findings, 2 error.
{ # read whole before running: editing it mid-run is safe
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${MT_BIN:-$top/build/bin} # make's host tools (build/bin/san with SAN=1)
results=${1:-}
[ -n "$results" ] || { echo "recheck: RESULTS=dir is required (a results directory of make run/check)" >&2; exit 2; }
[ -f "$results/boots.tsv" ] || { echo "recheck: $results holds no run (no boots.tsv); give the RESULTS of a make run or make check" >&2; exit 2; }
status=0
boots=$(grep -vc '^#' "$results/boots.tsv")
for ((b = 1; b <= boots; b++)); do
	"$bin/console-classify" --noise "$top/tools/classify/console-noise.txt" \
		"$results/console-$b.log" >"$results/findings-$b.tsv"
	[ $? -le 1 ] || status=2
done
"$bin/mt-report" --results "$results"
rc=$?
[ $status = 0 ] && status=$rc
exit $status
}
