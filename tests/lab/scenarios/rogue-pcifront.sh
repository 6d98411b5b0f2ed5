# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# rogue-pcifront: pciback in dom0 against a hostile PCI frontend (issue #9
# part 3).  The domU "rogue" is given the e1000 at 00:05.0 and an e1000e
# (MSI, MSI-X, PCIe, AER) at 00:07.0 but loads no xen-pcifront (Debian
# builds it as a module and nothing in the lab loads modules on its own):
# tests/lab/tools/rogue-pcifront.c speaks pciif.h to pciback itself and
# runs one case a step.  Each case's answers (one character per op) must
# match rpf_expect for the pciback under test; after each, dom0 checks
# that neither device's real config space changed outside what the
# filter allows (a snapshot taken before the rogue's first op), counts
# the kernel log lines the case caused (bounded) and that dom0 still
# works.  The COMMAND register gets all 65536 values while dom0 samples
# the device.  At the end the rogue goes and a well-behaved domU with
# Debian's pcifront gets the e1000 and pings dom0's peer NIC.
# Documentation/rogue-pcifront.rst has the table.
about="pciback in dom0 against a user-space rogue pcifront: malformed ops case by case; the devices' config space, dom0's log and a good domU must survive"
timeout=1500
e1000=0000:00:05.0
e1000e=0000:00:07.0
peer=0000:00:06.0
# rpf_explore=1 on dom0's command line reports a case that does not
# answer as expected (METRIC ... MISMATCH) and goes on: for measuring a
# new implementation's whole table in one run.  The suite runs without it.
# The storm runs some 3 minutes under TCG: steps may take up to 400 s.
dom0_args="xen-pciback.hide=($e1000)($e1000e) lab_step_timeout=400"
qemu_args="-netdev hubport,id=nic7,hubid=0 -device e1000e,netdev=nic7,addr=07,mac=52:54:00:00:00:07"

# The cases, in order: "NAME ARGS" (function 0 is the e1000, 1 the e1000e).
rpf_cases="hello
offsets 0
offsets 1
addr 0
unknown 1
filtered 0
filtered 1
msi 0
msi 1
storm 1 1700
kicks 20000
flip 1 2000"

# rpf_expect CASE ARGS... IMPL -> the signature the rogue must see.  One
# character per op (see rogue-pcifront.c): '.' success, 'n' no such
# function, 'o' invalid offset, 'i' not implemented, 'f' op failed.
rpf_expect() {
	local impl=${*: -1} key
	set -- "${@:1:$#-1}"
	key="$1 ${2:-}"
	case "$key:$impl" in
	"hello :"*) echo ".." ;;
	# ours: widths 1, 2, 4 aligned and within the function's config
	# space (256 bytes for the e1000, 4096 for the PCIe e1000e).
	"offsets 0:ours") echo "...ooo/...ooo,..oooo/..oooo,.ooooo/.ooooo,oooooo/oooooo,oooooo/oooooo,oooooo/oooooo,oooooo/oooooo" ;;
	"offsets 1:ours") echo "...ooo/...ooo,..oooo/..oooo,.ooooo/.ooooo,...ooo/...ooo,.ooooo/.ooooo,oooooo/oooooo,oooooo/oooooo" ;;
	# mainline: widths 1, 2, 4 aligned, anywhere up to 4096 (past the
	# e1000's 256 bytes too; the PCI core answers); at 0x1000 the core's
	# error comes back as a raw errno ('?') for reads while writes are
	# dropped with success; offset 0xffffffff (-1) width 1 passes the
	# alignment check (-1 % 1 == 0) and reaches the PCI core.
	"offsets "[01]":debian") echo "...ooo/...ooo,..oooo/..oooo,.ooooo/.ooooo,...ooo/...ooo,.ooooo/.ooooo,???ooo/...ooo,.ooooo/.ooooo" ;;
	"addr 0:ours") echo "nnnnnnnnnnnnnn" ;;
	# mainline's vpci lookup keeps only the slot and function bits of
	# devfn: 0x100 names function 00.0 (a read succeeds, MSI on the
	# e1000 fails).
	"addr 0:debian") echo "nnnnnnnn.fnnnn" ;;
	"unknown 1:"*) echo "iiiiiiii" ;;
	# Every write is answered with success and silently filtered; '-'
	# marks a register the function does not have.  mainline answers
	# MSI and MSI-X enable and mask-all writes with access_denied.
	"filtered 0:"*) echo "..........................-----------.." ;;
	"filtered 1:ours") echo "......................................." ;;
	"filtered 1:debian") echo "..........................dd..dd......." ;;
	# ours: one interrupt mode at a time, either disable leaves it, bad
	# requests op_failed (pure/irq.c); no MSI capability: not_implemented.
	"msi 0:ours") echo "..iii.._iiiiii_iii.._i.i.i.i.." ;;
	"msi 1:ours") echo "...ff.._ffffff_.ff.._........." ;;
	# mainline: MSI-X refusals come back as raw errnos ('?': -EINVAL,
	# -EALREADY, -ENXIO), and each disable only leaves its own mode
	# (MSI-X stays on after disable_msi, so the next enable_msix fails).
	"msi 0:debian") echo "..ff?.._??????_??f.._?.?.f.?.." ;;
	"msi 1:debian") echo "...f?.._??????_.?f.._..?...?.." ;;
	"storm 1:ours") echo "f3400.1700o1700n1700i1700" ;;
	"storm 1:debian") echo "f1700?1700.1700o1700n1700i1700" ;;
	"kicks "*) echo "." ;;
	"flip 1:"*) echo "*_..." ;;
	"leave 1:"*) echo "." ;;
	*) echo "unknown" ;;
	esac
}

