// SPDX-License-Identifier: GPL-2.0-only
/*
 * conf_space_header.c - emulated registers of the type-0 header: COMMAND,
 * the BARs, the ROM BAR and the interrupt line.
 */
#include <linux/pci.h>

#include "pciback.h"

static enum xen_pcibk_bar_type xen_pcibk_bar_type(struct pci_dev *dev,
						  int bar, u32 val)
{
	if (bar == PCI_ROM_RESOURCE)
		return pci_resource_len(dev, bar) ? XEN_PCIBK_BAR_ROM :
						    XEN_PCIBK_BAR_UNUSED;
	if (!pci_resource_len(dev, bar))
		return XEN_PCIBK_BAR_UNUSED;
	if (val & PCI_BASE_ADDRESS_SPACE_IO)
		return XEN_PCIBK_BAR_IO;
	if ((val & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
	    PCI_BASE_ADDRESS_MEM_TYPE_64)
		return XEN_PCIBK_BAR_MEM64_LO;
	return XEN_PCIBK_BAR_MEM32;
}

/* Fill dd->bars from the hardware registers and the PCI core's sizes. */
static int xen_pcibk_bars_init(struct xen_pcibk_dev_data *dd)
{
	struct pci_dev *dev = dd->dev;
	enum xen_pcibk_bar_type type;
	u64 size;
	u32 val;
	int i, ret;

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		pci_read_config_dword(dev, PCI_BASE_ADDRESS_0 + 4 * i, &val);
		type = xen_pcibk_bar_type(dev, i, val);
		size = pci_resource_len(dev, i);
		ret = xen_pcibk_bar_init(&dd->bars[i], type, val, size);
		if (ret)
			goto bad;
		if (type == XEN_PCIBK_BAR_MEM64_LO && i + 1 < PCI_STD_NUM_BARS) {
			i++;
			pci_read_config_dword(dev, PCI_BASE_ADDRESS_0 + 4 * i,
					      &val);
			ret = xen_pcibk_bar_init(&dd->bars[i],
						 XEN_PCIBK_BAR_MEM64_HI, val,
						 size);
			if (ret)
				goto bad;
		}
	}
	pci_read_config_dword(dev, PCI_ROM_ADDRESS, &val);
	type = xen_pcibk_bar_type(dev, PCI_ROM_RESOURCE, val);
	ret = xen_pcibk_bar_init(&dd->bars[XEN_PCIBK_NR_BARS - 1], type, val,
				 pci_resource_len(dev, PCI_ROM_RESOURCE));
	if (ret) {
		i = PCI_ROM_RESOURCE;
		goto bad;
	}
	return 0;

bad:
	dev_err(&dev->dev, "BAR %d: size %#llx cannot be emulated\n", i,
		(unsigned long long)pci_resource_len(dev, i));
	return ret;
}

/**
 * xen_pcibk_header_init() - add the type-0 header fields and BAR state
 * @dd: the function being seized
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_header_init(struct xen_pcibk_dev_data *dd)
{
	size_t i;
	int ret;

	ret = xen_pcibk_bars_init(dd);
	if (ret)
		return ret;
	for (i = 0; i < xen_pcibk_header_fields_count; i++) {
		ret = xen_pcibk_cfg_table_add(&dd->table,
					      &xen_pcibk_header_fields[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * xen_pcibk_header_read() - value of an emulated header field
 * @dd: the function; caller holds @dd->lock
 * @f: the field
 * @val: its value for the guest
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_header_read(struct xen_pcibk_dev_data *dd,
			  const struct xen_pcibk_field *f, u32 *val)
{
	u16 cmd;

	switch (f->id) {
	case XEN_PCIBK_EMU_COMMAND:
		pci_read_config_word(dd->dev, PCI_COMMAND, &cmd);
		*val = cmd;
		return 0;
	case XEN_PCIBK_EMU_IRQ_LINE:
		/* A PV guest's pcifront binds the PIRQ named here. */
		*val = dd->dev->irq & 0xff;
		return 0;
	default:
		if (f->id < XEN_PCIBK_EMU_BAR0 || f->id > XEN_PCIBK_EMU_ROM)
			return -EINVAL;
		*val = xen_pcibk_bar_read(&dd->bars[f->id - XEN_PCIBK_EMU_BAR0]);
		return 0;
	}
}

static void xen_pcibk_command_write(struct xen_pcibk_dev_data *dd, u32 val,
				    u32 mask)
{
	struct pci_dev *dev = dd->dev;
	struct xen_pcibk_cmd_plan plan;
	u16 cur;
	int ret;

	pci_read_config_word(dev, PCI_COMMAND, &cur);
	xen_pcibk_command_plan(cur, val, mask,
			       xen_pcibk_is_permissive(dd), &plan);
	if (plan.denied)
		dd->denied = true;

	/*
	 * XSA-120: decoding and mastering change only through the core.
	 * Decoding turned off (as Linux does around BAR sizing) leaves the
	 * function enabled in the core until the guest lets go of it
	 * (xen_pcibk_quiesce_locked()): the core's disable would not clear
	 * the decode bits anyway, only release the legacy interrupt, and each
	 * enable after it registers the GSI again with two log lines Xen's
	 * code does not rate-limit (a guest looping on COMMAND logged 2048
	 * lines in dom0 for 4096 writes: lab run 20261204-164732-Ch1c).  Bus
	 * mastering, which the core's disable also ends, follows its own bit.
	 */
	if (plan.decode > 0 && !pci_is_enabled(dev)) {
		ret = pci_enable_device(dev);
		if (ret)
			xen_pcibk_guest_warn(dd, "guest enable failed: %d\n", ret);
	}
	if (plan.master > 0 && !dev->is_busmaster)
		pci_set_master(dev);
	else if (plan.master < 0 && dev->is_busmaster)
		pci_clear_master(dev);
	if (plan.mwi > 0) {
		if (pci_set_mwi(dev))
			dd->denied = true;
	} else if (plan.mwi < 0) {
		pci_clear_mwi(dev);
	}
	if (plan.raw_mask) {
		pci_read_config_word(dev, PCI_COMMAND, &cur);
		pci_write_config_word(dev, PCI_COMMAND,
				      (cur & ~plan.raw_mask) | plan.raw_value);
	}
}

/**
 * xen_pcibk_header_write() - a guest write to an emulated header field
 * @dd: the function; caller holds @dd->lock
 * @f: the field
 * @val: new field value
 * @mask: bits the guest wrote
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_header_write(struct xen_pcibk_dev_data *dd,
			   const struct xen_pcibk_field *f, u32 val, u32 mask)
{
	struct xen_pcibk_bar *bar;

	switch (f->id) {
	case XEN_PCIBK_EMU_COMMAND:
		xen_pcibk_command_write(dd, val, mask);
		return 0;
	case XEN_PCIBK_EMU_IRQ_LINE:
		/* Only a scratch register to the device; the guest keeps it. */
		return 0;
	default:
		if (f->id < XEN_PCIBK_EMU_BAR0 || f->id > XEN_PCIBK_EMU_ROM)
			return -EINVAL;
		bar = &dd->bars[f->id - XEN_PCIBK_EMU_BAR0];
		if (xen_pcibk_bar_write(bar, val))
			pci_write_config_dword(dd->dev, f->offset, bar->orig);
		else if (bar->type != XEN_PCIBK_BAR_UNUSED && !bar->sizing &&
			 val != xen_pcibk_bar_read(bar))
			dd->denied = true;
		return 0;
	}
}
