// SPDX-License-Identifier: GPL-2.0-only
/*
 * rx.c - guest RX: packets from the local stack into the frontend's pages.
 *
 * When nothing waits in the queue's rx_queue and the frontend has posted
 * the requests a packet needs, ndo_start_xmit copies it into the guest
 * itself (the direct path, module parameter rx_direct): the sender keeps
 * the CPU, and the skb is freed before it returns.  Otherwise the skb goes
 * on the bounded rx_queue and the queue's RX thread is woken.  The thread
 * waits until the frontend has posted enough requests for the head packet,
 * copies a batch of packets into the posted grants with one GNTTABOP_copy,
 * then writes the responses (with a GSO extra where needed).  Either way
 * the frontend is notified only if its rsp_event asks for it.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <uapi/linux/sched/types.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/page.h>

#include "common.h"
#include "pure/rx.h"

/*
 * Per-skb state while queued: when the packet is to be given up on, and
 * the hash extra it carries if the frontend enabled hashing (netif.h
 * XEN_NETIF_EXTRA_TYPE_HASH: "a frontend that enables hashing is assumed
 * to accept this type of extra info in receive packets").
 */
struct xenvif_rx_skb_cb {
	unsigned long expires;
	u32 hash;
	int hash_type;		/* XENVIF_HASH_TYPE_*, or -1: no hash extra */
};

#define XENVIF_RX_SKB_CB(skb)	((struct xenvif_rx_skb_cb *)(skb)->cb)
static_assert(sizeof(struct xenvif_rx_skb_cb) <= sizeof_field(struct sk_buff, cb));

static unsigned int xenvif_rx_gso_type(const struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return XEN_NETIF_GSO_TYPE_NONE;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4)
		return XEN_NETIF_GSO_TYPE_TCPV4;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6)
		return XEN_NETIF_GSO_TYPE_TCPV6;
	return XEN_NETIF_GSO_TYPE_NONE;
}

/* Extra-info responses @skb carries: GSO, then the hash. */
static unsigned int xenvif_rx_nr_extras(const struct sk_buff *skb)
{
	return (xenvif_rx_gso_type(skb) != XEN_NETIF_GSO_TYPE_NONE ? 1 : 0) +
	       (XENVIF_RX_SKB_CB(skb)->hash_type >= 0 ? 1 : 0);
}

/* Ring slots @skb needs, or a negative errno if it cannot be delivered. */
static int xenvif_rx_slots(const struct xenvif_queue *queue,
			   const struct sk_buff *skb, unsigned int *extras)
{
	*extras = xenvif_rx_nr_extras(skb);
	return xenvif_rx_slots_needed(skb->len, queue->rx_headroom,
				      queue->vif->can_sg, *extras);
}

/* With request-multicast-control, only subscribed groups reach the guest. */
static bool xenvif_rx_mcast_wanted(struct xenvif *vif, const struct sk_buff *skb)
{
	bool wanted;

	if (skb_headlen(skb) < ETH_HLEN)
		return true;
	spin_lock(&vif->mcast_lock);
	wanted = xenvif_mcast_wanted(&vif->mcast, skb->data);
	spin_unlock(&vif->mcast_lock);
	return wanted;
}

static struct sk_buff *xenvif_rx_dequeue(struct xenvif_queue *queue)
{
	struct net_device *dev = queue->vif->dev;
	struct sk_buff *skb;

	spin_lock_irq(&queue->rx_queue.lock);
	skb = __skb_dequeue(&queue->rx_queue);
	if (skb) {
		queue->rx_queue_bytes -= skb->len;
		if (queue->rx_queue_bytes <= XENVIF_RX_QUEUE_BYTES / 2 &&
		    netif_tx_queue_stopped(netdev_get_tx_queue(dev, queue->id)))
			netif_tx_wake_queue(netdev_get_tx_queue(dev, queue->id));
	}
	spin_unlock_irq(&queue->rx_queue.lock);
	return skb;
}

/**
 * xenvif_rx_purge() - drop every queued packet.
 * @queue: the queue
 *
 * The packets are freed after the lock is released, with interrupts on
 * (XSA-424: skb destructors must not run with interrupts off).
 */
