# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers shared by dom0 and the domUs.  Scenario steps call these.

# nap SECONDS: sleep without a process (a read that times out on a pipe
# nobody writes to), for the loops that poll: a fork costs tens of ms in a
# PV guest under TCG, and the polls of several domains add up.
nap() {
	[ -n "${lab_nap_fd:-}" ] || exec {lab_nap_fd}<> <(:)
	read -r -t "$1" -u "$lab_nap_fd" _ || true
}

# wait_for SECONDS WHAT CMD...: run CMD every half second until it succeeds.
# Every wait in the lab goes through here or wait_xs, so none can hang
# forever.  (SECONDS and nap, not date and sleep: no fork per try.)
wait_for() {
	local limit=$1 what=$2 end
	shift 2
	end=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "timed out after ${limit}s waiting for $what"
			return 1
		fi
		nap 0.5
	done
}

# wait_xs SECONDS WHAT PATH CMD...: wait_for, for a condition that changes
# with xenstore PATH (or a node under it): between tries it sleeps on a
# watch of PATH instead of polling, so it answers at once and costs nothing
# meanwhile.  A try also runs every WAIT_XS_IDLE seconds (2 unless the
# caller sets it) without an event, for a condition that depends on more
# than PATH, and every half second if the watch died.  The watch registers
# while the first try runs; its initial event then forces one more try, so
# a change in between is never missed.
wait_xs() {
	local limit=$1 what=$2 path=$3 idle=${WAIT_XS_IDLE:-2} end fd pid rc=0
	shift 3
	end=$((SECONDS + limit))
	exec {fd}< <(exec xenstore-watch "$path" 2>/dev/null)
	pid=$!
	until "$@" >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "timed out after ${limit}s waiting for $what"
			rc=1
			break
		fi
		read -r -t "$idle" -u "$fd" _ || [ $? -gt 128 ] || nap 0.5
	done
	kill "$pid" 2>/dev/null
	exec {fd}<&-
	return $rc
}

# xs_is PATH VALUE: xenstore node PATH holds VALUE.
xs_is() { [ "$(xenstore-read "$1" 2>/dev/null)" = "$2" ]; }

# Role → module name.  The roles are the drivers this project replaces.
role_module() {
	case "$1" in
	pciback) echo xen-pciback ;;
	netback) echo xen-netback ;;
	netfront) echo xen-netfront ;;
	*) echo "unknown role $1" >&2; return 1 ;;
	esac
}

# role_impl ROLE -> ours|debian, from /lab/roles written by the host.
role_impl() {
	sed -n "s/^$1=//p" /lab/roles
}

# cmdline_params MODULE -> "key=value ..." given as MODULE.key=value on the
# kernel command line (busybox modprobe and insmod do not look there).
cmdline_params() {
	local mod=$1 w
	for w in $(</proc/cmdline); do
		case "$w" in
		"$mod".*=* | "${mod//-/_}".*=*) echo -n "${w#*.} " ;;
		esac
	done
}

# role_load ROLE [IMPL]: load the implementation of ROLE chosen by the host
# (or IMPL, ours|debian, where the host shipped both), and prove that the
# module now in the kernel is that one: our modules are out-of-tree, so the
# kernel taints with 'O'; Debian's never do.
role_load() {
	local role=$1 mod impl sysmod dep params taint
	mod=$(role_module "$role") || return 1
	impl=$(role_impl "$role")
	if [ -n "${2:-}" ]; then
		case "$impl:$2" in
		both:* | "$2:$2") impl=$2 ;;
		*) echo "role $role: the host shipped only $impl, not $2"; return 1 ;;
		esac
	fi
	sysmod=/sys/module/${mod//-/_}
	params=$(cmdline_params "$mod")
	if [ ! -d "$sysmod" ]; then
		case "$impl" in
		debian)
			# shellcheck disable=SC2086 # params are words
			modprobe "$mod" $params || return 1
			;;
		ours)
			for dep in $(modinfo -F depends "/lab/ours/$mod.ko" | tr , ' '); do
				modprobe "$dep" || return 1
			done
			# shellcheck disable=SC2086
			insmod "/lab/ours/$mod.ko" $params || return 1
			;;
		both) echo "role $role: both implementations shipped, name one (role_load $role ours|debian)"; return 1 ;;
		*) echo "no implementation chosen for role $role"; return 1 ;;
		esac
	fi
	taint=$(cat "$sysmod/taint" 2>/dev/null)
	case "$impl:$taint" in
	ours:*O*) ;;
	debian:*O*) echo "$mod in the kernel is out-of-tree, expected Debian's"; return 1 ;;
	ours:*) echo "$mod in the kernel is Debian's, expected ours"; return 1 ;;
	esac
	echo "ROLE $role $impl $mod${params:+ $params}"
}

