# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# rogue-frontend: netback in dom0 against a hostile frontend (issue #9 part 1).
#
# The client "rogue" runs no netfront and has one vif per case:
# tests/lab/tools/rogue-netfront.c takes over the case's vif, connects
# through the normal xenstore handshake and writes crafted TX requests.
# For each case the table in rogue_expect states what netback must do --
# answer with OKAY, answer with an error and go on, or disable that vif
# -- and the steps check the rogue's view (responses, and whether a
# well-formed follow-up packet is still answered) and dom0's (carrier, the
# log line, packets delivered).  After every case the good client must
# still answer dom0, and at the end rogue vifs, disabled or not, must
# still detach and go with the rogue domain.  Documentation/rogue.rst has the table.
about="netback in dom0 against a user-space rogue frontend: crafted TX rings case by case; dom0 and a good client must survive"
timeout=1200
# A short stall timeout makes rx-never-consumed observable within the run;
# the drain timeout bounds what a stalled vif may hold.
# ROGUE_EXPLORE=1 in the host's environment puts rogue_explore=1 on dom0's
# command line: a case that does not behave as expected is reported
# (METRIC ... MISMATCH) and the run goes on, to measure a new
# implementation's whole table in one run; the suite runs without it.
dom0_args="xen-netback.rx_stall_timeout_msecs=5000 xen-netback.rx_drain_timeout_msecs=2000${ROGUE_EXPLORE:+ rogue_explore=1}"

# The cases, in the order they run (tools/rogue-netfront.c implements them).
rogue_cases="good prod-ahead slot-cross-page frag-cross-page chain-18 chain-19
chain-20 chain-21 chain-22 chain-100 first-small first-runt zero-frag
tiny-header bad-extra gso-zero bad-gref bad-gref-frag evtchn-storm
ctrl-good ctrl-alg-unknown ctrl-flags-unknown ctrl-key-too-long
ctrl-key-bad-gref ctrl-mapsize-zero ctrl-mapsize-huge ctrl-map-past-end
ctrl-map-bad-gref ctrl-map-queue-range ctrl-map-over-page ctrl-type-unknown
ctrl-prod-ahead sgrant-good sgrant-hostile queues-1000 queues-0
queues-over-max"

