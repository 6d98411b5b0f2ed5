// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the pciback config-space filter (pure/conf_filter.c):
 * access validation, the field table, byte merges, reads and writes
 * against a fake device, the COMMAND plan (XSA-120) and BAR sizing.
 */
#include "../../drivers/xen/pciback/pure/conf_filter.c"
#include "xtest.h"

/* A fake function: 256 bytes of config space and a log of what happened. */
struct fake {
	u8 cfg[256];
	unsigned int hw_writes;
	unsigned int emu_writes;
	u32 emu_val, emu_mask;
	u16 emu_id;
	u32 emu_reg;	/* value emu_read returns */
};

static int fake_hw_read(void *ctx, unsigned int off, unsigned int size,
			u32 *val)
{
	struct fake *f = ctx;
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (u32)f->cfg[off + i] << (8 * i);
	*val = v;
	return 0;
}

static int fake_hw_write(void *ctx, unsigned int off, unsigned int size,
			 u32 val)
{
	struct fake *f = ctx;
	unsigned int i;

	for (i = 0; i < size; i++)
		f->cfg[off + i] = val >> (8 * i);
	f->hw_writes++;
	return 0;
}

static int fake_emu_read(void *ctx, const struct xen_pcibk_field *fl,
			 u32 *val)
{
	struct fake *f = ctx;

	*val = f->emu_reg & xen_pcibk_byte_mask(fl->size);
	return 0;
}

static int fake_emu_write(void *ctx, const struct xen_pcibk_field *fl,
			  u32 val, u32 mask)
{
	struct fake *f = ctx;

	f->emu_writes++;
	f->emu_val = val;
	f->emu_mask = mask;
	f->emu_id = fl->id;
	return 0;
}

static const struct xen_pcibk_cfg_ops fake_ops = {
	.hw_read = fake_hw_read,
	.hw_write = fake_hw_write,
	.emu_read = fake_emu_read,
	.emu_write = fake_emu_write,
};

static struct xen_pcibk_field storage[64];

static struct xen_pcibk_cfg_table header_table(void)
{
	struct xen_pcibk_cfg_table t = { storage, 0, ARRAY_SIZE(storage) };
	size_t i;

	for (i = 0; i < xen_pcibk_header_fields_count; i++)
		if (xen_pcibk_cfg_table_add(&t, &xen_pcibk_header_fields[i]))
			abort();
	return t;
}

static void fake_init(struct fake *f)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < sizeof(f->cfg); i++)
		f->cfg[i] = i;
}

XTEST(access_sizes_1_2_4_accepted)
{
	XCHECK_EQ(xen_pcibk_cfg_check_access(0x3c, 1, 256), 0);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0x3e, 2, 256), 0);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0xfc, 4, 256), 0);
}

XTEST(access_size_3_and_0_rejected)
{
	XCHECK_EQ(xen_pcibk_cfg_check_access(0, 3, 256), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0, 0, 256), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0, 8, 256), -EINVAL);
}

XTEST(access_misaligned_rejected)
{
	XCHECK_EQ(xen_pcibk_cfg_check_access(0x3d, 2, 256), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0x12, 4, 256), -EINVAL);
}

XTEST(access_past_config_space_rejected)
{
	XCHECK_EQ(xen_pcibk_cfg_check_access(0x100, 4, 256), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0xffc, 4, 4096), 0);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0x1000, 1, 4096), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_check_access(0xfffffffc, 4, 4096), -EINVAL);
}

XTEST(byte_mask_widths)
{
	XCHECK_EQ(xen_pcibk_byte_mask(1), 0xff);
	XCHECK_EQ(xen_pcibk_byte_mask(2), 0xffff);
	XCHECK_EQ(xen_pcibk_byte_mask(4), 0xffffffffU);
}

XTEST(merge_field_into_wider_access)
{
	/* A 2-byte field at 0x06 in a 4-byte access at 0x04. */
	XCHECK_EQ(xen_pcibk_merge_into_access(4, 4, 0x11223344, 6, 2, 0xaabb),
		  0xaabb3344U);
}

XTEST(merge_wide_field_into_narrow_access)
{
	/* Byte 0x11 of a 4-byte field at 0x10. */
	XCHECK_EQ(xen_pcibk_merge_into_access(0x11, 1, 0, 0x10, 4, 0xddccbbaa),
		  0xbb);
}

