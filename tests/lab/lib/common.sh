# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared settings and small helpers for the host side of the lab.
# Sourced by lab.sh; every other lib/*.sh expects these variables.
# shellcheck disable=SC2034 # used by the other lib/*.sh

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$LAB_DIR/../.." && pwd)
CACHE_DIR=${XENDD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xen-dd}
RESULTS_DIR=${LAB_RESULTS:-$LAB_DIR/results}

# Print to stderr, prefixed, so stdout stays the report.
log()  { printf 'lab: %s\n' "$*" >&2; }
die()  { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch, for wall times.
now() { date +%s; }

# Human readable duration: "1m07s" or "42s".
fmt_secs() {
	local s=$1
	if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# sha256 of stdin, first 16 hex digits: the cache keys.
short_hash() { sha256sum | cut -c1-16; }
