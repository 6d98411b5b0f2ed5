// SPDX-License-Identifier: GPL-2.0-only
/*
 * module.c - xen-netback module entry points: parameters that need
 * checking, debugfs root, the "vif" xenbus backend driver.
 *
 * The driver proper is split by concept: interface.c (netdev, queue
 * attach/detach), netback.c (guest TX), rx.c (guest RX), xenbus.c
 * (state machine and keys) and pure/ (validation and arithmetic).
 */
#include <linux/module.h>
#include <xen/xen.h>

#include "common.h"

static int __init xenvif_init(void)
{
	int err;

	if (!xen_domain())
		return -ENODEV;

	if (!xenvif_max_queues)
		xenvif_max_queues = num_online_cpus();
	xenvif_fatal_skb_slots = clamp_t(unsigned int, xenvif_fatal_skb_slots,
					 XENVIF_TX_MAX_SLOTS,
					 XENVIF_TX_FATAL_SLOTS_MAX);

	xenvif_debugfs_init();
	err = xenvif_xenbus_init();
	if (err)
		xenvif_debugfs_exit();
	return err;
}
module_init(xenvif_init);

static void __exit xenvif_exit(void)
{
	xenvif_xenbus_fini();
	xenvif_debugfs_exit();
}
module_exit(xenvif_exit);

MODULE_DESCRIPTION("Xen backend network device module (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
MODULE_ALIAS("xen-backend:vif");
