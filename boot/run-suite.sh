#!/bin/bash
# run-suite.sh: boot the UML kernel until every selected case has run.
#
#   run-suite.sh --linux build/6.1-debug/linux --harness BIN --init BIN
#                --results DIR --kernel 6.1 --flavour debug
#                [--cases FILE]... [--scenarios FILE]... [--no-cases]
#                [--only GLOBS] [--profile P] [--mem M]
#                [--timeout S] [--case-timeout S] [--boot-arg ARG]...
#                [--seed N] [--ops N] [--workers N] [--stress-timeout S]
#                [--repro CMD]
#
# Stress scenarios (--scenarios; cases/stress.tsv when neither --cases nor
# --scenarios is given) run after the cases; --no-cases: no default case
# table. While a scenario runs, its progress line is shown every second.
#
# Each boot runs the harness from the next case on. When the kernel
# panics or hangs in a case, that case fails with its console excerpt and
# the next boot resumes after it (as rcutorture's kvm.sh runs each
# scenario in a fresh kernel). Afterwards every console log is classified
# and mt-report merges everything into summary.json, junit.xml and
# results.tap. Exit: 0 all passed, 1 a failure, 2 bad input.
#
# The whole script is one { ... } group, closed on its last line: bash
# reads a group to its end before running it, so editing this file while a
# suite runs (a rebuild, a checkout) cannot change that run halfway.
{
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
die() { echo "run-suite: $*" >&2; exit 2; }

linux= harness= init= results= kver= flavour= only= profile=strict mem=384M
timeout=600 case_timeout=30 repro= cases=() boot_args=() scenarios=() no_cases=
seed= ops= workers= stress_timeout=1800
while [ $# -gt 0 ]; do
	case $1 in
	--linux) linux=$2 ;; --harness) harness=$2 ;; --init) init=$2 ;;
	--results) results=$2 ;; --kernel) kver=$2 ;; --flavour) flavour=$2 ;;
	--cases) cases+=("$2") ;; --only) only=$2 ;; --profile) profile=$2 ;;
	--mem) mem=$2 ;; --timeout) timeout=$2 ;; --case-timeout) case_timeout=$2 ;;
	--boot-arg) boot_args+=("$2") ;; --repro) repro=$2 ;;
	--scenarios) scenarios+=("$2") ;; --seed) seed=$2 ;; --ops) ops=$2 ;;
	--workers) workers=$2 ;; --stress-timeout) stress_timeout=$2 ;;
	--no-cases) no_cases=1; shift; continue ;;
	*) die "unknown option $1" ;;
	esac
	shift 2 || die "option $1 needs a value"
done
for v in linux harness init results kver flavour; do
	[ -n "${!v}" ] || die "--$v is required"
