#!/bin/bash
# build-kernel.sh KERNEL FLAVOUR [IMPL.c [IMPL.h] | --modhost]
#
# Debian's kernel source -> our syscall -> a UML kernel, incrementally:
#   build/src/linux-source-KERNEL   unpacked once, patched (prepare-tree.sh)
#   build/KERNEL-FLAVOUR/           kbuild output (O=), .config, make.log,
#                                   linux (the UML kernel), mt_syscalls.h
# --modhost builds the module swap's kernel instead (kernel-patch/module/):
# the dispatcher in place of an implementation, kept as linux-modhost
# beside linux, with Module.symvers and what external modules need
# (modules_prepare), so that tools/check/stage-module.sh can build a file
# against it; a later build of an implementation in the same tree leaves
# linux-modhost as it is.
# Prints one line per stage; the full make output is in make.log, whose tail
# is printed when the build fails. Exit: 0 built, 1 build failed, 2 bad
# input (unknown kernel or flavour, missing source without root, options
# that did not survive olddefconfig).
{ # the whole script is read before it runs: editing it mid-run is safe
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$top/build}
die() { echo "build-kernel: $*" >&2; exit 2; }
stage() { printf '[kernel %s-%s] %s\n' "$kver" "$flavour" "$*"; }

[ $# -ge 2 ] || die "usage: build-kernel.sh KERNEL FLAVOUR [IMPL.c [IMPL.h] | --modhost]"
kver=$1 flavour=$2
modhost=
if [ "${3:-}" = --modhost ]; then
	modhost=1
	set -- "$1" "$2" "$here/module/dm510_dispatch.c"
fi
impl_c=${3:-$here/dm510_msgbox.c}
impl_h=${4:-$here/dm510_msgbox.h}
pkg=$(awk -v k="$kver" '$1 == k { print $4 }' "$here/versions.tsv")
[ -n "$pkg" ] || die "unknown KERNEL=$kver; use one of: $(awk '!/^#/ {printf "%s ", $1}' "$here/versions.tsv")"
# A flavour may add fragments to another: "debug+kcov" is debug.config, then
# kcov.config (its own build tree, build/KERNEL-debug+kcov).
for f in ${flavour//+/ }; do
	[ -f "$here/config/$f.config" ] || die "unknown FLAVOUR=$flavour; use debug or perf (or debug+kcov)"
done

tarball=${MT_SRC_DIR:-/usr/src}/$pkg.tar.xz
src=$BUILD/src/$pkg
out=$BUILD/$kver-$flavour
log=$out/make.log
deps="$pkg build-essential flex bison bc libelf-dev libssl-dev xz-utils"

# --- the source and the tools to build it --------------------------------
missing=
[ -f "$tarball" ] || [ -f "$src/.mt-unpacked" ] || missing=1
for t in gcc make flex bison bc xz; do command -v $t >/dev/null || missing=1; done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "build-kernel: $tarball or build tools missing; run: sudo apt-get install -y $deps" >&2
		exit 2
	fi
	stage "install: $deps"
	export DEBIAN_FRONTEND=noninteractive
	mkdir -p "$BUILD" || die "cannot create $BUILD"
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $deps; } >"$BUILD/apt.log" 2>&1 ||
		{ tail -5 "$BUILD/apt.log" >&2; die "apt-get install failed (log: $BUILD/apt.log)"; }
fi

# --- unpack once -----------------------------------------------------------
mkdir -p "$BUILD/src" "$out"
if [ ! -f "$src/.mt-unpacked" ]; then
	stage "unpack $tarball"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp"
	mv "$src.tmp/$pkg" "$src"
	rmdir "$src.tmp"
	touch "$src/.mt-unpacked"
fi

# What we feed the build: the options asked for, and a fingerprint of
# every input (the fast paths below compare them with the last good build).
frags="$here/config/base.config"
for f in ${flavour//+/ }; do
	frags="$frags $here/config/$f.config"
	[ -f "$here/config/$f-$kver.config" ] && frags="$frags $here/config/$f-$kver.config"
done
want=$(cat $frags | grep -E '^(CONFIG_|# CONFIG_.* is not set)' || true)
cfg_id=$(printf '%s\n%s\n' "$kver" "$want" | sha256sum | cut -c1-16)
fingerprint=$(cat "$impl_c" "$impl_h" "$here"/*.patch "$here"/prepare-tree.sh \
	"$here"/module/dm510_dispatch.h "$here"/versions.tsv "$here"/config/*.config |
	sha256sum | cut -c1-16)
# The module swap's kernel, up to date: the tree is left as it is (make
# check runs this before every module build; other checks of a course may
# be building modules against this tree meanwhile).
if [ -n "$modhost" ] && [ -x "$out/linux-modhost" ] && [ -f "$out/Module.symvers" ] &&
	[ "$(cat "$out/.mt-modhost" 2>/dev/null)" = "$fingerprint" ] &&
	[ "$(cat "$out/.mt-config" 2>/dev/null)" = "$cfg_id" ]; then
	stage "up to date: ${out#"$top"/}/linux-modhost"
	exit 0
fi

# --- patch (idempotent) ----------------------------------------------------
stage "patch $(basename "$impl_c")"
"$here/prepare-tree.sh" "$src" "$kver" "$impl_c" "$impl_h"

# --- configure -------------------------------------------------------------
kmake() { make -C "$src" O="$out" ARCH=um "$@"; }
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.mt-config" 2>/dev/null)" != "$cfg_id" ]; then
	stage "configure: defconfig + $(for f in $frags; do printf '%s ' "${f#"$here"/}"; done)"
	{ kmake defconfig && cat $frags >>"$out/.config" && kmake olddefconfig; } >"$out/config.log" 2>&1 ||
		{ tail -20 "$out/config.log" >&2; echo "build-kernel: configure failed (log: $out/config.log)" >&2; exit 1; }
fi
# Every option asked for must be in .config as asked (as kunit.py checks).
lost=
while IFS= read -r opt; do
	case $opt in
	"# CONFIG_"*) name=${opt#\# }; name=${name%% *}
		grep -q "^$name=" "$out/.config" && lost="$lost $name=n" ;;
	*) grep -qxF "$opt" "$out/.config" || lost="$lost $opt" ;;
	esac
done <<<"$want"
if [ -n "$lost" ]; then
	rm -f "$out/.mt-config"
	die "$out/.config lacks$lost (asked by kernel-patch/config/); fix the fragment or remove $out/.config"
fi
echo "$cfg_id" >"$out/.mt-config"

# --- what user space needs: the syscall numbers this kernel got, and the
# facilities its .config has (MT_HAS_*: a case that needs one this kernel
# was built without is "not applicable" here, harness/case_needs.h; one
# that needs a facility the kernel has but that fails at run time fails).
# Also on the fast path: a header of an older checkout gains them.
write_header() {
	local tbl=$src/arch/x86/entry/syscalls/syscall_64.tbl put_nr get_nr o has
	put_nr=$(awk '$3 == "dm510_msgbox_put" {print $1}' "$tbl")
	get_nr=$(awk '$3 == "dm510_msgbox_get" {print $1}' "$tbl")
	{
		echo "/* Generated by kernel-patch/build-kernel.sh from ${tbl#"$top"/} and .config. */"
		echo "#define MT_KERNEL \"$kver\""
		echo "#define MT_FLAVOUR \"$flavour\""
		echo "#define MT_NR_PUT $put_nr"
		echo "#define MT_NR_GET $get_nr"
		for o in FAULT_INJECTION FAILSLAB FAIL_PAGE_ALLOC FAULT_INJECTION_USERCOPY DEBUG_KMEMLEAK USERFAULTFD; do
			grep -q "^CONFIG_$o=y" "$out/.config" && has=1 || has=0
			echo "#define MT_HAS_$o $has"
		done
	} >"$out/mt_syscalls.h.tmp"
	cmp -s "$out/mt_syscalls.h.tmp" "$out/mt_syscalls.h" || mv "$out/mt_syscalls.h.tmp" "$out/mt_syscalls.h"
	rm -f "$out/mt_syscalls.h.tmp"
}

# Fast path: nothing we feed the build changed since the last good build
# (checked after .config, so a damaged .config is still caught).
if [ -x "$out/linux" ] && [ "$(cat "$out/.mt-built" 2>/dev/null)" = "$fingerprint" ]; then
	write_header
	stage "up to date: ${out#"$top"/}/linux"
	exit 0
fi

# Each build's log starts empty, so counts and stages are this build's.
: >"$log"

# --- compile and link, with progress ----------------------------------------
stage "compile (-j$(nproc), log: ${log#"$top"/})"
start=$(date +%s)
kmake -j"$(nproc)" linux >>"$log" 2>&1 &
mpid=$!
trap 'kill $mpid 2>/dev/null' INT TERM EXIT
shown=0 ticks=0
# Polled every 0.2 s (an incremental build of one file and the link takes
# about 10 s: waking every 5 s cost 2.5 s on average); a progress line at
# most every 5 s.
while kill -0 $mpid 2>/dev/null; do
	sleep 0.2
	ticks=$((ticks + 1))
	if [ $((ticks % 25)) = 0 ]; then
		n=$(grep -c '^  CC ' "$log" || true)
		if [ "$n" != "$shown" ]; then
			stage "compile: $n files compiled, $(($(date +%s) - start)) s"
			shown=$n
		fi
	fi
	if [ $((ticks % 5)) = 0 ] && [ "${linked:-}" != 1 ] && grep -q '^  LINK *linux$\|^  LD *vmlinux' "$log"; then
		stage "link"; linked=1
	fi
done
trap - INT TERM EXIT
if ! wait $mpid; then
	echo "---- last lines of $log ----" >&2
	grep -E 'error|Error' "$log" | head -20 >&2 || true
	tail -15 "$log" >&2
	echo "build-kernel: compile failed (full log: $log)" >&2
	exit 1
fi

write_header
echo "$fingerprint" >"$out/.mt-built"
if [ -n "$modhost" ]; then
	# what external modules are built against: the exports of this
	# kernel (the dispatcher's dm510_register_impl among them), modpost
	# and the module linker script
	rm -f "$out/.mt-modhost"
	stage "modules_prepare"
	kmake modules_prepare >>"$log" 2>&1 ||
		{ tail -15 "$log" >&2; echo "build-kernel: modules_prepare failed (full log: $log)" >&2; exit 1; }
	cp "$out/vmlinux.symvers" "$out/Module.symvers"
	cp "$out/linux" "$out/linux-modhost.tmp" && mv "$out/linux-modhost.tmp" "$out/linux-modhost"
	echo "$fingerprint" >"$out/.mt-modhost"
	stage "built ${out#"$top"/}/linux-modhost in $(($(date +%s) - start)) s"
	exit
fi
stage "built ${out#"$top"/}/linux in $(($(date +%s) - start)) s"
exit
}
