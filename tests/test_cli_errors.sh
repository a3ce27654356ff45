#!/bin/bash
# Bad input to our own tools gets one line that says what to do, and a
# non-zero exit. Each check runs a real command; run from the repo root.
# B=dir: the build world whose 6.1 kernel and harness it uses (as make's B).
{ # read whole before running: editing it mid-run is safe
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
pass=0 fail=0
check() { # name expected-exit needle command...
	local name=$1 want=$2 needle=$3 out rc lines
	shift 3
	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(grep -c . <<<"$out")
	if [ "$rc" = "$want" ] && [ "$lines" = 1 ] && grep -qF -- "$needle" <<<"$out"; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name: exit $rc (want $want), $lines line(s) of stderr (want 1), want '$needle':"
		sed 's/^/    /' <<<"$out"
		fail=$((fail + 1))
	fi
}

check "unknown KERNEL" 2 "unknown KERNEL=5.4; use one of: 6.1 6.12" make --no-print-directory run KERNEL=5.4
check "unknown FLAVOUR" 2 "unknown FLAVOUR=fast; use debug or perf" make --no-print-directory run FLAVOUR=fast
check "unknown PROFILE" 2 "unknown PROFILE=loose" make --no-print-directory run PROFILE=loose
check "unknown MUTANT" 2 "unknown MUTANT=nope" make --no-print-directory run MUTANT=nope
check "IMPL= outside check" 2 "IMPL= is read only by make check" make --no-print-directory run IMPL=tests/impls/course-int/dm510_msgbox.c
check "near-miss CASE=" 2 "did you mean CASES=?" make --no-print-directory run CASE='put.*'
check "near-miss FLAVOR=" 2 "did you mean FLAVOUR=?" make --no-print-directory check FLAVOR=perf IMPL=x.c
check "build-kernel: unknown kernel" 2 "unknown KERNEL=4.19" kernel-patch/build-kernel.sh 4.19 debug

tmp=$(mktemp -d)
chmod 755 "$tmp"
check "missing source tarball, not root" 2 "run: sudo apt-get install -y linux-source-6.1" \
	setpriv --reuid=65534 --regid=65534 --clear-groups env BUILD="$tmp/build" MT_SRC_DIR="$tmp/none" \
	kernel-patch/build-kernel.sh 6.1 debug
check "prepare-tree: unrecognised tree" 2 "is not a kernel tree" kernel-patch/prepare-tree.sh "$tmp" 6.1

# A damaged .config of a built kernel (restored exactly afterwards).
cfg=$B/6.1-debug/.config
if [ -f "$cfg" ] && [ -f $B/6.1-debug/.mt-config ]; then
	cp -p "$cfg" "$tmp/config" && cp -p $B/6.1-debug/.mt-config "$tmp/mt-config"
	sed -i '/^CONFIG_KASAN=y$/d' "$cfg"
	check "damaged .config" 2 "lacks CONFIG_KASAN=y" env BUILD="$(realpath "$B")" kernel-patch/build-kernel.sh 6.1 debug
	cp -p "$tmp/config" "$cfg" && cp -p "$tmp/mt-config" $B/6.1-debug/.mt-config
else
	echo "ok - damaged .config # SKIP no built 6.1 debug kernel"
fi

h=$B/6.1-debug/mt/msgbox-torture
if [ -x "$h" ]; then
	check "harness: unknown option" 2 "unknown option" "$h" --frobnicate
	check "harness: no table" 2 "no case table given" "$h"
	printf 'x\tput\tvalid\t1\tempty\t-\t0\t0\tsideways\n' >"$tmp/bad.tsv"
	check "harness: bad table row" 2 "bad.tsv:1: case x: effect must be" "$h" --cases "$tmp/bad.tsv" --list
	check "run-suite: no case matches" 2 "no case matches CASES='zzz*'" boot/run-suite.sh \
		--linux $B/6.1-debug/linux --harness "$h" --init $B/6.1-debug/mt/uml-init \
		--results "$tmp/r" --kernel 6.1 --flavour debug --only 'zzz*'
fi
rm -rf "$tmp"
echo "cli errors: $pass passed, $fail failed"
[ $fail -eq 0 ]
exit
}
