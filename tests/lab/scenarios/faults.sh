# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# faults: the split network driver under faults, each while traffic flows
# (issue #9, part 4).  nicdom is a driver domain (netback, bridge xenbr0,
# xl devd); "client" streams TCP to it through its vif.  The cases:
#
#   1 netfront-rmmod   the client's netfront removed under an iperf3
#                      stream, loaded again: the vif reconnects, traffic
#   2 netback-rmmod    netback removed in nicdom under the stream; the
#                      client survives; netback loaded again, the vif
#                      detached and attached again carries traffic
#   3 xenstore-garbage dom0 rewrites keys of the connected vif with
#                      garbage (both ends' keys, then both states);
#                      nothing crashes; detach and attach restore service
#   4 client-destroyed a second client destroyed while its vif is loaded
#                      both ways: nicdom tears the vif down, Xen frees the
#                      dead domain (nothing in nicdom still maps it)
#   5 backend-destroyed nicdom destroyed under the stream: the client
#                      survives and its vif can be detached
#
# After each case the leak counts of the domains involved are compared
# with the start: in nicdom vifs, vif kernel threads, ring mappings, vm
# areas and kernel memory (backend_counts); in the client its memory and
# kernel threads; in dom0 the client's grant table (Xen's 'g' debug key)
# and dying domains.  Every domain runs with panic_on_warn=1 oops=panic
# and a task blocked for 60 s panics (hung_task_panic): a WARN, an oops or
# a hang ends the run in the case that caused it.
#
# What each implementation does where they differ is printed as a METRIC
# "fault CASE ..." line; Documentation/faults.rst has the table.
# FAULT_CASES on the host (digits, default 12345) chooses the cases; they
# run in the order 1 4 3 2 5 (see run_scenario).
about="faults under traffic: netfront and netback rmmod, xenstore garbage, a client and the driver domain destroyed; leak counts before/after"
fa_cases=${FAULT_CASES:-${fault_cases:-12345}}
timeout=2100
dom0_args="fault_cases=$fa_cases lab_step_timeout=180"

fa_be_ip=10.0.3.1
fa_client_ip=10.0.3.2
fa_client_mac=00:16:3e:00:00:41
fa_victim_ip=10.0.3.3
fa_victim_mac=00:16:3e:00:00:42
# Client memory may grow this much across a case (kB): one connection of
# two queues posts 2 x 256 RX pages (2 MB); slab and page-cache noise.
fa_mem_slack_kb=3072
# Active grant entries of the client may exceed the start by this many
# (TX requests in flight when the figures are taken).
fa_grant_slack=8

# ---- every domain ----------------------------------------------------------

# fa_hung_panic: a task blocked for 60 s panics this domain (a hang is a
# failure, and the step that caused it names it).
fa_hung_panic() {
	echo 60 >/proc/sys/kernel/hung_task_timeout_secs &&
		echo 1 >/proc/sys/kernel/hung_task_panic || return 1
	echo "${lab_domain:-this domain}: a task blocked for 60 s panics"
}

# fa_log_clean: no WARN, BUG, oops, hung task or lockup in the kernel log.
fa_log_clean() {
	if dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|blocked for more than|soft lockup|general protection'; then
		echo "${lab_domain:-this domain}: kernel complaints above"
		return 1
	fi
	echo "no WARN, BUG, oops or hung task in ${lab_domain:-this domain}'s kernel log"
}

