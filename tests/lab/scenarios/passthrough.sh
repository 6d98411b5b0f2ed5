# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# passthrough: pciback in dom0 hides the NIC at 00:05.0, a PV domU gets it
# with pci=[...], drives it with e1000 through pcifront and pings dom0's
# peer NIC (00:06.0) across QEMU's hub.  Done twice: hidden by
# xen-pciback.hide= on dom0's command line, then by sysfs new_slot + bind.
about="pciback hides a NIC (hide= and sysfs new_slot+bind), a PV domU drives it"
timeout=420
nic=0000:00:05.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic)"

# hide_by_sysfs ADDR: give the device back to dom0's e1000, then hide it
# again by hand: unbind, pciback new_slot, bind.
hide_by_sysfs() {
	local d=/sys/bus/pci/drivers
	echo "$1" >"$d/pciback/unbind" && echo "$1" >"$d/pciback/remove_slot" || return 1
	echo "$1" >"$d/e1000/bind" || return 1
	echo "$1 back with dom0's $(pci_driver "$1"), as $(netdev_of "$1")"
	echo "$1" >"$d/e1000/unbind" || return 1
	echo "$1" >"$d/pciback/new_slot" && echo "$1" >"$d/pciback/bind" || return 1
	pci_owned_by "$1" pciback && echo "$1 hidden again via sysfs new_slot + bind"
}

gone() { ! xl domid "$1" >/dev/null 2>&1; }

run_scenario() {
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "$nic is held by pciback, not by a dom0 driver" pci_owned_by "$nic" pciback
	say "dom0 hid $nic (e1000) from its own drivers: pciback holds it"
	step "dom0 drives its peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	step "create domU pt with pci=['00:05.0']" domu_create pt 192 "pci = ['00:05.0']"
	in_dom pt "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom pt "configure eth0 as 10.0.1.2/24" if_up eth0 10.0.1.2/24
	say "pt drives the passed-through NIC; dom0 and pt are only linked by QEMU's hub"
	in_dom pt "ping dom0's peer NIC from pt" ping_ok 10.0.1.1
	step "destroy pt" xl destroy pt
	step "pt is gone" wait_for 30 "pt to disappear" gone pt
	step "hide $nic again, this time by sysfs new_slot + bind" hide_by_sysfs "$nic"
	step "create domU pt2 with pci=['00:05.0']" domu_create pt2 192 "pci = ['00:05.0']"
	in_dom pt2 "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom pt2 "configure eth0 as 10.0.1.3/24" if_up eth0 10.0.1.3/24
	in_dom pt2 "ping dom0's peer NIC from pt2" ping_ok 10.0.1.1
}
