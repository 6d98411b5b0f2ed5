#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# lint.sh GATE - the source lint gates; each prints "<gate>: ok" or its
# findings and exits non-zero on any finding.
#
#   style          checkpatch.pl --strict (from linux-source-6.12)
#   kdoc           scripts/kernel-doc -none -Wall (from linux-source-6.12)
#   pure-includes  files under */pure/ and the shared include/xen/xendd-*.h
#                  include only the seam header <xen/xendd-pure.h>, the
#                  shared pure headers <xen/xendd-*.h> and their own
#                  pure/ headers
#
# checkpatch and kernel-doc are taken from Debian's linux-source-6.12
# tarball and extracted once into tools/kernel-scripts/ (git-ignored).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
gate=${1:?usage: lint.sh style|kdoc|pure-includes}

# Kernel-side sources: what the modules compile.
kernel_sources() {
	git ls-files -co --exclude-standard -- 'drivers/*.[ch]' 'include/*.[ch]' \
		'compat/*.[ch]' | grep -v '\.mod\.c$' | sort
}

kernel_scripts() {
	local dir=tools/kernel-scripts
	local tarball=/usr/src/linux-source-6.12.tar.xz
	if [ ! -x "$dir/scripts/checkpatch.pl" ] || [ ! -x "$dir/scripts/kernel-doc" ]; then
		[ -f "$tarball" ] || "$top/tests/deps.sh" lint
		echo "lint: extracting checkpatch.pl and kernel-doc from $tarball" >&2
		mkdir -p "$dir"
		tar -xJf "$tarball" -C "$dir" --strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch \
			linux-source-6.12/scripts/kernel-doc
	fi
	echo "$top/$dir/scripts"
}

case "$gate" in
style)
	scripts=$(kernel_scripts)
	out=$(mktemp)
	trap 'rm -f "$out"' EXIT
	# --no-tree: we are not a kernel tree; FILE_PATH_CHANGES and
	# MAINTAINERS checks do not apply to an out-of-tree module set.
	if ! kernel_sources | xargs "$scripts/checkpatch.pl" --strict --no-tree \
		--terse --show-types --no-summary --quiet \
		--ignore FILE_PATH_CHANGES -f >"$out" 2>&1; then
		cat "$out"
		echo "style: FAILED ($(grep -c ': \(WARNING\|ERROR\|CHECK\):' "$out") findings)"
		exit 1
	fi
	if [ -s "$out" ]; then
		cat "$out"
		echo "style: FAILED"
		exit 1
	fi
	echo "style: ok ($(kernel_sources | wc -l) files)"
	;;
kdoc)
	scripts=$(kernel_scripts)
	out=$(kernel_sources | xargs "$scripts/kernel-doc" -none -Wall 2>&1 || true)
	if [ -n "$out" ]; then
		echo "$out"
		echo "kdoc: FAILED ($(echo "$out" | wc -l) findings)"
		exit 1
	fi
	echo "kdoc: ok"
	;;
pure-includes)
	bad=0
	while IFS= read -r f; do
		while IFS= read -r line; do
			inc=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' <<<"$line")
			case "$inc" in
			'<xen/xendd-pure.h>') ;;
			'<xen/xendd-'*'.h>')
				# Shared pure headers: include/xen/xendd-*.h, checked below.
				hdr=include/${inc:1:-1}
				if [ ! -f "$hdr" ]; then
					echo "$f: includes $inc, which is not in include/xen"
					bad=1
				fi
				;;
			\"*\")
				# Only headers that live in a pure/ folder themselves.
				hdr=$(dirname "$f")/${inc//\"/}
				if [ ! -f "$hdr" ] || [[ "$(realpath "$hdr")" != */pure/* ]]; then
					echo "$f: includes $inc, which is not a pure/ header"
					bad=1
				fi
				;;
			*)
				echo "$f: includes $inc; pure code may include only <xen/xendd-pure.h>"
				bad=1
				;;
			esac
		done < <(grep -E '^[[:space:]]*#[[:space:]]*include' "$f" || true)
	done < <(kernel_sources | grep -E '/pure/|^include/xen/xendd-' | grep -v '^include/xen/xendd-pure\.h$')
	if [ $bad -ne 0 ]; then
		echo "pure-includes: FAILED"
		exit 1
	fi
	echo "pure-includes: ok"
	;;
*)
	echo "lint.sh: unknown gate '$gate'" >&2
	exit 2
	;;
esac
