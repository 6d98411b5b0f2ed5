# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# restart: the seed topology (dom0 hides the NIC, nicdom owns and bridges
# it and serves the client's vif), then, while the client streams TCP to
# dom0's peer NIC through nicdom, nicdom is destroyed (xl destroy: a crash)
# and created again under the same name, RESTART_CYCLES times.  The dom0
# service utils/xendd-rebind re-creates the client's vif backend in each
# new nicdom once it says "xl devd runs" (data/xendd-rebind/ready); the
# client's netfront reconnects.  Each cycle checks that eth0 kept its
# ifindex, address and route, prints the outage (from nicdom's ready mark
# to the client's first ping answered through it) and checks that the same
# TCP connection carries data again.  At the end: the client's grant-table
# size and memory are back to what they were (active grants counted
# without the static grants its netfront holds), and iperf3 ends cleanly.
# Documentation/admin-guide/driver-domain-restart.rst quotes these steps.
about="nicdom destroyed and restarted under a client's TCP stream: eth0 keeps its addresses, reconnects, the stream resumes"
nic=0000:00:05.0
peer=0000:00:06.0
# RESTART_CYCLES on the host (20 for the acceptance run); dom0 and the
# domUs get it on their command line.
cycles=${RESTART_CYCLES:-${restart_cycles:-3}}
# A step may wait 150 s for TCP's retransmission backoff.
dom0_args="xen-pciback.hide=($nic) restart_cycles=$cycles lab_step_timeout=200"
timeout=$((420 + cycles * 200))

client_mac=00:16:3e:00:00:22
client_ip=10.0.1.2
dom0_ip=10.0.1.1
# A route the client must keep across restarts.
kept_net=10.9.9.0/24
ready_key=data/xendd-rebind/ready

# --- dom0 -----------------------------------------------------------------

# start_rebind_service: the dom0 service, as a host runs it (see
# utils/xendd-rebind.service), logging into the shipped logs.
start_rebind_service() {
	setsid xendd-rebind -v -w "$ready_key" nicdom \
		</dev/null >/var/log/xen/xendd-rebind.log 2>&1 &
	wait_for 10 "xendd-rebind to start" grep -q watching /var/log/xen/xendd-rebind.log ||
		{ cat /var/log/xen/xendd-rebind.log; return 1; }
	head -n 1 /var/log/xen/xendd-rebind.log
}

# nicdom_gone: xl destroy returned and the domain is no more.
nicdom_gone() { ! xl domid nicdom >/dev/null 2>&1; }

destroy_nicdom() {
	xl destroy nicdom || return 1
	wait_for 30 "nicdom to disappear" nicdom_gone || return 1
	echo "nicdom destroyed"
}

# nicdom_up: nicdom with the NIC, netback, the bridge and xl devd, then its
# ready mark (the time it was written, for the outage figure).
nicdom_up() {
	step "create nicdom: driver_domain=1, pci=['00:05.0']" domu_create nicdom 224 \
		"driver_domain = 1" "pci = ['00:05.0']"
	in_dom nicdom "pcifront shows the NIC in nicdom, e1000 binds it" pcifront_nic
	in_dom nicdom "load the netback role in nicdom" role_load netback
	in_dom nicdom "bridge eth0 into xenbr0 (10.0.1.3/24)" make_bridge xenbr0 10.0.1.3/24 eth0
	in_dom nicdom "start xl devd in nicdom (runs vif hotplug scripts), its log on the console" start_devd_traced
	in_dom nicdom "mark nicdom ready for xendd-rebind ($ready_key)" mark_ready
}

# ready_time -> the time nicdom wrote its ready mark.
ready_time() {
	xenstore-read "/local/domain/$(domid nicdom)/$ready_key"
}

# vif_perms LABEL: the client's vif 0 as xenstore has it, with permissions,
# frontend and backend directories, for the log (before the first destroy:
# as libxl made them; after the first move: as xendd-rebind made them).
vif_perms() {
	local fe be
	fe=/local/domain/$(domid client)/device/vif/0
	be=$(xenstore-read "$fe/backend") || return 1
	echo "client vif 0 $1:"
	xenstore-ls -fp "$fe" && xenstore-ls -fp "$be"
}

