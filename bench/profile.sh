#!/bin/bash
# profile.sh: where the time of a call goes in UML, measured on the host.
# make bench-profile runs it. For each NAME:SIZE (getppid:0, msgbox:64, ...)
# one boot of UML runs that call in a loop (mt-bench --loop, via
# boot-uml.sh and uml-init as every boot) while `perf record -g` samples
# every host process of that UML instance (its session: the kernel process
# and the host processes of its user space) for SECS seconds; perf report
# sorted by host DSO and symbol goes to DIR/perf-NAME-SIZE.txt, the loop's
# calls/s to DIR/loop-NAME-SIZE.txt, and per call the CPU time, the host
# context switches (perf stat) and the time in the UML kernel's own code
# to DIR/profile.tsv.
#
#   profile.sh --linux LINUX --bench BIN --init BIN --results DIR [--secs S] NAME:SIZE...
# Exit: 0 profiled, 1 a boot or perf failed, 2 bad input.
{
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
die() { echo "profile: $*" >&2; exit 2; }
linux= bench= init= results= secs=8 specs=()
while [ $# -gt 0 ]; do
	case $1 in
	--linux) linux=$2 ;; --bench) bench=$2 ;; --init) init=$2 ;; --results) results=$2 ;;
	--secs) secs=$2 ;;
	--*) die "unknown option $1" ;;
	*) specs+=("$1"); shift; continue ;;
	esac
	shift 2 || die "option $1 needs a value"
done
for v in linux bench init results; do [ -n "${!v}" ] || die "--$v is required"; done
[ ${#specs[@]} -gt 0 ] || die "name at least one NAME:SIZE (getppid:0 msgbox:64 ...)"
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"
[ -x "$linux" ] || die "$linux is not a built kernel"
. "$top/boot/results-dir.sh"
fresh_results "$results" || exit 2
results=$(cd "$results" && pwd)
st=0
for spec in "${specs[@]}"; do
	tag=${spec//:/-}
	dir=$results/$tag
	mkdir -p "$dir"
	rm -f "$dir/bench.progress"
	echo "[profile] $spec: one boot, the call in a loop for $((secs + 6)) s, perf on the host for $secs s"
	"$top/boot/boot-uml.sh" "$linux" "$dir/console-1.log" $((secs + 120)) mem=384M init="$init" \
		uml_dir="$dir/.uml" MT_HARNESS="$bench" MT_RESULTS="$dir" MT_REPS=1 MT_LOOP="$spec:$((secs + 6))" \
		>"$dir/.end" &
	bpid=$!
	for _ in $(seq 60); do grep -q 'loop running' "$dir/bench.progress" 2>/dev/null && break; sleep 0.5; done
	# the UML instance is its own session (boot-uml.sh: setsid); its leader's
	# command line names this results directory
	sid=$(ps -eo pid=,args= | awk -v d="MT_RESULTS=$dir" 'index($0, d) && !/boot-uml/ { print $1; exit }')
	pids=$(ps -eo pid=,sid= | awk -v s="$sid" '$2 == s { printf "%s%s", n++ ? "," : "", $1 }')
	if [ -z "$sid" ] || [ -z "$pids" ]; then
		echo "[profile] $spec: the UML instance was not found running" >&2
		st=1
	else
		# the CPU time and host context switches of the same window
		perf stat -x, -e task-clock,context-switches -p "$pids" -o "$dir/stat.csv" -- sleep "$secs" \
			>/dev/null 2>&1 &
		spid=$!
		perf record -q -g -p "$pids" -o "$dir/perf.data" -- sleep "$secs" >/dev/null 2>"$dir/perf.err" ||
			{ echo "[profile] $spec: perf record failed:" >&2; tail -3 "$dir/perf.err" >&2; st=1; }
		wait $spid
	fi
	wait $bpid
	sed -n 's/^bench: //p' "$dir/bench.progress" >"$results/loop-$tag.txt"
	[ -s "$dir/perf.data" ] || continue
	# by host DSO ([kernel.kallsyms]: the host kernel: ptrace stops and
	# switches; linux: the UML kernel's own code), then the UML kernel's symbols
	{
		echo "# perf report --sort dso (share of the samples of the UML instance's host processes)"
		perf report -q -i "$dir/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^$' | head -8
		echo "# the UML kernel's own code (dso linux), by symbol"
		perf report -q -i "$dir/perf.data" --no-children --dsos linux --sort sym --stdio -g none 2>/dev/null |
			grep -v '^$' | head -20
		echo "# the host kernel, by symbol"
		perf report -q -i "$dir/perf.data" --no-children --dsos '[kernel.kallsyms]' --sort sym --stdio -g none \
			2>/dev/null | grep -v '^$' | head -8
	} >"$results/perf-$tag.txt"
	# per call: CPU ns, host context switches, ns in the UML kernel's own code
	calls=$(sed -n 's/.*loop done: \([0-9]*\) calls\/s.*/\1/p' "$results/loop-$tag.txt")
	cpu_ms=$(awk -F, '$3 == "task-clock" { print $1 }' "$dir/stat.csv")
	cs=$(awk -F, '$3 == "context-switches" { print $1 }' "$dir/stat.csv")
	uml=$(perf report -q -i "$dir/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
		awk '$2 == "linux" { sub("%", "", $1); print $1 }')
	awk -v c="${calls:-0}" -v ms="${cpu_ms:-0}" -v cs="${cs:-0}" -v u="${uml:-0}" -v s="$secs" -v t="$spec" 'BEGIN {
		n = c * s; if (n <= 0) { print t "\tno calls counted"; exit }
		printf "%s\t%d calls/s\t%.0f ns CPU a call\t%.1f host context switches a call\t%.0f ns (%.1f%%) in the UML kernel'"'"'s code\n",
			t, c, ms * 1e6 / n, cs / n, ms * 1e6 / n * u / 100, u }' | tee -a "$results/profile.tsv"
done
exit $st
}
