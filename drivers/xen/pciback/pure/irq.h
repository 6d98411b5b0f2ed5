/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * irq.h - MSI/MSI-X request checks for pcifront's enable/disable ops.
 *
 * A function is in one interrupt mode at a time: INTx (none), MSI or
 * MSI-X.  The guest may enable a mode only from INTx, and the request
 * must fit the device (XSA-157: a guest enabling MSI-X twice, or MSI and
 * MSI-X together, or asking for vectors the device does not have, must
 * not reach the PCI core).
 */
#ifndef XEN_PCIBK_PURE_IRQ_H
#define XEN_PCIBK_PURE_IRQ_H

#include <xen/xendd-pure.h>

enum xen_pcibk_irq_mode {
	XEN_PCIBK_IRQ_INTX,
	XEN_PCIBK_IRQ_MSI,
	XEN_PCIBK_IRQ_MSIX,
};

enum xen_pcibk_irq_op {
	XEN_PCIBK_OP_ENABLE_MSI,
	XEN_PCIBK_OP_DISABLE_MSI,
	XEN_PCIBK_OP_ENABLE_MSIX,
	XEN_PCIBK_OP_DISABLE_MSIX,
};

/* Largest MSI-X request pciif.h can carry (SH_INFO_MAX_VEC). */
#define XEN_PCIBK_MAX_MSIX_VEC	128

int xen_pcibk_irq_transition(enum xen_pcibk_irq_mode mode,
			     enum xen_pcibk_irq_op op,
			     enum xen_pcibk_irq_mode *next);
int xen_pcibk_msix_check(unsigned int nvec, const u16 *entries,
			 unsigned int table_size);

#endif /* XEN_PCIBK_PURE_IRQ_H */
