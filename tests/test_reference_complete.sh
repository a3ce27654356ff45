#!/bin/bash
# test_reference_complete.sh RESULTS...: the reference on the debug flavour
# must be judged by every oracle: no case skipped, none not run, every
# planned case reported. A skip there means an oracle could not look (a
# missing kmemleak, fail-nth, userfaultfd, kallsyms or /proc field), which
# would let a bug through unseen.
st=0
for r in "$@"; do
	planned=$(grep -c . "$r/planned.tsv" 2>/dev/null || echo 0)
	ran=$(grep -c . "$r/cases.tsv" 2>/dev/null || echo 0)
	# n/a (a kernel built without what a case needs) is a skip here too
	skips=$(awk -F'\t' '$3 == "skip" || $3 == "n/a" {print "    " $2 ": " $7}' "$r/cases.tsv" 2>/dev/null)
	if [ "$planned" -gt 0 ] && [ "$ran" = "$planned" ] && [ -z "$skips" ]; then
		echo "ok - ${r##*/}: $ran of $planned cases judged, none skipped"
	else
		echo "not ok - ${r##*/}: $ran of $planned cases reported${skips:+; skipped:}"
		[ -n "$skips" ] && echo "$skips"
		st=1
	fi
done
exit $st
