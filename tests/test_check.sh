#!/bin/bash
# make check on foreign implementations (tests/impls/): each verdict as a
# user would see it, and the kernel tree holding the reference afterwards -
# after a file that does not compile, and after a check stopped by Ctrl-C.
# Needs the 6.1 debug kernel built once (make run); each check then costs
# an incremental build (~30-60 s) and a short run (CASES subset).
# B=dir: the build world to use (as make's B; default build).
{ # read whole before running: editing it mid-run is safe
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }
B=${B:-build}
tree=$B/src/linux-source-6.1
holds_reference() {
	cmp -s kernel-patch/dm510_msgbox.c "$tree/arch/um/kernel/dm510_msgbox.c" &&
		grep -q $'^451\tcommon\tdm510_msgbox_put\tsys_dm510_msgbox_put$' "$tree/arch/x86/entry/syscalls/syscall_64.tbl"
}
clean_repo() { [ -z "$(git status --porcelain --untracked-files=no)" ]; }
R=$B/results/test-check
# make turns every failing recipe into exit 2; check.sh's own code and its
# verdict are in RESULTS/verdict.tsv.
verdict_row() { awk -F'\t' -v k="$1" '$1 == k {print $2}' "$2/verdict.tsv" 2>/dev/null; }
status() { verdict_row status "$1"; }
built() { verdict_row built "$1"; }

# Variants of the course fixture, made here rather than kept as copies.
V=$B/test-impls
course=tests/impls/course-int/dm510_msgbox.c
mkdir -p $V/old-api $V/other-names $V/hidden-names $V/broken $V/missing-header $V/root-file $V/unexported
sed 's/access_ok(buffer, length)/access_ok(VERIFY_READ, buffer, length)/' $course >$V/old-api/dm510_msgbox.c
sed -e 's/asmlinkage int sys_dm510_msgbox_put(/asmlinkage long msgbox_put(/' \
	-e 's/asmlinkage int sys_dm510_msgbox_get(/asmlinkage long msgbox_get(/' $course >$V/other-names/dm510_msgbox.c
sed -e 's/asmlinkage int sys_dm510_msgbox_put(/asmlinkage long laeg(/' \
	-e 's/asmlinkage int sys_dm510_msgbox_get(/asmlinkage long hent(/' $course >$V/hidden-names/dm510_msgbox.c
sed 's/return mlength;/return mlength/' $course >$V/broken/dm510_msgbox.c
sed 's|#include <linux/slab.h>|#include "dm510_msgbox_common.h"|' $course >$V/missing-header/dm510_msgbox.c
# a root-only file pulled in past the stage's filter (a split string is one
# directive to the assembler): compiled as the grader user, it cannot be read
{ cat $course; printf 'asm(".inc" "bin \\"/etc/shadow\\"");\n'; } >$V/root-file/dm510_msgbox.c
# a call of something the kernel has but does not export: links built in,
# cannot be a module
{ cat $course; printf '#include <linux/kallsyms.h>\nunsigned long mt_lookup(void);\n'
  printf 'unsigned long mt_lookup(void)\n{\n\treturn kallsyms_lookup_name("jiffies");\n}\n'; } >$V/unexported/dm510_msgbox.c

out=$(make --no-print-directory check B=$B IMPL=$V/broken/dm510_msgbox.c RESULTS=$R/broken 2>&1)
rc=$?
if [ $rc != 0 ] && grep -q "does not compile on 6.1" <<<"$out" && grep -q "dm510_msgbox.c:[0-9]*:[0-9]*: error" <<<"$out" &&
	grep -q $'^status\tno-compile' $R/broken/verdict.tsv; then ok "broken: does not compile, with the first errors"
else bad "broken: exit $rc"; sed 's/^/    /' <<<"$out" | tail -8; fi
holds_reference && ok "after a failed compile the tree holds the reference" || bad "tree not restored after a failed compile"

