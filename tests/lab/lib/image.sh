# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Build the boot images from the downloaded Debian packages.
#
# One set of images serves every domain:
#   xen.elf        the hypervisor, gunzipped (QEMU's multiboot loader wants ELF)
#   vmlinuz        Debian's bzImage, booted by Xen as dom0
#   vmlinux.gz     the same kernel as a stripped, gzip'd ELF, for PV domUs
#                  (libxc would spend seconds decompressing the bzImage)
#   base.cpio.gz   root file system: busybox, bash, Xen toolstack, iproute2,
#                  iperf3, pciutils and the kernel modules the lab needs --
#                  except the three modules under test, which roles.cpio.gz adds
#
# The images are keyed on the package versions and on this file, so a second
# run with the same versions rebuilds nothing.

# Kernel modules every domain may need, by module name; their dependencies
# are added from modules.dep.
LAB_MODULES="xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-pcifront
	e1000 e1000e bridge virtio_pci virtio_blk aer_inject"
# The roles under test.  Never in base.cpio.gz: roles.cpio.gz ships either
# Debian's module or ours, so the other one cannot load by accident.
ROLE_MODULES="pciback:xen-pciback netback:xen-netback netfront:xen-netfront"

# role_module ROLE -> module name (xen-netback ...).
role_module() {
	local pair
	for pair in $ROLE_MODULES; do
		[ "${pair%%:*}" = "$1" ] && { echo "${pair#*:}"; return; }
	done
	die "unknown role $1"
}

# unpack_tree SPEC... -> prints the directory holding every package unpacked.
unpack_tree() {
	local key dir spec
	key=$( { printf '%s\n' "$@"; } | short_hash)
	dir=$CACHE_DIR/tree/$key
	if [ ! -f "$dir/.done" ]; then
		log "unpacking $# packages into $dir"
		rm -rf "$dir" && mkdir -p "$dir"
		for spec in "$@"; do dpkg -x "$(deb_path "$spec")" "$dir"; done
		# The kernel package leaves modules.dep to its postinst.
		local abi
		for abi in "$dir"/lib/modules/*; do depmod -b "$dir" "${abi##*/}"; done
		touch "$dir/.done"
	fi
	echo "$dir"
}

# kernel_elf BZIMAGE OUT: extract the compressed payload of a bzImage (xz in
# 6.1, zstd in 6.12), decompress it, strip it and gzip it.
kernel_elf() {
	local bz=$1 out=$2 off tmp
	tmp=$(mktemp -d)
	off=$(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$bz" | head -n1 | cut -d: -f1 || true)
	if [ -n "$off" ]; then
		tail -c +$((off + 1)) "$bz" | xz -dc --single-stream >"$tmp/vmlinux" 2>/dev/null || true
	else
		off=$(LC_ALL=C grep -obUaP '\x28\xB5\x2F\xFD' "$bz" | head -n1 | cut -d: -f1 || true)
		[ -n "$off" ] || die "no xz or zstd payload found in $bz"
		# zstd complains about the trailing bytes after the frame; the
		# output is complete regardless, which the readelf check proves.
		tail -c +$((off + 1)) "$bz" | zstd -dcq >"$tmp/vmlinux" 2>/dev/null || true
	fi
	readelf -h "$tmp/vmlinux" >/dev/null 2>&1 || die "payload of $bz is not an ELF kernel"
	strip -o "$tmp/vmlinux.s" "$tmp/vmlinux"
	gzip -1 -c "$tmp/vmlinux.s" >"$out"
	rm -rf "$tmp"
}

# module_closure MODDIR NAME... -> relative paths of the modules and their
# deps; a module the kernel has built in (modules.builtin: 6.12 builds
# virtio_pci in) needs nothing; MISSING:NAME for one it has neither way.
module_closure() {
	local moddir=$1 builtin=/dev/null
	shift
	[ ! -e "$moddir/modules.builtin" ] || builtin=$moddir/modules.builtin
	awk -v want="$*" '
		BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) { gsub("_", "-", w[i]); q[w[i]] = 1 } }
		function modname(p,   m) { m = p; sub(".*/", "", m); sub("\\.ko.*", "", m); gsub("_", "-", m); return m }
		FNR == NR { inkernel[modname($1)] = 1; next }
		{
			sub(":", "", $1); path = $1; name = modname(path)
			deps[path] = ""; for (i = 2; i <= NF; i++) deps[path] = deps[path] " " $i
			byname[name] = path
		}
		function add(p,   i, n, d) {
			if (p in seen) return; seen[p] = 1; print p
			n = split(deps[p], d, " "); for (i = 1; i <= n; i++) add(d[i])
		}
		END {
			for (m in q) {
				if (m in byname) add(byname[m])
				else if (!(m in inkernel)) print "MISSING:" m
			}
		}
	' "$builtin" "$moddir/modules.dep"
}

