#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: one lab boot of the bench scenario with Debian's and our
# netback/netfront side by side, then the report (table, JSON, chart).
#
#   bench/run.sh [OUTDIR]      default OUTDIR: build/bench
#
# Environment as for tests/lab/lab.sh (KVER, XENDD_CACHE, LAB_TIMEOUT_SCALE).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out=${1:-$repo/build/bench}
entry='bench@netback=both,netfront=both'
# The folder the lab gives this entry's boot (tests/lab/lib/run.sh).
boot_dir=bench+netback.both_netfront.both
boot_re='bench\+netback\.both_netfront\.both'

# descends_from PID ANCESTOR: PID is ANCESTOR or one of its descendants
# (another bench may run beside this one, through LAB_LOCKED=1).
descends_from() {
	local pid=$1
	while [ "$pid" -gt 1 ]; do
		[ "$pid" = "$2" ] && return 0
		pid=$(awk '{ sub(/.*\) /, ""); print $2 }' "/proc/$pid/stat" 2>/dev/null) || return 1
		[ -n "$pid" ] || return 1
	done
	return 1
}

# The tag of a step: its round (dom0-roundN in the phase with the backend
# in dom0), its pair and kind of traffic when it has them ("STEP fedeb
# [round2] [bours-fours] tcp_tx: ..."), or the warm-up or scale phase;
# "RESULT" once the scenario is over.
tag_re='^(STEP [^ ]+ \[(round[0-9]+|warm-up|scale-[a-z]+|dom0-round[0-9]+)\]( \[b[a-z]+-f[a-z]+\] [a-z_]+:)?|RESULT)'

# sample_host LOG ANCESTOR: every second, the host's CPU time (busy and
# total jiffies of /proc/stat), the bench QEMU's own (utime + stime), how
# many QEMUs run, and the scenario's phase from the tag of its last step
# on the channel: setup, warm-up, roundN (between tests), roundN/PAIR/KIND
# (a test and the readings after it), scale, dom0-roundN and
# dom0-roundN/PAIR/KIND (the backend in dom0), end.  The lab host has two cores and
# other work on it (builds, another lab run) slows the emulated machine:
# report.py turns these samples into the CPUs the bench had and what the
# rest took, per phase and per test.  Runs until killed; samples only while the bench's
# QEMU (a descendant of process ANCESTOR) exists.  It runs under set -e:
# every command that may fail says so.
sample_host() {
	local log=$1 ancestor=$2 pid="" ch="" phase qemu arg p
	echo "# cpus $(nproc)" >"$log"
	echo "# epoch phase busy total qemu qemus (jiffies of /proc/stat, of the bench's QEMU)" >>"$log"
	while :; do
		if [ -z "$pid" ] || [ ! -e "/proc/$pid" ]; then
			pid=""
			for p in $(pgrep -f "^qemu-system-x86_64 .*/$boot_re/channel\\.log"); do
				! descends_from "$p" "$ancestor" || pid=$p
			done
			ch=""
			if [ -n "$pid" ]; then
				while IFS= read -r -d '' arg; do
					case "$arg" in file:*/"$boot_dir"/channel.log) ch=${arg#file:} ;; esac
				done <"/proc/$pid/cmdline" || true
			fi
		fi
		if [ -n "$pid" ] && [ -n "$ch" ] && qemu=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null); then
			phase=$({ grep -a -o -E "$tag_re" "$ch" 2>/dev/null || true; } | tail -n 1 |
				sed -E -e 's/^STEP [^ ]+ \[//' -e 's/\] \[/\//' -e 's/\] /\//' -e 's/[]:]$//' \
					-e 's/^scale-.*/scale/' -e 's/^RESULT$/end/')
			awk -v t="$EPOCHREALTIME" -v p="${phase:-setup}" -v q="$qemu" -v n="$(pgrep -c qemu-system-x86 || true)" '
				$1 == "cpu" { total = 0; for (i = 2; i <= 9; i++) total += $i
				              print t, p, total - $5 - $6, total, q, n; exit }' /proc/stat >>"$log"
		fi
		sleep 1
	done
}

mkdir -p "$out"
sample_host "$out/host.log" "$$" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
rc=0
"$repo/tests/lab/lab.sh" run "$entry" | tee "$out.log" || rc=$?
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
trap - EXIT
run=$(sed -n 's/^results: //p' "$out.log" | tail -n 1)
ch=$run/$boot_dir/channel.log
[ -f "$ch" ] || { echo "bench: no channel log at $ch" >&2; exit 1; }
cp "$ch" "$out/channel.log"
cp "$out/host.log" "$run/$boot_dir/host.log"
/usr/bin/python3 "$here/report.py" "$ch" "$out" "$out/host.log"
echo "bench: $out/bench.md, $out/bench.json$([ -f "$out/bench.png" ] && echo ", $out/bench.png")"
if [ "$rc" -ne 0 ] || ! grep -q '^lab: 1 passed' "$out.log"; then
	echo "bench: the bench scenario failed; figures above are partial" >&2
	exit 1
fi
