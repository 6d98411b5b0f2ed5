// SPDX-License-Identifier: GPL-2.0-only
/*
 * irq.c - the interrupt-mode state machine and MSI-X request bounds.
 */
#include <xen/xendd-pure.h>
#include "irq.h"

/**
 * xen_pcibk_irq_transition() - may the guest do @op in @mode?
 * @mode: the function's current interrupt mode
 * @op: the requested operation
 * @next: the mode after the operation, set on success
 *
 * Either disable op leaves whichever of MSI and MSI-X is on, back to INTx,
 * and is a successful no-op in INTx mode (guests disable defensively).
 * The op does not have to name the mode: a PV Linux guest gives MSI-X
 * vectors back with disable_msi, because its pci_disable_msix() clears
 * msix_enabled before the Xen teardown picks the op by that flag (lab run
 * 20261123-092326-pTYQ, e1000e's AER recovery); holding the function in
 * MSI-X mode then refused the guest's next enable.  Enabling needs INTx
 * mode.
 *
 * Return: 0 to go ahead (for a no-op, *@next == @mode), -EBUSY to enable
 * while some mode is enabled, -EINVAL for an unknown @mode or @op.
 */
int xen_pcibk_irq_transition(enum xen_pcibk_irq_mode mode,
			     enum xen_pcibk_irq_op op,
			     enum xen_pcibk_irq_mode *next)
{
	if (mode > XEN_PCIBK_IRQ_MSIX)
		return -EINVAL;
	switch (op) {
	case XEN_PCIBK_OP_ENABLE_MSI:
	case XEN_PCIBK_OP_ENABLE_MSIX:
		if (mode != XEN_PCIBK_IRQ_INTX)
			return -EBUSY;
		*next = op == XEN_PCIBK_OP_ENABLE_MSI ? XEN_PCIBK_IRQ_MSI :
							XEN_PCIBK_IRQ_MSIX;
		return 0;
	case XEN_PCIBK_OP_DISABLE_MSI:
	case XEN_PCIBK_OP_DISABLE_MSIX:
		*next = XEN_PCIBK_IRQ_INTX;
		return 0;
	}
	return -EINVAL;
}

/**
 * xen_pcibk_msix_check() - is an MSI-X enable request within bounds?
 * @nvec: vectors requested (xen_pci_op.value)
 * @entries: their table entry numbers (xen_pci_op.msix_entries[].entry),
 *	already copied out of shared memory
 * @table_size: entries in the device's MSI-X table (pci_msix_vec_count)
 *
 * Return: 0, or -EINVAL when @nvec is 0, above %XEN_PCIBK_MAX_MSIX_VEC or
 * above @table_size, or an entry is out of the table or repeated.
 */
int xen_pcibk_msix_check(unsigned int nvec, const u16 *entries,
			 unsigned int table_size)
{
	unsigned int i, j;

	if (!nvec || nvec > XEN_PCIBK_MAX_MSIX_VEC || nvec > table_size)
		return -EINVAL;
	for (i = 0; i < nvec; i++) {
		if (entries[i] >= table_size)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (entries[j] == entries[i])
				return -EINVAL;
	}
	return 0;
}
