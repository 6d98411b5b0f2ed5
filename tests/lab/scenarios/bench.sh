# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# bench: our netback/netfront pair against Debian's, side by side in one
# boot.  Run by `make bench` (bench/run.sh) as bench@netback=both,netfront=both:
# both implementations ship and each domain loads the one it stands for.
#
#   nicdeb   driver domain, Debian's netback, xenbr0 10.1.0.1/24
#   nicours  driver domain, our netback,      xenbr0 10.2.0.1/24
#   fedeb    client, Debian's netfront: a vif to each driver domain
#   feours   client, our netfront:      a vif to each driver domain
#
# so the four pairs (backend x frontend) run in the same boot, one after the
# other.  Every figure is a "METRIC bench.<pair>.<what> <value>" record;
# bench/report.py turns them into the table, the JSON and the chart.  No
# step here judges a figure: a step fails only when a measurement could not
# be taken.
about="benchmarks: Debian's and our netback/netfront pairs side by side (make bench)"
timeout=1500

# Each TCP figure is the median of BENCH_RUNS runs of BENCH_SECS seconds.
BENCH_RUNS=3
BENCH_SECS=5
# vifs of the scale client (one client, one driver domain).
BENCH_SCALE_VIFS=32

# impl_of B|F -> the role implementation a short name stands for.
impl_of() { case "$1" in deb) echo debian ;; ours) echo ours ;; esac; }

# bench_net B -> the driver domain's subnet number (1: Debian's, 2: ours).
bench_net() { case "$1" in deb) echo 1 ;; ours) echo 2 ;; esac; }
# bench_mac B F -> the MAC of frontend F's vif on backend B.
bench_mac() { echo "00:16:3e:0$(bench_net "$1"):00:0$(bench_net "$2")"; }
# bench_fe_addr B F -> frontend F's address on backend B's subnet.
bench_fe_addr() { echo "10.$(bench_net "$1").0.1$(bench_net "$2")"; }
bench_be_addr() { echo "10.$(bench_net "$1").0.1"; }

# if_by_mac MAC -> the interface with that MAC.
if_by_mac() {
	local d
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$1" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# irq_count PREFIX -> the sum of the interrupts of every IRQ whose name
# starts with PREFIX (eth0, vif5.0: the drivers name their event channels so).
irq_count() {
	awk -v p="$1" '
		$NF ~ "^" p "($|-)" { for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) n += $i }
		END { print n + 0 }' /proc/interrupts
}

# dev_packets IF -> rx + tx packets of an interface.
dev_packets() {
	echo $(($(cat "/sys/class/net/$1/statistics/rx_packets") + $(cat "/sys/class/net/$1/statistics/tx_packets")))
}
dev_bytes() {
	echo $(($(cat "/sys/class/net/$1/statistics/rx_bytes") + $(cat "/sys/class/net/$1/statistics/tx_bytes")))
}

