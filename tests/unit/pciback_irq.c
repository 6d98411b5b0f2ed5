// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for pciback's interrupt-mode state machine and MSI-X request
 * bounds (pure/irq.c, XSA-157) and vpci slot allocation (pure/vslot.c).
 */
#include "../../drivers/xen/pciback/pure/irq.c"
#include "../../drivers/xen/pciback/pure/vslot.c"
#include "xtest.h"

XTEST(msi_enable_from_intx_allowed)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_INTX,
					   XEN_PCIBK_OP_ENABLE_MSI, &next), 0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_MSI);
}

XTEST(msi_enable_twice_refused_xsa_157)
{
	enum xen_pcibk_irq_mode next = XEN_PCIBK_IRQ_INTX;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_MSI,
					   XEN_PCIBK_OP_ENABLE_MSI, &next),
		  -EBUSY);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_INTX);
}

XTEST(msix_enable_while_msi_refused_xsa_157)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_MSI,
					   XEN_PCIBK_OP_ENABLE_MSIX, &next),
		  -EBUSY);
}

XTEST(msi_enable_while_msix_refused_xsa_157)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_MSIX,
					   XEN_PCIBK_OP_ENABLE_MSI, &next),
		  -EBUSY);
}

XTEST(msix_disable_returns_to_intx)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_MSIX,
					   XEN_PCIBK_OP_DISABLE_MSIX, &next),
		  0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_INTX);
}

XTEST(disable_in_intx_is_noop)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_INTX,
					   XEN_PCIBK_OP_DISABLE_MSIX, &next),
		  0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_INTX);
	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_INTX,
					   XEN_PCIBK_OP_DISABLE_MSI, &next), 0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_INTX);
}

/* A PV Linux guest gives MSI-X vectors back with disable_msi (lab run
 * 20261123-092326-pTYQ); MSI-X must end, or the next enable is refused. */
XTEST(either_disable_leaves_msi_or_msix)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_MSIX,
					   XEN_PCIBK_OP_DISABLE_MSI, &next), 0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_INTX);
	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_MSI,
					   XEN_PCIBK_OP_DISABLE_MSIX, &next), 0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_INTX);
	XCHECK_EQ(xen_pcibk_irq_transition(next, XEN_PCIBK_OP_ENABLE_MSIX,
					   &next), 0);
	XCHECK_EQ(next, XEN_PCIBK_IRQ_MSIX);
}

XTEST(unknown_mode_or_op_rejected)
{
	enum xen_pcibk_irq_mode next;

	XCHECK_EQ(xen_pcibk_irq_transition(7, XEN_PCIBK_OP_ENABLE_MSI, &next),
		  -EINVAL);
	XCHECK_EQ(xen_pcibk_irq_transition(XEN_PCIBK_IRQ_INTX, 9, &next),
		  -EINVAL);
}

XTEST(msix_request_within_table_accepted)
{
	u16 e[3] = { 0, 2, 1 };

	XCHECK_EQ(xen_pcibk_msix_check(3, e, 3), 0);
}

XTEST(msix_zero_vectors_rejected)
{
	u16 e[1] = { 0 };

	XCHECK_EQ(xen_pcibk_msix_check(0, e, 4), -EINVAL);
}

XTEST(msix_more_vectors_than_table_rejected)
{
	u16 e[5] = { 0, 1, 2, 3, 4 };

	XCHECK_EQ(xen_pcibk_msix_check(5, e, 4), -EINVAL);
}

XTEST(msix_more_than_shared_page_rejected)
{
	static u16 e[129];
	unsigned int i;

	for (i = 0; i < 129; i++)
		e[i] = i;
	XCHECK_EQ(xen_pcibk_msix_check(128, e, 2048), 0);
	XCHECK_EQ(xen_pcibk_msix_check(129, e, 2048), -EINVAL);
}

XTEST(msix_entry_out_of_table_rejected)
{
	u16 e[2] = { 0, 4 };

	XCHECK_EQ(xen_pcibk_msix_check(2, e, 4), -EINVAL);
}

