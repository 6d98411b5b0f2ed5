# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Run scenarios: prepare the images, boot once per scenario, read the
# verdict channel, print verdicts and the role matrix.

ROLES="pciback netback netfront"

# PINS: the roles a suite entry fixes ("netback=ours netfront=debian"), from
# the entry's "@netback=ours,netfront=debian" suffix; they win over the
# environment, so the suite's reference and "ours" rows stay what they say.
PINS=""

# role_choice ROLE -> ours|debian|both: the entry's pin, else $PCIBACK / $NETBACK /
# $NETFRONT, else tests/lab/roles.default.
role_choice() {
	local role=$1 var val
	var=$(echo "$role" | tr '[:lower:]' '[:upper:]')
	val=$(tr ' ' '\n' <<<"$PINS" | sed -n "s/^$role=//p")
	[ -n "$val" ] || val=${!var:-}
	[ -n "$val" ] || val=$(tr ' ' '\n' <"$LAB_DIR/roles.default" | sed -n "s/^$role=//p")
	case "$val" in
	ours | debian | both) echo "$val" ;;
	*) die "$var=$val: each role is 'ours', 'debian' or 'both' (the scenario then picks per domain)" ;;
	esac
}

# our_module_path ROLE -> where this tree's build leaves the module.
our_module_path() {
	case "$1" in
	pciback) echo "$REPO_DIR/drivers/xen/pciback/xen-pciback.ko" ;;
	netback) echo "$REPO_DIR/drivers/net/xen-netback/xen-netback.ko" ;;
	netfront) echo "$REPO_DIR/drivers/net/xen-netfront/xen-netfront.ko" ;;
	esac
}

# entry_pins ENTRY -> the pins of a suite entry "NAME@role=impl,role=impl".
entry_pins() {
	case "$1" in
	*@*) tr ',' ' ' <<<"${1#*@}" ;;
	esac
}

# build_ours ABI ENTRY...: when any entry makes a role ours, build this tree
# for the lab's kernel and check that each module under test exists and
# matches it.
build_ours() {
	local abi=$1 role ko vermagic wanted="" entry
	shift
	[ $# -gt 0 ] || set -- ""
	for entry in "$@"; do
		for role in $ROLES; do
			case "$wanted " in *" $role "*) continue ;; esac
			case "$(PINS=$(entry_pins "$entry") role_choice "$role")" in
			ours | both) wanted+=" $role" ;;
			esac
		done
	done
	[ -n "$wanted" ] || return 0
	log "building this tree's modules for $abi (roles:$wanted)"
	# Others may build in this tree at the same time (make w1, a second
	# worker): one build at a time.
	flock "$CACHE_DIR/build.lock" make -C "$REPO_DIR" KVER="$abi" >"$RUN_DIR/build.log" 2>&1 ||
		die "make -C $REPO_DIR KVER=$abi failed, see $RUN_DIR/build.log"
	for role in $wanted; do
		ko=$(our_module_path "$role")
		[ -f "$ko" ] || die "role $role is 'ours' but the build left no $ko"
		vermagic=$(modinfo -F vermagic "$ko")
		case "$vermagic" in
		"${abi%-amd64}"* | "$(kernel_release "$abi")"*) ;;
		*) die "$ko was built for '$vermagic', not $abi" ;;
		esac
	done
}

# kernel_release ABI -> the uname -r of that kernel (the ABI itself on Debian).
kernel_release() { echo "$1"; }

# need_tools: the host tools tests/deps.sh lab installs.
need_tools() {
	local t missing=""
	for t in qemu-system-x86_64 cpio xz zstd readelf strip gzip dpkg apt-get depmod modinfo \
		flock timeout base64; do
		command -v "$t" >/dev/null || missing+=" $t"
	done
	[ -z "$missing" ] || die "missing host tools:$missing -- run tests/deps.sh lab (as root)"
}

# prepare ENTRY...: resolve, download, build; sets ABI and IMG_DIR.
prepare() {
	local specs
	need_tools
	ABI=$(resolve_kernel "${KVER:-}")
	mapfile -t specs < <(lab_packages "$ABI")
	fetch_debs "${specs[@]}"
	build_images "$ABI" "${specs[@]}"
	build_ours "$ABI" "$@"
}

# scenario_file ENTRY -> path of the entry's scenario (ENTRY without its
# @pins); broken/NAME lives in scenarios/broken.
scenario_file() {
	local f=$LAB_DIR/scenarios/${1%%@*}.sh
	[ -f "$f" ] || die "no scenario '${1%%@*}' (tests/lab/lab.sh list)"
	echo "$f"
}

