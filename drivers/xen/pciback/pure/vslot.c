// SPDX-License-Identifier: GPL-2.0-only
/*
 * vslot.c - virtual slot allocation for vpci mode.
 */
#include <xen/xendd-pure.h>
#include "vslot.h"

/* The virtual slot holding functions of physical device @dev, or -1. */
static int xen_pcibk_vslot_find(const struct xen_pcibk_vslot *slots,
				u16 domain, u8 bus, unsigned int dev)
{
	unsigned int i;

	for (i = 0; i < XEN_PCIBK_VSLOTS; i++)
		if (slots[i].funcs && slots[i].domain == domain &&
		    slots[i].bus == bus && slots[i].dev == dev)
			return i;
	return -1;
}

/**
 * xen_pcibk_vslot_assign_at() - place a physical function on the virtual
 * bus, in a given slot or the first free one
 * @slots: the bus, %XEN_PCIBK_VSLOTS entries
 * @domain: physical segment
 * @bus: physical bus
 * @devfn: physical PCI_DEVFN(device, function)
 * @multifunction: the physical device has more than one function; its
 *	functions then share one virtual slot and keep their numbers
 * @want: the virtual slot asked for (the toolstack's vdevfn-N, slot
 *	part), or %XEN_PCIBK_VSLOT_ANY
 * @vdevfn: the virtual devfn, set on success
 *
 * A function of a device already on the bus joins its slot, which must
 * then be @want if one is given.
 *
 * Return: 0; -EEXIST if the function is already on the bus, -EBUSY if
 * @want holds another device (or this device sits elsewhere), -EINVAL if
 * @want is out of range, -ENOSPC when no slot is free.
 */
int xen_pcibk_vslot_assign_at(struct xen_pcibk_vslot *slots, u16 domain,
			      u8 bus, u8 devfn, bool multifunction, int want,
			      u8 *vdevfn)
{
	unsigned int dev = devfn >> 3, vfn = multifunction ? devfn & 7 : 0;
	int at = xen_pcibk_vslot_find(slots, domain, bus, dev);
	struct xen_pcibk_vslot *s;

	if (want != XEN_PCIBK_VSLOT_ANY && (want < 0 || want >= XEN_PCIBK_VSLOTS))
		return -EINVAL;
	if (at >= 0) {
		s = &slots[at];
		if (!multifunction || (s->funcs & (1U << vfn)))
			return -EEXIST;
		if (want != XEN_PCIBK_VSLOT_ANY && want != at)
			return -EBUSY;
		s->funcs |= 1U << vfn;
		*vdevfn = (at << 3) | vfn;
		return 0;
	}
	if (want != XEN_PCIBK_VSLOT_ANY) {
		if (slots[want].funcs)
			return -EBUSY;
		at = want;
	} else {
		for (at = 0; at < XEN_PCIBK_VSLOTS && slots[at].funcs; at++)
			;
		if (at == XEN_PCIBK_VSLOTS)
			return -ENOSPC;
	}
	s = &slots[at];
	s->funcs = 1U << vfn;
	s->domain = domain;
	s->bus = bus;
	s->dev = dev;
	*vdevfn = (at << 3) | vfn;
	return 0;
}

/**
 * xen_pcibk_vslot_assign() - place a physical function in the first free
 * virtual slot (or its device's)
 * @slots: the bus
 * @domain: physical segment
 * @bus: physical bus
 * @devfn: physical PCI_DEVFN(device, function)
 * @multifunction: as for xen_pcibk_vslot_assign_at()
 * @vdevfn: the virtual devfn, set on success
 *
 * Return: as xen_pcibk_vslot_assign_at() with no slot asked for.
 */
int xen_pcibk_vslot_assign(struct xen_pcibk_vslot *slots, u16 domain,
			   u8 bus, u8 devfn, bool multifunction, u8 *vdevfn)
{
	return xen_pcibk_vslot_assign_at(slots, domain, bus, devfn,
					 multifunction, XEN_PCIBK_VSLOT_ANY,
					 vdevfn);
}

/**
 * xen_pcibk_vslot_release() - take a virtual function off the bus
 * @slots: the bus
 * @vdevfn: the virtual devfn given by xen_pcibk_vslot_assign()
 *
 * Return: 0, or -ENOENT if nothing is there.
 */
int xen_pcibk_vslot_release(struct xen_pcibk_vslot *slots, u8 vdevfn)
{
	struct xen_pcibk_vslot *s = &slots[vdevfn >> 3];
	u8 bit = 1U << (vdevfn & 7);

	if (!(s->funcs & bit))
		return -ENOENT;
	s->funcs &= ~bit;
	return 0;
}
