# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# bench: our netback/netfront pair against Debian's, side by side in one
# boot.  Run by `make bench` (bench/run.sh) as bench@netback=both,netfront=both:
# both implementations ship and each domain loads the one it stands for.
#
#   nicdeb   driver domain, Debian's netback, xenbr0 10.1.0.1/24
#   nicours  driver domain, our netback,      xenbr0 10.2.0.1/24
#   fedeb    client, Debian's netfront: a vif to each driver domain
#   feours   client, our netfront:      a vif to each driver domain
#
# so the four pairs (backend x frontend) run in the same boot.  They are
# measured in rounds: each round measures every kind of traffic for every
# pair, one kind after the other, all pairs for each kind, starting at a
# different pair each round, so that whatever drifts within a boot (the
# host's other work, the emulator's state) reaches every pair alike, and a
# ratio can be taken between the pairs' tests of the same round.
# Every figure is a "METRIC bench.<pair>.<what>.round<R> <value>" record
# (the per-vif figures of the scale step have no round); bench/report.py
# turns them into the table, the JSON and the chart.  No step here judges a
# figure: a step fails only when a measurement could not be taken.
# Last, after the scale step, dom0 is the backend (see dom0_phase): each
# client gets a vif on a bridge in dom0 (10.3.0.1/24), and dom0 loads
# Debian's netback and ours in turn, since it can hold only one
# xen-netback at a time; those figures are bench.dom0.<pair>.<what>.round<R>.
about="benchmarks: Debian's and our netback/netfront pairs side by side, the backend in driver domains then in dom0 (make bench)"
timeout=1500

# BENCH_ROUNDS rounds; in each, every TCP figure is the median of
# BENCH_RUNS runs of BENCH_SECS seconds, every other figure one test.
# Before the first round, each pair carries BENCH_WARM_SECS of TCP each way
# that is not measured (see warm_up).  A round starts only while
# the rounds so far say it will end within BENCH_ROUNDS_S seconds of the
# first: the whole lab step must stay under 20 minutes on the 2-core host.
BENCH_ROUNDS=3
BENCH_RUNS=1
BENCH_SECS=5
BENCH_WARM_SECS=2
# Round trips a latency step times (see latency): its p99 is the 20th
# slowest.  With 1000 it was the tenth slowest and moved 0.3 to 0.5 ms
# between the rounds of every pair (Documentation/bench-results.rst, run
# d6cW).  Each 1000 add about 1.5 s to a step, 18 s to the bench: with
# 3000 (run rmKM) the dom0 phase lost its second round to the budget by
# 2 s; with 2000 on a slower host (run yfcJ), by 12 s.
BENCH_PINGS=2000
BENCH_ROUNDS_S=700
# The whole scenario should be over BENCH_END_S seconds after dom0 started
# running it (dom0's $SECONDS): 20 minutes less about 90 s that are not on
# that clock (the host checks its images and builds the modules, Xen and
# dom0 boot, dom0 ships the logs, report.py runs).  A round of the driver
# domains starts only if, after it, the scale step and one round of the
# dom0 phase with one round still fit (BENCH_SCALE_EST_S +
# BENCH_DOM0_BASE_S + BENCH_DOM0_ROUND_S), and the dom0 phase has as many
# rounds as fit.  The estimates: the two scale clients took about 4
# minutes with the host to itself (run M7Vx, four vifs at a time; two at a
# time waits twice as often; 230 s for both in run kufN, 276 s in run 90VB
# with the aggregate TCP through their vifs in three steps each, two since),
# the dom0 phase see BENCH_DOM0_ROUND_S.
BENCH_END_S=1110
BENCH_SCALE_EST_S=280
# The pairs, backend-frontend, in the order a round goes through them for
# each kind of traffic; round R starts at the ((R - 1) mod 4)-th.
BENCH_PAIRS="deb-deb ours-ours ours-deb deb-ours"
# vifs of the scale client (one client, one driver domain).
BENCH_SCALE_VIFS=32
# Each vif costs its driver domain 4 xenstore watches with either netback
# (the frontend's state, hotplug-status, rate, the multicast request), and
# xenstored allows a domain 128 by default: in run 20261123-085535-fAN6
# Debian's netback got E2BIG from vif 27 on ("7 adding watch on
# .../hotplug-status"), those vifs never went Connected, and the scale step
# failed.  A driver domain serving that many vifs needs a larger quota, as
# here (Documentation/networking/xen-netback.rst, troubleshooting).
xenstored_args="--watch-nb 512"
# Bounds of the scale waits, from run 20261123-040040-3dip (6.1, TCG): xl
# create took 37 s for the 32-vif client against 12-16 s for clients with
# two vifs or none (0.7 s a vif), and Debian's netfront connected the 32 in
# 25 s (0.8 s a vif).  Each vif's hotplug script runs in the driver domain
# under xl devd, and the backend says Connected only once it has; 3 s a
# vif leaves that as much again with a margin.
BENCH_VIF_BASE_S=30
BENCH_VIF_S=3
# The scale client's interfaces, once every vif is Connected.
BENCH_SCALE_FE_S=60
# vifs attached to the scale client at a time (see scale).  Four at a time
# passed with the host to itself (11 to 22 s a batch, run M7Vx), but in run
# 20261204-164428-yggl, with the host's other processes taking 0.85 of its
# two CPUs, libxl killed the first four vif-bridge scripts for outliving
# its hotplug timeout (40 s) and none of the four went Connected.
BENCH_SCALE_BATCH=2
# Aggregate TCP client->backend over the scale client's vifs at once (see
# agg_tcp): vif k's stream goes to BENCH_AGG_NET.k.1, port BENCH_AGG_PORT + k,
# on the driver domain's bridge; the rate is read over BENCH_SECS once every
# stream is up, at most BENCH_AGG_UP_S after the first started.
BENCH_AGG_NET=10.20
BENCH_AGG_PORT=5400
BENCH_AGG_UP_S=40

# impl_of B|F -> the role implementation a short name stands for.
impl_of() { case "$1" in deb) echo debian ;; ours) echo ours ;; esac; }

# bench_net B -> the driver domain's subnet number (1: Debian's, 2: ours;
# 3: d0, dom0's bridge in the dom0 phase, whichever netback dom0 runs).
bench_net() { case "$1" in deb) echo 1 ;; ours) echo 2 ;; d0) echo 3 ;; esac; }
# bench_mac B F -> the MAC of frontend F's vif on backend B.
bench_mac() { echo "00:16:3e:0$(bench_net "$1"):00:0$(bench_net "$2")"; }
# bench_fe_addr B F -> frontend F's address on backend B's subnet.
bench_fe_addr() { echo "10.$(bench_net "$1").0.1$(bench_net "$2")"; }
bench_be_addr() { echo "10.$(bench_net "$1").0.1"; }

# irq_names IF -> the names IF's event channels start with, one a line.
# Our drivers and either netback name them after the interface (eth0-q0-tx,
# vif5.0-q0-rx); Debian's netfront names them after the xenstore device
# instead (device/vif/1 -> vif1-q0-tx, vif1-q0-rx, or vif1-q0 when the
# channel is not split), so for a frontend the second name is vif<devid>.
irq_names() {
	local node
	echo "$1"
	read -r node 2>/dev/null <"/sys/class/net/$1/device/nodename" || return 0
	case "$node" in device/vif/*) echo "vif${node##*/}" ;; esac
}

# irq_count IF -> "LINES COUNT LINE=N...": how many /proc/interrupts lines
# are IF's event channels (named NAME or NAME-..., NAME one of irq_names),
# the sum of their interrupts on every CPU, then each line's own sum.
irq_count() {
	local names
	names=$(irq_names "$1")
	awk -v names="${names//$'\n'/ }" '
		BEGIN { n = split(names, name, " ") }
		{
			for (j = 1; j <= n; j++) {
				l = length(name[j])
				if (substr($NF, 1, l) != name[j] || (length($NF) > l && substr($NF, l + 1, 1) != "-"))
					continue
				lines++
				c = 0
				for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) c += $i
				sum += c
				per = per " " $NF "=" c
				break
			}
		}
		END { print lines + 0, sum + 0 per }' /proc/interrupts
}

