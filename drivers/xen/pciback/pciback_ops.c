// SPDX-License-Identifier: GPL-2.0-only
/*
 * pciback_ops.c - serving pcifront's operations (pciif.h).
 *
 * pcifront puts one struct xen_pci_op in the shared page, sets
 * _XEN_PCIF_active and kicks the event channel; it then polls until the
 * bit clears.  We copy the op out once before looking at it (XSA-155: the
 * guest may change the page under us), serve it from the copy, write back
 * only the result fields, and clear the bit.  The event channel is bound
 * lateeoi: until we EOI, the guest cannot make us run again, so a guest
 * kicking without an op gets at most one spurious pass per EOI (XSA-332).
 */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <xen/events.h>
#include <xen/pci.h>

#include "pciback.h"

/**
 * xen_pcibk_handle_event() - the frontend kicked the event channel
 * @irq: the event channel's irq
 * @dev_id: the backend
 *
 * Return: IRQ_HANDLED; the work item EOIs.
 */
irqreturn_t xen_pcibk_handle_event(int irq, void *dev_id)
{
	struct xen_pcibk_device *pdev = dev_id;

	/* An AER step may be waiting for the frontend to answer. */
	wake_up(&pdev->aer_wait);
	schedule_work(&pdev->op_work);
	return IRQ_HANDLED;
}

/*
 * A guest's device may share its legacy IRQ line with dom0's devices.
 * Xen delivers the line to every domain bound to it, and an interrupt no
 * dom0 handler claims counts as spurious until dom0 disables the line,
 * for everyone.  While this handler is on, it claims them.
 */
static irqreturn_t xen_pcibk_guest_irq(int irq, void *dev_id)
{
	struct xen_pcibk_dev_data *dd = dev_id;

	dd->isr_count++;
	return IRQ_HANDLED;
}

/**
 * xen_pcibk_isr_toggle() - put the acknowledging handler on or off the IRQ
 * @dd: the function; caller holds @dd->lock
 *
 * Return: 0; -ENODEV if the function has no legacy IRQ or is in MSI or
 * MSI-X mode (turning off always works); an error from request_irq().
 */
int xen_pcibk_isr_toggle(struct xen_pcibk_dev_data *dd)
{
	int ret;

	if (dd->isr_on) {
		free_irq(dd->dev->irq, dd);
		dd->isr_on = false;
		return 0;
	}
	if (!dd->dev->irq || dd->irq_mode != XEN_PCIBK_IRQ_INTX)
		return -ENODEV;
	ret = request_irq(dd->dev->irq, xen_pcibk_guest_irq, IRQF_SHARED,
			  "pciback", dd);
	if (!ret)
		dd->isr_on = true;
	return ret;
}

/* Leave MSI or MSI-X, whichever is on; dd->lock held. */
static void xen_pcibk_msi_off(struct xen_pcibk_dev_data *dd)
{
	if (dd->irq_mode == XEN_PCIBK_IRQ_MSI)
		pci_disable_msi(dd->dev);
	else if (dd->irq_mode == XEN_PCIBK_IRQ_MSIX)
		pci_disable_msix(dd->dev);
	dd->irq_mode = XEN_PCIBK_IRQ_INTX;
}

/**
 * xen_pcibk_irq_off() - leave MSI or MSI-X mode, if the guest left it on,
 * and take the acknowledging handler off the legacy IRQ
 * @dd: the function
 */
void xen_pcibk_irq_off(struct xen_pcibk_dev_data *dd)
{
	mutex_lock(&dd->lock);
	if (dd->isr_on)
		xen_pcibk_isr_toggle(dd);
	xen_pcibk_msi_off(dd);
	mutex_unlock(&dd->lock);
}

static int xen_pcibk_pirq(unsigned int irq)
{
	int pirq = xen_pirq_from_irq(irq);

	return pirq > 0 ? pirq : 0;
}

static int xen_pcibk_enable_msi(struct xen_pcibk_dev_data *dd,
				struct xen_pci_op *op)
{
	struct pci_dev *dev = dd->dev;
	int ret;

