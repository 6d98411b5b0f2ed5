# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netback-nicdom: the backend role in nicdom, a PV driver domain whose
# vif hotplug runs under "xl devd" with the stock vif-bridge script: two
# queues, TCP both ways, rate=, 20 attach/detach cycles under traffic
# with the leak check done inside nicdom, rmmod.  With netfront=both,
# two clients (Debian's netfront and ours) in the same boot, their cycle
# loops at once.  The helpers and the acceptance steps are netback.sh's;
# the RX stall step stays there (dom0 only).  With our netback, before
# the cycles, the first client's guest RX runs with rx_direct=0 for a while
# (nb_rx_direct), its one-way guest-TX stream is coalesced and an exchange
# is not, then neither with tx_coalesce_usecs=0 (nb_tx_coal), then its vif
# is re-created under rx_sched_batch=1 (nb_sched_batch).
# shellcheck source=tests/lab/scenarios/netback.sh
. "$(dirname "${BASH_SOURCE[0]}")/netback.sh"
about="netback in nicdom under xl devd: 2 queues, iperf3 both ways, rate=, rx_direct, tx coalescing and rx_sched_batch (ours), 20 attach/detach cycles, rmmod; one client per netfront (both: Debian's and ours at once)"
timeout=1500
dom0_args=""

# nb_param_set NAME VALUE: param_set of our netback's parameter NAME.
nb_param_set() { param_set xen_netback "$1" "$2"; }

# nb_ours PARAM: the netback role is ours; else say that PARAM's steps
# are skipped (Debian's netback has no such parameter) and fail.
nb_ours() {
	[ "$(role_impl netback)" = ours ] && return 0
	say "$1 is our netback's: skipped"
	return 1
}

# nb_ping_iperf BACKEND_DOMAIN NET CLIENT LABEL: steps named "LABEL: ...":
# ping both ways between the client and BACKEND_DOMAIN (NET.1), then 2 s
# of iperf3 each way.
nb_ping_iperf() {
	local be=$1 net=$2 fe=$3 what=$4
	in_dom "$fe" "$what: ping $be from $fe" ping_ok "$net.1"
	nb_on "$be" "$what: ping $fe from $be" ping_ok "$net.$(nb_field "$fe" host)"
	in_dom "$fe" "$what: iperf3 for 2 s, $fe to $be" nb_iperf "$net.1" 2
	in_dom "$fe" "$what: iperf3 -R for 2 s, $be to $fe" nb_iperf "$net.1" 2 -R
}

# nb_direct_counts VIF -> "RX_PACKETS RX_DIRECT": the sums over VIF's
# queues, from one ethtool -S.
nb_direct_counts() { ethtool_qsum "$1" rx_packets rx_direct; }

# nb_direct_used VIF: with rx_direct on, some of the packets VIF gave its
# guest so far took the direct path, and no more than it gave.
nb_direct_used() {
	local pk di
	read -r pk di < <(nb_direct_counts "$1")
	echo "$1: rx_packets $pk, rx_direct $di"
	[ "$pk" -gt 0 ] || { echo "$1 counted no guest RX (ethtool -S $1)"; return 1; }
	[ "$di" -gt 0 ] || { echo "no packet to $1's guest took the direct path"; return 1; }
	[ "$di" -le "$pk" ] || { echo "rx_direct $di exceeds rx_packets $pk"; return 1; }
}

# nb_direct_off VIF: set rx_direct=0 (back to 1 if it does not read back
# 0), then note VIF's counters in /tmp/nb-direct for nb_direct_check.
nb_direct_off() {
	param_set_or xen_netback rx_direct 0 1 || return 1
	nb_direct_counts "$1" >/tmp/nb-direct || return 1
	echo "$1 at rx_direct=0: rx_packets, rx_direct $(cat /tmp/nb-direct)"
}

# nb_direct_check VIF: read VIF's counters, set rx_direct back to 1 (it
# must read back) whatever they say, then judge them against
# nb_direct_off's: rx_packets grew (the guest-RX threads delivered) and
# rx_direct did not move (no packet took the direct path while it was 0).
nb_direct_check() {
	local pk0 di0 pk di rc=0 restored=yes
	read -r pk di < <(nb_direct_counts "$1")
	nb_param_set rx_direct 1 || restored=no
	read -r pk0 di0 </tmp/nb-direct || { echo "no counters noted at rx_direct=0"; return 1; }
	echo "METRIC netback $1 with rx_direct=0: rx_packets $pk0 -> $pk, rx_direct $di0 -> $di"
	[ "$pk" -gt "$pk0" ] || { echo "rx_packets did not grow with rx_direct=0"; rc=1; }
	[ "$di" = "$di0" ] || { echo "rx_direct moved from $di0 to $di while the parameter was 0"; rc=1; }
	[ "$restored" = yes ] || { echo "rx_direct did not go back to 1"; rc=1; }
	return $rc
}

