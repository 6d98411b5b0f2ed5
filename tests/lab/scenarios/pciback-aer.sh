# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# pciback-aer: an e1000e behind a PCIe root port (whose AER service dom0's
# port driver runs, _OSC granting AER control) is hidden by pciback and
# passed to a PV domU, where pcifront (debug messages on) and e1000e drive
# it.  dom0's software injector (aer_inject, tools/aer-inject.c) then
# reports errors on the function as its root port would:
#  - a correctable one (Receiver Error): dom0's AER core logs it, nothing
#    is forwarded, no recovery runs;
#  - a non-fatal uncorrectable one (Unsupported Request): the AER core
#    runs recovery on pciback, which forwards each step through the shared
#    page's aer_op to pcifront, which calls e1000e's handler and returns
#    its verdict; pciback logs every forwarded step with the verdict
#    ("AER <step> forwarded to domain N: verdict V"), the core finishes
#    with "device recovery successful", and the domU's pcifront logged the
#    same steps.
# Traffic flows after each, and no domain WARNs.  After the recovery the
# function is in MSI-X mode again: e1000e gives its vectors back with
# disable_msi (Documentation/admin-guide/xen-pciback.rst says why), which
# must leave MSI-X, or its MSI-X enable at resume is refused.
about="pciback: AER errors injected on a passed-through e1000e are forwarded to the domU's pcifront and e1000e; traffic survives"
timeout=300
rp=0000:00:08.0
nic=0000:01:00.0
peer=0000:00:06.0
P=/sys/bus/pci/drivers/pciback
dom0_args="xen-pciback.hide=($nic)"
qemu_args="-device pcie-root-port,id=rp1,bus=pcie.0,addr=0x8,chassis=1 -netdev hubport,id=nic7,hubid=0 -device e1000e,bus=rp1,netdev=nic7,mac=52:54:00:00:00:07"
# AER status bits (PCIe base spec, AER capability).
COR_RECEIVER_ERROR=0x1
UNCOR_UNSUPPORTED_REQUEST=0x100000

# aer_mark NAME: a line in this domain's kernel log; aer_log NAME prints
# what the kernel logged after it.
aer_mark() {
	echo "lab: aer-mark $1" >/dev/kmsg
}
aer_log() {
	dmesg | sed -n "/lab: aer-mark $1\$/,\$p"
}
# logged_after NAME ERE: the kernel logged a line matching ERE after mark NAME.
logged_after() {
	aer_log "$1" | grep -q -E -- "$2"
}
# The AER core's line for an error received from $nic (6.1: "Corrected
# error received: B:D.F", 6.12: "Correctable error message received from
# B:D.F"), by severity.
COR_RECEIVED="Correct(ed|able) error (message )?received(: | from )$nic"
NONFATAL_RECEIVED="Uncorrect(ed|able) \(Non-Fatal\) error (message )?received(: | from )$nic"

# topology: the e1000e sits at $nic below the root port $rp and pciback
# holds it.
topology() {
	lspci -nn 2>/dev/null
	echo "$nic: vendor $(cat "/sys/bus/pci/devices/$nic/vendor") device $(cat "/sys/bus/pci/devices/$nic/device")"
	echo "$nic: $(readlink -f "/sys/bus/pci/devices/$nic")"
	grep -q '^0x10d3$' "/sys/bus/pci/devices/$nic/device" || { echo "no e1000e at $nic"; return 1; }
	case "$(readlink -f "/sys/bus/pci/devices/$nic")" in
	*/"$rp/$nic") ;;
	*) echo "$nic is not below $rp"; return 1 ;;
	esac
	pci_owned_by "$nic" pciback || { echo "$nic is driven by '$(pci_driver "$nic")', not pciback"; return 1; }
}

# aer_service: the root port's AER service is up in dom0.
aer_service() {
	dmesg | grep -i -E '_OSC|AER' | tail -n 8
	local svc
	for svc in /sys/bus/pci_express/devices/"$rp":*; do
		[ -e "$svc" ] && echo "${svc##*/} driven by $(basename "$(readlink "$svc/driver")")"
	done
	dmesg | grep -q "$rp: AER: enabled with IRQ" || { echo "no AER service on $rp"; return 1; }
}

