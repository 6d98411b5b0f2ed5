# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# A domU's agent: it runs the steps dom0 hands it through xenstore.
#
#   data/lab/agent  written once the agent listens
#   data/lab/cmd    the command (bash words), written by dom0
#   data/lab/seq    written by dom0 after cmd; a new value means "run cmd"
#   data/lab/out    the command's output (its tail: xenstore values are small)
#   data/lab/rc     its exit status
#   data/lab/done   the seq it answered, written last
# Output also goes to the console, which xenconsoled keeps in dom0.
set -uo pipefail
# shellcheck source=guest/lib.sh
. /lab/guest/lib.sh
# The scenario's own helper functions, for the steps it runs here.
if [ -n "${lab_scenario:-}" ]; then
	# shellcheck source=/dev/null
	. "/lab/scenarios/$lab_scenario.sh"
fi

modprobe -a xenfs xen-evtchn xen-gntdev xen-privcmd
mount -t xenfs xenfs /proc/xen
xenstore-write data/lab/agent ready
echo "lab: agent of ${lab_domain:-domU} ready"

# A watch on data/lab/seq wakes the loop when dom0 hands a step over;
# between steps the agent sleeps in read, not in a poll (forks are dear in
# a PV guest under TCG and the agent runs through every scenario, the
# bench's clients included, where a fork lands next to the round trips).
# The watch fires once when it registers, which forces a read of seq after
# that point, so no step is missed; every 30 s the loop reads seq anyway,
# and should the watch die it polls every 0.3 s.  The path is relative
# (to the domain's home in xenstore): xl save and restore gives the domain
# a new domid, and the kernel registers its watches again after the
# restore, so a watch on /local/domain/<old domid>/... would never fire
# again (with that path, 9387cd8's steps after a restore waited for the
# 30 s re-read in CI).
exec {watch}< <(exec xenstore-watch data/lab/seq 2>/dev/null)
last=
while :; do
	seq=$(xenstore-read data/lab/seq 2>/dev/null)
	if [ -n "$seq" ] && [ "$seq" != "$last" ]; then
		cmd=$(xenstore-read data/lab/cmd)
		echo "lab: running: $cmd"
		(eval "$cmd") </dev/null >/tmp/out 2>&1 {watch}<&-
		rc=$?
		cat /tmp/out
		xenstore-write data/lab/out "$(tail -c 1500 /tmp/out)" data/lab/rc "$rc"
		xenstore-write data/lab/done "$seq"
		last=$seq
		continue
	fi
	read -r -t 30 -u "$watch" _ || [ $? -gt 128 ] || nap 0.3
done