# Checks of one build world build one at a time (make grade -jN): a check
# that finds the tree locked says so and waits for it.
flock "$B/6.1-debug.lock" sleep 4 &
holder=$!
sleep 0.5
t0=$(date +%s)
out=$(make --no-print-directory check B=$B IMPL=$V/broken/dm510_msgbox.c RESULTS=$R/locked 2>&1)
waited=$(($(date +%s) - t0))
wait $holder
if grep -q "waiting for the kernel tree" <<<"$out" && [ "$waited" -ge 3 ] && [ "$(status $R/locked)" = no-compile ]; then
	ok "a locked tree: the check waited ${waited} s, said so, then judged (no-compile)"
else bad "a locked tree: waited $waited s, status $(status $R/locked)"; sed 's/^/    /' <<<"$out" | tail -8; fi

out=$(make --no-print-directory check B=$B IMPL=$V/missing-header/dm510_msgbox.c RESULTS=$R/header 2>&1)
rc=$?
if [ $rc != 0 ] && grep -q "does not compile on 6.1: missing header dm510_msgbox_common.h" <<<"$out" &&
	grep -q $'^status\tno-compile' $R/header/verdict.tsv; then ok "a missing header: does not compile, named"
else bad "missing header: exit $rc"; sed 's/^/    /' <<<"$out" | tail -8; fi

if [ "$(id -u)" = 0 ]; then
	out=$(make --no-print-directory check B=$B IMPL=$V/root-file/dm510_msgbox.c RESULTS=$R/root-file 2>&1)
	rc=$?
	if [ $rc != 0 ] && [ "$(status $R/root-file)" = no-compile ] && grep -q "as the unprivileged user" <<<"$out" &&
		grep -q "/etc/shadow" $R/root-file/verdict.tsv; then ok "a root-only file pulled in: does not compile as the grader user"
	else bad "root-only file: exit $rc, status $(status $R/root-file)"; sed 's/^/    /' <<<"$out" | tail -8; fi
fi

out=$(make --no-print-directory check B=$B IMPL=$V/hidden-names/dm510_msgbox.c RESULTS=$R/names 2>&1)
rc=$?
if [ $rc != 0 ] && [ "$(status $R/names)" = no-entry ] && [ "$(grep -c '^check:' <<<"$out")" = 1 ] &&
	grep -q "PUT=name GET=name" <<<"$out"; then
	ok "no entry points: one line that says what to do"
else bad "no entry points: exit $rc"; sed 's/^/    /' <<<"$out" | tail -5; fi

out=$(make --no-print-directory check B=$B IMPL=$V/other-names/dm510_msgbox.c CASES='abi.*' RESULTS=$R/guessed 2>&1)
rc=$?
if grep -q "entry points PUT=msgbox_put GET=msgbox_get (guessed from the names" <<<"$out" &&
	grep -q $'\tabi.returns-long\tpass' $R/guessed/cases.tsv; then ok "other names: guessed, said so, judged"
else bad "guessed names: exit $rc"; sed 's/^/    /' <<<"$out" | tail -5; fi

out=$(make --no-print-directory check B=$B IMPL=$V/old-api/dm510_msgbox.c RESULTS=$R/old 2>&1)
rc=$?
if [ $rc != 0 ] && [ "$(status $R/old)" = no-compile ] && grep -q "written for 4.x/5.x kernels" <<<"$out"; then ok "4.x submission: reported as such"
else bad "4.x submission: exit $rc"; sed 's/^/    /' <<<"$out" | tail -5; fi

out=$(make --no-print-directory check B=$B IMPL=$V/old-api/dm510_msgbox.c COMPAT=1 CASES='abi.*,put.len16,get.len16' RESULTS=$R/compat 2>&1)
rc=$?
if [ "$(status $R/compat)" = findings ] && grep -q "COMPAT shim used" <<<"$out" && grep -q '^abi.returns-long' $R/compat/failures.tsv &&
	! grep -q '^put.len16\|^get.len16' $R/compat/failures.tsv; then ok "COMPAT=1: builds, judged, returns int found"
