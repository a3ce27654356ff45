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
# sites: the instruction after each call to __sanitizer_cov_trace_pc
objdump -dr --no-show-raw-insn "$obj" | awk '
	/^[0-9a-f]+ <[^>]+>:$/ { fn = substr($2, 2, length($2) - 3); start = strtonum("0x" $1); next }
	/R_X86_64_(PLT|PC)32[ \t]+__sanitizer_cov_trace_pc/ { pending = 1; next }
	/^ *[0-9a-f]+:/ { if (pending) { a = $1; sub(":", "", a); printf "%s\t%d\n", fn, strtonum("0x" a) - start; pending = 0 } }
' >"$results/.sites"
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
paste "$results/cover.tsv" "$results/.lines" | awk -F'\t' -v OFS='\t' '{ print $1, $2, $5, $4 }' >"$results/.c" &&
	mv "$results/.c" "$results/cover.tsv"
rm -f "$results/.lines"
echo "[fuzz] coverage: $hit of $total KCOV sites of the implementation reached (cover.tsv)"
awk -F'\t' '$4 == 0 { n++; if (n <= 15) printf "[fuzz]   never reached: %s (%s)\n", $2, $3 } END { if (n > 15) printf "[fuzz]   ... and %d more\n", n - 15 }' \
	"$results/cover.tsv"
exit 0
}
