# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netback: the backend role in dom0 put through its paces: two queues,
# TCP both ways, the "rate" limiter, a frontend that stops consuming
# (XSA-392), 20 attach/detach cycles under traffic with a leak check of
# what a vif owns in the backend domain, and rmmod at the end.
#
# The helpers below run wherever their step runs: dom0 here, nicdom in
# netback-nicdom.sh (which sources this file for them).
about="netback in dom0: 2 queues, iperf3 both ways, rate=, RX stall, 20 attach/detach cycles, rmmod"
timeout=900
# A short stall timeout, so that the stall step waits seconds, not a minute.
dom0_args="xen-netback.rx_stall_timeout_msecs=4000 xen-netback.rx_drain_timeout_msecs=2000"

nb_mac=00:16:3e:00:00:32
# Low enough that a loaded host still sends more than this without it.
nb_rate_mbit=10

# nb_iperf SERVER SECONDS [iperf3 args...]: like iperf_to, with extra
# arguments (-R: the server sends); prints the receiver's Mbit/s as METRIC.
nb_iperf() {
	local srv=$1 secs=$2 out rate
	shift 2
	out=$(iperf3 -c "$srv" -t "$secs" -f m "$@" 2>&1) || { echo "$out" | tail -n 5; return 1; }
	rate=$(echo "$out" | awk '/receiver/ { print $(NF-2) }' | tail -n1)
	[ -n "$rate" ] || { echo "$out" | tail -n 5; return 1; }
	echo "METRIC iperf3 ${lab_domain:-?} -> $srv $* for $secs s: $rate Mbits/sec"
	echo "$rate"
}

# nb_rate_check SERVER SECONDS MBIT: guest TX, measured by the receiver,
# is within 10% of the vif's rate= setting.
nb_rate_check() {
	local out rate
	out=$(nb_iperf "$1" "$2") || { echo "$out"; return 1; }
	echo "$out"
	rate=$(echo "$out" | tail -n 1)
	echo "METRIC rate limit $3 Mbit/s: guest TX measured $rate Mbit/s"
	awk -v r="$rate" -v s="$3" 'BEGIN { exit !(r >= 0.9 * s && r <= 1.1 * s) }' ||
		{ echo "guest TX $rate Mbit/s is not within 10% of rate=$3Mb/s"; return 1; }
}

# nb_above SERVER SECONDS MBIT: once the rate is removed, guest TX
# exceeds the old limit by more than 10% (the limiter was the cause).
nb_above() {
	local out rate
	out=$(nb_iperf "$1" "$2") || { echo "$out"; return 1; }
	echo "$out"
	rate=$(echo "$out" | tail -n 1)
	awk -v r="$rate" -v s="$3" 'BEGIN { exit !(r > 1.1 * s) }' ||
		{ echo "guest TX $rate Mbit/s without rate= is still limited to $3 Mbit/s"; return 1; }
}

# nb_ncpus N: this domain runs N vCPUs.
nb_ncpus() { nproc; [ "$(nproc)" = "$1" ]; }

# nb_vif FRONTEND_NAME -> vifD.0 of that domain.
nb_vif() { echo "vif$1.0"; }

# nb_queues VIF N: the backend serves N queues: its debugfs shows one
# io_ring_qN file per queue (mainline's layout, and ours).
nb_queues() {
	local d=/sys/kernel/debug/xen-netback/$1 n
	grep -q ' /sys/kernel/debug debugfs' /proc/mounts ||
		mount -t debugfs none /sys/kernel/debug
	n=$(find "$d" -name 'io_ring_q*' 2>/dev/null | wc -l)
	head -n 20 "$d"/io_ring_q* 2>&1
	[ "$n" -eq "$2" ] || { echo "$1 has $n queues in debugfs, expected $2"; return 1; }
}

# nb_stats VIF: ethtool -S is readable and counted this vif's traffic;
# with our netback, per queue (q0-..., q1-...).
nb_stats() {
	local out
	out=$(ethtool -S "$1" 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -v ': 0$' | head -n 30
	if [ "$(role_impl netback)" = ours ]; then
		echo "$out" | grep -Eq 'q[0-9]+-tx_packets: [1-9]' || { echo "no guest TX counted"; return 1; }
		echo "$out" | grep -q 'q1-rx_packets' || { echo "no q1 counters"; return 1; }
	fi
	ip -s link show "$1" | grep -A1 -E 'RX:|TX:'
}

# nb_carrier VIF 0|1: the vif's carrier is off / on.
nb_carrier() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]; }

# nb_leftovers -> one "what count" line per object a vif owns in the
# backend domain: netdevs, kthreads (vifD.N-qN-*), ring mappings (vm
# areas of xenbus_map_ring_valloc in /proc/vmallocinfo), live vm areas
# (freed ones waiting for the lazy purge are listed as "unpurged") and
# kernel memory (Slab + VmallocUsed, KiB).
nb_leftovers() {
	echo "vifs $(find /sys/class/net -name 'vif*' | wc -l)"
	echo "threads $(cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^vif')"
	echo "ringmaps $(grep -c 'xenbus_map_ring' /proc/vmallocinfo)"
	echo "vmareas $(grep -vc 'unpurged' /proc/vmallocinfo)"
	echo "kmem $(awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo)"
}

