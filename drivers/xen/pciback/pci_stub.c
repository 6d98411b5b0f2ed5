// SPDX-License-Identifier: GPL-2.0-only
/*
 * pci_stub.c - the "pciback" PCI driver: which functions to seize, seizing
 * and releasing them, and the driver's sysfs attributes.
 *
 * A function is seized when it matches an entry of the slot list (hide=
 * at load, new_slot later) or its driver_override names "pciback".  Its
 * config space is saved at seize and restored after every reset, so each
 * guest starts from the state dom0 had.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xen.h>
#include <xen/interface/physdev.h>
#include <xen/pci.h>
#include <xen/xenbus.h>
#include <asm/xen/hypercall.h>

#include "pciback.h"

/**
 * struct xen_pcibk_slot_entry - one entry of the slot list
 * @list: in xen_pcibk_slots
 * @slot: the slot, possibly with wildcards
 */
struct xen_pcibk_slot_entry {
	struct list_head list;
	struct xen_pcibk_slot slot;
};

/* Protects the slot list, the seized list and every dev_data's owner. */
DEFINE_MUTEX(xen_pcibk_seize_lock);
static LIST_HEAD(xen_pcibk_slots);
static LIST_HEAD(xen_pcibk_seized);

/* Longest part of a bad sysfs write quoted in the log. */
#define XEN_PCIBK_QUOTE_MAX	64

static void xen_pcibk_log_bad_input(const char *attr, const char *buf,
				    size_t count,
				    const struct xen_pcibk_slot_error *err)
{
	size_t len = count, shown;

	if (len && buf[len - 1] == '\n')
		len--;
	shown = min_t(size_t, len, XEN_PCIBK_QUOTE_MAX);
	pr_warn("%s: rejected \"%*pE\"%s: position %zu: %s\n", attr,
		(int)shown, buf, shown < len ? "..." : "", err->pos,
		err->reason);
}

static int xen_pcibk_parse_bdf(const char *attr, const char *buf,
			       size_t count, unsigned int flags,
			       struct xen_pcibk_slot *slot)
{
	struct xen_pcibk_slot_error err;

	if (xen_pcibk_slot_parse(buf, count, flags, slot, &err)) {
		xen_pcibk_log_bad_input(attr, buf, count, &err);
		return -EINVAL;
	}
	return 0;
}

static bool xen_pcibk_slot_equal(const struct xen_pcibk_slot *a,
				 const struct xen_pcibk_slot *b)
{
	return a->domain == b->domain && a->bus == b->bus &&
	       a->dev == b->dev && a->func == b->func;
}

/* Caller holds xen_pcibk_seize_lock. */
static bool xen_pcibk_listed(struct pci_dev *dev)
{
	struct xen_pcibk_slot_entry *e;

	list_for_each_entry(e, &xen_pcibk_slots, list)
		if (xen_pcibk_slot_match(&e->slot, pci_domain_nr(dev->bus),
					 dev->bus->number, dev->devfn))
			return true;
	return false;
}

/* Caller holds xen_pcibk_seize_lock. */
static int xen_pcibk_add_slot(const struct xen_pcibk_slot *slot)
{
	struct xen_pcibk_slot_entry *e;

	list_for_each_entry(e, &xen_pcibk_slots, list)
		if (xen_pcibk_slot_equal(&e->slot, slot))
			return 0;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->slot = *slot;
	list_add_tail(&e->list, &xen_pcibk_slots);
	return 0;
}

/**
 * xen_pcibk_find_seized() - look up a seized function by address
 * @domain: PCI segment
 * @bus: bus number
 * @devfn: device and function
 *
 * Caller holds xen_pcibk_seize_lock; the result is valid until it drops it.
 *
 * Return: the function's dev_data, or NULL if pciback does not hold it.
 */
struct xen_pcibk_dev_data *xen_pcibk_find_seized(unsigned int domain,
						 unsigned int bus,
						 unsigned int devfn)
{
	struct xen_pcibk_dev_data *dd;

	lockdep_assert_held(&xen_pcibk_seize_lock);
	list_for_each_entry(dd, &xen_pcibk_seized, node)
		if (pci_domain_nr(dd->dev->bus) == domain &&
		    dd->dev->bus->number == bus && dd->dev->devfn == devfn)
			return dd;
	return NULL;
}

