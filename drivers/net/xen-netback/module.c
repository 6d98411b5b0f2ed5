// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-netback module identity.
 *
 * The backend driver itself (xenbus "vif" backend, vifD.N netdevs, guest
 * TX and RX paths, control ring) is delivered by its own issue; until then
 * this module carries only its metadata and registers nothing.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("Xen backend network device module (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
