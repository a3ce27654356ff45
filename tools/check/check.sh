#!/bin/bash
# check.sh: judge someone else's dm510_msgbox.c (make check IMPL=...).
#
#   check.sh --impl FILE [--header FILE] [--kernel 6.1] [--flavour debug]
#            [--profile strict|lenient] [--put NAME --get NAME] [--compat]
#            [--results DIR] [--cases GLOBS] [--impl-as auto|module|built-in]
#
# Stages the file (headers it includes by an author's absolute path, or
# HEADER, are inlined; COMPAT=1 prepends a shim for the 4.x/5.x uaccess
# API), finds its entry points (SYSCALL_DEFINE2(dm510_msgbox_put, ...),
# asmlinkage ... sys_dm510_msgbox_put(...), or PUT=/GET=), builds it - into
# the kernel incrementally (--impl-as built-in), or as a module against one
# built kernel whose two syscalls call whatever module registers (auto,
# the default, or module: kernel-patch/module/, the module swap, no
# relink; under auto a file that does not build or load as a module is
# built in) - and verdict.tsv's "built" row says which way it
# was judged. Then it runs the whole suite - as an unprivileged user when
# started as root, since foreign code in UML can do whatever the user
# running UML can - and writes RESULTS/verdict.tsv. The kernel tree gets
# the reference back afterwards, also on failure or Ctrl-C.
# Exit: 0 passed, 1 findings, 2 bad input, 3 does not compile / no entry.
{
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$top/build}
results=
die() {
	echo "check: $*" >&2
	# every exit path leaves a verdict once the results directory is ours
	[ -n "$results" ] && [ -f "$results/.msgbox-torture" ] && [ ! -f "$results/verdict.tsv" ] && verdict error "$*"
	exit 2
}

impl= header= kver=6.1 flavour=debug profile=strict put= get= compat= results= only= impl_as=auto
while [ $# -gt 0 ]; do
	case $1 in
	--impl) impl=$2 ;; --header) header=$2 ;; --kernel) kver=$2 ;; --flavour) flavour=$2 ;;
	--profile) profile=$2 ;; --put) put=$2 ;; --get) get=$2 ;; --results) results=$2 ;;
	--cases) only=$2 ;; --impl-as) impl_as=$2 ;; --compat) compat=1; shift; continue ;;
	*) die "unknown option $1" ;;
	esac
	shift 2 || die "option $1 needs a value"
done
[ -n "$impl" ] || die "IMPL=path/to/dm510_msgbox.c is required"
case $impl_as in auto | module | built-in) ;; *) die "IMPL_AS=$impl_as: use auto, module or built-in" ;; esac
[ -f "$impl" ] || die "IMPL=$impl: no such file"
[ -z "$header" ] || [ -f "$header" ] || die "HEADER=$header: no such file"
{ [ -n "$put" ] && [ -z "$get" ]; } || { [ -z "$put" ] && [ -n "$get" ]; } && die "give both PUT= and GET=, or neither"
pkg=$(awk -v k="$kver" '$1 == k { print $4 }' "$top/kernel-patch/versions.tsv")
[ -n "$pkg" ] || die "unknown KERNEL=$kver"
name=$(basename "$(dirname "$(realpath "$impl")")")-$(basename "$impl" .c)
results=${results:-$BUILD/results/check-$name-$kver-$flavour-$profile}
# one staging folder per file, kernel, flavour and profile: two checks of
# one file at once (both profiles) do not share one
stage=$BUILD/check/$name-$kver-$flavour-$profile
built=
verdict() {
	printf 'status\t%s\ndetail\t%s\nimpl\t%s\nkernel\t%s\n' "$1" "$2" "$impl" "$kver" >"$results/verdict.tsv"
	[ -z "$built" ] || printf 'built\t%s\n' "$built" >>"$results/verdict.tsv"
}
# A fresh, empty results directory before anything else: no verdict of an
# earlier run can survive this one, whatever way it ends.
. "$top/boot/results-dir.sh"
fresh_results "$results" || { results=; exit 2; }
results=$(cd "$results" && pwd)
mkdir -p "$stage" || die "cannot create $stage"
trap '[ -f "$results/verdict.tsv" ] || verdict error "check stopped before it reached a verdict"' EXIT

# --- stage: inline the headers it includes --------------------------------
staged=$stage/dm510_msgbox.c
"$here/stage-impl.sh" "$impl" "$header" "$compat" >"$staged" 2>"$stage/stage.err"
case $? in
0) ;;
3) verdict no-entry "$(head -n 1 "$stage/stage.err")"; cat "$stage/stage.err" >&2; exit 3 ;;
*) verdict refused "$(head -n 1 "$stage/stage.err")"; cat "$stage/stage.err" >&2; exit 2 ;;
esac

