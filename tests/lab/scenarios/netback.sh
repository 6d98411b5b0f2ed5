# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netback: the backend role in dom0 put through its paces: two queues,
# TCP both ways, the "rate" limiter, a frontend that stops consuming
# (XSA-392), 20 attach/detach cycles under traffic with a leak check of
# what a vif owns in the backend domain, and rmmod at the end.
#
# With netfront=both the host ships both frontends and the scenario
# serves two clients in the same boot, one running Debian's netfront and
# one ours: every step runs for each, and their cycle loops run at once.
#
# The helpers below run wherever their step runs: dom0 here, nicdom in
# netback-nicdom.sh (which sources this file for them and shares
# nb_clients_up and nb_cycles_leaks, the acceptance steps).
about="netback in dom0: 2 queues, iperf3 both ways, rate=, RX stall, 20 attach/detach cycles, rmmod; one client per netfront (both: Debian's and ours at once)"
timeout=1200
# A short stall timeout, so that the stall step waits seconds, not a minute.
dom0_args="xen-netback.rx_stall_timeout_msecs=4000 xen-netback.rx_drain_timeout_msecs=2000"

# Low enough that a loaded host still sends more than this without it.
nb_rate_mbit=10
# Attach/detach cycles per client.
nb_ncycles=20

# nb_clients -> one "NAME IMPL MAC HOST" line per client: its domain
# name, the netfront it loads (ours, debian, or - for the one the host
# shipped), its vif's MAC and its host number on the bridge's /24.  One
# client, or with netfront=both two: Debian's netfront and ours.
nb_clients() {
	if [ "$(role_impl netfront)" = both ]; then
		echo "client-debian debian 00:16:3e:00:00:32 2"
		echo "client-ours ours 00:16:3e:00:00:33 3"
	else
		echo "client - 00:16:3e:00:00:32 2"
	fi
}

# nb_names -> the client names, on one line.
nb_names() { nb_clients | awk '{ print $1 }' | xargs; }

# nb_field NAME impl|mac|host -> that field of the client's line.
nb_field() {
	nb_clients | awk -v n="$1" -v f="$2" '
		$1 == n { print (f == "impl" ? $2 : f == "mac" ? $3 : $4) }'
}

# nb_on DOMAIN DESC CMD...: a step in DOMAIN, dom0 (Domain-0) or a domU.
nb_on() {
	local dom=$1
	shift
	if [ "$dom" = Domain-0 ]; then step "$@"; else in_dom "$dom" "$@"; fi
}

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

# nb_snapshot NAME: record backend_counts (guest/lib.sh) in /tmp/nb-NAME.
nb_snapshot() {
	wait_for 30 "the last vif netdev to go" no_vif_netdev || return 1
	sync
	echo 3 >/proc/sys/vm/drop_caches
	vm_callers >"/tmp/nb-$1.vm"
	backend_counts | tee "/tmp/nb-$1"
}

# nb_mapped N: while N vifs are connected, their rings show up as
# mappings, at least two each (proves the ringmaps count is a real one).
nb_mapped() {
	local now base
	now=$(backend_counts | awk '$1 == "ringmaps" { print $2 }')
	base=$(awk '$1 == "ringmaps" { print $2 }' /tmp/nb-base)
	echo "ring mappings: $base without the vifs, $now with $1 connected"
	[ "$now" -ge $((base + 2 * $1)) ]
}

# nb_compare: after the cycles nothing is left that was not there before
# (counts_diff, guest/lib.sh).
nb_compare() {
	nb_snapshot after >/dev/null || return 1
	diff /tmp/nb-base.vm /tmp/nb-after.vm | grep '^[<>]'
	counts_diff /tmp/nb-base /tmp/nb-after "after the attach/detach cycles"
}

