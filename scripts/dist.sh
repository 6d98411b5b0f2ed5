#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dist.sh - export the module sources as a standalone tree (and tarball)
# that builds without git: build/dist/xen-dd-<version>/ with .version and
# dkms.conf filled in.  Prints the tree's path.  Used by DKMS install.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(scripts/version.sh)
out=build/dist/xen-dd-$version
rm -rf "$out"
mkdir -p "$out"
git ls-files -co --exclude-standard -- Makefile Kbuild VERSION README.md \
	scripts compat include drivers utils | tar cf - -T - | tar xf - -C "$out"
# tests/deps.sh is named in error messages; ship it so they stay true.
mkdir -p "$out/tests" && cp tests/deps.sh "$out/tests/"
echo "$version" >"$out/.version"
sed "s/@VERSION@/$version/" dkms.conf.in >"$out/dkms.conf"
tar czf "build/dist/xen-dd-$version.tar.gz" -C build/dist "xen-dd-$version"
echo "$top/$out"