# be_vif CLIENT_DOMID -> the backend interface serving that client here.
be_vif() {
	local d
	for d in /sys/class/net/vif"$1".*; do
		[ -e "$d" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# read_counters IF: set, in the caller's locals, lines and irq (irq_count),
# rxp, txp, rxb and txb (the interface's packets and bytes received and
# sent) and sp and dl (the kernel's lateeoi counters of the xenbus device
# behind IF, drivers/xen/xenbus: events EOI'd as spurious and the jiffies
# their EOIs were held back, the same for every driver; "-" where there
# are none).  It reads with the shell's own read into variables instead of
# printing: each command substitution or cat is a fork, and a fork costs a
# PV guest under TCG tens of milliseconds (the counters are read around
# every test).  Only irq_count's awk forks.
read_counters() {
	local s=/sys/class/net/$1/statistics x=/sys/class/net/$1/device/xenbus
	irq_count "$1" >"/tmp/irq.$1" && read -r lines irq per <"/tmp/irq.$1" &&
		read -r rxp <"$s/rx_packets" && read -r txp <"$s/tx_packets" &&
		read -r rxb <"$s/rx_bytes" && read -r txb <"$s/tx_bytes" || return 1
	if ! read -r sp 2>/dev/null <"$x/spurious_events" || ! read -r dl 2>/dev/null <"$x/jiffies_eoi_delayed"; then
		sp=- dl=-
	fi
}

# fixed4 VAR NUM DEN: set VAR to NUM / DEN with four decimals, rounded
# half up (NUM and DEN non-negative integers, DEN > 0), without a fork.
fixed4() {
	local _f4=$((($2 * 100000 / $3 + 5) / 10))
	printf -v "$1" '%d.%04d' $((_f4 / 10000)) $((_f4 % 10000))
}

# per_sec VAR COUNT SECS: set VAR to COUNT per second over SECS seconds,
# to the nearest whole one (halves up), without a fork.
per_sec() { printf -v "$1" %d $(((2 * $2 + $3) / (2 * $3))); }

# mark_counters IF: remember an interface's interrupt and packet counters.
mark_counters() {
	local lines irq per rxp txp rxb txb sp dl
	read_counters "$1" || return 1
	echo "$irq $((rxp + txp)) $((rxb + txb)) $rxp $sp $dl $per" >"/tmp/mark.$1"
}

# counters_since KEY IF [RATE_KEY]: notifications per packet on IF since
# mark_counters, and (for the backend) the bytes moved, kept in xenstore for
# dom0.  With RATE_KEY, IF is the receiving end of a BENCH_SECS-second
# stream, and RATE_KEY is the packets it received per second: what the
# driver pair delivered to this domain's network stack, whether or not the
# application behind it kept up.
counters_since() {
	local key=$1 ifc=$2 rate=${3:-} irq0 pk0 by0 rx0 sp0 dl0 per0 lines irq per pk by rx sp dl rxp txp rxb txb v
	read -r irq0 pk0 by0 rx0 sp0 dl0 per0 <"/tmp/mark.$ifc" && read_counters "$ifc" || return 1
	if [ "$dl" != - ] && [ "${dl0:--}" != - ]; then
		echo "METRIC ${key/_irq_per_pkt./_eoi_delay_jiffies.} $((dl - dl0))"
		echo "$ifc: $((sp - sp0)) events EOI'd as spurious, their EOIs held back $((dl - dl0)) jiffies in all"
	fi
	irq=$((irq - irq0))
	pk=$((rxp + txp - pk0))
	by=$((rxb + txb - by0))
	rx=$((rxp - rx0))
	[ "$pk" -gt 0 ] || { echo "no packets moved on $ifc"; return 1; }
	xenstore-write data/bench/bytes "$by"
	if [ -n "$rate" ]; then
		per_sec v "$rx" "$BENCH_SECS"
		echo "METRIC $rate $v"
	fi
	# No line at all is a naming this file does not know, not zero
	# notifications: leave the figure out rather than report 0.
	if [ "$lines" -gt 0 ]; then
		fixed4 v "$irq" "$pk"
		echo "METRIC $key $v"
	else
		echo "$ifc: no event channel of it in /proc/interrupts (looked for: $(irq_names "$ifc" | tr '\n' ' '))"
	fi
	line_deltas v "$per0" "$per"
	echo "$ifc: $irq interrupts on $lines lines for $pk packets ($rx received), $by bytes$v"
}

# line_deltas VAR "LINE=N..." "LINE=N...": set VAR to " (LINE D, ...)",
# each event channel's interrupts between two irq_count readings, so that
# a figure can be traced to its ring; to nothing when no line is in both.
line_deltas() {
	local a b out=
	for b in $3; do
		for a in $2; do
			[ "${a%=*}" = "${b%=*}" ] || continue
			out+="${out:+, }${b%=*} $((${b##*=} - ${a##*=}))"
			break
		done
	done
	printf -v "$1" %s "${out:+ ($out)}"
}

# fe_addr B F: address frontend F's vif to backend B.
fe_addr() { if_up "$(if_by_mac "$(bench_mac "$1" "$2")")" "$(bench_fe_addr "$1" "$2")/24"; }

# be_mark CLIENT_DOMID / be_since KEY CLIENT_DOMID [RATE_KEY [PAIR TAG
# ADDR]]: the same in the driver domain, on the vif serving that client.
# With PAIR TAG ADDR, be_since then measures the pair's latency from this
# side (latency PAIR TAG ADDR, ADDR the client's address).  Last, it marks
# the counters again, so that the pair's next measurement needs no step of
# its own to mark them: until then, the vif only carries the idle traffic
# of the other tests (none).
be_mark() {
	local ifc
	ifc=$(be_vif "$1") || { echo "no backend vif for domain $1"; return 1; }
	mark_counters "$ifc"
	copy_calls "$ifc" >"/tmp/calls.$ifc"
}
be_since() {
	local ifc rc=0
	ifc=$(be_vif "$2") || { echo "no backend vif for domain $2"; return 1; }
	counters_since "$1" "$ifc" "${3:-}" || rc=1
	calls_since "${1/_be_irq_per_pkt./_be_calls_per_pkt.}" "$ifc" || rc=1
	[ -z "${4:-}" ] || latency "$4" "$5" "$6" || rc=1
	mark_counters "$ifc"
	copy_calls "$ifc" >"/tmp/calls.$ifc"
	return $rc
}

# copy_calls IF -> "TXP TXC RXP RXC NS CNS": our netback's guest-TX
# packets and grant-copy hypercalls, then guest-RX's, the nanoseconds it
# spent on both paths and, of those, in the grant-copy hypercalls, summed
# over IF's queues, from the "stats" line of its debugfs files; nothing
# for a netback without that line (Debian's).
copy_calls() {
	cat "/sys/kernel/debug/xen-netback/$1"/io_ring_q* 2>/dev/null | awk '
		$1 == "stats" { for (i = 2; i < NF; i += 2) v[$i] += $(i + 1); n++ }
		END { if (n) print v["tx_packets"] + 0, v["tx_hypercalls"] + 0, v["rx_packets"] + 0, v["rx_hypercalls"] + 0,
			v["tx_ns"] + v["rx_ns"], v["tx_copy_ns"] + v["rx_copy_ns"] }'
}

# test_secs VAR KEY: set VAR to the seconds of traffic of the test KEY
# names (its kind), without a fork.
test_secs() {
	case "$2" in
	*.tcp_*) printf -v "$1" %d $((BENCH_RUNS * BENCH_SECS)) ;;
	*) printf -v "$1" %d "$BENCH_SECS" ;;
	esac
}

# calls_since KEY IF: with our netback, the grant-copy hypercalls per
# packet since copy_calls was saved, on the path the test loaded most
# (guest TX for tcp_tx and udp_tx, guest RX for tcp_rx and udp_rx: the
# kind is in KEY), and the share of one CPU the driver took over the
# test's seconds (KEY with _be_drv_share), and of it in grant-copy
# hypercalls (_be_copy_share).  Succeeds with no figure for Debian's
# netback.
calls_since() {
	local key=$1 now was="" secs
	now=$(copy_calls "$2")
	[ -n "$now" ] || return 0
	read -r was 2>/dev/null <"/tmp/calls.$2"
	test_secs secs "$key"
	awk -v k="$key" -v a="$was" -v b="$now" -v secs="$secs" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		path = k ~ /_tx_be_calls_per_pkt/ ? 1 : 3
		p = y[path] - x[path]; c = y[path + 1] - x[path + 1]
		if (p <= 0) { print "no packets on the path since the mark"; exit 0 }
		share = k; sub(/_be_calls_per_pkt/, "_be_drv_share", share)
		copy = k; sub(/_be_calls_per_pkt/, "_be_copy_share", copy)
		printf "METRIC %s %.4f\n", k, c / p
		printf "METRIC %s %.4f\n", share, (y[5] - x[5]) / (secs * 1e9)
		printf "METRIC %s %.4f\n", copy, (y[6] - x[6]) / (secs * 1e9)
		printf "%d grant-copy hypercalls for %d packets; %.2f s in the driver, %.2f s of it in grant copies\n",
			c, p, (y[5] - x[5]) / 1e9, (y[6] - x[6]) / 1e9 }'
}

# fe_ns IF -> nanoseconds our netfront spent in transmit and receive on
# IF (ethtool -S q<N>_tx_ns and q<N>_rx_ns summed); nothing for Debian's.
fe_ns() {
	ethtool -S "$1" 2>/dev/null | awk '$1 ~ /^q[0-9]+_(tx|rx)_ns:$/ { s += $2; n++ } END { if (n) print s }'
}

