# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netfront: the acceptance of xen-netfront (issue #4) with the backend in
# dom0.  A 2-vCPU client: ping and iperf3 both ways, 2 queues both used,
# ethtool -i / -S / -K, MTU 9000 with scatter-gather, xl save / xl restore,
# 20 network-detach / network-attach cycles under traffic with the client's
# memory back to its baseline, and an XDP_DROP program attached and
# detached under traffic.
#
# Steps that need what only our netfront offers (per-queue ethtool -S
# counters) check the netfront role and say when they are skipped; every
# other step runs the same with Debian's netfront, as a reference row.
about="netfront acceptance: ping, iperf3 both ways, 2 queues, ethtool, MTU 9000, save/restore, 20 detach/attach cycles, XDP, rmmod, bad mac"
timeout=1200
dom0_args=""
scratch_mb=400
nf_mac=00:16:3e:00:00:32
nf_client=10.0.0.2
nf_dom0=10.0.0.1

# Tolerance for the client's MemAvailable after the 20 detach/attach
# cycles, in kB.  One connection of 2 queues posts 2 x 256 rx pages (2 MB)
# and allocates its ring and stats pages; leaking even a tenth of one
# connection per cycle would cost 20 x 200 kB = 4 MB, so 3 MB of slack
# catches any per-cycle leak while allowing for slab and page-cache noise.
nf_mem_slack_kb=3072

# ---- helpers used in the client -----------------------------------------

# nf_stat NAME -> an ethtool -S counter of eth0 (0 when absent).
nf_stat() {
	ethtool -S eth0 2>/dev/null | awk -v k="$1:" '$1 == k { v = $2 } END { print v + 0 }'
}

# nf_qsum NAME -> the sum of q<N>_NAME over every queue.
nf_qsum() {
	ethtool -S eth0 2>/dev/null |
		awk -v k="$1:" '{ n = $1; sub(/^q[0-9]+_/, "", n) } n == k { v += $2 } END { print v + 0 }'
}

nf_ours() { [ "$(role_impl netfront)" = ours ]; }

# nf_loop NAME CMD...: run CMD again and again (it may fail while eth0 is
# gone); the loop's and the running command's pids go to /tmp/NAME.pid and
# /tmp/NAME.child (busybox has no pkill here).  Start it with &.
nf_loop() {
	local name=$1
	shift
	while :; do
		"$@" &
		echo $! >"/tmp/$name.child"
		wait $!
		sleep 0.2
	done
}

# nf_loop_start NAME CMD...: nf_loop in the background, output discarded.
nf_loop_start() {
	nf_loop "$@" </dev/null >/dev/null 2>&1 &
	echo $! >"/tmp/$1.pid"
}

# nf_loop_stop NAME: stop the loop, then the command it was running.
nf_loop_stop() {
	[ -f "/tmp/$1.pid" ] || return 0
	kill "$(cat "/tmp/$1.pid")" 2>/dev/null
	kill "$(cat "/tmp/$1.child" 2>/dev/null)" 2>/dev/null
	rm -f "/tmp/$1.pid" "/tmp/$1.child"
	true
}

# nf_unbind_all: unbind every vif from the driver (sysfs), as rmmod needs:
# the xenbus core holds a module reference for each bound device.
nf_unbind_all() {
	local d
	for d in /sys/bus/xen/drivers/vif/vif-*; do
		[ -e "$d" ] || continue
		echo "${d##*/}" >/sys/bus/xen/drivers/vif/unbind || return 1
	done
}

# nf_vcpus N: the client runs N vCPUs (the "vcpus" line of the xl config
# given after domu_create's own "vcpus = 1" wins).
nf_vcpus() {
	local n
	n=$(grep -c '^processor' /proc/cpuinfo)
	echo "the client has $n vCPUs"
	[ "$n" = "$1" ]
}

