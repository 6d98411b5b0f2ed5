// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-pciback module: parameters and wiring.  Seizing is in pci_stub.c,
 * config-space virtualisation in conf_space*.c, the xenbus backend in
 * xenbus.c with its two modes in vpci.c and passthrough.c; pcifront's
 * ops are served in pciback_ops.c and PCIe errors forwarded in aer.c.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <xen/xen.h>

#include "pciback.h"

static char *hide;
module_param(hide, charp, 0444);
MODULE_PARM_DESC(hide, "PCI functions to seize, e.g. (02:01.7)(0000:04:1d.*)");

static bool seize_bound = true;
module_param(seize_bound, bool, 0444);
MODULE_PARM_DESC(seize_bound, "Take functions listed in hide= from the driver already bound to them (default: yes)");

static bool passthrough;
module_param(passthrough, bool, 0444);
MODULE_PARM_DESC(passthrough, "Show guests real PCI addresses instead of a virtual bus (default: no, vpci)");

bool xen_pcibk_permissive_all;

/* Set the global permissive flag, saying what it means (security-relevant). */
static int xen_pcibk_set_permissive(const char *val,
				    const struct kernel_param *kp)
{
	bool on;

	if (kstrtobool(val, &on)) {
		pr_err("permissive: \"%.*s\" is not a boolean\n",
		       (int)strcspn(val, "\n"), val);
		return -EINVAL;
	}
	WRITE_ONCE(xen_pcibk_permissive_all, on);
	if (on)
		pr_warn("permissive=1: guests may write any config register of every seized function (security-relevant)\n");
	else
		pr_info("permissive=0: config writes filtered again, except for functions made permissive one by one\n");
	return 0;
}

static const struct kernel_param_ops xen_pcibk_permissive_ops = {
	.set = xen_pcibk_set_permissive,
	.get = param_get_bool,
};
module_param_cb(permissive, &xen_pcibk_permissive_ops,
		&xen_pcibk_permissive_all, 0644);
MODULE_PARM_DESC(permissive, "Let guests write any config register of every seized function (default: no; security-relevant)");

static int __init xen_pcibk_init(void)
{
	int ret;

	if (!xen_domain())
		return -ENODEV;
	ret = xen_pcibk_stub_init(hide, seize_bound);
	if (ret)
		return ret;
	ret = xen_pcibk_xenbus_register(passthrough);
	if (ret)
		xen_pcibk_stub_exit();
	return ret;
}
module_init(xen_pcibk_init);

static void __exit xen_pcibk_exit(void)
{
	xen_pcibk_xenbus_unregister();
	xen_pcibk_stub_exit();
}
module_exit(xen_pcibk_exit);

MODULE_DESCRIPTION("Xen PCI device backend (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
MODULE_ALIAS("xen-backend:pci");
