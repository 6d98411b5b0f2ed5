#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# deb.sh - build xen-dd-dkms_<version>_all.deb, a Debian package of the DKMS
# source, from this tree: the tree scripts/dist.sh exports goes under
# /usr/src/xen-dd-<version>/, and the maintainer scripts in debian/ run
# dkms add/install on configure and dkms remove before removal.  Needs only
# dpkg-deb (no network, no root).  Prints the package's path.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tree=$(scripts/dist.sh | tail -n 1)
version=$(cat "$tree/.version")
# A Debian version has no '-' outside the revision: 0.1.0+g<commit>-dirty
# becomes 0.1.0+g<commit>.dirty.  The DKMS version keeps the original.
debversion=${version//-/.}
pkg=xen-dd-dkms
stage=build/deb/${pkg}_${debversion}_all
deb=build/deb/${pkg}_${debversion}_all.deb

# Only the package of this version stays, so build/deb/*.deb is one file.
rm -rf build/deb
mkdir -p "$stage/DEBIAN" "$stage/usr/src" "$stage/usr/share/doc/$pkg"
cp -a "$tree" "$stage/usr/src/xen-dd-$version"
cp debian/copyright "$stage/usr/share/doc/$pkg/copyright"
# Whatever the umask of the person building: root-owned, world-readable,
# only the owner writes; executables keep their x bits.
chmod -R u+rwX,go+rX,go-w "$stage"

subst() {
	sed -e "s/@VERSION@/$version/g" -e "s/@DEBVERSION@/$debversion/g" \
		-e "s/@INSTALLED_SIZE@/$size/g" "$1"
}
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
subst debian/control.in >"$stage/DEBIAN/control"
for script in postinst prerm; do
	subst "debian/$script.in" >"$stage/DEBIAN/$script"
	chmod 0755 "$stage/DEBIAN/$script"
done
(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"

dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null

# The package must carry what its maintainer scripts assume: a dkms.conf of
# this version at the path DKMS derives from name and version.
conf=./usr/src/xen-dd-$version/dkms.conf
# (Whole outputs into variables: grep -q would end the pipe early and
# pipefail would call that a failure.)
listing=$(dpkg-deb -c "$deb")
grep -qF " $conf" <<<"$listing" || { echo "deb.sh: $deb lacks $conf" >&2; exit 1; }
shipped=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "$conf")
grep -qxF "PACKAGE_VERSION=\"$version\"" <<<"$shipped" ||
	{ echo "deb.sh: $conf in $deb is not for version $version" >&2; exit 1; }
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Depends\): /  \1: /p' >&2
echo "$top/$deb"
