#!/bin/bash
# compile-as-user.sh KB FILE USER LOG: compile FILE the way kbuild compiles
# the implementation in the kernel tree KB (the command it recorded in
# arch/um/kernel/.dm510_msgbox.o.cmd), but as USER and into a scratch
# directory. check.sh lets root compile foreign code only after the
# unprivileged user could: an include or an assembler directive that
# reaches a file only root may read (/etc/shadow, a key) fails here, as
# "does not compile", instead of ending up in the kernel image or in the
# compiler's messages.
# Exit: 0 compiled, 1 did not (the compiler's messages in LOG), 2 the probe
# cannot run (no recorded command yet, or USER cannot reach the tree).
{
set -u
kb=$1 file=$2 user=$3 log=$4
cmdf=$kb/arch/um/kernel/.dm510_msgbox.o.cmd
# 6.1 records "cmd_<obj> := ...", 6.12 "savedcmd_<obj> := ..."
cmd=$(sed -n 's/^\(saved\)\{0,1\}cmd_arch\/um\/kernel\/dm510_msgbox\.o := //p' "$cmdf" 2>/dev/null)
[ -n "$cmd" ] || { echo "compile-as-user: no compile command in $cmdf" >&2; exit 2; }
tmp=$(mktemp -d /tmp/mt-compile.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
chown "$user:" "$tmp" || exit 2
# the dependency file and the object go to the scratch directory; the
# source is FILE (its own directory first for quoted includes, then the
# tree's arch/um/kernel, as in the tree: kbuild passes -I for it)
new=$(sed -e "s|-Wp,-MMD,arch/um/kernel/\.dm510_msgbox\.o\.d|-Wp,-MMD,$tmp/o.d|" \
	-e "s|-c -o arch/um/kernel/dm510_msgbox\.o [^ ]*|-c -o $tmp/o.o $file|" <<<"$cmd")
case $new in
*"-MMD,$tmp/o.d"*"-o $tmp/o.o $file"*) ;;
*) echo "compile-as-user: the recorded command in $cmdf has an unknown shape" >&2; exit 2 ;;
esac
as_user=(setpriv --reuid="$user" --regid="$user" --clear-groups --reset-env -- env PATH="$PATH")
"${as_user[@]}" sh -c 'test -r "$1" && cd "$2"' sh "$file" "$kb" 2>/dev/null ||
	{ echo "compile-as-user: $user cannot read $file or enter $kb" >&2; exit 2; }
(cd "$kb" && "${as_user[@]}" sh -c "$new") >"$log" 2>&1 || exit 1
exit 0
}