/*
 * Reset the function and bring back the state saved at seize.  The PCI
 * core picks the method: device-specific, ACPI, FLR, PM D3hot->D0, then a
 * slot or bus reset only if the function is alone there.  Caller holds the
 * device lock.  Returns 0 (also when there is no reset method: the saved
 * state is all that can be brought back, and that is logged once) or the
 * reset's error.
 */
static int xen_pcibk_reset_locked(struct xen_pcibk_dev_data *dd)
{
	struct pci_dev *dev = dd->dev;
	int ret;

	ret = pci_reset_function_locked(dev);
	if (ret == -ENOTTY) {
		if (!dd->no_reset_noted)
			dev_info(&dev->dev, "no reset method (no FLR, PM or bus reset); resets only restore its saved config space\n");
		dd->no_reset_noted = true;
		ret = 0;
	} else if (ret) {
		dev_warn(&dev->dev, "reset failed: %d\n", ret);
	}
	if (dd->saved) {
		pci_load_saved_state(dev, dd->saved);
		pci_restore_state(dev);
	}
	return ret;
}

/* Undo what a guest may have left behind; caller holds the device lock. */
static void xen_pcibk_quiesce_locked(struct xen_pcibk_dev_data *dd)
{
	xen_pcibk_irq_off(dd);
	if (pci_is_enabled(dd->dev))
		pci_disable_device(dd->dev);
	xen_pcibk_reset_locked(dd);
	mutex_lock(&dd->lock);
	xen_pcibk_config_reset_dev(dd);
	mutex_unlock(&dd->lock);
}

/**
 * xen_pcibk_release_dev() - reset a function a guest no longer owns
 * @dev: the function; its owner has already been cleared
 *
 * Takes the device lock, so must not be called with a backend's lock
 * held.  Does nothing if the function was unbound from pciback meanwhile
 * (unbinding resets it too).
 */
void xen_pcibk_release_dev(struct pci_dev *dev)
{
	device_lock(&dev->dev);
	if (dev->dev.driver == &xen_pcibk_pci_driver.driver)
		xen_pcibk_quiesce_locked(pci_get_drvdata(dev));
	device_unlock(&dev->dev);
}

/*
 * Xen maps a guest's MSI-X vectors only for a function whose MSI-X table
 * it has located beforehand: dom0 is not the owner, so Xen will not take
 * the table's address from the map request itself.  Prepare at seize,
 * release when pciback lets the function go.
 */
static void xen_pcibk_msix_prepare(struct xen_pcibk_dev_data *dd, bool on)
{
	struct pci_dev *dev = dd->dev;
	struct physdev_pci_device ppdev = {
		.seg = pci_domain_nr(dev->bus),
		.bus = dev->bus->number,
		.devfn = dev->devfn,
	};
	int ret;

	if (!dev->msix_cap || dd->msix_prepared == on)
		return;
	ret = HYPERVISOR_physdev_op(on ? PHYSDEVOP_prepare_msix :
					 PHYSDEVOP_release_msix, &ppdev);
	if (!ret)
		dd->msix_prepared = on;
	else
		dev_warn(&dev->dev, "Xen cannot %s its MSI-X table: %d%s\n",
			 on ? "prepare" : "release", ret,
			 on ? "; guests will not get MSI-X" : "");
}

static bool xen_pcibk_wanted(struct pci_dev *dev)
{
	bool wanted;

	mutex_lock(&xen_pcibk_seize_lock);
	wanted = xen_pcibk_listed(dev);
	mutex_unlock(&xen_pcibk_seize_lock);
	if (xendd_match_driver_override(&dev->dev,
					&xen_pcibk_pci_driver.driver) > 0)
		wanted = true;
	return wanted;
}

