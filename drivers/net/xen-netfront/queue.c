// SPDX-License-Identifier: GPL-2.0-only
/*
 * queue.c - per-queue resources: shared rings, grant pools, event
 * channels and their interrupts, NAPI; and the per-queue xenstore keys.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/xenbus.h>
#include <xen/page.h>

#include "netfront.h"

/* Event handlers bound with lateeoi (XSA-391): see xennet_handle_tx(). */
static irqreturn_t xennet_tx_interrupt(int irq, void *dev_id)
{
	struct xennet_queue *queue = dev_id;

	xen_irq_lateeoi(irq, xennet_handle_tx(queue) ? 0 : XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

static irqreturn_t xennet_rx_interrupt(int irq, void *dev_id)
{
	struct xennet_queue *queue = dev_id;

	xen_irq_lateeoi(irq, xennet_handle_rx(queue) ? 0 : XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

static irqreturn_t xennet_interrupt(int irq, void *dev_id)
{
	struct xennet_queue *queue = dev_id;
	bool tx = xennet_handle_tx(queue);
	bool rx = xennet_handle_rx(queue);

	xen_irq_lateeoi(irq, (tx || rx) ? 0 : XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

static int xennet_bind_one(struct xennet_queue *queue, evtchn_port_t *port,
			   unsigned int *irq, char *name, size_t name_len,
			   const char *suffix, irq_handler_t handler)
{
	struct xenbus_device *dev = queue->info->xbdev;
	int err;

	err = xenbus_alloc_evtchn(dev, port);
	if (err)
		return err;
	snprintf(name, name_len, "%s-q%u%s", queue->info->netdev->name,
		 queue->id, suffix);
	err = bind_evtchn_to_irqhandler_lateeoi(*port, handler, 0, name, queue);
	if (err < 0) {
		xenbus_free_evtchn(dev, *port);
		return err;
	}
	*irq = err;
	return 0;
}

static int xennet_bind_queue(struct xennet_queue *queue, bool split)
{
	int err;

	if (!split) {
		err = xennet_bind_one(queue, &queue->tx_evtchn, &queue->tx_irq,
				      queue->tx_irq_name,
				      sizeof(queue->tx_irq_name), "",
				      xennet_interrupt);
		if (err)
			return err;
		queue->rx_evtchn = queue->tx_evtchn;
		queue->rx_irq = queue->tx_irq;
		return 0;
	}
	err = xennet_bind_one(queue, &queue->tx_evtchn, &queue->tx_irq,
			      queue->tx_irq_name, sizeof(queue->tx_irq_name),
			      "-tx", xennet_tx_interrupt);
	if (err)
		return err;
	err = xennet_bind_one(queue, &queue->rx_evtchn, &queue->rx_irq,
			      queue->rx_irq_name, sizeof(queue->rx_irq_name),
			      "-rx", xennet_rx_interrupt);
	if (err) {
		unbind_from_irqhandler(queue->tx_irq, queue);
		queue->tx_irq = 0;
	}
	return err;
}

static void xennet_unbind_queue(struct xennet_queue *queue)
{
	if (queue->rx_irq && queue->rx_irq != queue->tx_irq)
		unbind_from_irqhandler(queue->rx_irq, queue);
	if (queue->tx_irq)
		unbind_from_irqhandler(queue->tx_irq, queue);
	queue->tx_irq = 0;
	queue->rx_irq = 0;
}

static int xennet_setup_rings(struct xennet_queue *queue)
{
	struct xenbus_device *dev = queue->info->xbdev;
	struct xen_netif_tx_sring *txs;
	struct xen_netif_rx_sring *rxs;
	int err;

	err = xenbus_setup_ring(dev, GFP_NOIO | __GFP_HIGH, (void **)&txs, 1,
				&queue->tx_ring_ref);
	if (err)
		return err;
	XEN_FRONT_RING_INIT(&queue->tx, txs, XEN_PAGE_SIZE);

	err = xenbus_setup_ring(dev, GFP_NOIO | __GFP_HIGH, (void **)&rxs, 1,
				&queue->rx_ring_ref);
	if (err) {
		xenbus_teardown_ring((void **)&queue->tx.sring, 1,
				     &queue->tx_ring_ref);
		return err;
	}
	XEN_FRONT_RING_INIT(&queue->rx, rxs, XEN_PAGE_SIZE);
	return 0;
}

static void xennet_teardown_rings(struct xennet_queue *queue)
{
	/* Ends access, deferring the free while the backend still maps it. */
	xenbus_teardown_ring((void **)&queue->rx.sring, 1, &queue->rx_ring_ref);
	xenbus_teardown_ring((void **)&queue->tx.sring, 1, &queue->tx_ring_ref);
}

/*
 * The copies out of static rx slots go into pages of a page pool: the
 * stack hands them back when it frees the skb, instead of each 4 KB of
 * a bulk stream taking a page from the allocator and giving it back.
 * Without a pool the copies use alloc_page(), as before.
 */
static void xennet_rx_pool_create(struct xennet_queue *queue)
{
	struct page_pool_params pp = {
		.order = 0,
		.pool_size = XENNET_RX_RING_SIZE,
		.nid = NUMA_NO_NODE,
	};
	struct page_pool *pool = page_pool_create(&pp);

	queue->rx_pool = IS_ERR(pool) ? NULL : pool;
}

/* Pages still in skbs return to the kernel once those are freed. */
static void xennet_rx_pool_destroy(struct xennet_queue *queue)
{
	if (queue->rx_pool)
		page_pool_destroy(queue->rx_pool);
	queue->rx_pool = NULL;
}

static int xennet_init_queue(struct xennet_info *info,
			     struct xennet_queue *queue, unsigned int id,
			     bool split)
{
	struct xenbus_device *dev = info->xbdev;
	unsigned int i;
	int err;

	queue->info = info;
	queue->id = id;
	queue->stats = &info->stats[id];
	spin_lock_init(&queue->tx_lock);
	timer_setup(&queue->refill_timer, xennet_refill_timeout, 0);
	timer_setup(&queue->tx_reap_timer, xennet_tx_reap_timeout, 0);
	hrtimer_init(&queue->rx_coal_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	queue->rx_coal_timer.function = xennet_rx_coal_timeout;
	xennet_idlist_init(&queue->tx_ids);
	for (i = 0; i < XENNET_TX_RING_SIZE; i++)
		queue->tx_slots[i].ref = INVALID_GRANT_REF;
	for (i = 0; i < XENNET_RX_RING_SIZE; i++)
		queue->rx_slots[i].ref = INVALID_GRANT_REF;
	xennet_sgrant_init_queue(queue);
	xennet_rx_pool_create(queue);

	/* Before binding: an early event schedules this NAPI context. */
	netif_napi_add(info->netdev, &queue->napi, xennet_poll);
	err = xdp_rxq_info_reg(&queue->xdp_rxq, info->netdev, id,
			       queue->napi.napi_id);
	if (err < 0)
		goto fail;
	/* XDP_REDIRECT hands our rx pages on; their targets put_page() them. */
	err = xdp_rxq_info_reg_mem_model(&queue->xdp_rxq, MEM_TYPE_PAGE_ORDER0,
					 NULL);
	if (err < 0)
		goto fail_rxq;
	err = gnttab_alloc_grant_references(XENNET_TX_RING_SIZE,
					    &queue->gref_tx_head);
	if (err < 0)
		goto fail_rxq;
	err = gnttab_alloc_grant_references(XENNET_RX_RING_SIZE,
					    &queue->gref_rx_head);
	if (err < 0)
		goto fail_tx_refs;
	err = xennet_setup_rings(queue);
	if (err)
		goto fail_rx_refs;
	err = xennet_bind_queue(queue, split);
	if (err)
		goto fail_rings;
	return 0;

fail_rings:
	xennet_teardown_rings(queue);
fail_rx_refs:
	gnttab_free_grant_references(queue->gref_rx_head);
fail_tx_refs:
	gnttab_free_grant_references(queue->gref_tx_head);
fail_rxq:
	xdp_rxq_info_unreg(&queue->xdp_rxq);
fail:
	netif_napi_del(&queue->napi);
	xennet_rx_pool_destroy(queue);
	xenbus_dev_fatal(dev, err, "setting up queue %u", id);
	return err;
}

static void xennet_uninit_queue(struct xennet_queue *queue)
{
	xennet_unbind_queue(queue);
	/* NAPI is disabled, so nothing re-arms the timer now. */
	timer_delete_sync(&queue->refill_timer);
	/* Transmit is disabled, so only the timer itself re-arms it. */
	timer_delete_sync(&queue->tx_reap_timer);
	/* NAPI is disabled: a timed poll would find it so and do nothing. */
	hrtimer_cancel(&queue->rx_coal_timer);
	xennet_tx_release_all(queue);
	xennet_tx_bounce_flush(queue);
	xennet_rx_release_all(queue);
	gnttab_free_grant_references(queue->gref_tx_head);
	gnttab_free_grant_references(queue->gref_rx_head);
	xennet_teardown_rings(queue);
	xdp_rxq_info_unreg(&queue->xdp_rxq);
	netif_napi_del(&queue->napi);
	xennet_rx_pool_destroy(queue);
}

/**
 * xennet_create_queues() - allocate and set up @num queues; RTNL held.
 * @info: the device, with backend features already read
 * @num: number of queues, at most info->max_queues
 *
 * Return: 0 or a negative errno; nothing is left allocated on error.
 */
int xennet_create_queues(struct xennet_info *info, unsigned int num)
{
	bool split = info->backend_features & XENNET_BF_SPLIT_EVTCHN;
	struct xennet_queue *queues;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	queues = kvcalloc(num, sizeof(*queues), GFP_KERNEL);
	if (!queues)
		return -ENOMEM;
	for (i = 0; i < num; i++) {
		err = xennet_init_queue(info, &queues[i], i, split);
		if (err)
			goto fail;
	}
	err = netif_set_real_num_tx_queues(info->netdev, num);
	if (!err)
		err = netif_set_real_num_rx_queues(info->netdev, num);
	if (err)
		goto fail;
	info->queues = queues;
	info->num_queues = num;
	return 0;

fail:
	while (i--)
		xennet_uninit_queue(&queues[i]);
	kvfree(queues);
	return err;
}

/**
 * xennet_napi_enable_all() - enable and kick every queue's NAPI; RTNL held.
 * @info: the device, started
 */
void xennet_napi_enable_all(struct xennet_info *info)
{
	unsigned int i;

	ASSERT_RTNL();
	if (info->napi_on || !info->started)
		return;
	for (i = 0; i < info->num_queues; i++) {
		napi_enable(&info->queues[i].napi);
		napi_schedule(&info->queues[i].napi);
	}
	info->napi_on = true;
}

/**
 * xennet_napi_disable_all() - disable every queue's NAPI; RTNL held.
 * @info: the device
 */
void xennet_napi_disable_all(struct xennet_info *info)
{
	unsigned int i;

	ASSERT_RTNL();
	if (!info->napi_on)
		return;
	for (i = 0; i < info->num_queues; i++)
		napi_disable(&info->queues[i].napi);
	info->napi_on = false;
}

/**
 * xennet_quiesce_queues() - stop all traffic but keep the rings; RTNL held.
 * @info: the device
 *
 * For a backend that is closing: until it has seen us go Closed it may
 * still map our ring and tx pages, so ending the grants now would only
 * hand them to the deferred list.  The queues are freed later, by
 * xennet_destroy_queues() on remove, reconnect or resume.
 */
void xennet_quiesce_queues(struct xennet_info *info)
{
	struct net_device *dev = info->netdev;

	ASSERT_RTNL();
	if (!info->queues)
		return;
	netif_carrier_off(dev);
	netif_tx_disable(dev);
	xennet_napi_disable_all(info);
	/* A control request waiting on a closing backend gives up now. */
	xennet_ctrl_abort(info);
	/*
	 * ndo_xdp_xmit runs in RCU read-side sections (softirq) and checks
	 * started first; wait those out before the queues may go away.
	 */
	WRITE_ONCE(info->started, false);
	synchronize_net();
}

/**
 * xennet_destroy_queues() - stop using the rings and free every queue.
 * @info: the device; RTNL held
 *
 * Safe with the backend gone or hostile: grants it still maps are handed
 * to the grant table's deferred list, never freed under it (XSA-396).
 */
void xennet_destroy_queues(struct xennet_info *info)
{
	unsigned int i;

	ASSERT_RTNL();
	if (!info->queues)
		return;
	xennet_quiesce_queues(info);
	/* Static pages and the control ring go first: NAPI is off. */
	xennet_sgrant_stop(info);
	for (i = 0; i < info->num_queues; i++)
		xennet_uninit_queue(&info->queues[i]);
	kvfree(info->queues);
	info->queues = NULL;
	info->num_queues = 0;
}

/**
 * xennet_start_queues() - post rx buffers and let traffic flow; RTNL held.
 * @info: the device, queues created and keys written
 */
void xennet_start_queues(struct xennet_info *info)
{
	struct net_device *dev = info->netdev;
	unsigned int i;

	ASSERT_RTNL();
	clear_bit(XENNET_BROKEN, &info->flags);
	/* NAPI is still off: nothing else touches the rx ring. */
	for (i = 0; i < info->num_queues; i++)
		xennet_rx_refill(&info->queues[i]);
	/* Pairs with the acquire in xennet_xdp_xmit(): queues are set up. */
	smp_store_release(&info->started, true);
	netif_carrier_on(dev);
	if (!netif_running(dev))
		return;
	xennet_napi_enable_all(info);
	netif_tx_wake_all_queues(dev);
}

static int xennet_write_one_queue(struct xennet_queue *queue,
				  struct xenbus_transaction xbt,
				  const char *dir)
{
	int err;

	err = xenbus_printf(xbt, dir, "tx-ring-ref", "%u", queue->tx_ring_ref);
	if (err)
		return err;
	err = xenbus_printf(xbt, dir, "rx-ring-ref", "%u", queue->rx_ring_ref);
	if (err)
		return err;
	if (queue->tx_evtchn == queue->rx_evtchn)
		return xenbus_printf(xbt, dir, "event-channel", "%u",
				     queue->tx_evtchn);
	err = xenbus_printf(xbt, dir, "event-channel-tx", "%u",
			    queue->tx_evtchn);
	if (err)
		return err;
	return xenbus_printf(xbt, dir, "event-channel-rx", "%u",
			     queue->rx_evtchn);
}

/**
 * xennet_write_queue_keys() - write the ring and event-channel keys.
 * @info: the device with its queues created
 * @xbt: the transaction to write in
 *
 * A single queue writes its keys in the frontend directory; several write
 * multi-queue-num-queues and one queue-N subdirectory each.
 *
 * Return: 0 or a negative errno.
 */
int xennet_write_queue_keys(struct xennet_info *info,
			    struct xenbus_transaction xbt)
{
	const char *node = info->xbdev->nodename;
	unsigned int i;
	int err;

	if (info->num_queues == 1)
		return xennet_write_one_queue(&info->queues[0], xbt, node);

	err = xenbus_printf(xbt, node, "multi-queue-num-queues", "%u",
			    info->num_queues);
	if (err)
		return err;
	for (i = 0; i < info->num_queues; i++) {
		char *dir = kasprintf(GFP_KERNEL, "%s/queue-%u", node, i);

		if (!dir)
			return -ENOMEM;
		err = xennet_write_one_queue(&info->queues[i], xbt, dir);
		kfree(dir);
		if (err)
			return err;
	}
	return 0;
}
