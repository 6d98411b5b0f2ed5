/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * compat.h - kernel API differences between the supported kernels.
 *
 * Force-included (-include) into every object of the three modules, so
 * driver sources are written against the newest API and read like
 * mainline.  Which API the target has is decided by the header probes in
 * compat/Kbuild.include (COMPAT_HAVE_*), never by LINUX_VERSION_CODE.
 * Each fallback is a faithful mapping onto the older API.
 */
#ifndef XENDD_COMPAT_H
#define XENDD_COMPAT_H

#ifndef COMPAT_HAVE_SKB_FRAG_FILL_PAGE_DESC
#include <linux/skbuff.h>
/* Added in 6.5; older kernels set the three fields one by one. */
static inline void skb_frag_fill_page_desc(skb_frag_t *frag, struct page *page,
					   int off, int size)
{
	__skb_frag_set_page(frag, page);
	skb_frag_off_set(frag, off);
	skb_frag_size_set(frag, size);
}
#endif

#ifndef COMPAT_HAVE_XDP_SET_FEATURES_FLAG
#include <linux/netdevice.h>
/*
 * Added in 6.3 together with netdev->xdp_features; before that the core
 * had no record of a driver's XDP capabilities, so there is nothing to set.
 */
static inline void xdp_set_features_flag(struct net_device *dev __always_unused,
					 u32 val __always_unused)
{
}

/* Their flags: nothing to record either, so no bits. */
#define NETDEV_XDP_ACT_BASIC		0
#define NETDEV_XDP_ACT_REDIRECT		0
#define NETDEV_XDP_ACT_NDO_XMIT		0
#endif

#ifdef COMPAT_HAVE_DEVICE_MATCH_DRIVER_OVERRIDE
#include <linux/device.h>
#include <linux/spinlock.h>
/*
 * driver_override lives in struct device.  The kernel's
 * device_match_driver_override() takes its lock with guard(), which
 * Debian 12's sparse cannot follow; this is the same check with the lock
 * taken by hand.
 */
static inline int xendd_match_driver_override(struct device *dev,
					      const struct device_driver *drv)
{
	int ret = -1;

	spin_lock(&dev->driver_override.lock);
	if (dev->driver_override.name)
		ret = !strcmp(dev->driver_override.name, drv->name);
	spin_unlock(&dev->driver_override.lock);
	return ret;
}
#else
#include <linux/device.h>
#include <linux/pci.h>
/*
 * Before driver_override moved into struct device, each bus kept its own,
 * PCI in struct pci_dev (read under the device lock, as a probe routine
 * runs).  Only the PCI case is needed here.
 */
static inline int xendd_match_driver_override(struct device *dev,
					      const struct device_driver *drv)
{
	const char *name = dev_is_pci(dev) ? to_pci_dev(dev)->driver_override :
					     NULL;

	if (name)
		return !strcmp(name, drv->name);
	return -1;
}
#endif

/*
 * The page pool's API moved to net/page_pool/ in 6.6: users include
 * XENDD_PAGE_POOL_H.
 */
#ifdef COMPAT_HAVE_PAGE_POOL_HELPERS_H
#define XENDD_PAGE_POOL_H "net/page_pool/helpers.h"
#else
#define XENDD_PAGE_POOL_H "net/page_pool.h"
#endif

#endif /* XENDD_COMPAT_H */