# nf_queues N: eth0 has N tx and rx queues and wrote multi-queue-num-queues.
nf_queues() {
	local tx rx key
	tx=$(find /sys/class/net/eth0/queues -maxdepth 1 -name 'tx-*' | wc -l)
	rx=$(find /sys/class/net/eth0/queues -maxdepth 1 -name 'rx-*' | wc -l)
	key=$(xenstore-read device/vif/0/multi-queue-num-queues 2>/dev/null)
	echo "eth0: $tx tx queues, $rx rx queues, multi-queue-num-queues=${key:-absent}"
	[ "$tx" = "$1" ] && [ "$rx" = "$1" ] && [ "$key" = "$1" ]
}

# nf_iperf_reverse SERVER SECONDS: bulk TCP from SERVER to us (iperf3 -R).
nf_iperf_reverse() {
	local out rate
	out=$(iperf3 -c "$1" -t "$2" -R -f m 2>&1) || { echo "$out" | tail -n 5; return 1; }
	rate=$(echo "$out" | awk '/receiver/ { print $(NF-2), $(NF-1) }' | tail -n1)
	[ -n "$rate" ] || { echo "$out" | tail -n 5; return 1; }
	echo "METRIC iperf3 -R ${lab_domain:-?} <- $1 for $2 s: $rate"
}

# nf_both_queues SERVER: parallel streams in both directions until each
# queue has sent and received packets (bounded: the flows are hashed onto
# queues, 4 at a time, so six rounds all on one queue is 2^-23 likely).
nf_both_queues() {
	local round dir
	nf_ours || { echo "SAY per-queue counters are ours only: checked 2 queues exist, skipping spread"; return 0; }
	for round in 1 2 3 4 5 6; do
		dir=""
		[ $((round % 2)) = 0 ] && dir=-R
		iperf3 -c "$1" -t 2 -P 4 $dir >/dev/null 2>&1 || { echo "iperf3 -P 4 $dir failed"; return 1; }
		if [ "$(nf_stat q0_tx_packets)" -gt 0 ] && [ "$(nf_stat q1_tx_packets)" -gt 0 ] &&
			[ "$(nf_stat q0_rx_packets)" -gt 0 ] && [ "$(nf_stat q1_rx_packets)" -gt 0 ]; then
			echo "METRIC queues q0 tx/rx $(nf_stat q0_tx_packets)/$(nf_stat q0_rx_packets)," \
				"q1 tx/rx $(nf_stat q1_tx_packets)/$(nf_stat q1_rx_packets) packets"
			return 0
		fi
	done
	ethtool -S eth0 | grep -E 'q[01]_(tx|rx)_packets'
	echo "a queue never carried traffic"
	return 1
}

# nf_ethtool_info: driver info and link.
nf_ethtool_info() {
	ethtool -i eth0 | head -n 4
	ethtool -i eth0 | grep -q '^driver: vif$' || { echo "driver is not 'vif'"; return 1; }
	ethtool eth0 | grep -q 'Link detected: yes' || { echo "no link"; return 1; }
	echo "link detected"
}

