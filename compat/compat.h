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
#endif

#endif /* XENDD_COMPAT_H */