	if (!dev->msi_cap)
		return XEN_PCI_ERR_not_implemented;
	ret = pci_enable_msi(dev);
	if (ret) {
		xen_pcibk_guest_warn(dd, "guest MSI enable failed: %d\n", ret);
		op->value = 0;
		return XEN_PCI_ERR_op_failed;
	}
	op->value = xen_pcibk_pirq(dev->irq);
	return 0;
}

static int xen_pcibk_enable_msix(struct xen_pcibk_dev_data *dd,
				 struct xen_pci_op *op)
{
	struct pci_dev *dev = dd->dev;
	struct msix_entry *entries;
	u16 idx[XEN_PCIBK_MAX_MSIX_VEC];
	int table, ret;
	unsigned int i, nvec = op->value;

	table = pci_msix_vec_count(dev);
	if (table <= 0)
		return XEN_PCI_ERR_not_implemented;
	if (nvec > XEN_PCIBK_MAX_MSIX_VEC)
		return XEN_PCI_ERR_op_failed;
	for (i = 0; i < nvec; i++)
		idx[i] = op->msix_entries[i].entry;
	if (xen_pcibk_msix_check(nvec, idx, table)) {
		xen_pcibk_guest_warn(dd, "guest MSI-X request of %u vectors refused\n",
				     nvec);
		return XEN_PCI_ERR_op_failed;
	}
	entries = kcalloc(nvec, sizeof(*entries), GFP_KERNEL);
	if (!entries)
		return XEN_PCI_ERR_op_failed;
	for (i = 0; i < nvec; i++)
		entries[i].entry = idx[i];
	ret = pci_enable_msix_exact(dev, entries, nvec);
	if (ret) {
		kfree(entries);
		xen_pcibk_guest_warn(dd, "guest MSI-X enable failed: %d\n", ret);
		return XEN_PCI_ERR_op_failed;
	}
	for (i = 0; i < nvec; i++)
		op->msix_entries[i].vector = xen_pcibk_pirq(entries[i].vector);
	kfree(entries);
	op->value = 0;
	return 0;
}

/* Interrupt-mode ops, checked against the state machine (XSA-157). */
static int xen_pcibk_irq_op(struct xen_pcibk_dev_data *dd,
			    struct xen_pci_op *op, enum xen_pcibk_irq_op what)
{
	enum xen_pcibk_irq_mode next;
	int err = 0;

	mutex_lock(&dd->lock);
	if (xen_pcibk_irq_transition(dd->irq_mode, what, &next)) {
		xen_pcibk_guest_warn(dd, "guest interrupt op %u refused in mode %d\n",
				     op->cmd, dd->irq_mode);
		err = XEN_PCI_ERR_op_failed;
		goto out;
	}
	/* MSI and MSI-X replace the legacy IRQ the handler sits on. */
	if ((what == XEN_PCIBK_OP_ENABLE_MSI ||
	     what == XEN_PCIBK_OP_ENABLE_MSIX) && dd->isr_on)
		xen_pcibk_isr_toggle(dd);
	switch (what) {
	case XEN_PCIBK_OP_ENABLE_MSI:
		err = xen_pcibk_enable_msi(dd, op);
		break;
	case XEN_PCIBK_OP_ENABLE_MSIX:
		err = xen_pcibk_enable_msix(dd, op);
		break;
	case XEN_PCIBK_OP_DISABLE_MSI:
	case XEN_PCIBK_OP_DISABLE_MSIX:
		/* Either op: see xen_pcibk_irq_transition(). */
		xen_pcibk_msi_off(dd);
		op->value = xen_pcibk_pirq(dd->dev->irq);
		break;
	}
	if (!err)
		dd->irq_mode = next;
out:
	mutex_unlock(&dd->lock);
	return err;
}

/* Look up the guest's address among the exports; pdev->lock held. */
static struct xen_pcibk_dev_data *
xen_pcibk_op_target(struct xen_pcibk_device *pdev, const struct xen_pci_op *op)
{
	struct xen_pcibk_export *exp;

	list_for_each_entry(exp, &pdev->exports, list)
		if (exp->vdomain == op->domain && exp->vbus == op->bus &&
		    exp->vdevfn == op->devfn)
			return pci_get_drvdata(exp->dev);
	return NULL;
}

