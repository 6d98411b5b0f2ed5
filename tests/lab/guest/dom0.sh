# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# dom0: start the Xen toolstack, then run the scenario's steps.
#
# Every step reports on the verdict channel, the second serial port
# (/dev/ttyS1, a file on the host), one record per line:
#   STEP dom desc | PASS dom secs desc | FAIL dom secs desc :: reason
#   SAY text | OUT dom line | ROLE role impl dom module | METRIC name value
#   RESULT pass|fail
# The console (hvc0, through Xen's serial) is only for people and post-mortems.
# At the end the logs of every domain follow on the same port, between
# BEGIN-LOGS and END-LOGS (the third UART would share Xen's IRQ 4).
set -uo pipefail
# shellcheck source=guest/lib.sh
. /lab/guest/lib.sh

CHANNEL=/dev/ttyS1
STEP_TIMEOUT=${lab_step_timeout:-120}
CMD_SEQ=0

emit() {
	echo "$*" >"$CHANNEL"
	# In the interactive shell the person watches the console instead.
	if [ "${lab_mode:-}" = shell ]; then echo "lab: $*" >/dev/console; fi
}
say() { emit "SAY $*"; }

# report DOM OUTPUT_FILE: forward a command's records (ROLE, METRIC, SAY
# lines anywhere in its output) and the tail of the rest.
report() {
	local dom=$1 file=$2 line role impl mod
	while IFS= read -r line; do
		case "$line" in
		ROLE\ *)
			read -r _ role impl mod _ <<<"$line"
			emit "ROLE $role $impl $dom $mod"
			;;
		METRIC\ * | SAY\ *) emit "$line" ;;
		esac
	done <"$file"
	grep -Ev '^(ROLE|METRIC|SAY) ' "$file" | tail -n 12 | while IFS= read -r line; do
		emit "OUT $dom $line"
	done
}

# reason FILE -> the last line of a failed command's own output.
reason() {
	grep -Ev '^(ROLE|METRIC|SAY) ' "$1" | grep -v '^$' | tail -n 1
}

# step DESC CMD...: run one step in dom0.  A failed step ends the scenario.
step() {
	local desc=$1 t0 rc out=/tmp/step.out
	shift
	emit "STEP dom0 $desc"
	echo "lab: step: $desc" >/dev/console
	t0=$SECONDS
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out" >/dev/console
	report dom0 "$out"
	if [ $rc -eq 0 ]; then
		emit "PASS dom0 $((SECONDS - t0)) $desc"
	else
		emit "FAIL dom0 $((SECONDS - t0)) $desc :: $(reason "$out")"
		finish fail
	fi
}

# domid NAME -> the domain id, fails if there is no such domain.  The id
# xl gave last time is kept in /tmp/domid.NAME and used again while
# xenstore still names that domain NAME (a domain created again under the
# same name gets a new id, and its old id's xenstore directory is gone):
# xenstore-read is a much smaller program than xl, whose every run costs
# dom0 about 0.3 s of CPU under TCG, and steps look domains up all the time.
domid() {
	local id name
	if read -r id 2>/dev/null <"/tmp/domid.$1" &&
		name=$(xenstore-read "/local/domain/$id/name" 2>/dev/null) && [ "$name" = "$1" ]; then
		echo "$id"
		return 0
	fi
	id=$(xl domid "$1" 2>/dev/null) || return 1
	echo "$id" >"/tmp/domid.$1"
	echo "$id"
}

# domu_alive NAME: the domain exists and has not crashed or shut down.
domu_alive() {
	local state
	state=$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')
	[ -n "$state" ] && case "$state" in *c* | *s*) false ;; *) true ;; esac
}

# domu_done DOMID SEQ NAME: the agent finished step SEQ, or the domain
# crashed or shut down.  The second is looked at no more than every 10 s:
# under TCG one xl list costs dom0 about half a second of CPU, and dom0
# shares its physical CPU with the clients in the bench: a check every 2 s
# during a step competes with the very packets being timed (the suspected
# cause of the 1.8 ms round trips in Documentation/bench-results.rst).
# in_dom puts the first check 10 s into each step: one at a step's start
# (whenever the previous was 10 s earlier) ran during the bench's pings,
# and the client answered them in 10-12 ms bursts behind it (run fiYS).
domu_done() {
	xs_is "/local/domain/$1/data/lab/done" "$2" && return 0
	[ "$SECONDS" -ge "${domu_alive_next:-0}" ] || return 1
	domu_alive_next=$((SECONDS + 10))
	! domu_alive "$3"
}

