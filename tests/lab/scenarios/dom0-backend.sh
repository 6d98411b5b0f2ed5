# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# dom0-backend: a client's vif served by netback in dom0.
about="a client's vif with its backend in dom0: ping both ways, iperf3"
timeout=300
dom0_args=""
bridge=${bridge:-xenbr0}

run_scenario() {
	step "load the netback role in dom0" role_load netback
	step "create bridge xenbr0 (10.0.0.1/24) in dom0" make_bridge xenbr0 10.0.0.1/24
	step "create the client, vif backend dom0 on bridge $bridge" domu_create client 192 \
		"vif = ['bridge=$bridge,mac=00:16:3e:00:00:02']"
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as 10.0.0.2/24" if_up eth0 10.0.0.2/24
	step "the vif backend in dom0 is connected" wait_for 30 "vif state Connected" vif_connected Domain-0 client
	say "the client's vif is connected to netback in dom0 (bridge xenbr0)"
	in_dom client "ping dom0 from the client" ping_ok 10.0.0.1
	step "ping the client from dom0" ping_ok 10.0.0.2
	step "start an iperf3 server in dom0" iperf3 -s -D -1
	in_dom client "iperf3 for 5 s, client to dom0" iperf_to 10.0.0.1 5
}