# nb_client_traffic ADDR/LEN PEER: in the client, keep eth0 configured
# across detach and re-attach and keep pinging PEER, in the background.
nb_client_traffic() {
	(
		while :; do
			if [ -e /sys/class/net/eth0 ]; then
				ip -br addr show eth0 | grep -q "${1%/*}" ||
					{ ip link set eth0 up; ip addr add "$1" dev eth0; }
				ping -q -c 20 -i 0.05 -W 1 "$2"
			else
				nap 0.2
			fi
		done
	) </dev/null >/dev/null 2>&1 &
	echo "client traffic to $2 running as pid $!"
}

# nb_cycles BACKEND_DOMAIN CLIENT BRIDGE N: detach and re-attach the
# client's vif N times (xl from dom0) while traffic flows; ends detached.
# The domain ids are looked up once: xl costs a fifth of a second a call
# here, and the waits below would otherwise pay it on every try.
nb_cycles() {
	local be=$1 fe=$2 br=$3 n=$4 i t0=$SECONDS bid fid
	bid=$(domid "$be") || { echo "no domain $be"; return 1; }
	fid=$(domid "$fe") || { echo "no domain $fe"; return 1; }
	for i in $(seq 1 "$n"); do
		nb_attach "$be" "$fe" "$br" "$bid" "$fid" || { echo "attach $i failed"; return 1; }
		nb_detach "$be" "$fe" "$bid" "$fid" || { echo "detach $i failed"; return 1; }
	done
	echo "$n attach/detach cycles of $fe's vif on $be ($br) in $((SECONDS - t0)) s"
}

# nb_cycles_all BACKEND_DOMAIN BRIDGE N CLIENT...: nb_cycles for every
# client at once, one background loop each; fails if any loop failed,
# after all ended (each loop's output is shown, prefixed by its client).
nb_cycles_all() {
	local be=$1 br=$2 n=$3 fe pid rc=0 t0=$SECONDS
	local -a pids=()
	shift 3
	for fe in "$@"; do
		nb_cycles "$be" "$fe" "$br" "$n" >"/tmp/nb-cycles-$fe" 2>&1 &
		pids+=("$!")
	done
	for fe in "$@"; do
		pid=${pids[0]}
		pids=("${pids[@]:1}")
		wait "$pid" || rc=1
		sed "s/^/$fe: /" "/tmp/nb-cycles-$fe"
	done
	echo "METRIC netback $n attach/detach cycles of $# client(s) at once on $be: $((SECONDS - t0)) s"
	[ "$rc" -eq 0 ] || { echo "a cycle loop failed (see above)"; return 1; }
}