# fe_share_since KEY IF: with our netfront, the share of one CPU it took
# since fe_ns was saved, over the test's seconds.
fe_share_since() {
	local now was="" secs
	now=$(fe_ns "$2")
	[ -n "$now" ] || return 0
	read -r was 2>/dev/null <"/tmp/ns.$2"
	test_secs secs "$1"
	awk -v k="$1" -v a="$was" -v b="$now" -v secs="$secs" 'BEGIN {
		if (a == "") exit 0
		printf "METRIC %s %.4f\n%.2f s in the driver\n", k, (b - a) / (secs * 1e9), (b - a) / 1e9 }'
}

# busy_jiffies VAR: set VAR to the clock ticks this domain's CPUs have been
# busy so far, from the "cpu" line of /proc/stat: user + nice + system +
# irq + softirq (not idle, iowait or steal; guest time is already counted
# in user and nice).  The shell's own read, no fork: it brackets the iperf3
# runs, and a fork costs milliseconds of CPU under TCG.
busy_jiffies() {
	local _cpu user nice sys irq softirq
	read -r _cpu user nice sys _ _ irq softirq _ </proc/stat || return 1
	printf -v "$1" %d $((user + nice + sys + irq + softirq))
}

# clk_tck -> the clock ticks per second /proc/stat counts in (USER_HZ):
# getconf's CLK_TCK where there is a getconf; the lab's images have none
# (libc-bin is not unpacked), so otherwise AT_CLKTCK (type 17) from the
# kernel's auxiliary vector, pairs of 8-byte words, as od reads its own.
clk_tck() {
	getconf CLK_TCK 2>/dev/null && return 0
	od -An -v -tu8 /proc/self/auxv | awk '{ for (i = 1; i <= NF; i++) w[n++] = $i }
		END { for (i = 0; i + 1 < n; i += 2) if (w[i] == 17 && w[i + 1] > 0) { print w[i + 1]; exit 0 }; exit 1 }'
}

# busy_share KEY BUSY0 BUSY1: METRIC KEY, this domain's CPU busy between
# two busy_jiffies readings in seconds of CPU per second of the test
# (test_secs KEY), and the seconds and ticks for the log.  The readings
# bracket iperf3 itself, its connection set-up and result exchange
# included, so the figure errs a little high.  Prints why when there is no
# figure, and succeeds either way: a missing busy share costs a bound in
# the report, not the bench.
busy_share() {
	local hz secs
	if [ -z "$2" ] || [ -z "$3" ]; then echo "no /proc/stat reading: no $1"; return 0; fi
	# The rate is read once a domain and kept: clk_tck forks twice.
	if ! read -r hz 2>/dev/null </tmp/clk_tck; then
		hz=$(clk_tck) || { echo "no clock tick rate for /proc/stat: no $1"; return 0; }
		echo "$hz" >/tmp/clk_tck
	fi
	test_secs secs "$1"
	awk -v k="$1" -v d="$(($3 - $2))" -v hz="$hz" -v secs="$secs" 'BEGIN {
		printf "METRIC %s %.4f\n", k, d / hz / secs
		printf "CPU busy during iperf3: %.2f s (%d ticks at %d/s) over %d s of test\n", d / hz, d, hz, secs }'
}

# Iterations of the canary's loop: about 30 ms of a host core natively, a
# few tenths of a second in a lab domain.
BENCH_CANARY_LOOPS=10000

# canary KEY: METRIC KEY, the seconds this domain takes for a fixed
# CPU-bound loop of the shell's own (no fork, no I/O), run right before a
# test: the emulated machine's speed at that moment, as the domain sees it
# (its vCPU descheduled counts too).  Run in round R the same way for
# every pair, so report.py can leave out a ratio whose two tests ran on a
# machine much slower than usual (SLOWED there), which the host's CPU
# samples do not show when the slowdown is inside the emulation.
canary() {
	local t0=$EPOCHREALTIME i
	for ((i = 0; i < BENCH_CANARY_LOOPS; i++)); do :; done
	awk -v k="$1" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "METRIC %s %.4f\n", k, b - a }'
}

# reverse DIR -> iperf3's flag for a direction: tx is client to server, rx
# the reverse.
reverse() { [ "$1" = rx ] && echo -R; }

# tcp_runs KEY SERVER DIR [IPERF3 ARGS]: BENCH_RUNS iperf3 runs of
# BENCH_SECS seconds, one METRIC per run (Mbit/s at the receiver): KEY for
# a single run, KEY.runN when there are more.
tcp_runs() {
	local key=$1 srv=$2 dir=$3 r out rate
	shift 3
	for ((r = 1; r <= BENCH_RUNS; r++)); do
		# shellcheck disable=SC2046 # no flag or one
		out=$(iperf3 -c "$srv" -t "$BENCH_SECS" -f m $(reverse "$dir") "$@" 2>&1) || { echo "$out" | tail -n 3; return 1; }
		rate=$(echo "$out" | awk '/receiver/ { print $(NF-2) }' | tail -n1)
		[ -n "$rate" ] || { echo "$out" | tail -n 3; return 1; }
		if [ "$BENCH_RUNS" -gt 1 ]; then echo "METRIC $key.run$r $rate"; else echo "METRIC $key $rate"; fi
	done
}

# iperf_udp_sums -> "SENT SENT_SECS GOT GOT_SECS" from iperf3 -J on stdin
# (iperf3 3.12 pretty-prints one key a line): the datagrams the sender sent
# and those the receiving iperf3 got (its count less the lost ones), with
# the seconds each side measured, from end.sum_sent and end.sum_received.
iperf_udp_sums() {
	awk '
		/"sum_sent":/ { blk = "s"; next }
		/"sum_received":/ { blk = "r"; next }
		blk != "" && /}/ { blk = ""; next }
		blk != "" {
			kv = $0
			gsub(/[ \t",]/, "", kv)
			c = index(kv, ":")
			f[blk substr(kv, 1, c - 1)] = substr(kv, c + 1)
		}
		END {
			if (f["spackets"] == "" || f["rpackets"] == "" || f["rseconds"] + 0 <= 0) exit 1
			print f["spackets"], f["sseconds"], f["rpackets"] - f["rlost_packets"], f["rseconds"]
		}'
}

# udp_pps KEY SERVER DIR: 64-byte UDP datagrams as fast as iperf3 sends them
# (-b 0: no pacing at all, in iperf3 3.12); KEY is the datagrams per second
# that reached the receiving iperf3.  A receiver that cannot keep up drops
# them in its socket buffer, after the drivers delivered them: the
# interface counters (counters_since RATE_KEY) say what the pair moved.
udp_pps() {
	local key=$1 srv=$2 dir=$3 out sent ssecs got gsecs
	# shellcheck disable=SC2046 # no flag or one
	out=$(iperf3 -c "$srv" -u -l 64 -b 0 -t "$BENCH_SECS" -J $(reverse "$dir") 2>&1) ||
		{ echo "$out" | grep -m1 '"error"' || echo "$out" | tail -n 3; return 1; }
	read -r sent ssecs got gsecs <<<"$(echo "$out" | iperf_udp_sums)"
	[ -n "$gsecs" ] || { echo "no UDP sums in iperf3's JSON:"; echo "$out" | tail -n 5; return 1; }
	awk -v k="$key" -v s="$sent" -v st="$ssecs" -v g="$got" -v gt="$gsecs" 'BEGIN {
		printf "METRIC %s %.0f\n", k, g / gt
		printf "iperf3: sent %d datagrams in %.2f s (%.0f/s); the receiving iperf3 got %d in %.2f s (%.0f/s), %.0f%% lost\n",
			s, st, s / st, g, gt, g / gt, s ? 100 * (s - g) / s : 0 }'
}

