/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * quirk.h - parser for the pciback "quirks" sysfs attribute.
 *
 * A quirk opens one config-space field of one function to the guest:
 *
 *	spec  := bdf '-' reg ':' size ':' mask [ '\n' ]
 *
 * bdf is an exact BDF as in slot.h (no wildcards); reg is 1-3 hex digits
 * (below 0x1000, aligned to size), size is 1, 2 or 4 (one digit), mask is
 * 1-8 hex digits and must fit in size bytes.  A zero mask is allowed and
 * makes the field read-only pass-through.  Errors are -EINVAL (syntax,
 * misaligned register, bad size, mask wider than the field) or -ERANGE (a
 * number too big or too long), with the offending offset and a reason.
 */
#ifndef XEN_PCIBK_PURE_QUIRK_H
#define XEN_PCIBK_PURE_QUIRK_H

#include <xen/xendd-pure.h>
#include "slot.h"

/* Config space of a PCIe function; a quirk register must lie below it. */
#define XEN_PCIBK_CFG_SPACE_MAX	0x1000

/**
 * struct xen_pcibk_quirk_spec - a parsed quirk
 * @slot: the function, never a wildcard
 * @reg: config-space offset of the field
 * @size: field width in bytes: 1, 2 or 4
 * @mask: bits of the field the guest may write
 */
struct xen_pcibk_quirk_spec {
	struct xen_pcibk_slot slot;
	u16 reg;
	u8 size;
	u32 mask;
};

int xen_pcibk_quirk_parse(const char *buf, size_t len,
			  struct xen_pcibk_quirk_spec *spec,
			  struct xen_pcibk_slot_error *err);

#endif /* XEN_PCIBK_PURE_QUIRK_H */