# be_vif CLIENT_DOMID -> the backend interface serving that client here.
be_vif() {
	local d
	for d in /sys/class/net/vif"$1".*; do
		[ -e "$d" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# mark_counters IF: remember an interface's interrupt and packet counters.
mark_counters() {
	echo "$(irq_count "$1") $(dev_packets "$1") $(dev_bytes "$1")" >"/tmp/mark.$1"
}

# counters_since KEY IF: notifications per packet on IF since mark_counters,
# and (for the backend) the bytes moved, kept in xenstore for dom0.
counters_since() {
	local key=$1 ifc=$2 irq0 pk0 by0 irq pk by
	read -r irq0 pk0 by0 <"/tmp/mark.$ifc" || return 1
	irq=$(($(irq_count "$ifc") - irq0))
	pk=$(($(dev_packets "$ifc") - pk0))
	by=$(($(dev_bytes "$ifc") - by0))
	[ "$pk" -gt 0 ] || { echo "no packets moved on $ifc"; return 1; }
	xenstore-write data/bench/bytes "$by"
	echo "METRIC $key $(awk -v i="$irq" -v p="$pk" 'BEGIN { printf "%.4f", i / p }')"
	echo "$ifc: $irq interrupts for $pk packets, $by bytes"
}

# fe_addr B F: address frontend F's vif to backend B.
fe_addr() { if_up "$(if_by_mac "$(bench_mac "$1" "$2")")" "$(bench_fe_addr "$1" "$2")/24"; }

# fe_mark B F / fe_since KEY B F: the same, run in the client on its vif to B.
fe_mark() { mark_counters "$(if_by_mac "$(bench_mac "$1" "$2")")"; }
fe_since() { counters_since "$1" "$(if_by_mac "$(bench_mac "$2" "$3")")"; }
be_mark() { mark_counters "$(be_vif "$1")"; }
be_since() { counters_since "$1" "$(be_vif "$2")"; }

# reverse DIR -> iperf3's flag for a direction: tx is client to server, rx
# the reverse.
reverse() { [ "$1" = rx ] && echo -R; }

# tcp_runs KEY SERVER DIR [IPERF3 ARGS]: BENCH_RUNS iperf3 runs, one METRIC
# per run (Mbit/s at the receiver).
tcp_runs() {
	local key=$1 srv=$2 dir=$3 r out rate
	shift 3
	for r in $(seq 1 "$BENCH_RUNS"); do
		# shellcheck disable=SC2046 # no flag or one
		out=$(iperf3 -c "$srv" -t "$BENCH_SECS" -f m $(reverse "$dir") "$@" 2>&1) || { echo "$out" | tail -n 3; return 1; }
		rate=$(echo "$out" | awk '/receiver/ { print $(NF-2) }' | tail -n1)
		[ -n "$rate" ] || { echo "$out" | tail -n 3; return 1; }
		echo "METRIC $key.run$r $rate"
	done
}

# udp_pps KEY SERVER DIR: 64-byte UDP datagrams as fast as iperf3 sends them;
# packets per second that arrived.
udp_pps() {
	local key=$1 srv=$2 dir=$3 out
	# shellcheck disable=SC2046 # no flag or one
	out=$(iperf3 -c "$srv" -u -l 64 -b 0 -t "$BENCH_SECS" $(reverse "$dir") 2>&1) || { echo "$out" | tail -n 3; return 1; }
	echo "$out" | awk -v k="$key" -v t="$BENCH_SECS" '
		/receiver/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, a, "/"); v = (a[2] - a[1]) / t } }
		END { if (v == "") exit 1; printf "METRIC %s %.0f\n", k, v }' || { echo "$out" | tail -n 3; return 1; }
}

# latency KEY ADDR: 200 back-to-back pings; median and 99th percentile (ms).
latency() {
	local key=$1 out
	out=$(ping -A -c 200 -W 5 "$2" 2>&1) || { echo "$out" | tail -n 2; return 1; }
	echo "$out" | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' | sort -n | awk -v k="$key" '
		{ v[NR] = $1 }
		END { if (NR < 100) exit 1
		      printf "METRIC %s.rtt_median_ms %s\nMETRIC %s.rtt_p99_ms %s\n", k, v[int((NR + 1) / 2)], k, v[int(NR * 0.99)] }'
}

# loopback KEY: the in-domain bound: TCP over lo.
loopback() {
	iperf3 -s -D -p 5300 || return 1
	wait_for 10 "the iperf3 server on lo" sh -c 'ss -ltn 2>/dev/null | grep -q :5300 || netstat -ltn | grep -q :5300'
	tcp_runs "$1" 127.0.0.1 tx -p 5300
}

# drop_caches: write back and drop the page cache before a memory reading.
drop_caches() { sync && echo 3 >/proc/sys/vm/drop_caches; }
# kthreads -> number of kernel threads (children of kthreadd).
kthreads() { awk '$4 == 2' /proc/[0-9]*/stat 2>/dev/null | wc -l; }
# vif_irqs -> IRQ lines of backend vifs.
vif_irqs() { grep -c ' vif[0-9]' /proc/interrupts; }