# in_dom NAME DESC CMD...: run one step inside domU NAME, through its agent
# (guest/domu.sh), which reads the command from xenstore and writes back the
# exit status and output.
in_dom() {
	local name=$1 desc=$2 id t0 rc out=/tmp/step.out base
	shift 2
	emit "STEP $name $desc"
	echo "lab: step in $name: $desc" >/dev/console
	t0=$SECONDS
	CMD_SEQ=$((CMD_SEQ + 1))
	id=$(domid "$name") || { emit "FAIL $name 0 $desc :: domain $name does not exist"; finish fail; }
	base=/local/domain/$id/data/lab
	# The first liveness check comes 10 s into the step, not at its start
	# (see domu_done): a step shorter than that runs with dom0 idle.
	domu_alive_next=$((SECONDS + 10))
	xenstore-write "$base/cmd" "$(printf '%q ' "$@")" "$base/seq" "$CMD_SEQ"
	# Tries without an event every 10 s, not 2: the liveness check runs
	# at most that often anyway, and each try forks xenstore-read in dom0,
	# which shares its physical CPU with the clients in the bench: the
	# round trips the bench times came in bursts of consecutive 10-40 ms
	# ones (run HEM3, Documentation/bench-results.rst).
	if ! WAIT_XS_IDLE=10 wait_xs "$STEP_TIMEOUT" "$name to run the step" "$base/done" \
		domu_done "$id" "$CMD_SEQ" "$name" >"$out"; then
		rc=1
	elif ! domu_alive "$name"; then
		echo "domain $name crashed or shut down (see guest-$name.log)" >"$out"
		rc=1
	else
		# xenstore-read escapes newlines; -R would not exist everywhere.
		printf '%b\n' "$(xenstore-read "$base/out" 2>/dev/null)" >"$out"
		rc=$(xenstore-read "$base/rc")
	fi
	report "$name" "$out"
	if [ "$rc" = 0 ]; then
		emit "PASS $name $((SECONDS - t0)) $desc"
	else
		emit "FAIL $name $((SECONDS - t0)) $desc :: $(reason "$out")"
		finish fail
	fi
}

# domu_create NAME MEMORY_MB [xl config lines...]: start a PV domU from the
# lab's kernel and root file system and wait for its agent to come up.
domu_create() {
	local name=$1 mem=$2 line cfg=/etc/xen/$1.cfg
	shift 2
	# The 6.12 initramfs (bigger modules tree) does not unpack in the
	# 192 MB that suits 6.1; guests run the same kernel as dom0.
	case $(uname -r) in
	6.1.*) ;;
	*) mem=$((mem + 64)) ;;
	esac
	# norandmaps: see the note on it in lib/boot.sh (beside LAB_TB_MB).
	{
		echo "name = '$name'"
		echo "kernel = '/lab/boot/vmlinux.gz'"
		echo "ramdisk = '/lab/boot/domu.cpio.gz'"
		echo "extra = 'console=hvc0 norandmaps panic_on_warn=1 oops=panic lab_domain=$name lab_scenario=$scenario'"
		echo "memory = $mem"
		echo "vcpus = 1"
		echo "on_crash = 'preserve'"
		for line in "$@"; do echo "$line"; done
	} >"$cfg"
	cat "$cfg"
	if ! xl create "$cfg" >/tmp/xl-create.out 2>&1; then
		cat /tmp/xl-create.out
		# The first error names the cause; the last only says it gave up.
		echo "xl create $name failed: $(grep -m1 'script: ' /tmp/xl-create.out ||
			grep -m1 -i 'error' /tmp/xl-create.out)"
		return 1
	fi
	cat /tmp/xl-create.out
	wait_for 90 "the agent in $name to start" \
		xenstore-read "/local/domain/$(domid "$name")/data/lab/agent" || return 1
	echo "$name is up as domain $(domid "$name")"
}

# vif_connected BACKEND_DOMAIN FRONTEND_NAME: the vif's backend says Connected (4).
vif_connected() {
	local fid bid
	fid=$(domid "$2") && bid=$(domid "$1") || return 1
	xs_is "/local/domain/$bid/backend/vif/$fid/0/state" 4
}

# start_toolstack: xenstored, dom0's xenstore entries and the console daemon.
# A scenario may set xenstored_args (e.g. a larger watch quota).
start_toolstack() {
	modprobe -a xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd || return 1
	mount -t xenfs xenfs /proc/xen || return 1
	# shellcheck disable=SC2086 # a scenario's xenstored_args are words
	xenstored --pid-file=/var/run/xenstored.pid ${xenstored_args:-} || return 1
	wait_for 20 "xenstored to answer" xenstore-read /local || return 1
	xen-init-dom0 || return 1
	xenconsoled --log=guest --log-dir=/var/log/xen/console \
		--pid-file=/var/run/xenconsoled.pid || return 1
	xl list
}

# ship_logs: every domain's console and the toolstack logs, as a base64 tar
# after the verdict; the host unpacks it into the results folder.
ship_logs() {
	dmesg >/var/log/xen/dom0-dmesg.log 2>&1
	xl dmesg >/var/log/xen/xen-dmesg.log 2>&1
	cp /etc/xen/*.cfg /var/log/xen/ 2>/dev/null
	echo "BEGIN-LOGS" >"$CHANNEL"
	tar -C /var/log/xen -czf - . | base64 >"$CHANNEL"
	echo "END-LOGS" >"$CHANNEL"
}

# finish pass|fail: report, ship the logs, power off (never returns).
finish() {
	trap - EXIT
	emit "RESULT $1"
	ship_logs
	poweroff -f
	sleep 30
}

trap 'finish fail' EXIT
scenario=${lab_scenario:?no lab_scenario on the dom0 command line}
# shellcheck source=/dev/null
. "/lab/scenarios/$scenario.sh"
emit "BEGIN $scenario"
step "start the Xen toolstack (xenstored, xenconsoled) in dom0" start_toolstack
run_scenario
if [ "${lab_mode:-}" = shell ]; then
	emit "RESULT pass"
	echo "lab: the domains are up; 'xl list', 'xl console NAME' (Ctrl-] leaves), 'poweroff -f' ends the lab"
	trap - EXIT
	setsid cttyhack bash -i
	poweroff -f
fi
finish pass
