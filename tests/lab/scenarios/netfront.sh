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
# The backend's domain is nf_be and its bridge's address nf_peer:
# netfront-nicdom.sh sources this file and puts the backend in a driver
# domain.  Steps that look at the backend's side (its vif, its bridge, its
# kernel log) run in nf_be through nf_be_step; xl (save, restore, the
# cycles) and xenstore reads of the backend's directory run in dom0.  An
# untrusted backend (not dom0) adds the steps of netfront-nicdom's row
# only: the reap timer of the lazy tx queues (nf_tx_reap) and the
# coalescing of a one-way rx stream, on and off (nf_rx_coal,
# nf_rx_coal_off).
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
# The backend's domain (its xl name) and its address on the bridge xenbr0.
nf_be=Domain-0
nf_peer=10.0.0.1

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
nf_qsum() { ethtool_qsum eth0 "$1"; }

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

# nf_sg_verdict Q: the kernel log has our netfront's static-grant verdict
# for eth0's queue Q (switched, or why not).
nf_sg_verdict() {
	dmesg | grep -qE "eth0: queue $1: (receiving through [0-9]+ static grants|no static grants on this connection)"
}

# nf_static_grants SERVER: our netfront offered the control ring and,
# once a queue has received static_grants_after packets (lowered to
# $nf_sg_after for the step: TCP with GRO arrives in few, large packets
# under emulation, 1964 and 947 on the two queues after every iperf3
# above in run 20261205-212836-qPkn), decided on static grants: against Debian's netback (GET_GREF_MAPPING_SIZE answers
# NOT_SUPPORTED) every busy queue says so once and stays dynamic
# (rx_static_slots 0); against a backend that takes them the queue says
# so and rx_static_slots grows with traffic.  Ours only.  A queue counts
# towards the threshold only in its rx polls, so it is busy (judged) only
# if it received packets while the threshold was lowered: the backend
# picks the queue of each of the four streams, and in runs
# 20261207-044848-JoHk and 20261207-053758-oswW all four went to queue 0:
# up to three windows of 3 s each run until both queues had packets.  The
# threshold stays lowered (param_with) until the busy queues' verdicts are
# in.
nf_sg_after=500
nf_static_grants() {
	nf_ours || { echo "SAY static grants are ours only: skipped"; return 0; }
	if ! dmesg | grep -qE 'eth0: connected to domain .*, control ring$'; then
		dmesg | grep -E 'eth0: (connected|no control ring)' | tail -n 3
		echo "no control ring was connected"
		return 1
	fi
	echo "control ring connected"
	param_with xen_netfront static_grants_after "$nf_sg_after" nf_sg_verdicts "$1" || return 1
	nf_iperf_reverse "$1" 2 >/dev/null || { echo "iperf3 -R after the verdict failed"; return 1; }
	echo "METRIC static grants: q0 rx_static_grants $(nf_stat q0_rx_static_grants)" \
		"rx_static_slots $(nf_stat q0_rx_static_slots), q1 $(nf_stat q1_rx_static_grants)" \
		"$(nf_stat q1_rx_static_slots), rx_pooled_copies $(nf_qsum rx_pooled_copies)"
	[ "$nf_sg_static" = 0 ] || [ "$(nf_qsum rx_static_slots)" -gt 0 ] ||
		{ echo "static queues, but no slot came through a static page"; return 1; }
	# No XDP program yet: full-sized segments are copied into pool pages.
	[ "$nf_sg_static" = 0 ] || [ "$(nf_qsum rx_pooled_copies)" -gt 0 ] ||
		{ echo "static queues, but no copy went into a page-pool page"; return 1; }
	ping_ok "$1"
}