# fa_since T0 -> seconds since $EPOCHREALTIME T0, one decimal.
fa_since() {
	awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

# ---- the clients ------------------------------------------------------------

# fa_iface -> the network interface of this domain's vif (the first).
fa_iface() {
	local d
	for d in /sys/bus/xen/devices/vif-*/net/*; do
		[ -e "$d" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# fa_net_up ADDR: wait for a vif interface, give it ADDR/24 unless it has
# it, and ping nicdom.
fa_net_up() {
	local ifc
	wait_for 60 "a vif interface" fa_iface || return 1
	ifc=$(fa_iface)
	ip -4 addr show "$ifc" | grep -q "$1/" || if_up "$ifc" "$1/24" || return 1
	ping_ok "$fa_be_ip"
}

# fa_sent IFACE BYTES: IFACE has sent BYTES or more.
fa_sent() {
	local n=0
	read -r n 2>/dev/null <"/sys/class/net/$1/statistics/tx_bytes"
	[ "$n" -ge "$2" ]
}

# fa_load_start SECONDS PORT: TCP to nicdom's iperf3 server on PORT and a
# ping -A of 1000 bytes, both in the background for at most SECONDS;
# returns once the interface has sent a megabyte more.
fa_load_start() {
	local ifc tx0=0
	ifc=$(fa_iface) || { echo "no vif interface"; return 1; }
	read -r tx0 <"/sys/class/net/$ifc/statistics/tx_bytes"
	iperf3 -c "$fa_be_ip" -p "$2" -t "$1" -f m </dev/null >/tmp/fa-iperf.log 2>&1 &
	echo $! >/tmp/fa-iperf.pid
	ping -q -A -s 1000 -w "$1" "$fa_be_ip" </dev/null >/dev/null 2>&1 &
	echo $! >/tmp/fa-ping.pid
	wait_for 30 "$ifc to send a megabyte" fa_sent "$ifc" $((tx0 + 1048576)) ||
		{ cat /tmp/fa-iperf.log; return 1; }
	echo "iperf3 to $fa_be_ip:$2 and ping -A running through $ifc (at most $1 s)"
}

# fa_load_stop: end what fa_load_start started (SIGKILL: a stream whose
# path is gone would wait for its results).
fa_load_stop() {
	local f pid
	for f in /tmp/fa-iperf.pid /tmp/fa-ping.pid; do
		[ -s "$f" ] || continue
		pid=$(cat "$f")
		kill -9 "$pid" 2>/dev/null
		wait_for 10 "pid $pid to exit" proc_gone "$pid" || return 1
		rm -f "$f"
	done
	grep -E 'sender|receiver|error' /tmp/fa-iperf.log 2>/dev/null | tail -n 2
	true
}

# fa_client_counts -> what the client owns: memory in use (kB) and kernel
# threads (netfront has none of its own).
fa_client_counts() {
	echo "mem $(mem_used)"
	echo "kthreads $(kthread_count)"
}

# fa_client_snapshot NAME: record fa_client_counts in /tmp/fa-client.NAME.
fa_client_snapshot() {
	fa_client_counts | tee "/tmp/fa-client.$1"
}

# fa_client_compare NAME WHEN: memory within fa_mem_slack_kb of snapshot
# NAME, no more kernel threads, and the kernel log is clean.
fa_client_compare() {
	fa_client_counts >/tmp/fa-client.now
	paste "/tmp/fa-client.$1" /tmp/fa-client.now | awk -v when="$2" -v slack="$fa_mem_slack_kb" '
		{ printf "%-9s before %8d after %8d\n", $1, $2, $4; d = $4 - $2 }
		$1 == "mem" { print "METRIC client memory " when ": " d " kB"
			if (d > slack) bad = bad " mem+" d "kB"; next }
		$1 == "kthreads" { if (d > 0) bad = bad " kthreads+" d; next }
		END { if (bad != "") { print "left behind:" bad; exit 1 } }' || return 1
	fa_log_clean
}

# fa_unload MODULE DRIVER: with the stream running, rmmod MODULE: it
# unloads or refuses (the xenbus core holds a module reference per bound
# device); if refused, unbind every device of DRIVER (a sysfs driver
# folder) under traffic -- the driver's remove path -- and then rmmod must
# work.  Says how it went in fa_how.
fa_unload() {
	local mod=$1 drv=$2 out t0
	if out=$(rmmod "$mod" 2>&1); then
		fa_how="rmmod unloaded it under traffic"
	else
		[ -d "/sys/module/${mod//-/_}" ] || { echo "rmmod failed, yet the module is gone: $out"; return 1; }
		fa_how="rmmod refused (${out##*: })"
		t0=$EPOCHREALTIME
		unbind_all "$drv" || { echo "unbinding the devices of $drv failed"; return 1; }
		fa_how+=", unbinding under traffic took $(fa_since "$t0") s, then rmmod unloaded it"
		rmmod "$mod" || { echo "rmmod after the unbind failed"; return 1; }
	fi
	[ ! -d "/sys/module/${mod//-/_}" ] || { echo "$mod is still loaded"; return 1; }
}

# fa_nf_rmmod: fa_unload xen-netfront under the stream; the interface goes
# with the module.
fa_nf_rmmod() {
	fa_unload xen-netfront /sys/bus/xen/drivers/vif || return 1
	fa_load_stop
	! fa_iface >/dev/null || { echo "interface $(fa_iface) outlived the module"; return 1; }
	echo "METRIC fault netfront-rmmod netfront=$(role_impl netfront): $fa_how"
}

# fa_client_view CASE: what the client's vif looks like now (the record of
# how this netfront reacted): interface, carrier, its frontend state.
fa_client_view() {
	local ifc car="-" dir st
	ifc=$(fa_iface) || ifc=none
	[ "$ifc" = none ] || read -r car 2>/dev/null <"/sys/class/net/$ifc/carrier"
	dir=$(xenstore-list device/vif 2>/dev/null | head -n 1)
	st=$(xenstore-read "device/vif/$dir/state" 2>/dev/null)
	echo "METRIC fault $1 netfront=$(role_impl netfront): interface $ifc carrier ${car:--} frontend state ${st:-gone}"
	dmesg | grep -iE 'vif|netfront|xenbus' | tail -n 8
}

# fa_client_survived CASE: this netfront's backend went away under the
# stream: the step ran (the kernel and the agent are alive), the log is
# clean; stop the stream and say what the client shows.
fa_client_survived() {
	fa_load_stop || return 1
	fa_client_view "$1"
	fa_log_clean
}

# fa_carrier_after_death CASE: after its backend's domain died, ours
# must turn the carrier off within 20 s (it keeps the interface for a new
# backend, Documentation/admin-guide/driver-domain-restart.rst); Debian's
# is only recorded.
fa_carrier_after_death() {
	local ifc
	ifc=$(fa_iface) || { echo "the vif interface is gone"; fa_client_view "$1"; return 0; }
	if wait_for 20 "carrier off on $ifc" grep -qx 0 "/sys/class/net/$ifc/carrier"; then
		echo "$ifc: carrier off"
	elif [ "$(role_impl netfront)" = ours ]; then
		echo "$ifc: carrier still on 20 s after the backend's domain died"
		return 1
	fi
	fa_client_survived "$1"
}

# fa_no_iface: after the detach the vif interface is gone.
fa_no_iface() {
	wait_for 30 "the vif interface to go" sh -c '! ls /sys/bus/xen/devices/ | grep -q "^vif-"' || {
		fa_client_view gone; return 1; }
	echo "no vif device left in the client"
}

# ---- nicdom ---------------------------------------------------------------

# fa_be_snapshot NAME: record backend_counts in /tmp/fa-be.NAME.
fa_be_snapshot() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	vm_callers >"/tmp/fa-be.$1.vm"
	backend_counts | tee "/tmp/fa-be.$1"
}

# fa_vifs_is N: N vif netdevs in this domain.
fa_vifs_is() {
	[ "$(find /sys/class/net -name 'vif*' | wc -l)" = "$1" ]
}

# fa_be_compare NAME WHEN: once as many vifs exist as in snapshot NAME
# (a detached one may still be unregistering: bounded wait), nothing is
# left that was not there then (counts_diff), and the log is clean.
fa_be_compare() {
	local n
	n=$(awk '$1 == "vifs" { print $2 }' "/tmp/fa-be.$1")
	wait_for 30 "$n vif netdev(s)" fa_vifs_is "$n" || { ls /sys/class/net; return 1; }
	fa_be_snapshot now >/dev/null
	diff "/tmp/fa-be.$1.vm" /tmp/fa-be.now.vm | grep '^[<>]'
	counts_diff "/tmp/fa-be.$1" /tmp/fa-be.now "$2" || return 1
	fa_log_clean
}

# fa_nb_rmmod: fa_unload xen-netback under the client's stream; no vif
# netdev is left.
fa_nb_rmmod() {
	fa_unload xen-netback /sys/bus/xen-backend/drivers/vif || return 1
	wait_for 30 "the vif netdevs to go" fa_vifs_is 0 || { ls /sys/class/net; return 1; }
	echo "METRIC fault netback-rmmod netback=$(role_impl netback): $fa_how"
	fa_log_clean
}

# fa_flood_start ADDR / fa_flood_stop: this domain pings ADDR as fast as
# answers come (ping -A, 1000 bytes), at most 120 s.
fa_flood_start() {
	ping -q -A -s 1000 -w 120 "$1" </dev/null >/dev/null 2>&1 &
	echo $! >/tmp/fa-flood.pid
	echo "ping -A of $1 running as pid $!"
}
fa_flood_stop() {
	[ -s /tmp/fa-flood.pid ] || return 0
	kill -9 "$(cat /tmp/fa-flood.pid)" 2>/dev/null
	rm -f /tmp/fa-flood.pid
	true
}

# fa_be_torn_down VICTIM_ID: the victim's vif netdevs are gone from here.
fa_be_torn_down() {
	wait_for 30 "vif$1.* to go" sh -c "! ls /sys/class/net | grep -q '^vif$1\\.'" || {
		ls /sys/class/net; return 1; }
	fa_flood_stop
	echo "vif$1.* gone"
}

# fa_devd_restart: stop xl devd and start it again.  After a vif whose
# removal failed (its offline hotplug script failed, its directories were
# removed by hand) devd did not run the script of the next vif of that
# client (20261204-172811-u2v6: "unable to add device"); a new devd starts
# with no such memory.
fa_devd_restart() {
	local pid
	# The scripts' own log, which the lab does not ship from a domU.
	tail -n 15 /var/log/xen/xen-hotplug.log 2>/dev/null
	pid=$(cat /var/run/xldevd.pid 2>/dev/null) || { echo "no xl devd pid file"; return 1; }
	kill "$pid" 2>/dev/null
	wait_for 20 "xl devd (pid $pid) to exit" proc_gone "$pid" || return 1
	rm -f /var/run/xldevd.pid
	start_devd
}

# ---- dom0 ---------------------------------------------------------------

# fa_grants NAME: the client's grant-table figures into /tmp/fa-grants.NAME.
fa_grants() {
	local g
	g=$(grant_frames client) || return 1
	echo "$g" >"/tmp/fa-grants.$1"
	echo "METRIC grants client $1: ${g% *} grant-table frames, ${g#* } active entries"
}

# fa_grants_back NAME WHEN: the client's grant table has at most two
# frames more than at snapshot NAME, and no more than fa_grant_slack active
# entries beyond it (nothing the backend domain still maps).  A table never
# shrinks, and one reconnect may grant both queues' new static pages (257
# entries each; a frame holds 512) while the backend still maps the old
# ones; references never ended would grow it by a frame or more a case.
fa_grants_back() {
	local f0 a0 f1 a1
	read -r f0 a0 <"/tmp/fa-grants.$1"
	fa_grants now >/dev/null || return 1
	read -r f1 a1 </tmp/fa-grants.now
	echo "METRIC grants client $2: frames $f0 -> $f1, active entries $a0 -> $a1"
	[ "$f0" -gt 0 ] && [ "$f1" -le $((f0 + 2)) ] && [ "$a1" -le $((a0 + fa_grant_slack)) ]
}

# fa_no_dying: no domain is left dying (bounded wait): nothing maps a
# destroyed domain's pages any more.
fa_no_dying() {
	wait_for 60 "no dying domain" sh -c '! xl list | grep -q "^(null)"' || { xl list; return 1; }
	echo "no dying domain: $(xl list | awk 'NR > 1 { print $1 }' | xargs)"
}

# fa_destroy NAME: xl destroy, and the domain is gone from xl list.
fa_destroy() {
	local t0=$EPOCHREALTIME
	xl destroy "$1" || return 1
	wait_for 30 "$1 to disappear" sh -c "! xl domid $1 >/dev/null 2>&1" || return 1
	echo "$1 destroyed in $(fa_since "$t0") s"
}

# fa_vif_dirs NAME -> "FRONTEND_DIR BACKEND_DIR" of the domain's first vif.
fa_vif_dirs() {
	local cid devid fe
	cid=$(domid "$1") || return 1
	devid=$(xenstore-list "/local/domain/$cid/device/vif" 2>/dev/null | head -n 1)
	[ -n "$devid" ] || return 1
	fe=/local/domain/$cid/device/vif/$devid
	echo "$fe $(xenstore-read "$fe/backend" 2>/dev/null)"
}

# fa_states NAME CASE: both ends' state keys of the domain's vif, recorded.
fa_states() {
	local fe be
	read -r fe be < <(fa_vif_dirs "$1") || { echo "METRIC fault $2: $1 has no vif"; return 0; }
	echo "METRIC fault $2: frontend state $(xenstore-read "$fe/state" 2>/dev/null || echo gone)," \
		"backend state $(xenstore-read "$be/state" 2>/dev/null || echo gone)," \
		"hotplug-status $(xenstore-read "$be/hotplug-status" 2>/dev/null || echo gone)"
}

# fa_gone FRONTEND_DIR BACKEND_DIR: neither directory is left.
fa_gone() {
	! xenstore-exists "$1" 2>/dev/null && ! xenstore-exists "$2" 2>/dev/null
}

# fa_detach NAME CASE [force]: xl network-detach of the domain's vif; both
# directories must go within 60 s.  With force, an xl that fails or does
# not finish is recorded and both directories are removed by hand (what
# libxl's forced removal does), which the frontend must handle too.
fa_detach() {
	local fe be devid t0=$EPOCHREALTIME how
	read -r fe be < <(fa_vif_dirs "$1") || { echo "$1 has no vif"; return 1; }
	devid=${fe##*/}
	if timeout 90 xl network-detach "$1" "$devid" >/tmp/fa-xl.out 2>&1 &&
		wait_xs 60 "$1's vif $devid to go" "$fe" fa_gone "$fe" "$be"; then
		how="xl network-detach took $(fa_since "$t0") s"
	else
		cat /tmp/fa-xl.out
		[ "${3:-}" = force ] || { echo "xl network-detach $1 $devid did not remove the vif"; return 1; }
		how="xl network-detach failed or left it ($(grep -m1 -iE 'error|fail' /tmp/fa-xl.out)); directories removed by hand"
		xenstore-rm "$fe"
		xenstore-rm "$be" 2>/dev/null
		touch /tmp/fa-forced
	fi
	echo "METRIC fault $2 detach: $how"
}