# rpf_allow BDF IMPL -> what may change in the device's config space: the
# status registers the device itself sets (STATUS, PCIe device status,
# AER status), cache line size and latency timer (guest-writable), the
# MSI/MSI-X registers but their enable bits (the PCI core's, for the
# guest's ops; every case ends with both off), and the COMMAND bits the
# filter lets through: ours, bus master and decode through the PCI core,
# parity, SERR and INTx disable raw; mainline, only through the core
# (which turns INTx disable on and off for MSI).  rogue-pcifront cfgcheck
# also fails if decoding that was on went off.
rpf_allow() {
	local common="6:2:ffff,c:1:ff,d:1:ff,cap10+a:2:ffff,ext1+4:4:ffffffff,ext1+10:4:ffffffff,cap5+2:2:fffe,cap5+4:c:ffffffff,cap11+2:2:7fff"
	case "$2" in
	ours) echo "$common,4:2:0547" ;;
	*) echo "$common,4:2:0407" ;;
	esac
}

# rpf_log_bound CASE IMPL SECONDS -> the most lines dom0 may log for a case
# that took SECONDS, or "none".  Ours: a guest gets 5 lines a minute per
# function (XEN_PCIBK_GUEST_LOG_BURST), plus one "callbacks suppressed"
# line each, the one-time hint about a dropped write and the lines of the
# function's first enable.  Mainline rate-limits each message on its own
# (10 every 5 s), and each decode toggle in COMMAND disables and enables
# the function in the PCI core, which logs two lines Xen's code does not
# rate-limit: no bound for its COMMAND sweep (measured, see the doc).
rpf_log_bound() {
	case "$1:$2" in
	*:ours) echo $((20 + 12 * ($3 / 60 + 1))) ;;
	command:*) echo none ;;
	*) echo $((30 + 30 * ($3 / 5))) ;;
	esac
}

# In dom0 ------------------------------------------------------------------

both_held() {
	pci_owned_by "$e1000" pciback && pci_owned_by "$e1000e" pciback &&
		echo "pciback holds $e1000 and $e1000e"
}

rogue_be() { echo "/local/domain/0/backend/pci/$(domid rogue)/0"; }