# scale_mark / scale_since KEY N: backend memory, kernel threads and IRQs per vif.
scale_mark() {
	drop_caches
	echo "$(mem_avail_kb) $(kthreads) $(vif_irqs)" >/tmp/scale.mark
}
scale_since() {
	local key=$1 n=$2 m0 t0 i0
	read -r m0 t0 i0 </tmp/scale.mark || return 1
	drop_caches
	awk -v k="$key" -v n="$n" -v m0="$m0" -v m1="$(mem_avail_kb)" -v t0="$t0" -v t1="$(kthreads)" \
		-v i0="$i0" -v i1="$(vif_irqs)" 'BEGIN {
		printf "METRIC %s.be_mem_kb_per_vif %.1f\n", k, (m0 - m1) / n
		printf "METRIC %s.be_kthreads_per_vif %.2f\n", k, (t1 - t0) / n
		printf "METRIC %s.be_irqs_per_vif %.2f\n", k, (i1 - i0) / n }'
}

# fe_scale KEY IMPL N: in the scale client, load the netfront and wait for
# N interfaces; frontend memory per vif.
fe_scale() {
	local key=$1 m0
	drop_caches
	m0=$(mem_avail_kb)
	role_load netfront "$(impl_of "$2")" >/dev/null || return 1
	wait_for 120 "$3 interfaces" sh -c "[ \$(ls -d /sys/class/net/eth* 2>/dev/null | wc -l) -ge $3 ]" || return 1
	for i in /sys/class/net/eth*; do ip link set "${i##*/}" up; done
	drop_caches
	echo "METRIC $key.fe_mem_kb_per_vif $(awk -v a="$m0" -v b="$(mem_avail_kb)" -v n="$3" 'BEGIN { printf "%.1f", (a - b) / n }')"
}

# cpu_s DOMAIN -> CPU seconds the domain has used (all vCPUs).
cpu_s() { xl vcpu-list "$1" | awk 'NR > 1 { s += $(NF-1) } END { printf "%.1f", s }'; }

# be_cpu_per_gb KEY B NICDOM: CPU seconds of the driver domain since the
# mark, per GB the backend moved (bytes from counters_since).
be_cpu_mark() { cpu_s "$1" >"/tmp/cpu.$1"; }
be_cpu_per_gb() {
	local key=$1 dom=$2 c0 c1 by
	c0=$(cat "/tmp/cpu.$dom") c1=$(cpu_s "$dom")
	by=$(xenstore-read "/local/domain/$(domid "$dom")/data/bench/bytes") || return 1
	awk -v k="$key" -v c="$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')" -v by="$by" 'BEGIN {
		if (by <= 0) exit 1; printf "METRIC %s %.2f\n", k, c / (by / 1e9) }'
}

# measure B F KIND: one kind of traffic for the pair (backend B, frontend F)
# with notifications per packet on both ends and the backend's CPU per GB.
measure() {
	local b=$1 f=$2 kind=$3 pair="b$1-f$2" nic=nic$1 fe=fe$2 cid
	cid=$(domid "$fe")
	in_dom "$nic" "[$pair] $kind: mark the backend's counters" be_mark "$cid"
	in_dom "$fe" "[$pair] $kind: mark the frontend's counters" fe_mark "$b" "$f"
	step "[$pair] $kind: mark $nic's CPU time" be_cpu_mark "$nic"
	case "$kind" in
	tcp_*) in_dom "$fe" "[$pair] $kind: iperf3 TCP, $BENCH_RUNS x ${BENCH_SECS}s" \
		tcp_runs "bench.$pair.${kind}_mbps" "$(bench_be_addr "$b")" "${kind#tcp_}" ;;
	udp_*) in_dom "$fe" "[$pair] $kind: iperf3 UDP 64-byte datagrams, ${BENCH_SECS}s" \
		udp_pps "bench.$pair.${kind}_pps" "$(bench_be_addr "$b")" "${kind#udp_}" ;;
	esac
	in_dom "$fe" "[$pair] $kind: frontend notifications per packet" \
		fe_since "bench.$pair.${kind}_fe_irq_per_pkt" "$b" "$f"
	in_dom "$nic" "[$pair] $kind: backend notifications per packet" \
		be_since "bench.$pair.${kind}_be_irq_per_pkt" "$cid"
	step "[$pair] $kind: backend CPU seconds per GB" be_cpu_per_gb "bench.$pair.${kind}_be_cpu_s_per_gb" "$nic"
}

