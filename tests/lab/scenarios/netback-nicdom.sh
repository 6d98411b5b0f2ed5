# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netback-nicdom: the backend role in nicdom, a PV driver domain whose
# vif hotplug runs under "xl devd" with the stock vif-bridge script: two
# queues, TCP both ways, rate=, 10 attach/detach cycles under traffic
# (netback.sh does 20 in dom0; each cycle here runs vif-bridge through
# devd and takes twice as long) with the leak check done inside nicdom,
# rmmod.  The helpers are netback.sh's.
# shellcheck source=tests/lab/scenarios/netback.sh
. "$(dirname "${BASH_SOURCE[0]}")/netback.sh"
about="netback in nicdom under xl devd: 2 queues, iperf3 both ways, rate=, 10 attach/detach cycles, rmmod"
timeout=900
dom0_args=""

run_scenario() {
	local vif
	step "create nicdom: driver_domain=1, 2 vCPUs" domu_create nicdom 224 \
		"driver_domain = 1" "vcpus = 2"
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "create bridge xenbr0 (10.0.2.1/24) in nicdom" make_bridge xenbr0 10.0.2.1/24
	in_dom nicdom "start xl devd in nicdom (runs vif-bridge)" start_devd
	step "create the client: 2 vCPUs, vif backend=nicdom rate=${nb_rate_mbit}Mb/s" \
		domu_create client 192 "vcpus = 2" \
		"vif = ['backend=nicdom,bridge=xenbr0,mac=$nb_mac,rate=${nb_rate_mbit}Mb/s']"
	vif=$(nb_vif "$(domid client)")
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as 10.0.2.2/24" if_up eth0 10.0.2.2/24
	step "the vif backend in nicdom is connected" wait_for 30 "vif state Connected" vif_connected nicdom client
	in_dom nicdom "$vif serves 2 queues (debugfs io_ring_q0, io_ring_q1)" nb_queues "$vif" 2
	say "the client's vif has 2 queues on $vif in nicdom, hotplugged by xl devd"
	in_dom client "ping nicdom from the client" ping_ok 10.0.2.1
	in_dom nicdom "ping the client from nicdom" ping_ok 10.0.2.2
	in_dom nicdom "start an iperf3 server in nicdom" iperf3 -s -D
	in_dom client "guest TX for 10 s is within 10% of rate=${nb_rate_mbit}Mb/s" \
		nb_rate_check 10.0.2.1 10 "$nb_rate_mbit"
	step "remove the rate key" xenstore-rm \
		"/local/domain/$(domid nicdom)/backend/vif/$(domid client)/0/rate"
	in_dom client "iperf3 -R for 5 s, nicdom to the client" nb_iperf 10.0.2.1 5 -R
	in_dom nicdom "ethtool -S counts the traffic per queue" nb_stats "$vif"
	step "detach the client's vif" nb_detach nicdom client
	in_dom nicdom "snapshot: vifs, kthreads, ring mappings, memory" nb_snapshot base
	in_dom client "client traffic to nicdom across re-attaches" nb_client_traffic 10.0.2.2/24 10.0.2.1
	in_dom nicdom "nicdom traffic to the client" nb_traffic_start 10.0.2.2
	step "attach the vif again" nb_attach nicdom client xenbr0
	in_dom nicdom "its rings show as mappings while connected" nb_mapped
	step "detach it again" nb_detach nicdom client
	step "10 attach/detach cycles under traffic" nb_cycles nicdom client xenbr0 10
	in_dom nicdom "stop nicdom's traffic" nb_traffic_stop
	in_dom nicdom "nothing left behind: vifs, kthreads, ring mappings, memory" nb_compare
	step "destroy the client" xl destroy client
	in_dom nicdom "rmmod xen-netback after the last vif is gone" nb_rmmod
	in_dom nicdom "no WARN, BUG or oops in nicdom's log" nb_dmesg
}
