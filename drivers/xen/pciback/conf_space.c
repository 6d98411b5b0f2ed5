// SPDX-License-Identifier: GPL-2.0-only
/*
 * conf_space.c - a guest's view of a seized function's config space.
 *
 * The decisions are made by the filter in pure/conf_filter.c over the
 * function's field table; this file gives it the hardware (through the PCI
 * core's config accessors) and dispatches emulated fields to the header
 * and capability code.  Callers hold xen_pcibk_dev_data.lock.
 */
#include <linux/pci.h>

#include "pciback.h"

static int xen_pcibk_hw_read(void *ctx, unsigned int off, unsigned int size,
			     u32 *val)
{
	struct xen_pcibk_dev_data *dd = ctx;
	u16 w;
	u8 b;
	int ret;

	switch (size) {
	case 1:
		ret = pci_read_config_byte(dd->dev, off, &b);
		*val = b;
		break;
	case 2:
		ret = pci_read_config_word(dd->dev, off, &w);
		*val = w;
		break;
	default:
		ret = pci_read_config_dword(dd->dev, off, val);
		break;
	}
	return pcibios_err_to_errno(ret);
}

static int xen_pcibk_hw_write(void *ctx, unsigned int off, unsigned int size,
			      u32 val)
{
	struct xen_pcibk_dev_data *dd = ctx;
	int ret;

	switch (size) {
	case 1:
		ret = pci_write_config_byte(dd->dev, off, val);
		break;
	case 2:
		ret = pci_write_config_word(dd->dev, off, val);
		break;
	default:
		ret = pci_write_config_dword(dd->dev, off, val);
		break;
	}
	return pcibios_err_to_errno(ret);
}

static bool xen_pcibk_is_header_field(const struct xen_pcibk_field *f)
{
	return f->id <= XEN_PCIBK_EMU_IRQ_LINE;
}

static int xen_pcibk_emu_read(void *ctx, const struct xen_pcibk_field *f,
			      u32 *val)
{
	if (xen_pcibk_is_header_field(f))
		return xen_pcibk_header_read(ctx, f, val);
	return xen_pcibk_capability_read(ctx, f, val);
}

static int xen_pcibk_emu_write(void *ctx, const struct xen_pcibk_field *f,
			       u32 val, u32 mask)
{
	if (xen_pcibk_is_header_field(f))
		return xen_pcibk_header_write(ctx, f, val, mask);
	return xen_pcibk_capability_write(ctx, f, val, mask);
}

static const struct xen_pcibk_cfg_ops xen_pcibk_cfg_ops = {
	.hw_read = xen_pcibk_hw_read,
	.hw_write = xen_pcibk_hw_write,
	.emu_read = xen_pcibk_emu_read,
	.emu_write = xen_pcibk_emu_write,
};

/**
 * xen_pcibk_config_init_dev() - build a seized function's field table
 * @dd: the function, not yet visible to any guest
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_config_init_dev(struct xen_pcibk_dev_data *dd)
{
	int ret;

	dd->table.fields = dd->fields;
	dd->table.count = 0;
	dd->table.max = ARRAY_SIZE(dd->fields);
	ret = xen_pcibk_header_init(dd);
	if (ret)
		return ret;
	return xen_pcibk_capability_init(dd);
}

/**
 * xen_pcibk_config_reset_dev() - forget what the last guest did
 * @dd: the function; caller holds @dd->lock
 *
 * Ends BAR sizing; the field table, permissive mode and quirks stay, as
 * they are the administrator's choice.
 */
void xen_pcibk_config_reset_dev(struct xen_pcibk_dev_data *dd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dd->bars); i++)
		dd->bars[i].sizing = false;
	dd->hinted = false;
}

static int xen_pcibk_check(struct xen_pcibk_dev_data *dd, int offset,
			   int size)
{
	if (offset < 0 || size < 0)
		return -EINVAL;
	return xen_pcibk_cfg_check_access(offset, size, dd->dev->cfg_size);
}

/**
 * xen_pcibk_config_read() - serve pcifront's XEN_PCI_OP_conf_read
 * @dd: the function; caller holds @dd->lock
 * @offset: guest-supplied offset
 * @size: guest-supplied width
 * @val: the value for the guest
 *
 * Return: 0, -EINVAL for a malformed access, or an error from the device.
 */
int xen_pcibk_config_read(struct xen_pcibk_dev_data *dd, int offset,
			  int size, u32 *val)
{
	int ret = xen_pcibk_check(dd, offset, size);

	if (ret)
		return ret;
	return xen_pcibk_cfg_read(&xen_pcibk_cfg_ops, dd, &dd->table, offset,
				  size, val);
}

/**
 * xen_pcibk_config_write() - serve pcifront's XEN_PCI_OP_conf_write
 * @dd: the function; caller holds @dd->lock
 * @offset: guest-supplied offset
 * @size: guest-supplied width
 * @value: guest-supplied value
 *
 * What the filter does not allow is dropped; the first time for each
 * guest, the log says so and names the way out.
 *
 * Return: 0, -EINVAL for a malformed access, or an error from the device.
 */
int xen_pcibk_config_write(struct xen_pcibk_dev_data *dd, int offset,
			   int size, u32 value)
{
	bool dropped = false;
	int ret = xen_pcibk_check(dd, offset, size);

	if (ret)
		return ret;
	dd->denied = false;
	ret = xen_pcibk_cfg_write(&xen_pcibk_cfg_ops, dd, &dd->table, offset,
				  size, value,
				  xen_pcibk_is_permissive(dd),
				  &dropped);
	if ((dropped || dd->denied) && !dd->hinted) {
		dd->hinted = true;
		dev_info(&dd->dev->dev, "guest write of %#x to config %#x:%d dropped; if the device needs it, see pciback's permissive and quirks attributes\n",
			 value, offset, size);
	}
	return ret;
}
