#!/bin/bash
# test_report_html.sh RESULTS...: report.html in a real browser. For each
# results directory (a copy of it: the original is never written), mt-report
# writes report.html, headless Chromium (Debian's `chromium`) loads it with
# every host name unresolvable, and the test checks
#   - it renders: the title, an SVG plot with its bars or points, the case
#     table with one row per case, the findings (each with its reproduce
#     command) or the words "No findings", in the DOM after loading, and a
#     screenshot that is not blank;
#   - it loads nothing from outside: no script, link, img, iframe, object,
#     embed, src=, url( or @import in the file, every href an anchor of the
#     page, and in Chromium's network log no request the page made. A
#     control page with one external image must be caught by the same
#     checks, or the checks prove nothing.
# A make bench directory (bench.tsv, no boots.tsv; tests/bench-fixture)
# gets its page from mt-bench-report in a copy: title, the figures table
# with a row per message size, the scaling table, SVG plots, nothing
# loaded from outside.
# A make check directory (verdict.tsv with a built row) must also show
# "built as: ..." and have its verdict in summary.json.
# A grading directory (make grade's GRADE_DIR, with matrix.html) is checked
# in place, read only: the matrix renders, loads nothing, and every link
# that is not an anchor is one implementation's report.html, there.
# Skips (exit 0, saying so) only when chromium is not installed and cannot
# be (ci/deps.sh test installs it as root). Exit 1 on any failure.
#
#   tests/test_report_html.sh tests/report-fixture build/results/6.1-debug-strict [GRADE_DIR]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin=${MT_BIN:-$top/build/bin}
[ $# -gt 0 ] || set -- tests/report-fixture
browser=$(command -v chromium || command -v chromium-browser)
if [ -z "$browser" ] && [ "$(id -u)" = 0 ]; then
	ci/deps.sh test >/dev/null 2>&1
	browser=$(command -v chromium || command -v chromium-browser)
fi
if [ -z "$browser" ]; then
	echo "ok - report.html in Chromium # SKIP chromium is not installed and cannot be here" \
		"(as root: apt-get install -y chromium; ci/deps.sh test does it)"
	exit 0
fi
[ -x "$bin/mt-report" ] || make --no-print-directory -s host-tools >/dev/null 2>&1 ||
	{ echo "not ok - cannot build $bin/mt-report"; exit 2; }
work=$(mktemp -d /tmp/mt-report-html.XXXXXX)
trap 'rm -rf "$work"' EXIT
st=0
fail() { echo "not ok - $*"; st=1; }

# Load @1 (a file) in Chromium: its DOM to @2.dom, a screenshot to @2.png,
# the network log to @2.netlog.
browse() {
	local common=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --disable-sync
		--disable-background-networking --disable-component-update --hide-scrollbars
		--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$work/profile")
	timeout 60 "$browser" "${common[@]}" --log-net-log="$2.netlog" --dump-dom "file://$1" >"$2.dom" 2>"$2.err" ||
		{ fail "$1: chromium --dump-dom failed (exit $?; $2.err):"; tail -3 "$2.err"; return 1; }
	[ -s "$2.dom" ] || { fail "$1: chromium loaded nothing:"; grep -v dbus "$2.err" | tail -3; return 1; }
	timeout 60 "$browser" "${common[@]}" --window-size=1280,2000 --screenshot="$2.png" "file://$1" \
		>/dev/null 2>>"$2.err" || { fail "$1: chromium --screenshot failed"; return 1; }
}

# The requests the page made (not Chromium's own, whose initiator is "not an
# origin"), one URL a line, from a network log.
page_requests() {
	perl -MJSON::PP -e '
		local $/; my $d = decode_json(<STDIN>);
		my %type = reverse %{$d->{constants}{logEventTypes}};
		for my $e (@{$d->{events}}) {
			my $p = $e->{params} or next;
			next unless ($type{$e->{type}} // "") eq "URL_REQUEST_START_JOB";
			next if ($p->{initiator} // "") eq "not an origin";
			print "$p->{url}\n";
		}' <"$1"
}

# What in the file itself would load or link something outside the page: in
# its tags and its style sheet (the text between tags is escaped data, where
# a console line may say "src=" or "https://" harmlessly).
outside() {
	{ grep -oE '<[A-Za-z][^>]*>' "$1" | grep -oiE '^<(script|link|img|iframe|object|embed|base)\b|\bsrc=|url\(|href="[^#"][^"]*"'
	  sed -n '/<style>/,/<\/style>/p' "$1" | grep -oiE 'url\(|@import'; } | sort -u
}

# The control: the same checks must catch a page that loads one image.
ctl=$work/control.html
printf '<!DOCTYPE html><html><head><title>c</title></head><body><img src="http://example.invalid/x.png"></body></html>\n' >"$ctl"
browse "$ctl" "$work/control" || exit 1
if [ -n "$(outside "$ctl")" ] && page_requests "$work/control.netlog" | grep -q example.invalid; then
	echo "ok - control: a page loading http://example.invalid/x.png is caught (in the file and in the network log)"
else
	fail "control: the checks do not catch a page that loads an external image"
fi

# The grading page of @1: in place; its links to report.html pages must be there.
grade_page() {
	local g name=${1%/} m d bad links missing= rows st0=$st
	g=$(cd "$1" && pwd) && m=$g/matrix.html
	name=${name##*/}
	d=$work/grade-$name
	bad=$(outside "$m" | grep -v '^href=')
	links=$(grep -oE 'href="[^#"][^"]*"' "$m" | sed 's/^href="//; s/"$//' | sort -u)
	for l in $links; do
		case $l in
		*://* | /* | *..* | *[!A-Za-z0-9._~%/-]*) bad="$bad $l" ;;
		*/report.html) [ -f "$g/$(printf '%b' "${l//%/\\x}")" ] || missing="$missing $l" ;;
		*) bad="$bad $l" ;;
		esac
	done
	[ -z "$bad" ] || fail "grade $name: matrix.html would load or link outside: $(echo $bad)"
	[ -z "$missing" ] || fail "grade $name: matrix.html links pages that are not there:$missing"
	browse "$m" "$d" || return
	reqs=$(page_requests "$d.netlog")
	[ -z "$reqs" ] || fail "grade $name: the page made requests: $(echo $reqs)"
	rows=$(grep -c '^<tr><td class="n">' "$d.dom")
	if ! grep -q '<title>.*</title>' "$d.dom" || ! grep -q '<table class="m">' "$d.dom" || [ "$rows" -lt 1 ]; then
		fail "grade $name: matrix.html in Chromium: no title, matrix or rows ($rows)"
	elif [ "$st" = "$st0" ]; then
		echo "ok - grade $name: matrix.html renders in Chromium: $rows implementation(s)," \
			"$(echo $links | wc -w) link(s) to their report.html, all there, no request outside the page"
	fi
}

# The bench page of the make bench directory @1, in a copy at @2.
bench_page() {
	local name=$3 page=$2/report.html bad reqs sizes scale plots marks what=
	mkdir -p "$2" && cp -r "$1/." "$2/" && rm -f "$page"
	[ -x "$bin/mt-bench-report" ] || make --no-print-directory -s "${bin#"$top"/}/mt-bench-report" >/dev/null 2>&1
	"$bin/mt-bench-report" --results "$2" >"$2.out" 2>&1 && [ -s "$page" ] ||
		{ fail "$name: mt-bench-report wrote no report.html"; cat "$2.out"; return; }
	bad=$(outside "$page")
	[ -z "$bad" ] || fail "$name: the bench report.html would load or link outside itself: $(echo $bad)"
	browse "$page" "$2" || return
	reqs=$(page_requests "$2.netlog")
	[ -z "$reqs" ] || fail "$name: the bench page made requests: $(echo $reqs)"
	sizes=$(sed -n '/id="bench-table"/,/<\/table>/p' "$2.dom" | grep -c '^<tr><td>')
	scale=$(sed -n '/id="scale-table"/,/<\/table>/p' "$2.dom" | grep -c '^<tr><td>')
	plots=$(grep -o '<svg class="plot"' "$2.dom" | wc -l)
	marks=$(grep -oE '<(rect|circle) ' "$2.dom" | wc -l)
	grep -q '<title>msgbox-torture bench: .*</title>' "$2.dom" || what="$what no title;"
	grep -q 'null syscall (getppid): <b>' "$2.dom" || what="$what no floor;"
	[ "$sizes" = 5 ] || what="$what figures table has $sizes rows for 5 sizes;"
	[ "$scale" -ge 1 ] || what="$what no scaling rows;"
	[ "$plots" -ge 3 ] && [ "$marks" -ge 10 ] || what="$what $plots plot(s) with $marks bars/points;"
	if [ -z "$what" ]; then
		echo "ok - $name: the bench report.html renders in Chromium: title, $sizes sizes, $scale process counts," \
			"$plots plots, no request outside the page"
	else
		fail "$name: the bench report.html in Chromium:$what (DOM: $2.dom)"
	fi
}

n=0
for src in "$@"; do
	n=$((n + 1))
	name=${src%/}; name=${name##*/}
	d=$work/$n-$name
	if [ -f "$src/matrix.html" ] && [ ! -f "$src/boots.tsv" ]; then
		grade_page "$src"
		continue
	fi
	if [ -f "$src/bench.tsv" ] && [ ! -f "$src/boots.tsv" ]; then
		bench_page "$src" "$d" "$name"
		continue
	fi
	if [ ! -f "$src/boots.tsv" ]; then
		fail "$src: not a results directory (no boots.tsv)"
		continue
	fi
	mkdir -p "$d" && cp -r "$src/." "$d/" && rm -f "$d/report.html"
	t0=$(date +%s.%N)
	"$bin/mt-report" --results "$d" >"$d.out" 2>&1
	rc=$?
	if [ $rc -gt 1 ] || [ ! -s "$d/report.html" ]; then
		fail "$name: mt-report wrote no report.html (exit $rc)"; cat "$d.out"
		continue
	fi
	page=$d/report.html
	bad=$(outside "$page")
	[ -z "$bad" ] || fail "$name: report.html would load or link outside itself: $(echo $bad)"
	browse "$page" "$d" || continue
	dom=$d.dom
	reqs=$(page_requests "$d.netlog")
	[ -z "$reqs" ] || fail "$name: the page made requests: $(echo $reqs)"
	cases=$(sed -n 's/.*"cases": \([0-9]*\), "passed".*/\1/p' "$d/summary.json")
	failed=$(sed -n 's/.*"failed": \([0-9]*\), "skipped".*/\1/p' "$d/summary.json")
	rows=$(sed -n '/id="case-table"/,/<\/table>/p' "$dom" | grep -o '<tr class="[a-z]*" id="case-' | wc -l)
	plots=$(grep -o '<svg class="plot"' "$dom" | wc -l)
	marks=$(grep -oE '<(rect|circle) ' "$dom" | wc -l)
	png=$(stat -c %s "$d.png" 2>/dev/null || echo 0)
	what=
	grep -q '<title>msgbox-torture: .*</title>' "$dom" || what="$what no title;"
	grep -q '<h1 id="title">msgbox-torture: ' "$dom" || what="$what no heading;"
	[ "$plots" -ge 1 ] && [ "$marks" -ge 1 ] || what="$what no SVG plot ($plots svg, $marks bars/points);"
	[ -n "$cases" ] && [ "$rows" = "$cases" ] || what="$what case table has $rows rows for ${cases:-?} cases;"
	if [ "${failed:-0}" -gt 0 ]; then
		f=$(sed -n '/id="findings-list"/,/id="conventions"/p' "$dom")
		grep -q '<div class="f" id="bug-' <<<"$f" && grep -q '<dt>reproduce</dt>' <<<"$f" ||
			what="$what $failed failed but no finding with its reproducer;"
	else
		grep -q 'No findings: no case failed.' "$dom" || what="$what no findings section;"
	fi
	[ "$png" -gt 20000 ] || what="$what screenshot of $png bytes (blank?);"
	# a make check directory: the verdict on the page and in summary.json
	verdict=$(awk -F'\t' '$1 == "status" {print $2}' "$d/verdict.tsv" 2>/dev/null)
	built=$(awk -F'\t' '$1 == "built" {print $2}' "$d/verdict.tsv" 2>/dev/null)
	if [ -n "$built" ]; then
		grep -q "<p class=\"note\">built as: ${built%% *}" "$dom" || what="$what no 'built as: $built';"
		grep -qF "\"verdict\": {\"status\": \"$verdict\"" "$d/summary.json" ||
			what="$what summary.json lacks the verdict ($verdict);"
		found_v=", verdict $verdict, built as ${built%% *}"
	else
		found_v=
	fi
	secs=$(echo "$(date +%s.%N) - $t0" | bc)
	if [ -z "$what" ]; then
		[ "${failed:-0}" -gt 0 ] && found="$failed failed, their findings shown" || found="no findings"
		printf 'ok - %s: report.html renders in Chromium: title, %s plot(s), %s case rows, %s%s, no request outside the page (%.1f s)\n' \
			"$name" "$plots" "$rows" "$found" "$found_v" "$secs"
	else
		fail "$name: report.html in Chromium:$what (DOM: ${dom##*/})"
	fi
done
if [ $st != 0 ]; then
	keep=/tmp/mt-report-html.failed
	rm -rf "$keep" && cp -r "$work" "$keep" && echo "test_report_html: the pages, DOMs and screenshots are in $keep"
fi
exit $st
