// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool.c - driver info, link state and per-queue counters (ethtool -S).
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "netfront.h"

static const char *const xennet_tx_stat_names[XENNET_TX_NSTATS] = {
	[XENNET_TX_PACKETS]	= "tx_packets",
	[XENNET_TX_BYTES]	= "tx_bytes",
	[XENNET_TX_DROPS]	= "tx_drops",
	[XENNET_TX_RING_FULL]	= "tx_ring_full",
	[XENNET_TX_NOTIFY]	= "tx_notify_sent",
	[XENNET_TX_BOUNCED]	= "tx_bounced",
	[XENNET_TX_BOUNCE_REUSED] = "tx_bounce_reused",
	[XENNET_TX_XDP]		= "tx_xdp_xmit",
	[XENNET_TX_XDP_FULL]	= "tx_xdp_xmit_failed",
	[XENNET_TX_REAPED_BY_TIMER] = "tx_reaped_by_timer",
	[XENNET_TX_NS]		= "tx_ns",
};

static const char *const xennet_rx_stat_names[XENNET_RX_NSTATS] = {
	[XENNET_RX_PACKETS]	= "rx_packets",
	[XENNET_RX_BYTES]	= "rx_bytes",
	[XENNET_RX_DROPS]	= "rx_drops",
	[XENNET_RX_ERRORS]	= "rx_errors",
	[XENNET_RX_NOTIFY]	= "rx_notify_sent",
	[XENNET_RX_REFILL_FAIL]	= "rx_refill_failed",
	[XENNET_RX_XDP_DROP]	= "rx_xdp_drop",
	[XENNET_RX_XDP_TX]	= "rx_xdp_tx",
	[XENNET_RX_XDP_REDIRECT] = "rx_xdp_redirect",
	[XENNET_RX_NS]		= "rx_ns",
	[XENNET_RX_TIMED]	= "rx_timed_polls",
	[XENNET_RX_STATIC_SLOTS] = "rx_static_slots",
	[XENNET_RX_POOLED]	= "rx_pooled_copies",
};

static const char *const xennet_ev_stat_names[XENNET_EV_NSTATS] = {
	[XENNET_EV_TX_IRQ]	= "tx_notify_received",
	[XENNET_EV_RX_IRQ]	= "rx_notify_received",
	[XENNET_EV_REJECTED]	= "responses_rejected",
	[XENNET_EV_STATIC_GRANTS] = "rx_static_grants",
};

static void xennet_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "vif", sizeof(info->driver));
	strscpy(info->version, XENDD_VERSION, sizeof(info->version));
	strscpy(info->bus_info, dev_name(dev->dev.parent),
		sizeof(info->bus_info));
}

static int xennet_get_sset_count(struct net_device *dev, int sset)
{
	struct xennet_info *info = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return info->num_queues * XENNET_NSTATS;
}

static void xennet_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct xennet_info *info = netdev_priv(dev);
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < info->num_queues; q++) {
		for (i = 0; i < XENNET_TX_NSTATS; i++)
			ethtool_sprintf(&data, "q%u_%s", q, xennet_tx_stat_names[i]);
		for (i = 0; i < XENNET_RX_NSTATS; i++)
			ethtool_sprintf(&data, "q%u_%s", q, xennet_rx_stat_names[i]);
		for (i = 0; i < XENNET_EV_NSTATS; i++)
			ethtool_sprintf(&data, "q%u_%s", q, xennet_ev_stat_names[i]);
	}
}

static void xennet_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct xennet_info *info = netdev_priv(dev);
	unsigned int q, i, start;

	for (q = 0; q < info->num_queues; q++) {
		struct xennet_stats *s = &info->stats[q];

		do {
			start = u64_stats_fetch_begin(&s->tx_syncp);
			for (i = 0; i < XENNET_TX_NSTATS; i++)
				data[i] = u64_stats_read(&s->tx[i]);
		} while (u64_stats_fetch_retry(&s->tx_syncp, start));
		data += XENNET_TX_NSTATS;
		do {
			start = u64_stats_fetch_begin(&s->rx_syncp);
			for (i = 0; i < XENNET_RX_NSTATS; i++)
				data[i] = u64_stats_read(&s->rx[i]);
		} while (u64_stats_fetch_retry(&s->rx_syncp, start));
		data += XENNET_RX_NSTATS;
		for (i = 0; i < XENNET_EV_NSTATS; i++)
			data[i] = atomic_long_read(&s->ev[i]);
		data += XENNET_EV_NSTATS;
	}
}

const struct ethtool_ops xennet_ethtool_ops = {
	.get_drvinfo		= xennet_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= xennet_get_sset_count,
	.get_strings		= xennet_get_strings,
	.get_ethtool_stats	= xennet_get_ethtool_stats,
};
