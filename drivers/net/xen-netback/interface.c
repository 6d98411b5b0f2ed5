// SPDX-License-Identifier: GPL-2.0-only
/*
 * interface.c - the vifD.N netdev and the attach/detach of its queues.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/vmalloc.h>
#include <xen/events.h>
#include <xen/xen.h>

#include "common.h"
#include "pure/rx.h"

unsigned int xenvif_max_queues;
module_param_named(max_queues, xenvif_max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
		 "Maximum number of queues per virtual interface (default: online CPUs)");

bool xenvif_separate_tx_rx_irq = true;
module_param_named(separate_tx_rx_irq, xenvif_separate_tx_rx_irq, bool, 0644);
MODULE_PARM_DESC(separate_tx_rx_irq, "Offer split TX and RX event channels");

unsigned int xenvif_rx_stall_timeout_msecs = 60000;
module_param_named(rx_stall_timeout_msecs, xenvif_rx_stall_timeout_msecs, uint, 0444);
MODULE_PARM_DESC(rx_stall_timeout_msecs,
		 "Time without RX buffers after which a queue's carrier goes off");

unsigned int xenvif_rx_drain_timeout_msecs = 10000;
module_param_named(rx_drain_timeout_msecs, xenvif_rx_drain_timeout_msecs, uint, 0444);
MODULE_PARM_DESC(rx_drain_timeout_msecs,
		 "Time after which a packet queued for a guest is dropped");

bool xenvif_provides_xdp_headroom = true;
module_param_named(provides_xdp_headroom, xenvif_provides_xdp_headroom, bool, 0644);
MODULE_PARM_DESC(provides_xdp_headroom, "Offer feature-xdp-headroom");

bool xenvif_rx_sched_batch;
module_param_named(rx_sched_batch, xenvif_rx_sched_batch, bool, 0644);
MODULE_PARM_DESC(rx_sched_batch,
		 "Run new guest-RX threads as SCHED_BATCH, so packets gather while their sender runs (default: off)");

bool xenvif_rx_direct = true;
module_param_named(rx_direct, xenvif_rx_direct, bool, 0644);
MODULE_PARM_DESC(rx_direct,
		 "Copy a packet into the guest's ring from the sender's context when nothing waits ahead of it (default: on)");

unsigned int xenvif_tx_coalesce_usecs = 500;
module_param_named(tx_coalesce_usecs, xenvif_tx_coalesce_usecs, uint, 0644);
MODULE_PARM_DESC(tx_coalesce_usecs,
		 "Longest wait, in microseconds, of a timed guest-TX poll that stands in for the frontend's events while a one-way stream comes from it (0: one event per poll; default: 500)");

static struct dentry *xenvif_debugfs_root;

/**
 * xenvif_eoi() - a path finished with the events it was woken for.
 * @queue: the queue
 * @path: XENVIF_EOI_TX or XENVIF_EOI_RX
 * @flags: xen_irq_lateeoi() flags
 *
 * The event channel stays masked until every path woken by the event has
 * looked at its ring; then the EOI lets the next event in (XSA-332).
 */
void xenvif_eoi(struct xenvif_queue *queue, unsigned int path,
		unsigned int flags)
{
	bool split = queue->tx_irq != queue->rx_irq;
	unsigned int mask = split ? path : XENVIF_EOI_TX | XENVIF_EOI_RX;
	unsigned int old;

	old = atomic_fetch_andnot(path, &queue->eoi_pending);
	if (!(old & path) || (old & mask & ~path))
		return;
	xen_irq_lateeoi(path == XENVIF_EOI_TX ? queue->tx_irq : queue->rx_irq,
			flags);
}

/**
 * xenvif_update_carrier() - carrier on iff the vif is fully usable.
 * @vif: the vif
 *
 * Usable: queues connected, hotplug-status "connected", not disabled
 * after a fatal frontend error and no queue stalled (XSA-392).
 */
void xenvif_update_carrier(struct xenvif *vif)
{
	if (READ_ONCE(vif->num_queues) && READ_ONCE(vif->hotplug_ok) &&
	    !READ_ONCE(vif->disabled) && !atomic_read(&vif->stalled_queues))
		netif_carrier_on(vif->dev);
	else
		netif_carrier_off(vif->dev);
}