# fa_attach NAME MAC: a new vif on nicdom's xenbr0, both ends Connected.
fa_attach() {
	local fe be
	xl network-attach "$1" backend=nicdom bridge=xenbr0 "mac=$2" || return 1
	wait_for 30 "the new vif in xenstore" fa_vif_dirs "$1" || return 1
	read -r fe be < <(fa_vif_dirs "$1")
	wait_xs 60 "the new vif's backend Connected" "$be/state" xs_is "$be/state" 4 || return 1
	wait_xs 30 "the new vif's frontend Connected" "$fe/state" xs_is "$fe/state" 4 || return 1
	echo "new vif $fe connected to $be"
}

# fa_connected NAME: both ends of the domain's vif are Connected.
fa_connected() {
	local fe be
	read -r fe be < <(fa_vif_dirs "$1") || return 1
	xs_is "$fe/state" 4 && xs_is "$be/state" 4
}

# fa_reconnects CASE: after netfront was loaded again, the client's vif
# reaches Connected at both ends within 60 s.  Ours must (it starts over
# from Initialising); with Debian's netfront the outcome is recorded: it
# reads the backend's Closed at probe and closes too.
fa_reconnects() {
	local fe be impl
	impl=$(role_impl netfront)
	read -r fe be < <(fa_vif_dirs client) || { echo "client has no vif"; return 1; }
	if wait_xs 60 "the vif to reconnect" "$fe/state" fa_connected client; then
		echo "METRIC fault $1 netfront=$impl: reconnected by itself after the reload"
		return 0
	fi
	echo "METRIC fault $1 netfront=$impl: no reconnection after the reload:" \
		"frontend state $(xenstore-read "$fe/state"), backend state $(xenstore-read "$be/state")"
	[ "$impl" != ours ] || { echo "our netfront did not reconnect"; return 1; }
}