# nf_sg_verdicts SERVER: nf_static_grants's traffic with the threshold
# lowered, and the busy queues' verdicts; nf_sg_static gets how many
# queues went static.
nf_sg_verdicts() {
	local q w rx line slots grants busy=0 after=$nf_sg_after
	local -a was
	nf_sg_static=0
	for q in 0 1; do was[q]=$(nf_stat "q${q}_rx_packets"); done
	for w in 1 2 3; do
		iperf3 -c "$1" -t 3 -P 4 -R >/dev/null 2>&1 || { echo "iperf3 -R -P 4 failed"; return 1; }
		[ "$(nf_stat q0_rx_packets)" = "${was[0]}" ] || [ "$(nf_stat q1_rx_packets)" = "${was[1]}" ] || break
	done
	for q in 0 1; do
		rx=$(nf_stat "q${q}_rx_packets")
		if [ "$rx" = "${was[q]}" ]; then
			echo "q$q: no rx packet in $w windows with the threshold lowered ($rx in all)"
			continue
		fi
		[ "$rx" -ge "$after" ] || { echo "q$q: $rx rx packets, below the threshold"; continue; }
		busy=$((busy + 1))
		wait_for 20 "queue $q's static-grant verdict" nf_sg_verdict "$q" || return 1
		line=$(dmesg | grep -E "eth0: queue $q: (receiving through|no static grants)" | tail -n 1)
		echo "q$q: ${line#*eth0: }"
		[ "$(dmesg | grep -cE "eth0: queue $q: (receiving through|no static grants)")" = 1 ] ||
			{ echo "q$q: more than one verdict on one connection"; return 1; }
		grants=$(nf_stat "q${q}_rx_static_grants")
		slots=$(nf_stat "q${q}_rx_static_slots")
		case "$line" in
		*"receiving through"*)
			[ "$grants" -gt 0 ] || { echo "q$q: static, but rx_static_grants is $grants"; return 1; }
			nf_sg_static=$((nf_sg_static + 1)) ;;
		*)
			if [ "$(role_impl netback)" = debian ]; then
				case "$line" in
				*"does not support"*) ;;
				*) echo "q$q: Debian's netback should answer NOT_SUPPORTED"; return 1 ;;
				esac
			fi
			if [ "$grants" != 0 ] || [ "$slots" != 0 ]; then
				echo "q$q: dynamic, but rx_static_grants $grants rx_static_slots $slots"
				return 1
			fi ;;
		esac
	done
	[ "$busy" -gt 0 ] || { echo "no queue received packets and reached $after"; return 1; }
}

# nf_reaped_above N: the queues' tx_reaped_by_timer sum exceeds N.
nf_reaped_above() { [ "$(nf_qsum tx_reaped_by_timer)" -gt "$1" ]; }

# nf_tx_reap: with an untrusted backend our tx queues are lazy (rsp_event
# half a ring ahead, no completion events): each transmit reaps what is
# done and the reap timer must take in the rest once transmits stop.
# Twenty pings to an address nobody answers (a permanent neighbour entry
# with a MAC nobody owns: no ARP, no reply, so no rx event either) are
# transmits and then silence, so the last ones' completions can only be
# reaped by the timer; tx_reaped_by_timer must grow within 10 s.  Each
# transmit reaps the completions already in, so the pings after the first
# few take their bounce page from the queue's cache: tx_bounce_reused must
# grow by at least 10.  Ours only (the counters are ours).
nf_tx_reap() {
	local dst=${nf_client%.*}.99 mac=00:16:3e:00:00:99 tx bounced reused reaped
	nf_ours || { echo "SAY tx_reaped_by_timer is ours only: skipped"; return 0; }
	ip neigh replace "$dst" lladdr "$mac" dev eth0 nud permanent || return 1
	tx=$(nf_qsum tx_packets) bounced=$(nf_qsum tx_bounced) reaped=$(nf_qsum tx_reaped_by_timer)
	reused=$(nf_qsum tx_bounce_reused)
	# No reply is expected: ping's status only says so.
	ping -q -c 20 -i 0.05 -W 1 "$dst" >/dev/null 2>&1
	echo "20 pings to $dst ($mac, unanswered): tx_packets $tx -> $(nf_qsum tx_packets)," \
		"tx_bounced $bounced -> $(nf_qsum tx_bounced)," \
		"tx_bounce_reused $reused -> $(nf_qsum tx_bounce_reused)"
	if [ "$(nf_qsum tx_packets)" -lt $((tx + 20)) ] || [ "$(nf_qsum tx_bounced)" -lt $((bounced + 20)) ]; then
		ip neigh del "$dst" dev eth0
		echo "the burst did not go out through bounce pages (is the backend untrusted?)"
		return 1
	fi
	if [ "$(nf_qsum tx_bounce_reused)" -lt $((reused + 10)) ]; then
		ip neigh del "$dst" dev eth0
		echo "fewer than 10 of the 20 pings reused a bounce page the queue kept"
		return 1
	fi
	if ! wait_for 10 "tx_reaped_by_timer to grow past $reaped" nf_reaped_above "$reaped"; then
		ip neigh del "$dst" dev eth0
		ethtool -S eth0 | grep -E 'q[0-9]+_(tx_packets|tx_reaped_by_timer|tx_notify_received):'
		echo "the reap timer took in nothing after transmits stopped (tx_reaped_by_timer still $reaped)"
		return 1
	fi
	ip neigh del "$dst" dev eth0
	echo "METRIC tx_reaped_by_timer $reaped -> $(nf_qsum tx_reaped_by_timer) after a 20-packet burst"
}

