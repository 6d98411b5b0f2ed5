# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# pciback-msi-reload (diagnostic, not in the suite): the same e1000e as
# pciback-msi, but the domU's driver goes MSI-X -> INTx -> MSI by module
# reloads.  In this lab INTx after MSI-X gets no interrupt at all (eth0
# never sees carrier) with Debian's pciback and with ours alike
# (20261123-031328-1GQU, 20261123-022015-PQ69): a limit of the emulated
# platform, not of either backend, which is why pciback-msi goes INTx ->
# MSI-X only, and pciback-msi-ref tests MSI in the function's first guest
# (no later guest gets MSI interrupts here, with either backend).
# Helpers come from pciback-msi.sh inside the lab; the host reads only the
# variables below.
if [ -r /lab/scenarios/pciback-msi.sh ]; then
	# shellcheck source=/dev/null
	. /lab/scenarios/pciback-msi.sh
fi
about="pciback (diagnostic): e1000e reloaded MSI-X -> INTx -> MSI in one domU"
timeout=420
nic=0000:00:07.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic)"
qemu_args="-netdev hubport,id=nic7,hubid=0 -device e1000e,netdev=nic7,addr=07,mac=52:54:00:00:00:07"

run_scenario() {
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "dom0 drives its peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	step "create domU msi with pci=['00:07.0']" domu_create msi 192 "pci = ['00:07.0']"
	in_dom msi "pcifront shows the e1000e" pcifront_e1000e
	in_dom msi "e1000e on MSI-X" e1000e_on msix 10.0.1.2/24
	in_dom msi "e1000e reloaded on INTx" e1000e_on intx 10.0.1.2/24
	in_dom msi "e1000e reloaded on MSI" e1000e_on msi 10.0.1.2/24
}
