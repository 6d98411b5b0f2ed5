// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenbus.c - the xenbus backend for device type "pci".
 *
 * The toolstack writes, under our backend node, num_devs and for each N
 * dev-N (the real BDF), state-N, opts-N (permissive=1 is ours to honour)
 * and, if the user chose a virtual slot, vdevfn-N.  We export each
 * function to the guest, write vdev-N (the address the guest sees) and
 * root_num / root-N (the buses pcifront should scan), and go Initialised.
 * pcifront writes pci-op-ref, event-channel and magic and goes
 * Initialised; we map the page, bind the channel and go Connected.
 *
 * Hot attach and detach: the toolstack sets state-N to Initialising (new)
 * or Closing (leaving) and our state to Reconfiguring; pcifront drops the
 * leaving functions and goes Reconfiguring; we apply the changes, set each
 * state-N to Initialised or Closed and go Reconfigured; pcifront rescans
 * and goes Connected, and so do we.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/pci.h>
#include <xen/xenbus.h>

#include "pciback.h"

#define XEN_PCIBK_MAX_ROOTS	16

static const struct xen_pcibk_backend *xen_pcibk_mode;

/*
 * opts-@devid, written by libxl beside dev-@devid; absent means defaults.
 * A malformed line refuses the function rather than guess.
 */
static int xen_pcibk_read_opts(struct xen_pcibk_device *pdev,
			       unsigned int devid, struct xen_pcibk_opts *opts)
{
	struct xenbus_device *xdev = pdev->xdev;
	struct xen_pcibk_slot_error err;
	char key[24];
	char *val;
	int ret;

	snprintf(key, sizeof(key), "opts-%u", devid);
	val = xenbus_read(XBT_NIL, xdev->nodename, key, NULL);
	if (IS_ERR(val)) {
		opts->permissive = false;
		return 0;
	}
	ret = xen_pcibk_opts_parse(val, strlen(val), opts, &err);
	if (ret)
		xenbus_dev_error(xdev, ret, "%s \"%s\": position %zu: %s", key,
				 val, err.pos, err.reason);
	kfree(val);
	return ret;
}

/*
 * vdevfn-@devid, written by libxl when the user asked for a virtual slot
 * ("BDF@SLOT"): the devfn in hex.  Only its slot is used; the function
 * number follows the vpci rules.
 */
static int xen_pcibk_read_vslot(struct xen_pcibk_device *pdev,
				unsigned int devid, int *want)
{
	struct xenbus_device *xdev = pdev->xdev;
	unsigned int vdevfn;
	char key[24];
	char *val;
	int ret;

	*want = XEN_PCIBK_VSLOT_ANY;
	snprintf(key, sizeof(key), "vdevfn-%u", devid);
	val = xenbus_read(XBT_NIL, xdev->nodename, key, NULL);
	if (IS_ERR(val))
		return 0;
	ret = kstrtouint(val, 16, &vdevfn);
	if (ret || vdevfn > 0xff) {
		xenbus_dev_error(xdev, -EINVAL, "%s \"%s\" is not a devfn in hex",
				 key, val);
		kfree(val);
		return -EINVAL;
	}
	kfree(val);
	*want = PCI_SLOT(vdevfn);
	return 0;
}

