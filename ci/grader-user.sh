#!/bin/bash
# grader-user.sh: print the name of the unprivileged user that runs UML for
# check and grade (creating it, as root, the first time). Foreign kernel
# code in UML can do whatever the host user running UML can: this one owns
# nothing but the results directory it is given.
set -u
user=msgbox-grader
if ! id -u "$user" >/dev/null 2>&1; then
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
		exit 1
fi
echo "$user"
