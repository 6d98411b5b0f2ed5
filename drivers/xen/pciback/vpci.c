// SPDX-License-Identifier: GPL-2.0-only
/*
 * vpci.c - the default mode: the guest sees its functions on one virtual
 * bus, 0000:00, the functions of one physical device kept together in one
 * slot (pure/vslot.c decides where: the slot the toolstack asked for in
 * vdevfn-N, else the first free one).  Bridges are refused.
 */
#include <linux/pci.h>

#include "pciback.h"

static int xen_pcibk_vpci_assign(struct xen_pcibk_device *pdev,
				 struct xen_pcibk_export *exp)
{
	struct pci_dev *dev = exp->dev;
	u8 vdevfn;
	int ret;

	if (dev->hdr_type != PCI_HEADER_TYPE_NORMAL) {
		dev_err(&pdev->xdev->dev, "%s: bridges cannot be passed through in vpci mode\n",
			pci_name(dev));
		return -EOPNOTSUPP;
	}
	ret = xen_pcibk_vslot_assign_at(pdev->vslots, pci_domain_nr(dev->bus),
					dev->bus->number, dev->devfn,
					dev->multifunction, exp->want_vslot,
					&vdevfn);
	if (ret == -EBUSY)
		dev_err(&pdev->xdev->dev, "%s: virtual slot %d is taken, or its device sits in another slot\n",
			pci_name(dev), exp->want_vslot);
	if (ret)
		return ret;
	exp->vdomain = 0;
	exp->vbus = 0;
	exp->vdevfn = vdevfn;
	return 0;
}

static void xen_pcibk_vpci_unassign(struct xen_pcibk_device *pdev,
				    struct xen_pcibk_export *exp)
{
	xen_pcibk_vslot_release(pdev->vslots, exp->vdevfn);
}

static int xen_pcibk_vpci_roots(struct xen_pcibk_device *pdev, u32 *roots,
				int max)
{
	if (max < 1)
		return 0;
	roots[0] = 0;
	return 1;
}

const struct xen_pcibk_backend xen_pcibk_vpci_backend = {
	.name = "vpci",
	.assign = xen_pcibk_vpci_assign,
	.unassign = xen_pcibk_vpci_unassign,
	.roots = xen_pcibk_vpci_roots,
};