# nb_rx_threads VIF -> "PID COMM POLICY" for each guest-RX kthread of
# VIF ("VIF-qQ-guest-rx", cut to 15 characters in comm); POLICY is
# field 41 of /proc/PID/stat (0 SCHED_NORMAL, 3 SCHED_BATCH).
nb_rx_threads() {
	local p c s
	local -a f
	for p in /proc/[0-9]*; do
		read -r c 2>/dev/null <"$p/comm" || continue
		case "$c" in "$1"-q[0-9]*-g*) ;; *) continue ;; esac
		s=$(cat "$p/stat" 2>/dev/null) || continue
		# Fields from the third (state) on: field 41 is word 38.
		read -ra f <<<"${s##*) }"
		echo "${p#/proc/} $c ${f[38]}"
	done
}

# nb_rx_policy_is VIF N POLICY: VIF has N guest-RX threads, all of
# scheduling policy POLICY.
nb_rx_policy_is() {
	nb_rx_threads "$1" | awk -v n="$2" -v p="$3" '
		{ k++; if ($3 != p) bad++ } END { exit !(k == n && !bad) }'
}

# nb_rx_policy VIF N POLICY: nb_rx_policy_is, waited for (bounded: an
# old vif's threads may still be stopping), with the threads listed.
nb_rx_policy() {
	local rc=0
	wait_for 20 "$2 guest-RX threads of $1 with policy $3" nb_rx_policy_is "$@" || rc=1
	nb_rx_threads "$1" | awk '{ print "thread " $1 " " $2 ": policy " $3 }'
	return $rc
}

# nb_eth0_up ADDR/LEN: once the new eth0 exists, configure it.
nb_eth0_up() {
	wait_for 30 "eth0" test -e /sys/class/net/eth0 || return 1
	if_up eth0 "$1"
}

# nb_sched_batch BACKEND_DOMAIN NET CLIENT: our netback's rx_sched_batch
# (off by default) applies to RX threads started after it is set: the
# client's vif runs SCHED_NORMAL threads; with the parameter at 1 its vif
# is detached and attached again, the new vif's two guest-RX threads run
# SCHED_BATCH and the vif carries ping and TCP both ways (with rx_direct
# on, some guest RX may bypass the threads); the parameter goes back to
# 0.  Debian's netback has no such parameter: skipped.
nb_sched_batch() {
	local be=$1 net=$2 fe=$3 ip vif
	nb_ours rx_sched_batch || return 0
	ip=$net.$(nb_field "$fe" host)
	vif=$(nb_vif "$(domid "$fe")")
	nb_on "$be" "$vif's 2 guest-RX threads run SCHED_NORMAL (rx_sched_batch=0)" nb_rx_policy "$vif" 2 0
	nb_on "$be" "set rx_sched_batch=1 in $be" nb_param_set rx_sched_batch 1
	step "detach $fe's vif" nb_detach "$be" "$fe"
	step "attach $fe's vif again: new guest-RX threads" nb_attach "$be" "$fe" xenbr0
	nb_on "$be" "the new $vif's 2 guest-RX threads run SCHED_BATCH" nb_rx_policy "$vif" 2 3
	in_dom "$fe" "configure the new eth0 of $fe as $ip/24" nb_eth0_up "$ip/24"
	nb_ping_iperf "$be" "$net" "$fe" rx_sched_batch
	nb_on "$be" "set rx_sched_batch=0 in $be" nb_param_set rx_sched_batch 0
}

# nb_rx_direct BACKEND_DOMAIN NET CLIENT: our netback's rx_direct (on by
# default): after nb_clients_up's traffic some of the client's guest RX
# took the direct path (0 < rx_direct <= rx_packets, summed over the
# queues); with rx_direct=0, ping both ways and 2 s of iperf3 each way
# must still get through, all of it by the guest-RX threads: rx_packets
# grows, rx_direct does not move.  The step that checks the counters sets
# the parameter back to 1 before it judges them; a traffic step that fails
# ends the scenario, so no later step runs with it at 0.  Debian's
# netback has no such parameter: skipped.
nb_rx_direct() {
	local be=$1 net=$2 fe=$3 vif
	nb_ours rx_direct || return 0
	vif=$(nb_vif "$(domid "$fe")")
	nb_on "$be" "some of $fe's guest RX took the direct path (0 < rx_direct <= rx_packets)" \
		nb_direct_used "$vif"
	nb_on "$be" "set rx_direct=0 in $be, note $vif's counters" nb_direct_off "$vif"
	nb_ping_iperf "$be" "$net" "$fe" rx_direct=0
	nb_on "$be" "rx_direct back to 1; at 0, $vif's rx_packets grew and rx_direct did not move" \
		nb_direct_check "$vif"
}

