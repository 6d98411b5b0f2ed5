// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-pciback module identity and its hide= parameter.
 *
 * The PCI backend itself (seizing devices, config-space virtualisation,
 * the xenbus "pci" backend) is delivered by its own issue.  Until then
 * this module registers no driver; it only validates hide= with the slot
 * parser the backend will use, so a typo is reported at load time.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "pure/slot.h"

static char *hide;
module_param(hide, charp, 0444);
MODULE_PARM_DESC(hide, "PCI functions to seize, e.g. (02:01.7)(0000:04:1d.*)");

static int __init xen_pcibk_init(void)
{
	struct xen_pcibk_slot_error err;
	size_t count;
	int ret;

	if (!hide)
		return 0;

	ret = xen_pcibk_slot_list_parse(hide, strlen(hide), 0, NULL, 0,
					&count, &err);
	if (ret) {
		pr_err("hide=: position %zu: %s\n", err.pos, err.reason);
		return ret;
	}
	pr_info("hide=: %zu slot(s) listed; device seizing is not implemented yet\n",
		count);
	return 0;
}
module_init(xen_pcibk_init);

static void __exit xen_pcibk_exit(void)
{
}
module_exit(xen_pcibk_exit);

MODULE_DESCRIPTION("Xen PCI device backend (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