# scenario_meta NAME VAR -> a variable the scenario file sets (about,
# timeout, dom0_args, scratch_mb, qemu_args), read in a subshell so nothing leaks.
scenario_meta() {
	(
		# shellcheck disable=SC2034 # defaults the scenario may override
		about="" timeout=300 dom0_args="" scratch_mb="" qemu_args=""
		# shellcheck source=/dev/null
		. "$(scenario_file "$1")"
		echo "${!2}"
	)
}

# render MODE: turn verdict-channel records into lines for a person.
# run: one line per step; walkthrough: the narration.
render() {
	local mode=$1 line kind a b c rest
	while IFS= read -r line; do
		line=${line%$'\r'}
		read -r kind a b c _ <<<"$line"
		rest=${line#* * * }
		case "$mode:$kind" in
		walkthrough:STEP)
			rest=${line#* * }
			[ "$a" = dom0 ] && printf '  - %s ...\n' "$rest" || printf '  - [%s] %s ...\n' "$a" "$rest"
			;;
		run:PASS) printf '    ok   %-8s %-62s %4ss\n' "$a" "$rest" "$b" ;;
		*:FAIL) printf '    FAIL %-8s %s (%ss)\n' "$a" "$rest" "$b" ;;
		walkthrough:SAY) printf '    => %s\n' "${line#SAY }" ;;
		run:SAY) printf '         %s\n' "${line#SAY }" ;;
		walkthrough:ROLE)
			[ "$b" = ours ] && b="OUR" || b="Debian's"
			printf '    => role %s: %s %s module loaded in %s\n' "$a" "$b" "${line##* }" "$c"
			;;
		walkthrough:METRIC) printf '    => %s %s\n' "$a" "${line#METRIC * }" ;;
		run:METRIC) printf '         %s %s\n' "$a" "${line#METRIC * }" ;;
		*:BEGIN-LOGS) break ;;
		esac
	done
	cat >/dev/null
}

# verdict OUTDIR QEMU_STATUS -> "PASS" or "FAIL <why>", from the channel only.
verdict() {
	local out=$1 qrc=$2 ch=$1/channel.log last
	if grep -q '^RESULT pass' "$ch"; then echo PASS; return; fi
	last=$(grep '^FAIL ' "$ch" | head -n1 | tr -d '\r')
	if [ -n "$last" ]; then
		# FAIL dom secs desc :: reason
		echo "FAIL in $(echo "$last" | cut -d' ' -f2), step '$(echo "$last" | cut -d' ' -f4- | sed 's/ :: .*//')': ${last#* :: }"
		return
	fi
	last=$(grep '^STEP ' "$ch" | tail -n1 | cut -d' ' -f2- | tr -d '\r')
	if [ "$qrc" = 125 ]; then
		echo "FAIL dom0 did not reach /init within ${BOOT_LIMIT}s, twice (see console.stalled-boot-*.log)"
	elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "FAIL timed out (outer timeout) during step '${last:-boot, before dom0 ran any step}'"
	else
		echo "FAIL no verdict: the system stopped during step '${last:-boot, before dom0 ran any step}' (Xen or dom0 crashed? see console.log)"
	fi
}

# BOOT_LIMIT: seconds for dom0 to reach /init and start the scenario
# (normally 10 to 20).
BOOT_LIMIT=$((${LAB_BOOT_TIMEOUT:-120} * ${LAB_TIMEOUT_SCALE:-1}))

# wait_boot CHANNEL QEMU_PID: true once dom0 said BEGIN or QEMU ended, false
# when BOOT_LIMIT passed first.
wait_boot() {
	local end=$(($(now) + BOOT_LIMIT))
	while [ "$(now)" -lt "$end" ]; do
		grep -q '^BEGIN' "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 0
		sleep 1
	done
	return 1
}