# latency PAIR TAG ADDR: BENCH_PINGS back-to-back pings; median and 99th
# percentile (ms) as bench.PAIR.rtt_median_ms.TAG and rtt_p99_ms.TAG.  Run
# in the driver domain, to the client: a round trip crosses both drivers
# in both directions whichever end sends the echo request.
latency() {
	local out times
	cpu_mark
	out=$(ping -A -c "$BENCH_PINGS" -W 5 "$3" 2>&1) || { echo "$out" | tail -n 2; return 1; }
	cpu_since "during the pings"
	times=$(echo "$out" | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p')
	echo "$times" | rtt_shape
	echo "$times" | sort -n | awk -v k="bench.$1" -v t="$2" '
		{ v[NR] = $1 }
		END { if (NR < 100) exit 1
		      printf "METRIC %s.rtt_median_ms.%s %s\nMETRIC %s.rtt_p99_ms.%s %s\n", k, t, v[int((NR + 1) / 2)], k, t, v[int(NR * 0.99)] }'
}

# rtt_shape: from round trips (ms, one a line, in the order sent), one line
# with their quartiles and the medians of the first and last 50, and one
# with the slowest ten, each with its place in the run.  Only for the log:
# it tells a slow mode that lasts the whole run from a backlog that drains
# during it, and a tail in one burst (the host or the emulator stopped the
# domains a moment) from one spread over the run.
rtt_shape() {
	local times q
	times=$(cat)
	[ -n "$times" ] || return 0
	# Quartiles from sort(1): an awk sort of thousands of values is slow
	# under TCG.
	q=$(echo "$times" | sort -n | awk '{ v[NR] = $1 }
		END { printf "min %s p25 %s median %s p75 %s max %s", v[1], v[int((NR + 3) / 4)], v[int((NR + 1) / 2)], v[int((3 * NR + 3) / 4)], v[NR] }')
	echo "$times" | awk -v q="$q" 'function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
			return n ? a[int((n + 1) / 2)] : "-" }
		{
			v[NR] = $1
			# The ten slowest so far, slowest first: t[] values, at[] places
			# (t[11] only takes what drops off the end).
			for (j = nt < 10 ? ++nt : 11; j > 1 && t[j - 1] + 0 < $1 + 0; j--) { t[j] = t[j - 1]; at[j] = at[j - 1] }
			if (j <= 10) { t[j] = $1; at[j] = NR }
		}
		END {
			n = NR
			for (i = 1; i <= 50 && i <= n; i++) f[i] = v[i]
			for (i = n > 50 ? n - 49 : 1; i <= n; i++) l[++m] = v[i]
			nf = n < 50 ? n : 50
			printf "round trips (ms): %s; median of the first 50 %s, of the last 50 %s\n", q, med(f, nf), med(l, m)
			printf "slowest round trips (ms @ place of %d):", n
			for (j = 1; j <= nt; j++) printf " %s@%d", t[j], at[j]
			printf "\n" }'
}

# cpu_mark / cpu_since WHAT: for the log, this domain's CPU use between the
# two (/proc/stat: busy share, softirq share, context switches) and the
# three threads that took most of it (utime + stime, in clock ticks).
cpu_mark() {
	# The threads first: reading them all takes a tenth of a second of
	# CPU under TCG, which is not the pings'.
	thread_ticks >/tmp/threads.mark
	head -n 1 /proc/stat >/tmp/cpu.mark
	grep '^ctxt ' /proc/stat >>/tmp/cpu.mark
}
thread_ticks() {
	cat /proc/[0-9]*/task/[0-9]*/stat 2>/dev/null | awk '{
		c = $0; sub(/^[0-9]+ \(/, "", c); sub(/\) .*/, "", c)
		r = $0; sub(/.*\) /, "", r); split(r, f, " ")
		print $1, f[12] + f[13], c }'
}
cpu_since() {
	local a
	a=$(head -n 1 /proc/stat; grep '^ctxt ' /proc/stat)
	awk -v what="$1" -v a="$a" 'BEGIN { split(a, y, "\n") }
		NR == 1 { split($0, x0, " ") } NR == 2 { c0 = $2 }
		END {
			split(y[1], x1, " "); split(y[2], c, " ")
			for (i = 2; i in x1; i++) { d = x1[i] - x0[i]; tot += d; if (i == 5 || i == 6) idle += d; if (i == 8) si = d }
			if (tot > 0) printf "CPU %s: busy %.2f, softirq %.2f, %d context switches\n", what, (tot - idle) / tot, si / tot, c[2] - c0 }' /tmp/cpu.mark
	thread_ticks | awk 'NR == FNR { t[$1] = $2; next }
		{ d = $2 - ($1 in t ? t[$1] : 0); if (d > 0) print d, $3 }' /tmp/threads.mark - |
		sort -rn | head -n 3 | awk '{ s = s (s ? ", " : "") $2 " " $1 } END { print "busiest threads (ticks): " (s ? s : "none") }'
}

# loopback_server / loopback KEY: the in-domain bound, TCP over lo, with
# the server on its own port.  Measured in every round, it also shows how
# fast the emulated machine ran in that round.
loopback_server() {
	iperf3 -s -D -p 5300 || return 1
	wait_for 10 "the iperf3 server on lo" sh -c 'ss -ltn 2>/dev/null | grep -q :5300 || netstat -ltn | grep -q :5300'
}
loopback() { tcp_runs "$1" 127.0.0.1 tx -p 5300; }

# drop_caches: write back and drop the page cache before a memory reading.
drop_caches() { sync && echo 3 >/proc/sys/vm/drop_caches; }
# kthreads -> number of kernel threads (children of kthreadd).
kthreads() { awk '$4 == 2' /proc/[0-9]*/stat 2>/dev/null | wc -l; }
# vif_irqs -> IRQ lines of backend vifs.
vif_irqs() { grep -c ' vif[0-9]' /proc/interrupts; }

# scale_mark / scale_since KEY N: backend memory, kernel threads and IRQs per vif.
scale_mark() {
	drop_caches
	echo "$(mem_avail_kb) $(kthreads) $(vif_irqs)" >/tmp/scale.mark
}
scale_since() {
	local key=$1 n=$2 m0 t0 i0
	read -r m0 t0 i0 </tmp/scale.mark || return 1
	drop_caches
	awk -v k="$key" -v n="$n" -v m0="$m0" -v m1="$(mem_avail_kb)" -v t0="$t0" -v t1="$(kthreads)" \
		-v i0="$i0" -v i1="$(vif_irqs)" 'BEGIN {
		printf "METRIC %s.be_mem_kb_per_vif %.1f\n", k, (m0 - m1) / n
		printf "METRIC %s.be_kthreads_per_vif %.2f\n", k, (t1 - t0) / n
		printf "METRIC %s.be_irqs_per_vif %.2f\n", k, (i1 - i0) / n }'
}

# fe_scale_load IMPL / fe_scale KEY N: in the scale client, mark the
# memory and load the netfront before any vif exists; once the vifs are
# attached, wait for N interfaces, bring them up and report frontend
# memory per vif.  One ip process brings all of them up: in the first run,
# with one ip run per interface, 46 s passed between the netfront's load
# returning and the memory reading (scaledeb's console, 51.9 s to 98.2 s).
fe_scale_load() {
	drop_caches
	mem_avail_kb >/tmp/fe.mark
	role_load netfront "$(impl_of "$1")" >/dev/null
}
fe_scale() {
	local key=$1 m0 i
	read -r m0 </tmp/fe.mark || return 1
	wait_for "$BENCH_SCALE_FE_S" "$2 interfaces" sh -c "[ \$(ls -d /sys/class/net/eth* 2>/dev/null | wc -l) -ge $2 ]" || return 1
	for i in /sys/class/net/eth*; do echo "link set dev ${i##*/} up"; done | ip -batch - || return 1
	drop_caches
	echo "METRIC $key.fe_mem_kb_per_vif $(awk -v a="$m0" -v b="$(mem_avail_kb)" -v n="$2" 'BEGIN { printf "%.1f", (a - b) / n }')"
}

# agg_servers N: in the driver domain, an address BENCH_AGG_NET.k.1/24 on
# xenbr0 and an iperf3 server on port BENCH_AGG_PORT + k for k = 1..N.  A
# subnet per vif puts each stream of agg_tcp on a vif of its own (the
# client routes BENCH_AGG_NET.k.0/24 through the interface holding
# BENCH_AGG_NET.k.2).  They stay, idle, until the boot ends: a step to
# remove them would cost the dom0 phase its time (see scale).
agg_servers() {
	local k
	for ((k = 1; k <= $1; k++)); do echo "address add $BENCH_AGG_NET.$k.1/24 dev xenbr0"; done | ip -batch - || return 1
	for ((k = 1; k <= $1; k++)); do iperf3 -s -D -p $((BENCH_AGG_PORT + k)) || return 1; done
	wait_for 30 "$1 iperf3 servers listening" agg_count "$1" -ltn
}

# scale_done KEY N: in the driver domain, scale_since, then agg_servers.
scale_done() { scale_since "$@" && agg_servers "$2"; }

