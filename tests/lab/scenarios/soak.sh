# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# soak: the seed topology under traffic in both directions for
# SOAK_MINUTES, with faults mixed in (issue #9 part 5).  dom0 hides the
# NIC, nicdom owns and bridges it; "client" streams TCP to and from dom0's
# peer NIC through nicdom (iperf3 --bidir) the whole time, "client2" is
# detached and attached again, and "rogue" (no netfront) gets a fresh vif
# for one hostile case of tests/lab/tools/rogue-netfront.c at a time.
#
# The run is made of rounds; each round is
#   restart   xl destroy nicdom, create it again; utils/xendd-rebind moves
#             both clients' vifs to it (restart.sh's steps)
#   replug    client2's vif detached and attached again
#   rogue     a vif attached to the rogue, one case, the vif detached
#   replug, rogue
# and ends with nicdom's per-vif objects (vifs, threads, ring mappings,
# vm areas, kernel memory) compared with the same incarnation's figures
# taken right after its restart, and the stream checked for progress.
# Rounds start until SOAK_MINUTES have passed.  At the end the stream must
# end without error, the client's memory and grant table must be back, and
# only the four domains may be left.
#
# It reuses restart.sh (nicdom up and down, the rebind service, the stream
# and its checks) and rogue-frontend.sh (the rogue's expectations) rather
# than repeating them.
here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=tests/lab/scenarios/restart.sh
. "$here/restart.sh"
# shellcheck source=tests/lab/scenarios/rogue-frontend.sh
. "$here/rogue-frontend.sh"

about="soak: the seed topology under two-way TCP with nicdom restarts, vif replugs and rogue-frontend cases mixed in; leaks and stalls reported"
minutes=${SOAK_MINUTES:-${soak_minutes:-10}}
# A round takes about 5 minutes under TCG; the last one starts before
# the soak time is up.
dom0_args="xen-pciback.hide=($nic) soak_minutes=$minutes lab_step_timeout=200"
timeout=$((600 + minutes * 60 + 600))

client2_mac=00:16:3e:00:00:24
client2_ip=10.0.1.4
# Cases whose expectation is the same for ours and mainline's netback
# (rogue-frontend.sh's rogue_expect), in the order the rounds use them.
soak_cases="prod-ahead good chain-22 bad-gref bad-extra evtchn-storm gso-zero slot-cross-page chain-20 frag-cross-page"

# --- dom0 -----------------------------------------------------------------

# vif_of NAME -> the device ids of domain NAME's vifs, one a line.
vif_of() {
	local d
	d=$(domid "$1") || return 1
	xenstore-list "/local/domain/$d/device/vif" 2>/dev/null
}

# vifs_connected BACKEND NAME: every vif of NAME has a Connected backend
# in BACKEND, and NAME has at least one.
vifs_connected() {
	local bid fid v n=0
	bid=$(domid "$1") && fid=$(domid "$2") || return 1
	for v in $(vif_of "$2"); do
		xs_is "/local/domain/$bid/backend/vif/$fid/$v/state" 4 || return 1
		n=$((n + 1))
	done
	[ "$n" -gt 0 ]
}

# vif_gone NAME DEVID: domain NAME's vif DEVID is gone from xenstore.
vif_gone() { ! vif_of "$1" | grep -qx "$2"; }

# soak_detach NAME DEVID: xl network-detach (the frontend closes, the
# backend goes Closed, xl devd in nicdom runs vif-bridge offline and
# removes the backend directory), then the vif is gone.  libxl waits 10 s
# for the backend directory to go; under the soak's load a detach takes 4
# to 8 s and once took longer (run 20261204-195631-p7jE, round 5: "timed
# out while waiting for .../backend/vif/3/0 to be removed").  Then, as an
# administrator would, it waits (bounded) for devd to finish and runs the
# detach once more; the time devd took and the retry are reported
# (METRIC soak_detach_retry), and a vif still there after that fails.
soak_detach() {
	local name=$1 v=$2 be t0=$SECONDS
	be=/local/domain/$(domid nicdom)/backend/vif/$(domid "$name")/$v
	if ! timeout 90 xl network-detach "$name" "$v" >/tmp/detach.out 2>&1; then
		cat /tmp/detach.out
		echo "xl network-detach $name $v failed after $((SECONDS - t0)) s; backend state" \
			"$(xenstore-read "$be/state" 2>/dev/null || echo gone), online $(xenstore-read "$be/online" 2>/dev/null || echo -)"
		wait_for 60 "xl devd in nicdom to remove $be" sh -c "! xenstore-exists $be" || return 1
		echo "the backend directory went $((SECONDS - t0)) s after the detach began"
		if ! vif_gone "$name" "$v"; then
			timeout 90 xl network-detach "$name" "$v" || return 1
		fi
		echo "METRIC soak_detach_retry $name vif $v: libxl gave up, devd removed the backend within $((SECONDS - t0)) s"
	fi
	wait_for 60 "$name's vif $v to go" vif_gone "$name" "$v" || return 1
	echo "$name's vif $v detached in $((SECONDS - t0)) s"
}