# --- entry points (find-entries.sh; aliases appended to the staged file) ---
entries=$("$here/find-entries.sh" "$staged" "$impl" $put $get 2>"$stage/entries.err")
case $? in
0) { read -r put; read -r get; read -r entries; } <<<"$entries" ;;
3) msg=$(head -n 1 "$stage/entries.err"); verdict no-entry "$msg"; echo "check: $msg" >&2; exit 3 ;;
*) die "$(head -n 1 "$stage/entries.err")" ;;
esac
old_api=
grep -Eq 'VERIFY_(READ|WRITE)|access_ok\s*\([^,()]*,[^,()]*,' "$impl" && old_api=1
echo "[check] $impl: entry points $entries${old_api:+, written for 4.x/5.x kernels}${compat:+ (COMPAT shim used)}"

# --- from here on the kernel tree may hold foreign code: ours back at exit -
src=$BUILD/src/$pkg
held= # the tree's lock (lock_tree): only its holder builds in the tree or puts it back
restore() {
	[ -n "$held" ] && [ -d "$src" ] && "$top/kernel-patch/prepare-tree.sh" "$src" "$kver" >/dev/null 2>&1
}
trap 'restore; [ -f "$results/verdict.tsv" ] || verdict error "check stopped before it reached a verdict"' EXIT
trap 'restore; echo "check: interrupted; the kernel tree holds the reference again" >&2; exit 130' INT TERM

# A compile error in the submitted file (or in a header it pulls in, or a
# header that does not exist) is always "does not compile": exit 3 with
# its first errors. Any error at all when @2 (who compiled it) says the log
# is the file's own compile.
no_compile() {
	local log=$1 own=${2:-} first why missing
	first=$(grep -m 8 -E 'dm510_msgbox\.c:[0-9]+:[0-9]+: (error|fatal error)' "$log" 2>/dev/null |
		sed "s|^.*/dm510_msgbox\.c:|dm510_msgbox.c:|")
	[ -z "$first" ] && [ -n "$own" ] && first=$(grep -m 8 -i 'error' "$log" | sed "s|^.*/dm510_msgbox\.c:|dm510_msgbox.c:|")
	[ -n "$first" ] || return 0
	why="does not compile on $kver"
	missing=$(sed -n 's/^.*fatal error: \([^:]*\): No such file or directory$/\1/p' <<<"$first" | head -n 1)
	[ -n "$missing" ] && why="$why: missing header $missing"
	[ -n "$old_api" ] && [ -z "$compat" ] && why="$why (written for 4.x/5.x kernels: three-argument access_ok / VERIFY_READ; COMPAT=1 supplies a shim)"
	verdict no-compile "$why: $(head -n 1 <<<"$first")"
	echo "check: $impl $why${own:+ $own}; first errors:" >&2
	sed 's/^/    /' <<<"$first" >&2
	exit 3
}

# As root, foreign code is compiled by root only after the unprivileged
# user compiled it (tools/check/compile-as-user.sh): what it reads, that
# user may read. The probe replays kbuild's recorded command, so a tree
# that never built the implementation builds the reference first.
kb=$BUILD/$kver-$flavour
# The kernel tree is shared by every check of this build world (make grade
# -jN, tests/test_corpus.sh CORPUS_JOBS=): one at a time builds in it,
# holding fd 8 on $kb.lock from the reference build to the harness (every
# build in between ends before check.sh goes on; what runs as the grader
# user gets neither fd 8 nor fd 9), and runs what it built from a copy of
# its own (stage/linux) after the tree has the reference back; so checks
# overlap only where they run UML.
lock_tree() {
	mkdir -p "$BUILD" && exec 8>"$kb.lock" || die "cannot create $kb.lock"
	if ! flock -n 8; then
		echo "[check] waiting for the kernel tree ${kb#"$top"/}: another check is building in it"
		flock 8 || die "cannot lock $kb.lock"
	fi
	held=1
}
unlock_tree() {
	restore
	held=
	exec 8>&-
}
lock_tree
# A grader user of our own for this run: the first free slot of eight, held
# (fd 9, not passed on to what runs as that user) until check.sh exits.
user=
take_grader() {
	local n
	for n in 0 1 2 3 4 5 6 7; do
		exec 9>"/tmp/.msgbox-grader-$n.lock" || continue
		if flock -n 9; then
			user=$("$top/ci/grader-user.sh" "$n") || die "cannot create the unprivileged user msgbox-grader-$n"
			return 0
		fi
		exec 9>&-
	done
	die "eight make checks run as root already (grader users msgbox-grader-0..7 all busy); wait for one to end"
}
if [ "$(id -u)" = 0 ]; then
	take_grader
	[ -f "$kb/arch/um/kernel/.dm510_msgbox.o.cmd" ] || "$top/kernel-patch/build-kernel.sh" "$kver" "$flavour" ||
		die "building the reference kernel failed (see $kb/make.log)"
	echo "[check] compiling $(basename "$impl") as $user"
	"$here/compile-as-user.sh" "$kb" "$staged" "$user" "$stage/compile-as-user.log" 9>&- 8>&-
	case $? in
	0) ;;
	1) no_compile "$stage/compile-as-user.log" "(compiled as the unprivileged user $user)"
	   verdict error "compiling as $user failed without a compiler error (see $stage/compile-as-user.log)"
	   exit 2 ;;
	*) [ "${MT_ALLOW_ROOT_UML:-}" = 1 ] ||
		die "the unprivileged user $user cannot compile it (see above): make the path traversable, or set MT_ALLOW_ROOT_UML=1 to compile and run as root (trusted code only)"
	   echo "check: WARNING: compiling as root only (MT_ALLOW_ROOT_UML=1)" >&2 ;;
	esac