XTEST(msix_repeated_entry_rejected)
{
	u16 e[3] = { 1, 2, 1 };

	XCHECK_EQ(xen_pcibk_msix_check(3, e, 4), -EINVAL);
}

XTEST(vslot_single_function_device_gets_function_0)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v = 0xff;

	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 0, (5 << 3) | 0, false, &v), 0);
	XCHECK_EQ(v, 0x00);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 0, (6 << 3) | 0, false, &v), 0);
	XCHECK_EQ(v, 0x08);
}

XTEST(vslot_functions_of_one_device_share_a_slot)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v;

	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, (2 << 3) | 1, true, &v), 0);
	XCHECK_EQ(v, 0x01);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 4, (0 << 3) | 0, false, &v), 0);
	XCHECK_EQ(v, 0x08);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, (2 << 3) | 3, true, &v), 0);
	XCHECK_EQ(v, 0x03);
}

XTEST(vslot_same_function_twice_rejected)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v;

	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, 0x10, true, &v), 0);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, 0x10, true, &v), -EEXIST);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 4, 0x10, false, &v), 0);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 4, 0x10, false, &v), -EEXIST);
}

XTEST(vslot_bus_full_is_enospc)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	unsigned int i;
	u8 v;

	for (i = 0; i < XEN_PCIBK_VSLOTS; i++)
		XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 1, i << 3, false, &v),
			  0);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 2, 0, false, &v), -ENOSPC);
}

XTEST(vslot_release_frees_slot_for_reuse)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v;

	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 1, 0x28, false, &v), 0);
	XCHECK_EQ(xen_pcibk_vslot_release(s, v), 0);
	XCHECK_EQ(xen_pcibk_vslot_release(s, v), -ENOENT);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 2, 0x30, false, &v), 0);
	XCHECK_EQ(v, 0x00);
}

XTEST(vslot_slot_stays_while_a_function_remains)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v0, v1, v;

	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, 0x10, true, &v0), 0);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, 0x11, true, &v1), 0);
	XCHECK_EQ(xen_pcibk_vslot_release(s, v0), 0);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 9, 0x00, false, &v), 0);
	XCHECK_EQ(v, 0x08);
}

XTEST(vslot_at_places_in_the_slot_asked_for)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v = 0xff;

	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 0, 5 << 3, false, 3, &v), 0);
	XCHECK_EQ(v, 3 << 3);
	/* The next free one is still slot 0. */
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 0, 6 << 3, false, &v), 0);
	XCHECK_EQ(v, 0);
}

XTEST(vslot_at_taken_slot_is_ebusy)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v = 0xff;

	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 0, 5 << 3, false, 4, &v), 0);
	v = 0xff;
	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 0, 6 << 3, false, 4, &v),
		  -EBUSY);
	XCHECK_EQ(v, 0xff);
}

XTEST(vslot_at_out_of_range_is_einval)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v;

	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 0, 0, false, 32, &v), -EINVAL);
	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 0, 0, false, -2, &v), -EINVAL);
	XCHECK_EQ(s[0].funcs, 0);
}

XTEST(vslot_at_function_joins_its_device_slot_only)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v;

	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 3, (2 << 3) | 0, true, 7, &v), 0);
	XCHECK_EQ(v, 7 << 3);
	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 3, (2 << 3) | 1, true, 8, &v),
		  -EBUSY);
	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 3, (2 << 3) | 1, true, 7, &v), 0);
	XCHECK_EQ(v, (7 << 3) | 1);
	XCHECK_EQ(xen_pcibk_vslot_assign(s, 0, 3, (2 << 3) | 2, true, &v), 0);
	XCHECK_EQ(v, (7 << 3) | 2);
}

XTEST(vslot_at_same_single_function_twice_is_eexist)
{
	struct xen_pcibk_vslot s[XEN_PCIBK_VSLOTS] = { 0 };
	u8 v;

	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 1, 0x28, false, 2, &v), 0);
	XCHECK_EQ(xen_pcibk_vslot_assign_at(s, 0, 1, 0x28, false, 9, &v),
		  -EEXIST);
}