else bad "COMPAT=1: exit $rc"; sed 's/^/    /' <<<"$out" | tail -8; fi

out=$(make --no-print-directory check B=$B IMPL=$V/other-names/dm510_msgbox.c PUT=msgbox_put GET=msgbox_get \
	CASES='put.len16,get.len16,get.readonly' RESULTS=$R/mapped 2>&1)
rc=$?
if [ "$(status $R/mapped)" = findings ] && grep -q '^get.readonly' $R/mapped/failures.tsv && ! grep -q '^put.len16' $R/mapped/failures.tsv; then
	ok "PUT=/GET= mapped; the lost message on a bad get buffer is found"
else bad "PUT=/GET=: exit $rc"; sed 's/^/    /' <<<"$out" | tail -8; fi

out=$(make --no-print-directory check B=$B IMPL=tests/impls/course-int/dm510_msgbox.c PROFILE=lenient \
	CASES='abi.*,put.len-neg1,len.put.intmax,get.len16' RESULTS=$R/lenient 2>&1)
rc=$?
if [ "$(status $R/lenient)" = findings ] && grep -q '^abi.returns-long' $R/lenient/failures.tsv && ! grep -q '^put.len-neg1' $R/lenient/failures.tsv &&
	grep -q '^len.put.intmax' $R/lenient/failures.tsv; then ok "lenient: returns int and no length bound found, errors judged on the low 32 bits"
else bad "lenient: exit $rc"; sed 's/^/    /' <<<"$out" | tail -8; fi
# The module swap: a file judged as a module says so; one that calls what
# the kernel does not export is built in under auto, and says why; under
# IMPL_AS=module it is refused in one line.
out=$(make --no-print-directory check B=$B IMPL=$course IMPL_AS=auto CASES='abi.*,get.len16' RESULTS=$R/as-module 2>&1)
rc=$?
if [ "$(status $R/as-module)" = findings ] && [ "$(built $R/as-module)" = module ] &&
	grep -q '^abi.returns-long' $R/as-module/failures.tsv && grep -q "built as a module against" <<<"$out"; then
	ok "IMPL_AS=auto: built as a module, judged, verdict.tsv says so"
else bad "IMPL_AS=auto, course-int: exit $rc, status $(status $R/as-module), built $(built $R/as-module)"; sed 's/^/    /' <<<"$out" | tail -8; fi
out=$(make --no-print-directory check B=$B IMPL=$V/unexported/dm510_msgbox.c IMPL_AS=auto CASES='abi.*' RESULTS=$R/unexported 2>&1)
rc=$?
if [ "$(status $R/unexported)" = findings ] && [ "$(built $R/unexported)" = "built-in (as a module: it calls kallsyms_lookup_name, which the kernel does not export (modpost))" ] &&
	grep -q '^abi.returns-long' $R/unexported/failures.tsv; then
	ok "IMPL_AS=auto, an unexported call: built in, and the verdict says why"
else bad "IMPL_AS=auto, unexported: exit $rc, built $(built $R/unexported)"; sed 's/^/    /' <<<"$out" | tail -8; fi
out=$(make --no-print-directory check B=$B IMPL=$V/unexported/dm510_msgbox.c IMPL_AS=module CASES='abi.*' RESULTS=$R/module-only 2>&1)
rc=$?
if [ $rc != 0 ] && [ "$(grep -c '^check:' <<<"$out")" = 1 ] && grep -q "^check: IMPL_AS=module: .*kallsyms_lookup_name" <<<"$out" &&
	[ "$(status $R/module-only)" = error ] && [ ! -f $R/module-only/cases.tsv ]; then
	ok "IMPL_AS=module, an unexported call: refused in one line, nothing run"
else bad "IMPL_AS=module, unexported: exit $rc, status $(status $R/module-only)"; sed 's/^/    /' <<<"$out" | tail -8; fi
holds_reference && ok "after the module checks the tree holds the reference" || bad "tree not restored after the module checks"