void xenvif_rx_purge(struct xenvif_queue *queue)
{
	struct sk_buff_head list;
	struct sk_buff *skb;

	__skb_queue_head_init(&list);
	spin_lock_irq(&queue->rx_queue.lock);
	skb_queue_splice_init(&queue->rx_queue, &list);
	queue->rx_queue_bytes = 0;
	spin_unlock_irq(&queue->rx_queue.lock);

	while ((skb = __skb_dequeue(&list))) {
		queue->stats.rx_dropped++;
		kfree_skb(skb);
	}
	if (queue->vif->dev)
		netif_tx_wake_queue(netdev_get_tx_queue(queue->vif->dev,
							queue->id));
}

/* Drop queued packets whose drain timeout has passed. */
static void xenvif_rx_drain_expired(struct xenvif_queue *queue)
{
	struct sk_buff *skb;

	for (;;) {
		spin_lock_irq(&queue->rx_queue.lock);
		skb = skb_peek(&queue->rx_queue);
		if (!skb || time_before(jiffies, XENVIF_RX_SKB_CB(skb)->expires)) {
			spin_unlock_irq(&queue->rx_queue.lock);
			return;
		}
		spin_unlock_irq(&queue->rx_queue.lock);
		skb = xenvif_rx_dequeue(queue);
		if (!skb)
			return;
		queue->stats.rx_dropped++;
		kfree_skb(skb);
	}
}

/* Requests posted but not consumed; -EINVAL for a runaway producer. */
static int xenvif_rx_avail(struct xenvif_queue *queue)
{
	u32 prod = READ_ONCE(queue->rx.sring->req_prod);

	/* Pairs with the wmb() in the frontend's RING_PUSH_REQUESTS. */
	rmb();
	return xenvif_ring_unconsumed(prod, queue->rx.req_cons,
				      XENVIF_RX_RING_SIZE);
}

/*
 * True if @needed requests are posted.  Otherwise ask the frontend for an
 * event once they are, and look again in case they arrived meanwhile.
 */
static bool xenvif_rx_ring_has(struct xenvif_queue *queue, unsigned int needed)
{
	int avail = xenvif_rx_avail(queue);

	if (avail < 0) {
		xenvif_fatal(queue, "RX request producer more than a ring ahead");
		return false;
	}
	if (avail >= needed)
		return true;
	queue->rx.sring->req_event = queue->rx.req_cons + needed;
	/* req_event before re-reading req_prod; pairs with the frontend's mb(). */
	mb();
	avail = xenvif_rx_avail(queue);
	return avail >= (int)needed;
}

/*
 * Append copies of @len bytes at @src to the packet's destination slots:
 * a memcpy where the slot's grant is statically mapped (@dst[slot] set),
 * a grant copy otherwise.
 */
static void xenvif_rx_copy_chunk(struct xenvif_queue *queue, void *src,
				 unsigned int len, unsigned int *slot,
				 unsigned int *dst_off, unsigned int *nr_ops,
				 const grant_ref_t *grefs, void *const *dst)
{
	while (len) {
		struct gnttab_copy *op;
		unsigned int chunk;

		if (*dst_off == XEN_PAGE_SIZE) {
			(*slot)++;
			*dst_off = 0;
		}
		chunk = min3(len, (unsigned int)(XEN_PAGE_SIZE - *dst_off),
			     (unsigned int)(XEN_PAGE_SIZE - xen_offset_in_page(src)));
		if (dst[*slot]) {
			struct xenvif_rx_local *l = &queue->rx_local[queue->rx_nr_local++];

			l->dst = dst[*slot] + *dst_off;
			l->src = src;
			l->len = chunk;
		} else {
			op = &queue->rx_ops[(*nr_ops)++];
			op->source.u.gmfn = virt_to_gfn(src);
			op->source.domid = DOMID_SELF;
			op->source.offset = xen_offset_in_page(src);
			op->dest.u.ref = grefs[*slot];
			op->dest.domid = queue->vif->domid;
			op->dest.offset = *dst_off;
			op->len = chunk;
			op->flags = GNTCOPY_dest_gref;
		}
		src += chunk;
		*dst_off += chunk;
		len -= chunk;
	}
}

/*
 * Take @skb's requests from the ring and queue its copies.  Each data
 * slot's grant is looked up in the static grants once (rx_lock held).
 */