# vif_moved: the client's vif names the live nicdom as its backend.
vif_moved() {
	local nd
	nd=$(domid nicdom) || return 1
	[ "$(xenstore-read "/local/domain/$(domid client)/device/vif/0/backend-id")" = "$nd" ]
}

# vif_rebound: xendd-rebind moved the client's vif to the new nicdom, the
# frontend's mtu node is the new backend's, as libxl makes it on creation
# (vif-bridge in nicdom rewrites it), and the backend goes Connected (its
# hotplug script ran).
vif_rebound() {
	local nd fe perms
	wait_for 30 "the client's vif to name nicdom (domain $(domid nicdom)) as its backend" vif_moved ||
		{ tail -n 3 /var/log/xen/xendd-rebind.log; return 1; }
	nd=$(domid nicdom) fe=/local/domain/$(domid client)/device/vif/0
	grep 'backend re-created' /var/log/xen/xendd-rebind.log | tail -n 1
	perms=$(xenstore-ls -p "$fe" | awk '$1 == "mtu" { print $NF }')
	echo "frontend mtu node: $perms"
	case "$perms" in
	"(n$nd,"*) ;;
	*) echo "the frontend's mtu node is not owned by nicdom (domain $nd): $perms"; return 1 ;;
	esac
	wait_for 60 "the vif backend in nicdom to be Connected" vif_connected nicdom client || {
		xenstore-ls -fp "/local/domain/$nd/backend/vif" | grep -E 'state|hotplug'; return 1; }
	echo "the vif backend in nicdom (domain $nd) is Connected"
}

# static_count (in the client) -> the static grants eth0 holds: our
# netfront's rx_static_grants summed over its queues (0 for a netfront
# without them); each is one active grant entry and a 4 kB page.
static_count() { ethtool_qsum eth0 rx_static_grants; }

# static_note (in the client): write static_count to
# data/lab/static-grants, where record_grants reads it.
static_note() {
	local n
	n=$(static_count) || return 1
	xenstore-write data/lab/static-grants "$n" || return 1
	echo "eth0 holds $n static grants"
}

# record_grants NAME FILE: keep the client's grant figures in FILE:
# frames, active entries, and of these the static grants its netfront
# holds (static_note, run in the client just before).
record_grants() {
	local g s
	g=$(grant_frames client) || return 1
	s=$(xenstore-read "/local/domain/$(domid client)/data/lab/static-grants") ||
		{ echo "the client noted no static-grant count"; return 1; }
	echo "$g $s" >"$2"
	echo "METRIC grants client $1: $g grant-table frames and active entries, $s of these static grants"
}

# client_grants NAME WHAT: the client notes its static grants, then dom0
# records the client's grant figures in /tmp/grants.NAME (step "client
# grant table WHAT").
client_grants() {
	in_dom client "the static grants the client holds" static_note
	step "client grant table $2" record_grants "$1" "/tmp/grants.$1"
}

# grants_stable: the grant table did not grow after the first restart (a
# leak of the rings' or buffers' references would grow it every cycle)
# and, the static grants aside (a connection holds up to 256 a queue once
# it has moved enough packets, and the count depends on when that was),
# as many entries are active as before the first restart.
grants_stable() {
	local f0 a0 s0 f1 a1 s1 f2 a2 s2
	read -r f0 a0 s0 </tmp/grants.before
	read -r f1 a1 s1 </tmp/grants.first
	read -r f2 a2 s2 </tmp/grants.after
	echo "frames: $f0 before, $f1 after restart 1, $f2 after the last;" \
		"active entries: $a0, $a1, $a2, of which static grants $s0, $s1, $s2"
	[ "$f0" -gt 0 ] && [ "$f2" -le "$f1" ] && [ $((a2 - s2)) -le $((a0 - s0 + 8)) ]
}

# --- nicdom ---------------------------------------------------------------

mark_ready() {
	xenstore-write "$ready_key" "$EPOCHREALTIME" && echo "ready at $(xenstore-read "$ready_key")"
}

# vif_rx -> packets the client's vif in this driver domain received (its
# transmissions; netback counts guest tx as the vif's rx).
vif_rx() {
	local f
	for f in /sys/class/net/vif*.0/statistics/rx_packets; do
		[ -r "$f" ] && cat "$f" && return 0
	done
	return 1
}

# vif_rx_atleast N: the client's vif received N packets or more.
vif_rx_atleast() { [ "$(vif_rx)" -ge "$1" ]; }

