#!/bin/bash
# run-suite.sh: boot the UML kernel until every selected case has run.
#
#   run-suite.sh --linux build/6.1-debug/linux --harness BIN --init BIN
#                --results DIR --kernel 6.1 --flavour debug
#                [--cases FILE]... [--scenarios FILE]... [--no-cases]
#                [--only GLOBS] [--profile P] [--mem M]
#                [--timeout S] [--case-timeout S] [--boot-arg ARG]...
#                [--seed N] [--ops N] [--workers N] [--stress-timeout S]
#                [--repro CMD] [--parts 1|2|auto]
#
# --parts 2 (auto, the default: 2 where there are two cores; MT_PARTS
# gives it too) runs the suite in two kernels at once, see below.
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
seed= ops= workers= stress_timeout=1800 parts=${MT_PARTS:-auto}
while [ $# -gt 0 ]; do
	case $1 in
	--linux) linux=$2 ;; --harness) harness=$2 ;; --init) init=$2 ;;
	--results) results=$2 ;; --kernel) kver=$2 ;; --flavour) flavour=$2 ;;
	--cases) cases+=("$2") ;; --only) only=$2 ;; --profile) profile=$2 ;;
	--mem) mem=$2 ;; --timeout) timeout=$2 ;; --case-timeout) case_timeout=$2 ;;
	--boot-arg) boot_args+=("$2") ;; --repro) repro=$2 ;;
	--scenarios) scenarios+=("$2") ;; --seed) seed=$2 ;; --ops) ops=$2 ;;
	--workers) workers=$2 ;; --stress-timeout) stress_timeout=$2 ;; --parts) parts=$2 ;;
	--no-cases) no_cases=1; shift; continue ;;
	*) die "unknown option $1" ;;
	esac
	shift 2 || die "option $1 needs a value"
done
case $parts in 1 | 2 | auto) ;; *) die "--parts must be 1, 2 or auto, not '$parts'" ;; esac
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

# run_part DIR FIRST STOP LAST [TAG]: boot until the cases from index
# FIRST to LAST (the last planned one; the harness stops before STOP, 0:
# at the end of the tables) have run, into DIR (its own boots.tsv, progress,
# cases.tsv, console-N.log). Returns 1 when a boot ended outside any case.
run_part() {
	local dir=$1 start=$2 stop=$3 lastp=$4 tag=${5:-} boot=0 st=0 console bpid end last last_idx next name reason
	printf '# boot\tstart\tend\tkiller_idx\tkiller_name\texit\tconsole\n' >"$dir/boots.tsv"
	while :; do
		boot=$((boot + 1))
		console=$dir/console-$boot.log
		rm -f "$dir/done" "$dir/resume"
		echo "[run]$tag boot $boot: from case index $start"
		MT_STALL_S=$((case_timeout + 30)) MT_STALL_FILES="$dir/progress $dir/cases.tsv $dir/stress.progress" \
			"$here/boot-uml.sh" "$linux" "$console" "$timeout" \
			mem="$mem" init="$init" uml_dir="$dir/.uml" kasan_multi_shot printk.devkmsg=on \
			MT_HARNESS="$harness" MT_RESULTS="$dir" ${case_list:+MT_CASES="$case_list"} \
			${scen_list:+MT_SCENARIOS="$scen_list"} MT_STRESS_TIMEOUT="$stress_timeout" "${stress_args[@]}" \
			MT_START="$start" ${stop:+MT_STOP="$stop"} MT_BOOT="$boot" MT_PROFILE="$profile" MT_TIMEOUT="$case_timeout" \
			${only:+MT_ONLY="$only"} "${boot_args[@]}" >"$dir/.end" &
		bpid=$!
		# polled every 0.2 s, so the boot's end is seen at once (a 1 s sleep
		# lost half a second a boot); the progress lines at most once a second
		local shown=-1 shown_stress= tick=0 n s
		while kill -0 $bpid 2>/dev/null; do
			sleep 0.2
			[ $((tick++ % 5)) = 4 ] || continue
			# the second part speaks once the first is over
			[ -n "$tag" ] && [ ! -f "$results/.part1-over" ] && continue
			n=$(cat "$results/cases.tsv" ${part2:+"$part2/cases.tsv"} 2>/dev/null | wc -l)
			if [ "$n" != "$shown" ]; then
				echo "[run] cases done: $n/$total"
				shown=$n
			fi
			s=$(cat "$dir/stress.progress" 2>/dev/null)
			if [ -n "$s" ] && [ "$s" != "$shown_stress" ]; then
				echo "[run] $s"
				shown_stress=$s
			fi
		done
		wait $bpid
		end=$(cat "$dir/.end")
		# The last case begun that left no result is the one that killed the kernel.
		last=$(tail -n 1 "$dir/progress" 2>/dev/null)
		last_idx=$(cut -f2 <<<"$last")
		# The harness asks for a fresh boot when the box became unusable (a
		# message that never leaves, a caller stuck in the kernel) or lockdep
		# turned itself off (its first report: later lock bugs would go unseen).
		if [ -f "$dir/resume" ]; then
			next=$(cat "$dir/resume") name=$(cut -f3 <<<"$last")
			rm -f "$dir/resume"
			echo "[run]$tag boot $boot: a fresh boot after case $last_idx $name (the box unusable, or lockdep off); resuming from $next"
			printf '%s\t%s\treboot\t%s\t%s\t%s\t%s\n' $boot $start "$last_idx" "$name" "${end#* }" \
				"${console##*/}" >>"$dir/boots.tsv"
			start=$next
			[ $boot -lt 50 ] && [ "$start" -le "$lastp" ] && continue
			break
		fi
		if [ -f "$dir/done" ]; then
			printf '%s\t%s\tcomplete\t-1\t-\t%s\t%s\n' $boot $start "${end#exit }" "${console##*/}" >>"$dir/boots.tsv"
			break
		fi
		reason=${end%% *}
		[ "$reason" = exit ] && reason="no-result"
		if [ -n "$last_idx" ] && ! cut -f1 "$dir/cases.tsv" 2>/dev/null | grep -qx "$last_idx"; then
			name=$(cut -f3 <<<"$last")
			echo "[run]$tag boot $boot ended ($end) in case $last_idx $name; resuming after it"
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $boot $start "$reason" "$last_idx" "$name" \
				"${end#* }" "${console##*/}" >>"$dir/boots.tsv"
			start=$((last_idx + 1))
			[ $boot -lt 50 ] && [ "$start" -le "$lastp" ] && continue
			break
		fi
		echo "[run]$tag boot $boot ended ($end) outside any case; see $console"
		tail -n 15 "$console" | sed 's/^/[console] /'
		printf '%s\t%s\t%s\t-1\t-\t%s\t%s\n' $boot $start "$reason" "${end#* }" "${console##*/}" >>"$dir/boots.tsv"
		st=1
		break
	done
	return $st
}