/* Export the function named by dev-@devid; pdev->lock held. */
static int xen_pcibk_export(struct xen_pcibk_device *pdev, unsigned int devid)
{
	struct xenbus_device *xdev = pdev->xdev;
	struct xen_pcibk_slot_error err;
	struct xen_pcibk_export *exp;
	struct xen_pcibk_dev_data *dd;
	struct xen_pcibk_opts opts;
	struct xen_pcibk_slot slot;
	int want_vslot;
	char key[24];
	char *bdf;
	int ret;

	snprintf(key, sizeof(key), "dev-%u", devid);
	bdf = xenbus_read(XBT_NIL, xdev->nodename, key, NULL);
	if (IS_ERR(bdf))
		return PTR_ERR(bdf);
	ret = xen_pcibk_slot_parse(bdf, strlen(bdf), XEN_PCIBK_SLOT_EXACT,
				   &slot, &err);
	if (ret) {
		xenbus_dev_error(xdev, -EINVAL, "%s \"%s\": position %zu: %s",
				 key, bdf, err.pos, err.reason);
		kfree(bdf);
		return -EINVAL;
	}
	kfree(bdf);
	ret = xen_pcibk_read_opts(pdev, devid, &opts);
	if (!ret)
		ret = xen_pcibk_read_vslot(pdev, devid, &want_vslot);
	if (ret)
		return ret;

	exp = kzalloc(sizeof(*exp), GFP_KERNEL);
	if (!exp)
		return -ENOMEM;
	mutex_lock(&xen_pcibk_seize_lock);
	dd = xen_pcibk_find_seized(slot.domain, slot.bus,
				   PCI_DEVFN(slot.dev, slot.func));
	if (!dd) {
		ret = -ENODEV;
		xenbus_dev_error(xdev, ret, "%04x:%02x:%02x.%d is not seized by pciback",
				 slot.domain, slot.bus, slot.dev, slot.func);
		goto err;
	}
	if (dd->owner) {
		ret = -EBUSY;
		xenbus_dev_error(xdev, ret, "%s is already assigned to domain %d",
				 pci_name(dd->dev),
				 dd->owner->xdev->otherend_id);
		goto err;
	}
	exp->dev = dd->dev;
	exp->devid = devid;
	exp->want_vslot = want_vslot;
	ret = xen_pcibk_mode->assign(pdev, exp);
	if (ret) {
		xenbus_dev_error(xdev, ret, "cannot place %s on the guest's bus",
				 pci_name(dd->dev));
		goto err;
	}
	dd->owner = pdev;
	if (opts.permissive) {
		mutex_lock(&dd->lock);
		dd->toolstack_permissive = true;
		mutex_unlock(&dd->lock);
		dev_warn(&dd->dev->dev, "permissive for domain %d, as the toolstack asked (opts-%u): the guest may write any config register (security-relevant)\n",
			 xdev->otherend_id, devid);
	}
	pci_dev_get(exp->dev);
	mutex_unlock(&xen_pcibk_seize_lock);
	list_add_tail(&exp->list, &pdev->exports);

	/* dom0's MSI setup maps PIRQs for the owner, not for itself. */
	ret = xen_register_device_domain_owner(exp->dev, xdev->otherend_id);
	if (ret && ret != -EEXIST)
		dev_warn(&exp->dev->dev, "cannot record domain %d as owner: %d\n",
			 xdev->otherend_id, ret);
	snprintf(key, sizeof(key), "vdev-%u", devid);
	ret = xenbus_printf(XBT_NIL, xdev->nodename, key, "%04x:%02x:%02x.%x",
			    exp->vdomain, exp->vbus, PCI_SLOT(exp->vdevfn),
			    PCI_FUNC(exp->vdevfn));
	if (ret)
		xenbus_dev_error(xdev, ret, "writing %s", key);
	dev_info(&exp->dev->dev, "exported to domain %d as %04x:%02x:%02x.%x (%s)\n",
		 xdev->otherend_id, exp->vdomain, exp->vbus,
		 PCI_SLOT(exp->vdevfn), PCI_FUNC(exp->vdevfn),
		 xen_pcibk_mode->name);
	return 0;

err:
	mutex_unlock(&xen_pcibk_seize_lock);
	kfree(exp);
	return ret;
}

/* Take an export off the guest's bus; pdev->lock held. */
static void xen_pcibk_unexport(struct xen_pcibk_device *pdev,
			       struct xen_pcibk_export *exp)
{
	struct xen_pcibk_dev_data *dd;