# nf_ethtool_stats SERVER: every per-queue counter the issue names exists
# for both queues, and the packet and notification counters move.
nf_ethtool_stats() {
	local missing txp rxp txn rxn
	nf_ours || { echo "SAY ethtool -S per-queue counters are ours only: skipped"; return 0; }
	# One ethtool and one awk: every process costs time in an emulated guest.
	missing=$(ethtool -S eth0 | awk -v want="tx_packets tx_bytes tx_drops tx_ring_full \
		tx_notify_sent tx_notify_received rx_packets rx_bytes rx_drops rx_errors \
		rx_notify_sent rx_notify_received responses_rejected" '
		BEGIN { n = split(want, w, " ") }
		{ seen[$1] = 1 }
		END { for (q = 0; q < 2; q++) for (i = 1; i <= n; i++)
			if (!(("q" q "_" w[i] ":") in seen)) printf "q%d_%s ", q, w[i] }')
	[ -z "$missing" ] || { echo "missing counters: $missing"; return 1; }
	echo "every per-queue counter is present for q0 and q1"
	txp=$(nf_qsum tx_packets) rxp=$(nf_qsum rx_packets)
	txn=$(nf_qsum tx_notify_received) rxn=$(nf_qsum rx_notify_received)
	ping -c 5 -i 0.2 "$1" >/dev/null || { echo "ping failed"; return 1; }
	echo "tx_packets $txp -> $(nf_qsum tx_packets), rx_packets $rxp -> $(nf_qsum rx_packets)," \
		"notifications received tx $txn -> $(nf_qsum tx_notify_received), rx $rxn -> $(nf_qsum rx_notify_received)"
	if [ "$(nf_qsum tx_packets)" -lt $((txp + 5)) ] || [ "$(nf_qsum rx_packets)" -lt $((rxp + 5)) ] ||
		[ "$(nf_qsum rx_notify_received)" -le "$rxn" ]; then
		echo "counters did not move"
		return 1
	fi
	[ "$(nf_qsum responses_rejected)" = 0 ] || { echo "responses were rejected"; return 1; }
}

# nf_traffic SERVER: a quick proof that traffic flows: ping and 1 s of TCP.
nf_traffic() {
	ping -c 2 -W 5 "$1" >/dev/null || { echo "ping $1 failed"; return 1; }
	iperf3 -c "$1" -t 1 >/dev/null 2>&1 || { echo "iperf3 to $1 failed"; return 1; }
}

# nf_toggles SERVER: each of sg, tso, rx, tx off then on, traffic after each.
nf_toggles() {
	local f v
	for f in sg tso rx tx; do
		for v in off on; do
			ethtool -K eth0 "$f" "$v" 2>&1 | grep -v '^$'
			nf_traffic "$1" || { echo "traffic failed with $f $v"; return 1; }
			echo "$f $v: traffic ok"
		done
	done
	ethtool -k eth0 | grep -E '^(scatter-gather|tcp-segmentation-offload|rx-checksumming|tx-checksumming):'
	ethtool -k eth0 | grep -q '^scatter-gather: on' || { echo "sg did not come back"; return 1; }
	ethtool -k eth0 | grep -q '^tcp-segmentation-offload: on' || { echo "tso did not come back"; return 1; }
}

# nf_snmp FIELD -> a counter of the Ip: line of /proc/net/snmp.
nf_snmp() {
	awk -v f="$1" '/^Ip:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == f) c = i; h = 1 } else print $c }' \
		/proc/net/snmp
}

# nf_jumbo SERVER: MTU 9000; 8972-byte pings and TCP go both ways without
# IP fragmentation (FragCreates: we split nothing; ReasmReqds: nothing
# came back in pieces), so 9014-byte frames crossed the rings.
nf_jumbo() {
	local fc rr
	ip link set eth0 mtu 9000 || return 1
	fc=$(nf_snmp FragCreates) rr=$(nf_snmp ReasmReqds)
	ping -c 3 -W 5 -s 8972 "$1" | tail -n 2
	ping -c 3 -W 5 -s 8972 "$1" | grep -q ' 0% packet loss' || { echo "jumbo ping failed"; return 1; }
	iperf_to "$1" 3 || return 1
	nf_iperf_reverse "$1" 3 || return 1
	echo "FragCreates $fc -> $(nf_snmp FragCreates), ReasmReqds $rr -> $(nf_snmp ReasmReqds)"
	if [ "$(nf_snmp FragCreates)" != "$fc" ] || [ "$(nf_snmp ReasmReqds)" != "$rr" ]; then
		echo "packets were fragmented"
		return 1
	fi
}

# nf_bg_start: traffic that survives eth0 disappearing (ping -A restarts
# on failure), and an address for every new eth0 (network-attach makes a
# new device).  Their pids go to /tmp/nf-bg.pids.
nf_bg_start() {
	mem_avail_kb >/tmp/nf-mem.base
	echo "baseline MemAvailable $(cat /tmp/nf-mem.base) kB"
	(while :; do
		if [ -e /sys/class/net/eth0 ] && ! ip -4 addr show eth0 | grep -q "$nf_client/"; then
			ip link set eth0 up && ip addr add "$nf_client/24" dev eth0
		fi
		# A new vif probed before the old one was gone would be eth1.
		[ ! -e /sys/class/net/eth1 ] || echo "eth1 appeared" >/tmp/nf-eth1
		sleep 0.2
	done) >/dev/null 2>&1 &
	echo $! >/tmp/nf-bg.pids
	nf_loop_start nf-ping ping -A -s 1400 -c 2000 -W 1 "$nf_dom0"
	echo "background traffic and address keeper running"
}

# nf_bg_stop: stop what nf_bg_start started (children first).
nf_bg_stop() {
	local p
	nf_loop_stop nf-ping
	[ -f /tmp/nf-bg.pids ] || return 0
	while read -r p; do
		kill "$p" 2>/dev/null
	done </tmp/nf-bg.pids
	rm -f /tmp/nf-bg.pids
	true
}

# nf_after_cycles: traffic still flows, MemAvailable is back within
# nf_mem_slack_kb of the baseline, and the kernel log is clean.
nf_after_cycles() {
	local base now
	nf_bg_stop
	wait_for 30 "eth0 to have its address" sh -c "ip -4 addr show eth0 | grep -q '$nf_client/'" || return 1
	ping_ok "$nf_dom0" || return 1
	[ ! -e /tmp/nf-eth1 ] || echo "note: a new vif was once probed as eth1 (old eth0 still unregistering)"
	base=$(cat /tmp/nf-mem.base) now=$(mem_avail_kb)
	echo "METRIC client MemAvailable before/after 20 detach/attach cycles: $base / $now kB" \
		"(difference $((base - now)) kB, slack $nf_mem_slack_kb kB)"
	[ $((base - now)) -le "$nf_mem_slack_kb" ] || { echo "memory not back to baseline"; return 1; }
	if dmesg | grep -E 'violated the protocol|WARNING:|BUG:'; then
		echo "unexpected kernel messages"
		return 1
	fi
}

# nf_vif_dir -> eth0's xenstore directory, relative (device/vif/N).
nf_vif_dir() {
	local d
	d=$(readlink /sys/class/net/eth0/device) || return 1
	d=${d##*/}
	echo "device/vif/${d#vif-}"
}

# nf_headroom_is VALUE: with a backend offering feature-xdp-headroom, our
# xdp-headroom key says VALUE (ours; mainline's is not checked).
nf_headroom_is() {
	local dir be
	nf_ours || return 0
	dir=$(nf_vif_dir) && be=$(xenstore-read "$dir/backend") || return 1
	[ "$(xenstore-read "$be/feature-xdp-headroom" 2>/dev/null)" = 1 ] || {
		echo "the backend does not offer feature-xdp-headroom"
		return 0
	}
	echo "xdp-headroom=$(xenstore-read "$dir/xdp-headroom") frontend state $(xenstore-read "$dir/state")," \
		"backend state $(xenstore-read "$be/state")"
	[ "$(xenstore-read "$dir/xdp-headroom")" = "$1" ]
}

# nf_xdp_reflect SERVER MODE: attach the tx or redirect program (swap the
# Ethernet addresses, send the frame back out of eth0), ping SERVER: its
# replies go back to it instead of reaching us, through XDP_TX or through
# XDP_REDIRECT and our ndo_xdp_xmit.  Ours: the counters prove the path.
nf_xdp_reflect() {
	local rx tx counter
	case "$2" in
	tx) counter=rx_xdp_tx ;;
	redirect) counter=rx_xdp_redirect ;;
	esac
	ping_ok "$1" >/dev/null || return 1
	rx=$(nf_qsum "$counter") tx=$(nf_qsum tx_xdp_xmit)
	xdp-attach eth0 "$2" || return 1
	if ping -c 5 -i 0.2 -W 2 "$1" >/dev/null 2>&1; then
		echo "ping answered while replies were reflected"
		xdp-attach eth0 off
		return 1
	fi
	xdp-attach eth0 off || return 1
	echo "$counter $rx -> $(nf_qsum "$counter"), tx_xdp_xmit $tx -> $(nf_qsum tx_xdp_xmit)"
	if nf_ours && { [ "$(nf_qsum "$counter")" -le "$rx" ] || [ "$(nf_qsum tx_xdp_xmit)" -le "$tx" ]; }; then
		echo "XDP $2 did not send frames back"
		return 1
	fi
	ping_ok "$1"
}