# netdev_of PCI_ADDR -> interface name of the NIC at that address.
netdev_of() {
	local d
	for d in /sys/bus/pci/devices/"$1"/net/*; do
		[ -e "$d" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# iperf_to SERVER SECONDS: bulk TCP, prints one line with the receiver's rate.
iperf_to() {
	local out rate
	out=$(iperf3 -c "$1" -t "$2" -f m 2>&1) || { echo "$out" | tail -n 5; return 1; }
	rate=$(echo "$out" | awk '/receiver/ { print $(NF-2), $(NF-1) }' | tail -n1)
	[ -n "$rate" ] || { echo "$out" | tail -n 5; return 1; }
	echo "METRIC iperf3 ${lab_domain:-?} -> $1 for $2 s: $rate"
}

# ping_ok ADDR: wait (bounded) for a first reply, then three pings must all
# be answered; prints the summary line.
ping_ok() {
	local out
	wait_for 30 "a first reply from $1" ping -c 1 -W 2 "$1" || return 1
	out=$(ping -c 3 -W 5 "$1" 2>&1)
	echo "$out" | tail -n 2
	# No pipeline here: under pipefail only the ping's own words decide.
	case $out in
	*' 0% packet loss'*) ;;
	*) echo "ping_ok: not all of 3 pings to $1 were answered"; return 1 ;;
	esac
	echo "METRIC ping ${lab_domain:-?} -> $1: 3 of 3 answered, round-trip avg $(echo "$out" |
		sed -n 's|.*min/avg/max = [^/]*/\([^/]*\)/.*|\1|p') ms"
}

# udp_oneway SERVER SECONDS RATE [-R]: a one-way stream of 64-byte UDP
# datagrams to SERVER's iperf3 server, or from it with -R, at RATE bits/s
# of payload (iperf3 -b: 0 is as fast as they go; any other rate is paced
# every 100 us, not in bursts every millisecond); nothing goes back while
# it runs (iperf3's control connection is idle).  Prints the receiver's
# datagrams lost/total as METRIC.
udp_oneway() {
	local srv=$1 secs=$2 rate=$3 out lost way="${lab_domain:-?} -> $1"
	local -a pace=()
	shift 3
	[ "${1:-}" != -R ] || way="$srv -> ${lab_domain:-?}"
	[ "$rate" = 0 ] || pace=(--pacing-timer 100)
	out=$(iperf3 -c "$srv" -u -l 64 -b "$rate" "${pace[@]}" -t "$secs" "$@" 2>&1) ||
		{ echo "$out" | tail -n 5; return 1; }
	lost=$(echo "$out" | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) l = $i }
		END { print l }')
	[ -n "$lost" ] || { echo "$out" | tail -n 5; return 1; }
	echo "METRIC udp 64-byte $way for $secs s at -b $rate: $lost datagrams lost/sent"
}

# ethtool_qsum IFACE NAME... -> for each NAME, on one line and from one
# read of ethtool -S, the sum of its per-queue counters over every queue
# (qN-NAME: our netback; qN_NAME: our netfront), 0 when absent.
ethtool_qsum() {
	local ifc=$1
	shift
	ethtool -S "$ifc" 2>/dev/null | awk -v names="$*" '
		{ n = $1; sub(/^q[0-9]+[-_]/, "", n); sub(/:$/, "", n); v[n] += $2 }
		END { k = split(names, w, " ")
			for (i = 1; i <= k; i++) s = s (i > 1 ? " " : "") (v[w[i]] + 0)
			print s }'
}

