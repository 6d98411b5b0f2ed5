/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vslot.h - slot allocation on the virtual PCI bus of vpci mode.
 *
 * The guest sees one bus, 0000:00, with 32 slots.  Functions of one
 * physical device share a virtual slot and keep their function numbers,
 * so a multi-function device stays one device to the guest's drivers;
 * a single-function device gets a slot of its own, at function 0.
 */
#ifndef XEN_PCIBK_PURE_VSLOT_H
#define XEN_PCIBK_PURE_VSLOT_H

#include <xen/xendd-pure.h>

#define XEN_PCIBK_VSLOTS	32
/* xen_pcibk_vslot_assign_at(): no particular slot asked for. */
#define XEN_PCIBK_VSLOT_ANY	(-1)

/**
 * struct xen_pcibk_vslot - one virtual slot
 * @funcs: bitmap of the virtual functions in use; 0 means the slot is free
 * @domain: physical segment of the device the slot holds
 * @bus: physical bus of the device
 * @dev: physical device (slot) number
 */
struct xen_pcibk_vslot {
	u8 funcs;
	u16 domain;
	u8 bus;
	u8 dev;
};

int xen_pcibk_vslot_assign(struct xen_pcibk_vslot *slots, u16 domain,
			   u8 bus, u8 devfn, bool multifunction, u8 *vdevfn);
int xen_pcibk_vslot_assign_at(struct xen_pcibk_vslot *slots, u16 domain,
			      u8 bus, u8 devfn, bool multifunction, int want,
			      u8 *vdevfn);
int xen_pcibk_vslot_release(struct xen_pcibk_vslot *slots, u8 vdevfn);

#endif /* XEN_PCIBK_PURE_VSLOT_H */
