#!/bin/bash
# stage-impl.sh IMPL.c [HEADER.h] [COMPAT] > staged.c
#
# Makes a foreign dm510_msgbox.c buildable in our tree, changing nothing
# else: every #include of a header we have (HEADER, or a file of that name
# next to IMPL) is replaced by the header's text, so that an author's
# absolute path (#include "/home/.../dm510_msgbox.h") works; "dm510_msgbox.h"
# with no such file means our <asm/dm510_msgbox.h>. With COMPAT non-empty,
# a shim for the 4.x/5.x uaccess API (three-argument access_ok,
# VERIFY_READ/VERIFY_WRITE) goes first. Exit 2 with one line on stderr
# when an include points at a file we do not have.
set -u
impl=$1 header=${2:-} compat=${3:-}
dir=$(dirname "$impl")
if [ -n "$compat" ]; then
	cat <<'SHIM'
/* msgbox-torture COMPAT=1: the 4.x/5.x uaccess API on a 6.x kernel. */
#include <linux/uaccess.h>
#ifndef VERIFY_READ
#define VERIFY_READ 0
#define VERIFY_WRITE 1
#endif
#undef access_ok
#define mt_access_ok2(addr, size) likely(__access_ok(addr, size))
#define mt_access_ok3(type, addr, size) mt_access_ok2(addr, size)
#define mt_access_ok_pick(_1, _2, _3, name, ...) name
#define access_ok(...) mt_access_ok_pick(__VA_ARGS__, mt_access_ok3, mt_access_ok2, ~)(__VA_ARGS__)
/* end of the shim */
SHIM
fi
awk -v header="$header" -v dir="$dir" -v impl="$impl" '
function base(p) { sub(/.*\//, "", p); return p }
function exists(f,   line, r) { r = (getline line < f); close(f); return r >= 0 }
function inline(f, what,   line) {
	printf "/* msgbox-torture: %s inlined from %s */\n", what, f
	while ((getline line < f) > 0) print line
	close(f)
	printf "/* msgbox-torture: end of %s */\n", what
}
/^[ \t]*#[ \t]*include[ \t]*["<][^">]+[">]/ {
	p = $0; sub(/^[^"<]*["<]/, "", p); sub(/[">].*$/, "", p)
	quoted = ($0 ~ /include[ \t]*"/)
	b = base(p)
	if (header != "" && base(header) == b) { inline(header, p); next }
	if ((quoted || p ~ /^\//) && exists(dir "/" b)) { inline(dir "/" b, p); next }
	if (quoted && b == "dm510_msgbox.h") { print "#include <asm/dm510_msgbox.h> /* msgbox-torture: was " $0 " */"; next }
	if (p ~ /^\//) {
		printf "%s includes %s from its author'"'"'s machine; pass that header with HEADER=path\n", impl, p > "/dev/stderr"
		exit 2
	}
	# foreign code may read only its own directory and kernel headers
	if (p ~ /(^|\/)\.\.(\/|$)/) {
		printf "%s includes %s, outside its own directory; refused (put the header beside the file)\n", impl, p > "/dev/stderr"
		exit 2
	}
}
/\.incbin|\.include[ \t]*"/ {
	printf "%s pulls a file into the kernel image with an assembler directive (%s); refused\n", impl, ".incbin/.include" > "/dev/stderr"
	exit 2
}
{ print }' "$impl"