# injector: aer_inject loads and gives /dev/aer_inject.
injector() {
	modprobe aer_inject || return 1
	wait_for 10 "/dev/aer_inject" test -c /dev/aer_inject || return 1
	ls -l /dev/aer_inject
}

# domu_nic: pcifront with its AER debug messages on (hence not lib.sh's
# pcifront_nic, which also loads e1000, not e1000e), then e1000e on the
# function; eth0 pings dom0's peer.  Only the messages naming "AER" (the
# op being run, the driver handler being called): the rest log every
# config access.
domu_nic() {
	modprobe xen-pcifront || return 1
	echo 'module xen_pcifront format AER +p' >/sys/kernel/debug/dynamic_debug/control || return 1
	grep 'xen_pcifront.*=p' /sys/kernel/debug/dynamic_debug/control ||
		{ echo "no pcifront debug message naming AER"; return 1; }
	wait_for 30 "pcifront to show the device" sh -c 'ls /sys/bus/pci/devices/ | grep -q .' || return 1
	modprobe e1000e || return 1
	wait_for 30 "e1000e to create eth0" test -e /sys/class/net/eth0 || return 1
	lspci -k 2>/dev/null | grep -A2 -i ethernet
	if_up eth0 10.0.1.2/24 || return 1
	ping_ok 10.0.1.1 || return 1
	eth0_irqs
}

# eth0_irqs: the domU's interrupt lines of eth0, and their kind as a SAY.
eth0_irqs() {
	local lines
	lines=$(grep eth0 /proc/interrupts) || { echo "no eth0 interrupt"; return 1; }
	echo "$lines"
	echo "SAY the domU's e1000e interrupts: $(echo "$lines" | awk '{ print $(NF - 1), $NF }' | tr '\n' ' ')"
}

# irq_mode: pciback's irq_handlers line of $nic.
irq_mode() {
	grep "^$nic " "$P/irq_handlers"
}

# irq_mode_is MODE: pciback holds $nic in interrupt mode MODE (msix, msi).
irq_mode_is() {
	irq_mode
	irq_mode | grep -Eq " mode $1( |\$)"
}

# recovery_ended MARK: dom0's AER core finished a recovery after MARK.
recovery_ended() {
	logged_after "$1" "$rp: AER: device recovery (successful|failed)"
}

# inject_cor: a correctable error is logged for $nic; pciback forwards
# nothing and no recovery runs.
inject_cor() {
	local log
	aer_mark cor
	aer-inject "$nic" cor "$COR_RECEIVER_ERROR" || return 1
	wait_for 30 "the AER core to log the correctable error" logged_after cor "$COR_RECEIVED" ||
		{ aer_log cor; return 1; }
	# The core's report of one error ends with the status bit's name.
	wait_for 10 "the AER core to name the error" logged_after cor "$nic: .*RxErr" ||
		{ aer_log cor; return 1; }
	log=$(aer_log cor)
	echo "$log" | grep -v 'aer-mark'
	if echo "$log" | grep -E 'forwarded to domain|device recovery|cannot recover'; then
		echo "a correctable error started a recovery"
		return 1
	fi
}

# inject_uncor DOMAIN: a non-fatal uncorrectable error on $nic; every
# recovery step reaches DOMAIN, the steps follow the verdicts (need_reset:
# slot_reset; can_recover: mmio_enabled) and the recovery succeeds.
inject_uncor() {
	local id log detected
	id=$(domid "$1") || return 1
	irq_mode
	aer_mark uncor
	aer-inject "$nic" uncor "$UNCOR_UNSUPPORTED_REQUEST" || return 1
	wait_for 120 "the AER core to end the recovery" recovery_ended uncor || { aer_log uncor; return 1; }
	log=$(aer_log uncor | grep -v 'aer-mark')
	echo "$log" | grep -E "AER|$nic|$rp"
	echo "$log" | grep -q -E "$NONFATAL_RECEIVED" ||
		{ echo "no non-fatal error logged for $nic"; return 1; }
	detected=$(echo "$log" | sed -n "s/.*$nic: AER error_detected forwarded to domain $id: verdict \([a-z_]*\).*/\1/p")
	[ -n "$detected" ] || { echo "error_detected was not forwarded to domain $id"; return 1; }
	case "$detected" in
	need_reset) step_seen "$log" slot_reset "$id" || return 1 ;;
	can_recover) step_seen "$log" mmio_enabled "$id" || return 1 ;;
	esac
	step_seen "$log" resume "$id" || return 1
	echo "$log" | grep -q "$rp: AER: device recovery successful" || { echo "recovery did not succeed"; return 1; }
	echo "SAY pciback forwarded error_detected ($detected)$(echo "$log" |
		sed -n "s/.*$nic: AER \(mmio_enabled\|slot_reset\|resume\) forwarded to domain $id: verdict \([a-z_]*\).*/, \1 (\2)/p" |
		tr -d '\n') to domain $id; dom0's recovery succeeded"
	irq_mode
}

