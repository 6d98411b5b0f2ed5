# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# bench-coal: what our netback's coalescing of one-way guest-TX streams
# (tx_coalesce_usecs) does to 64-byte UDP client->backend, in one boot:
# bench.sh's two driver domains and two clients, pinned as there; after a
# warm-up, three rounds, each with tx_coalesce_usecs=500 and then 0 in
# nicours: both clients send 5 s of 64-byte UDP (iperf3 -b 0) to nicours,
# and our client to nicdeb as a control.  Each test prints what the client
# sent per second and what the iperf3 server in the driver domain got,
# with the clients' and the vifs' counters around it.  Nothing is judged:
# run it with lab.sh run bench-coal@netback=both,netfront=both and read
# the METRIC lines of its channel.log (Documentation/bench-results.rst).
# shellcheck source=tests/lab/scenarios/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench.sh"
about="bench experiment: 64-byte UDP client->backend with our netback's tx_coalesce_usecs at 500 and 0 (run with netback=both,netfront=both)"
timeout=1200

# coal_fe_counts B F: client F's non-zero tx counters on its vif to nic<B>
# (none with Debian's netfront, whose ethtool -S has no per-queue ones).
coal_fe_counts() {
	ethtool -S "$(if_by_mac "$(bench_mac "$1" "$2")")" 2>/dev/null |
		awk '/_tx_|ring_full/ && $2 != 0 { s = s " " $0 } END { print "counters:" s }'
}

# coal_be_counts: every vif's guest-TX packets and timed polls.
coal_be_counts() {
	local v
	for v in /sys/class/net/vif*; do
		v=${v##*/}
		echo "$v: $(ethtool_qsum "$v" tx_packets tx_timed_polls)"
	done
}

# coal_udp B F LABEL: 5 s of 64-byte UDP from client F to nic<B>; METRIC
# bench-coal.LABEL with the datagrams sent and received per second.
coal_udp() {
	local out
	coal_fe_counts "$1" "$2"
	out=$(iperf3 -c "$(bench_be_addr "$1")" -u -l 64 -b 0 -t 5 -J 2>&1) ||
		{ echo "$out" | tail -n 3; return 1; }
	echo "$out" | iperf_udp_sums | awk -v k="$3" '
		{ printf "METRIC bench-coal.%s sent/s %.0f got/s %.0f\n", k, $1 / $2, $3 / $4 }'
	coal_fe_counts "$1" "$2"
}

run_scenario() {
	local r u f
	driver_domain deb
	driver_domain ours
	frontend deb
	frontend ours
	step "pin the driver domains to CPU 1, the clients and dom0 to CPU 0" pin_domains
	for f in ours deb ours deb; do
		in_dom "fe$f" "[warm-up] fe$f: 5 s of 64-byte UDP to nicours, not measured" coal_udp ours "$f" warm-up
	done
	for r in 1 2 3; do
		for u in 500 0; do
			in_dom nicours "[round$r] tx_coalesce_usecs=$u in nicours" param_set xen_netback tx_coalesce_usecs "$u"
			for f in ours deb; do
				in_dom "fe$f" "[round$r] [u$u] fe$f -> nicours: 5 s of 64-byte UDP" \
					coal_udp ours "$f" "round$r.u$u.f$f-bours"
				in_dom nicours "[round$r] [u$u] nicours's vifs" coal_be_counts
			done
			in_dom feours "[round$r] [u$u] feours -> nicdeb (control): 5 s of 64-byte UDP" \
				coal_udp deb ours "round$r.u$u.fours-bdeb"
		done
	done
	in_dom nicours "tx_coalesce_usecs back to 500" param_set xen_netback tx_coalesce_usecs 500
}
