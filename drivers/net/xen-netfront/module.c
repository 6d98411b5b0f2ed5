// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-netfront module identity.
 *
 * The frontend driver itself (xenbus "vif" frontend and its ethN netdev)
 * is delivered by its own issue; until then this module carries only its
 * metadata and registers nothing.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("Xen virtual network device frontend (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
