#!/bin/bash
# run-uml.sh: the in-UML fuzzer from the host (make fuzz, make repro).
#
#   run-uml.sh fuzz  --linux L --kb KB --results DIR --kernel K --flavour F
#                    [--profile P] [--seed N] [--duration S] [--mem M] [--repro CMD]
#                    [--conf 'key value;key value'] [--replay K] [--syms FILE]
#   run-uml.sh repro --linux L --kb KB --results DIR --file REPRO.c [--times N] [--mem M] [--syms FILE]
#
# --syms FILE: an IMPL's functions, comma-separated (fuzz/stage-kimpl.sh),
# passed as MT_IMPL_SYMS for the leak oracle.
#
# fuzz: boots UML with KB/mt/msgbox-fuzz as the harness (uml-init runs it
# as it runs msgbox-torture), classifies the console (tools/classify, the
# case-begin/case-end markers: one per program, one per call in replays),
# replays from seed and program in a fresh boot when the kernel died in a
# program, then compiles each repro-K.c and runs it TIMES times in a fresh
# boot: kept only if it failed every time (else renamed .flaky.c).
# repro: compiles FILE against KB/mt_syscalls.h and runs it TIMES times.
# Exit: 0 no finding / reproducer passed, 1 finding / reproducer failed
# every time, 2 bad input.
{ # read whole before running: editing it mid-run is safe
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${MT_BIN:-$top/build/bin}
die() { echo "fuzz: $*" >&2; exit 2; }

mode=${1:-}
shift || true
case $mode in fuzz | repro) ;; *) die "usage: run-uml.sh fuzz|repro --linux L --kb KB --results DIR ..." ;; esac
linux= kb= results= kver= flavour= profile=strict seed=1 duration=60 mem=384M file= times=10 repro= extra= replay_idx= syms=
while [ $# -gt 0 ]; do
	case $1 in
	--linux) linux=$2 ;; --kb) kb=$2 ;; --results) results=$2 ;; --kernel) kver=$2 ;;
	--flavour) flavour=$2 ;; --profile) profile=$2 ;; --seed) seed=$2 ;; --duration) duration=$2 ;;
	--mem) mem=$2 ;; --file) file=$2 ;; --times) times=$2 ;; --repro) repro=$2 ;; --conf) extra=$2 ;; --replay) replay_idx=$2 ;;
	--syms) syms=$(cat "$2") || die "--syms $2: no such file" ;;
	*) die "unknown option $1" ;;
	esac
	shift 2 || die "option $1 needs a value"
done
for v in linux kb results; do [ -n "${!v}" ] || die "--$v is required"; done
[ -x "$linux" ] || die "$linux is not a built kernel"
[[ $seed =~ ^[0-9]+$ ]] || die "SEED=$seed: give a non-negative integer"
[[ $duration =~ ^[0-9]+$ ]] && [ "$duration" -gt 0 ] || die "DURATION=$duration: give a positive number of seconds"
[[ $times =~ ^[0-9]+$ ]] && [ "$times" -gt 0 ] || die "TIMES=$times: give a positive number"
. "$top/boot/results-dir.sh"
kb=$(abs "$kb")
fuzzbin=$kb/mt/msgbox-fuzz init=$kb/mt/uml-init harness=$kb/mt/msgbox-torture
for b in "$fuzzbin" "$init"; do [ -x "$b" ] || die "$b is not built"; done
fresh_results "$results" || exit 2
results=$(cd "$results" && pwd)
# boot CONF [SECS]: one boot running msgbox-fuzz with CONF; prints how it
# ended. Boots are numbered in $results/.boots (boot runs in subshells).
boot() {
	local boot=$(( $(cat "$results/.boots" 2>/dev/null || echo 0) + 1 ))
	echo $boot >"$results/.boots"
	local console=$results/console-$boot.log
	MT_STALL_S=120 MT_STALL_FILES="$results/fuzz.progress $results/repro.tsv $results/fuzz-findings.tsv" \
		"$top/boot/boot-uml.sh" "$linux" "$console" "${2:-$((duration + 600))}" \
		mem="$mem" init="$init" uml_dir="$results/.uml" kasan_multi_shot printk.devkmsg=on \
		MT_HARNESS="$fuzzbin" MT_RESULTS="$results" MT_CASES="$1" MT_SEED="$seed" MT_PROFILE="$profile" ${syms:+MT_IMPL_SYMS=$syms}
	"$bin/console-classify" --noise "$top/tools/classify/console-noise.txt" "$console" \
		>"$results/findings-$boot.tsv" 2>/dev/null
	printf '%s\t%s\t%s\n' "$boot" "$(basename "$1")" "$console" >>"$results/boots.tsv"
}

