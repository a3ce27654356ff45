#!/bin/bash
# cover-report.sh KB RESULTS: the implementation's KCOV sites (every call to
# __sanitizer_cov_trace_pc in KB/arch/um/kernel/dm510_msgbox.o, at its
# return address in KB/linux) against the PCs the fuzzer reached
# (RESULTS/cover-pcs.txt). Writes RESULTS/cover.tsv (address, function+offset,
# file:line, reached: 1, 0, or "boot" for a site in .init.text, which runs
# at boot before any process can enable KCOV: not reachable by the fuzzer)
# and prints reached of reachable, the boot-only functions by name, and
# the reachable sites never reached.
{ # read whole before running: editing it mid-run is safe
set -u
kb=${1:?usage: cover-report.sh KB RESULTS} results=${2:?usage: cover-report.sh KB RESULTS}
obj=$kb/arch/um/kernel/dm510_msgbox.o linux=$kb/linux pcs=$results/cover-pcs.txt
for f in "$obj" "$linux" "$pcs"; do
	[ -f "$f" ] || { echo "cover-report: $f missing (make fuzz COVER=1 writes it)" >&2; exit 2; }
done
# function start addresses in the kernel binary. A static inline the object
# emits out of line (__access_ok) has many namesakes there, one per object
# that emitted it: such a function is placed by a function of the same
# section of the object whose name is unique (the object's section is laid
# out in one piece), and only if a namesake sits at that address
declare -A base nsym at
while read -r addr _ name; do
	a=$((16#$addr)) base[$name]=$a nsym[$name]=$((${nsym[$name]:-0} + 1)) at[$name@$a]=1
done < <(nm --defined-only "$linux" | awk '$2 ~ /^[tT]$/')
declare -A fbase secoff
fns=$(objdump -d "$obj" | awk '/^Disassembly of section / { sec = $4; sub(":", "", sec) }
	/^[0-9a-f]+ <[^>]+>:$/ { print sec, substr($2, 2, length($2) - 3), $1 }')
while read -r sec fn start; do
	[ "${nsym[$fn]:-0}" = 1 ] && [ -z "${secoff[$sec]:-}" ] && secoff[$sec]=$((${base[$fn]} - 16#$start))
done <<<"$fns"
while read -r sec fn start; do
	if [ "${nsym[$fn]:-0}" = 1 ]; then
		fbase[$fn]=${base[$fn]}
	elif [ -n "${secoff[$sec]:-}" ] && [ -n "${at[$fn@$((secoff[$sec] + 16#$start))]:-}" ]; then
		fbase[$fn]=$((secoff[$sec] + 16#$start))
	fi
done <<<"$fns"
declare -A seen
while read -r pc; do seen[$((pc))]=1; done <"$pcs"
# sites: the instruction after each call to __sanitizer_cov_trace_pc. UML
# builds with -mcmodel=large: its address is loaded into a register
# ("movabs $0x0,%rbx" with the relocation on the next line) and called
# through it ("call *%rbx"), once or many times, until that register is
# written again.
objdump -dr --no-show-raw-insn "$obj" | awk '
	function dest(ins,   n, parts) { n = split(ins, parts, ","); return parts[n] }
	/^Disassembly of section / { sec = $4; sub(":", "", sec); next }
	/^[0-9a-f]+ <[^>]+>:$/ { fn = substr($2, 2, length($2) - 3); start = $1; delete cov; want = ""; next }
	/R_X86_64_[A-Z0-9]+[ \t]+__sanitizer_cov_trace_pc/ { if (last != "") cov[last] = 1; else direct = 1; next }
	/^ *[0-9a-f]+:/ {
		a = $1; sub(":", "", a)
		if (want != "") { printf "%s\t%s\t%s\t%s\n", fn, start, a, sec ~ /^\.init\./ ? "boot" : ""; want = "" }
		if (direct) { direct = 0 }
		ins = $0; sub(/^ *[0-9a-f]+:[ \t]*/, "", ins)
		last = ""
		if (ins ~ /^call +\*%/) { r = ins; sub(/^call +\*/, "", r); if (r in cov) want = 1; next }
		if (ins ~ /^call /) { if (ins ~ /__sanitizer_cov_trace_pc/) want = 1; next }
		d = dest(ins)
		if (ins ~ /^movabs \$0x0,%/) last = d
		if (d ~ /^%/) delete cov[d]
	}
' | while IFS=$'\t' read -r fn start at boot; do printf '%s\t%d\t%s\n' "$fn" $((16#$at - 16#$start)) "$boot"; done >"$results/.sites"
: >"$results/cover.tsv"
total=0 hit=0 nboot=0 bootfns="" unplaced=0
while IFS=$'\t' read -r fn off boot; do
	b=${fbase[$fn]:-}
	[ -n "$b" ] || { unplaced=$((unplaced + 1)); continue; }
	a=$((b + off))
	r=${seen[$a]:+1}
	if [ -n "$boot" ]; then # its PC reached or not, it cannot be the fuzzer's
		r=boot nboot=$((nboot + 1))
		case " $bootfns " in *" $fn "*) ;; *) bootfns=${bootfns:+$bootfns }$fn ;; esac
	else
		total=$((total + 1))
		[ -n "$r" ] && hit=$((hit + 1))
	fi
	printf '0x%x\t%s+0x%x\t%s\n' "$a" "$fn" "$off" "${r:-0}" >>"$results/cover.tsv"
done <"$results/.sites"
rm -f "$results/.sites"
# their lines (the object is built with -g)
cut -f1 "$results/cover.tsv" | addr2line -e "$linux" >"$results/.lines" 2>/dev/null
paste "$results/cover.tsv" "$results/.lines" | awk -F'\t' -v OFS='\t' '{ print $1, $2, $4, $3 }' >"$results/.c" &&
	mv "$results/.c" "$results/cover.tsv"
rm -f "$results/.lines"
echo "[fuzz] coverage: reached $hit of $total reachable KCOV sites of the implementation (cover.tsv)$(
	[ "$nboot" -gt 0 ] && echo "; $nboot more excluded, boot only (not reachable by the fuzzer): ${bootfns// /, }")"
[ "$unplaced" -eq 0 ] || echo "[fuzz]   $unplaced KCOV sites not placed in $linux (their function not found there): not counted"
awk -F'\t' '$4 == "boot" { printf "[fuzz]   boot only (not reachable by the fuzzer): %s (%s)\n", $2, $3 }' "$results/cover.tsv"
awk -F'\t' '$4 == "0" { n++; if (n <= 15) printf "[fuzz]   never reached: %s (%s)\n", $2, $3 } END { if (n > 15) printf "[fuzz]   ... and %d more\n", n - 15 }' \
	"$results/cover.tsv"
exit 0
}