backend_connected() {
	local be
	be=$(rogue_be) || return 1
	xs_is "$be/state" 4 || return 1
	echo "pciback's backend $be is Connected; it exports $(xenstore-read "$be/num_devs") functions:" \
		"$(xenstore-read "$be/vdev-0") and $(xenstore-read "$be/vdev-1")"
}

# snapshot: both devices' config space and the kernel log position, before
# the rogue's first op.
snapshot() {
	rogue-pcifront cfgsnap "$e1000" /tmp/cfg-e1000 &&
		rogue-pcifront cfgsnap "$e1000e" /tmp/cfg-e1000e || return 1
	rogue-pcifront kmsg /tmp/kmsg.seq | tail -n 1
	RPF_T0=$SECONDS
}

# dom0_after CASE: dom0's view after a case: both devices' config space
# within what the filter allows, the log lines the case caused bounded,
# xl still answers.
dom0_after() {
	local impl out n secs bound rc=0
	impl=$(role_impl pciback)
	secs=$((SECONDS - RPF_T0))
	rogue-pcifront cfgcheck "$e1000" /tmp/cfg-e1000 "$(rpf_allow "$e1000" "$impl")" || rc=1
	rogue-pcifront cfgcheck "$e1000e" /tmp/cfg-e1000e "$(rpf_allow "$e1000e" "$impl")" || rc=1
	out=$(rogue-pcifront kmsg /tmp/kmsg.seq)
	echo "$out"
	n=$(echo "$out" | sed -n 's/^kmsg: \([0-9]*\) new record.*/\1/p')
	bound=$(rpf_log_bound "$1" "$impl" "$secs")
	echo "METRIC case_$1_log_lines $n in ${secs}s (bound $bound)"
	[ "$bound" = none ] || [ "${n:-0}" -le "$bound" ] ||
		{ echo "dom0 logged $n lines in ${secs}s for case $1 (bound $bound)"; rc=1; }
	if dmesg | grep -E 'WARNING:|BUG:|Call Trace'; then
		rc=1
	fi
	xl list >/dev/null || { echo "xl list failed"; rc=1; }
	RPF_T0=$SECONDS
	if [ $rc -ne 0 ] && [ "${rpf_explore:-0}" = 1 ]; then
		echo "METRIC case_$1_dom0 MISMATCH (see the output)"
		return 0
	fi
	return $rc
}

# watch_start BDF: sample the device's config space until watch_stop.
watch_start() {
	rm -f /tmp/watch.stop
	rogue-pcifront cfgcheck "$1" "/tmp/cfg-$2" "$(rpf_allow "$1" "$(role_impl pciback)")" \
		/tmp/watch.stop 1200 >/tmp/watch.log 2>&1 &
	echo $! >/tmp/watch.pid
	echo "dom0 samples $1's config space while the rogue writes COMMAND"
}

watch_stop() {
	local pid rc
	pid=$(cat /tmp/watch.pid)
	touch /tmp/watch.stop
	wait_for 30 "the sampler to stop" sh -c "! kill -0 $pid 2>/dev/null" || return 1
	cat /tmp/watch.log
	grep -q ', 0 forbidden$' /tmp/watch.log || [ "${rpf_explore:-0}" = 1 ]
}

rogue_gone() {
	local rid=$1
	! xl domid rogue >/dev/null 2>&1 &&
		! xenstore-read "/local/domain/0/backend/pci/$rid/0/state" >/dev/null 2>&1
}

# destroy_rogue: xl destroy.  libxl first detaches each function the
# graceful way (backend Reconfiguring, waiting up to 10 s for the frontend
# to follow, which the rogue never does: "not ready"), then destroys the
# domain and leaves the backend's node behind, online.  pciback must let
# go of the functions all the same (the good domU below proves it).
destroy_rogue() {
	local rid be
	rid=$(domid rogue) || return 1
	be=/local/domain/0/backend/pci/$rid/0
	xl destroy rogue || return 1
	wait_for 30 "the rogue to go" sh -c '! xl domid rogue' || return 1
	if wait_for 20 "the rogue's pci backend node to go" rogue_gone "$rid"; then
		echo "METRIC destroy_backend_node removed"
	else
		echo "METRIC destroy_backend_node left by libxl: state $(xenstore-read "$be/state")," \
			"online $(xenstore-read "$be/online")"
	fi
	echo "the rogue (domain $rid) is gone"
}