static void xenvif_disable_work(struct work_struct *work)
{
	struct xenvif *vif = container_of(work, struct xenvif, disable_work);

	netif_carrier_off(vif->dev);
	netif_tx_stop_all_queues(vif->dev);
}

/**
 * xenvif_fatal() - the frontend broke the protocol: disable this vif.
 * @queue: the queue the violation was seen on
 * @why: one line for the log
 *
 * Only this vif stops (XSA-39/90): its rings are no longer served and its
 * event channels stay masked until the toolstack tears it down.  The
 * carrier is turned off from process context.
 */
void xenvif_fatal(struct xenvif_queue *queue, const char *why)
{
	struct xenvif *vif = queue->vif;

	if (xchg(&vif->disabled, true))
		return;
	netdev_err(vif->dev, "queue %u: fatal frontend error: %s; vif disabled\n",
		   queue->id, why);
	schedule_work(&vif->disable_work);
}

static int xenvif_open(struct net_device *dev)
{
	xenvif_update_carrier(netdev_priv(dev));
	netif_tx_start_all_queues(dev);
	return 0;
}

static int xenvif_close(struct net_device *dev)
{
	netif_tx_stop_all_queues(dev);
	return 0;
}

static void xenvif_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *s)
{
	struct xenvif *vif = netdev_priv(dev);
	struct xenvif_queue *queues;
	unsigned int i, num;

	rcu_read_lock();
	num = READ_ONCE(vif->num_queues);
	queues = READ_ONCE(vif->queues);
	for (i = 0; queues && i < num; i++) {
		const struct xenvif_queue_stats *q = &queues[i].stats;

		/* Guest TX is what this device receives, and vice versa. */
		s->rx_packets += q->tx_packets;
		s->rx_bytes += q->tx_bytes;
		s->rx_dropped += q->tx_dropped;
		s->tx_packets += q->rx_packets;
		s->tx_bytes += q->rx_bytes;
		s->tx_dropped += q->rx_dropped;
	}
	rcu_read_unlock();
}

static netdev_features_t xenvif_fix_features(struct net_device *dev,
					     netdev_features_t features)
{
	struct xenvif *vif = netdev_priv(dev);

	if (!vif->can_sg)
		features &= ~NETIF_F_SG;
	if (!(vif->gso_mask & BIT(XEN_NETIF_GSO_TYPE_TCPV4)))
		features &= ~NETIF_F_TSO;
	if (!(vif->gso_mask & BIT(XEN_NETIF_GSO_TYPE_TCPV6)))
		features &= ~NETIF_F_TSO6;
	if (!vif->ip_csum)
		features &= ~NETIF_F_IP_CSUM;
	if (!vif->ipv6_csum)
		features &= ~NETIF_F_IPV6_CSUM;
	return features;
}

static int xenvif_change_mtu(struct net_device *dev, int mtu)
{
	struct xenvif *vif = netdev_priv(dev);

	if (!vif->can_sg && mtu > ETH_DATA_LEN)
		return -EINVAL;
	WRITE_ONCE(dev->mtu, mtu);
	return 0;
}