# Two parts at once (MT_PARTS=2, two cores): every case starts from a box
# proved empty, so the suite can run in two kernels side by side, the
# first part from the probe through MT_SPLIT_AFTER (a leaks.* case: each
# kmemleak scan sees its own kernel, so a group and its scan stay
# together, leaks.faults after the nth.* sweeps, leaks.exhaust after the
# exhaustion), the second from there to the end, with the conventions
# the first part's probe learned. Merged afterwards in catalogue order:
# the second part's boots follow the first's (console-N.log, boots.tsv).
# After leaks.faults (session 18): the second part is the exhaustion,
# its scan and the stress, which run after each other as in one part;
# the exhaustion fills a fresh kernel's memory instead of one that ran
# 158 cases. That evens the two kernels: the reference's warm check had
# kernel 1 at 17 s and the stress kernel at 10 s when split after
# leaks.exhaust. (In session 16, split after leaks.memory,
# enoent-cap128's exhaust.memory.own-limits timed out at 30 s at load 12
# in either split; it has stopped at 98304 messages since, 11 s at load 3.)
[ "$parts" = auto ] && { [ "$(nproc)" -ge 2 ] && parts=2 || parts=1; }
split_after=${MT_SPLIT_AFTER:-leaks.faults} part2= split=
last_planned=$(tail -n 1 "$results/planned.tsv" | cut -f1)
if [ "$parts" = 2 ]; then
	split=$(awk -F'\t' -v n="$split_after" '$2 == n {print $1}' "$results/planned.tsv")
	[ -n "$split" ] && [ "$split" -lt "$last_planned" ] || split=
fi
status=0
if [ -z "$split" ]; then
	run_part "$results" 0 "" "$last_planned" || status=1
else
	part2=$results/.part2
	mkdir "$part2" || die "cannot create $part2"
	first2=$(awk -F'\t' -v k="$split" '$1 > k {print $1; exit}' "$results/planned.tsv")
	echo "[run] two kernels at once: cases 0-$split, and $first2-$last_planned"
	(
		# the probe's conventions first, when it is planned (a resumed
		# boot judges with conventions.tsv)
		if [ "$(head -n 1 "$results/planned.tsv" | cut -f2)" = conventions ]; then
			while [ ! -f "$results/.part1-over" ] && ! cut -f2 "$results/cases.tsv" 2>/dev/null | grep -qx conventions; do
				sleep 0.1
			done
			cp "$results/conventions.tsv" "$part2/" 2>/dev/null
		fi
		run_part "$part2" "$first2" "" "$last_planned" " part 2:"
	) &
	p2=$!
	run_part "$results" 0 $((split + 1)) "$split" || status=1
	touch "$results/.part1-over"
	wait $p2 || status=1
	# merge: cases in catalogue order, the second part's boots after the
	# first's (tests/test_merge_parts.sh checks it without a kernel)
	"$here/merge-parts.sh" "$results" "$part2" || { status=1; echo "[run] the second part is left unmerged in $part2"; }
	rm -f "$results/.part1-over"
fi

"$here/recheck.sh" "$results" || status=1
exit $status
}