# vif_state: the client's vif counters and our netback's ring indices
# (its debugfs io_ring_q0).
vif_state() {
	local v
	grep -q ' /sys/kernel/debug debugfs' /proc/mounts ||
		mount -t debugfs none /sys/kernel/debug
	for v in /sys/class/net/vif*.0; do
		echo "${v##*/}: rx $(cat "$v/statistics/rx_packets") packets from the client," \
			"tx $(cat "$v/statistics/tx_packets") to it"
		cat "/sys/kernel/debug/xen-netback/${v##*/}/io_ring_q0"
	done
}

# nicdom_diag: the driver domain's side, for the log of a failed step.
nicdom_diag() {
	vif_state
	ip -s link
	bridge link 2>&1
	grep -E 'vif|eth|pcifront|xen' /proc/interrupts
	dmesg | tail -n 20
}

# nicdom_path_ok: this driver domain reaches dom0's peer NIC through its
# NIC, and the client's packets (its probe pings every 0.2 s) reach its vif.
nicdom_path_ok() {
	ping_ok "$dom0_ip" || { nicdom_diag; return 1; }
	# The probe's ARP requests and pings: several a second.
	wait_for 30 "the client's vif to receive 3 packets" vif_rx_atleast 3 || { nicdom_diag; return 1; }
	vif_state
}

# --- client ---------------------------------------------------------------

# probe_loop: ping dom0's peer NIC every 0.2 s and log each change between
# answered and not answered, with its time.
probe_loop() {
	local last="" now
	while :; do
		if ping -c 1 -W 1 "$dom0_ip" >/dev/null 2>&1; then now=ok; else now=down; fi
		[ "$now" = "$last" ] || echo "$EPOCHREALTIME $now"
		last=$now
		sleep 0.2
	done
}

start_probe() {
	probe_loop </dev/null >/tmp/probe.log 2>&1 &
	echo "$!" >/tmp/probe.pid
	echo "probe loop running as pid $!"
}

# start_stream SECONDS [IPERF3 ARGS]: one long TCP stream to dom0 (10
# Mbit/s, so it does not starve the domains being rebooted), in the
# background; soak.sh adds --bidir for a stream each way.
start_stream() {
	local secs=$1
	shift
	iperf3 -c "$dom0_ip" -t "$secs" -b 10M -i 10 --forceflush "$@" \
		</dev/null >/tmp/iperf.log 2>&1 &
	echo "$!" >/tmp/iperf.pid
	wait_for 20 "the stream to carry data" stream_bytes || { cat /tmp/iperf.log; return 1; }
	echo "iperf3 running as pid $!: $(stream_conn)"
}

# stream_conn -> "local-port segments-received" while the stream's data
# connection (the port iperf3 reports) is established; segments received
# counts TCP as a whole (/proc/net/snmp InSegs), and the stream is the only
# TCP traffic.  (ss would say more, but needs tcp_diag, not in the image.)
stream_conn() {
	local port
	port=$(awk '/local .* port [0-9]+ connected/ { for (i = 1; i < NF; i++) if ($i == "port") { print $(i + 1); exit } }' \
		/tmp/iperf.log) || return 1
	[ -n "$port" ] || return 1
	awk -v p="$(printf ':%04X' "$port")" '$4 == "01" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
		/proc/net/tcp || return 1
	echo "$port $(awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 } else print $c["InSegs"] }' /proc/net/snmp)"
}

stream_bytes() {
	local c
	c=$(stream_conn) && [ -n "$c" ] && [ "${c#* }" -gt 0 ]
}

# iface_state -> what must survive a restart: name, ifindex, address, route.
iface_state() {
	echo "eth0 ifindex $(cat /sys/class/net/eth0/ifindex)" \
		"$(ip -4 -o addr show dev eth0 | awk '{ print $4 }')" \
		"route $(ip route show "$kept_net" | awk '{ print $1, $2, $3 }')"
}

# setup_client: address, a route, and the state to compare later.
setup_client() {
	if_up eth0 "$client_ip/24" || return 1
	ip route add "$kept_net" via "$dom0_ip" dev eth0 || return 1
	iface_state | tee /tmp/iface.before
}

# before_restart: remember the stream's progress; the restart follows.
before_restart() {
	stream_conn | tee /tmp/stream.before
	[ -s /tmp/stream.before ]
}

