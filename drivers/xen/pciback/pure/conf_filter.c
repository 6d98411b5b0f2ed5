// SPDX-License-Identifier: GPL-2.0-only
/*
 * conf_filter.c - config-space filter of xen-pciback: field table, access
 * validation, byte merges, COMMAND plan and BAR sizing emulation.
 *
 * The model is in conf_filter.h.  The kernel side (conf_space*.c) supplies
 * the hooks and acts on the results; the fuzz target pciback_conf drives
 * the same code against a fake device.
 */
#include <xen/xendd-pure.h>
#include "conf_filter.h"

/**
 * xen_pcibk_cfg_check_access() - is a guest config access well formed?
 * @off: config-space offset
 * @size: access width in bytes
 * @limit: config-space size of the function (256 or 4096)
 *
 * Return: 0 if @size is 1, 2 or 4, @off is aligned to it and the access
 * ends within @limit; -EINVAL otherwise.
 */
int xen_pcibk_cfg_check_access(unsigned int off, unsigned int size,
			       unsigned int limit)
{
	if (size != 1 && size != 2 && size != 4)
		return -EINVAL;
	if (off & (size - 1))
		return -EINVAL;
	if (off >= limit || size > limit - off)
		return -EINVAL;
	return 0;
}

/**
 * xen_pcibk_byte_mask() - mask covering @size low bytes
 * @size: 0 to 4
 *
 * Return: 0, 0xff, 0xffff, 0xffffff or 0xffffffff.
 */
u32 xen_pcibk_byte_mask(unsigned int size)
{
	return size >= 4 ? 0xffffffffU : (1U << (8 * size)) - 1;
}

/**
 * xen_pcibk_merge_into_access() - overlay a field's bytes on an access
 * @acc_off: offset of the access
 * @acc_size: width of the access
 * @acc_val: value read for the access
 * @f_off: offset of the field
 * @f_size: width of the field
 * @f_val: value of the field
 *
 * Return: @acc_val with every byte that lies within the field replaced by
 * the field's byte at the same config-space address.
 */
u32 xen_pcibk_merge_into_access(unsigned int acc_off, unsigned int acc_size,
				u32 acc_val, unsigned int f_off,
				unsigned int f_size, u32 f_val)
{
	unsigned int i, addr;
	u32 byte;

	for (i = 0; i < acc_size; i++) {
		addr = acc_off + i;
		if (addr < f_off || addr >= f_off + f_size)
			continue;
		byte = (f_val >> (8 * (addr - f_off))) & 0xff;
		acc_val &= ~(0xffU << (8 * i));
		acc_val |= byte << (8 * i);
	}
	return acc_val;
}

/**
 * xen_pcibk_merge_into_field() - apply an access's bytes to a field
 * @f_off: offset of the field
 * @f_size: width of the field
 * @f_val: current value of the field
 * @acc_off: offset of the access
 * @acc_size: width of the access
 * @acc_val: value written by the access
 * @mask: set to the bits of the field the access covers
 *
 * Return: @f_val with every byte that the access covers replaced by the
 * access's byte at the same config-space address.
 */
u32 xen_pcibk_merge_into_field(unsigned int f_off, unsigned int f_size,
			       u32 f_val, unsigned int acc_off,
			       unsigned int acc_size, u32 acc_val, u32 *mask)
{
	unsigned int i, addr;
	u32 byte, m = 0;

	for (i = 0; i < f_size; i++) {
		addr = f_off + i;
		if (addr < acc_off || addr >= acc_off + acc_size)
			continue;
		byte = (acc_val >> (8 * (addr - acc_off))) & 0xff;
		f_val &= ~(0xffU << (8 * i));
		f_val |= byte << (8 * i);
		m |= 0xffU << (8 * i);
	}
	*mask = m;
	return f_val;
}