# driver_domain B: a driver domain with implementation B of netback.
driver_domain() {
	local b=$1
	step "create nic$b, a driver domain for $b netback" domu_create "nic$b" 256 "driver_domain = 1"
	in_dom "nic$b" "load $b netback in nic$b" role_load netback "$(impl_of "$b")"
	in_dom "nic$b" "bridge xenbr0 ($(bench_be_addr "$b")/24) in nic$b" make_bridge xenbr0 "$(bench_be_addr "$b")/24"
	in_dom "nic$b" "start xl devd in nic$b" start_devd
	in_dom "nic$b" "start an iperf3 server in nic$b" iperf3 -s -D
}

# frontend F: a client with implementation F of netfront, a vif on each
# driver domain.
frontend() {
	local f=$1 b
	step "create fe$f, a client for $f netfront with a vif on each driver domain" domu_create "fe$f" 192 \
		"vif = ['backend=nicdeb,bridge=xenbr0,mac=$(bench_mac deb "$f")', 'backend=nicours,bridge=xenbr0,mac=$(bench_mac ours "$f")']"
	in_dom "fe$f" "load $f netfront in fe$f" role_load netfront "$(impl_of "$f")"
	for b in deb ours; do
		in_dom "fe$f" "fe$f: address the vif to nic$b" fe_addr "$b" "$f"
		in_dom "fe$f" "fe$f reaches nic$b" ping_ok "$(bench_be_addr "$b")"
	done
}

# scale B: one client with BENCH_SCALE_VIFS vifs on nic<B>, frontend <B> too.
scale() {
	local b=$1 i vifs="" n=$BENCH_SCALE_VIFS
	for i in $(seq 1 "$n"); do
		vifs+="${vifs:+, }'backend=nic$b,bridge=xenbr0,mac=00:16:3e:0b:00:$(printf %02x "$i")'"
	done
	in_dom "nic$b" "[scale-$b] mark nic$b's memory, kernel threads, IRQs" scale_mark
	step "[scale-$b] create a client with $n vifs on nic$b" domu_create "scale$b" 256 "vif = [$vifs]"
	in_dom "scale$b" "[scale-$b] load $b netfront, wait for $n interfaces" fe_scale "bench.b$b-f$b" "$b" "$n"
	step "[scale-$b] all $n vifs connected" wait_for 120 "$n vifs Connected" all_connected "nic$b" "scale$b" "$n"
	in_dom "nic$b" "[scale-$b] nic$b's memory, threads and IRQs per vif" scale_since "bench.b$b-f$b" "$n"
	step "[scale-$b] destroy the scale client" xl destroy "scale$b"
}

# all_connected BACKEND FRONTEND N: N vifs of FRONTEND say Connected.
all_connected() {
	local fid bid
	fid=$(domid "$2") && bid=$(domid "$1") || return 1
	[ "$(xenstore-ls "/local/domain/$bid/backend/vif/$fid" 2>/dev/null | grep -c '^  state = "4"')" -ge "$3" ]
}

run_scenario() {
	local b f
	driver_domain deb
	driver_domain ours
	frontend deb
	frontend ours
	in_dom fedeb "loopback bound: TCP over lo" loopback bench.loopback.tcp_mbps
	for b in deb ours; do
		for f in deb ours; do
			for kind in tcp_tx tcp_rx udp_tx udp_rx; do measure "$b" "$f" "$kind"; done
			in_dom "fe$f" "[b$b-f$f] latency: 200 back-to-back pings" latency "bench.b$b-f$f" "$(bench_be_addr "$b")"
		done
	done
	scale deb
	scale ours
}
