# results-dir.sh: sourced by the runners (run-suite.sh, check.sh, run-bench.sh,
# fuzz/run-uml.sh). abs PATH: PATH made absolute, for what is handed to
# the guest, which resolves paths from its own root (the host's /, read-only).
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }

# fresh_results DIR
# makes DIR an empty results directory that only our tools write, or
# refuses with one line (exit 2) when emptying it could destroy something:
# "/", the home directory, the checkout or one of its parents, a symlink, a
# path with spaces, or a non-empty directory that a run of ours did not
# create (it carries no .msgbox-torture marker). Every run starts from an
# empty directory, so no file of an earlier run can be judged as fresh.
fresh_results() {
	local dir=$1 top abs
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	case $dir in *" "* | *"	"*) echo "msgbox-torture: RESULTS=$dir: paths with spaces are refused (they cannot go on a kernel command line)" >&2; return 2 ;; esac
	[ -L "$dir" ] && { echo "msgbox-torture: RESULTS=$dir is a symlink; give a real directory" >&2; return 2; }
	mkdir -p "$dir" 2>/dev/null || { echo "msgbox-torture: cannot create RESULTS=$dir" >&2; return 2; }
	abs=$(cd "$dir" && pwd -P)
	case "$top/" in "$abs"/*) echo "msgbox-torture: RESULTS=$dir is the checkout or one of its parents; give a directory of its own (default: build/results/...)" >&2; return 2 ;; esac
	if [ "$abs" = / ] || [ "$abs" = "$(cd ~ 2>/dev/null && pwd -P)" ]; then
		echo "msgbox-torture: RESULTS=$dir is / or the home directory; give a directory of its own" >&2
		return 2
	fi
	# ours: the marker, or the files of a run of an earlier version
	if [ -n "$(ls -A "$abs")" ] && [ ! -f "$abs/.msgbox-torture" ] && [ ! -f "$abs/planned.tsv" ] &&
		[ ! -f "$abs/verdict.tsv" ]; then
		echo "msgbox-torture: RESULTS=$dir holds files that are not a results directory of ours; give an empty or new directory" >&2
		return 2
	fi
	# Empty it rather than remove it: under check/grade it belongs to the
	# unprivileged user running UML, who cannot recreate it.
	find "$abs" -mindepth 1 -delete 2>/dev/null || { echo "msgbox-torture: cannot empty RESULTS=$dir" >&2; return 2; }
	echo "a results directory of msgbox-torture: emptied at the start of every run" >"$abs/.msgbox-torture"
}
