// SPDX-License-Identifier: GPL-2.0-only
/*
 * conf_space_capability.c - fields of the capabilities a guest may touch:
 * power management (state changes through the PCI core), MSI and MSI-X
 * (enable bits only with allow_interrupt_control; pcifront enables them
 * through ops, not config writes).  Other capabilities read through and
 * their writes are dropped.
 */
#include <linux/pci.h>

#include "pciback.h"

static int xen_pcibk_cap_add(struct xen_pcibk_dev_data *dd, int pos,
			     unsigned int off, unsigned int size, u8 kind,
			     u16 id)
{
	struct xen_pcibk_field f = {
		.offset = pos + off, .size = size, .kind = kind, .id = id,
	};

	return xen_pcibk_cfg_table_add(&dd->table, &f);
}

/**
 * xen_pcibk_capability_init() - add the fields of known capabilities
 * @dd: the function being seized
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_capability_init(struct xen_pcibk_dev_data *dd)
{
	struct pci_dev *dev = dd->dev;
	int pos, ret = 0;

	pos = dev->pm_cap;
	if (pos) {
		ret = xen_pcibk_cap_add(dd, pos, 0, 2, XEN_PCIBK_FIELD_PASS, 0);
		if (!ret)
			ret = xen_pcibk_cap_add(dd, pos, PCI_PM_PMC, 2,
						XEN_PCIBK_FIELD_PASS, 0);
		if (!ret)
			ret = xen_pcibk_cap_add(dd, pos, PCI_PM_CTRL, 2,
						XEN_PCIBK_FIELD_EMU,
						XEN_PCIBK_EMU_PM_CTRL);
		if (ret)
			return ret;
	}
	pos = dev->msi_cap;
	if (pos) {
		ret = xen_pcibk_cap_add(dd, pos, PCI_MSI_FLAGS, 2,
					XEN_PCIBK_FIELD_EMU,
					XEN_PCIBK_EMU_MSI_FLAGS);
		if (ret)
			return ret;
	}
	pos = dev->msix_cap;
	if (pos)
		ret = xen_pcibk_cap_add(dd, pos, PCI_MSIX_FLAGS, 2,
					XEN_PCIBK_FIELD_EMU,
					XEN_PCIBK_EMU_MSIX_FLAGS);
	return ret;
}

/**
 * xen_pcibk_capability_read() - value of an emulated capability field
 * @dd: the function; caller holds @dd->lock
 * @f: the field
 * @val: its value for the guest
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_capability_read(struct xen_pcibk_dev_data *dd,
			      const struct xen_pcibk_field *f, u32 *val)
{
	u16 v;
	int ret;

	ret = pci_read_config_word(dd->dev, f->offset, &v);
	*val = v;
	return pcibios_err_to_errno(ret);
}

static void xen_pcibk_pm_write(struct xen_pcibk_dev_data *dd, u16 cur,
			       u16 val, u16 mask)
{
	pci_power_t state = (__force pci_power_t)(val & PCI_PM_CTRL_STATE_MASK);

	if ((cur ^ val) & mask & ~PCI_PM_CTRL_STATE_MASK)
		dd->denied = true;
	if (!(mask & PCI_PM_CTRL_STATE_MASK) ||
	    !((cur ^ val) & PCI_PM_CTRL_STATE_MASK))
		return;
	if (pci_set_power_state(dd->dev, state))
		dd->denied = true;
}

static void xen_pcibk_irq_ctrl_write(struct xen_pcibk_dev_data *dd,
				     const struct xen_pcibk_field *f, u16 cur,
				     u16 val, u16 mask, u16 allowed)
{
	u16 changed = (cur ^ val) & mask;

	if (changed & ~allowed || (changed && !dd->allow_interrupt_control)) {
		dd->denied = true;
		return;
	}
	if (changed)
		pci_write_config_word(dd->dev, f->offset,
				      (cur & ~changed) | (val & changed));
}

/**
 * xen_pcibk_capability_write() - a guest write to a capability field
 * @dd: the function; caller holds @dd->lock
 * @f: the field
 * @val: new field value
 * @mask: bits the guest wrote
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_capability_write(struct xen_pcibk_dev_data *dd,
			       const struct xen_pcibk_field *f, u32 val,
			       u32 mask)
{
	u16 cur;
	int ret;

	ret = pcibios_err_to_errno(pci_read_config_word(dd->dev, f->offset,
							&cur));
	if (ret)
		return ret;
	switch (f->id) {
	case XEN_PCIBK_EMU_PM_CTRL:
		xen_pcibk_pm_write(dd, cur, val, mask);
		return 0;
	case XEN_PCIBK_EMU_MSI_FLAGS:
		xen_pcibk_irq_ctrl_write(dd, f, cur, val, mask,
					 PCI_MSI_FLAGS_ENABLE);
		return 0;
	case XEN_PCIBK_EMU_MSIX_FLAGS:
		xen_pcibk_irq_ctrl_write(dd, f, cur, val, mask,
					 PCI_MSIX_FLAGS_ENABLE |
					 PCI_MSIX_FLAGS_MASKALL);
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * xen_pcibk_quirk_add() - open a config field to the guest
 * @dd: the function; caller holds @dd->lock
 * @q: the parsed quirk
 *
 * A quirk on a pass-through field of the same place and size widens its
 * mask; one overlapping any other field is refused, since emulated
 * registers keep their emulation.
 *
 * Return: 0; -EBUSY if the register is emulated or overlaps another field,
 * -ENOSPC if the device has no room for more quirks, -EINVAL if the
 * register lies outside the function's config space.
 */
int xen_pcibk_quirk_add(struct xen_pcibk_dev_data *dd,
			const struct xen_pcibk_quirk_spec *q)
{
	struct xen_pcibk_field f = {
		.offset = q->reg, .size = q->size,
		.kind = XEN_PCIBK_FIELD_PASS, .rw_mask = q->mask,
	};
	struct xen_pcibk_field *old;
	size_t i;
	int ret;

	if (q->reg + q->size > dd->dev->cfg_size)
		return -EINVAL;
	if (dd->nr_quirks == ARRAY_SIZE(dd->quirks))
		return -ENOSPC;
	for (i = 0; i < dd->table.count; i++) {
		old = &dd->table.fields[i];
		if (old->offset != q->reg || old->size != q->size ||
		    old->kind != XEN_PCIBK_FIELD_PASS)
			continue;
		old->rw_mask |= q->mask;
		dd->quirks[dd->nr_quirks++] = *q;
		return 0;
	}
	ret = xen_pcibk_cfg_table_add(&dd->table, &f);
	if (ret == -EEXIST)
		return -EBUSY;
	if (ret)
		return ret;
	dd->quirks[dd->nr_quirks++] = *q;
	return 0;
}
