# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# rogue-backend: netfront in a client against a hostile backend (issue #9
# part 2).
#
# dom0 loads no netback: tests/lab/tools/rogue-netback.c plays the backend
# in user space.  For each case it plugs vif 0 into the client (the keys
# and permissions "xl network-attach" writes), connects through the normal
# xenbus handshake, proves the rings work (an ARP request the client must
# answer), plays the case -- crafted TX or RX responses, producers out of
# place, event storms, TX never answered, a control ring answered wrongly
# or not at all (ctrl-*) -- and asks once more (does the client still
# answer?).  The table in rogue_expect states, per netfront
# implementation, what the rogue must see afterwards and what the client
# must show: the device disabled (ours: carrier off and one log line naming
# the violation), the packet dropped (rx_errors) or nothing at all.  Then
# the vif is unplugged as the toolstack would (Closing, Closed, both
# directories removed): the client's xenbus device and netdev must go, and
# the next case plugs vif 0 again.  The client runs with panic_on_warn=1,
# and its log must show no WARN or BUG.  Documentation/rogue-backend.rst has
# the table.
about="netfront against a user-space rogue backend in dom0 (no netback): crafted responses case by case; the client survives, unplugs and re-plugs"
timeout=900
# ROGUE_EXPLORE=1 in the host's environment puts rogue_explore=1 on dom0's
# command line: a case whose outcome differs from the table is reported
# (METRIC ... MISMATCH) and the run goes on, to measure a new
# implementation's whole table in one run.  A WARN or a dead client still
# fails the run; a device the client cannot remove is reported, shown
# (blocked tasks) and the client replaced by a fresh one for the cases
# after it.  The suite runs without it.
dom0_args="${ROGUE_EXPLORE:+rogue_explore=1}"

# The cases, in the order they run (tools/rogue-netback.c implements them);
# the last one plugs the device once more after all the others.
rogue_cases="good tx-id-out-of-range tx-id-not-pending tx-id-duplicate
tx-status-bad tx-prod-far-ahead rx-offset-beyond-page rx-size-beyond-page
rx-status-negative rx-status-huge rx-too-many-slots rx-bad-extra
rsp-prod-far-ahead rsp-prod-backwards event-storm tx-never-answered
close-ignored unplug-storm ctrl-good ctrl-never-answered ctrl-wrong-id
ctrl-prod-far-ahead ctrl-too-small ctrl-add-refused ctrl-event-storm good"

# rogue_expect CASE IMPL -> "AFTER CLIENT": whether the client still
# answers the rogue after the case (okay or silent), and what the client
# must show: served (nothing happened), dropped (the bad packet counted in
# rx_errors, the device goes on), disabled (ours: carrier off and exactly
# one line naming the violation; mainline: its log line) or stalled (TX
# never answered: the client stops sending, nothing logged).  IMPL is the
# netfront under test.
rogue_expect() {
	case "$1:$2" in
	good:* | event-storm:* | close-ignored:* | unplug-storm:*) echo "okay served" ;;
	# The data path never depends on the control ring: whatever it
	# answers, the device goes on (mainline sets up no control ring).
	ctrl-*:*) echo "okay served" ;;
	tx-never-answered:*) echo "silent stalled" ;;
	# Ours checks every response and disables the device at the first
	# violation; a negative RX status is a per-packet error, not one.
	rx-status-negative:ours) echo "okay dropped" ;;
	*:ours) echo "silent disabled" ;;
	# Mainline stops using the rings on a bad TX id or an impossible
	# producer; it does not look at a TX status; a bad RX response
	# drops that packet and the device goes on.
	tx-id-*:debian | tx-prod-far-ahead:debian | rsp-prod-*:debian) echo "silent disabled" ;;
	tx-status-bad:debian) echo "okay served" ;;
	rx-*:debian) echo "okay dropped" ;;
	*) echo "unknown unknown" ;;
	esac
}