static bool xen_pcibk_field_valid(const struct xen_pcibk_field *f)
{
	if (f->size != 1 && f->size != 2 && f->size != 4)
		return false;
	if ((f->offset & (f->size - 1)) || f->offset + f->size > 0x1000)
		return false;
	if (f->kind > XEN_PCIBK_FIELD_EMU)
		return false;
	if (f->kind == XEN_PCIBK_FIELD_EMU && f->id >= XEN_PCIBK_EMU_NR)
		return false;
	return !(f->rw_mask & ~xen_pcibk_byte_mask(f->size));
}

/**
 * xen_pcibk_cfg_table_add() - insert a field, keeping the table sorted
 * @t: the table
 * @f: the field, copied
 *
 * Return: 0; -EINVAL for a malformed field, -EEXIST if it overlaps one
 * already present, -ENOSPC if the table is full.  The table is unchanged
 * on error.
 */
int xen_pcibk_cfg_table_add(struct xen_pcibk_cfg_table *t,
			    const struct xen_pcibk_field *f)
{
	size_t i, at;

	if (!xen_pcibk_field_valid(f))
		return -EINVAL;
	for (at = 0; at < t->count; at++)
		if (t->fields[at].offset >= f->offset)
			break;
	if (at < t->count && t->fields[at].offset < f->offset + f->size)
		return -EEXIST;
	if (at > 0 && t->fields[at - 1].offset + t->fields[at - 1].size >
		      f->offset)
		return -EEXIST;
	if (t->count == t->max)
		return -ENOSPC;
	for (i = t->count; i > at; i--)
		t->fields[i] = t->fields[i - 1];
	t->fields[at] = *f;
	t->count++;
	return 0;
}

/**
 * xen_pcibk_cfg_table_find() - the field containing a config-space byte
 * @t: the table
 * @off: config-space offset
 *
 * Return: the field, or NULL if no field covers @off.
 */
const struct xen_pcibk_field *
xen_pcibk_cfg_table_find(const struct xen_pcibk_cfg_table *t,
			 unsigned int off)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		const struct xen_pcibk_field *f = &t->fields[i];

		if (off >= f->offset && off < f->offset + f->size)
			return f;
	}
	return NULL;
}

static bool xen_pcibk_overlaps(const struct xen_pcibk_field *f,
			       unsigned int off, unsigned int size)
{
	return f->offset < off + size && off < f->offset + f->size;
}

/**
 * xen_pcibk_cfg_read() - serve a guest config read
 * @ops: hardware and emulation hooks
 * @ctx: passed to the hooks
 * @t: the device's field table
 * @off: offset, already checked with xen_pcibk_cfg_check_access()
 * @size: width
 * @val: the value the guest sees
 *
 * Return: 0, or the first error of a hook.
 */
int xen_pcibk_cfg_read(const struct xen_pcibk_cfg_ops *ops, void *ctx,
		       const struct xen_pcibk_cfg_table *t, unsigned int off,
		       unsigned int size, u32 *val)
{
	u32 v, fv;
	size_t i;
	int ret;

	ret = ops->hw_read(ctx, off, size, &v);
	if (ret)
		return ret;
	for (i = 0; i < t->count; i++) {
		const struct xen_pcibk_field *f = &t->fields[i];

		if (f->kind != XEN_PCIBK_FIELD_EMU ||
		    !xen_pcibk_overlaps(f, off, size))
			continue;
		ret = ops->emu_read(ctx, f, &fv);
		if (ret)
			return ret;
		v = xen_pcibk_merge_into_access(off, size, v, f->offset,
						f->size, fv);
	}
	*val = v & xen_pcibk_byte_mask(size);
	return 0;
}

