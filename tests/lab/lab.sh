#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The lab: a Xen 4.17 system in QEMU, built from Debian packages, that runs
# the scenarios in tests/lab/scenarios.  See Documentation/lab.rst.
#
#   lab.sh walkthrough          boot the seed topology and narrate it (make lab)
#   lab.sh shell                the same, then an interactive dom0 shell (make lab-shell)
#   lab.sh run SCENARIO...      run scenarios, one boot each (make lab-test)
#   lab.sh suite                run the suite (tests/lab/suite, what make check runs)
#   lab.sh suite full           the suite, then tests/lab/suite.extended
#   lab.sh list                 the entries of both lists, and broken scenarios
#
# Environment: KVER (6.1 default, 6.12, or a full ABI), PCIBACK / NETBACK /
# NETFRONT = ours|debian (defaults in tests/lab/roles.default),
# LAB_TIMEOUT_SCALE (multiplies every scenario's outer timeout),
# XENDD_CACHE (download and image cache), LAB_RESULTS (results folder).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for lib in common fetch image boot run walkthrough; do
	# shellcheck source=/dev/null
	. "$here/lib/$lib.sh"
done

# The suite: tests/lab/suite, without comments and blank lines.
# suite_entries FILE: the entries of a suite list, without comments and blank lines.
suite_entries() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1" | xargs; }
SUITE=$(suite_entries "$here/suite")
# More rows than CI's hour allows: reference rows and variants of the suite's
# scenarios, run by `lab.sh suite full` (make lab-suite-full).
EXTENDED=$(suite_entries "$here/suite.extended")

usage() {
	sed -n 's/^#   //p' "$0"
	exit 2
}

cmd=${1:-}
[ $# -gt 0 ] && shift

# One lab at a time on this machine: two would share the cores and the cache.
# Waiting runs take the lock in the order they arrived: each leaves a ticket
# (arrival time and pid) in the queue folder, and only the oldest ticket of a
# live process may take the lock.
if [ "$cmd" != list ] && [ -z "${LAB_LOCKED:-}" ]; then
	queue=$CACHE_DIR/queue
	mkdir -p "$queue"
	ticket=$queue/$(date +%s%N)-$$
	: >"$ticket"
	exec 9>"$CACHE_DIR/lab.lock"
	waited=""
	while :; do
		for t in "$queue"/*; do
			[ -e "$t" ] && ! kill -0 "${t##*-}" 2>/dev/null && rm -f "$t"
		done
		first=$(find "$queue" -type f -printf '%f\n' | sort | head -n 1)
		if [ "$first" = "${ticket##*/}" ] && flock -n 9; then
			break
		fi
		if [ -z "$waited" ]; then
			log "waiting for other lab runs to finish ($(find "$queue" -type f | wc -l) in the queue, $CACHE_DIR/lab.lock)"
			waited=1
		fi
		sleep 2
	done
	rm -f "$ticket"
fi
case "$cmd" in
list)
	for s in $SUITE; do printf '%-44s %s\n' "$s" "$(scenario_meta "$s" about)"; done
	for s in $EXTENDED; do printf '%-44s %s (suite full)\n' "$s" "$(scenario_meta "$s" about)"; done
	for f in "$LAB_DIR"/scenarios/broken/*.sh; do
		s=broken/$(basename "$f" .sh)
		printf '%-44s %s (not in the suite: must fail)\n' "$s" "$(scenario_meta "$s" about)"
	done
	;;
run)
	[ $# -gt 0 ] || die "usage: lab.sh run SCENARIO... (see lab.sh list)"
	run_scenarios "$@"
	;;
suite)
	case "${1:-}" in
	"") ;;
	full) SUITE+=" $EXTENDED" ;;
	*) die "usage: lab.sh suite [full]" ;;
	esac
	# shellcheck disable=SC2086
	run_scenarios $SUITE
	;;
walkthrough)
	walkthrough
	;;
shell)
	lab_shell
	;;
*)
	usage
	;;
esac