XTEST(merge_access_into_field_sets_mask)
{
	u32 m;

	XCHECK_EQ(xen_pcibk_merge_into_field(4, 2, 0x1234, 4, 4, 0xaabbccdd,
					     &m), 0xccdd);
	XCHECK_EQ(m, 0xffff);
	XCHECK_EQ(xen_pcibk_merge_into_field(0x10, 4, 0x11223344, 0x12, 1,
					     0xee, &m), 0x11ee3344U);
	XCHECK_EQ(m, 0x00ff0000U);
}

XTEST(table_keeps_fields_sorted)
{
	struct xen_pcibk_field st[4];
	struct xen_pcibk_cfg_table t = { st, 0, 4 };
	struct xen_pcibk_field a = { .offset = 0x40, .size = 4 };
	struct xen_pcibk_field b = { .offset = 0x10, .size = 2 };

	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &a), 0);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &b), 0);
	XCHECK_EQ(t.count, 2);
	XCHECK_EQ(st[0].offset, 0x10);
	XCHECK_EQ(st[1].offset, 0x40);
}

XTEST(table_rejects_overlap)
{
	struct xen_pcibk_field st[4];
	struct xen_pcibk_cfg_table t = { st, 0, 4 };
	struct xen_pcibk_field a = { .offset = 0x40, .size = 4 };
	struct xen_pcibk_field b = { .offset = 0x42, .size = 2 };
	struct xen_pcibk_field c = { .offset = 0x3c, .size = 4 };

	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &a), 0);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &b), -EEXIST);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &a), -EEXIST);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &c), 0);
	XCHECK_EQ(t.count, 2);
}

XTEST(table_rejects_malformed_fields)
{
	struct xen_pcibk_field st[4];
	struct xen_pcibk_cfg_table t = { st, 0, 4 };
	struct xen_pcibk_field mis = { .offset = 0x41, .size = 2 };
	struct xen_pcibk_field wide = { .offset = 0x40, .size = 1,
					.rw_mask = 0x100 };
	struct xen_pcibk_field past = { .offset = 0xffe, .size = 4 };
	struct xen_pcibk_field emu = { .offset = 0x40, .size = 4,
				       .kind = XEN_PCIBK_FIELD_EMU,
				       .id = XEN_PCIBK_EMU_NR };

	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &mis), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &wide), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &past), -EINVAL);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &emu), -EINVAL);
	XCHECK_EQ(t.count, 0);
}

XTEST(table_full_is_enospc)
{
	struct xen_pcibk_field st[1];
	struct xen_pcibk_cfg_table t = { st, 0, 1 };
	struct xen_pcibk_field a = { .offset = 0x40, .size = 4 };
	struct xen_pcibk_field b = { .offset = 0x44, .size = 4 };

	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &a), 0);
	XCHECK_EQ(xen_pcibk_cfg_table_add(&t, &b), -ENOSPC);
}

XTEST(table_find_returns_containing_field)
{
	struct xen_pcibk_cfg_table t = header_table();

	XCHECK_EQ(xen_pcibk_cfg_table_find(&t, 0x12)->offset, 0x10);
	XCHECK_EQ(xen_pcibk_cfg_table_find(&t, 0x05)->id,
		  XEN_PCIBK_EMU_COMMAND);
	XCHECK(xen_pcibk_cfg_table_find(&t, 0x40) == NULL);
}

XTEST(header_table_covers_every_header_byte)
{
	struct xen_pcibk_cfg_table t = header_table();
	unsigned int off;

	for (off = 0; off < 0x40; off++)
		XCHECK(xen_pcibk_cfg_table_find(&t, off) != NULL);
}

XTEST(read_passes_hardware_through)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	u32 v;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_read(&fake_ops, &f, &t, 0, 4, &v), 0);
	XCHECK_EQ(v, 0x03020100);
	XCHECK_EQ(xen_pcibk_cfg_read(&fake_ops, &f, &t, 0x41, 1, &v), 0);
	XCHECK_EQ(v, 0x41);
}

XTEST(read_overlays_emulated_field)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	u32 v;

	fake_init(&f);
	f.emu_reg = 0xbeef;
	/* 0x04 COMMAND is emulated, 0x06 STATUS is hardware. */
	XCHECK_EQ(xen_pcibk_cfg_read(&fake_ops, &f, &t, 4, 4, &v), 0);
	XCHECK_EQ(v, 0x0706beefU);
}

XTEST(read_of_emulated_byte_within_word)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	u32 v;

	fake_init(&f);
	f.emu_reg = 0x0b;	/* interrupt line at 0x3c */
	XCHECK_EQ(xen_pcibk_cfg_read(&fake_ops, &f, &t, 0x3c, 2, &v), 0);
	XCHECK_EQ(v, 0x3d0b);
}