	list_del(&exp->list);
	xen_pcibk_mode->unassign(pdev, exp);
	mutex_lock(&xen_pcibk_seize_lock);
	dd = xen_pcibk_find_seized(pci_domain_nr(exp->dev->bus),
				   exp->dev->bus->number, exp->dev->devfn);
	if (dd && dd->owner == pdev) {
		dd->owner = NULL;
		mutex_lock(&dd->lock);
		dd->toolstack_permissive = false;
		mutex_unlock(&dd->lock);
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	xen_unregister_device_domain_owner(exp->dev);
	dev_info(&exp->dev->dev, "taken back from domain %d\n",
		 pdev->xdev->otherend_id);
}

/* Reset what unexport took back; called without pdev->lock. */
static void xen_pcibk_release_list(struct list_head *released)
{
	struct xen_pcibk_export *exp, *tmp;

	list_for_each_entry_safe(exp, tmp, released, list) {
		list_del(&exp->list);
		xen_pcibk_release_dev(exp->dev);
		pci_dev_put(exp->dev);
		kfree(exp);
	}
}

/**
 * xen_pcibk_export_drop() - forget a function being unbound from pciback
 * @pdev: the backend exporting it
 * @dev: the function
 *
 * Called from the PCI driver's remove, which resets the function itself.
 */
void xen_pcibk_export_drop(struct xen_pcibk_device *pdev, struct pci_dev *dev)
{
	struct xen_pcibk_export *exp, *found = NULL;

	mutex_lock(&pdev->lock);
	list_for_each_entry(exp, &pdev->exports, list) {
		if (exp->dev == dev) {
			found = exp;
			break;
		}
	}
	if (found)
		xen_pcibk_unexport(pdev, found);
	mutex_unlock(&pdev->lock);
	if (found) {
		pci_dev_put(found->dev);
		kfree(found);
	}
}

static int xen_pcibk_publish_roots(struct xen_pcibk_device *pdev)
{
	const char *node = pdev->xdev->nodename;
	u32 roots[XEN_PCIBK_MAX_ROOTS];
	char key[24];
	int n, i, ret;

	n = xen_pcibk_mode->roots(pdev, roots, ARRAY_SIZE(roots));
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "root-%d", i);
		ret = xenbus_printf(XBT_NIL, node, key, "%04x:%02x",
				    roots[i] >> 8, roots[i] & 0xff);
		if (ret)
			return ret;
	}
	return xenbus_printf(XBT_NIL, node, "root_num", "%d", n);
}

static void xen_pcibk_set_dev_state(struct xen_pcibk_device *pdev,
				    unsigned int devid,
				    unsigned int state)
{
	char key[24];

	snprintf(key, sizeof(key), "state-%u", devid);
	xenbus_printf(XBT_NIL, pdev->xdev->nodename, key, "%d", state);
}

/* Map the frontend's page and bind its event channel; pdev->lock held. */
static int xen_pcibk_attach(struct xen_pcibk_device *pdev)
{
	struct xenbus_device *xdev = pdev->xdev;
	unsigned int gref, evtchn;
	char *magic;
	void *page;
	int ret;

	if (pdev->sh_info)
		return 0;
	ret = xenbus_gather(XBT_NIL, xdev->otherend, "pci-op-ref", "%u", &gref,
			    "event-channel", "%u", &evtchn, NULL);
	if (ret) {
		xenbus_dev_fatal(xdev, ret, "reading pci-op-ref and event-channel");
		return ret;
	}
	magic = xenbus_read(XBT_NIL, xdev->otherend, "magic", NULL);
	if (IS_ERR(magic) || strcmp(magic, XEN_PCI_MAGIC)) {
		xenbus_dev_fatal(xdev, -EPROTO, "frontend magic is not \"%s\"",
				 XEN_PCI_MAGIC);
		if (!IS_ERR(magic))
			kfree(magic);
		return -EPROTO;
	}
	kfree(magic);

	ret = xenbus_map_ring_valloc(xdev, &gref, 1, &page);
	if (ret)
		return ret;
	ret = bind_interdomain_evtchn_to_irqhandler_lateeoi(xdev, evtchn,
							    xen_pcibk_handle_event,
							    0, "pciback", pdev);
	if (ret < 0) {
		xenbus_dev_fatal(xdev, ret, "binding event channel %u", evtchn);
		xenbus_unmap_ring_vfree(xdev, page);
		return ret;
	}
	pdev->irq = ret;
	pdev->sh_info = page;
	return xenbus_switch_state(xdev, XEN_PCIBK_XB_CONNECTED);
}