# nb_ids BACKEND_DOMAIN CLIENT [BACKEND_ID CLIENT_ID] -> "BACKEND_ID
# CLIENT_ID": the ids given, else looked up.
nb_ids() {
	if [ $# -ge 4 ]; then echo "$3 $4"; else echo "$(domid "$1") $(domid "$2")"; fi
}

# nb_attach BACKEND_DOMAIN CLIENT BRIDGE [BACKEND_ID CLIENT_ID]: attach a
# vif (the client's MAC) to the client (xl from dom0) and wait until both
# ends are Connected, so that a detach never lands in the middle of the
# handshake or of the hotplug script.  The backend goes Connected once the
# hotplug script reported; libxl itself allows it 10 s to reach InitWait
# and the script 40 s, so that is the bound here too: in a driver domain
# serving two clients' cycles at once, xl devd's scripts were seen to take
# 30 s.  The waits sleep on xenstore watches of the two state nodes.
nb_attach() {
	local opt=() bid fid be fe
	[ "$1" = Domain-0 ] || opt=("backend=$1")
	read -r bid fid < <(nb_ids "$1" "$2" "${@:4}")
	be=/local/domain/$bid/backend/vif/$fid/0
	fe=/local/domain/$fid/device/vif/0
	xl network-attach "$2" "${opt[@]}" "bridge=$3" "mac=$(nb_field "$2" mac)" || return 1
	wait_xs 50 "the vif connected" "$be/state" xs_is "$be/state" 4 || return 1
	wait_xs 30 "the frontend connected" "$fe/state" xs_is "$fe/state" 4
}

# nb_vif_gone BACKEND_ID CLIENT_ID: neither the vif's backend directory
# nor its frontend directory is left in xenstore.
nb_vif_gone() {
	! xenstore-exists "/local/domain/$1/backend/vif/$2/0" 2>/dev/null &&
		! xenstore-exists "/local/domain/$2/device/vif/0" 2>/dev/null
}

# nb_detach BACKEND_DOMAIN CLIENT [BACKEND_ID CLIENT_ID]: detach the
# client's vif, wait until both its directories are gone.
nb_detach() {
	local bid fid
	read -r bid fid < <(nb_ids "$@")
	xl network-detach "$2" 0 || return 1
	wait_xs 30 "the vif gone" "/local/domain/$bid/backend/vif/$fid/0" \
		nb_vif_gone "$bid" "$fid"
}

# nb_dmesg: the driver's lines; fails on a WARN, BUG or oops.
nb_dmesg() {
	dmesg | grep -iE 'vif|netback' | tail -n 25
	! dmesg | grep -qE 'WARNING:|BUG:|Oops|Call Trace'
}

# nb_traffic_start PEER [INTERVAL] / nb_traffic_stop: this domain's
# side of the traffic, a ping per peer in the background; stop ends all.
nb_traffic_start() {
	(ping -q -i "${2:-0.05}" "$1" </dev/null >/dev/null 2>&1 &
	 echo $! >"/tmp/nb-ping-$1.pid")
	echo "pinging $1 every ${2:-0.05} s in the background"
}
nb_traffic_stop() {
	local f
	for f in /tmp/nb-ping-*.pid; do
		[ -s "$f" ] && kill "$(cat "$f")"
		rm -f "$f"
	done
	true
}

# nb_clients_up BACKEND_DOMAIN NET: create every client with a vif on
# BACKEND_DOMAIN's xenbr0 (NET.1) limited to nb_rate_mbit, and check for
# each: 2 vCPUs and 2 queues, ping both ways, guest TX within 10% of
# rate=, above it once the key is gone, iperf3 the other way, counters.
nb_clients_up() {
	local be=$1 net=$2 fe impl ip vif bearg="" which
	local -a load
	[ "$be" = Domain-0 ] || bearg="backend=$be,"
	nb_on "$be" "start an iperf3 server in $be" iperf3 -s -D
	for fe in $(nb_names); do
		impl=$(nb_field "$fe" impl)
		ip=$net.$(nb_field "$fe" host)
		load=(role_load netfront)
		which=""
		case $impl in
		debian) load+=(debian); which=" (Debian's)" ;;
		ours) load+=(ours); which=" (ours)" ;;
		esac
		step "create $fe: 2 vCPUs, vif ${bearg}rate=${nb_rate_mbit}Mb/s" \
			domu_create "$fe" 192 "vcpus = 2" \
			"vif = ['${bearg}bridge=xenbr0,mac=$(nb_field "$fe" mac),rate=${nb_rate_mbit}Mb/s']"
		vif=$(nb_vif "$(domid "$fe")")
		in_dom "$fe" "$fe has 2 vCPUs (the later vcpus line wins)" nb_ncpus 2
		in_dom "$fe" "load the netfront role$which in $fe" "${load[@]}"
		in_dom "$fe" "configure eth0 of $fe as $ip/24" if_up eth0 "$ip/24"
		step "$fe's vif backend in $be is connected" \
			wait_for 30 "vif state Connected" vif_connected "$be" "$fe"
		nb_on "$be" "$vif serves 2 queues (debugfs io_ring_q0, io_ring_q1)" nb_queues "$vif" 2
		in_dom "$fe" "eth0 of $fe has 2 TX queues" test -d /sys/class/net/eth0/queues/tx-1
		say "$fe's vif has 2 queues on $vif in $be"
		in_dom "$fe" "ping $be from $fe" ping_ok "$net.1"
		nb_on "$be" "ping $fe from $be" ping_ok "$ip"
		in_dom "$fe" "$fe's TX for 10 s is within 10% of rate=${nb_rate_mbit}Mb/s" \
			nb_rate_check "$net.1" 10 "$nb_rate_mbit"
		step "remove the rate key of $vif" \
			xenstore-rm "/local/domain/$(domid "$be")/backend/vif/$(domid "$fe")/0/rate"
		in_dom "$fe" "$fe's TX without rate= exceeds the old limit" \
			nb_above "$net.1" 5 "$nb_rate_mbit"
		in_dom "$fe" "iperf3 -R for 5 s, $be to $fe" nb_iperf "$net.1" 5 -R
		nb_on "$be" "ethtool -S counts $vif's traffic per queue" nb_stats "$vif"
	done
}