XTEST(write_to_read_only_field_dropped_with_hint)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0, 4, 0xdeadbeef,
				      false, &dropped), 0);
	XCHECK_EQ(f.hw_writes, 0);
	XCHECK(dropped);
	XCHECK_EQ(f.cfg[0], 0);
}

XTEST(write_of_unchanged_value_is_not_a_drop)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0, 4, 0x03020100,
				      false, &dropped), 0);
	XCHECK(!dropped);
	XCHECK_EQ(f.hw_writes, 0);
}

XTEST(write_to_writable_field_reaches_hardware)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0x0c, 1, 0x10,
				      false, &dropped), 0);
	XCHECK_EQ(f.cfg[0x0c], 0x10);
	XCHECK(!dropped);
}

XTEST(write_keeps_read_only_bits_of_partly_writable_field)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	f.cfg[0x0f] = 0x80;	/* BIST capable; only bit 6 (start) writable */
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0x0f, 1, 0x4f,
				      false, &dropped), 0);
	XCHECK_EQ(f.cfg[0x0f], 0xc0);
	XCHECK(dropped);
}

XTEST(status_write_sends_only_guest_ones)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	f.cfg[6] = 0x00;
	f.cfg[7] = 0x00;
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 6, 2, 0x8000, false,
				      &dropped), 0);
	XCHECK_EQ(f.hw_writes, 1);
	XCHECK_EQ(f.cfg[7], 0x80);
	XCHECK_EQ(f.cfg[6], 0x00);
	XCHECK(!dropped);
}

XTEST(status_write_of_read_only_bit_dropped)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 6, 2, 0x0010, false,
				      &dropped), 0);
	XCHECK_EQ(f.hw_writes, 0);
	XCHECK(dropped);
}

XTEST(write_to_emulated_field_goes_to_hook_with_mask)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	f.emu_reg = 0x1234;
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 4, 1, 0x07, false,
				      &dropped), 0);
	XCHECK_EQ(f.emu_writes, 1);
	XCHECK_EQ(f.emu_id, XEN_PCIBK_EMU_COMMAND);
	XCHECK_EQ(f.emu_val, 0x1207);
	XCHECK_EQ(f.emu_mask, 0x00ff);
	XCHECK_EQ(f.hw_writes, 0);
}

XTEST(write_to_uncovered_byte_dropped_unless_permissive)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0x40, 4, 0, false,
				      &dropped), 0);
	XCHECK(dropped);
	XCHECK_EQ(f.cfg[0x41], 0x41);
	dropped = false;
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0x40, 4, 0, true,
				      &dropped), 0);
	XCHECK(!dropped);
	XCHECK_EQ(f.cfg[0x41], 0);
}

XTEST(permissive_opens_read_only_pass_field)
{
	struct xen_pcibk_cfg_table t = header_table();
	struct fake f;
	bool dropped = false;

	fake_init(&f);
	XCHECK_EQ(xen_pcibk_cfg_write(&fake_ops, &f, &t, 0x2c, 4, 0, true,
				      &dropped), 0);
	XCHECK_EQ(f.cfg[0x2d], 0);
	XCHECK(!dropped);
}

XTEST(command_decode_goes_through_core)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(0, XEN_PCIBK_CMD_MEMORY, 0xffff, false, &p);
	XCHECK_EQ(p.decode, 1);
	XCHECK_EQ(p.raw_mask, 0);
	XCHECK(!p.denied);
}

XTEST(command_decode_off_is_a_core_disable_xsa_120)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(XEN_PCIBK_CMD_MEMORY | XEN_PCIBK_CMD_IO, 0,
			       0xffff, false, &p);
	XCHECK_EQ(p.decode, -1);
	XCHECK_EQ(p.raw_mask & XEN_PCIBK_CMD_DECODE, 0);
}

XTEST(command_decode_stated_even_if_hardware_already_on)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(XEN_PCIBK_CMD_MEMORY, XEN_PCIBK_CMD_MEMORY,
			       0xffff, false, &p);
	XCHECK_EQ(p.decode, 1);
}

XTEST(command_write_of_high_byte_leaves_decode_alone)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(XEN_PCIBK_CMD_MEMORY, XEN_PCIBK_CMD_MEMORY |
			       XEN_PCIBK_CMD_INTX_DISABLE, 0xff00, false, &p);
	XCHECK_EQ(p.decode, 0);
	XCHECK_EQ(p.raw_mask, XEN_PCIBK_CMD_INTX_DISABLE);
	XCHECK_EQ(p.raw_value, XEN_PCIBK_CMD_INTX_DISABLE);
}

