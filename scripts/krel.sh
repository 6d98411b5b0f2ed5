#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# krel.sh KDIR - print the kernel release that modules built against the
# headers in KDIR install under.  Debian's headers carry the upstream
# release in include/config/kernel.release, so the directory name wins.
d=$(realpath "$1") || exit 1
case "$d" in
/usr/src/linux-headers-*) echo "${d#/usr/src/linux-headers-}" ;;
/lib/modules/*/build) d=${d%/build}; echo "${d#/lib/modules/}" ;;
*) cat "$d/include/config/kernel.release" ;;
esac