# agg_count N SS_ARGS...: at least N sockets that ss lists with SS_ARGS
# have a port of agg_servers' in ss's fourth column: the local address of
# a listening socket (-ltn: State Recv-Q Send-Q Local Peer), the peer of a
# connection under a state filter (which drops the State column).
agg_count() {
	local n=$1
	shift
	[ "$(ss -H "$@" | awk -v lo=$((BENCH_AGG_PORT + 1)) -v hi=$((BENCH_AGG_PORT + 999)) '
		{ p = $4; sub(/.*:/, "", p); if (p + 0 >= lo && p + 0 <= hi) c++ }
		END { print c + 0 }')" -ge "$n" ]
}

# agg_bytes IF... -> each interface's tx_bytes, space-separated.
agg_bytes() {
	local i b out=""
	for i in "$@"; do read -r b <"/sys/class/net/$i/statistics/tx_bytes" || return 1; out+="$b "; done
	echo "$out"
}

# agg_tcp KEY N: in the scale client, one iperf3 stream to the driver domain
# through each of its N interfaces at once (interface k holds
# BENCH_AGG_NET.k.2/24; ARP answered and sourced per interface, or the
# driver domain would reach every address through one vif).  Once all N
# streams are connected, the bytes the N interfaces sent over BENCH_SECS
# are the figure: KEY.scale_tcp_tx_mbps, Mbit/s on the wire (headers
# included).  Every stream must still run at the end of that window and
# every vif must have carried some of it; the streams are then stopped.
agg_tcp() {
	local key=$1 n=$2 k ifs=() pids=() b0 b1 t0 t1 pid
	echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore && echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce || return 1
	for k in /sys/class/net/eth*; do ifs+=("${k##*/}"); done
	[ "${#ifs[@]}" -ge "$n" ] || { echo "${#ifs[@]} interfaces, not $n"; return 1; }
	ifs=("${ifs[@]:0:n}")
	for ((k = 1; k <= n; k++)); do echo "address add $BENCH_AGG_NET.$k.2/24 dev ${ifs[k - 1]}"; done | ip -batch - || return 1
	for ((k = 1; k <= n; k++)); do
		iperf3 -c "$BENCH_AGG_NET.$k.1" -p $((BENCH_AGG_PORT + k)) -t $((BENCH_AGG_UP_S + 2 * BENCH_SECS)) \
			>"/tmp/agg.$k" 2>&1 &
		pids+=("$!")
	done
	# A test is a control connection and a data connection.
	if ! wait_for "$BENCH_AGG_UP_S" "$n streams connected" agg_count $((2 * n)) -tn state established; then
		kill "${pids[@]}" 2>/dev/null
		tail -n 2 /tmp/agg.1
		return 1
	fi
	b0=$(agg_bytes "${ifs[@]}") && t0=$EPOCHREALTIME || return 1
	nap "$BENCH_SECS"
	b1=$(agg_bytes "${ifs[@]}") && t1=$EPOCHREALTIME || return 1
	for pid in "${pids[@]}"; do
		kill -0 "$pid" 2>/dev/null && continue
		echo "a stream ended within the window:"
		grep -l -i error /tmp/agg.* | head -n 1 | xargs -r tail -n 2
		kill "${pids[@]}" 2>/dev/null
		return 1
	done
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}"
	agg_rate "$key" "$b0" "$b1" "$t0" "$t1"
}

# agg_rate KEY "B0..." "B1..." T0 T1: from two agg_bytes readings at
# times T0 and T1 (seconds), METRIC KEY.scale_tcp_tx_mbps (all interfaces'
# bytes together, Mbit/s) and a line with the least and the most one
# interface carried; fails, without a figure, when one carried nothing.
agg_rate() {
	awk -v k="$1" -v a="$2" -v b="$3" -v t0="$4" -v t1="$5" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) {
			d = y[i] - x[i]; sum += d
			if (i == 1 || d < lo) lo = d
			if (i == 1 || d > hi) hi = d
		}
		if (lo <= 0) { printf "a vif carried nothing in the window (%d of %d bytes)\n", lo, sum; exit 1 }
		s = t1 - t0
		mbit = 8 / s / 1e6
		printf "METRIC %s.scale_tcp_tx_mbps %.0f\n", k, sum * mbit
		printf "%d streams, %.2f s: %.0f Mbit/s in all, %.1f to %.1f a vif\n", n, s, sum * mbit,
			lo * mbit, hi * mbit }'
}

# cpu_s DOMAIN -> CPU seconds the domain has used, summed over its vCPUs:
# the sixth column of xl vcpu-list (Name ID VCPU CPU State Time(s), then the
# hard and soft affinities, "all / all": counting from the end of the line,
# as this did, reads the "/" and adds up zeros).
cpu_s() {
	xl vcpu-list "$1" | awk '
		NR > 1 && $6 ~ /^[0-9]+(\.[0-9]+)?$/ { s += $6; n++ }
		END { if (!n) exit 1; printf "%.1f\n", s }'
}

# dom_cpu -> "NAME SECONDS" for every domain, summed over its vCPUs
# (xl vcpu-list, as cpu_s); dom_cpu_since MARK -> the domains that used
# CPU since MARK (dom_cpu's output), busiest first, for the log.
dom_cpu() {
	xl vcpu-list | awk 'NR > 1 && $6 ~ /^[0-9]+(\.[0-9]+)?$/ { s[$1] += $6 } END { for (d in s) print d, s[d] }'
}
dom_cpu_since() {
	dom_cpu | awk 'NR == FNR { t[$1] = $2; next } { d = $2 - t[$1]; if (d >= 0.05) printf "%.1f %s\n", d, $1 }' "$1" - |
		sort -rn | awk '{ s = s (s ? ", " : "") $2 " " $1 } END { print s ? s : "none above 0.05 s" }'
}

# dom_cpu_s NAME SNAPSHOT -> domain NAME's CPU seconds in SNAPSHOT (a file
# of dom_cpu's output); fails when the domain is not in it.
dom_cpu_s() { awk -v d="$1" '$1 == d { print $2; found = 1 } END { exit !found }' "$2"; }

# be_busy KEY NAME BEFORE AFTER: from dom0, METRIC KEY: domain NAME's CPU
# seconds between two dom_cpu snapshots (files) per second of the test
# (test_secs KEY), with a line for the log; nothing when either snapshot
# lacks the domain.  The snapshots bracket the client's whole traffic step,
# a few seconds longer than the test, during which the driver domain is
# otherwise idle: the figure slightly overstates its busy share during the
# test.  xl's Time(s) has a resolution of 0.1 s.
be_busy() {
	local c0 c1 v secs
	c0=$(dom_cpu_s "$2" "$3") && c1=$(dom_cpu_s "$2" "$4") || return 0
	test_secs secs "$1"
	v=$(awk -v a="$c0" -v b="$c1" -v secs="$secs" 'BEGIN { printf "%.4f", (b - a) / secs }')
	emit "METRIC $1 $v"
	emit "OUT dom0 $2: $c0 -> $c1 s of CPU over the client's step, $v per second of test"
}

# be_cpu_per_gb KEY DOMAIN [SNAPSHOT]: CPU seconds of the backend's
# domain since the mark, per GB the backend moved (bytes from
# counters_since): up to now, or with SNAPSHOT (a dom_cpu file) up to it.
be_cpu_mark() { cpu_s "$1" >"/tmp/cpu.$1"; }
be_cpu_per_gb() {
	local key=$1 dom=$2 c0 c1 by
	read -r c0 2>/dev/null <"/tmp/cpu.$dom" && [ -n "$c0" ] || return 1
	if [ -n "${3:-}" ]; then c1=$(dom_cpu_s "$dom" "$3"); else c1=$(cpu_s "$dom"); fi || return 1
	by=$(xenstore-read "/local/domain/$(domid "$dom")/data/bench/bytes") || return 1
	awk -v k="$key" -v d="$dom" -v c0="$c0" -v c1="$c1" -v by="$by" 'BEGIN {
		if (by <= 0) exit 1
		printf "METRIC %s %.2f\n", k, (c1 - c0) / (by / 1e9)
		printf "%s: %.1f s of CPU (%.1f -> %.1f) for %d bytes\n", d, c1 - c0, c0, c1, by }'
}

# fe_traffic B F KIND TAG [dom0]: in client fe<F>, one kind of traffic
# (tcp_tx, tcp_rx, udp_tx, udp_rx) to driver domain nic<B>, after the
# client's canary (KIND_fe_canary_s), with the
# frontend's notifications per packet over it, the client's CPU busy
# during the iperf3 run(s) (KIND_fe_busy, see busy_share), and for udp_rx
# the packets its interface received per second.  Figures are
# bench.b<B>-f<F>.<what>.TAG.  With dom0, the traffic goes to dom0 instead,
# over the client's vif on dom0's bridge (netback B loaded there), and the
# figures are bench.dom0.b<B>-f<F>.<what>.TAG, without the busy share (the
# dom0 phase has no driver domain busy share to set it against).
fe_traffic() {
	local b=$1 f=$2 kind=$3 tag=$4 net=$1 pair="b$1-f$2" ifc srv rate="" busy0="" busy1=""
	[ "${5:-}" != dom0 ] || { net=d0; pair=dom0.$pair; }
	ifc=$(if_by_mac "$(bench_mac "$net" "$f")") || { echo "no interface with MAC $(bench_mac "$net" "$f")"; return 1; }
	srv=$(bench_be_addr "$net")
	canary "bench.$pair.${kind}_fe_canary_s.$tag"
	mark_counters "$ifc"
	fe_ns "$ifc" >"/tmp/ns.$ifc"
	busy_jiffies busy0
	case "$kind" in
	tcp_*) tcp_runs "bench.$pair.${kind}_mbps.$tag" "$srv" "${kind#tcp_}" || return 1 ;;
	udp_*) udp_pps "bench.$pair.${kind}_app_pps.$tag" "$srv" "${kind#udp_}" || return 1 ;;
	esac
	busy_jiffies busy1
	[ "${5:-}" = dom0 ] || busy_share "bench.$pair.${kind}_fe_busy.$tag" "$busy0" "$busy1"
	[ "$kind" != udp_rx ] || rate=bench.$pair.udp_rx_pps.$tag
	fe_share_since "bench.$pair.${kind}_fe_drv_share.$tag" "$ifc"
	counters_since "bench.$pair.${kind}_fe_irq_per_pkt.$tag" "$ifc" "$rate"
}

