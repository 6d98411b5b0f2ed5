# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# pciback: the acceptance of xen-pciback in one boot.  dom0's e1000 drives
# both NICs before pciback loads with xen-pciback.hide=(00:05.0) given on
# the command line; pciback must take the NIC from e1000 and say so (what
# mainline's module does not do).  32 malformed sysfs writes are refused
# with EINVAL, each quoted in the log; quirks, permissive and slots show
# what was set.  Each of the three ways of hiding the NIC ends with a PV
# domU driving it through Debian's pcifront and pinging dom0's peer NIC
# (00:06.0) across QEMU's hub: hide= and domU pt with pci=[...]; unbinding
# the NIC meanwhile is refused, naming the guest, and xl pci-detach takes
# it back.  It goes to e1000, is hidden by sysfs new_slot + bind and
# xl pci-attach gives it to a second domU, pt2, permissive by the
# toolstack's opts.  pt2 goes, the NIC goes to e1000 again, is hidden by
# xl pci-assignable-add and a third domU, pt3, gets it with pci=[...].
# dom0 boots with panic_on_warn; the log must hold no WARNING either.
about="pciback: hide= taking the NIC from e1000, sysfs and xl pci-assignable-add hiding each passed to a pinging domU, bad writes, quirks/permissive/slots, detach/attach across domUs"
timeout=480
nic=0000:00:05.0
peer=0000:00:06.0
dom0_args="xen-pciback.hide=($nic)"
P=/sys/bus/pci/drivers/pciback

# e1000_first: dom0's e1000 drives both NICs before pciback is loaded.
e1000_first() {
	modprobe e1000 || return 1
	wait_for 30 "e1000 to drive $nic" netdev_of "$nic" || return 1
	wait_for 30 "e1000 to drive $peer" netdev_of "$peer" || return 1
	pci_owned_by "$nic" e1000 && echo "$nic is driven by e1000 ($(netdev_of "$nic")) before pciback loads"
}

taken_from_e1000() {
	pci_owned_by "$nic" pciback || { echo "$nic is driven by $(pci_driver "$nic")"; return 1; }
	dmesg | grep "$nic.*taken from driver e1000" || return 1
}

peer_up() {
	if_up "$(netdev_of "$peer")" 10.0.1.1/24
}

# refused ERRNO_TEXT ATTR INPUT: writing INPUT (printf %b) to ATTR in one
# write(2) fails with that error text.  Through dd: bash's printf is line
# buffered and would split INPUT at each newline, so "00:05.0\n\n" became
# a valid write and a stray "\n" (20261123-060924-JuPw).
refused() {
	local out
	printf '%b' "$3" >/tmp/pciback-write || return 1
	if out=$(dd if=/tmp/pciback-write of="$P/$2" bs=4096 2>&1); then
		echo "accepted: $2 <- '$3'"
		return 1
	fi
	case "$out" in
	*"$1"*) ;;
	*) echo "$2 <- '$3': $out (expected $1)"; return 1 ;;
	esac
}

# bad ATTR INPUT: the write is refused with EINVAL, and exactly one new
# "rejected" line in the log quotes INPUT (%pE: one trailing newline
# dropped, other newlines and tabs as \n and \t, as INPUT spells them).
bad() {
	local before new
	before=$(dmesg | grep -c ' rejected "')
	refused "Invalid argument" "$@" || return 1
	new=$(dmesg | grep ' rejected "' | tail -n +$((before + 1)))
	if [ "$(printf '%s\n' "$new" | grep -c .)" -ne 1 ] ||
		! printf '%s\n' "$new" | grep -qF "$1: rejected \"${2%\\n}\""; then
		echo "$1 <- '$2': the log does not quote it once: '$new'"
		return 1
	fi
	BAD_OK=$((BAD_OK + 1))
}