# fa_detach_unless_connected CASE: a vif left unconnected by a case is
# detached (by hand if xl cannot); fa_attach_unless_connected then
# attaches a new one.
fa_detach_unless_connected() {
	if fa_connected client; then
		echo "the vif is connected: nothing to do"
		return 0
	fi
	fa_detach client "$1" force || return 1
	wait_for 30 "the client's old vif device to go" sh -c \
		"! xenstore-list /local/domain/$(domid client)/device/vif 2>/dev/null | grep -q ." || return 1
}

fa_attach_unless_connected() {
	if fa_connected client; then
		echo "the vif is connected: nothing to do"
		return 0
	fi
	fa_attach client "$fa_client_mac"
}

# fa_xsw PATH VALUE: write VALUE, say what was there.
fa_xsw() {
	local old
	old=$(xenstore-read "$1" 2>/dev/null) || old="(none)"
	xenstore-write -- "$1" "$2" || return 1
	echo "$1: $old -> $2"
}

# fa_garbage_keys: with the client's vif connected, garbage into the keys
# each end reads from the other or from the toolstack: the backend's
# frontend-id and feature keys, the frontend's ring references and event
# channels (top level and per queue), queue count, request-rx-copy, mac.
fa_garbage_keys() {
	local fe be q d
	read -r fe be < <(fa_vif_dirs client) || { echo "client has no vif"; return 1; }
	fa_xsw "$be/frontend-id" garbage &&
		fa_xsw "$be/feature-sg" zz &&
		fa_xsw "$be/feature-rx-copy" 99999999999999999999 &&
		fa_xsw "$be/feature-gso-tcpv4" -1 &&
		fa_xsw "$be/multi-queue-max-queues" 4294967296 &&
		fa_xsw "$be/feature-split-event-channels" garbage || return 1
	for q in "" $(xenstore-list "$fe" | grep '^queue-'); do
		d=$fe${q:+/$q}
		fa_xsw "$d/tx-ring-ref" garbage &&
			fa_xsw "$d/rx-ring-ref" 4294967296 &&
			fa_xsw "$d/event-channel" -1 || return 1
		if xenstore-exists "$d/event-channel-tx" 2>/dev/null; then
			fa_xsw "$d/event-channel-tx" 99999999999999999999 &&
				fa_xsw "$d/event-channel-rx" zz || return 1
		fi
	done
	fa_xsw "$fe/multi-queue-num-queues" 99999999999 &&
		fa_xsw "$fe/request-rx-copy" zz &&
		fa_xsw "$fe/mac" zz:zz:zz:zz:zz:zz &&
		fa_xsw "$fe/feature-sg" garbage
}

