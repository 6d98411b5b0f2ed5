# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# broken/wrong-bridge: dom0-backend with a vif on a bridge that does not
# exist.  Not in the suite: it proves a failure is reported with its step.
about="dom0-backend with vif bridge=xenbr9, which does not exist"
bridge=xenbr9
# shellcheck source=scenarios/dom0-backend.sh
. "$(dirname "${BASH_SOURCE[0]}")/../dom0-backend.sh"
about="dom0-backend with vif bridge=xenbr9, which does not exist"
timeout=240