static const struct net_device_ops xenvif_netdev_ops = {
	.ndo_open		= xenvif_open,
	.ndo_stop		= xenvif_close,
	.ndo_start_xmit		= xenvif_start_xmit,
	.ndo_select_queue	= xenvif_select_queue,
	.ndo_get_stats64	= xenvif_get_stats64,
	.ndo_fix_features	= xenvif_fix_features,
	.ndo_change_mtu		= xenvif_change_mtu,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/* ethtool -S: every counter of every queue, "qN-name". */
static const struct {
	const char *name;
	size_t offset;
} xenvif_stat_fields[] = {
#define XENVIF_STAT(f) { #f, offsetof(struct xenvif_queue_stats, f) }
	XENVIF_STAT(tx_packets),
	XENVIF_STAT(tx_bytes),
	XENVIF_STAT(tx_dropped),
	XENVIF_STAT(tx_copy_errors),
	XENVIF_STAT(tx_gso_csum_fixup),
	XENVIF_STAT(tx_credit_waits),
	XENVIF_STAT(tx_hypercalls),
	XENVIF_STAT(tx_ns),
	XENVIF_STAT(tx_copy_ns),
	XENVIF_STAT(tx_timed_polls),
	XENVIF_STAT(rx_packets),
	XENVIF_STAT(rx_bytes),
	XENVIF_STAT(rx_dropped),
	XENVIF_STAT(rx_copy_errors),
	XENVIF_STAT(rx_hypercalls),
	XENVIF_STAT(rx_ns),
	XENVIF_STAT(rx_copy_ns),
	XENVIF_STAT(rx_direct),
	XENVIF_STAT(rx_static_slots),
	XENVIF_STAT(rx_stalls),
	XENVIF_STAT(spurious_events),
#undef XENVIF_STAT
};

/* Counter @i of xenvif_stat_fields in @stats. */
static unsigned long xenvif_stat(const struct xenvif_queue_stats *stats,
				 unsigned int i)
{
	return READ_ONCE(*(const unsigned long *)((const char *)stats +
						  xenvif_stat_fields[i].offset));
}

static int xenvif_get_sset_count(struct net_device *dev, int sset)
{
	struct xenvif *vif = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(xenvif_stat_fields) * vif->num_queues;
}

static void xenvif_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct xenvif *vif = netdev_priv(dev);
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < vif->num_queues; q++)
		for (i = 0; i < ARRAY_SIZE(xenvif_stat_fields); i++) {
			snprintf(data, ETH_GSTRING_LEN, "q%u-%s", q,
				 xenvif_stat_fields[i].name);
			data += ETH_GSTRING_LEN;
		}
}

static void xenvif_get_ethtool_stats(struct net_device *dev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct xenvif *vif = netdev_priv(dev);
	unsigned int q, i;

	for (q = 0; q < vif->num_queues; q++)
		for (i = 0; i < ARRAY_SIZE(xenvif_stat_fields); i++)
			*data++ = xenvif_stat(&vif->queues[q].stats, i);
}

static void xenvif_get_drvinfo(struct net_device *dev,
			       struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "xen-netback", sizeof(info->driver));
	strscpy(info->version, XENDD_VERSION, sizeof(info->version));
}

const struct ethtool_ops xenvif_ethtool_ops = {
	.get_drvinfo		= xenvif_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= xenvif_get_sset_count,
	.get_strings		= xenvif_get_strings,
	.get_ethtool_stats	= xenvif_get_ethtool_stats,
};

/**
 * xenvif_alloc() - create and register the vifD.N netdev.
 * @parent: the xenbus device
 * @domid: the frontend's domain
 * @handle: the device's handle (the N of vifD.N)
 *
 * Return: the vif or an ERR_PTR().
 */
struct xenvif *xenvif_alloc(struct device *parent, domid_t domid,
			    unsigned int handle)
{
	static const u8 dummy_addr[ETH_ALEN] = {
		0xfe, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	char name[IFNAMSIZ];
	struct net_device *dev;
	struct xenvif *vif;
	int err;

	snprintf(name, sizeof(name), "vif%u.%u", domid, handle);
	dev = alloc_netdev_mq(sizeof(*vif), name, NET_NAME_PREDICTABLE,
			      ether_setup, xenvif_max_queues);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	SET_NETDEV_DEV(dev, parent);

	vif = netdev_priv(dev);
	vif->dev = dev;
	vif->domid = domid;
	vif->handle = handle;
	vif->can_sg = true;
	vif->ip_csum = true;
	vif->credit_bytes = XENVIF_CREDIT_UNLIMITED;
	atomic_set(&vif->stalled_queues, 0);
	spin_lock_init(&vif->hash_lock);
	spin_lock_init(&vif->mcast_lock);
	xenvif_mcast_init(&vif->mcast);
	xenvif_hash_init(&vif->hash);
	INIT_WORK(&vif->disable_work, xenvif_disable_work);

	dev->netdev_ops = &xenvif_netdev_ops;
	dev->ethtool_ops = &xenvif_ethtool_ops;
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			   NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM;
	dev->features = dev->hw_features;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = XENVIF_RX_MAX_LEN - VLAN_ETH_HLEN;
	netif_set_tso_max_size(dev, XENVIF_RX_MAX_LEN - VLAN_ETH_HLEN);
	/* Never chosen as a bridge's address (that is the uplink's job). */
	eth_hw_addr_set(dev, dummy_addr);
	dev->tx_queue_len = 32;

	netif_carrier_off(dev);
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}
	netdev_dbg(dev, "created for domain %u handle %u\n", domid, handle);
	return vif;
}