# copy_module TREE_MODDIR STAGE_MODDIR RELPATH: copy one module, decompressing
# .ko.xz so busybox modprobe can load it.
copy_module() {
	local src=$1/$3 dst=$2/${3%.xz}
	mkdir -p "$(dirname "$dst")"
	case "$3" in
	*.xz) xz -dc "$src" >"$dst" ;;
	*) cp "$src" "$dst" ;;
	esac
}

# check_libs STAGE: every dynamically linked program in the image must find
# its libraries inside the image.
check_libs() {
	local stage=$1 f lib missing=""
	for f in "$stage"/usr/lib/xen-4.17/bin/xl "$stage"/usr/lib/xen-4.17/bin/xenstored \
		"$stage"/usr/lib/xen-4.17/bin/xenconsoled "$stage"/usr/bin/xenstore \
		"$stage"/bin/ip "$stage"/usr/bin/iperf3 "$stage"/usr/bin/lspci "$stage"/bin/bash; do
		[ -e "$f" ] || { missing+=" ${f#"$stage"}"; continue; }
		for lib in $(readelf -d "$f" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
			[ -e "$stage/lib/x86_64-linux-gnu/$lib" ] || [ -e "$stage/usr/lib/x86_64-linux-gnu/$lib" ] ||
				[ -e "$stage/usr/lib/$lib" ] || missing+=" $lib(${f##*/})"
		done
	done
	[ -z "$missing" ] || die "image is missing:$missing -- add the packages to tests/lab/packages.list"
}

# build_base TREE ABI OUT: stage the root file system and pack it.
build_base() {
	local tree=$1 abi=$2 out=$3 stage rel m
	stage=$(mktemp -d)
	# Everything the packages ship, minus what no guest reads.
	tar -C "$tree" -cf - --exclude=./boot --exclude=./lib/modules \
		--exclude=./usr/share/doc --exclude=./usr/share/man --exclude=./usr/share/locale \
		--exclude=./usr/share/info --exclude=./usr/share/lintian --exclude=./usr/lib/python3 \
		--exclude=./usr/share/bash-completion --exclude=./usr/share/zoneinfo \
		--exclude=./usr/lib/xen-4.17/boot --exclude=./usr/lib/debug --exclude='./usr/share/i18n' \
		--exclude=./usr/lib/x86_64-linux-gnu/gconv --exclude=./usr/lib/xen-4.17/bin/oxenstored . |
		tar -C "$stage" -xf -
	# busybox provides every small tool the packages do not.
	mkdir -p "$stage/sbin" "$stage/usr/sbin" "$stage/usr/bin" "$stage/dev" "$stage/proc" \
		"$stage/sys" "$stage/tmp" "$stage/run" "$stage/var/log/xen" "$stage/var/run" \
		"$stage/var/lib/xen" "$stage/var/lib/xenstored" "$stage/etc/xen" "$stage/root"
	for m in $("$stage/bin/busybox" --list-full); do
		[ -e "$stage/$m" ] || [ -L "$stage/$m" ] || ln -s /bin/busybox "$stage/$m"
	done
	# Kernel modules: the lab's list and its dependencies, never the roles.
	local moddir=$tree/lib/modules/$abi smod=$stage/lib/modules/$abi
	mkdir -p "$smod"
	# shellcheck disable=SC2086 # word lists
	for rel in $(module_closure "$moddir" $LAB_MODULES); do
		[ "${rel#MISSING:}" = "$rel" ] ||
			die "module list names ${rel#MISSING:}, which $abi has neither as a module nor built in"
		case " $(role_paths "$moddir") " in *" $rel "*) continue ;; esac
		copy_module "$moddir" "$smod" "$rel"
	done
	sed 's/\.ko\.xz/.ko/g' "$moddir/modules.dep" >"$smod/modules.dep"
	cp "$moddir/modules.builtin" "$smod/" 2>/dev/null || true
	check_libs "$stage"
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out"
	rm -rf "$stage"
}

# role_paths MODDIR -> module paths (as in modules.dep) of the three roles.
role_paths() {
	local pair
	for pair in $ROLE_MODULES; do
		module_closure "$1" "${pair#*:}" | head -n1
	done | xargs
}

# build_images SPEC... -> sets IMG_DIR to the directory holding the images.
build_images() {
	local abi=$1; shift
	local key tree
	key=$( { printf '%s\n' "$@"; cat "${BASH_SOURCE[0]}"; } | short_hash)
	IMG_DIR=$CACHE_DIR/img/$abi-$key
	[ -f "$IMG_DIR/.done" ] && return 0
	tree=$(unpack_tree "$@")
	log "building images for $abi in $IMG_DIR"
	rm -rf "$IMG_DIR" && mkdir -p "$IMG_DIR"
	zcat "$tree/boot/xen-4.17-amd64.gz" >"$IMG_DIR/xen.elf"
	cp "$tree/boot/vmlinuz-$abi" "$IMG_DIR/vmlinuz"
	kernel_elf "$IMG_DIR/vmlinuz" "$IMG_DIR/vmlinux.gz"
	build_base "$tree" "$abi" "$IMG_DIR/base.cpio.gz"
	echo "$tree" >"$IMG_DIR/tree"
	touch "$IMG_DIR/.done"
}