static int xen_pcibk_write_field(const struct xen_pcibk_cfg_ops *ops,
				 void *ctx, const struct xen_pcibk_field *f,
				 unsigned int off, unsigned int size, u32 val,
				 bool permissive, bool *dropped)
{
	u32 cur, newv, m, allow, wm;
	int ret;

	if (f->kind == XEN_PCIBK_FIELD_EMU)
		ret = ops->emu_read(ctx, f, &cur);
	else
		ret = ops->hw_read(ctx, f->offset, f->size, &cur);
	if (ret)
		return ret;
	newv = xen_pcibk_merge_into_field(f->offset, f->size, cur, off, size,
					  val, &m);
	if (f->kind == XEN_PCIBK_FIELD_EMU)
		return ops->emu_write(ctx, f, newv, m);

	allow = permissive ? xen_pcibk_byte_mask(f->size) : f->rw_mask;
	if (f->kind == XEN_PCIBK_FIELD_RW1C) {
		if (newv & m & ~allow)
			*dropped = true;
		wm = newv & m & allow;
		return wm ? ops->hw_write(ctx, f->offset, f->size, wm) : 0;
	}
	if ((newv ^ cur) & m & ~allow)
		*dropped = true;
	wm = m & allow;
	if (!((newv ^ cur) & wm))
		return 0;
	return ops->hw_write(ctx, f->offset, f->size,
			     (cur & ~wm) | (newv & wm));
}

/**
 * xen_pcibk_cfg_write() - serve a guest config write through the filter
 * @ops: hardware and emulation hooks
 * @ctx: passed to the hooks
 * @t: the device's field table
 * @off: offset, already checked with xen_pcibk_cfg_check_access()
 * @size: width
 * @val: the value the guest writes
 * @permissive: write bytes no field covers, and all bits of PASS fields
 * @dropped: set to true when some change the guest asked for was dropped;
 *	never cleared
 *
 * Return: 0, or the first error of a hook (fields before it were written).
 */
int xen_pcibk_cfg_write(const struct xen_pcibk_cfg_ops *ops, void *ctx,
			const struct xen_pcibk_cfg_table *t, unsigned int off,
			unsigned int size, u32 val, bool permissive,
			bool *dropped)
{
	u32 covered = 0, cur;
	unsigned int i;
	size_t k;
	int ret;

	for (k = 0; k < t->count; k++) {
		const struct xen_pcibk_field *f = &t->fields[k];

		if (!xen_pcibk_overlaps(f, off, size))
			continue;
		ret = xen_pcibk_write_field(ops, ctx, f, off, size, val,
					    permissive, dropped);
		if (ret)
			return ret;
		covered = xen_pcibk_merge_into_access(off, size, covered,
						      f->offset, f->size,
						      0xffffffffU);
	}
	for (i = 0; i < size; i++) {
		u32 byte = (val >> (8 * i)) & 0xff;

		if (covered & (0xffU << (8 * i)))
			continue;
		ret = ops->hw_read(ctx, off + i, 1, &cur);
		if (ret)
			return ret;
		if ((cur & 0xff) == byte)
			continue;
		if (!permissive) {
			*dropped = true;
			continue;
		}
		ret = ops->hw_write(ctx, off + i, 1, byte);
		if (ret)
			return ret;
	}
	return 0;
}

static s8 xen_pcibk_cmd_dir(u16 cur, u16 newv, u16 bits)
{
	if (!((cur ^ newv) & bits))
		return 0;
	return (newv & bits) ? 1 : -1;
}

/**
 * xen_pcibk_command_plan() - split a guest COMMAND write
 * @cur: the register's current hardware value
 * @val: the new field value (unwritten bits equal to @cur)
 * @mask: the bits the guest wrote
 * @permissive: let the guest write every bit the PCI core does not own
 * @plan: filled in
 *
 * Decoding (I/O, memory), bus mastering and memory-write-invalidate only
 * change through the PCI core, so that dom0's view of the device stays
 * right (XSA-120: a guest turning off memory decoding behind Xen's back);
 * a few harmless bits go straight to hardware; the rest is denied.
 */