static void xen_pcibk_serve(struct xen_pcibk_device *pdev,
			    struct xen_pci_op *op)
{
	struct xen_pcibk_dev_data *dd = xen_pcibk_op_target(pdev, op);
	int ret;

	if (!dd) {
		op->err = XEN_PCI_ERR_dev_not_found;
		return;
	}
	switch (op->cmd) {
	case XEN_PCI_OP_conf_read:
	case XEN_PCI_OP_conf_write:
		mutex_lock(&dd->lock);
		if (op->cmd == XEN_PCI_OP_conf_read)
			ret = xen_pcibk_config_read(dd, op->offset, op->size,
						    &op->value);
		else
			ret = xen_pcibk_config_write(dd, op->offset, op->size,
						     op->value);
		mutex_unlock(&dd->lock);
		if (ret == -EINVAL)
			op->err = XEN_PCI_ERR_invalid_offset;
		else if (ret)
			op->err = XEN_PCI_ERR_op_failed;
		else
			op->err = XEN_PCI_ERR_success;
		return;
	case XEN_PCI_OP_enable_msi:
		op->err = xen_pcibk_irq_op(dd, op, XEN_PCIBK_OP_ENABLE_MSI);
		return;
	case XEN_PCI_OP_disable_msi:
		op->err = xen_pcibk_irq_op(dd, op, XEN_PCIBK_OP_DISABLE_MSI);
		return;
	case XEN_PCI_OP_enable_msix:
		op->err = xen_pcibk_irq_op(dd, op, XEN_PCIBK_OP_ENABLE_MSIX);
		return;
	case XEN_PCI_OP_disable_msix:
		op->err = xen_pcibk_irq_op(dd, op, XEN_PCIBK_OP_DISABLE_MSIX);
		return;
	default:
		dev_dbg_ratelimited(&pdev->xdev->dev, "unknown op %u\n",
				    op->cmd);
		op->err = XEN_PCI_ERR_not_implemented;
		return;
	}
}

/**
 * xen_pcibk_do_op() - serve the op in the shared page, if there is one
 * @work: xen_pcibk_device.op_work
 */
void xen_pcibk_do_op(struct work_struct *work)
{
	struct xen_pcibk_device *pdev =
		container_of(work, struct xen_pcibk_device, op_work);
	struct xen_pci_sharedinfo *sh;
	unsigned int eoi = XEN_EOI_FLAG_SPURIOUS;
	struct xen_pci_op *op = &pdev->op;
	unsigned int i, nvec = 0;

	mutex_lock(&pdev->lock);
	sh = pdev->sh_info;
	if (!sh || !pdev->irq)
		goto out;
	if (!test_bit(_XEN_PCIF_active, (unsigned long *)&sh->flags))
		goto eoi;
	/* Pairs with pcifront's wmb() between writing the op and the flag. */
	smp_rmb();
	memcpy(op, &sh->op, sizeof(*op));
	if (op->cmd == XEN_PCI_OP_enable_msix)
		nvec = min_t(u32, op->value, SH_INFO_MAX_VEC);
	xen_pcibk_serve(pdev, op);

	WRITE_ONCE(sh->op.err, op->err);
	WRITE_ONCE(sh->op.value, op->value);
	if (op->cmd == XEN_PCI_OP_enable_msix && !op->err)
		for (i = 0; i < nvec; i++)
			WRITE_ONCE(sh->op.msix_entries[i].vector,
				   op->msix_entries[i].vector);
	/* Results visible before the flag; pcifront polls the flag. */
	wmb();
	clear_bit(_XEN_PCIF_active, (unsigned long *)&sh->flags);
	notify_remote_via_irq(pdev->irq);
	eoi = 0;
eoi:
	xen_irq_lateeoi(pdev->irq, eoi);
out:
	mutex_unlock(&pdev->lock);
}