static void xenvif_rx_build(struct xenvif_queue *queue, struct xenvif_rx_cb *cb,
			    unsigned int *nr_ids, unsigned int *nr_ops)
{
	grant_ref_t grefs[XEN_NETIF_NR_SLOTS_MIN + 1];
	void *dst[XEN_NETIF_NR_SLOTS_MIN + 1];
	struct sk_buff *skb = cb->skb;
	unsigned int i, slot = 0, dst_off, d = 0;

	/*
	 * Copy each request once.  The responses to requests 1..nr_extras
	 * are the extras, so their grants carry no data.
	 */
	for (i = 0; i < cb->nr_slots + cb->nr_extras; i++) {
		struct xen_netif_rx_request req;

		RING_COPY_REQUEST(&queue->rx, queue->rx.req_cons + i, &req);
		queue->rx_ids[*nr_ids + i] = req.id;
		if (i >= 1 && i <= cb->nr_extras)
			continue;
		grefs[d] = req.gref;
		dst[d] = xenvif_sgrant_rx_dest(queue, req.gref);
		if (dst[d])
			queue->stats.rx_static_slots++;
		d++;
	}
	queue->rx.req_cons += cb->nr_slots + cb->nr_extras;
	cb->slot = *nr_ids;
	*nr_ids += cb->nr_slots + cb->nr_extras;

	cb->first_op = *nr_ops;
	dst_off = queue->rx_headroom;
	xenvif_rx_copy_chunk(queue, skb->data, skb_headlen(skb), &slot, &dst_off,
			     nr_ops, grefs, dst);
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		xenvif_rx_copy_chunk(queue, skb_frag_address(frag),
				     skb_frag_size(frag), &slot, &dst_off,
				     nr_ops, grefs, dst);
	}
	cb->nr_ops = *nr_ops - cb->first_op;
}

/* Append one extra-info response; @more: another extra follows. */
static struct xen_netif_extra_info *
xenvif_rx_extra(struct xenvif_queue *queue, u8 type, bool more)
{
	struct xen_netif_extra_info *extra;

	extra = (void *)RING_GET_RESPONSE(&queue->rx, queue->rx.rsp_prod_pvt);
	memset(extra, 0, sizeof(*extra));
	extra->type = type;
	extra->flags = more ? XEN_NETIF_EXTRA_FLAG_MORE : 0;
	queue->rx.rsp_prod_pvt++;
	return extra;
}

/* The extras after a packet's first response: GSO, then the hash. */
static void xenvif_rx_extras(struct xenvif_queue *queue, struct sk_buff *skb)
{
	const struct xenvif_rx_skb_cb *scb = XENVIF_RX_SKB_CB(skb);
	unsigned int gso = xenvif_rx_gso_type(skb);
	struct xen_netif_extra_info *extra;

	if (gso != XEN_NETIF_GSO_TYPE_NONE) {
		extra = xenvif_rx_extra(queue, XEN_NETIF_EXTRA_TYPE_GSO,
					scb->hash_type >= 0);
		extra->u.gso.size = skb_shinfo(skb)->gso_size;
		extra->u.gso.type = gso;
	}
	if (scb->hash_type >= 0) {
		extra = xenvif_rx_extra(queue, XEN_NETIF_EXTRA_TYPE_HASH, false);
		extra->u.hash.type = scb->hash_type;
		extra->u.hash.algorithm = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
		/* value[] is little-endian, least significant octet first. */
		extra->u.hash.value[0] = scb->hash;
		extra->u.hash.value[1] = scb->hash >> 8;
		extra->u.hash.value[2] = scb->hash >> 16;
		extra->u.hash.value[3] = scb->hash >> 24;
	}
}