# coal_metric WHAT "PACKETS TIMED EVENTS" "PACKETS TIMED EVENTS" NAMES:
# a METRIC line of a coalescing test over WHAT, from the counters before
# and after it (a packet count, a count of polls handed to the timer, an
# event count; NAMES labels the three), with the events per packet;
# coal_dp and coal_dt get the growth of the packets and of the timed polls.
coal_metric() {
	local p0 t0 e0 p1 t1 e1 np nt ne
	read -r p0 t0 e0 <<<"$2"
	read -r p1 t1 e1 <<<"$3"
	read -r np nt ne <<<"$4"
	# shellcheck disable=SC2034 # read by the scenarios
	coal_dp=$((p1 - p0)) coal_dt=$((t1 - t0))
	echo "METRIC $1: $np +$coal_dp, $nt $t0 -> $t1, $ne +$((e1 - e0))," \
		"$(awk -v e=$((e1 - e0)) -v p="$coal_dp" 'BEGIN { printf "%.3f", p ? e / p : 0 }') events per packet"
}

# param_path MODULE NAME -> the sysfs file of MODULE's parameter NAME.
param_path() { echo "/sys/module/$1/parameters/$2"; }

# param_get MODULE NAME -> the value of MODULE's parameter NAME.
param_get() { cat "$(param_path "$1" "$2")"; }

# param_set MODULE NAME VALUE: write VALUE to MODULE's parameter NAME and
# read it back ("NAME=VALUE"); fails, saying so, if it does not read back
# VALUE (a bool reads back Y for 1 and N for 0).
param_set() {
	local f want=$3 now
	f=$(param_path "$1" "$2")
	echo "$3" >"$f" || { echo "$2: writing $3 failed"; return 1; }
	now=$(cat "$f") || return 1
	case "$now:$3" in Y:1) want=Y ;; N:0) want=N ;; esac
	echo "$2=$now"
	[ "$now" = "$want" ] || { echo "$2=$3 did not take (reads $now)"; return 1; }
}

# param_with MODULE NAME VALUE CMD [ARG...]: CMD with MODULE's parameter
# NAME at VALUE (param_set; CMD does not run if it did not take), then NAME
# back to the value it had before (param_set), whatever happened.  Fails
# if a write did not take or CMD failed.
param_with() {
	local m=$1 n=$2 v=$3 was rc=0
	shift 3
	was=$(param_get "$m" "$n") || return 1
	if ! param_set "$m" "$n" "$v"; then
		rc=1
	elif ! "$@"; then
		echo "$1 with $n=$v failed (see above)"
		rc=1
	fi
	param_set "$m" "$n" "$was" || rc=1
	return "$rc"
}

# param_set_or MODULE NAME VALUE FALLBACK: param_set to VALUE; if it does
# not take, param_set to FALLBACK and fail, saying whether that took.
param_set_or() {
	param_set "$1" "$2" "$3" && return 0
	if param_set "$1" "$2" "$4"; then
		echo "$2=$3 did not take; set back to $4"
	else
		echo "$2=$3 did not take, nor did $4"
	fi
	return 1
}

# mem_avail_kb -> MemAvailable of this domain in kB (leak and memory checks).
mem_avail_kb() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }

# if_by_mac MAC -> the interface with that MAC.
if_by_mac() {
	local d a
	for d in /sys/class/net/*; do
		# read, not cat: a fork is dear in a PV guest under TCG.
		read -r a 2>/dev/null <"$d/address" || continue
		[ "$a" = "$1" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# if_up IFACE ADDR/LEN: bring an interface up with an address.
if_up() {
	ip link set "$1" up && ip addr add "$2" dev "$1" && ip -br addr show "$1"
}

# nic_up PCI_ADDR ADDR/LEN: load e1000, wait until it drives the NIC at
# PCI_ADDR and bring that interface up with an address (e.g. dom0's
# "outside" peer of the passed-through NIC).
nic_up() {
	modprobe e1000 || return 1
	wait_for 30 "e1000 to drive $1" netdev_of "$1" || return 1
	if_up "$(netdev_of "$1")" "$2"
}

# make_bridge NAME [ADDR/LEN [PORT]]: a Linux bridge, optionally addressed
# and with a physical port.
make_bridge() {
	modprobe bridge && ip link add "$1" type bridge || return 1
	ip link set "$1" up
	[ -z "${2:-}" ] || ip addr add "$2" dev "$1"
	[ -z "${3:-}" ] || { ip link set "$3" up && ip link set "$3" master "$1"; }
	ip -br addr show "$1"
}

# no_vif_netdev: no backend interface (vifD.N) is left in this domain.
no_vif_netdev() { ! compgen -G '/sys/class/net/vif*' >/dev/null; }

# unload_netback: once the last vif netdev is gone, rmmod xen-netback.
unload_netback() {
	wait_for 30 "the last vif netdev to go" no_vif_netdev || return 1
	rmmod xen-netback || return 1
	[ ! -d /sys/module/xen_netback ] || { echo "xen_netback is still loaded"; return 1; }
	echo "xen-netback unloaded"
}

# start_devd: xl devd runs the backend hotplug scripts in a driver domain.
start_devd() {
	xl devd -p /var/run/xldevd.pid || return 1
	wait_for 20 "xl devd to write its pid file" test -s /var/run/xldevd.pid || return 1
	echo "xl devd running as pid $(cat /var/run/xldevd.pid)"
}

# start_devd_traced: start_devd, and copy its log (libxl's warnings and
# errors: a hotplug script that failed or timed out, a device it could
# not set up) to this domain's console as it grows, each line stamped with
# the uptime the kernel's lines carry, next to netback's own lines.  (xl
# -vvv would log every backend event too, but the copying then competes
# with vif-bridge for this domain's CPU: in run 20261123-052344-AEoE it
# made each hotplug take 20 to 30 s.)  netback-nicdom, bench, restart and
# soak use it.
start_devd_traced() {
	start_devd || return 1
	(
		tail -n +1 -F /var/log/xen/xldevd.log 2>/dev/null |
			while IFS= read -r line; do
				read -r up _ </proc/uptime
				echo "[$up] xldevd: $line"
			done >/dev/console
	) </dev/null >/dev/null 2>&1 &
	echo "xl devd's log goes to the console (guest-${lab_domain:-nicdom}.log)"
}

# pci_driver ADDR -> the driver bound to that PCI device, if any.
pci_driver() {
	local l
	l=$(readlink "/sys/bus/pci/devices/$1/driver") || return 1
	echo "${l##*/}"
}

# pci_owned_by ADDR DRIVER: the device is bound to DRIVER.
pci_owned_by() {
	[ "$(pci_driver "$1")" = "$2" ]
}

# pcifront_nic: in a domU given a NIC with pci=[...], load pcifront and e1000
# and wait for the interface; prints what the domU sees.
pcifront_nic() {
	modprobe xen-pcifront || return 1
	wait_for 30 "pcifront to show the device" sh -c 'ls /sys/bus/pci/devices/ | grep -q .' || return 1
	modprobe e1000 || return 1
	wait_for 30 "e1000 to create eth0" test -e /sys/class/net/eth0 || return 1
	lspci -k 2>/dev/null | grep -A2 -i ethernet
	echo "SAY ${lab_domain:-the domU} sees the NIC at $(basename "$(readlink /sys/class/net/eth0/device)")" \
		"through pcifront; $(basename "$(readlink /sys/class/net/eth0/device/driver)") drives it as eth0"
}

# --- counts for leak checks (netback, restart, faults) ---------------------