# rogue_expect CASE IMPL -> "FIRST FOLLOWUP BACKEND": what the crafted
# requests must get back (okay: every slot OKAY; error: ERROR responses;
# silent: no response; none: the case sends no request; for the control
# ring cases ctrl-*, STATUS+STATUS.../CTRL: the XEN_NETIF_CTRL_STATUS_* of
# each crafted control request, then whether a well-formed control request
# is still answered), what one
# well-formed packet sent afterwards must get, and what dom0 must show
# (served: the vif still works; disabled: carrier off and a log line;
# refused: the backend never connected and says why in xenstore).
# IMPL is the netback under test; where mainline (Debian's) legitimately
# differs from ours, both rows are written out.
rogue_expect() {
	case "$1:$2" in
	good:* | chain-18:* | zero-frag:*) echo "okay okay served" ;;
	# The Ethernet header split 9 + 3 + 3 ...: netif.h does not ask for the
	# header in the first slot, and ours builds the linear area from any
	# split (XSA-423/432); mainline drops a packet whose first slot holds
	# fewer than ETH_HLEN bytes (an error response, the vif goes on).
	tiny-header:ours) echo "okay okay served" ;;
	tiny-header:debian) echo "error okay served" ;;
	# XSA-39: the producer more than a ring ahead is a hostile frontend.
	prod-ahead:*) echo "silent silent disabled" ;;
	# Data past the end of the granted page: fatal in both.
	slot-cross-page:* | frag-cross-page:*) echo "silent silent disabled" ;;
	# netif.h: a backend must accept XEN_NETIF_NR_SLOTS_MIN (18) slots and
	# may drop longer packets.  Both count the limits in slots after the
	# first (drop above 18, fatal above fatal_skb_slots=20): 19 slots are
	# delivered, 20 and 21 dropped, 22 disable the vif.
	chain-19:*) echo "okay okay served" ;;
	chain-20:* | chain-21:*) echo "error okay served" ;;
	chain-22:* | chain-100:*) echo "silent silent disabled" ;;
	# Malformed but harmless: answered with an error, the ring goes on.
	first-small:* | first-runt:*) echo "error okay served" ;;
	# XSA-362/367: a failed grant operation is an error response, not a crash.
	bad-gref:* | bad-gref-frag:*) echo "error okay served" ;;
	# Unknown extra type, GSO size 0: protocol violations, fatal in both.
	bad-extra:* | gso-zero:*) echo "silent silent disabled" ;;
	# XSA-332: spurious events cost the frontend, not the backend.
	evtchn-storm:*) echo "none okay served" ;;
	# The control ring (netif.h "Control messages"): a bad parameter is
	# answered with its status and the ring goes on; nothing is copied or
	# indexed before it is checked (XSA-270).  The statuses are netif.h's
	# for each message.
	ctrl-good:*) echo "success/ok okay served" ;;
	ctrl-alg-unknown:* | ctrl-flags-unknown:* | ctrl-mapsize-huge:* | \
		ctrl-map-past-end:* | ctrl-map-queue-range:*)
		echo "invalid+invalid/ok okay served" ;;
	# A key longer than the backend takes: netif.h's BUFFER_OVERFLOW in
	# ours; mainline answers INVALID_PARAMETER.
	ctrl-key-too-long:ours) echo "overflow+overflow/ok okay served" ;;
	ctrl-key-too-long:debian) echo "invalid+invalid/ok okay served" ;;
	ctrl-key-bad-gref:* | ctrl-map-bad-gref:*) echo "invalid/ok okay served" ;;
	# Size 0 is modular mapping; then no entry exists to be set.
	ctrl-mapsize-zero:*) echo "success+invalid/ok okay served" ;;
	# A sub-table larger than its page: netif.h's BUFFER_OVERFLOW ("larger
	# than the backend supports") in ours; mainline folds it into its
	# range check (INVALID_PARAMETER).
	ctrl-map-over-page:ours) echo "overflow/ok okay served" ;;
	ctrl-map-over-page:debian) echo "invalid/ok okay served" ;;
	# Type 8 is GET_GREF_MAPPING_SIZE: ours has static grants (256 a queue).
	ctrl-type-unknown:ours) echo "not-supported+success+not-supported/ok okay served" ;;
	ctrl-type-unknown:debian) echo "not-supported+not-supported+not-supported/ok okay served" ;;
	# Static grants (netif.h messages 8-10).  sgrant-good: the capacity,
	# two ADDs filling it, one more refused, an ARP reply from dom0
	# received into static pages, a DEL of all of them plus one never
	# added.  sgrant-hostile: ADDs to queue 1 of one, from a bad table
	# grant, over the capacity, over the page, of 0xffffffff entries, with
	# a duplicate, with a bad grant after a good one, with unknown flags
	# (all refused whole, XSA-270's class); a DEL of an unknown grant
	# (removes 0); a good ADD, the same again (refused); GET of queue
	# 0xffffffff.  Mainline has no static grants: NOT_SUPPORTED for all.
	sgrant-good:ours) echo "size-256+success+success+invalid+rx-arp+removed-256/ok okay served" ;;
	sgrant-good:debian) echo "not-supported+not-supported+not-supported+not-supported+rx-arp+not-supported/ok okay served" ;;
	sgrant-hostile:ours) echo "invalid+invalid+invalid+invalid+invalid+invalid+invalid+invalid+removed-0+success+invalid+invalid/ok okay served" ;;
	sgrant-hostile:debian) echo "not-supported+not-supported+not-supported+not-supported+not-supported+not-supported+not-supported+not-supported+not-supported+not-supported+not-supported+not-supported/ok okay served" ;;
	# The control producer 1000 ahead: ours stops serving the control ring
	# (logged), mainline answers 1001 requests of whatever the ring
	# holds; in both the vif goes on.
	ctrl-prod-ahead:ours) echo "silent/silent okay served" ;;
	ctrl-prod-ahead:debian) echo "responses-1001/ok okay served" ;;
	# A queue count outside 1..multi-queue-max-queues: refuse to connect
	# (xenbus_dev_fatal: an error node, no carrier).  Ours stays Closing;
	# mainline writes the error and then still switches to Connected,
	# although it set up no queue (the rogue sees "connected").
	queues-*:ours) echo "refused none refused" ;;
	queues-*:debian) echo "connected none refused" ;;
	*) echo "unknown unknown unknown" ;;
	esac
}

rogue_mac() { printf '00:16:3e:00:01:%02x' "$1"; }

# In dom0 ---------------------------------------------------------------

# The rogue is created with its first rogue_at_create vifs; the others are
# attached one by one (libxl runs the hotplug scripts of a new domain's
# vifs all at once, and 36 of them outlived its timeout on a loaded host).
rogue_at_create=16

# rogue_all_cases: every case in devid order (devid = position - 1).
rogue_all_cases() { echo "$rogue_cases rx-never-consumed"; }

