/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * conf_filter.h - the config-space filter of xen-pciback, kernel-free.
 *
 * A guest's config access (offset, size, value) is served against a table
 * of fields sorted by offset and never overlapping.  Each field is one of:
 *
 *   PASS  read from hardware; a write changes only the bits of @rw_mask
 *         (read-modify-write of the whole field);
 *   RW1C  read from hardware; a write sends only the guest's 1 bits within
 *         @rw_mask and 0 elsewhere (write-1-to-clear status registers, which
 *         a read-modify-write would clear by accident);
 *   EMU   read and written through the caller's emu_read/emu_write hooks,
 *         identified by @id (COMMAND, BARs, ROM, interrupt line, PM, MSI).
 *
 * Reads return hardware overlaid by EMU fields.  Bytes of a write that no
 * field covers are dropped, or written as they are when the device is
 * permissive; a dropped change is reported so the caller can hint once.
 *
 * The rest of this header is the arithmetic behind the EMU fields: which
 * COMMAND bits a guest may set and which go through the PCI core (XSA-120),
 * BAR sizing emulation, and the default type-0 header table.
 */
#ifndef XEN_PCIBK_PURE_CONF_FILTER_H
#define XEN_PCIBK_PURE_CONF_FILTER_H

#include <xen/xendd-pure.h>

enum xen_pcibk_field_kind {
	XEN_PCIBK_FIELD_PASS,
	XEN_PCIBK_FIELD_RW1C,
	XEN_PCIBK_FIELD_EMU,
};

/* Identifiers of EMU fields; the kernel side dispatches on them. */
enum xen_pcibk_emu_id {
	XEN_PCIBK_EMU_COMMAND,
	XEN_PCIBK_EMU_BAR0,	/* BAR n is XEN_PCIBK_EMU_BAR0 + n, n < 6 */
	XEN_PCIBK_EMU_ROM = XEN_PCIBK_EMU_BAR0 + 6,
	XEN_PCIBK_EMU_IRQ_LINE,
	XEN_PCIBK_EMU_PM_CTRL,
	XEN_PCIBK_EMU_MSI_FLAGS,
	XEN_PCIBK_EMU_MSIX_FLAGS,
	XEN_PCIBK_EMU_NR,
};

/**
 * struct xen_pcibk_field - one register (or register group) of the table
 * @offset: config-space offset, aligned to @size
 * @size: 1, 2 or 4 bytes
 * @kind: an enum xen_pcibk_field_kind
 * @id: for EMU fields, an enum xen_pcibk_emu_id
 * @rw_mask: PASS and RW1C: bits the guest may write to hardware
 */
struct xen_pcibk_field {
	u16 offset;
	u8 size;
	u8 kind;
	u16 id;
	u32 rw_mask;
};

/**
 * struct xen_pcibk_cfg_ops - how the filter reaches the device
 * @hw_read: read @size bytes at @off from hardware
 * @hw_write: write @size bytes at @off to hardware
 * @emu_read: value of an EMU field
 * @emu_write: a guest write to an EMU field: @val is the whole new field
 *	value (bytes the guest did not write are the current value), @mask
 *	the bits the guest wrote
 *
 * Each returns 0 or a negative errno, which ends the access.
 */
struct xen_pcibk_cfg_ops {
	int (*hw_read)(void *ctx, unsigned int off, unsigned int size,
		       u32 *val);
	int (*hw_write)(void *ctx, unsigned int off, unsigned int size,
			u32 val);
	int (*emu_read)(void *ctx, const struct xen_pcibk_field *f, u32 *val);
	int (*emu_write)(void *ctx, const struct xen_pcibk_field *f, u32 val,
			 u32 mask);
};

/**
 * struct xen_pcibk_cfg_table - a sorted field table with room to grow
 * @fields: caller-owned array
 * @count: fields in use
 * @max: elements in @fields
 */
struct xen_pcibk_cfg_table {
	struct xen_pcibk_field *fields;
	size_t count;
	size_t max;
};

int xen_pcibk_cfg_check_access(unsigned int off, unsigned int size,
			       unsigned int limit);
int xen_pcibk_cfg_table_add(struct xen_pcibk_cfg_table *t,
			    const struct xen_pcibk_field *f);
const struct xen_pcibk_field *
xen_pcibk_cfg_table_find(const struct xen_pcibk_cfg_table *t,
			 unsigned int off);
int xen_pcibk_cfg_read(const struct xen_pcibk_cfg_ops *ops, void *ctx,
		       const struct xen_pcibk_cfg_table *t, unsigned int off,
		       unsigned int size, u32 *val);
