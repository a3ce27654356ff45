#!/bin/bash
# deps.sh [test]: install the Debian packages msgbox-torture needs, if any
# is missing. As root it installs them; otherwise it prints the one
# apt-get line to run and exits 2. "test" adds what the unit tests need,
# and chromium for the report page's test (tests/test_report_html.sh): a
# chromium that cannot be installed (no such package here, or not root) is
# said once and never fails, since that test then skips, saying so.
{ # read whole before running: editing it mid-run is safe
set -u
pkgs="make gcc libc6-dev patch perl flex bison bc libelf-dev libssl-dev xz-utils util-linux passwd procps"
optional=
[ "${1:-}" = test ] && pkgs="$pkgs libcmocka-dev valgrind clang libclang-rt-14-dev" && optional="chromium"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing= opt_missing=
for p in $pkgs; do
	installed "$p" || missing="$missing $p"
done
for p in $optional; do
	installed "$p" || opt_missing="$opt_missing $p"
done
[ -z "$missing$opt_missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	[ -n "$opt_missing" ] && echo "msgbox-torture: without$opt_missing the report page test skips;" \
		"to run it: sudo apt-get install -y$opt_missing" >&2
	[ -z "$missing" ] && exit 0
	echo "msgbox-torture: missing packages; run: sudo apt-get install -y$missing" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if [ -n "$missing" ]; then
	echo "[deps] installing:$missing"
	if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
		tail -5 "$log" >&2
		echo "msgbox-torture: apt-get install failed (log: $log)" >&2
		exit 2
	fi
fi
if [ -n "$opt_missing" ]; then
	echo "[deps] installing:$opt_missing (for the report page test)"
	{ [ -n "$missing" ] || apt-get update -qq; } >"$log" 2>&1
	if ! apt-get install -y -qq --no-install-recommends $opt_missing >>"$log" 2>&1; then
		echo "msgbox-torture: could not install$opt_missing (log: $log): the report page test will skip" >&2
		exit 0
	fi
fi
rm -f "$log"
exit 0
}
