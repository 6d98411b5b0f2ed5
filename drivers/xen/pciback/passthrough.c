// SPDX-License-Identifier: GPL-2.0-only
/*
 * passthrough.c - the guest sees its functions at their real addresses,
 * each real bus holding one of them published as a root.
 */
#include <linux/pci.h>

#include "pciback.h"

static int xen_pcibk_pt_assign(struct xen_pcibk_device *pdev,
			       struct xen_pcibk_export *exp)
{
	struct xen_pcibk_export *other;

	exp->vdomain = pci_domain_nr(exp->dev->bus);
	exp->vbus = exp->dev->bus->number;
	exp->vdevfn = exp->dev->devfn;
	list_for_each_entry(other, &pdev->exports, list)
		if (other->vdomain == exp->vdomain &&
		    other->vbus == exp->vbus && other->vdevfn == exp->vdevfn)
			return -EEXIST;
	return 0;
}

static void xen_pcibk_pt_unassign(struct xen_pcibk_device *pdev,
				  struct xen_pcibk_export *exp)
{
}

/* Roots are encoded as domain << 8 | bus. */
static int xen_pcibk_pt_roots(struct xen_pcibk_device *pdev, u32 *roots,
			      int max)
{
	struct xen_pcibk_export *exp;
	int n = 0, i;
	u32 root;

	list_for_each_entry(exp, &pdev->exports, list) {
		root = exp->vdomain << 8 | exp->vbus;
		for (i = 0; i < n; i++)
			if (roots[i] == root)
				break;
		if (i == n && n < max)
			roots[n++] = root;
	}
	return n;
}

const struct xen_pcibk_backend xen_pcibk_passthrough_backend = {
	.name = "passthrough",
	.assign = xen_pcibk_pt_assign,
	.unassign = xen_pcibk_pt_unassign,
	.roots = xen_pcibk_pt_roots,
};