# rogue_says CASE IMPL -> the text the client's log must contain (fixed
# string; empty: nothing required).  Ours: the violation names of
# drivers/net/xen-netfront/pure/ring.c.
rogue_says() {
	case "$1:$2" in
	tx-id-out-of-range:ours) echo "queue 0: tx response id out of range; device disabled" ;;
	tx-id-not-pending:ours | tx-id-duplicate:ours) echo "queue 0: tx response id not pending; device disabled" ;;
	tx-status-bad:ours) echo "queue 0: tx response status invalid; device disabled" ;;
	tx-prod-far-ahead:ours | rsp-prod-*:ours) echo "queue 0: rsp_prod outside the outstanding requests; device disabled" ;;
	rx-offset-beyond-page:ours | rx-size-beyond-page:ours | rx-status-huge:ours)
		echo "queue 0: rx offset + size beyond the page; device disabled" ;;
	rx-too-many-slots:ours) echo "queue 0: rx packet uses too many slots; device disabled" ;;
	rx-bad-extra:ours) echo "queue 0: rx extra info invalid; device disabled" ;;
	# Ours (static_grants_after=0 in this scenario) asks for static
	# grants at the first packet received; drivers/net/xen-netfront/ctrl.c
	# and sgrant.c say how it went.
	ctrl-good:ours | ctrl-event-storm:ours) echo "queue 0: receiving through 256 static grants" ;;
	ctrl-never-answered:ours) echo "control ring: no response in time; not using it on this connection" ;;
	ctrl-wrong-id:ours) echo "control ring: response does not match the request; not using it" ;;
	ctrl-prod-far-ahead:ours) echo "control ring: rsp_prod beyond our requests; not using it" ;;
	ctrl-too-small:ours) echo "no static grants on this connection: backend keeps fewer than one per rx slot" ;;
	ctrl-add-refused:ours) echo "no static grants on this connection: backend refused the grants" ;;
	tx-id-out-of-range:debian) echo "Response has incorrect id" ;;
	tx-id-not-pending:debian | tx-id-duplicate:debian) echo "Response for inactive request" ;;
	tx-prod-far-ahead:debian | rsp-prod-*:debian) echo "Illegal number of responses" ;;
	rx-offset-beyond-page:debian) echo "rx->offset: 4000, size: 200" ;;
	rx-size-beyond-page:debian) echo "rx->offset: 0, size: 5000" ;;
	rx-status-negative:debian) echo "rx->offset: 0, size: -32768" ;;
	rx-status-huge:debian) echo "rx->offset: 0, size: 32767" ;;
	rx-too-many-slots:debian) echo "Too many slots" ;;
	rx-bad-extra:debian) echo "Invalid extra type: 127" ;;
	esac
}

# rogue_unbind_expect IMPL -> what unbinding netfront from vif 0 does while
# the backend ignores the client's Closing (close-ignored): "unbound"
# within 25 s (ours waits 5 s for each of Closing and Closed), or "stuck"
# until the toolstack closes the backend (mainline waits without bound).
rogue_unbind_expect() {
	case $1 in
	ours) echo unbound ;;
	*) echo stuck ;;
	esac
}

# mismatch EXPLORE MESSAGE: fail, or with EXPLORE=1 report and go on.
mismatch() {
	echo "$2"
	[ "$1" = 1 ] && echo "METRIC mismatch: $2"
	[ "$1" = 1 ]
}

# In dom0 ---------------------------------------------------------------

rogue_log() { echo "/tmp/rogue-backend.$1.log"; }

no_netback() {
	if [ -d /sys/module/xen_netback ]; then
		echo "xen-netback is loaded in dom0"
		return 1
	fi
	echo "no netback in dom0"
}

# rogue_plug N CASE: the rogue (log N) plugs vif 0 into the client and
# plays CASE in the background; it waits for the client to answer.
rogue_plug() {
	local fid log
	fid=$(domid client) || return 1
	log=$(rogue_log "$1")
	setsid rogue-netback -f "$fid" -d 0 "$2" >"$log" 2>&1 </dev/null &
	wait_for 10 "the rogue to plug vif 0" \
		xenstore-read "/local/domain/$fid/device/vif/0/backend" || { cat "$log"; return 1; }
	cat "$log"
	no_netback
}

# rogue_finished LOG: the rogue printed its verdict or gave up.
rogue_finished() { grep -qE '^(VERDICT|rogue: error)' "$1"; }