# nf_coal_counts -> "RX_PACKETS RX_TIMED_POLLS RX_EVENTS": eth0's sums of
# rx_packets, rx_timed_polls and rx_notify_received, from one ethtool -S.
nf_coal_counts() { ethtool_qsum eth0 rx_packets rx_timed_polls rx_notify_received; }

# nf_coal_stream SERVER PHASE: 3 s of 64-byte UDP from SERVER to us,
# paced (udp_oneway at 2 Mbit/s, -R); a METRIC of eth0's rx counters over
# it (coal_metric), with the rx events per packet; coal_dp and coal_dt
# get the growth of rx_packets and rx_timed_polls.  Paced, not a flood: a flood
# from nicdom (-b 0) saturates the client under emulation, so its polls
# take long batches or use their whole budget and rarely qualify (2 to 4
# timed polls in 3 s in runs 20261205-063906-WjXt and -071537-ZHwv, 143 in
# another stream of -072233-lTrb).  What rate a paced stream reaches
# depends on the sender's emulated CPU: about 2200 datagrams/s in the
# runs above, 1323 to 1411/s in 20261206-232412-tTsP, -235754-7ZHW and
# 20261207-004545-ElfO, whose gaps of 700 to 760 us are over the default
# 500 us cap, so that no poll qualifies by design (tTsP: none did).
nf_coal_stream() {
	local before
	before=$(nf_coal_counts)
	udp_oneway "$1" 3 2M -R || return 1
	coal_metric "netfront one-way 64-byte UDP in, $2" "$before" "$(nf_coal_counts)" \
		"rx_packets rx_timed_polls rx_notify_received"
}

# nf_coal_stream_at USECS SERVER: nf_coal_stream from SERVER with our
# netfront's cap of the coalescing of one-way rx streams,
# rx_coalesce_usecs, at USECS (param_with: set and read back, no stream if
# it did not take, then back to its value and read back, whatever
# happened).  The caller judges coal_dp and coal_dt.
nf_coal_stream_at() {
	param_with xen_netfront rx_coalesce_usecs "$1" nf_coal_stream "$2" "rx_coalesce_usecs=$1"
}

