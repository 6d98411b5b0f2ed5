#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian 12 packages this project needs, idempotently.
#
#   tests/deps.sh [group...]
#
# Groups: build (kernel headers for 6.1 and 6.12, compilers), lint (sparse,
# checkpatch source), test (host test toolchain, libFuzzer, python3 for the
# tests of bench/report.py), lab (QEMU and
# image tools), dkms, bench (the chart of make bench).  With no argument
# every group but bench is installed.
# Packages already installed are skipped; the script says what it installs.
set -euo pipefail

pkgs_build="build-essential gcc make bc bison flex libelf-dev kmod git
	linux-headers-amd64 linux-headers-6.12-amd64"
pkgs_lint="sparse linux-source-6.12 xz-utils perl python3"
pkgs_test="gcc clang libclang-rt-14-dev python3"
pkgs_lab="qemu-system-x86 busybox-static cpio xz-utils zstd binutils gzip dpkg-dev kmod shellcheck gcc libxen-dev"
pkgs_dkms="dkms"
pkgs_bench="python3-matplotlib"

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build lint test lab dkms)

want=()
for g in "${groups[@]}"; do
	var="pkgs_$g"
	if [ -z "${!var+x}" ]; then
		echo "deps.sh: unknown group '$g' (build lint test lab dkms bench)" >&2
		exit 2
	fi
	for p in ${!var}; do want+=("$p"); done
done

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		case " ${missing[*]-} " in *" $p "*) ;; *) missing+=("$p") ;; esac
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}" >&2
	echo "deps.sh: run as root (or: sudo apt-get install ${missing[*]})" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/xen-dd-update-stamp
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +360 2>/dev/null)" ]; then
	apt-get update -qq
	mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps.sh: done"