bad_writes() {
	BAD_OK=0
	bad new_slot 'garbage' && bad new_slot '\n' && bad new_slot '0000:00:05' &&
	bad new_slot '0000:00:20.0' && bad new_slot '00:05.8\n' &&
	bad new_slot '0x00:05.0' && bad new_slot ' 00:05.0' &&
	bad new_slot '00:05.0\n\n' && bad new_slot '10000:00:05.0' &&
	bad new_slot '00:*.0' && bad remove_slot 'x' &&
	bad remove_slot '00:05.0 extra' && bad permissive '00:05.*' &&
	bad permissive 'zz:00.0' && bad allow_interrupt_control '\n\n' &&
	bad allow_interrupt_control '0000:00:05.0:1' && bad do_flr '00:05' &&
	bad do_flr '-1:00.0' && bad quirks '0000:00:05.0' &&
	bad quirks '0000:00:05.0-40:3:1' && bad quirks '0000:00:05.0-42:4:1' &&
	bad quirks '0000:00:05.0-40:1:100' && bad quirks '0000:00:05.0-1000:4:1' &&
	bad quirks '0000:00:05.*-40:4:1' && bad quirks '0000:00:05.0-40:4:' &&
	bad quirks '0000:00:05.0-40:4:1 x' && bad quirks '-40:4:1' &&
	bad quirks '0000:00:05.0-0x40:4:1' && bad new_slot '00:05.0\t' &&
	bad remove_slot '(00:05.0)' && bad bind '00:05.*' &&
	bad unbind '0000:00:05.0 ' || return 1
	echo "$BAD_OK malformed writes, each refused with EINVAL and quoted in the log, as:"
	[ "$BAD_OK" -eq 32 ] || return 1
	dmesg | grep ' rejected "' | tail -n 3
	if ! pci_owned_by "$nic" pciback || [ "$(cat "$P/slots")" != "$nic" ]; then
		echo "state changed: slots '$(cat "$P/slots")'"
		return 1
	fi
}

enodev_writes() {
	local a
	for a in remove_slot permissive allow_interrupt_control do_flr bind unbind irq_handler_state; do
		refused "No such device" "$a" '0000:00:1f.7' || return 1
	done
	refused "No such device" quirks '0000:00:1f.7-40:4:1' || return 1
	echo "a function that does not exist or pciback does not hold: ENODEV for 8 attributes"
}

# global_permissive: the module parameter "permissive" (mainline's, for
# every seized function): a non-boolean is refused with EINVAL and quoted
# in the log; 1 makes the NIC permissive (the attribute lists it); 0 undoes it.
global_permissive() {
	local m
	m=$(param_path xen_pciback permissive)
	[ -z "$(cat "$P/permissive")" ] || { echo "permissive lists '$(cat "$P/permissive")' before any was set"; return 1; }
	if printf 'maybe' 2>/tmp/gp.err >"$m"; then
		echo "permissive <- 'maybe' was accepted"
		return 1
	fi
	grep -q "Invalid argument" /tmp/gp.err || { cat /tmp/gp.err; return 1; }
	dmesg | grep -q 'permissive: "maybe" is not a boolean' || { echo "no log line quoting 'maybe'"; return 1; }
	echo 1 >"$m" || return 1
	if [ "$(cat "$m")" != Y ] || ! grep -qx "$nic" "$P/permissive"; then
		echo "permissive=1 does not show: parameter $(cat "$m"), attribute '$(cat "$P/permissive")'"
		return 1
	fi
	dmesg | grep 'permissive=1: ' | tail -n 1
	echo 0 >"$m" || return 1
	if [ "$(cat "$m")" != N ] || [ -n "$(cat "$P/permissive")" ]; then
		echo "permissive=0 did not undo it: parameter $(cat "$m"), attribute '$(cat "$P/permissive")'"
		return 1
	fi
	echo "module parameter permissive: 'maybe' refused (EINVAL, quoted), 1 made $nic permissive, 0 undid it"
}

quirks_permissive() {
	echo "$nic-40:4:ffffffff" >"$P/quirks" || return 1
	printf '%s' "$nic" >"$P/permissive" || return 1
	echo "quirks: $(cat "$P/quirks")"
	echo "permissive: $(cat "$P/permissive")"
	echo "slots: $(cat "$P/slots")"
	grep -qx "$nic-40:4:ffffffff" "$P/quirks" && grep -qx "$nic" "$P/permissive" &&
		grep -qx "$nic" "$P/slots" || return 1
	dmesg | grep -E 'security-relevant' | tail -n 2
}

# unbind_refused DOMAIN: pciback will not let the NIC go while DOMAIN has it.
unbind_refused() {
	refused "Device or resource busy" unbind "$nic" || return 1
	pci_owned_by "$nic" pciback || return 1
	dmesg | grep "unbind refused: assigned to domain $(domid "$1") ($1)" | tail -n 1
}

detach() {
	xl pci-detach "$1" 00:05.0 || return 1
	wait_for 30 "$nic to be unassigned" grep -q "^$nic .* unassigned" "$P/irq_handlers" || return 1
	grep "^$nic " "$P/irq_handlers"
}

