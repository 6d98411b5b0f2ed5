# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# pciback-ptmode: pciback loaded with passthrough=1 shows the guest the
# real topology instead of a virtual bus: the domU must see the NIC at
# its real address, 0000:00:05.0, drive it with e1000 through pcifront
# and ping dom0's peer NIC (00:06.0) across QEMU's hub.
about="pciback in passthrough mode: the domU sees the NIC at its real address and drives it"
timeout=300
nic=0000:00:05.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic) xen-pciback.passthrough=1"

# real_address: pcifront shows the function where it is in dom0.
real_address() {
	local at
	at=$(basename "$(readlink /sys/class/net/eth0/device)")
	echo "eth0 is at $at"
	[ "$at" = "$nic" ]
}

run_scenario() {
	step "load the pciback role in dom0 (passthrough=1, hide=($nic))" role_load pciback
	step "$nic is held by pciback" pci_owned_by "$nic" pciback
	step "pciback runs in passthrough mode" sh -c 'dmesg | grep "backend mode passthrough"'
	step "dom0 drives its peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	step "create domU pt with pci=['00:05.0']" domu_create pt 192 "pci = ['00:05.0']"
	in_dom pt "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom pt "the NIC is at its real address $nic" real_address
	in_dom pt "configure eth0 as 10.0.1.2/24" if_up eth0 10.0.1.2/24
	in_dom pt "ping dom0's peer NIC from pt" ping_ok 10.0.1.1
}