/* Write the responses of one packet, in request order. */
static void xenvif_rx_respond(struct xenvif_queue *queue,
			      const struct xenvif_rx_cb *cb, bool ok)
{
	struct sk_buff *skb = cb->skb;
	unsigned int headroom = queue->rx_headroom;
	unsigned int left = skb->len, i, pos = cb->slot;

	for (i = 0; i < cb->nr_slots; i++) {
		struct xen_netif_rx_response *rsp;
		unsigned int off = i == 0 ? headroom : 0;
		unsigned int len = min(left, (unsigned int)XEN_PAGE_SIZE - off);
		u16 flags = 0;

		rsp = RING_GET_RESPONSE(&queue->rx, queue->rx.rsp_prod_pvt);
		if (i + 1 < cb->nr_slots)
			flags |= XEN_NETRXF_more_data;
		if (i == 0) {
			if (skb->ip_summed == CHECKSUM_PARTIAL)
				flags |= XEN_NETRXF_csum_blank |
					 XEN_NETRXF_data_validated;
			else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
				flags |= XEN_NETRXF_data_validated;
			if (cb->nr_extras)
				flags |= XEN_NETRXF_extra_info;
		}
		rsp->id = queue->rx_ids[pos++];
		rsp->offset = off;
		rsp->flags = flags;
		rsp->status = ok ? (s16)len : XEN_NETIF_RSP_ERROR;
		queue->rx.rsp_prod_pvt++;
		left -= len;

		if (i == 0 && cb->nr_extras) {
			xenvif_rx_extras(queue, skb);
			pos += cb->nr_extras;
		}
	}
}

/*
 * Run the batch's copies: the memcpy's into static grants, then the grant
 * copies, if any.  Under rx_lock nothing may sleep, so unlike
 * gnttab_batch_copy() this does not wait and retry an operation Xen
 * answers GNTST_eagain (a frame of the frontend's that is paged out): that
 * packet fails like one with a bad grant.  rx_copy_ns covers both.
 */
static void xenvif_rx_copy(struct xenvif_queue *queue, unsigned int nr_ops)
{
	u64 t0 = xendd_time_start(&queue->rx_copy_calls, local_clock);
	unsigned int i;

	for (i = 0; i < queue->rx_nr_local; i++)
		memcpy(queue->rx_local[i].dst, queue->rx_local[i].src,
		       queue->rx_local[i].len);
	queue->rx_nr_local = 0;
	if (nr_ops) {
		if (HYPERVISOR_grant_table_op(GNTTABOP_copy, queue->rx_ops, nr_ops))
			for (i = 0; i < nr_ops; i++)
				queue->rx_ops[i].status = GNTST_general_error;
		queue->stats.rx_hypercalls++;
	}
	queue->stats.rx_copy_ns += xendd_time_since(t0, local_clock);
}

/*
 * Copy the @nr_cb packets built in rx_cb (@nr_ops grant copies), answer
 * them, free them and push the responses.  rx_lock held.
 */
static void xenvif_rx_complete(struct xenvif_queue *queue, unsigned int nr_cb,
			       unsigned int nr_ops)
{
	unsigned int i, j;
	int notify;

	xenvif_rx_copy(queue, nr_ops);
	for (i = 0; i < nr_cb; i++) {
		struct xenvif_rx_cb *cb = &queue->rx_cb[i];
		bool ok = true;

		/* Per-operation status (XSA-362/367): a bad grant fails one packet. */
		for (j = 0; j < cb->nr_ops; j++)
			if (queue->rx_ops[cb->first_op + j].status != GNTST_okay)
				ok = false;
		xenvif_rx_respond(queue, cb, ok);
		if (ok) {
			queue->stats.rx_packets++;
			queue->stats.rx_bytes += cb->skb->len;
			dev_consume_skb_any(cb->skb);
		} else {
			queue->stats.rx_copy_errors++;
			queue->stats.rx_dropped++;
			dev_kfree_skb_any(cb->skb);
		}
	}

	/*
	 * Bodies before rsp_prod (wmb), rsp_prod before rsp_event (mb): pairs
	 * with the frontend's RING_FINAL_CHECK_FOR_RESPONSES.
	 */
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&queue->rx, notify);
	if (notify)
		notify_remote_via_irq(queue->rx_irq);
}

/*
 * Whether @skb (@slots ring slots, @extras of them extra-info) fits the
 * batch built so far (@nr_ids requests, @nr_ops grant copies and
 * rx_nr_local memcpy's) and the
 * frontend has posted its requests; if not, req_event asks for the event
 * that brings them.  rx_lock held.
 */
static bool xenvif_rx_fits(struct xenvif_queue *queue, const struct sk_buff *skb,
			   int slots, unsigned int extras, unsigned int nr_ids,
			   unsigned int nr_ops)
{
	unsigned int bound = xenvif_rx_copy_ops_bound(skb->len,
						      skb_shinfo(skb)->nr_frags + 1,
						      slots - extras);

	/* A chunk is either a grant copy or a memcpy: one bound covers both. */
	return nr_ops + queue->rx_nr_local + bound <= XENVIF_RX_COPY_OPS &&
	       nr_ids + slots <= XENVIF_RX_RING_SIZE &&
	       xenvif_rx_ring_has(queue, slots);
}

