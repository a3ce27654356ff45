#!/bin/bash
# stage-module.sh STAGED.c SRC OUT MODDIR
#
# The module swap (make check IMPL_AS=module or auto): builds a staged
# dm510_msgbox.c (stage-impl.sh and find-entries.sh already ran, so it
# defines sys_dm510_msgbox_put/get) as the module dm510_msgbox.ko in
# MODDIR, against the kernel tree SRC built in OUT, with kbuild's own
# flags for external modules (KASAN, lockdep and the rest as for the
# kernel's own objects). kernel-patch/module/module_pre.h goes first (the
# file's initcall becomes the glue's to run), module_glue.c last (it
# registers the entry points with the kernel's dispatcher). OUT's
# Module.symvers (build-kernel.sh --modhost) names what the dispatcher
# kernel exports; with it modpost fails on a call of anything the kernel
# does not export (without it, modpost only warns), so such a file fails
# here, not at load.
# Exit 0: MODDIR/dm510_msgbox.ko built; 1: not built, one line on stderr
# (the first error); 2: bad usage.
set -u
[ $# -eq 4 ] || { echo "usage: stage-module.sh STAGED.c SRC OUT MODDIR" >&2; exit 2; }
staged=$1 src=$2 out=$3 mod=$4
here=$(cd "$(dirname "$0")" && pwd)
glue=$here/../../kernel-patch/module
[ -f "$staged" ] && [ -f "$out/Module.symvers" ] && [ -x "$out/linux-modhost" ] ||
	{ echo "stage-module: $staged, $out/Module.symvers or $out/linux-modhost missing (build-kernel.sh --modhost)" >&2; exit 2; }
rm -rf "$mod" && mkdir -p "$mod" || { echo "stage-module: cannot create $mod" >&2; exit 2; }
# make -C SRC: the other paths must not be relative to here
src=$(cd "$src" && pwd) out=$(cd "$out" && pwd) mod=$(cd "$mod" && pwd)
{
	cat "$staged"
	printf '\n/* msgbox-torture: the module glue */\n#line 1 "module_glue.c"\n'
	cat "$glue/module_glue.c"
} >"$mod/dm510_msgbox.c"
cp "$glue/module_pre.h" "$mod/"
printf 'obj-m := dm510_msgbox.o\nccflags-y := -include $(src)/module_pre.h\n' >"$mod/Kbuild"
if make -C "$src" O="$out" ARCH=um M="$mod" modules >"$mod/build.log" 2>&1 && [ -f "$mod/dm510_msgbox.ko" ]; then
	exit 0
fi
# modpost's "ERROR: modpost: "sym" [path.ko] undefined!": said in words
unexp=$(sed -n 's/^.*modpost: "\([^"]*\)" \[.*\] undefined!$/\1/p' "$mod/build.log" | paste -sd, - | sed 's/,/, /g')
if [ -n "$unexp" ]; then
	echo "it calls $unexp, which the kernel does not export (modpost)" >&2
	exit 1
fi
why=$(grep -m 1 -E 'error|ERROR|undefined' "$mod/build.log" | sed "s|^.*/dm510_msgbox\.c:|dm510_msgbox.c:|")
echo "${why:-the module build failed (see $mod/build.log)}" >&2
exit 1