static void xen_pcibk_disconnect(struct xen_pcibk_device *pdev)
{
	struct xen_pci_sharedinfo *sh;
	unsigned int irq;

	mutex_lock(&pdev->lock);
	/* An AER step still reads the page; it gives up after a timeout. */
	while (pdev->aer_busy) {
		mutex_unlock(&pdev->lock);
		wait_event(pdev->aer_wait, !READ_ONCE(pdev->aer_busy));
		mutex_lock(&pdev->lock);
	}
	irq = pdev->irq;
	sh = pdev->sh_info;
	pdev->irq = 0;
	pdev->sh_info = NULL;
	mutex_unlock(&pdev->lock);
	if (irq)
		unbind_from_irqhandler(irq, pdev);
	cancel_work_sync(&pdev->op_work);
	if (sh)
		xenbus_unmap_ring_vfree(pdev->xdev, sh);
}

/* First configuration, once num_devs is there; pdev->lock held. */
static void xen_pcibk_setup(struct xen_pcibk_device *pdev)
{
	struct xenbus_device *xdev = pdev->xdev;
	unsigned int num, i;
	int ret;

	if (xenbus_scanf(XBT_NIL, xdev->nodename, "num_devs", "%u", &num) != 1)
		return;
	for (i = 0; i < num; i++) {
		ret = xen_pcibk_export(pdev, i);
		if (ret == -ENOENT)
			continue;
		xen_pcibk_set_dev_state(pdev, i, ret ? XEN_PCIBK_XB_CLOSED :
						       XEN_PCIBK_XB_INITIALISED);
	}
	ret = xen_pcibk_publish_roots(pdev);
	if (ret) {
		xenbus_dev_fatal(xdev, ret, "publishing root buses");
		return;
	}
	xenbus_switch_state(xdev, XEN_PCIBK_XB_INITIALISED);
	if (xenbus_read_driver_state(xdev->otherend) == XEN_PCIBK_XB_INITIALISED)
		xen_pcibk_attach(pdev);
}

/*
 * Apply the toolstack's state-N changes: export the functions it set to
 * Initialising, unexport (onto @released) those it set to Closing; set
 * each state-N to the result.  pdev->lock held.
 *
 * Return: true if any function came or went.
 */
static bool xen_pcibk_apply_dev_states(struct xen_pcibk_device *pdev,
				       struct list_head *released)
{
	struct xenbus_device *xdev = pdev->xdev;
	struct xen_pcibk_export *exp, *tmp;
	unsigned int num, i, state;
	bool changed = false;
	char key[24];
	int ret;

	if (xenbus_scanf(XBT_NIL, xdev->nodename, "num_devs", "%u", &num) != 1)
		num = 0;
	for (i = 0; i < num; i++) {
		snprintf(key, sizeof(key), "state-%u", i);
		state = xenbus_read_unsigned(xdev->nodename, key,
					     XEN_PCIBK_XB_UNKNOWN);
		if (state == XEN_PCIBK_XB_INITIALISING) {
			ret = xen_pcibk_export(pdev, i);
			if (ret == -ENOENT)
				continue;
			xen_pcibk_set_dev_state(pdev, i, ret ?
						XEN_PCIBK_XB_CLOSED :
						XEN_PCIBK_XB_INITIALISED);
			changed = true;
		} else if (state == XEN_PCIBK_XB_CLOSING) {
			list_for_each_entry_safe(exp, tmp, &pdev->exports,
						 list) {
				if (exp->devid != i)
					continue;
				xen_pcibk_unexport(pdev, exp);
				list_add_tail(&exp->list, released);
			}
			xen_pcibk_set_dev_state(pdev, i, XEN_PCIBK_XB_CLOSED);
			changed = true;
		}
	}
	return changed;
}

