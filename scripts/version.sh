#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the module version: the release in VERSION plus, inside a git
# checkout, the commit ("0.1.0+g1a2b3c4d5e6f", "-dirty" for local changes).
# A source tree exported without git (DKMS, the .deb) carries the full
# string in .version instead, written by "make dist".
cd "$(dirname "$0")/.." || exit 1
if [ -f .version ]; then
	cat .version
	exit 0
fi
base=$(cat VERSION)
if git rev-parse --git-dir >/dev/null 2>&1 &&
   rev=$(git describe --always --dirty --abbrev=12 --exclude '*' 2>/dev/null); then
	echo "$base+g$rev"
else
	echo "$base"
fi
