# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netback-nicdom: the backend role in nicdom, a PV driver domain whose
# vif hotplug runs under "xl devd" with the stock vif-bridge script: two
# queues, TCP both ways, rate=, 20 attach/detach cycles under traffic
# with the leak check done inside nicdom, rmmod.  With netfront=both,
# two clients (Debian's netfront and ours) in the same boot, their cycle
# loops at once.  The helpers and the acceptance steps are netback.sh's;
# the RX stall step stays there (dom0 only).
# shellcheck source=tests/lab/scenarios/netback.sh
. "$(dirname "${BASH_SOURCE[0]}")/netback.sh"
about="netback in nicdom under xl devd: 2 queues, iperf3 both ways, rate=, 20 attach/detach cycles, rmmod; one client per netfront (both: Debian's and ours at once)"
timeout=1500
dom0_args=""

run_scenario() {
	step "create nicdom: driver_domain=1, 2 vCPUs" domu_create nicdom 224 \
		"driver_domain = 1" "vcpus = 2"
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "create bridge xenbr0 (10.0.2.1/24) in nicdom" make_bridge xenbr0 10.0.2.1/24
	in_dom nicdom "start xl devd in nicdom (runs vif-bridge), its log on the console" start_devd_traced
	nb_clients_up nicdom 10.0.2
	nb_cycles_leaks nicdom 10.0.2
}