static int xen_pcibk_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	struct xen_pcibk_dev_data *dd;
	int ret;

	if (!xen_pcibk_wanted(dev))
		return -ENODEV;
	if (dev->hdr_type != PCI_HEADER_TYPE_NORMAL) {
		dev_warn(&dev->dev, "not seized: only type-0 functions can be passed through, not bridges\n");
		return -ENODEV;
	}

	dd = kzalloc(sizeof(*dd), GFP_KERNEL);
	if (!dd)
		return -ENOMEM;
	dd->dev = dev;
	mutex_init(&dd->lock);
	ratelimit_state_init(&dd->guest_log, XEN_PCIBK_GUEST_LOG_INTERVAL,
			     XEN_PCIBK_GUEST_LOG_BURST);

	/* Enabling once routes the legacy interrupt, so dev->irq is real. */
	ret = pci_enable_device(dev);
	if (ret)
		dev_warn(&dev->dev, "cannot enable to route its interrupt: %d\n",
			 ret);
	ret = xen_pcibk_config_init_dev(dd);
	if (ret)
		goto err;
	pci_save_state(dev);
	dd->saved = pci_store_saved_state(dev);
	if (!dd->saved)
		dev_warn(&dev->dev, "cannot keep its config space; resets will not restore it\n");
	xen_pcibk_reset_locked(dd);
	if (pci_is_enabled(dev))
		pci_disable_device(dev);
	xen_pcibk_msix_prepare(dd, true);

	pci_set_drvdata(dev, dd);
	mutex_lock(&xen_pcibk_seize_lock);
	list_add_tail(&dd->node, &xen_pcibk_seized);
	mutex_unlock(&xen_pcibk_seize_lock);
	dev_info(&dev->dev, "seized by pciback\n");
	return 0;

err:
	if (pci_is_enabled(dev))
		pci_disable_device(dev);
	kfree(dd);
	return ret;
}

static void xen_pcibk_remove(struct pci_dev *dev)
{
	struct xen_pcibk_dev_data *dd = pci_get_drvdata(dev);
	struct xen_pcibk_device *owner;

	mutex_lock(&xen_pcibk_seize_lock);
	list_del(&dd->node);
	owner = dd->owner;
	mutex_unlock(&xen_pcibk_seize_lock);

	/*
	 * The driver core cannot be told no, so an unbind of a function a
	 * guest still uses takes it from the guest: the function leaves the
	 * backend first, and pcifront's next access finds nothing.
	 */
	if (owner) {
		dev_err(&dev->dev, "unbound while assigned to domain %d; taking it from the guest\n",
			owner->xdev->otherend_id);
		xen_pcibk_export_drop(owner, dev);
	}
	xen_pcibk_quiesce_locked(dd);
	xen_pcibk_msix_prepare(dd, false);
	pci_load_and_free_saved_state(dev, &dd->saved);
	pci_set_drvdata(dev, NULL);
	kfree(dd);
	dev_info(&dev->dev, "released by pciback\n");
}

/* Any function may be seized; xen_pcibk_probe() decides which are. */
static const struct pci_device_id xen_pcibk_ids[] = {
	{ PCI_DEVICE(PCI_ANY_ID, PCI_ANY_ID) },
	{ }
};

static ssize_t new_slot_store(struct device_driver *drv, const char *buf,
			      size_t count)
{
	struct xen_pcibk_slot slot;
	char name[XEN_PCIBK_SLOT_STR_SIZE];
	int ret;

	ret = xen_pcibk_parse_bdf("new_slot", buf, count, 0, &slot);
	if (ret)
		return ret;
	mutex_lock(&xen_pcibk_seize_lock);
	ret = xen_pcibk_add_slot(&slot);
	mutex_unlock(&xen_pcibk_seize_lock);
	if (ret)
		return ret;
	xen_pcibk_slot_format(&slot, name, sizeof(name));
	pr_info("new_slot: %s listed; write it to bind to seize it\n", name);
	return count;
}
static DRIVER_ATTR_WO(new_slot);

