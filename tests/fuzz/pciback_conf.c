// SPDX-License-Identifier: GPL-2.0-only
/*
 * pciback_conf.c - fuzz target for the pciback config-space filter.
 *
 * The input is a sequence of guest config accesses against a fake type-0
 * function behind the default header table plus one quirk field.  The
 * emulation hooks act like the kernel side: COMMAND through
 * xen_pcibk_command_plan() (decoding and mastering "through the core"),
 * BARs through xen_pcibk_bar_write().  After every write the fuzzer
 * asserts that no bit of the fake hardware changed outside what the
 * filter allows: the writable bits of PASS fields, cleared RW1C bits,
 * the COMMAND bits, and nothing of a BAR, ever; with permissive set, any
 * bit but the BARs'.  It also checks access validation against a
 * one-line reference and that reads of BARs follow the sizing state.
 *
 * Input: byte 0 flags (bit 0 permissive), bytes 1-2 the quirk mask at
 * 0x40 (16 bits), then records of 7 bytes: op (bit 0 write, bits 1-2
 * size 1/2/4/3), offset (2 bytes, little endian), value (4 bytes).
 */
#include "../../drivers/xen/pciback/pure/conf_filter.c"

#include <stdio.h>
#include <stdlib.h>

#define FZ_CFG		256

struct fz_dev {
	u8 cfg[FZ_CFG];
	struct xen_pcibk_bar bars[7];
	bool permissive;
};

static void fz_die(const char *what, unsigned int off)
{
	fprintf(stderr, "pciback_conf: %s (offset %#x)\n", what, off);
	abort();
}

static int fz_hw_read(void *ctx, unsigned int off, unsigned int size,
		      u32 *val)
{
	struct fz_dev *d = ctx;
	unsigned int i;
	u32 v = 0;

	if (off + size > FZ_CFG)
		fz_die("hardware read past config space", off);
	for (i = 0; i < size; i++)
		v |= (u32)d->cfg[off + i] << (8 * i);
	*val = v;
	return 0;
}

static int fz_hw_write(void *ctx, unsigned int off, unsigned int size,
		       u32 val)
{
	struct fz_dev *d = ctx;
	unsigned int i;

	if (off + size > FZ_CFG)
		fz_die("hardware write past config space", off);
	for (i = 0; i < size; i++) {
		u8 b = val >> (8 * i);

		/* STATUS is write-1-to-clear in hardware. */
		if (off + i == 6 || off + i == 7)
			d->cfg[off + i] &= ~b;
		else
			d->cfg[off + i] = b;
	}
	return 0;
}

static int fz_emu_read(void *ctx, const struct xen_pcibk_field *f, u32 *val)
{
	struct fz_dev *d = ctx;

	switch (f->id) {
	case XEN_PCIBK_EMU_COMMAND:
		return fz_hw_read(ctx, 4, 2, val);
	case XEN_PCIBK_EMU_IRQ_LINE:
		*val = 11;
		return 0;
	default:
		if (f->id < XEN_PCIBK_EMU_BAR0 || f->id > XEN_PCIBK_EMU_ROM)
			fz_die("unexpected emulated field", f->offset);
		*val = xen_pcibk_bar_read(&d->bars[f->id - XEN_PCIBK_EMU_BAR0]);
		return 0;
	}
}

static int fz_emu_write(void *ctx, const struct xen_pcibk_field *f, u32 val,
			u32 mask)
{
	struct fz_dev *d = ctx;
	struct xen_pcibk_cmd_plan p;
	struct xen_pcibk_bar *bar;
	u32 cur;
	u16 cmd;

	switch (f->id) {
	case XEN_PCIBK_EMU_COMMAND:
		fz_hw_read(ctx, 4, 2, &cur);
		xen_pcibk_command_plan(cur, val, mask, d->permissive, &p);
		if (p.raw_mask & XEN_PCIBK_CMD_CORE)
			fz_die("core-owned COMMAND bit written raw", 4);
		cmd = cur;
		if (p.decode > 0)
			cmd |= XEN_PCIBK_CMD_DECODE;
		else if (p.decode < 0)
			cmd &= ~XEN_PCIBK_CMD_DECODE;
		if (p.master > 0)
			cmd |= XEN_PCIBK_CMD_MASTER;
		else if (p.master < 0)
			cmd &= ~XEN_PCIBK_CMD_MASTER;
		if (p.mwi > 0)
			cmd |= XEN_PCIBK_CMD_INVALIDATE;
		else if (p.mwi < 0)
			cmd &= ~XEN_PCIBK_CMD_INVALIDATE;
		cmd = (cmd & ~p.raw_mask) | p.raw_value;
		return fz_hw_write(ctx, 4, 2, cmd);
	case XEN_PCIBK_EMU_IRQ_LINE:
		return 0;
	default:
		bar = &d->bars[f->id - XEN_PCIBK_EMU_BAR0];
		if (xen_pcibk_bar_write(bar, val))
			return fz_hw_write(ctx, f->offset, 4, bar->orig);
		return 0;
	}
}

static const struct xen_pcibk_cfg_ops fz_ops = {
	.hw_read = fz_hw_read,
	.hw_write = fz_hw_write,
	.emu_read = fz_emu_read,
	.emu_write = fz_emu_write,
};