XTEST(command_master_toggles_through_core)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(0, XEN_PCIBK_CMD_MASTER, 0xffff, false, &p);
	XCHECK_EQ(p.master, 1);
	xen_pcibk_command_plan(XEN_PCIBK_CMD_MASTER, 0, 0xffff, false, &p);
	XCHECK_EQ(p.master, -1);
	xen_pcibk_command_plan(XEN_PCIBK_CMD_MASTER, XEN_PCIBK_CMD_MASTER,
			       0xffff, false, &p);
	XCHECK_EQ(p.master, 0);
}

XTEST(command_unsafe_bit_denied)
{
	struct xen_pcibk_cmd_plan p;

	/* Bit 3, special cycles. */
	xen_pcibk_command_plan(0, 0x0008, 0xffff, false, &p);
	XCHECK(p.denied);
	XCHECK_EQ(p.raw_mask, 0);
}

XTEST(command_unsafe_bit_allowed_when_permissive)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(0, 0x0008, 0xffff, true, &p);
	XCHECK(!p.denied);
	XCHECK_EQ(p.raw_mask, 0x0008);
}

XTEST(command_permissive_still_routes_decode_through_core)
{
	struct xen_pcibk_cmd_plan p;

	xen_pcibk_command_plan(0, XEN_PCIBK_CMD_MEMORY, 0xffff, true, &p);
	XCHECK_EQ(p.raw_mask & XEN_PCIBK_CMD_CORE, 0);
	XCHECK_EQ(p.decode, 1);
}

XTEST(bar_mem32_sizing_returns_size_and_flags)
{
	struct xen_pcibk_bar b;

	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_MEM32, 0xfebc0008,
				     0x20000), 0);
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0xfebc0008U);
	XCHECK(!xen_pcibk_bar_write(&b, 0xffffffff));
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0xfffe0008U);
	XCHECK(xen_pcibk_bar_write(&b, 0xfebc0008));
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0xfebc0008U);
}

XTEST(bar_io_sizing)
{
	struct xen_pcibk_bar b;

	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_IO, 0xc001, 0x40), 0);
	xen_pcibk_bar_write(&b, 0xffffffff);
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0xffffffc1U);
}

XTEST(bar_mem64_halves_size_separately)
{
	struct xen_pcibk_bar lo, hi;

	XCHECK_EQ(xen_pcibk_bar_init(&lo, XEN_PCIBK_BAR_MEM64_LO, 0xe000000c,
				     0x200000000ULL), 0);
	XCHECK_EQ(xen_pcibk_bar_init(&hi, XEN_PCIBK_BAR_MEM64_HI, 0x1,
				     0x200000000ULL), 0);
	xen_pcibk_bar_write(&lo, 0xffffffff);
	xen_pcibk_bar_write(&hi, 0xffffffff);
	XCHECK_EQ(xen_pcibk_bar_read(&lo), 0x0000000cU);
	XCHECK_EQ(xen_pcibk_bar_read(&hi), 0xfffffffeU);
}

XTEST(bar_other_value_never_written_back)
{
	struct xen_pcibk_bar b;

	xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_MEM32, 0xfebc0000, 0x20000);
	XCHECK(!xen_pcibk_bar_write(&b, 0x12340000));
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0xfebc0000U);
}

XTEST(bar_rom_sizing_keeps_enable_bit_out_of_address)
{
	struct xen_pcibk_bar b;

	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_ROM, 0xfeb80000,
				     0x40000), 0);
	xen_pcibk_bar_write(&b, 0xfffff800);
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0xfffc0000U);
	XCHECK(!xen_pcibk_bar_write(&b, 0xfeb80001));
}

XTEST(bar_unused_reads_zero_and_ignores_writes)
{
	struct xen_pcibk_bar b;

	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_UNUSED, 0x1234, 0), 0);
	XCHECK(!xen_pcibk_bar_write(&b, 0xffffffff));
	XCHECK_EQ(xen_pcibk_bar_read(&b), 0);
}

XTEST(bar_bad_size_rejected)
{
	struct xen_pcibk_bar b;

	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_MEM32, 0, 0x3000),
		  -EINVAL);
	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_MEM32, 0, 8), -EINVAL);
	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_MEM32, 0,
				     0x100000000ULL), -EINVAL);
	XCHECK_EQ(xen_pcibk_bar_init(&b, XEN_PCIBK_BAR_IO, 0, 0), -EINVAL);
	XCHECK_EQ(b.type, XEN_PCIBK_BAR_UNUSED);
}
