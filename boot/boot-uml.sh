#!/bin/bash
# boot-uml.sh LINUX CONSOLE TIMEOUT_S [KERNEL ARGS...]
#
# With MT_STALL_S and MT_STALL_FILES set (seconds; files the guest writes as
# it makes progress), a boot in which none of those files changed for that
# long is killed as "stalled": a kernel spinning in a case makes no
# progress but would otherwise run into the whole timeout.
#
# Boots one UML kernel with the host's / as a read-only hostfs root, in its
# own session (a UML panic signals its whole process group, which must not
# be ours), console to CONSOLE, stdin closed. A hard wall-clock timeout
# kills the whole UML process tree by its process group, never by name.
# Prints how it ended on stdout: "exit N" (N from /proc/exitcode),
# "panic" (the console shows a panic, as build/bin/console-classify
# --panicked judges it, or UML aborted), "signal N", or "timeout".
# MT_CLASSIFY overrides where the classifier is.
{ # read whole before running: editing it mid-run is safe
set -u
[ $# -ge 3 ] || { echo "usage: boot-uml.sh LINUX CONSOLE TIMEOUT_S [ARGS...]" >&2; exit 2; }
linux=$1 console=$2 timeout=$3
shift 3

# One host CPU for the whole boot (MT_PIN=0: none). A UML system call is a
# ptrace hand-over between the guest process's host process and the
# kernel's; spread over two CPUs each hand-over wakes the other CPU. Pinned,
# a null syscall took 5.1 us instead of 10.7 (session 23, perf flavour, an
# idle 2-CPU machine). Boots at once take different CPUs: the first CPU of
# this process's set whose lock file is free (flock, held by this script and
# the UML it starts until both end); none free: no pin.
cpus_allowed() {
	local list r a b
	list=$(awk '/^Cpus_allowed_list:/ {print $2}' /proc/self/status)
	for r in ${list//,/ }; do
		a=${r%-*} b=${r#*-}
		seq "$a" "$b"
	done
}
pin=()
if [ "${MT_PIN:-1}" != 0 ] && command -v taskset >/dev/null && command -v flock >/dev/null; then
	lockdir=${MT_PIN_DIR:-/tmp/msgbox-torture-cpus}
	mkdir -p "$lockdir" 2>/dev/null
	for cpu in $(cpus_allowed); do
		exec {pinfd}>>"$lockdir/cpu$cpu" 2>/dev/null || continue
		if flock -n "$pinfd"; then
			pin=(taskset -c "$cpu")
			break
		fi
		exec {pinfd}>&-
	done
fi

# setsid without --fork: in a script the job is not a group leader, so UML
# itself becomes the session and group leader and $! is its pid and pgid.
setsid "${pin[@]}" "$linux" rootfstype=hostfs rootflags=/ ro con0=null,fd:1 con=null ssl=null "$@" \
	</dev/null >"$console" 2>&1 &
pid=$!
kill_tree() {
	kill -KILL -- "-$pid" 2>/dev/null
	kill -KILL "$pid" 2>/dev/null
}
trap 'kill_tree; exit 130' INT TERM

newest() {
	local t=0 m f
	for f in ${MT_STALL_FILES:-}; do
		m=$(stat -c %Y "$f" 2>/dev/null) && [ "$m" -gt "$t" ] && t=$m
	done
	echo $t
}
deadline=$((SECONDS + timeout))
last=$(newest) moved=$SECONDS n=0
while kill -0 "$pid" 2>/dev/null; do
	if [ $SECONDS -ge $deadline ]; then
		kill_tree
		wait "$pid" 2>/dev/null
		echo timeout
		exit 0
	fi
	if [ -n "${MT_STALL_S:-}" ] && [ $((n++ % 5)) -eq 0 ]; then
		now=$(newest)
		[ "$now" != "$last" ] && last=$now moved=$SECONDS
		if [ $((SECONDS - moved)) -ge "$MT_STALL_S" ]; then
			kill_tree
			wait "$pid" 2>/dev/null
			echo stalled
			exit 0
		fi
	fi
	sleep 0.2
done
wait "$pid"
st=$?
# UML's helpers may outlive it after a panic: take the group down too.
kill -KILL -- "-$pid" 2>/dev/null
# Did the kernel panic? The console classifier knows the panic signature
# (the PANIC rows of tools/classify/patterns.def, its one place): exit 0 yes,
# 1 no, 2 it could not read the log.
classify=${MT_CLASSIFY:-${MT_BIN:-$(dirname "$0")/../build/bin}/console-classify}
if [ -x "$classify" ]; then
	"$classify" --panicked "$console"
	panicked=$?
else
	echo "boot-uml.sh: $classify missing (make host-tools): a panic is seen only by its SIGABRT" >&2
	panicked=1
fi
if [ $panicked -eq 0 ]; then
	echo panic
elif [ $st -eq 134 ] && tail -n 3 "$console" | grep -q 'reboot: Power down'; then
	# UML 6.12 sometimes aborts on its way out after a clean power-off
	# (seen after the stress's userfaultfd threads): not a kernel panic.
	echo "exit aborted-after-power-down"
elif [ $st -eq 134 ]; then
	echo panic
elif [ $st -gt 128 ]; then
	echo "signal $((st - 128))"
else
	echo "exit $st"
fi
exit
}