static ssize_t remove_slot_store(struct device_driver *drv, const char *buf,
				 size_t count)
{
	struct xen_pcibk_slot_entry *e, *found = NULL;
	struct xen_pcibk_slot slot;
	char name[XEN_PCIBK_SLOT_STR_SIZE];
	int ret;

	ret = xen_pcibk_parse_bdf("remove_slot", buf, count, 0, &slot);
	if (ret)
		return ret;
	xen_pcibk_slot_format(&slot, name, sizeof(name));
	mutex_lock(&xen_pcibk_seize_lock);
	list_for_each_entry(e, &xen_pcibk_slots, list) {
		if (xen_pcibk_slot_equal(&e->slot, &slot)) {
			found = e;
			list_del(&e->list);
			break;
		}
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	if (!found) {
		pr_warn("remove_slot: %s is not listed\n", name);
		return -ENODEV;
	}
	kfree(found);
	pr_info("remove_slot: %s no longer listed\n", name);
	return count;
}
static DRIVER_ATTR_WO(remove_slot);

static ssize_t slots_show(struct device_driver *drv, char *buf)
{
	struct xen_pcibk_slot_entry *e;
	char name[XEN_PCIBK_SLOT_STR_SIZE];
	ssize_t len = 0;

	mutex_lock(&xen_pcibk_seize_lock);
	list_for_each_entry(e, &xen_pcibk_slots, list) {
		xen_pcibk_slot_format(&e->slot, name, sizeof(name));
		len += sysfs_emit_at(buf, len, "%s\n", name);
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	return len;
}
static DRIVER_ATTR_RO(slots);

/*
 * Look up the seized function named by an exact BDF written to @attr.
 * On success the caller holds xen_pcibk_seize_lock.
 */
static int xen_pcibk_lock_seized(const char *attr, const char *buf,
				 size_t count, struct xen_pcibk_dev_data **ddp)
{
	struct xen_pcibk_slot slot;
	int ret;

	ret = xen_pcibk_parse_bdf(attr, buf, count, XEN_PCIBK_SLOT_EXACT,
				  &slot);
	if (ret)
		return ret;
	mutex_lock(&xen_pcibk_seize_lock);
	*ddp = xen_pcibk_find_seized(slot.domain, slot.bus,
				     PCI_DEVFN(slot.dev, slot.func));
	if (!*ddp) {
		mutex_unlock(&xen_pcibk_seize_lock);
		pr_warn("%s: %04x:%02x:%02x.%d is not seized by pciback\n",
			attr, slot.domain, slot.bus, slot.dev, slot.func);
		return -ENODEV;
	}
	return 0;
}

static ssize_t permissive_store(struct device_driver *drv, const char *buf,
				size_t count)
{
	struct xen_pcibk_dev_data *dd;
	int ret;

	ret = xen_pcibk_lock_seized("permissive", buf, count, &dd);
	if (ret)
		return ret;
	mutex_lock(&dd->lock);
	dd->permissive = true;
	mutex_unlock(&dd->lock);
	dev_warn(&dd->dev->dev, "permissive: the guest may now write any config register (security-relevant)\n");
	mutex_unlock(&xen_pcibk_seize_lock);
	return count;
}

static ssize_t xen_pcibk_list_flag(char *buf, bool interrupt_control)
{
	struct xen_pcibk_dev_data *dd;
	ssize_t len = 0;

	mutex_lock(&xen_pcibk_seize_lock);
	list_for_each_entry(dd, &xen_pcibk_seized, node) {
		if (interrupt_control ? dd->allow_interrupt_control :
		    xen_pcibk_is_permissive(dd))
			len += sysfs_emit_at(buf, len, "%s\n",
					     pci_name(dd->dev));
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	return len;
}

static ssize_t permissive_show(struct device_driver *drv, char *buf)
{
	return xen_pcibk_list_flag(buf, false);
}
static DRIVER_ATTR_RW(permissive);

static ssize_t allow_interrupt_control_store(struct device_driver *drv,
					     const char *buf, size_t count)
{
	struct xen_pcibk_dev_data *dd;
	int ret;

	ret = xen_pcibk_lock_seized("allow_interrupt_control", buf, count,
				    &dd);
	if (ret)
		return ret;
	mutex_lock(&dd->lock);
	dd->allow_interrupt_control = true;
	mutex_unlock(&dd->lock);
	dev_warn(&dd->dev->dev, "allow_interrupt_control: the guest may now write MSI/MSI-X enable bits (security-relevant)\n");
	mutex_unlock(&xen_pcibk_seize_lock);
	return count;
}

static ssize_t allow_interrupt_control_show(struct device_driver *drv,
					    char *buf)
{
	return xen_pcibk_list_flag(buf, true);
}
static DRIVER_ATTR_RW(allow_interrupt_control);

static ssize_t quirks_store(struct device_driver *drv, const char *buf,
			    size_t count)
{
	struct xen_pcibk_slot_error err;
	struct xen_pcibk_quirk_spec q;
	struct xen_pcibk_dev_data *dd;
	int ret;

	if (xen_pcibk_quirk_parse(buf, count, &q, &err)) {
		xen_pcibk_log_bad_input("quirks", buf, count, &err);
		return -EINVAL;
	}
	mutex_lock(&xen_pcibk_seize_lock);
	dd = xen_pcibk_find_seized(q.slot.domain, q.slot.bus,
				   PCI_DEVFN(q.slot.dev, q.slot.func));
	if (!dd) {
		mutex_unlock(&xen_pcibk_seize_lock);
		pr_warn("quirks: %04x:%02x:%02x.%d is not seized by pciback\n",
			q.slot.domain, q.slot.bus, q.slot.dev, q.slot.func);
		return -ENODEV;
	}
	mutex_lock(&dd->lock);
	ret = xen_pcibk_quirk_add(dd, &q);
	mutex_unlock(&dd->lock);
	if (ret)
		dev_warn(&dd->dev->dev, "quirks: cannot open %#x:%u:%#x: %d\n",
			 q.reg, q.size, q.mask, ret);
	else
		dev_warn(&dd->dev->dev, "quirks: the guest may now write mask %#x of config %#x:%u (security-relevant)\n",
			 q.mask, q.reg, q.size);
	mutex_unlock(&xen_pcibk_seize_lock);
	return ret ? ret : count;
}

static ssize_t quirks_show(struct device_driver *drv, char *buf)
{
	struct xen_pcibk_dev_data *dd;
	ssize_t len = 0;
	unsigned int i;

	mutex_lock(&xen_pcibk_seize_lock);
	list_for_each_entry(dd, &xen_pcibk_seized, node) {
		for (i = 0; i < dd->nr_quirks; i++)
			len += sysfs_emit_at(buf, len, "%s-%x:%u:%x\n",
					     pci_name(dd->dev),
					     dd->quirks[i].reg,
					     dd->quirks[i].size,
					     dd->quirks[i].mask);
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	return len;
}
static DRIVER_ATTR_RW(quirks);

static const char *const xen_pcibk_irq_mode_names[] = {
	[XEN_PCIBK_IRQ_INTX] = "intx",
	[XEN_PCIBK_IRQ_MSI] = "msi",
	[XEN_PCIBK_IRQ_MSIX] = "msix",
};

static ssize_t irq_handlers_show(struct device_driver *drv, char *buf)
{
	struct xen_pcibk_dev_data *dd;
	ssize_t len = 0;

	mutex_lock(&xen_pcibk_seize_lock);
	list_for_each_entry(dd, &xen_pcibk_seized, node) {
		len += sysfs_emit_at(buf, len, "%s irq %u mode %s isr %s %lu",
				     pci_name(dd->dev), dd->dev->irq,
				     xen_pcibk_irq_mode_names[dd->irq_mode],
				     dd->isr_on ? "on" : "off", dd->isr_count);
		if (dd->owner)
			len += sysfs_emit_at(buf, len, " domain %d\n",
					     dd->owner->xdev->otherend_id);
		else
			len += sysfs_emit_at(buf, len, " unassigned\n");
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	return len;
}
static DRIVER_ATTR_RO(irq_handlers);

/* Writing a seized, guest-owned function's BDF toggles its IRQ handler. */
static ssize_t irq_handler_state_store(struct device_driver *drv,
				       const char *buf, size_t count)
{
	struct xen_pcibk_dev_data *dd;
	int ret;

	ret = xen_pcibk_lock_seized("irq_handler_state", buf, count, &dd);
	if (ret)
		return ret;
	mutex_lock(&dd->lock);
	if (!dd->owner && !dd->isr_on)
		ret = -ENODEV;
	else
		ret = xen_pcibk_isr_toggle(dd);
	if (!ret)
		dev_info(&dd->dev->dev, "irq_handler_state: acknowledging handler on IRQ %u %s\n",
			 dd->dev->irq, dd->isr_on ? "on" : "off");
	mutex_unlock(&dd->lock);
	mutex_unlock(&xen_pcibk_seize_lock);
	return ret ? ret : count;
}
static DRIVER_ATTR_WO(irq_handler_state);

/*
 * bind and unbind replace the driver core's (suppress_bind_attrs), so
 * that they take the same input as the other attributes and so that
 * unbind can refuse a function a guest still owns: the core's unbind
 * cannot be refused, and the remove callback can only take the function
 * from the guest.
 */
static ssize_t bind_store(struct device_driver *drv, const char *buf,
			  size_t count)
{
	struct xen_pcibk_slot slot;
	struct pci_dev *dev;
	int ret;

	ret = xen_pcibk_parse_bdf("bind", buf, count, XEN_PCIBK_SLOT_EXACT,
				  &slot);
	if (ret)
		return ret;
	dev = pci_get_domain_bus_and_slot(slot.domain, slot.bus,
					  PCI_DEVFN(slot.dev, slot.func));
	if (!dev) {
		pr_warn("bind: %04x:%02x:%02x.%d: no such function\n",
			slot.domain, slot.bus, slot.dev, slot.func);
		return -ENODEV;
	}
	if (xendd_match_driver_override(&dev->dev,
					&xen_pcibk_pci_driver.driver) == 0) {
		dev_warn(&dev->dev, "bind: its driver_override names another driver\n");
		ret = -ENODEV;
	} else {
		ret = device_driver_attach(&xen_pcibk_pci_driver.driver,
					   &dev->dev);
		if (ret == -ENODEV)
			dev_warn(&dev->dev, "bind: not listed in slots and driver_override is not pciback; write it to new_slot first\n");
		else if (ret == -EBUSY)
			dev_warn(&dev->dev, "bind: already bound to %s\n",
				 dev->dev.driver ? dev->dev.driver->name : "a driver");
	}
	pci_dev_put(dev);
	return ret ? ret : count;
}
static DRIVER_ATTR_WO(bind);

/*
 * The name of domain @domid, for messages.  Returns false when xenstore
 * no longer has the domain: the toolstack has destroyed it, and what is
 * left of its backend is about to go.
 */
static bool xen_pcibk_domain_name(int domid, char *name, size_t size)
{
	char path[32];
	char *val;

	snprintf(path, sizeof(path), "/local/domain/%d", domid);
	val = xenbus_read(XBT_NIL, path, "name", NULL);
	if (IS_ERR(val))
		return false;
	strscpy(name, val, size);
	kfree(val);
	return true;
}

static ssize_t unbind_store(struct device_driver *drv, const char *buf,
			    size_t count)
{
	struct xen_pcibk_dev_data *dd;
	struct pci_dev *dev;
	char name[64];
	int ret, domid = -1;

	ret = xen_pcibk_lock_seized("unbind", buf, count, &dd);
	if (ret)
		return ret;
	dev = pci_dev_get(dd->dev);
	if (dd->owner)
		domid = dd->owner->xdev->otherend_id;
	mutex_unlock(&xen_pcibk_seize_lock);

	if (domid >= 0 && xen_pcibk_domain_name(domid, name, sizeof(name))) {
		dev_warn(&dev->dev, "unbind refused: assigned to domain %d (%s); detach it from the guest first (xl pci-detach)\n",
			 domid, name);
		ret = -EBUSY;
	} else {
		/*
		 * A destroyed guest's backend may not be gone yet, and a
		 * function may be assigned meanwhile: remove takes it from
		 * whatever backend still has it.
		 */
		device_release_driver(&dev->dev);
	}
	pci_dev_put(dev);
	return ret ? ret : count;
}
static DRIVER_ATTR_WO(unbind);

/*
 * Xen 4.17's libxl writes the BDF here before a guest gets the function
 * and after it loses it, then falls back to the function's own "reset".
 */
static ssize_t do_flr_store(struct device_driver *drv, const char *buf,
			    size_t count)
{
	struct xen_pcibk_dev_data *dd;
	struct pci_dev *dev;
	int ret;

	ret = xen_pcibk_lock_seized("do_flr", buf, count, &dd);
	if (ret)
		return ret;
	dev = pci_dev_get(dd->dev);
	mutex_unlock(&xen_pcibk_seize_lock);

	device_lock(&dev->dev);
	ret = -ENODEV;
	if (dev->dev.driver == &xen_pcibk_pci_driver.driver)
		ret = xen_pcibk_reset_locked(pci_get_drvdata(dev));
	device_unlock(&dev->dev);
	if (!ret)
		dev_info(&dev->dev, "do_flr: reset, config space saved at seize restored\n");
	pci_dev_put(dev);
	return ret ? ret : count;
}
static DRIVER_ATTR_WO(do_flr);

static struct attribute *xen_pcibk_driver_attrs[] = {
	&driver_attr_new_slot.attr,
	&driver_attr_remove_slot.attr,
	&driver_attr_slots.attr,
	&driver_attr_permissive.attr,
	&driver_attr_allow_interrupt_control.attr,
	&driver_attr_quirks.attr,
	&driver_attr_irq_handlers.attr,
	&driver_attr_irq_handler_state.attr,
	&driver_attr_do_flr.attr,
	&driver_attr_bind.attr,
	&driver_attr_unbind.attr,
	NULL,
};
ATTRIBUTE_GROUPS(xen_pcibk_driver);

struct pci_driver xen_pcibk_pci_driver = {
	.name = XEN_PCIBK_DRIVER_NAME,
	.id_table = xen_pcibk_ids,
	.probe = xen_pcibk_probe,
	.remove = xen_pcibk_remove,
	.groups = xen_pcibk_driver_groups,
	.err_handler = &xen_pcibk_err_handler,
	.driver.suppress_bind_attrs = true,
};

static void xen_pcibk_free_slots(void)
{
	struct xen_pcibk_slot_entry *e, *tmp;

	mutex_lock(&xen_pcibk_seize_lock);
	list_for_each_entry_safe(e, tmp, &xen_pcibk_slots, list) {
		list_del(&e->list);
		kfree(e);
	}
	mutex_unlock(&xen_pcibk_seize_lock);
}

/*
 * A function listed in hide= may already belong to its own driver when
 * this module loads after it; take it over and say from whom.
 */
static void xen_pcibk_seize_bound(void)
{
	struct pci_dev *dev = NULL;
	char from[32];
	bool take;
	int ret;

	for_each_pci_dev(dev) {
		mutex_lock(&xen_pcibk_seize_lock);
		take = xen_pcibk_listed(dev);
		mutex_unlock(&xen_pcibk_seize_lock);
		if (!take)
			continue;
		device_lock(&dev->dev);
		take = dev->dev.driver &&
		       dev->dev.driver != &xen_pcibk_pci_driver.driver;
		if (take)
			strscpy(from, dev->dev.driver->name, sizeof(from));
		device_unlock(&dev->dev);
		if (!take)
			continue;
		device_release_driver(&dev->dev);
		ret = device_driver_attach(&xen_pcibk_pci_driver.driver,
					   &dev->dev);
		if (ret)
			dev_err(&dev->dev, "hide=: unbound from driver %s but cannot seize: %d\n",
				from, ret);
		else
			dev_info(&dev->dev, "hide=: taken from driver %s\n",
				 from);
	}
}

/**
 * xen_pcibk_stub_init() - list hide= slots and register the PCI driver
 * @hide: the hide= parameter, or NULL
 * @seize_bound: also take listed functions bound to other drivers
 *
 * Return: 0, or a negative errno (hide= malformed: -EINVAL).
 */
int xen_pcibk_stub_init(const char *hide, bool seize_bound)
{
	struct xen_pcibk_slot_error err;
	struct xen_pcibk_slot slot;
	size_t len, pos = 0;
	int ret;

	len = hide ? strlen(hide) : 0;
	/* Validate the whole list first: nothing is half-applied. */
	ret = xen_pcibk_slot_list_parse(hide, len, 0, NULL, 0, &pos, &err);
	if (ret) {
		pr_err("hide=: \"%s\": position %zu: %s\n", hide, err.pos,
		       err.reason);
		return -EINVAL;
	}
	pos = 0;
	mutex_lock(&xen_pcibk_seize_lock);
	while (xen_pcibk_slot_list_next(hide, len, &pos, 0, &slot, NULL) > 0) {
		ret = xen_pcibk_add_slot(&slot);
		if (ret)
			break;
	}
	mutex_unlock(&xen_pcibk_seize_lock);
	if (!ret)
		ret = pci_register_driver(&xen_pcibk_pci_driver);
	if (ret) {
		xen_pcibk_free_slots();
		return ret;
	}
	if (seize_bound)
		xen_pcibk_seize_bound();
	return 0;
}

/**
 * xen_pcibk_stub_exit() - release every seized function and the slot list
 */
void xen_pcibk_stub_exit(void)
{
	pci_unregister_driver(&xen_pcibk_pci_driver);
	xen_pcibk_free_slots();
}
