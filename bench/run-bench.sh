#!/bin/bash
# run-bench.sh: make bench. One boot of UML running mt-bench (through
# boot/boot-uml.sh and uml-init, as every suite boots), then the native
# figures on the host, then one table of figures and ratios.
#
#   run-bench.sh --linux LINUX --bench BIN --init BIN --results DIR
#                --kernel V --flavour F [--reps N] [--mem M] [--timeout S]
#                [--checker BIN] [--boot-arg ARG]...
#
# Writes DIR/bench.tsv (bench/README.md: the columns), DIR/bench-summary.txt
# (the table as printed), DIR/console-1.log, DIR/run.tsv.
# Exit: 0 measured, 1 the boot or a measurement failed, 2 bad input.
{ # read whole before running: editing it mid-run is safe
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
die() { echo "run-bench: $*" >&2; exit 2; }

linux= bench= init= results= kver= flavour= reps=21 mem=384M timeout=900 checker= boot_args=()
while [ $# -gt 0 ]; do
	case $1 in
	--linux) linux=$2 ;; --bench) bench=$2 ;; --init) init=$2 ;;
	--results) results=$2 ;; --kernel) kver=$2 ;; --flavour) flavour=$2 ;;
	--reps) reps=$2 ;; --mem) mem=$2 ;; --timeout) timeout=$2 ;; --checker) checker=$2 ;;
	--boot-arg) boot_args+=("$2") ;;
	*) die "unknown option $1" ;;
	esac
	shift 2 || die "option $1 needs a value"
done
for v in linux bench init results kver flavour; do
	[ -n "${!v}" ] || die "--$v is required"