# nb_tx_irqs VIF -> the interrupts of VIF's guest-TX event channels
# (VIF-qN-tx in /proc/interrupts, every CPU; VIF-qN, shared with guest RX,
# when the frontend did not split them).
nb_tx_irqs() {
	awk -v v="$1-q" 'NR == 1 { n = NF; next }
		substr($NF, 1, length(v)) == v && $NF ~ /-q[0-9]+(-tx)?$/ {
			for (i = 2; i <= n + 1; i++) s += $i }
		END { print s + 0 }' /proc/interrupts
}

# nb_coal_counts VIF -> "TX_PACKETS TX_TIMED_POLLS TX_EVENTS": VIF's
# tx_packets and tx_timed_polls summed over its queues (one ethtool -S)
# and nb_tx_irqs.
nb_coal_counts() { echo "$(ethtool_qsum "$1" tx_packets tx_timed_polls) $(nb_tx_irqs "$1")"; }

# nb_coal_note VIF: note VIF's counters in /tmp/nb-coal for the next
# nb_coal_since.
nb_coal_note() {
	nb_coal_counts "$1" >/tmp/nb-coal || return 1
	echo "$1: tx_packets, tx_timed_polls, tx events $(cat /tmp/nb-coal)"
}

# nb_coal_since VIF WHAT: coal_metric of VIF's counters since nb_coal_note
# (WHAT names the traffic); notes the new ones; coal_dp and coal_dt get
# the growth of tx_packets and tx_timed_polls.
nb_coal_since() {
	local before
	before=$(cat /tmp/nb-coal) || { echo "no counters noted"; return 1; }
	nb_coal_note "$1" >/dev/null || return 1
	coal_metric "netback $1 guest TX, $2" "$before" "$(cat /tmp/nb-coal)" \
		"tx_packets tx_timed_polls tx_events"
}

# nb_coal_start VIF: tx_coalesce_usecs is on (its value goes to
# /tmp/nb-coal.usecs for nb_coal_restore); note VIF's counters.
nb_coal_start() {
	local usecs
	usecs=$(param_get xen_netback tx_coalesce_usecs) || return 1
	echo "$usecs" >/tmp/nb-coal.usecs
	echo "tx_coalesce_usecs=$usecs"
	[ "$usecs" -gt 0 ] || { echo "tx_coalesce_usecs is 0 (off) before the test"; return 1; }
	nb_coal_note "$1"
}

# nb_coal_grew VIF: since the note, at least 100 packets of a one-way
# stream came from the guest and guest-TX polls handed over to the timer.
# (in_dom passes single words: the labels are made here.)
# shellcheck disable=SC2154 # coal_dp, coal_dt: set by coal_metric
nb_coal_grew() {
	nb_coal_since "$1" "one-way 64-byte UDP" || return 1
	[ "$coal_dp" -ge 100 ] || { echo "only $coal_dp packets of the stream came from the guest"; return 1; }
	if [ "$coal_dt" -le 0 ]; then
		ethtool -S "$1" | grep -E 'q[0-9]+-(tx_packets|tx_timed_polls|rx_packets):'
		echo "no guest-TX poll handed over to the timer during a one-way stream (tx_timed_polls did not move)"
		return 1
	fi
}

# nb_coal_same VIF N: since the note, at least N packets came from the
# guest (N pings, an exchange) and tx_timed_polls did not move.
# shellcheck disable=SC2154 # coal_dp, coal_dt: set by coal_metric
nb_coal_same() {
	nb_coal_since "$1" "$2 pings (ping -A)" || return 1
	[ "$coal_dp" -ge "$2" ] || { echo "only $coal_dp packets came from the guest, expected $2"; return 1; }
	[ "$coal_dt" = 0 ] || { echo "tx_timed_polls grew by $coal_dt during $2 pings (an exchange)"; return 1; }
}

