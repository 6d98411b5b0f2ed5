#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build-matrix.sh MODE KVER... - build the modules against each kernel.
#
# MODE is one of
#   matrix  W=1 build; any compiler warning is a finding
#   w1      W=1 with -Werror
#   sparse  W=1 C=2 with Debian's sparse; any sparse report is a finding
#
# Each kernel builds in its own copy of the tree under build/<mode>/<kver>
# so objects never mix.  Prints one "<mode> <kver>: ok|FAILED" line per
# kernel and exits non-zero if any kernel had a finding.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
mode=$1
shift
case "$mode" in
matrix | w1 | sparse) ;;
*) echo "build-matrix.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
if [ $# -eq 0 ]; then
	echo "$mode: no kernel headers installed (run tests/deps.sh build)" >&2
	exit 1
fi
[ "$mode" != sparse ] || command -v sparse >/dev/null || "$top/tests/deps.sh" lint

version=$("$top/scripts/version.sh")
failed=0
for want in "$@"; do
	krel=$(make -s -C "$top" --no-print-directory KVER="$want" print-krel)
	ksrc=$(make -s -C "$top" --no-print-directory KVER="$want" print-ksrc)
	if [ -z "$ksrc" ]; then
		echo "$mode $want: FAILED (no headers installed for it)"
		failed=1
		continue
	fi
	dir=$top/build/$mode/$krel
	mkdir -p "$dir"
	# Mirror the sources; keep objects from the previous run of this kernel.
	# Sources only: the main tree may hold objects of another kernel.
	(cd "$top" && git ls-files -co --exclude-standard -- Kbuild VERSION compat \
		include drivers | tar cf - -T -) | tar xf - -C "$dir"
	log=$dir/build.log
	args=(-C "$ksrc" M="$dir" XENDD_ROOT="$dir" XENDD_VERSION="$version" W=1)
	case "$mode" in
	w1) args+=(KCFLAGS=-Werror) ;;
	sparse) args+=(C=2 CHECK="sparse") ;;
	esac
	if ! make "${args[@]}" modules >"$log" 2>&1; then
		echo "$mode $krel: FAILED (build error, see $log)"
		grep -E 'error|warning' "$log" | head -20 || true
		failed=1
		continue
	fi
	# Findings: compiler and sparse diagnostics about our sources.
	if grep -E "^$dir/.*: (warning|error|note):|^[^ ]*\.[ch]:[0-9]+:[0-9]+: (warning|error)" \
		"$log" >"$dir/findings" 2>/dev/null; then
		echo "$mode $krel: FAILED ($(wc -l <"$dir/findings") findings, see $log)"
		sed "s|$dir/||" "$dir/findings" | head -40
		failed=1
		continue
	fi
	echo "$mode $krel: ok"
done
exit $failed