# nf_xdp_drop SERVER: attach an XDP_DROP program while traffic runs:
# traffic stops; detach it: traffic resumes.
nf_xdp_drop() {
	local drops=0
	nf_loop_start nf-xdp ping -i 0.1 -c 100 -W 1 "$1"
	ping_ok "$1" || { nf_loop_stop nf-xdp; return 1; }
	xdp-attach eth0 drop || { nf_loop_stop nf-xdp; return 1; }
	ip link show eth0 | grep -o 'prog/xdp id [0-9]*' | sed 's/^/attached /'
	nf_headroom_is 256 || { xdp-attach eth0 off; nf_loop_stop nf-xdp; return 1; }
	if ping -c 3 -W 2 "$1" >/dev/null 2>&1; then
		echo "ping answered while XDP_DROP was attached"
		xdp-attach eth0 off
		nf_loop_stop nf-xdp
		return 1
	fi
	echo "ping fails while XDP_DROP is attached"
	nf_ours && drops=$(nf_qsum rx_xdp_drop)
	xdp-attach eth0 off || { nf_loop_stop nf-xdp; return 1; }
	nf_loop_stop nf-xdp
	! ip link show eth0 | grep -q 'prog/xdp' || { echo "program still attached"; return 1; }
	echo "detached"
	nf_headroom_is 0 || return 1
	ping_ok "$1" || return 1
	if nf_ours; then
		echo "METRIC xdp rx_xdp_drop while attached: $drops"
		[ "$drops" -gt 0 ] || { echo "rx_xdp_drop did not count"; return 1; }
	fi
}