# After a run as root the results are the host's: root's, not writable by
# the grader users, so no later guest can rewrite them.
if [ "$(id -u)" = 0 ]; then
	owners=$(find $R/lenient -printf '%u\n' | sort -u | paste -sd, -)
	writable=$(find $R/lenient -perm /go+w | head -n 1)
	[ "$owners" = root ] && [ -z "$writable" ] && ok "after the run the results are root's, read-only to others" ||
		bad "results after the run: owners $owners, writable by others: ${writable:-none}"
fi

# A case that could not look (no /proc/dm510_msgbox, no limits) is not a
# pass: the verdict is incomplete, says why, and make check fails.
out=$(make --no-print-directory check B=$B IMPL=tests/impls/conventions-only/dm510_msgbox.c PROFILE=lenient \
	CASES='put.len16,put.bytes.fits' RESULTS=$R/incomplete 2>&1)
rc=$?
if [ $rc != 0 ] && [ "$(status $R/incomplete)" = incomplete ] && grep -q "could not be judged" $R/incomplete/verdict.tsv &&
	grep -q "^check: incomplete" <<<"$out"; then ok "skipped cases: incomplete, not pass"
else bad "skipped cases: exit $rc, status $(status $R/incomplete)"; sed 's/^/    /' <<<"$out" | tail -5; fi

# Never silently as root: results the unprivileged grader user cannot
# reach (a private parent) stop make check with the fix, unless asked.
if [ "$(id -u)" = 0 ]; then
	priv=$(mktemp -d) && chmod 700 "$priv"
	out=$(env -u MT_ALLOW_ROOT_UML make --no-print-directory check B=$B IMPL=tests/impls/conventions-only/dm510_msgbox.c \
		CASES='put.len16' RESULTS="$priv/r" 2>&1)
	rc=$?
	if [ $rc != 0 ] && [ "$(status "$priv/r")" = error ] && grep -q "MT_ALLOW_ROOT_UML=1" <<<"$out" &&
		[ ! -f "$priv/r/cases.tsv" ]; then ok "unreachable for the grader user: refused, not run as root"
	else bad "unreachable for the grader user: exit $rc"; sed 's/^/    /' <<<"$out" | tail -5; fi
	holds_reference && ok "after the refusal the tree holds the reference" || bad "tree not restored after the refusal"
	rm -rf "$priv"
fi

# Ctrl-C in the middle of the build: the tree must hold the reference again.
# A file never built before (a new comment line), so a compile really runs
# (the build's fast path would say "up to date" for one built already).
mkdir -p $V/fresh
{ echo "/* test_check.sh: $(date +%s%N) */"; cat $course; } >$V/fresh/dm510_msgbox.c
# A background job of a script starts with SIGINT ignored, and make would
# inherit that: give it the default action, as a terminal's Ctrl-C finds it.
setsid env --default-signal=INT make --no-print-directory check B=$B IMPL=$V/fresh/dm510_msgbox.c IMPL_AS=built-in RESULTS=$R/int \
	>$R.int.log 2>&1 &
pid=$!
# at once: one object and the link take a few seconds here
for _ in $(seq 1 3000); do grep -q "\] compile" $R.int.log 2>/dev/null && break; sleep 0.1; done
compiling=$(grep -c "\] compile" $R.int.log)
kill -INT -- -$pid
wait $pid
if [ "$compiling" -gt 0 ] && ! grep -q "up to date" $R.int.log && ! grep -q "^\[run\]" $R.int.log; then
	ok "Ctrl-C landed in a real compile"
else bad "Ctrl-C did not land in a compile (see $R.int.log)"; fi
holds_reference && ok "after Ctrl-C the tree holds the reference" || bad "tree not restored after Ctrl-C"
clean_repo && ok "the repository is clean" || { bad "git status not clean"; git status --short; }

echo "check: $pass passed, $fail failed"
[ $fail -eq 0 ]
exit
}