# The kernel reports the classifier tied to a program or a call of boot N
# (not kmemleak's own "new suspected memory leaks" after the fuzzer's scans:
# those the fuzzer judged itself, op by op, in UML).
tied() {
	awk -F'\t' '!/^#/ && $2 != "-" && $3 != "kmemleak" { printf "  console: %s %s (bug class %s): %s\n", $2, $3, $7, $5 }' \
		"$results/findings-$1.tsv" 2>/dev/null | sort -u | head -5
}

# compile REPRO.c -> binary next to it
compile() {
	local c=$1 out=${1%.c}
	cc -std=gnu11 -O2 -g -Wall -I"$kb" -pthread -o "$out" "$c" 2>"$out.cc.log" ||
		{ echo "fuzz: $c does not compile (see $out.cc.log)"; head -5 "$out.cc.log"; return 1; }
	echo "$out"
}

# run_repro BIN: TIMES runs in one boot (a panic: one more boot per run left)
run_repro() {
	local b=$1 failed=0 runs=0 end n
	while [ $runs -lt "$times" ]; do
		n=$((times - runs))
		printf 'mode repro\nbin %s\ntimes %s\n' "$b" "$n" >"$results/repro.conf"
		: >"$results/repro.tsv.part"
		end=$(boot "$results/repro.conf" $((n * 30 + 120)))
		local this ran boot
		boot=$(cat "$results/.boots")
		# the console ends its lines with \r\n
		# exit 1: the bug showed; 124: the run hung and was killed (a call
		# that never returns); "cannot be killed" ends that boot's runs
		this=$(tr -d '\r' <"$results/console-$boot.log" | grep -c -E '^repro: run .*: exit (1|124)( .*)?$')
		ran=$(tr -d '\r' <"$results/console-$boot.log" | grep -c '^repro: run .*: exit')
		# the run that took the kernel down (a panic, a hang) failed; a
		# boot that ends in a panic after every run said its exit (UML
		# aborting at halt, seen: "System halted", then SIGABRT) lost none
		if [ "$ran" -lt "$n" ] &&
			! tr -d '\r' <"$results/console-$boot.log" | grep -q '^repro: run .*: exit 124 .*cannot be killed'; then
			this=$((this + 1)) ran=$((ran + 1))
		fi
		[ "$end" != panic ] || [ "$ran" -lt "$n" ] || echo "  (the kernel died after the last run: $end)" >&2
		failed=$((failed + this)) runs=$((runs + ran))
		tr -d '\r' <"$results/console-$boot.log" | grep '^REPRO step' | sort -u | head -3 | sed 's/^/  /'
		tied $boot
		[ "$ran" -gt 0 ] || break
	done
	echo "$failed $runs"
}

if [ "$mode" = repro ]; then
	[ -f "$file" ] || die "FILE=$file: no such reproducer (a repro-K.c of a fuzz run)"
	cp "$file" "$results/repro.c"
	b=$(compile "$results/repro.c") || exit 2
	read -r failed runs <<<"$(run_repro "$b" | tee /dev/stderr | tail -n 1)"
	echo "repro: $file failed $failed/$runs run(s) in UML (results in $results)"
	[ "$failed" = "$runs" ] && exit 1
	exit 0
fi

# ---- fuzz -------------------------------------------------------------------
printf 'mode fuzz\nduration %s\nharness %s\nprobe %s\nprelude %s\n' "$duration" "$harness" \
	"$top/cases/functional.tsv" "$here/uml/repro_prelude.c" >"$results/fuzz.conf"
# REPLAY=K: program K of SEED again, call by call, then minimised
if [ -n "$replay_idx" ]; then
	[[ $replay_idx =~ ^[0-9]+$ ]] || die "REPLAY=$replay_idx: give a program number (fuzz-findings.tsv, column 3)"
	printf 'mode replay\nindex %s\n' "$replay_idx" >>"$results/fuzz.conf"
fi
# FUZZ_CONF='key value;key value': more lines of fuzz.conf (fuzz/README.md)
if [ -n "$extra" ]; then
	while read -r k v rest; do
		[ -z "$k" ] && continue
		case $k in pct_valid | pct_window | pct_nth | pct_limits | pct_proc | pct_signal | proc_each | minimise | stop_first | leak_every | leak_keep) ;;
		*) die "FUZZ_CONF: unknown key '$k' (pct_valid, pct_window, pct_nth, pct_limits, pct_proc, pct_signal, proc_each, minimise, stop_first, leak_every, leak_keep)" ;;
		esac
		[[ $v =~ ^[0-9]+$ ]] && [ -z "$rest" ] || die "FUZZ_CONF: '$k $v${rest:+ $rest}': give one number"
		echo "$k $v" >>"$results/fuzz.conf"
	done < <(tr ';' '\n' <<<"$extra")
