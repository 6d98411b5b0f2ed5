# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# pciback-msi: an e1000e (MSI and MSI-X capable) at 00:07.0, on the same
# QEMU hub as dom0's peer NIC, is hidden by pciback and passed to a PV
# domU.  The domU's e1000e first runs on the legacy INTx line; there
# irq_handler_state puts pciback's acknowledging handler on the line and
# takes it off again, traffic flowing throughout.  Then e1000e is reloaded
# on MSI-X, which pcifront asks pciback for (enable_msix op): the domU's
# interrupts must be MSI-X and carry traffic, and irq_handlers must show
# the mode.  When the domU goes, the function is back in INTx mode,
# unassigned, and do_flr resets it.  Single-vector MSI is asserted by
# pciback-msi-ref, in the first guest the function has: in this lab a
# guest that is not the function's first gets no MSI interrupt, with
# Debian's pciback and ours alike (see there).
about="pciback: e1000e in a domU on INTx then MSI-X through pcifront ops; irq_handlers, irq_handler_state, do_flr"
timeout=420
nic=0000:00:07.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic)"
qemu_args="-netdev hubport,id=nic7,hubid=0 -device e1000e,netdev=nic7,addr=07,mac=52:54:00:00:00:07"
P=/sys/bus/pci/drivers/pciback

# eth0_irqs: the domU's /proc/interrupts lines of eth0 (any queue).
eth0_irqs() {
	grep 'eth0' /proc/interrupts
}

# irq_kind MODE: every eth0 interrupt is of MODE (msix, msi, intx), at
# least one exists and, together, they have fired.
irq_kind() {
	local lines total
	lines=$(eth0_irqs) || { echo "no eth0 interrupt in /proc/interrupts"; return 1; }
	echo "$lines"
	case "$1" in
	msix) ! echo "$lines" | grep -v -- '-msi-x' ;;
	msi) ! echo "$lines" | grep -v -- '-msi ' ;;
	intx) ! echo "$lines" | grep -- '-msi' ;;
	esac >/dev/null || { echo "eth0 interrupts are not all $1"; return 1; }
	total=$(echo "$lines" | awk '{ for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }')
	echo "METRIC e1000e $1 interrupts in the domU: $(echo "$lines" | wc -l) vectors, $total fired"
	[ "$total" -gt 0 ] || { echo "no eth0 interrupt has fired"; return 1; }
}

# e1000e_on MODE ADDR/LEN: (re)load e1000e in the domU with IntMode for
# MODE, bring eth0 up, ping dom0's peer and check the interrupt kind.
e1000e_on() {
	local mode=$1 n
	case "$mode" in msix) n=2 ;; msi) n=1 ;; intx) n=0 ;; esac
	if [ -d /sys/module/e1000e ]; then
		rmmod e1000e || return 1
	fi
	modprobe e1000e IntMode="$n" || return 1
	wait_for 30 "e1000e to create eth0" test -e /sys/class/net/eth0 || return 1
	if_up eth0 "$2" || return 1
	if ! ping_ok 10.0.1.1 || ! irq_kind "$mode"; then
		ip -br link show eth0
		eth0_irqs
		dmesg | grep -i -E 'e1000e|pcifront|msi' | tail -n 6
		return 1
	fi
}

# pcifront_e1000e: pcifront shows the function; nothing drives it yet.
pcifront_e1000e() {
	modprobe xen-pcifront || return 1
	wait_for 30 "pcifront to show the device" sh -c 'ls /sys/bus/pci/devices/ | grep -q .' || return 1
	lspci -nn 2>/dev/null
	lspci -vv 2>/dev/null | grep -E 'MSI|Ethernet'
}

# dom0_mode MODE DOMAIN: irq_handlers says the function is in MODE for
# that domain.
dom0_mode() {
	local line
	line=$(grep "^$nic " "$P/irq_handlers") || { echo "$nic not in irq_handlers"; return 1; }
	echo "irq_handlers: $line"
	case "$line" in
	*" mode $1 "*"$2") ;;
	*) echo "expected mode $1 and '$2'"; return 1 ;;
	esac
}

# isr_toggle on|off: write the BDF to irq_handler_state, check the state.
isr_toggle() {
	printf '%s' "$nic" >"$P/irq_handler_state" || return 1
	grep "^$nic " "$P/irq_handlers"
	grep -q "^$nic .* isr $1 " "$P/irq_handlers"
}

# isr_refused: with no guest on it and the handler off, toggling is ENODEV.
isr_refused() {
	local out
	out=$( (printf '%s' "$nic" >"$P/irq_handler_state") 2>&1) && { echo "accepted"; return 1; }
	echo "$out"
	case "$out" in *"No such device"*) ;; *) return 1 ;; esac
}

do_flr() {
	printf '%s' "$nic" >"$P/do_flr" || return 1
	dmesg | grep "$nic: do_flr: reset" | tail -n 1 | grep .
}

gone() { ! xl domid "$1" >/dev/null 2>&1; }

run_scenario() {
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "the e1000e $nic is held by pciback" pci_owned_by "$nic" pciback
	step "dom0 drives its peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	step "create domU msi with pci=['00:07.0']" domu_create msi 192 "pci = ['00:07.0']"
	in_dom msi "pcifront shows the e1000e with its MSI and MSI-X capabilities" pcifront_e1000e
	in_dom msi "e1000e on INTx: eth0 10.0.1.2 pings dom0's peer" e1000e_on intx 10.0.1.2/24
	step "irq_handlers: $nic in INTx mode for domain msi" dom0_mode intx "domain $(domid msi)"
	step "irq_handler_state puts pciback's handler on the line" isr_toggle on
	in_dom msi "traffic still flows with dom0's handler on the line" ping_ok 10.0.1.1
	step "irq_handler_state takes it off again" isr_toggle off
	in_dom msi "e1000e on MSI-X: pings, interrupts are MSI-X" e1000e_on msix 10.0.1.2/24
	say "the domU's e1000e runs on MSI-X vectors that pciback enabled for it"
	step "irq_handlers: $nic in MSI-X mode for domain msi" dom0_mode msix "domain $(domid msi)"
	step "destroy msi" xl destroy msi
	step "msi is gone" wait_for 30 "msi to disappear" gone msi
	step "irq_handlers: $nic back in INTx mode, unassigned" \
		wait_for 30 "$nic to be unassigned" dom0_mode intx unassigned
	step "irq_handler_state on an unassigned function: ENODEV" isr_refused
	step "do_flr resets $nic" do_flr
}