# while_down: nicdom is gone; eth0 is still there, unchanged, carrier off.
while_down() {
	local now
	wait_for 20 "carrier off on eth0" grep -qx 0 /sys/class/net/eth0/carrier || {
		client_diag; return 1; }
	now=$(iface_state)
	echo "$now, carrier off, frontend state $(xenstore-read device/vif/0/state)"
	[ "$now" = "$(cat /tmp/iface.before)" ] || { echo "eth0 changed: was $(cat /tmp/iface.before)"; return 1; }
}

# first_ok_after T0 -> time of the probe's first "ok" after T0.
first_ok_after() {
	awk -v t0="$1" '$2 == "ok" && $1 > t0 { print $1; exit }' /tmp/probe.log
}

# client_diag: what the console log needs when the client did not come back.
client_diag() {
	dmesg | grep -i -E 'vif|xen|netfront|eth0' | tail -n 20
	xenstore-ls -fp device/vif/0 2>&1 | head -n 30
	xenstore-ls -fp "$(xenstore-read device/vif/0/backend)" 2>&1 | head -n 30
	ip -s link show eth0
	ip neigh show dev eth0
	grep -E 'vif|eth|xen' /proc/interrupts
	ethtool -S eth0 | grep -v ': 0$'
}

probe_ok_after() { [ -n "$(first_ok_after "$1")" ]; }

# back_after T0 CYCLE: wait for the first ping answered through the new
# nicdom and print the outage from T0, nicdom's ready mark.
back_after() {
	local t0=$1 n=$2 t1
	wait_for 90 "a ping answered through the new nicdom" probe_ok_after "$t0" || {
		client_diag; tail -n 5 /tmp/probe.log; return 1; }
	t1=$(first_ok_after "$t0")
	echo "METRIC outage_s $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') (restart $n: nicdom ready -> first ping answered)"
	echo "$(dmesg | grep -c 'is gone: keeping') losses and $(dmesg | grep -c 'reconnecting') reconnections logged by netfront"
}

# stream_back T0 CYCLE: the same TCP connection carries data again (TCP's
# retransmission backoff decides when), and eth0 is unchanged.
stream_back() {
	local t0=$1 n=$2 port0 segs0 port segs now
	read -r port0 segs0 </tmp/stream.before
	wait_for 150 "the TCP stream to carry data again" stream_grew "$port0" "$segs0" || {
		client_diag; cat /proc/net/tcp
		echo "stream before: $port0 $segs0, now: $(stream_conn)"; tail -n 3 /tmp/iperf.log; return 1; }
	now=$EPOCHREALTIME
	read -r port segs <<<"$(stream_conn)"
	echo "METRIC tcp_resumed_s $(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.1f", b - a }') (restart $n: same connection from port $port, $segs0 -> $segs TCP segments received)"
	now=$(iface_state)
	[ "$now" = "$(cat /tmp/iface.before)" ] || { echo "eth0 changed: $now, was $(cat /tmp/iface.before)"; return 1; }
	echo "$now"
}

# stream_grew PORT SEGS: the connection from PORT is still established and
# more than SEGS segments came in.
stream_grew() {
	local port segs
	read -r port segs <<<"$(stream_conn)"
	[ "$port" = "$1" ] && [ "$segs" -gt "$2" ]
}

record_mem() {
	local used s
	used=$(mem_used) || return 1
	s=$(static_count) || return 1
	echo "$used $s" >"/tmp/mem.$1"
	echo "METRIC mem client $1: $used kB used, of which $s static-grant pages (4 kB each)"
}

# stop_stream: end iperf3 (SIGINT: it reports and exits) and the probe,
# so that the memory figure that follows compares like with like.
stop_stream() {
	local pid
	kill "$(cat /tmp/probe.pid)" 2>/dev/null
	pid=$(cat /tmp/iperf.pid)
	kill -INT "$pid" 2>/dev/null
	wait_for 30 "iperf3 to exit" proc_gone "$pid" || return 1
	grep -E 'sender|receiver|terminated|error' /tmp/iperf.log | tail -n 3
	! grep -qi 'error' /tmp/iperf.log
}