/* Add @skb to the batch in @cb, taking its requests off the ring. */
static void xenvif_rx_add(struct xenvif_queue *queue, struct xenvif_rx_cb *cb,
			  struct sk_buff *skb, int slots, unsigned int extras,
			  unsigned int *nr_ids, unsigned int *nr_ops)
{
	cb->skb = skb;
	cb->nr_slots = slots - extras;
	cb->nr_extras = extras;
	xenvif_rx_build(queue, cb, nr_ids, nr_ops);
	queue->rx_last_progress = jiffies;
}

/* Move up to one batch of packets to the frontend (rx_lock held); returns how many. */
static unsigned int xenvif_rx_action(struct xenvif_queue *queue)
{
	unsigned int nr_cb = 0, nr_ops = 0, nr_ids = 0;

	queue->rx_headroom = READ_ONCE(queue->vif->xdp_headroom);

	while (nr_cb < XENVIF_RX_BATCH) {
		unsigned int extras;
		struct sk_buff *skb;
		int slots;

		spin_lock_irq(&queue->rx_queue.lock);
		skb = skb_peek(&queue->rx_queue);
		spin_unlock_irq(&queue->rx_queue.lock);
		if (!skb)
			break;
		/* Only this thread dequeues, so the head stays @skb. */
		slots = xenvif_rx_slots(queue, skb, &extras);
		if (slots < 0) {
			skb = xenvif_rx_dequeue(queue);
			queue->stats.rx_dropped++;
			kfree_skb(skb);
			continue;
		}
		if (!xenvif_rx_fits(queue, skb, slots, extras, nr_ids, nr_ops))
			break;
		xenvif_rx_add(queue, &queue->rx_cb[nr_cb++], xenvif_rx_dequeue(queue),
			      slots, extras, &nr_ids, &nr_ops);
	}

	if (!nr_cb)
		return 0;
	xenvif_rx_complete(queue, nr_cb, nr_ops);
	return nr_cb;
}

/**
 * xenvif_rx_direct_one() - copy one packet into the guest from start_xmit.
 * @queue: the packet's queue
 * @skb: the packet, ready to queue
 * @slots: ring slots it needs, extras included
 * @extras: of which extra-info slots
 *
 * Only when no packet waits ahead of @skb (order is kept), the RX thread
 * is not in the ring (rx_lock is only tried: the sender never waits for
 * it), the queue is not stalled and the frontend has posted @slots
 * requests.  Otherwise the caller queues @skb for the RX thread; when the
 * ring is short, req_event is already set for the event that wakes it.
 *
 * Return: true if @skb was delivered or failed and is freed.
 */
static bool xenvif_rx_direct_one(struct xenvif_queue *queue, struct sk_buff *skb,
				 int slots, unsigned int extras)
{
	unsigned int nr_ids = 0, nr_ops = 0;
	u64 t0;

	if (!skb_queue_empty_lockless(&queue->rx_queue) ||
	    READ_ONCE(queue->rx_stalled) || !spin_trylock(&queue->rx_lock))
		return false;
	/* Only this queue's sender adds to rx_queue, and it is here. */
	queue->rx_headroom = READ_ONCE(queue->vif->xdp_headroom);
	if (!skb_queue_empty_lockless(&queue->rx_queue) ||
	    !xenvif_rx_fits(queue, skb, slots, extras, 0, 0)) {
		spin_unlock(&queue->rx_lock);
		return false;
	}
	/* Counted from here, so that a call that bails out loses no sample. */
	t0 = xendd_time_start(&queue->rx_calls, local_clock);
	xenvif_rx_add(queue, &queue->rx_cb[0], skb, slots, extras, &nr_ids, &nr_ops);
	xenvif_rx_complete(queue, 1, nr_ops);
	queue->stats.rx_direct++;
	queue->stats.rx_ns += xendd_time_since(t0, local_clock);
	spin_unlock(&queue->rx_lock);
	return true;
}

/**
 * xenvif_start_xmit() - queue a packet for the frontend.
 * @skb: the packet
 * @dev: the vif
 *
 * Return: NETDEV_TX_OK; undeliverable packets are dropped and counted.
 */