# rogue_verdict N CASE EXPLORE: the rogue's view against rogue_expect.
rogue_verdict() {
	local log want got
	log=$(rogue_log "$1")
	want=$(rogue_expect "$2" "$(role_impl netfront)")
	wait_for 75 "the rogue's verdict" rogue_finished "$log" || { tail -n 5 "$log"; return 1; }
	grep -v '^VERDICT' "$log" | tail -n 10
	got=$(sed -n 's/^VERDICT case=[^ ]* before=\([^ ]*\) after=\([^ ]*\)$/\1 \2/p' "$log")
	case $got in
	"okay "*) ;;
	*) echo "the rogue did not get through to the client before the case (${got:-no verdict})"; return 1 ;;
	esac
	if [ "${got#* }" = "${want% *}" ]; then
		echo "METRIC case_$2 after=${got#* } (as expected)"
	else
		echo "METRIC case_$2 after=${got#* } MISMATCH, expected ${want% *}"
		mismatch "$3" "case $2: the client answers '${got#* }' after it, expected '${want% *}'"
	fi
}

# rogue_del N: after the client let go of vif 0 while the rogue was
# Connected (ctrl-good), the rogue got DEL_GREF_MAPPING for every grant
# the ADD had given it, and answered it.
rogue_del() {
	local log line
	log=$(rogue_log "$1")
	grep '^rogue: ctrl: ' "$log" | tail -n 6
	line=$(grep '^rogue: ctrl: DEL_GREF_MAPPING' "$log" | tail -n 1)
	echo "METRIC case_ctrl-good_del ${line:-none}"
	case $line in
	*": 256 entries, 256 of them as ADDed") ;;
	*) echo "no DEL_GREF_MAPPING of the 256 grants the ADD gave"; return 1 ;;
	esac
}

# rogue_unplug N CASE EXPLORE: the toolstack's detach; the client must
# close its end (state 6) and the rogue must exit.  After close-ignored,
# mainline's remove is still waiting (10 s at a time) for the backend:
# its frontend state is not looked at.
rogue_unplug() {
	local fid out want="frontend-state=6 backend-closed=yes "
	fid=$(domid client) || return 1
	[ "$2:$(role_impl netfront)" = close-ignored:debian ] && want="backend-closed=yes "
	out=$(rogue-netback -f "$fid" -d 0 unplug 2>&1) || { echo "$out"; return 1; }
	grep '^rogue: ' "$(rogue_log "$1")" | tail -n 3
	echo "$out"
	echo "METRIC case_$2_unplug ${out#UNPLUG }"
	case $out in
	*"$want"*"rogue-exited=yes"*) ;;
	*) mismatch "$3" "case $2: vif 0 did not close cleanly: $out" ;;
	esac
}

# In the client ----------------------------------------------------------

