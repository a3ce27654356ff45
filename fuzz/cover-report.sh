#!/bin/bash
# cover-report.sh KB RESULTS: the implementation's KCOV sites (every call to
# __sanitizer_cov_trace_pc in KB/arch/um/kernel/dm510_msgbox.o, at its
# return address in KB/linux) against the PCs the fuzzer reached
# (RESULTS/cover-pcs.txt). Writes RESULTS/cover.tsv (address, function+offset,
# file:line, reached 0/1) and prints the total and the lines never reached.
{ # read whole before running: editing it mid-run is safe
set -u
kb=${1:?usage: cover-report.sh KB RESULTS} results=${2:?usage: cover-report.sh KB RESULTS}
obj=$kb/arch/um/kernel/dm510_msgbox.o linux=$kb/linux pcs=$results/cover-pcs.txt
for f in "$obj" "$linux" "$pcs"; do
	[ -f "$f" ] || { echo "cover-report: $f missing (make fuzz COVER=1 writes it)" >&2; exit 2; }
done
# function start addresses in the kernel binary
declare -A base
while read -r addr _ name; do base[$name]=$((16#$addr)); done < <(nm --defined-only "$linux" | awk '$2 ~ /^[tT]$/')
declare -A seen
while read -r pc; do seen[$((pc))]=1; done <"$pcs"
# sites: the instruction after each call to __sanitizer_cov_trace_pc. UML
# builds with -mcmodel=large: its address is loaded into a register
# ("movabs $0x0,%rbx" with the relocation on the next line) and called
# through it ("call *%rbx"), once or many times, until that register is
# written again.
objdump -dr --no-show-raw-insn "$obj" | awk '
	function dest(ins,   n, parts) { n = split(ins, parts, ","); return parts[n] }
	/^[0-9a-f]+ <[^>]+>:$/ { fn = substr($2, 2, length($2) - 3); start = $1; delete cov; want = ""; next }
	/R_X86_64_[A-Z0-9]+[ \t]+__sanitizer_cov_trace_pc/ { if (last != "") cov[last] = 1; else direct = 1; next }
	/^ *[0-9a-f]+:/ {
		a = $1; sub(":", "", a)
		if (want != "") { printf "%s\t%s\t%s\n", fn, start, a; want = "" }
		if (direct) { direct = 0 }
		ins = $0; sub(/^ *[0-9a-f]+:[ \t]*/, "", ins)
		last = ""
		if (ins ~ /^call +\*%/) { r = ins; sub(/^call +\*/, "", r); if (r in cov) want = 1; next }
		if (ins ~ /^call /) { if (ins ~ /__sanitizer_cov_trace_pc/) want = 1; next }
		d = dest(ins)
		if (ins ~ /^movabs \$0x0,%/) last = d
		if (d ~ /^%/) delete cov[d]
	}
' | while IFS=$'\t' read -r fn start at; do printf '%s\t%d\n' "$fn" $((16#$at - 16#$start)); done >"$results/.sites"
: >"$results/cover.tsv"
total=0 hit=0
while IFS=$'\t' read -r fn off; do
	b=${base[$fn]:-}
	[ -n "$b" ] || continue
	a=$((b + off))
	r=${seen[$a]:+1}
	total=$((total + 1))
	[ -n "$r" ] && hit=$((hit + 1))
	printf '0x%x\t%s+0x%x\t%s\n' "$a" "$fn" "$off" "${r:-0}" >>"$results/cover.tsv"
done <"$results/.sites"
rm -f "$results/.sites"
# their lines (the object is built with -g)
cut -f1 "$results/cover.tsv" | addr2line -e "$linux" >"$results/.lines" 2>/dev/null
paste "$results/cover.tsv" "$results/.lines" | awk -F'\t' -v OFS='\t' '{ print $1, $2, $4, $3 }' >"$results/.c" &&
	mv "$results/.c" "$results/cover.tsv"
rm -f "$results/.lines"
echo "[fuzz] coverage: $hit of $total KCOV sites of the implementation reached (cover.tsv)"
awk -F'\t' '$4 == 0 { n++; if (n <= 15) printf "[fuzz]   never reached: %s (%s)\n", $2, $3 } END { if (n > 15) printf "[fuzz]   ... and %d more\n", n - 15 }' \
	"$results/cover.tsv"
exit 0
}
