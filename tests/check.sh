#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh SECTION - the project's test run, the README's "make check".
#
# Sections:
#   unit    host unit tests: every tests/unit/*.c is one program, built
#           with gcc and ASan/UBSan from the same pure/ files the modules
#           compile, and run
#   replay  every fuzz target replays its committed corpus
#           (tests/fuzz/corpus/<target>/) under gcc with ASan/UBSan
#   host    unit + replay + every tests/host/*.py (host tests of the
#           project's Python tools, e.g. bench/report.py)
#   lint    W=1 -Werror and sparse builds against every installed kernel,
#           checkpatch --strict, kernel-doc, pure/ include rule
#   lab     the lab scenario suite (tests/lab/lab.sh suite)
#   all     host + lint + lab
#
# Every test, gate and scenario counts once; the run ends with the line
# "check: N passed, N failed" and exits non-zero if anything failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
section=${1:-all}

passed=0
failed=0
failures=()

# count "what" rc: record the verdict of one counted item.
count() {
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$1")
	fi
}

# Sum the "<name>: N passed, N failed" closing line of a test program.
count_program() {
	local name=$1 log=$2 rc=$3 line p f
	line=$(grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		count "$name (no result line, exit $rc)" 1
		return
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -eq 0 ] || failures+=("$name ($f failed)")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		count "$name (exit $rc)" 1
	fi
}

HOSTCC=${HOSTCC:-gcc}
HOST_CFLAGS=(-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined
	     -fno-sanitize-recover=all -fno-omit-frame-pointer -Iinclude)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run_logged LOG CMD...: run CMD with its output in LOG; show the whole log
# if it failed, else its last line (the "N passed, N failed" summary).
# Returns CMD's status.
run_logged() {
	local log=$1 rc
	shift
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		cat "$log"
	else
		tail -n 1 "$log"
	fi
	return $rc
}

run_unit() {
	local src name bin log
	mkdir -p build/host/unit
	for src in tests/unit/*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		bin=build/host/unit/$name
		log=$bin.log
		if ! "$HOSTCC" "${HOST_CFLAGS[@]}" "$src" -o "$bin" >"$log" 2>&1; then
			cat "$log"
			count "unit/$name (does not build)" 1
			continue
		fi
		run_logged "$log" "$bin"
		count_program "unit/$name" "$log" $?
	done
}

# Every tests/host/*.py is one test program (tests/host/lib holds what they share), standard library only, ending
# with the same "<name>: N passed, N failed" line.
run_py() {
	local src name log
	mkdir -p build/host/py
	for src in tests/host/*.py; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .py)
		log=build/host/py/$name.log
		run_logged "$log" python3 "$src"
		count_program "py/$name" "$log" $?
	done
}

run_replay() {
	local src name bin log
	mkdir -p build/host/replay
	for src in tests/fuzz/*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		[ "$name" != replay ] || continue
		bin=build/host/replay/$name
		log=$bin.log
		if ! "$HOSTCC" "${HOST_CFLAGS[@]}" tests/fuzz/replay.c "$src" -o "$bin" >"$log" 2>&1; then
			cat "$log"
			count "replay/$name (does not build)" 1
			continue
		fi
		if [ ! -d "tests/fuzz/corpus/$name" ]; then
			echo "replay $name: no corpus at tests/fuzz/corpus/$name"
			count "replay/$name (no corpus)" 1
			continue
		fi
		run_logged "$log" "$bin" "tests/fuzz/corpus/$name"
		count "replay/$name" $?
	done
}

run_lint() {
	local gate rc line
	tests/deps.sh build lint || { count "lint (dependencies)" 1; return; }
	for gate in w1 sparse; do
		while IFS= read -r line; do
			echo "$line"
			case "$line" in
			"$gate "*": ok") count "$line" 0 ;;
			"$gate "*": FAILED"*) count "$line" 1 ;;
			esac
		done < <(make -s --no-print-directory "$gate" 2>&1)
	done
	for gate in style kdoc pure-includes; do
		tests/tools/lint.sh "$gate"
		rc=$?
		count "$gate" $rc
	done
}

run_lab() {
	local log=build/lab-suite.log line p f rc
	if [ ! -x tests/lab/lab.sh ]; then
		echo "lab: tests/lab/lab.sh missing"
		count "lab" 1
		return
	fi
	mkdir -p build
	tests/deps.sh lab || { count "lab (dependencies)" 1; return; }
	tests/lab/lab.sh suite 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^lab: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		count "lab suite (no result line, exit $rc)" 1
		return
	fi
	p=$(sed -E 's/lab: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -eq 0 ] || failures+=("lab ($f scenarios failed)")
	[ "$rc" -eq 0 ] || [ "$f" -ne 0 ] || count "lab suite (exit $rc)" 1
}

tests/deps.sh test >/dev/null || exit 1
case "$section" in
unit) run_unit ;;
replay) run_replay ;;
host) run_unit; run_replay; run_py ;;
lint) run_lint ;;
lab) run_lab ;;
all)
	echo "== host tests"
	run_unit
	run_replay
	run_py
	echo "== lint gates"
	run_lint
	echo "== lab"
	run_lab
	;;
*)
	echo "check.sh: unknown section '$section' (unit replay host lint lab all)" >&2
	exit 2
	;;
esac

for f in "${failures[@]}"; do
	echo "FAILED: $f"
done
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