done
case $reps in '' | *[!0-9]*) die "REPS=$reps is not a number (1..101)" ;; esac
[ "$reps" -ge 1 ] && [ "$reps" -le 101 ] || die "REPS=$reps is out of range (1..101)"
[ -x "$linux" ] || die "$linux is not a built kernel; run 'make kernel FLAVOUR=$flavour' first"
. "$top/boot/results-dir.sh"
# relative paths (make's default B=build) would not be found by the guest
linux=$(abs "$linux") bench=$(abs "$bench") init=$(abs "$init")
[ -z "$checker" ] || checker=$(abs "$checker")
fresh_results "$results" || exit 2
results=$(cd "$results" && pwd)
printf 'kernel\t%s\nflavour\t%s\nkind\tbench\nreps\t%s\n' "$kver" "$flavour" "$reps" >"$results/run.tsv"
[ ${#boot_args[@]} -eq 0 ] || printf 'boot_args\t%s\n' "${boot_args[*]}" >>"$results/run.tsv"
[ "$flavour" = perf ] ||
	echo "[bench] FLAVOUR=$flavour: these figures include its detectors (KASAN, lockdep, ...); they are not the perf floor"

echo "[bench] $kver-$flavour: one boot, $reps repetitions of each figure, results in $results"
"$top/boot/boot-uml.sh" "$linux" "$results/console-1.log" "$timeout" \
	mem="$mem" init="$init" uml_dir="$results/.uml" printk.devkmsg=on \
	MT_HARNESS="$bench" MT_RESULTS="$results" MT_REPS="$reps" "${boot_args[@]}" >"$results/.end" &
bpid=$!
shown=
while kill -0 $bpid 2>/dev/null; do
	sleep 1
	s=$(cat "$results/bench.progress" 2>/dev/null)
	[ -n "$s" ] && [ "$s" != "$shown" ] && echo "[bench] $s" && shown=$s
done
wait $bpid
end=$(cat "$results/.end")
if [ "$end" != "exit 0" ] || [ ! -s "$results/bench-uml.tsv" ]; then
	echo "[bench] the boot ended with '$end' before the figures were written; the console's end:" >&2
	grep -a 'mt-bench' "$results/console-1.log" | tail -n 5 | sed 's/^/[console] /' >&2
	tail -n 10 "$results/console-1.log" | sed 's/^/[console] /' >&2
	exit 1
fi

# Natively: the stack checker's ops/s on 10^6-op histories; its benchmark
# prints the best of 5 runs, taken three times here for a median and spread.
native=$results/bench-native.tsv
: >"$native"
if [ -n "$checker" ]; then
	echo "[bench] native: the history checker (3 runs of its benchmark, 10^6 ops)"
	for i in 1 2 3; do
		"$checker" 1000000 | awk '$1 == 1000000 && $2 == "ops:" { print $5 * 1e6 }'
	done >"$results/.checker"
	[ "$(wc -l <"$results/.checker")" = 3 ] || { echo "[bench] the checker's benchmark printed no 10^6 line" >&2; exit 1; }
	sort -g "$results/.checker" | awk -v OFS='\t' '{ v[NR] = $1 }
		END { print "native", "checker", 0, 1, NR, v[2], v[1], v[3], v[1], v[3], "ops/s" }' >>"$native"
fi

# One table: the figures and their ratios, all from this run.
awk -F'\t' -v OFS='\t' -v out="$results/bench.tsv" -v flavour="$flavour" -v kver="$kver" '
	/^#/ { next }
	{ row[++n] = $0; k = $1 "/" $2 "/" $3 "/" $4; med[k] = $6; lo[k] = $7; hi[k] = $8; q1[k] = $9; q3[k] = $10 }
	END {
		print "# kind\tname\tsize\tprocs\treps\tmedian\tmin\tmax\tq1\tq3\tunit" > out
		for (i = 1; i <= n; i++) print row[i] > out
		floor = med["floor/getppid/0/1"]
		printf "msgbox bench, Linux %s (%s): medians (min..max) over the repetitions, one run;\n", kver, flavour
		printf "  each ratio the median (and IQR) of its per-repetition ratios of batches run back to back;\n"
		printf "  best: the ratio of the fastest batches (the host'"'"'s load only ever adds)\n"
		printf "  null syscall getppid: %.0f ns (%.0f..%.0f)\n", floor, lo["floor/getppid/0/1"], hi["floor/getppid/0/1"]
		printf "  %-7s %10s %10s %10s   %-18s %-18s %-18s %s\n", "size", "msgbox ns", "mqueue ns", "pipe ns",
			"msgbox/2getppid", "msgbox/mqueue", "msgbox/pipe", "best: /2getppid /mqueue /pipe"
		split("0 64 1024 4096 65536", sz, " ")
		for (j = 1; j <= 5; j++) {
			s = sz[j]
			printf "  %-7s %10.0f %10.0f %10.0f", s, med["pair/msgbox/" s "/1"], med["pair/mqueue/" s "/1"], med["pair/pipe/" s "/1"]
			split("2getppid mqueue pipe", vs, " ")
			for (v = 1; v <= 3; v++) {
				k = "ratio/msgbox/" vs[v] "/" s "/1"
				printf "   %-18s", sprintf("%.3f (%.2f..%.2f)", med[k], q1[k], q3[k])
			}
			# the fastest batches: the host load only ever adds time
			b = lo["pair/msgbox/" s "/1"]; fm = lo["floor/getppid/0/1"]
			bf = b / (2 * fm); bq = b / lo["pair/mqueue/" s "/1"]; bp = b / lo["pair/pipe/" s "/1"]
			printf " %.3f %.3f %.3f\n", bf, bq, bp
			print "ratio-min", "msgbox/2getppid", s, 1, "-", bf, "-", "-", "-", "-", "x" > out
			print "ratio-min", "msgbox/mqueue", s, 1, "-", bq, "-", "-", "-", "-", "x" > out
			print "ratio-min", "msgbox/pipe", s, 1, "-", bp, "-", "-", "-", "-", "x" > out
		}
		printf "  scaling, put+get of 64 B in P processes: calls/s (min..max), ns a call, per call /getppid\n"
		split("1 2 4 8 16 32 64", pr, " ")
		for (j = 1; j <= 7; j++) {
			k = "scale/msgbox/64/" pr[j]
			if (!(k in med)) continue
			printf "  P=%-3s %10.0f (%.0f..%.0f) %8.0f ns %6.2f\n", pr[j], med[k], lo[k], hi[k], 1e9 / med[k], 1e9 / med[k] / floor
		}
		if ("native/checker/0/1" in med)
			printf "  native: history checker %.3g ops/s (%.3g..%.3g)\n", med["native/checker/0/1"],
				lo["native/checker/0/1"], hi["native/checker/0/1"]
	}' "$results/bench-uml.tsv" "$native" | tee "$results/bench-summary.txt"
rm -f "$results/.checker" "$results/.end"
bin=${MT_BIN:-$top/build/bin}
"$bin/mt-bench-report" --results "$results" || exit 1
echo "[bench] figures: $results/bench.tsv, $results/bench-summary.txt, $results/report.html"
exit 0
}