# nf_rx_coal SERVER: our netfront coalesces a one-way stream: during 3 s
# of paced 64-byte UDP from SERVER (nothing sent back) rx polls hand over
# to the timer, so the sum of rx_timed_polls grows.  The stream runs with
# the cap raised to nf_coal_test_usecs, so that gaps of up to 5 ms qualify
# whatever rate the sender's emulated CPU reaches (nf_coal_stream).  Ours
# only (the counter is ours).
nf_coal_test_usecs=5000
# shellcheck disable=SC2154 # coal_dp, coal_dt: set by coal_metric
nf_rx_coal() {
	local usecs
	nf_ours || { echo "SAY rx_timed_polls is ours only: skipped"; return 0; }
	usecs=$(param_get xen_netfront rx_coalesce_usecs) || return 1
	echo "rx_coalesce_usecs=$usecs"
	[ "$usecs" -gt 0 ] || { echo "rx_coalesce_usecs is 0 (off) before the test"; return 1; }
	nf_coal_stream_at "$nf_coal_test_usecs" "$1" || return 1
	[ "$coal_dp" -ge 100 ] || { echo "only $coal_dp packets of the stream arrived"; return 1; }
	if [ "$coal_dt" -le 0 ]; then
		ethtool -S eth0 | grep -E 'q[0-9]+_(rx_packets|rx_timed_polls|rx_notify_received|tx_packets):'
		echo "no rx poll handed over to the timer during a one-way stream of $coal_dp packets in 3 s (rx_timed_polls did not move)"
		return 1
	fi
}