mem_stable() {
	local a sa b sb
	read -r a sa </tmp/mem.before
	read -r b sb </tmp/mem.after
	echo "client memory in use: $a kB before the first restart, $b kB after the last;" \
		"static-grant pages $sa and $sb"
	# A leaked rx ring's buffers alone would be 1 MB per restart.  The
	# static-grant pages (256 a queue once it has received
	# static_grants_after packets) are the netfront's by design.
	[ $((b - 4 * sb)) -le $((a - 4 * sa + 1024)) ]
}

# restart_setup: pciback holds the NIC, nicdom (restartable, watched by
# xendd-rebind) drives it and serves the client's vif; the client reaches
# dom0's peer NIC through it.  Shared with soak.sh.
restart_setup() {
	step "load the pciback role in dom0 (xen-pciback.hide=($nic))" role_load pciback
	step "$nic is held by pciback, not by a dom0 driver" pci_owned_by "$nic" pciback
	step "dom0 drives the peer NIC $peer as $dom0_ip/24" nic_up "$peer" "$dom0_ip/24"
	step "start the xendd-rebind service in dom0 (watches for nicdom)" start_rebind_service
	nicdom_up
	in_dom nicdom "ping dom0's peer NIC from nicdom" ping_ok "$dom0_ip"
	step "create the client, vif backend=nicdom on bridge xenbr0" domu_create client 192 \
		"vif = ['backend=nicdom,bridge=xenbr0,mac=$client_mac']"
	in_dom client "load the netfront role in the client" role_load netfront
	in_dom client "eth0 as $client_ip/24, route $kept_net via $dom0_ip" setup_client
	step "the client's vif backend in nicdom is connected" \
		wait_for 30 "vif state Connected" vif_connected nicdom client
	in_dom client "ping dom0's peer NIC through nicdom" ping_ok "$dom0_ip"
}

# restart_watch_start SECONDS [IPERF3-ARGS...]: record the client's memory
# and grant table, then start the ping probe and a TCP stream of at most
# SECONDS from the client to dom0 through nicdom.
restart_watch_start() {
	in_dom client "client memory before" record_mem before
	client_grants before before
	step "start an iperf3 server in dom0" iperf3 -s -D -1 --rcv-timeout 600000
	in_dom client "start the ping probe in the client" start_probe
	in_dom client "start a TCP stream of at most $1 s ${*:2}, client to dom0 through nicdom" start_stream "$@"
}

# restart_watch_end: the stream ends without error; the client's memory is
# back within 1 MB and its grant table did not grow after the first
# restart (client_grants first, taken by the caller).
restart_watch_end() {
	in_dom client "stop the stream: iperf3 ends without error" stop_stream
	in_dom client "client memory after" record_mem after
	in_dom client "the client's memory use is back (within 1 MB)" mem_stable
	client_grants after after
	step "the client's grant table did not grow after the first restart" grants_stable
}

run_scenario() {
	local i t0
	restart_setup
	restart_watch_start $((cycles * 200 + 300))
	say "the client streams TCP to dom0 through nicdom; now nicdom is destroyed and restarted $cycles times"
	for i in $(seq 1 "$cycles"); do
		in_dom client "restart $i/$cycles: the stream's progress before" before_restart
		[ "$i" != 1 ] || step "the client's vif in xenstore, as libxl made it" vif_perms "before the first destroy"
		step "restart $i/$cycles: xl destroy nicdom" destroy_nicdom
		in_dom client "restart $i/$cycles: eth0 stays, unchanged, carrier off" while_down
		nicdom_up
		step "restart $i/$cycles: xendd-rebind moved the client's vif to the new nicdom, whose backend connects" \
			vif_rebound
		[ "$i" != 1 ] || step "the client's vif in xenstore, as xendd-rebind made it" vif_perms "after the first move"
		in_dom nicdom "restart $i/$cycles: the new nicdom reaches dom0's peer NIC, the client's packets its vif" \
			nicdom_path_ok
		t0=$(ready_time)
		in_dom client "restart $i/$cycles: the client pings dom0 through the new nicdom" \
			back_after "$t0" "$i"
		in_dom client "restart $i/$cycles: the same TCP connection carries data again" \
			stream_back "$t0" "$i"
		[ "$i" != 1 ] || client_grants first "after restart 1"
	done
	restart_watch_end
	say "nicdom was destroyed and restarted $cycles times; the client kept eth0 and its TCP stream"
}
