# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# netfront-nicdom: netfront.sh's acceptance of xen-netfront (issue #4) with
# the backend in nicdom, a PV driver domain (driver_domain=1, 2 vCPUs,
# netback, bridge xenbr0, xl devd running vif-bridge): the client's vif
# has backend=nicdom, so netfront treats its backend as untrusted (bounce
# buffers).  The steps are netfront.sh's; those that look at the backend's
# vif, bridge and log run in nicdom, xl save/restore and the cycles in dom0.
# Steps that run only here, with our netfront: the lazy tx queues' reap
# timer takes in the last completions of a burst (nf_tx_reap); a one-way
# 64-byte UDP stream from nicdom makes rx polls hand over to the timer
# (rx_timed_polls), and with rx_coalesce_usecs=0 a second one does not
# (nf_rx_coal, nf_rx_coal_off).
# shellcheck source=tests/lab/scenarios/netfront.sh
. "$(dirname "${BASH_SOURCE[0]}")/netfront.sh"
about="netfront acceptance with netback in nicdom: ping, iperf3 both ways, 2 queues, ethtool, tx reap timer and rx coalescing (ours), MTU 9000, save/restore, 20 detach/attach cycles, XDP, rmmod, bad mac"
timeout=1500
nf_be=nicdom
nf_peer=10.0.0.1