fi
printf 'kernel\t%s\nflavour\t%s\nprofile\t%s\nrepro\t%s\n' "$kver" "$flavour" "$profile" "$repro" >"$results/run.tsv"
echo "[fuzz] $kver-$flavour, profile $profile, seed $seed, $duration s; results in $results"
end=$(boot "$results/fuzz.conf")
console=$results/console-1.log
tr -d '\r' <"$console" | grep -E '^(fuzz|FINDING)' | grep -v '^fuzz: p[0-9]\|^fuzz: [0-9]* s,' | tail -n 12
tied 1
# The kernel died in a program: replay it, call by call, in a fresh boot.
if [ "$end" != "exit 0" ] && [ "$end" != "exit 1" ]; then
	last=$(tr -d '\r' <"$console" | grep -o 'case-begin [0-9]* fuzz\.p[0-9]*$' | tail -n 1 | awk '{print $2}')
	echo "[fuzz] the boot ended ($end) in program p${last:-?}"
	if [ -n "$last" ]; then
		printf 'mode replay\nindex %s\nharness %s\nprobe %s\nprelude %s\nminimise 0\n' "$last" "$harness" \
			"$top/cases/functional.tsv" "$here/uml/repro_prelude.c" >"$results/replay.conf"
		end2=$(boot "$results/replay.conf" 300)
		boot=$(cat "$results/.boots")
		call=$(grep -o 'case-begin [0-9]* fuzz\.p[0-9]*\.op[0-9]*' "$results/console-$boot.log" | tail -n 1)
		echo "[fuzz] replay of p$last ended ($end2); last call begun: ${call##* }"
		grep -E '^fuzz: p[0-9]' "$results/console-$boot.log" | tail -n 3
		tied $boot
		printf 'crash\t%s\t%s\t%s\n' "$last" "${call##* }" "$end2" >>"$results/fuzz-findings.tsv"
	fi
fi
# Every reproducer: compiled, run TIMES times, kept only if it failed each time.
status=0
[ -s "$results/fuzz-findings.tsv" ] && status=1
for c in "$results"/repro-*.c; do
	[ -f "$c" ] || continue
	b=$(compile "$c") || continue
	# the calls of the program (not the drain): each rp_call, each held call and its nested ones
	calls=$(sed -n '/^int main/,$p' "$c" | grep -o 'rp_call(\|rp_window(\|{ [01], RP_[A-Z]*,' | wc -l)
	read -r failed runs <<<"$(run_repro "$b" | tail -n 1)"
	if [ "$failed" = "$runs" ] && [ "$runs" = "$times" ]; then
		echo "[fuzz] reproducer $c: $calls call(s), failed $failed/$runs: kept"
		printf '%s\t%s\t%s\t%s\tkept\n' "$(basename "$c")" "$calls" "$failed" "$runs" >>"$results/repros.tsv"
	else
		mv "$c" "${c%.c}.flaky.c"
		echo "[fuzz] reproducer $c failed only $failed/$runs: not kept (${c%.c}.flaky.c)"
		printf '%s\t%s\t%s\t%s\tflaky\n' "$(basename "$c")" "$calls" "$failed" "$runs" >>"$results/repros.tsv"
	fi
done
[ -f "$results/fuzz.tsv" ] && sed 's/^/[fuzz] /' "$results/fuzz.tsv" | tr '\t' ' '
# The bug classes found (lib/mt_finding.h, as a course file's expect.tsv
# names them): the fuzzer's own (a kernel report is named by the console
# classifier, so not "kernel-report") and the classifier's of every report
# tied to a program, a call, the rates loop or a reproducer's run, and to
# the conventions probe when the fuzzer made its report a finding (a
# "probe" row: lockdep, say, reports once, there, and is off after it), in
# classes.txt and on one line.
if [ "$status" = 1 ]; then
	probe=$(awk -F'\t' '$3 == "probe" { print 1; exit }' "$results/fuzz-findings.tsv")
	{
		awk -F'\t' '$1 ~ /^[0-9]+$/ && $6 != "kernel-report" { print $6 }' "$results/fuzz-findings.tsv"
		cat "$results"/findings-*.tsv 2>/dev/null | awk -F'\t' -v probe="${probe:-0}" \
			'!/^#/ && ($2 ~ /^(fuzz|repro)\./ || (probe && $2 == "conventions")) && $3 != "kmemleak" && $7 != "" { print $7 }'
	} | sort -u >"$results/classes.txt"
	echo "[fuzz] bug classes: $(paste -sd, "$results/classes.txt")"
fi
[ -f "$results/cover-pcs.txt" ] && "$here/cover-report.sh" "$kb" "$results"
exit $status
}
