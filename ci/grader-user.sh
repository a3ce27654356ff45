#!/bin/bash
# grader-user.sh SLOT: print the name of the unprivileged user that compiles
# and runs foreign code for check and grade (creating it, as root, the first
# time). Foreign kernel code in UML can do whatever the host user running
# UML can: this one owns nothing but the results directory it is given,
# and only while its run lasts. One user per concurrent run (SLOT 0-7,
# msgbox-grader-SLOT; tools/check/check.sh holds the slot's lock), so that
# no run's guest can write another run's results.
set -u
case ${1:-} in [0-7]) ;; *) echo "usage: grader-user.sh SLOT (0-7)" >&2; exit 2 ;; esac
user=msgbox-grader-$1
if ! id -u "$user" >/dev/null 2>&1; then
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
		exit 1
fi
echo "$user"
