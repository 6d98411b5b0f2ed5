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

mkdir -p "$out"
"$repo/tests/lab/lab.sh" run 'bench@netback=both,netfront=both' | tee "$out.log" || true
run=$(sed -n 's/^results: //p' "$out.log" | tail -n 1)
ch=$run/bench+netback.both_netfront.both/channel.log
[ -f "$ch" ] || { echo "bench: no channel log at $ch" >&2; exit 1; }
cp "$ch" "$out/channel.log"
/usr/bin/python3 "$here/report.py" "$ch" "$out"
echo "bench: $out/bench.md, $out/bench.json$([ -f "$out/bench.png" ] && echo ", $out/bench.png")"
grep -q '^lab: 1 passed' "$out.log" || { echo "bench: the bench scenario failed; figures above are partial" >&2; exit 1; }