static void fz_setup(struct fz_dev *d, struct xen_pcibk_cfg_table *t,
		     u16 quirk_mask)
{
	struct xen_pcibk_field q = {
		.offset = 0x40, .size = 2, .kind = XEN_PCIBK_FIELD_PASS,
		.rw_mask = quirk_mask,
	};
	unsigned int i;
	size_t k;

	for (i = 0; i < FZ_CFG; i++)
		d->cfg[i] = (u8)(i * 37 + 11);
	/* BAR0 32-bit memory 128K, BAR1 I/O 64, BAR2/3 64-bit 8G, ROM 256K. */
	xen_pcibk_bar_init(&d->bars[0], XEN_PCIBK_BAR_MEM32, 0xfebc0000,
			   0x20000);
	xen_pcibk_bar_init(&d->bars[1], XEN_PCIBK_BAR_IO, 0xc001, 0x40);
	xen_pcibk_bar_init(&d->bars[2], XEN_PCIBK_BAR_MEM64_LO, 0x0000000c,
			   0x200000000ULL);
	xen_pcibk_bar_init(&d->bars[3], XEN_PCIBK_BAR_MEM64_HI, 0x4,
			   0x200000000ULL);
	xen_pcibk_bar_init(&d->bars[4], XEN_PCIBK_BAR_UNUSED, 0, 0);
	xen_pcibk_bar_init(&d->bars[5], XEN_PCIBK_BAR_UNUSED, 0, 0);
	xen_pcibk_bar_init(&d->bars[6], XEN_PCIBK_BAR_ROM, 0xfeb80000,
			   0x40000);
	for (i = 0; i < 7; i++) {
		unsigned int off = i < 6 ? 0x10 + 4 * i : 0x30;

		fz_hw_write(d, off, 4, d->bars[i].orig);
	}
	for (k = 0; k < xen_pcibk_header_fields_count; k++)
		if (xen_pcibk_cfg_table_add(t, &xen_pcibk_header_fields[k]))
			fz_die("header table rejected", 0);
	if (xen_pcibk_cfg_table_add(t, &q))
		fz_die("quirk field rejected", 0x40);
}

/* Bits of each byte a write may change; RW1C bits may only clear. */
static void fz_allowed(const struct xen_pcibk_cfg_table *t, bool permissive,
		       u8 *may, u8 *clear_only)
{
	unsigned int i, b;
	size_t k;

	memset(may, permissive ? 0xff : 0, FZ_CFG);
	memset(clear_only, 0, FZ_CFG);
	for (k = 0; k < t->count; k++) {
		const struct xen_pcibk_field *f = &t->fields[k];
		u32 m = permissive ? 0xffffffffU : f->rw_mask;

		for (b = 0; b < f->size; b++) {
			i = f->offset + b;
			if (f->kind == XEN_PCIBK_FIELD_EMU)
				may[i] = f->id == XEN_PCIBK_EMU_COMMAND ?
					 0xff : 0;
			else
				may[i] = m >> (8 * b);
			if (f->kind == XEN_PCIBK_FIELD_RW1C)
				clear_only[i] = may[i];
		}
	}
	/* Without permissive, COMMAND changes only in the allowed bits. */
	if (!permissive) {
		u16 c = XEN_PCIBK_CMD_GUEST_SAFE | XEN_PCIBK_CMD_CORE;

		may[4] = c;
		may[5] = c >> 8;
	}
}

static bool fz_ref_valid(unsigned int off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && off % size == 0 &&
	       off + size <= FZ_CFG;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const unsigned int sizes[4] = { 1, 2, 4, 3 };
	struct xen_pcibk_field storage[40];
	struct xen_pcibk_cfg_table t = { storage, 0, ARRAY_SIZE(storage) };
	u8 before[FZ_CFG], may[FZ_CFG], clear_only[FZ_CFG];
	struct fz_dev d;
	size_t pos;
	unsigned int i;

	if (size < 3)
		return 0;
	memset(&d, 0, sizeof(d));
	d.permissive = data[0] & 1;
	fz_setup(&d, &t, data[1] | data[2] << 8);
	fz_allowed(&t, d.permissive, may, clear_only);

	for (pos = 3; pos + 7 <= size; pos += 7) {
		bool write = data[pos] & 1, dropped = false;
		unsigned int sz = sizes[(data[pos] >> 1) & 3];
		unsigned int off = (data[pos + 1] | data[pos + 2] << 8) & 0x1ff;
		u32 val = data[pos + 3] | data[pos + 4] << 8 |
			  data[pos + 5] << 16 | (u32)data[pos + 6] << 24;
		bool ok = !xen_pcibk_cfg_check_access(off, sz, FZ_CFG);

		if (ok != fz_ref_valid(off, sz))
			fz_die("access check differs from reference", off);
		if (!ok)
			continue;
		if (!write) {
			u32 got, bar;

			if (xen_pcibk_cfg_read(&fz_ops, &d, &t, off, sz, &got))
				fz_die("read failed", off);
			if (got & ~xen_pcibk_byte_mask(sz))
				fz_die("read wider than access", off);
			if (off == 0x10 && sz == 4) {
				bar = xen_pcibk_bar_read(&d.bars[0]);
				if (got != bar)
					fz_die("BAR0 read differs", off);
			}
			continue;
		}
		memcpy(before, d.cfg, FZ_CFG);
		if (xen_pcibk_cfg_write(&fz_ops, &d, &t, off, sz, val,
					d.permissive, &dropped))
			fz_die("write failed", off);
		for (i = 0; i < FZ_CFG; i++) {
			u8 changed = before[i] ^ d.cfg[i];

			if (changed & ~may[i])
				fz_die("write outside the allowed mask", i);
			if (changed & clear_only[i] & d.cfg[i])
				fz_die("write-1-to-clear bit set", i);
			if (changed && ((i >= 0x10 && i < 0x28) ||
					(i >= 0x30 && i < 0x34)))
				fz_die("BAR changed", i);
		}
	}
	return 0;
}
