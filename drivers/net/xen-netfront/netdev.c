// SPDX-License-Identifier: GPL-2.0-only
/*
 * netdev.c - the ethN device: creation, netdev ops, offload features,
 * statistics, and the reaction to a misbehaving backend.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/rtnetlink.h>
#include <net/tcp.h>

#include "netfront.h"

/**
 * xennet_violation() - the backend broke the protocol: stop using the rings.
 * @queue: the queue where it was seen
 * @err: the negative XENNET_V_* code
 *
 * Callable from any context.  The first violation takes the carrier down
 * and logs one line naming it; from then on the rings are left alone
 * until the next connect.  The guest is never brought down.
 */
void xennet_violation(struct xennet_queue *queue, int err)
{
	struct xennet_info *info = queue->info;

	xennet_ev_stat_inc(queue, XENNET_EV_REJECTED);
	if (test_and_set_bit(XENNET_BROKEN, &info->flags))
		return;
	netif_carrier_off(info->netdev);
	if (net_ratelimit())
		netdev_err(info->netdev,
			   "backend (domain %d) violated the protocol on queue %u: %s; device disabled\n",
			   info->xbdev->otherend_id, queue->id,
			   xennet_violation_name(err));
}

static int xennet_open(struct net_device *dev)
{
	struct xennet_info *info = netdev_priv(dev);

	xennet_napi_enable_all(info);
	if (info->started && netif_carrier_ok(dev))
		netif_tx_start_all_queues(dev);
	return 0;
}

static int xennet_close(struct net_device *dev)
{
	struct xennet_info *info = netdev_priv(dev);

	netif_tx_stop_all_queues(dev);
	xennet_napi_disable_all(info);
	return 0;
}

static void xennet_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *tot)
{
	struct xennet_info *info = netdev_priv(dev);
	unsigned int i, start;

	for (i = 0; i < info->max_queues; i++) {
		struct xennet_stats *s = &info->stats[i];
		u64 txp, txb, txd, rxp, rxb, rxd, rxe;

		do {
			start = u64_stats_fetch_begin(&s->tx_syncp);
			txp = u64_stats_read(&s->tx[XENNET_TX_PACKETS]);
			txb = u64_stats_read(&s->tx[XENNET_TX_BYTES]);
			txd = u64_stats_read(&s->tx[XENNET_TX_DROPS]);
		} while (u64_stats_fetch_retry(&s->tx_syncp, start));
		do {
			start = u64_stats_fetch_begin(&s->rx_syncp);
			rxp = u64_stats_read(&s->rx[XENNET_RX_PACKETS]);
			rxb = u64_stats_read(&s->rx[XENNET_RX_BYTES]);
			rxd = u64_stats_read(&s->rx[XENNET_RX_DROPS]);
			rxe = u64_stats_read(&s->rx[XENNET_RX_ERRORS]);
		} while (u64_stats_fetch_retry(&s->rx_syncp, start));
		tot->tx_packets += txp;
		tot->tx_bytes += txb;
		tot->tx_dropped += txd;
		tot->rx_packets += rxp;
		tot->rx_bytes += rxb;
		tot->rx_dropped += rxd;
		tot->rx_errors += rxe;
	}
}

static netdev_features_t xennet_fix_features(struct net_device *dev,
					     netdev_features_t features)
{
	struct xennet_info *info = netdev_priv(dev);
	u32 allowed = xennet_tx_offloads(info->backend_features);

	if (!(allowed & XENNET_TXF_IP_CSUM))
		features &= ~NETIF_F_IP_CSUM;
	if (!(allowed & XENNET_TXF_IPV6_CSUM))
		features &= ~NETIF_F_IPV6_CSUM;
	if (!(allowed & XENNET_TXF_SG))
		features &= ~NETIF_F_SG;
	if (!(allowed & XENNET_TXF_TSO))
		features &= ~NETIF_F_TSO;
	if (!(allowed & XENNET_TXF_TSO6))
		features &= ~NETIF_F_TSO6;
	return features;
}

static int xennet_set_features(struct net_device *dev,
			       netdev_features_t features)
{
	/* Without SG a frame must fit one page-sized slot. */
	if (!(features & NETIF_F_SG) && dev->mtu > ETH_DATA_LEN) {
		netdev_info(dev, "reducing MTU to %d without scatter-gather\n",
			    ETH_DATA_LEN);
		WRITE_ONCE(dev->mtu, ETH_DATA_LEN);
	}
	return 0;
}

static int xennet_change_mtu(struct net_device *dev, int mtu)
{
	struct xennet_info *info = netdev_priv(dev);
	int max = (dev->features & NETIF_F_SG) ?
		  XEN_NETIF_MAX_TX_SIZE - ETH_HLEN : ETH_DATA_LEN;

	if (rtnl_dereference(info->xdp_prog))
		max = min_t(int, max, XENNET_XDP_MAX_MTU);
	if (mtu > max)
		return -EINVAL;
	WRITE_ONCE(dev->mtu, mtu);
	return 0;
}

static const struct net_device_ops xennet_netdev_ops = {
	.ndo_open		= xennet_open,
	.ndo_stop		= xennet_close,
	.ndo_start_xmit		= xennet_start_xmit,
	.ndo_get_stats64	= xennet_get_stats64,
	.ndo_fix_features	= xennet_fix_features,
	.ndo_set_features	= xennet_set_features,
	.ndo_change_mtu		= xennet_change_mtu,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_bpf		= xennet_bpf,
	.ndo_xdp_xmit		= xennet_xdp_xmit,
};

/**
 * xennet_create_netdev() - allocate (not register) the ethN device.
 * @xbdev: the xenbus vif device
 *
 * Return: the netdev or an ERR_PTR().
 */
struct net_device *xennet_create_netdev(struct xenbus_device *xbdev)
{
	struct xennet_info *info;
	struct net_device *dev;
	unsigned int i;
	unsigned int max_queues = max(READ_ONCE(xennet_max_queues), 1u);

	dev = alloc_etherdev_mq(sizeof(*info), max_queues);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	info = netdev_priv(dev);
	info->netdev = dev;
	info->xbdev = xbdev;
	info->max_queues = max_queues;
	info->stats = kcalloc(info->max_queues, sizeof(*info->stats),
			      GFP_KERNEL);
	if (!info->stats) {
		free_netdev(dev);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < info->max_queues; i++) {
		u64_stats_init(&info->stats[i].tx_syncp);
		u64_stats_init(&info->stats[i].rx_syncp);
	}

	dev->netdev_ops = &xennet_netdev_ops;
	dev->ethtool_ops = &xennet_ethtool_ops;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM;
	/* Until the backend's features are known, offload nothing on tx. */
	dev->features = NETIF_F_RXCSUM | NETIF_F_GSO_ROBUST;
	dev->features |= dev->hw_features;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = XEN_NETIF_MAX_TX_SIZE - ETH_HLEN;
	/* A GSO packet and its headers must fit the 16-bit request size. */
	netif_set_tso_max_size(dev, XEN_NETIF_MAX_TX_SIZE - MAX_TCP_HEADER);
	xennet_xdp_init_netdev(dev);
	SET_NETDEV_DEV(dev, &xbdev->dev);
	netif_carrier_off(dev);
	return dev;
}

/**
 * xennet_free_netdev() - free an unregistered device from
 * xennet_create_netdev().
 * @dev: the device, with no queues
 */
void xennet_free_netdev(struct net_device *dev)
{
	struct xennet_info *info = netdev_priv(dev);

	kfree(info->stats);
	free_netdev(dev);
}
