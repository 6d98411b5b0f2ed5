# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Assemble one scenario's initramfs and boot it in QEMU.
#
# dom0's initramfs is a concatenation of gzip'd cpio archives (the kernel
# unpacks them in order into one root file system):
#   base.cpio.gz   Debian's userland and modules (lib/image.sh)
#   lab.cpio.gz    /lab/guest and /lab/scenarios from this tree
#   roles.cpio.gz  /lab/roles and the modules under test, Debian's or ours
#   boot.cpio.gz   /lab/boot: the domU kernel and the domU initramfs, which is
#                  base + lab + roles again
# Each piece is cached under a hash of its content.

# pack_dir DIR OUT: a gzip'd cpio of DIR's content, owned by root.
pack_dir() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$2"
}

# cached_pack KIND DIR -> path of the cached gzip'd cpio of DIR.
cached_pack() {
	local kind=$1 dir=$2 key out
	key=$( (cd "$dir" && find . -type f | LC_ALL=C sort | xargs -r sha256sum; find . | LC_ALL=C sort) | short_hash)
	out=$CACHE_DIR/packs/$kind-$key.cpio.gz
	if [ ! -f "$out" ]; then
		log "packing $kind.cpio.gz (new content)"
		mkdir -p "$CACHE_DIR/packs"
		pack_dir "$dir" "$out.tmp" && mv "$out.tmp" "$out"
	fi
	echo "$out"
}