# nf_rx_coal_off SERVER: with rx_coalesce_usecs=0 (read back) a second
# stream from SERVER arrives (rx_packets grows) and rx_timed_polls does not
# move; the parameter's value is written back and read back before the
# counters are judged (nf_coal_stream_at); then ping SERVER is answered.
# Ours only.
# shellcheck disable=SC2154 # coal_dp, coal_dt: set by coal_metric
nf_rx_coal_off() {
	nf_ours || { echo "SAY rx_coalesce_usecs is ours only: skipped"; return 0; }
	nf_coal_stream_at 0 "$1" || return 1
	[ "$coal_dp" -ge 100 ] || { echo "only $coal_dp packets of the stream arrived"; return 1; }
	[ "$coal_dt" = 0 ] ||
		{ echo "rx_timed_polls grew by $coal_dt with rx_coalesce_usecs=0"; return 1; }
	ping_ok "$1"
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

# nf_keeper: the loop behind nf_bg_start.  Each new eth0 (network-attach
# makes a new device, with a new ifindex) gets the client's address; once
# a ping of the peer has gone out and come back through it, its ifindex is
# written to data/nf-answered in xenstore, where nf_cycles in dom0 waits
# for it: proof that the new vif carries traffic both ways, wherever the
# backend runs.  An eth0 already proven costs no process per round.
nf_keeper() {
	local idx ok=""
	while :; do
		idx=""
		read -r idx 2>/dev/null </sys/class/net/eth0/ifindex
		if [ -n "$idx" ] && [ "$idx" != "$ok" ]; then
			ip -4 addr show eth0 | grep -q "$nf_client/" ||
				{ ip link set eth0 up && ip addr add "$nf_client/24" dev eth0; }
			if ping -c 1 -W 1 "$nf_peer" && xenstore-write data/nf-answered "$idx"; then
				ok=$idx
			fi
		fi
		# A new vif probed before the old one was gone would be eth1.
		[ ! -e /sys/class/net/eth1 ] || echo "eth1 appeared" >/tmp/nf-eth1
		nap 0.2
	done
}

# nf_answered_now: the keeper has proven the current eth0.
nf_answered_now() {
	[ "$(xenstore-read data/nf-answered 2>/dev/null)" = "$(cat /sys/class/net/eth0/ifindex 2>/dev/null)" ]
}

# nf_bg_start: traffic that survives eth0 disappearing (ping -A restarts
# on failure), and nf_keeper.  Their pids go to /tmp/nf-bg.pids.  Returns
# once the keeper has proven the current eth0, so that the first cycle
# waits for an answer through the new vif, not the old one.
nf_bg_start() {
	mem_avail_kb >/tmp/nf-mem.base
	echo "baseline MemAvailable $(cat /tmp/nf-mem.base) kB"
	nf_keeper >/dev/null 2>&1 &
	echo $! >/tmp/nf-bg.pids
	nf_loop_start nf-ping ping -A -s 1400 -c 2000 -W 1 "$nf_peer"
	wait_for 30 "the keeper to ping $nf_peer through eth0" nf_answered_now || return 1
	echo "background traffic and address keeper running; eth0 (ifindex $(xenstore-read data/nf-answered)) answered"
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
	ping_ok "$nf_peer" || return 1
	[ ! -e /tmp/nf-eth1 ] || echo "note: a new vif was once probed as eth1 (old eth0 still unregistering)"
	base=$(cat /tmp/nf-mem.base) now=$(mem_avail_kb)
	echo "METRIC client MemAvailable before/after 20 detach/attach cycles: $base / $now kB" \
		"(difference $((base - now)) kB, slack $nf_mem_slack_kb kB)"
	[ $((base - now)) -le "$nf_mem_slack_kb" ] || { echo "memory not back to baseline"; return 1; }
	nf_dmesg_clean
}

# nf_dmesg_clean: no protocol violation, WARN or BUG in this domain's log.
nf_dmesg_clean() {
	if dmesg | grep -E 'violated the protocol|WARNING:|BUG:'; then
		echo "unexpected kernel messages"
		return 1
	fi
	echo "no protocol violation, WARN or BUG in ${lab_domain:-this domain}'s kernel log"
}

# nf_eth0_diag: what eth0 and its queues saw, for a failed check: link
# counters, the non-zero ethtool -S counters, neighbours, the interrupts of
# its event channels, both ends' xenbus states.
nf_eth0_diag() {
	local dir be
	echo "--- eth0 diagnostics"
	ip -s link show eth0
	ethtool -S eth0 2>/dev/null | grep -v ': 0$'
	ip neigh show dev eth0
	grep -iE 'eth0|vif' /proc/interrupts
	dir=$(nf_vif_dir) && be=$(xenstore-read "$dir/backend") &&
		echo "frontend $dir state $(xenstore-read "$dir/state"), backend $be state $(xenstore-read "$be/state")"
}

# nf_ping_record PEER: ping_ok PEER once and record the outcome in
# /tmp/nf-ping.ok or /tmp/nf-ping.failed (with nf_eth0_diag on failure);
# never fails, so that the backend's view can be taken before
# nf_ping_verdict fails the scenario.
nf_ping_record() {
	rm -f /tmp/nf-ping.ok /tmp/nf-ping.failed
	if ping_ok "$1"; then
		touch /tmp/nf-ping.ok
	else
		nf_eth0_diag
		echo "no reply from $1" >/tmp/nf-ping.failed
	fi
	true
}

# nf_ping_verdict: the outcome nf_ping_record recorded.
nf_ping_verdict() {
	if [ -f /tmp/nf-ping.ok ]; then
		echo "the ping had been answered"
		return 0
	fi
	cat /tmp/nf-ping.failed 2>/dev/null || echo "no ping was recorded"
	return 1
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
	# Traffic flows first; then the flood runs across unbind and rmmod.
	ping_ok "$nf_peer" || return 1
	nf_loop_start nf-rmmod ping -A -s 1400 -c 2000 -W 1 "$nf_peer"
	if ! unbind_all /sys/bus/xen/drivers/vif || ! { modprobe -r "$mod" 2>/dev/null || rmmod "$mod"; }; then
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
	ping_ok "$nf_peer"
}

# nf_unload: unbind and unload the netfront module (eth0 goes away).
nf_unload() {
	local mod
	mod=$(role_module netfront)
	unbind_all /sys/bus/xen/drivers/vif || return 1
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
	ping_ok "$nf_peer"
}

# ---- helpers used in the backend's domain (nf_be) -------------------------

# nf_mtu_be VIF MTU: the client's vif and the bridge at MTU.
nf_mtu_be() {
	ip link set "$1" mtu "$2" && ip link set xenbr0 mtu "$2" || return 1
	ip -br link show "$1"
}

# nf_be_vif_diag VIF: the backend's view of the client's vif: its
# counters, the bridge's ports and neighbours (for the record; never fails).
nf_be_vif_diag() {
	ip -s link show "$1"
	ethtool -S "$1" 2>/dev/null | grep -v ': 0$' | head -n 40
	ip -br link show master xenbr0
	ip neigh show dev xenbr0
	true
}

# nf_be_bg_start / stop: the backend's domain pings the client continuously.
nf_be_bg_start() {
	nf_loop_start nf-be ping -A -s 1000 -c 2000 -W 1 "$nf_client"
	echo "${lab_domain:-the backend} pings the client in the background"
}

nf_be_bg_stop() {
	nf_loop_stop nf-be
}

# nf_be_vifs CLIENT_ID N: N vif netdevs of that client here.
nf_be_vifs() {
	[ "$(ip -o link show | grep -c " vif$1\.")" = "$2" ]
}

# nf_be_clean CLIENT_ID: after the cycles, stop the background ping; this
# domain keeps exactly one vif netdev for the client (an old one may
# still be unregistering: bounded wait) and its kernel log is clean.
nf_be_clean() {
	nf_be_bg_stop
	wait_for 30 "one vif netdev for domain $1" nf_be_vifs "$1" 1 || {
		ip -o link show | grep " vif$1\."
		echo "$(ip -o link show | grep -c " vif$1\.") vif netdevs for domain $1, expected 1"
		return 1
	}
	echo "${lab_domain:-the backend}: one vif netdev for the client: $(ip -o link show | grep -o " vif$1\.[0-9]*")"
	nf_dmesg_clean
}

# ---- helpers used in dom0 -----------------------------------------------

# nf_be_step DESC CMD...: a step in the backend's domain.
nf_be_step() {
	if [ "$nf_be" = Domain-0 ]; then
		step "$@"
	else
		in_dom "$nf_be" "$@"
	fi
}

# nf_backend_up: netback in nf_be with bridge xenbr0 at nf_peer; another
# domain than dom0 is created as a driver domain running xl devd (the
# stock vif-bridge hotplug script), with 2 vCPUs: Debian's netback offers
# as many queues as its domain has vCPUs.
nf_backend_up() {
	if [ "$nf_be" != Domain-0 ]; then
		step "create $nf_be: driver_domain=1, 2 vCPUs" domu_create "$nf_be" 224 \
			"driver_domain = 1" "vcpus = 2"
	fi
	nf_be_step "load the netback role in $(nf_be_label)" role_load netback
	nf_be_step "create bridge xenbr0 ($nf_peer/24) in $(nf_be_label)" make_bridge xenbr0 "$nf_peer/24"
	if [ "$nf_be" != Domain-0 ]; then
		nf_be_step "start xl devd in $nf_be (runs vif-bridge)" start_devd
	fi
}

# nf_vif_words -> the vif words that place its backend (none for dom0).
nf_vif_words() {
	[ "$nf_be" = Domain-0 ] || echo "backend=$nf_be,"
}

# nf_be_label -> how steps name the backend's domain.
nf_be_label() {
	if [ "$nf_be" = Domain-0 ]; then echo dom0; else echo "$nf_be"; fi
}

# nf_vif_devid [CLIENT_ID] -> the devid of the client's (only) vif, from
# its frontend directory (cheaper than xl network-list under emulation).
nf_vif_devid() {
	xenstore-list "/local/domain/${1:-$(domid client)}/device/vif" 2>/dev/null | head -n 1
}

# nf_set_mac VALUE: write the client's vif "mac" key (frontend directory).
nf_set_mac() {
	local key
	key=/local/domain/$(domid client)/device/vif/$(nf_vif_devid)/mac
	xenstore-write "$key" "$1" && echo "$key = $(xenstore-read "$key")"
}

# nf_frontend_gone CLIENT_ID DEVID: that vif's frontend directory is gone.
nf_frontend_gone() {
	! xenstore-read "/local/domain/$1/device/vif/$2/state" >/dev/null 2>&1
}

# nf_vif_up CLIENT_ID BACKEND_ID: the client's current vif has a
# Connected backend.
nf_vif_up() {
	local devid
	devid=$(nf_vif_devid "$1")
	[ -n "$devid" ] &&
		xs_is "/local/domain/$2/backend/vif/$1/$devid/state" 4
}

# nf_answered CLIENT_ID -> the ifindex of the last eth0 the client's
# keeper proved (nf_keeper).
nf_answered() {
	xenstore-read "/local/domain/$1/data/nf-answered" 2>/dev/null
}

# nf_answered_since CLIENT_ID OLD: the keeper proved another eth0 than OLD.
nf_answered_since() {
	local now
	now=$(nf_answered "$1")
	[ -n "$now" ] && [ "$now" != "$2" ]
}

# nf_be_vif -> the name of the client's vif in the backend's domain.
nf_be_vif() {
	echo "vif$(domid client).$(nf_vif_devid)"
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
	wait_for 60 "the restored vif to reconnect" nf_vif_up "$(domid client)" "$(domid "$nf_be")" || return 1
	echo "METRIC xl restore: client back as domain $(domid client), vif connected in $(($(date +%s) - t0)) s"
}

# nf_cycles N: detach the client's vif and attach a new one, N times, while
# both ends ping; each new vif must connect, and the client must ping the
# peer through it (the keeper's answer, nf_keeper).
nf_cycles() {
	local i devid cid bid ans t0 words
	cid=$(domid client) || { echo "no client"; return 1; }
	bid=$(domid "$nf_be") || { echo "no domain $nf_be"; return 1; }
	# xl network-attach takes one key=value per argument.
	IFS=, read -ra words <<<"$(nf_vif_words)bridge=xenbr0,mac=$nf_mac"
	t0=$(date +%s)
	for i in $(seq 1 "$1"); do
		devid=$(nf_vif_devid "$cid")
		[ -n "$devid" ] || { echo "cycle $i: the client has no vif"; return 1; }
		ans=$(nf_answered "$cid")
		xl network-detach client "$devid" || { echo "cycle $i: network-detach $devid failed"; return 1; }
		wait_xs 30 "cycle $i: vif $devid gone from the client" "/local/domain/$cid/device/vif/$devid" \
			nf_frontend_gone "$cid" "$devid" || return 1
		xl network-attach client "${words[@]}" || { echo "cycle $i: network-attach failed"; return 1; }
		wait_xs 30 "cycle $i: the new vif connected" "/local/domain/$bid/backend/vif/$cid" \
			nf_vif_up "$cid" "$bid" || return 1
		wait_xs 30 "cycle $i: the client to ping $nf_peer through the new vif" \
			"/local/domain/$cid/data/nf-answered" nf_answered_since "$cid" "$ans" || return 1
	done
	echo "METRIC $1 network-detach/network-attach cycles under traffic (backend in $nf_be)" \
		"in $(($(date +%s) - t0)) s"
}

# nf_be_dirs: after the cycles the backend keeps exactly one backend
# directory for the client (read from dom0).
nf_be_dirs() {
	local dirs
	dirs=$(xenstore-list "/local/domain/$(domid "$nf_be")/backend/vif/$(domid client)" 2>/dev/null | wc -l)
	echo "$nf_be: $dirs backend directory(ies) for the client"
	[ "$dirs" = 1 ]
}

run_scenario() {
	local be
	be=$(nf_be_label)
	nf_backend_up
	step "create the client: 2 vCPUs, vif backend $be on bridge xenbr0" domu_create client 192 \
		"vcpus = 2" "vif = ['$(nf_vif_words)bridge=xenbr0,mac=$nf_mac']"
	in_dom client "the client runs 2 vCPUs" nf_vcpus 2
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as $nf_client/24" if_up eth0 "$nf_client/24"
	step "the vif backend in $be is connected" wait_for 30 "vif state Connected" \
		vif_connected "$nf_be" client
	in_dom client "eth0 negotiated 2 queues" nf_queues 2
	in_dom client "ping $be from the client" ping_ok "$nf_peer"
	nf_be_step "ping the client from $be" ping_ok "$nf_client"
	nf_be_step "start an iperf3 server in $be" iperf3 -s -D
	in_dom client "iperf3 for 3 s, client to $be" iperf_to "$nf_peer" 3
	in_dom client "iperf3 -R for 3 s, $be to client" nf_iperf_reverse "$nf_peer" 3
	in_dom client "both queues carry traffic in both directions" nf_both_queues "$nf_peer"
	in_dom client "ethtool -i and link" nf_ethtool_info
	in_dom client "ethtool -S: per-queue counters present and moving" nf_ethtool_stats "$nf_peer"
	in_dom client "control ring up; busy queues decide on static grants once (ours)" \
		nf_static_grants "$nf_peer"
	# Only an untrusted backend (another domain than dom0) makes tx lazy;
	# the rx coalescing steps run there too (netfront-nicdom's row only).
	if [ "$nf_be" != Domain-0 ]; then
		in_dom client "after a burst to a silent address, the reap timer takes in the last tx completions" \
			nf_tx_reap
		in_dom client "a paced one-way 64-byte UDP stream from $be: rx polls hand over to the timer (rx_timed_polls)" \
			nf_rx_coal "$nf_peer"
		in_dom client "rx_coalesce_usecs=0: rx_timed_polls stays still over a second stream; restored, ping answered" \
			nf_rx_coal_off "$nf_peer"
	fi
	in_dom client "ethtool -K sg/tso/rx/tx off and on keep traffic flowing" nf_toggles "$nf_peer"
	nf_be_step "MTU 9000 on the client's vif and xenbr0 in $be" nf_mtu_be "$(nf_be_vif)" 9000
	in_dom client "MTU 9000 with scatter-gather: unfragmented jumbo ping and iperf3 both ways" \
		nf_jumbo "$nf_peer"
	in_dom client "MTU back to 1500 in the client" ip link set eth0 mtu 1500
	nf_be_step "MTU back to 1500 in $be" nf_mtu_be "$(nf_be_vif)" 1500
	in_dom client "memory baseline; start background traffic" nf_bg_start
	nf_be_step "$be pings the client in the background" nf_be_bg_start
	step "20 network-detach / network-attach cycles under traffic" nf_cycles 20
	step "$be keeps one backend directory for the client" nf_be_dirs
	nf_be_step "$be keeps one vif for the client, no kernel complaints" nf_be_clean "$(domid client)"
	in_dom client "traffic flows, memory back to baseline, no kernel complaints" nf_after_cycles
	in_dom client "XDP_DROP attached under traffic stops it; detached, traffic resumes" \
		nf_xdp_drop "$nf_peer"
	in_dom client "XDP_TX: a program swapping MACs sends $be's replies back to it" \
		nf_xdp_reflect "$nf_peer" tx
	in_dom client "XDP_REDIRECT to eth0 itself: frames go out through ndo_xdp_xmit" \
		nf_xdp_reflect "$nf_peer" redirect
	in_dom client "rmmod netfront under traffic, load it again, traffic resumes" nf_rmmod_under_traffic
	in_dom client "unload netfront" nf_unload
	step "write a malformed mac key for the client's vif" nf_set_mac "00:16:3e:zz:00:32"
	in_dom client "load netfront: probe refuses the malformed mac, no eth0" nf_probe_rejects_mac
	step "restore the mac key" nf_set_mac "$nf_mac"
	in_dom client "reload netfront: eth0 back, traffic flows" nf_reload
	# Last: a failure here leaves every other check above done.
	step "xl save the client to the scratch disk and xl restore it" nf_save_restore
	in_dom client "after restore: ping $be (diagnostics if unanswered)" nf_ping_record "$nf_peer"
	nf_be_step "after restore: the client's vif in $be (counters, bridge)" nf_be_vif_diag "$(nf_be_vif)"
	in_dom client "after restore: $be answered the client's ping" nf_ping_verdict
	in_dom client "after restore: iperf3 for 3 s, client to $be" iperf_to "$nf_peer" 3
	in_dom client "after restore: iperf3 -R for 3 s" nf_iperf_reverse "$nf_peer" 3
}
