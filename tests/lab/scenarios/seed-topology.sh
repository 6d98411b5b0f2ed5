# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# seed-topology: the whole walkthrough.  dom0 hides the NIC at 00:05.0,
# nicdom gets it by pci=[...], bridges it and serves the client's vif with
# netback and xl devd; the client reaches dom0's peer NIC (00:06.0) through
# nicdom, across QEMU's hub, and runs iperf3 over that path.
about="dom0 hides the NIC, nicdom owns and bridges it, the client reaches dom0 through nicdom"
timeout=420
nic=0000:00:05.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic)"

run_scenario() {
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "$nic is held by pciback, not by a dom0 driver" pci_owned_by "$nic" pciback
	say "dom0 hid the NIC $nic from its own drivers: pciback holds it for a guest"
	step "dom0 drives the peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	say "dom0 keeps the other NIC, $peer, as the 'outside' end: 10.0.1.1"
	step "create nicdom: driver_domain=1, pci=['00:05.0']" domu_create nicdom 224 \
		"driver_domain = 1" "pci = ['00:05.0']"
	in_dom nicdom "pcifront shows the NIC in nicdom, e1000 binds it" pcifront_nic
	say "nicdom now owns the NIC that dom0 hid ($nic in dom0)"
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "bridge eth0 into xenbr0 (10.0.1.3/24)" make_bridge xenbr0 10.0.1.3/24 eth0
	in_dom nicdom "start xl devd in nicdom (runs vif hotplug scripts)" start_devd
	in_dom nicdom "ping dom0's peer NIC from nicdom" ping_ok 10.0.1.1
	step "create the client, vif backend=nicdom on bridge xenbr0" domu_create client 192 \
		"vif = ['backend=nicdom,bridge=xenbr0,mac=00:16:3e:00:00:22']"
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "configure eth0 as 10.0.1.2/24" if_up eth0 10.0.1.2/24
	step "the client's vif backend in nicdom is connected" \
		wait_for 30 "vif state Connected" vif_connected nicdom client
	say "the client's vif 0 connected to netback in nicdom (domain $(domid nicdom)), bridged on xenbr0"
	in_dom client "ping dom0's peer NIC through nicdom" ping_ok 10.0.1.1
	step "ping the client from dom0, through the hub and nicdom" ping_ok 10.0.1.2
	say "client -> netfront -> netback in nicdom -> xenbr0 -> e1000 -> QEMU hub -> dom0's e1000"
	step "start an iperf3 server in dom0" iperf3 -s -D -1
	in_dom client "iperf3 for 10 s, client to dom0 through nicdom" iperf_to 10.0.1.1 10
}