# fa_garbage_state backend|frontend VALUE: write the state key of that end
# of the client's vif.
fa_garbage_state() {
	local fe be
	read -r fe be < <(fa_vif_dirs client) || { echo "client has no vif"; return 1; }
	case "$1" in
	backend) fa_xsw "$be/state" "$2" ;;
	frontend) fa_xsw "$fe/state" "$2" ;;
	esac
}

# fa_ping_record CASE WHEN: whether the client's ping of nicdom is
# answered now (recorded, never fails).
fa_ping_record() {
	if ping -c 3 -W 2 "$fa_be_ip" >/dev/null 2>&1; then
		echo "METRIC fault $1 netfront=$(role_impl netfront) netback=$(role_impl netback): $2: pings answered"
	else
		echo "METRIC fault $1 netfront=$(role_impl netfront) netback=$(role_impl netback): $2: pings unanswered"
	fi
}

# ---- the cases (dom0) ---------------------------------------------------

# fa_after_detach CASE: if the detach had to remove the directories by
# hand, restart xl devd in nicdom (fa_devd_restart) before the next attach.
fa_after_detach() {
	[ -e /tmp/fa-forced ] || return 0
	rm -f /tmp/fa-forced
	in_dom nicdom "case $1: restart xl devd in nicdom (the removal by hand left it a stale vif)" \
		fa_devd_restart
}