# measure B F KIND TAG: fe_traffic, then the backend's notifications per
# packet over the same test (for udp_tx also its packets received per
# second; after udp_rx, the last kind, the pair's latency), the driver
# domain's CPU busy over the client's step (KIND_be_busy, see be_busy)
# and, for TCP, the driver domain's CPU per GB.  The backend's counters
# were marked by be_mark or by the pair's previous be_since.
measure() {
	local b=$1 f=$2 kind=$3 tag=$4 pair="b$1-f$2" nic=nic$1 fe=fe$2 cid be_rate="" what ping=()
	cid=$(domid "$fe")
	[ "$kind" != udp_tx ] || be_rate=bench.$pair.udp_tx_pps.$tag
	[ "$kind" != udp_rx ] || ping=("$pair" "$tag" "$(bench_fe_addr "$b" "$f")")
	# dom0 reads the domains' CPU time itself, without a step of its own:
	# one dom_cpu snapshot right before the client's step and one right
	# after it (each xl run costs dom0 about 0.3 s of emulated CPU).  The
	# files are removed first so that a failed reading leaves no figure
	# (and fails be_cpu_per_gb) instead of leaving an older one in place.
	rm -f "/tmp/cpu.$nic" /tmp/dom_cpu.before /tmp/dom_cpu.mark
	dom_cpu >/tmp/dom_cpu.before
	case "$kind" in
	tcp_*)
		what="iperf3 TCP, $BENCH_RUNS x ${BENCH_SECS}s"
		# The driver domain's mark for its CPU per GB, from the same
		# snapshot.
		dom_cpu_s "$nic" /tmp/dom_cpu.before >"/tmp/cpu.$nic" || rm -f "/tmp/cpu.$nic"
		;;
	udp_*) what="iperf3 UDP 64-byte datagrams, ${BENCH_SECS}s" ;;
	esac
	in_dom "$fe" "[$tag] [$pair] $kind: $what; frontend notifications per packet" \
		fe_traffic "$b" "$f" "$kind" "$tag"
	# The snapshot after the client's step is also the mark of the
	# latency step's CPU seconds (udp_rx).
	dom_cpu >/tmp/dom_cpu.mark
	be_busy "bench.$pair.${kind}_be_busy.$tag" "$nic" /tmp/dom_cpu.before /tmp/dom_cpu.mark
	in_dom "$nic" "[$tag] [$pair] $kind: backend notifications per packet${be_rate:+, packets received}${ping:+; latency: $BENCH_PINGS back-to-back pings to fe$f}" \
		be_since "bench.$pair.${kind}_be_irq_per_pkt.$tag" "$cid" "$be_rate" "${ping[@]}"
	[ -z "${ping[*]}" ] || emit "OUT dom0 CPU seconds of each domain during the latency step: $(dom_cpu_since /tmp/dom_cpu.mark)"
	case "$kind" in
	tcp_*) step "[$tag] [$pair] $kind: backend CPU seconds per GB" \
		be_cpu_per_gb "bench.$pair.${kind}_be_cpu_s_per_gb.$tag" "$nic" /tmp/dom_cpu.mark ;;
	esac
}

# warm_up B: BENCH_WARM_SECS of TCP each way for the pair, not measured.
# Under TCG a code path runs slowly the first times, while QEMU translates
# it, and each domain runs its own copy of the kernel and the modules:
# without this, the first round would charge that to whichever pair it
# measured first.  Run in client fe<F> for the pair (B, F); the rates are
# printed for the record.
warm_up() {
	local srv out kind
	srv=$(bench_be_addr "$1")
	out=$(for kind in tx rx; do
		BENCH_SECS=$BENCH_WARM_SECS BENCH_RUNS=1 tcp_runs "TCP $kind (Mbit/s)" "$srv" "$kind" || exit 1
	done) || { echo "$out" | tail -n 3; return 1; }
	echo "$out" | sed -n 's/^METRIC /warm-up, not measured: /p'
}

# driver_domain B: a driver domain with implementation B of netback.
driver_domain() {
	local b=$1
	step "create nic$b, a driver domain for $b netback" domu_create "nic$b" 256 "driver_domain = 1"
	in_dom "nic$b" "load $b netback in nic$b" role_load netback "$(impl_of "$b")"
	in_dom "nic$b" "bridge xenbr0 ($(bench_be_addr "$b")/24) in nic$b" make_bridge xenbr0 "$(bench_be_addr "$b")/24"
	in_dom "nic$b" "start xl devd in nic$b, its log on the console" start_devd_traced
	in_dom "nic$b" "start an iperf3 server in nic$b" iperf3 -s -D
}

# frontend F: a client with implementation F of netfront, a vif on each
# driver domain.
frontend() {
	local f=$1 b
	step "create fe$f, a client for $f netfront with a vif on each driver domain" domu_create "fe$f" 192 \
		"vif = ['backend=nicdeb,bridge=xenbr0,mac=$(bench_mac deb "$f")', 'backend=nicours,bridge=xenbr0,mac=$(bench_mac ours "$f")']"
	in_dom "fe$f" "load $f netfront in fe$f" role_load netfront "$(impl_of "$f")"
	for b in deb ours; do
		in_dom "fe$f" "fe$f: address the vif to nic$b" fe_addr "$b" "$f"
		in_dom "fe$f" "fe$f reaches nic$b" ping_ok "$(bench_be_addr "$b")"
	done
}

# scale B: one client with BENCH_SCALE_VIFS vifs on nic<B>, frontend <B> too:
# memory, threads and IRQs per idle vif, then TCP through all of them.
# The vifs are attached BENCH_SCALE_BATCH at a time, each batch Connected
# before the next: created all at once, the 32 hotplug scripts that xl devd
# starts together in the one-vCPU driver domain outlived libxl's hotplug
# timeout and were killed (runs fAN6, Vczh, H4du: 1 to 26 of 32 Connected).
scale() {
	local b=$1 i mac n=$BENCH_SCALE_VIFS done=0
	in_dom "nic$b" "[scale-$b] mark nic$b's memory, kernel threads, IRQs" scale_mark
	step "[scale-$b] create a client for $n vifs on nic$b" domu_create "scale$b" 256
	in_dom "scale$b" "[scale-$b] load $b netfront" fe_scale_load "$b"
	while [ "$done" -lt "$n" ]; do
		for i in $(seq $((done + 1)) $((done + BENCH_SCALE_BATCH))); do
			[ "$i" -le "$n" ] || break
			mac=00:16:3e:0b:00:$(printf %02x "$i")
			step "[scale-$b] attach vif $i" xl network-attach "scale$b" backend="nic$b" bridge=xenbr0 mac="$mac"
			done=$i
		done
		step "[scale-$b] $done vifs connected" scale_connected "$b" "$done"
	done
	in_dom "scale$b" "[scale-$b] $n interfaces up in scale$b" fe_scale "bench.b$b-f$b" "$n"
	in_dom "nic$b" "[scale-$b] nic$b's memory, threads and IRQs per vif; $n iperf3 servers, a subnet each" \
		scale_done "bench.b$b-f$b" "$n"
	in_dom "scale$b" "[scale-$b] TCP to nic$b through all $n vifs at once" agg_tcp "bench.b$b-f$b" "$n"
	step "[scale-$b] destroy the scale client" xl destroy "scale$b"
}

# vifs_with BACKEND FRONTEND KEY VALUE -> how many of FRONTEND's vifs have
# KEY = VALUE in their backend directory.  xenstore-ls -f prints full paths
# (plain xenstore-ls indents one space a level, and the vif's own keys sit
# one level under its number).
vifs_with() {
	local fid bid dir
	fid=$(domid "$2") && bid=$(domid "$1") || return 1
	dir=/local/domain/$bid/backend/vif/$fid
	xenstore-ls -f "$dir" 2>/dev/null | grep -c "^$dir/[0-9]*/$3 = \"$4\"\$"
}

# all_connected BACKEND FRONTEND N: the backend says Connected (4) for N
# vifs of FRONTEND.
all_connected() { [ "$(vifs_with "$1" "$2" state 4)" -ge "$3" ]; }