void xen_pcibk_command_plan(u16 cur, u16 val, u16 mask, bool permissive,
			    struct xen_pcibk_cmd_plan *plan)
{
	u16 newv = (cur & ~mask) | (val & mask);
	u16 safe = permissive ? (u16)~XEN_PCIBK_CMD_CORE :
				XEN_PCIBK_CMD_GUEST_SAFE;
	u16 changed = cur ^ newv;

	/*
	 * Decoding is stated, not toggled: hardware may show decode bits left
	 * on by firmware or a previous driver while the PCI core has not
	 * enabled the device, so the caller compares with pci_is_enabled().
	 */
	plan->decode = 0;
	if (mask & XEN_PCIBK_CMD_DECODE)
		plan->decode = (newv & XEN_PCIBK_CMD_DECODE) ? 1 : -1;
	plan->master = xen_pcibk_cmd_dir(cur, newv, XEN_PCIBK_CMD_MASTER);
	plan->mwi = xen_pcibk_cmd_dir(cur, newv, XEN_PCIBK_CMD_INVALIDATE);
	plan->raw_mask = changed & safe;
	plan->raw_value = newv & plan->raw_mask;
	plan->denied = !!(changed & ~(safe | XEN_PCIBK_CMD_CORE));
}

static u32 xen_pcibk_bar_addr_mask(u8 type)
{
	switch (type) {
	case XEN_PCIBK_BAR_IO:
		return 0xfffffffcU;
	case XEN_PCIBK_BAR_MEM32:
	case XEN_PCIBK_BAR_MEM64_LO:
		return 0xfffffff0U;
	case XEN_PCIBK_BAR_MEM64_HI:
		return 0xffffffffU;
	case XEN_PCIBK_BAR_ROM:
		return 0xfffff800U;
	default:
		return 0;
	}
}

/**
 * xen_pcibk_bar_init() - set up BAR emulation from the seized hardware
 * @bar: filled in
 * @type: what the register is
 * @orig: its value at seize time
 * @size: size of the whole BAR in bytes (both halves of a 64-bit BAR get
 *	the 64-bit size); ignored for an unused BAR
 *
 * Return: 0, or -EINVAL if @size is not a power of two at least as large
 * as the register's address granularity (or does not fit a 32-bit BAR).
 */
int xen_pcibk_bar_init(struct xen_pcibk_bar *bar, enum xen_pcibk_bar_type type,
		       u32 orig, u64 size)
{
	u32 addr_mask = xen_pcibk_bar_addr_mask(type);
	u64 inv;

	bar->type = XEN_PCIBK_BAR_UNUSED;
	bar->sizing = false;
	bar->orig = 0;
	bar->size_mask = 0;
	if (type == XEN_PCIBK_BAR_UNUSED)
		return 0;
	if (type > XEN_PCIBK_BAR_ROM || !size || (size & (size - 1)))
		return -EINVAL;
	if (type != XEN_PCIBK_BAR_MEM64_HI &&
	    type != XEN_PCIBK_BAR_MEM64_LO && size > 0x80000000ULL)
		return -EINVAL;
	if (type != XEN_PCIBK_BAR_MEM64_HI && size < (u64)(~addr_mask) + 1)
		return -EINVAL;
	inv = ~(size - 1);
	bar->type = type;
	bar->orig = orig;
	if (type == XEN_PCIBK_BAR_MEM64_HI)
		bar->size_mask = (u32)(inv >> 32);
	else
		bar->size_mask = (u32)inv & addr_mask;
	return 0;
}

/**
 * xen_pcibk_bar_read() - what the guest reads from a BAR
 * @bar: emulation state
 *
 * Return: the size pattern (with the register's flag bits) while the
 * guest is sizing, else the original value; 0 for an unused BAR.
 */
u32 xen_pcibk_bar_read(const struct xen_pcibk_bar *bar)
{
	u32 flags = bar->orig & ~xen_pcibk_bar_addr_mask(bar->type);

	if (bar->type == XEN_PCIBK_BAR_UNUSED)
		return 0;
	return bar->sizing ? bar->size_mask | flags : bar->orig;
}

