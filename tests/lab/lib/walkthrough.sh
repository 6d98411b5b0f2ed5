# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# make lab / make lab-shell: the seed topology, narrated or interactive.

# describe_roles: say in plain words which implementation each role uses.
describe_roles() {
	local role impl mod where
	for role in $ROLES; do
		impl=$(role_choice "$role")
		mod=$(role_module "$role")
		case "$role" in
		pciback) where="in dom0, hides the NIC" ;;
		netback) where="in nicdom, serves the clients' vifs" ;;
		netfront) where="in each client" ;;
		esac
		if [ "$impl" = ours ]; then
			printf '  %-8s (%s): OUR %s.ko from this tree\n' "$role" "$where" "$mod"
		else
			printf '  %-8s (%s): Debian'\''s in-tree %s (set %s=ours for this tree'\''s)\n' \
				"$role" "$where" "$mod" "$(echo "$role" | tr '[:lower:]' '[:upper:]')"
		fi
	done
}

# summarize CHANNEL: the short story of a walkthrough, from the channel.
summarize() {
	local ch=$1
	echo
	echo "Summary"
	tr -d '\r' <"$ch" | sed -n '/^BEGIN-LOGS/q; s/^SAY /  - /p'
	tr -d '\r' <"$ch" | sed -n '/^BEGIN-LOGS/q; s/^METRIC \(.*\)/  - \1/p'
	tr -d '\r' <"$ch" | awk '$1 == "ROLE" { printf "  - role %s: %s module %s in %s\n", $2, ($3 == "ours" ? "our" : "Debian'\''s"), $5, $4 }'
}

walkthrough() {
	start_run seed-topology
	: >"$RUN_DIR/matrix"
	# shellcheck disable=SC2034 # counted by run_scenario_boot
	PASSED=0 FAILED=0
	cat <<EOT

The lab boots a whole Xen 4.17 system inside QEMU (software emulation, q35
with a virtual IOMMU, two e1000 NICs joined by a QEMU hub, no host network):
  dom0     runs the toolstack, hides NIC 0000:00:05.0 with pciback and keeps
           NIC 0000:00:06.0 as the "outside" end of the wire (10.0.1.1)
  nicdom   a network driver domain: gets 0000:00:05.0 by PCI passthrough,
           bridges it (xenbr0) and runs netback and 'xl devd' for the clients
  client1  three PV guests (10.0.1.21, .22, .23) whose network cards (vifs)
  client2  have their backend in nicdom: each reaches dom0's NIC through
  client3  nicdom and the other clients across its bridge; client1 also
           measures throughput with iperf3
Modules under test:
$(describe_roles)

EOT
	run_scenario_boot seed-topology walkthrough
	summarize "$RUN_DIR/seed-topology/channel.log"
	print_matrix
	echo "results: $RUN_DIR"
	[ "$FAILED" -eq 0 ]
}

lab_shell() {
	start_run seed-topology
	echo "Booting the seed topology; the dom0 shell follows on this terminal."
	echo "Try: xl list; xl console client1 (Ctrl-] returns); ls /sys/bus/pci/drivers/pciback."
	echo "'poweroff -f' ends the lab. Logs: $RUN_DIR/seed-topology"
	run_scenario_boot seed-topology shell
}
