#!/bin/bash
# deps.sh [test]: install the Debian packages msgbox-torture needs, if any
# is missing. As root it installs them; otherwise it prints the one
# apt-get line to run and exits 2. "test" adds what the unit tests need.
{ # read whole before running: editing it mid-run is safe
set -u
pkgs="make gcc libc6-dev patch perl flex bison bc libelf-dev libssl-dev xz-utils util-linux passwd"
[ "${1:-}" = test ] && pkgs="$pkgs libcmocka-dev valgrind clang libclang-rt-14-dev"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "msgbox-torture: missing packages; run: sudo apt-get install -y$missing" >&2
	exit 2
fi
echo "[deps] installing:$missing"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
	tail -5 "$log" >&2
	echo "msgbox-torture: apt-get install failed (log: $log)" >&2
	exit 2
fi
rm -f "$log"
exit
}