# rogue_vifs -> the vif line of the rogue's first rogue_at_create vifs.
rogue_vifs() {
	local n=0 c list=""
	for c in $(rogue_all_cases); do
		n=$((n + 1))
		[ "$n" -le "$rogue_at_create" ] || break
		list="$list${list:+, }'bridge=xenbr0,mac=$(rogue_mac "$n")'"
	done
	echo "vif = [$list]"
}

# rogue_attach_rest: the remaining vifs, one xl network-attach each; each
# must get the next devid and wait in InitWait.
rogue_attach_rest() {
	local rid n=0 c be
	rid=$(domid rogue) || return 1
	for c in $(rogue_all_cases); do
		n=$((n + 1))
		[ "$n" -gt "$rogue_at_create" ] || continue
		timeout 60 xl network-attach rogue bridge=xenbr0 "mac=$(rogue_mac "$n")" || {
			echo "xl network-attach of the vif for $c failed"
			return 1
		}
		be=/local/domain/0/backend/vif/$rid/$((n - 1))
		xs_is "$be/mac" "$(rogue_mac "$n")" || {
			echo "the vif for $c is not devid $((n - 1)) ($be)"
			return 1
		}
	done
	echo "$((n - rogue_at_create)) vifs attached, devids $rogue_at_create-$((n - 1))"
}

# rogue_backends_waiting: every rogue vif's backend is in InitWait.
rogue_backends_waiting() {
	local rid d n=0
	rid=$(domid rogue) || return 1
	for d in $(xenstore-list "/local/domain/0/backend/vif/$rid"); do
		[ "$(xenstore-read "/local/domain/0/backend/vif/$rid/$d/state")" = 2 ] || return 1
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] && [ "$n" = "$(rogue_all_cases | wc -w)" ] &&
		echo "$n rogue vifs wait in InitWait"
}

# carrier_is IFACE 0|1
carrier_is() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]; }

# disable_logged VIF: dom0's log says netback disabled that vif (ours'
# and mainline's wording).
disable_logged() {
	dmesg | grep -E "${1//./\\.}: .*(fatal frontend error|fatal error; disabling device)"
}

# rogue_backend_check CASE DEVID: dom0's side of the verdict; with
# rogue_explore=1 a mismatch is reported and the run goes on.
rogue_backend_check() {
	if [ "${rogue_explore:-0}" = 1 ]; then
		rogue_backend_verdict "$@" || echo "METRIC case_${1}_dom0 MISMATCH (see the output)"
	else
		rogue_backend_verdict "$@" || return 1
	fi
	good_client_answers
}

# good_client_answers: dom0 alive and still serving the good client.
good_client_answers() {
	wait_for 10 "the good client to answer a ping" ping -c 1 -W 2 10.0.0.2 || return 1
	echo "the good client (10.0.0.2) answers"
}

rogue_backend_verdict() {
	local case=$1 rid vif want kind want_rx=0 rx w
	want=$(rogue_expect "$case" "$(role_impl netback)")
	kind=${want##* }
	rid=$(domid rogue) || return 1
	vif=vif$rid.$2
	if [ "$kind" != refused ] && [ ! -e "/sys/class/net/$vif" ]; then
		echo "$vif does not exist"
		return 1
	fi
	# shellcheck disable=SC2086 # two words
	for w in ${want% *}; do [ "$w" = okay ] && want_rx=$((want_rx + 1)); done
	# sgrant-good also sends dom0 an ARP request.
	[ "$case" = sgrant-good ] && want_rx=$((want_rx + 1))
	case $kind in
	disabled)
		wait_for 10 "the carrier of $vif to go off" carrier_is "$vif" 0 ||
			return 1
		disable_logged "$vif" | tail -n 2
		disable_logged "$vif" >/dev/null || {
			echo "no line in dom0's log says $vif was disabled"
			return 1
		}
		;;
	served)
		if disable_logged "$vif"; then
			echo "$vif was disabled, expected it to keep serving"
			return 1
		fi
		;;
	refused)
		local be=/local/domain/0/backend/vif/$rid/$2 err=/local/domain/0/error/backend/vif/$rid/$2/error
		wait_for 10 "an error node for $vif" xenstore-read "$err" || return 1
		echo "backend error: $(xenstore-read "$err")"
		if [ -e "/sys/class/net/$vif" ] && ! carrier_is "$vif" 0; then
			echo "$vif has a carrier"
			return 1
		fi
		echo "METRIC case_${case}_dom0 refused: $(xenstore-read "$err"); backend state $(xenstore-read "$be/state"), no carrier"
		return 0
		;;
	*) echo "no expectation for case $case"; return 1 ;;
	esac
	if [ "$case" = sgrant-good ] && [ "$(role_impl netback)" = ours ]; then
		# The ARP reply went into a static grant: a memcpy, no grant copy.
		local st
		st=$(ethtool -S "$vif" | sed -n 's/^ *q0-rx_static_slots: //p')
		echo "METRIC case_${case}_static_slots $vif q0-rx_static_slots ${st:-none}"
		[ "${st:-0}" -ge 1 ] || { echo "$vif filled no static grant"; return 1; }
	fi
	rx=$(cat "/sys/class/net/$vif/statistics/rx_packets")
	echo "METRIC case_${case}_dom0 $kind: $vif carrier $(cat "/sys/class/net/$vif/carrier") delivered $rx packet(s)"
	[ "$rx" = "$want_rx" ] || {
		echo "$vif delivered $rx packet(s) to dom0, expected $want_rx"
		return 1
	}
}

