#!/bin/bash
# mutants.sh: prove the harness by the bugs it catches.
#
#   tools/selftest/mutants.sh [KERNEL]
#       `make selftest`: the first four mutants of kernel-patch/mutants/expect.tsv
#       meant for KERNEL (default 6.1), default suite
#   tools/selftest/mutants.sh --all [--kernel K] [--only a,b] [--cases GLOBS]
#       `make mutants`: every mutant (or those named), each on the kernel its
#       row names (only K's with --kernel), with the fault catalogue too
#       (make run-mutant)
#
# For each mutant: build the reference with that one bug, run the suite,
# and check that every case its row lists failed (and, for case:class,
# that a console report of that class was tied to it). Then print the kill
# matrix (mutant x the cases, oracles and console classes that caught it;
# build/bin/mt-grade kills), also as RESULTS_ROOT/matrix.md (selftest.md for
# the selftest). A mutant that survives fails this script. The reference is
# built again at the end, so each kernel tree holds it afterwards.
#
# Results: $BUILD/results/mutants/KERNEL-NAME/ (BUILD: make's B, default build).
{ # the whole script is read before it runs: editing it mid-run is safe
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
die() { echo "mutants: $*" >&2; exit 2; }

all= kernel= only= cases=
while [ $# -gt 0 ]; do
	case $1 in
	--all) all=1; shift; continue ;;
	--kernel) kernel=$2 ;; --only) only=$2 ;; --cases) cases=$2 ;;
	-*) die "unknown option $1" ;;
	*) kernel=$1; shift; continue ;;
	esac
	shift 2 || die "option $1 needs a value"
done
[ -n "$all" ] || kernel=${kernel:-6.1}
root=${BUILD:-$top/build}/results/mutants
mkdir -p "$root"
expect=kernel-patch/mutants/expect.tsv

# The rows to run: name<TAB>kernel.
rows=$(awk -F'\t' -v k="$kernel" -v only=",$only," -v all="$all" '
	/^#/ || NF < 3 { next }
	k != "" && $2 != k { next }
	only != ",," && index(only, "," $1 ",") == 0 { next }
	{ print $1 "\t" $2; if (!all && ++n == 4) exit }' "$expect")
[ -n "$rows" ] || die "no mutant of $expect matches (kernel '${kernel:-any}', only '${only:-all}')"
names=$(cut -f1 <<<"$rows" | paste -sd, -)
grader=${MT_BIN:-$top/build/bin}/mt-grade
[ -x "$grader" ] || make --no-print-directory host-tools >/dev/null || die "cannot build $grader"

# All: the default suite plus the fault catalogue (make run-mutant); the
# selftest: the default suite (make run), to stay fast.
target=run
[ -n "$all" ] && target=run-mutant
# The selftest's mutants are all caught by the functional table: run only
# that (a few seconds a boot instead of minutes), so make test stays short.
[ -z "$all" ] && [ -z "$cases" ] && cases='abi.*,roundtrip.*,lifo.*,put.*,get.*,param.*'

kernels=
while IFS=$'\t' read -r name kver; do
	echo "[mutant] $name ($kver): $(head -n 1 "kernel-patch/mutants/$name.patch" | sed 's/^# //')"
	res=$root/$kver-$name
	# a mutant whose patch no longer applies or whose kernel does not build
	# must not be "killed" by an earlier run's results
	rm -rf "$res"
	mkdir -p "$root"
	start=$(date +%s)
	make --no-print-directory $target KERNEL="$kver" MUTANT="$name" RESULTS="$res" \
		${cases:+CASES="$cases"} </dev/null >"$res.log" 2>&1
	rc=$?
	failed=$(wc -l <"$res/failures.tsv" 2>/dev/null || echo "no report")
	echo "[mutant] $name: make $target exit $rc, failing cases: $failed ($(($(date +%s) - start)) s; log ${res#"$top"/}.log)"
	case " $kernels " in *" $kver "*) ;; *) kernels="$kernels $kver" ;; esac
done <<<"$rows"

# Leave each tree with the reference in it.
for kver in $kernels; do
	kernel-patch/build-kernel.sh "$kver" debug >/dev/null || echo "[mutant] rebuilding the reference ($kver) failed" >&2
done
md=$root/matrix.md
[ -n "$all" ] || md=$root/selftest.md
"$grader" kills --expect "$expect" --root "$root" --only "$names" --md "$md"
exit
}