# nf_rmmod_under_traffic: while ping -A runs, unbind eth0's vif (the
# driver's remove path) and unload the module; load it again: eth0 comes
# back and carries traffic.  The xenbus core holds a module reference per
# bound device, so rmmod alone would only say "in use", as with mainline.
nf_rmmod_under_traffic() {
	local mod
	mod=$(role_module netfront)
	nf_loop_start nf-rmmod ping -A -s 1400 -c 2000 -W 1 "$nf_dom0"
	ping_ok "$nf_dom0" >/dev/null || { nf_loop_stop nf-rmmod; return 1; }
	if ! nf_unbind_all || ! { modprobe -r "$mod" 2>/dev/null || rmmod "$mod"; }; then
		nf_loop_stop nf-rmmod
		return 1
	fi
	nf_loop_stop nf-rmmod
	[ ! -d "/sys/module/${mod//-/_}" ] || { echo "$mod still loaded"; return 1; }
	[ ! -e /sys/class/net/eth0 ] || { echo "eth0 outlived the module"; return 1; }
	echo "$mod unbound and unloaded under traffic"
	role_load netfront || return 1
	wait_for 30 "eth0 to come back" test -e /sys/class/net/eth0 || return 1
	if_up eth0 "$nf_client/24" || return 1
	ping_ok "$nf_dom0"
}

# nf_unload: unbind and unload the netfront module (eth0 goes away).
nf_unload() {
	local mod
	mod=$(role_module netfront)
	nf_unbind_all || return 1
	modprobe -r "$mod" 2>/dev/null || rmmod "$mod" || return 1
	[ ! -e /sys/class/net/eth0 ] || { echo "eth0 outlived the module"; return 1; }
	echo "$mod unloaded"
}

# nf_probe_rejects_mac: with a malformed "mac" key, loading netfront
# creates no interface, and (ours) the kernel log names the key.
nf_probe_rejects_mac() {
	role_load netfront || return 1
	# The probe runs while the module loads; its log line is waited for
	# (bounded) rather than assumed.
	if nf_ours; then
		wait_for 20 "the probe to name the key" sh -c "dmesg | grep -q 'malformed xenstore key .*/mac'" ||
			return 1
		dmesg | grep 'malformed xenstore key .*/mac' | tail -n 1
	fi
	[ ! -e /sys/class/net/eth0 ] || { echo "eth0 exists despite a malformed mac"; return 1; }
	echo "interfaces: $(cd /sys/class/net && echo *) (no eth0)"
}