# rogue_detach DEVID...: those rogue vifs detach (the rogue's lingering
# children answer Closing) and their devices disappear from dom0.
rogue_detach() {
	local rid d vif
	rid=$(domid rogue) || return 1
	for d in "$@"; do
		vif=vif$rid.$d
		timeout 60 xl network-detach rogue "$d" || { echo "xl network-detach $vif failed"; return 1; }
		wait_for 30 "$vif to disappear" test ! -e "/sys/class/net/$vif" || return 1
		echo "$vif detached"
	done
}

# rogue_destroy: destroying the rogue tears down every vif it still has,
# disabled ones included.
rogue_destroy() {
	local rid
	rid=$(domid rogue) || return 1
	xl destroy rogue || return 1
	wait_for 120 "every vif$rid.* to disappear" \
		sh -c "! ls -d /sys/class/net/vif$rid.* >/dev/null 2>&1" || {
		ls -d "/sys/class/net/vif$rid".*
		return 1
	}
	echo "the rogue (domain $rid) and all its vifs are gone"
}

# flood_and_ping VIF MAC SECONDS: flood the rogue's vif from dom0 while the
# good client must keep answering.
flood_and_ping() {
	local pid rc=0
	rogue-netfront flood "$1" "$2" "$3" >/tmp/flood.log 2>&1 &
	pid=$!
	ping_ok 10.0.0.2 || rc=1
	wait "$pid" || rc=1
	cat /tmp/flood.log
	return $rc
}

# rx_stalled VIF: carrier off and the stall logged (ours' and mainline's wording).
rx_stalled() {
	carrier_is "$1" 0 || return 1
	dmesg | grep -E "${1//./\\.}: .*(posts no RX buffers|Guest Rx stalled)" | tail -n 1 | grep .
}

rx_stall_check() {
	wait_for 20 "netback to notice that $1 posts no RX buffers" rx_stalled "$1" || return 1
	rx_stalled "$1"
	echo "METRIC case_rx-never-consumed_dom0 stalled: $1 carrier off," \
		"tx_dropped $(cat "/sys/class/net/$1/statistics/tx_dropped")"
}

rx_recover_check() {
	wait_for 20 "the carrier of $1 to come back" carrier_is "$1" 1 || return 1
	echo "METRIC case_rx-never-consumed_recovery $1 carrier on again"
}

# In the rogue -----------------------------------------------------------

no_netfront() {
	[ ! -d /sys/module/xen_netfront ] || { echo "xen-netfront is loaded in the rogue"; return 1; }
	modprobe xen-gntalloc || return 1
	echo "no netfront here; xen-gntalloc loaded for the rogue's grants"
}

# rogue_run CASE DEVID [EXPLORE]: run one case and compare the rogue's view
# with rogue_expect; EXPLORE=1 reports a mismatch without failing.
rogue_run() {
	local case=$1 out rc want got
	want=$(rogue_expect "$case" "$(role_impl netback)")
	out=$(rogue-netfront -d "$2" "$case" 2>&1)
	rc=$?
	echo "$out" | grep -v '^VERDICT' | tail -n 14
	[ $rc -eq 0 ] || return 1
	got=$(echo "$out" | sed -n 's/^VERDICT case=[^ ]* first=\([^ ]*\) followup=\([^ ]*\)$/\1 \2/p')
	if [ "$got" = "${want% *}" ]; then
		echo "METRIC case_$case first=${got% *} followup=${got#* } (as expected)"
	else
		echo "METRIC case_$case first=${got% *} followup=${got#* } MISMATCH, expected ${want% *}"
		echo "case $case: got '$got', expected '${want% *}' from $(role_impl netback) netback"
		[ "${3:-0}" = 1 ]
	fi
}

