# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netback-nicdom: the backend role in nicdom, a PV driver domain whose
# vif hotplug runs under "xl devd" with the stock vif-bridge script: two
# queues, TCP both ways, rate=, 20 attach/detach cycles under traffic
# with the leak check done inside nicdom, rmmod.  With netfront=both,
# two clients (Debian's netfront and ours) in the same boot, their cycle
# loops at once.  The helpers and the acceptance steps are netback.sh's;
# the RX stall step stays there (dom0 only).  With our netback, one
# client's vif is re-created under rx_sched_batch=1 first (nb_sched_batch).
# shellcheck source=tests/lab/scenarios/netback.sh
. "$(dirname "${BASH_SOURCE[0]}")/netback.sh"
about="netback in nicdom under xl devd: 2 queues, iperf3 both ways, rate=, rx_sched_batch (ours), 20 attach/detach cycles, rmmod; one client per netfront (both: Debian's and ours at once)"
timeout=1500
dom0_args=""

nb_batch_param=/sys/module/xen_netback/parameters/rx_sched_batch

# nb_batch_set 0|1: set our netback's rx_sched_batch; it must read back.
nb_batch_set() {
	local want=N now
	[ "$1" = 1 ] && want=Y
	echo "$1" >"$nb_batch_param" || return 1
	now=$(cat "$nb_batch_param")
	echo "rx_sched_batch=$now"
	[ "$now" = "$want" ]
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
	if [ "$(role_impl netback)" != ours ]; then
		say "rx_sched_batch is our netback's: skipped"
		return 0
	fi
	ip=$net.$(nb_field "$fe" host)
	vif=$(nb_vif "$(domid "$fe")")
	nb_on "$be" "$vif's 2 guest-RX threads run SCHED_NORMAL (rx_sched_batch=0)" nb_rx_policy "$vif" 2 0
	nb_on "$be" "set rx_sched_batch=1 in $be" nb_batch_set 1
	step "detach $fe's vif" nb_detach "$be" "$fe"
	step "attach $fe's vif again: new guest-RX threads" nb_attach "$be" "$fe" xenbr0
	nb_on "$be" "the new $vif's 2 guest-RX threads run SCHED_BATCH" nb_rx_policy "$vif" 2 3
	in_dom "$fe" "configure the new eth0 of $fe as $ip/24" nb_eth0_up "$ip/24"
	in_dom "$fe" "rx_sched_batch: ping $be from $fe" ping_ok "$net.1"
	nb_on "$be" "rx_sched_batch: ping $fe from $be" ping_ok "$ip"
	in_dom "$fe" "rx_sched_batch: iperf3 for 2 s, $fe to $be" nb_iperf "$net.1" 2
	in_dom "$fe" "rx_sched_batch: iperf3 -R for 2 s, $be to $fe" nb_iperf "$net.1" 2 -R
	nb_on "$be" "set rx_sched_batch=0 in $be" nb_batch_set 0
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
	nb_sched_batch nicdom 10.0.2 "${names%% *}"
	nb_cycles_leaks nicdom 10.0.2
}