# nb_vmcallers -> live vm areas per allocating function, for a diff.
nb_vmcallers() {
	grep -v unpurged /proc/vmallocinfo | awk '{ sub(/\+.*/, "", $3); print $3 }' |
		sort | uniq -c
}

# nb_snapshot NAME: record nb_leftovers in /tmp/nb-NAME.
nb_snapshot() {
	wait_for 30 "the last vif netdev to go" nb_no_vif || return 1
	sync
	echo 3 >/proc/sys/vm/drop_caches
	nb_vmcallers >"/tmp/nb-$1.vm"
	nb_leftovers | tee "/tmp/nb-$1"
}

# nb_mapped: while a vif is connected, its rings show up as mappings
# (proves the ringmaps count is a real one).
nb_mapped() {
	local now base
	now=$(nb_leftovers | awk '$1 == "ringmaps" { print $2 }')
	base=$(awk '$1 == "ringmaps" { print $2 }' /tmp/nb-base)
	echo "ring mappings: $base without the vif, $now with it"
	[ "$now" -ge $((base + 2)) ]
}

# nb_compare: after the cycles nothing is left that was not there before;
# kernel memory may move by 2 MiB and vm areas by 4 (slab caches, cached
# kernel stacks, unrelated allocations).
nb_compare() {
	nb_snapshot after >/dev/null || return 1
	diff /tmp/nb-base.vm /tmp/nb-after.vm | grep '^[<>]'
	paste /tmp/nb-base /tmp/nb-after | awk '
		{ printf "%-9s before %8d after %8d\n", $1, $2, $4; d = $4 - $2 }
		$1 == "kmem" { print "METRIC kernel memory after the attach/detach cycles: " d " KiB"
			if (d > 2048) bad = bad " kmem+" d "KiB"; next }
		$1 == "vmareas" { if (d > 4) bad = bad " vmareas+" d; next }
		{ if (d != 0) bad = bad " " $1 (d > 0 ? "+" : "") d }
		END { if (bad != "") { print "left behind:" bad; exit 1 } }'
}

# nb_client_traffic ADDR/LEN PEER: in the client, keep eth0 configured
# across detach and re-attach and keep pinging PEER, in the background.
nb_client_traffic() {
	(
		while :; do
			if ip link show eth0 >/dev/null 2>&1; then
				ip -br addr show eth0 | grep -q "${1%/*}" ||
					{ ip link set eth0 up; ip addr add "$1" dev eth0; }
				ping -q -c 20 -i 0.05 -W 1 "$2"
			else
				sleep 0.2
			fi
		done
	) </dev/null >/dev/null 2>&1 &
	echo "client traffic to $2 running as pid $!"
}

# nb_cycles BACKEND_DOMAIN CLIENT BRIDGE N: detach and re-attach the
# client's vif N times (xl from dom0) while traffic flows; ends detached.
nb_cycles() {
	local be=$1 fe=$2 br=$3 n=$4 i
	for i in $(seq 1 "$n"); do
		nb_attach "$be" "$fe" "$br" || { echo "attach $i failed"; return 1; }
		xl network-detach "$fe" 0 || { echo "detach $i failed"; return 1; }
		wait_for 30 "the vif gone (cycle $i)" nb_vif_gone "$be" "$fe" ||
			return 1
	done
	echo "$n attach/detach cycles of $fe's vif on $be ($br)"
}

# nb_fe_connected CLIENT: the client's frontend says Connected (4) too.
nb_fe_connected() {
	[ "$(xenstore-read "/local/domain/$(domid "$1")/device/vif/0/state" 2>/dev/null)" = 4 ]
}

# nb_attach BACKEND_DOMAIN CLIENT BRIDGE: attach a vif to the client (xl
# from dom0) and wait until both ends are Connected, so that a detach
# never lands in the middle of the handshake or of the hotplug script.
nb_attach() {
	local be=()
	[ "$1" = Domain-0 ] || be=("backend=$1")
	xl network-attach "$2" "${be[@]}" "bridge=$3" "mac=$nb_mac" || return 1
	wait_for 30 "the vif connected" vif_connected "$1" "$2" || return 1
	wait_for 30 "the frontend connected" nb_fe_connected "$2"
}

# nb_vif_gone BACKEND_DOMAIN CLIENT: neither the vif's backend directory
# nor its frontend directory is left in xenstore.
nb_vif_gone() {
	! xenstore-ls "/local/domain/$(domid "$1")/backend/vif/$(domid "$2")/0" \
		>/dev/null 2>&1 &&
		! xenstore-ls "/local/domain/$(domid "$2")/device/vif/0" >/dev/null 2>&1
}

# nb_detach BACKEND_DOMAIN CLIENT: detach the client's vif, wait until gone.
nb_detach() {
	xl network-detach "$2" 0 || return 1
	wait_for 30 "the vif gone" nb_vif_gone "$1" "$2"
}