done
[ -x "$linux" ] || die "$linux is not a built kernel; run 'make kernel' first"
# Neither given: the default suite, cases/functional.tsv and cases/stress.tsv.
if [ ${#cases[@]} -eq 0 ] && [ ${#scenarios[@]} -eq 0 ] && [ -z "$no_cases" ]; then
	cases=("$top/cases/functional.tsv" "$top/cases/faults.tsv") scenarios=("$top/cases/stress.tsv")
fi
[ "${scenarios[*]}" = none ] && scenarios=()
. "$here/results-dir.sh"
linux=$(abs "$linux") harness=$(abs "$harness") init=$(abs "$init")
case_list=
for c in "${cases[@]}"; do
	[ -f "$c" ] || die "case table $c not found"
	case_list="${case_list:+$case_list:}$(abs "$c")"
done
scen_list=
for c in "${scenarios[@]}"; do
	[ -f "$c" ] || die "scenario table $c not found"
	scen_list="${scen_list:+$scen_list:}$(abs "$c")"
done
[ -n "$case_list$scen_list" ] || die "nothing to run: no case table and no scenario table"
case "$results $case_list $scen_list $harness" in *" "*" "*" "*" "*" "*) die "paths with spaces cannot go on a kernel command line" ;; esac
stress_args=()
[ -n "$seed" ] && stress_args+=(MT_SEED="$seed")
[ -n "$ops" ] && stress_args+=(MT_OPS="$ops")
[ -n "$workers" ] && stress_args+=(MT_WORKERS="$workers")

fresh_results "$results" || exit 2
results=$(cd "$results" && pwd)

# What will run, as the harness itself selects it (also checks the tables).
list_args=()
for c in ${case_list//:/ }; do list_args+=(--cases "$c"); done
for c in ${scen_list//:/ }; do list_args+=(--scenarios "$c"); done
"$harness" --list ${only:+--only "$only"} "${list_args[@]}" >"$results/planned.tsv" ||
	die "the case tables do not load (see the message above)"
total=$(wc -l <"$results/planned.tsv")
[ "$total" -gt 0 ] || die "no case matches CASES='$only'"
echo "[run] $kver-$flavour: $total cases, profile $profile, results in $results"
# What this run is, for every later reader (mt-report, mt-grade, make recheck).
printf 'kernel\t%s\nflavour\t%s\nprofile\t%s\nrepro\t%s\n' "$kver" "$flavour" "$profile" \
	"${repro:-make run KERNEL=$kver FLAVOUR=$flavour}" | tr -d '\r' >"$results/run.tsv"

printf '# boot\tstart\tend\tkiller_idx\tkiller_name\texit\tconsole\n' >"$results/boots.tsv"
start=0 boot=0 status=0
while :; do
	boot=$((boot + 1))
	console=$results/console-$boot.log
	rm -f "$results/done" "$results/resume"
	echo "[run] boot $boot: from case index $start"
	MT_STALL_S=$((case_timeout + 30)) MT_STALL_FILES="$results/progress $results/cases.tsv $results/stress.progress" \
		"$here/boot-uml.sh" "$linux" "$console" "$timeout" \
		mem="$mem" init="$init" uml_dir="$results/.uml" kasan_multi_shot printk.devkmsg=on \
		MT_HARNESS="$harness" MT_RESULTS="$results" ${case_list:+MT_CASES="$case_list"} \
		${scen_list:+MT_SCENARIOS="$scen_list"} MT_STRESS_TIMEOUT="$stress_timeout" "${stress_args[@]}" \
		MT_START="$start" MT_PROFILE="$profile" MT_TIMEOUT="$case_timeout" \
		${only:+MT_ONLY="$only"} "${boot_args[@]}" >"$results/.end" &
	bpid=$!
	shown=-1 shown_stress= tick=0
	# polled every 0.2 s, so the boot's end is seen at once (a 1 s sleep
	# lost half a second a boot); the progress lines at most once a second
	while kill -0 $bpid 2>/dev/null; do
		sleep 0.2
		[ $((tick++ % 5)) = 4 ] || continue
		n=$(cat "$results/cases.tsv" 2>/dev/null | wc -l)
		if [ "$n" != "$shown" ]; then
			echo "[run] cases done: $n/$total"
			shown=$n
		fi
		s=$(cat "$results/stress.progress" 2>/dev/null)
		if [ -n "$s" ] && [ "$s" != "$shown_stress" ]; then
			echo "[run] $s"
			shown_stress=$s
		fi
	done
	wait $bpid
	end=$(cat "$results/.end")
	# The last case begun that left no result is the one that killed the kernel.
	last=$(tail -n 1 "$results/progress" 2>/dev/null)
	last_idx=$(cut -f2 <<<"$last")
	# The harness asks for a fresh boot when the box became unusable (a
	# message that never leaves, a caller stuck in the kernel) or lockdep
	# turned itself off (its first report: later lock bugs would go unseen).
	if [ -f "$results/resume" ]; then
		next=$(cat "$results/resume") name=$(cut -f3 <<<"$last")
		rm -f "$results/resume"
		echo "[run] boot $boot: a fresh boot after case $last_idx $name (the box unusable, or lockdep off); resuming from $next"
		printf '%s\t%s\treboot\t%s\t%s\t%s\t%s\n' $boot $start "$last_idx" "$name" "${end#* }" \
			"${console##*/}" >>"$results/boots.tsv"
		start=$next
		[ $boot -lt 50 ] && [ "$start" -le "$(tail -n 1 "$results/planned.tsv" | cut -f1)" ] && continue
		break
	fi
	if [ -f "$results/done" ]; then
		printf '%s\t%s\tcomplete\t-1\t-\t%s\t%s\n' $boot $start "${end#exit }" "${console##*/}" >>"$results/boots.tsv"
		break
	fi
	reason=${end%% *}
	[ "$reason" = exit ] && reason="no-result"
	if [ -n "$last_idx" ] && ! cut -f1 "$results/cases.tsv" 2>/dev/null | grep -qx "$last_idx"; then
		name=$(cut -f3 <<<"$last")
		echo "[run] boot $boot ended ($end) in case $last_idx $name; resuming after it"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $boot $start "$reason" "$last_idx" "$name" \
			"${end#* }" "${console##*/}" >>"$results/boots.tsv"
		start=$((last_idx + 1))
		[ $boot -lt 50 ] && [ "$start" -le "$(tail -n 1 "$results/planned.tsv" | cut -f1)" ] && continue
		break
	fi
	echo "[run] boot $boot ended ($end) outside any case; see $console"
	tail -n 15 "$console" | sed 's/^/[console] /'
	printf '%s\t%s\t%s\t-1\t-\t%s\t%s\n' $boot $start "$reason" "${end#* }" "${console##*/}" >>"$results/boots.tsv"
	status=1
	break
done

"$here/recheck.sh" "$results" || status=1
exit $status
}
