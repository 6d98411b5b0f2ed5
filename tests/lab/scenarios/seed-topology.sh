# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# seed-topology: the whole walkthrough.  dom0 hides the NIC at 00:05.0
# (hide=, then again with xl pci-assignable-add),
# nicdom gets it by pci=[...], bridges it and serves three clients' vifs
# with netback and xl devd; every client reaches dom0's peer NIC (00:06.0)
# through nicdom, across QEMU's hub, and every other client across the
# bridge; client1 runs iperf3 over that path.
# Documentation/admin-guide/driver-domain.rst quotes these steps.
about="dom0 hides the NIC, nicdom owns and bridges it, three clients reach dom0 and each other through nicdom"
timeout=420
nic=0000:00:05.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic)"

# Client N is clientN at 10.0.1.2N/24 with MAC 00:16:3e:00:00:2N.
clients="client1 client2 client3"

# client_addr NAME -> the client's IPv4 address.
client_addr() { echo "10.0.1.2${1#client}"; }

# next_client NAME -> the client after NAME, client3 wrapping to client1.
next_client() { echo "client$((${1#client} % 3 + 1))"; }

# client_vif NAME -> the client's vif line: its backend is nicdom.
client_vif() {
	echo "vif = ['backend=nicdom,bridge=xenbr0,mac=00:16:3e:00:00:2${1#client}']"
}

# rehide_by_xl ADDR: the toolstack's way to hide a device, shown on the
# NIC hide= already hid.  pciback gives it up through sysfs (unbind,
# remove_slot: it is then nobody's), then xl pci-assignable-add binds it to
# pciback again (and quarantines it) and xl pci-assignable-list lists it.
# (xl pci-assignable-remove cannot give it up: it only de-quarantines
# devices xl itself made assignable.)
rehide_by_xl() {
	local d=/sys/bus/pci/drivers/pciback
	echo "$1" >"$d/unbind" && echo "$1" >"$d/remove_slot" || return 1
	if pci_owned_by "$1" pciback; then
		echo "$1 still bound to pciback after unbind and remove_slot"
		return 1
	fi
	xl pci-assignable-add "$1" || return 1
	pci_owned_by "$1" pciback || { echo "$1 not bound to pciback after xl pci-assignable-add"; return 1; }
	xl pci-assignable-list | grep -q "$1" || { echo "xl pci-assignable-list does not list $1"; return 1; }
	xl pci-assignable-list
}

# client_net ADDR/LEN: in a client, load the netfront role and give eth0
# its address.
client_net() {
	role_load netfront && if_up eth0 "$1"
}

# vifs_connected: every client's vif 0 in nicdom is Connected.
vifs_connected() {
	local name
	for name in $clients; do
		vif_connected nicdom "$name" || return 1
	done
}

# ping_each ADDR...: ping_ok every address in turn.
ping_each() {
	local a
	for a in "$@"; do
		ping_ok "$a" || return 1
	done
}

run_scenario() {
	local name next
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "$nic is held by pciback, not by a dom0 driver" pci_owned_by "$nic" pciback
	step "release it and hide it again the toolstack's way: xl pci-assignable-add" rehide_by_xl "$nic"
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
	# One at a time: each xl create holds the kernel and ramdisk in dom0's
	# memory, and three at once do not fit in its 400 MB.
	for name in $clients; do
		step "create $name, vif backend=nicdom on bridge xenbr0" \
			domu_create "$name" 192 "$(client_vif "$name")"
		in_dom "$name" "load the netfront role, eth0 as $(client_addr "$name")/24" \
			client_net "$(client_addr "$name")/24"
	done
	step "the three clients' vifs in nicdom are connected" \
		wait_for 30 "every vif state Connected" vifs_connected
	say "three vifs connected to netback in nicdom (domain $(domid nicdom)), all bridged on xenbr0"
	# Each client pings dom0's peer and the next client round the ring:
	# every client sends to and answers another across xenbr0.
	for name in $clients; do
		next=$(next_client "$name")
		in_dom "$name" "ping dom0's peer NIC and $next through nicdom" \
			ping_each 10.0.1.1 "$(client_addr "$next")"
	done
	# shellcheck disable=SC2046 # one word per address
	step "ping the three clients from dom0, through the hub and nicdom" \
		ping_each $(for name in $clients; do client_addr "$name"; done)
	say "clientN -> netfront -> netback in nicdom -> xenbr0 -> e1000 -> QEMU hub -> dom0's e1000; clients meet on xenbr0"
	step "start an iperf3 server in dom0" iperf3 -s -D -1
	in_dom client1 "iperf3 for 10 s, client1 to dom0 through nicdom" iperf_to 10.0.1.1 10
}