# vif_netdev DEVID -> the netdev of the client's vif DEVID.
vif_netdev() {
	local d
	for d in /sys/bus/xen/devices/vif-"$1"/net/*; do
		[ -e "$d" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# client_log: the kernel's lines since client_up wrote its mark.
client_log() {
	dmesg | awk '/rogue-backend: mark$/ { n = NR } { l[NR] = $0 }
		END { for (i = n + 1; i <= NR; i++) print l[i] }'
}

# no_warn: no WARN, BUG or oops in the client's log since client_up.  (The
# grant table's "WARNING: g.e. ... still in use!" is a plain warning line:
# a grant the backend still maps was handed to the deferred list.)
no_warn() {
	if client_log | grep -E 'WARNING: CPU|BUG:|kernel BUG|Oops|Call Trace'; then
		echo "the client's log shows a WARN or BUG"
		return 1
	fi
}

# client_up: vif 0's netdev appears; it comes up as 10.0.0.2/24.
client_up() {
	local ifc
	wait_for 30 "vif 0's netdev" vif_netdev 0 || return 1
	ifc=$(vif_netdev 0)
	echo "$ifc" >/tmp/rogue.ifname
	echo "rogue-backend: mark" >/dev/kmsg
	if_up "$ifc" 10.0.0.2/24
}

# client_check CASE EXPLORE: the client's side of rogue_expect.
client_check() {
	local case=$1 x=$2 impl want kind says ifc log carrier rxe nv
	impl=$(role_impl netfront)
	want=$(rogue_expect "$case" "$impl")
	kind=${want#* }
	says=$(rogue_says "$case" "$impl")
	ifc=$(cat /tmp/rogue.ifname)
	log=$(client_log)
	echo "$log" | grep -vE 'lab: |^[[:space:]]*$' | tail -n 4
	no_warn || return 1
	carrier=$(cat "/sys/class/net/$ifc/carrier" 2>/dev/null)
	rxe=$(cat "/sys/class/net/$ifc/statistics/rx_errors" 2>/dev/null)
	nv=$(echo "$log" | grep -c 'violated the protocol')
	echo "METRIC case_${case}_client $ifc carrier ${carrier:-?} rx_errors ${rxe:-?}" \
		"violation lines $nv; $(if [ -n "$says" ] && echo "$log" | grep -qF -- "$says"; then
			echo "logged '$says'"; else echo "no expected line"; fi)"
	if [ -n "$says" ] && ! echo "$log" | grep -qF -- "$says"; then
		mismatch "$x" "case $case: no line in the client's log says '$says'" || return 1
	fi
	case $kind in
	disabled)
		if [ "$impl" = ours ] && [ "$nv" != 1 ]; then
			mismatch "$x" "case $case: $nv violation lines, expected exactly one" || return 1
		fi
		if [ "$impl" = ours ] && [ "$carrier" != 0 ]; then
			mismatch "$x" "case $case: $ifc still has a carrier" || return 1
		fi
		;;
	dropped | served | stalled)
		if [ "$nv" != 0 ]; then
			mismatch "$x" "case $case: $ifc was disabled, expected it to go on" || return 1
		fi
		if [ "$carrier" != 1 ]; then
			mismatch "$x" "case $case: $ifc lost its carrier" || return 1
		fi
		if [ "$kind" = dropped ] && [ "${rxe:-0}" -lt 1 ]; then
			mismatch "$x" "case $case: rx_errors is 0, expected the packet counted" || return 1
		fi
		if [ "$kind" = served ] && [ "${rxe:-0}" != 0 ]; then
			mismatch "$x" "case $case: rx_errors is $rxe, expected 0" || return 1
		fi
		;;
	*) echo "no expectation for case $case with $impl netfront"; return 1 ;;
	esac
	echo "the client is alive; $ifc is $kind"
}

# client_unbind EXPLORE [CASE]: unbind netfront from vif-0 while the rogue
# ignores the client's Closing (only the toolstack's counts for it); the
# figure is named after CASE (close-ignored by default).
client_unbind() {
	local x=$1 case=${2:-close-ignored} want got t0 ifc
	want=$(rogue_unbind_expect "$(role_impl netfront)")
	ifc=$(cat /tmp/rogue.ifname)
	rm -f /tmp/unbind.done
	t0=$(date +%s)
	sh -c 'echo vif-0 >/sys/bus/xen/drivers/vif/unbind; echo $? >/tmp/unbind.done' \
		>/dev/null 2>&1 </dev/null &
	if wait_for 25 "the unbind to return" test -e /tmp/unbind.done; then
		got=unbound
		echo "the unbind returned (status $(cat /tmp/unbind.done)) after $(($(date +%s) - t0)) s"
		if [ -e "/sys/class/net/$ifc" ]; then
			echo "$ifc is still there after the unbind"
			return 1
		fi
	else
		got=stuck
		echo "the unbind has not returned after $(($(date +%s) - t0)) s"
	fi
	client_log | grep -E 'did not reach|vif-0' | tail -n 3
	no_warn || return 1
	echo "METRIC case_${case}_unbind $got after $(($(date +%s) - t0)) s"
	[ "$got" = "$want" ] || mismatch "$x" "$case: the unbind is $got, expected $want"
}

# static_grants_at_once: our netfront asks for static grants as soon as a
# queue received its first packet (the parameter is writable at any time).
static_grants_at_once() { param_set xen_netfront static_grants_after 0; }

# vif0_gone IFACE: vif 0's xenbus device and its netdev are gone.
vif0_gone() { [ ! -e /sys/bus/xen/devices/vif-0 ] && [ ! -e "/sys/class/net/$1" ]; }

# client_gone CASE EXPLORE: after the unplug, vif 0 has left the client's
# xenbus and its netdev is gone; nothing was stuck.  With EXPLORE=1 a
# device still there is reported instead: still there 60 s later?  which
# tasks are blocked, where (sysrq w)?  and data/rogue/wedged is set, so
# that dom0 replaces this client (a stuck xenbus remove holds the xenwatch
# thread, and with it every later plug).
client_gone() {
	local ifc case=$1 x=$2
	ifc=$(cat /tmp/rogue.ifname)
	if ! wait_for 40 "vif-0 and $ifc to go" vif0_gone "$ifc"; then
		[ "$x" = 1 ] || return 1
		wait_for 50 "vif-0 and $ifc to go after all" vif0_gone "$ifc" && {
			echo "METRIC mismatch: case $case: vif-0 and $ifc went only after 40-90 s"
			return 0
		}
		ls -d /sys/bus/xen/devices/vif-0 "/sys/class/net/$ifc" 2>/dev/null
		echo "lab: rogue-backend: blocked tasks" >/dev/kmsg
		echo w >/proc/sysrq-trigger
		dmesg | awk '/lab: rogue-backend: blocked tasks$/ { n = NR } { l[NR] = $0 }
			END { for (i = n + 1; i <= NR; i++) print l[i] }' |
			grep -E 'task:|napi|xennet|xenbus|netdev|rtnl' | head -n 14
		xenstore-write data/rogue/wedged 1
		echo "METRIC case_${case}_gone stuck: vif-0 and $ifc still there 90 s after the unplug"
		echo "METRIC mismatch: case $case: vif-0 and $ifc still there 90 s after the unplug; the client is replaced"
		return 0
	fi
	if xenstore-read device/vif/0/state >/dev/null 2>&1; then
		echo "device/vif/0 is still in xenstore"
		return 1
	fi
	no_warn || return 1
	echo "vif-0 and $ifc are gone"
}

# In dom0 again ----------------------------------------------------------

# client_wedged: the client said (client_gone) it cannot remove vif 0.
client_wedged() {
	local fid
	fid=$(domid client) || return 1
	xs_is "/local/domain/$fid/data/rogue/wedged" 1
}

# client_create: a client with no vif, the netfront role loaded.
client_create() {
	domu_create client 192 || return 1
}

# client_replace: the wedged client goes (xl destroy), a fresh one comes.
client_replace() {
	xl destroy client || return 1
	wait_for 30 "the wedged client to go" sh -c '! xl domid client >/dev/null 2>&1' || return 1
	echo "the wedged client is destroyed"
	client_create
}

run_scenario() {
	local c n=0 impl x=${rogue_explore:-0}
	impl=$(role_impl netfront)
	step "dom0 runs no netback" no_netback
	step "create the client, with no vif" client_create
	in_dom client "load the netfront role in the client" role_load netfront
	[ "$impl" != ours ] ||
		in_dom client "ours asks for static grants at the first packet (static_grants_after=0), for the ctrl-* cases" \
			static_grants_at_once
	say "the rogue backend in dom0 faces $impl netfront; every case plugs vif 0 anew and unplugs it"
	for c in $rogue_cases; do
		n=$((n + 1))
		step "$c: the rogue plugs vif 0 and plays the backend" rogue_plug "$n" "$c"
		in_dom client "$c: vif 0 probes; bring it up as 10.0.0.2/24" client_up
		step "$c: the client answers before; after the case: $(rogue_expect "$c" "$impl" | cut -d' ' -f1)" \
			rogue_verdict "$n" "$c" "$x"
		if [ "$c" = good ]; then
			in_dom client "good: ping the rogue (10.0.0.1) over vif 0" ping_ok 10.0.0.1
		fi
		in_dom client "$c: the client is $(rogue_expect "$c" "$impl" | cut -d' ' -f2), no WARN" \
			client_check "$c" "$x"
		if [ "$c" = close-ignored ]; then
			in_dom client "close-ignored: unbind netfront from vif-0; the rogue ignores its Closing" \
				client_unbind "$x"
		fi
		# Ours lets go of its static grants (DEL_GREF_MAPPING) when
		# unbound while the backend is Connected; mainline's unbind
		# would wait for ever on a rogue that ignores its Closing.
		if [ "$c" = ctrl-good ] && [ "$impl" = ours ]; then
			in_dom client "ctrl-good: unbind netfront from vif-0 while the rogue is Connected" \
				client_unbind "$x" ctrl-good
			step "ctrl-good: the rogue got DEL_GREF_MAPPING for the 256 grants of the ADD" rogue_del "$n"
		fi
		step "$c: unplug vif 0 (Closing, Closed, directories removed)" rogue_unplug "$n" "$c" "$x"
		in_dom client "$c: vif-0 and its netdev are gone from the client" client_gone "$c" "$x"
		if [ "$x" = 1 ] && client_wedged; then
			step "$c: replace the wedged client with a fresh one" client_replace
			in_dom client "load the netfront role in the new client" role_load netfront
		fi
	done
}
