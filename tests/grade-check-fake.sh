#!/bin/bash
# A stand-in for `make check` (GRADE_CHECK) that judges nothing: it copies
# a fixture results directory (tests/grade-fixture/results/, chosen by the
# implementation's first line: "// fixture NAME secs S"), sleeps S seconds
# and appends "NAME GRADE_B GRADE_WORKER" to $FAKE_LOG. tests/test_grade_queue.sh uses
# it to test the queue of make grade JOBS=N without a kernel.
set -eu
read -r _ _ fixture _ secs <"$IMPL"
cp -r "$(dirname "$0")/grade-fixture/results/$fixture/." "$RESULTS/" 2>/dev/null ||
	{ mkdir -p "$RESULTS"; cp -r "$(dirname "$0")/grade-fixture/results/$fixture/." "$RESULTS/"; }
sleep "$secs"
flock "$FAKE_LOG" sh -c 'echo "$1 ${2:-none} ${3:-none}" >>"$4"' _ "$NAME" "${GRADE_B:-}" "${GRADE_WORKER:-}" "$FAKE_LOG"