# replug_out: detach client2's vif.
replug_out() {
	local v
	v=$(vif_of client2) || return 1
	[ -n "$v" ] || { echo "client2 has no vif to detach"; return 1; }
	soak_detach client2 "$v"
}

replug_in() {
	xl network-attach client2 backend=nicdom bridge=xenbr0 mac="$client2_mac" || return 1
	wait_for 60 "client2's new vif to be Connected" vifs_connected nicdom client2 || return 1
	echo "client2's vif $(vif_of client2) attached and Connected"
}

# rogue_attach MAC: a new vif for the rogue; its device id goes to
# /tmp/rogue.devid.
rogue_attach() {
	local before v
	before=$(vif_of rogue | tr '\n' ' ')
	xl network-attach rogue backend=nicdom bridge=xenbr0 mac="$1" || return 1
	for v in $(vif_of rogue); do
		case " $before " in
		*" $v "*) ;;
		*) echo "$v" >/tmp/rogue.devid && echo "the rogue's new vif: $v ($1)" && return 0 ;;
		esac
	done
	echo "no new vif for the rogue"
	return 1
}

# rogue_detach DEVID: soak_detach the rogue's vif DEVID.
rogue_detach() { soak_detach rogue "$1"; }

# rogue_backend_waits DEVID: nicdom's backend for the rogue's vif is in
# InitWait (netback probed it, the rogue may connect).
rogue_backend_waits() {
	xs_is "/local/domain/$(domid nicdom)/backend/vif/$(domid rogue)/$1/state" 2
}

