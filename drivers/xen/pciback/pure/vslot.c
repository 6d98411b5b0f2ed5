// SPDX-License-Identifier: GPL-2.0-only
/*
 * vslot.c - virtual slot allocation for vpci mode.
 */
#include <xen/xendd-pure.h>
#include "vslot.h"

/**
 * xen_pcibk_vslot_assign() - place a physical function on the virtual bus
 * @slots: the bus, %XEN_PCIBK_VSLOTS entries
 * @domain: physical segment
 * @bus: physical bus
 * @devfn: physical PCI_DEVFN(device, function)
 * @multifunction: the physical device has more than one function; its
 *	functions then share one virtual slot and keep their numbers
 * @vdevfn: the virtual devfn, set on success
 *
 * Return: 0; -EEXIST if the function is already on the bus, -ENOSPC when
 * no slot is free.
 */
int xen_pcibk_vslot_assign(struct xen_pcibk_vslot *slots, u16 domain,
			   u8 bus, u8 devfn, bool multifunction, u8 *vdevfn)
{
	unsigned int dev = devfn >> 3, fn = devfn & 7, i, vfn;

	vfn = multifunction ? fn : 0;
	for (i = 0; multifunction && i < XEN_PCIBK_VSLOTS; i++) {
		struct xen_pcibk_vslot *s = &slots[i];

		if (!s->funcs || s->domain != domain || s->bus != bus ||
		    s->dev != dev)
			continue;
		if (s->funcs & (1U << vfn))
			return -EEXIST;
		s->funcs |= 1U << vfn;
		*vdevfn = (i << 3) | vfn;
		return 0;
	}
	for (i = 0; i < XEN_PCIBK_VSLOTS; i++) {
		struct xen_pcibk_vslot *s = &slots[i];

		if (!multifunction && s->funcs && s->domain == domain &&
		    s->bus == bus && s->dev == dev)
			return -EEXIST;
	}
	for (i = 0; i < XEN_PCIBK_VSLOTS; i++) {
		struct xen_pcibk_vslot *s = &slots[i];

		if (s->funcs)
			continue;
		s->funcs = 1U << vfn;
		s->domain = domain;
		s->bus = bus;
		s->dev = dev;
		*vdevfn = (i << 3) | vfn;
		return 0;
	}
	return -ENOSPC;
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