# run_scenario_boot NAME MODE -> prints the verdict; records a matrix row.
run_scenario_boot() {
	local name=$1 mode=$2 out limit t0 secs qrc=0 v qemu_pid attempt
	out=$RUN_DIR/$(tr '/@,=' '-+_.' <<<"$name")
	mkdir -p "$out"
	PINS=$(entry_pins "$name")
	dom0_initrd "$ABI"
	# shellcheck disable=SC2034 # read by qemu_boot
	SCRATCH_MB=$(scenario_meta "$name" scratch_mb)
	# shellcheck disable=SC2034 # read by qemu_boot
	QEMU_ARGS=$(scenario_meta "$name" qemu_args)
	limit=$(( $(scenario_meta "$name" timeout) * ${LAB_TIMEOUT_SCALE:-1} ))
	[ "$mode" = walkthrough ] || printf '%s: %s\n' "$name" "$(scenario_meta "$name" about)"
	t0=$(now)
	if [ "$mode" = shell ]; then
		qemu_boot "$out" $((limit + ${LAB_SHELL_TIME:-3600})) shell "${name%%@*}" "$(scenario_meta "$name" dom0_args)" || qrc=$?
		return 0
	fi
	for attempt in 1 2; do
		: >"$out/channel.log"
		qemu_boot "$out" "$limit" "$mode" "${name%%@*}" "$(scenario_meta "$name" dom0_args)" &
		qemu_pid=$!
		wait_boot "$out/channel.log" "$qemu_pid" && break
		# Rarely (~1 boot in 30 under load) Debian's kernel stalls early
		# as dom0 under TCG, before /init; that is not the scenario's
		# fault, so boot once more and keep the stalled console.
		# qemu_pid is the subshell; its child is timeout, which passes
		# the signal on to QEMU.
		pkill -TERM -P "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null || true
		mv "$out/console.log" "$out/console.stalled-boot-$attempt.log"
		echo "         dom0 did not reach /init within ${BOOT_LIMIT}s; console kept in" \
			"console.stalled-boot-$attempt.log"
		[ "$attempt" = 2 ] && qrc=125
	done
	if [ "$qrc" != 125 ]; then
		# Narrate the channel while QEMU runs; tail stops when QEMU has ended.
		tail -n +1 -s 0.5 -F --pid="$qemu_pid" "$out/channel.log" 2>/dev/null | render "$mode"
		wait "$qemu_pid" || qrc=$?
	fi
	secs=$(($(now) - t0))
	unpack_logs "$out" || echo "(no logs came back from dom0; the console is in $out/console.log)" >"$out/logs.missing"
	v=$(verdict "$out" "$qrc")
	if [ "$v" = PASS ]; then
		PASSED=$((PASSED + 1))
		printf 'PASS  %-44s %8s\n' "$name" "$(fmt_secs "$secs")"
	else
		FAILED=$((FAILED + 1))
		printf 'FAIL  %-44s %8s  %s\n' "$name" "$(fmt_secs "$secs")" "${v#FAIL }"
		printf '      logs: %s (console.log = Xen + dom0, logs/console/guest-*.log = domUs)\n' "$out"
	fi
	matrix_row "$name" "$out/channel.log" "${v%% *}" "$secs" >>"$RUN_DIR/matrix"
}

# matrix_row NAME CHANNEL VERDICT SECS: which implementation each role used.
matrix_row() {
	local role cell row
	row=$(printf '%-44s' "$1")
	for role in $ROLES; do
		cell=$(awk -v r="$role" '$1 == "ROLE" && $2 == r { print $3 "@" $4 }' "$2" | sort -u | paste -sd, -)
		row+=$(printf ' %-22s' "${cell:--}")
	done
	printf '%s %-7s %8s\n' "$row" "$3" "$(fmt_secs "$4")"
}

print_matrix() {
	printf '\n%s\n' "Roles used (implementation@domain), kernel $ABI, Xen 4.17:"
	printf '%-44s %-22s %-22s %-22s %-7s %8s\n' scenario pciback netback netfront verdict time
	cat "$RUN_DIR/matrix"
}

# run_scenarios NAME...: the 'run' and 'suite' commands.
run_scenarios() {
	local name
	for name in "$@"; do scenario_file "$name" >/dev/null; done
	start_run "$@"
	: >"$RUN_DIR/matrix"
	PASSED=0 FAILED=0
	for name in "$@"; do run_scenario_boot "$name" run; done
	print_matrix
	echo "results: $RUN_DIR"
	echo "lab: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

# start_run ENTRY...: results folder and images for this invocation.
start_run() {
	mkdir -p "$RESULTS_DIR"
	RUN_DIR=$(mktemp -d "$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)-XXXX")
	chmod 755 "$RUN_DIR"
	ln -sfn "$(basename "$RUN_DIR")" "$RESULTS_DIR/latest"
	prepare "$@"
	echo "kernel $ABI, Xen 4.17; roles unless an entry pins them: $(for r in $ROLES; do echo -n "$r=$(role_choice "$r") "; done)"
}
