#!/bin/bash
# A stand-in for `make check` when grading the mutant zoo (GRADE_CHECK):
# IMPL is .../NAME/dm510_msgbox.c with NAME a mutant of kernel-patch/mutants;
# runs `make run-mutant MUTANT=NAME RESULTS=$RESULTS [CASES=$GRADE_CASES]`
# and writes verdict.tsv as make check's contract has it. Used by
# tests/test_grade_shards.sh, and by `make grade` before `make check` exists.
set -u
name=$(basename "$(dirname "$IMPL")")
# IMPL (from grade.sh) names the mutant's file; make run-mutant must not see it
# GRADE_B: the build world grade.sh gives this run (make grade JOBS=N)
env -u IMPL make --no-print-directory run-mutant ${GRADE_B:+B="$GRADE_B"} MUTANT="$name" RESULTS="$RESULTS" ${GRADE_CASES:+CASES="$GRADE_CASES"}
rc=$?
n=$(grep -c . "$RESULTS/failures.tsv" 2>/dev/null)
if [ "${n:-0}" -gt 0 ]; then st=findings
elif [ $rc = 0 ] && [ -f "$RESULTS/summary.json" ]; then st=pass
else st=error; fi
printf 'status\t%s\ndetail\tmutant %s: %s failing case(s) (make run-mutant exit %s)\n' "$st" "$name" "${n:-0}" "$rc" \
	>"$RESULTS/verdict.tsv"
exit $rc