fi

# --- the module swap: the file as a module against one built kernel -------
# (kernel-patch/module/). Any step that fails makes it a built-in kernel
# of its own, as before, unless --impl-as module asked for a module only.
linux=$kb/linux mod=$stage/mod ko=
not_module() {
	[ "$impl_as" = module ] && { built="module: failed: $1"; die "IMPL_AS=module: $1"; }
	echo "[check] built in instead of as a module: $1"
	built="built-in (as a module: $1)"
}
if [ "$impl_as" != built-in ]; then
	if ! "$top/kernel-patch/build-kernel.sh" "$kver" "$flavour" --modhost; then
		not_module "the module host kernel did not build (see $kb/make.log)"
	elif "$here/stage-module.sh" "$staged" "$src" "$kb" "$mod" 2>"$stage/module.err"; then
		built=module linux=$kb/linux-modhost ko=$mod/dm510_msgbox.ko
		echo "[check] built as a module against ${kb#"$top"/}/linux-modhost"
	else
		not_module "$(head -n 1 "$stage/module.err")"
	fi
else
	built="built-in (IMPL_AS=built-in)"
fi
build_in() {
	if ! "$top/kernel-patch/build-kernel.sh" "$kver" "$flavour" "$staged"; then
		no_compile "$kb/make.log"
		verdict error "the kernel build failed for another reason (see $kb/make.log)"
		exit 2
	fi
	# the next check's build replaces $kb/linux: run a copy of this one
	cp "$kb/linux" "$stage/linux.tmp" && mv "$stage/linux.tmp" "$stage/linux" || die "cannot copy $kb/linux to $stage"
	linux=$stage/linux ko=
}
[ "$built" = module ] || build_in
make -C "$top" --no-print-directory harness KERNEL="$kver" FLAVOUR="$flavour" B="$BUILD" >/dev/null ||
	die "building the harness failed"
unlock_tree

# --- run, unprivileged --------------------------------------------------------
run=("$top/boot/run-suite.sh" --harness "$kb/mt/msgbox-torture" --init "$kb/mt/uml-init"
	--results "$results" --kernel "$kver" --flavour "$flavour" --profile "$profile"
	--repro "make check IMPL=$impl${header:+ HEADER=$header} KERNEL=$kver PROFILE=$profile${put:+ PUT=$put GET=$get}${compat:+ COMPAT=1}")