int xen_pcibk_cfg_write(const struct xen_pcibk_cfg_ops *ops, void *ctx,
			const struct xen_pcibk_cfg_table *t, unsigned int off,
			unsigned int size, u32 val, bool permissive,
			bool *dropped);

/* Merge helpers: bytes [off, off + size) of a field or access. */
u32 xen_pcibk_byte_mask(unsigned int size);
u32 xen_pcibk_merge_into_access(unsigned int acc_off, unsigned int acc_size,
				u32 acc_val, unsigned int f_off,
				unsigned int f_size, u32 f_val);
u32 xen_pcibk_merge_into_field(unsigned int f_off, unsigned int f_size,
			       u32 f_val, unsigned int acc_off,
			       unsigned int acc_size, u32 acc_val, u32 *mask);

/* COMMAND register bits (PCI 3.0, 6.2.2). */
#define XEN_PCIBK_CMD_IO		0x0001
#define XEN_PCIBK_CMD_MEMORY		0x0002
#define XEN_PCIBK_CMD_MASTER		0x0004
#define XEN_PCIBK_CMD_INVALIDATE	0x0010
#define XEN_PCIBK_CMD_PARITY		0x0040
#define XEN_PCIBK_CMD_SERR		0x0100
#define XEN_PCIBK_CMD_INTX_DISABLE	0x0400
#define XEN_PCIBK_CMD_DECODE	(XEN_PCIBK_CMD_IO | XEN_PCIBK_CMD_MEMORY)
/* Bits a guest may write straight to hardware. */
#define XEN_PCIBK_CMD_GUEST_SAFE \
	(XEN_PCIBK_CMD_PARITY | XEN_PCIBK_CMD_SERR | XEN_PCIBK_CMD_INTX_DISABLE)
/* Bits that only change through the PCI core. */
#define XEN_PCIBK_CMD_CORE \
	(XEN_PCIBK_CMD_DECODE | XEN_PCIBK_CMD_MASTER | XEN_PCIBK_CMD_INVALIDATE)

/**
 * struct xen_pcibk_cmd_plan - what a guest COMMAND write turns into
 * @raw_mask: bits to write to hardware directly
 * @raw_value: their new values
 * @decode: +1 the guest wants decoding on (pci_enable_device), -1 off,
 *	0 it did not write the decode bits
 * @master: +1 pci_set_master, -1 pci_clear_master, 0 keep
 * @mwi: +1 pci_set_mwi, -1 pci_clear_mwi, 0 keep
 * @denied: the guest tried to change a bit it may not
 */
struct xen_pcibk_cmd_plan {
	u16 raw_mask;
	u16 raw_value;
	s8 decode;
	s8 master;
	s8 mwi;
	bool denied;
};

void xen_pcibk_command_plan(u16 cur, u16 val, u16 mask, bool permissive,
			    struct xen_pcibk_cmd_plan *plan);

enum xen_pcibk_bar_type {
	XEN_PCIBK_BAR_UNUSED,
	XEN_PCIBK_BAR_IO,
	XEN_PCIBK_BAR_MEM32,
	XEN_PCIBK_BAR_MEM64_LO,
	XEN_PCIBK_BAR_MEM64_HI,
	XEN_PCIBK_BAR_ROM,
};

/**
 * struct xen_pcibk_bar - emulation state of one BAR (or half of one)
 * @type: an enum xen_pcibk_bar_type
 * @sizing: the guest wrote all-ones and reads back the size pattern
 * @orig: the register's value at seize time, the only value written back
 * @size_mask: the size pattern for this half: ~(size - 1), address bits
 *	only; for the upper half of a 64-bit BAR, its upper 32 bits
 */
struct xen_pcibk_bar {
	u8 type;
	bool sizing;
	u32 orig;
	u32 size_mask;
};

int xen_pcibk_bar_init(struct xen_pcibk_bar *bar, enum xen_pcibk_bar_type type,
		       u32 orig, u64 size);
u32 xen_pcibk_bar_read(const struct xen_pcibk_bar *bar);
bool xen_pcibk_bar_write(struct xen_pcibk_bar *bar, u32 val);

/* The type-0 header of every function (offsets 0x00-0x3f). */
extern const struct xen_pcibk_field xen_pcibk_header_fields[];
extern const size_t xen_pcibk_header_fields_count;

#endif /* XEN_PCIBK_PURE_CONF_FILTER_H */