# nb_cycles_leaks BACKEND_DOMAIN NET: with every client's vif detached,
# snapshot what vifs own in BACKEND_DOMAIN; start traffic both ways;
# attach and detach once (the rings show as mappings); nb_ncycles cycles
# of every client at once under traffic; nothing left behind; destroy the
# clients; rmmod; no WARN.
nb_cycles_leaks() {
	local be=$1 net=$2 fe ip names n=0
	names=$(nb_names)
	for fe in $names; do
		step "detach $fe's vif" nb_detach "$be" "$fe"
		n=$((n + 1))
	done
	nb_on "$be" "snapshot: vifs, kthreads, ring mappings, memory" nb_snapshot base
	for fe in $names; do
		ip=$net.$(nb_field "$fe" host)
		in_dom "$fe" "$fe's traffic to $be across re-attaches" nb_client_traffic "$ip/24" "$net.1"
		nb_on "$be" "$be's traffic to $fe" nb_traffic_start "$ip"
	done
	for fe in $names; do
		step "attach $fe's vif again" nb_attach "$be" "$fe" xenbr0
	done
	nb_on "$be" "the rings of $n vif(s) show as mappings while connected" nb_mapped "$n"
	for fe in $names; do
		step "detach $fe's vif again" nb_detach "$be" "$fe"
	done
	# shellcheck disable=SC2086 # names are words
	step "$nb_ncycles attach/detach cycles under traffic, $n client(s) at once" \
		nb_cycles_all "$be" xenbr0 "$nb_ncycles" $names
	nb_on "$be" "stop $be's traffic" nb_traffic_stop
	nb_on "$be" "nothing left behind: vifs, kthreads, ring mappings, memory" nb_compare
	for fe in $names; do
		step "destroy $fe" xl destroy "$fe"
	done
	nb_on "$be" "rmmod xen-netback after the last vif is gone" unload_netback
	nb_on "$be" "no WARN, BUG or oops in $be's log" nb_dmesg
}

# nb_stall FRONTEND NET: the frontend stops consuming RX (eth0 down)
# while dom0 floods it: the stalled queue turns the vif's carrier off
# (XSA-392) and back on once it consumes again.
nb_stall() {
	local fe=$1 ip vif
	ip=$2.$(nb_field "$fe" host)
	vif=$(nb_vif "$(domid "$fe")")
	in_dom "$fe" "$fe stops consuming RX (eth0 down)" ip link set eth0 down
	# The flood runs until the stall is seen: packets must keep waiting
	# for rx_stall_timeout_msecs once the posted buffers are used up.
	step "flood $fe from dom0, in the background" nb_traffic_start "$ip" 0.01
	step "the stalled queue turns the carrier off (XSA-392)" \
		wait_for 40 "$vif carrier off" nb_carrier "$vif" 0
	step "stop the flood" nb_traffic_stop
	in_dom "$fe" "$fe consumes again (eth0 up)" ip link set eth0 up
	step "the carrier comes back" wait_for 30 "$vif carrier on" nb_carrier "$vif" 1
	step "ping $fe again" ping_ok "$ip"
}

run_scenario() {
	local names
	names=$(nb_names)
	step "load the netback role in dom0" role_load netback
	step "create bridge xenbr0 (10.0.0.1/24) in dom0" make_bridge xenbr0 10.0.0.1/24
	nb_clients_up Domain-0 10.0.0
	nb_stall "${names%% *}" 10.0.0
	nb_cycles_leaks Domain-0 10.0.0
}
