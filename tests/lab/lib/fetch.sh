# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Resolve the lab's Debian packages to exact versions and download them.
#
# Everything the guests run comes from Debian's archive through apt-get
# download; nothing is installed on the host.  Downloaded .debs live in
# $CACHE_DIR/debs, named by package and version, so a second run with the
# same versions downloads nothing.

# resolve_kernel KVER -> prints the kernel ABI (e.g. 6.1.0-56-amd64).
# KVER may be empty or "6.1" (the ABI linux-headers-amd64 tracks), "6.12",
# or a full ABI, with or without "-amd64".
resolve_kernel() {
	local want=$1 meta abi
	case "$want" in
	"" | 6.1) meta=linux-image-amd64 ;;
	6.12) meta=linux-image-6.12-amd64 ;;
	*-amd64) echo "$want"; return ;;
	*)
		apt-cache show "linux-image-$want-amd64" >/dev/null 2>&1 ||
			die "KVER=$want: use 6.1, 6.12 or a full ABI such as 6.1.0-56-amd64"
		echo "$want-amd64"
		return
		;;
	esac
	abi=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(.*-amd64\)$/\1/p' | head -n1)
	[ -n "$abi" ] || die "cannot resolve $meta with apt-cache (run apt-get update?)"
	echo "$abi"
}

# lab_packages ABI -> "name=version=arch" lines for every package in
# packages.list, resolved with a single apt-cache call (it is slow per call).
lab_packages() {
	local abi=$1 names out name
	names=$(sed -e 's/#.*//' -e "s/@KERNEL@/linux-image-$abi/" "$LAB_DIR/packages.list" | xargs)
	# shellcheck disable=SC2086 # one word per package
	out=$(apt-cache show --no-all-versions $names 2>/dev/null |
		awk '/^Package:/ {p=$2} /^Version:/ {v=$2} /^Architecture:/ {print p "=" v "=" $2}')
	for name in $names; do
		grep -q "^$name=" <<<"$out" ||
			die "package $name has no candidate version (apt-get update?)"
	done
	echo "$out"
}

# deb_path NAME=VERSION=ARCH -> where that .deb lives in the cache.
deb_path() {
	local name=${1%%=*} rest=${1#*=}
	local ver=${rest%=*} arch=${rest##*=}
	# apt-get download encodes the epoch colon as %3a.
	echo "$CACHE_DIR/debs/${name}_${ver//:/%3a}_$arch.deb"
}

# fetch_debs SPEC... downloads the missing ones; quiet when all are cached.
fetch_debs() {
	local spec missing=()
	mkdir -p "$CACHE_DIR/debs"
	for spec in "$@"; do
		[ -f "$(deb_path "$spec")" ] || missing+=("${spec%=*}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "downloading ${#missing[@]} Debian packages into $CACHE_DIR/debs"
	(cd "$CACHE_DIR/debs" && apt-get download -q=2 -o APT::Sandbox::User=root "${missing[@]}") ||
		die "apt-get download failed for: ${missing[*]}"
	for spec in "$@"; do
		[ -f "$(deb_path "$spec")" ] || die "downloaded ${spec%=*} but $(deb_path "$spec") is missing"
	done
}