# hs_check NAME KIND: pciback exported the e1000e to NAME (so the domain
# before had released it), refused the flawed handshake with an error
# node saying why, logged within bounds, and dom0 still works.
hs_check() {
	local rid be err ep
	rid=$(domid "$1") || return 1
	be=/local/domain/0/backend/pci/$rid/0
	# xenbus_dev_fatal() writes error/<backend node> in dom0's home.
	ep=/local/domain/0/error/backend/pci/$rid/0/error
	xenstore-read "$be/vdev-0" >/dev/null || { echo "the e1000e was not exported to $1"; return 1; }
	if xs_is "$be/state" 4; then
		echo "pciback connected a frontend with a bad $2"
		return 1
	fi
	wait_for 10 "an error node for $be" xenstore-read "$ep" || return 1
	err=$(xenstore-read "$ep")
	echo "METRIC handshake_$2 refused: backend state $(xenstore-read "$be/state"), error: $err"
	dom0_after "handshake-$2"
}

destroy_dom() {
	xl destroy "$1" || return 1
	wait_for 30 "$1 to go" sh -c "! xl domid $1" && echo "$1 is gone"
}

# In the rogue ----------------------------------------------------------------

rogue_connect() {
	[ ! -d /sys/module/xen_pcifront ] || { echo "xen-pcifront is loaded in the rogue"; return 1; }
	modprobe xen-gntalloc || return 1
	echo "no pcifront here; xen-gntalloc loaded for the rogue's grant"
	rogue-pcifront connect
}

# hs_run KIND: the flawed handshake must be refused.
hs_run() {
	local out
	[ ! -d /sys/module/xen_pcifront ] || { echo "xen-pcifront is loaded here"; return 1; }
	modprobe xen-gntalloc || return 1
	out=$(rogue-pcifront handshake "$1" 2>&1)
	echo "$out" | tail -n 6
	echo "$out" | grep -q "^VERDICT case=handshake-$1 sig=refused$"
}

# rpf_run CASE ARGS...: run one case, compare its signature.
rpf_run() {
	local out rc want got
	want=$(rpf_expect "$@" "$(role_impl pciback)")
	out=$(rogue-pcifront "$@" 2>&1)
	rc=$?
	echo "$out" | grep -v '^VERDICT' | tail -n 40
	[ $rc -eq 0 ] || return 1
	got=$(echo "$out" | sed -n 's/^VERDICT case=[^ ]* sig=\(.*\)$/\1/p')
	# shellcheck disable=SC2053 # want may be a pattern (flip)
	if [[ "$got" == $want ]]; then
		echo "METRIC case_$1_${2:-x} $got (as expected)"
	else
		echo "METRIC case_$1_${2:-x} $got MISMATCH, expected $want"
		echo "case $*: got '$got', expected '$want'"
		[ "${rpf_explore:-0}" = 1 ]
	fi
}

# command_sweep FROM TO WIDTH | reserved: COMMAND writes to the e1000
# (rogue-pcifront's command case), every one answered with success.
command_sweep() {
	local out
	out=$(rogue-pcifront command 0 "$@" 2>&1) || { echo "$out"; return 1; }
	echo "$out" | tail -n 3
	echo "$out" | grep -q '^VERDICT case=command sig=\.[0-9]*$' || [ "${rpf_explore:-0}" = 1 ]
}