back_to_e1000() {
	echo "$nic" >"$P/unbind" && echo "$nic" >"$P/remove_slot" || return 1
	echo "$nic" >/sys/bus/pci/drivers/e1000/bind || return 1
	pci_owned_by "$nic" e1000 && echo "$nic back with e1000 as $(netdev_of "$nic"); slots: '$(cat "$P/slots")'"
}

hide_by_sysfs() {
	echo "$nic" >/sys/bus/pci/drivers/e1000/unbind || return 1
	echo "$nic" >"$P/new_slot" && echo "$nic" >"$P/bind" || return 1
	pci_owned_by "$nic" pciback && echo "$nic hidden again via sysfs new_slot + bind; slots: $(cat "$P/slots")"
}

assignable_add() {
	xl pci-assignable-add 00:05.0 || return 1
	pci_owned_by "$nic" pciback || return 1
	xl pci-assignable-list
}

# attach DOMAIN SPEC: xl pci-attach, then the device is the guest's.
attach() {
	xl pci-attach "$1" "$2" || return 1
	xl pci-list "$1"
	wait_for 30 "$nic to be exported to $1" \
		grep -q "^$nic .* domain $(domid "$1")\$" "$P/irq_handlers" || return 1
	grep "^$nic " "$P/irq_handlers"
}

toolstack_permissive() {
	grep -qx "$nic" "$P/permissive" || return 1
	dmesg | grep "permissive for domain $(domid "$1"), as the toolstack asked" | tail -n 1
}

# no_warn: nothing in dom0's log says WARNING or BUG (panic_on_warn would
# have ended the boot; this also catches what only logged).
no_warn() {
	if dmesg | grep -E 'WARNING:|BUG:|Call Trace'; then
		return 1
	fi
	echo "dom0's log holds no WARNING, BUG or call trace"
}

run_scenario() {
	step "dom0's e1000 drives both NICs before pciback loads" e1000_first
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "pciback took $nic from e1000 and said so" taken_from_e1000
	say "loaded after e1000, pciback still took the NIC listed in hide="
	step "dom0's peer NIC $peer as 10.0.1.1/24" peer_up
	step "32 malformed sysfs writes: each EINVAL, quoted in the log, nothing changed" bad_writes
	step "absent or unseized functions: ENODEV" enodev_writes
	step "module parameter permissive: EINVAL for a non-boolean, 1 and 0 take effect" global_permissive
	step "quirks, permissive and slots show what was set" quirks_permissive
	step "create domU pt with pci=['00:05.0']" domu_create pt 192 "pci = ['00:05.0']"
	in_dom pt "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom pt "configure eth0 as 10.0.1.2/24" if_up eth0 10.0.1.2/24
	in_dom pt "ping dom0's peer NIC from pt" ping_ok 10.0.1.1
	say "hidden by hide= on the command line: domU pt drives the NIC"
	step "unbinding $nic from pciback while pt has it: refused, naming pt" unbind_refused pt
	step "xl pci-detach pt 00:05.0" detach pt
	step "give $nic back to dom0's e1000" back_to_e1000
	step "hide $nic from e1000 by sysfs new_slot + bind" hide_by_sysfs
	step "create domU pt2 (passthrough enabled, no pci yet)" domu_create pt2 192 "passthrough = 'enabled'"
	step "xl pci-attach pt2 00:05.0,permissive=1" attach pt2 "00:05.0,permissive=1"
	step "permissive lists $nic, set by the toolstack for pt2" toolstack_permissive pt2
	in_dom pt2 "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom pt2 "configure eth0 as 10.0.1.3/24" if_up eth0 10.0.1.3/24
	in_dom pt2 "ping dom0's peer NIC from pt2" ping_ok 10.0.1.1
	say "hidden by sysfs new_slot + bind after e1000 had it: detached from pt, attached to pt2, which drives it"
	step "destroy pt2" xl destroy pt2
	step "pt2 is gone and $nic unassigned" wait_for 30 "pt2 to go and $nic to be unassigned" \
		sh -c "! xl domid pt2 && grep -q '^$nic .* unassigned' $P/irq_handlers"
	step "give $nic back to dom0's e1000 again" back_to_e1000
	step "hide $nic by xl pci-assignable-add 00:05.0" assignable_add
	step "create domU pt3 with pci=['00:05.0']" domu_create pt3 192 "pci = ['00:05.0']"
	in_dom pt3 "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom pt3 "configure eth0 as 10.0.1.4/24" if_up eth0 10.0.1.4/24
	in_dom pt3 "ping dom0's peer NIC from pt3" ping_ok 10.0.1.1
	say "hidden by xl pci-assignable-add: domU pt3 drives the NIC"
	step "no WARNING in dom0's log" no_warn
}