# Arguments of in_dom steps are single words: the agent's eval splits
# words with spaces.

# fa_leaks CASE: the counts of nicdom, the client and dom0 are back to
# the start (the client's vif connected again).
fa_leaks() {
	in_dom nicdom "case $1: nicdom's vifs, vif threads, ring mappings, vm areas, memory as at the start; log clean" \
		fa_be_compare base "after-case-$1"
	in_dom client "case $1: the client's memory and kernel threads as at the start; log clean" \
		fa_client_compare base "after-case-$1"
	step "case $1: the client's grant table as at the start" fa_grants_back base "after case $1"
	step "case $1: no dying domain" fa_no_dying
}

fa_case1() {
	in_dom nicdom "case 1: an iperf3 server on port 5211" iperf3 -s -D -1 -p 5211
	in_dom client "case 1: the client streams TCP to nicdom" fa_load_start 120 5211
	in_dom client "case 1: rmmod xen-netfront under the stream (unbind first if refused)" fa_nf_rmmod
	in_dom client "case 1: load netfront again" role_load netfront
	step "case 1: the vif reconnects by itself (ours must; Debian's recorded)" \
		fa_reconnects netfront-rmmod
	step "case 1: a vif left unconnected is detached" \
		fa_detach_unless_connected netfront-rmmod
	fa_after_detach 1
	step "case 1: ... and a new one attached" fa_attach_unless_connected
	in_dom client "case 1: address, ping nicdom" fa_net_up "$fa_client_ip"
	in_dom client "case 1: iperf3 for 3 s through the reloaded netfront" iperf_to "$fa_be_ip" 3
	fa_leaks 1
}