# nb_no_vif: no vif netdev is left in this domain.
nb_no_vif() { ! find /sys/class/net -name 'vif*' | grep -q .; }

# nb_rmmod: unload the backend once the last vif is gone.
nb_rmmod() {
	wait_for 30 "the last vif netdev to go" nb_no_vif || return 1
	rmmod xen-netback || return 1
	[ ! -d /sys/module/xen_netback ] || { echo "xen_netback still loaded"; return 1; }
	echo "xen-netback unloaded"
}

# nb_dmesg: the driver's lines; fails on a WARN, BUG or oops.
nb_dmesg() {
	dmesg | grep -iE 'vif|netback' | tail -n 25
	! dmesg | grep -qE 'WARNING:|BUG:|Oops|Call Trace'
}

# nb_traffic_start PEER [INTERVAL] / nb_traffic_stop: this domain's
# side of the traffic, a ping in the background.
nb_traffic_start() {
	(ping -q -i "${2:-0.05}" "$1" </dev/null >/dev/null 2>&1 &
	 echo $! >/tmp/nb-ping.pid)
	echo "pinging $1 every ${2:-0.05} s in the background"
}
nb_traffic_stop() {
	[ -s /tmp/nb-ping.pid ] && kill "$(cat /tmp/nb-ping.pid)"
	rm -f /tmp/nb-ping.pid
	true
}

run_scenario() {
	local vif
	step "load the netback role in dom0" role_load netback
	step "create bridge xenbr0 (10.0.0.1/24) in dom0" make_bridge xenbr0 10.0.0.1/24
	step "create the client: 2 vCPUs, vif rate=${nb_rate_mbit}Mb/s" domu_create client 192 \
		"vcpus = 2" "vif = ['bridge=xenbr0,mac=$nb_mac,rate=${nb_rate_mbit}Mb/s']"
	vif=$(nb_vif "$(domid client)")
	in_dom client "the client has 2 vCPUs (the later vcpus line wins)" nb_ncpus 2
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as 10.0.0.2/24" if_up eth0 10.0.0.2/24
	step "the vif backend in dom0 is connected" wait_for 30 "vif state Connected" vif_connected Domain-0 client
	step "$vif serves 2 queues (debugfs io_ring_q0, io_ring_q1)" nb_queues "$vif" 2
	in_dom client "eth0 has 2 TX queues" test -d /sys/class/net/eth0/queues/tx-1
	say "the client's vif has 2 queues on $vif in dom0"
	in_dom client "ping dom0 from the client" ping_ok 10.0.0.1
	step "ping the client from dom0" ping_ok 10.0.0.2
	step "start an iperf3 server in dom0" iperf3 -s -D
	in_dom client "guest TX for 10 s is within 10% of rate=${nb_rate_mbit}Mb/s" \
		nb_rate_check 10.0.0.1 10 "$nb_rate_mbit"
	step "remove the rate key" xenstore-rm "/local/domain/0/backend/vif/$(domid client)/0/rate"
	in_dom client "guest TX without rate= exceeds the old limit" nb_above 10.0.0.1 5 "$nb_rate_mbit"
	in_dom client "iperf3 -R for 5 s, dom0 to the client" nb_iperf 10.0.0.1 5 -R
	step "ethtool -S counts the traffic per queue" nb_stats "$vif"
	in_dom client "the client stops consuming RX (eth0 down)" ip link set eth0 down
	# The flood runs until the stall is seen: packets must keep waiting
	# for rx_stall_timeout_msecs once the posted buffers are used up.
	step "flood the client from dom0, in the background" nb_traffic_start 10.0.0.2 0.01
	step "the stalled queue turns the carrier off (XSA-392)" \
		wait_for 40 "$vif carrier off" nb_carrier "$vif" 0
	step "stop the flood" nb_traffic_stop
	in_dom client "the client consumes again (eth0 up)" ip link set eth0 up
	step "the carrier comes back" wait_for 30 "$vif carrier on" nb_carrier "$vif" 1
	step "ping the client again" ping_ok 10.0.0.2
	step "detach the client's vif" nb_detach Domain-0 client
	step "snapshot: vifs, kthreads, ring mappings, memory" nb_snapshot base
	in_dom client "client traffic to dom0 across re-attaches" nb_client_traffic 10.0.0.2/24 10.0.0.1
	step "dom0 traffic to the client" nb_traffic_start 10.0.0.2
	step "attach the vif again" nb_attach Domain-0 client xenbr0
	step "its rings show as mappings while connected" nb_mapped
	step "detach it again" nb_detach Domain-0 client
	step "20 attach/detach cycles under traffic" nb_cycles Domain-0 client xenbr0 20
	step "stop dom0's traffic" nb_traffic_stop
	step "nothing left behind: vifs, kthreads, ring mappings, memory" nb_compare
	step "destroy the client" xl destroy client
	step "rmmod xen-netback after the last vif is gone" nb_rmmod
	step "no WARN, BUG or oops in dom0's log" nb_dmesg
}