# nf_reload: after the mac is fixed, reload netfront and carry traffic.
nf_reload() {
	nf_unload || return 1
	role_load netfront || return 1
	wait_for 30 "eth0 to come back" test -e /sys/class/net/eth0 || return 1
	if_up eth0 "$nf_client/24" || return 1
	ping_ok "$nf_dom0"
}

# ---- helpers used in dom0 -----------------------------------------------

# nf_set_mac VALUE: write the client's vif "mac" key (frontend directory).
nf_set_mac() {
	local key
	key=/local/domain/$(domid client)/device/vif/$(nf_vif_devid)/mac
	xenstore-write "$key" "$1" && echo "$key = $(xenstore-read "$key")"
}

# nf_vif_devid -> the devid of the client's (only) vif.
nf_vif_devid() {
	xl network-list client 2>/dev/null | awk 'NR == 2 { print $1 }'
}

# nf_backend_state DEVID -> state of that vif's backend in dom0.
nf_backend_state() {
	xenstore-read "/local/domain/0/backend/vif/$(domid client)/$1/state" 2>/dev/null
}

nf_frontend_gone() {
	! xenstore-read "/local/domain/$(domid client)/device/vif/$1/state" >/dev/null 2>&1
}

# nf_mtu_dom0 MTU: the client's vif in dom0 and the bridge at MTU.
nf_mtu_dom0() {
	local vif
	vif=vif$(domid client).$(nf_vif_devid)
	ip link set "$vif" mtu "$1" && ip link set xenbr0 mtu "$1" || return 1
	ip -br link show "$vif"
}

# nf_save_restore: xl save to the scratch disk, xl restore, reconnected.
nf_save_restore() {
	local t0
	modprobe -a virtio_pci virtio_blk
	wait_for 20 "the scratch disk /dev/vda" test -b /dev/vda || return 1
	t0=$(date +%s)
	xl save client /dev/vda || return 1
	echo "saved in $(($(date +%s) - t0)) s"
	domid client >/dev/null && { echo "client still exists after xl save"; return 1; }
	t0=$(date +%s)
	xl restore /dev/vda || return 1
	wait_for 60 "the restored vif to reconnect" vif_connected Domain-0 client || return 1
	echo "METRIC xl restore: client back as domain $(domid client), vif connected in $(($(date +%s) - t0)) s"
}

# nf_dom0_bg_start / stop: dom0 pings the client continuously.
nf_dom0_bg_start() {
	nf_loop_start nf-dom0 ping -A -s 1000 -c 2000 -W 1 "$nf_client"
	echo "dom0 pings the client in the background"
}

nf_dom0_bg_stop() {
	nf_loop_stop nf-dom0
}

# nf_cycles N: detach the client's vif and attach a new one, N times, while
# both ends ping; each new vif must connect and answer.
nf_cycles() {
	local i devid t0
	t0=$(date +%s)
	for i in $(seq 1 "$1"); do
		devid=$(nf_vif_devid)
		[ -n "$devid" ] || { echo "cycle $i: the client has no vif"; return 1; }
		xl network-detach client "$devid" || { echo "cycle $i: network-detach $devid failed"; return 1; }
		wait_for 30 "cycle $i: vif $devid gone from the client" nf_frontend_gone "$devid" || return 1
		xl network-attach client bridge=xenbr0 "mac=$nf_mac" ||
			{ echo "cycle $i: network-attach failed"; return 1; }
		wait_for 30 "cycle $i: the new vif connected" vif_any_connected || return 1
		wait_for 30 "cycle $i: the client to answer" ping -c 1 -W 1 "$nf_client" || return 1
	done
	echo "METRIC $1 network-detach/network-attach cycles under traffic in $(($(date +%s) - t0)) s"
}

# vif_any_connected: the client's current vif has a Connected backend.
vif_any_connected() {
	local devid
	devid=$(nf_vif_devid)
	[ -n "$devid" ] && [ "$(nf_backend_state "$devid")" = 4 ]
}