# rogue_rx_post DEVID: ask the lingering child to post RX buffers; it
# keeps giving them back for 15 s, then writes what arrived.
rogue_rx_post() {
	xenstore-write "data/rogue/$1/post-rx" 1 && echo "RX buffers requested"
}

# rogue_rx_result DEVID: data arrived in the buffers the rogue posted.
rogue_rx_result() {
	local ctl=data/rogue/$1 res
	wait_for 40 "the rogue's RX result" xenstore-read "$ctl/rx-result" || return 1
	res=$(xenstore-read "$ctl/rx-result")
	echo "METRIC case_rx-never-consumed_rx $res"
	case $res in
	"responses "*" data 0" | share-failed) echo "no data arrived after posting RX buffers: $res"; return 1 ;;
	"responses "*) ;;
	*) echo "unexpected RX result: $res"; return 1 ;;
	esac
}

run_scenario() {
	local devid=0 c impl rid vif
	impl=$(role_impl netback)
	step "load the netback role in dom0" role_load netback
	step "create bridge xenbr0 (10.0.0.1/24) in dom0" make_bridge xenbr0 10.0.0.1/24
	step "create the good client, vif backend dom0" domu_create client 192 \
		"vif = ['bridge=xenbr0,mac=00:16:3e:00:00:02']"
	in_dom client "load the netfront role in the good client" role_load netfront
	in_dom client "configure eth0 as 10.0.0.2/24" if_up eth0 10.0.0.2/24
	step "the good client's vif is connected" wait_for 30 "vif state Connected" vif_connected Domain-0 client
	step "ping the good client from dom0" ping_ok 10.0.0.2
	step "create the rogue client with its first $rogue_at_create vifs" domu_create rogue 192 "$(rogue_vifs)"
	step "attach the rogue's other vifs, one per case" rogue_attach_rest
	step "every rogue vif's backend waits in InitWait" \
		wait_for 60 "the rogue's backends" rogue_backends_waiting
	in_dom rogue "the rogue runs no netfront" no_netfront
	say "netback ($impl) in dom0 faces the rogue frontend; each case has a vif of its own"

	for c in $rogue_cases; do
		in_dom rogue "$c: the rogue sees: $(rogue_expect "$c" "$impl" | cut -d' ' -f1-2)" \
			rogue_run "$c" "$devid" "${rogue_explore:-0}"
		step "$c: dom0 sees the vif $(rogue_expect "$c" "$impl" | cut -d' ' -f3); the good client answers" \
			rogue_backend_check "$c" "$devid"
		devid=$((devid + 1))
	done

	# rx-never-consumed: a vif whose frontend never posts RX buffers while
	# dom0 floods it must stall (carrier off), hold no more than the drain
	# timeout allows, leave the good client alone and come back when the
	# frontend finally posts buffers.
	c="rx-never-consumed"
	rid=$(domid rogue)
	vif=vif$rid.$devid
	in_dom rogue "$c: connect and post no RX buffer" rogue_run_rx "$devid"
	step "$c: flood $vif for 10 s while the good client answers" \
		flood_and_ping "$vif" "$(rogue_mac $((devid + 1)))" 10
	step "$c: netback stalls $vif (carrier off, logged)" rx_stall_check "$vif"
	step "$c: keep sending to $vif in the background (20 s)" \
		sh -c "rogue-netfront flood $vif $(rogue_mac $((devid + 1))) 20 >/tmp/flood2.log 2>&1 &"
	in_dom rogue "$c: post RX buffers (and keep reposting them)" rogue_rx_post "$devid"
	step "$c: $vif carrier is back" rx_recover_check "$vif"
	in_dom rogue "$c: data arrived in the RX buffers" rogue_rx_result "$devid"

	# Detach one served, one disabled and one refused vif and the RX one;
	# destroying the rogue removes the rest.
	step "detach rogue vifs: good, prod-ahead, queues-over-max, rx-never-consumed" \
		rogue_detach 0 1 $((devid - 1)) "$devid"
	step "destroy the rogue; all its vifs go" rogue_destroy
	step "dom0 still serves the good client at the end" ping_ok 10.0.0.2
}

# rogue_run_rx DEVID: the rx-never-consumed connection (TX still works).
rogue_run_rx() {
	local out
	out=$(rogue-netfront -d "$1" rx-never-consumed 2>&1) || { echo "$out"; return 1; }
	echo "$out" | tail -n 8
	echo "$out" | grep -q '^VERDICT .* followup=okay$' || {
		echo "the rogue's TX did not work before the RX test"
		return 1
	}
}