netdev_tx_t xenvif_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xenvif *vif = netdev_priv(dev);
	unsigned int index = skb_get_queue_mapping(skb);
	struct xenvif_queue *queue, *queues;
	unsigned int num, extras;
	unsigned long flags;
	int slots;

	/* Published by xenvif_connect(); teardown waits with synchronize_net(). */
	num = READ_ONCE(vif->num_queues);
	queues = READ_ONCE(vif->queues);
	if (!num || !queues || READ_ONCE(vif->disabled))
		goto drop;
	queue = &queues[index < num ? index : index % num];
	queue->rx_xmits++;
	if (READ_ONCE(vif->multicast_control) && !xenvif_rx_mcast_wanted(vif, skb))
		goto drop;
	if (!xenvif_hash_skb(vif, skb, &XENVIF_RX_SKB_CB(skb)->hash,
			     &XENVIF_RX_SKB_CB(skb)->hash_type))
		XENVIF_RX_SKB_CB(skb)->hash_type = -1;
	slots = xenvif_rx_slots(queue, skb, &extras);
	if (slots < 0)
		goto drop_counted;
	if (skb_has_frag_list(skb) && __skb_linearize(skb))
		goto drop_counted;
	if (READ_ONCE(xenvif_rx_direct) && xenvif_rx_direct_one(queue, skb, slots, extras))
		return NETDEV_TX_OK;

	XENVIF_RX_SKB_CB(skb)->expires = jiffies +
		msecs_to_jiffies(xenvif_rx_drain_timeout_msecs);

	spin_lock_irqsave(&queue->rx_queue.lock, flags);
	__skb_queue_tail(&queue->rx_queue, skb);
	queue->rx_queue_bytes += skb->len;
	if (queue->rx_queue_bytes > XENVIF_RX_QUEUE_BYTES)
		netif_tx_stop_queue(netdev_get_tx_queue(dev, queue->id));
	spin_unlock_irqrestore(&queue->rx_queue.lock, flags);

	wake_up(&queue->wq);
	return NETDEV_TX_OK;

drop_counted:
	queue->stats.rx_dropped++;
drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/**
 * xenvif_rx_event() - did the frontend post RX requests since its last event?
 * @queue: the queue; called from the queue's IRQ handler only
 *
 * The index compared is the one the previous event saw, not the RX
 * thread's: the thread reads req_prod all the time, and would often see
 * new requests before their event arrives, which then looked spurious.
 * Consecutive spurious events make Linux delay the EOI, by up to a second,
 * and a delayed RX event leaves the thread waiting for buffers.
 *
 * Return: true if req_prod moved; an event that moves nothing is spurious.
 */
bool xenvif_rx_event(struct xenvif_queue *queue)
{
	return xendd_event_moved(READ_ONCE(queue->rx.sring->req_prod),
				 &queue->rx_prod_seen);
}

/**
 * xenvif_rx_interrupt() - the RX event channel fired (split channels).
 * @irq: the RX irq
 * @dev_id: the queue
 *
 * Return: IRQ_HANDLED.
 */
irqreturn_t xenvif_rx_interrupt(int irq, void *dev_id)
{
	struct xenvif_queue *queue = dev_id;

	if (!xenvif_rx_event(queue)) {
		queue->stats.spurious_events++;
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
		return IRQ_HANDLED;
	}
	atomic_or(XENVIF_EOI_RX, &queue->eoi_pending);
	wake_up(&queue->wq);
	return IRQ_HANDLED;
}

static bool xenvif_rx_work(struct xenvif_queue *queue)
{
	int slots;
	unsigned int extras;
	struct sk_buff *skb;
	bool ready;

	if (kthread_should_stop() ||
	    (atomic_read(&queue->eoi_pending) & XENVIF_EOI_RX))
		return true;
	spin_lock_irq(&queue->rx_queue.lock);
	skb = skb_peek(&queue->rx_queue);
	slots = skb ? xenvif_rx_slots(queue, skb, &extras) : 0;
	spin_unlock_irq(&queue->rx_queue.lock);
	if (!skb)
		return false;
	ready = slots < 0 || xenvif_rx_avail(queue) >= slots;
	return ready;
}