# domains_left: exactly dom0, nicdom and the three guests exist.
domains_left() {
	local names
	names=$(xl list | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')
	echo "domains: $names"
	[ "$names" = "Domain-0 client client2 nicdom rogue " ]
}

# --- nicdom ---------------------------------------------------------------

# nb_counts NAME: keep backend_counts in /tmp/counts.NAME.
nb_counts() {
	backend_counts | tee "/tmp/counts.$1"
}

# nb_no_leak: this incarnation's objects are what they were after its
# restart (replugs and rogue vifs came and went).
nb_no_leak() {
	backend_counts >/tmp/counts.now
	counts_diff /tmp/counts.base /tmp/counts.now "after the round"
}

# --- clients --------------------------------------------------------------

no_eth_mac() { ! if_by_mac "$1" >/dev/null; }

# client2_gone: netfront removed client2's interface with its vif.
client2_gone() {
	wait_for 30 "client2's interface to go" no_eth_mac "$client2_mac" || return 1
	echo "no interface with $client2_mac left"
}

# client2_up: netfront made an interface for the new vif; address it and
# ping dom0's peer NIC through nicdom.
client2_up() {
	local dev
	wait_for 30 "an interface with $client2_mac" if_by_mac "$client2_mac" || return 1
	dev=$(if_by_mac "$client2_mac")
	ip addr flush dev "$dev"
	if_up "$dev" "$client2_ip/24" || return 1
	ping_ok "$dom0_ip"
}

# stream_alive: the client's TCP stream (same connection) made progress
# within 60 s: no stall outside the restarts.
stream_alive() {
	local port segs
	read -r port segs <<<"$(stream_conn)"
	[ -n "$port" ] || { echo "the stream's connection is gone"; tail -n 3 /tmp/iperf.log; return 1; }
	wait_for 60 "the TCP stream to make progress" stream_grew "$port" "$segs" || {
		client_diag; tail -n 3 /tmp/iperf.log; return 1; }
	echo "stream from port $port: $segs -> $(stream_conn | cut -d' ' -f2) TCP segments received"
}

# --- the run --------------------------------------------------------------

# soak_restart ROUND: restart.sh's cycle, with client2 moved too.
soak_restart() {
	local r=$1 t0
	in_dom client "round $r: the stream's progress before the restart" before_restart
	step "round $r: xl destroy nicdom" destroy_nicdom
	in_dom client "round $r: eth0 stays, unchanged, carrier off" while_down
	nicdom_up
	step "round $r: xendd-rebind moved the client's vif to the new nicdom" vif_rebound
	step "round $r: client2's vif follows" wait_for 60 "client2's vif Connected" vifs_connected nicdom client2
	in_dom nicdom "round $r: the new nicdom reaches dom0's peer NIC" nicdom_path_ok
	t0=$(ready_time)
	in_dom client "round $r: the client pings dom0 through the new nicdom" back_after "$t0" "$r"
	in_dom client "round $r: the same TCP connection carries data again" stream_back "$t0" "$r"
	in_dom client2 "round $r: client2 reaches dom0 through the new nicdom" ping_ok "$dom0_ip"
	in_dom nicdom "round $r: nicdom's objects with both clients' vifs (the round's baseline)" nb_counts base
	[ "$r" != 1 ] || client_grants first "after the first restart"
}

soak_replug() {
	local r=$1
	step "round $r: detach client2's vif" replug_out
	in_dom client2 "round $r: client2's interface is gone" client2_gone
	step "round $r: attach client2's vif again" replug_in
	in_dom client2 "round $r: client2's new interface reaches dom0" client2_up
	in_dom client "round $r: the client's stream did not stall" stream_alive
}

soak_rogue() {
	local r=$1 c=$2 n=$3 v mac
	mac=$(printf '00:16:3e:00:01:%02x' $((n % 256)))
	step "round $r: attach a vif to the rogue ($mac)" rogue_attach "$mac"
	v=$(cat /tmp/rogue.devid)
	step "round $r: the rogue's vif $v waits in InitWait in nicdom" \
		wait_for 60 "the rogue's backend $v" rogue_backend_waits "$v"
	in_dom rogue "round $r: rogue case $c on vif $v: $(rogue_expect "$c" "$(role_impl netback)" | cut -d' ' -f1-2)" \
		rogue_run "$c" "$v"
	step "round $r: the rogue's vif $v detaches" rogue_detach "$v"
	in_dom client2 "round $r: client2 still reaches dom0" ping_ok "$dom0_ip"
	in_dom client "round $r: the client's stream did not stall" stream_alive
}

run_scenario() {
	local r=0 n=0 end c cases
	read -r -a cases <<<"$soak_cases"
	restart_setup
	step "create client2, vif backend=nicdom on bridge xenbr0" domu_create client2 192 \
		"vif = ['backend=nicdom,bridge=xenbr0,mac=$client2_mac']"
	in_dom client2 "load the netfront role in client2" role_load netfront
	in_dom client2 "client2's interface as $client2_ip/24 reaches dom0" client2_up
	step "create the rogue client (no netfront, no vif yet)" domu_create rogue 192
	in_dom rogue "the rogue runs no netfront" no_netfront
	step "both clients' vifs in nicdom are connected" \
		wait_for 30 "vif state Connected" vifs_connected nicdom client
	restart_watch_start $((minutes * 60 + 900)) --bidir
	say "soak for $minutes minutes: rounds of a nicdom restart, client2 replugs and rogue cases under a two-way TCP stream"
	end=$((SECONDS + minutes * 60))
	while [ "$r" = 0 ] || [ "$SECONDS" -lt "$end" ]; do
		r=$((r + 1))
		soak_restart "$r"
		for c in replug rogue replug rogue; do
			case $c in
			replug) soak_replug "$r" ;;
			rogue)
				soak_rogue "$r" "${cases[n % ${#cases[@]}]}" "$n"
				n=$((n + 1))
				;;
			esac
		done
		in_dom nicdom "round $r: nicdom left nothing behind (vifs, threads, ring mappings, memory)" nb_no_leak
		say "round $r done after $(((SECONDS - end) / 60 + minutes)) of $minutes minutes"
	done
	step "soak: $r rounds, $r restarts, $((r * 2)) replugs, $n rogue cases" \
		echo "METRIC soak_rounds $r (restarts $r, replugs $((r * 2)), rogue cases $n, $minutes minutes asked)"
	restart_watch_end
	step "only dom0, nicdom and the three clients are left" domains_left
	say "soak of $minutes minutes: $r rounds without a crash, stall or leak"
}