# nf_dom0_clean: after the cycles dom0 holds exactly one vif and one
# backend directory for the client.
nf_dom0_clean() {
	local id vifs dirs
	nf_dom0_bg_stop
	id=$(domid client)
	vifs=$(ip -o link show | grep -c " vif$id\.")
	dirs=$(xenstore-list "/local/domain/0/backend/vif/$id" 2>/dev/null | wc -l)
	echo "dom0: $vifs vif device(s), $dirs backend directory(ies) for the client"
	[ "$vifs" = 1 ] && [ "$dirs" = 1 ]
}

run_scenario() {
	step "load the netback role in dom0" role_load netback
	step "create bridge xenbr0 ($nf_dom0/24) in dom0" make_bridge xenbr0 "$nf_dom0/24"
	step "create the client: 2 vCPUs, vif backend dom0 on bridge xenbr0" domu_create client 192 \
		"vcpus = 2" "vif = ['bridge=xenbr0,mac=$nf_mac']"
	in_dom client "the client runs 2 vCPUs" nf_vcpus 2
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as $nf_client/24" if_up eth0 "$nf_client/24"
	step "the vif backend in dom0 is connected" wait_for 30 "vif state Connected" vif_connected Domain-0 client
	in_dom client "eth0 negotiated 2 queues" nf_queues 2
	in_dom client "ping dom0 from the client" ping_ok "$nf_dom0"
	step "ping the client from dom0" ping_ok "$nf_client"
	step "start an iperf3 server in dom0" iperf3 -s -D
	in_dom client "iperf3 for 3 s, client to dom0" iperf_to "$nf_dom0" 3
	in_dom client "iperf3 -R for 3 s, dom0 to client" nf_iperf_reverse "$nf_dom0" 3
	in_dom client "both queues carry traffic in both directions" nf_both_queues "$nf_dom0"
	in_dom client "ethtool -i and link" nf_ethtool_info
	in_dom client "ethtool -S: per-queue counters present and moving" nf_ethtool_stats "$nf_dom0"
	in_dom client "ethtool -K sg/tso/rx/tx off and on keep traffic flowing" nf_toggles "$nf_dom0"
	step "MTU 9000 on the client's vif and xenbr0 in dom0" nf_mtu_dom0 9000
	in_dom client "MTU 9000 with scatter-gather: unfragmented jumbo ping and iperf3 both ways" \
		nf_jumbo "$nf_dom0"
	in_dom client "MTU back to 1500 in the client" ip link set eth0 mtu 1500
	step "MTU back to 1500 in dom0" nf_mtu_dom0 1500
	step "xl save the client to the scratch disk and xl restore it" nf_save_restore
	in_dom client "after restore: ping dom0" ping_ok "$nf_dom0"
	in_dom client "after restore: iperf3 for 3 s, client to dom0" iperf_to "$nf_dom0" 3
	in_dom client "after restore: iperf3 -R for 3 s" nf_iperf_reverse "$nf_dom0" 3
	in_dom client "memory baseline; start background traffic" nf_bg_start
	step "dom0 pings the client in the background" nf_dom0_bg_start
	step "20 network-detach / network-attach cycles under traffic" nf_cycles 20
	step "dom0 keeps one vif and one backend directory for the client" nf_dom0_clean
	in_dom client "traffic flows, memory back to baseline, no kernel complaints" nf_after_cycles
	in_dom client "XDP_DROP attached under traffic stops it; detached, traffic resumes" \
		nf_xdp_drop "$nf_dom0"
	in_dom client "XDP_TX: a program swapping MACs sends dom0's replies back to it" \
		nf_xdp_reflect "$nf_dom0" tx
	in_dom client "XDP_REDIRECT to eth0 itself: frames go out through ndo_xdp_xmit" \
		nf_xdp_reflect "$nf_dom0" redirect
	in_dom client "rmmod netfront under traffic, load it again, traffic resumes" nf_rmmod_under_traffic
	in_dom client "unload netfront" nf_unload
	step "write a malformed mac key for the client's vif" nf_set_mac "00:16:3e:zz:00:32"
	in_dom client "load netfront: probe refuses the malformed mac, no eth0" nf_probe_rejects_mac
	step "restore the mac key" nf_set_mac "$nf_mac"
	in_dom client "reload netfront: eth0 back, traffic flows" nf_reload
}