fa_case2() {
	in_dom nicdom "case 2: an iperf3 server on port 5212" iperf3 -s -D -1 -p 5212
	in_dom client "case 2: the client streams TCP to nicdom" fa_load_start 120 5212
	in_dom nicdom "case 2: rmmod xen-netback under the stream (unbind the vif first if refused)" fa_nb_rmmod
	in_dom client "case 2: the client survives its backend going (no WARN); what it shows" \
		fa_client_survived netback-rmmod
	in_dom nicdom "case 2: load netback again" role_load netback
	step "case 2: the old vif's states after the reload (recorded)" fa_states client netback-rmmod
	step "case 2: detach the client's vif (by hand if xl cannot)" fa_detach client netback-rmmod force
	in_dom client "case 2: the old vif device is gone from the client" fa_no_iface
	fa_after_detach 2
	step "case 2: attach a new vif" fa_attach client "$fa_client_mac"
	in_dom client "case 2: the new vif carries traffic: address, ping nicdom" fa_net_up "$fa_client_ip"
	in_dom client "case 2: iperf3 for 3 s through the new vif" iperf_to "$fa_be_ip" 3
	fa_leaks 2
}

fa_case3() {
	in_dom nicdom "case 3: an iperf3 server on port 5213" iperf3 -s -D -1 -p 5213
	in_dom client "case 3: the client streams TCP to nicdom" fa_load_start 150 5213
	step "case 3: garbage into both ends' keys (not the states)" fa_garbage_keys
	in_dom client "case 3: is the client still served? (recorded)" fa_ping_record xenstore-garbage after-garbage-keys
	step "case 3: the backend's state key set to garbage" fa_garbage_state backend garbage
	in_dom client "case 3: the client after its backend's state became garbage (recorded)" \
		fa_client_view xenstore-garbage-backend-state
	step "case 3: the frontend's state key set to a huge number" fa_garbage_state frontend 99999999999999999999
	step "case 3: the frontend's state key set to garbage" fa_garbage_state frontend garbage
	step "case 3: both states now (recorded)" fa_states client xenstore-garbage
	in_dom nicdom "case 3: nicdom's kernel log is clean" fa_log_clean
	in_dom client "case 3: the client survives (no WARN); what it shows" fa_client_survived xenstore-garbage
	step "case 3: detach the client's vif (by hand if xl cannot)" fa_detach client xenstore-garbage force
	in_dom client "case 3: the old vif device is gone from the client" fa_no_iface
	fa_after_detach 3
	step "case 3: attach a new vif" fa_attach client "$fa_client_mac"
	in_dom client "case 3: the new vif carries traffic: address, ping nicdom" fa_net_up "$fa_client_ip"
	in_dom client "case 3: iperf3 for 3 s through the new vif" iperf_to "$fa_be_ip" 3
	fa_leaks 3
}

