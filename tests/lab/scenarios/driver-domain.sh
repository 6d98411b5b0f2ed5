# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# driver-domain: netback runs in nicdom, a PV driver domain, not in dom0.
about="nicdom (driver_domain=1, netback, bridge, xl devd) serves a client's vif"
timeout=360
dom0_args=""

run_scenario() {
	step "create nicdom, a driver domain (driver_domain=1)" domu_create nicdom 224 "driver_domain = 1"
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "create bridge xenbr0 (10.0.2.1/24) in nicdom" make_bridge xenbr0 10.0.2.1/24
	in_dom nicdom "start xl devd in nicdom (runs vif hotplug scripts)" start_devd
	step "create the client, vif backend=nicdom on bridge xenbr0" domu_create client 192 \
		"vif = ['backend=nicdom,bridge=xenbr0,mac=00:16:3e:00:00:12']"
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as 10.0.2.2/24" if_up eth0 10.0.2.2/24
	step "the vif backend in nicdom is connected" wait_for 30 "vif state Connected" vif_connected nicdom client
	say "the client's vif 0 is connected to netback in nicdom, bridged on xenbr0"
	in_dom client "ping nicdom from the client" ping_ok 10.0.2.1
	in_dom nicdom "ping the client from nicdom" ping_ok 10.0.2.2
	in_dom nicdom "start an iperf3 server in nicdom" iperf3 -s -D -1
	in_dom client "iperf3 for 5 s, client to nicdom" iperf_to 10.0.2.1 5
}