# scale_connected B N: wait until nic<B> says Connected for the N vifs of
# scale<B>, at most BENCH_VIF_BASE_S plus BENCH_VIF_S a vif; say how far
# it got (and how many hotplug scripts finished) when it gives up.
scale_connected() {
	local limit=$((BENCH_VIF_BASE_S + BENCH_VIF_S * $2))
	wait_for "$limit" "$2 vifs Connected" all_connected "nic$1" "scale$1" "$2" && return 0
	echo "after ${limit}s nic$1 says Connected for $(vifs_with "nic$1" "scale$1" state 4) of $2 vifs" \
		"(hotplug-status connected: $(vifs_with "nic$1" "scale$1" hotplug-status connected))"
	return 1
}

# pin_domains: each driver domain's vCPU on physical CPU 1, each client's
# and dom0's on CPU 0, so that every pair runs in the same placement.  Left
# to Xen's scheduler, the placement changed from one boot to the next and
# decided the figures more than the drivers did: our pair's TCP
# client->backend was 770 Mbit/s in one boot and 175 in the next, the other
# pairs unchanged (Documentation/bench-results.rst).  dom0 is busy during a
# test too: the step runner polls the client every 2 s (xenstore-read and
# xl list, each a fork under TCG) and xenconsoled writes the consoles.
# Floating, that work fell on either side of the pair; on CPU 0 it falls on
# the client's side for every pair alike (the side with the less work: the
# driver domain copies the grants, bridges and runs the other iperf3 end).
pin_domains() {
	local d
	for d in nicdeb nicours; do xl vcpu-pin "$d" all 1 || return 1; done
	for d in fedeb feours Domain-0; do xl vcpu-pin "$d" all 0 || return 1; done
	xl vcpu-list | awk 'NR == 1 || /^(nic|fe|Domain-0)/'
}