/**
 * xen_pcibk_bar_write() - a guest write to a BAR
 * @bar: emulation state, updated
 * @val: the value written
 *
 * All-ones address bits start sizing; any other value ends it.  A guest
 * never moves a BAR: only a write of the original value may reach the
 * hardware, which then gets the original value.
 *
 * Return: true if the caller should write @bar->orig to the hardware.
 */
bool xen_pcibk_bar_write(struct xen_pcibk_bar *bar, u32 val)
{
	u32 addr_mask = xen_pcibk_bar_addr_mask(bar->type);

	if (bar->type == XEN_PCIBK_BAR_UNUSED)
		return false;
	bar->sizing = (val & addr_mask) == addr_mask;
	return !bar->sizing && val == bar->orig;
}

#define XEN_PCIBK_PASS(o, s, m) \
	{ .offset = (o), .size = (s), .kind = XEN_PCIBK_FIELD_PASS, .rw_mask = (m) }
#define XEN_PCIBK_EMU(o, s, i) \
	{ .offset = (o), .size = (s), .kind = XEN_PCIBK_FIELD_EMU, .id = (i) }

/*
 * PCI 3.0 type-0 header.  Guest-writable: cache line size, latency timer,
 * BIST start and the error bits of STATUS (write-1-to-clear); COMMAND, the
 * BARs, the ROM BAR and the interrupt line are emulated.
 */
const struct xen_pcibk_field xen_pcibk_header_fields[] = {
	XEN_PCIBK_PASS(0x00, 4, 0),			/* vendor, device */
	XEN_PCIBK_EMU(0x04, 2, XEN_PCIBK_EMU_COMMAND),
	{ .offset = 0x06, .size = 2, .kind = XEN_PCIBK_FIELD_RW1C,
	  .rw_mask = 0xf900 },				/* status */
	XEN_PCIBK_PASS(0x08, 4, 0),			/* revision, class */
	XEN_PCIBK_PASS(0x0c, 1, 0xff),			/* cache line size */
	XEN_PCIBK_PASS(0x0d, 1, 0xff),			/* latency timer */
	XEN_PCIBK_PASS(0x0e, 1, 0),			/* header type */
	XEN_PCIBK_PASS(0x0f, 1, 0x40),			/* BIST start */
	XEN_PCIBK_EMU(0x10, 4, XEN_PCIBK_EMU_BAR0 + 0),
	XEN_PCIBK_EMU(0x14, 4, XEN_PCIBK_EMU_BAR0 + 1),
	XEN_PCIBK_EMU(0x18, 4, XEN_PCIBK_EMU_BAR0 + 2),
	XEN_PCIBK_EMU(0x1c, 4, XEN_PCIBK_EMU_BAR0 + 3),
	XEN_PCIBK_EMU(0x20, 4, XEN_PCIBK_EMU_BAR0 + 4),
	XEN_PCIBK_EMU(0x24, 4, XEN_PCIBK_EMU_BAR0 + 5),
	XEN_PCIBK_PASS(0x28, 4, 0),			/* CardBus CIS */
	XEN_PCIBK_PASS(0x2c, 4, 0),			/* subsystem ids */
	XEN_PCIBK_EMU(0x30, 4, XEN_PCIBK_EMU_ROM),
	XEN_PCIBK_PASS(0x34, 4, 0),			/* capability pointer */
	XEN_PCIBK_PASS(0x38, 4, 0),			/* reserved */
	XEN_PCIBK_EMU(0x3c, 1, XEN_PCIBK_EMU_IRQ_LINE),
	XEN_PCIBK_PASS(0x3d, 1, 0),			/* interrupt pin */
	XEN_PCIBK_PASS(0x3e, 1, 0),			/* min grant */
	XEN_PCIBK_PASS(0x3f, 1, 0),			/* max latency */
};

const size_t xen_pcibk_header_fields_count = ARRAY_SIZE(xen_pcibk_header_fields);
