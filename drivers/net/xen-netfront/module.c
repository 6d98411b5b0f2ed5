// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-netfront module: parameters and driver registration only.
 *
 * The driver is split by concept: xenbus.c (state machine, xenstore keys),
 * queue.c (rings, event channels), tx.c, rx.c, netdev.c, ethtool.c, and
 * pure/ for the protocol checks that unit tests and fuzzers exercise.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/cpumask.h>
#include <xen/xen.h>
#include <xen/platform_pci.h>

#include "netfront.h"

#define XENNET_MAX_QUEUES_DEFAULT	8

unsigned int xennet_max_queues;
module_param_named(max_queues, xennet_max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Maximum number of queues per virtual interface (default: min(8, online CPUs))");

/* Cap of the rx coalescing of one-way streams (xendd-event.h); 0: off. */
unsigned int xennet_rx_coalesce_usecs = 500;
module_param_named(rx_coalesce_usecs, xennet_rx_coalesce_usecs, uint, 0644);
MODULE_PARM_DESC(rx_coalesce_usecs,
		 "Longest wait, in microseconds, of a timed rx poll that stands in for rx events while a one-way stream arrives (0: one event per poll; default: 500)");

/* Offer static grants (sgrant.c) to a backend with a control ring. */
bool xennet_static_grants = true;
module_param_named(static_grants, xennet_static_grants, bool, 0644);
MODULE_PARM_DESC(static_grants,
		 "Give a backend that supports it a permanent grant per rx ring slot once a queue carries traffic (default: Y; read at connect)");

/* rx packets a queue receives on a connection before it upgrades. */
unsigned int xennet_static_grants_after = 2048;
module_param_named(static_grants_after, xennet_static_grants_after, uint, 0644);
MODULE_PARM_DESC(static_grants_after,
		 "rx packets a queue receives before it asks for static grants (default: 2048)");

/* -1: trust only a backend in dom0, unless its "trusted" key says 0. */
int xennet_trusted = -1;

static int xennet_trusted_set(const char *val, const struct kernel_param *kp)
{
	bool b;

	if (sysfs_streq(val, "auto")) {
		*(int *)kp->arg = -1;
		return 0;
	}
	if (kstrtobool(val, &b))
		return -EINVAL;
	*(int *)kp->arg = b;
	return 0;
}

static int xennet_trusted_get(char *buf, const struct kernel_param *kp)
{
	int v = *(int *)kp->arg;

	return sysfs_emit(buf, "%s\n", v < 0 ? "auto" : v ? "Y" : "N");
}

static const struct kernel_param_ops xennet_trusted_ops = {
	.set = xennet_trusted_set,
	.get = xennet_trusted_get,
};

module_param_cb(trusted, &xennet_trusted_ops, &xennet_trusted, 0644);
MODULE_PARM_DESC(trusted,
		 "Is the backend trusted: Y, N, or auto (default: only a dom0 backend whose xenstore \"trusted\" key is not 0)");

static int __init xennet_init(void)
{
	if (!xen_domain())
		return -ENODEV;
	if (!xen_has_pv_nic_devices())
		return -ENODEV;
	if (!xennet_max_queues)
		xennet_max_queues = min_t(unsigned int, XENNET_MAX_QUEUES_DEFAULT,
					  num_online_cpus());
	pr_info("xen-netfront " XENDD_VERSION ": max_queues=%u\n",
		xennet_max_queues);
	return xenbus_register_frontend(&xennet_driver);
}
module_init(xennet_init);

static void __exit xennet_exit(void)
{
	xenbus_unregister_driver(&xennet_driver);
}
module_exit(xennet_exit);

MODULE_DESCRIPTION("Xen virtual network device frontend (xen-dd)");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENDD_VERSION);
MODULE_ALIAS("xen:vif");
MODULE_ALIAS("xennet");