run_scenario() {
	local c impl cases
	impl=$(role_impl pciback)
	step "load the pciback role in dom0 (xen-pciback.hide=($e1000)($e1000e))" role_load pciback
	step "pciback holds the e1000 $e1000 and the e1000e $e1000e" both_held
	step "dom0 drives its peer NIC $peer as 10.0.1.1/24" nic_up "$peer" 10.0.1.1/24
	step "create the rogue with pci=['00:05.0', '00:07.0']" domu_create rogue 192 \
		"pci = ['00:05.0', '00:07.0']"
	in_dom rogue "the rogue loads no pcifront and connects to pciback itself" rogue_connect
	step "pciback's backend for the rogue is Connected" \
		wait_for 30 "the backend to connect" backend_connected
	step "snapshot both devices' config space and dom0's log position" snapshot
	say "pciback ($impl) in dom0 faces the rogue pcifront; each case is checked from both sides"

	mapfile -t cases <<<"$rpf_cases"
	for c in "${cases[@]}"; do
		# shellcheck disable=SC2086 # CASE ARGS are words
		in_dom rogue "${c}: the rogue sees $(rpf_expect $c "$impl" | cut -c1-40)" \
			rpf_explore="${rpf_explore:-0}" rpf_run $c
		step "${c}: config space within the filter, log bounded, dom0 alive" dom0_after "${c// /-}"
	done

	# Every combination of the defined bits 0-10, the reserved bits 11-15,
	# every byte in either half, every byte as a dword with all STATUS
	# bits: 2048 + 25 + 512 + 256 writes.  All 65536 words would take half
	# an hour at the ~40 writes a second TCG allows (measured).
	step "COMMAND sweep: dom0 starts sampling the e1000" watch_start "$e1000" e1000
	in_dom rogue "COMMAND: every value of bits 0-10 (0x000-0x7ff) as a word" \
		rpf_explore="${rpf_explore:-0}" command_sweep 0 0x7ff 2
	in_dom rogue "COMMAND: the reserved bits 11-15 over four patterns, and 0xffff" \
		rpf_explore="${rpf_explore:-0}" command_sweep reserved
	in_dom rogue "COMMAND: every byte 0x00-0xff to 0x04 and to 0x05" \
		rpf_explore="${rpf_explore:-0}" command_sweep 0 0xff 1
	in_dom rogue "COMMAND: every low byte as a dword with all STATUS bits" \
		rpf_explore="${rpf_explore:-0}" command_sweep 0 0xff 4
	step "COMMAND sweep: the sampler saw no forbidden bit" watch_stop
	step "COMMAND: config space within the filter, log bounded, dom0 alive" dom0_after command

	in_dom rogue "leave: MSI-X on with two vectors, and the rogue goes so" \
		rpf_explore="${rpf_explore:-0}" rpf_run leave 1
	step "destroy the rogue (its MSI-X on)" destroy_rogue
	step "config space within the filter (MSI-X off again), log bounded" dom0_after end
	step "create domU good with pci=['00:05.0'] (Debian's pcifront)" domu_create good 192 "pci = ['00:05.0']"
	in_dom good "pcifront shows the NIC, e1000 binds it" pcifront_nic
	in_dom good "configure eth0 as 10.0.1.2/24" if_up eth0 10.0.1.2/24
	in_dom good "ping dom0's peer NIC from good" ping_ok 10.0.1.1
	step "xl list still answers" xl list

	# The handshake itself: a magic from another pciif.h version, a
	# pci-op-ref that is no grant, an event channel that does not exist.
	# Each domain gets the e1000e, which the one before must have let go.
	for c in magic gref evtchn; do
		step "handshake-$c: create domU hs-$c with pci=['00:07.0']" \
			domu_create "hs-$c" 192 "pci = ['00:07.0']"
		in_dom "hs-$c" "handshake-$c: pciback refuses the frontend" hs_run "$c"
		step "handshake-$c: refused with an error node; log bounded, dom0 alive" \
			hs_check "hs-$c" "$c"
		step "handshake-$c: destroy hs-$c" destroy_dom "hs-$c"
	done
	step "xl list still answers" xl list
}
