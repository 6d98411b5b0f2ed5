// SPDX-License-Identifier: GPL-2.0-only
/*
 * aer.c - forwarding dom0's PCIe error recovery to the guest's driver.
 *
 * When the PCI core recovers an error on a function a guest owns, each
 * step (error detected, MMIO enabled, slot reset, resume) is forwarded
 * through the shared page's aer_op (pciif.h): we fill it, set
 * _XEN_PCIB_active and kick the event channel; pcifront runs its
 * driver's handler, writes the verdict to aer_op.err and clears the bit.
 * A guest that does not answer in time, or registered no handler
 * (_XEN_PCIB_AERHANDLER), gets its function disconnected.
 */
#include <linux/pci.h>
#include <linux/wait.h>
#include <xen/events.h>

#include "pciback.h"

/* How long a guest's driver may take for one recovery step. */
#define XEN_PCIBK_AER_TIMEOUT	(30 * HZ)

/* The names of the steps, for the log. */
static const char *const xen_pcibk_aer_steps[] = {
	[XEN_PCI_OP_aer_detected] = "error_detected",
	[XEN_PCI_OP_aer_resume] = "resume",
	[XEN_PCI_OP_aer_mmio] = "mmio_enabled",
	[XEN_PCI_OP_aer_slotreset] = "slot_reset",
};

/* The name of a verdict the PCI core knows, NULL for anything else. */
static const char *xen_pcibk_aer_verdict(pci_ers_result_t res)
{
	switch (res) {
	case PCI_ERS_RESULT_NONE:
		return "none";
	case PCI_ERS_RESULT_CAN_RECOVER:
		return "can_recover";
	case PCI_ERS_RESULT_NEED_RESET:
		return "need_reset";
	case PCI_ERS_RESULT_DISCONNECT:
		return "disconnect";
	case PCI_ERS_RESULT_RECOVERED:
		return "recovered";
	case PCI_ERS_RESULT_NO_AER_DRIVER:
		return "no_aer_driver";
	}
	return NULL;
}

static bool xen_pcibk_aer_done(struct xen_pcibk_device *pdev)
{
	return !test_bit(_XEN_PCIB_active,
			 (unsigned long *)&pdev->sh_info->flags);
}

/*
 * Forward one step.  pdev->aer_busy keeps the shared page mapped while we
 * wait without pdev->lock, which the guest's config accesses need.
 */
static pci_ers_result_t xen_pcibk_aer_forward(struct pci_dev *dev, int cmd,
					      pci_channel_state_t state)
{
	struct xen_pcibk_device *pdev = NULL;
	struct xen_pcibk_dev_data *dd;
	struct xen_pcibk_export *exp, *found = NULL;
	struct xen_pci_sharedinfo *sh;
	pci_ers_result_t res = PCI_ERS_RESULT_DISCONNECT;
	const char *name;
	long left;

	mutex_lock(&xen_pcibk_seize_lock);
	dd = pci_get_drvdata(dev);
	if (dd)
		pdev = dd->owner;
	mutex_unlock(&xen_pcibk_seize_lock);
	if (!pdev)
		return cmd == XEN_PCI_OP_aer_resume ? PCI_ERS_RESULT_NONE :
						      PCI_ERS_RESULT_RECOVERED;

	mutex_lock(&pdev->lock);
	sh = pdev->sh_info;
	list_for_each_entry(exp, &pdev->exports, list)
		if (exp->dev == dev)
			found = exp;
	if (!sh || !found ||
	    !test_bit(_XEN_PCIB_AERHANDLER, (unsigned long *)&sh->flags)) {
		mutex_unlock(&pdev->lock);
		dev_err(&dev->dev, "PCIe error, and domain %d's frontend cannot recover it\n",
			pdev->xdev->otherend_id);
		return res;
	}
	sh->aer_op.cmd = cmd;
	sh->aer_op.err = (__force int32_t)state;
	sh->aer_op.domain = found->vdomain;
	sh->aer_op.bus = found->vbus;
	sh->aer_op.devfn = found->vdevfn;
	pdev->aer_busy++;
	/* aer_op visible before the flag; pcifront tests the flag first. */
	wmb();
	set_bit(_XEN_PCIB_active, (unsigned long *)&sh->flags);
	notify_remote_via_irq(pdev->irq);
	mutex_unlock(&pdev->lock);

	left = wait_event_timeout(pdev->aer_wait, xen_pcibk_aer_done(pdev),
				  XEN_PCIBK_AER_TIMEOUT);

	mutex_lock(&pdev->lock);
	if (left) {
		/* Pairs with pcifront's wmb() before clearing the flag. */
		rmb();
		res = (__force pci_ers_result_t)READ_ONCE(sh->aer_op.err);
		name = xen_pcibk_aer_verdict(res);
		if (name) {
			dev_info(&dev->dev, "AER %s forwarded to domain %d: verdict %s (%d)\n",
				 xen_pcibk_aer_steps[cmd], pdev->xdev->otherend_id,
				 name, (__force int)res);
		} else {
			/* The guest's word goes to the PCI core: only a real verdict. */
			dev_warn(&dev->dev, "AER %s: domain %d answered %d, not a verdict; disconnecting\n",
				 xen_pcibk_aer_steps[cmd], pdev->xdev->otherend_id,
				 (__force int)res);
			res = PCI_ERS_RESULT_DISCONNECT;
		}
	} else {
		clear_bit(_XEN_PCIB_active, (unsigned long *)&sh->flags);
		dev_err(&dev->dev, "domain %d did not answer PCIe error recovery\n",
			pdev->xdev->otherend_id);
	}
	pdev->aer_busy--;
	mutex_unlock(&pdev->lock);
	wake_up(&pdev->aer_wait);
	return res;
}

static pci_ers_result_t xen_pcibk_error_detected(struct pci_dev *dev,
						 pci_channel_state_t state)
{
	return xen_pcibk_aer_forward(dev, XEN_PCI_OP_aer_detected, state);
}

static pci_ers_result_t xen_pcibk_mmio_enabled(struct pci_dev *dev)
{
	return xen_pcibk_aer_forward(dev, XEN_PCI_OP_aer_mmio,
				     pci_channel_io_normal);
}

static pci_ers_result_t xen_pcibk_slot_reset(struct pci_dev *dev)
{
	return xen_pcibk_aer_forward(dev, XEN_PCI_OP_aer_slotreset,
				     pci_channel_io_normal);
}

static void xen_pcibk_error_resume(struct pci_dev *dev)
{
	xen_pcibk_aer_forward(dev, XEN_PCI_OP_aer_resume,
			      pci_channel_io_normal);
}

const struct pci_error_handlers xen_pcibk_err_handler = {
	.error_detected = xen_pcibk_error_detected,
	.mmio_enabled = xen_pcibk_mmio_enabled,
	.slot_reset = xen_pcibk_slot_reset,
	.resume = xen_pcibk_error_resume,
};