/*
 * Our backend node changed.  In InitWait: the first configuration.  In
 * Initialised: libxl writes a domain's pci=[...] functions one at a time
 * (num_devs and state-N Initialising for each, no Reconfiguring while the
 * domain is being built), so the second and later ones may arrive after
 * the first configuration; export them too (a domU created with two
 * functions saw only the first: lab run 20261204-163929-oNK8).  Only a
 * change rewrites the roots, since our own writes fire this watch.
 */
static void xen_pcibk_be_changed(struct xenbus_watch *watch,
				 const char *path, const char *token)
{
	struct xen_pcibk_device *pdev =
		container_of(watch, struct xen_pcibk_device, be_watch);
	LIST_HEAD(released);
	int ret;

	mutex_lock(&pdev->lock);
	if (pdev->xdev->state == XEN_PCIBK_XB_INITWAIT) {
		xen_pcibk_setup(pdev);
	} else if (pdev->xdev->state == XEN_PCIBK_XB_INITIALISED &&
		   xen_pcibk_apply_dev_states(pdev, &released)) {
		ret = xen_pcibk_publish_roots(pdev);
		if (ret)
			xenbus_dev_fatal(pdev->xdev, ret, "publishing root buses");
	}
	mutex_unlock(&pdev->lock);
	xen_pcibk_release_list(&released);
}

/* Apply state-N changes of a hot attach or detach. */
static void xen_pcibk_reconfigure(struct xen_pcibk_device *pdev)
{
	struct xenbus_device *xdev = pdev->xdev;
	LIST_HEAD(released);
	int ret;

	mutex_lock(&pdev->lock);
	xen_pcibk_apply_dev_states(pdev, &released);
	ret = xen_pcibk_publish_roots(pdev);
	if (ret)
		xenbus_dev_fatal(xdev, ret, "publishing root buses");
	else
		xenbus_switch_state(xdev, XEN_PCIBK_XB_RECONFIGURED);
	mutex_unlock(&pdev->lock);
	xen_pcibk_release_list(&released);
}

static void xen_pcibk_frontend_changed(struct xenbus_device *xdev,
				       enum xenbus_state fe_state)
{
	struct xen_pcibk_device *pdev = dev_get_drvdata(&xdev->dev);

	switch (fe_state) {
	case XEN_PCIBK_XB_INITIALISED:
		mutex_lock(&pdev->lock);
		if (xdev->state == XEN_PCIBK_XB_INITIALISED)
			xen_pcibk_attach(pdev);
		mutex_unlock(&pdev->lock);
		break;
	case XEN_PCIBK_XB_CONNECTED:
		mutex_lock(&pdev->lock);
		if (xdev->state == XEN_PCIBK_XB_RECONFIGURED)
			xenbus_switch_state(xdev, XEN_PCIBK_XB_CONNECTED);
		mutex_unlock(&pdev->lock);
		break;
	case XEN_PCIBK_XB_RECONFIGURING:
		xen_pcibk_reconfigure(pdev);
		break;
	case XEN_PCIBK_XB_CLOSING:
		xen_pcibk_disconnect(pdev);
		xenbus_switch_state(xdev, XEN_PCIBK_XB_CLOSING);
		break;
	case XEN_PCIBK_XB_CLOSED:
		xen_pcibk_disconnect(pdev);
		xenbus_switch_state(xdev, XEN_PCIBK_XB_CLOSED);
		if (xenbus_dev_is_online(xdev))
			break;
		device_unregister(&xdev->dev);
		break;
	case XEN_PCIBK_XB_UNKNOWN:
		/*
		 * The frontend's node is gone: its domain was destroyed.  Let
		 * go of the functions even if we are still online: when the
		 * frontend never answered libxl's detach (Reconfiguring), libxl
		 * leaves our node behind with online=1, and the functions stayed
		 * assigned to the dead domain; the next guest was refused them
		 * (rogue-pcifront, lab run 20261204-170642-6fen).
		 */
		xen_pcibk_disconnect(pdev);
		xenbus_switch_state(xdev, XEN_PCIBK_XB_CLOSED);
		device_unregister(&xdev->dev);
		break;
	default:
		break;
	}
}