# backend_counts -> one "what count" line per object a vif owns in a
# backend domain: netdevs, kthreads (vifD.N-qN-*), ring mappings (vm
# areas of xenbus_map_ring_valloc in /proc/vmallocinfo), live vm areas
# (freed ones waiting for the lazy purge are listed as "unpurged") and
# kernel memory (Slab + VmallocUsed, KiB).
backend_counts() {
	echo "vifs $(find /sys/class/net -name 'vif*' | wc -l)"
	echo "threads $(cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^vif')"
	echo "ringmaps $(grep -c 'xenbus_map_ring' /proc/vmallocinfo)"
	echo "vmareas $(grep -vc 'unpurged' /proc/vmallocinfo)"
	echo "kmem $(awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo)"
}

# counts_diff BEFORE AFTER WHEN: two backend_counts files side by side;
# nothing may differ but kernel memory, which may grow by 2 MiB, and live
# vm areas, by 4 (slab caches, cached kernel stacks, unrelated
# allocations).  Prints a METRIC of the memory difference, "WHEN" naming
# the moment.
counts_diff() {
	paste "$1" "$2" | awk -v when="$3" '
		{ printf "%-9s before %8d after %8d\n", $1, $2, $4; d = $4 - $2 }
		$1 == "kmem" { print "METRIC kernel memory " when ": " d " KiB"
			if (d > 2048) bad = bad " kmem+" d "KiB"; next }
		$1 == "vmareas" { if (d > 4) bad = bad " vmareas+" d; next }
		{ if (d != 0) bad = bad " " $1 (d > 0 ? "+" : "") d }
		END { if (bad != "") { print "left behind:" bad; exit 1 } }'
}

# vm_callers -> live vm areas per allocating function, for a diff.
vm_callers() {
	grep -v unpurged /proc/vmallocinfo | awk '{ sub(/\+.*/, "", $3); print $3 }' |
		sort | uniq -c
}

# kthread_count -> kernel threads in this domain (no command line), but
# not the kworker pool, which grows and shrinks with the load.
kthread_count() {
	local p n=0 c
	for p in /proc/[0-9]*; do
		c=""
		read -r -d '' c 2>/dev/null <"$p/cmdline"
		[ -z "$c" ] || continue
		read -r c 2>/dev/null <"$p/comm" || continue
		case "$c" in kworker/*) ;; *) n=$((n + 1)) ;; esac
	done
	echo "$n"
}

# mem_used -> kB in use (MemTotal - MemAvailable) after dropping caches.
mem_used() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { print t - a }' /proc/meminfo
}

# grant_frames DOMAIN -> "<frames> <active entries>" of the domain's grant
# table, from Xen's 'g' debug key (active: mapped by another domain now).
# dom0 only (xl).  Fails if Xen's console ring lost the domain's part of
# the dump (the lab sizes the ring for it: conring_size in boot.sh).
grant_frames() {
	local id
	id=$(domid "$1") || return 1
	xl dmesg -c >/dev/null
	xl debug-keys g
	xl dmesg | awk -v d="$id" '
		/grant-table for remote d[0-9]+/ {
			match($0, /remote d[0-9]+/)
			cur = (substr($0, RSTART + 8, RLENGTH - 8) == d)
			next
		}
		cur && / frames \(/ {
			for (i = 1; i < NF; i++) if ($(i + 1) == "frames") { frames = $i; break }
			next
		}
		cur && /\[0x[0-9a-f]+\]/ { active++ }
		END { if (frames == "") exit 1; print frames, active + 0 }' ||
		{ echo "no grant table of domain $id in Xen's console ring (xl debug-keys g)" >&2; return 1; }
}

# proc_gone PID: the process exited (a zombie nobody reaped counts).
proc_gone() {
	[ ! -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# unbind_all DRIVER_DIR: unbind every device from a xenbus driver (sysfs),
# e.g. /sys/bus/xen/drivers/vif (netfront) or /sys/bus/xen-backend/drivers/vif
# (netback), as rmmod needs: the xenbus core holds a module reference for
# each bound device.
unbind_all() {
	local d
	for d in "$1"/vif-*; do
		[ -e "$d" ] || continue
		echo "${d##*/}" >"$1/unbind" || return 1
	done
}