# nb_coal_off VIF: set tx_coalesce_usecs=0 (it must read back, else the
# noted value goes back), note VIF's counters.
nb_coal_off() {
	param_set_or xen_netback tx_coalesce_usecs 0 "$(cat /tmp/nb-coal.usecs)" || return 1
	nb_coal_note "$1"
}

# nb_coal_restore VIF: read VIF's counters, write back the value
# nb_coal_start noted (it must read back) whatever they say, then judge
# them: with tx_coalesce_usecs=0, a one-way stream of at least 100 packets
# came from the guest and tx_timed_polls did not move.
# shellcheck disable=SC2154 # coal_dp, coal_dt: set by coal_metric
nb_coal_restore() {
	local usecs rc=0
	nb_coal_since "$1" "one-way 64-byte UDP, tx_coalesce_usecs=0" || rc=1
	usecs=$(cat /tmp/nb-coal.usecs) || { echo "no tx_coalesce_usecs noted"; return 1; }
	nb_param_set tx_coalesce_usecs "$usecs" || return 1
	[ "$rc" = 0 ] || { echo "could not read $1's counters"; return 1; }
	[ "$coal_dp" -ge 100 ] || { echo "only $coal_dp packets of the stream came from the guest"; return 1; }
	[ "$coal_dt" = 0 ] ||
		{ echo "tx_timed_polls grew by $coal_dt with tx_coalesce_usecs=0"; return 1; }
}

# nb_ping_exchange SERVER N: N pings, each sent once the previous reply
# came (ping -A), all answered.
nb_ping_exchange() {
	local out
	out=$(ping -A -c "$2" -W 2 "$1" 2>&1)
	echo "$out" | tail -n 2
	echo "$out" | grep -q ' 0% packet loss'
}

# nb_tx_coal BACKEND_DOMAIN NET CLIENT: our netback's coalescing of
# one-way streams from the guest (tx_coalesce_usecs, default 500): during
# 3 s of 64-byte UDP from the client to BACKEND_DOMAIN (NET.1), nothing
# sent back, guest-TX polls hand over to the timer (tx_timed_polls, summed
# over the vif's queues, grows); 50 pings, an exchange, leave it where it
# was; with tx_coalesce_usecs=0 a second stream leaves it too.  The step
# that judges the second stream writes the parameter back first; a traffic
# step that fails ends the scenario.  Then ping.  Debian's netback has no
# such parameter: skipped.
nb_tx_coal() {
	local be=$1 net=$2 fe=$3 vif
	nb_ours tx_coalesce_usecs || return 0
	vif=$(nb_vif "$(domid "$fe")")
	nb_on "$be" "tx_coalesce_usecs is on in $be; note $vif's guest-TX counters" nb_coal_start "$vif"
	in_dom "$fe" "a one-way stream: 64-byte UDP for 3 s, $fe to $be" udp_oneway "$net.1" 3 0
	nb_on "$be" "during the one-way stream, $vif's guest-TX polls handed over to the timer" \
		nb_coal_grew "$vif"
	in_dom "$fe" "an exchange: 50 pings (ping -A), $fe to $be" nb_ping_exchange "$net.1" 50
	nb_on "$be" "the ping exchange left $vif's tx_timed_polls where it was" \
		nb_coal_same "$vif" 50
	nb_on "$be" "set tx_coalesce_usecs=0 in $be, note $vif's counters" nb_coal_off "$vif"
	in_dom "$fe" "tx_coalesce_usecs=0: 64-byte UDP for 3 s, $fe to $be" udp_oneway "$net.1" 3 0
	nb_on "$be" "tx_coalesce_usecs restored; at 0, $vif's tx_timed_polls did not move" \
		nb_coal_restore "$vif"
	in_dom "$fe" "ping $be from $fe with tx_coalesce_usecs restored" ping_ok "$net.1"
}

run_scenario() {
	local names
	names=$(nb_names)
	step "create nicdom: driver_domain=1, 2 vCPUs" domu_create nicdom 224 \
		"driver_domain = 1" "vcpus = 2"
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "create bridge xenbr0 (10.0.2.1/24) in nicdom" make_bridge xenbr0 10.0.2.1/24
	in_dom nicdom "start xl devd in nicdom (runs vif-bridge), its log on the console" start_devd_traced
	nb_clients_up nicdom 10.0.2
	nb_rx_direct nicdom 10.0.2 "${names%% *}"
	nb_tx_coal nicdom 10.0.2 "${names%% *}"
	nb_sched_batch nicdom 10.0.2 "${names%% *}"
	nb_cycles_leaks nicdom 10.0.2
}
