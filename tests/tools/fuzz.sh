#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz.sh [TARGET...] - run libFuzzer on each fuzz target for FUZZ_SECONDS.
#
# A target is tests/fuzz/<name>.c: a LLVMFuzzerTestOneInput() that includes
# the pure/ file it exercises.  Each run starts from the committed corpus
# tests/fuzz/corpus/<name>/ plus the inputs earlier runs found (kept in
# build/fuzz/<name>/corpus); crashers land in build/fuzz/<name>/artifacts/.
# Copy a crasher into tests/fuzz/corpus/<name>/ once fixed: "make check"
# replays that folder forever after.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${FUZZ_SECONDS:-60}
"$top/tests/deps.sh" test

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for src in tests/fuzz/*.c; do
		name=$(basename "$src" .c)
		[ "$name" = replay ] || targets+=("$name")
	done
fi

status=0
for name in "${targets[@]}"; do
	src=tests/fuzz/$name.c
	[ -f "$src" ] || { echo "fuzz: no target $src" >&2; exit 2; }
	work=build/fuzz/$name
	mkdir -p "$work/corpus" "$work/artifacts" "tests/fuzz/corpus/$name"
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude "$src" -o "$work/fuzzer"
	echo "fuzz $name: ${seconds}s"
	if ! "$work/fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" "$work/corpus" \
		"tests/fuzz/corpus/$name" >"$work/run.log" 2>&1; then
		tail -n 40 "$work/run.log"
		echo "fuzz $name: FINDING in $work/artifacts/ (log $work/run.log)"
		status=1
		continue
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/run.log")
	echo "fuzz $name: no finding, $execs executions, corpus $(find "$work/corpus" -type f | wc -l) inputs"
done
exit $status
