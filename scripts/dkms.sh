#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dkms.sh install [KREL] - register this tree's version with DKMS, build it
#                          and install it for KREL (default: every kernel
#                          under /lib/modules whose headers are installed;
#                          "dkms autoinstall" would only do the running one)
# dkms.sh remove         - remove every registered xen-dd version, which
#                          restores the in-tree modules
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
command -v dkms >/dev/null || "$top/tests/deps.sh" dkms

case "${1:-}" in
install)
	tree=$("$top/scripts/dist.sh" | tail -n 1)
	version=$(cat "$tree/.version")
	dest=/usr/src/xen-dd-$version
	if dkms status -m xen-dd -v "$version" | grep -q .; then
		dkms remove -m xen-dd -v "$version" --all
	fi
	rm -rf "$dest"
	cp -a "$tree" "$dest"
	dkms add -m xen-dd -v "$version"
	if [ -n "${2:-}" ]; then
		krels=$2
	else
		krels=$(for dir in /lib/modules/*; do
			[ ! -e "$dir/build/Makefile" ] || echo "${dir##*/}"
		done)
		[ -n "$krels" ] || { echo "dkms.sh: no kernel headers installed (tests/deps.sh build)" >&2; exit 1; }
	fi
	# install builds first; --force because the in-tree modules carry no
	# version DKMS could compare ours with.
	for krel in $krels; do
		dkms install -m xen-dd -v "$version" -k "$krel" --force
	done
	dkms status -m xen-dd
	;;
remove)
	for version in $(dkms status -m xen-dd | sed -n 's|^xen-dd/\([^,:]*\).*|\1|p' | sort -u); do
		dkms remove -m xen-dd -v "$version" --all
		rm -rf "/usr/src/xen-dd-$version"
	done
	;;
*)
	echo "usage: dkms.sh install [KREL] | remove" >&2
	exit 2
	;;
esac