static int xen_pcibk_xenbus_probe(struct xenbus_device *xdev,
				  const struct xenbus_device_id *id)
{
	struct xen_pcibk_device *pdev;
	int ret;

	pdev = kzalloc(sizeof(*pdev), GFP_KERNEL);
	if (!pdev)
		return -ENOMEM;
	pdev->xdev = xdev;
	mutex_init(&pdev->lock);
	INIT_LIST_HEAD(&pdev->exports);
	INIT_WORK(&pdev->op_work, xen_pcibk_do_op);
	init_waitqueue_head(&pdev->aer_wait);
	dev_set_drvdata(&xdev->dev, pdev);

	ret = xenbus_switch_state(xdev, XEN_PCIBK_XB_INITWAIT);
	if (ret)
		goto err;
	/* Fires once at once, then on every change below our node. */
	ret = xenbus_watch_pathfmt(xdev, &pdev->be_watch, NULL,
				   xen_pcibk_be_changed, "%s", xdev->nodename);
	if (ret)
		goto err;
	pdev->watching = true;
	return 0;

err:
	dev_set_drvdata(&xdev->dev, NULL);
	kfree(pdev);
	return ret;
}

static void xen_pcibk_xenbus_remove(struct xenbus_device *xdev)
{
	struct xen_pcibk_device *pdev = dev_get_drvdata(&xdev->dev);
	struct xen_pcibk_export *exp, *tmp;
	LIST_HEAD(released);

	if (pdev->watching) {
		unregister_xenbus_watch(&pdev->be_watch);
		kfree(pdev->be_watch.node);
	}
	xen_pcibk_disconnect(pdev);
	mutex_lock(&pdev->lock);
	list_for_each_entry_safe(exp, tmp, &pdev->exports, list) {
		xen_pcibk_unexport(pdev, exp);
		list_add_tail(&exp->list, &released);
	}
	mutex_unlock(&pdev->lock);
	xen_pcibk_release_list(&released);
	dev_set_drvdata(&xdev->dev, NULL);
	kfree(pdev);
}

static const struct xenbus_device_id xen_pcibk_xenbus_ids[] = {
	{ "pci" },
	{ "" },
};

static struct xenbus_driver xen_pcibk_xenbus_driver = {
	.name = "xen-pciback",
	.ids = xen_pcibk_xenbus_ids,
	.probe = xen_pcibk_xenbus_probe,
	.remove = xen_pcibk_xenbus_remove,
	.otherend_changed = xen_pcibk_frontend_changed,
};

/**
 * xen_pcibk_xenbus_register() - register the "pci" backend
 * @passthrough: show guests the real topology instead of a virtual bus
 *
 * Return: 0 or a negative errno.
 */
int xen_pcibk_xenbus_register(bool passthrough)
{
	xen_pcibk_mode = passthrough ? &xen_pcibk_passthrough_backend :
				       &xen_pcibk_vpci_backend;
	pr_info("backend mode %s\n", xen_pcibk_mode->name);
	return xenbus_register_backend(&xen_pcibk_xenbus_driver);
}

/**
 * xen_pcibk_xenbus_unregister() - unregister the "pci" backend
 */
void xen_pcibk_xenbus_unregister(void)
{
	xenbus_unregister_driver(&xen_pcibk_xenbus_driver);
}