[ -n "$only" ] && run+=(--only "$only")
# the unprivileged run gets a fresh environment: MT_PARTS as an option
[ -n "${MT_PARTS:-}" ] && run+=(--parts "$MT_PARTS")
# The functions the file defines, for the leak oracle's backtraces (course
# code names them as it likes): at most 40, on the kernel command line.
syms=$("$here/impl-syms.sh" "$staged")
[ -n "$syms" ] && run+=(--boot-arg "MT_IMPL_SYMS=$syms")
# run_suite: the suite, on $linux (and with the module $ko, if any)
run_suite() {
	local args=("${run[@]}" --linux "$linux")
	[ -n "$ko" ] && args+=(--boot-arg "MT_MODULE=$ko")
	if [ -n "$user" ]; then
		chown "$user:" "$results"
		as_user=(setpriv --reuid="$user" --regid="$user" --clear-groups --reset-env -- env PATH="$PATH" BUILD="$BUILD")
		# The user must reach the kernel, the module, the harness, the tables and the results.
		if "${as_user[@]}" sh -c 'test -x "$1" && test -r "$2" && test -w "$3" && { [ -z "$4" ] || test -r "$4"; }' sh \
			"$linux" "$top/cases/functional.tsv" "$results" "$ko" 2>/dev/null; then
			"${as_user[@]}" "${args[@]}" 9>&-
		elif [ "${MT_ALLOW_ROOT_UML:-}" = 1 ]; then
			echo "check: WARNING: $user cannot reach $top or $results; running UML as root (MT_ALLOW_ROOT_UML=1)" >&2
			"${args[@]}"
		else
			# never silently as root: foreign code runs unprivileged or not at all
			die "the unprivileged user $user cannot reach $top or $results (a parent directory without o+x?): make the path traversable, or set MT_ALLOW_ROOT_UML=1 to run UML as root (trusted code only)"
		fi
	else
		"${args[@]}"
	fi
}
run_suite
rc=$?
# A module that built but did not load (uml-init wrote module-failed in a
# part's results: a symbol the kernel lacks, an init that failed): built
# in and run again, from an emptied results directory.
failed_load=$(find "$results" -name module-failed -exec cat {} + 2>/dev/null | head -n 1)
if [ "$built" = module ] && [ -n "$failed_load" ]; then
	[ "$impl_as" = module ] && { built="module: it did not load: ${failed_load#*: }"; die "IMPL_AS=module: the module did not load: $failed_load"; }
	echo "[check] the module did not load ($failed_load): building it in and running again"
	built="built-in (as a module it did not load: ${failed_load#*: })"
	[ -n "$user" ] && pkill -KILL -u "$user" 2>/dev/null
	lock_tree
	build_in
	unlock_tree
	run_suite # run-suite.sh empties the results directory first
	rc=$?
fi
# The results are the host's from here on: whatever the guest left running
# as this run's user is killed (the slot is ours alone), and the directory
# is root's, so nothing the foreign code started can rewrite it while the
# verdict and the pages are made from it, or later.
if [ -n "$user" ]; then
	pkill -KILL -u "$user" 2>/dev/null
	chown -R root:root "$results" && chmod -R go-w "$results"
fi
# --- verdict ----------------------------------------------------------------------
notes=
grep -q 'needs /proc/dm510_msgbox\|no /proc/dm510_msgbox' "$results/cases.tsv" 2>/dev/null &&
	notes="$notes; no /proc/dm510_msgbox: the box counters and limits were not used as oracles"
grep -qE 'no such runtime parameter|cannot set max' "$results/cases.tsv" 2>/dev/null &&
	notes="$notes; no runtime limits: cases that need them were skipped"
[ -n "$old_api" ] && notes="$notes; written for 4.x/5.x kernels${compat:+ (judged with the COMPAT shim)}"
failed=$(grep -c . "$results/failures.tsv" 2>/dev/null)
# A case n/a on this kernel (status n/a: the flavour is built without what
# it needs, e.g. fault injection or kmemleak on perf) did not run: neither a
# pass nor a skip; it makes no verdict incomplete, the detail counts it.
na=$(awk -F'\t' '$3 == "n/a"' "$results/cases.tsv" 2>/dev/null | wc -l)
[ "$na" -gt 0 ] && notes="$notes; $na case(s) n/a on $flavour (the kernel lacks what they need): not judged, neither passed nor skipped"
# A skipped case is an oracle that could not look: not a pass (exit 4).
skipped=$(awk -F'\t' '$3 == "skip"' "$results/cases.tsv" 2>/dev/null | wc -l)
why=$(awk -F'\t' '$3 == "skip" && !seen[$7]++ {printf "%s%s", n++ ? "; " : "", $7}' "$results/cases.tsv" 2>/dev/null |
	cut -c1-300)
if [ $rc -eq 0 ] && [ "$skipped" -gt 0 ]; then
	verdict incomplete "no case failed, but $skipped case(s) could not be judged: $why$notes"
	echo "check: incomplete: $skipped case(s) could not be judged ($why)" >&2
	rc=4
elif [ $rc -eq 0 ]; then
	applied=
	[ "$na" -gt 0 ] && applied=" that apply"
	verdict pass "all cases$applied passed$notes"
else
	verdict findings "${failed:-?} failing case(s)$notes"
fi
# report.html again, now with the verdict and the file's name (the run's
# mt-report wrote it before there was a verdict.tsv)
[ -f "$results/boots.tsv" ] && "${MT_BIN:-$top/build/bin}/mt-report" --results "$results" --verdict
exit $rc
}