fa_case4() {
	local vid
	step "case 4: create victim, vif backend=nicdom" domu_create victim 192 \
		"vif = ['backend=nicdom,bridge=xenbr0,mac=$fa_victim_mac']"
	vid=$(domid victim)
	in_dom victim "case 4: a task blocked for 60 s panics the victim" fa_hung_panic
	in_dom victim "case 4: load the netfront role in the victim" role_load netfront
	in_dom victim "case 4: the victim's vif carries traffic" fa_net_up "$fa_victim_ip"
	in_dom nicdom "case 4: an iperf3 server on port 5214" iperf3 -s -D -1 -p 5214
	in_dom victim "case 4: the victim streams TCP to nicdom" fa_load_start 120 5214
	in_dom nicdom "case 4: nicdom floods the victim (ping -A)" fa_flood_start "$fa_victim_ip"
	step "case 4: xl destroy the victim under load" fa_destroy victim
	in_dom nicdom "case 4: nicdom tears vif$vid.0 down" fa_be_torn_down "$vid"
	step "case 4: Xen frees the victim (nothing maps its pages)" fa_no_dying
	step "case 4: no xenstore directory is left for the victim's vif" wait_for 30 "the victim's vif directories to go" \
		fa_gone "/local/domain/$vid/device/vif" "/local/domain/$(domid nicdom)/backend/vif/$vid"
	in_dom client "case 4: the client still reaches nicdom" ping_ok "$fa_be_ip"
	fa_leaks 4
}

fa_case5() {
	in_dom nicdom "case 5: an iperf3 server on port 5215" iperf3 -s -D -1 -p 5215
	in_dom client "case 5: the client streams TCP to nicdom" fa_load_start 120 5215
	step "case 5: xl destroy nicdom under the stream" fa_destroy nicdom
	in_dom client "case 5: the client survives (no WARN); carrier off with ours; what it shows" \
		fa_carrier_after_death backend-destroyed
	step "case 5: Xen frees nicdom" fa_no_dying
	step "case 5: detach the client's vif (by hand if xl cannot)" fa_detach client backend-destroyed force
	in_dom client "case 5: the vif device is gone from the client" fa_no_iface
	in_dom client "case 5: the client's memory and kernel threads at most as at the start; log clean" \
		fa_client_compare base after-case-5-without-vif
	step "case 5: the client's grant table as at the start" fa_grants_back base "after case 5"
}

run_scenario() {
	local c
	step "a task blocked for 60 s panics dom0" fa_hung_panic
	step "create nicdom: driver_domain=1, 2 vCPUs" domu_create nicdom 224 \
		"driver_domain = 1" "vcpus = 2"
	in_dom nicdom "a task blocked for 60 s panics nicdom" fa_hung_panic
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "create bridge xenbr0 ($fa_be_ip/24) in nicdom" make_bridge xenbr0 "$fa_be_ip/24"
	in_dom nicdom "start xl devd in nicdom, its log on the console" start_devd_traced
	in_dom nicdom "start an iperf3 server in nicdom" iperf3 -s -D
	step "create the client: 2 vCPUs, vif backend=nicdom" domu_create client 192 \
		"vcpus = 2" "vif = ['backend=nicdom,bridge=xenbr0,mac=$fa_client_mac']"
	in_dom client "a task blocked for 60 s panics the client" fa_hung_panic
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "the client's vif: address, ping nicdom" fa_net_up "$fa_client_ip"
	step "the vif backend in nicdom is connected" wait_for 30 "vif state Connected" \
		vif_connected nicdom client
	in_dom client "iperf3 for 3 s, client to nicdom" iperf_to "$fa_be_ip" 3
	in_dom nicdom "nicdom's counts at the start (one vif connected)" fa_be_snapshot base
	in_dom client "the client's counts at the start" fa_client_snapshot base
	step "the client's grant table at the start" fa_grants base
	say "cases $fa_cases (in the order 1 4 3 2 5), each under traffic; leak counts after each"
	# The cases that replace the client's vif through xl devd (3, 2) run
	# after those that do not; 5 ends nicdom.
	for c in 1 4 3 2 5; do
		case "$fa_cases" in *"$c"*) "fa_case$c" ;; esac
	done
	step "dom0's kernel log is clean" fa_log_clean
}
