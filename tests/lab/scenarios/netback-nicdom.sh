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

# nb_devd_traced: start_devd, and copy its log (libxl's warnings and
# errors: a hotplug script that failed or timed out, a device it could
# not set up) to this domain's console as it grows, each line stamped with
# the uptime the kernel's lines carry, next to netback's own lines.  (xl
# -vvv would log every backend event too, but the copying then competes
# with vif-bridge for this domain's CPU: in run 20261123-052344-AEoE it
# made each hotplug take 20 to 30 s.)
nb_devd_traced() {
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

run_scenario() {
	step "create nicdom: driver_domain=1, 2 vCPUs" domu_create nicdom 224 \
		"driver_domain = 1" "vcpus = 2"
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "create bridge xenbr0 (10.0.2.1/24) in nicdom" make_bridge xenbr0 10.0.2.1/24
	in_dom nicdom "start xl devd in nicdom (runs vif-bridge), its log on the console" nb_devd_traced
	nb_clients_up nicdom 10.0.2
	nb_cycles_leaks nicdom 10.0.2
}