# step_seen LOG STEP DOMAIN: pciback logged STEP forwarded to DOMAIN.
step_seen() {
	echo "$1" | grep -q "$nic: AER $2 forwarded to domain $3: verdict" ||
		{ echo "$2 was not forwarded to domain $3"; return 1; }
}

# domu_recovered: in the domU, pcifront ran e1000e's error_detected and
# resume (cmd 6 and 7 of pciif.h's aer ops) after the mark.
domu_recovered() {
	local log
	wait_for 30 "pcifront to run the resume step" logged_after uncor 'pcifront AER process: cmd 7' || {
		aer_log uncor
		return 1
	}
	log=$(aer_log uncor)
	echo "$log" | grep -E 'pcifront|AER|e1000e|eth0|MSI'
	echo "$log" | grep -q 'pcifront AER process: cmd 6' || { echo "no error_detected in pcifront"; return 1; }
	echo "$log" | grep -q 'trying to call AER service' || { echo "pcifront called no driver handler"; return 1; }
	echo "SAY the domU's pcifront ran aer ops (pciif.h cmd) $(echo "$log" |
		sed -n 's/.*pcifront AER process: cmd \([0-9a-f]*\).*/\1/p' | tr '\n' ' ')on e1000e's handlers"
}

# released: after its domain went, $nic is unassigned, back with pciback.
released() {
	irq_mode | grep -q ' unassigned$' && pci_owned_by "$nic" pciback
}

# no_warn: nothing WARNed or oopsed in this domain.
no_warn() {
	if dmesg | grep -E 'WARNING:|BUG:|Call Trace'; then
		return 1
	fi
	echo "no WARNING, BUG or Call Trace in $(dmesg | wc -l) lines of ${lab_domain:-this domain}'s log"
}

gone() { ! xl domid "$1" >/dev/null 2>&1; }

run_scenario() {
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "the e1000e $nic sits below root port $rp, held by pciback" topology
	step "dom0's port driver runs the AER service of $rp" aer_service
	step "modprobe aer_inject gives /dev/aer_inject" injector
	step "dom0 drives its peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	step "create domU aer with pci=['01:00.0']" domu_create aer 192 "pci = ['01:00.0']"
	in_dom aer "pcifront (AER debug on) and e1000e: eth0 10.0.1.2 pings dom0's peer" domu_nic
	in_dom aer "mark the domU's log before the errors" aer_mark uncor
	step "a correctable error (Receiver Error) on $nic: logged, nothing forwarded" inject_cor
	in_dom aer "traffic flows after the correctable error" ping_ok 10.0.1.1
	step "a non-fatal error (Unsupported Request) on $nic: recovery forwarded to domain aer, successful" \
		inject_uncor aer
	in_dom aer "pcifront ran e1000e's recovery handlers" domu_recovered
	in_dom aer "traffic flows after the recovery" ping_ok 10.0.1.1
	in_dom aer "the domU's e1000e interrupts after the recovery" eth0_irqs
	step "$nic is back in MSI-X mode (the guest's disable_msi left MSI-X)" irq_mode_is msix
	in_dom aer "no WARN in the domU" no_warn
	step "no WARN in dom0" no_warn
	step "destroy aer" xl destroy aer
	step "aer is gone" wait_for 30 "aer to disappear" gone aer
	step "$nic is back with pciback, unassigned" wait_for 30 "$nic to be unassigned" released
	step "irq_handlers: $nic" irq_mode
}
