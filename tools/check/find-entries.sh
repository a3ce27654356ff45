#!/bin/bash
# find-entries.sh STAGED.c IMPL [PUT GET]
#
# The entry points of a staged foreign dm510_msgbox.c (stage-impl.sh's
# output), for make check and make fuzz / make repro alike: SYSCALL_DEFINE2
# (dm510_msgbox_put, ...), asmlinkage ... sys_dm510_msgbox_put(...), PUT= /
# GET= given, or - neither - the obvious other names: dm510_msgbox_put/get
# themselves, or the only two functions of (char *, int) whose names say
# put and get (push/pop, send/receive). When the names are not
# sys_dm510_msgbox_put/get, aliases of those names are appended to STAGED
# (the syscall table calls them), keeping the author's types.
# IMPL is the file's name as the user gave it, for the messages.
# Prints three lines: PUT, GET (both empty when the file defines the
# syscall names itself) and how they were found. Exit 3 with one line on stderr when
# there are no entry points; 2 on bad usage.
set -u
[ $# -eq 2 ] || [ $# -eq 4 ] || { echo "usage: find-entries.sh STAGED.c IMPL [PUT GET]" >&2; exit 2; }
staged=$1 impl=$2 put=${3:-} get=${4:-}
[ -f "$staged" ] || { echo "find-entries: $staged: no such file" >&2; exit 2; }
{ [ -n "$put" ] && [ -z "$get" ]; } || { [ -z "$put" ] && [ -n "$get" ]; } &&
	{ echo "give both PUT= and GET=, or neither" >&2; exit 2; }
has() { grep -Eq "$1" "$staged"; }
guessed=
if [ -z "$put" ] && ! has 'SYSCALL_DEFINE[0-9]\(\s*dm510_msgbox_put\b' && ! has '\bsys_dm510_msgbox_put\s*\('; then
	fns=$(grep -oE '^[a-z_ ]*(long|int)[ \t]+\**[A-Za-z_][A-Za-z0-9_]*[ \t]*\([ \t]*(const[ \t]+)?char[ \t]*(__user[ \t]*)?\*[ \t]*[A-Za-z_0-9]*[ \t]*,[ \t]*(unsigned[ \t]+)?(int|long|size_t)[ \t]+[A-Za-z_0-9]+[ \t]*\)' "$staged" |
		sed -E 's/^.*[ \t*]([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(.*$/\1/' | sort -u)
	p=$(grep -iE 'put|push|send|write' <<<"$fns") g=$(grep -iE 'get|pop|recv|receive|read' <<<"$fns")
	if [ "$(grep -c . <<<"$p")" = 1 ] && [ "$(grep -c . <<<"$g")" = 1 ] && [ "$p" != "$g" ]; then
		put=$p get=$g guessed=" (guessed from the names; PUT=/GET= choose others)"
	fi
fi
if [ -n "$put" ]; then
	has "\\b$put\\b" || { echo "PUT=$put is not defined in $impl" >&2; exit 3; }
	has "\\b$get\\b" || { echo "GET=$get is not defined in $impl" >&2; exit 3; }
	# The table calls sys_dm510_msgbox_put/get: alias them to the author's
	# functions, keeping their types (an int return stays an int return).
	# (Rewriting the table instead would rebuild half the kernel.)
	printf '\n/* msgbox-torture: PUT=%s GET=%s */\n' "$put" "$get" >>"$staged"
	printf 'extern __typeof__(%s) sys_dm510_msgbox_put __attribute__((alias("%s")));\n' "$put" "$put" >>"$staged"
	printf 'extern __typeof__(%s) sys_dm510_msgbox_get __attribute__((alias("%s")));\n' "$get" "$get" >>"$staged"
	how="PUT=$put GET=$get$guessed"
elif has 'SYSCALL_DEFINE[0-9]\(\s*dm510_msgbox_put\b' && has 'SYSCALL_DEFINE[0-9]\(\s*dm510_msgbox_get\b'; then
	how="SYSCALL_DEFINE2"
elif has '\bsys_dm510_msgbox_put\s*\(' && has '\bsys_dm510_msgbox_get\s*\('; then
	how="sys_dm510_msgbox_put/get"
	has '(^|[^a-z_])int\s+sys_dm510_msgbox_(put|get)\s*\(' && how="$how (declared int)"
else
	echo "$impl defines neither dm510_msgbox_put/get (SYSCALL_DEFINE2) nor sys_dm510_msgbox_put/get; name the entry points with PUT=name GET=name" >&2
	exit 3
fi
printf '%s\n%s\n%s\n' "$put" "$get" "$how"