# lab_tools DIR: compile each tests/lab/tools/*.c into DIR (the guests'
# /lab/bin, on their PATH).  The guests run Debian 12's libraries, as this
# host does; a tool names the libraries it links in a comment line
# " * lab-ldlibs: -lxenstore ...".
lab_tools() {
	local src bin libs
	mkdir -p "$1"
	for src in "$LAB_DIR"/tools/*.c; do
		[ -f "$src" ] || continue
		bin=$1/$(basename "$src" .c)
		libs=$(sed -n 's/^ \* lab-ldlibs: //p' "$src")
		# shellcheck disable=SC2086 # a list of -l flags
		gcc -O2 -g0 -Wall -Wextra -Werror -o "$bin" "$src" $libs >&2 ||
			die "cannot build the lab tool $src (tests/deps.sh lab installs what it needs)"
	done
}

# lab_pack -> the cpio with the guest scripts, scenarios and tools.
lab_pack() {
	local stage
	stage=$(mktemp -d)
	mkdir -p "$stage/lab/scenarios"
	cp -r "$LAB_DIR/guest" "$stage/lab/"
	cp "$LAB_DIR"/scenarios/*.sh "$stage/lab/scenarios/"
	if [ -d "$LAB_DIR/scenarios/broken" ]; then
		mkdir -p "$stage/lab/scenarios/broken"
		cp "$LAB_DIR"/scenarios/broken/*.sh "$stage/lab/scenarios/broken/" 2>/dev/null || true
	fi
	cp "$LAB_DIR/guest/init" "$stage/init"
	chmod 755 "$stage/init"
	lab_tools "$stage/lab/bin"
	cached_pack lab "$stage"
	rm -rf "$stage"
}

# roles_pack ABI -> the cpio with /lab/roles and the chosen module of each role.
# Debian's module goes back to its place in the module tree (modules.dep
# lists it); ours goes to /lab/ours, where modprobe never looks; "both"
# ships the two, and each domain's role_load names the one it loads.
roles_pack() {
	local abi=$1 tree stage role mod impl rel
	tree=$(cat "$IMG_DIR/tree")
	stage=$(mktemp -d)
	mkdir -p "$stage/lab/ours"
	for role in pciback netback netfront; do
		mod=$(role_module "$role")
		impl=$(role_choice "$role")
		echo "$role=$impl" >>"$stage/lab/roles"
		case "$impl" in
		debian | both)
			rel=$(module_closure "$tree/lib/modules/$abi" "$mod" | head -n1)
			copy_module "$tree/lib/modules/$abi" "$stage/lib/modules/$abi" "$rel"
			;;
		esac
		case "$impl" in
		ours | both)
			cp "$(our_module_path "$role")" "$stage/lab/ours/$mod.ko"
			;;
		esac
	done
	cached_pack roles "$stage"
	rm -rf "$stage"
}

# boot_pack LAB ROLES -> the cpio with the domU kernel and initramfs.
# The domU initramfs is one gzip stream (of the three cpio archives back to
# back): libxc gunzips a ramdisk itself, and would choke on the several
# gzip members a plain concatenation has.
boot_pack() {
	local stage out key
	key=$(cat "$IMG_DIR/base.cpio.gz" "$1" "$2" "$IMG_DIR/vmlinux.gz" | short_hash)
	out=$CACHE_DIR/packs/boot-$key.cpio.gz
	if [ ! -f "$out" ]; then
		log "packing boot.cpio.gz (the domU kernel and initramfs)"
		stage=$(mktemp -d)
		mkdir -p "$stage/lab/boot"
		cp "$IMG_DIR/vmlinux.gz" "$stage/lab/boot/"
		zcat "$IMG_DIR/base.cpio.gz" "$1" "$2" | gzip -1 >"$stage/lab/boot/domu.cpio.gz"
		pack_dir "$stage" "$out.tmp" && mv "$out.tmp" "$out"
		rm -rf "$stage"
	fi
	echo "$out"
}

# cat_aligned FILE...: concatenate, padding each file with zeros to a
# multiple of 4 bytes: the kernel looks for an uncompressed cpio archive only
# at an aligned offset, and skips zeros between archives.
cat_aligned() {
	local f size
	for f in "$@"; do
		cat "$f"
		size=$(stat -c %s "$f")
		head -c $(((4 - size % 4) % 4)) /dev/zero
	done
}

# dom0_initrd ABI -> sets DOM0_INITRD to the complete dom0 initramfs.
dom0_initrd() {
	local lab roles boot key
	lab=$(lab_pack)
	roles=$(roles_pack "$1")
	boot=$(boot_pack "$lab" "$roles")
	key=$(echo "$IMG_DIR $lab $roles $boot" | short_hash)
	DOM0_INITRD=$CACHE_DIR/packs/dom0-$key.img
	[ -f "$DOM0_INITRD" ] ||
		{ cat_aligned "$IMG_DIR/base.cpio.gz" "$lab" "$roles" "$boot" >"$DOM0_INITRD.tmp" &&
			mv "$DOM0_INITRD.tmp" "$DOM0_INITRD"; }
	# Per-run pieces change with every edit of guest/ or scenarios/: mark
	# the ones in use and forget those unused for two days (each variant is
	# some 70 MB).
	touch "$lab" "$roles" "$boot" "$DOM0_INITRD"
	find "$CACHE_DIR/packs" -type f -mtime +2 -delete
}

# TCG's translation cache is 4 GiB instead of QEMU's 1 GiB: code is
# translated at 2-27 MB/s during a bench, so 1 GiB filled and was flushed
# (every translation thrown away and redone) every 50-100 s; 4 GiB held a
# whole bench without a flush (Documentation/bench-results.rst).  It is
# host memory reserved up front but used only as translations need it.
LAB_TB_MB=4096
# norandmaps in every domain: with user address-space randomisation each
# new process maps its libraries at new addresses, and TCG translates
# their code anew (translations are keyed by virtual address); without it
# the lab's many short-lived processes (xl, awk, xenstore-*) reuse them.
# conring_size: Xen's console ring, which xl dmesg reads, must hold a whole
# 'g' debug-key dump (grant_frames): with static grants a client has over
# 500 entries a driver domain maps, a line each, and the default 16 KiB
# ring lost the start of the dump (faults, run 20261207-091242-eI1d).
XEN_ARGS="dom0_mem=400M,max:400M dom0_max_vcpus=2 iommu=1 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all conring_size=1M"
DOM0_ARGS="console=hvc0 norandmaps earlyprintk=xen panic_on_warn=1 oops=panic lab_domain=dom0"

# qemu_boot OUTDIR TIMEOUT MODE SCENARIO EXTRA_DOM0_ARGS: one boot of the
# whole system.  The console (Xen and dom0) goes to OUTDIR/console.log, or to
# the terminal in shell mode; the verdict channel, followed by the shipped
# logs, to OUTDIR/channel.log.  Returns QEMU's status (124: timed out).
qemu_boot() {
	local out=$1 limit=$2 mode=$3 scenario=$4 extra=$5 console stdin disk=() more=()
	local args="$DOM0_ARGS lab_scenario=$scenario lab_mode=$mode${LAB_BREAK:+ lab_break=$LAB_BREAK} $extra"
	case "$args" in *,*) die "dom0 arguments cannot contain commas (QEMU splits -initrd on them): $args" ;; esac
	if [ "$mode" = shell ]; then
		# shellcheck disable=SC2054 # commas belong to the QEMU options
		console=(-chardev stdio,id=con,signal=off -serial chardev:con)
		stdin=/dev/stdin
	else
		console=(-serial "file:$out/console.log")
		stdin=/dev/null
	fi
	: >"$out/channel.log"
	# A scenario that sets scratch_mb gets an empty virtio disk of that
	# size in dom0 (/dev/vda), e.g. for xl save images.
	if [ -n "${SCRATCH_MB:-}" ]; then
		rm -f "$out/scratch.img"
		truncate -s "${SCRATCH_MB}M" "$out/scratch.img"
		# shellcheck disable=SC2054 # commas belong to the QEMU option
		disk=(-drive "file=$out/scratch.img,format=raw,if=virtio")
	fi
	# A scenario's own extra devices (qemu_args), e.g. an e1000e with MSI-X.
	read -r -a more <<<"${QEMU_ARGS:-}"
	timeout -k 10 "$limit" qemu-system-x86_64 \
		-accel "tcg,tb-size=$LAB_TB_MB" -machine q35 -cpu qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+x2apic \
		-m 2048 -smp 2 -nodefaults -no-reboot -display none -vga none -monitor none \
		-device intel-iommu \
		-netdev hubport,id=nic5,hubid=0 -device e1000,netdev=nic5,addr=05,mac=52:54:00:00:00:05 \
		-netdev hubport,id=nic6,hubid=0 -device e1000,netdev=nic6,addr=06,mac=52:54:00:00:00:06 \
		"${disk[@]}" "${more[@]}" "${console[@]}" -serial "file:$out/channel.log" \
		-kernel "$IMG_DIR/xen.elf" -append "$XEN_ARGS" \
		-initrd "$IMG_DIR/vmlinuz $args,$DOM0_INITRD" \
		<"$stdin" 2>"$out/qemu.log"
}

# unpack_logs OUTDIR: decode what dom0 shipped on the log port.
unpack_logs() {
	local out=$1
	mkdir -p "$out/logs"
	tr -d '\r' <"$out/channel.log" | sed -n '/^BEGIN-LOGS/,/^END-LOGS/p' | sed '1d;$d' |
		base64 -d 2>/dev/null | tar -C "$out/logs" -xzf - 2>/dev/null || return 1
}