/*
 * A frontend that posts no RX request at all for rx_stall_timeout_msecs
 * while it has not been given anything is stalled: carrier off and
 * queue purged, so its traffic cannot pile up here (XSA-392).  The
 * carrier comes back with the first request posted.
 */
static void xenvif_rx_check_stall(struct xenvif_queue *queue)
{
	struct xenvif *vif = queue->vif;
	int avail = xenvif_rx_avail(queue);

	if (avail < 0)
		return;
	if (!queue->rx_stalled) {
		if (avail > 0 || skb_queue_empty_lockless(&queue->rx_queue)) {
			if (avail > 0)
				queue->rx_last_progress = jiffies;
			return;
		}
		if (time_before(jiffies, queue->rx_last_progress +
				msecs_to_jiffies(xenvif_rx_stall_timeout_msecs)))
			return;
		queue->rx_stalled = true;
		queue->stats.rx_stalls++;
		netdev_warn(vif->dev, "queue %u: frontend posts no RX buffers, carrier off\n",
			    queue->id);
		atomic_inc(&vif->stalled_queues);
		xenvif_update_carrier(vif);
		xenvif_rx_purge(queue);
		/* Ask for an event as soon as anything is posted again. */
		xenvif_rx_ring_has(queue, 1);
		return;
	}
	if (!avail) {
		xenvif_rx_ring_has(queue, 1);
		return;
	}
	queue->rx_stalled = false;
	queue->rx_last_progress = jiffies;
	netdev_info(vif->dev, "queue %u: frontend posts RX buffers again\n",
		    queue->id);
	atomic_dec(&vif->stalled_queues);
	xenvif_update_carrier(vif);
}

/**
 * xenvif_rx_thread_policy() - set a new RX thread's scheduling policy.
 * @queue: the queue the thread serves
 * @task: the thread, created and not yet woken
 *
 * With rx_sched_batch the thread runs as SCHED_BATCH: it keeps the CPU
 * share of a normal thread, but a wake-up from xenvif_start_xmit() does
 * not preempt the sender.  The packets a sender queues while it runs on
 * then go to the frontend together, in one grant copy and one
 * notification, instead of one at a time; a sender that waits (a ping,
 * an idle link) still lets the thread run at once.  Off by default: a
 * local TCP endpoint's ACKs and small-queue packets then wait for the
 * sender's time slice too (Documentation/bench-results.rst).
 */
void xenvif_rx_thread_policy(struct xenvif_queue *queue, struct task_struct *task)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_BATCH,
	};
	int err;

	if (!READ_ONCE(xenvif_rx_sched_batch))
		return;
	err = sched_setattr_nocheck(task, &attr);
	if (err)
		netdev_warn(queue->vif->dev, "queue %u: RX thread stays SCHED_NORMAL (%d)\n",
			    queue->id, err);
}

/**
 * xenvif_rx_thread() - per-queue kthread serving the guest-RX ring.
 * @data: the queue
 *
 * Return: 0 when stopped.
 */
int xenvif_rx_thread(void *data)
{
	struct xenvif_queue *queue = data;
	unsigned long tick = msecs_to_jiffies(min(xenvif_rx_stall_timeout_msecs,
						  xenvif_rx_drain_timeout_msecs) / 4 + 1);

	queue->rx_last_progress = jiffies;
	while (!kthread_should_stop()) {
		wait_event_interruptible_timeout(queue->wq, xenvif_rx_work(queue),
						 tick);
		if (kthread_should_stop())
			break;
		if (!READ_ONCE(queue->vif->disabled)) {
			for (;;) {
				unsigned int moved;
				u64 t0;

				spin_lock_bh(&queue->rx_lock);
				t0 = xendd_time_start(&queue->rx_calls, local_clock);
				moved = xenvif_rx_action(queue);
				queue->stats.rx_ns += xendd_time_since(t0, local_clock);
				spin_unlock_bh(&queue->rx_lock);
				if (!moved || kthread_should_stop())
					break;
				cond_resched();
			}
			xenvif_rx_drain_expired(queue);
			spin_lock_bh(&queue->rx_lock);
			xenvif_rx_check_stall(queue);
			spin_unlock_bh(&queue->rx_lock);
		}
		/* Look at the ring once more before letting events in. */
		if (!READ_ONCE(queue->vif->disabled))
			xenvif_eoi(queue, XENVIF_EOI_RX, 0);
		cond_resched();
	}
	return 0;
}
