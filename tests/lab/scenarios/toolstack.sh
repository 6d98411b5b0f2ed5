# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034 # variables are read by lab.sh and dom0
#
# toolstack: dom0 runs xenstored and xl answers.
about="xenstored and xenconsoled start in dom0 and 'xl list' answers"
timeout=180
dom0_args=""

xl_lists() { xl list | tee /dev/stderr | grep -q "^$1 "; }
xenstore_is() { [ "$(xenstore-read "$1")" = "$2" ]; }

run_scenario() {
	step "xl list shows Domain-0" xl_lists Domain-0
	step "xenstore holds dom0's name" xenstore_is /local/domain/0/name Domain-0
	say "xenstored runs in dom0 and xl sees Domain-0"
}
