// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-pciback module identity.
 *
 * The PCI backend itself (seizing devices, config-space virtualisation,
 * the xenbus "pci" backend) is delivered by its own issue; until then this
 * module carries its metadata and registers nothing.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("Xen PCI device backend (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
