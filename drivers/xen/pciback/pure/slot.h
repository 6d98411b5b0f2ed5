/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * slot.h - PCI slot (BDF) and slot-list parser for xen-pciback.
 *
 * Two input forms, both taken as (buffer, length) and never read past the
 * length; the buffer need not be NUL-terminated and a NUL byte is an error:
 *
 *   single BDF, as written to the driver's new_slot, remove_slot and
 *   permissive attributes (and, exact only, bind):
 *
 *	bdf      := [ domain ':' ] bus ':' device '.' function
 *	input    := bdf [ '\n' ]
 *
 *   slot list, as given in the hide= module parameter:
 *
 *	blank    := ' ' | '\t'
 *	entry    := '(' blank* bdf blank* ')'
 *	list     := blank* { entry blank* } [ '\n' ]
 *
 * domain is 1-4 hex digits, bus 1-2, device 1-2 (at most 1f), function one
 * (at most 7); hex digits are case-insensitive.  No "0x" prefix, sign or
 * surrounding blanks inside the bdf.  The domain defaults to 0.  device
 * and function may be '*' (any), but a wildcard device needs a wildcard
 * function ("00:*.*", "0000:03:00.*"), as mainline pciback accepts;
 * XEN_PCIBK_SLOT_EXACT rejects wildcards altogether.  One trailing newline
 * is allowed because echo writes one and libxl none; a second is an error.
 *
 * Errors: -EINVAL for syntax, -ERANGE for a number out of range or with
 * too many digits (never truncated), -ENOSPC when the caller's array is
 * full.  The error struct then holds the offset of the offending byte
 * (equal to the length when the input ended too early) and a static reason.
 * A kernel caller validates and counts first, then stores or iterates:
 *
 *	ret = xen_pcibk_slot_list_parse(hide, strlen(hide), 0, NULL, 0, &n,
 *					&err);
 *	if (ret)
 *		pr_err("hide=: position %zu: %s\n", err.pos, err.reason);
 */
#ifndef XEN_PCIBK_PURE_SLOT_H
#define XEN_PCIBK_PURE_SLOT_H

#include <xen/xendd-pure.h>

/* Value of xen_pcibk_slot.dev or .func that matches any device or function. */
#define XEN_PCIBK_SLOT_ANY	(-1)

/* Parse flag: reject '*'; the slot must name exactly one function. */
#define XEN_PCIBK_SLOT_EXACT	0x1U

/* Buffer size that fits any canonical "dddd:bb:dd.f" plus its NUL. */
#define XEN_PCIBK_SLOT_STR_SIZE	13

/**
 * struct xen_pcibk_slot - a PCI function, or a set of them via wildcards
 * @domain: PCI segment, 0-0xffff
 * @bus: bus number, 0-0xff
 * @dev: device (slot) number, 0-0x1f, or %XEN_PCIBK_SLOT_ANY
 * @func: function number, 0-7, or %XEN_PCIBK_SLOT_ANY; always
 *	%XEN_PCIBK_SLOT_ANY when @dev is
 */
struct xen_pcibk_slot {
	u16 domain;
	u8 bus;
	s8 dev;
	s8 func;
};

/**
 * struct xen_pcibk_slot_error - where and why parsing stopped
 * @pos: byte offset of the offending byte in the input; equal to the input
 *	length when the input ended too early
 * @reason: static string for the log, e.g. "expected ':' after bus"
 */
struct xen_pcibk_slot_error {
	size_t pos;
	const char *reason;
};

int xen_pcibk_slot_parse(const char *buf, size_t len, unsigned int flags,
			 struct xen_pcibk_slot *slot,
			 struct xen_pcibk_slot_error *err);
int xen_pcibk_slot_list_next(const char *buf, size_t len, size_t *pos,
			     unsigned int flags, struct xen_pcibk_slot *slot,
			     struct xen_pcibk_slot_error *err);
int xen_pcibk_slot_list_parse(const char *buf, size_t len, unsigned int flags,
			      struct xen_pcibk_slot *slots, size_t max,
			      size_t *count, struct xen_pcibk_slot_error *err);
bool xen_pcibk_slot_match(const struct xen_pcibk_slot *slot,
			  unsigned int domain, unsigned int bus,
			  unsigned int devfn);
int xen_pcibk_slot_format(const struct xen_pcibk_slot *slot, char *buf,
			  size_t size);

#endif /* XEN_PCIBK_PURE_SLOT_H */