# rotate N WORD... -> the words, starting at the N-th (from 0), wrapping.
rotate() {
	local n=$1 i
	shift
	for i in $(seq 0 $(($# - 1))); do
		i=$(((i + n) % $# + 1))
		printf '%s ' "${!i}"
	done
}

# bench_round R: round R.  It goes through the kinds of traffic, and for
# each through every pair, starting at pair (R - 1) mod 4 of BENCH_PAIRS:
# the two tests a ratio compares are a few steps apart, and over four
# rounds each pair takes each place once.  The loopback bound opens it:
# how fast the machine ran in this round.  The backends' counters are
# marked once, in the first round; every later test of a pair goes on from
# the mark its last be_since left.
bench_round() {
	local tag=round$1 order pair kind
	# shellcheck disable=SC2086 # the pairs are words
	order=$(rotate $(($1 - 1)) $BENCH_PAIRS)
	say "bench round $1: $order"
	in_dom fedeb "[$tag] loopback bound: TCP over lo in fedeb" loopback "bench.loopback.tcp_mbps.$tag"
	if [ "$1" = 1 ]; then
		for pair in $order; do
			in_dom "nic${pair%-*}" "[$tag] [b${pair%-*}-f${pair#*-}] mark the backend's counters" be_mark "$(domid "fe${pair#*-}")"
		done
	fi
	for kind in tcp_tx tcp_rx udp_tx udp_rx; do
		for pair in $order; do measure "${pair%-*}" "${pair#*-}" "$kind" "$tag"; done
	done
}

# --- The backend in dom0 -----------------------------------------------------
#
# Last, dom0 is the backend: each client gets one more vif, with its
# backend in dom0, on a bridge of dom0's own (10.3.0.1/24, "d0" in
# bench_net), and the four pairs are measured over it, TCP each way.  dom0
# can hold one xen-netback at a time, so the phase has two halves:
# Debian's netback (pairs deb-deb and deb-ours), then ours (ours-ours and
# ours-deb).  A half loads the module, attaches the two vifs, addresses
# them, warms them up, measures the phase's rounds back to back, then
# detaches the vifs and unloads the module.  Round R's figures are
# bench.dom0.b<B>-f<F>.<what>.roundR (a ratio: Debian's half's round R
# against ours), its duration bench.dom0.round.secs.roundR (its tests in
# both halves); a round the time budget left out is
# bench.dom0.round.skipped.roundR (the seconds it was expected to take).
# Unlike the driver domains' rounds, the two tests of a ratio are half a
# phase apart (a module swap, a minute or two).  Until 2026-12-06 each
# round repeated both halves, module swaps included; the swaps cost as much
# as the tests, so on the slower host only one round fitted (runs SP4u to
# VbAh) and one reading decided each dom0 ratio.

# Rounds of the dom0 phase: as many as fit, up to BENCH_DOM0_ROUNDS, the
# phase within BENCH_DOM0_S and the bench by BENCH_END_S.  At 3, run TtW5
# fitted all three and make bench took 19 min 11 s, too near the 20
# minutes; each round is about 70 s.
BENCH_DOM0_ROUNDS=2
BENCH_DOM0_S=420
# The estimates, both halves together: the halves' own steps (pin, bridge,
# load, two attaches, two addresses and pings, two warm-ups, two detaches,
# unload) took 67 s and a round's tests 66 s in run 3X75 (client steps of
# 7 to 8 s, dom0's two readings 1 s), about 60 s and 62 s in runs kufN and
# 90VB (the host's samples: 121 to 123 s for the steps and the first
# round); the old rounds of run OmaV, swaps and tests, 135 to 140 s.  The
# phase may end a few seconds past BENCH_END_S when they are short: that
# is within what BENCH_END_S leaves of the 20 minutes (about 48 s off
# dom0's clock in run 90VB, 90 s allowed).
BENCH_DOM0_BASE_S=60
BENCH_DOM0_ROUND_S=63

# pin_dom0_phase: in the dom0 phase dom0 is the driver domain: it goes on
# physical CPU 1, where the driver domains were, with one vCPU online as
# they have, and the clients stay on CPU 0.  The idle driver domains stay
# on CPU 1 too.  The step runner's polls and xenconsoled now fall on the
# backend's side of the pair, for either netback alike.  With both of
# dom0's vCPUs on the one physical CPU, a reading depended on where dom0's
# scheduler put iperf3 against the vif's interrupt, each crossing a switch
# of vCPUs in Xen: our pair's client->backend readings spread over 1400
# to 1612 Mbit/s in one boot (UxX8) and 1056 to 1493 in another (yPmf),
# and Debian's pair read backend->client 963 to 1140 with two vCPUs, 1446
# to 1511 with one, in the same boot (Documentation/bench-results.rst).
pin_dom0_phase() {
	local d
	xl vcpu-pin Domain-0 all 1 || return 1
	for d in fedeb feours; do xl vcpu-pin "$d" all 0 || return 1; done
	dom0_cpus 1 || return 1
	xl vcpu-list | awk 'NR == 1 || /^(fe|Domain-0)/'
}

# BENCH_CPU_DIR: where dom0_cpus finds the CPUs (a fake tree in the host
# test, tests/host/bench_helpers.py).
BENCH_CPU_DIR=/sys/devices/system/cpu

# dom0_cpus 1|all: take dom0's vCPUs but the first offline, or bring them
# all back online; says which CPUs dom0's kernel has online.  CPU 0 has
# no online file on x86 (it cannot go offline) and is never written.
dom0_cpus() {
	local c want=0
	case $1 in
	1) ;;
	all) want=1 ;;
	*) echo "dom0_cpus: want 1 or all, not '$1'"; return 1 ;;
	esac
	for c in "$BENCH_CPU_DIR"/cpu[1-9]*/online; do
		[ -e "$c" ] || continue
		[ "$(cat "$c")" = "$want" ] || echo "$want" >"$c" || { echo "cannot set $c to $want"; return 1; }
	done
	echo "dom0's CPUs online: $(cat "$BENCH_CPU_DIR/online")"
}

# dom0_vifs F -> how many vifs of client fe<F> have a backend directory in dom0.
dom0_vifs() {
	local fid dir
	fid=$(domid "fe$1") || return 1
	dir=/local/domain/0/backend/vif/$fid
	xenstore-ls -f "$dir" 2>/dev/null | grep -c "^$dir/[0-9]*/state = "
}

# dom0_attach F: a vif for fe<F> with its backend in dom0 (xl's default),
# on dom0's bridge; dom0 runs its hotplug script itself.  Waits until
# dom0's netback says Connected, as bounded as the scale step's vifs.
dom0_attach() {
	xl network-attach "fe$1" bridge=xenbr0 "mac=$(bench_mac d0 "$1")" || return 1
	wait_for $((BENCH_VIF_BASE_S + BENCH_VIF_S)) "fe$1's vif in dom0 Connected" all_connected Domain-0 "fe$1" 1
}

# no_dom0_vif F: client fe<F> has no vif left in dom0.
no_dom0_vif() { [ "$(dom0_vifs "$1")" = 0 ]; }

# dom0_detach F: detach fe<F>'s vif on dom0 (by its MAC) and wait until
# its backend directory is gone.
dom0_detach() {
	xl network-detach "fe$1" "$(bench_mac d0 "$1")" || return 1
	wait_for 30 "fe$1's vif in dom0 to go" no_dom0_vif "$1" ||
		{ echo "fe$1 still has $(dom0_vifs "$1") vif(s) in dom0"; return 1; }
}

# fe_dom0_up F: in client fe<F>, wait for the vif on dom0's bridge (the
# netfront creates its interface once the backend connects), address it
# and reach dom0.
fe_dom0_up() {
	local mac
	mac=$(bench_mac d0 "$1")
	wait_for 30 "an interface with MAC $mac" if_by_mac "$mac" || return 1
	fe_addr d0 "$1" && ping_ok "$(bench_be_addr d0)"
}

# measure_dom0 B F KIND R: measure (above) for a TCP kind in dom0 round
# R, with dom0 as the backend: the client's step, then dom0's notifications
# per packet on the vif and dom0's CPU per GB, both read in dom0 itself.
# The steps say [dom0-roundR], the figures end in .roundR.
measure_dom0() {
	local b=$1 f=$2 kind=$3 tag=dom0-round$4 pair="b$1-f$2" cid
	cid=$(domid "fe$f")
	rm -f /tmp/cpu.Domain-0
	be_cpu_mark Domain-0
	in_dom "fe$f" "[$tag] [$pair] $kind: iperf3 TCP to dom0, $BENCH_RUNS x ${BENCH_SECS}s; frontend notifications per packet" \
		fe_traffic "$b" "$f" "$kind" "round$4" dom0
	step "[$tag] [$pair] $kind: backend notifications per packet (dom0)" \
		be_since "bench.dom0.$pair.${kind}_be_irq_per_pkt.round$4" "$cid"
	step "[$tag] [$pair] $kind: backend CPU seconds per GB (dom0)" \
		be_cpu_per_gb "bench.dom0.$pair.${kind}_be_cpu_s_per_gb.round$4" Domain-0
}

# dom0_half B N: the half of the dom0 phase with netback B in dom0, N
# rounds of tests.  In round R the clients take turns starting at a
# different one each round; the seconds of each round's tests are added to
# dom0_round_secs[R] (dom0_phase's, both halves).  The half's own steps say
# [dom0-round1].
dom0_half() {
	local b=$1 n=$2 tag=dom0-round1 f kind r t order
	step "[$tag] load $b netback in dom0" role_load netback "$(impl_of "$b")"
	for f in deb ours; do
		step "[$tag] attach fe$f a vif with its backend in dom0 ($b netback)" dom0_attach "$f"
	done
	for f in deb ours; do
		in_dom "fe$f" "[$tag] fe$f: address its vif on dom0 ($(bench_fe_addr d0 "$f")/24), reach dom0" fe_dom0_up "$f"
		in_dom "fe$f" "[$tag] [b$b-f$f] ${BENCH_WARM_SECS}s of TCP each way to dom0, not measured" warm_up d0
	done
	for f in deb ours; do
		step "[$tag] [b$b-f$f] mark dom0's counters for fe$f's vif" be_mark "$(domid "fe$f")"
	done
	for r in $(seq 1 "$n"); do
		t=$SECONDS
		order=$(rotate $((r - 1)) deb ours)
		for kind in tcp_tx tcp_rx; do
			for f in $order; do measure_dom0 "$b" "$f" "$kind" "$r"; done
		done
		dom0_round_secs[r]=$((${dom0_round_secs[r]:-0} + SECONDS - t))
	done
	for f in deb ours; do
		step "[$tag] detach fe$f's vif on dom0" dom0_detach "$f"
	done
	step "[$tag] unload $b netback from dom0" unload_netback
}

# dom0_rounds: set dom0_n to how many dom0 rounds fit (0 to
# BENCH_DOM0_ROUNDS) if the phase starts now.
dom0_rounds() {
	local end
	dom0_n=$BENCH_DOM0_ROUNDS
	while [ "$dom0_n" -gt 0 ]; do
		end=$((BENCH_DOM0_BASE_S + dom0_n * BENCH_DOM0_ROUND_S))
		[ "$end" -gt "$BENCH_DOM0_S" ] || [ $((SECONDS + end)) -gt "$BENCH_END_S" ] || return 0
		dom0_n=$((dom0_n - 1))
	done
}

# dom0_phase: the backend in dom0, Debian's netback then ours, as many
# rounds as the budget allows (decided before the first half: both halves
# need the same rounds).  The bridge and iperf3 server in dom0 outlive the
# module swap.
dom0_phase() {
	local r dom0_n dom0_round_secs=()
	dom0_rounds
	for r in $(seq $((dom0_n + 1)) "$BENCH_DOM0_ROUNDS"); do
		emit "METRIC bench.dom0.round.skipped.round$r $BENCH_DOM0_ROUND_S"
	done
	if [ "$dom0_n" -eq 0 ]; then
		say "bench dom0: not started: the bench has run $SECONDS s, the phase with one round should take" \
			"$((BENCH_DOM0_BASE_S + BENCH_DOM0_ROUND_S)) s (at most $BENCH_DOM0_S), and the bench should end by $BENCH_END_S s"
		return 0
	fi
	[ "$dom0_n" -eq "$BENCH_DOM0_ROUNDS" ] ||
		say "bench dom0: $dom0_n of $BENCH_DOM0_ROUNDS rounds: the bench has run $SECONDS s, a round should take $BENCH_DOM0_ROUND_S s" \
			"besides $BENCH_DOM0_BASE_S s for the module swap, the phase's budget is $BENCH_DOM0_S s and the bench should end by $BENCH_END_S s"
	step "[dom0-round1] pin dom0 to CPU 1 (the backend now) with one vCPU online, the clients to CPU 0" pin_dom0_phase
	step "[dom0-round1] bridge xenbr0 ($(bench_be_addr d0)/24) in dom0" make_bridge xenbr0 "$(bench_be_addr d0)/24"
	step "[dom0-round1] start an iperf3 server in dom0" iperf3 -s -D
	say "bench dom0: $dom0_n round(s) with Debian's netback in dom0, then $dom0_n with ours"
	dom0_half deb "$dom0_n"
	dom0_half ours "$dom0_n"
	for r in $(seq 1 "$dom0_n"); do
		emit "METRIC bench.dom0.round.secs.round$r ${dom0_round_secs[r]}"
	done
	step "dom0's vCPUs all online again" dom0_cpus all
}

run_scenario() {
	local pair r t0 t1 longest=0
	driver_domain deb
	driver_domain ours
	frontend deb
	frontend ours
	step "pin the driver domains to CPU 1, the clients and dom0 to CPU 0" pin_domains
	in_dom fedeb "start an iperf3 server on lo in fedeb (the loopback bound)" loopback_server
	for pair in $BENCH_PAIRS; do
		in_dom "fe${pair#*-}" "[warm-up] [b${pair%-*}-f${pair#*-}] ${BENCH_WARM_SECS}s of TCP each way, not measured" \
			warm_up "${pair%-*}"
	done
	t0=$SECONDS
	for r in $(seq 1 "$BENCH_ROUNDS"); do
		if [ "$r" -gt 1 ] && [ $((SECONDS - t0 + longest)) -gt "$BENCH_ROUNDS_S" ]; then
			say "bench: round $r of $BENCH_ROUNDS not started: $((SECONDS - t0)) s so far, the longest round took $longest s, the budget is $BENCH_ROUNDS_S s"
			break
		fi
		if [ "$r" -gt 1 ] && [ $((SECONDS + longest + BENCH_SCALE_EST_S + BENCH_DOM0_BASE_S + BENCH_DOM0_ROUND_S)) -gt "$BENCH_END_S" ]; then
			say "bench: round $r of $BENCH_ROUNDS not started: the bench has run $SECONDS s, the longest round took $longest s," \
				"the scale step and a dom0 phase of one round should take $BENCH_SCALE_EST_S and $((BENCH_DOM0_BASE_S + BENCH_DOM0_ROUND_S)) s, and the bench should end by $BENCH_END_S s"
			break
		fi
		t1=$SECONDS
		bench_round "$r"
		t1=$((SECONDS - t1))
		[ "$t1" -le "$longest" ] || longest=$t1
		emit "METRIC bench.round.secs.round$r $t1"
	done
	# The scale step creates a domain and attaches vifs: dom0's work,
	# which was measured with dom0 floating.
	step "let dom0 float again" xl vcpu-pin Domain-0 all all
	scale deb
	scale ours
	# Last: the figures above are all on the channel before dom0 loads a
	# netback, and a failure here fails the bench only after them.
	dom0_phase
}