/**
 * xenvif_free() - unregister and free a vif whose queues are gone.
 * @vif: the vif
 */
void xenvif_free(struct xenvif *vif)
{
	cancel_work_sync(&vif->disable_work);
	unregister_netdev(vif->dev);
	free_netdev(vif->dev);
}

static int xenvif_map_ring(struct xenvif_queue *queue, grant_ref_t ref,
			   void **addr)
{
	grant_ref_t r = ref;

	return xenbus_map_ring_valloc(queue->vif->xbdev, &r, 1, addr);
}

/**
 * xenvif_init_queue() - set up a zeroed queue so that it can be torn down.
 * @vif: the vif
 * @queue: the queue
 * @id: its index
 */
void xenvif_init_queue(struct xenvif *vif, struct xenvif_queue *queue,
		       unsigned int id)
{
	queue->vif = vif;
	queue->id = id;
	snprintf(queue->name, sizeof(queue->name), "%s-q%u",
		 vif->dev->name, queue->id);
	spin_lock_init(&queue->rx_lock);
	skb_queue_head_init(&queue->rx_queue);
	init_waitqueue_head(&queue->wq);
	timer_setup(&queue->credit_timer, xenvif_credit_timer_fn, 0);
	hrtimer_init(&queue->tx_coal_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	queue->tx_coal_timer.function = xenvif_tx_coal_timeout;
	xenvif_credit_init(&queue->credit, XENVIF_CREDIT_UNLIMITED, 1, jiffies);
	/* Differs from rate_gen: the first poll picks up the "rate" key. */
	queue->credit_gen = READ_ONCE(vif->rate_gen) - 1;
}

/*
 * Bind a lateeoi event channel that stays off until xenvif_start_queue().
 *
 * IRQF_NO_AUTOEN, not disable_irq() after the bind: Xen marks a newly
 * bound interdomain port pending, and a frontend that connected first
 * (after xl restore, or a re-created driver domain) has requests waiting.
 * An auto-enabled irq ran the handler before its number reached
 * queue->tx_irq, so the EOI went to irq 0 and the channel stayed masked
 * for good.  Left off, the event waits until the queue is started.
 */
static int xenvif_bind(struct xenvif_queue *queue, evtchn_port_t evtchn,
		       irq_handler_t handler, const char *name)
{
	return bind_interdomain_evtchn_to_irqhandler_lateeoi(queue->vif->xbdev,
							     evtchn, handler,
							     IRQF_NO_AUTOEN,
							     name, queue);
}

/**
 * xenvif_connect_queue() - map a queue's rings, start its paths, bind events.
 * @queue: the queue, after xenvif_init_queue()
 * @tx_ref: grant of the TX shared ring
 * @rx_ref: grant of the RX shared ring
 * @tx_evtchn: TX (or only) event channel
 * @rx_evtchn: RX event channel, 0 for a single channel
 *
 * Return: 0 or a negative errno; on error the caller still calls
 * xenvif_disconnect_queue().
 */
int xenvif_connect_queue(struct xenvif_queue *queue, grant_ref_t tx_ref,
			 grant_ref_t rx_ref, evtchn_port_t tx_evtchn,
			 evtchn_port_t rx_evtchn)
{
	struct xenvif *vif = queue->vif;
	struct xen_netif_tx_sring *txs;
	struct xen_netif_rx_sring *rxs;
	struct task_struct *task;
	void *addr;
	int err;

	err = xenvif_map_ring(queue, tx_ref, &addr);
	if (err)
		return err;
	txs = addr;
	/* Resume where the frontend's ring stands (e.g. after kexec). */
	BACK_RING_ATTACH(&queue->tx, txs, READ_ONCE(txs->rsp_prod), XEN_PAGE_SIZE);
	err = xenvif_map_ring(queue, rx_ref, &addr);
	if (err)
		return err;
	rxs = addr;
	BACK_RING_ATTACH(&queue->rx, rxs, READ_ONCE(rxs->rsp_prod), XEN_PAGE_SIZE);
	if (xenvif_ring_unconsumed(txs->req_prod, queue->tx.req_cons,
				   XENVIF_TX_RING_SIZE) < 0 ||
	    xenvif_ring_unconsumed(rxs->req_prod, queue->rx.req_cons,
				   XENVIF_RX_RING_SIZE) < 0)
		return -EINVAL;
	queue->rx_prod_seen = queue->rx.req_cons;
	queue->tx_prod_seen = queue->tx.req_cons;

	netif_napi_add(vif->dev, &queue->napi, xenvif_tx_poll);
	queue->napi_added = true;
	napi_enable(&queue->napi);

	task = kthread_create(xenvif_rx_thread, queue, "%s-guest-rx", queue->name);
	if (IS_ERR(task))
		return PTR_ERR(task);
	xenvif_rx_thread_policy(queue, task);
	wake_up_process(task);
	queue->rx_task = task;

	if (!rx_evtchn) {
		snprintf(queue->tx_irq_name, sizeof(queue->tx_irq_name), "%s",
			 queue->name);
		err = xenvif_bind(queue, tx_evtchn, xenvif_interrupt,
				  queue->tx_irq_name);
		if (err < 0)
			return err;
		queue->tx_irq = err;
		queue->rx_irq = err;
		return 0;
	}
	snprintf(queue->tx_irq_name, sizeof(queue->tx_irq_name), "%s-tx",
		 queue->name);
	err = xenvif_bind(queue, tx_evtchn, xenvif_tx_interrupt,
			  queue->tx_irq_name);
	if (err < 0)
		return err;
	queue->tx_irq = err;
	snprintf(queue->rx_irq_name, sizeof(queue->rx_irq_name), "%s-rx",
		 queue->name);
	err = xenvif_bind(queue, rx_evtchn, xenvif_rx_interrupt,
			  queue->rx_irq_name);
	if (err < 0)
		return err;
	queue->rx_irq = err;
	return 0;
}

/**
 * xenvif_start_queue() - let events in and look at both rings once.
 * @queue: a connected queue
 */
void xenvif_start_queue(struct xenvif_queue *queue)
{
	enable_irq(queue->tx_irq);
	if (queue->rx_irq != queue->tx_irq)
		enable_irq(queue->rx_irq);
	napi_schedule(&queue->napi);
	wake_up(&queue->wq);
}

/**
 * xenvif_disconnect_queue() - undo xenvif_connect_queue(), in any state.
 * @queue: the queue
 *
 * Events are unbound first so nothing reschedules NAPI or the thread,
 * then NAPI and the thread are stopped, queued packets freed and the
 * rings unmapped.
 */
void xenvif_disconnect_queue(struct xenvif_queue *queue)
{
	struct xenbus_device *xbdev = queue->vif->xbdev;

	if (queue->rx_irq && queue->rx_irq != queue->tx_irq)
		unbind_from_irqhandler(queue->rx_irq, queue);
	if (queue->tx_irq)
		unbind_from_irqhandler(queue->tx_irq, queue);
	queue->tx_irq = 0;
	queue->rx_irq = 0;

	if (queue->napi_added) {
		napi_disable(&queue->napi);
		del_timer_sync(&queue->credit_timer);
		/* A timed poll would find NAPI disabled and do nothing. */
		hrtimer_cancel(&queue->tx_coal_timer);
		netif_napi_del(&queue->napi);
		queue->napi_added = false;
	}
	if (queue->rx_task) {
		kthread_stop(queue->rx_task);
		queue->rx_task = NULL;
	}
	if (queue->rx_stalled) {
		queue->rx_stalled = false;
		atomic_dec(&queue->vif->stalled_queues);
	}
	xenvif_rx_purge(queue);
	/* Normally gone with the control ring already (xenvif_disconnect_ctrl). */
	xenvif_sgrant_release(queue);

	if (queue->tx.sring) {
		xenbus_unmap_ring_vfree(xbdev, queue->tx.sring);
		queue->tx.sring = NULL;
	}
	if (queue->rx.sring) {
		xenbus_unmap_ring_vfree(xbdev, queue->rx.sring);
		queue->rx.sring = NULL;
	}
}

/*
 * One io_ring_qN file per queue (mainline's names): the vif's state, then
 * the queue's ring indices, event channels and backlog.  The files are
 * removed before the queues are freed, and removal waits for readers.
 */
static int xenvif_debugfs_show(struct seq_file *m, void *v)
{
	struct xenvif_queue *q = m->private;
	struct xenvif *vif = q->vif;
	unsigned int i;

	seq_printf(m, "%s queue %u of %u: disabled %d hotplug %d stalled queues %d\n",
		   vif->dev->name, q->id, READ_ONCE(vif->num_queues),
		   READ_ONCE(vif->disabled), READ_ONCE(vif->hotplug_ok),
		   atomic_read(&vif->stalled_queues));
	seq_printf(m, "tx irq %u rx irq %u eoi_pending %#x\n",
		   q->tx_irq, q->rx_irq, atomic_read(&q->eoi_pending));
	if (q->tx.sring)
		seq_printf(m, "tx req_prod %u req_cons %u req_event %u rsp_prod %u rsp_prod_pvt %u rsp_event %u\n",
			   READ_ONCE(q->tx.sring->req_prod), q->tx.req_cons,
			   READ_ONCE(q->tx.sring->req_event),
			   READ_ONCE(q->tx.sring->rsp_prod), q->tx.rsp_prod_pvt,
			   READ_ONCE(q->tx.sring->rsp_event));
	if (q->rx.sring)
		seq_printf(m, "rx req_prod %u req_cons %u req_event %u rsp_prod %u rsp_prod_pvt %u rsp_event %u\n",
			   READ_ONCE(q->rx.sring->req_prod), q->rx.req_cons,
			   READ_ONCE(q->rx.sring->req_event),
			   READ_ONCE(q->rx.sring->rsp_prod), q->rx.rsp_prod_pvt,
			   READ_ONCE(q->rx.sring->rsp_event));
	seq_printf(m, "rx queued %u bytes %u stalled %d; tx credit remaining %lu\n",
		   skb_queue_len(&q->rx_queue), READ_ONCE(q->rx_queue_bytes),
		   READ_ONCE(q->rx_stalled), READ_ONCE(q->credit.remaining));
	seq_puts(m, "stats");
	for (i = 0; i < ARRAY_SIZE(xenvif_stat_fields); i++)
		seq_printf(m, " %s %lu", xenvif_stat_fields[i].name,
			   xenvif_stat(&q->stats, i));
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenvif_debugfs);

/**
 * xenvif_debugfs_add() - /sys/kernel/debug/xen-netback/vifD.N/io_ring_qM.
 * @vif: a connected vif
 */
void xenvif_debugfs_add(struct xenvif *vif)
{
	char name[sizeof("io_ring_q") + 10];
	unsigned int i;

	if (IS_ERR_OR_NULL(xenvif_debugfs_root))
		return;
	vif->debugfs = debugfs_create_dir(vif->dev->name, xenvif_debugfs_root);
	for (i = 0; i < vif->num_queues; i++) {
		snprintf(name, sizeof(name), "io_ring_q%u", i);
		debugfs_create_file(name, 0400, vif->debugfs, &vif->queues[i],
				    &xenvif_debugfs_fops);
	}
}

/**
 * xenvif_debugfs_del() - remove the vif's debugfs folder.
 * @vif: the vif
 */
void xenvif_debugfs_del(struct xenvif *vif)
{
	debugfs_remove_recursive(vif->debugfs);
	vif->debugfs = NULL;
}

/**
 * xenvif_debugfs_init() - create /sys/kernel/debug/xen-netback.
 */
void xenvif_debugfs_init(void)
{
	xenvif_debugfs_root = debugfs_create_dir("xen-netback", NULL);
}

/**
 * xenvif_debugfs_exit() - remove /sys/kernel/debug/xen-netback.
 */
void xenvif_debugfs_exit(void)
{
	debugfs_remove_recursive(xenvif_debugfs_root);
}
